"""Report sections and indicators of the brokerage (SIB_REPORT_SECTIONS / SIB_INDICATORS):
challenges by status and voivodeship, introductions and their outcomes, consultations."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sib.accounts.choices import Voivodeship
from sib.brokerage.models import (
    PUBLIC_STATUSES,
    Challenge,
    ChallengeStatus,
    Consultation,
    Introduction,
    IntroductionOutcome,
    IntroductionStatus,
)
from sib.core.charts import bar_chart
from sib.core.reporting import Category, Definition, ReportScope, Section, Table, provides

CHALLENGES_PUBLISHED = Definition(
    "challenges_published",
    gettext_lazy("Social challenges published"),
    gettext_lazy(
        "Challenges published on the platform (open, matched, in progress, solved or closed)."
    ),
    Category.OUTPUT,
    gettext_lazy("Brokerage: challenges"),
)
INTRODUCTIONS_ACCEPTED = Definition(
    "introductions_accepted",
    gettext_lazy("Broker introductions accepted"),
    gettext_lazy(
        "Suggestions of a broker for a challenge that the broker or a coordinator accepted."
    ),
    Category.OUTPUT,
    gettext_lazy("Brokerage: introductions"),
)
CONSULTATION_PARTICIPANTS = Definition(
    "consultation_participants",
    gettext_lazy("People who took part in consultations"),
    gettext_lazy("Distinct people with at least one visible comment in a consultation."),
    Category.OUTPUT,
    gettext_lazy("Brokerage: consultations"),
)


def _figures(scope: ReportScope) -> dict[str, Any]:
    """Three queries whatever the data: challenges by status and voivodeship together,
    introductions by status and outcome together, consultations with their participants."""

    def compute() -> dict[str, Any]:
        by_status: dict[str, int] = {}
        by_region: dict[str, int] = {}
        for status, region, n in (
            Challenge.objects.filter(status__in=PUBLIC_STATUSES)
            .order_by()
            .values_list("status", "voivodeship")
            .annotate(n=Count("id"))
        ):
            by_status[status] = by_status.get(status, 0) + n
            by_region[region] = by_region.get(region, 0) + n
        intro: dict[str, int] = {}
        outcomes: dict[str, int] = {}
        for status, outcome, n in (
            Introduction.objects.order_by().values_list("status", "outcome").annotate(n=Count("id"))
        ):
            intro[status] = intro.get(status, 0) + n
            if status == IntroductionStatus.ACCEPTED:
                outcomes[outcome] = outcomes.get(outcome, 0) + n
        dialogue = Consultation.objects.aggregate(
            consultations=Count("id", filter=Q(published=True), distinct=True),
            participants=Count(
                "comments__author_id", filter=Q(comments__hidden_at__isnull=True), distinct=True
            ),
            # Residents without an account count once per confirmed address (decision 0606).
            residents=Count(
                "comments__guest_email",
                filter=Q(
                    comments__hidden_at__isnull=True,
                    comments__author__isnull=True,
                    comments__confirmed_at__isnull=False,
                ),
                distinct=True,
            ),
        )
        return {
            "by_status": by_status,
            "by_region": by_region,
            "introductions": intro,
            "outcomes": outcomes,
            "consultations": dialogue["consultations"],
            "participants": dialogue["participants"] + dialogue["residents"],
        }

    return scope.memo("brokerage", compute)


def sections(*, actor: Any, scope: ReportScope) -> list[Section]:
    """Platform-wide reports only: challenges are not tied to an edition (decision 0604)."""
    if not scope.all_editions:
        return []
    figures = _figures(scope)
    if not figures["by_status"] and not figures["introductions"]:
        return []
    status_rows = [
        [str(label), figures["by_status"].get(value, 0)]
        for value, label in ChallengeStatus.choices
        if value in PUBLIC_STATUSES
    ]
    region_labels = dict(Voivodeship.choices)
    region_rows = sorted(
        ([str(region_labels.get(code, code)), n] for code, n in figures["by_region"].items()),
        key=lambda row: (-row[1], row[0]),
    )
    intro_rows = [
        [str(label), figures["introductions"].get(value, 0)]
        for value, label in IntroductionStatus.choices
    ]
    outcome_rows = [
        [str(label), figures["outcomes"].get(value, 0)]
        for value, label in IntroductionOutcome.choices
    ]
    return [
        Section(
            key="brokerage",
            title=_("Social challenges and brokerage"),
            order=55,
            tables=[
                Table(
                    caption=_("Challenges by status"),
                    header=[_("Status"), _("Challenges")],
                    rows=status_rows,
                ),
                Table(
                    caption=_("Challenges by voivodeship"),
                    header=[_("Voivodeship"), _("Challenges")],
                    rows=region_rows,
                    chart=bar_chart(
                        [row[0] for row in region_rows],
                        [row[1] for row in region_rows],
                        label=_("Challenges by voivodeship"),
                    )
                    if region_rows
                    else None,
                ),
                Table(
                    caption=_("Introductions"),
                    header=[_("Status"), _("Introductions")],
                    rows=intro_rows,
                ),
                Table(
                    caption=_("Outcomes of accepted introductions"),
                    header=[_("Outcome"), _("Introductions")],
                    rows=outcome_rows,
                ),
                Table(
                    caption=_("Consultations"),
                    header=[_("Figure"), _("Value")],
                    rows=[
                        [_("Published consultations"), figures["consultations"]],
                        [_("Participants"), figures["participants"]],
                    ],
                ),
            ],
        )
    ]


@provides(CHALLENGES_PUBLISHED, INTRODUCTIONS_ACCEPTED, CONSULTATION_PARTICIPANTS)
def indicators(*, actor: Any, scope: ReportScope, values: dict[str, Any]) -> list[Any]:
    if not scope.all_editions:
        return []
    figures = _figures(scope)
    if not figures["by_status"]:
        return []
    return [
        CHALLENGES_PUBLISHED.of(sum(figures["by_status"].values())),
        INTRODUCTIONS_ACCEPTED.of(figures["introductions"].get(IntroductionStatus.ACCEPTED, 0)),
        CONSULTATION_PARTICIPANTS.of(figures["participants"]),
    ]
