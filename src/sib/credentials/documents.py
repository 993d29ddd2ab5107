"""The JSON documents the issuer publishes: credentials, the status list credential, the DID document.

Pure functions of stored values (no database, no settings), so that what was issued can always be
rebuilt and compared, and so tests can build documents without a request.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from sib.credentials.dataintegrity import DID_V1, MULTIKEY_V1, OB_EXTENSIONS, OB_V3, VC_V2

OB_SCHEMA_URL = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
EQF_URL = "https://europa.eu/europass/en/description-eight-eqf-levels"


def did_web_for(base_url: str) -> str:
    """`did:web` of a public origin; a port is percent-encoded as the did:web method requires."""
    parts = urlsplit(base_url)
    if not parts.hostname:
        raise ValueError(f"not an absolute URL: {base_url!r}")
    host = parts.hostname + (f"%3A{parts.port}" if parts.port else "")
    return f"did:web:{host}"


def utc_timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def day_timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def identity_hash(value: str, salt: str) -> str:
    """OB 3.0 hashed identity: 'sha256$' + hex SHA-256 of the value followed by the salt."""
    return "sha256$" + hashlib.sha256((value + salt).encode()).hexdigest()


def canonical_json(document: dict[str, Any]) -> str:
    """The exact text we store and serve (stable key order, UTF-8, no spaces)."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def hours_text(minutes: int) -> str:
    value = minutes / 60
    return f"{value:g}"


def issuer_profile(issuer: Any) -> dict[str, Any]:
    address: dict[str, Any] = {
        "type": ["Address"],
        "addressCountry": issuer.country,
        "addressCountryCode": issuer.country_code,
    }
    for key, attribute in (
        ("streetAddress", "street_address"),
        ("postalCode", "postal_code"),
        ("addressLocality", "locality"),
        ("addressRegion", "region"),
    ):
        value = getattr(issuer, attribute)
        if value:
            address[key] = value
    profile: dict[str, Any] = {
        "id": issuer.did,
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer.url,
        "address": address,
    }
    if issuer.email:
        profile["email"] = issuer.email
    return profile


