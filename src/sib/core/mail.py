"""The one way the platform sends e-mail: a durable outbox delivered by the task worker.

A service calls `enqueue` inside its own transaction. The row commits with the service's data
(or not at all); after the commit the worker is asked to deliver it; a failure to send never
reaches the person who caused the message, it is retried with a growing delay and, after
`MAX_ATTEMPTS`, shown to coordinators as failed with a button to send it again. A row either
carries its content, or names a renderer (a dotted path, called with `params` when the message is
delivered), so a service holding a lock only writes one small row and the rendering (templates,
QR codes, calendar files) happens in the worker. The `key` is unique: enqueueing the same message
twice (a retried job, a double click) keeps one row and sends once.

See docs/decisions/0501-mail-outbox.md.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from email import encoders
from email.mime.base import MIMEBase
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from sib.core.audit import audit_record
from sib.core.models import EmailState, OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A message claimed for sending longer ago than this is taken to be lost with its worker.
STALE_SENDING = dt.timedelta(minutes=10)
SWEEP_LIMIT = 500


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 … 128 minutes after the 1st … 8th failure (about 4 hours in all)."""
    return dt.timedelta(minutes=2 ** max(attempts - 1, 0))


# --- writing -----------------------------------------------------------------------------------


def _object_ref(obj: models.Model | None) -> dict[str, str]:
    if obj is None:
        return {"object_type": "", "object_id": ""}
    return {"object_type": obj._meta.label_lower, "object_id": str(obj.pk)}


def enqueue(
    *,
    key: str,
    purpose: str,
    to: Sequence[str],
    subject: str = "",
    text: str = "",
    html: str = "",
    attachments: Iterable[Any] = (),
    renderer: str = "",
    params: dict[str, Any] | None = None,
    language: str = "",
    obj: models.Model | None = None,
    from_email: str | None = None,
) -> OutboundEmail:
    """Write a message to the outbox in the caller's transaction; deliver it after the commit.

    Give either the content (`subject`, `text`, optional `html` and `attachments` as Django
    attachments) or a `renderer`: the dotted path of a function that takes `**params` and
    returns an `EmailMultiAlternatives`, called by the worker. Returns the row (the existing one
    when `key` was enqueued before, in which case nothing new is sent).
    """
    if not renderer and not subject:
        raise ValueError("a message needs its content or a renderer")
    email, created = OutboundEmail.objects.get_or_create(
        key=key[:200],
        defaults={
            "purpose": purpose,
            "language": language,
            "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
            "to": [address for address in to if address],
            "subject": subject[:998],
            "text": text,
            "html": html,
            "attachments": [_attachment_out(item) for item in attachments],
            "last_error": "",
            "renderer": renderer,
            "params": params or {},
            **_object_ref(obj),
        },
    )
    if created:
        transaction.on_commit(_request_delivery, robust=True)
    return email


def enqueue_message(
    message: EmailMessage,
    *,
    key: str,
    purpose: str,
    language: str = "",
    obj: models.Model | None = None,
) -> OutboundEmail:
    """`enqueue` for a message built with Django's mail classes (allauth's, for one)."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype == "text/html":
            html = content
    return enqueue(
        key=key,
        purpose=purpose,
        to=list(message.to),
        subject=str(message.subject),
        text=str(message.body),
        html=html,
        attachments=message.attachments,
        language=language,
        obj=obj,
        from_email=message.from_email,
    )


def _request_delivery() -> None:
    """Ask the worker to deliver what is due (robust on-commit hook: a failure to enqueue the task
    is logged and the row waits for the worker's next sweep)."""
    from sib.core.tasks import deliver_outbox

    deliver_outbox.enqueue()


# --- attachments as JSON ----------------------------------------------------------------------


def _attachment_out(item: Any) -> dict[str, Any]:
    if isinstance(item, MIMEBase):
        payload = item.get_payload(decode=True)
        return {
            "mime": True,
            "maintype": item.get_content_maintype(),
            "subtype": item.get_content_subtype(),
            "content": base64.b64encode(payload if isinstance(payload, bytes) else b"").decode(),
            "headers": [
                [name, str(value)]
                for name, value in item.items()
                if name.lower() in {"content-id", "content-disposition"}
            ],
        }
    filename, content, mimetype = item
    if isinstance(content, str):
        return {"filename": filename, "mimetype": mimetype, "text": content}
    return {
        "filename": filename,
        "mimetype": mimetype,
        "content": base64.b64encode(content).decode(),
    }


def _attach(message: EmailMultiAlternatives, item: dict[str, Any]) -> None:
    if item.get("mime"):
        part = MIMEBase(item["maintype"], item["subtype"])
        part.set_payload(base64.b64decode(item["content"]))
        encoders.encode_base64(part)
        for name, value in item["headers"]:
            part.add_header(name, value)
        message.attach(part)
    elif "text" in item:
        message.attach(item["filename"], item["text"], item["mimetype"])
    else:
        message.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])


