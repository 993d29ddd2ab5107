"""Request-wide rules: the person's language, two-factor authentication for staff, headers every
response carries, and ids or characters beyond what the database can hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_cache_control

# Features no page of ours uses are switched off for the page and anything it embeds; the camera
# stays available to our own pages (the check-in scanner).
PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "autoplay=()",
        "camera=(self)",
        "display-capture=()",
        "geolocation=()",
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=()",
        "publickey-credentials-get=()",
        "usb=()",
        "interest-cohort=()",
        "browsing-topics=()",
    ]
)
# The largest id a 64-bit signed integer column holds.
MAX_ID = 2**63 - 1


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
        response = self.get_response(request)
        login_language = getattr(request, "_sib_login_language", "")
        if login_language:  # set by the login signal: later anonymous pages keep the language
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                login_language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        return response


class MethodNotAllowedPageMiddleware:
    """A page asked with a method it does not take (a GET of a form's POST address) answers 405
    with the site's error page; Django's `require_POST` answers an empty body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not response.streaming
            and not response.content
            and not request.path.startswith("/api/")
            and not getattr(request, "htmx", False)
        ):
            from django.template.loader import render_to_string

            allowed = response.get("Allow", "")
            response.content = render_to_string("405.html", request=request).encode()
            response["Content-Type"] = "text/html; charset=utf-8"
            if allowed:
                response["Allow"] = allowed
        return response


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


class ResponseHeadersMiddleware:
    """`Permissions-Policy` on every response; `Cache-Control: private` on everything a signed-in
    person is served, so no shared cache keeps a page with their name and data. Anonymous public
    pages keep whatever caching they chose (`sib.core.pagecache` keeps its copies in-process)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        return response


class IdRangeMiddleware:
    """An id in the path beyond 64 bits names no object: 404 before any view asks the database
    (SQLite cannot even bind such a number). The same for one that reaches SQLite another way."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool):
                number = value
            elif isinstance(value, str) and value.isascii() and value.isdigit():
                number = int(value)
            else:
                continue
            if number > MAX_ID:
                if request.path.startswith("/api/"):
                    from django.utils.translation import gettext as _

                    from sib.core.problems import problem_response

                    return problem_response(
                        404, _("Not found"), _("There is no such object, or you may not see it.")
                    )
                raise Http404("No such object.")
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, OverflowError) and "SQLite INTEGER" in str(exception):
            raise Http404("No such object.") from exception
        return None


def holds_nul(value: Any) -> bool:
    """Whether text anywhere in `value` (strings, keys, lists, dicts) holds U+0000, which
    PostgreSQL refuses in any text (a 500 if it got that far) and SQLite would keep."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


def nul_problem() -> HttpResponse:
    from django.utils.translation import gettext as _

    from sib.core.problems import problem_response

    return problem_response(
        400,
        _("Invalid characters"),
        _("The request holds a NUL character (U+0000), which no text may contain."),
    )


class NulCharacterMiddleware:
    """A NUL character in the path, the query or a form is refused with a 400 before any view
    reads it: the API answers problem details, pages the 400 page in the person's language.
    (JSON bodies are checked by the API's parser, `sib.api.parser`.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        form = dict(request.POST.lists()) if request.method == "POST" else {}
        if not holds_nul([request.path, dict(request.GET.lists()), form]):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return nul_problem()
        # Django's handler turns it into the 400 page.
        raise BadRequest("A NUL character in the request.")
