from __future__ import annotations

import pytest
from django.urls import reverse

from sib.academy.models import StaffRole
from sib.reports import services
from sib.reports.models import ExportStatus, ReportExport
from tests.factories import (
    CoordinatorFactory,
    EditionFactory,
    EditionStaffFactory,
    EnrolmentFactory,
    UserFactory,
)
from tests.surveys.factories import answer, evaluation

pytestmark = pytest.mark.django_db


def _edition_with(participants: int):  # noqa: ANN202
    edition = EditionFactory()
    instrument, items = evaluation(edition=edition)
    for index in range(participants):
        enrolment = EnrolmentFactory(edition=edition, user=UserFactory(gender="woman"))
        answer(
            instrument, enrolment.user, {items["S1"]: 4, items["S2"]: 5, items["U1"]: 3 + index % 3}
        )
    return edition


def test_who_may_open_an_editions_report(client) -> None:  # noqa: ANN001
    edition = _edition_with(2)
    url = reverse("reports:edition-dashboard", args=[edition.pk])
    client.force_login(CoordinatorFactory())
    assert client.get(url).status_code == 200
    own = EditionStaffFactory(edition=edition, role=StaffRole.COORDINATOR)
    client.force_login(own.user)
    assert client.get(url).status_code == 200
    assert client.get(reverse("reports:all-dashboard")).status_code == 403
    trainer = EditionStaffFactory(edition=edition, role=StaffRole.TRAINER)
    client.force_login(trainer.user)
    assert client.get(url).status_code == 403  # sees the edition, may not report on it
    stranger = EditionStaffFactory(role=StaffRole.COORDINATOR)  # another edition's coordinator
    client.force_login(stranger.user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("reports:edition-pdf", args=[edition.pk])).status_code == 404


def test_indicators_api_refuses_with_problem_json(client) -> None:  # noqa: ANN001
    edition = _edition_with(1)
    response = client.get("/api/v1/reports/indicators")
    assert response.status_code == 401
    client.force_login(UserFactory())
    response = client.get("/api/v1/reports/indicators")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert client.get(f"/api/v1/reports/indicators?edition={edition.pk}").status_code == 404
    assert client.get("/api/v1/reports/indicators?edition=abc").status_code == 422


def test_api_docs_define_every_indicator(client) -> None:  # noqa: ANN001
    schema = client.get("/api/v1/openapi.json").json()
    description = schema["paths"]["/api/v1/reports/indicators"]["get"]["description"]
    for key in (
        "programme_hours",
        "participants_target",
        "applicants",
        "participants_enrolled",
        "participants_completed",
        "participants_certified",
        "certification_rate",
        "survey_responses",
        "survey_mean",
        "survey_scale_means",
    ):
        assert f"`{key}`" in description, key


# QUALITY.md: every page in a fixed number of queries, the same whatever the data, at most 20.
# These are those numbers; each test renders a small and a larger data set.
# academy 6: with the credential states behind "certified" (decision 0565)
QUERIES_ONE_EDITION = (
    16  # session, user, scope 1, academy 6, surveys 5, events 1, charts 1, roles 1
)
# The roles the navigation reads are one query per request (sib.core.roles, issue 16).
QUERIES_WITH_EVENTS = 17  # the same, with events in scope: events 2
# Issue 16: the surveys count answers per item and per segment in one query, the brokerage reads
# challenges, introductions and consultations in one UNION.
QUERIES_ALL_EDITIONS = 19  # with events, the brokerage 1, the studio 1 (no project)


@pytest.mark.parametrize("participants", [1, 25])
def test_dashboard_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, participants
) -> None:  # noqa: ANN001
    edition = _edition_with(participants)
    client.force_login(CoordinatorFactory())
    url = reverse("reports:edition-dashboard", args=[edition.pk])
    client.get(url)  # charts drawn and cached
    with django_assert_num_queries(QUERIES_ONE_EDITION):  # no event in scope: events 1
        assert client.get(url).status_code == 200


