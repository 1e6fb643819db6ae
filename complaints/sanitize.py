"""Strip identifying metadata from evidence files before they are stored.

Workers send photos and documents as evidence for a complaint. Such files carry more than the
visible content: GPS coordinates and the phone model in a photo's EXIF, the author and company
in a PDF's document info or an Office file's properties. :func:`sanitize` returns a copy
without that, or refuses the file with a :class:`~complaints.validators.ComplaintValidationError`
(field ``"attachment"``) whose message is already in the current language.

Per type (the type is the one returned by :func:`~complaints.validators.check_attachment`):

* JPEG, WebP, HEIC: decoded with Pillow, turned upright by the EXIF orientation, re-encoded as
  JPEG from the pixels alone (no EXIF, XMP, ICC profile or comment).
* PNG: re-encoded as PNG from the pixels alone (no text chunks, no eXIf, no ICC profile).
* PDF: rewritten by pikepdf (qpdf) without the document info, XMP (anywhere), JavaScript,
  automatic actions, external actions, attachments, thumbnails and private application data,
  with a new file /ID; EXIF and similar segments are cut out of embedded JPEG images.
* DOCX, XLSX: refused with macros or ActiveX; otherwise every part is copied unchanged except
  the core properties (emptied), custom properties (emptied) and the extended properties
  (company, manager and hyperlink base removed). Zip timestamps, comments and extra fields go.
* Plain text: must be UTF-8; returned unchanged.

Messages and logs never contain the file's content or name. The work is CPU-bound: call it in
a worker thread (``asyncio.to_thread``) from async code.
"""

from __future__ import annotations

import logging
import posixpath
import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import Final

import pikepdf
from lxml import etree
from pikepdf import Array, Dictionary, Name, Stream
from pikepdf.sanitize import Sanitizer
from PIL import Image, ImageOps, UnidentifiedImageError

from complaints.validators import (
    ALLOWED_ATTACHMENT_TYPES,
    MACRO_CAPABLE_TYPES,
    ComplaintValidationError,
    macro_refusal,
)
from i18n import _

try:  # HEIC support is optional: without it, HEIC photos are refused, not crashed on.
    import pillow_heif
except ImportError:  # pragma: no cover - pillow-heif is a pinned dependency
    HEIC_SUPPORTED = False
else:
    # Only the primary image is needed: skip decoding thumbnails, depth and auxiliary images.
    pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)
    HEIC_SUPPORTED = True

__all__ = [
    "HEIC_SUPPORTED",
    "MAX_IMAGE_PIXELS",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_UNCOMPRESSED_BYTES",
    "CleanFile",
    "sanitize",
]

log = logging.getLogger(__name__)

FIELD: Final = "attachment"
MAX_IMAGE_PIXELS: Final = 50_000_000  # a 200 MP phone sensor saves 12-50 MP photos by default
MAX_ZIP_MEMBERS: Final = 2000
MAX_ZIP_UNCOMPRESSED_BYTES: Final = 100 * 1024 * 1024
JPEG_QUALITY: Final = 90

JPEG: Final = "image/jpeg"
PNG: Final = "image/png"
WEBP: Final = "image/webp"
HEIC: Final = "image/heic"
PDF: Final = "application/pdf"
DOCX: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT: Final = "text/plain"

#: The Pillow format each image type must decode as (a PNG sent as "image/jpeg" is refused).
_PILLOW_FORMATS: Final[dict[str, str]] = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP", HEIC: "HEIF"}
_SUPPORTED: Final = frozenset({*_PILLOW_FORMATS, PDF, DOCX, XLSX, TEXT})
@dataclass(frozen=True, slots=True)
class CleanFile:
    """A file ready to be stored: ``mime_type`` may differ from the input (HEIC → JPEG)."""

    data: bytes
    mime_type: str


