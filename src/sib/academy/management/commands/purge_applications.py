"""`sib purge-applications [--dry-run]`: delete the personal data of applications whose retention
period is over (run it daily from cron; a second run changes nothing)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from sib.academy.services import applications_purge


class Command(BaseCommand):
    help = (
        "Delete the personal data of applications that were not accepted, "
        "SIB_APPLICATION_RETENTION_DAYS after their edition ended."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count them, change nothing")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        count = applications_purge(dry_run=dry_run)
        days = settings.SIB_APPLICATION_RETENTION_DAYS
        verb = "would be purged" if dry_run else "purged"
        self.stdout.write(f"{count} applications {verb} (retention {days} days after the edition).")
