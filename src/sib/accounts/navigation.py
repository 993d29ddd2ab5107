from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from sib.accounts.policies import is_coordinator
from sib.core.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    if not is_coordinator(request.user):
        return []
    return [NavItem(_("Administration"), reverse("admin:index"), order=90)]
