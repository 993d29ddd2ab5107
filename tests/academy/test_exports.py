"""The edition table filtered and exported (XLSX and CSV, formula-safe); attendance per session."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sib.academy.models import AttendanceStatus, StaffRole
from tests.factories import (
    AttendanceFactory,
    CoordinatorFactory,
    EditionFactory,
    EditionStaffFactory,
    EnrolmentFactory,
    GroupFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    edition = EditionFactory(code="spring")
    team = GroupFactory(edition=edition, name="Team A")
    EnrolmentFactory(
        edition=edition, group=team, user=UserFactory(full_name='=HYPERLINK("x")', email="a@x.org")
    )
    EnrolmentFactory(edition=edition, user=UserFactory(full_name="Zofia Łąka", email="z@x.org"))
    EnrolmentFactory(edition=edition, user=UserFactory(full_name="+48 Jan", email="j@x.org"))
    return edition


def sheet(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_the_edition_table_exports_to_xlsx_with_formula_safe_cells(client, edition):
    client.force_login(CoordinatorFactory())
    url = reverse("academy:edition-participants", args=[edition.pk])
    rows = sheet(client.get(url, {"format": "xlsx"}))
    assert rows[0][:3] == ["Name", "E-mail", "Group"]
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("x")' in names and "'+48 Jan" in names and "Zofia Łąka" in names
    assert all(isinstance(row[3], int | float) for row in rows[1:])  # hours are numbers


def test_filters_apply_to_the_page_and_to_both_exports(client, edition):
    client.force_login(CoordinatorFactory())
    url = reverse("academy:edition-participants", args=[edition.pk])
    page = client.get(url, {"q": "łąka"})
    assert [row.user.full_name for row in page.context["rows"]] == ["Zofia Łąka"]
    team = edition.groups.get()
    rows = sheet(client.get(url, {"group": team.pk, "format": "xlsx"}))
    assert len(rows) == 2 and rows[1][2] == "Team A"
    text = client.get(url, {"group": "0", "format": "csv"}).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert {line[0] for line in lines[1:]} == {"Zofia Łąka", "'+48 Jan"}
    assert f"group={team.pk}" in client.get(url, {"group": team.pk}).context["export_query"]


def test_attendance_of_a_session_exports_as_csv_and_xlsx(client, edition):
    session = SessionFactory(edition=edition, duration_minutes=120)
    enrolments = list(edition.enrolments.order_by("user__full_name"))
    AttendanceFactory(session=session, enrolment=enrolments[0], status=AttendanceStatus.PRESENT)
    AttendanceFactory(
        session=session,
        enrolment=enrolments[1],
        status=AttendanceStatus.LATE,
        minutes_missed=30,
    )
    trainer = EditionStaffFactory(edition=edition, role=StaffRole.TRAINER).user
    client.force_login(trainer)
    url = reverse("academy:attendance", args=[session.pk])
    rows = sheet(client.get(url, {"format": "xlsx"}))
    assert rows[0] == ["Name", "E-mail", "Group", "Status", "Minutes missed", "Minutes credited"]
    by_name = {row[0]: row for row in rows[1:]}
    assert len(by_name) == 3
    late = (
        by_name[enrolments[1].user.full_name.replace("=", "'=", 1)]
        if enrolments[1].user.full_name.startswith("=")
        else by_name[enrolments[1].user.full_name]
    )
    assert late[3:] == ["Late", 30, 90]
    response = client.get(url, {"format": "csv"})
    assert response["Content-Disposition"].endswith('attendance.csv"')
    assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == 4


def test_exports_refuse_people_who_may_not_see_them(client, edition):
    session = SessionFactory(edition=edition)
    participant = edition.enrolments.first().user
    client.force_login(participant)
    assert (
        client.get(reverse("academy:attendance", args=[session.pk]), {"format": "csv"}).status_code
        == 403
    )
    assert (
        client.get(
            reverse("academy:edition-participants", args=[edition.pk]), {"format": "xlsx"}
        ).status_code
        == 403
    )
    client.force_login(UserFactory())
    assert (
        client.get(
            reverse("academy:edition-participants", args=[edition.pk]), {"format": "xlsx"}
        ).status_code
        == 404
    )
