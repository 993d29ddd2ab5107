"""API lists page in the database (issue 16, decision 0906).

Every paginated endpoint is found on the ninja API object itself, so a new one is checked without
being listed here: the page request's SQL carries the page's LIMIT, `count` matches the whole list,
a page is the matching slice of the whole list, and the page costs the same number of queries
with the demo and with more of everything. `BoundedPagination` refuses a plain list.

Marked `sweep`: it loads the demo, as the query-count sweep does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from sib.core.pagination import BoundedPagination, CappedList, PagedRows
from tests.core.test_query_counts import api_arguments, grow
from tests.pages import Samples

PREFIX = "/api/v1"
PAGE = 7  # a limit nothing else in a request asks for (`.first()` is LIMIT 1, `.get()` LIMIT 21)

# The lists BoundedPagination takes whole because the endpoint cut them in SQL already
# (`CappedList`, decision 0906): their SQL has the cap's LIMIT, not the page's.
CAPPED = {"/knowledge/search": "search answers its best 100 hits, cut in SQL"}


@dataclass(frozen=True)
class Endpoint:
    path: str  # as the router has it, e.g. /editions/{edition_id}/participants
    name: str  # the handler's name, for messages
    required_query: tuple[str, ...]


def paginated_endpoints() -> list[Endpoint]:
    """Every operation of the API wrapped by ninja's `paginate`, from the routers themselves."""
    from sib.api.api import api

    found = []
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                view = operation.view_func
                if not getattr(view, "_ninja_is_paginated", False):
                    continue
                inputs = [arg[1] for arg in getattr(view, "_ninja_contribute_args", [])]
                assert BoundedPagination.Input in inputs, f"{path}: not BoundedPagination"
                assert operation.methods == ["GET"], path
                found.append(Endpoint(path, view.__name__, _required_query(path)))
    return found


def _required_query(path: str) -> tuple[str, ...]:
    from sib.api.api import api

    schema = api.get_openapi_schema()["paths"][PREFIX + path]["get"]
    return tuple(
        parameter["name"]
        for parameter in schema.get("parameters", [])
        if parameter["in"] == "query" and parameter.get("required")
    )


ENDPOINTS = paginated_endpoints()


def test_every_paginated_endpoint_is_found() -> None:
    """The discovery finds the lists issue 16 names (and the search exception is among them)."""
    paths = {endpoint.path for endpoint in ENDPOINTS}
    assert len(ENDPOINTS) >= 18, paths
    assert {
        "/editions",
        "/editions/{edition_id}/participants",
        "/editions/{edition_id}/sessions",
        "/editions/{edition_id}/enrolments",
        "/introductions",
        "/consultations",
        "/credentials",
        "/events",
    } <= paths
    assert set(CAPPED) <= paths


def _url(endpoint: Endpoint, arguments: dict[str, Any], **query: Any) -> str:
    url = PREFIX + endpoint.path
    for name in re.findall(r"{(\w+)}", endpoint.path):
        url = url.replace("{" + name + "}", str(arguments[name]))
    missing = [name for name in endpoint.required_query if name not in arguments]
    assert not missing, f"{endpoint.path}: no sample for the query parameters {missing}"
    query = {**{name: arguments[name] for name in endpoint.required_query}, **query}
    return url + "?" + "&".join(f"{key}={value}" for key, value in query.items())


def _arguments(samples: Samples) -> dict[str, Any]:
    from sib.knowledge.models import Term

    term = Term.objects.order_by("pk").first()
    assert term is not None
    return {
        **api_arguments(samples),
        "edition": samples.edition.pk,  # /credentials?edition=
        "q": term.label.split()[0],  # /knowledge/search?q=: a word the demo's manual holds
    }


# Lists the second size does not lengthen, each with its reason: the manual's documents,
# chapters and search index are written by the import, not by a service a test calls cheaply.
NOT_GROWN = {
    "/documents": "the manual's documents come from the import",
    "/documents/{document_id}/chapters": "the manual's chapters come from the import",
    "/knowledge/search": "the search index is built from the manual",
}

MORE = 4


