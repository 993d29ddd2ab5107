"""Structured logs: one JSON object per line, each carrying the id of the request it belongs to.

The request id comes from the `X-Request-ID` header when a proxy set a sane one, otherwise it is
made here; it is echoed in the response so a person reporting a problem can quote it, and it is
stamped on every log record written while the request is handled (`RequestIdFilter`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from sib.core.clientip import client_ip

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy may hand us: short, printable, no spaces (it lands in logs and a response header).
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")
_current_request_id: ContextVar[str] = ContextVar("sib_request_id", default="-")
_current_client_ip: ContextVar[str] = ContextVar("sib_client_ip", default="")
request_logger = logging.getLogger("sib.request")

# Attributes every LogRecord has; anything else was passed through `extra=` and is kept as a field.
_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "request_id",
}


def current_request_id() -> str:
    """The id of the request being handled in this thread ("-" outside a request)."""
    return _current_request_id.get()


def current_client_ip() -> str:
    """The client address of the request being handled ("" outside a request), for the audit."""
    return _current_client_ip.get()


def accepted_request_id(value: str | None) -> str:
    """The caller's id when it is safe to log and echo, otherwise a fresh one."""
    if value and _ACCEPTED_ID.match(value):
        return value
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Stamps `record.request_id` on every record (so formatters may always use it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _current_request_id.get()
        return True


class DatabaseOutageFilter(logging.Filter):
    """A database that cannot be reached is an outage, not a bug: one line, no traceback.

    During an outage every request fails the same way; a traceback each would bury the log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            from sib.core.readiness import is_database_outage

            if is_database_outage(record.exc_info[1]):
                record.database_unavailable = str(record.exc_info[1]).strip()
                record.exc_info = None
                record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extra fields, error."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", _current_request_id.get()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestIdMiddleware:
    """Gives each request an id (honouring a proxy's `X-Request-ID`), echoes it, logs the request.

    It goes first in MIDDLEWARE so that every later log line, error page and redirect knows the id.
    The request line carries method, path (no query string: it may hold personal data), status
    and duration; the peer address is left to the proxy's own log.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = accepted_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        # Kept until the response is closed (`request_finished`): Django logs a failed response
        # after the middleware has returned it.
        _current_request_id.set(request_id)
        _current_client_ip.set(client_ip(request))
        started = time.monotonic()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        return response


@receiver(request_finished)
def _forget_request_id(**kwargs: object) -> None:
    _current_request_id.set("-")
    _current_client_ip.set("")
