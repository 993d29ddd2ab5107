"""Rows of the long staff tables rendered in Python, one format string per row (decision 0915).

The Django template engine costs a node (and a context lookup per variable) for every cell: a
100-row table of ten cells is thousands of nodes, and at scale that was two thirds of the page's
time. The hot `<tbody>`s are put together here instead, with the same markup the templates wrote.
Every value is escaped with `conditional_escape` (so a value already marked safe, such as a status
badge, is kept as it is): nothing reaches the page unescaped by mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

# A number no object has, put where the varying id goes when a URL is reversed once for a table.
_SLOT = 987654321


def format_rows(row_format: str, rows: Iterable[Mapping[str, Any]]) -> SafeString:
    """`row_format` (named `str.format` fields) filled with each row's escaped values, joined."""
    escape = conditional_escape
    return mark_safe(  # noqa: S308 - every value is escaped just above
        "".join(
            row_format.format_map({name: escape(value) for name, value in row.items()})
            for row in rows
        )
    )


def url_for_each(name: str, *fixed: Any) -> Callable[[Any], str]:
    """A function giving `reverse(name, args=[*fixed, id])` for any id, reversing only once."""
    head, tail = reverse(name, args=[*fixed, _SLOT]).rsplit(str(_SLOT), 1)
    return lambda pk: f"{head}{int(pk)}{tail}"


def status_badge(status: Any, label: str | None = None) -> SafeString:
    """The markup of the `status_badge` template tag."""
    return mark_safe(  # noqa: S308 - both values escaped
        f'<span class="status status--{conditional_escape(str(status))}">'
        f"{conditional_escape(label or str(getattr(status, 'label', status)))}</span>"
    )
