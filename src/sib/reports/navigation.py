from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from sib.academy.models import StaffRole
from sib.academy.policies import roles_of
from sib.accounts.policies import is_coordinator
from sib.core.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    user = request.user
    # From the roles already loaded for this request: no extra query.
    if not (
        is_coordinator(user)
        or any(StaffRole.COORDINATOR in roles for roles in roles_of(user).staff.values())
    ):
        return []
    return [NavItem(_("Reports"), reverse("reports:index"), order=45)]
