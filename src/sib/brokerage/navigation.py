from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from sib.brokerage import policies
from sib.core.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    """Challenges and consultations for everyone; introductions for signed-in people (brokers and
    partners find theirs there); matching for coordinators. No query."""
    user = request.user
    result = [
        NavItem(_("Challenges"), reverse("brokerage:challenges"), order=26),
        NavItem(_("Consultations"), reverse("brokerage:consultations"), order=27),
    ]
    if user.is_authenticated:
        result.append(NavItem(_("Introductions"), reverse("brokerage:introductions"), order=28))
    if policies.can_manage_resources(user):
        result.append(NavItem(_("Resources"), reverse("brokerage:resources"), order=29))
    if policies.can_match(user):
        result.append(NavItem(_("Matching"), reverse("brokerage:runs"), order=29))
    return result
