"""What an uploaded file really is, judged by its content (magic bytes), never by its name.

Used for files people upload to be downloaded by others (course materials): the type found here
decides the stored name's extension and the Content-Type it is served with, so a script renamed
`.pdf` is refused rather than served. Office files are ZIP containers: their inner manifest is
read (names only, nothing is decompressed beyond a small bounded entry), so a ZIP bomb costs
nothing.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    key: str
    extension: str
    content_type: str
    label: str


PDF = FileType("pdf", "pdf", "application/pdf", "PDF")
PNG = FileType("png", "png", "image/png", "PNG")
JPEG = FileType("jpeg", "jpg", "image/jpeg", "JPEG")
WEBP = FileType("webp", "webp", "image/webp", "WebP")
DOCX = FileType(
    "docx",
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word",
)
XLSX = FileType(
    "xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"
)
PPTX = FileType(
    "pptx",
    "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "PowerPoint",
)
ODT = FileType("odt", "odt", "application/vnd.oasis.opendocument.text", "OpenDocument text")
ODS = FileType(
    "ods", "ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet"
)
ODP = FileType(
    "odp", "odp", "application/vnd.oasis.opendocument.presentation", "OpenDocument presentation"
)
TEXT = FileType("text", "txt", "text/plain; charset=utf-8", "text")

ALL = (PDF, PNG, JPEG, WEBP, DOCX, XLSX, PPTX, ODT, ODS, ODP, TEXT)
_OOXML = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_ODF = {t.content_type: t for t in (ODT, ODS, ODP)}
# An ODF `mimetype` entry is a few dozen bytes; never read more than this from any entry.
_SMALL_ENTRY = 128


def _zip_type(data: bytes) -> FileType | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        if "mimetype" in names:
            info = archive.getinfo("mimetype")
            if info.file_size <= _SMALL_ENTRY:
                declared = archive.read("mimetype")[:_SMALL_ENTRY].decode("ascii", "replace")
                return _ODF.get(declared.strip())
            return None
        if "[Content_Types].xml" in names:
            for prefix, kind in _OOXML.items():
                if any(name.startswith(prefix) for name in names):
                    return kind
    except (zipfile.BadZipFile, KeyError, ValueError, RuntimeError, NotImplementedError):
        return None
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # Markup that a browser would run if it ever rendered the file is not "text" here.
    lowered = text[:4096].lstrip().lower()
    return not lowered.startswith(("<!doctype", "<html", "<svg", "<?xml", "<script"))


def sniff(data: bytes) -> FileType | None:
    """The type of `data` among the allowed ones, or None if it is none of them."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    if data and _is_text(data):
        return TEXT
    return None
