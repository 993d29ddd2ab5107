"""The request a signed-in page receives, so the type checker knows `request.user` is a person."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from sib.accounts.models import User


class HtmxHttpRequest(HttpRequest):
    """Any request: django-htmx's middleware tells whether htmx sent it."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A request that `login_required` (or an API's authentication) let through.

    Only an annotation: views receive Django's ordinary request object."""

    user: User
