"""`sib backup` / `sib restore` round trips on SQLite and PostgreSQL, run as an operator would:
the pilot demo plus uploaded files, backed up while a writer keeps writing, restored into an
empty database and an empty storage, then every table compared row for row and every file byte
for byte."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.core.servers import scratch_databases

SIB = [sys.executable, "-m", "sib"]
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))

# Two speakers with photos through the events service (files in storage, named by the database).
ADD_FILES = """
import io
from PIL import Image
from django.core.files.uploadedfile import SimpleUploadedFile
from sib.accounts.models import User
from sib.events import services
actor = User.objects.filter(is_staff=True).order_by("pk").first()
for number, colour in enumerate([(200, 10, 10), (10, 120, 200)]):
    data = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(data, "PNG")
    services.speaker_save(actor=actor, full_name=f"Speaker {number}",
                          photo=SimpleUploadedFile("photo.png", data.getvalue()))
"""


ACCOUNTS_DEMO = "import sys; from sib.accounts.demo import load; load(stdout=sys.stdout)"


def run_sib(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*SIB, *args], env=environment, capture_output=True, text=True, check=False, timeout=600
    )
    return result


def sib_ok(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = run_sib(environment, *args)
    assert result.returncode == 0, f"sib {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


def site(var_dir: Path, database_url: str = "") -> dict[str, str]:
    """The environment of one install: its own var/ (SQLite file, media, key) and database."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SIB_") and key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(SIB_VAR_DIR=str(var_dir), SIB_DEBUG="1", SIB_STAFF_MFA="0")
    if database_url:
        environment["DATABASE_URL"] = database_url
    return environment


def file_digests(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


class Writer(threading.Thread):
    """Keeps writing pairs of audit entries, each pair in one transaction, until stopped."""

    def __init__(
        self, connect: Callable[[], Any], placeholder: str, transaction: Callable[[Any], Any]
    ) -> None:
        super().__init__(daemon=True)
        self.connect = connect
        self.placeholder = placeholder
        self.transaction = transaction
        self.stopped = threading.Event()
        self.pairs = 0
        self.error: Exception | None = None

    def run(self) -> None:
        connection = self.connect()
        mark = self.placeholder
        sql = (
            "INSERT INTO core_auditentry (action, object_type, object_id, data, at, request_id) "
            f"VALUES ('backup.pair', 'test', {mark}, '{{}}', CURRENT_TIMESTAMP, '')"
        )
        try:
            while not self.stopped.is_set():
                with self.transaction(connection):  # one transaction per pair
                    cursor = connection.cursor()
                    cursor.execute(sql, (str(self.pairs),))
                    cursor.execute(sql, (str(self.pairs),))
                self.pairs += 1
                self.stopped.wait(0.002)
        except Exception as error:  # the test waiting for pairs must fail, not wait for ever
            self.error = error
            self.stopped.set()
        finally:
            connection.close()

    def wait_for_pairs(self, count: int) -> None:
        while self.pairs < count:
            assert self.error is None, f"the writer failed: {self.error!r}"
            self.stopped.wait(0.01)


# --- SQLite ------------------------------------------------------------------------------------------


def sqlite_tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
            )
        ]
        return {
            name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in names
        }
    finally:
        connection.close()