def test_an_export_runs_in_the_background_for_its_requester_only(
    client, settings, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    edition = _edition_with(3)
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:edition-export", args=[edition.pk]), {"format": "xlsx"}
        )
    export = ReportExport.objects.get()
    assert response.url == reverse("reports:export", args=[export.pk])
    assert "The file is ready." in client.get(response.url).content.decode()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.progress == 100
    download = client.get(reverse("reports:export-file", args=[export.pk]))
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert services.report_export_run(export_id=str(export.pk)).status == ExportStatus.DONE
    client.force_login(CoordinatorFactory())
    assert client.get(reverse("reports:export", args=[export.pk])).status_code == 404
    assert client.get(reverse("reports:export-file", args=[export.pk])).status_code == 404


def _edition_with_self_assessment(participants: int):  # noqa: ANN202
    edition = _edition_with(participants)
    before, b_items = evaluation(
        edition=edition, kind="self_assessment", phase="before", anonymous=False
    )
    after, a_items = evaluation(
        edition=edition, kind="self_assessment", phase="after", baseline=before, anonymous=False
    )
    for enrolment in edition.enrolments.all():
        answer(before, enrolment.user, {b_items["S1"]: 2, b_items["S2"]: 2, b_items["U1"]: 3})
        answer(after, enrolment.user, {a_items["S1"]: 4, a_items["S2"]: 3, a_items["U1"]: 3})
    return edition


def _events_in(editions: int) -> None:
    """Events that took place, with check-ins, agenda items and speakers: a few per edition."""
    from django.utils import timezone

    from sib.academy.models import Edition
    from tests.events.factories import (
        AgendaItemFactory,
        PastEventFactory,
        RegistrationFactory,
        SpeakerFactory,
    )

    for edition in Edition.objects.order_by("pk")[:editions]:
        for _ in range(2):
            event = PastEventFactory(edition=edition)
            item = AgendaItemFactory(event=event)
            item.speakers.add(SpeakerFactory())
            RegistrationFactory(event=event, checked_in_at=timezone.now(), gender="woman")
            RegistrationFactory(event=event)


@pytest.mark.parametrize("editions", [2, 4])
@pytest.mark.parametrize("page", ["reports:all-dashboard", "reports:all-report"])
def test_all_editions_pages_take_a_fixed_number_of_queries(
    client,
    django_assert_num_queries,
    editions,
    page,  # noqa: ANN001
) -> None:
    for _ in range(editions):
        _edition_with_self_assessment(2 * editions)
    _events_in(editions)
    client.force_login(CoordinatorFactory())
    url = reverse(page)
    client.get(url)
    with django_assert_num_queries(QUERIES_ALL_EDITIONS):
        response = client.get(url)
    assert response.status_code == 200
    # several editions: the competence change pooled over every pair, one row per edition
    text = response.content.decode()
    assert "Competence change by edition" in text
    assert "Comparison between editions" in text
    assert "Events: registrations, attendance and programme" in text


@pytest.mark.parametrize("editions", [1, 3])
def test_one_editions_report_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, editions
) -> None:  # noqa: ANN001
    for _ in range(editions):
        edition = _edition_with_self_assessment(2 * editions)
    _events_in(editions)
    client.force_login(CoordinatorFactory())
    url = reverse("reports:edition-report", args=[edition.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES_WITH_EVENTS):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("editions", [1, 3])
def test_programme_dashboard_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, editions
) -> None:  # noqa: ANN001
    from sib.academy.models import Edition

    for _ in range(editions):
        edition = _edition_with_self_assessment(2 * editions)
    Edition.objects.update(programme=edition.programme)
    _events_in(editions)
    client.force_login(CoordinatorFactory())
    url = reverse("reports:programme-dashboard", args=[edition.programme.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES_WITH_EVENTS):
        assert client.get(url).status_code == 200
