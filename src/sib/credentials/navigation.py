from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from sib.academy.policies import roles_of
from sib.accounts.policies import is_coordinator
from sib.core.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    """ "My credentials" for holders; the issuer profile for coordinators."""
    user = request.user
    if not user.is_authenticated:
        return []
    result = []
    # Enrolled people see the entry (one query fewer than asking for credentials on every page).
    if roles_of(user).enrolled_editions:
        result.append(NavItem(_("My credentials"), reverse("credentials:mine"), order=6))
    if is_coordinator(user):
        result.append(NavItem(_("Issuer"), reverse("credentials:issuer"), order=60))
    return result
