from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from sib.academy.policies import roles_of
from sib.accounts.policies import is_coordinator
from sib.core.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    """Programmes for everyone; editions for staff; progress for participants."""
    user = request.user
    result = [NavItem(_("Programmes"), reverse("academy:programme-list"), order=20)]
    if not user.is_authenticated:
        return result
    result.insert(0, NavItem(_("Home"), reverse("home"), order=0))
    roles = roles_of(user)
    if is_coordinator(user) or roles.staff:
        result.append(NavItem(_("Editions"), reverse("academy:edition-list"), order=10))
    if is_coordinator(user):
        result.append(NavItem(_("Catalogue"), reverse("academy:catalogue"), order=21))
    if roles.enrolled_editions:
        result.append(NavItem(_("My progress"), reverse("academy:my-progress"), order=5))
    return result
