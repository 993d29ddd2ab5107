"""The `<tbody>` of the academy's long staff tables, rendered in Python (decision 0915).

The markup is what the templates wrote for each row; the templates keep the table, its caption and
its headers, and the row for an empty table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format, get_format
from django.utils.html import conditional_escape as escape
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sib.academy.models import Application, Session
from sib.academy.selectors import GridRow, ProgressRow
from sib.core.rows import format_rows, status_badge, url_for_each
from sib.core.templatetags.sib import hours

PROGRESS_ROW = (
    '<tr><td><a href="{url}">{name}</a></td><td>{group}</td>'
    '<td class="num">{lecture}</td><td class="num">{workshop}</td>'
    '<td class="num">{mentoring}</td><td class="num">{total}</td>'
    '<td class="num">{score}</td><td>{status}</td><td>{reachable}</td></tr>\n'
)


def progress_rows(rows: Iterable[ProgressRow]) -> SafeString:
    """The edition table's rows: name, group, hours by format and in all, score, status."""
    detail = url_for_each("academy:enrolment-detail")
    yes, no = _("yes"), _("no")
    # Figures repeat down the table: each is formatted (for the language) once per table.
    hours_of = hours_formatter()
    score_of = _memo(lambda score: floatformat(score, "-2") or "—")
    badge_of = _memo(status_badge)
    return format_rows(
        PROGRESS_ROW,
        (
            {
                "url": detail(row.enrolment.pk),
                "name": row.user.full_name,
                "group": (row.enrolment.group.name if row.enrolment.group is not None else "")
                or "—",
                "lecture": hours_of(row.minutes_by_format["lecture"]),
                "workshop": hours_of(row.minutes_by_format["workshop"]),
                "mentoring": hours_of(row.minutes_by_format["mentoring"]),
                "total": hours_of(row.total_minutes),
                "score": score_of(row.enrolment.final_project_score),
                "status": badge_of(row.status),
                "reachable": (
                    "—" if row.status != "active" else (yes if row.evaluation.reachable else no)
                ),
            }
            for row in rows
        ),
    )


