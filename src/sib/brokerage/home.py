"""Home-page panels of the brokerage: a broker's introductions waiting for them, a partner's
challenges, the challenges waiting for a coordinator's review (a query or two each)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.accounts.policies import is_coordinator
from sib.brokerage import selectors
from sib.brokerage.models import ChallengeStatus, IntroductionStatus
from sib.core.panels import Panel


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    if not user.is_authenticated:
        return []
    result = []
    # The panels show a challenge's title and status only: not the themes, goals, competences
    # and organisation the list pages load with each (three queries and rows to build).
    if is_coordinator(user):
        waiting = list(
            selectors.challenge_list(actor=user, status=ChallengeStatus.SUBMITTED)
            .select_related(None)
            .prefetch_related(None)[:5]
        )
        result.append(
            Panel(
                _("Challenges waiting for review"),
                "brokerage/partials/home_challenges.html",
                {"challenges": waiting, "empty": _("Nothing waits for review.")},
                order=26,
            )
        )
    elif user.partner_for_id:
        mine = list(
            selectors.challenge_list(actor=user)
            .filter(organisation_id=user.partner_for_id)
            .select_related(None)
            .prefetch_related(None)[:5]
        )
        result.append(
            Panel(
                _("Your organisation's challenges"),
                "brokerage/partials/home_challenges.html",
                {"challenges": mine, "empty": _("No challenge yet."), "new": True},
                order=26,
            )
        )
    proposed = list(
        selectors.introductions(actor=user, status=IntroductionStatus.PROPOSED).filter(
            broker__user=user
        )[:5]
    )
    if proposed:
        result.append(
            Panel(
                _("Introductions waiting for your answer"),
                "brokerage/partials/home_introductions.html",
                {"introductions": proposed},
                order=24,
            )
        )
    return result
