"""Retention: each kind of personal data is kept for a stated period, then purged.

`sib purge [--dry-run]` (daily from cron) runs every `SIB_RETENTION` purger in order; each is
`purge(*, now, dry_run) -> list[Purged]` and must be idempotent (a second run purges nothing).
The periods are settings (`SIB_*_RETENTION_DAYS`, documented in docs/privacy.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction

from sib.core.models import AuditEntry, EmailState, OutboundEmail
from sib.core.plugins import contributions


@dataclass(frozen=True)
class Purged:
    kind: str
    count: int
    days: int


def purge_all(*, now: dt.datetime, dry_run: bool = False) -> list[Purged]:
    result: list[Purged] = []
    for purger in contributions("SIB_RETENTION"):
        result.extend(purger(now=now, dry_run=dry_run))
    return result


def purge(*, now: dt.datetime, dry_run: bool = False) -> list[Purged]:
    """The platform's own: delivered and failed messages, the audit trail, expired sessions."""
    mail_days = settings.SIB_MAIL_RETENTION_DAYS
    audit_days = settings.SIB_AUDIT_RETENTION_DAYS
    mail = OutboundEmail.objects.filter(
        state__in=[EmailState.SENT, EmailState.FAILED],
        updated_at__lt=now - dt.timedelta(days=mail_days),
    )
    audit = AuditEntry.objects.filter(at__lt=now - dt.timedelta(days=audit_days))
    sessions = Session.objects.filter(expire_date__lt=now)
    if dry_run:
        counts = (mail.count(), audit.count(), sessions.count())
    else:
        with transaction.atomic():
            counts = (mail.delete()[0], audit.delete()[0], sessions.delete()[0])
    return [
        Purged("sent and failed e-mails", counts[0], mail_days),
        Purged("audit entries", counts[1], audit_days),
        Purged("expired sign-in sessions", counts[2], 0),
    ]
