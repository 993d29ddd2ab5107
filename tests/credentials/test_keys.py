"""`sib issuer-key create`: needs no database, keeps an existing key, rotates on request, and
never prints the private key."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys

import pytest
from django.core.management import call_command

from sib.credentials import keys


@pytest.fixture
def key_file(settings, tmp_path):  # noqa: ANN001, ANN201
    settings.SIB_SIGNING_KEY = str(tmp_path / "keys" / "issuer.pem")
    return tmp_path / "keys" / "issuer.pem"


def test_create_keep_and_rotate(key_file) -> None:  # noqa: ANN001
    out = io.StringIO()
    call_command("issuer_key", "create", stdout=out)
    assert key_file.exists()
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    first = key_file.read_bytes()
    assert "PRIVATE" not in out.getvalue() and "Created" in out.getvalue()
    call_command("issuer_key", "create", stdout=io.StringIO())
    assert key_file.read_bytes() == first
    call_command("issuer_key", "create", "--rotate", stdout=io.StringIO())
    assert key_file.read_bytes() != first
    assert [p.read_bytes() for p in key_file.parent.glob("issuer.pem.retired-*")] == [first]


def test_the_command_needs_no_database(tmp_path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "SIB_SIGNING_KEY": str(tmp_path / "issuer.pem"),
        "DJANGO_SETTINGS_MODULE": "sib.settings",
    }
    result = subprocess.run(
        [sys.executable, "-P", "-m", "sib", "issuer-key", "create"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "public key z6Mk" in result.stdout
    assert (tmp_path / "issuer.pem").exists()


def test_a_missing_key_is_a_clear_error(settings, tmp_path) -> None:  # noqa: ANN001
    settings.SIB_SIGNING_KEY = str(tmp_path / "absent.pem")
    with pytest.raises(keys.SigningKeyMissing, match="sib issuer-key create"):
        keys.load_private_key()
