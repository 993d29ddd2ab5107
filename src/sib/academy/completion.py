"""The completion rule: from minutes attended and the final-project score to a completion status.

Pure functions with no database access, so the rule is easy to test and the same everywhere
(pages, API, exports, reports, credential issuing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from sib.academy.models import FORMATS, Programme


class CompletionStatus(StrEnum):
    ACTIVE = "active"
    PARTIAL = "partial"
    COMPLETED = "completed"
    ELIGIBLE = "eligible"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """Capitalised: it stands alone in tables and lists, where "withdrawn" read as a raw key."""
        return capfirst(str(STATUS_LABELS[self]))


STATUS_LABELS = {
    CompletionStatus.ACTIVE: pgettext_lazy("completion status", "active"),
    CompletionStatus.PARTIAL: pgettext_lazy("completion status", "partial"),
    CompletionStatus.COMPLETED: pgettext_lazy("completion status", "completed"),
    CompletionStatus.ELIGIBLE: pgettext_lazy("completion status", "eligible"),
    CompletionStatus.WITHDRAWN: pgettext_lazy("completion status", "withdrawn"),
}


class CredentialStateName(StrEnum):
    """The credential's own state, a separate field from the completion status (ARCHITECTURE.md).

    The credentials app decides it (`sib.credentials.selectors.credential_states`); academy only
    names it, so that its pages can say a person's status once without importing credentials.
    """

    NONE = "none"
    VALID = "valid"
    SUSPENDED = "suspended"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return str(CREDENTIAL_STATE_LABELS[self])


CREDENTIAL_STATE_LABELS = {
    CredentialStateName.NONE: pgettext_lazy("credential state", "none"),
    CredentialStateName.VALID: pgettext_lazy("credential state", "valid"),
    CredentialStateName.SUSPENDED: pgettext_lazy("credential state", "suspended"),
    CredentialStateName.REVOKED: pgettext_lazy("credential state", "revoked"),
}


@dataclass(frozen=True)
class Rule:
    min_total_minutes: int
    min_minutes_by_format: dict[str, int]
    final_project_required: bool
    pass_mark_percent: Decimal

    @classmethod
    def of(cls, programme: Programme) -> Rule:
        return cls(
            min_total_minutes=programme.min_total_minutes,
            min_minutes_by_format=programme.min_minutes_by_format(),
            final_project_required=programme.final_project_required,
            pass_mark_percent=Decimal(programme.pass_mark_percent),
        )


@dataclass(frozen=True)
class Shortfall:
    """What is still missing: minutes of a format (or overall, format ``""``), or the project."""

    kind: str  # "total", a format, or "project"
    minutes: int = 0


@dataclass(frozen=True)
class Evaluation:
    status: CompletionStatus
    hours_met: bool
    project_passed: bool
    reachable: bool
    shortfalls: list[Shortfall] = field(default_factory=list)


def project_passed(rule: Rule, score: Decimal | None) -> bool:
    if not rule.final_project_required:
        return True
    return score is not None and Decimal(score) >= rule.pass_mark_percent


def evaluate(
    rule: Rule,
    *,
    minutes_by_format: dict[str, int],
    score: Decimal | None,
    withdrawn: bool,
    edition_finished: bool,
    remaining_by_format: dict[str, int] | None = None,
) -> Evaluation:
    """Apply the rule.

    ``remaining_by_format`` is what the person could still attend (scheduled sessions of their
    audience not yet held); it decides whether completion is still reachable.
    """
    remaining = remaining_by_format or {}
    total = sum(minutes_by_format.get(fmt, 0) for fmt in FORMATS)
    shortfalls: list[Shortfall] = []
    reachable = not withdrawn
    if total < rule.min_total_minutes:
        shortfalls.append(Shortfall("total", rule.min_total_minutes - total))
        if total + sum(remaining.get(fmt, 0) for fmt in FORMATS) < rule.min_total_minutes:
            reachable = False
    for fmt in FORMATS:
        needed = rule.min_minutes_by_format.get(fmt, 0)
        have = minutes_by_format.get(fmt, 0)
        if have < needed:
            shortfalls.append(Shortfall(fmt, needed - have))
            if have + remaining.get(fmt, 0) < needed:
                reachable = False
    hours_met = not shortfalls
    passed = project_passed(rule, score)
    if not passed:
        shortfalls.append(Shortfall("project"))
        if edition_finished and score is not None:
            reachable = False
    if edition_finished and not (hours_met and passed):
        reachable = False

    if withdrawn:
        status = CompletionStatus.WITHDRAWN
    elif hours_met and passed:
        status = CompletionStatus.ELIGIBLE
    elif not edition_finished:
        status = CompletionStatus.ACTIVE
    elif hours_met:
        status = CompletionStatus.COMPLETED
    else:
        status = CompletionStatus.PARTIAL
    return Evaluation(
        status=status,
        hours_met=hours_met,
        project_passed=passed,
        reachable=reachable or status == CompletionStatus.ELIGIBLE,
        shortfalls=shortfalls,
    )


def is_certified(credential_state: str) -> bool:
    """ "Certified" in every figure, page and report: holding a credential that is valid now."""
    return credential_state == CredentialStateName.VALID


def is_awaiting_credential(status: str, credential_state: str) -> bool:
    """Eligible but holding no live credential (none issued, or every one revoked)."""
    return status == CompletionStatus.ELIGIBLE and credential_state in {
        CredentialStateName.NONE,
        CredentialStateName.REVOKED,
    }


def status_sentence(evaluation: Evaluation, credential_state: str = "none") -> str:
    """The one sentence that explains a person's status next to its badge (decision 0566).

    Computed here only, so no page says "completed" next to "can no longer be reached", nor
    "the credential can be issued" to someone who holds one. Withdrawn people get no sentence:
    their page shows the date and the reason.
    """
    status = evaluation.status
    if status == CompletionStatus.WITHDRAWN:
        return ""
    if credential_state == CredentialStateName.VALID:
        return str(_("Every rule is met and the credential is valid."))
    if credential_state == CredentialStateName.SUSPENDED:
        return str(_("The credential is suspended."))
    if status == CompletionStatus.ELIGIBLE:
        if credential_state == CredentialStateName.REVOKED:
            return str(_("Every rule is met; the credential was revoked."))
        return str(_("Every rule is met: awaiting credential."))
    if status == CompletionStatus.COMPLETED:
        return str(_("The hour rules are met; the final project has not passed."))
    if status == CompletionStatus.PARTIAL:
        return str(_("The edition has finished without the hour rules being met."))
    if evaluation.reachable:
        return str(_("Completion is still within reach."))
    return str(_("Completion can no longer be reached with the sessions left."))
