"""Platform-wide hardening (issue 11): the client address behind trusted proxies and the rate
limits that use it (finding 4), malformed requests answered 4xx (finding 6), response headers
(finding 8)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from sib.accounts.services import api_token_create
from sib.core import ratelimit
from sib.core.clientip import client_ip, rate_limit_key
from tests.conftest import bearer
from tests.events.factories import EventFactory
from tests.factories import PASSWORD, CoordinatorFactory, SessionFactory, UserFactory

# --- finding 4: the client address ----------------------------------------------------------------


def _request(remote: str = "10.0.0.5", forwarded: str | None = None) -> object:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No trusted proxy: the peer, whatever the header claims.
        (0, "203.0.113.9", "198.51.100.1", "203.0.113.9"),
        (0, "2001:db8::7", None, "2001:db8::7"),
        # One proxy: the entry it appended (the rightmost); what the client wrote is ignored.
        (1, "10.0.0.5", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.5", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.5", " 6.6.6.6 ,198.51.100.1 ", "198.51.100.1"),
        # Two proxies: the second entry from the right.
        (2, "10.0.0.5", "6.6.6.6, 198.51.100.1, 10.0.0.4", "198.51.100.1"),
        # Fewer entries than proxies: the furthest address a proxy recorded.
        (2, "10.0.0.5", "198.51.100.1", "198.51.100.1"),
        # No header, or garbage in it: the peer.
        (1, "10.0.0.5", None, "10.0.0.5"),
        (1, "10.0.0.5", "unknown", "10.0.0.5"),
        (1, "10.0.0.5", "6.6.6.6, not-an-ip", "10.0.0.5"),
        # Ports and brackets as some proxies write them.
        (1, "10.0.0.5", "198.51.100.1:5123", "198.51.100.1"),
        (1, "10.0.0.5", "[2001:db8::1]:443", "2001:db8::1"),
    ],
)
def test_client_ip_follows_the_trusted_proxy_count(
    settings, proxies: int, remote: str, forwarded: str | None, expected: str
) -> None:  # noqa: ANN001
    settings.SIB_TRUSTED_PROXIES = proxies
    assert client_ip(_request(remote, forwarded)) == expected


def test_rate_limit_buckets_group_an_ipv6_subscriber() -> None:
    assert rate_limit_key("2001:db8:1:2:aaaa::1") == rate_limit_key("2001:db8:1:2:bbbb::9")
    assert rate_limit_key("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert rate_limit_key("2001:db8:1:3::1") != rate_limit_key("2001:db8:1:2::1")
    assert rate_limit_key("::ffff:198.51.100.1") == "198.51.100.1"
    assert rate_limit_key("198.51.100.1") == "198.51.100.1"


def test_settings_refuse_a_negative_proxy_count(tmp_path) -> None:  # noqa: ANN001
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("SIB_")}
    env.update(SIB_TRUSTED_PROXIES="-1", SIB_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "sib", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "SIB_TRUSTED_PROXIES must be 0 or more" in result.stderr


@pytest.mark.django_db
def test_failed_logins_from_one_client_do_not_lock_out_others_behind_the_proxy(
    client, settings
) -> None:  # noqa: ANN001
    """The probe: ten wrong logins with made-up addresses, then someone else's right password
    was refused, because behind the reverse proxy everyone shared the proxy's address."""
    settings.SIB_TRUSTED_PROXIES = 1
    cache.clear()
    UserFactory(email="someone@example.org")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(10):
        client.post(
            reverse("account_login"),
            {"login": f"made-up-{n}@example.org", "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR="203.0.113.66",
            **proxy,
        )
    # The client who failed is throttled now ...
    refused = client.post(
        reverse("account_login"),
        {"login": "someone@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.66",
        **proxy,
    )
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in refused.content.decode()
    # ... and another visitor behind the same proxy signs in.
    response = client.post(
        reverse("account_login"),
        {"login": "someone@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.77",
        **proxy,
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.django_db
def test_without_trusted_proxies_a_forged_header_does_not_escape_the_limit(
    client, settings
) -> None:  # noqa: ANN001
    settings.SIB_TRUSTED_PROXIES = 0
    cache.clear()
    UserFactory(email="someone@example.org")
    for n in range(10):
        client.post(
            reverse("account_login"),
            {"login": f"made-up-{n}@example.org", "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    response = client.post(
        reverse("account_login"),
        {"login": "someone@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.django_db
def test_rate_limits_count_per_address_and_per_key_and_refusals_do_not_count(settings) -> None:  # noqa: ANN001
    settings.SIB_RATE_LIMITS = {"probe": "3/h/ip,2/h/key"}
    a, b = _request("198.51.100.1"), _request("198.51.100.2")
    assert ratelimit.hit(a, "probe", keys=["x@example.org"]) is None
    assert ratelimit.hit(a, "probe", keys=["X@Example.org "]) is None  # the same key
    refused = ratelimit.hit(a, "probe", keys=["x@example.org"])
    assert refused is not None and 1 <= refused.retry_after <= 3601
    # The refused attempt was not counted against the address: one more with another key fits.
    assert ratelimit.hit(a, "probe", keys=["y@example.org"]) is None
    assert ratelimit.hit(a, "probe", keys=["z@example.org"]) is not None  # 3 per hour per IP
    assert ratelimit.hit(b, "probe", keys=["z@example.org"]) is None
    # No configured limit: nothing is counted.
    assert ratelimit.hit(a, "unknown-action") is None
    with pytest.raises(ValueError, match="not a rate"):
        ratelimit.parse("3/w/ip")


# --- finding 6: malformed requests answer 4xx ------------------------------------------------------


@pytest.fixture
def token(db) -> str:  # noqa: ANN001
    return api_token_create(actor=None, user=CoordinatorFactory(), name="probe")[1]


TOO_BIG = 99999999999999999999  # beyond 64 bits


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/events/{TOO_BIG}/",
        f"/events/{TOO_BIG}/programme/",
        f"/academy/editions/{TOO_BIG}/",
        f"/academy/call/{TOO_BIG}/apply/",
        f"/credentials/editions/{TOO_BIG}/",
        f"/reports/editions/{TOO_BIG}/",
        f"/surveys/{TOO_BIG}/",
        f"/events/{2**63}/",
    ],
)
def test_ids_beyond_64_bits_in_pages_are_404(client, path: str) -> None:  # noqa: ANN001
    client.force_login(CoordinatorFactory())
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_the_largest_64_bit_id_is_an_ordinary_miss(client) -> None:  # noqa: ANN001
    assert client.get(f"/events/{2**63 - 1}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/events/{TOO_BIG}",
        f"/api/v1/editions/{TOO_BIG}",
        f"/api/v1/editions/{TOO_BIG}/participants",
        f"/api/v1/credentials?edition={TOO_BIG}",
        f"/api/v1/editions/{TOO_BIG}/sessions",
        "/api/v1/no-such-endpoint",
        "/api/v1/events/1/no-such-thing",
        "/api/v2/events",
    ],
)
def test_api_misses_answer_404_problems(client, token: str, path: str) -> None:  # noqa: ANN001
    response = client.get(path, **bearer(token))
    assert response.status_code == 404, response.content[:200]
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


@pytest.mark.django_db
def test_api_bodies_over_the_limit_or_too_deep_answer_4xx_problems(client, token: str) -> None:  # noqa: ANN001
    event = EventFactory()
    url = f"/api/v1/events/{event.pk}/registrations"
    for body, status in [
        (b'{"full_name": "' + b"x" * (3 * 1024 * 1024) + b'"}', 413),
        ("[" * 100_000, 400),
        ('{"full_name": "A", "answers": {"1": ' + "[" * 900 + "]" * 900 + "}}", 400),
        ("{not json", 400),
    ]:
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == status, (body[:30], response.content[:200])
        assert response["Content-Type"] == "application/problem+json"
    # A method an endpoint does not take.
    response = client.delete(url)
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert response["Content-Type"] == "application/problem+json"
    # The same for endpoints that need a token.
    response = client.post(
        f"/api/v1/editions/{SessionFactory().edition_id}/sessions",
        b'{"room": "' + b"x" * (3 * 1024 * 1024) + b'"}',
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"


# --- a NUL character anywhere in what a client sends (PostgreSQL refuses it in any text) -------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/api/v1/introductions?status=%00", "/api/v1/events?q=a%00b", "/api/v1/events/%00"],
)
def test_a_nul_in_an_api_path_or_query_answers_a_400_problem(client, token: str, path: str) -> None:  # noqa: ANN001
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="pl", **bearer(token))
    assert response.status_code == 400, response.content[:200]
    assert response["Content-Type"] == "application/problem+json"
    assert "NUL" in response.json()["detail"] and "znak" in response.json()["detail"]


@pytest.mark.django_db
def test_a_nul_in_a_json_body_answers_a_400_problem_and_stores_nothing(client) -> None:  # noqa: ANN001
    from sib.events.models import Registration
    from tests.events.factories import ensure_consent

    ensure_consent()
    event = EventFactory()
    body = {"full_name": "Ann\u0000a", "email": "ann@example.org", "answers": {"k\u0000": "v"}}
    response = client.post(
        f"/api/v1/events/{event.pk}/registrations", body, content_type="application/json"
    )
    assert response.status_code == 400, response.content[:200]
    assert response["Content-Type"] == "application/problem+json"
    assert "U+0000" in response.json()["detail"]
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_a_nul_in_a_page_query_or_form_answers_the_400_page(client) -> None:  # noqa: ANN001
    assert client.get("/events/?q=%00").status_code == 400
    response = client.post(
        reverse("account_login"), {"login": "a\x00@example.org", "password": "x"}
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


# --- finding 8: headers --------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_response_carries_a_permissions_policy(client) -> None:  # noqa: ANN001
    for path in ("/", "/events/", "/healthz", "/api/v1/events", reverse("account_login")):
        policy = client.get(path)["Permissions-Policy"]
        assert "geolocation=()" in policy and "microphone=()" in policy
        assert "camera=(self)" in policy  # the check-in scanner


@pytest.mark.django_db
def test_signed_in_pages_are_private_and_anonymous_public_pages_keep_their_caching(client) -> None:  # noqa: ANN001
    event = EventFactory()
    anonymous = client.get(f"/events/{event.pk}/")
    assert anonymous.status_code == 200
    assert "private" not in anonymous.get("Cache-Control", "")
    # The public page's in-process copy still serves the next anonymous visitor.
    assert client.get(f"/events/{event.pk}/").status_code == 200
    client.force_login(UserFactory())
    for path in ("/", f"/events/{event.pk}/", reverse("accounts:profile"), "/api/v1/me"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "private" in response["Cache-Control"], path
