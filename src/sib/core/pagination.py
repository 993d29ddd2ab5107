"""The API's limit/offset pagination for lists paged in the database."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination


class BoundedPagination(LimitOffsetPagination):
    """The platform's limit/offset pagination with an offset the database can take: lists that
    page querysets in SQL answer 422 to an offset past 64 bits instead of a database error."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=1_000_000_000)
