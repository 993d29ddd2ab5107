"""The issuer's Ed25519 signing key: a PEM file outside the database (`SIB_SIGNING_KEY`).

The private key is never stored in the database and never logged; only its public half is
registered (`IssuerKey`) and published in the DID document.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class SigningKeyMissing(ImproperlyConfigured):
    """No key file: create one with `sib issuer-key create`."""


def key_path() -> Path:
    path = settings.SIB_SIGNING_KEY
    if not path:
        raise SigningKeyMissing(
            "SIB_SIGNING_KEY is not set: point it at the issuer's key file "
            "(create one with `sib issuer-key create`)."
        )
    return Path(path)


def load_private_key() -> Ed25519PrivateKey:
    path = key_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise SigningKeyMissing(
            f"The issuer key file {path} does not exist: run `sib issuer-key create`."
        ) from error
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{path} does not hold an Ed25519 private key.")
    return key


def create_key_file(*, rotate: bool = False) -> tuple[Path, bool]:
    """Write a new key file (mode 0600). Returns (path, created).

    Without `rotate` an existing key is kept (idempotent). With `rotate` the old file is renamed
    `<name>.retired-<timestamp>` and a new key is written; the platform keeps publishing the old
    public key so credentials signed with it still verify.
    """
    path = key_path()
    if path.exists() and not rotate:
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        path.rename(path.with_name(f"{path.name}.retired-{stamp}"))
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return path, True
