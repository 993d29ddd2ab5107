"""Independent checks: two verifiers we did not write accept our credentials, offline.

- the Digital Credentials Consortium JavaScript stack (`@digitalcredentials/vc`, the
  eddsa-rdfc-2022 cryptosuite, its security document loader; our DID document and status list
  registered statically; `verifier_js/verify.mjs`), and
- PyPI `openbadgeslib[ldp]` (`OB3LdpVerifier`, with a `download` function that answers only our
  DID document and status list: nothing is fetched).

Both must accept an issued credential, reject a tampered copy, and fail a revoked one when given
the status list.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from sib.credentials import documents, services
from sib.credentials.models import IssuerKey
from tests.credentials.factories import enrol

pytestmark = pytest.mark.django_db

VERIFIER_JS = Path(__file__).parent / "verifier_js"


def _did_document(issuer) -> dict:  # noqa: ANN001
    keys = IssuerKey.objects.filter(issuer=issuer).values_list(
        "verification_method", "public_key_multibase"
    )
    return documents.did_document(did=issuer.did, keys=list(keys))


def _dcc(credential: dict, did_document: dict, status_list: dict) -> dict:
    if shutil.which("node") is None or not (VERIFIER_JS / "node_modules").exists():
        pytest.fail(
            "node and `npm ci --prefix tests/credentials/verifier_js` are needed (make test)"
        )
    payload = {
        "credential": credential,
        "didDocuments": [did_document],
        "statusLists": [status_list],
        "checkStatus": True,
    }
    result = subprocess.run(
        ["node", str(VERIFIER_JS / "verify.mjs")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def _openbadgeslib(credential: dict, did_document: dict, status_list: dict) -> str | None:
    """None when verified, else the error. The status list's own Data Integrity proof is checked
    with the library's low-level verifier: its high-level list check only accepts JWT lists."""
    from openbadgeslib.ob3.ldp import OB3LdpVerifier, verify_data_integrity_proof
    from openbadgeslib.ob3.verifier import OB3VerificationError

    fetched: list[str] = []

    def download(url: str, *args: object, **kwargs: object) -> bytes:
        fetched.append(url)
        host = did_document["id"].removeprefix("did:web:").replace("%3A", ":")
        if url == f"https://{host}/.well-known/did.json":
            return json.dumps(did_document).encode()
        if url == status_list["id"]:
            return json.dumps(status_list).encode()
        raise OSError(f"offline: {url}")

    try:
        OB3LdpVerifier().verify(
            credential, check_status=True, download=download, verify_status_list=False
        )
        method = status_list["proof"][0]["verificationMethod"]
        key = next(m for m in did_document["verificationMethod"] if m["id"] == method)
        from sib.credentials.dataintegrity import public_key_from_multibase

        verify_data_integrity_proof(
            status_list, public_key_from_multibase(key["publicKeyMultibase"])
        )
    except OB3VerificationError as error:
        return str(error)
    return None


@pytest.fixture
def issued(coordinator, edition):  # noqa: ANN001, ANN201
    credential = services.credential_issue(actor=coordinator, enrolment=enrol(edition))
    return credential


def _inputs(credential) -> tuple[dict, dict, dict]:  # noqa: ANN001
    credential.refresh_from_db()
    credential.status_list.refresh_from_db()
    return (
        json.loads(credential.document),
        _did_document(credential.issuer),
        json.loads(credential.status_list.signed_json),
    )


def _tampered(document: dict) -> dict:
    copy_ = copy.deepcopy(document)
    copy_["credentialSubject"]["achievement"]["name"] = "Doctor of Everything"
    return copy_


def test_dcc_javascript_stack_accepts_rejects_tampered_and_fails_revoked(
    coordinator, issued
) -> None:  # noqa: ANN001
    document, did_document, status_list = _inputs(issued)
    accepted = _dcc(document, did_document, status_list)
    assert accepted["verified"], accepted
    assert accepted["status"]["verified"]
    tampered = _dcc(_tampered(document), did_document, status_list)
    assert not tampered["verified"]

    services.credential_revoke(actor=coordinator, credential=issued, reason="Revoked in a test")
    document, did_document, status_list = _inputs(issued)
    revoked = _dcc(document, did_document, status_list)
    assert not revoked["verified"], revoked


def test_openbadgeslib_accepts_rejects_tampered_and_fails_revoked(coordinator, issued) -> None:  # noqa: ANN001
    document, did_document, status_list = _inputs(issued)
    assert _openbadgeslib(document, did_document, status_list) is None
    assert _openbadgeslib(_tampered(document), did_document, status_list) is not None
    tampered_list = copy.deepcopy(status_list)
    tampered_list["validFrom"] = "2020-01-01T00:00:00Z"
    assert _openbadgeslib(document, did_document, tampered_list) is not None

    services.credential_revoke(actor=coordinator, credential=issued, reason="Revoked in a test")
    document, did_document, status_list = _inputs(issued)
    error = _openbadgeslib(document, did_document, status_list)
    assert error is not None and "'revocation' is set" in error
