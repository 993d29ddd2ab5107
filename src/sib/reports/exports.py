"""The report as a workbook (one sheet per section) and as CSV (the indicators)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sib.core.exports import xlsx_bytes
from sib.core.pdf import render_pdf
from sib.core.reporting import format_value
from sib.reports.selectors import Report


def indicator_rows(report: Report) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("Key"),
        _("Indicator"),
        _("Category"),
        _("Value"),
        _("Target"),
        _("Source"),
        _("Definition"),
    ]
    labels = dict(report.by_category_labels())
    rows = [
        [
            i.key,
            i.label,
            labels.get(i.category, i.category),
            i.value if isinstance(i.value, int | float) else format_value(i.value),
            i.target if isinstance(i.target, int | float) else format_value(i.target),
            i.source,
            i.definition,
        ]
        for i in report.indicators.values()
    ]
    return header, rows


def workbook_sheets(report: Report) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Sheet 1: the indicators; then one sheet per section, its tables one under another."""
    header, rows = indicator_rows(report)
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [(_("Indicators"), header, rows)]
    used = {_("Indicators")[:31]}
    for section in report.sections:
        body: list[list[Any]] = []
        for index, table in enumerate(section.tables):
            if index:
                body.append([])
            body.append([table.caption])
            body.append(list(table.header))
            body.extend(["" if value is None else value for value in row] for row in table.rows)
            if table.note:
                body.append([table.note])
        title = section.title[:31]
        while title in used:
            title = title[:28] + f" {len(used)}"
        used.add(title)
        sheets.append((title, [report.scope.label], body))
    return sheets


def workbook_bytes(report: Report) -> bytes:
    return xlsx_bytes(workbook_sheets(report))


def render_report_pdf(report: Report) -> bytes:
    """The report as PDF: the same sections and SVG charts as the page, laid out for A4."""
    return render_pdf(
        "reports/report_pdf.html",
        {"report": report, "scope": report.scope, "generated": timezone.now()},
    )
