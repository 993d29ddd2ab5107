from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from sib.core.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    """The Django admin is the operators' tool (superusers): coordinators do their work in the
    platform's own pages (decision 0551), so the link is not shown to them."""
    user = request.user
    if not (user.is_active and user.is_superuser):
        return []
    return [
        NavItem(_("Data requests"), reverse("accounts:people-privacy"), order=88),
        NavItem(_("Administration"), reverse("admin:index"), order=90),
    ]
