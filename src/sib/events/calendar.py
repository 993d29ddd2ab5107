"""iCalendar (RFC 5545) for events: one event, its agenda, or every public event.

Times are written in UTC; titles in the language active when the calendar is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sib.events.models import AgendaItem, Event


def _host() -> str:
    return urlparse(settings.SIB_BASE_URL).hostname or "sib.invalid"


def absolute(path: str) -> str:
    return f"{settings.SIB_BASE_URL}{path}"


def _place(event: Event) -> str:
    parts = [event.venue, event.address, event.city]
    place = ", ".join(part for part in parts if part)
    if event.online_url and not place:
        return event.online_url
    return place


def _vevent(uid: str, summary: str, starts: Any, ends: Any, **extra: str) -> Any:
    from icalendar import Event as VEvent

    vevent = VEvent()
    vevent.add("uid", uid)
    vevent.add("dtstamp", timezone.now().astimezone(dt.UTC))
    vevent.add("dtstart", starts.astimezone(dt.UTC))
    vevent.add("dtend", ends.astimezone(dt.UTC))
    vevent.add("summary", summary)
    for key, value in extra.items():
        if value:
            vevent.add(key, value)
    return vevent


def _calendar(name: str) -> Any:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//SIB Platform//Events//PL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def event_vevent(event: Event) -> Any:
    return _vevent(
        f"event-{event.pk}@{_host()}",
        event.title,
        event.starts_at,
        event.ends_at,
        location=_place(event),
        url=absolute(reverse("events:detail", args=[event.pk])),
        description=event.summary or "",
        status="CANCELLED" if event.status == "cancelled" else "CONFIRMED",
    )


def event_ics(event: Event, items: Sequence[AgendaItem] = ()) -> bytes:
    """The event itself, then each agenda item (with room and speakers) as its own entry."""
    calendar = _calendar(event.title)
    calendar.add_component(event_vevent(event))
    for item in items:
        speakers = ", ".join(link.speaker.full_name for link in item.speaker_links.all())
        where = ", ".join(
            part for part in [item.room.name if item.room else "", _place(event)] if part
        )
        calendar.add_component(
            _vevent(
                f"event-{event.pk}-item-{item.pk}@{_host()}",
                f"{item.title} ({item.get_kind_display()})",
                item.starts_at,
                item.ends_at,
                location=where,
                description="\n".join(
                    part
                    for part in [speakers and _("Speakers: %s") % speakers, item.description]
                    if part
                ),
                url=absolute(reverse("events:detail", args=[event.pk])) + f"#item-{item.pk}",
            )
        )
    return calendar.to_ical()


def events_ics(events: Iterable[Event]) -> bytes:
    calendar = _calendar(_("SIB events"))
    for event in events:
        calendar.add_component(event_vevent(event))
    return calendar.to_ical()
