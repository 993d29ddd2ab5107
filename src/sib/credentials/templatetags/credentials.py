from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def pick(value: dict[str, str] | None, language: str) -> str:
    """One language of a bilingual snapshot value ({'pl': ..., 'en': ...})."""
    if not value:
        return ""
    return value.get(language) or value.get("pl") or value.get("en") or ""


@register.filter
def isodate(value: Any) -> str:
    return str(value)[:10] if value else ""
