"""Report sections and funder indicators of the academy, read through the academy's selectors."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sib.academy import selectors as academy
from sib.academy.completion import CompletionStatus
from sib.academy.models import FORMATS, Format
from sib.academy.selectors import ProgressRow
from sib.accounts.choices import Gender, Sector, Voivodeship
from sib.core.charts import bar_chart, grouped_bar_chart
from sib.core.reporting import (
    Category,
    Definition,
    Indicator,
    ReportScope,
    Section,
    Table,
    provides,
)
from sib.surveys.models import AgeGroup, age_group_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

COMPLETED = {CompletionStatus.COMPLETED, CompletionStatus.ELIGIBLE}
SOURCE_ENROLMENTS = gettext_lazy("Enrolments, attendance and final-project records (academy)")

PROGRAMME_HOURS = Definition(
    "programme_hours",
    gettext_lazy("Programme hours"),
    gettext_lazy(
        "Planned hours of the programme(s) in scope: the sum of their modules' lecture, workshop "
        "and mentoring hours."
    ),
    Category.OUTPUT,
    gettext_lazy("Programme modules (academy)"),
)
PARTICIPANTS_TARGET = Definition(
    "participants_target",
    gettext_lazy("Target number of participants"),
    gettext_lazy("The sum of the target numbers set on the editions in scope."),
    Category.OUTPUT,
    gettext_lazy("Editions (academy)"),
)
APPLICANTS = Definition(
    "applicants",
    gettext_lazy("Applicants"),
    gettext_lazy(
        "People who submitted an application to the editions in scope, whatever the decision "
        "(drafts not counted)."
    ),
    Category.OUTPUT,
    gettext_lazy("Applications (academy)"),
)
ENROLLED = Definition(
    "participants_enrolled",
    gettext_lazy("Participants enrolled"),
    gettext_lazy(
        "Everyone ever enrolled in the editions in scope, including those who withdrew later."
    ),
    Category.OUTPUT,
    SOURCE_ENROLMENTS,
)
COMPLETED_DEF = Definition(
    "participants_completed",
    gettext_lazy("Participants who completed"),
    gettext_lazy(
        "Participants who met the hour rules of the completion rule (overall and per format), "
        "whether or not their final project passed: completion status “completed” or "
        "“eligible”."
    ),
    Category.OUTPUT,
    SOURCE_ENROLMENTS,
)
SOURCE_CREDENTIALS = gettext_lazy("Enrolments and issued credentials (academy, credentials)")
CERTIFIED = Definition(
    "participants_certified",
    gettext_lazy("Participants certified"),
    gettext_lazy(
        "Participants holding a credential of the edition in state “valid” now: a suspended or "
        "revoked credential does not count, and eligible people not yet issued one are "
        "“awaiting credential”."
    ),
    Category.OUTCOME,
    SOURCE_CREDENTIALS,
)
AWAITING = Definition(
    "participants_awaiting_credential",
    gettext_lazy("Participants awaiting a credential"),
    gettext_lazy(
        "Participants who met every rule (completion status “eligible”) but hold no valid or "
        "suspended credential: none was issued, or it was revoked."
    ),
    Category.OUTCOME,
    SOURCE_CREDENTIALS,
)
RATE = Definition(
    "certification_rate",
    gettext_lazy("Certification rate"),
    gettext_lazy(
        "Participants certified divided by participants enrolled, as a fraction between 0 and 1."
    ),
    Category.OUTCOME,
    SOURCE_CREDENTIALS,
)
HOURS_DELIVERED = Definition(
    "hours_delivered",
    gettext_lazy("Hours delivered"),
    gettext_lazy(
        "Hours of sessions already held in the editions in scope (a session for one group counts "
        "once), by format: lecture, workshop, mentoring."
    ),
    Category.OUTPUT,
    gettext_lazy("Sessions (academy)"),
)
ENGLISH_TRACK = Definition(
    "participants_english_track",
    gettext_lazy("Participants on the English track"),
    gettext_lazy(
        "Participants enrolled on the English-language track, which the partner-country "
        "cooperation made possible."
    ),
    Category.BILATERAL,
    SOURCE_ENROLMENTS,
)


def _figures(actor: Any, scope: ReportScope) -> academy.EditionsFigures:
    """Progress rows and hours delivered, read together (three queries) once per report."""
    return scope.memo(
        f"academy.figures:{getattr(actor, 'pk', None)}",
        lambda: academy.editions_figures(actor=actor, editions=list(scope.editions)),
    )


def _rows(actor: Any, scope: ReportScope) -> list[ProgressRow]:
    def compute() -> list[ProgressRow]:
        by_edition = _figures(actor, scope).progress
        rows = [row for rows in by_edition.values() for row in rows]
        # "Certified" follows the credential's state (decision 0565): one more query.
        return academy.with_credential_states(rows, edition_ids=scope.edition_ids)

    return scope.memo(f"academy.rows:{getattr(actor, 'pk', None)}", compute)


def _planned(scope: ReportScope) -> dict[int, int]:
    """Planned minutes per programme: read with the scope's editions when it has them (see
    `academy.with_planned_minutes`), else from the modules (a programme with no edition yet)."""

    def compute() -> dict[int, int]:
        known = {
            edition.programme_id: edition.programme_planned_minutes
            for edition in scope.editions
            if hasattr(edition, "programme_planned_minutes")
        }
        if all(programme.pk in known for programme in scope.programmes):
            return {programme.pk: known[programme.pk] for programme in scope.programmes}
        return academy.programme_planned_minutes(programmes=list(scope.programmes))

    return scope.memo("academy.planned", compute)


def _delivered(actor: Any, scope: ReportScope) -> dict[str, int]:
    return _figures(actor, scope).delivered


def _funnel(actor: Any, scope: ReportScope) -> dict[str, int]:
    return scope.memo(
        f"academy.funnel:{getattr(actor, 'pk', None)}",
        lambda: academy.application_funnel(actor=actor, editions=list(scope.editions)),
    )


def _hours(minutes: int) -> float:
    return round(minutes / 60, 1)


@provides(
    PROGRAMME_HOURS,
    PARTICIPANTS_TARGET,
    APPLICANTS,
    ENROLLED,
    COMPLETED_DEF,
    CERTIFIED,
    AWAITING,
    RATE,
    HOURS_DELIVERED,
    ENGLISH_TRACK,
)
def indicators(*, actor: Any, scope: ReportScope, values: dict[str, Indicator]) -> list[Indicator]:
    rows = _rows(actor, scope)
    statuses = Counter(row.status for row in rows)
    enrolled = len(rows)
    completed = sum(statuses[status] for status in COMPLETED)
    certified = sum(1 for row in rows if row.certified)
    target = sum(edition.target for edition in scope.editions)
    planned = _planned(scope)
    delivered = _delivered(actor, scope)
    return [
        PROGRAMME_HOURS.of(_hours(sum(planned.values()))),
        PARTICIPANTS_TARGET.of(target),
        APPLICANTS.of(_funnel(actor, scope)["applicants"]),
        ENROLLED.of(enrolled, target=target),
        COMPLETED_DEF.of(completed),
        CERTIFIED.of(certified),
        AWAITING.of(sum(1 for row in rows if row.awaiting_credential)),
        RATE.of(certified / enrolled if enrolled else None),
        HOURS_DELIVERED.of(
            {fmt: _hours(delivered[fmt]) for fmt in FORMATS},
            value_labels={fmt: str(Format(fmt).label).lower() for fmt in FORMATS},
        ),
        ENGLISH_TRACK.of(sum(1 for row in rows if row.enrolment.language_track == "en")),
    ]


def _breakdown(
    rows: list[ProgressRow], key: Any, labels: Mapping[str, StrOrPromise], ordered: bool = False
) -> tuple[list[str], list[int], list[int]]:
    """Enrolled and certified per group: largest first, or in the vocabulary's order."""
    enrolled: Counter[str] = Counter()
    certified: Counter[str] = Counter()
    for row in rows:
        value = key(row) or ""
        enrolled[value] += 1
        if row.certified:
            certified[value] += 1
    if ordered:
        order = [value for value in labels if value in enrolled] + sorted(
            value for value in enrolled if value not in labels
        )
    else:
        order = sorted(enrolled, key=lambda value: (-enrolled[value], value))
    names = [str(labels.get(value, value)) if value else _("not given") for value in order]
    return names, [enrolled[v] for v in order], [certified[v] for v in order]


