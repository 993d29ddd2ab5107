"""What the events app adds to the studio's pages (decision 0402: projects and the events where
they were presented link both ways; studio does not import events)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sib.core.panels import Panel
from sib.events.models import Presentation


def sections(request: Any, *, page: str, obj: Any) -> list[Panel]:
    """On a project's page (`page="project"`): the public events where it was presented."""
    if page != "project":
        return []
    presentations = list(
        Presentation.objects.filter(project=obj, event__status="published")
        .select_related("event")
        .order_by("event__starts_at")
    )
    if not presentations:
        return []
    return [
        Panel(
            _("Presented at"),
            "events/partials/project_presentations.html",
            {"presentations": presentations},
            order=60,
        )
    ]
