"""Background work of the platform itself: delivering the mail outbox (`sib.core.mail`)."""

from __future__ import annotations

from django_tasks import task

from sib.core import mail


@task()
def deliver_outbox() -> int:
    """Send every message that is due; how many went out."""
    return mail.deliver_due()
