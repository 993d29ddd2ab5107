"""`sib purge [--dry-run]`: delete personal data whose retention period is over, every kind at
once (run it daily from cron; a second run changes nothing). `sib purge-applications` stays for
applications alone."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sib.core.retention import purge_all


class Command(BaseCommand):
    help = "Delete personal data whose retention period is over (every SIB_RETENTION purger)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count them, change nothing")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        verb = "would be purged" if dry_run else "purged"
        for item in purge_all(now=timezone.now(), dry_run=dry_run):
            period = f" (kept {item.days} days)" if item.days else ""
            self.stdout.write(f"{item.kind}: {item.count} {verb}{period}")
