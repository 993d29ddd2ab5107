"""The manuals written for a person's roles, on their home page."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.core.panels import Panel
from sib.knowledge import selectors
from sib.knowledge.models import Audience


def panels(request: HttpRequest) -> list[Panel]:
    if not request.user.is_authenticated:
        return []
    documents = [
        document
        for document in selectors.document_list(actor=request.user)
        if document.audience != Audience.PUBLIC
    ]
    if not documents:
        return []
    return [
        Panel(
            _("Manuals for you"),
            "knowledge/partials/home_manuals.html",
            {"documents": documents},
            order=40,
        )
    ]
