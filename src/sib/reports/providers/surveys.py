"""Report sections and funder indicators of surveys, read through the surveys' selectors."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sib.core.charts import bar_chart, grouped_bar_chart
from sib.core.reporting import (
    Category,
    Definition,
    Indicator,
    ReportScope,
    Section,
    Table,
    format_value,
    provides,
)
from sib.surveys import selectors as surveys
from sib.surveys.models import Instrument
from sib.surveys.stats import MIN_GROUP, paired_change

SOURCE = gettext_lazy("Evaluation survey responses (surveys)")
TEXTS_SHOWN = 30
CHART_EDITIONS = 12

RESPONSES = Definition(
    "survey_responses",
    gettext_lazy("Evaluation survey responses"),
    gettext_lazy(
        "Submitted responses to the evaluation surveys of the editions in scope (the "
        "self-assessment is not counted)."
    ),
    Category.OUTCOME,
    SOURCE,
)
MEAN = Definition(
    "survey_mean",
    gettext_lazy("Evaluation mean (1–5)"),
    gettext_lazy(
        "The mean of every answer to the 1–5 items of the evaluation surveys in scope, all "
        "answers pooled (not a mean of means); the self-assessment is not included."
    ),
    Category.OUTCOME,
    SOURCE,
)
SCALE_MEANS = Definition(
    "survey_scale_means",
    gettext_lazy("Evaluation mean per scale (1–5)"),
    gettext_lazy(
        "For each scale of the evaluation surveys (keyed by the scale's code, e.g. S for "
        "structure and U for usefulness), the mean of every answer to its items, pooled."
    ),
    Category.OUTCOME,
    SOURCE,
)
COMPETENCE_CHANGE = Definition(
    "competence_change",
    gettext_lazy("Self-assessed competence change"),
    gettext_lazy(
        "The mean, over people who answered both the before and the after self-assessment "
        "(C1–C10, 1–5), of each person's mean after minus their mean before."
    ),
    Category.OUTCOME,
    gettext_lazy("Before/after self-assessment responses (surveys)"),
)


def _report(actor: Any, scope: ReportScope) -> surveys.EvaluationReport:
    """Every survey figure of the scope, read once per report (five queries)."""
    return scope.memo(
        f"surveys.report:{getattr(actor, 'pk', None)}",
        lambda: surveys.evaluation_report(
            actor=actor, editions=list(scope.editions), texts_limit=TEXTS_SHOWN
        ),
    )


def _pooled(actor: Any, scope: ReportScope) -> surveys.PooledEvaluation:
    return _report(actor, scope).pooled


def _changes(actor: Any, scope: ReportScope) -> list[surveys.SelfAssessmentChange]:
    return _report(actor, scope).changes


@provides(RESPONSES, MEAN, SCALE_MEANS, COMPETENCE_CHANGE)
def indicators(*, actor: Any, scope: ReportScope, values: dict[str, Indicator]) -> list[Indicator]:
    pooled = _pooled(actor, scope)
    changes = _changes(actor, scope)
    people = [(p.before, p.after) for change in changes for p in change.people]
    change = sum(after - before for before, after in people) / len(people) if people else None
    return [
        RESPONSES.of(pooled.responses),
        MEAN.of(pooled.overall.mean),
        SCALE_MEANS.of({code: summary.mean for code, summary in pooled.scales.items()}),
        COMPETENCE_CHANGE.of(change),
    ]


def _fmt(value: float | None) -> float | None:
    """Means and SDs go into tables as numbers (two decimals); pages format them per language."""
    return None if value is None else round(value, 2)


def sections(*, actor: Any, scope: ReportScope) -> list[Section]:
    result = []
    instruments = _report(actor, scope).instruments
    if instruments:
        result.append(_satisfaction(actor, scope, instruments))
    changes = [change for change in _changes(actor, scope) if change.pairs]
    if changes:
        result.append(_self_assessment(changes))
    return result


def _satisfaction(actor: Any, scope: ReportScope, instruments: list[Instrument]) -> Section:
    pooled = _pooled(actor, scope)
    scale_codes = list(pooled.scales)
    scale_names = [f"{code} {pooled.scale_titles[code]}" for code in scale_codes]
    tables = [
        Table(
            caption=_("Satisfaction by scale (1–5)"),
            header=[_("Scale"), _("Answers"), _("Mean"), _("Standard deviation")],
            rows=[
                [
                    name,
                    pooled.scales[code].n,
                    _fmt(pooled.scales[code].mean),
                    _fmt(pooled.scales[code].sd),
                ]
                for code, name in zip(scale_codes, scale_names, strict=True)
            ]
            + [
                [
                    _("All items"),
                    pooled.overall.n,
                    _fmt(pooled.overall.mean),
                    _fmt(pooled.overall.sd),
                ]
            ],
            chart=bar_chart(
                scale_names + [_("All items")],
                [round(pooled.scales[c].mean or 0, 2) for c in scale_codes]
                + [round(pooled.overall.mean or 0, 2)],
                label=_("Mean rating by scale, 1 to 5"),
                unit=_("mean (1–5)"),
            ),
            numeric={1, 2, 3},
            note=_("%(n)d responses; overall mean %(mean)s = %(total)d / %(answers)d answers.")
            % {
                "n": pooled.responses,
                "mean": _fmt(pooled.overall.mean),
                "total": pooled.overall.total,
                "answers": pooled.overall.n,
            },
        ),
        Table(
            caption=_("Satisfaction by item (1–5)"),
            header=[_("Item"), "n", _("Mean"), _("SD"), "5", "4", "3", "2", "1"],
            rows=[
                [
                    f"{code} {text}",
                    summary.n,
                    _fmt(summary.mean),
                    _fmt(summary.sd),
                    *[summary.distribution.get(value, 0) for value in (5, 4, 3, 2, 1)],
                ]
                for code, text, summary in pooled.items
            ],
            chart=bar_chart(
                [code for code, _text, _summary in pooled.items],
                [round(summary.mean or 0, 2) for _code, _text, summary in pooled.items],
                label=_("Mean rating by item, 1 to 5"),
                unit=_("mean (1–5)"),
            ),
            numeric={1, 2, 3, 4, 5, 6, 7, 8},
        ),
    ]
    report = _report(actor, scope)
    for table in report.segments:
        tables.append(
            Table(
                caption=_("Satisfaction by %(dimension)s") % {"dimension": table.label.lower()},
                header=[table.label, _("Responses"), _("Mean")] + table.scale_codes,
                rows=[
                    [row.label, f"< {MIN_GROUP}", None, *[None for _c in table.scale_codes]]
                    if row.suppressed
                    else [
                        row.label,
                        row.n,
                        _fmt(row.overall.mean if row.overall else None),
                        *[_fmt(row.scale_means[c]) for c in table.scale_codes],
                    ]
                    for row in table.rows
                ],
                numeric={1, 2, *range(3, 3 + len(table.scale_codes))},
                note=_(
                    "Groups with fewer than %(n)d responses are not shown, nor one more where "
                    "it alone would reveal them."
                )
                % {"n": MIN_GROUP},
            )
        )
    if len(instruments) > 1:
        codes, rows = report.comparison
        tables.append(
            Table(
                caption=_("Comparison between editions"),
                header=[_("Edition"), _("Responses"), _("Mean")] + codes,
                rows=[
                    [
                        row.instrument.edition.title
                        if row.instrument.edition
                        else row.instrument.title,
                        row.responses,
                        _fmt(row.overall.mean),
                        *[_fmt(row.scale_means[c]) for c in codes],
                    ]
                    for row in rows
                ],
                # Beyond a dozen editions a chart is unreadable: the table alone stays.
                chart=None
                if len(rows) > CHART_EDITIONS
                else grouped_bar_chart(
                    [
                        row.instrument.edition.title
                        if row.instrument.edition
                        else row.instrument.title
                        for row in rows
                    ],
                    [(c, [round(row.scale_means[c] or 0, 2) for row in rows]) for c in codes],
                    label=_("Mean rating by scale in each edition"),
                    unit=_("mean (1–5)"),
                ),
                numeric={1, 2, *range(3, 3 + len(codes))},
            )
        )
    for question, answers, total in report.open_answers:
        tables.append(
            Table(
                caption=question,
                header=[_("Answer")],
                rows=[[answer] for answer in answers],
                note=_("%(shown)d of %(total)d answers shown.")
                % {"shown": len(answers), "total": total}
                if total > len(answers)
                else "",
            )
        )
    return Section("satisfaction", _("Satisfaction"), 40, tables)


def _self_assessment(changes: list[surveys.SelfAssessmentChange]) -> Section:
    if len(changes) == 1:
        change = changes[0]
        title = change.after.edition.title if change.after.edition else change.after.title
        competences = [(c.code, c.text, c.change) for c in change.competences]
        note = _("%(n)d people answered both; mean change per person %(change)s.") % {
            "n": change.pairs,
            "change": format_value(change.overall.mean_change),
        }
    else:
        # Several editions: every pair pooled per competence, and one summary row per edition.
        title = _("all editions in scope")
        texts = {c.code: c.text for change in changes for c in change.competences}
        competences = [
            (
                code,
                text,
                paired_change(
                    [pair for change in changes for pair in change.pairs_by_code.get(code, [])]
                ),
            )
            for code, text in texts.items()
        ]
        note = _("%(n)d people answered both, in %(editions)d editions.") % {
            "n": sum(change.pairs for change in changes),
            "editions": len(changes),
        }
    tables = [
        Table(
            caption=_("Self-assessed competences before and after (1–5): %(title)s")
            % {"title": title},
            header=[
                _("Competence"),
                _("Pairs"),
                _("Before"),
                _("After"),
                _("Change"),
                _("SD of change"),
            ],
            rows=[
                [
                    f"{code} {text}",
                    change.n,
                    _fmt(change.mean_before),
                    _fmt(change.mean_after),
                    _fmt(change.mean_change),
                    _fmt(change.sd_change),
                ]
                for code, text, change in competences
            ],
            chart=grouped_bar_chart(
                [code for code, _text, _change in competences],
                [
                    (_("Before"), [round(c.mean_before or 0, 2) for _k, _t, c in competences]),
                    (_("After"), [round(c.mean_after or 0, 2) for _k, _t, c in competences]),
                ],
                label=_("Self-assessed competence before and after the course"),
                unit=_("mean (1–5)"),
            ),
            numeric={1, 2, 3, 4, 5},
            note=note,
        )
    ]
    if len(changes) > 1:
        tables.append(
            Table(
                caption=_("Competence change by edition"),
                header=[_("Edition"), _("Pairs"), _("Before"), _("After"), _("Change")],
                rows=[
                    [
                        change.after.edition.title if change.after.edition else change.after.title,
                        change.pairs,
                        _fmt(change.overall.mean_before),
                        _fmt(change.overall.mean_after),
                        _fmt(change.overall.mean_change),
                    ]
                    for change in changes
                ],
                numeric={1, 2, 3, 4},
            )
        )
    return Section("self_assessment", _("Competence self-assessment"), 50, tables)
