"""The events API: public reads, registration, statistics for organisers, problem details."""

from __future__ import annotations

import pytest

from sib.accounts.services import api_token_create
from sib.events import services
from sib.events.models import EventRole, ItemKind, Registration
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


def test_registration_without_an_account_waits_for_the_address_to_be_confirmed(client) -> None:  # noqa: ANN001
    event = EventFactory(capacity=1)
    url = f"/api/v1/events/{event.pk}/registrations"
    first = client.post(url, payload(), content_type="application/json")
    assert first.status_code == 202
    assert first.json() == {
        "status": "confirmation_sent",
        "detail": "We are sending a message to the address given. The registration counts once "
        "it is confirmed from the link in it.",
        "confirm_within_minutes": 30,
    }
    held = Registration.objects.get(event=event)
    assert held.status == "held" and held.email_confirmed_at is None
    # The same answer for an address already registered: nothing tells who is.
    again = client.post(url, payload(), content_type="application/json")
    assert again.status_code == 202 and again.json() == first.json()
    assert Registration.objects.filter(event=event).count() == 1


def test_a_verified_account_registering_itself_is_registered_at_once(client) -> None:  # noqa: ANN001
    from allauth.account.models import EmailAddress

    event = EventFactory(capacity=1)
    url = f"/api/v1/events/{event.pk}/registrations"
    people = [UserFactory(email="ala@example.org"), UserFactory(email="ola@example.org")]
    EmailAddress.objects.filter(user__in=people).update(verified=True)
    first = client.post(
        url, payload(), content_type="application/json", **bearer(token_for(people[0]))
    )
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    assert first.json()["code"] and first.json()["waiting_position"] is None
    second = client.post(
        url,
        payload(email="ola@example.org", full_name="Ola"),
        content_type="application/json",
        **bearer(token_for(people[1])),
    )
    assert second.status_code == 201
    assert second.json()["status"] == "waitlisted" and second.json()["waiting_position"] == 1
    # Another address than their own is confirmed by its owner, like anyone's.
    other = client.post(
        url,
        payload(email="someone@example.org", full_name="Someone"),
        content_type="application/json",
        **bearer(token_for(people[1])),
    )
    assert other.status_code == 202


def test_registrations_are_limited_per_client_and_per_address(client, settings) -> None:  # noqa: ANN001
    """The probe took all 300 seats of an event in 30 s from one address."""
    settings.SIB_RATE_LIMITS = {**settings.SIB_RATE_LIMITS, "event_register": "3/h/ip,2/h/key"}
    event = EventFactory()
    url = f"/api/v1/events/{event.pk}/registrations"
    statuses = [
        client.post(
            url, payload(email=f"made-up-{n}@example.org"), content_type="application/json"
        ).status_code
        for n in range(4)
    ]
    assert statuses == [202, 202, 202, 429]
    limited = client.post(
        url,
        payload(email="victim@example.org"),
        content_type="application/json",
        REMOTE_ADDR="198.51.100.9",
    )
    assert limited.status_code == 202
    client.post(
        url,
        payload(email="victim@example.org"),
        content_type="application/json",
        REMOTE_ADDR="198.51.100.10",
    )
    refused = client.post(
        url,
        payload(email="victim@example.org"),
        content_type="application/json",
        REMOTE_ADDR="198.51.100.11",
    )
    body = assert_problem(refused, 429)
    assert body["title"] == "Too many requests" and int(refused["Retry-After"]) >= 1


def test_bad_registrations_are_problem_details(client) -> None:  # noqa: ANN001
    event = EventFactory()
    url = f"/api/v1/events/{event.pk}/registrations"
    body = assert_problem(
        client.post(url, payload(consent=False, full_name=""), content_type="application/json"), 422
    )
    assert {e["field"] for e in body["errors"]} >= {"consent", "full_name"}
    body = assert_problem(client.post(url, {"email": "x"}, content_type="application/json"), 422)
    assert body["errors"]
    body = assert_problem(
        client.post(url, payload(email="not an address"), content_type="application/json"), 422
    )
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
