"""Home-page panels of the academy, one per role the person holds."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.academy import selectors
from sib.academy.policies import roles_of
from sib.accounts.policies import is_coordinator
from sib.core.panels import Panel

# The coordinator's panel shows this many editions in flight, a trainer's or mentor's the latest
# this many they work in; the rest are a link away (the home page does not grow with editions).
HOME_EDITIONS = 6


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    result: list[Panel] = []
    to_mark, current = selectors.sessions_to_mark(actor=user)
    if to_mark:
        title = _("Sessions to take attendance for") if current else _("Your most recent sessions")
        result.append(
            Panel(title, "academy/partials/home_sessions.html", {"sessions": to_mark}, order=10)
        )
    staffed = selectors.staff_editions(actor=user, limit=HOME_EDITIONS)
    if staffed:
        result.append(
            Panel(
                _("Editions you teach or mentor"),
                "academy/partials/home_staff.html",
                {"editions": staffed, "more": len(roles_of(user).staff) > HOME_EDITIONS},
                order=15,
            )
        )
    # Only people enrolled somewhere have progress to show: the roles are read already.
    enrolled = user.is_authenticated and roles_of(user).enrolled_editions
    enrolments = list(selectors.my_enrolments(actor=user)) if enrolled else []
    for enrolment in enrolments:
        detail = selectors.enrolment_summary(actor=user, enrolment=enrolment)
        result.append(
            Panel(
                _("My progress in %(edition)s") % {"edition": enrolment.edition.title},
                "academy/partials/home_progress.html",
                {"enrolment": enrolment, "detail": detail},
                order=20,
            )
        )
    if is_coordinator(user):
        in_flight, more = selectors.editions_in_flight(actor=user, limit=HOME_EDITIONS)
        progress = selectors.editions_progress(actor=user, editions=in_flight)
        items = []
        for edition in in_flight:
            rows = progress[edition.pk]
            counts = selectors.CompletionCounts.of(rows)
            at_risk = sum(
                1 for row in rows if row.status == "active" and not row.evaluation.reachable
            )
            items.append({"edition": edition, "counts": counts, "at_risk": at_risk})
        result.append(
            Panel(
                _("Editions"),
                "academy/partials/home_editions.html",
                {"editions": items, "more": more},
                order=30,
            )
        )
    return result
