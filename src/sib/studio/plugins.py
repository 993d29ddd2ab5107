"""What the studio offers other parts of the platform through settings lists."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sib.core.panels import Panel
from sib.studio import selectors


def front_door(request: Any) -> list[Panel]:
    """The public front page's panel: the latest published projects (none: no panel)."""
    latest = list(selectors.showcase()[:3])
    if not latest:
        return []
    return [
        Panel(
            title=_("Innovation showcase"),
            template="studio/partials/front_door.html",
            context={"projects": latest},
            order=40,
        )
    ]
