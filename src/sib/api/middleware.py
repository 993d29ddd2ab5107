"""Every error under /api/ is problem+json, whoever produced it."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse

from sib.core.problems import PROBLEM_CONTENT_TYPE, problem_response


class ApiProblemsMiddleware:
    """Answers that the API's exception handlers never see — ninja's 405 for a method an endpoint
    does not take, Django's own 400/404/413 pages — are rewritten as problem details with the
    same status and headers such as `Allow`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(
                (PROBLEM_CONTENT_TYPE, "application/json")
            )
        ):
            phrase = HTTPStatus(response.status_code).phrase
            problem = problem_response(response.status_code, phrase, phrase)
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    problem[header] = response[header]
            return problem
        return response