def sanitize(data: bytes, mime_type: str) -> CleanFile:
    """Return a copy of the file without metadata; raise ComplaintValidationError if it cannot
    be made safe.

    ``mime_type`` is the normalised type from :func:`~complaints.validators.check_attachment`.
    """
    mime = (mime_type or "").split(";")[0].strip().lower()
    if mime == "image/jpg":
        mime = JPEG
    if mime in MACRO_CAPABLE_TYPES:
        log.info("attachment refused: %s", mime)
        raise macro_refusal() from None
    if mime not in _SUPPORTED or (mime == HEIC and not HEIC_SUPPORTED):
        raise _not_accepted()
    if mime in _PILLOW_FORMATS:
        return _sanitize_image(data, mime)
    if mime == PDF:
        return CleanFile(_sanitize_pdf(data), PDF)
    if mime in (DOCX, XLSX):
        return CleanFile(_sanitize_ooxml(data), mime)
    return CleanFile(_check_text(data), TEXT)


def _refuse(reason: str, message: str) -> ComplaintValidationError:
    # Only a fixed reason (and at most an exception's class name) goes to the log: never the
    # content, the file name or a library's message (an XML parser error quotes the document).
    log.info("attachment refused by sanitizer: %s", reason)
    return ComplaintValidationError(FIELD, message)


def _failed(step: str, error: BaseException) -> str:
    return f"{step}:{type(error).__name__}"


def _not_accepted() -> ComplaintValidationError:
    types = ", ".join(sorted({ALLOWED_ATTACHMENT_TYPES.get(m, m) for m in _SUPPORTED}))
    return _refuse(
        "type",
        _("This type of file is not accepted. Please send a photo or a document: "
          "{types}.").format(types=types),
    )


# --- images ------------------------------------------------------------------------------------


def _unreadable_image(reason: str) -> ComplaintValidationError:
    return _refuse(
        reason, _("The file could not be read. Please send the original photo or a PDF.")
    )


def _too_many_pixels() -> ComplaintValidationError:
    return _refuse(
        "image-pixels",
        _("The image is too large to process. Please send a smaller photo or a screenshot."),
    )


def _sanitize_image(data: bytes, mime: str) -> CleanFile:
    # Image.MAX_IMAGE_PIXELS is left alone (it is global): Pillow's own check still applies
    # above it (a warning, an error from twice as much), ours applies to every image first.
    target = "PNG" if mime == PNG else "JPEG"
    out = BytesIO()
    try:
        with Image.open(BytesIO(data), formats=[_PILLOW_FORMATS[mime]]) as opened:
            width, height = opened.size
            if width <= 0 or height <= 0:
                raise _unreadable_image("image-size")
            if width * height > MAX_IMAGE_PIXELS:
                raise _too_many_pixels()
            opened.load()  # only the first frame of an animation
            ImageOps.exif_transpose(opened, in_place=True)  # in place: no extra copy if upright
            clean = _pixels_only(opened, target)
        if target == "PNG":
            clean.save(out, format="PNG")
        else:
            clean.save(out, format="JPEG", quality=JPEG_QUALITY)
    except ComplaintValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except UnidentifiedImageError:
        # Not decodable as the declared type: a renamed file, or a header broken beyond reading.
        raise _refuse(
            "image-format",
            _("The file content does not match its type. Please send the original file."),
        ) from None
    except Exception as error:  # untrusted input: any failure to decode is a refusal
        # Truncated or corrupt data ("image file is truncated", broken chunks, bad EXIF...).
        raise _unreadable_image(_failed("image-decode", error)) from None
    return CleanFile(out.getvalue(), mime_type=PNG if target == "PNG" else JPEG)


_PNG_MODES: Final = frozenset({"1", "L", "LA", "I", "I;16", "RGB", "RGBA"})


