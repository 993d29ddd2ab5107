"""Spreadsheets within bounds (issue 11, finding 5; issue 12's Latin-2 CSV): an XLSX "zip bomb"
is refused before it is parsed, reading stops at the row limit, and CSV text is read in its own
encoding — UTF-16 accepted, Windows-1250 told from ISO-8859-2, and when that cannot be told the
person is asked instead of getting garbled names past a dry run that says "correct"."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from django.core.management import CommandError
from django.urls import reverse

from sib.academy.imports import parse_participants
from sib.academy.models import Enrolment
from sib.core import spreadsheets
from tests.academy.test_imports import POLISH_ROWS, csv_bytes, xlsx_bytes
from tests.factories import CoordinatorFactory, EditionFactory

NAMES = [["E-mail", "Imię i nazwisko"], ["ala@example.org", "Ścisła Źdźbło Ąłęść"]]


def bomb(rows: int, *, dimension: bool = True) -> bytes:
    """A minimal XLSX whose one sheet holds `rows` rows of tiny cells: a few hundred kilobytes
    compressed, tens of megabytes of XML once unpacked (the probe's had 80 MB, 500,000 rows)."""
    template = io.BytesIO(xlsx_bytes([["E-mail", "Full name"]]))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                head = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                if dimension:
                    head += f'<dimension ref="A1:B{rows}"/>'
                body = "".join(
                    f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>p{n}@x.pl</t></is></c></row>'
                    for n in range(1, rows + 1)
                )
                target.writestr(item, head + "<sheetData>" + body + "</sheetData></worksheet>")
            else:
                target.writestr(item, source.read(item.filename))
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_parsed_in_a_few_megabytes(monkeypatch) -> None:
    data = bomb(500_000)
    assert len(data) < 5 * 1024 * 1024
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert unpacked > spreadsheets.MAX_UNCOMPRESSED

    def never(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("the bomb reached the XML parser")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    tracemalloc.start()
    parsed = parse_participants(data)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert parsed.rows == []
    (error,) = parsed.errors
    assert "would unpack to" in error.message and "32 MB" in error.message
    assert peak < 8 * 1024 * 1024


def test_too_many_rows_are_refused_from_the_sheets_dimension_without_reading_them(
    monkeypatch,
) -> None:  # noqa: ANN001
    data = bomb(20_002)  # small enough to unpack, one row more than the limit allows
    monkeypatch.setattr(
        "openpyxl.load_workbook", lambda *a, **k: pytest.fail("the rows were parsed")
    )
    (error,) = parse_participants(data).errors
    assert error.message == "A file may hold at most 20,000 rows."


def test_reading_stops_at_the_row_limit_when_the_dimension_says_nothing(monkeypatch) -> None:  # noqa: ANN001
    read: list[int] = []
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    original = ReadOnlyWorksheet._cells_by_row

    def counted(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        for row in original(self, *args, **kwargs):
            read.append(1)
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counted)
    with pytest.raises(spreadsheets.SpreadsheetError, match="at most 99 rows"):
        spreadsheets.read_xlsx(bomb(5_000, dimension=False), max_rows=100)
    assert len(read) == 101  # the row over the limit is the last one parsed


def test_a_utf16_csv_is_read_with_or_without_its_bom() -> None:
    text = "\n".join(";".join(row) for row in POLISH_ROWS)
    for data in (
        text.encode("utf-16"),  # with BOM (what Excel's "Unicode text" writes)
        text.encode("utf-16-le"),
        text.encode("utf-16-be"),
    ):
        parsed = parse_participants(data)
        assert not parsed.errors, parsed.errors
        assert [row.full_name for row in parsed.rows] == [r[0] for r in POLISH_ROWS[1:]]


def test_windows_1250_and_latin2_are_told_apart() -> None:
    for encoding in ("cp1250", "iso-8859-2", "utf-8"):
        parsed = parse_participants(csv_bytes(NAMES, encoding=encoding))
        assert not parsed.errors, (encoding, parsed.errors)
        assert parsed.rows[0].full_name == "Ścisła Źdźbło Ąłęść", encoding


def test_an_old_xls_or_binary_file_is_named_for_what_it_is() -> None:
    (error,) = parse_participants(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00").errors
    assert "old Excel file (.xls)" in error.message
    (error,) = parse_participants(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").errors
    assert error.message == "This is not a CSV or XLSX file."


def test_an_unclear_8_bit_encoding_asks_instead_of_guessing() -> None:
    # "¦" and "±" in Windows-1250 are "Ś" and "ą" in Latin-2: either reading is as plausible.
    data = "E-mail;Imię i nazwisko\r\nala@example.org;Ala ±¦\r\nola@example.org;Ola ś\r\n"
    (error,) = parse_participants(data.encode("cp1250")).errors
    assert "could not tell how this file's text is encoded" in error.message


def test_a_wrongly_named_encoding_fails_the_dry_run_instead_of_importing_garbled_names() -> None:
    latin2 = csv_bytes(NAMES, encoding="iso-8859-2")
    parsed = parse_participants(latin2, "cp1250")  # the person chose the wrong one
    (error,) = parsed.errors
    assert error.row == 2 and error.column == "full_name"
    assert "wrong encoding" in error.message
    assert parse_participants(latin2, "iso-8859-2").rows[0].full_name == "Ścisła Źdźbło Ąłęść"
    (error,) = parse_participants(latin2, "utf-8").errors
    assert error.message == "The file is not written in utf-8."


@pytest.mark.django_db
def test_the_page_and_the_command_take_the_encoding(client, tmp_path) -> None:  # noqa: ANN001
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    coordinator = CoordinatorFactory(is_superuser=True)
    edition = EditionFactory()
    client.force_login(coordinator)
    latin2 = csv_bytes(NAMES, encoding="iso-8859-2")
    url = reverse("academy:participants-import", args=[edition.pk])
    page = client.post(
        url,
        {"file": SimpleUploadedFile("lista.csv", latin2), "encoding": "iso-8859-2"},
    ).content.decode()
    assert "Ścisła Źdźbło Ąłęść" in page
    path = tmp_path / "lista.csv"
    path.write_bytes(latin2)
    call_command("import", "participants", str(path), edition=edition.pk, encoding="iso-8859-2")
    assert Enrolment.objects.get(edition=edition).user.full_name == "Ścisła Źdźbło Ąłęść"
    errors = io.StringIO()
    with pytest.raises(CommandError, match="1 problems found"):
        call_command(
            "import",
            "participants",
            str(path),
            edition=edition.pk,
            encoding="utf-8",
            dry_run=True,
            stderr=errors,
        )
    assert "The file is not written in utf-8." in errors.getvalue()