def test_sqlite_round_trip_restores_every_row_and_file(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    live = site(source)
    sib_ok(live, "migrate", "--noinput", "-v0")
    sib_ok(live, "demo")
    sib_ok(live, "shell", "-c", ADD_FILES)
    database = source / "sib.sqlite3"

    writer = Writer(lambda: sqlite3.connect(database, timeout=30), "?", lambda c: c)
    writer.start()
    try:
        writer.wait_for_pairs(5)
        backed_up = sib_ok(live, "backup", str(tmp_path / "site.tar"))
    finally:
        writer.stopped.set()
        writer.join()
    assert "Backed up the sqlite database" in backed_up.stdout
    assert backed_up.stderr == ""

    target.mkdir()
    shutil.copy(source / "issuer-signing-key.pem", target / "issuer-signing-key.pem")
    restored = sib_ok(site(target), "restore", str(tmp_path / "site.tar"))
    assert "The issuer key file matches the backup's public key." in restored.stdout

    before, after = sqlite_tables(database), sqlite_tables(target / "sib.sqlite3")
    # The writer went on after the copy: its table may have grown, always by whole pairs.
    pairs = [row for row in after.pop("core_auditentry") if "backup.pair" in row]
    assert len(pairs) % 2 == 0 and 10 <= len(pairs) <= 2 * writer.pairs
    before.pop("core_auditentry")
    for tables in (before, after):  # the writer's sequence moved on after the copy
        tables["sqlite_sequence"] = [
            r for r in tables["sqlite_sequence"] if r[0] != "core_auditentry"
        ]
    assert set(after) == set(before) and len(after) > 60
    for table, rows in before.items():
        assert after[table] == rows, table
    assert sum(len(rows) for rows in after.values()) > 1000
    check = sqlite3.connect(target / "sib.sqlite3")
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert check.execute("PRAGMA foreign_key_check").fetchall() == []
    check.close()

    files = file_digests(source / "media")
    # The demo stores speakers' photos and the knowledge materials; every one comes back.
    folders = {name.rsplit("/", 1)[0] for name in files}
    assert {"events/speakers", "knowledge/materials"} <= folders
    assert file_digests(target / "media") == files

    # The restored database is complete: the code finds no migration to apply.
    sib_ok(site(target), "migrate", "--check")


def test_restore_refuses_a_database_that_is_not_empty(tmp_path: Path) -> None:
    live = site(tmp_path / "site")
    sib_ok(live, "migrate", "--noinput", "-v0")
    sib_ok(live, "backup", str(tmp_path / "site.tar"))
    refused = run_sib(live, "restore", str(tmp_path / "site.tar"))
    assert refused.returncode == 1
    assert "The database is not empty" in refused.stderr
    again = run_sib(live, "backup", str(tmp_path / "site.tar"))
    assert again.returncode == 1 and "exists already" in again.stderr


def test_files_the_database_names_but_storage_lacks_are_reported_not_fatal(tmp_path: Path) -> None:
    live = site(tmp_path / "source")
    sib_ok(live, "migrate", "--noinput", "-v0")
    sib_ok(live, "shell", "-c", ACCOUNTS_DEMO)
    sib_ok(live, "shell", "-c", ADD_FILES)
    sib_ok(live, "issuer-key", "create")
    lost, kept = sorted((tmp_path / "source" / "media" / "events" / "speakers").iterdir())
    lost.unlink()
    backed_up = sib_ok(live, "backup", str(tmp_path / "site.tar"))
    named = f"events/speakers/{lost.name}"
    assert backed_up.stderr.strip() == f"Missing from storage (named by the database): {named}"

    restored = sib_ok(site(tmp_path / "target"), "restore", str(tmp_path / "site.tar"))
    assert restored.stderr.strip() == f"Missing from storage (named by the database): {named}"
    assert "Put back the issuer's private key file" in restored.stdout
    assert file_digests(tmp_path / "target" / "media") == {
        f"events/speakers/{kept.name}": hashlib.sha256(kept.read_bytes()).hexdigest()
    }


def test_a_damaged_archive_is_refused(tmp_path: Path) -> None:
    live = site(tmp_path / "source")
    sib_ok(live, "migrate", "--noinput", "-v0")
    sib_ok(live, "shell", "-c", ACCOUNTS_DEMO)
    sib_ok(live, "shell", "-c", ADD_FILES)
    sib_ok(live, "backup", str(tmp_path / "site.tar"))
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(tmp_path / "site.tar") as original, tarfile.open(damaged, "w") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name.startswith("files/") and not member.name.endswith("/"):
                data = data[:-1] + bytes([data[-1] ^ 0xFF])
            copy.addfile(member, io.BytesIO(data))
    refused = run_sib(site(tmp_path / "target"), "restore", str(damaged))
    assert refused.returncode == 1
    assert "is damaged (its SHA-256 differs from the manifest)" in refused.stderr


# --- PostgreSQL ----------------------------------------------------------------------------------------


@pytest.fixture
def postgres_databases() -> Iterator[list[str]]:
    """Two new databases on the server of DATABASE_URL: a live site's and an empty one."""
    with scratch_databases("backup_live", "backup_restored") as urls:
        yield urls


def postgres_tables(url: str) -> dict[str, list[str]]:
    import psycopg

    with psycopg.connect(url) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        tables = {
            name: [
                row[0] for row in connection.execute(f'SELECT t::text FROM "{name}" t ORDER BY 1')
            ]
            for name in names
        }
        tables["(sequences)"] = [
            f"{name}={value}"
            for name, value in connection.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' "
                "ORDER BY sequencename"
            )
        ]
    return tables


