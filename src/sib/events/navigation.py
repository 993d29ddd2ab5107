from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from sib.core.navigation import NavItem
from sib.events.policies import runs_any_event


def items(request: HttpRequest) -> list[NavItem]:
    """Events for everyone (the public list); the organiser's desk for those who run events."""
    result = [NavItem(_("Events"), reverse("events:list"), order=30)]
    if runs_any_event(request.user):
        result.append(NavItem(_("Event desk"), reverse("events:desk"), order=31))
    return result
