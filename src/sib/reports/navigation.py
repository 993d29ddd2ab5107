from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from sib.core.navigation import NavItem
from sib.reports.policies import can_view_reports


def items(request: HttpRequest) -> list[NavItem]:
    if not can_view_reports(request.user):
        return []
    return [NavItem(_("Reports"), reverse("reports:index"), order=45)]
