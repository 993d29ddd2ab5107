"""The indicators: exactly their keys, and each definition of the issue pinned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sib.events import selectors
from sib.events.models import EventKind, ItemKind
from tests.events.factories import (
    AgendaItemFactory,
    EventFactory,
    EventStaffFactory,
    PastEventFactory,
    RegistrationFactory,
    SpeakerFactory,
)
from tests.factories import CoordinatorFactory, EditionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _speak(event, *speakers, kind=ItemKind.LECTURE):  # noqa: ANN001, ANN202
    item = AgendaItemFactory(event=event, kind=kind)
    for position, speaker in enumerate(speakers):
        item.speakers.add(speaker, through_defaults={"position": position})
    return item


def test_indicator_definitions() -> None:
    coordinator = CoordinatorFactory()
    edition = EditionFactory()
    ada, bob = SpeakerFactory(), SpeakerFactory()
    conference = PastEventFactory(edition=edition)
    _speak(conference, ada, bob, kind=ItemKind.PANEL)
    _speak(conference, ada)  # the same speaker twice at one event counts once
    _speak(conference, bob, kind=ItemKind.WORKSHOP)
    _speak(conference, kind=ItemKind.PITCH)
    _speak(conference, kind=ItemKind.OTHER)
    for _n in range(3):
        RegistrationFactory(event=conference, checked_in_at=timezone.now())
    RegistrationFactory(event=conference)  # registered, never came
    workshop = PastEventFactory(kind=EventKind.WORKSHOP, edition=edition)
    _speak(workshop, ada, kind=ItemKind.WORKSHOP)  # ada again, at another event: counted again
    RegistrationFactory(event=workshop, checked_in_at=timezone.now())
    showcase = PastEventFactory(kind=EventKind.INTERNATIONAL_SHOWCASE, edition=edition)
    _speak(showcase, bob, kind=ItemKind.LECTURE)  # not counted: showcases are apart
    RegistrationFactory(event=showcase, checked_in_at=timezone.now())
    cancelled = PastEventFactory(status="cancelled", edition=edition)
    _speak(cancelled, ada)
    future = EventFactory(edition=edition)  # not held yet
    _speak(future, ada)
    other_edition = PastEventFactory(edition=EditionFactory())
    _speak(other_edition, ada)

    values = selectors.event_indicators(actor=coordinator, editions=[edition])
    assert list(values) == list(selectors.INDICATOR_KEYS)
    assert values == {
        "events": 2,
        "showcases": 1,
        "event_participants": 4,
        "speakers": 3,
        "lectures_and_panels": 2,
        "workshops": 2,
    }
    everything = selectors.event_indicators(actor=coordinator)
    assert everything["events"] == 3 and everything["lectures_and_panels"] == 3


def test_indicators_are_for_coordinators() -> None:
    organiser = EventStaffFactory().user
    with pytest.raises(PermissionDenied):
        selectors.event_indicators(actor=organiser)


def test_held_means_begun() -> None:
    coordinator = CoordinatorFactory()
    PastEventFactory(starts_at=timezone.now() - dt.timedelta(minutes=5))
    EventFactory(starts_at=timezone.now() + dt.timedelta(minutes=5))
    assert selectors.event_indicators(actor=coordinator)["events"] == 1


def test_the_desk_counts_each_events_registrations_exactly() -> None:
    """Counted per event in subqueries (decision 0909): the same figures the join gave, each
    event its own, and events run by someone else are not listed."""
    from sib.events.models import RegistrationStatus

    organiser = UserFactory()
    busy, quiet, other = EventFactory(), EventFactory(), EventFactory()
    for event in (busy, quiet):
        EventStaffFactory(event=event, user=organiser)
    now = timezone.now()
    for status, checked_in, count in [
        (RegistrationStatus.CONFIRMED, True, 3),
        (RegistrationStatus.CONFIRMED, False, 2),
        (RegistrationStatus.WAITLISTED, False, 4),
        (RegistrationStatus.CANCELLED, False, 1),
        (RegistrationStatus.HELD, False, 1),
    ]:
        for _ in range(count):
            RegistrationFactory(
                event=busy, status=status, checked_in_at=now if checked_in else None
            )
    RegistrationFactory(event=quiet, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory.create_batch(5, event=other)

    figures = {
        event.pk: (event.confirmed_count, event.waitlisted_count, event.checked_in_count)
        for event in selectors.desk_events(actor=organiser)
    }

    assert figures == {busy.pk: (5, 4, 3), quiet.pk: (0, 1, 0)}
    coordinator = CoordinatorFactory()
    assert {event.pk for event in selectors.desk_events(actor=coordinator)} >= {
        busy.pk,
        quiet.pk,
        other.pk,
    }
    (listed,) = [e for e in selectors.desk_events(actor=coordinator) if e.pk == other.pk]
    assert (listed.confirmed_count, listed.waitlisted_count, listed.checked_in_count) == (5, 0, 0)
