"""`sib backup PATH` and `sib restore PATH`: the database, every stored file, and app extras.

A backup is one tar archive:

    manifest.json        format, when, database kind, migrations, every file with size and SHA-256
    database.sqlite3     SQLite's online backup (a consistent copy while the site writes), or
    database.pgdump      pg_dump's custom format (one consistent snapshot)
    files/<name>         every file in Django's default storage (local folder or object storage)
    extras/<name>        what apps add through SIB_BACKUP_EXTRAS (e.g. the issuer's public key)

The database is copied first and the files after it: a file written after the copy is at worst
an extra, and a file the copy names but storage no longer holds is reported, not fatal. Restore
goes only into an empty database and recreates it row for row with the database's own tools.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from django.apps import apps
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import FileField

from sib.core.plugins import contributions

FORMAT = "sib-backup/1"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


@dataclass
class Outcome:
    """What a backup or a restore did, for the command to print."""

    database: str = ""
    tables: int = 0
    files: list[str] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --- the database ------------------------------------------------------------------------------


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _pg_environment() -> dict[str, str]:
    """libpq's variables for pg_dump/pg_restore, from the same DATABASE_URL the site uses."""
    db = connection.settings_dict
    environment = dict(os.environ)
    for variable, value in {
        "PGDATABASE": db.get("NAME"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGHOST": db.get("HOST"),
        "PGPORT": str(db.get("PORT") or ""),
        "PGSSLMODE": (db.get("OPTIONS") or {}).get("sslmode"),
    }.items():
        if value:
            environment[variable] = str(value)
    return environment


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client) in the version of the server or newer."
        )
    return found


def _run(argv: list[str]) -> None:
    result = subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
        argv, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed: {result.stderr.strip()}")


def _copy_database(target: Path) -> None:
    """A consistent copy of the live database, taken while the site may keep writing."""
    if _vendor() == "sqlite":
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=60)
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)  # one step: a single read transaction, a consistent snapshot
        finally:
            copy.close()
            source.close()
    else:
        _run(
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={target}",
            ]
        )


def _database_is_empty() -> bool:
    if _vendor() == "sqlite":
        name = Path(settings.DATABASES["default"]["NAME"])
        if not name.exists() or name.stat().st_size == 0:
            return True
    return not connection.introspection.table_names()


def _restore_database(source: Path, vendor: str) -> None:
    if vendor == "sqlite":
        name = Path(settings.DATABASES["default"]["NAME"])
        connection.close()
        name.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (name, Path(f"{name}-wal"), Path(f"{name}-shm")):
            leftover.unlink(missing_ok=True)
        backup = sqlite3.connect(source)
        target = sqlite3.connect(name)
        try:
            with target:
                backup.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
            backup.close()
    else:
        connection.close()
        _run(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={_pg_environment().get('PGDATABASE', '')}",
                str(source),
            ]
        )
    connection.close()


# --- files ---------------------------------------------------------------------------------------


