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

Signed-in people's pages are kept too, each person's own (`KeptPagesMiddleware`, decision 0907):
a copy is keyed on the person, their session, the language and the path, and holds the tables
its rendering read with their generations (`sib.core.generations`); it is served while none of
them has been written since, in any process. The same middleware keeps the pages of anonymous
visitors (one copy for all visitors without a session) and the API's GET answers (each bearer
token its own), decision 0913. While one thread renders a page, the others asking for the same
copy wait for it rather than render it again.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import (  # type: ignore[attr-defined]  # private; not in django-stubs
    _unmask_cipher_token,
    get_token,
)
from django.utils import timezone
from django.utils.translation import get_language

from sib.core import generations

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


# --- signed-in people's pages (decision 0907) -------------------------------------------------------

# A staff page at scale L is up to a few hundred kB; bigger pages are rendered each time. Most
# copies are far smaller (a public page some 40 kB).
KEPT_MAX_BYTES = 512 * 1024
kept_pages = LocMemCache("sib-kept-pages", {"TIMEOUT": TIMEOUT, "OPTIONS": {"MAX_ENTRIES": 800}})
# Never kept: sign-in and account flows (they check how recently one signed in), files, probes.
NOT_KEPT_PREFIXES = ("/accounts/", "/static/", "/media/", "/healthz", "/readyz")
API_PREFIX = "/api/"
# How long a request waits for another thread rendering the same copy before rendering it itself.
WAIT_SECONDS = 20.0


@dataclass(frozen=True)
class _Watch:
    """The generations when the request began, and what it has read since."""

    now: generations.Generations
    seen: generations.Reading


def _may_keep(request: HttpRequest) -> bool:
    return (
        bool(getattr(settings, "SIB_PAGE_CACHE", False))
        and request.method == "GET"
        and not request.path.startswith(NOT_KEPT_PREFIXES)
        and request.headers.get("HX-Request") is None
    )


class PageStateMiddleware:
    """Before anything is read: note the tables' generations, then record what the request reads.

    Placed before authentication, so the person's own row counts among what the page read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _may_keep(request):
            return self.get_response(request)
        now = generations.current()
        with generations.reading() as seen:
            request._sib_watch = _Watch(now, seen)  # type: ignore[attr-defined]
            return self.get_response(request)


def _kept_key(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
    session = request.session
    parts = [
        str(user.pk) if user is not None and user.is_authenticated else "",
        (session.session_key or "") if has_session else "",
        repr(sorted(session.items())) if has_session else "",
        # An API caller is whoever the token is; the token's row is among what the answer read.
        hashlib.sha256(request.headers.get("Authorization", "").encode()).hexdigest(),
        request.headers.get("Accept", ""),
        request.get_host(),
        request.scheme or "",
        get_language() or "",
        timezone.get_current_timezone_name(),
        request.get_full_path(),
        # Pages say "today", "in 3 days", "open until 12:00": a copy lasts at most this minute.
        str(int(time.time() // 60)),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


_rendering: dict[str, threading.Event] = {}
_rendering_lock = threading.Lock()


def _claim(key: str) -> threading.Event | None:
    """None: this thread renders the copy (and must `_release` it); else the event to wait for."""
    with _rendering_lock:
        pending = _rendering.get(key)
        if pending is None:
            _rendering[key] = threading.Event()
        return pending


def _release(key: str) -> None:
    with _rendering_lock:
        done = _rendering.pop(key, None)
    if done is not None:
        done.set()


class KeptPagesMiddleware:
    """Serve a kept copy of a page (or an API answer) while nothing it read has changed.

    Last in the middleware: everything before it (sign-in checks, MFA, languages) runs on every
    request, and so do the headers it adds to the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        watch: _Watch | None = getattr(request, "_sib_watch", None)
        if (
            watch is None
            or getattr(request, "user", None) is None
            or watch.now.get(generations.ALL, (0, 0))[0] < 0
            or len(get_messages(request)) != 0
        ):
            return self.get_response(request)
        key = _kept_key(request)
        kept = self._kept(request, key, watch)
        if kept is not None:
            return kept
        pending = _claim(key)
        if pending is not None:
            # Another thread renders this very copy (a crowd arriving at once, an expensive
            # report): wait for it instead of rendering it once more.
            pending.wait(WAIT_SECONDS)
            kept = self._kept(request, key, watch)
            return kept if kept is not None else self._render(request, key, watch)
        try:
            return self._render(request, key, watch)
        finally:
            _release(key)

    @staticmethod
    def _kept(request: HttpRequest, key: str, watch: _Watch) -> HttpResponse | None:
        kept = kept_pages.get(key)
        if kept is None:
            return None
        tables, stamps, content, headers = kept
        if generations.stamps_for(tables, watch.now) != stamps:
            return None
        if PLACEHOLDER in content:
            content = content.replace(PLACEHOLDER, get_token(request).encode())
        kept_page = HttpResponse(content, headers=headers)
        # For operators and load runs: this answer is a kept copy, not a rendering.
        kept_page["X-Sib-Page"] = "kept"
        return kept_page

    def _render(self, request: HttpRequest, key: str, watch: _Watch) -> HttpResponse:
        response = self.get_response(request)
        if self._keepable(request, response, watch):
            content = _without_token(response.content, request)
            if content is not None:
                tables = frozenset(watch.seen.tables)
                stamps = generations.stamps_for(tables, watch.now)
                kept_pages.set(key, (tables, stamps, content, dict(response.headers)))
        return response

    @staticmethod
    def _keepable(request: HttpRequest, response: HttpResponse, watch: _Watch) -> bool:
        kind = response.get("Content-Type", "")
        return (
            response.status_code == 200
            and not response.streaming
            and (
                (kind.startswith("application/") and "json" in kind)
                or kind.startswith("text/turtle")
                if request.path.startswith(API_PREFIX)
                else kind.startswith("text/html")
            )
            and not response.cookies
            and "no-store" not in response.get("Cache-Control", "")
            # A page whose rendering wrote (marked something read, recorded a visit) is not a
            # reading of one state; nor one that changed the session it is keyed on.
            and not watch.seen.wrote
            and not request.session.modified
            and len(response.content) <= KEPT_MAX_BYTES
        )


def clear() -> None:
    """Forget every kept page of this process (tests, changed settings)."""
    pages.clear()
    kept_pages.clear()
