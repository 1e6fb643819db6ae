"""Evidence files lose what could identify the sender (EXIF/GPS, PDF info/XMP, Office
properties); unsafe files (macros, bombs, passwords, corrupt data) are refused with a message in
the user's language. Every fixture is built in code."""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Callable
from io import BytesIO

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String
from PIL import ExifTags, Image, PngImagePlugin

from complaints.sanitize import (
    MAX_IMAGE_PIXELS,
    MAX_ZIP_MEMBERS,
    CleanFile,
    sanitize,
)
from complaints.validators import ComplaintValidationError
from i18n import use_language

SECRET = "secret name"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refusal(data: bytes, mime: str, lang: str = "en") -> str:
    with use_language(lang), pytest.raises(ComplaintValidationError) as info:
        sanitize(data, mime)
    assert info.value.field == "attachment"
    message = str(info.value)
    assert isinstance(message, str) and message
    return message


# --- image fixtures ----------------------------------------------------------------------------


def _identifying_exif(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretPhoneMaker"
    exif[ExifTags.Base.Model] = "SecretModel X"
    exif[ExifTags.Base.Artist] = SECRET
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (43.0, 15.0, 0.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (76.0, 57.0, 0.0)
    return exif


def _two_colour_image(mode: str = "RGB") -> Image.Image:
    """40x20: the left half red, the right half blue."""
    image = Image.new(mode, (40, 20), "red")
    image.paste(Image.new(mode, (20, 20), "blue"), (20, 0))
    return image


def _jpeg_with_exif() -> bytes:
    out = BytesIO()
    _two_colour_image().save(
        out,
        "JPEG",
        exif=_identifying_exif(),
        comment=b"secret comment",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">secret xmp</x:xmpmeta>',
    )
    return out.getvalue()


def _encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    out = BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def _assert_no_image_metadata(clean: CleanFile) -> None:
    for secret in (b"secret", b"Secret", b"Exif", b"GPS", b"xmpmeta", b"ICC_PROFILE"):
        assert secret not in clean.data
    with Image.open(BytesIO(clean.data)) as image:
        assert not image.getexif()
        assert "exif" not in image.info and "comment" not in image.info
        assert "icc_profile" not in image.info


def _is_red(pixel: tuple[int, ...]) -> bool:
    return pixel[0] > 200 and pixel[1] < 60 and pixel[2] < 60


# --- images ------------------------------------------------------------------------------------


def test_jpeg_loses_exif_gps_comment_and_xmp_but_keeps_orientation() -> None:
    original = _jpeg_with_exif()
    assert SECRET.encode() in original and b"SecretPhoneMaker" in original  # the fixture leaks

    clean = sanitize(original, "image/jpeg")

    assert clean.mime_type == "image/jpeg"
    _assert_no_image_metadata(clean)
    with Image.open(BytesIO(clean.data)) as image:
        assert image.format == "JPEG"
        assert image.size == (20, 40)  # orientation 6 applied: rotated 90° clockwise
        rgb = image.convert("RGB")
        assert _is_red(rgb.getpixel((10, 5)))  # the left (red) half is now on top
        assert not _is_red(rgb.getpixel((10, 35)))


def test_png_loses_text_chunks_and_exif() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET)
    info.add_itxt("Description", "secret description")
    original = _encode(_two_colour_image(), "PNG", pnginfo=info, exif=_identifying_exif(1))
    assert SECRET.encode() in original

    clean = sanitize(original, "image/png")

    assert clean.mime_type == "image/png"
    _assert_no_image_metadata(clean)
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf"):
        assert chunk not in clean.data
    with Image.open(BytesIO(clean.data)) as image:
        assert image.format == "PNG" and image.size == (40, 20)
        assert not getattr(image, "text", {})
        assert image.convert("RGB").tobytes() == _two_colour_image().tobytes()


def test_png_palette_with_transparency_keeps_transparency() -> None:
    image = Image.new("P", (8, 8), 0)
    image.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    image.paste(1, (4, 0, 8, 8))
    original = _encode(image, "PNG", transparency=1)

    clean = sanitize(original, "image/png")

    with Image.open(BytesIO(clean.data)) as result:
        assert result.mode == "RGBA"
        assert result.getpixel((0, 0)) == (255, 0, 0, 255)
        assert result.getpixel((7, 7))[3] == 0


def test_webp_becomes_jpeg_without_exif() -> None:
    original = _encode(_two_colour_image(), "WEBP", exif=_identifying_exif())
    assert SECRET.encode() in original

    clean = sanitize(original, "image/webp")

    assert clean.mime_type == "image/jpeg"
    _assert_no_image_metadata(clean)
    with Image.open(BytesIO(clean.data)) as image:
        assert image.format == "JPEG" and image.size == (20, 40)


def test_transparent_webp_gets_a_white_background_in_jpeg() -> None:
    image = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    image.paste(Image.new("RGBA", (5, 10), (255, 0, 0, 255)), (0, 0))

    clean = sanitize(_encode(image, "WEBP", lossless=True), "image/webp")

    with Image.open(BytesIO(clean.data)) as result:
        rgb = result.convert("RGB")
        assert _is_red(rgb.getpixel((1, 5)))
        assert min(rgb.getpixel((8, 5))) > 240  # transparent → white, not black


def test_cmyk_jpeg_becomes_rgb() -> None:
    clean = sanitize(_encode(Image.new("CMYK", (8, 8), (0, 255, 255, 0)), "JPEG"), "image/jpeg")

    with Image.open(BytesIO(clean.data)) as result:
        assert result.mode == "RGB"


def _heic_or_skip(image: Image.Image, **params: object) -> bytes:
    pillow_heif = pytest.importorskip("pillow_heif")
    if not pillow_heif.libheif_info().get("HEIF"):
        pytest.skip("this libheif build has no HEVC encoder")
    return _encode(image, "HEIF", **params)


def test_heic_becomes_jpeg_without_exif() -> None:
    original = _heic_or_skip(_two_colour_image(), exif=_identifying_exif().tobytes())
    assert SECRET.encode() in original

    clean = sanitize(original, "image/heic")

    assert clean.mime_type == "image/jpeg"
    _assert_no_image_metadata(clean)
    with Image.open(BytesIO(clean.data)) as image:
        assert image.format == "JPEG"
        # pillow-heif turns EXIF orientation into a HEIF rotation, which libheif applies
        assert image.size == (20, 40)


@pytest.mark.parametrize(
    "size",
    [
        (10_000, 10_000),  # above Pillow's own limit (it warns; tests turn warnings into errors)
        (8_000, 7_000),  # 56 MP: below Pillow's limit, above ours
    ],
)
def test_decompression_bomb_is_refused(size: tuple[int, int]) -> None:
    bomb = _encode(Image.new("1", size), "PNG")
    assert len(bomb) < 1_000_000  # small on disk, huge in memory
    limit = Image.MAX_IMAGE_PIXELS

    message = _refusal(bomb, "image/png")

    assert "too large" in message
    assert limit == Image.MAX_IMAGE_PIXELS  # the global limit is left alone
    assert size[0] * size[1] > MAX_IMAGE_PIXELS


def test_truncated_jpeg_is_refused() -> None:
    photo = _encode(Image.effect_noise((64, 64), 50).convert("RGB"), "JPEG")

    assert "could not be read" in _refusal(photo[: len(photo) // 2], "image/jpeg")


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "image/png"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 32, "image/webp"),
        (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 32, "image/heic"),
    ],
)
def test_corrupt_images_are_refused(data: bytes, mime: str) -> None:
    _refusal(data, mime)


