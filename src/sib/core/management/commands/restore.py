from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sib.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive from PATH into an EMPTY database (a SQLite file that does not "
        "exist yet, or a PostgreSQL database just created) and the file storage. Run `sib migrate` "
        "afterwards when the code is newer than the backup."
    )
    # The database is empty before a restore: no checks that would read it.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            outcome = restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the {outcome.database} database ({outcome.tables} tables) and "
            f"{len(outcome.files)} file(s) from {path}."
        )
        for note in outcome.notes:
            self.stdout.write(note)
        for name in outcome.missing_files:
            self.stderr.write(f"Missing from storage (named by the database): {name}")
