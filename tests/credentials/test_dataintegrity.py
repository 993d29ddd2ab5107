"""The signer against the 1EdTech known-answer vector, byte for byte, and the strict schema."""

from __future__ import annotations

import copy
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sib.credentials import dataintegrity as di


def test_known_answer_canonical_forms_hashes_and_proof_value(known_answer) -> None:  # noqa: ANN001
    document = known_answer["unsigned_credential"]
    document_canon = di.canonicalize(document)
    assert document_canon == known_answer["expected_document_canon"]
    options = {**known_answer["proof_options"], "@context": document["@context"]}
    proof_canon = di.canonicalize(options)
    assert proof_canon == known_answer["expected_proof_canon"]
    assert (
        hashlib.sha256(document_canon.encode()).hexdigest()
        == known_answer["expected_document_hash_hex"]
    )
    assert (
        hashlib.sha256(proof_canon.encode()).hexdigest() == known_answer["expected_proof_hash_hex"]
    )
    assert (
        di.hash_data(document, known_answer["proof_options"]).hex()
        == known_answer["expected_hash_data_hex"]
    )

    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(known_answer["private_key_seed_hex"]))
    assert di.public_key_multibase(key.public_key()) == known_answer["public_key_multibase"]
    proof = di.create_proof(
        document,
        private_key=key,
        verification_method=known_answer["proof_options"]["verificationMethod"],
        created=known_answer["proof_options"]["created"],
    )
    assert di.base58_decode(proof["proofValue"][1:]).hex() == known_answer["expected_signature_hex"]
    assert proof["proofValue"] == known_answer["expected_proof_value"]
    assert proof == known_answer["expected_proof"]


def _vector_key(known_answer) -> Ed25519PublicKey:  # noqa: ANN001
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(known_answer["public_key_hex"]))


def test_the_signed_vector_verifies_and_stops_verifying_when_changed(known_answer) -> None:  # noqa: ANN001
    signed = known_answer["signed_credential"]
    di.verify_proof(signed, signed["proof"], lambda method: _vector_key(known_answer))
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] = "Teamwork!"
    with pytest.raises(di.ProofError):
        di.verify_proof(tampered, tampered["proof"], lambda method: _vector_key(known_answer))


def test_schema_accepts_the_vector_only_with_proof_as_an_array(
    known_answer,  # noqa: ANN001
    ob_schema_validator,  # noqa: ANN001
) -> None:
    assert ob_schema_validator.is_valid(known_answer["unsigned_credential"])
    assert not ob_schema_validator.is_valid(known_answer["signed_credential"])
    fixed = {**known_answer["signed_credential"], "proof": [known_answer["expected_proof"]]}
    assert ob_schema_validator.is_valid(fixed)


def test_the_document_loader_refuses_any_url_it_does_not_ship() -> None:
    with pytest.raises(di.ContextNotAvailable):
        di.document_loader("https://example.org/evil-context.jsonld")
    document = {"@context": ["https://www.w3.org/ns/credentials/v2", "https://evil.example/ctx"]}
    with pytest.raises(di.ContextNotAvailable):
        di.canonicalize(document)


def test_base58_round_trip() -> None:
    for data in (b"", b"\0\0abc", bytes(range(64))):
        assert di.base58_decode(di.base58_encode(data)) == data
