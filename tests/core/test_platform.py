"""Platform-wide promises: content fallback, SQLite settings, no assets from the network."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.utils import translation

from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_content_falls_back_to_polish_then_english() -> None:
    programme = ProgrammeFactory(title_pl="Tylko po polsku", title_en="")
    with translation.override("en"):
        assert programme.title == "Tylko po polsku"
    programme = ProgrammeFactory(title_pl="", title_en="Only in English")
    with translation.override("pl"):
        assert programme.title == "Only in English"


def test_pages_load_nothing_from_the_network(client) -> None:  # noqa: ANN001
    content = client.get("/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', content)
    assert sources and all(
        not source.startswith(("http:", "https:", "//")) for source in sources
    ), sources
    assert "htmx-2.min.js" in content


def test_security_headers(client) -> None:  # noqa: ANN001
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "object-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path) -> None:  # noqa: ANN001
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(SIB_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="sib.settings")
    code = (
        "import django; django.setup();"
        "from django.db import connection; cursor = connection.cursor();"
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0], cursor.execute('PRAGMA busy_timeout').fetchone()[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["wal", "20000"]


def test_healthz(client) -> None:  # noqa: ANN001
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_postgresql_ends_sessions_left_idle_inside_a_transaction_and_endless_lock_waits() -> None:
    """The test run's safety net (tests/conftest.py): a connection forgotten inside a transaction
    cannot block the next test's TRUNCATE for ever."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW idle_in_transaction_session_timeout")
        assert cursor.fetchone()[0] == "5min"
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "10min"
