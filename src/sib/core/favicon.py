"""`/favicon.ico`: browsers and crawlers ask for it whatever the page's `<link rel="icon">` says."""

from __future__ import annotations

from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ICON = "sib/img/favicon.svg"


@cache
def _icon() -> bytes:
    path = finders.find(ICON)
    if not path:  # collected static files only (finders disabled): read the collected copy
        from django.contrib.staticfiles.storage import staticfiles_storage

        with staticfiles_storage.open(ICON) as handle:
            return handle.read()
    with open(path, "rb") as handle:
        return handle.read()


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """The site's icon (SVG, which every current browser accepts under this name)."""
    return HttpResponse(_icon(), content_type="image/svg+xml")