def _pixels_only(image: Image.Image, target: str) -> Image.Image:
    """A new image holding only ``image``'s pixels, in a mode ``target`` can store.

    Pillow writes some ``info`` entries by default (JPEG: the comment; PNG: the ICC profile and
    transparency), so the result is a fresh image with an empty ``info``, not a copy.
    """
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    if target == "JPEG":
        if has_alpha:
            rgba = image.convert("RGBA")
            clean = Image.new("RGB", rgba.size, "white")
            clean.paste(rgba, mask=rgba.getchannel("A"))  # transparent areas become white
            return clean
        mode = "L" if image.mode in ("1", "L") else "RGB"  # CMYK, YCbCr, P, LAB... -> RGB
    elif image.mode == "P" or (has_alpha and image.mode not in ("LA", "RGBA")):
        mode = "RGBA" if has_alpha else "RGB"
    else:
        mode = image.mode if image.mode in _PNG_MODES else ("RGBA" if has_alpha else "RGB")
    source = image if image.mode == mode else image.convert(mode)
    clean = Image.new(mode, source.size)
    clean.paste(source, (0, 0))
    return clean


# --- PDF ---------------------------------------------------------------------------------------

_ACTIVE_CONTENT: Final = (
    Sanitizer()
    .remove_javascript()
    .remove_external_access()  # Launch, URI, SubmitForm, ImportData, GoToR, GoToE
    .remove_attachments()
    .remove_multimedia()
    .remove_thumbnails()
    .remove_search_index()
    .remove_web_capture()
    .remove_private_app_data()
    .remove_collection()
)
#: Keys removed from every dictionary: XMP packets and private application data.
_METADATA_KEYS: Final = (Name.Metadata, Name.PieceInfo)
#: Keys removed from the catalog (beyond what :data:`_ACTIVE_CONTENT` does).
_ROOT_KEYS: Final = (Name.OpenAction, Name.AA, Name.Metadata, Name.PieceInfo)


def _unreadable_pdf(reason: str) -> ComplaintValidationError:
    return _refuse(reason, _("The PDF could not be read. Please send the original file."))


def _sanitize_pdf(data: bytes) -> bytes:
    try:
        pdf = pikepdf.open(BytesIO(data))
    except pikepdf.PasswordError:
        raise _refuse(
            "pdf-password",
            _("This PDF is protected with a password. Please send it without a password."),
        ) from None
    except Exception as error:  # untrusted input: qpdf could not make sense of it
        raise _unreadable_pdf(_failed("pdf-open", error)) from None
    try:
        with pdf:
            if len(pdf.pages) == 0:
                raise _unreadable_pdf("pdf-no-pages")
            _strip_pdf(pdf)
            out = BytesIO()
            pdf.save(
                out,
                # Opened without a password but encrypted (owner restrictions only): the
                # content is readable anyway, store it decrypted. ``None`` would keep it.
                encryption=False,
                # Copy streams as they are: decoding them could unpack a compression bomb.
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                # XMP is gone; with fix_metadata_version pikepdf would look for it.
                fix_metadata_version=False,
            )
    except ComplaintValidationError:
        raise
    except Exception as error:  # a malformed object tree (wrong types, broken references)
        raise _unreadable_pdf(_failed("pdf-rewrite", error)) from None
    return out.getvalue()


def _strip_pdf(pdf: pikepdf.Pdf) -> None:
    """Remove metadata and active content from ``pdf`` in place."""
    _ACTIVE_CONTENT.apply(pdf)
    # Not ``pdf.docinfo``: reading that property creates an empty /Info.
    for key in (Name.Info, Name.ID):  # without /ID qpdf writes a fresh random one
        if key in pdf.trailer:
            del pdf.trailer[key]
    root = pdf.Root
    for key in _ROOT_KEYS:
        if key in root:
            del root[key]
    names = root.get(Name.Names)
    if isinstance(names, Dictionary):
        for key in (Name.JavaScript, Name.EmbeddedFiles):
            if key in names:
                del names[key]
    acroform = root.get(Name.AcroForm)
    if isinstance(acroform, Dictionary) and Name.XFA in acroform:
        del acroform[Name.XFA]  # XFA forms carry their own scripts
    for page in pdf.pages:
        if Name.AA in page.obj:  # page open/close actions
            del page.obj[Name.AA]
    for obj in pdf.objects:
        if not isinstance(obj, (Dictionary, Stream)):
            continue
        for key in _METADATA_KEYS:
            if key in obj:
                del obj[key]
        if isinstance(obj, Stream) and obj.get(Name.Subtype) == Name.Image:
            _strip_embedded_jpeg(obj)