@pytest.mark.skipif(
    not ON_POSTGRES, reason="runs in the PostgreSQL pass (DATABASE_URL=postgres://)"
)
def test_postgresql_round_trip_restores_every_row_and_file(
    tmp_path: Path, postgres_databases: list[str]
) -> None:
    import psycopg

    live_url, restored_url = postgres_databases
    source, target = tmp_path / "source", tmp_path / "target"
    live = site(source, live_url)
    sib_ok(live, "migrate", "--noinput", "-v0")
    sib_ok(live, "demo")
    sib_ok(live, "shell", "-c", ADD_FILES)

    writer = Writer(lambda: psycopg.connect(live_url), "%s", lambda c: c.transaction())
    writer.start()
    try:
        writer.wait_for_pairs(5)
        backed_up = sib_ok(live, "backup", str(tmp_path / "site.tar.gz"))
    finally:
        writer.stopped.set()
        writer.join()
    assert "Backed up the postgresql database" in backed_up.stdout
    assert backed_up.stderr == ""

    target.mkdir()
    shutil.copy(source / "issuer-signing-key.pem", target / "issuer-signing-key.pem")
    restored = sib_ok(site(target, restored_url), "restore", str(tmp_path / "site.tar.gz"))
    assert "The issuer key file matches the backup's public key." in restored.stdout

    before, after = postgres_tables(live_url), postgres_tables(restored_url)
    pairs = [row for row in after.pop("core_auditentry") if "backup.pair" in row]
    assert len(pairs) % 2 == 0 and 10 <= len(pairs) <= 2 * writer.pairs
    before.pop("core_auditentry")
    # The writer's sequence moved on after the copy; every other one must match.
    sequences = {"before": before.pop("(sequences)"), "after": after.pop("(sequences)")}
    for moment, entries in sequences.items():
        sequences[moment] = [e for e in entries if not e.startswith("core_auditentry_id_seq=")]
    assert sequences["after"] == sequences["before"] and len(sequences["after"]) > 50
    assert set(after) == set(before) and len(after) > 60
    for table, rows in before.items():
        assert after[table] == rows, table
    assert sum(len(rows) for rows in after.values()) > 1000

    files = file_digests(source / "media")
    # The demo stores speakers' photos and the knowledge materials; every one comes back.
    assert {"events/speakers", "knowledge/materials"} <= {name.rsplit("/", 1)[0] for name in files}
    assert file_digests(target / "media") == files
    # The restored database takes new rows (its sequences came back too).
    sib_ok(site(target, restored_url), "shell", "-c", ADD_FILES)


# --- object storage -------------------------------------------------------------------------------


def test_files_are_listed_and_restored_through_object_storage_as_through_a_folder(
    settings,  # noqa: ANN001
) -> None:
    """A bucket (S3 API, moto in-process) is walked and refilled by the same storage calls."""
    import boto3
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from moto import mock_aws

    from sib.core.backup import _restore_file, stored_files

    def s3(prefix: str) -> dict[str, object]:
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "sib-media",
                "location": prefix,
                "region_name": "us-east-1",
                "access_key": "test-key",
                "secret_key": "test-secret",
                "default_acl": None,
                "file_overwrite": False,
            },
        }

    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="sib-media")
        settings.STORAGES = {**settings.STORAGES, "default": s3("live")}
        first = default_storage.save("events/speakers/a.jpg", ContentFile(b"\xff\xd8photo"))
        second = default_storage.save("reports/exports/b.pdf", ContentFile(b"%PDF-report"))
        names = list(stored_files())
        assert names == [first, second] == ["events/speakers/a.jpg", "reports/exports/b.pdf"]

        archive_bytes = io.BytesIO()
        entries = []
        with tarfile.open(fileobj=archive_bytes, mode="w") as archive:
            for name in names:
                with default_storage.open(name, "rb") as handle:
                    data = handle.read()
                info = tarfile.TarInfo(f"files/{name}")
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
                entries.append({"name": name, "sha256": hashlib.sha256(data).hexdigest()})

        settings.STORAGES = {**settings.STORAGES, "default": s3("restored")}
        archive_bytes.seek(0)
        with tarfile.open(fileobj=archive_bytes) as archive:
            verdicts = [_restore_file(archive, entry, default_storage) for entry in entries]
            again = [_restore_file(archive, entry, default_storage) for entry in entries]
        assert verdicts == ["restored", "restored"] and again == ["kept", "kept"]
        assert list(stored_files()) == names
        with default_storage.open("reports/exports/b.pdf", "rb") as handle:
            assert handle.read() == b"%PDF-report"
        listed = boto3.client("s3", region_name="us-east-1").list_objects_v2(Bucket="sib-media")
        assert sorted(item["Key"] for item in listed["Contents"]) == [
            "live/events/speakers/a.jpg",
            "live/reports/exports/b.pdf",
            "restored/events/speakers/a.jpg",
            "restored/reports/exports/b.pdf",
        ]
