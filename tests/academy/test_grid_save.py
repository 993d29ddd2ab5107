"""The whole-grid save (`PUT /api/v1/sessions/{id}/attendance`): a flat number of queries
whatever the grid's size or how many marks change, one write statement to the attendance table,
and an answer equal to the grid read back."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sib.academy import selectors
from sib.academy.models import Attendance
from tests.factories import CoordinatorFactory, EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db

STATUSES = ("present", "late", "absent", "excused")


def mark(enrolment_id: int, status: str) -> dict[str, object]:
    return {
        "enrolment_id": enrolment_id,
        "status": status,
        "minutes_missed": 20 if status == "late" else 0,
    }


def grids(ids: list[int]) -> dict[str, tuple[list[dict[str, object]], list[dict[str, object]]]]:
    """Each case: the marks saved before, then the marks PUT (measured)."""
    first = [mark(pk, STATUSES[i % 4]) for i, pk in enumerate(ids)]
    changed = [mark(pk, STATUSES[(i + 1) % 4]) for i, pk in enumerate(ids)]
    third = len(ids) // 3
    mixed = first[:third] + changed[third : 2 * third] + first[2 * third :]
    return {
        "new": ([], first),
        "unchanged": (first, first),
        "changed": (first, changed),
        "mixed": (first[: 2 * third], mixed),
    }


def put(client, session, marks):
    return client.put(
        f"/api/v1/sessions/{session.pk}/attendance",
        data=json.dumps({"marks": marks}),
        content_type="application/json",
    )


def attendance_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "academy_attendance" in q["sql"].split("(", 1)[0]
    ]


@pytest.mark.parametrize("case", ["new", "unchanged", "changed", "mixed"])
def test_a_grid_of_3_and_of_30_cost_the_same_queries_and_one_write(client, case):
    client.force_login(CoordinatorFactory())
    counts = []
    for size in (3, 30):
        session = SessionFactory(duration_minutes=90)
        ids = [e.pk for e in EnrolmentFactory.create_batch(size, edition=session.edition)]
        before, marks = grids(ids)[case]
        if before:
            assert put(client, session, before).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            answer = put(client, session, marks)
        assert answer.status_code == 200, answer.content
        assert len(attendance_writes(captured)) == 1, attendance_writes(captured)
        counts.append(len(captured))
        saved = dict(
            Attendance.objects.filter(session=session).values_list("enrolment_id", "status")
        )
        assert saved == {m["enrolment_id"]: m["status"] for m in marks}
        read = client.get(f"/api/v1/sessions/{session.pk}/attendance")
        assert answer.json() == read.json()
    assert counts[0] == counts[1], counts


def test_the_plain_grid_agrees_with_the_marks_as_objects(client):
    """The API's plain rows and the page's objects: the same people (withdrawn ones left out in
    SQL), the same marks and the same credited minutes."""
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    session = SessionFactory(duration_minutes=90)
    people = EnrolmentFactory.create_batch(8, edition=session.edition)
    gone = people[0]
    gone.withdrawn_on = session.starts_at.date() - dt.timedelta(days=1)
    gone.save()
    marks = [mark(e.pk, STATUSES[i % 4]) for i, e in enumerate(people[1:6])]
    assert put(client, session, marks).status_code == 200
    plain = selectors.attendance_grid_marks(actor=coordinator, session=session)
    objects = selectors.attendance_grid(actor=coordinator, session=session)
    assert gone.pk not in {row.enrolment_id for row in plain}
    assert [row.enrolment_id for row in plain] == [row.enrolment.pk for row in objects]
    by_id = {row.enrolment.pk: row for row in objects}
    for row in plain:
        attendance = by_id[row.enrolment_id].attendance
        expected = (
            (attendance.status, attendance.minutes_missed, attendance.credited_minutes)
            if attendance
            else (None, 0, 0)
        )
        assert (row.status, row.minutes_missed, row.credited_minutes) == expected
    assert {row.credited_minutes for row in plain} == {0, 70, 90}
