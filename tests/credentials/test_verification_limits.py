"""The public verifier within bounds (issue 11, findings 1 and 6): a poisoned graph is reported
as not verifiable after bounded work, malformed bodies answer 4xx problem+json, and anonymous
callers are rate-limited per client address."""

from __future__ import annotations

import copy
import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sib.accounts.services import api_token_create
from sib.credentials import dataintegrity, services, verification
from tests.conftest import bearer
from tests.credentials.factories import enrol
from tests.factories import UserFactory

VERIFY = "/api/v1/credentials/verify"


def did_key_credential(*, blank_nodes: int = 0) -> dict:
    """A credential signed by a did:key issuer (which resolves offline, so the verifier goes on to
    canonicalise it). With `blank_nodes` it carries the probe's poison: one extra inline term and
    that many blank nodes, each linked to all the others. The proof is over the honest part, so a
    poisoned copy must be canonicalised before its signature can be found wrong."""
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    multibase = dataintegrity.public_key_multibase(key.public_key())
    did = f"did:key:{multibase}"
    unsigned = {
        "@context": [dataintegrity.VC_V2, dataintegrity.OB_V3],
        "id": "urn:uuid:6f1b5a34-7f0e-4d89-a5a5-8a2cf3f6b101",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "Elsewhere"},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": "Elsewhere badge",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "urn:uuid:6f1b5a34-7f0e-4d89-a5a5-8a2cf3f6b102",
                "type": ["Achievement"],
                "name": "Elsewhere",
                "description": "A badge from another issuer.",
                "criteria": {"narrative": "Done."},
            },
        },
    }
    signed = dataintegrity.sign(
        unsigned,
        private_key=key,
        verification_method=f"{did}#{multibase}",
        created="2024-01-01T00:00:00Z",
    )
    if blank_nodes:
        signed["@context"] = [
            *signed["@context"],
            {"link": {"@id": "http://x.example/link", "@type": "@id"}},
        ]
        signed["credentialSubject"]["link"] = [
            {"@id": f"_:b{i}", "link": [f"_:b{j}" for j in range(blank_nodes) if j != i]}
            for i in range(blank_nodes)
        ]
    return signed


@pytest.fixture
def work_spent(monkeypatch):  # noqa: ANN201
    """The work units each canonicalisation did (deterministic, unlike a clock): every charge
    that was allowed; a refused charge stops the work before it is done."""
    spent: list[int] = []
    original = dataintegrity._BoundedURDNA2015.__init__

    def tracked(self, budget: int) -> None:  # noqa: ANN001
        original(self, budget)
        spent.append(0)
        self_spend = self._spend

        def spend(units: int) -> None:
            self_spend(units)  # raises TooComplex before the refused work is counted or done
            spent[-1] += units

        self._spend = spend

    monkeypatch.setattr(dataintegrity._BoundedURDNA2015, "__init__", tracked)
    return spent


@pytest.mark.django_db
@pytest.mark.parametrize("blank_nodes", [5, 6, 7, 8, 12, 40])
def test_a_poisoned_graph_is_not_verifiable_after_bounded_work(blank_nodes, work_spent) -> None:  # noqa: ANN001
    report = verification.verify_document(did_key_credential(blank_nodes=blank_nodes))
    checks = {check.name: check for check in report.checks}
    assert report.verified is False
    assert checks["issuer_key"].passed is True  # the key resolved: canonicalisation was reached
    assert checks["proof"].passed is False
    assert "cannot be verified here" in checks["proof"].message
    # Charged before the work is done: what was done stays within the budget.
    assert work_spent and all(spent <= dataintegrity.MAX_WORK for spent in work_spent)


@pytest.mark.django_db
def test_honest_credentials_spend_no_work_and_still_verify(work_spent, known_answer) -> None:  # noqa: ANN001
    assert verification.verify_document(did_key_credential()).verified is True
    assert (
        dataintegrity.canonicalize(known_answer["unsigned_credential"])
        == (known_answer["expected_document_canon"])
    )
    # A few blank nodes that can be told apart are canonicalised as before.
    small = did_key_credential(blank_nodes=3)
    report = verification.verify_document(small)
    assert {c.name: c.passed for c in report.checks}["proof"] is False  # the poison is unsigned
    assert "signature is not valid" in {c.name: c.message for c in report.checks}["proof"]
    assert set(work_spent[:4]) == {0}


@pytest.mark.django_db
def test_our_own_credentials_spend_no_work(coordinator, edition, work_spent) -> None:  # noqa: ANN001
    credential = services.credential_issue(actor=coordinator, enrolment=enrol(edition))
    work_spent.clear()
    assert verification.verify_document(json.loads(credential.document)).verified is True
    assert work_spent == [0, 0]


def test_too_many_statements_or_blank_nodes_are_refused_before_canonicalising(monkeypatch) -> None:  # noqa: ANN001
    document = did_key_credential(blank_nodes=3)
    document.pop("proof")
    monkeypatch.setattr(dataintegrity, "MAX_BLANK_NODES", 2)
    with pytest.raises(dataintegrity.TooComplex, match="blank nodes"):
        dataintegrity.canonicalize(document)
    monkeypatch.setattr(dataintegrity, "MAX_QUADS", 10)
    with pytest.raises(dataintegrity.TooComplex, match="statements"):
        dataintegrity.canonicalize(document)


