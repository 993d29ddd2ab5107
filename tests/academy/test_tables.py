"""The long staff tables rendered in Python (decision 0915): the figures and markup the templates
wrote, every person's text escaped; a whole-grid save is one upsert, whatever its size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from sib.academy import services, tables
from sib.academy.models import Attendance, AttendanceStatus
from sib.academy.services import Mark
from sib.core.templatetags.sib import hours
from tests.academy.builders import edition_with_participants
from tests.academy.factories import ApplicationFactory
from tests.factories import (
    CoordinatorFactory,
    EnrolmentFactory,
    SessionFactory,
)

NAME = '<b>Zoë "Ż" & co</b>'
ESCAPED = "&lt;b&gt;Zoë &quot;Ż&quot; &amp; co&lt;/b&gt;"


@pytest.mark.parametrize("language", ["pl", "en"])
def test_hours_in_a_table_read_as_the_filter_says(language: str) -> None:
    with translation.override(language):
        fast = tables.hours_formatter()
        for minutes in [*range(0, 1500), 59_999, 60_000, 123_457]:
            assert fast(minutes) == hours(minutes), minutes
        assert fast(None) == hours(None) == "—"


@pytest.mark.django_db
class TestRows:
    def setup_method(self) -> None:
        self.edition = edition_with_participants(3)
        self.enrolment = self.edition.enrolments.order_by("pk").first()
        self.enrolment.user.full_name = NAME
        self.enrolment.user.save()

    def test_edition_table_escapes_names_and_keeps_its_headers(self, client) -> None:  # noqa: ANN001
        client.force_login(CoordinatorFactory())
        page = client.get(
            reverse("academy:edition-participants", args=[self.edition.pk])
        ).content.decode()
        assert ESCAPED in page and NAME not in page
        assert page.count('<th scope="col"') == 9
        detail = reverse("academy:enrolment-detail", args=[self.enrolment.pk])
        assert f'<a href="{detail}">{ESCAPED}</a>' in page
        assert page.count("<tr><td><a href=") == 3

    def test_attendance_grid_rows_keep_labels_and_marks(self, client) -> None:  # noqa: ANN001
        session = self.edition.sessions.filter(group=None).order_by("pk").first()
        mark = Attendance.objects.get(session=session, enrolment=self.enrolment)
        client.force_login(CoordinatorFactory())
        page = client.get(reverse("academy:attendance", args=[session.pk])).content.decode()
        pk = self.enrolment.pk
        assert f'<th scope="row" id="person-{pk}">{ESCAPED}</th>' in page
        assert f'<fieldset class="choices" aria-labelledby="person-{pk}">' in page
        assert f'<label for="missed-{pk}" class="visually-hidden">' in page
        assert page.count(f'name="status-{pk}"') == len(AttendanceStatus.choices)
        assert f'name="status-{pk}" value="{mark.status}" checked>' in page
        assert page.count(" checked>") == Attendance.objects.filter(session=session).count()
        assert NAME not in page

    def test_attendance_grid_shows_typed_values_escaped_after_a_failed_save(self, client) -> None:  # noqa: ANN001
        session = self.edition.sessions.filter(group=None).order_by("pk").first()
        client.force_login(CoordinatorFactory())
        pk = self.enrolment.pk
        response = client.post(
            reverse("academy:attendance", args=[session.pk]),
            {f"status-{pk}": "late", f"missed-{pk}": '"><script>'},
        )
        page = response.content.decode()
        assert 'value="&quot;&gt;&lt;script&gt;"' in page
        assert f'name="status-{pk}" value="late" checked>' in page
        assert "save-state--error" in page

    def test_edition_sessions_say_how_many_are_marked(self, client) -> None:  # noqa: ANN001
        session = self.edition.sessions.filter(group=None).order_by("starts_at").first()
        session.title = NAME
        session.save()
        future = self.edition.sessions.order_by("-starts_at").first()
        client.force_login(CoordinatorFactory())
        with translation.override("en"):
            page = client.get(
                reverse("academy:edition-detail", args=[self.edition.pk]),
                HTTP_ACCEPT_LANGUAGE="en",
            ).content.decode()
        marked = Attendance.objects.filter(session=session).count()
        link = reverse("academy:attendance", args=[session.pk])
        assert (
            f'<a href="{link}">{marked} marked<span class="visually-hidden"> — {ESCAPED}, ' in page
        )
        assert f'<a href="{reverse("academy:attendance", args=[future.pk])}">' in page
        assert NAME not in page

    def test_application_list_escapes_names_in_rows_and_buttons(self, client) -> None:  # noqa: ANN001
        ApplicationFactory(edition=self.edition, full_name=NAME)
        client.force_login(CoordinatorFactory())
        page = client.get(
            reverse("academy:edition-applications", args=[self.edition.pk])
        ).content.decode()
        assert NAME not in page
        assert f'<span class="visually-hidden"> — {ESCAPED}</span>' in page


@pytest.mark.django_db
@pytest.mark.parametrize("people", [1, 25])
def test_a_grid_save_writes_in_one_statement(people: int) -> None:
    session = SessionFactory(duration_minutes=90)
    enrolments = [EnrolmentFactory(edition=session.edition) for _ in range(people * 3)]
    earlier, coordinator = CoordinatorFactory(), CoordinatorFactory()
    unchanged, changed, new = (
        enrolments[:people],
        enrolments[people : 2 * people],
        enrolments[2 * people :],
    )
    first = [Mark(e.pk, AttendanceStatus.PRESENT) for e in unchanged + changed]
    services.attendance_record(actor=earlier, session=session, marks=first)
    kept = dict(Attendance.objects.filter(enrolment__in=unchanged).values_list("pk", "recorded_at"))
    marks = [
        *(Mark(e.pk, AttendanceStatus.PRESENT) for e in unchanged),
        *(Mark(e.pk, AttendanceStatus.LATE, 10) for e in changed),
        *(Mark(e.pk, AttendanceStatus.ABSENT) for e in new),
    ]
    with CaptureQueriesContext(connection) as captured:
        services.attendance_record(actor=coordinator, session=session, marks=marks)
    writes = [
        q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert len(writes) == 1, writes
    rows = {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}
    assert len(rows) == 3 * people
    assert {(rows[e.pk].status, rows[e.pk].minutes_missed) for e in changed} == {("late", 10)}
    assert {rows[e.pk].status for e in new} == {"absent"}
    assert {rows[e.pk].recorded_by_id for e in changed + new} == {coordinator.pk}
    assert {rows[e.pk].recorded_by_id for e in unchanged} == {earlier.pk}
    assert {rows[e.pk].pk: rows[e.pk].recorded_at for e in unchanged} == kept
