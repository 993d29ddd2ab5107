"""Every API error as RFC 9457 problem details, with `errors: [{field, message}]`."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from sib.api.parser import NulInBody
from sib.core.jsonlimits import JsonTooComplex
from sib.core.middleware import nul_problem
from sib.core.problems import problem_response

logger = logging.getLogger(__name__)


def _field_of(location: Any) -> str:
    parts = [str(part) for part in location if part not in {"body", "query", "path", "payload"}]
    return ".".join(parts)


def too_large(limit: int | None = None) -> HttpResponse:
    """413 for a body over the limit (Django's DATA_UPLOAD_MAX_MEMORY_SIZE unless named)."""
    limit = limit or settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return problem_response(
        413,
        _("Request body too large"),
        _("The request body may be at most %(size)s bytes.") % {"size": limit},
    )


def too_complex(error: Exception) -> HttpResponse:
    return problem_response(
        400,
        _("Request body too complex"),
        _("The JSON body is %(reason)s.") % {"reason": error},
        [{"field": "body", "message": str(error)}],
    )


def sqlite_overflow(error: BaseException) -> bool:
    """SQLite refuses to bind an integer beyond 64 bits; such an id matches no row (PostgreSQL
    simply finds none)."""
    return isinstance(error, OverflowError) and "SQLite INTEGER" in str(error)


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"field": _field_of(e.get("loc", ())), "message": str(e.get("msg", ""))}
            for e in exc.errors
        ]
        return problem_response(
            422, _("Invalid input"), _("Some values are missing or invalid."), errors
        )

    @api.exception_handler(ValidationError)
    def invalid_data(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = [
                {"field": "" if field == "__all__" else field, "message": message}
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            errors = [{"field": "", "message": message} for message in exc.messages]
        return problem_response(
            422, _("Invalid data"), _("The request could not be applied."), errors
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = problem_response(
            401,
            _("Authentication required"),
            _("Send a personal API token as “Authorization: Bearer <token>”, or sign in."),
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(AuthorizationError)
    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem_response(403, _("Forbidden"), _("You may not do this."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(
            404, _("Not found"), _("There is no such object, or you may not see it.")
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja wraps every failure to read the body in a 400; say which one it was.
        if isinstance(exc.__cause__, RequestDataTooBig):
            return too_large()
        if isinstance(exc.__cause__, JsonTooComplex):
            return too_complex(exc.__cause__)
        if isinstance(exc.__cause__, NulInBody):
            return nul_problem()
        if exc.status_code == 429:
            response = problem_response(
                429, _("Too many requests"), _("Please wait a moment and try again.")
            )
            wait = getattr(exc, "wait", None)
            if wait:
                response["Retry-After"] = str(int(wait))
            return response
        return problem_response(exc.status_code, str(exc), str(exc))

    @api.exception_handler(RequestDataTooBig)
    def body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return too_large()

    @api.exception_handler(JsonTooComplex)
    def body_too_complex(request: HttpRequest, exc: JsonTooComplex) -> HttpResponse:
        return too_complex(exc)

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        from sib.core.readiness import is_database_outage

        if is_database_outage(exc):
            from sib.core.views import unavailable_response

            logger.warning("Database unavailable: %s", exc)
            return unavailable_response(request)
        if sqlite_overflow(exc):
            return not_found(request, Http404())
        logger.exception("Unhandled API error", exc_info=exc)
        return problem_response(500, _("Server error"), _("Something went wrong on our side."))
