"""Our own small Data Integrity signer and verifier: cryptosuite `eddsa-rdfc-2022`.

Ed25519 over the RDFC-1.0 canonical form (pyld's 'URDNA2015', whose output equals RDFC-1.0),
exactly as the W3C `vc-di-eddsa` specification describes:

    hash_data = SHA-256(canon(proof options + document @context)) ‖ SHA-256(canon(document))
    proofValue = "z" + base58btc(Ed25519-sign(hash_data))

JSON-LD contexts come only from the copies shipped in `contexts/` (see `contexts/README.md`); the
document loader refuses every other URL and never touches the network — at sign time or verify
time. The independent verifiers in the test suite keep this code honest.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"
CRYPTOSUITE = "eddsa-rdfc-2022"
ED25519_MULTICODEC = b"\xed\x01"
BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
DID_V1 = "https://www.w3.org/ns/did/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"


class ContextNotAvailable(Exception):
    """A JSON-LD context that is not shipped with the package (never fetched)."""


class ProofError(Exception):
    """The proof is missing, malformed or does not verify."""


# --- offline document loader -------------------------------------------------------------------


@cache
def _contexts() -> dict[str, dict[str, Any]]:
    """The pinned contexts, read once per process (immutable afterwards)."""
    index = json.loads((CONTEXTS_DIR / "index.json").read_text(encoding="utf-8"))
    return {
        url: json.loads((CONTEXTS_DIR / name).read_text(encoding="utf-8"))
        for url, name in index.items()
    }


def context_urls() -> frozenset[str]:
    return frozenset(_contexts())


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader that serves only the shipped contexts and refuses everything else."""
    try:
        document = _contexts()[url]
    except KeyError as error:
        raise ContextNotAvailable(f"JSON-LD context not available offline: {url}") from error
    # "static": pyld then keeps the resolved context in its shared cache across operations.
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(document),
        "tag": "static",
    }


def canonicalize(document: dict[str, Any]) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document, with the offline loader only.

    `safe` mode makes an undefined term an error instead of silently dropping it unsigned.
    """
    try:
        return jsonld.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": document_loader,
                "safe": True,
            },
        )
    except jsonld.JsonLdError as error:
        cause: BaseException | None = error
        while cause is not None:
            if isinstance(cause, ContextNotAvailable):
                raise cause from error
            cause = getattr(cause, "cause", None) or cause.__cause__
        raise ProofError(f"the document is not valid JSON-LD: {error}") from error


# --- base58btc and Multikey ----------------------------------------------------------------------


def base58_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = BASE58_ALPHABET[remainder] + encoded
    leading = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading + encoded


def base58_decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = BASE58_ALPHABET.find(char)
        if index < 0:
            raise ValueError(f"not base58btc: {char!r}")
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    leading = len(text) - len(text.lstrip("1"))
    return b"\0" * leading + body


def public_key_multibase(key: Ed25519PublicKey) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + base58_encode(ED25519_MULTICODEC + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise ValueError("publicKeyMultibase must be base58btc ('z' prefix)")
    raw = base58_decode(value[1:])
    if len(raw) != 34 or raw[:2] != ED25519_MULTICODEC:
        raise ValueError("publicKeyMultibase is not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


# --- signing and verifying -----------------------------------------------------------------------


def hash_data(document: dict[str, Any], proof_options: dict[str, Any]) -> bytes:
    """The 64 bytes eddsa-rdfc-2022 signs: proof-options hash ‖ document hash."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    options = {key: value for key, value in proof_options.items() if key != "proofValue"}
    options["@context"] = unsecured["@context"]
    proof_hash = hashlib.sha256(canonicalize(options).encode()).digest()
    document_hash = hashlib.sha256(canonicalize(unsecured).encode()).digest()
    return proof_hash + document_hash


def create_proof(
    document: dict[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    proof_purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """A `DataIntegrityProof` over `document` (which must not carry a proof yet)."""
    proof: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "created": created,
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": proof_purpose,
    }
    signature = private_key.sign(hash_data(document, proof))
    proof["proofValue"] = "z" + base58_encode(signature)
    return proof


def sign(
    document: dict[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
) -> dict[str, Any]:
    """A copy of `document` with one proof attached, as an array (the strict OB schema wants one)."""
    proof = create_proof(
        document,
        private_key=private_key,
        verification_method=verification_method,
        created=created,
    )
    return {**document, "proof": [proof]}


def proofs_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    proof = document.get("proof")
    if proof is None:
        return []
    proofs = proof if isinstance(proof, list) else [proof]
    if not all(isinstance(item, dict) for item in proofs):
        raise ProofError("proof must be an object or an array of objects")
    return proofs


def verify_proof(
    document: dict[str, Any],
    proof: dict[str, Any],
    resolve_key: Callable[[str], Ed25519PublicKey],
) -> None:
    """Raise `ProofError` unless `proof` is a valid eddsa-rdfc-2022 proof over `document`.

    `resolve_key` maps a verification method id to its public key; it raises to refuse one.
    """
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError("only DataIntegrityProof with eddsa-rdfc-2022 is supported")
    value = proof.get("proofValue")
    method = proof.get("verificationMethod")
    if not isinstance(value, str) or not value.startswith("z") or not isinstance(method, str):
        raise ProofError("proofValue or verificationMethod is missing")
    try:
        signature = base58_decode(value[1:])
    except ValueError as error:
        raise ProofError("proofValue is not base58btc") from error
    key = resolve_key(method)
    try:
        key.verify(signature, hash_data(document, proof))
    except InvalidSignature as error:
        raise ProofError("the signature does not match the document") from error
