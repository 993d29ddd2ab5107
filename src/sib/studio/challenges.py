"""What the studio adds to the brokerage's introduction page: the step from an accepted
introduction to a project (the brokerage does not import the studio; decision 0700)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sib.core.panels import Panel
from sib.studio import policies
from sib.studio.models import Project


def sections(request: Any, *, page: str, obj: Any) -> list[Panel]:
    """On an introduction's page: the projects answering its challenge that the reader may see,
    and, for its broker once accepted, the button that opens one."""
    if page != "introduction" or obj.status != "accepted":
        return []
    user = request.user
    projects = [
        project
        for project in Project.objects.filter(challenge_id=obj.challenge_id)
        .select_related("team")
        .order_by("pk")
        if policies.can_view(user, project)
    ]
    may_open = policies.can_open_from_challenge(user, obj.challenge) and not any(
        project.lead_broker_id == user.pk for project in projects
    )
    if not projects and not may_open:
        return []
    return [
        Panel(
            _("Innovation project"),
            "studio/partials/challenge_projects.html",
            {"projects": projects, "may_open": may_open, "challenge": obj.challenge},
            order=40,
        )
    ]
