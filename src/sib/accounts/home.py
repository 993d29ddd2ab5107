"""Home-page panel of accounts: what a partner organisation's person can do today.

Partners have no work queue yet (the brokerage gives them challenges to publish and brokers to
meet); until then their home says what the platform offers them instead of "nothing needs you"."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.accounts.models import User
from sib.core.panels import Panel


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    if not isinstance(user, User) or not user.is_partner:
        return []
    return [
        Panel(
            _("What you can do as a partner"),
            "accounts/partials/home_partner.html",
            {"organisation": user.partner_for},
            order=60,
        )
    ]
