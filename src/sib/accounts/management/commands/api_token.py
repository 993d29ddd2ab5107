from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sib.accounts.models import ApiToken, User
from sib.accounts.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = (
        "Create a personal API token for a person (printed once, on the last line), or revoke one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--revoke", metavar="PREFIX", help="revoke the token with this prefix")

    def handle(self, *args: Any, email: str, name: str, revoke: str | None, **options: Any) -> None:
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"No person with the e-mail address {email}")
        if revoke:
            token = ApiToken.objects.filter(user=user, prefix=revoke).first()
            if token is None:
                raise CommandError(f"{email} has no token starting with {revoke}")
            api_token_revoke(actor=user, token=token)
            self.stdout.write(f"Revoked sib_{revoke}_…")
            return
        try:
            _record, secret = api_token_create(actor=None, user=user, name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(secret)
