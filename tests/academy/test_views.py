"""Pages: who may open what, forms that keep what was typed, and query counts per page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sib.academy.models import Attendance, StaffRole
from tests.academy.builders import edition_with_participants
from tests.factories import (
    CoordinatorFactory,
    EditionFactory,
    EditionStaffFactory,
    EnrolmentFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HOME_QUERIES = 20  # the most any role's home page takes (QUALITY.md: at most 20)


def page_queries(client, url: str) -> int:  # noqa: ANN001
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured)


class TestProgressPermissions:
    def test_participant_reads_own_progress_but_not_anothers(self, client) -> None:  # noqa: ANN001
        edition = edition_with_participants(2)
        mine, theirs = edition.enrolments.order_by("pk")
        client.force_login(mine.user)
        assert client.get(reverse("academy:enrolment-detail", args=[mine.pk])).status_code == 200
        assert client.get(reverse("academy:enrolment-detail", args=[theirs.pk])).status_code == 404
        assert (
            client.get(reverse("academy:edition-participants", args=[edition.pk])).status_code
            == 403
        )

    def test_trainer_of_another_edition_sees_nothing_of_this_one(self, client) -> None:  # noqa: ANN001
        edition = edition_with_participants(2)
        session = edition.sessions.first()
        outsider = EditionStaffFactory(role=StaffRole.TRAINER).user
        client.force_login(outsider)
        for url in (
            reverse("academy:edition-detail", args=[edition.pk]),
            reverse("academy:edition-participants", args=[edition.pk]),
            reverse("academy:attendance", args=[session.pk]),
            reverse("academy:enrolment-detail", args=[edition.enrolments.first().pk]),
        ):
            assert client.get(url).status_code == 404, url
        enrolment = edition.enrolments.first()
        response = client.post(
            reverse("academy:attendance-mark", args=[session.pk, enrolment.pk]),
            {f"status-{enrolment.pk}": "present"},
        )
        assert response.status_code == 404
        assert not Attendance.objects.filter(recorded_by=outsider).exists()

    def test_trainer_views_edition_but_cannot_manage_it(self, client) -> None:  # noqa: ANN001
        edition = edition_with_participants(2)
        trainer = edition.staff.get(role=StaffRole.TRAINER).user
        client.force_login(trainer)
        assert (
            client.get(reverse("academy:edition-participants", args=[edition.pk])).status_code
            == 200
        )
        assert client.get(reverse("academy:enrolment-create", args=[edition.pk])).status_code == 403
        assert client.get(reverse("academy:edition-update", args=[edition.pk])).status_code == 403

    def test_anonymous_is_sent_to_login(self, client) -> None:  # noqa: ANN001
        edition = EditionFactory()
        response = client.get(reverse("academy:edition-detail", args=[edition.pk]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


class TestAttendanceGrid:
    def test_trainer_marks_a_row_with_htmx(self, client) -> None:  # noqa: ANN001
        session = SessionFactory(duration_minutes=120)
        trainer = EditionStaffFactory(edition=session.edition, role=StaffRole.TRAINER).user
        enrolment = EnrolmentFactory(edition=session.edition)
        client.force_login(trainer)
        url = reverse("academy:attendance-mark", args=[session.pk, enrolment.pk])
        response = client.post(
            url,
            {f"status-{enrolment.pk}": "late", f"missed-{enrolment.pk}": "25"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200 and b"Saved" in response.content
        attendance = Attendance.objects.get()
        assert (attendance.status, attendance.minutes_missed, attendance.recorded_by) == (
            "late",
            25,
            trainer,
        )

    def test_bad_row_answers_with_a_message_and_saves_nothing(self, client) -> None:  # noqa: ANN001
        session = SessionFactory(duration_minutes=120)
        trainer = EditionStaffFactory(edition=session.edition, role=StaffRole.TRAINER).user
        enrolment = EnrolmentFactory(edition=session.edition)
        client.force_login(trainer)
        url = reverse("academy:attendance-mark", args=[session.pk, enrolment.pk])
        response = client.post(
            url, {f"status-{enrolment.pk}": "late", f"missed-{enrolment.pk}": "abc"}
        )
        assert b"whole number" in response.content
        response = client.post(
            url, {f"status-{enrolment.pk}": "late", f"missed-{enrolment.pk}": "500"}
        )
        assert b"between 1 and 119" in response.content
        assert not Attendance.objects.exists()

    def test_whole_grid_without_javascript_keeps_what_was_typed(self, client) -> None:  # noqa: ANN001
        session = SessionFactory(duration_minutes=60)
        trainer = EditionStaffFactory(edition=session.edition, role=StaffRole.TRAINER).user
        good, bad = (
            EnrolmentFactory(edition=session.edition),
            EnrolmentFactory(edition=session.edition),
        )
        client.force_login(trainer)
        url = reverse("academy:attendance", args=[session.pk])
        response = client.post(
            url,
            {f"status-{good.pk}": "present", f"status-{bad.pk}": "late", f"missed-{bad.pk}": "75"},
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "Nothing was saved" in content
        assert f'name="missed-{bad.pk}" value="75"' in content
        assert not Attendance.objects.exists()
        response = client.post(
            url,
            {f"status-{good.pk}": "present", f"status-{bad.pk}": "late", f"missed-{bad.pk}": "10"},
        )
        assert response.status_code == 302
        assert Attendance.objects.count() == 2

    def test_participant_cannot_open_the_grid_of_their_session(self, client) -> None:  # noqa: ANN001
        session = SessionFactory()
        enrolment = EnrolmentFactory(edition=session.edition)
        client.force_login(enrolment.user)
        assert client.get(reverse("academy:attendance", args=[session.pk])).status_code == 403
        response = client.post(
            reverse("academy:attendance-mark", args=[session.pk, enrolment.pk]),
            {f"status-{enrolment.pk}": "present"},
        )
        assert response.status_code == 403
        assert not Attendance.objects.exists()


class TestForms:
    def test_edition_form_redisplays_typed_values_with_errors(self, client) -> None:  # noqa: ANN001
        coordinator = CoordinatorFactory()
        programme = EditionFactory().programme
        client.force_login(coordinator)
        response = client.post(
            reverse("academy:edition-create"),
            {
                "programme": programme.pk,
                "code": "spring-2026",
                "title_pl": "Wiosna 2026",
                "starts_on": "2026-05-01",
                "ends_on": "2026-03-01",
                "language": "pl",
                "delivery_mode": "online",
                "capacity": "30",
                "target": "25",
                "status": "planned",
            },
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "cannot end before it starts" in content
        assert 'value="Wiosna 2026"' in content and 'value="spring-2026"' in content

    def test_coordinator_enrols_a_new_person(self, client) -> None:  # noqa: ANN001
        edition = EditionFactory()
        client.force_login(CoordinatorFactory())
        response = client.post(
            reverse("academy:enrolment-create", args=[edition.pk]),
            {
                "email": "ala@example.org",
                "full_name": "Ala Kot",
                "language_track": "pl",
                "enrolled_on": "2024-01-02",
            },
        )
        assert response.status_code == 302
        assert edition.enrolments.get().user.full_name == "Ala Kot"

    def test_enrolment_without_name_for_unknown_person_keeps_the_email(self, client) -> None:  # noqa: ANN001
        edition = EditionFactory()
        client.force_login(CoordinatorFactory())
        response = client.post(
            reverse("academy:enrolment-create", args=[edition.pk]),
            {"email": "nobody@example.org", "language_track": "pl", "enrolled_on": "2024-01-02"},
        )
        assert response.status_code == 200
        assert 'value="nobody@example.org"' in response.content.decode()

    def test_withdrawal_form(self, client) -> None:  # noqa: ANN001
        enrolment = EnrolmentFactory()
        client.force_login(CoordinatorFactory())
        response = client.post(
            reverse("academy:enrolment-withdraw", args=[enrolment.pk]),
            {"withdrawn_on": "2024-02-01", "reason": "Changed jobs"},
        )
        assert response.status_code == 302
        enrolment.refresh_from_db()
        assert enrolment.withdrawn_on == dt.date(2024, 2, 1)


class TestQueryCounts:
    @pytest.mark.parametrize("name", ["academy:edition-participants", "academy:edition-detail"])
    def test_edition_pages_do_not_grow_with_participants(self, client, name: str) -> None:  # noqa: ANN001
        client.force_login(CoordinatorFactory())
        small, large = edition_with_participants(5), edition_with_participants(50)
        counts = [
            page_queries(client, reverse(name, args=[edition.pk])) for edition in (small, large)
        ]
        assert counts[0] == counts[1]
        assert counts[0] <= 20

    def test_attendance_grid_does_not_grow_with_participants(self, client) -> None:  # noqa: ANN001
        client.force_login(CoordinatorFactory())
        small, large = edition_with_participants(5), edition_with_participants(50)
        counts = [
            page_queries(client, reverse("academy:attendance", args=[e.sessions.first().pk]))
            for e in (small, large)
        ]
        assert counts[0] == counts[1] <= 20

    def test_progress_page_does_not_grow_with_sessions(self, client) -> None:  # noqa: ANN001
        small, large = edition_with_participants(3), edition_with_participants(3)
        for _ in range(20):
            SessionFactory(edition=large, module=large.sessions.first().module)
        counts = []
        for edition in (small, large):
            enrolment = edition.enrolments.first()
            client.force_login(enrolment.user)
            counts.append(
                page_queries(client, reverse("academy:enrolment-detail", args=[enrolment.pk]))
            )
        assert counts[0] == counts[1] <= 20

    def test_home_pages(self, client) -> None:  # noqa: ANN001
        edition = edition_with_participants(5)
        for user in (
            CoordinatorFactory(),
            edition.staff.get(role="trainer").user,
            edition.enrolments.first().user,
            UserFactory(),
        ):
            client.force_login(user)
            # The panels and the navigation share one read of a person's roles (sib.core.roles,
            # issue 16); a participant's status sentence reads the credential state (0565).
            count = page_queries(client, "/")
            assert count <= HOME_QUERIES

    def test_coordinators_home_does_not_grow_with_editions(self, client) -> None:  # noqa: ANN001
        coordinator = CoordinatorFactory()
        client.force_login(coordinator)
        edition_with_participants(3)
        counts = [page_queries(client, "/")]
        for _ in range(9):
            edition_with_participants(3)
        counts.append(page_queries(client, "/"))
        assert counts[0] == counts[1] <= 20
        page = client.get("/")
        assert b"All editions" in page.content  # 10 editions in flight, 6 shown

    def test_a_mentors_home_does_not_grow_with_editions(self, client) -> None:  # noqa: ANN001
        first = edition_with_participants(3)
        mentor = first.staff.get(role="mentor").user
        client.force_login(mentor)
        counts = [page_queries(client, "/")]
        for _ in range(3):
            other = edition_with_participants(3)
            EditionStaffFactory(edition=other, user=mentor, role="mentor")
            other.groups.first().mentors.add(mentor)
        counts.append(page_queries(client, "/"))
        assert counts[0] == counts[1] <= 20
        assert client.get("/").content.count(b'class="team"') == 4
