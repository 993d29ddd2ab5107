"""`sib report indicators [--edition ID] --format json`: the funder indicators for scripts."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from sib.reports import selectors


class System:
    """The command line acts with a coordinator's rights: whoever runs it operates the install."""

    is_authenticated = True
    is_active = True
    is_staff = True
    is_superuser = True
    pk = None
    id = None


class Command(BaseCommand):
    help = "Print report figures. `indicators`: the funder indicators as one flat JSON object."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["indicators"])
        parser.add_argument("--edition", type=int, help="an edition's id (default: every edition)")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(
        self, *args: Any, what: str, edition: int | None, format: str, **options: Any
    ) -> None:
        actor = System()
        try:
            scope = (
                selectors.scope_all(actor=actor)
                if edition is None
                else selectors.scope_edition(actor=actor, edition_id=edition)
            )
        except Http404 as error:
            raise CommandError(f"There is no edition with id {edition}.") from error
        values = selectors.indicators(actor=actor, scope=scope)
        if format == "json":
            self.stdout.write(
                json.dumps(selectors.flat_indicators(values), ensure_ascii=False, indent=2)
            )
            return
        for indicator in values.values():
            self.stdout.write(f"{indicator.key}\t{indicator.display}\t{indicator.label}")
