"""Plain text of lower apps' content (a module's description) shown with links that later apps
add (knowledge links the terms of its map), without the lower app importing them."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from sib.core.plugins import contributions

Linker = Callable[[str], SafeString]


def _plain(text: str) -> SafeString:
    return mark_safe(linebreaks(escape(text)))  # noqa: S308 - escaped just above


def text_linker(*, language: str) -> Linker:
    """A function turning plain text into paragraphs of escaped HTML with links. Ask once per
    page: each `SIB_TEXT_LINKERS` provider `linker(*, language)` may load what it links (one
    query) and returns a function, or None to leave the text to the next one."""
    for provider in contributions("SIB_TEXT_LINKERS"):
        linker = provider(language=language)
        if linker is not None:
            return linker
    return _plain