def grow_lists(samples: Samples, arguments: dict[str, Any]) -> None:
    """More of what the lists `grow` of the query-count sweep leaves alone: sessions of the sample
    edition, introductions, consultations, indicators and measurements."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from sib.brokerage.models import Challenge, Consultation, Introduction
    from sib.studio import services as studio_services
    from sib.studio.models import Indicator, Project
    from tests.brokerage.factories import broker
    from tests.factories import SessionFactory

    coordinator = samples.users["coordinator"]
    module = samples.programme.modules.order_by("pk").first()
    project = Project.objects.get(pk=arguments["project_id"])
    indicator = Indicator.objects.get(pk=arguments["indicator_id"])
    challenge = Challenge.objects.get(pk=arguments["challenge_id"])
    now = timezone.now()
    for index in range(MORE):
        SessionFactory(edition=samples.edition, module=module)
        Introduction.objects.create(
            challenge=challenge, broker=broker(), score=0.5, proposed_by=coordinator
        )
        Consultation.objects.create(
            challenge=challenge,
            title=f"Consultation {index}",
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=30),
            published=True,
            created_by=coordinator,
        )
        studio_services.indicator_save(
            actor=coordinator,
            project=project,
            data={
                "name_pl": f"Wskaźnik {index}",
                "name_en": f"Indicator {index}",
                "unit": "people",
                "baseline": Decimal(0),
                "target": Decimal(40),
            },
            sdg_targets=("10.2",),
        )
        studio_services.measurement_add(
            actor=coordinator,
            indicator=indicator,
            value=Decimal(index),
            measured_on=dt.date(2025, 1, 1) + dt.timedelta(days=index),
        )


@dataclass
class Measured:
    count: int
    whole: list[Any]
    middle: list[Any]
    queries: int
    sql: list[str]


def _measure(client: Client, endpoint: Endpoint, arguments: dict[str, Any]) -> Measured:
    whole = client.get(_url(endpoint, arguments, limit=1000))
    assert whole.status_code == 200, (endpoint.path, whole.content[:300])
    middle = client.get(_url(endpoint, arguments, limit=2, offset=1)).json()
    url = _url(endpoint, arguments, limit=PAGE)
    client.get(url)  # warm-up: what is kept between requests is filled
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url)
    assert page.status_code == 200
    body = whole.json()
    assert page.json()["count"] == body["count"]
    return Measured(
        count=body["count"],
        whole=body["items"],
        middle=middle["items"],
        queries=len(captured),
        sql=[query["sql"] for query in captured.captured_queries],
    )


@pytest.mark.sweep
@pytest.mark.django_db
def test_every_list_pages_in_sql_counts_right_and_stays_flat(
    demo_site, django_db_blocker, settings
) -> None:  # noqa: ANN001
    from sib.accounts.models import User

    settings.SIB_STAFF_MFA = False
    with django_db_blocker.unblock():
        client = Client()
        client.force_login(User.objects.get(email="coordinator@demo.sib.example"))
        samples = Samples()
        arguments = _arguments(samples)
        small = {endpoint: _measure(client, endpoint, arguments) for endpoint in ENDPOINTS}
        grow(samples)
        grow_lists(samples, arguments)
        large = {endpoint: _measure(client, endpoint, arguments) for endpoint in ENDPOINTS}
    problems = []
    for endpoint in ENDPOINTS:
        where = f"{endpoint.name} ({endpoint.path})"
        for size, measured in (("demo", small[endpoint]), ("grown", large[endpoint])):
            if measured.count != len(measured.whole):
                problems.append(f"{where}, {size}: count {measured.count}, {len(measured.whole)}")
            if measured.middle != measured.whole[1:3]:
                problems.append(f"{where}, {size}: offset=1&limit=2 is not items 1-2 of the list")
            limit = re.compile(rf"\bLIMIT {PAGE}\b")
            if endpoint.path not in CAPPED and not any(limit.search(sql) for sql in measured.sql):
                problems.append(f"{where}, {size}: no LIMIT {PAGE} in its SQL (paged in Python)")
        if small[endpoint].queries != large[endpoint].queries:
            problems.append(
                f"{where}: {small[endpoint].queries} queries with the demo, "
                f"{large[endpoint].queries} with more rows"
            )
    grown = {
        endpoint.path for endpoint in ENDPOINTS if large[endpoint].count > small[endpoint].count
    }
    assert {"/editions/{edition_id}/participants", "/credentials", "/challenges"} <= grown, grown
    report = "\n".join(problems)
    assert not problems, f"{len(problems)} problems:\n{report}"


def _request() -> Any:
    from django.urls import resolve

    request = RequestFactory().get(f"{PREFIX}/editions")
    request.resolver_match = resolve(f"{PREFIX}/editions")
    return request


def test_a_plain_list_is_refused_naming_the_endpoint() -> None:
    paginator = BoundedPagination()
    with pytest.raises(TypeError, match=r"GET /api/v1/editions handed BoundedPagination a list"):
        paginator.paginate_queryset(
            [1, 2, 3], pagination=BoundedPagination.Input(), request=_request()
        )


def test_a_capped_list_is_taken_and_must_keep_its_cap() -> None:
    paginator = BoundedPagination()
    page = paginator.paginate_queryset(
        CappedList([1, 2, 3], cap=5),
        pagination=BoundedPagination.Input(limit=2, offset=1),
        request=_request(),
    )
    assert page == {"items": [2, 3], "count": 3}
    with pytest.raises(ValueError, match="capped at 2"):
        CappedList([1, 2, 3], cap=2)


@pytest.mark.django_db
def test_paged_rows_map_only_the_page() -> None:
    from sib.accounts.models import User
    from tests.factories import UserFactory

    for _ in range(5):
        UserFactory()
    mapped: list[int] = []

    def row(user: User) -> int:
        mapped.append(user.pk)
        return user.pk

    rows = PagedRows(User.objects.order_by("pk"), row=row)
    with CaptureQueriesContext(connection) as captured:
        page = BoundedPagination().paginate_queryset(
            rows, pagination=BoundedPagination.Input(limit=2, offset=1), request=_request()
        )
    everyone = list(User.objects.order_by("pk").values_list("pk", flat=True))
    assert page == {"items": everyone[1:3], "count": len(everyone)}
    assert mapped == everyone[1:3]
    assert any("LIMIT 2 OFFSET 1" in query["sql"] for query in captured.captured_queries)
    with pytest.raises(TypeError, match="exactly one"):
        PagedRows(User.objects.all())
