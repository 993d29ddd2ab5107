from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from sib.academy.models import Edition, Session
from sib.academy.selectors import ProgressRow
from sib.core.exports import csv_response, xlsx_response


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


def _progress_sheet(rows: list[ProgressRow]) -> tuple[list[str], list[list[object]]]:
    """The edition table as numbers (hours with two decimals), for spreadsheets."""
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
    body = [
        [
            row.user.full_name,
            row.user.email,
            row.enrolment.group.name if row.enrolment.group else "",
            round(row.minutes_by_format["lecture"] / 60, 2),
            round(row.minutes_by_format["workshop"] / 60, 2),
            round(row.minutes_by_format["mentoring"] / 60, 2),
            round(row.total_minutes / 60, 2),
            None
            if row.enrolment.final_project_score is None
            else float(row.enrolment.final_project_score),
            str(row.status.label),
            _("yes") if row.evaluation.reachable else _("no"),
            row.enrolment.withdrawn_on,
        ]
        for row in rows
    ]
    return header, body


def edition_progress_xlsx(edition: Edition, rows: list[ProgressRow]) -> HttpResponse:
    header, body = _progress_sheet(rows)
    return xlsx_response(f"{edition.code}-participants.xlsx", [(_("Participants"), header, body)])


def _attendance_table(session: Session, grid: list) -> tuple[list[str], list[list[object]]]:
    header = [
        _("Name"),
        _("E-mail"),
        _("Group"),
        _("Status"),
        _("Minutes missed"),
        _("Minutes credited"),
    ]
    body = []
    for row in grid:
        mark = row.attendance
        body.append(
            [
                row.enrolment.user.full_name,
                row.enrolment.user.email,
                session.group.name if session.group else "",
                str(mark.get_status_display()) if mark else "",
                mark.minutes_missed if mark else "",
                mark.credited_minutes if mark else "",
            ]
        )
    return header, body


def session_attendance_export(session: Session, grid: list, kind: str) -> HttpResponse:
    """The attendance of one session as CSV or XLSX (formula-safe cells either way)."""
    header, body = _attendance_table(session, grid)
    start = session.starts_at.strftime("%Y-%m-%d")
    name = f"{session.edition.code}-{start}-session-{session.pk}-attendance"
    if kind == "xlsx":
        return xlsx_response(f"{name}.xlsx", [(_("Attendance"), header, body)])
    return csv_response(f"{name}.csv", header, body)
