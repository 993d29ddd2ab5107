from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the background task worker (database queue)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run the queued tasks, then stop")

    def handle(self, *args: Any, batch: bool, **options: Any) -> None:
        # Mail whose delivery task was lost (a crash between commit and enqueue) is swept up first.
        from sib.core.tasks import deliver_outbox

        deliver_outbox.enqueue()
        call_command("db_worker", "--no-reload", *(["--batch"] if batch else []))
