from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def pick(value: dict[str, str] | None, language: str) -> str:
    """One language of a bilingual snapshot value ({'pl': ..., 'en': ...})."""
    if not value:
        return ""
    return value.get(language) or value.get("pl") or value.get("en") or ""


@register.filter
def snapshot_date(value: Any) -> str:
    """A date stored as ISO text in a credential's snapshot, in the language's one date format."""
    if not value:
        return ""
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return date_format(day, "DATE_FORMAT")
