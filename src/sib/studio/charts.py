"""Charts of impact indicators, drawn by the shared helper (`sib.core.charts`) and always shown
beside a table with the same numbers."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sib.core.charts import ProgressLine, bar_chart, chart_batch, progress_chart


def indicator_chart(row: dict[str, Any]) -> SafeString | None:
    """One bar per measurement (and the baseline) with what was still to go and a tick at the
    target; None for an indicator without measurements (its table says so)."""
    indicator = row["indicator"]
    if not row["measurements"]:
        return None
    target = float(indicator.target)

    def line(label: str, value: float) -> ProgressLine:
        return ProgressLine(
            label=label, have=value, remaining=max(target - value, 0.0), need=target
        )

    lines = [line(_("Baseline"), float(indicator.baseline))]
    lines += [
        line(date_format(m.measured_on, "SHORT_DATE_FORMAT"), float(m.value))
        for m in row["measurements"]
    ]
    return progress_chart(
        lines,
        label=_(
            "Progress of “%(name)s” towards its target (%(unit)s); the table below gives the values."
        )
        % {"name": indicator.name, "unit": indicator.unit},
        attended=_("Measured"),
        scheduled=_("Still to go"),
        required=_("Target"),
        unit=indicator.unit,
    )


def with_charts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with their charts, read from the cache in one query."""
    with chart_batch():
        for row in rows:
            row["chart"] = indicator_chart(row)
    return rows


def rollup_chart(rows: list[dict[str, Any]], *, label: str) -> SafeString | None:
    """Mean progress of the measured indicators per region or SDG."""
    measured = [row for row in rows if row["mean_progress"] is not None]
    if not measured:
        return None
    return bar_chart(
        [str(row["label"]) for row in measured],
        [row["mean_progress"] for row in measured],
        label=label,
        unit=_("mean progress towards the target (%)"),
    )
