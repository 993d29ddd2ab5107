"""What `/readyz` checks: database (and its migrations), cache, task worker, waiting jobs.

The database and the cache are what a web process needs to serve: when either fails, or the
code expects migrations the database lacks, the process is not ready (503). A silent worker or
jobs waiting too long do not stop pages from being served: they make the report "degraded".
"""

from __future__ import annotations

import datetime as dt
import uuid
from functools import cache
from typing import Any

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

OK = "ok"
DEGRADED = "degraded"
UNAVAILABLE = "unavailable"
# A worker that has not written its heartbeat for this long is considered gone.
WORKER_SILENT_AFTER = dt.timedelta(seconds=60)
# A job that has waited this long to start means the workers do not keep up (or none runs).
JOB_WAITING_TOO_LONG = dt.timedelta(minutes=10)


def is_database_outage(error: BaseException | None) -> bool:
    """Whether an exception means the database cannot be reached (as opposed to a bug)."""
    return isinstance(error, OperationalError | InterfaceError)


@cache
def _expected_migrations() -> frozenset[tuple[str, str]]:
    """The latest migration of every app, read once from this process's code (it never changes)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())


def _database() -> dict[str, Any]:
    try:
        applied = MigrationRecorder(connection).applied_migrations()
    except DatabaseError as error:
        return {"status": UNAVAILABLE, "error": error.__class__.__name__}
    missing = sorted(f"{app}.{name}" for app, name in _expected_migrations() - set(applied))
    if missing:
        return {"status": UNAVAILABLE, "missing_migrations": missing}
    return {"status": OK, "vendor": connection.vendor}


def _cache() -> dict[str, Any]:
    key = f"sib:readyz:{uuid.uuid4().hex}"
    try:
        shared_cache.set(key, "1", timeout=30)
        answered = shared_cache.get(key) == "1"
        shared_cache.delete(key)
    except Exception as error:  # noqa: BLE001 - any cache failure (Redis down, table missing) counts
        return {"status": UNAVAILABLE, "error": error.__class__.__name__}
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return {"status": OK if answered else UNAVAILABLE, "backend": backend}


def _worker(now: dt.datetime) -> dict[str, Any]:
    from sib.core.models import WorkerHeartbeat

    try:
        beats = list(
            WorkerHeartbeat.objects.filter(seen_at__gte=now - WORKER_SILENT_AFTER).values_list(
                "seen_at", flat=True
            )
        )
    except DatabaseError as error:
        return {"status": UNAVAILABLE, "error": error.__class__.__name__}
    if not beats:
        return {"status": DEGRADED, "workers": 0, "detail": "no task worker heartbeat in 60 s"}
    age = (now - max(beats)).total_seconds()
    return {"status": OK, "workers": len(beats), "last_heartbeat_seconds_ago": round(age, 1)}


def _jobs(now: dt.datetime) -> dict[str, Any]:
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return {"status": OK, "backend": settings.TASKS["default"]["BACKEND"]}
    from django.db.models import Count, Min
    from django_tasks_db.models import DBTaskResult

    try:
        waiting = DBTaskResult.objects.ready().aggregate(
            count=Count("pk"), oldest=Min("enqueued_at")
        )
    except DatabaseError as error:
        return {"status": UNAVAILABLE, "error": error.__class__.__name__}
    oldest = (now - waiting["oldest"]).total_seconds() if waiting["oldest"] else 0.0
    status = DEGRADED if oldest > JOB_WAITING_TOO_LONG.total_seconds() else OK
    return {"status": status, "pending": waiting["count"], "oldest_seconds": round(oldest, 1)}


def report() -> dict[str, Any]:
    """Every check with its own status, and the overall one (the worst that matters)."""
    now = timezone.now()
    checks = {"database": _database(), "cache": _cache()}
    if checks["database"]["status"] == OK:
        checks["worker"] = _worker(now)
        checks["jobs"] = _jobs(now)
    if any(check["status"] == UNAVAILABLE for check in checks.values()):
        status = UNAVAILABLE
    elif any(check["status"] == DEGRADED for check in checks.values()):
        status = DEGRADED
    else:
        status = OK
    return {"status": status, "checks": checks}
