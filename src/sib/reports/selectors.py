"""The report: its scope, its sections and its funder indicators, from every app's providers.

Reports never query other apps' tables: providers (`SIB_REPORT_SECTIONS`, `SIB_INDICATORS`) read
them through those apps' selectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sib.academy.models import Edition, Programme
from sib.academy.policies import editions_visible
from sib.academy.selectors import with_planned_minutes
from sib.core.charts import chart_batch
from sib.core.plugins import contributions
from sib.core.reporting import Definition, Indicator, ReportScope, Section
from sib.reports import policies


def started(editions: Any) -> Any:
    """Figures that sum editions or their targets count only editions that have started: an
    edition still recruiting has no participants yet, and its target is not yet owed."""
    return editions.filter(starts_on__lte=timezone.localdate())


def scope_all(*, actor: Any) -> ReportScope:
    if not policies.can_report_on_all(actor):
        raise PermissionDenied
    editions = list(
        with_planned_minutes(started(Edition.objects.select_related("programme"))).order_by(
            "starts_on", "pk"
        )
    )
    # The programmes that have editions, from the editions just read: no second query.
    programmes = sorted(
        {edition.programme_id: edition.programme for edition in editions}.values(),
        key=lambda programme: programme.pk,
    )
    return ReportScope(editions, programmes, _("All editions"), all_editions=True)


def scope_edition(*, actor: Any, edition_id: int) -> ReportScope:
    """One edition: 404 if the person may not see it, 403 if they see it but may not report.
    One query: whether they may report on it is read with the edition."""
    edition = (
        with_planned_minutes(editions_visible(actor))
        .select_related("programme")
        .filter(pk=edition_id)
        .annotate(reportable=Exists(policies.editions_reportable(actor).filter(pk=OuterRef("pk"))))
        .first()
        if actor.is_authenticated
        else None
    )
    if edition is None:
        raise Http404
    if not edition.reportable:
        raise PermissionDenied
    return ReportScope([edition], [edition.programme], edition.title)


def scope_programme(*, actor: Any, programme_id: int) -> ReportScope:
    """One programme's editions: one query (the programme comes with them; read apart only when
    it has no edition yet, or to tell 404 from 403)."""
    may = policies.can_report_on_all(actor)
    editions = (
        list(
            with_planned_minutes(started(Edition.objects.filter(programme_id=programme_id)))
            .select_related("programme")
            .order_by("starts_on", "pk")
        )
        if may
        else []
    )
    programme = (
        editions[0].programme if editions else Programme.objects.filter(pk=programme_id).first()
    )
    if programme is None:
        raise Http404
    if not may:
        raise PermissionDenied
    return ReportScope(editions, [programme], programme.title)


def indicators(*, actor: Any, scope: ReportScope) -> dict[str, Indicator]:
    """Every provider's indicators in order; a later provider's key replaces an earlier one."""
    values: dict[str, Indicator] = {}
    for provider in contributions("SIB_INDICATORS"):
        for indicator in provider(actor=actor, scope=scope, values=dict(values)):
            values[indicator.key] = indicator
    return values


def definitions() -> dict[str, Definition]:
    """Every indicator's definition (the last provider's wins), for the API docs."""
    result: dict[str, Definition] = {}
    for provider in contributions("SIB_INDICATORS"):
        for definition in getattr(provider, "definitions", ()):
            result[definition.key] = definition
    return result


def sections(*, actor: Any, scope: ReportScope) -> list[Section]:
    result: list[Section] = []
    for provider in contributions("SIB_REPORT_SECTIONS"):
        result.extend(provider(actor=actor, scope=scope))
    return sorted(result, key=lambda section: section.order)


@dataclass
class Report:
    scope: ReportScope
    indicators: dict[str, Indicator]
    sections: list[Section]

    @staticmethod
    def by_category_labels() -> list[tuple[str, str]]:
        return [
            ("output", _("Outputs")),
            ("outcome", _("Outcomes")),
            ("bilateral", _("Bilateral results (partner country)")),
        ]

    def by_category(self) -> list[tuple[str, list[Indicator]]]:
        return [
            (label, [i for i in self.indicators.values() if i.category == key])
            for key, label in self.by_category_labels()
            if any(i.category == key for i in self.indicators.values())
        ]


def report_build(*, actor: Any, scope: ReportScope) -> Report:
    """Indicators and sections; every chart of the report is read from the cache in one query."""
    with chart_batch():
        return Report(
            scope,
            indicators(actor=actor, scope=scope),
            sections(actor=actor, scope=scope),
        )


def flat_indicators(values: dict[str, Indicator]) -> dict[str, Any]:
    """One flat JSON object: indicator key → value (floats rounded to four decimals)."""

    def plain(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, 4)
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        return value

    return {key: plain(indicator.value) for key, indicator in values.items()}


def report_filename(scope: ReportScope, extension: str) -> str:
    return f"sib-report-{slugify(scope.label) or 'all'}-{timezone.localdate():%Y%m%d}.{extension}"


def export_get(*, actor: Any, export_id: Any) -> Any:
    """A report export of the person's own; 404 for anyone else's."""
    from sib.reports.models import ReportExport

    export = (
        ReportExport.objects.filter(
            pk=export_id, requested_by_id=getattr(actor, "pk", None)
        ).first()
        if actor.is_authenticated
        else None
    )
    if export is None:
        raise Http404
    return export
