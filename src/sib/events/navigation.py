from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from sib.accounts.policies import is_coordinator
from sib.core.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    """Events for everyone (the public list); the desk for coordinators. Organisers and check-in
    staff find the events they run at the top of the events page, which keeps the navigation free
    of queries for everyone else."""
    result = [NavItem(_("Events"), reverse("events:list"), order=30)]
    if is_coordinator(request.user):
        result.append(NavItem(_("Event desk"), reverse("events:desk"), order=31))
    return result