# --- delivering -------------------------------------------------------------------------------


def _render(email: OutboundEmail) -> None:
    """Fill a renderer row's content, once: later attempts and resends send the same message."""
    if not email.renderer or email.subject:
        return
    message = import_string(email.renderer)(**email.params)
    html = ""
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype == "text/html":
            html = content
    email.subject = str(message.subject)[:998]
    email.text = str(message.body)
    email.html = html
    email.to = list(message.to)
    email.from_email = message.from_email or email.from_email
    email.attachments = [_attachment_out(item) for item in message.attachments]
    email.save(update_fields=["subject", "text", "html", "to", "from_email", "attachments"])


def build(email: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.text, from_email=email.from_email, to=list(email.to)
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    for item in email.attachments:
        _attach(message, item)
    return message


def deliver(email_id: int, *, now: dt.datetime | None = None) -> bool:
    """Send one due message if nobody else is sending it; True when it went out.

    The claim (queued → sending) is one conditional UPDATE, so two workers never both send it.
    """
    now = now or timezone.now()
    claimed = (
        OutboundEmail.objects.filter(pk=email_id, state=EmailState.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(state=EmailState.SENDING, updated_at=now)
    )
    if not claimed:
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        _render(email)
        build(email).send()
    except Exception as error:  # noqa: BLE001 - any failure to send is recorded and retried
        attempts = email.attempts + 1
        failed = attempts >= MAX_ATTEMPTS
        retry_at = None if failed else now + backoff(attempts)
        OutboundEmail.objects.filter(pk=email_id).update(
            state=EmailState.FAILED if failed else EmailState.QUEUED,
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=retry_at,
            updated_at=timezone.now(),
        )
        logger.warning("E-mail %s not sent (attempt %s): %s", email_id, attempts, error)
        if retry_at is not None:
            _request_delivery_at(retry_at)
        return False
    OutboundEmail.objects.filter(pk=email_id).update(
        state=EmailState.SENT,
        attempts=F("attempts") + 1,
        last_error="",
        sent_at=timezone.now(),
        next_attempt_at=None,
        updated_at=timezone.now(),
    )
    return True


def _request_delivery_at(when: dt.datetime) -> None:
    from sib.core.tasks import deliver_outbox

    try:
        if deliver_outbox.get_backend().supports_defer:
            deliver_outbox.using(run_after=when).enqueue()
    except Exception:  # noqa: BLE001 - the worker's next sweep finds the row anyway
        logger.exception("Could not schedule the next e-mail delivery")


def deliver_due(*, now: dt.datetime | None = None) -> int:
    """What the worker runs: every due message, oldest first. Returns how many went out."""
    now = now or timezone.now()
    OutboundEmail.objects.filter(
        state=EmailState.SENDING, updated_at__lt=now - STALE_SENDING
    ).update(state=EmailState.QUEUED, updated_at=now)
    due = list(
        OutboundEmail.objects.filter(state=EmailState.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_LIMIT]
    )
    sent = sum(deliver(pk, now=now) for pk in due)
    retention = getattr(settings, "SIB_MAIL_RETENTION_DAYS", 90)
    OutboundEmail.objects.filter(
        state=EmailState.SENT, sent_at__lt=now - dt.timedelta(days=retention)
    ).delete()
    return sent


@transaction.atomic
def resend(*, actor: Any, email: OutboundEmail) -> OutboundEmail:
    """A coordinator sends a message again: queued now, with a fresh count of attempts."""
    from django.core.exceptions import PermissionDenied

    from sib.core.policies import can_see_outbox

    if not can_see_outbox(actor):
        raise PermissionDenied
    email = OutboundEmail.objects.select_for_update().get(pk=email.pk)
    if email.state != EmailState.SENDING:
        email.state = EmailState.QUEUED
        email.attempts = 0
        email.next_attempt_at = None
        email.save(update_fields=["state", "attempts", "next_attempt_at", "updated_at"])
        transaction.on_commit(_request_delivery, robust=True)
    audit_record(actor=actor, action="mail.resend", obj=email, previous=email.last_error[:200])
    return email
