from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from sib.core.plugins import contributions


class Command(BaseCommand):
    help = "Load the pilot demo data set (idempotent: a second run changes nothing) and print the logins."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            for loader in contributions("SIB_DEMO_LOADERS"):
                loader(stdout=self.stdout)
        from sib.accounts.demo import DEMO_PASSWORD, ROLE_ACCOUNTS, demo_email

        self.stdout.write("")
        self.stdout.write("Demo logins (one password for all): " + DEMO_PASSWORD)
        for role in [role for role, _name, _extra in ROLE_ACCOUNTS] + ["participant"]:
            self.stdout.write(f"  {role:<12} {demo_email(role)}")
