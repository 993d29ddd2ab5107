"""Home-page panels of events: the events a person runs, and those they registered for."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.core.panels import Panel
from sib.events import policies, selectors


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    result: list[Panel] = []
    if policies.runs_any_event(user):
        events = [e for e in selectors.desk_events(actor=user)[:20] if not e.is_showcase][:5]
        result.append(
            Panel(
                _("Events you run"), "events/partials/home_desk.html", {"events": events}, order=25
            )
        )
    mine = selectors.my_registrations(actor=user)
    if mine:
        result.append(
            Panel(
                _("Your event registrations"),
                "events/partials/home_registrations.html",
                {"registrations": mine},
                order=26,
            )
        )
    return result