def _strip_embedded_jpeg(image: Stream) -> None:
    """Cut EXIF/XMP/IPTC/comments out of a JPEG stored as is (``/DCTDecode``) in a PDF.

    "Photo to PDF" apps often embed the camera's JPEG unchanged, GPS included.
    """
    filters = image.get(Name.Filter)
    only = filters[0] if isinstance(filters, Array) and len(filters) == 1 else filters
    if only != Name.DCTDecode or not isinstance(filters, (Name, Array)):
        return
    raw = image.read_raw_bytes()
    stripped = _strip_jpeg_segments(raw)
    if stripped != raw:
        parms = image.get(Name.DecodeParms)
        image.write(
            stripped,
            filter=filters,  # as it was, [/DCTDecode] or /DCTDecode, to match /DecodeParms
            decode_parms=parms if isinstance(parms, (Dictionary, Array)) else None,
        )


#: JPEG segments that decoders need or that describe colours: JFIF, ICC (APP2), Adobe (APP14).
_KEPT_APP_SEGMENTS: Final = frozenset({0xE0, 0xEE})
_ICC_SIGNATURE: Final = b"ICC_PROFILE\x00"


def _strip_jpeg_segments(data: bytes) -> bytes:
    """``data`` without APPn metadata segments and comments; unchanged if it cannot be parsed.

    Only the header (before the first scan) is rewritten; the compressed image is copied.
    """
    if not data.startswith(b"\xff\xd8"):
        return data
    kept = [b"\xff\xd8"]
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return data
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA:  # start of scan: the rest is image data
            kept.append(data[pos:])
            return b"".join(kept)
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # segments without a length
            kept.append(data[pos : pos + 2])
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        end = pos + 2 + length
        if length < 2 or end > len(data):
            return data
        segment = data[pos:end]
        is_app = 0xE0 <= marker <= 0xEF
        is_icc = marker == 0xE2 and segment[4:16] == _ICC_SIGNATURE
        if not ((is_app and marker not in _KEPT_APP_SEGMENTS and not is_icc) or marker == 0xFE):
            kept.append(segment)
        pos = end
    return data


# --- DOCX / XLSX -------------------------------------------------------------------------------

#: Relationship type endings of the property parts (transitional and strict OOXML).
_CORE_RELS: Final = ("/metadata/core-properties",)
_APP_RELS: Final = ("/relationships/extended-properties", "/relationships/extendedProperties")
_CUSTOM_RELS: Final = ("/relationships/custom-properties", "/relationships/customProperties")
_PACKAGE_RELS_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"

EMPTY_CORE_PROPERTIES: Final = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)
EMPTY_CUSTOM_PROPERTIES: Final = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>'
)
EMPTY_APP_PROPERTIES: Final = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>'
)
#: Extended properties that name a person or an organisation (or a path on their computer).
_APP_PERSONAL: Final = ("Company", "Manager", "HyperlinkBase")
_ZIP_EPOCH: Final = (1980, 1, 1, 0, 0, 0)


def _xml_parser() -> etree.XMLParser:
    # No DTDs, no entity expansion, no network: the XML is untrusted.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _unreadable_document(reason: str) -> ComplaintValidationError:
    return _refuse(
        reason,
        _("The document could not be read. Please save it again as PDF, DOCX or XLSX "
          "and send it."),
    )


