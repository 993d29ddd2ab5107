"""Home-page panels: a holder's credentials; credentials waiting to be issued for coordinators."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.academy import selectors as academy_selectors
from sib.accounts.policies import is_coordinator
from sib.core.panels import Panel
from sib.credentials import selectors


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    result: list[Panel] = []
    mine = list(selectors.my_credentials(actor=user))
    if mine:
        result.append(
            Panel(
                _("My credentials"),
                "credentials/partials/home_mine.html",
                {"credentials": mine},
                order=15,
            )
        )
    if is_coordinator(user):
        items = []
        for edition in academy_selectors.edition_list(actor=user):
            data = selectors.edition_credentials(actor=user, edition=edition)
            if data.rows:
                items.append(data)
        if items:
            result.append(
                Panel(
                    _("Credentials"),
                    "credentials/partials/home_editions.html",
                    {"items": items},
                    order=35,
                )
            )
    return result