def credential_document(
    *,
    credential_id: str,
    issuer: Any,
    substance: dict[str, Any],
    language: str,
    subject_id: str,
    email: str,
    full_name: str,
    salt: str,
    issued_at: dt.datetime,
    status_list_url: str,
    status_index: int,
) -> dict[str, Any]:
    """An unsigned OB 3.0 `OpenBadgeCredential` (VC 2.0 shape) in the holder's language.

    `substance` is the bilingual snapshot stored with the credential (see `services`); the signed
    document carries one language, named by `inLanguage`, as the strict schema has no language maps.
    """
    achievement = substance["achievement"]
    hours = substance["hours"]
    name = achievement["name"][language]
    outcomes = [outcome[language] for outcome in substance["outcomes"]]
    modules = substance["modules"]
    labels = LABELS[language]
    workload = labels["workload"].format(
        total=hours_text(hours["total"]),
        lecture=hours_text(hours["lecture"]),
        workshop=hours_text(hours["workshop"]),
        mentoring=hours_text(hours["mentoring"]),
    )
    description = "\n\n".join(
        part
        for part in (
            achievement["description"][language],
            workload,
            labels["outcomes"] + "\n" + "\n".join(f"- {text}" for text in outcomes)
            if outcomes
            else "",
        )
        if part
    )
    narrative_parts = [
        achievement["criteria"][language],
        workload,
        labels["modules"]
        + "\n"
        + "\n".join(
            f"- {module['code']} {module['title'][language]} ({hours_text(module['minutes'])} h)"
            for module in modules
        ),
    ]
    for key in ("assessment", "participation", "quality_assurance"):
        text = achievement[key][language]
        if text:
            narrative_parts.append(f"{labels[key]}: {text}")
    alignment = [
        {
            "type": ["Alignment"],
            "targetType": "ceasn:Competency",
            "targetCode": competence["code"],
            "targetName": competence["name"][language],
            "targetUrl": competence["url"],
        }
        for competence in substance["competences"]
    ]
    if achievement.get("eqf_level"):
        alignment.append(
            {
                "type": ["Alignment"],
                "targetType": "ext:EQFLevel",
                "targetCode": str(achievement["eqf_level"]),
                "targetName": f"EQF {achievement['eqf_level']}",
                "targetFramework": "European Qualifications Framework",
                "targetUrl": EQF_URL,
            }
        )
    achievement_json: dict[str, Any] = {
        "id": achievement["id"],
        "type": ["Achievement"],
        "achievementType": achievement["type"],
        "name": name,
        "description": description,
        "criteria": {"narrative": "\n\n".join(narrative_parts)},
        "humanCode": achievement["code"],
        "inLanguage": language,
    }
    if alignment:
        achievement_json["alignment"] = alignment
    if achievement.get("ects"):
        achievement_json["creditsAvailable"] = float(achievement["ects"])
    edition = substance["edition"]
    issued = utc_timestamp(issued_at)
    return {
        "@context": [VC_V2, OB_V3, OB_EXTENSIONS],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": issuer_profile(issuer),
        "validFrom": issued,
        "awardedDate": issued,
        "credentialSubject": {
            "id": subject_id,
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "identityHash": identity_hash(email.lower(), salt),
                    "salt": salt,
                },
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": True,
                    "identityHash": identity_hash(full_name, salt),
                    "salt": salt,
                },
            ],
            "activityStartDate": day_timestamp(dt.date.fromisoformat(edition["starts_on"])),
            "activityEndDate": day_timestamp(dt.date.fromisoformat(edition["ends_on"])),
            "achievement": achievement_json,
        },
        "credentialStatus": {
            "id": f"{status_list_url}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_index),
            "statusListCredential": status_list_url,
        },
        "credentialSchema": [{"id": OB_SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}],
    }


LABELS = {
    "pl": {
        "workload": (
            "Nakład pracy: {total} h ({lecture} h wykładów, {workshop} h warsztatów, "
            "{mentoring} h mentoringu)."
        ),
        "outcomes": "Efekty uczenia się:",
        "modules": "Moduły:",
        "assessment": "Forma weryfikacji",
        "participation": "Forma udziału",
        "quality_assurance": "Zapewnienie jakości",
    },
    "en": {
        "workload": (
            "Workload: {total} h ({lecture} h of lectures, {workshop} h of workshops, "
            "{mentoring} h of mentoring)."
        ),
        "outcomes": "Learning outcomes:",
        "modules": "Modules:",
        "assessment": "Type of assessment",
        "participation": "Form of participation",
        "quality_assurance": "Quality assurance",
    },
}


# --- Bitstring Status List ----------------------------------------------------------------------


def encode_bitstring(size: int, set_indices: Iterable[int]) -> str:
    """`encodedList`: multibase base64url (no padding) of the GZIP-compressed bitstring.

    Bit 0 is the most significant bit of the first byte, as the specification orders them.
    """
    bits = bytearray(size // 8)
    for index in set_indices:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode_bitstring(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url ('u' prefix)")
    body = encoded[1:]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    return gzip.decompress(raw)


def bit_is_set(bits: bytes, index: int) -> bool:
    if index < 0:
        raise IndexError("a status list index is not negative")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_document(
    *, url: str, issuer_did: str, size: int, revoked: Iterable[int], valid_from: dt.datetime
) -> dict[str, Any]:
    return {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did,
        "validFrom": utc_timestamp(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bitstring(size, revoked),
        },
    }


# --- DID document ---------------------------------------------------------------------------------


def did_document(*, did: str, keys: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The did:web document: every key ever used (id, publicKeyMultibase) under assertionMethod."""
    methods = [
        {"id": key_id, "type": "Multikey", "controller": did, "publicKeyMultibase": multibase}
        for key_id, multibase in keys
    ]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
