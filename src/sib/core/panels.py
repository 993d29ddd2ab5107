"""Home-page panels that apps contribute for a person's roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


def page_sections(request: Any, **kwargs: Any) -> list[Panel]:
    """Sections later apps add to a page of a lower app (`SIB_PAGE_SECTIONS`), e.g. the course
    materials that knowledge adds to academy pages. Each provider is called as
    `sections(request, page=..., obj=...)` and returns panels for that page, or none."""
    from sib.core.plugins import contributions

    result: list[Panel] = []
    for provider in contributions("SIB_PAGE_SECTIONS"):
        result.extend(provider(request, **kwargs))
    return sorted(result, key=lambda panel: panel.order)
