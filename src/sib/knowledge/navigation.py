from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from sib.core.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    """Manuals and the map of terms, for everyone (each sees what their audience may read)."""
    return [NavItem(_("Knowledge"), reverse("knowledge:index"), order=40)]