@pytest.mark.django_db
def test_the_api_reports_the_poison_as_not_verifiable(client) -> None:  # noqa: ANN001
    response = client.post(
        VERIFY, did_key_credential(blank_nodes=8), content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    proof = next(check for check in body["checks"] if check["name"] == "proof")
    assert body["verified"] is False and proof["passed"] is False
    assert "more work than the limit allows" in proof["message"]


def _nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.django_db
def test_malformed_bodies_answer_4xx_problems(client) -> None:  # noqa: ANN001
    def post(body: str | bytes) -> object:
        return client.post(VERIFY, body, content_type="application/json")

    for body, status in [
        ("[" * 100_000, 400),
        (json.dumps({**did_key_credential(), "deep": _nested(900)}), 400),
        (b"{" + b" " * (300 * 1024) + b"}", 413),
        ("not json", 422),
        ("[1, 2]", 422),
    ]:
        response = post(body)
        assert response.status_code == status, (body[:20], response.content[:200])
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == status
    # Odd types inside a credential are a report, not an error.
    odd_type = {**did_key_credential(), "type": [{"a": 1}, ["VerifiableCredential"]]}
    response = post(json.dumps(odd_type))
    assert response.status_code == 200
    assert response.json()["checks"][0] == {
        "name": "format",
        "passed": False,
        "message": "Not an Open Badges 3.0 credential.",
    }
    for index in ([1], {"a": 1}, -3, True, None):
        odd_status = copy.deepcopy(did_key_credential())
        odd_status["credentialStatus"] = {
            "type": "BitstringStatusListEntry",
            "statusListIndex": index,
            "statusListCredential": ["not", "a", "url"],
        }
        response = post(json.dumps(odd_status))
        assert response.status_code == 200, index
        status = next(c for c in response.json()["checks"] if c["name"] == "status")
        assert status["passed"] is False
    no_context = {k: v for k, v in did_key_credential().items() if k != "@context"}
    response = post(json.dumps(no_context))
    assert response.status_code == 200 and response.json()["verified"] is False


@pytest.mark.django_db
def test_a_deep_document_is_a_failed_format_check_for_direct_callers() -> None:
    report = verification.verify_document({**did_key_credential(), "deep": _nested(900)})
    assert [(c.name, c.passed) for c in report.checks] == [("format", False)]
    assert "nests deeper than 32 levels" in report.checks[0].message


@pytest.mark.django_db
def test_anonymous_verification_is_rate_limited_per_client_address(client, settings) -> None:  # noqa: ANN001
    settings.SIB_RATE_LIMITS = {**settings.SIB_RATE_LIMITS, "credential_verify": "3/m/ip"}
    settings.SIB_TRUSTED_PROXIES = 1
    document = did_key_credential()

    def post(ip: str, **headers: str) -> object:
        return client.post(
            VERIFY,
            document,
            content_type="application/json",
            HTTP_X_FORWARDED_FOR=f"198.51.100.200, {ip}",
            **headers,
        )

    assert [post("203.0.113.1").status_code for _ in range(3)] == [200, 200, 200]
    refused = post("203.0.113.1")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another client behind the same proxy has its own count ...
    assert post("203.0.113.2").status_code == 200
    # ... and a caller with an API token is not throttled as an anonymous one is.
    token = api_token_create(actor=None, user=UserFactory(), name="verifier")[1]
    assert post("203.0.113.1", **bearer(token)).status_code == 200


# --- on a live server: the poison does not hold the workers ----------------------------------------


def _get(url: str, *, timeout: float) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - live server
        return response.status


def _post(url: str, body: bytes, *, timeout: float) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


@pytest.mark.django_db(transaction=True)
def test_poison_requests_answer_quickly_while_healthz_stays_responsive(
    live_server, settings
) -> None:  # noqa: ANN001
    """Eight poisoned bodies at once (n = 8, which took 89 s of one worker before), with /healthz
    asked meanwhile. The timeouts are generous bounds, not measurements: an unbounded
    canonicalisation would exceed them by orders of magnitude."""
    settings.SIB_RATE_LIMITS = {**settings.SIB_RATE_LIMITS, "credential_verify": ""}
    body = json.dumps(did_key_credential(blank_nodes=8)).encode()
    started = threading.Event()

    def poison(_: int) -> tuple[int, dict]:
        started.set()
        return _post(f"{live_server.url}{VERIFY}", body, timeout=20)

    with ThreadPoolExecutor(max_workers=9) as pool:
        answers = pool.map(poison, range(8))
        started.wait(5)
        health = [_get(f"{live_server.url}/healthz", timeout=10) for _ in range(3)]
        results = list(answers)
    assert health == [200, 200, 200]
    assert [status for status, _ in results] == [200] * 8
    for _, body_out in results:
        proof = next(check for check in body_out["checks"] if check["name"] == "proof")
        assert body_out["verified"] is False and "limit" in proof["message"]
