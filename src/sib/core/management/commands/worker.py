from __future__ import annotations

import contextlib
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the background task worker (database queue), with a heartbeat for /readyz."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run the queued tasks, then stop")

    def handle(self, *args: Any, batch: bool, **options: Any) -> None:
        # Mail whose delivery task was lost (a crash between commit and enqueue) is swept up first.
        from django.db import DatabaseError

        from sib.core.tasks import deliver_outbox

        # If the database is away, the worker's loop below waits for it.
        with contextlib.suppress(DatabaseError):
            deliver_outbox.enqueue()
        if batch:
            call_command("db_worker", "--no-reload", "--batch")
            return
        from sib.core.worker import run_worker

        run_worker()
