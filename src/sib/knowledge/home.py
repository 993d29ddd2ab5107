"""The manuals written for a person's roles, on their home page."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.accounts.policies import is_coordinator
from sib.core.panels import Panel
from sib.knowledge import policies, selectors
from sib.knowledge.models import Audience


def panels(request: HttpRequest) -> list[Panel]:
    """For mentors and trainers: the manuals written for them (participants and coordinators find
    the manuals under Knowledge). The roles are already loaded by the academy's panels, so this
    costs one query, and nothing for everyone else."""
    user = request.user
    if not user.is_authenticated or is_coordinator(user):
        return []
    if not policies.readable_audiences(user) & {Audience.MENTORS, Audience.TRAINERS}:
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
