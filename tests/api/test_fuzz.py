"""The whole API fuzzed from its own OpenAPI document (schemathesis): whatever a client sends,
the answer is never a 5xx and matches the documented shape and content type."""

from __future__ import annotations

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import openapi
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from sib.accounts.services import api_token_create
from tests.events.factories import EventFactory, ensure_consent
from tests.factories import CoordinatorFactory, EnrolmentFactory, SessionFactory


def problem_details_for_client_errors(ctx, response, case) -> None:  # noqa: ANN001, ARG001
    """Every 4xx is RFC 9457 problem details a client can act on: its own status, a title and a
    detail, and for invalid input the fields at fault (`errors: [{field, message}]`)."""
    status = response.status_code
    if not 400 <= status < 500:
        return
    content_type = (response.headers.get("content-type") or [""])[0]
    assert content_type.startswith("application/problem+json"), (
        f"{case.method} {case.formatted_path}: {status} answered {content_type!r}"
    )
    body = response.json()
    assert body.get("status") == status, body
    assert str(body.get("title", "")).strip() and str(body.get("detail", "")).strip(), body
    if status == 422:
        assert body.get("errors") and all(
            str(error.get("message", "")).strip() for error in body["errors"]
        ), body


@pytest.fixture
def connections_kept():  # noqa: ANN201
    """Calls go straight to the WSGI application, whose request signals would close the
    database connection that holds the test's transaction (Django's test client unhooks them
    the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, connections_kept) -> dict:  # noqa: ANN001
    """A coordinator's token and objects that exist, so fuzzed bodies also reach real records."""
    coordinator = CoordinatorFactory()
    session = SessionFactory()
    participant = EnrolmentFactory(edition=session.edition).user
    ensure_consent()
    event = EventFactory()
    return {
        "token": api_token_create(actor=None, user=coordinator, name="fuzz")[1],
        # A role with rights scoped to its own records walks the refusal paths.
        "participant_token": api_token_create(actor=None, user=participant, name="fuzz")[1],
        "calls": 0,
        "ids": {"edition_id": session.edition_id, "session_id": session.pk, "event_id": event.pk},
    }


def _application():  # noqa: ANN202
    from sib.wsgi import application  # Django is set up by pytest-django before collection

    return application


schema = openapi.from_wsgi("/api/v1/openapi.json", _application())
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])

# Examples per operation, from the loaded hypothesis profile (tests/conftest.py): .ci/run sets
# HYPOTHESIS_PROFILE=ci (40) → 30 per operation, twice the 15 of before, in a few minutes on
# CI's machine; the developers' profile (100) → 40. Each example is one request or two (with
# the path's ids pointing at records that exist).
EXAMPLES = min(40, max(30, settings.default.max_examples * 3 // 4))


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_request_gets_a_server_error_or_an_undocumented_answer(case, world):  # noqa: ANN001
    """Each generated request (valid and invalid ones) is sent as generated (ids mostly
    unknown), as a coordinator and as a participant, then again with the path's ids pointing at
    records that exist."""
    checks = [
        not_a_server_error,
        content_type_conformance,
        response_schema_conformance,
        problem_details_for_client_errors,
    ]
    # Every other request as the participant: the same number of calls, both roles' paths.
    world["calls"] += 1
    token = world["participant_token"] if world["calls"] % 2 else world["token"]
    headers = {"Authorization": f"Bearer {token}"}
    case.call_and_validate(headers=headers, checks=checks)
    if case.path_parameters and set(case.path_parameters) <= set(world["ids"]):
        case.path_parameters = {name: world["ids"][name] for name in case.path_parameters}
        case.call_and_validate(headers=headers, checks=checks)


# --- the public endpoints, as anyone on the internet calls them (issue 11, finding 6) -------------

public = openapi.from_wsgi("/api/v1/openapi.json", _application()).include(
    path_regex=r"^/api/v1/(events|credentials/verify$|credentials/\{)"
)
public.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])


@public.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_public_endpoints_answer_anonymous_and_malformed_requests_without_a_server_error(
    case,  # noqa: ANN001
    world,  # noqa: ANN001
    settings_for_fuzz,  # noqa: ANN001
) -> None:
    """Valid and invalid requests (wrong types, missing fields, bad paths), without a token."""
    checks = [not_a_server_error, content_type_conformance, problem_details_for_client_errors]
    case.call_and_validate(checks=checks)
    if case.path_parameters and set(case.path_parameters) <= set(world["ids"]):
        case.path_parameters = {name: world["ids"][name] for name in case.path_parameters}
        case.call_and_validate(checks=checks)


@pytest.fixture
def settings_for_fuzz(settings):  # noqa: ANN001, ANN201
    """A fuzzer is one client sending hundreds of requests: lift the per-client limits."""
    settings.SIB_RATE_LIMITS = {}
    return settings


MALFORMED = [
    (b"{", 400),  # not JSON
    (b"[" * 100_000, 400),  # nested beyond any limit
    (b'{"a": ' + b"[" * 900 + b"]" * 900 + b"}", 400),  # deep but parseable
    (b'{"full_name": "' + b"x" * (3 * 1024 * 1024) + b'"}', 413),  # over the body limit
    (b"\xff\xfe\x00 not text", 400),
]


@pytest.mark.parametrize(("body", "status"), MALFORMED)
def test_every_public_write_answers_malformed_and_oversized_bodies_with_a_problem(
    client,
    world,
    settings_for_fuzz,
    body: bytes,
    status: int,  # noqa: ANN001
) -> None:
    event_id = world["ids"]["event_id"]
    for url in (f"/api/v1/events/{event_id}/registrations", "/api/v1/credentials/verify"):
        response = client.post(url, body, content_type="application/json")
        expected = (
            422 if (url.endswith("verify") and status == 400 and b"[" not in body) else status
        )
        assert response.status_code == expected, (url, body[:20], response.content[:200])
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == expected
