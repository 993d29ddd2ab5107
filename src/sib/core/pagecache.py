"""Whole public pages for anonymous visitors, rendered once per state of what they show.

An anonymous visitor's copy of a public page (an event, a credential's verification page) differs
from any other anonymous visitor's only by the CSRF token (in the language switcher and forms). So
the page is rendered once per *state* — a small tuple read from the database in one query on every
request (for an event its `updated_at` stamp, the seats left, whether registration is open; for a
credential its public stamp) — plus the language and the path, and kept with the token replaced
by a placeholder; each visitor gets their own token put back. Because the state is read on every
request, a copy is never older than the database: a registration or a revocation changes the
state, hence the key, and the next visitor sees it.

The copies live in a memory cache of each web process: the key itself says whether a copy is
current, so processes need not share them and reading one costs no query. Entries expire after
ten minutes, which bounds what the stamp does not cover (a host organisation renamed elsewhere).
Signed-in people (their name and navigation are on the page), htmx requests, requests with other
query parameters than the page declares, with messages to show, or other than GET are rendered
as usual. The headers the view set (e.g. `X-Robots-Tag`) are kept with the page. See decisions
0410 and 0211.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import (  # type: ignore[attr-defined]  # private; not in django-stubs
    _unmask_cipher_token,
    get_token,
)
from django.utils.translation import get_language

TIMEOUT = 600
# A public event page at scale L is about 40 kB: at most some 20 MB per process.
MAX_ENTRIES = 500
PLACEHOLDER = b"@@sib-csrf-token@@"
# A masked CSRF token: 64 letters and digits (Django's CSRF_TOKEN_LENGTH).
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")

pages = LocMemCache(
    "sib-public-pages", {"TIMEOUT": TIMEOUT, "OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES}}
)

View = Callable[..., HttpResponse]
State = Callable[..., "Sequence[Any] | None"]


def _anonymous_get(request: HttpRequest, query: Sequence[str]) -> bool:
    if request.method != "GET" or getattr(request, "htmx", False):
        return False
    if any(name not in query for name in request.GET):
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    # Messages are shown (and used up) by the page: render it for whoever has some waiting.
    return len(get_messages(request)) == 0


def _key(view: str, request: HttpRequest, state: Sequence[Any]) -> str:
    parts = [view, get_language() or "", request.get_full_path(), *map(repr, state)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _without_token(content: bytes, request: HttpRequest) -> bytes | None:
    """The page with each of this request's CSRF tokens replaced by the placeholder (None if a
    token of another secret is in it: better not kept)."""
    secret = request.META.get("CSRF_COOKIE")

    def swap(match: re.Match[bytes]) -> bytes:
        if secret and _unmask_cipher_token(match.group().decode()) == secret:
            return PLACEHOLDER
        return match.group()

    if PLACEHOLDER in content:
        return None
    return _TOKEN.sub(swap, content)


def anonymous_page(state: State, *, query: Sequence[str] = ()) -> Callable[[View], View]:
    """Serve anonymous visitors a kept copy of the page while `state(request, *args, **kwargs)`
    returns the same tuple; `None` from it means "render as usual" (e.g. a draft: 404).
    `query`: the query parameters the page accepts (each combination is its own copy)."""

    def decorator(view: View) -> View:
        name = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _anonymous_get(request, query):
                return view(request, *args, **kwargs)
            current = state(request, *args, **kwargs)
            if current is None:
                return view(request, *args, **kwargs)
            key = _key(name, request, current)
            kept = pages.get(key)
            if kept is not None:
                content, headers = kept
                return HttpResponse(
                    content.replace(PLACEHOLDER, get_token(request).encode()), headers=headers
                )
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not response.streaming
                and response.get("Content-Type", "").startswith("text/html")
                and not response.cookies
                # Kept only if nothing changed while it rendered (e.g. a registration between
                # reading the state and counting the seats): the copy must match its key.
                and state(request, *args, **kwargs) == current
            ):
                content = _without_token(response.content, request)
                if content is not None:
                    pages.set(key, (content, dict(response.headers)))
            return response

        return wrapper

    return decorator


def clear() -> None:
    """Forget every kept page of this process (tests)."""
    pages.clear()
