"""The public verification page as finished HTML, kept per process for anonymous readers.

Why (decision 0211): the page is the platform's most requested one (every QR code and shared link
lands there) and, once its checks are cached, rendering the site frame and the article cost ten
times a trivial view. For a reader who is not signed in the whole page is a function of the
credential's stamp (every column it shows or its checks depend on), the language and the path —
except the CSRF token of the language switcher, rendered as a placeholder and filled in per
request. The key names the content, so an entry is never stale: revoking, suspending, hiding,
erasure or an issuer edit change the stamp, and the next request renders afresh. Per process
(not the shared cache): no query, and a deploy never serves HTML of the previous release.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from django.contrib.messages import get_messages
from django.http import HttpRequest

# Filled in per request with `django.middleware.csrf.get_token` (letters and digits only).
CSRF_PLACEHOLDER = "sib-csrf-token-placeholder"
SIZE = 256
MAX_AGE = 600.0  # seconds; bounds the life of checks that depend on the clock (validity period)


class RenderedPages:
    """A small least-recently-used map of key -> HTML, safe for gunicorn's threads."""

    def __init__(self, size: int = SIZE, max_age: float = MAX_AGE) -> None:
        self.size = size
        self.max_age = max_age
        self._entries: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if time.monotonic() - entry[0] > self.max_age:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: str, html: str) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic(), html)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


pages = RenderedPages()


def shareable(request: HttpRequest) -> bool:
    """True when the page this request gets is the same for every anonymous reader.

    Signed-in readers see their name and navigation; a query string is echoed in the login
    link; a pending message is shown once.
    """
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and not request.user.is_authenticated
        and len(get_messages(request)) == 0
    )


def page_key(stamp_key: str, language: str, path: str) -> str:
    return f"{stamp_key}:{language}:{path}"
