"""PDFs from the same HTML templates as the pages (WeasyPrint), with fonts that carry Polish letters.

Static files (CSS, images) are resolved from the installed apps' static directories, never fetched
from the network: `url_fetcher` refuses anything but our own static files and data: URIs.
"""

from __future__ import annotations

import mimetypes
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


def render_pdf(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    """Render a template to PDF bytes. Use `{% static %}` for stylesheets and images."""
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(
        string=html, base_url="http://sib.invalid/", url_fetcher=_static_fetcher()
    ).write_pdf()


def pdf_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
