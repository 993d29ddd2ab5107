"""The participant's home panel: surveys waiting for an answer."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.core.panels import Panel
from sib.surveys import selectors
from sib.surveys.policies import invited_to_surveys


def panels(request: HttpRequest) -> list[Panel]:
    # Nobody invited to a sent survey (known from the roles read once per request) has none
    # waiting: no query for them.
    if not invited_to_surveys(request.user):
        return []
    waiting = [
        s for s in selectors.my_surveys(actor=request.user) if s.is_open and s.state != "done"
    ]
    if not waiting:
        return []
    return [
        Panel(
            _("Surveys to answer"),
            "surveys/partials/home_surveys.html",
            {"surveys": waiting},
            order=15,
        )
    ]