def test_image_of_another_format_than_declared_is_refused() -> None:
    png = _encode(_two_colour_image(), "PNG")

    assert "does not match" in _refusal(png, "image/jpeg")


# --- PDF ---------------------------------------------------------------------------------------


def _jpeg_xobject(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    jpeg = _encode(_two_colour_image(), "JPEG", exif=_identifying_exif(1))
    return pikepdf.Stream(
        pdf,
        jpeg,
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=40,
        Height=20,
        ColorSpace=Name.DeviceRGB,
        BitsPerComponent=8,
        Filter=Name.DCTDecode,
    )


def _identifying_pdf(encryption: pikepdf.Encryption | None = None) -> bytes:
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    pdf.docinfo["/Author"] = SECRET
    pdf.docinfo["/Title"] = "secret title"
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [SECRET]
    pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))
    pdf.Root.AA = Dictionary(WC=Dictionary(S=Name.JavaScript, JS=String("app.alert(2)")))
    page.obj.AA = Dictionary(O=Dictionary(S=Name.JavaScript, JS=String("app.alert(3)")))
    page.obj.Annots = pdf.make_indirect(
        Array(
            [
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.Link,
                    Rect=Array([0, 0, 10, 10]),
                    A=Dictionary(S=Name.Launch, F=String("calc.exe")),
                )
            ]
        )
    )
    page.obj.Resources = Dictionary(XObject=Dictionary(Im0=pdf.make_indirect(_jpeg_xobject(pdf))))
    pdf.attachments["secret.txt"] = pikepdf.AttachedFileSpec(pdf, b"attached secret")
    out = BytesIO()
    pdf.save(out, encryption=encryption)
    return out.getvalue()


