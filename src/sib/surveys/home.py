"""The participant's home panel: surveys waiting for an answer."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.core.panels import Panel
from sib.surveys import selectors


def panels(request: HttpRequest) -> list[Panel]:
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
