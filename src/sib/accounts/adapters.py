"""allauth hooks: mail goes out in the recipient's language; the client address (login and
sign-up rate limits) comes from the platform's trusted-proxy rule."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        user = context.get("user")
        language = getattr(user, "preferred_language", "") or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def get_client_ip(self, request: Any) -> str:
        from sib.core.clientip import client_ip

        return client_ip(request)

    def populate_username(self, request: Any, user: Any) -> None:
        """Our users have no username field."""