def _all_names(pdf: pikepdf.Pdf) -> set[str]:
    found: set[str] = set()
    for obj in pdf.objects:
        if isinstance(obj, (Dictionary, pikepdf.Stream)):
            found |= set(obj.keys())
            subtype = obj.get(Name.S)
            if isinstance(subtype, Name):
                found.add(str(subtype))
    return found


def test_pdf_loses_info_xmp_javascript_actions_and_attachments() -> None:
    original = _identifying_pdf()
    assert SECRET.encode() in original and b"/JavaScript" in original

    clean = sanitize(original, "application/pdf")

    assert clean.mime_type == "application/pdf"
    for secret in (SECRET.encode(), b"secret title", b"attached secret", b"app.alert",
                   b"calc.exe", b"SecretPhoneMaker", b"GPS", b"Exif", b"/JavaScript"):
        assert secret not in clean.data, secret
    with pikepdf.open(BytesIO(clean.data)) as pdf:
        assert len(pdf.pages) == 1
        assert Name.Info not in pdf.trailer
        for key in (Name.Metadata, Name.OpenAction, Name.AA):
            assert key not in pdf.Root
        assert not pdf.attachments
        names = _all_names(pdf)
        for unwanted in ("/Metadata", "/AA", "/JS", "/JavaScript", "/Launch", "/EmbeddedFiles"):
            assert unwanted not in names, unwanted
        image = pdf.pages[0].Resources.XObject.Im0
        with Image.open(BytesIO(image.read_raw_bytes())) as embedded:  # still a valid JPEG
            assert embedded.size == (40, 20) and not embedded.getexif()


def test_pdf_gets_a_new_file_id() -> None:
    original = _identifying_pdf()
    with pikepdf.open(BytesIO(original)) as pdf:
        old_id = bytes(pdf.trailer.ID[0])

    with pikepdf.open(BytesIO(sanitize(original, "application/pdf").data)) as pdf:
        assert bytes(pdf.trailer.ID[0]) != old_id


def test_password_protected_pdf_is_refused() -> None:
    locked = _identifying_pdf(encryption=pikepdf.Encryption(owner="o", user="u"))

    assert "password" in _refusal(locked, "application/pdf")


def test_pdf_restricted_by_an_owner_password_only_is_stored_decrypted() -> None:
    restricted = _identifying_pdf(encryption=pikepdf.Encryption(owner="o", user=""))

    clean = sanitize(restricted, "application/pdf")

    with pikepdf.open(BytesIO(clean.data)) as pdf:
        assert not pdf.is_encrypted
        assert len(pdf.pages) == 1
        assert Name.Info not in pdf.trailer


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\n" + b"\x00garbage" * 50, b"%PDF-1.4\n%%EOF\n", b"not a pdf at all"]
)
def test_corrupt_pdf_is_refused(data: bytes) -> None:
    assert "PDF" in _refusal(data, "application/pdf")


# --- DOCX / XLSX -------------------------------------------------------------------------------

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    b'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    b'<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/extended-properties" Target="docProps/app.xml"/>'
    b'<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>'
)
DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>\xd0\x97\xd0\xb0\xd1\x80\xd0\xbf\xd0\xbb\xd0\xb0\xd1\x82\xd0\xb0"
    b" not paid since March</w:t></w:r></w:p></w:body></w:document>"
)
CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'xmlns:dcterms="http://purl.org/dc/terms/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    b"<dc:creator>secret name</dc:creator><cp:lastModifiedBy>secret name</cp:lastModifiedBy>"
    b'<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-01T10:00:00Z</dcterms:created>'
    b"</cp:coreProperties>"
)
APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
    b'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>Microsoft Office Word</Application><Pages>1</Pages>"
    b"<Company>Secret Employer LLP</Company><Manager>secret manager</Manager></Properties>"
)
CUSTOM = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Owner">'
    b"<vt:lpwstr>secret name</vt:lpwstr></property></Properties>"
)


