"""Real small files for attachment tests, built in code (no binaries in the repository)."""

from __future__ import annotations

import io
import zipfile

import pikepdf
from PIL import Image

#: What the metadata of :func:`photo_with_gps` and :func:`pdf_with_author` says about the sender.
SECRET_AUTHOR = "Айгерим Сапарова"
SECRET_CAMERA = "QuqyqPhone X1 SN-778812"


def jpeg(color: tuple[int, int, int] = (200, 40, 40), size: tuple[int, int] = (64, 48)) -> bytes:
    """A plain JPEG; different colours give different files."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", quality=90)
    return out.getvalue()


def photo_with_gps(color: tuple[int, int, int] = (30, 120, 200)) -> bytes:
    """A JPEG whose EXIF names its author and camera and where it was taken (Almaty)."""
    image = Image.new("RGB", (80, 40), color)
    exif = Image.Exif()
    exif[0x013B] = SECRET_AUTHOR  # Artist
    exif[0x0110] = SECRET_CAMERA  # Model
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (43.0, 15.0, 0.0), 3: "E", 4: (76.0, 57.0, 0.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def pdf_with_author(pages: int = 1) -> bytes:
    """A PDF whose document info and XMP name its author."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    pdf.docinfo["/Author"] = SECRET_AUTHOR
    with pdf.open_metadata() as meta:
        meta["dc:creator"] = [SECRET_AUTHOR]
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def docx(*, with_macros: bool = False) -> bytes:
    """A minimal DOCX; ``with_macros`` adds a VBA project (what a .docm carries)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr(
            "docProps/core.xml",
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:creator>{SECRET_AUTHOR}</dc:creator></cp:coreProperties>",
        )
        if with_macros:
            archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 64)
    return out.getvalue()
