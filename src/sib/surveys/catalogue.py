"""What surveys add to the academy's catalogue page (`SIB_PAGE_SECTIONS`, page "catalogue")."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.core.panels import Panel
from sib.surveys.policies import can_manage_surveys


def sections(request: HttpRequest, *, page: str, obj: Any) -> list[Panel]:
    if page != "catalogue" or not can_manage_surveys(request.user):
        return []
    return [Panel(_("Survey templates"), "surveys/partials/catalogue_link.html", order=50)]
