"""The authorisation matrix (decision 1020): every object URL of the site and every operation of
the API, as every demo role, with an object of another edition, organisation or person
(`tests/foreign.py`): 403/404 (an anonymous visitor may be sent to log in), and a POST or PUT
writes nothing. Coordinators are global staff: the foreign object is theirs too, and their 200
shows the URL names a real object.

The first tests need no database: they fail when a URL pattern with arguments or an API
operation has neither a matrix entry nor a reasoned exclusion, so a new view cannot forget its
check. The sweeps below load the demo (marked `sweep`: the PostgreSQL pass of `.ci/run`).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.pages import (
    API_FOREIGN,
    FOREIGN,
    FOREIGN_EXCLUDED,
    NEIGHBOURS,
    ROLES,
    ApiForeign,
    Foreign,
    api_matrix,
    api_operations,
    matrix,
    object_url_names,
    url_names,
)

# --- completeness: a new URL or operation must be placed in the matrix ---------------------------


def test_every_url_with_arguments_has_a_foreign_object_or_a_reason() -> None:
    missing = sorted(set(object_url_names()) - set(FOREIGN))
    assert not missing, (
        "Object URLs missing from the authorisation matrix (tests/pages.py FOREIGN: add a "
        f"Foreign(...) with another edition's/organisation's/person's object, or a reason): {missing}"
    )


def test_the_matrix_names_only_existing_urls_with_reasons() -> None:
    names = {name for name, _pattern in url_names()}
    assert not [name for name in FOREIGN if name not in names]
    assert not [name for name in NEIGHBOURS if name not in names]
    assert all(reason.strip() for reason in FOREIGN_EXCLUDED.values())
    assert all(value.strip() for value in FOREIGN.values() if isinstance(value, str))
    # Methods a matrix entry sends are the ones a person can send.
    assert all(
        set(value.methods) <= {"GET", "POST"}
        for value in FOREIGN.values()
        if isinstance(value, Foreign)
    )


def test_every_api_operation_has_a_foreign_object_or_a_reason() -> None:
    operations = {operation for operation, _method, _path in api_operations()}
    missing = sorted(operations - set(API_FOREIGN))
    assert not missing, (
        "API operations missing from the authorisation matrix (tests/pages.py API_FOREIGN): "
        f"{missing}"
    )
    assert not sorted(set(API_FOREIGN) - operations)
    with_arguments = {op for op, _method, path in api_operations() if "{" in path} | {
        "sib_credentials_api_credential_list",  # ?edition=
        "sib_reports_api_indicators",  # ?edition=
    }
    reasons = {op for op, value in API_FOREIGN.items() if isinstance(value, str)}
    # An operation on an object in the path gets a foreign object, never only a reason.
    assert not sorted(with_arguments & reasons)
    assert all(isinstance(value, ApiForeign) or value.strip() for value in API_FOREIGN.values())


# --- the sweeps --------------------------------------------------------------------------------------

WRITES = ("INSERT", "UPDATE", "DELETE")
# Tables a refused request may still touch: the session, the cache (rate limits, fragments).
HARMLESS = ("django_session", "sib_cache")


def _writes(queries: list[dict[str, Any]]) -> list[str]:
    return [
        query["sql"][:120]
        for query in queries
        if query["sql"].lstrip().split(" ", 1)[0].upper() in WRITES
        and not any(table in query["sql"] for table in HARMLESS)
    ]


def _denied(role: str, method: str, response: Any) -> bool:
    status = response.status_code
    if status in (403, 404) or (method != "GET" and status == 405):
        return True
    return role == "anonymous" and status == 302 and "/accounts/login" in response["Location"]


@pytest.fixture(scope="module")
def clients(demo_site, django_db_blocker) -> dict[str, Client]:  # noqa: ANN001
    from sib.accounts.models import User

    result = {}
    with django_db_blocker.unblock():
        for role in ROLES:
            client = Client()
            if role != "anonymous":
                client.force_login(User.objects.get(email=f"{role}@demo.sib.example"))
            result[role] = client
    return result


@pytest.mark.sweep
@pytest.mark.django_db
def test_every_object_url_refuses_a_foreign_object_to_every_role_and_writes_nothing(
    clients: dict[str, Client], django_db_blocker, settings
) -> None:  # noqa: ANN001
    settings.SIB_STAFF_MFA = False
    settings.SIB_RATE_LIMITS = {}
    wrong = []
    with django_db_blocker.unblock():
        probes = matrix()
        assert {probe.role for probe in probes} == set(ROLES)
        for probe in probes:
            connection.queries_log.clear()  # a full log (9,000 queries) would capture nothing
            with CaptureQueriesContext(connection) as queries:
                response = getattr(clients[probe.role], probe.method.lower())(probe.url)
            if probe.expected is not None:
                if response.status_code != probe.expected:
                    wrong.append(
                        f"{probe.role} {probe.method} {probe.url} ({probe.name}): "
                        f"{response.status_code}, expected {probe.expected} (is the foreign "
                        "object real?)"
                    )
                continue
            written = _writes(queries.captured_queries)
            if not _denied(probe.role, probe.method, response) or written:
                wrong.append(
                    f"{probe.role} {probe.method} {probe.url} ({probe.name}): "
                    f"{response.status_code}, expected 403/404; wrote {written}"
                )
    assert not wrong, "\n".join(wrong)


# Lists: the foreign objects are not among their items for anyone but coordinators.
API_LISTS = {
    "/api/v1/editions": lambda w: w.edition.pk,
    "/api/v1/documents": lambda w: w.document.pk,
    "/api/v1/terms": lambda w: w.term.pk,
    "/api/v1/challenges": lambda w: w.challenge.pk,
    "/api/v1/introductions": lambda w: w.introduction.pk,
    "/api/v1/consultations": lambda w: w.consultation.pk,
    "/api/v1/projects": lambda w: w.project.pk,
    "/api/v1/events": lambda w: w.draft_event.pk,
}


@pytest.mark.sweep
@pytest.mark.django_db
def test_every_api_operation_refuses_a_foreign_object_to_every_role_and_writes_nothing(
    clients: dict[str, Client], django_db_blocker, settings
) -> None:  # noqa: ANN001
    from tests.foreign import foreign_world

    settings.SIB_STAFF_MFA = False
    settings.SIB_RATE_LIMITS = {}
    wrong = []
    with django_db_blocker.unblock():
        for probe in api_matrix():
            client = clients[probe.role]
            extra = {}
            if probe.body is not None:
                extra = {"data": json.dumps(probe.body), "content_type": "application/json"}
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                response = getattr(client, probe.method.lower())(probe.url, **extra)
            status = response.status_code
            if probe.expected is not None:
                if status != probe.expected:
                    wrong.append(f"{probe.role} {probe.method} {probe.url}: {status}, expected 200")
                continue
            written = _writes(queries.captured_queries)
            if status not in (401, 403, 404) or written:
                wrong.append(
                    f"{probe.role} {probe.method} {probe.url} ({probe.operation}): {status}, "
                    f"expected 401/403/404; wrote {written}"
                )
            elif response["Content-Type"] != "application/problem+json":
                wrong.append(f"{probe.role} {probe.method} {probe.url}: not problem+json")
        world = foreign_world()
        for url, foreign_id in API_LISTS.items():
            wanted = foreign_id(world)
            for role in ROLES:
                response = clients[role].get(url, {"limit": 1000})
                if response.status_code != 200:
                    assert role == "anonymous" or response.status_code in (403, 404), (url, role)
                    continue
                ids = {item.get("id", item.get("uuid")) for item in response.json()["items"]}
                if (wanted in ids) != (role == "coordinator"):
                    wrong.append(
                        f"{role} GET {url}: the foreign object is {'' if wanted in ids else 'not '}listed"
                    )
    assert not wrong, "\n".join(wrong)
