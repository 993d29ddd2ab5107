"""The anonymous home page (SIB_FRONT_DOOR): open calls, upcoming events, how to verify a
credential, one click each, in a fixed number of queries; and the roles whose home was empty."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sib.academy.models import StaffRole
from sib.events.models import EventRole, EventStatus
from tests.academy.factories import ApplicationCallFactory
from tests.events.factories import EventFactory, EventStaffFactory, PastEventFactory
from tests.factories import (
    EditionStaffFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _home(client) -> tuple[str, int]:  # noqa: ANN001
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_front_door_links_open_calls_events_and_verification(client) -> None:  # noqa: ANN001
    call = ApplicationCallFactory()
    closed = ApplicationCallFactory(
        opens_at=timezone.now() - dt.timedelta(days=30),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    hidden = ApplicationCallFactory(published=False)
    event = EventFactory()
    draft = EventFactory(status=EventStatus.DRAFT)
    past = PastEventFactory()
    page, _queries = _home(client)
    assert reverse("academy:call", args=[call.edition_id]) in page
    assert reverse("academy:call", args=[closed.edition_id]) not in page
    assert reverse("academy:call", args=[hidden.edition_id]) not in page
    assert reverse("events:detail", args=[event.pk]) in page
    assert reverse("events:detail", args=[draft.pk]) not in page
    assert reverse("events:detail", args=[past.pk]) not in page
    assert reverse("credentials:check") in page


def test_front_door_without_calls_or_events_shows_only_verification(client) -> None:  # noqa: ANN001
    page, _queries = _home(client)
    assert "Open calls for applications" not in page and "Upcoming events" not in page
    assert reverse("credentials:check") in page


def test_front_door_queries_do_not_grow(client) -> None:  # noqa: ANN001
    ApplicationCallFactory()
    EventFactory()
    _page, few = _home(client)
    for _ in range(8):
        ApplicationCallFactory()
        EventFactory()
    _page, many = _home(client)
    assert few == many
    assert many <= 6


def test_check_a_credential_goes_to_its_verification_page(client) -> None:  # noqa: ANN001
    code = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
    response = client.get(reverse("credentials:check"), {"code": f"https://sib.example/c/{code}/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("credential-verify", args=[code])
    response = client.get(reverse("credentials:check"), {"code": "hello"})
    assert response.status_code == 200
    assert "not a credential" in response.content.decode()


def test_programme_pages_link_their_open_calls_with_deadline(client) -> None:  # noqa: ANN001
    call = ApplicationCallFactory()
    other = ProgrammeFactory()
    url = reverse("academy:call", args=[call.edition_id])
    listing = client.get(reverse("academy:programme-list")).content.decode()
    assert url in listing and "applications close" in listing
    detail = client.get(reverse("academy:programme-detail", args=[call.edition.programme_id]))
    assert url in detail.content.decode()
    assert (
        url not in client.get(reverse("academy:programme-detail", args=[other.pk])).content.decode()
    )


def test_partner_home_says_what_partners_can_do(client) -> None:  # noqa: ANN001
    organisation = OrganisationFactory()
    partner = UserFactory(partner_for=organisation, organisation=organisation)
    client.force_login(partner)
    page = client.get("/").content.decode()
    assert "Nothing needs you right now" not in page
    assert "What you can do as a partner" in page
    assert reverse("events:list") in page and reverse("credentials:check") in page


def test_trainer_home_lists_the_events_they_check_people_in_at(client) -> None:  # noqa: ANN001
    trainer = EditionStaffFactory(role=StaffRole.TRAINER).user
    event = EventFactory()
    EventStaffFactory(event=event, user=trainer, role=EventRole.CHECK_IN)
    ended = PastEventFactory()
    EventStaffFactory(event=ended, user=trainer, role=EventRole.CHECK_IN)
    client.force_login(trainer)
    page = client.get("/").content.decode()
    assert "Events you run or check people in at" in page
    assert reverse("events:checkin", args=[event.pk]) in page
    assert reverse("events:checkin", args=[ended.pk]) not in page
