"""Home-page panel of events: the events a person runs (with one query)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.core.panels import Panel
from sib.events import policies, selectors


def panels(request: HttpRequest) -> list[Panel]:
    """People who run events see them with their numbers. A person's own registrations are
    listed on the events page instead, which keeps everyone's home within its query budget."""
    user = request.user
    if not policies.runs_any_event(user):
        return []
    events = [e for e in selectors.desk_events(actor=user)[:20] if not e.is_showcase][:5]
    return [
        Panel(_("Events you run"), "events/partials/home_desk.html", {"events": events}, order=25)
    ]
