from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from sib.academy.models import Edition
from sib.academy.selectors import ProgressRow
from sib.core.exports import csv_response


def hours(minutes: int) -> str:
    return f"{minutes / 60:.2f}"


def edition_progress_csv(edition: Edition, rows: list[ProgressRow]) -> HttpResponse:
    header = [
        _("Name"),
        _("E-mail"),
        _("Group"),
        _("Lecture hours"),
        _("Workshop hours"),
        _("Mentoring hours"),
        _("Total hours"),
        _("Final project score (%)"),
        _("Completion status"),
        _("Still reachable"),
        _("Withdrawn on"),
    ]
    body = (
        [
            row.user.full_name,
            row.user.email,
            row.enrolment.group.name if row.enrolment.group else "",
            hours(row.minutes_by_format["lecture"]),
            hours(row.minutes_by_format["workshop"]),
            hours(row.minutes_by_format["mentoring"]),
            hours(row.total_minutes),
            ""
            if row.enrolment.final_project_score is None
            else str(row.enrolment.final_project_score),
            str(row.status),
            _("yes") if row.evaluation.reachable else _("no"),
            row.enrolment.withdrawn_on.isoformat() if row.enrolment.withdrawn_on else "",
        ]
        for row in rows
    )
    return csv_response(f"{edition.code}-participants.csv", header, body)
