"""allauth hooks: mail goes out in the recipient's language; the client address (login and
sign-up rate limits) comes from the platform's trusted-proxy rule."""

from __future__ import annotations

import uuid
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render in the person's language and hand the message to the platform's outbox
        (`sib.core.mail`), so a mail server that is down never fails a sign-up or a reset."""
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        from sib.core import mail

        request = allauth_context.request
        user = context.get("user")
        language = getattr(user, "preferred_language", "") or translation.get_language()
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        with translation.override(language):
            message = self.render_mail(template_prefix, email, full_context)
        mail.enqueue_message(
            message,
            key=f"accounts.{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4()}",
            purpose=f"accounts.{template_prefix.rsplit('/', 1)[-1]}",
            language=language or "",
            obj=user if getattr(user, "pk", None) else None,
        )

    def get_client_ip(self, request: Any) -> str:
        from sib.core.clientip import client_ip

        return client_ip(request)

    def populate_username(self, request: Any, user: Any) -> None:
        """Our users have no username field."""
