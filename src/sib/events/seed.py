"""Synthetic events and registrations for benchmarks (`sib seed --scale S|M|L`).

Writes rows in bulk (the services are exercised by the tests and the demo): events × a
programme of lectures, panels and workshops with speakers, and registrations, most of them
confirmed and checked in.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from sib.core.scales import Scale
from sib.events.models import (
    AgendaItem,
    AgendaSpeaker,
    Event,
    EventKind,
    EventStatus,
    ItemKind,
    Registration,
    RegistrationStatus,
    Room,
    Speaker,
)
from sib.events.services import consent_text_current, new_ticket_code

ITEMS_PER_EVENT = 20
SPEAKERS = 400


def seed(*, scale: Scale, rng: random.Random, stdout: Any) -> None:
    with transaction.atomic():
        _seed(scale, rng, stdout)


def _seed(scale: Scale, rng: random.Random, stdout: Any) -> None:
    consent = consent_text_current()
    speakers = Speaker.objects.bulk_create(
        [
            Speaker(
                full_name=f"Speaker {n:04d}", affiliation=f"Organisation {n % 50}", bio=f"Bio {n}"
            )
            for n in range(SPEAKERS)
        ]
    )
    base = timezone.now() - dt.timedelta(days=365)
    events = Event.objects.bulk_create(
        [
            Event(
                kind=EventKind.CONFERENCE if n % 4 else EventKind.WORKSHOP,
                status=EventStatus.PUBLISHED,
                title=f"Konferencja {n}",
                title_pl=f"Konferencja {n}",
                title_en=f"Conference {n}",
                summary=f"Opis wydarzenia {n}",
                summary_pl=f"Opis wydarzenia {n}",
                summary_en=f"About event {n}",
                starts_at=base + dt.timedelta(days=3 * n),
                ends_at=base + dt.timedelta(days=3 * n, hours=8),
                venue="Centrum",
                city="Kraków",
                capacity=scale.registrations_per_event + 50,
                registration_enabled=True,
            )
            for n in range(scale.events)
        ]
    )
    rooms = Room.objects.bulk_create(
        [
            Room(event=e, name=f"Sala {i}", name_pl=f"Sala {i}", name_en=f"Room {i}", position=i)
            for e in events
            for i in range(2)
        ]
    )
    rooms_of: dict[int, list[Room]] = {}
    for room in rooms:
        rooms_of.setdefault(room.event_id, []).append(room)
    kinds = [ItemKind.LECTURE] * 12 + [ItemKind.PANEL] * 5 + [ItemKind.WORKSHOP] * 3
    items = AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                event=e,
                kind=kinds[i],
                title=f"Item {i}",
                title_pl=f"Punkt {i}",
                title_en=f"Item {i}",
                starts_at=e.starts_at + dt.timedelta(minutes=25 * i),
                ends_at=e.starts_at + dt.timedelta(minutes=25 * i + 45),
                room=rooms_of[e.pk][i % 2],
                capacity=30 if kinds[i] == ItemKind.WORKSHOP else None,
            )
            for e in events
            for i in range(ITEMS_PER_EVENT)
        ]
    )
    AgendaSpeaker.objects.bulk_create(
        [
            AgendaSpeaker(item=item, speaker=speaker, position=p)
            for item in items
            for p, speaker in enumerate(
                rng.sample(speakers, 3 if item.kind == ItemKind.PANEL else 1)
            )
        ],
        batch_size=5000,
    )
    rows = []
    for e in events:
        for n in range(scale.registrations_per_event):
            confirmed = n < scale.registrations_per_event - 10
            rows.append(
                Registration(
                    event=e,
                    status=RegistrationStatus.CONFIRMED
                    if confirmed
                    else RegistrationStatus.CANCELLED,
                    full_name=f"Uczestnik {e.pk}-{n}",
                    email=f"p{e.pk}-{n}@seed.example",
                    language="pl",
                    gender=rng.choice(["woman", "man", ""]),
                    region=rng.choice(["malopolskie", "slaskie", "podkarpackie", ""]),
                    consent=consent,
                    consent_given_at=e.starts_at - dt.timedelta(days=10),
                    code=new_ticket_code(),
                    token=secrets.token_urlsafe(32),
                    created_at=e.starts_at - dt.timedelta(days=10, minutes=n),
                    confirmed_at=e.starts_at - dt.timedelta(days=10) if confirmed else None,
                    email_confirmed_at=e.starts_at - dt.timedelta(days=10, minutes=n),
                    checked_in_at=e.starts_at if confirmed and rng.random() < 0.8 else None,
                )
            )
    Registration.objects.bulk_create(rows, batch_size=5000)
    stdout.write(
        f"events: {len(events)} events, {len(items)} agenda items, {len(rows)} registrations"
    )
