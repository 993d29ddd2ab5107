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
import math
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld
from pyld.canon import URDNA2015

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


class TooComplex(Exception):
    """The document's graph is beyond the limits this canonicaliser works within.

    RDF canonicalisation is exponential in the worst case ("dataset poisoning", RDFC-1.0 §4.3.1):
    blank nodes that all look alike make Hash N-Degree Quads try every ordering of them. A
    credential we or any honest issuer sign has a handful of distinguishable blank nodes, so the
    limits below never touch one; a document that reaches them is reported as not verifiable
    instead of holding a worker for minutes.
    """


# Limits of one canonicalisation (see docs/decisions/0500-bounded-canonicalisation.md).
MAX_QUADS = 2_000
MAX_BLANK_NODES = 200
# Work units: one per Hash N-Degree Quads call, plus, before a group of k look-alike blank nodes is
# permuted, k! × (k + 1) for the orderings it may try. Honest credentials spend 0.
MAX_WORK = 1_000


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


class _BoundedURDNA2015(URDNA2015):
    """pyld's URDNA2015 with a work budget charged before the expensive steps run."""

    def __init__(self, budget: int) -> None:
        super().__init__()
        self.budget = budget

    def _spend(self, units: int) -> None:
        self.budget -= units
        if self.budget < 0:
            raise TooComplex(
                "canonicalising it needs more work than the limit allows "
                "(many blank nodes that cannot be told apart)"
            )

    def hash_n_degree_quads(self, id_: str, issuer: Any) -> Any:
        self._spend(1)
        return super().hash_n_degree_quads(id_, issuer)

    def create_hash_to_related(self, id_: str, issuer: Any) -> Any:
        related = super().create_hash_to_related(id_, issuer)
        for nodes in related.values():
            size = len(nodes)
            if size > 1:
                # Charged before the permutations run; a large group fails without computing k!.
                self._spend(MAX_WORK + 1 if size > 12 else math.factorial(size) * (size + 1))
        return related


def _dataset(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The RDF dataset of a JSON-LD document, as `jsonld.normalize` would build it."""
    return jsonld.JsonLdProcessor().to_rdf(
        document,
        {
            "documentLoader": document_loader,
            # pyld has no "safe" mode: a term no context defines is dropped, i.e. left unsigned.
            "base": "",
            "produceGeneralizedRdf": False,
        },
    )


def canonicalize(document: dict[str, Any]) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document, with the offline loader only.

    The same algorithm as `jsonld.normalize(..., algorithm="URDNA2015")`, run within the limits
    above: raises `TooComplex` for a graph beyond them.
    """
    try:
        dataset = _dataset(document)
    except RecursionError as error:
        raise TooComplex("it nests too deeply") from error
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as error:
        # pyld trusts its input's shape; anything a stranger sends must end as a refusal.
        raise ProofError(f"the document is not valid JSON-LD: {error!r}") from error
    except jsonld.JsonLdError as error:
        cause: BaseException | None = error
        while cause is not None:
            if isinstance(cause, ContextNotAvailable):
                raise cause from error
            cause = getattr(cause, "cause", None) or cause.__cause__
        raise ProofError(f"the document is not valid JSON-LD: {error}") from error
    quads = sum(len(triples) for triples in dataset.values())
    if quads > MAX_QUADS:
        raise TooComplex(f"it has {quads} statements (at most {MAX_QUADS})")
    blank_nodes = {
        component["value"]
        for triples in dataset.values()
        for triple in triples
        for key, component in triple.items()
        if key != "predicate" and component["type"] == "blank node"
    }
    blank_nodes.update(name for name in dataset if name.startswith("_:"))
    if len(blank_nodes) > MAX_BLANK_NODES:
        raise TooComplex(f"it has {len(blank_nodes)} blank nodes (at most {MAX_BLANK_NODES})")
    return _BoundedURDNA2015(MAX_WORK).main(dataset, {"format": "application/n-quads"})


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
    if "@context" not in unsecured:
        raise ProofError("the document has no @context")
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
