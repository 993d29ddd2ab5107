"""What events show on the front door (`SIB_FRONT_DOOR`): the next public events."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.core.panels import Panel
from sib.events import selectors
from sib.events.models import EventStatus

FRONT_DOOR_EVENTS = 4  # the rest are one click away on the events page


def front_door(request: HttpRequest) -> list[Panel]:
    """Upcoming published events, soonest first (one query; nothing when none is coming)."""
    events = list(
        selectors.event_list_public(actor=AnonymousUser()).filter(status=EventStatus.PUBLISHED)[
            :FRONT_DOOR_EVENTS
        ]
    )
    if not events:
        return []
    return [
        Panel(
            _("Upcoming events"), "events/partials/front_events.html", {"events": events}, order=20
        )
    ]
