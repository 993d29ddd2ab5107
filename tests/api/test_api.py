"""The API skeleton and the academy endpoints: auth, list shape, problem details, permissions."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sib.accounts.services import api_token_create, api_token_revoke
from tests.academy.builders import edition_with_participants
from tests.conftest import bearer
from tests.factories import CoordinatorFactory, EditionStaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def token_for(user) -> str:  # noqa: ANN001
    return api_token_create(actor=user, user=user)[1]


def assert_problem(response, status: int) -> dict:  # noqa: ANN001
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and isinstance(body["errors"], list)
    return body


class TestAuthentication:
    def test_no_credentials_is_401_problem(self, client) -> None:  # noqa: ANN001
        response = client.get("/api/v1/editions")
        assert_problem(response, 401)
        assert response["WWW-Authenticate"] == "Bearer"

    def test_bearer_token_authenticates_and_revocation_stops_it(self, client) -> None:  # noqa: ANN001
        user = UserFactory()
        record, token = api_token_create(actor=user, user=user)
        assert client.get("/api/v1/me", **bearer(token)).json()["email"] == user.email
        api_token_revoke(actor=user, token=record)
        assert_problem(client.get("/api/v1/me", **bearer(token)), 401)

    def test_token_is_stored_hashed(self) -> None:
        user = UserFactory()
        record, token = api_token_create(actor=user, user=user)
        assert token not in (record.digest, record.prefix) and record.digest == record.digest_of(
            token
        )

    @pytest.mark.parametrize("token", ["sib_nothing_here", "garbage", "sib__", ""])
    def test_malformed_tokens_are_401(self, client, token: str) -> None:  # noqa: ANN001
        assert_problem(client.get("/api/v1/me", **bearer(token)), 401)

    def test_session_auth_works_for_reads(self, client) -> None:  # noqa: ANN001
        client.force_login(UserFactory(full_name="Session Person"))
        assert client.get("/api/v1/me").json()["full_name"] == "Session Person"

    def test_cli_prints_only_the_token_on_its_last_line(self, capsys) -> None:  # noqa: ANN001
        user = UserFactory(email="cli@example.org")
        call_command("api_token", "cli@example.org")
        token = capsys.readouterr().out.strip().splitlines()[-1]
        assert token.startswith("sib_")
        assert user.api_tokens.get().matches(token)


class TestEditions:
    def test_list_shape_and_visibility(self, client) -> None:  # noqa: ANN001
        mine, _other = edition_with_participants(2), edition_with_participants(2)
        trainer = mine.staff.get(role="trainer").user
        body = client.get("/api/v1/editions", **bearer(token_for(trainer))).json()
        assert body["count"] == 1 and [item["id"] for item in body["items"]] == [mine.pk]
        body = client.get("/api/v1/editions", **bearer(token_for(CoordinatorFactory()))).json()
        assert body["count"] == 2

    def test_limit_and_offset(self, client) -> None:  # noqa: ANN001
        for _ in range(3):
            edition_with_participants(1)
        token = token_for(CoordinatorFactory())
        body = client.get("/api/v1/editions?limit=2&offset=1", **bearer(token)).json()
        assert body["count"] == 3 and len(body["items"]) == 2
        assert_problem(client.get("/api/v1/editions?limit=abc", **bearer(token)), 422)
        assert client.get("/api/v1/editions?limit=1000", **bearer(token)).status_code == 200
        body = assert_problem(client.get("/api/v1/editions?limit=1001", **bearer(token)), 422)
        assert body["errors"][0]["field"] == "limit"

    def test_detail_404_for_invisible_and_unknown(self, client) -> None:  # noqa: ANN001
        edition = edition_with_participants(1)
        outsider = token_for(EditionStaffFactory().user)
        assert_problem(client.get(f"/api/v1/editions/{edition.pk}", **bearer(outsider)), 404)
        assert_problem(
            client.get("/api/v1/editions/999999", **bearer(token_for(CoordinatorFactory()))), 404
        )
        body = assert_problem(client.get("/api/v1/editions/abc", **bearer(outsider)), 422)
        assert body["errors"][0]["field"] == "edition_id"

    def test_participants_with_minutes_and_status(self, client) -> None:  # noqa: ANN001
        edition = edition_with_participants(4)
        body = client.get(
            f"/api/v1/editions/{edition.pk}/participants", **bearer(token_for(CoordinatorFactory()))
        ).json()
        assert body["count"] == 4
        item = body["items"][0]
        assert set(item["minutes_by_format"]) == {"lecture", "workshop", "mentoring"}
        assert all(isinstance(value, int) for value in item["minutes_by_format"].values())
        assert item["completion_status"] in {
            "active",
            "partial",
            "completed",
            "eligible",
            "withdrawn",
        }

    def test_participant_gets_403_and_outsider_404(self, client) -> None:  # noqa: ANN001
        edition = edition_with_participants(2)
        participant = edition.enrolments.first().user
        url = f"/api/v1/editions/{edition.pk}/participants"
        assert_problem(client.get(url, **bearer(token_for(participant))), 403)
        assert_problem(client.get(url, **bearer(token_for(EditionStaffFactory().user))), 404)

    def test_participants_endpoint_query_count_is_flat(self, client) -> None:  # noqa: ANN001
        token = token_for(CoordinatorFactory())
        client.get("/api/v1/me", **bearer(token))  # the first use records last_used_at
        counts = []
        for size in (5, 50):
            edition = edition_with_participants(size)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(
                    f"/api/v1/editions/{edition.pk}/participants", **bearer(token)
                )
            assert response.json()["count"] == size
            counts.append(len(captured))
        assert counts[0] == counts[1]


def test_openapi_document(client) -> None:  # noqa: ANN001
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "SIB Platform API"
    for path in (
        "/api/v1/editions",
        "/api/v1/editions/{edition_id}",
        "/api/v1/editions/{edition_id}/participants",
    ):
        assert path in schema["paths"]


def test_docs_page_loads_no_assets_from_the_network(client) -> None:  # noqa: ANN001
    content = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in content and "unpkg" not in content
