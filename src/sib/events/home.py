"""Home-page panel of events: the events a person runs (with one query)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sib.academy.policies import roles_of
from sib.accounts.policies import is_coordinator
from sib.core.panels import Panel
from sib.events import selectors

HOME_STAFF_EVENTS = 5


def panels(request: HttpRequest) -> list[Panel]:
    """Coordinators see the events with their numbers. Organisers and check-in staff (often a
    trainer) see the events they run that have not ended, soonest first, with the check-in
    button: one query, asked for staff of editions and people without an academy role (a
    participant's home is at its query budget: the events page lists what they run). Registrants
    find theirs at the top of the events page."""
    user = request.user
    if not is_coordinator(user):
        roles = roles_of(user)  # loaded already by the academy's panels
        if roles.enrolled_editions and not roles.staff:
            # Participants' homes are at their query budget; the events page lists what they run.
            return []
        staffed = list(
            selectors.desk_events(actor=user)
            .filter(ends_at__gte=timezone.now())
            .order_by("starts_at", "pk")[:HOME_STAFF_EVENTS]
        )
        if not staffed:
            return []
        return [
            Panel(
                _("Events you run or check people in at"),
                "events/partials/home_desk.html",
                {"events": staffed},
                order=25,
            )
        ]
    events = [e for e in selectors.desk_events(actor=user)[:20] if not e.is_showcase][:5]
    return [
        Panel(_("Events you run"), "events/partials/home_desk.html", {"events": events}, order=25)
    ]