def _docx_parts(extra: dict[str, bytes] | None = None) -> dict[str, bytes]:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": RELS,
        "word/document.xml": DOCUMENT,
        "docProps/core.xml": CORE,
        "docProps/app.xml": APP,
        "docProps/custom.xml": CUSTOM,
    }
    parts.update(extra or {})
    return parts


def _zip(parts: dict[str, bytes] | list[tuple[str, bytes]]) -> bytes:
    out = BytesIO()
    items = parts.items() if isinstance(parts, dict) else parts
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.comment = b"secret zip comment"
        for name, content in items:
            entry = zipfile.ZipInfo(name, date_time=(2026, 3, 1, 10, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, content)
    return out.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_docx_loses_author_and_company_other_parts_are_identical() -> None:
    original = _docx_parts()

    clean = sanitize(_zip(original), DOCX)

    assert clean.mime_type == DOCX
    for secret in (SECRET.encode(), b"Secret Employer", b"secret manager", b"secret zip comment"):
        assert secret not in clean.data
    result = _members(clean.data)
    assert list(result) == list(original)  # same parts, same order
    for name in ("[Content_Types].xml", "_rels/.rels", "word/document.xml"):
        assert result[name] == original[name]
    for name in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"):
        assert SECRET.encode() not in result[name]
    assert b"<cp:coreProperties" in result["docProps/core.xml"]
    assert b"<property" not in result["docProps/custom.xml"]
    app = result["docProps/app.xml"]
    assert b"Company" not in app and b"Manager" not in app
    assert b"<Application>Microsoft Office Word</Application>" in app
    with zipfile.ZipFile(BytesIO(clean.data)) as archive:
        assert archive.comment == b""
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}


def test_properties_are_found_through_the_package_relationships() -> None:
    parts = _docx_parts()
    parts["_rels/.rels"] = RELS.replace(b"docProps/core.xml", b"/meta/core.xml")
    parts["meta/core.xml"] = parts.pop("docProps/core.xml")

    result = _members(sanitize(_zip(parts), DOCX).data)

    assert SECRET.encode() not in result["meta/core.xml"]


def test_xlsx_is_cleaned_too() -> None:
    parts = _docx_parts()
    parts["xl/workbook.xml"] = parts.pop("word/document.xml")

    clean = sanitize(_zip(parts), XLSX)

    assert clean.mime_type == XLSX
    assert SECRET.encode() not in clean.data
    assert _members(clean.data)["xl/workbook.xml"] == DOCUMENT


@pytest.mark.parametrize(
    ("mime", "parts"),
    [
        (DOCX, _docx_parts({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})),
        (XLSX, _docx_parts({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})),
        (DOCX, _docx_parts({"word/VBAPROJECT.BIN": b"\xd0\xcf\x11\xe0 macro"})),
        (DOCX, _docx_parts({"word/activeX/activeX1.xml": b"<ax:ocx/>"})),
        (
            DOCX,
            _docx_parts(
                {
                    "[Content_Types].xml": CONTENT_TYPES.replace(
                        b"document.main+xml", b"document.macroEnabled.main+xml"
                    )
                }
            ),
        ),
        (
            XLSX,
            _docx_parts(
                {
                    "[Content_Types].xml": CONTENT_TYPES.replace(
                        b"</Types>",
                        b'<Default Extension="bin" ContentType="application/vnd.ms-office.'
                        b'vbaProject"/></Types>',
                    )
                }
            ),
        ),
    ],
)
def test_documents_with_macros_or_activex_are_refused(mime: str, parts: dict[str, bytes]) -> None:
    assert "macros" in _refusal(_zip(parts), mime)


@pytest.mark.parametrize(
    "name", ["../evil", "word/../../evil", "/etc/evil", "\\evil", "C:/evil", "word\\..\\evil"]
)
def test_zip_with_unsafe_paths_is_refused(name: str) -> None:
    parts = [*_docx_parts().items(), (name, b"x")]

    _refusal(_zip(parts), DOCX)


def test_zip_with_too_many_members_is_refused() -> None:
    parts = [*_docx_parts().items()]
    parts += [(f"word/media/{i}.xml", b"") for i in range(MAX_ZIP_MEMBERS)]

    _refusal(_zip(parts), DOCX)


def test_zip_bomb_is_refused() -> None:
    bomb = _zip(_docx_parts({"word/media/zeros.bin": b"\x00" * (101 * 1024 * 1024)}))
    assert len(bomb) < 1_000_000

    _refusal(bomb, DOCX)


