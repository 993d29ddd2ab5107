from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from sib.academy.policies import roles_of
from sib.accounts.policies import is_coordinator
from sib.core.navigation import NavItem
from sib.surveys.policies import invited_to_surveys


def items(request: HttpRequest) -> list[NavItem]:
    """Surveys for coordinators and edition staff; "My surveys" for anyone invited to one."""
    user = request.user
    if not user.is_authenticated:
        return []
    result = []
    if is_coordinator(user) or roles_of(user).staff:
        result.append(NavItem(_("Surveys"), reverse("surveys:instrument-list"), order=40))
    # From the role rows read once per request (sib.core.roles), not the surveys themselves.
    if invited_to_surveys(user):
        result.append(NavItem(_("My surveys"), reverse("surveys:my-surveys"), order=6))
    return result
