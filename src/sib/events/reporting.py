"""The events' report section and funder indicators (providers listed in SIB_REPORT_SECTIONS and
SIB_INDICATORS), read through the events' selectors."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from sib.core.charts import bar_chart
from sib.core.reporting import (
    Category,
    Definition,
    Indicator,
    ReportScope,
    Section,
    Table,
    provides,
)
from sib.events import policies, selectors

SOURCE = gettext_lazy("Registrations, check-ins and agenda items (events)")

EVENTS = Definition(
    "events",
    gettext_lazy("Conferences and workshops held"),
    gettext_lazy(
        "Conferences and workshops that took place (published, not cancelled, already begun); "
        "showcases are counted apart."
    ),
    Category.OUTPUT,
    SOURCE,
)
SHOWCASES = Definition(
    "showcases",
    gettext_lazy("Showcases"),
    gettext_lazy("Showcases and international showcases that took place."),
    Category.OUTPUT,
    SOURCE,
)
PARTICIPANTS = Definition(
    "event_participants",
    gettext_lazy("Event participants"),
    gettext_lazy(
        "People checked in at the conferences and workshops counted above, summed over events; "
        "showcases and speakers are not included."
    ),
    Category.OUTPUT,
    SOURCE,
)
SPEAKERS = Definition(
    "speakers",
    gettext_lazy("Speakers"),
    gettext_lazy(
        "Distinct speakers on the agenda of each conference and workshop counted above, summed "
        "over events (a speaker at two conferences counts twice)."
    ),
    Category.OUTPUT,
    SOURCE,
)
LECTURES = Definition(
    "lectures_and_panels",
    gettext_lazy("Lectures and panels"),
    gettext_lazy("Agenda items of type lecture or panel at the conferences and workshops held."),
    Category.OUTPUT,
    SOURCE,
)
WORKSHOPS = Definition(
    "workshops",
    gettext_lazy("Workshops"),
    gettext_lazy("Agenda items of type workshop at the conferences and workshops held."),
    Category.OUTPUT,
    SOURCE,
)
DEFINITIONS = (EVENTS, SHOWCASES, PARTICIPANTS, SPEAKERS, LECTURES, WORKSHOPS)


def _editions(scope: ReportScope) -> list[Any] | None:
    return None if scope.all_editions else list(scope.editions)


def _overview(actor: Any, scope: ReportScope) -> selectors.Overview | None:
    editions = _editions(scope)
    if not policies.can_report_on_editions(actor, editions):
        return None

    def compute() -> selectors.Overview | None:
        # No separate "any events?" query: an empty overview costs the one query of its list.
        return selectors.events_overview(actor=actor, editions=editions)

    return scope.memo(f"events.overview:{getattr(actor, 'pk', None)}", compute)


@provides(*DEFINITIONS)
def indicators(*, actor: Any, scope: ReportScope, values: dict[str, Indicator]) -> list[Indicator]:
    overview = _overview(actor, scope)
    if overview is None or not overview.rows:
        return []
    return [definition.of(overview.indicators[definition.key]) for definition in DEFINITIONS]


def sections(*, actor: Any, scope: ReportScope) -> list[Section]:
    overview = _overview(actor, scope)
    if overview is None or not overview.rows:
        return []
    events = Table(
        caption=_("Events: registrations, attendance and programme"),
        header=[
            _("Event"),
            _("Kind"),
            _("Date"),
            _("Confirmed"),
            pgettext("events", "Attended"),
            _("Speakers"),
            _("Lectures and panels"),
            _("Workshops"),
            _("Projects presented"),
        ],
        rows=[
            [
                row.event.title,
                str(row.event.get_kind_display()),
                timezone.localtime(row.event.starts_at).date(),
                row.confirmed,
                row.attended,
                row.speakers,
                row.lectures_and_panels,
                row.workshops,
                row.presentations,
            ]
            for row in overview.rows
        ],
        numeric={3, 4, 5, 6, 7, 8},
        note=_(
            "Participants are the people checked in at conferences and workshops that took "
            "place; showcases and speakers are not counted."
        ),
    )
    tables = [events]
    for caption, column, breakdown in (
        (_("Participants of conferences and workshops by gender"), _("Gender"), overview.by_gender),
        (
            _("Participants of conferences and workshops by voivodeship"),
            _("Voivodeship"),
            overview.by_region,
        ),
    ):
        if not breakdown.has_data:
            continue
        tables.append(
            Table(
                caption=caption,
                header=[column, _("Registered (confirmed)"), pgettext("events", "Attended")],
                rows=[
                    [label, registered, attended]
                    for _k, label, registered, attended in breakdown.rows
                ],
                chart=bar_chart(
                    [label for _k, label, _r, _a in breakdown.rows],
                    [attended for _k, _l, _r, attended in breakdown.rows],
                    label=caption,
                ),
                numeric={1, 2},
            )
        )
    return [
        Section(
            "events",
            _("Events"),
            60,
            tables,
            intro=_(
                "Conferences, workshops and showcases, counted from registrations, check-ins "
                "and agenda items."
            ),
        )
    ]
