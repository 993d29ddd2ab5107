"""Reading the spreadsheets people upload — XLSX and CSV — within bounds, in the encoding they
were written in.

An XLSX file is a zip archive: a few hundred kilobytes can unpack to gigabytes of XML ("zip
bomb"). Before anything is parsed, the sizes the archive declares are added up and refused over
`MAX_UNCOMPRESSED` (Python's zip reader never unpacks a member beyond its declared size, so the
declaration is a real bound); the sheet's own `dimension` is read from its first bytes and
refused over the row limit; and rows are read as a stream that stops at the limit. Every reader
of uploaded spreadsheets uses `read_xlsx`.

CSV files come from Excel and LibreOffice in many encodings. `decode_text` reads UTF-8 (with or
without BOM) and UTF-16 (with BOM, or recognised by its zero bytes); for 8-bit files it tells
Windows-1250 from ISO-8859-2 (Latin-2) by the characters each would give; when it cannot tell,
it asks the person to name the encoding rather than guess and garble names silently. See
docs/decisions/0504-spreadsheet-limits-and-encodings.md.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# A 20,000-row participant list is about 11 MB of sheet XML; shared strings make it smaller.
MAX_UNCOMPRESSED = 32 * 1024 * 1024
MAX_MEMBERS = 500
MAX_COLUMNS = 64

ENCODINGS = [
    ("auto", gettext_lazy("Recognise it")),
    ("utf-8", "UTF-8"),
    ("cp1250", "Windows-1250"),
    ("iso-8859-2", "ISO-8859-2 (Latin-2)"),
    ("utf-16", "UTF-16"),
]
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
POLISH = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
# What Latin-2 text read as Windows-1250 turns Polish letters into, and the reverse: symbols no
# name, address or organisation holds. C1 control characters (U+0080–U+009F) never do either.
SUSPICIOUS = set("±¶¼¦¬¡µ¥¨ˇ˘˝˛") | {chr(code) for code in range(0x80, 0xA0)}


class SpreadsheetError(ValueError):
    """The file cannot be read; the message is for the person who uploaded it."""


def _dimension_rows(head: bytes) -> int | None:
    match = re.search(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"', head)
    if match is None or match.group(1) is None:
        return None
    return int(match.group(1))


def read_xlsx(
    data: bytes,
    *,
    max_rows: int,
    max_columns: int = MAX_COLUMNS,
    max_uncompressed: int = MAX_UNCOMPRESSED,
) -> list[list[Any]]:
    """The cells of the first sheet, at most `max_rows` rows of `max_columns` columns.

    Raises `SpreadsheetError` for a damaged file, one that would unpack to more than
    `max_uncompressed` bytes, or one with more rows than `max_rows`.
    """
    too_many_rows = SpreadsheetError(
        _("A file may hold at most %(rows)s rows.") % {"rows": f"{max_rows - 1:,}"}
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SpreadsheetError(_("The spreadsheet could not be opened.")) from error
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_MEMBERS or unpacked > max_uncompressed:
        raise SpreadsheetError(
            _(
                "The spreadsheet would unpack to %(size)s MB, more than the %(limit)s MB a file "
                "may hold. Remove what is not needed, or save it as CSV."
            )
            % {"size": unpacked // (1024 * 1024), "limit": max_uncompressed // (1024 * 1024)}
        )
    for member in members:
        if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", member.filename):
            with archive.open(member) as sheet:
                rows = _dimension_rows(sheet.read(4096))
            if rows is not None and rows > max_rows:
                raise too_many_rows
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            table: list[list[Any]] = []
            for row in sheet.iter_rows(values_only=True, max_col=max_columns):
                if len(table) >= max_rows:
                    raise too_many_rows  # stop reading: the rest is never parsed
                table.append(list(row))
        finally:
            workbook.close()
    except SpreadsheetError:
        raise
    except Exception as error:  # noqa: BLE001 - any damage inside the archive is the file's
        raise SpreadsheetError(_("The spreadsheet could not be opened.")) from error
    return table


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM: every other byte of ASCII text is zero."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros > half * 0.3:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _score(text: str) -> tuple[int, int]:
    return (sum(ch in SUSPICIOUS for ch in text), -sum(ch in POLISH for ch in text))


def decode_text(data: bytes, encoding: str = "auto") -> str:
    """The text of a CSV file, in the named encoding or recognised (`auto`)."""
    if encoding != "auto":
        try:
            return data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise SpreadsheetError(
                _("The file is not written in %(encoding)s.") % {"encoding": encoding}
            ) from error
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise SpreadsheetError(_("The file is not valid UTF-16.")) from error
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        if data.startswith(OLE2_SIGNATURE):
            raise SpreadsheetError(
                _("This is an old Excel file (.xls): save it as .xlsx or as CSV (UTF-8).")
            )
        raise SpreadsheetError(_("This is not a CSV or XLSX file."))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # An 8-bit file: Windows-1250 or Latin-2 (they differ in the Polish letters Ą Ś Ź ą ś ź).
    candidates = {codec: data.decode(codec, errors="replace") for codec in ("cp1250", "iso-8859-2")}
    scores = {codec: _score(text) for codec, text in candidates.items()}
    best = min(scores, key=lambda codec: scores[codec])
    other = "iso-8859-2" if best == "cp1250" else "cp1250"
    if candidates[best] == candidates[other] or (
        scores[best][0] == 0 and scores[best] < scores[other] and "\ufffd" not in candidates[best]
    ):
        return candidates[best]
    raise SpreadsheetError(
        _(
            "We could not tell how this file's text is encoded (Windows-1250 or ISO-8859-2?). "
            "Choose the encoding, or save the file as CSV UTF-8."
        )
    )


def suspicious_characters(text: str) -> str:
    """The characters in `text` that a wrong encoding would have produced (empty if none)."""
    return "".join(sorted({ch for ch in text if ch in SUSPICIOUS or ch == "\ufffd"}))
