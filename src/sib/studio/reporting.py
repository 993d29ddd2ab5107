"""The studio's report section and funder indicators (SIB_REPORT_SECTIONS / SIB_INDICATORS):
innovation projects by Open Book stage, by region and by SDG, and how far their impact
indicators got from baseline to target. Platform-wide reports only, like the brokerage's: a
project opened from a challenge belongs to no edition, and an edition's dashboard stays within
QUALITY's 20 queries (decision 0717)."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sib.accounts.choices import Voivodeship
from sib.brokerage.models import Stage
from sib.core.charts import bar_chart
from sib.core.models import SdgGoal
from sib.core.reporting import Category, Definition, ReportScope, Section, Table, provides
from sib.studio.models import Indicator, Measurement, Project
from sib.studio.selectors import progress_percent

SOURCE = gettext_lazy("Studio: innovation projects")

PROJECTS = Definition(
    "innovation_projects",
    gettext_lazy("Social innovation projects"),
    gettext_lazy("Innovation projects the teams work on in the studio, at any Open Book stage."),
    Category.OUTPUT,
    SOURCE,
)
PROJECTS_PUBLISHED = Definition(
    "innovation_projects_published",
    gettext_lazy("Innovation projects published to the showcase"),
    gettext_lazy("Projects whose team published them to the public innovation showcase."),
    Category.OUTPUT,
    SOURCE,
)
INDICATORS_REACHED = Definition(
    "impact_indicators_reached",
    gettext_lazy("Impact indicators at their target"),
    gettext_lazy(
        "Impact indicators of innovation projects whose latest measurement reached the target "
        "(counted from the baseline towards the target)."
    ),
    Category.OUTCOME,
    SOURCE,
)


def _projects(scope: ReportScope) -> QuerySet[Project]:
    """Every project (a plain QuerySet: modeltranslation's own reorders a UNION part's columns)."""
    return QuerySet(model=Project)


def _goal_label(number: int, title_pl: str | None, title_en: str | None) -> str:
    """The goal as `SdgGoal.__str__` names it in the reader's language (with its fallback)."""
    return str(SdgGoal(number=number, title_pl=title_pl, title_en=title_en))


def _figures(scope: ReportScope) -> dict[str, Any]:
    """One query when there is no project; otherwise two whatever the data: projects by stage,
    region and publication together with the goals the projects name (one UNION), and the
    indicators with their latest measurement."""

    def compute() -> dict[str, Any]:
        projects = _projects(scope)
        by_stage: dict[int, int] = {}
        by_region: dict[str, int] = {}
        goals: dict[int, tuple[str | None, str | None, int]] = {}
        published = 0
        blank = Value("", output_field=CharField())
        by_project = (
            projects.order_by()
            .annotate(
                source=Value("project", output_field=CharField()),
                key=F("stage"),
                label=F("voivodeship"),
                label_en=blank,
            )
            .values("source", "key", "label", "label_en")
            .annotate(n=Count("id"), shown=Count("id", filter=Q(published_at__isnull=False)))
            .values_list("source", "key", "label", "label_en", "n", "shown")
        )
        by_goal = (
            QuerySet(model=Project.sdgs.through)
            .filter(project__in=projects)
            .order_by()
            .annotate(
                source=Value("goal", output_field=CharField()),
                key=F("sdggoal__number"),
                label=F("sdggoal__title_pl"),
                label_en=F("sdggoal__title_en"),
            )
            .values("source", "key", "label", "label_en")
            .annotate(
                n=Count("project_id", distinct=True),
                shown=Value(0, output_field=IntegerField()),
            )
            .values_list("source", "key", "label", "label_en", "n", "shown")
        )
        for source, key, label, label_en, n, shown in by_project.union(by_goal, all=True):
            if source == "goal":
                goals[key] = (label, label_en, n)
                continue
            by_stage[key] = by_stage.get(key, 0) + n
            by_region[label] = by_region.get(label, 0) + n
            published += shown
        if not by_stage:
            return {"total": 0}
        latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by(
            "-measured_on", "-id"
        )
        indicators = list(
            Indicator.objects.filter(project__in=projects)
            .order_by()
            .only("baseline", "target")
            .annotate(latest_value=Subquery(latest.values("value")[:1]))
        )
        # The same share as the project and indicator pages show.
        shares = [progress_percent(i, i.latest_value) for i in indicators]
        measured = [s for s in shares if s is not None]
        return {
            "total": sum(by_stage.values()),
            "published": published,
            "by_stage": by_stage,
            "by_region": by_region,
            # The goals the projects name, by number: (title in Polish, in English, projects).
            "goals": dict(sorted(goals.items())),
            "indicators": len(indicators),
            "measured": len(measured),
            "reached": sum(1 for s in measured if s >= 100),
            "halfway": sum(1 for s in measured if 50 <= s < 100),
            "mean": round(sum(measured) / len(measured)) if measured else None,
        }

    return scope.memo("studio", compute)


