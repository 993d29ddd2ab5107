"""Home-page panels: a holder's credentials; credentials waiting to be issued for coordinators."""

from __future__ import annotations

from django.db.models import OuterRef
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.academy import policies
from sib.academy.home import HOME_EDITIONS
from sib.academy.models import EditionStatus
from sib.academy.policies import roles_of
from sib.accounts.policies import is_coordinator
from sib.core.panels import Panel
from sib.core.selectors import correlated_count
from sib.credentials.models import Credential, CredentialState


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
        # One query: the latest finished editions with their valid credentials ("certified"
        # follows the credential's state, decision 0565; what is awaiting is on the edition's
        # page), counted per shown edition in SQL; older ones are a link away.
        valid = correlated_count(
            Credential.objects.filter(
                enrolment__edition=OuterRef("pk"), state=CredentialState.VALID
            ),
            by="enrolment__edition",
        )
        found = list(
            policies.editions_visible(user)
            .filter(status=EditionStatus.FINISHED)
            .order_by("-starts_on", "code")
            .annotate(valid=valid)[: HOME_EDITIONS + 1]
        )
        editions, more = found[:HOME_EDITIONS], len(found) > HOME_EDITIONS
        if editions:
            result.append(
                Panel(
                    _("Credentials"),
                    "credentials/partials/home_editions.html",
                    {"editions": editions, "more": more},
                    order=35,
                )
            )
    return result
