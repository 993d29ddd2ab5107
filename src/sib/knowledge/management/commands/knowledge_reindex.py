"""`sib knowledge-reindex`: rebuild the search index of manuals, materials and terms, and which
chapters name which terms (after changes made outside the services, e.g. a database restore)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from sib.knowledge import search, services


class Command(BaseCommand):
    help = "Rebuild the knowledge search index and the term mentions of every chapter."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            count = search.reindex_all()
            services.mentions_refresh_all()
        self.stdout.write(f"{count} chapters, materials and terms indexed.")
