"""`sib worker`: the database task worker, with a heartbeat and patience through database outages.

django-tasks-db's worker stops at the first database error it does not expect; here the loop
waits and tries again (up to 30 s apart), so a PostgreSQL restart does not need a worker restart.
A thread writes a `WorkerHeartbeat` every SIB_WORKER_HEARTBEAT_SECONDS, which `/readyz` reads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from sib.core.readiness import is_database_outage

logger = logging.getLogger("sib.worker")
# Rows of workers silent for this long are removed when a worker starts.
FORGET_AFTER_DAYS = 7


def new_worker_id() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{get_random_string(8)}"


def beat(*, worker_id: str, started_at: object, tasks_run: int) -> None:
    """Record that this worker is alive (one row per worker, updated in place)."""
    from sib.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
            "tasks_run": tasks_run,
        },
    )


def forget(*, worker_id: str) -> None:
    from sib.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


class Heartbeat(threading.Thread):
    """Writes the heartbeat until stopped; a database error is logged and retried next time."""

    def __init__(self, worker: Worker, *, interval: float) -> None:
        super().__init__(name="sib-worker-heartbeat", daemon=True)
        self.worker = worker
        self.interval = interval
        self.started_at = timezone.now()
        self.stopped = threading.Event()

    def run(self) -> None:
        from sib.core.models import WorkerHeartbeat

        try:
            WorkerHeartbeat.objects.filter(
                seen_at__lt=timezone.now() - dt.timedelta(days=FORGET_AFTER_DAYS)
            ).delete()
        except DatabaseError:
            connections.close_all()
        while not self.stopped.is_set():
            try:
                beat(
                    worker_id=self.worker.worker_id,
                    started_at=self.started_at,
                    tasks_run=self.worker._run_tasks,
                )
            except DatabaseError as error:
                logger.warning("Heartbeat not written (database unavailable): %s", error)
                connections.close_all()  # this thread's connections only: reconnect next time
            self.stopped.wait(self.interval)
        connections.close_all()


def run_worker() -> None:
    """Run tasks until SIGINT/SIGTERM, surviving database outages."""
    queues = settings.TASKS["default"].get("QUEUES") or ["default"]
    worker = Worker(
        queue_names=list(queues),
        interval=1,
        batch=False,
        backend_name="default",
        startup_delay=True,
        max_tasks=None,
        worker_id=new_worker_id(),
        excluded_queue_names=[],
    )
    worker.configure_signals()
    heartbeat = Heartbeat(worker, interval=settings.SIB_WORKER_HEARTBEAT_SECONDS)
    heartbeat.start()
    delay = 1.0
    try:
        while True:
            try:
                worker.run()
                return
            except DatabaseError as error:
                if not is_database_outage(error) or not worker.running:
                    raise
                logger.warning(
                    "Database unavailable, the worker retries in %.0f s: %s", delay, error
                )
                connections.close_all()
                time.sleep(delay)
                delay = min(delay * 2, 30.0)
    finally:
        heartbeat.stopped.set()
        with contextlib.suppress(DatabaseError):
            forget(worker_id=worker.worker_id)
