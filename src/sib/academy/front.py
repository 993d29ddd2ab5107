"""What the academy shows on the front door (`SIB_FRONT_DOOR`): the calls open now."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.academy import selectors
from sib.core.panels import Panel


def front_door(request: HttpRequest) -> list[Panel]:
    """Open calls for applications with their deadlines, soonest first (one query; nothing when
    no call is open)."""
    calls = list(selectors.calls_open()[: selectors.FRONT_DOOR_CALLS + 1])
    if not calls:
        return []
    more = len(calls) > selectors.FRONT_DOOR_CALLS
    return [
        Panel(
            _("Open calls for applications"),
            "academy/partials/front_calls.html",
            {"calls": calls[: selectors.FRONT_DOOR_CALLS], "more": more},
            order=10,
        )
    ]
