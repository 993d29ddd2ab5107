from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from sib.academy.policies import roles_of
from sib.accounts.policies import is_coordinator
from sib.core.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    """The showcase for everyone; projects for signed-in people; a mentor's teams; the canvas
    templates for coordinators (the academy roles are read once per request)."""
    user = request.user
    result = [NavItem(_("Innovation showcase"), reverse("showcase:catalogue"), order=30)]
    if user.is_authenticated:
        result.append(NavItem(_("Projects"), reverse("studio:projects"), order=31))
        if roles_of(user).mentored_groups or is_coordinator(user):
            result.append(NavItem(_("My teams"), reverse("studio:mentor-overview"), order=32))
    if is_coordinator(user):
        result.append(NavItem(_("Canvas templates"), reverse("studio:templates"), order=33))
    return result
