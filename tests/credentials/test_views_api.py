"""Pages and API: permissions, downloads, revocation shown, offline verification, query counts."""

from __future__ import annotations

import copy
import json
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sib.credentials import baking, services
from sib.credentials.models import Credential
from tests.credentials.factories import enrol
from tests.factories import EditionStaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def credential(coordinator, edition):  # noqa: ANN001, ANN201
    return services.credential_issue(
        actor=coordinator, enrolment=enrol(edition, full_name="Zofia Żółkiewska")
    )


def test_public_page_shows_substance_and_valid(client, credential) -> None:  # noqa: ANN001
    response = client.get(f"/c/{credential.uuid}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Zofia Żółkiewska" in text
    assert "Broker Innowacji Społecznych" in text and "Social Innovation Broker" in text
    assert "Tworzy mapę podróży" in text and "Builds a journey map" in text
    assert "Service design" in text
    assert "verdict--valid" in text


def test_revoked_shows_on_the_page_and_in_the_api(client, coordinator, credential) -> None:  # noqa: ANN001
    services.credential_revoke(
        actor=coordinator, credential=credential, reason="Found plagiarism", reason_public=True
    )
    text = client.get(f"/c/{credential.uuid}/").content.decode()
    assert "verdict--revoked" in text and "Found plagiarism" in text
    response = client.post(
        "/api/v1/credentials/verify", credential.document, content_type="application/json"
    )
    body = response.json()
    assert response.status_code == 200 and body["verified"] is False
    assert {c["name"]: c["passed"] for c in body["checks"]}["status"] is False
    client.force_login(coordinator)
    listed = client.get(f"/api/v1/credentials?edition={credential.enrolment.edition_id}").json()
    assert listed["items"][0]["state"] == "revoked"


def test_a_private_reason_stays_private(client, coordinator, credential) -> None:  # noqa: ANN001
    services.credential_suspend(actor=coordinator, credential=credential, reason="Internal review")
    text = client.get(f"/c/{credential.uuid}/").content.decode()
    assert "verdict--suspended" in text and "Internal review" not in text


def test_the_holder_can_hide_the_page(client, credential) -> None:  # noqa: ANN001
    client.force_login(credential.holder)
    client.post(reverse("credentials:visibility", args=[credential.uuid]), {"hidden": "1"})
    assert client.get(f"/c/{credential.uuid}/").status_code == 200  # the holder still sees it
    client.logout()
    assert client.get(f"/c/{credential.uuid}/").status_code == 404
    assert client.get(f"/api/v1/credentials/{credential.uuid}").status_code == 404
    client.force_login(UserFactory())
    assert client.get(f"/c/{credential.uuid}/").status_code == 404


def test_unknown_and_malformed_uuids_are_404(client) -> None:  # noqa: ANN001
    assert client.get("/c/00000000-0000-4000-8000-000000000000/").status_code == 404
    assert client.get("/c/not-a-uuid/").status_code == 404


def test_downloads_for_the_holder_only(client, credential, tmp_path) -> None:  # noqa: ANN001
    url = reverse("credentials:download", args=[credential.uuid, "json"])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(credential.holder)
    assert json.loads(client.get(url).content) == json.loads(credential.document)
    png = client.get(reverse("credentials:download", args=[credential.uuid, "png"])).content
    assert baking.unbake_png(png) == credential.document
    svg = client.get(reverse("credentials:download", args=[credential.uuid, "svg"])).content
    assert b"<openbadges:credential><![CDATA[" + credential.document.encode() in svg
    page = client.get(reverse("credentials:mine")).content.decode()
    assert "linkedin.com/profile/add" in page and credential.public_url in page


def test_the_pdf_certificate_is_bilingual_with_the_verification_link(
    client, credential, tmp_path
) -> None:  # noqa: ANN001
    client.force_login(credential.holder)
    response = client.get(reverse("credentials:download", args=[credential.uuid, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(response.content)
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == 2
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    assert "CERTYFIKAT UKOŃCZENIA" in pages[0] and "Broker Innowacji Społecznych" in pages[0]
    assert "Efekty uczenia się" in pages[0] and "Zofia Żółkiewska" in pages[0]
    assert "CERTIFICATE OF COMPLETION" in pages[1] and "Social Innovation Broker" in pages[1]
    assert credential.public_url in text.replace("\n", "")


def test_did_document_and_status_list_are_public(client, credential) -> None:  # noqa: ANN001
    did = client.get("/.well-known/did.json").json()
    assert did["id"] == "did:web:sib.example.org"
    assert did["assertionMethod"] == [did["verificationMethod"][0]["id"]]
    assert did["verificationMethod"][0]["type"] == "Multikey"
    status = client.get(credential.status_list.url.replace("https://sib.example.org", ""))
    assert status.status_code == 200
    assert status.json()["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]


def test_staff_pages_refuse_others(client, coordinator, edition, credential) -> None:  # noqa: ANN001
    edition_url = reverse("credentials:edition", args=[edition.pk])
    manage_url = reverse("credentials:manage", args=[credential.uuid])
    client.force_login(UserFactory())
    assert client.get(edition_url).status_code == 404
    assert client.get(manage_url).status_code == 404
    trainer = EditionStaffFactory(edition=edition).user
    client.force_login(trainer)
    assert client.get(edition_url).status_code == 200
    assert client.get(manage_url).status_code == 403
    assert client.post(reverse("credentials:edition-issue", args=[edition.pk])).status_code == 403
    client.force_login(credential.holder)
    assert client.get(manage_url).status_code == 403
    client.force_login(coordinator)
    response = client.post(manage_url, {"action": "revoke", "reason": "", "reason_public": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = client.post(manage_url, {"action": "revoke", "reason": "Error in the record"})
    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.state == "revoked"


def test_api_list_is_for_staff_and_pinned_in_queries(
    client, coordinator, edition, django_assert_num_queries
) -> None:  # noqa: ANN001
    url = f"/api/v1/credentials?edition={edition.pk}"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    services.credential_issue(actor=coordinator, enrolment=enrol(edition))
    client.get(url)
    with django_assert_num_queries(5) as few:  # 5: the COUNT(*) and the page (decision 0906)
        assert client.get(url).json()["count"] == 1
    services.edition_issue_all(actor=coordinator, edition=edition, with_pdf=False)
    for _ in range(4):
        services.credential_issue(actor=coordinator, enrolment=enrol(edition))
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).json()["count"] == 5


def test_edition_page_queries_do_not_grow(
    client, coordinator, edition, django_assert_num_queries
) -> None:  # noqa: ANN001
    url = reverse("credentials:edition", args=[edition.pk])
    client.force_login(coordinator)
    services.credential_issue(actor=coordinator, enrolment=enrol(edition))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        services.credential_issue(actor=coordinator, enrolment=enrol(edition))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_verification_page_queries_are_fixed_and_cached(
    client, credential, django_assert_num_queries
) -> None:  # noqa: ANN001
    client.get(f"/c/{credential.uuid}/")
    with CaptureQueriesContext(connection) as warm:
        client.get(f"/c/{credential.uuid}/")
    assert len(warm.captured_queries) <= 6


def test_api_detail_is_the_signed_json(client, credential) -> None:  # noqa: ANN001
    response = client.get(f"/api/v1/credentials/{credential.uuid}")
    assert response.status_code == 200 and response.content.decode() == credential.document
    assert client.get("/api/v1/credentials/not-a-uuid").status_code in {404, 422}


def test_verify_api_answers_every_input_without_a_500(client, credential) -> None:  # noqa: ANN001
    document = json.loads(credential.document)
    ok = client.post("/api/v1/credentials/verify", document, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["verified"] is True
    tampered = copy.deepcopy(document)
    tampered["credentialSubject"]["achievement"]["name"] = "Forged"
    body = client.post(
        "/api/v1/credentials/verify", tampered, content_type="application/json"
    ).json()
    assert body["verified"] is False
    assert {c["name"]: c["passed"] for c in body["checks"]}["proof"] is False
    for bad in ("not json", "[1,2]", "null", json.dumps({"type": "x"})):
        response = client.post("/api/v1/credentials/verify", bad, content_type="application/json")
        assert response.status_code in {200, 422}, bad
        if response.status_code == 422:
            assert response["Content-Type"] == "application/problem+json"


def test_a_foreign_did_web_is_never_fetched(client, credential, monkeypatch) -> None:  # noqa: ANN001
    import socket

    def no_network(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("verification tried to use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    document = json.loads(credential.document)
    document["issuer"]["id"] = "did:web:attacker.example"
    document["proof"][0]["verificationMethod"] = "did:web:attacker.example#key-1"
    body = client.post(
        "/api/v1/credentials/verify", document, content_type="application/json"
    ).json()
    checks = {c["name"]: c for c in body["checks"]}
    assert body["verified"] is False and checks["issuer_key"]["passed"] is False
    assert "not resolvable offline" in checks["issuer_key"]["message"]


def test_a_did_key_credential_verifies_offline(client) -> None:  # noqa: ANN001
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from sib.credentials import dataintegrity

    key = Ed25519PrivateKey.generate()
    multibase = dataintegrity.public_key_multibase(key.public_key())
    did = f"did:key:{multibase}"
    unsigned = {
        "@context": [dataintegrity.VC_V2, dataintegrity.OB_V3],
        "id": "urn:uuid:6f1b5a34-7f0e-4d89-a5a5-8a2cf3f6b001",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "Elsewhere"},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": "Elsewhere badge",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "urn:uuid:6f1b5a34-7f0e-4d89-a5a5-8a2cf3f6b002",
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
    body = client.post("/api/v1/credentials/verify", signed, content_type="application/json").json()
    assert body["verified"] is True, body


def test_batch_job_runs_in_the_worker_and_is_idempotent(
    client, coordinator, edition, settings
) -> None:  # noqa: ANN001
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    for _ in range(3):
        enrol(edition)
    client.force_login(coordinator)
    response = client.post(reverse("credentials:edition-issue", args=[edition.pk]))
    assert response.status_code == 302
    assert Credential.objects.count() == 3
    job = edition.issuance_jobs.get()
    assert (job.state, job.done, job.total, job.issued) == ("done", 3, 3, 3)
    page = client.get(reverse("credentials:job", args=[job.pk])).content.decode()
    assert "3 issued" in page and "hx-trigger" not in page
    client.post(reverse("credentials:edition-issue", args=[edition.pk]))
    assert Credential.objects.count() == 3
    assert edition.issuance_jobs.first().skipped == 3


def test_rotation_keeps_old_keys_in_the_did_document(client, coordinator, edition) -> None:  # noqa: ANN001
    from sib.credentials import keys

    services.credential_issue(actor=coordinator, enrolment=enrol(edition))
    keys.create_key_file(rotate=True)
    services.credential_issue(actor=coordinator, enrolment=enrol(edition))
    did = client.get("/.well-known/did.json").json()
    methods = [m["id"] for m in did["verificationMethod"]]
    assert len(methods) == 2 and did["assertionMethod"] == methods


def test_the_cached_check_is_recomputed_when_the_status_list_changes(
    coordinator, credential
) -> None:  # noqa: ANN001
    from sib.credentials import verification

    def status_passed() -> bool:
        fresh = Credential.objects.select_related("status_list", "issuer").get(pk=credential.pk)
        result = verification.verify_credential(fresh)
        return {c["name"]: c["passed"] for c in result["checks"]}["status"]

    assert status_passed() is True
    assert status_passed() is True  # from the cache
    services.credential_revoke(actor=coordinator, credential=credential, reason="Test")
    assert status_passed() is False


def test_my_credentials_page_queries_do_not_grow(client, coordinator, edition) -> None:  # noqa: ANN001
    from tests.credentials.factories import make_edition

    holder = enrol(edition).user
    services.credential_issue(actor=coordinator, enrolment=holder.enrolments.get())
    client.force_login(holder)
    url = reverse("credentials:mine")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(3):
        other = make_edition(coordinator)
        enrolment = enrol(other)
        enrolment.user = holder
        enrolment.save()
        services.credential_issue(actor=coordinator, enrolment=enrolment)
    with CaptureQueriesContext(connection) as four:
        response = client.get(url)
    assert response.content.decode().count("credential-card") == 4
    assert len(four.captured_queries) == len(one.captured_queries)


def test_the_holders_home_panel_lists_their_credentials(client, credential) -> None:  # noqa: ANN001
    client.force_login(credential.holder)
    home = client.get("/").content.decode()
    assert reverse("credentials:home-panel") in home
    panel = client.get(reverse("credentials:home-panel")).content.decode()
    assert "Broker Innowacji Społecznych" in panel or "Social Innovation Broker" in panel
    client.force_login(UserFactory())
    assert reverse("credentials:home-panel") not in client.get("/").content.decode()


def test_coordinators_home_counts_the_credentials_of_finished_editions(
    client, coordinator, credential
) -> None:  # noqa: ANN001
    edition = credential.enrolment.edition
    edition.status = "finished"
    edition.save()
    client.force_login(coordinator)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{reverse("credentials:edition", args=[edition.pk])}"' in page
    assert "1 valid credential" in page  # "certified" follows the state (decision 0565)