def stored_files(storage: Storage | None = None, folder: str = "") -> Iterator[str]:
    """Every file name in the storage, depth first, in a stable order."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_files(storage, f"{folder}/{sub}" if folder else sub)


def named_files() -> set[str]:
    """Every file name the database refers to (FileField and ImageField values)."""
    names: set[str] = set()
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, FileField):
                names.update(
                    model._default_manager.exclude(**{model_field.name: ""})
                    .exclude(**{f"{model_field.name}__isnull": True})
                    .values_list(model_field.name, flat=True)
                    .distinct()
                )
    return names


def _sha256(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


# --- backup --------------------------------------------------------------------------------------


def backup(path: Path) -> Outcome:
    """Write the archive to `path` (refusing to overwrite one); returns what it holds."""
    path = Path(path)
    if path.exists():
        raise BackupError(
            f"{path} exists already; give a new name (backups are never overwritten)."
        )
    vendor = _vendor()
    outcome = Outcome(database=vendor)
    partial = path.with_name(f".{path.name}.partial")
    mode: Literal["w:gz", "w"] = "w:gz" if path.name.endswith((".gz", ".tgz")) else "w"
    with tempfile.TemporaryDirectory(prefix="sib-backup-") as work:
        member = SQLITE_MEMBER if vendor == "sqlite" else POSTGRES_MEMBER
        database_copy = Path(work) / member
        _copy_database(database_copy)
        migrations = sorted(
            f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
        )
        outcome.tables = len(connection.introspection.table_names())
        files: list[dict[str, Any]] = []
        try:
            with tarfile.open(partial, mode) as archive:
                archive.add(database_copy, arcname=member)
                for name in stored_files():
                    with (
                        default_storage.open(name, "rb") as handle,
                        tempfile.TemporaryFile(dir=work) as spool,
                    ):
                        digest = hashlib.sha256()
                        size = 0
                        for chunk in iter(functools.partial(handle.read, CHUNK), b""):
                            digest.update(chunk)
                            spool.write(chunk)
                            size += len(chunk)
                        spool.seek(0)
                        info = tarfile.TarInfo(f"files/{name}")
                        info.size = size
                        info.mode = 0o600
                        info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
                        archive.addfile(info, spool)
                    files.append({"name": name, "size": size, "sha256": digest.hexdigest()})
                    outcome.files.append(name)
                extras: list[str] = []
                for contribute in contributions("SIB_BACKUP_EXTRAS"):
                    for name, data in contribute().items():
                        _add_bytes(archive, f"extras/{name}", data)
                        extras.append(name)
                outcome.missing_files = sorted(named_files() - set(outcome.files))
                manifest = {
                    "format": FORMAT,
                    "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "database": vendor,
                    "tables": outcome.tables,
                    "migrations": migrations,
                    "files": files,
                    "extras": extras,
                    "missing_files": outcome.missing_files,
                }
                _add_bytes(
                    archive,
                    "manifest.json",
                    json.dumps(manifest, indent=1, ensure_ascii=False).encode(),
                )
            os.chmod(partial, 0o600)
            partial.rename(path)
        finally:
            partial.unlink(missing_ok=True)
    return outcome


# --- restore -------------------------------------------------------------------------------------


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile("manifest.json")
    except KeyError as error:
        raise BackupError("This is not a SIB Platform backup (no manifest.json).") from error
    manifest = json.loads(member.read()) if member else {}
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r} (expected {FORMAT}).")
    return manifest


def _restore_file(archive: tarfile.TarFile, entry: dict[str, Any], storage: Storage) -> str:
    """Put one file back under its own name; returns "restored", "kept" or "replaced"."""
    name = entry["name"]
    member = archive.extractfile(f"files/{name}")
    if member is None:
        raise BackupError(f"The archive lacks files/{name}.")
    with tempfile.TemporaryFile() as spool:
        shutil.copyfileobj(member, spool)
        spool.seek(0)
        if _sha256(spool) != entry["sha256"]:
            raise BackupError(f"files/{name} is damaged (its SHA-256 differs from the manifest).")
        verdict = "restored"
        if storage.exists(name):
            with storage.open(name, "rb") as current:
                if _sha256(current) == entry["sha256"]:
                    return "kept"
            storage.delete(name)
            verdict = "replaced"
        spool.seek(0)
        saved = storage.save(name, File(spool, name=Path(name).name))
    if saved != name:
        raise BackupError(f"Storage saved {name} as {saved}; restore into an empty storage.")
    return verdict


def restore(path: Path) -> Outcome:
    """Recreate the database (which must be empty) and the files from the archive at `path`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    vendor = _vendor()
    with tarfile.open(path, "r:*") as archive:
        manifest = _read_manifest(archive)
        if manifest["database"] != vendor:
            raise BackupError(
                f"This backup holds a {manifest['database']} database; the settings point at "
                f"{vendor}. A backup restores into the same kind of database."
            )
        if not _database_is_empty():
            raise BackupError(
                "The database is not empty: restore only into a new, empty database "
                "(a SQLite file that does not exist yet, or a PostgreSQL database just created)."
            )
        outcome = Outcome(database=vendor)
        with tempfile.TemporaryDirectory(prefix="sib-restore-") as work:
            member = SQLITE_MEMBER if vendor == "sqlite" else POSTGRES_MEMBER
            archive.extract(member, path=work, filter="data")
            _restore_database(Path(work) / member, vendor)
        outcome.tables = len(connection.introspection.table_names())
        counts = {"restored": 0, "kept": 0, "replaced": 0}
        for entry in manifest["files"]:
            counts[_restore_file(archive, entry, default_storage)] += 1
            outcome.files.append(entry["name"])
        if counts["kept"] or counts["replaced"]:
            outcome.notes.append(
                f"{counts['kept']} files were in storage already with the same content; "
                f"{counts['replaced']} differed and were replaced by the backup's."
            )
        extras: dict[str, bytes] = {}
        for name in manifest.get("extras", []):
            extra = archive.extractfile(f"extras/{name}")
            if extra is not None:
                extras[name] = extra.read()
    present = set(stored_files())
    outcome.missing_files = sorted(named_files() - present)
    for check in contributions("SIB_RESTORE_CHECKS"):
        outcome.notes.extend(check(extras=extras))
    with contextlib.suppress(Exception):
        connection.close()
    return outcome
