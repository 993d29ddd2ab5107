"""The events API: public reads, registration, statistics for organisers, problem details."""

from __future__ import annotations

import pytest

from sib.accounts.services import api_token_create
from sib.events import services
from sib.events.models import EventRole, ItemKind
from tests.conftest import bearer
from tests.events.factories import (
    AgendaItemFactory,
    EventFactory,
    EventStaffFactory,
    RegistrationFactory,
    SpeakerFactory,
)
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def token_for(user) -> str:  # noqa: ANN001
    return api_token_create(actor=user, user=user)[1]


def assert_problem(response, status: int) -> dict:  # noqa: ANN001
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def payload(**extra: object) -> dict[str, object]:
    return {
        "full_name": "Ala Kowalska",
        "email": "ala@example.org",
        "language": "pl",
        "consent": True,
        "consent_version": services.consent_text_current().version,
        **extra,
    }


def test_anyone_reads_published_events_and_the_agenda(client) -> None:  # noqa: ANN001
    event = EventFactory(title_en="Forum", capacity=10)
    EventFactory(status="draft")
    item = AgendaItemFactory(event=event, kind=ItemKind.PANEL)
    item.speakers.add(SpeakerFactory(full_name="Ewa Panel"), through_defaults={"position": 0})
    RegistrationFactory(event=event)
    listing = client.get("/api/v1/events", HTTP_ACCEPT_LANGUAGE="en").json()
    assert listing["count"] == 1 and listing["items"][0]["seats_taken"] == 1
    detail = client.get(f"/api/v1/events/{event.pk}").json()
    assert detail["agenda"][0]["kind"] == "panel"
    assert detail["agenda"][0]["speakers"][0]["full_name"] == "Ewa Panel"


def test_drafts_are_404_for_the_public(client) -> None:  # noqa: ANN001
    draft = EventFactory(status="draft")
    assert_problem(client.get(f"/api/v1/events/{draft.pk}"), 404)
    assert_problem(
        client.post(
            f"/api/v1/events/{draft.pk}/registrations", payload(), content_type="application/json"
        ),
        404,
    )


def test_registration_without_an_account(client) -> None:  # noqa: ANN001
    event = EventFactory(capacity=1)
    first = client.post(
        f"/api/v1/events/{event.pk}/registrations", payload(), content_type="application/json"
    )
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    assert first.json()["code"] and first.json()["waiting_position"] is None
    second = client.post(
        f"/api/v1/events/{event.pk}/registrations",
        payload(email="ola@example.org", full_name="Ola"),
        content_type="application/json",
    )
    assert second.json()["status"] == "waitlisted" and second.json()["waiting_position"] == 1


def test_bad_registrations_are_problem_details(client) -> None:  # noqa: ANN001
    event = EventFactory()
    url = f"/api/v1/events/{event.pk}/registrations"
    body = assert_problem(
        client.post(url, payload(consent=False, full_name=""), content_type="application/json"), 422
    )
    assert {e["field"] for e in body["errors"]} >= {"consent", "full_name"}
    body = assert_problem(client.post(url, {"email": "x"}, content_type="application/json"), 422)
    assert body["errors"]
    client.post(url, payload(), content_type="application/json")
    body = assert_problem(client.post(url, payload(), content_type="application/json"), 422)
    assert body["errors"][0]["field"] == "email"


def test_signed_in_browser_needs_the_csrf_token(client) -> None:  # noqa: ANN001
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory())
    event = EventFactory()
    response = browser.post(
        f"/api/v1/events/{event.pk}/registrations", payload(), content_type="application/json"
    )
    assert response.status_code == 403


def test_stats_for_organisers_only(client) -> None:  # noqa: ANN001
    event = EventFactory()
    RegistrationFactory(event=event, gender="woman", region="malopolskie")
    organiser = EventStaffFactory(event=event, role=EventRole.ORGANISER).user
    url = f"/api/v1/events/{event.pk}/stats"
    body = client.get(url, **bearer(token_for(organiser))).json()
    assert body["confirmed"] == 1 and body["by_gender"][0]["key"] == "woman"
    assert_problem(client.get(url, **bearer(token_for(EventStaffFactory().user))), 403)
    assert_problem(client.get(url, **bearer(token_for(UserFactory()))), 403)
    assert_problem(client.get(url), 401)
    draft = EventFactory(status="draft")
    assert_problem(
        client.get(f"/api/v1/events/{draft.pk}/stats", **bearer(token_for(organiser))), 404
    )
    assert (
        client.get(
            f"/api/v1/events/{draft.pk}/stats", **bearer(token_for(CoordinatorFactory()))
        ).status_code
        == 200
    )