def sections(*, actor: Any, scope: ReportScope) -> list[Section]:
    if not scope.all_editions:
        return []
    figures = _figures(scope)
    if not figures["total"]:
        return []
    stage_rows = [[str(label), figures["by_stage"].get(value, 0)] for value, label in Stage.choices]
    regions = dict(Voivodeship.choices)
    region_rows = sorted(
        ([str(regions.get(code, code)), n] for code, n in figures["by_region"].items()),
        key=lambda row: (-row[1], row[0]),
    )
    # The goals the projects name, each with its number of projects (read with the projects).
    sdg_rows = [
        [_goal_label(number, title_pl, title_en), n]
        for number, (title_pl, title_en, n) in figures["goals"].items()
    ]
    tables = [
        Table(
            caption=_("Innovation projects by Open Book stage"),
            header=[_("Stage"), _("Projects")],
            rows=stage_rows,
            numeric={1},
            chart=bar_chart(
                [row[0] for row in stage_rows],
                [row[1] for row in stage_rows],
                label=_("Innovation projects by Open Book stage"),
            ),
            note=_("%(published)d of %(total)d projects are published to the showcase.")
            % {"published": figures["published"], "total": figures["total"]},
        ),
        Table(
            caption=_("Innovation projects by region"),
            header=[_("Voivodeship"), _("Projects")],
            rows=region_rows,
            numeric={1},
        ),
        Table(
            caption=_("Innovation projects by sustainable development goal"),
            header=[_("Goal"), _("Projects")],
            rows=sdg_rows or [[_("No project names a goal yet."), 0]],
            numeric={1},
            note=_("A project may name several goals."),
        ),
    ]
    if figures["indicators"]:
        tables.append(
            Table(
                caption=_("Impact indicators: progress from baseline to target"),
                header=[_("Figure"), _("Indicators")],
                rows=[
                    [_("Impact indicators"), figures["indicators"]],
                    [_("With a measurement"), figures["measured"]],
                    [_("At or above the target"), figures["reached"]],
                    [_("Half the way or more"), figures["halfway"]],
                    [
                        _("Mean progress of the measured ones (%)"),
                        figures["mean"] if figures["mean"] is not None else "—",
                    ],
                ],
                numeric={1},
            )
        )
    return [Section(key="studio", title=_("Social innovation projects"), order=57, tables=tables)]


@provides(PROJECTS, PROJECTS_PUBLISHED, INDICATORS_REACHED)
def indicators(*, actor: Any, scope: ReportScope, values: dict[str, Any]) -> list[Any]:
    if not scope.all_editions:
        return []
    figures = _figures(scope)
    if not figures["total"]:
        return []
    return [
        PROJECTS.of(figures["total"]),
        PROJECTS_PUBLISHED.of(figures["published"]),
        INDICATORS_REACHED.of(figures["reached"]),
    ]