def test_zip_with_duplicate_parts_is_refused() -> None:
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = _zip([*_docx_parts().items(), ("word/document.xml", b"<other/>")])

    _refusal(data, DOCX)


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04" + b"\x00" * 100, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100],
)
def test_invalid_zip_is_refused(data: bytes) -> None:
    _refusal(data, DOCX)


def test_zip_with_a_corrupt_member_is_refused() -> None:
    data = bytearray(_zip(_docx_parts()))
    start = data.index(b"not paid") if b"not paid" in data else len(data) // 3
    data[start : start + 20] = b"\xff" * 20  # breaks the deflate stream or its CRC

    _refusal(bytes(data), DOCX)


# --- other types -------------------------------------------------------------------------------


def test_legacy_word_is_refused_with_a_way_out() -> None:
    message = _refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "application/msword")

    assert "PDF" in message and "DOCX" in message


@pytest.mark.parametrize("mime", ["application/zip", "application/x-msdownload", "", "image/gif"])
def test_other_types_are_refused(mime: str) -> None:
    assert "not accepted" in _refusal(b"whatever", mime)


@pytest.mark.parametrize(
    "data",
    [
        "Зарплата не выплачена с марта.\nЖалақы төленбеді.".encode(),
        b"\xef\xbb\xbfwith a BOM",
        b"",
    ],
)
def test_utf8_text_is_returned_unchanged(data: bytes) -> None:
    assert sanitize(data, "text/plain; charset=utf-8") == CleanFile(data, "text/plain")


def test_text_in_another_encoding_is_refused() -> None:
    cp1251 = "Зарплата не выплачена".encode("cp1251")

    assert "UTF-8" in _refusal(cp1251, "text/plain")


# --- messages ----------------------------------------------------------------------------------

REFUSED: list[tuple[str, Callable[[], bytes], str]] = [
    ("image", lambda: _jpeg_with_exif()[:300], "image/jpeg"),
    ("bomb", lambda: _encode(Image.new("1", (8_000, 7_000)), "PNG"), "image/png"),
    ("pdf-password", lambda: _identifying_pdf(encryption=pikepdf.Encryption(owner="o", user="u")),
     "application/pdf"),
    ("pdf-corrupt", lambda: b"%PDF-1.7\nsecret name " * 20, "application/pdf"),
    ("macros", lambda: _zip(_docx_parts({"word/vbaProject.bin": SECRET.encode()})), DOCX),
    ("zip-path", lambda: _zip([*_docx_parts().items(), ("../secret name", b"x")]), DOCX),
    ("zip-corrupt", lambda: b"PK\x03\x04secret name" * 10, XLSX),
    ("msword", lambda: b"\xd0\xcf\x11\xe0secret name", "application/msword"),
    ("text", lambda: b"secret name \xff\xfe", "text/plain"),
    ("type", lambda: b"secret name", "application/x-sh"),
]


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
@pytest.mark.parametrize(("case", "build", "mime"), REFUSED, ids=[c[0] for c in REFUSED])
def test_refusals_are_localized_and_never_quote_the_file(
    lang: str, case: str, build: Callable[[], bytes], mime: str, caplog: pytest.LogCaptureFixture
) -> None:
    data = build()
    with caplog.at_level(logging.DEBUG):
        message = _refusal(data, mime, lang)

    assert "secret" not in message.lower()
    assert "{" not in message  # every placeholder was filled
    assert "secret" not in caplog.text.lower()


def test_real_xlsx_still_opens_without_its_author() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Зарплата за март"
    workbook.active["B1"] = 150000
    workbook.properties.creator = SECRET
    workbook.properties.lastModifiedBy = SECRET
    out = BytesIO()
    workbook.save(out)
    assert SECRET.encode() in _members(out.getvalue())["docProps/core.xml"]

    clean = sanitize(out.getvalue(), XLSX)

    assert SECRET.encode() not in b"".join(_members(clean.data).values())
    reopened = openpyxl.load_workbook(BytesIO(clean.data))
    assert reopened.active["A1"].value == "Зарплата за март"
    assert reopened.active["B1"].value == 150000
    assert reopened.properties.creator != SECRET  # openpyxl fills in its own name
    assert reopened.properties.lastModifiedBy is None
    assert sanitize(clean.data, XLSX).data == clean.data  # cleaning twice changes nothing


@pytest.mark.parametrize(
    "mime", ["application/vnd.ms-excel", "application/vnd.ms-word.document.macroEnabled.12"]
)
def test_other_macro_capable_office_types_are_refused_as_such(mime: str) -> None:
    assert "macros" in _refusal(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, mime)
