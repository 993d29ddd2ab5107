"""PDFs from the same HTML templates as the pages (WeasyPrint), with fonts that carry Polish letters.

Static files (CSS, images) are resolved from the installed apps' static directories, never fetched
from the network: `url_fetcher` refuses anything but our own static files and data: URIs.
"""

from __future__ import annotations

import atexit
import mimetypes
import threading
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

STATIC_PREFIX = "/static/"


def _static_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves data: URIs and our static files, and nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = url.split("://", 1)[-1]
            path = (
                path[path.find(STATIC_PREFIX) + len(STATIC_PREFIX) :]
                if STATIC_PREFIX in path
                else ""
            )
            found = finders.find(path) if path else None
            if not found:
                raise ValueError(f"PDF resource not available offline: {url}")
            content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            with open(found, "rb") as handle:
                return URLFetcherResponse(url, handle.read(), {"Content-Type": content_type})

    return StaticFetcher(allowed_protocols={"data", "http"})


_parsed = threading.local()


def parsed_stylesheet(static_path: str) -> tuple[Any, Any]:
    """(stylesheet, font configuration) for one static CSS file, parsed once per thread.

    Why: a stylesheet linked from the HTML is parsed again, and its `@font-face` fonts loaded
    again, for every PDF; a batch of certificates pays that a thousand times. Pass both to
    `render_pdf(stylesheets=...)`. Per thread, as WeasyPrint's font configuration is not
    documented as thread-safe. Font URLs in the CSS resolve against `/static/` like the file.
    """
    cache = _parsed.__dict__.setdefault("stylesheets", {})
    if static_path not in cache:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        found = finders.find(static_path)
        if not found:
            raise ValueError(f"stylesheet not found: {static_path}")
        with open(found, encoding="utf-8") as handle:
            text = handle.read()
        font_config = FontConfiguration()
        stylesheet = CSS(
            string=text,
            base_url=f"http://sib.invalid{STATIC_PREFIX}{static_path}",
            url_fetcher=_static_fetcher(),
            font_config=font_config,
        )
        if not cache:
            # Drop the font configurations before interpreter teardown: WeasyPrint's finaliser
            # needs modules that are gone by then and prints a harmless but noisy traceback.
            atexit.register(cache.clear)
        cache[static_path] = (stylesheet, font_config)
    return cache[static_path]


def render_pdf(
    template: str,
    context: dict[str, Any],
    request: HttpRequest | None = None,
    *,
    stylesheet: str | None = None,
) -> bytes:
    """Render a template to PDF bytes. Use `{% static %}` for stylesheets and images, or name
    one static stylesheet to apply as `stylesheet` (parsed once per thread, fonts loaded once)."""
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    options: dict[str, Any] = {}
    if stylesheet:
        css, font_config = parsed_stylesheet(stylesheet)
        options = {"stylesheets": [css], "font_config": font_config}
    return HTML(
        string=html, base_url="http://sib.invalid/", url_fetcher=_static_fetcher()
    ).write_pdf(**options)


def pdf_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
