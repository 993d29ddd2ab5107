from __future__ import annotations

from django import template

from sib.surveys.models import value_labels

register = template.Library()


@register.filter
def value_choices(kind: str) -> list[tuple[int, str]]:
    """The values of a numeric item with their labels, in the active language."""
    return list(value_labels(kind).items())


@register.filter
def decimal2(value: float | None) -> str:
    """A mean or SD with two decimals; a dash when there is none."""
    if value is None:
        return "—"
    from django.utils.formats import number_format

    return number_format(round(value, 2), decimal_pos=2)  # number_format truncates
