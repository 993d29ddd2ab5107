"""What the brokerage offers other parts of the platform through plugin settings."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.brokerage import selectors
from sib.brokerage.models import ChallengeStatus
from sib.core.panels import Panel

FRONT_DOOR_LIMIT = 5


def front_door(request: HttpRequest) -> list[Panel]:
    """The open challenges, newest first, for anonymous visitors' front page (`SIB_FRONT_DOOR`).
    Two queries (the challenges; their organisations come joined)."""
    if request.user.is_authenticated:
        return []
    challenges = list(
        selectors.challenge_list(actor=request.user, status=ChallengeStatus.OPEN)
        .prefetch_related(None)
        .select_related("organisation")[:FRONT_DOOR_LIMIT]
    )
    if not challenges:
        return []
    return [
        Panel(
            _("Open social challenges"),
            "brokerage/partials/front_door.html",
            {"challenges": challenges},
            order=20,
        )
    ]
