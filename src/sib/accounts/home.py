"""Home-page panels of accounts: coordinators' open erasure requests with the next due date,
and what a partner organisation's person can do today.

Partners have no work queue yet (the brokerage gives them challenges to publish and brokers to
meet); until then their home says what the platform offers them instead of "nothing needs you"."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.accounts.models import ErasureRequest, ErasureStatus, User
from sib.accounts.policies import is_coordinator
from sib.core.panels import Panel


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    found = _erasure_panel(request) if is_coordinator(user) else []
    if not isinstance(user, User) or not user.is_partner:
        return found
    return found + [
        Panel(
            _("What you can do as a partner"),
            "accounts/partials/home_partner.html",
            {"organisation": user.partner_for},
            order=60,
        )
    ]


def _erasure_panel(request: HttpRequest) -> list[Panel]:
    """Open erasure requests and the earliest answer due (one query); nothing when none."""
    from django.db.models import Count, Min

    summary = ErasureRequest.objects.filter(status=ErasureStatus.RECEIVED).aggregate(
        count=Count("pk"), due=Min("due_on")
    )
    if not summary["count"]:
        return []
    return [
        Panel(
            _("Erasure requests"),
            "accounts/partials/home_erasure.html",
            {"count": summary["count"], "due": summary["due"]},
            order=15,
        )
    ]
