"""iCalendar (RFC 5545) feeds of sessions, for calendar apps to subscribe to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlparse

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from sib.academy.models import Session


def sessions_ical(sessions: Iterable[Session], *, name: str) -> bytes:
    """A VCALENDAR with one VEVENT per session; times in UTC, stable UIDs, so updates replace."""
    host = urlparse(settings.SIB_BASE_URL).hostname or "sib.example"
    calendar = Calendar()
    calendar.add("prodid", "-//SIB Platform//Academy//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval;value=duration", "PT6H")
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("last-modified", session.updated_at.astimezone(dt.UTC).replace(microsecond=0))
        event.add("dtstart", session.starts_at.astimezone(dt.UTC))
        event.add("dtend", session.ends_at.astimezone(dt.UTC))
        event.add("summary", f"{session.display_title} ({session.get_format_display()})")
        location = session.room or session.online_url
        if location:
            event.add("location", location)
        details = [session.edition.title, session.module.title]
        if session.group:
            details.append(session.group.name)
        if session.leader:
            details.append(session.leader.full_name)
        if session.online_url:
            details.append(session.online_url)
        event.add("description", "\n".join(details))
        event.add(
            "url",
            settings.SIB_BASE_URL + reverse("academy:edition-calendar", args=[session.edition_id]),
        )
        calendar.add_component(event)
    return calendar.to_ical()
