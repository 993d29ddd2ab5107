"""The academy's section of the "Your data" page (through SIB_PAGE_SECTIONS): consents."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.academy import consents
from sib.academy.selectors import consent_text_current
from sib.core.panels import Panel


def sections(request: HttpRequest, *, page: str, obj: Any) -> list[Panel]:
    if page != "my-data":
        return []
    records = consents.consents_of(actor=request.user, person=obj)
    active_keys = {r.text.key for r in records if r.is_active}
    optional = [
        {"key": key, "label": label, "text": consent_text_current(key)}
        for key, label in consents.OPTIONAL.items()
        if key not in active_keys
    ]
    return [
        Panel(
            _("Your consents"),
            "academy/partials/consents.html",
            {"records": records, "optional": optional, "optional_keys": set(consents.OPTIONAL)},
            order=20,
        )
    ]
