"""Request-wide rules: the person's language, and two-factor authentication for staff."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation


class ProfileLanguageMiddleware:
    """A signed-in person's saved language wins over the cookie and the browser.

    LocaleMiddleware has already applied cookie → Accept-Language → default; this runs after
    authentication and only overrides when the profile names a language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user and user.is_authenticated else ""
        if language and language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class StaffMFAMiddleware:
    """With SIB_STAFF_MFA on, staff must set up TOTP before using anything but account pages."""

    allowed_prefixes = ("/accounts/", "/static/", "/language/", "/healthz", "/readyz")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.SIB_STAFF_MFA
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and not request.path.startswith(self.allowed_prefixes)
            and not _has_totp(user)
        ):
            if request.path.startswith("/api/"):
                from sib.core.problems import problem_response

                return problem_response(
                    403,
                    "Two-factor authentication required",
                    "Staff accounts must enable two-factor authentication before using the API.",
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _has_totp(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
