"""Verify any OB 3.0 credential offline: which checks passed, and why not.

Keys resolve only from `did:key` (the key is in the DID itself) and from our own `did:web` (the
keys registered in the database). Any other verification method is "not resolvable offline" —
never fetched: a public endpoint that fetched URLs would be an SSRF hole. Status resolves only
from our own status lists. Results for our own credentials are cached by (credential digest,
key set, status-list version), so the public page stays fast and is recomputed when any changes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.cache import cache as django_cache
from django.utils import timezone
from django.utils.translation import gettext as _

from sib.core import jsonlimits
from sib.credentials import dataintegrity, documents
from sib.credentials.models import Credential, CredentialState, Issuer, IssuerKey, StatusList

SCHEMA_PATH = (
    Path(__file__).resolve().parent / "schema" / "ob_v3p0_achievementcredential_schema.json"
)
CLOCK_LEEWAY = dt.timedelta(minutes=5)
# A credential nests about six levels and holds a few hundred values.
MAX_DEPTH = 32
MAX_VALUES = 20_000
CACHE_SECONDS = 24 * 3600


class NotResolvable(Exception):
    """The key cannot be resolved without fetching something from the network."""


@dataclass
class Check:
    name: str
    passed: bool
    message: str


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)
    issuer: str = ""
    state: str = ""  # our own credentials: valid | suspended | revoked

    @property
    def verified(self) -> bool:
        return bool(self.checks) and all(check.passed for check in self.checks)

    def add(self, name: str, passed: bool, message: str) -> bool:
        self.checks.append(Check(name, passed, message))
        return passed

    def as_dict(self) -> dict[str, Any]:
        return {
            "verified": self.verified,
            "issuer": self.issuer,
            "state": self.state,
            "checks": [asdict(check) for check in self.checks],
        }


@cache
def _schema_validator() -> Any:
    from jsonschema import Draft201909Validator

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)


def _did_key_public_key(method: str) -> Ed25519PublicKey:
    did = method.split("#", 1)[0]
    multibase = did.removeprefix("did:key:")
    fragment = method.split("#", 1)[1] if "#" in method else multibase
    if fragment != multibase:
        raise NotResolvable(_("The did:key fragment does not name the key of the DID."))
    try:
        return dataintegrity.public_key_from_multibase(multibase)
    except ValueError as error:
        raise NotResolvable(_("The did:key is not an Ed25519 key.")) from error


def resolve_key(method: str, issuer_id: str) -> Ed25519PublicKey:
    """The public key of a verification method, offline; it must belong to the issuer's DID."""
    did = method.split("#", 1)[0]
    if did != issuer_id:
        raise NotResolvable(_("The signing key does not belong to the issuer."))
    if did.startswith("did:key:"):
        return _did_key_public_key(method)
    if did.startswith("did:web:"):
        key = (
            IssuerKey.objects.filter(verification_method=method, issuer__did=did)
            .only("public_key_multibase")
            .first()
        )
        if key is not None:
            return dataintegrity.public_key_from_multibase(key.public_key_multibase)
    raise NotResolvable(
        _(
            "The key %(method)s is not resolvable offline (only did:key and this platform's own did:web are)."
        )
        % {"method": method}
    )


def _issuer_id(document: dict[str, Any]) -> str:
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else ""


def _check_dates(report: Report, document: dict[str, Any], now: dt.datetime) -> None:
    try:
        valid_from = dt.datetime.fromisoformat(str(document.get("validFrom", "")))
        until_raw = document.get("validUntil")
        valid_until = dt.datetime.fromisoformat(str(until_raw)) if until_raw else None
    except ValueError:
        report.add("validity_period", False, _("validFrom or validUntil is not a date-time."))
        return
    if valid_from.tzinfo is None:
        valid_from = valid_from.replace(tzinfo=dt.UTC)
    if valid_from > now + CLOCK_LEEWAY:
        report.add("validity_period", False, _("The credential is not valid yet."))
    elif valid_until is not None and valid_until.replace(tzinfo=valid_until.tzinfo or dt.UTC) < now:
        report.add("validity_period", False, _("The credential has expired."))
    else:
        report.add("validity_period", True, _("Within its validity period."))


def _check_status(report: Report, document: dict[str, Any]) -> None:
    entry = document.get("credentialStatus")
    if entry is None:
        report.add("status", True, _("The credential has no status entry."))
        return
    entries = entry if isinstance(entry, list) else [entry]
    for item in entries:
        if not isinstance(item, dict) or item.get("type") != "BitstringStatusListEntry":
            report.add("status", False, _("Unsupported status entry."))
            return
        list_url = item.get("statusListCredential")
        status_list = (
            StatusList.objects.filter(url=list_url).first() if isinstance(list_url, str) else None
        )
        if status_list is None:
            report.add("status", False, _("The status list is not resolvable offline."))
            return
        try:
            raw_index = item.get("statusListIndex", "")
            if not isinstance(raw_index, (str, int)) or isinstance(raw_index, bool):
                raise ValueError("statusListIndex is not a number")
            index = int(raw_index)
            bits = documents.decode_bitstring(
                json.loads(status_list.signed_json)["credentialSubject"]["encodedList"]
            )
            revoked = documents.bit_is_set(bits, index)
        except (ValueError, KeyError, IndexError, TypeError):
            report.add("status", False, _("The status entry is malformed."))
            return
        if revoked:
            report.add("status", False, _("The credential has been revoked."))
            return
    report.add("status", True, _("Not revoked."))


