"""Report sections and indicators of the brokerage (SIB_REPORT_SECTIONS / SIB_INDICATORS):
challenges by status and voivodeship, introductions and their outcomes, consultations."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Count, F, QuerySet, Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sib.accounts.choices import Voivodeship
from sib.brokerage.models import (
    PUBLIC_STATUSES,
    Challenge,
    ChallengeStatus,
    Comment,
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
    """One query whatever the data: challenges by status and voivodeship, introductions by
    status and outcome, and the consultations' three counts (published consultations, distinct
    commenting accounts, distinct confirmed residents) as parts of one UNION."""

    def grouped(queryset: Any, source: str, first: str, second: str) -> Any:
        return (
            queryset.order_by()
            .annotate(
                source=Value(source, output_field=CharField()), first=F(first), second=F(second)
            )
            .values("source", "first", "second")
            .annotate(n=Count("id"))
            .values_list("source", "first", "second", "n")
        )

    def counted(queryset: Any, source: str, n: Any) -> Any:
        """One row (source, "", "", n): an aggregate over the whole queryset (no grouping)."""
        blank = Value("", output_field=CharField())
        return (
            queryset.order_by()
            .annotate(source=Value(source, output_field=CharField()), first=blank, second=blank)
            .values("source", "first", "second")
            .annotate(n=n)
            .values_list("source", "first", "second", "n")
        )

    def compute() -> dict[str, Any]:
        by_status: dict[str, int] = {}
        by_region: dict[str, int] = {}
        intro: dict[str, int] = {}
        outcomes: dict[str, int] = {}
        # A plain QuerySet: modeltranslation's own reorders the columns of a UNION's part.
        challenges = grouped(
            QuerySet(model=Challenge).filter(status__in=PUBLIC_STATUSES),
            "challenge",
            "status",
            "voivodeship",
        )
        introductions = grouped(Introduction.objects.all(), "introduction", "status", "outcome")
        visible: Any = QuerySet(model=Comment).filter(hidden_at__isnull=True)
        dialogue = {"consultations": 0, "participants": 0, "residents": 0}
        parts = [
            introductions,
            counted(
                QuerySet(model=Consultation).filter(published=True), "consultations", Count("id")
            ),
            counted(visible, "participants", Count("author_id", distinct=True)),
            # Residents without an account count once per confirmed address (decision 0606).
            counted(
                visible.filter(author__isnull=True, confirmed_at__isnull=False),
                "residents",
                Count("guest_email", distinct=True),
            ),
        ]
        for source, first, second, n in challenges.union(*parts, all=True):
            if source in dialogue:
                dialogue[source] += n
                continue
            if source == "challenge":
                by_status[first] = by_status.get(first, 0) + n
                by_region[second] = by_region.get(second, 0) + n
                continue
            intro[first] = intro.get(first, 0) + n
            if first == IntroductionStatus.ACCEPTED:
                outcomes[second] = outcomes.get(second, 0) + n
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
