"""The API's limit/offset pagination for lists paged in the database (decision 0906)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

M = TypeVar("M", bound=Model)


class PagedRows(Generic[M]):
    """A queryset paged in SQL whose page only is then turned into response rows.

    For endpoints whose items are built in Python (computed fields, plain dicts): the handler
    returns `PagedRows(queryset, row=...)` (one row per instance) or `PagedRows(queryset,
    page=...)` (the whole page at once, for figures computed in a batch), never a list of
    every row. `count` is a `COUNT(*)` and the page a `LIMIT/OFFSET` of the queryset."""

    def __init__(
        self,
        queryset: QuerySet[M],
        *,
        row: Callable[[M], Any] | None = None,
        page: Callable[[list[M]], Sequence[Any]] | None = None,
    ) -> None:
        if (row is None) == (page is None):
            raise TypeError("PagedRows takes exactly one of row= and page=")
        self.queryset = queryset
        self._row = row
        self._page = page

    def count(self) -> int:
        return self.queryset.count()

    def page(self, offset: int, limit: int) -> list[Any]:
        instances = list(self.queryset[offset : offset + limit])
        if self._page is not None:
            return list(self._page(instances))
        assert self._row is not None
        return [self._row(instance) for instance in instances]


class CappedList(list[Any]):
    """The one kind of Python list `BoundedPagination` accepts: a list the endpoint has already
    cut to at most `cap` items in the database (search answers its best hits, never a table),
    so reading it whole costs the same however much data there is."""

    def __init__(self, items: Iterable[Any], *, cap: int) -> None:
        super().__init__(items)
        if len(self) > cap:
            raise ValueError(f"{len(self)} items in a list capped at {cap}")
        self.cap = cap


def _endpoint(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    route = f"/{match.route}" if match is not None and match.route else request.path
    return f"{request.method} {route}"


class BoundedPagination(LimitOffsetPagination):
    """The platform's limit/offset pagination, paged in the database.

    It takes a `QuerySet`, a `PagedRows` or a `CappedList`, and refuses any other list with a
    `TypeError` naming the endpoint: a handler that builds a list of every row reads the whole
    table on each page request (issue 16). The offset is bounded so that lists paging
    querysets in SQL answer 422 to an offset past 64 bits instead of a database error."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=1_000_000_000)

    def _check(self, items: Any, request: HttpRequest) -> None:
        if isinstance(items, QuerySet | PagedRows | CappedList):
            return
        raise TypeError(
            f"{_endpoint(request)} handed BoundedPagination a {type(items).__name__}: return a "
            "QuerySet (or PagedRows over one) so the page is cut in the database, or a "
            "CappedList for a list already capped there (decision 0906)."
        )

    def paginate_queryset(
        self,
        queryset: Any,
        pagination: Any,
        request: HttpRequest,
        **params: Any,
    ) -> Any:
        self._check(queryset, request)
        if isinstance(queryset, PagedRows):
            limit = min(pagination.limit, self.max_limit)
            return {
                self.items_attribute: queryset.page(pagination.offset, limit),
                "count": queryset.count(),
            }
        return super().paginate_queryset(queryset, pagination, request, **params)

    async def apaginate_queryset(
        self,
        queryset: Any,
        pagination: Any,
        request: HttpRequest,
        **params: Any,
    ) -> Any:
        self._check(queryset, request)
        if isinstance(queryset, PagedRows):
            raise TypeError(f"{_endpoint(request)}: PagedRows is for synchronous endpoints")
        return await super().apaginate_queryset(queryset, pagination, request, **params)
