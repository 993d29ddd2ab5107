"""Home-page panels: a holder's credentials; credentials waiting to be issued for coordinators."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.academy import selectors as academy_selectors
from sib.academy.models import EditionStatus
from sib.academy.policies import roles_of
from sib.accounts.policies import is_coordinator
from sib.core.panels import Panel
from sib.credentials.models import CredentialState


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    result: list[Panel] = []
    # Enrolled people (known without a query) get a panel whose list loads with htmx: the home
    # page stays within its query budget, and without JavaScript the panel is a link.
    if user.is_authenticated and roles_of(user).enrolled_editions:
        result.append(
            Panel(_("My credentials"), "credentials/partials/home_mine.html", {}, order=15)
        )
    if is_coordinator(user):
        # One query: finished editions with their valid credentials ("certified" follows the
        # credential's state, decision 0565; what is awaiting is on the edition's page).
        editions = list(
            academy_selectors.edition_list(actor=user)
            .filter(status=EditionStatus.FINISHED)
            .annotate(
                valid=Count(
                    "enrolments__credentials",
                    filter=Q(enrolments__credentials__state=CredentialState.VALID),
                    distinct=True,
                )
            )
        )
        if editions:
            result.append(
                Panel(
                    _("Credentials"),
                    "credentials/partials/home_editions.html",
                    {"editions": editions},
                    order=35,
                )
            )
    return result
