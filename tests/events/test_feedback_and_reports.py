"""The event's feedback survey (through the surveys app) and the events' part of the report."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sib.events import services
from sib.events.models import EventRole
from sib.surveys.models import Instrument, Invitation
from sib.surveys.services import instrument_create, item_add
from tests.events.factories import EventStaffFactory, PastEventFactory, RegistrationFactory
from tests.factories import CoordinatorFactory, EditionFactory, EditionStaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _survey(coordinator) -> Instrument:  # noqa: ANN001
    instrument = instrument_create(
        actor=coordinator,
        code="event-feedback",
        title_pl="Ocena konferencji",
        title_en="Conference feedback",
        kind="other",
    )
    item_add(
        actor=coordinator,
        instrument=instrument,
        code="Q1",
        kind="agreement",
        text_pl="Było warto",
        text_en="It was worth it",
    )
    return instrument


def test_attach_invite_attendees_and_show_results(client) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    event = PastEventFactory()
    came = UserFactory(email="came@example.org")
    RegistrationFactory(event=event, email="came@example.org", checked_in_at=timezone.now())
    RegistrationFactory(event=event, email="noaccount@example.org", checked_in_at=timezone.now())
    UserFactory(email="stayed@example.org")
    RegistrationFactory(event=event, email="stayed@example.org")
    instrument = _survey(coordinator)
    invited = services.event_feedback_attach(
        actor=coordinator, event=event, instrument=instrument, invite=True, notify=False
    )
    assert invited == 1
    invitation = Invitation.objects.get(instrument=instrument)
    assert invitation.user == came and invitation.source == f"event:{event.pk}"
    client.force_login(coordinator)
    page = client.get(reverse("events:stats", args=[event.pk])).content.decode()
    assert "Conference feedback" in page and "It was worth it" in page


def test_organisers_attach_only_surveys_they_may_read() -> None:
    coordinator = CoordinatorFactory()
    event = PastEventFactory()
    organiser = EventStaffFactory(event=event, role=EventRole.ORGANISER).user
    instrument = _survey(coordinator)
    with pytest.raises(ValidationError):
        services.event_feedback_attach(actor=organiser, event=event, instrument=instrument)
    with pytest.raises(PermissionDenied):
        services.event_feedback_attach(actor=UserFactory(), event=event, instrument=None)


def test_report_has_the_events_section_and_indicators() -> None:
    from sib.reports import selectors as reports

    coordinator = CoordinatorFactory()
    edition = EditionFactory()
    event = PastEventFactory(edition=edition)
    RegistrationFactory(event=event, checked_in_at=timezone.now())
    report = reports.report_build(actor=coordinator, scope=reports.scope_all(actor=coordinator))
    values = reports.flat_indicators(report.indicators)
    assert values["events"] == 1 and values["event_participants"] == 1
    assert {"showcases", "speakers", "lectures_and_panels", "workshops"} <= set(values)
    assert any(section.key == "events" for section in report.sections)
    assert {"events", "event_participants"} <= set(reports.definitions())


def test_edition_coordinators_get_their_editions_figures() -> None:
    from sib.events import selectors

    edition = EditionFactory()
    PastEventFactory(edition=edition)
    PastEventFactory(edition=EditionFactory())
    lead = EditionStaffFactory(edition=edition, role="coordinator").user
    assert selectors.event_indicators(actor=lead, editions=[edition])["events"] == 1
    with pytest.raises(PermissionDenied):
        selectors.event_indicators(actor=lead)
