"""Issuing from the completion rule, revoking, suspending, re-issuing; batches and audit trail."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sib.core.models import AuditEntry
from sib.credentials import dataintegrity, documents, services, verification
from sib.credentials.models import Credential, CredentialState, IssuerKey, StatusList
from tests.credentials.factories import enrol, make_edition
from tests.factories import EditionStaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _signed(credential: Credential) -> dict:
    return json.loads(credential.document)


def test_an_eligible_person_gets_a_signed_schema_valid_credential(
    coordinator, edition, ob_schema_validator
) -> None:  # noqa: ANN001
    enrolment = enrol(edition, full_name="Zofia Łukasik-Żółć", email="zofia@example.org")
    credential = services.credential_issue(actor=coordinator, enrolment=enrolment)
    document = _signed(credential)
    errors = [error.message for error in ob_schema_validator.iter_errors(document)]
    assert errors == []
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert isinstance(document["proof"], list) and len(document["proof"]) == 1
    assert document["issuer"]["id"] == "did:web:sib.example.org"
    assert document["issuer"]["address"]["addressCountryCode"] == "PL"
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    assert achievement["inLanguage"] == "pl"
    assert achievement["name"] == "Broker Innowacji Społecznych"
    assert "1 h" in achievement["criteria"]["narrative"]
    assert "Tworzy mapę podróży" in achievement["description"]
    identifiers = document["credentialSubject"]["identifier"]
    salt = identifiers[0]["salt"]
    assert identifiers[0]["identityHash"] == documents.identity_hash("zofia@example.org", salt)
    assert "zofia@example.org" not in credential.document
    status = document["credentialStatus"]
    assert isinstance(status, dict) and status["type"] == "BitstringStatusListEntry"
    assert status["id"] == f"{credential.status_list.url}#{credential.status_index}"
    assert credential.public_url.startswith("https://sib.example.org/c/")
    assert credential.digest == documents.digest_of(credential.document)
    # Every term is defined by the pinned contexts: nothing falls back to VC 2.0's @vocab.
    assert "issuer-dependent#" not in dataintegrity.canonicalize(document)
    report = verification.verify_document(document)
    assert report.verified, report.as_dict()
    assert AuditEntry.objects.filter(
        action="credential.issue", object_id=str(credential.pk)
    ).exists()


def test_the_holders_language_track_chooses_the_signed_language(coordinator, edition) -> None:  # noqa: ANN001
    enrolment = enrol(edition)
    enrolment.language_track = "en"
    enrolment.save()
    document = _signed(services.credential_issue(actor=coordinator, enrolment=enrolment))
    assert document["name"] == "Social Innovation Broker"
    assert document["credentialSubject"]["achievement"]["inLanguage"] == "en"


def test_someone_who_did_not_meet_the_rule_gets_nothing(coordinator, edition) -> None:  # noqa: ANN001
    enrolment = enrol(edition, eligible=False)
    with pytest.raises(ValidationError):
        services.credential_issue(actor=coordinator, enrolment=enrolment)
    assert not Credential.objects.exists()


def test_only_coordinators_issue(edition) -> None:  # noqa: ANN001
    enrolment = enrol(edition)
    trainer = EditionStaffFactory(edition=edition).user
    for actor in (trainer, enrolment.user, UserFactory()):
        with pytest.raises(PermissionDenied):
            services.credential_issue(actor=actor, enrolment=enrolment)


def test_no_one_gets_two_and_a_batch_can_be_rerun(coordinator, edition) -> None:  # noqa: ANN001
    people = [enrol(edition) for _ in range(3)]
    enrol(edition, eligible=False)
    services.credential_issue(actor=coordinator, enrolment=people[0])
    with pytest.raises(ValidationError):
        services.credential_issue(actor=coordinator, enrolment=people[0])
    assert services.edition_issue_all(actor=coordinator, edition=edition, with_pdf=False) == (2, 1)
    assert services.edition_issue_all(actor=coordinator, edition=edition, with_pdf=False) == (0, 3)
    assert Credential.objects.count() == 3
    indices = list(Credential.objects.values_list("status_list_id", "status_index"))
    assert len(set(indices)) == 3
    serials = list(Credential.objects.values_list("serial", flat=True))
    assert len(set(serials)) == 3


def test_revoking_sets_the_bit_and_re_signs_the_status_list(coordinator, edition) -> None:  # noqa: ANN001
    credential = services.credential_issue(actor=coordinator, enrolment=enrol(edition))
    status_list = credential.status_list
    before = json.loads(StatusList.objects.get(pk=status_list.pk).signed_json)
    bits = documents.decode_bitstring(before["credentialSubject"]["encodedList"])
    assert len(bits) * 8 >= 131_072
    assert not documents.bit_is_set(bits, credential.status_index)

    services.credential_revoke(
        actor=coordinator, credential=credential, reason="Plagiarism", reason_public=True
    )
    status_list.refresh_from_db()
    after = json.loads(status_list.signed_json)
    bits = documents.decode_bitstring(after["credentialSubject"]["encodedList"])
    assert documents.bit_is_set(bits, credential.status_index)
    assert sum(bin(byte).count("1") for byte in bits) == 1
    assert status_list.signed_version == status_list.version == 1
    # The list credential itself is signed by our key.
    key = IssuerKey.objects.get()
    proof = after["proof"][0]
    dataintegrity.verify_proof(
        after, proof, lambda m: dataintegrity.public_key_from_multibase(key.public_key_multibase)
    )
    report = verification.verify_document(_signed(credential))
    assert not report.verified
    assert [c.name for c in report.checks if not c.passed] == ["status"]
    with pytest.raises(ValidationError):
        services.credential_revoke(actor=coordinator, credential=credential, reason="again")


def test_a_reason_is_required(coordinator, edition) -> None:  # noqa: ANN001
    credential = services.credential_issue(actor=coordinator, enrolment=enrol(edition))
    with pytest.raises(ValidationError):
        services.credential_suspend(actor=coordinator, credential=credential, reason="  ")


def test_suspension_is_a_platform_state_and_can_be_lifted(coordinator, edition) -> None:  # noqa: ANN001
    credential = services.credential_issue(actor=coordinator, enrolment=enrol(edition))
    list_json = credential.status_list.signed_json
    services.credential_suspend(actor=coordinator, credential=credential, reason="Under review")
    credential.refresh_from_db()
    assert credential.state == CredentialState.SUSPENDED
    assert StatusList.objects.get(pk=credential.status_list_id).signed_json == list_json
    report = verification.verify_document(_signed(credential))
    assert [c.name for c in report.checks if not c.passed] == ["suspension"]
    services.credential_reinstate(actor=coordinator, credential=credential, reason="Cleared")
    credential.refresh_from_db()
    assert credential.state == CredentialState.VALID
    actions = list(
        AuditEntry.objects.filter(
            object_id=str(credential.pk), object_type="credentials.credential"
        )
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == ["credential.issue", "credential.suspend", "credential.reinstate"]


def test_reissue_revokes_the_old_and_issues_a_replacement(coordinator, edition) -> None:  # noqa: ANN001
    enrolment = enrol(edition)
    old = services.credential_issue(actor=coordinator, enrolment=enrolment)
    new = services.credential_reissue(
        actor=coordinator, credential=old, reason="Name corrected", language="en"
    )
    old.refresh_from_db()
    assert old.state == CredentialState.REVOKED and old.reason_public
    assert new.replaces == old and new.state == CredentialState.VALID
    assert _signed(new)["name"] == "Social Innovation Broker"
    assert new.serial != old.serial


def test_key_rotation_keeps_earlier_credentials_verifiable(coordinator, edition) -> None:  # noqa: ANN001
    from sib.credentials import keys

    first = services.credential_issue(actor=coordinator, enrolment=enrol(edition))
    keys.create_key_file(rotate=True)
    second = services.credential_issue(actor=coordinator, enrolment=enrol(edition))
    assert IssuerKey.objects.count() == 2
    assert IssuerKey.objects.filter(retired_at__isnull=True).count() == 1
    assert (
        _signed(first)["proof"][0]["verificationMethod"]
        != _signed(second)["proof"][0]["verificationMethod"]
    )
    assert verification.verify_document(_signed(first)).verified
    assert verification.verify_document(_signed(second)).verified


def test_an_achievement_must_be_described_first(coordinator, issuer) -> None:  # noqa: ANN001
    edition = make_edition(coordinator, achievement=False)
    with pytest.raises(ValidationError):
        services.credential_issue(actor=coordinator, enrolment=enrol(edition))


def test_the_did_is_stored_not_recomputed(coordinator, edition, settings) -> None:  # noqa: ANN001
    credential = services.credential_issue(actor=coordinator, enrolment=enrol(edition))
    settings.SIB_BASE_URL = "https://moved.example.net"
    second = services.credential_issue(actor=coordinator, enrolment=enrol(edition))
    assert _signed(second)["issuer"]["id"] == _signed(credential)["issuer"]["id"]
    assert second.public_url.startswith("https://sib.example.org/")


def test_a_batch_renders_and_stores_each_certificate(coordinator, edition) -> None:  # noqa: ANN001
    for _ in range(2):
        enrol(edition)
    assert services.edition_issue_all(actor=coordinator, edition=edition) == (2, 0)
    for credential in Credential.objects.all():
        assert credential.pdf.name.startswith(f"credentials/certificates/{credential.serial}")
        with credential.pdf.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    # Worker processes are never used inside a transaction (they could not see the rows).
    credential = services.credential_issue(actor=coordinator, enrolment=enrol(edition))
    Credential.objects.filter(pk=credential.pk).update(pdf="")
    services.credential_render_pdf(credential_id=credential.pk)
    credential.refresh_from_db()
    assert credential.pdf.name
