from __future__ import annotations

from typing import Any

from django import template

from sib.core.reporting import format_value

register = template.Library()


@register.filter
def cell(value: Any) -> str:
    """A report table cell in the active language (two decimals, a dash for nothing)."""
    return format_value(value)
