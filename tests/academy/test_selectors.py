"""Reads: progress figures and their query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sib.academy import selectors
from sib.academy.models import Attendance, AttendanceStatus, EditionStatus, Format
from tests.academy.builders import edition_with_participants
from tests.factories import (
    CoordinatorFactory,
    EditionFactory,
    EnrolmentFactory,
    GroupFactory,
    ModuleFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def queries(function, *args, **kwargs) -> int:  # noqa: ANN001
    with CaptureQueriesContext(connection) as captured:
        function(*args, **kwargs)
    return len(captured)


def test_minutes_by_format_count_late_arrivals_and_only_own_audience() -> None:
    edition = EditionFactory(status=EditionStatus.FINISHED)
    module = ModuleFactory(programme=edition.programme)
    mine, other = GroupFactory(edition=edition), GroupFactory(edition=edition)
    enrolment = EnrolmentFactory(edition=edition, group=mine, final_project_score=Decimal(80))
    lecture = SessionFactory(
        edition=edition, module=module, format=Format.LECTURE, duration_minutes=240
    )
    mentoring = SessionFactory(
        edition=edition, module=module, format=Format.MENTORING, group=mine, duration_minutes=120
    )
    SessionFactory(
        edition=edition, module=module, format=Format.MENTORING, group=other, duration_minutes=600
    )
    Attendance.objects.create(
        session=lecture, enrolment=enrolment, status=AttendanceStatus.LATE, minutes_missed=45
    )
    Attendance.objects.create(
        session=mentoring, enrolment=enrolment, status=AttendanceStatus.PRESENT
    )

    (row,) = selectors.edition_progress(actor=CoordinatorFactory(), edition=edition)
    assert row.minutes_by_format == {"lecture": 195, "workshop": 0, "mentoring": 120}
    assert row.remaining_by_format == {
        "lecture": 0,
        "workshop": 0,
        "mentoring": 0,
    }  # the other team's 600 don't count
    assert row.status == "partial"
    assert not row.evaluation.reachable


def test_excused_and_absent_credit_nothing() -> None:
    edition = EditionFactory()
    session = SessionFactory(edition=edition, duration_minutes=60)
    for status in (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED):
        enrolment = EnrolmentFactory(edition=edition)
        Attendance.objects.create(session=session, enrolment=enrolment, status=status)
    rows = selectors.edition_progress(actor=CoordinatorFactory(), edition=edition)
    assert [row.total_minutes for row in rows] == [0, 0]


def test_edition_table_sorts_and_filters() -> None:
    edition = edition_with_participants(8)
    coordinator = CoordinatorFactory()
    rows = selectors.edition_progress(actor=coordinator, edition=edition, sort="-total")
    totals = [row.total_minutes for row in rows]
    assert totals == sorted(totals, reverse=True)
    assert all(
        row.status == "active"
        for row in selectors.edition_progress(actor=coordinator, edition=edition, status="active")
    )


def test_participants_cannot_read_the_edition_table() -> None:
    edition = edition_with_participants(2)
    participant = edition.enrolments.first().user
    with pytest.raises(PermissionDenied):
        selectors.edition_progress(actor=participant, edition=edition)


@pytest.mark.parametrize("function", ["edition_progress", "completion_counts"])
def test_progress_query_count_does_not_grow_with_participants(function: str) -> None:
    coordinator = CoordinatorFactory()
    small, large = edition_with_participants(5), edition_with_participants(50)
    select = getattr(selectors, function)
    assert (
        queries(select, actor=coordinator, edition=small)
        == queries(select, actor=coordinator, edition=large)
        == 3  # enrolments, minutes per (enrolment, format), scheduled minutes
    )


def test_sessions_to_mark_current_first_else_the_most_recent_in_one_query() -> None:
    """The home page's attendance buttons: sessions from a week ago on, soonest first; when
    there are none, the most recent ones, latest first, flagged as not current."""
    import datetime as dt

    from django.utils import timezone

    from sib.academy.models import StaffRole
    from sib.core.roles import forget_roles
    from tests.factories import EditionStaffFactory, UserFactory

    edition = EditionFactory()
    module = ModuleFactory(programme=edition.programme)
    trainer = UserFactory()
    EditionStaffFactory(edition=edition, user=trainer, role=StaffRole.TRAINER)
    now = timezone.now()
    old = [
        SessionFactory(edition=edition, module=module, starts_at=now - dt.timedelta(days=d))
        for d in (30, 20, 10)
    ]
    assert selectors.sessions_to_mark(actor=trainer) == ([old[2], old[1], old[0]], False)
    forget_roles(trainer)
    assert queries(selectors.sessions_to_mark, actor=trainer) == 2  # the roles, the sessions
    soon = SessionFactory(edition=edition, module=module, starts_at=now + dt.timedelta(days=3))
    recent = SessionFactory(edition=edition, module=module, starts_at=now - dt.timedelta(days=2))
    assert selectors.sessions_to_mark(actor=trainer) == ([recent, soon], True)
    assert selectors.sessions_to_mark(actor=UserFactory()) == ([], True)
