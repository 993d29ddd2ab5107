"""Mail backends for tests: a mail server that is down."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class DownBackend(BaseEmailBackend):
    """Every attempt fails as an SMTP server that refuses connections would."""

    attempts = 0

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        type(self).attempts += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