def hours_formatter() -> Callable[[int | None], str]:
    """The `hours` filter for the active language, without a locale lookup per figure (same
    text: whole tenths of an hour rounded down, the language's decimal separator)."""
    if settings.USE_THOUSAND_SEPARATOR:
        return hours
    separator = get_format("DECIMAL_SEPARATOR")

    def formatted(minutes: int | None) -> str:
        if not isinstance(minutes, int):
            return hours(minutes)
        whole, tenth = divmod(minutes * 10 // 60, 10)
        return f"{whole}{separator}{tenth}" if tenth else str(whole)

    return formatted


def _memo(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`function` remembering its answers for the one table being rendered."""
    answers: dict[Any, Any] = {}

    def remembered(value: Any) -> Any:
        if value not in answers:
            answers[value] = function(value)
        return answers[value]

    return remembered


GRID_ROW = (
    '<tr data-row hx-sync="closest tbody:queue all" hx-post="{url}" hx-trigger="sib-save" '
    'hx-include="this" hx-target="find .save-cell" hx-swap="innerHTML">\n'
    '<th scope="row" id="person-{pk}">{name}</th>\n'
    '<td>\n<fieldset class="choices" aria-labelledby="person-{pk}">\n{choices}\n</fieldset>\n</td>\n'
    '<td class="attendance-grid__missed" data-label="{missed_label}">\n'
    '<label for="missed-{pk}" class="visually-hidden">{missed_by}</label>\n'
    '<input type="number" min="1" max="{max}" inputmode="numeric" class="late-minutes" '
    'id="missed-{pk}" name="missed-{pk}" value="{missed}">\n</td>\n'
    '<td class="save-cell" role="status">{error}</td>\n</tr>\n'
)
CHOICE = (
    '<label><input type="radio" name="status-{pk}" value="{value}"{checked}> '
    "<span>{label}</span></label>"
)
ERROR = '<span class="save-state save-state--error">{}</span>'


def attendance_rows(
    session: Session, rows: Iterable[GridRow], statuses: Iterable[tuple[str, Any]]
) -> str:
    """The attendance grid's rows: a radio group of statuses and the minutes missed per person."""
    mark = url_for_each("academy:attendance-mark", session.pk)
    missed_label = _("Minutes missed")
    choices = [(value, escape(value), escape(label)) for value, label in statuses]

    def radios(pk: int, status: str) -> SafeString:
        return mark_safe(  # noqa: S308 - built from escaped values only
            "\n".join(
                CHOICE.format(
                    pk=pk, value=value, label=label, checked=" checked" if status == raw else ""
                )
                for raw, value, label in choices
            )
        )

    return format_rows(
        GRID_ROW,
        (
            {
                "url": mark(row.enrolment.pk),
                "pk": row.enrolment.pk,
                "name": row.enrolment.user.full_name,
                "choices": radios(row.enrolment.pk, row.status),
                "missed_label": missed_label,
                "missed_by": _("Minutes missed by %(name)s")
                % {"name": row.enrolment.user.full_name},
                "max": session.duration_minutes - 1,
                "missed": row.minutes_missed,
                "error": format_html(ERROR, row.error) if row.error else "",
            }
            for row in rows
        ),
    )


APPLICATION_ROW = (
    '<tr>\n<td><a href="{url}">{name}</a></td>\n<td>{submitted}</td>\n<td>{voivodeship}</td>\n'
    '<td>{track}</td>\n<td class="num">{score}</td>\n<td class="num">{reviews}</td>\n'
    "<td>{status}</td>\n<td>{decide}</td>\n</tr>\n"
)
DECIDE_FORM = (
    '<form method="post" action="{action}">\n'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
    '<input type="hidden" name="query" value="{query}">\n'
    '<button type="submit" name="decision" value="{value}" class="button button--small{quiet}">'
    '{label}<span class="visually-hidden"> — {name}</span></button>\n</form>'
)


def application_rows(
    request: HttpRequest, applications: Iterable[Any], choices: list[tuple[str, Any]]
) -> SafeString:
    """The applications of an edition: who, when, where from, score and one button per decision
    (`applications` carry the selector's `score` and `review_count` annotations)."""
    detail = url_for_each("academy:application-detail")
    decide = url_for_each("academy:application-decide")
    enrolment = url_for_each("academy:enrolment-detail")
    csrf = escape(get_token(request))
    query = escape(request.GET.urlencode())
    enrolled = _("Enrolled")
    buttons = [(raw, escape(raw), escape(label)) for raw, label in choices]
    submitted_on = _memo(
        lambda moment: date_format(localtime(moment), "SHORT_DATE_FORMAT") if moment else ""
    )

    def decisions(application: Application) -> SafeString | str:
        if application.purged_at:
            return "—"
        if application.status != "accepted":
            name = escape(application.display_name)
            action = escape(decide(application.pk))
            forms = "\n".join(
                DECIDE_FORM.format(
                    action=action,
                    csrf=csrf,
                    query=query,
                    value=value,
                    quiet=" button--quiet" if raw != "accepted" else "",
                    label=label,
                    name=name,
                )
                for raw, value, label in buttons
                if raw != application.status
            )
            return mark_safe(f'<div class="row-actions">\n{forms}\n</div>')  # noqa: S308 - escaped
        if application.enrolment_id:
            return format_html('<a href="{}">{}</a>', enrolment(application.enrolment_id), enrolled)
        return ""

    return format_rows(
        APPLICATION_ROW,
        (
            {
                "url": detail(application.pk),
                "name": application.display_name,
                "submitted": submitted_on(application.submitted_at),
                "voivodeship": application.get_voivodeship_display() or "—",
                "track": application.language_track.upper(),
                "score": floatformat(application.score, 1) if application.score else "—",
                "reviews": application.review_count,
                "status": status_badge(application.status, application.get_status_display()),
                "decide": decisions(application),
            }
            for application in applications
        ),
    )


SESSION_ROW = (
    "<tr>\n<td>{when}</td>\n<td>{title}</td>\n<td>{format}</td>\n<td>{audience}</td>\n"
    '<td class="num">{hours}</td>\n<td>{leader}</td>\n<td>{attendance}</td>\n</tr>\n'
)
ATTENDANCE_LINK = '<a href="{}">{}<span class="visually-hidden"> — {}, {}</span></a>'


def session_rows(sessions: Iterable[Any], markable: set[int]) -> SafeString:
    """The sessions of an edition page: when, what, for whom, how long, who leads, the marks
    (`sessions` carry the selector's `marked` count)."""
    attendance = url_for_each("academy:attendance")
    hours_of = hours_formatter()
    whole_edition, take = _("whole edition"), _("Take attendance")
    rows = []
    for session in sessions:
        when = date_format(localtime(session.starts_at), "SHORT_DATETIME_FORMAT")
        title = session.display_title
        if session.pk in markable:
            label = (
                ngettext("%(counter)s marked", "%(counter)s marked", session.marked)
                % {"counter": session.marked}
                if session.marked
                else take
            )
            marks = format_html(ATTENDANCE_LINK, attendance(session.pk), label, title, when)
        else:
            marks = session.marked
        rows.append(
            {
                "when": when,
                "title": title,
                "format": session.get_format_display(),
                "audience": (session.group.name if session.group is not None else "")
                or whole_edition,
                "hours": hours_of(session.duration_minutes),
                "leader": (session.leader.full_name if session.leader is not None else "") or "—",
                "attendance": marks,
            }
        )
    return format_rows(SESSION_ROW, rows)
