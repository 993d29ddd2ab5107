"""Every API error as RFC 9457 problem details, with `errors: [{field, message}]`."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from sib.core.problems import problem_response

logger = logging.getLogger(__name__)


def _field_of(location: Any) -> str:
    parts = [str(part) for part in location if part not in {"body", "query", "path", "payload"}]
    return ".".join(parts)


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
        return problem_response(exc.status_code, str(exc), str(exc))

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        from sib.core.readiness import is_database_outage

        if is_database_outage(exc):
            from sib.core.views import unavailable_response

            logger.warning("Database unavailable: %s", exc)
            return unavailable_response(request)
        logger.exception("Unhandled API error", exc_info=exc)
        return problem_response(500, _("Server error"), _("Something went wrong on our side."))
