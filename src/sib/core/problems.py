"""RFC 9457 problem details: the one error shape of the API."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_body(
    status: int, title: str, detail: str = "", errors: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    return {
        "type": "about:blank",
        "title": str(title),
        "status": status,
        "detail": str(detail),
        "errors": errors or [],
    }


def problem_response(
    status: int, title: str, detail: str = "", errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    return HttpResponse(
        json.dumps(problem_body(status, title, detail, errors), ensure_ascii=False),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
