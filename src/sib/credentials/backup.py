"""The issuer key's part in `sib backup` / `sib restore`: its PUBLIC half only.

The private key file (SIB_SIGNING_KEY) is the operator's to keep, apart from the backups. The
backup carries the public half so a restore can tell whether the key file in place is the one
the restored credentials were signed with.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization

from sib.credentials import keys

PUBLIC_KEY = "credentials/issuer-public-key.pem"


def _public_pem() -> bytes | None:
    try:
        key = keys.load_private_key()
    except keys.SigningKeyMissing:
        return None
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def public_key() -> dict[str, bytes]:
    """SIB_BACKUP_EXTRAS: the public half of the key file in use (nothing without a key)."""
    pem = _public_pem()
    return {PUBLIC_KEY: pem} if pem else {}


def check_restored(*, extras: dict[str, bytes]) -> list[str]:
    """SIB_RESTORE_CHECKS: is the key file in place the one the backed-up site signed with?"""
    saved = extras.get(PUBLIC_KEY)
    if saved is None:
        return ["The backup holds no issuer key: the backed-up site had not created one."]
    current = _public_pem()
    if current is None:
        return [
            "Put back the issuer's private key file (SIB_SIGNING_KEY) that you kept apart from "
            "the backups before issuing credentials; its public half must match "
            f"extras/{PUBLIC_KEY} in the backup."
        ]
    if current != saved:
        return [
            "WARNING: the issuer key file at SIB_SIGNING_KEY is not the one the backed-up site "
            "used. Put the kept key file back, or rotate on purpose (`sib issuer-key create "
            "--rotate`) so that earlier credentials keep verifying."
        ]
    return ["The issuer key file matches the backup's public key."]
