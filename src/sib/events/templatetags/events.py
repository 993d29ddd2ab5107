"""Template helpers of the events app."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.simple_tag
def event_when(event: Any) -> str:
    """When an event takes place, in local time: "12 May 2026, 09:00–17:00" for one day, else
    "12 May 2026 – 14 May 2026". Worked out in Python: on a list of cards, the same done with
    template filters formatted each date several times."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if start.date() == end.date():
        return f"{date_format(start, 'DATE_FORMAT')}, {start:%H:%M}–{end:%H:%M}"
    return f"{date_format(start, 'DATE_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"
