from __future__ import annotations

import math
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.http import urlencode

from sib.core import rows

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    """Minutes as hours with one decimal, rounded down so 23.95 h never shows as meeting 24 h."""
    if minutes is None:
        return "—"
    value = math.floor(minutes * 10 / 60) / 10
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "—"
    return number_format(round(value * 100), decimal_pos=0) + " %"


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def sort_header(context: template.Context, key: str, label: str, numeric: bool = False) -> str:
    """A sortable column header: a link that toggles the order, and aria-sort for screen readers."""
    request = context["request"]
    current = request.GET.get("sort", "name")
    descending = current == f"-{key}"
    active = current.lstrip("-") == key
    params = request.GET.copy()
    params["sort"] = key if (not active or descending) else f"-{key}"
    params.pop("format", None)
    aria = ("descending" if descending else "ascending") if active else "none"
    return format_html(
        '<th scope="col" class="{}" aria-sort="{}"><a href="?{}">{}</a></th>',
        "num" if numeric else "",
        aria,
        urlencode(sorted(params.items())),
        label,
    )


@register.simple_tag
def status_badge(status: Any, label: str | None = None) -> str:
    return rows.status_badge(status, label)