def _breakdown_table(
    caption: str, names: list[str], enrolled: list[int], certified: list[int]
) -> Table:
    return Table(
        caption=caption,
        header=[_("Group"), _("Enrolled"), _("Certified")],
        rows=[[n, e, c] for n, e, c in zip(names, enrolled, certified, strict=True)],
        chart=grouped_bar_chart(
            names,
            [(_("Enrolled"), enrolled), (_("Certified"), certified)],
            label=caption,
            unit=_("participants"),
        ),
        numeric={1, 2},
    )


ATTENDANCE_BINS = [(0, 20), (20, 40), (40, 60), (60, 80), (80, 100), (100, None)]


def sections(*, actor: Any, scope: ReportScope) -> list[Section]:
    rows = _rows(actor, scope)
    if not scope.editions:
        return []
    statuses = Counter(row.status for row in rows)
    enrolled = len(rows)
    completed = sum(statuses[status] for status in COMPLETED)
    certified = sum(1 for row in rows if row.certified)
    awaiting = sum(1 for row in rows if row.awaiting_credential)
    target = sum(edition.target for edition in scope.editions)
    rate = round(certified / enrolled, 4) if enrolled else None

    targets = Table(
        caption=_("Targets and actuals"),
        header=[_("Figure"), _("Number")],
        rows=[
            [_("Applicants"), _funnel(actor, scope)["applicants"]],
            [_("Target number of participants"), target],
            [_("Enrolled"), enrolled],
            [_("Completed (hour rules met)"), completed],
            [_("Certified (valid credential)"), certified],
            [_("Awaiting credential"), awaiting],
            [_("Certification rate (certified / enrolled)"), rate],
        ],
        chart=bar_chart(
            [_("Applicants"), _("Target"), _("Enrolled"), _("Completed"), _("Certified")],
            [_funnel(actor, scope)["applicants"], target, enrolled, completed, certified],
            label=_("Applicants, target, enrolled, completed and certified participants"),
            unit=_("participants"),
        ),
        numeric={1},
    )
    status_table = Table(
        caption=_("Participants by completion status"),
        header=[_("Completion status"), _("Participants")],
        rows=[[status.label, statuses[status]] for status in CompletionStatus],
        chart=bar_chart(
            [status.label for status in CompletionStatus],
            [statuses[status] for status in CompletionStatus],
            label=_("Participants by completion status"),
            unit=_("participants"),
        ),
        numeric={1},
    )
    funnel = _funnel(actor, scope)
    stages = [
        (_("Applied"), funnel["applicants"]),
        (_("Accepted"), funnel["accepted"]),
        (_("Waiting list"), funnel["waitlisted"]),
        (_("Rejected"), funnel["rejected"]),
        (_("Awaiting a decision"), funnel["pending"]),
    ]
    applications = Table(
        caption=_("Applications and selection"),
        header=[_("Stage"), _("Applications")],
        rows=[[label, count] for label, count in stages],
        chart=bar_chart(
            [label for label, _count in stages],
            [count for _label, count in stages],
            label=_("Applications and selection"),
            unit=_("applications"),
        ),
        numeric={1},
    )
    result = [
        Section("targets", _("Targets and actuals"), 10, [targets, applications, status_table]),
    ]
    if len(scope.editions) > 1:
        per_edition: dict[int, Counter[str]] = {}
        for row in rows:
            counts = per_edition.setdefault(row.enrolment.edition_id, Counter())
            counts[row.status] += 1
            counts["certified"] += row.certified
        edition_rows = []
        for edition in scope.editions:
            counts = per_edition.get(edition.pk, Counter())
            total = sum(counts[status] for status in CompletionStatus)
            edition_rows.append(
                [
                    edition.title,
                    edition.target,
                    total,
                    sum(counts[s] for s in COMPLETED),
                    counts["certified"],
                    round(counts["certified"] / total, 4) if total else None,
                ]
            )
        result[0].tables.append(
            Table(
                caption=_("Editions"),
                header=[
                    _("Edition"),
                    _("Target"),
                    _("Enrolled"),
                    _("Completed"),
                    _("Certified"),
                    _("Certification rate"),
                ],
                rows=edition_rows,
                numeric={1, 2, 3, 4, 5},
            )
        )

    planned = _planned(scope)
    delivered = _delivered(actor, scope)
    labels = [str(Format(fmt).label) for fmt in FORMATS]
    hours = [_hours(delivered[fmt]) for fmt in FORMATS]
    result.append(
        Section(
            "hours",
            _("Hours delivered"),
            20,
            [
                Table(
                    caption=_("Hours delivered by format"),
                    header=[_("Format"), _("Hours delivered")],
                    rows=[[label, value] for label, value in zip(labels, hours, strict=True)]
                    + [[_("Total"), _hours(sum(delivered.values()))]],
                    chart=bar_chart(
                        labels, hours, label=_("Hours delivered by format"), unit=_("hours")
                    ),
                    numeric={1},
                    note=_("Planned hours of the programme(s): %(hours)s.")
                    % {"hours": f"{_hours(sum(planned.values())):g}"},
                ),
                _attendance_table(rows),
            ],
        )
    )

    year = max(edition.starts_on.year for edition in scope.editions)
    breakdowns: list[tuple[str, Callable[[ProgressRow], Any], Mapping[str, StrOrPromise], bool]] = [
        (_("By gender"), lambda row: row.user.gender, dict(Gender.choices), False),
        (
            _("By age group"),
            lambda row: age_group_of(row.user.birth_year, year),
            dict(AgeGroup.choices),
            True,
        ),
        (_("By voivodeship"), lambda row: row.user.voivodeship, dict(Voivodeship.choices), False),
        (_("By sector"), lambda row: row.user.sector, dict(Sector.choices), False),
        (
            _("By language track"),
            lambda row: row.enrolment.language_track,
            {"pl": _("Polish"), "en": _("English")},
            False,
        ),
    ]
    result.append(
        Section(
            "participants",
            _("Participants"),
            30,
            [
                _breakdown_table(caption, *_breakdown(rows, key, labels, ordered))
                for caption, key, labels, ordered in breakdowns
            ],
            intro=_(
                "Enrolled and certified participants by group; age at the start of the edition."
            ),
        )
    )
    return result


def _attendance_table(rows: list[ProgressRow]) -> Table:
    names = [f"{low}–{high} h" if high else f"≥ {low} h" for low, high in ATTENDANCE_BINS]
    # One pass over the rows (thousands at scale), each total computed once.
    counts = [0] * len(ATTENDANCE_BINS)
    for row in rows:
        total = row.total_minutes
        for index, (low, high) in enumerate(ATTENDANCE_BINS):
            if total >= low * 60 and (high is None or total < high * 60):
                counts[index] += 1
                break
    return Table(
        caption=_("Participants by hours attended"),
        header=[_("Hours attended"), _("Participants")],
        rows=[[name, count] for name, count in zip(names, counts, strict=True)],
        chart=bar_chart(
            names, counts, label=_("Participants by hours attended"), unit=_("participants")
        ),
        numeric={1},
    )
