"""One navigation per person: the union of what each app offers for that person's roles."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from sib.core.plugins import contributions


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int = 50

    def is_current(self, path: str) -> bool:
        if self.url == "/":
            return path == "/"
        return path.startswith(self.url)


def navigation_for(request: HttpRequest) -> list[NavItem]:
    """Collect every app's items for this request, without duplicates, in a stable order."""
    seen: dict[str, NavItem] = {}
    for provider in contributions("SIB_NAVIGATION"):
        for item in provider(request):
            seen.setdefault(item.url, item)
    return sorted(seen.values(), key=lambda item: (item.order, item.label))


def items(request: HttpRequest) -> list[NavItem]:
    """The platform's own pages: coordinators follow the outgoing mail."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from sib.core.policies import can_see_outbox

    if not can_see_outbox(request.user):
        return []
    return [
        NavItem(_("Outbox"), reverse("core:outbox"), order=85),
        NavItem(_("Audit trail"), reverse("audit-trail"), order=86),
    ]