def verify_document(document: Any, *, now: dt.datetime | None = None) -> Report:
    """Run every check on a credential JSON; never raises for bad input, never fetches."""
    now = now or timezone.now()
    report = Report()
    if not isinstance(document, dict):
        report.add("format", False, _("A credential is a JSON object."))
        return report
    try:
        jsonlimits.check_structure(document, max_depth=MAX_DEPTH, max_values=MAX_VALUES)
    except jsonlimits.JsonTooComplex:
        report.add(
            "format",
            False,
            _(
                "Not verifiable: the document nests deeper than %(depth)s levels or holds more "
                "than %(values)s values."
            )
            % {"depth": MAX_DEPTH, "values": MAX_VALUES},
        )
        return report
    types = document.get("type")
    types = {
        item for item in (types if isinstance(types, list) else [types]) if isinstance(item, str)
    }
    if "VerifiableCredential" not in types or not (
        {"OpenBadgeCredential", "AchievementCredential"} & set(types)
    ):
        report.add("format", False, _("Not an Open Badges 3.0 credential."))
        return report
    report.add("format", True, _("An Open Badges 3.0 credential."))
    errors = list(_schema_validator().iter_errors(document))
    report.add(
        "schema",
        not errors,
        _("Matches the Open Badges 3.0 JSON Schema.")
        if not errors
        else _("Does not match the Open Badges 3.0 JSON Schema: %(error)s")
        % {"error": errors[0].message[:200]},
    )
    report.issuer = _issuer_id(document)
    try:
        proofs = dataintegrity.proofs_of(document)
    except dataintegrity.ProofError as error:
        proofs = []
        report.add("proof", False, str(error))
    if not proofs:
        if not any(check.name == "proof" for check in report.checks):
            report.add("proof", False, _("The credential carries no proof."))
    else:
        proof = proofs[0]
        try:
            dataintegrity.verify_proof(
                document, proof, lambda method: resolve_key(method, report.issuer)
            )
        except NotResolvable as error:
            report.add("issuer_key", False, str(error))
        except dataintegrity.TooComplex as error:
            report.add("issuer_key", True, _("The issuer's key was resolved offline."))
            report.add(
                "proof",
                False,
                _(
                    "This credential cannot be verified here: %(reason)s. Honest credentials stay "
                    "far below these limits."
                )
                % {"reason": error},
            )
        except dataintegrity.ContextNotAvailable as error:
            report.add(
                "proof",
                False,
                _("Uses a JSON-LD context this verifier does not hold: %(error)s")
                % {"error": error},
            )
        except dataintegrity.ProofError as error:
            report.add("issuer_key", True, _("The issuer's key was resolved offline."))
            report.add(
                "proof", False, _("The signature is not valid: %(error)s") % {"error": error}
            )
        else:
            report.add("issuer_key", True, _("The issuer's key was resolved offline."))
            report.add("proof", True, _("The signature is valid (eddsa-rdfc-2022)."))
    _check_dates(report, document, now)
    _check_status(report, document)
    credential_id = document.get("id")
    if isinstance(credential_id, str) and credential_id.startswith("urn:uuid:"):
        own_uuid = _uuid_or_none(credential_id[9:])
        own = (
            Credential.objects.filter(uuid=own_uuid, issuer__did=report.issuer).first()
            if own_uuid
            else None
        )
        if own is not None:
            report.state = own.state
            if own.state == CredentialState.SUSPENDED:
                report.add("suspension", False, _("The issuer has suspended this credential."))
    return report


def _uuid_or_none(value: str) -> str | None:
    import uuid

    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


# --- our own credentials, cached ------------------------------------------------------------------


def key_set_fingerprint(issuer: Issuer) -> str:
    """Changes whenever a key is registered (rotation); read from the issuer row, no query."""
    return f"{issuer.pk}.{issuer.key_set_version}"


def cache_key(credential: Credential, key_set: str) -> str:
    return (
        f"sib:credential-verification:{credential.digest}:{key_set}:"
        f"{credential.status_list_id}.{credential.status_list.version}"
    )


def verify_credential(credential: Credential) -> dict[str, Any]:
    """The checks for one of our credentials, from the cache when nothing they depend on changed.

    Suspension is a platform state read live by the page, not part of the cached result.
    """
    key = cache_key(credential, key_set_fingerprint(credential.issuer))
    result = django_cache.get(key)
    if result is None:
        report = verify_document(json.loads(credential.document))
        checks = [check for check in report.checks if check.name != "suspension"]
        # Names and outcomes only: the page words them in the reader's language.
        result = {
            "verified": all(check.passed for check in checks),
            "checks": [{"name": check.name, "passed": check.passed} for check in checks],
        }
        django_cache.set(key, result, CACHE_SECONDS)
    return result