def _sanitize_ooxml(data: bytes) -> bytes:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except Exception as error:  # not a zip archive, or a broken central directory
        raise _unreadable_document(_failed("zip-open", error)) from None
    with archive:
        members = archive.infolist()
        _check_members(members)
        _check_macros([info.filename for info in members], b"")
        try:
            parts = {info.filename: archive.read(info) for info in members}
        except Exception as error:  # bad CRC, broken deflate data, unsupported compression
            raise _unreadable_document(_failed("zip-read", error)) from None
    content_types = next(
        (content for name, content in parts.items() if name.lower() == "[content_types].xml"),
        b"",
    )
    _check_macros(list(parts), content_types)
    core, app, custom = _property_parts(parts)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as clean:
        for info in members:
            name = info.filename
            content = parts[name]
            if name in core:
                content = EMPTY_CORE_PROPERTIES
            elif name in custom:
                content = EMPTY_CUSTOM_PROPERTIES
            elif name in app:
                content = _strip_app_properties(content)
            # A fresh entry: no timestamps, extra fields or comments from the original.
            entry = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_STORED if name.endswith("/") else zipfile.ZIP_DEFLATED
            clean.writestr(entry, content)
    return out.getvalue()


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_ZIP_MEMBERS:
        raise _unreadable_document("zip-members")
    # file_size is what zipfile lets a member inflate to (more fails its CRC check), so the sum
    # bounds the memory used below.
    if sum(info.file_size for info in members) > MAX_ZIP_UNCOMPRESSED_BYTES:
        raise _unreadable_document("zip-size")
    seen: set[str] = set()
    for info in members:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        unsafe = (
            not name
            or name.startswith(("/", "\\"))
            or (len(name) > 1 and name[1] == ":")  # C:/...
            or ".." in parts
            or "\x00" in name
        )
        if unsafe:
            raise _unreadable_document("zip-path")
        if info.flag_bits & 0x1:  # an encrypted member
            raise _unreadable_document("zip-encrypted")
        if name.lower() in seen:  # OPC part names are case-insensitive and unique
            raise _unreadable_document("zip-duplicate")
        seen.add(name.lower())


def _check_macros(names: list[str], content_types: bytes) -> None:
    """Refuse VBA projects and ActiveX controls (by part name or declared content type)."""
    lowered = [name.lower() for name in names]
    declared = content_types.lower()
    if (
        any(name.endswith("vbaproject.bin") or "activex/" in name for name in lowered)
        or b"macroenabled" in declared
        or b"vbaproject" in declared
    ):
        raise _macros_refused("ooxml-macros")


def _macros_refused(reason: str) -> ComplaintValidationError:
    return _refuse(
        reason,
        _("Documents with macros or ActiveX controls are not accepted. Please save the "
          "document as PDF, or as DOCX/XLSX without macros, and send it again."),
    )


def _property_parts(parts: dict[str, bytes]) -> tuple[set[str], set[str], set[str]]:
    """Names of the core, extended (app) and custom property parts: the usual ones and the
    ones the package relationships point to."""
    core, app, custom = {"docProps/core.xml"}, {"docProps/app.xml"}, {"docProps/custom.xml"}
    rels = parts.get("_rels/.rels")
    if rels:
        try:
            tree = etree.fromstring(rels, parser=_xml_parser())
        except etree.XMLSyntaxError:
            tree = None
        relationships = [] if tree is None else tree.iter(f"{{{_PACKAGE_RELS_NS}}}Relationship")
        for rel in relationships:
            rel_type, target = rel.get("Type") or "", rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not target:
                continue
            name = posixpath.normpath(target.lstrip("/"))
            for suffixes, bucket in ((_CORE_RELS, core), (_APP_RELS, app), (_CUSTOM_RELS, custom)):
                if rel_type.endswith(suffixes):
                    bucket.add(name)
    return core, app, custom


def _strip_app_properties(content: bytes) -> bytes:
    """The extended properties without company, manager and hyperlink base."""
    try:
        tree = etree.fromstring(content, parser=_xml_parser())
    except etree.XMLSyntaxError:
        return EMPTY_APP_PROPERTIES
    personal = [
        element
        for element in tree.iter()
        if isinstance(element.tag, str) and etree.QName(element).localname in _APP_PERSONAL
    ]
    for element in personal:  # whatever the namespace (transitional or strict)
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True))


# --- text --------------------------------------------------------------------------------------


def _check_text(data: bytes) -> bytes:
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(
            "text-encoding",
            _("The text file is not in UTF-8. Please save it as UTF-8 or send it as a PDF."),
        ) from None
    return data
