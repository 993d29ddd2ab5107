"""`sib import participants --edition ID FILE [--dry-run] [--encoding auto|utf-8|cp1250|iso-8859-2|utf-16]`:
enrol everyone in a CSV or XLSX file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from sib.academy.models import Edition
from sib.academy.services import participants_import
from sib.accounts.models import User
from sib.core.spreadsheets import ENCODINGS


class Command(BaseCommand):
    help = "Import participants into an edition from a CSV or XLSX file (all rows or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["participants"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--edition", type=int, required=True, help="the edition's id")
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row and write nothing"
        )
        parser.add_argument(
            "--by",
            metavar="EMAIL",
            help="the coordinator recorded as doing the import (default: the first superuser)",
        )
        parser.add_argument(
            "--over-capacity",
            action="store_true",
            help="enrol even beyond the edition's capacity (an explicit choice; refused otherwise)",
        )
        parser.add_argument("--language", choices=["pl", "en"], default=None)
        parser.add_argument(
            "--encoding",
            choices=[code for code, _label in ENCODINGS],
            default="auto",
            help="a CSV file's text encoding (default: recognise it)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"] or translation.get_language() or "pl"):
            self._run(**options)

    def _run(
        self,
        *,
        file: Path,
        edition: int,
        dry_run: bool,
        by: str | None,
        encoding: str = "auto",
        over_capacity: bool = False,
        **_options: Any,
    ) -> None:
        try:
            target = Edition.objects.get(pk=edition)
        except Edition.DoesNotExist as error:
            raise CommandError(_("There is no edition %(id)s.") % {"id": edition}) from error
        people = User.objects.filter(is_active=True, is_staff=True)
        actor = (
            people.filter(email=by.lower()).first()
            if by
            else people.filter(is_superuser=True).order_by("pk").first()
        )
        if actor is None:
            raise CommandError(_("Name an active coordinator with --by EMAIL."))
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        result = participants_import(
            actor=actor,
            edition=target,
            data=data,
            dry_run=dry_run,
            encoding=encoding,
            over_capacity=over_capacity,
        )
        for problem in result.errors:
            self.stderr.write(
                _("Row %(row)d, column %(column)s: %(message)s")
                % {"row": problem.row, "column": problem.column_label, "message": problem.message}
            )
        if result.errors:
            raise CommandError(
                _("%(count)d problems found; nothing was imported.") % {"count": len(result.errors)}
            )
        summary = _("%(rows)d participants, of whom %(new)d without an account yet.") % {
            "rows": len(result.rows),
            "new": result.new_accounts,
        }
        if result.over_capacity:
            beyond = _(
                "The edition's capacity is %(capacity)d: %(count)d of them would be enrolled "
                "beyond it."
            ) % {"capacity": result.capacity, "count": result.over_capacity}
            summary = f"{summary} {beyond}"
        if result.needs_confirmation and not dry_run:
            raise CommandError(
                summary + " " + _("Nothing was imported; add --over-capacity to go beyond it.")
            )
        if dry_run:
            self.stdout.write(summary + " " + _("Dry run: nothing was written."))
        else:
            self.stdout.write(summary + " " + _("All were enrolled."))
