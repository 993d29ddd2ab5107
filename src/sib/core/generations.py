"""Which tables have changed: the state a signed-in person's kept page is checked against.

Every statement of every database connection passes `observe` (installed when a connection opens).
A write (`INSERT`, `UPDATE`, `DELETE`) moves the table's generation in this process at once and,
once its transaction commits, again in this process and in `core_tablegeneration`, which every
web process reads (one query) before it serves a kept page. A read, while `reading()` is active,
records the tables it named. A page is kept with the generations of the tables it read and served
again only while they are all the same — so no one sees a figure older than the database, whichever
process wrote it (decision 0907). Statements that change the schema, and writes whose table cannot
be told, move every table (`ALL`).

What this cannot see: changes made to the database outside the platform's processes (by hand in
`psql`), which the kept pages' ten-minute lifetime bounds.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.transaction import TransactionManagementError

logger = logging.getLogger(__name__)

ALL = "*"
TABLE = "core_tablegeneration"
# Written without meaning a change of what pages show: the generations themselves, sessions
# (each request may touch its own; the page's key holds the session), migrations' bookkeeping.
IGNORED = frozenset({TABLE, "django_session", "django_migrations"})

_WRITE = re.compile(
    r"^(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?([\w.]+)\"?",
    re.IGNORECASE,
)
_NAMED = re.compile(r"\b(?:FROM|JOIN)\s+\"?([A-Za-z_][\w]*)\"?", re.IGNORECASE)
_DML = re.compile(r"\b(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
_READS = frozenset({"SELECT", "VALUES", "EXPLAIN", "DECLARE", "SHOW", "FETCH"})
_SCHEMA = frozenset({"CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME", "COMMENT", "VACUUM"})

# This process's generations: moved at once by a write and again after its commit.
_local: dict[str, int] = {}
_unrecorded = False


def _ignored() -> frozenset[str]:
    from django.conf import settings

    tables = set(IGNORED)
    for cache in settings.CACHES.values():
        if cache.get("BACKEND", "").endswith("DatabaseCache"):
            tables.add(cache["LOCATION"])
    return frozenset(tables)


@dataclass
class Reading:
    """What the statements of one request read, and whether any of them wrote."""

    tables: set[str] = field(default_factory=set)
    wrote: bool = False


_reading: ContextVar[Reading | None] = ContextVar("sib_reading", default=None)


@contextmanager
def reading() -> Iterator[Reading]:
    """Record the tables read (and whether anything was written) within the block."""
    seen = Reading()
    token = _reading.set(seen)
    try:
        yield seen
    finally:
        _reading.reset(token)


def side_effect() -> None:
    """Something outside the tables changed for this request (a rate limit counted an attempt):
    whatever it answered is not a plain reading, and is not kept."""
    seen = _reading.get()
    if seen is not None:
        seen.wrote = True


def _kind(sql: str) -> str:
    first = sql.lstrip(" \t\r\n(").split(None, 1)
    return first[0].upper() if first else ""


class _Pending:
    """The tables one transaction of one connection wrote; moved when it commits."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self.tables: set[str] = set()

    def __call__(self) -> None:
        tables, self.tables = sorted(self.tables), set()
        _move_here(tables)
        if not tables:
            return
        values = ", ".join(["(%s, 1)"] * len(tables))
        sql = (
            f"INSERT INTO {TABLE} (name, generation) VALUES {values} "  # noqa: S608 - fixed names
            f"ON CONFLICT (name) DO UPDATE SET generation = {TABLE}.generation + 1"
        )
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(sql, tables)
        except DatabaseError as error:
            # This process already knows; others may serve a kept page until it expires. While
            # the database is being migrated the table may not exist yet: said once, not per write.
            global _unrecorded
            if not _unrecorded:
                _unrecorded = True
                logger.warning("tables written could not be recorded (%s): %s", error, tables)


def _move_here(tables: Any) -> None:
    for table in tables:
        _local[table] = _local.get(table, 0) + 1


def _wrote(connection: BaseDatabaseWrapper, table: str) -> None:
    _move_here([table])
    pending: _Pending | None = getattr(connection, "_sib_pending", None)
    waiting = pending is not None and any(entry[1] is pending for entry in connection.run_on_commit)
    if pending is None or not waiting:
        # The first write of this transaction (or the last one's was rolled back).
        pending = _Pending(connection)
        connection._sib_pending = pending  # type: ignore[attr-defined]
        pending.tables.add(table)
        try:
            connection.on_commit(pending)
        except TransactionManagementError:
            # Manual transaction management (rare: restores): this process already moved.
            connection._sib_pending = None  # type: ignore[attr-defined]
    else:
        pending.tables.add(table)


def observe(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """The execute wrapper: classify the statement, then run it."""
    if isinstance(sql, str):
        kind = _kind(sql)
        seen = _reading.get()
        if kind in _READS or (kind == "WITH" and not _DML.search(sql)):
            if seen is not None:
                seen.tables.update(_NAMED.findall(sql))
        elif kind in ("INSERT", "UPDATE", "DELETE", "REPLACE", "WITH"):
            match = _WRITE.match(sql.lstrip(" \t\r\n("))
            table = match.group(1).rsplit(".", 1)[-1] if match and kind != "WITH" else ALL
            if table not in _ignored():
                if seen is not None:
                    seen.wrote = True
                _wrote(context["connection"], table)
        elif kind in _SCHEMA:
            # Tests and migrations build tables; nothing kept from before can be trusted. The
            # database may not have the generations table yet: only this process moves.
            _move_here([ALL])
    return execute(sql, params, many, context)


def install(connection: BaseDatabaseWrapper, **_: Any) -> None:
    if observe not in connection.execute_wrappers:
        connection.execute_wrappers.append(observe)


def install_on_open_connections() -> None:
    """Connections opened before the app was ready (e.g. by checks) get the wrapper too."""
    for connection in connections.all(initialized_only=True):
        install(connection)


Stamps = tuple[tuple[str, int, int], ...]
Generations = dict[str, tuple[int, int]]


def current(using: str = "default") -> Generations:
    """Every table's generation now: (in the database, in this process). One query."""
    here = dict(_local)
    try:
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT name, generation FROM {TABLE}")  # noqa: S608 - fixed name
            stored = dict(cursor.fetchall())
    except DatabaseError:
        # No table yet (a database being migrated): nothing can be told apart, nothing is kept.
        return {ALL: (-1, here.get(ALL, 0))}
    return {name: (stored.get(name, 0), here.get(name, 0)) for name in {*stored, *here, ALL}}


def stamps_for(tables: Any, now: Generations) -> Stamps:
    """The generations of `tables` (and of ALL) in `now`, as a comparable tuple."""
    return tuple((name, *now.get(name, (0, 0))) for name in sorted({*tables, ALL}))


def moved_here(table: str) -> int:
    """This process's generation of `table` (tests)."""
    return _local.get(table, 0)
