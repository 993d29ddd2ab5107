"""What the API answers outside its routes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from sib.core.problems import problem_response


def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any /api/ address that names no endpoint or object: the API's own 404, not the site's
    HTML page."""
    return problem_response(
        404, _("Not found"), _("There is no such object, or you may not see it.")
    )
