"""Request bodies of the API, parsed within bounds (`sib.core.jsonlimits`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser

from sib.core import jsonlimits
from sib.core.middleware import holds_nul


class NulInBody(ValueError):
    """Text of the JSON body holds U+0000, which no stored text may (`sib.api.errors` names it)."""


class BoundedParser(Parser):
    """JSON bodies nested at most `jsonlimits.MAX_DEPTH` deep: deeper ones are refused with a
    400 before any schema or service sees them (ninja wraps the error; `sib.api.errors` names it)."""

    def parse_body(self, request: HttpRequest) -> Any:
        value = jsonlimits.loads(request.body)
        if holds_nul(value):
            raise NulInBody("a NUL character (U+0000) in a text")
        return value
