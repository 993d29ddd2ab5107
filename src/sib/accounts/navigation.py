from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from sib.accounts.policies import is_coordinator
from sib.core.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    if not is_coordinator(request.user):
        return []
    return [
        NavItem(_("Data requests"), reverse("accounts:people-privacy"), order=88),
        NavItem(_("Administration"), reverse("admin:index"), order=90),
    ]
