"""Home-page panel of events: the events a person runs (with one query)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.accounts.policies import is_coordinator
from sib.core.panels import Panel
from sib.events import selectors


def panels(request: HttpRequest) -> list[Panel]:
    """Coordinators see the events with their numbers. Organisers, check-in staff and registrants
    find theirs at the top of the events page: that keeps everyone's home within its query
    budget (no query here for people who are not coordinators)."""
    user = request.user
    if not is_coordinator(user):
        return []
    events = [e for e in selectors.desk_events(actor=user)[:20] if not e.is_showcase][:5]
    return [
        Panel(_("Events you run"), "events/partials/home_desk.html", {"events": events}, order=25)
    ]
