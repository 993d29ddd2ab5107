"""Import of participants: encodings, delimiters, XLSX, Polish or English headers, dry run, every
bad row listed in the user's language, all-or-nothing, duplicates by e-mail."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from sib.academy import services
from sib.academy.imports import parse_participants
from sib.academy.models import Enrolment, StaffRole
from sib.accounts.models import User
from tests.factories import (
    CoordinatorFactory,
    EditionFactory,
    EditionStaffFactory,
    EnrolmentFactory,
    GroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

POLISH_ROWS = [
    ["Imię i nazwisko", "Adres e-mail", "Język", "Województwo", "Płeć", "Rok urodzenia", "Grupa"],
    ["Zażółć Gęślą", "zazolc@example.org", "polski", "małopolskie", "Kobieta", "1985", ""],
    ["Łukasz Świętochowski", "lukasz@example.org", "en", "Śląskie", "M", "1990", "Zespół 1"],
    ["Źdźbło Ćma", "zdzblo@example.org", "PL", "", "", "", "zespół 1"],
]


def csv_bytes(rows, *, delimiter=";", encoding="utf-8", bom=False) -> bytes:
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    data = text.encode(encoding)
    return b"\xef\xbb\xbf" + data if bom else data


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def coordinator():
    return CoordinatorFactory()


@pytest.fixture
def edition():
    edition = EditionFactory()
    GroupFactory(edition=edition, name="Zespół 1")
    return edition


def run(coordinator, edition, data, dry_run=False):
    return services.participants_import(
        actor=coordinator, edition=edition, data=data, dry_run=dry_run
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-bom", "cp1250"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_every_encoding_and_delimiter_keeps_polish_letters(
    coordinator, edition, encoding, delimiter
):
    data = csv_bytes(
        POLISH_ROWS,
        delimiter=delimiter,
        encoding="utf-8" if encoding == "utf-8-bom" else encoding,
        bom=encoding == "utf-8-bom",
    )
    result = run(coordinator, edition, data)
    assert result.errors == [] and result.written
    names = set(Enrolment.objects.filter(edition=edition).values_list("user__full_name", flat=True))
    assert names == {"Zażółć Gęślą", "Łukasz Świętochowski", "Źdźbło Ćma"}
    lukasz = User.objects.get(email="lukasz@example.org")
    assert (lukasz.voivodeship, lukasz.gender, lukasz.birth_year) == ("slaskie", "man", 1990)
    enrolment = Enrolment.objects.get(user=lukasz)
    assert enrolment.language_track == "en" and enrolment.group.name == "Zespół 1"
    assert Enrolment.objects.get(user__email="zdzblo@example.org").group.name == "Zespół 1"
    assert not lukasz.has_usable_password()


def test_an_excel_file_with_english_headers_and_split_names(coordinator, edition):
    rows = [
        ["First name", "Last name", "E-mail", "Year of birth", "Sector", "Organisation"],
        ["Anna", "Nowak", "ANNA@example.org", 1979, "NGO", "Fundacja Łąka"],
        ["Piotr", "Zieliński", "piotr@example.org", 1988.0, "Local government", ""],
    ]
    result = run(coordinator, edition, xlsx_bytes(rows))
    assert result.written, result.errors
    anna = User.objects.get(email="anna@example.org")
    assert (anna.full_name, anna.birth_year, anna.sector) == ("Anna Nowak", 1979, "ngo")
    assert anna.organisation.name == "Fundacja Łąka"
    assert User.objects.get(email="piotr@example.org").birth_year == 1988


def test_a_dry_run_lists_the_rows_and_writes_nothing(coordinator, edition):
    result = run(coordinator, edition, csv_bytes(POLISH_ROWS), dry_run=True)
    assert result.ok and not result.written
    assert [row.row for row in result.rows] == [2, 3, 4]
    assert result.new_accounts == 3
    assert not Enrolment.objects.exists() and not User.objects.exclude(pk=coordinator.pk).exists()


def test_every_bad_row_is_listed_and_nothing_is_written(coordinator, edition):
    EnrolmentFactory(edition=edition, user=UserFactory(email="already@example.org"))
    rows = [
        ["Full name", "E-mail", "Voivodeship", "Year of birth", "Group", "Language"],
        ["Good Person", "good@example.org", "", "", "", ""],
        ["No Address", "", "", "", "", ""],
        ["Bad Address", "not-an-address", "", "", "", ""],
        ["Twice", "good@example.org", "", "", "", ""],
        ["Enrolled", "already@example.org", "", "", "", ""],
        ["", "nameless@example.org", "", "", "", ""],
        ["Wrong Region", "region@example.org", "Bavaria", "", "", ""],
        ["Wrong Year", "year@example.org", "", "19x5", "", ""],
        ["Wrong Group", "group@example.org", "", "", "Team 99", ""],
        ["Wrong Language", "lang@example.org", "", "", "", "de"],
    ]
    before = Enrolment.objects.count()
    result = run(coordinator, edition, csv_bytes(rows, delimiter=","))
    assert not result.written
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "email"),
        (4, "email"),
        (5, "email"),
        (6, "email"),
        (7, "full_name"),
        (8, "voivodeship"),
        (9, "birth_year"),
        (10, "group"),
        (11, "language_track"),
    ]
    assert "row 2" in result.errors[2].message
    assert Enrolment.objects.count() == before
    assert not User.objects.filter(email="good@example.org").exists()


def test_errors_are_in_the_users_language(coordinator, edition):
    rows = [["Imię i nazwisko", "E-mail"], ["Jan", "zły-adres"]]
    with translation.override("pl"):
        result = run(coordinator, edition, csv_bytes(rows))
        (error,) = result.errors
        assert error.message == "„zły-adres” nie jest prawidłowym adresem e-mail."
        assert error.column_label == "E-mail"


@pytest.mark.parametrize(
    ("data", "column"),
    [
        (b"", ""),
        (b"Name;Phone\r\nJan;123\r\n", "email"),
        (b"E-mail;Phone\r\njan@example.org;123\r\n", "full_name"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", ""),  # an old binary .xls
        (b"PK\x03\x04 broken zip", ""),
        (b"E-mail;Full name\r\n", ""),
    ],
)
def test_unreadable_files_are_one_clear_error(coordinator, edition, data, column):
    result = run(coordinator, edition, data)
    assert not result.written and len(result.errors) == 1
    assert result.errors[0].column == column


def test_an_existing_account_is_matched_by_email(coordinator, edition):
    person = UserFactory(email="known@example.org", full_name="Known Person")
    rows = [["E-mail", "Full name"], ["Known@Example.org", ""]]
    result = run(coordinator, edition, csv_bytes(rows))
    assert result.written and result.new_accounts == 0
    assert Enrolment.objects.get(edition=edition).user == person


def test_only_coordinators_import(edition):
    trainer = EditionStaffFactory(edition=edition, role=StaffRole.TRAINER).user
    with pytest.raises(PermissionDenied):
        services.participants_import(
            actor=trainer, edition=edition, data=csv_bytes(POLISH_ROWS), dry_run=True
        )


# --- property tests: malformed files never crash and never half-import --------------------------


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_parse_without_crashing(data):
    parsed = parse_participants(data)
    assert parsed.rows or parsed.errors


cell = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x17E, exclude_characters='"'),
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(cell, min_size=0, max_size=5), max_size=8),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "cp1250"]),
)
def test_malformed_tables_land_whole_or_not_at_all(coordinator, edition, rows, delimiter, encoding):
    header = ["E-mail", "Imię i nazwisko", "Województwo"]
    table = [header] + [[f"p{i}@example.org", *row] for i, row in enumerate(rows)]
    try:
        data = csv_bytes(table, delimiter=delimiter, encoding=encoding)
    except UnicodeEncodeError:
        data = csv_bytes(table, delimiter=delimiter)
    before = Enrolment.objects.filter(edition=edition).count()
    result = run(coordinator, edition, data)
    after = Enrolment.objects.filter(edition=edition).count()
    if result.written:
        assert after - before == len(result.rows) and not result.errors
    else:
        assert after == before and (result.errors or not result.rows)
    Enrolment.objects.filter(edition=edition).delete()


# --- the command and the page -------------------------------------------------------------------------


def test_the_command_dry_runs_then_imports(coordinator, edition, tmp_path: Path):
    coordinator.is_superuser = True
    coordinator.save()
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(POLISH_ROWS, encoding="cp1250"))
    out = io.StringIO()
    call_command(
        "import",
        "participants",
        str(path),
        "--edition",
        str(edition.pk),
        "--dry-run",
        "--language",
        "en",
        stdout=out,
    )
    assert "3 participants" in out.getvalue() and "nothing was written" in out.getvalue()
    assert not Enrolment.objects.exists()
    call_command("import", "participants", str(path), "--edition", str(edition.pk), stdout=out)
    assert Enrolment.objects.filter(edition=edition).count() == 3


def test_the_command_lists_bad_rows_and_fails(coordinator, edition, tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([["E-mail", "Imię i nazwisko"], ["x", "Jan"], ["y", "Ewa"]]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 problems"):
        call_command(
            "import",
            "participants",
            str(path),
            "--edition",
            str(edition.pk),
            "--by",
            coordinator.email,
            "--language",
            "en",
            stderr=err,
        )
    assert "Row 2, column E-mail" in err.getvalue() and "Row 3" in err.getvalue()
    with pytest.raises(CommandError):
        call_command(
            "import", "participants", str(path), "--edition", "999999", "--by", coordinator.email
        )


def test_the_import_page_checks_then_enrols(client, coordinator, edition, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(coordinator)
    url = reverse("academy:participants-import", args=[edition.pk])
    assert client.get(url).status_code == 200
    upload = io.BytesIO(csv_bytes(POLISH_ROWS))
    upload.name = "people.csv"
    response = client.post(url, {"action": "check", "file": upload})
    assert response.status_code == 200
    assert b"Nothing has been written yet" in response.content
    assert not Enrolment.objects.exists()
    token = response.context["token"]
    response = client.post(url, {"action": "import", "token": token})
    assert response.status_code == 302
    assert Enrolment.objects.filter(edition=edition).count() == 3
    assert list(Path(tmp_path, "imports").iterdir()) == []
    # The same token cannot be replayed by someone else.
    other = CoordinatorFactory()
    client.force_login(other)
    assert client.post(url, {"action": "import", "token": token}).status_code == 403


def test_the_import_page_lists_problems(client, coordinator, edition):
    client.force_login(coordinator)
    upload = io.BytesIO(csv_bytes([["E-mail", "Full name"], ["bad", "Jan"]]))
    upload.name = "people.csv"
    response = client.post(
        reverse("academy:participants-import", args=[edition.pk]),
        {"action": "check", "file": upload},
    )
    assert b"1 problem was found" in response.content and b"bad" in response.content


def test_the_import_page_refuses_other_roles(client, edition):
    trainer = EditionStaffFactory(edition=edition, role=StaffRole.TRAINER).user
    client.force_login(trainer)
    url = reverse("academy:participants-import", args=[edition.pk])
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
