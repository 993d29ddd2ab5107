"""Factories of the events app."""

from __future__ import annotations

import datetime as dt
import secrets

import factory
from django.utils import timezone

from sib.events.models import (
    AgendaItem,
    Event,
    EventKind,
    EventRole,
    EventStaff,
    EventStatus,
    ItemKind,
    Registration,
    RegistrationStatus,
    Speaker,
)
from sib.events.services import new_ticket_code
from tests.factories import UserFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A published conference in a month's time, open for registration, 100 seats."""

    class Meta:
        model = Event

    kind = EventKind.CONFERENCE
    status = EventStatus.PUBLISHED
    title_pl = factory.Sequence(lambda n: f"Konferencja {n}")
    title_en = factory.Sequence(lambda n: f"Conference {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=8))
    venue = "Centrum Kultury"
    city = "Tarnów"
    capacity = 100
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    registration_closes_at = factory.LazyAttribute(lambda o: o.starts_at - dt.timedelta(days=1))


class PastEventFactory(EventFactory):
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))
    registration_opens_at = factory.LazyAttribute(lambda o: o.starts_at - dt.timedelta(days=20))


class EventStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventStaff

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    role = EventRole.ORGANISER


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    full_name = factory.Sequence(lambda n: f"Speaker {n:03d}")
    affiliation = "University"
    bio_pl = "Badaczka innowacji."
    bio_en = "Researches innovation."


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    kind = ItemKind.LECTURE
    title_pl = factory.Sequence(lambda n: f"Wykład {n}")
    title_en = factory.Sequence(lambda n: f"Lecture {n}")
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at + dt.timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=45))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    status = RegistrationStatus.CONFIRMED
    full_name = factory.Sequence(lambda n: f"Participant {n:03d}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    language = "en"
    code = factory.LazyFunction(new_ticket_code)
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    confirmed_at = factory.LazyFunction(timezone.now)
    email_confirmed_at = factory.LazyFunction(timezone.now)


def ensure_consent() -> int:
    """The version of the registration consent text (tests/conftest.py re-creates the
    migration's row after transactional tests flush the tables)."""
    from sib.events.services import consent_text_current

    return consent_text_current().version
