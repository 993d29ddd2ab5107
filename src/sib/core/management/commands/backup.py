from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sib.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a backup archive to PATH (tar; .tar.gz compresses): the database copied with its "
        "own tools while the site runs, every stored file, and the issuer's public key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            outcome = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up the {outcome.database} database ({outcome.tables} tables) and "
            f"{len(outcome.files)} file(s) to {path}."
        )
        for name in outcome.missing_files:
            self.stderr.write(f"Missing from storage (named by the database): {name}")
