from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sib.credentials import dataintegrity, keys


class Command(BaseCommand):
    help = (
        "Create the issuer's Ed25519 signing key file at SIB_SIGNING_KEY (needs no database). "
        "`sib issuer-key create` keeps an existing key; `--rotate` replaces it and keeps the old "
        "public key published, so earlier credentials still verify."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create"])
        parser.add_argument(
            "--rotate", action="store_true", help="replace an existing key with a new one"
        )

    def handle(self, *args: Any, action: str, rotate: bool, **options: Any) -> None:
        try:
            path, created = keys.create_key_file(rotate=rotate)
            public = dataintegrity.public_key_multibase(keys.load_private_key().public_key())
        except keys.SigningKeyMissing as error:
            raise CommandError(str(error)) from error
        verb = "Created" if created else "Kept the existing"
        # Only the public key is ever printed.
        self.stdout.write(f"{verb} issuer key {path} (public key {public}).")
