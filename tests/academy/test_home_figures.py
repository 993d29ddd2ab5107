"""The home page's academy figures after issue 16's rewrite (decision 0909) are those the full
computations gave: minutes summed in written-out SQL equal each mark's `credited_minutes`; the
staff panel's participants and teams equal what `editions_progress` gave for the whole edition;
a participant's summary equals `enrolment_progress`'s row and next sessions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.utils import timezone

from sib.academy import selectors
from sib.academy.completion import FORMATS
from sib.academy.models import Attendance, AttendanceStatus, Enrolment, Format, Group, StaffRole
from sib.academy.selectors import MINUTE_COLUMNS, CompletionCounts
from tests.academy.builders import edition_with_participants
from tests.factories import EditionStaffFactory, ModuleFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def marks_summed_in_python(enrolment_ids: set[int]) -> dict[int, tuple[int, ...]]:
    """Each mark's own `credited_minutes` and its session's length, by format, per enrolment."""
    sums: dict[int, list[int]] = defaultdict(lambda: [0] * len(MINUTE_COLUMNS))
    for mark in Attendance.objects.select_related("session"):
        if mark.enrolment_id not in enrolment_ids:
            continue
        column = 2 * FORMATS.index(mark.session.format)
        sums[mark.enrolment_id][column] += mark.credited_minutes
        sums[mark.enrolment_id][column + 1] += mark.session.duration_minutes
    return {enrolment_id: tuple(minutes) for enrolment_id, minutes in sums.items()}


def summed_in_sql(**which: object) -> dict[int, tuple[int, ...]]:
    found = selectors._minutes_by_enrolment(**which)  # type: ignore[arg-type]
    return {key: tuple(value or 0 for value in minutes) for key, minutes in found.items()}


def test_minutes_summed_in_sql_are_each_marks_credited_minutes() -> None:
    first, second = edition_with_participants(8), edition_with_participants(5)
    # Late by more than the session lasted: credited 0, never negative.
    late = Attendance.objects.filter(
        session__edition=first, status=AttendanceStatus.LATE
    ).select_related("session")[0]
    late.minutes_missed = late.session.duration_minutes + 30
    late.save()
    every = set(Enrolment.objects.values_list("pk", flat=True))
    expected = marks_summed_in_python(every)
    assert len(expected) == 13
    assert any(minutes[0] == 0 and minutes[1] > 0 for minutes in expected.values())

    assert summed_in_sql(edition_ids=[first.pk, second.pk]) == expected
    of_first = set(first.enrolments.values_list("pk", flat=True))
    assert summed_in_sql(edition_ids=[first.pk]) == marks_summed_in_python(of_first)
    some = sorted(of_first)[:3]
    assert summed_in_sql(enrolments=some) == marks_summed_in_python(set(some))
    team = Group.objects.filter(edition=first).order_by("pk")[0]
    in_team = Enrolment.objects.filter(group=team)
    assert summed_in_sql(enrolments=in_team.values("pk")) == marks_summed_in_python(
        set(in_team.values_list("pk", flat=True))
    )
    assert summed_in_sql(enrolments=[]) == {}


def progress_of(rows: list[selectors.ProgressRow]) -> list[tuple[object, ...]]:
    return [
        (
            row.enrolment.pk,
            row.status,
            row.evaluation.reachable,
            row.minutes_by_format,
            row.remaining_by_format,
        )
        for row in rows
    ]


def test_staff_editions_count_participants_and_show_teams_as_the_whole_progress_did() -> None:
    edition = edition_with_participants(9)
    withdrawn = edition.enrolments.order_by("pk")[0]
    withdrawn.withdrawn_on = timezone.localdate()
    withdrawn.save()
    mentor = Group.objects.filter(edition=edition).order_by("pk")[0].mentors.get()
    whole = selectors.editions_progress(actor=mentor, editions=[edition])[edition.pk]

    (item,) = selectors.staff_editions(actor=mentor, limit=6)

    assert item.participants == CompletionCounts.of(whole).total == 9
    assert item.roles == [StaffRole.MENTOR]
    (team, rows), *others = item.teams
    assert not others
    assert team.mentors.filter(pk=mentor.pk).exists()
    assert progress_of(rows) == progress_of(
        [row for row in whole if row.enrolment.group_id == team.pk]
    )
    assert [row.user.full_name for row in rows] == [
        row.user.full_name for row in whole if row.enrolment.group_id == team.pk
    ]


def test_a_trainers_staff_editions_have_no_teams_and_count_everyone() -> None:
    edition = edition_with_participants(4)
    trainer = UserFactory()
    EditionStaffFactory(edition=edition, user=trainer, role=StaffRole.TRAINER)
    (item,) = selectors.staff_editions(actor=trainer, limit=6)
    assert (item.participants, item.teams) == (4, [])


def test_a_participants_summary_is_their_progress_row_and_next_sessions() -> None:
    edition = edition_with_participants(4)
    module = ModuleFactory(programme=edition.programme)
    enrolment = edition.enrolments.exclude(group=None).order_by("pk")[0]
    other_team = Group.objects.filter(edition=edition).exclude(pk=enrolment.group_id)[0]
    now = timezone.now()
    for days, group in [(1, None), (2, other_team), (3, enrolment.group), (4, None), (6, None)]:
        SessionFactory(
            edition=edition,
            module=module,
            format=Format.WORKSHOP,
            group=group,
            starts_at=now + dt.timedelta(days=days),
        )
    SessionFactory(edition=edition, module=module, starts_at=now + dt.timedelta(days=9))
    user = enrolment.user

    full = selectors.enrolment_progress(actor=user, enrolment=enrolment)
    summary = selectors.enrolment_summary(actor=user, enrolment=enrolment)

    assert progress_of([summary.row]) == progress_of([full.row])
    assert summary.row.credential_state == full.row.credential_state
    assert summary.row.sentence == full.row.sentence
    assert summary.rule == full.rule
    assert summary.upcoming == full.upcoming
    assert len(summary.upcoming) == 5
    assert all(session.group_id in (None, enrolment.group_id) for session in summary.upcoming)


def test_sessions_to_mark_say_which_are_marked_and_keep_a_mentors_team_sessions() -> None:
    """`marked` is whether a session has any mark (EXISTS, no longer a count): the button says
    "Review attendance" for those. A mentor's team sessions are found from the roles read."""
    edition = edition_with_participants(4)
    team = Group.objects.filter(edition=edition).order_by("pk")[0]
    mentor = team.mentors.get()
    module = ModuleFactory(programme=edition.programme)
    soon = SessionFactory(
        edition=edition,
        module=module,
        group=team,
        leader=UserFactory(),
        starts_at=timezone.now() + dt.timedelta(days=1),
    )
    held = SessionFactory(
        edition=edition, module=module, starts_at=timezone.now() - dt.timedelta(days=2)
    )
    for enrolment in edition.enrolments.all()[:2]:
        Attendance.objects.create(
            session=held, enrolment=enrolment, status=AttendanceStatus.PRESENT
        )
    sessions, current = selectors.sessions_to_mark(actor=mentor)
    assert current
    marked = {session.pk: session.marked for session in sessions}
    assert (marked[held.pk], marked[soon.pk]) == (True, False)
    assert len(sessions) == len(marked) == 3  # the two, and the builder's lecture in five days


def test_the_home_asks_for_enrolments_and_surveys_only_of_those_who_have_them(client) -> None:  # noqa: ANN001
    """The progress and survey panels are skipped, without a query, for people the roles read
    once per request show enrolled nowhere and invited to no sent survey; those who are get
    them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sib.surveys.models import Invitation
    from tests.surveys.factories import InstrumentFactory

    edition = edition_with_participants(2)
    enrolment = edition.enrolments.order_by("pk")[0]
    client.force_login(enrolment.user)
    page = client.get("/").content.decode()
    assert f"My progress in {edition.title}" in page
    assert "Surveys to answer" not in page
    survey = InstrumentFactory(edition=edition)
    Invitation.objects.create(instrument=survey, user=enrolment.user)
    assert "Surveys to answer" in client.get("/").content.decode()

    stranger = UserFactory()
    client.force_login(stranger)
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/").content.decode()
    assert "My progress" not in page and "Surveys to answer" not in page
    others = [q["sql"] for q in captured.captured_queries if "role_kind" not in q["sql"]]
    assert not [sql for sql in others if 'FROM "academy_enrolment"' in sql]
    assert not [sql for sql in others if 'FROM "surveys_invitation"' in sql]
