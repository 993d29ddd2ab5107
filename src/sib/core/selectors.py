"""Reads of the platform's own records: the mail outbox."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from sib.core.models import EmailState, OutboundEmail
from sib.core.policies import can_see_outbox

# Failures first, then what is still to go, then what went.
STATE_ORDER = Case(
    When(state=EmailState.FAILED, then=Value(0)),
    When(state=EmailState.QUEUED, then=Value(1)),
    When(state=EmailState.SENDING, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def outbox_list(
    *, actor: Any, state: str = "", purpose: str = "", q: str = ""
) -> QuerySet[OutboundEmail]:
    """Outgoing messages for coordinators, failures first, newest first within a state. The
    bodies are not read here: they may hold private links (a password reset)."""
    if not can_see_outbox(actor):
        raise PermissionDenied
    queryset = OutboundEmail.objects.defer("text", "html", "attachments", "params")
    if state in EmailState.values:
        queryset = queryset.filter(state=state)
    if purpose:
        queryset = queryset.filter(purpose=purpose)
    for word in q.split()[:5]:
        queryset = queryset.filter(Q(subject__icontains=word) | Q(to__icontains=word))
    return queryset.annotate(state_rank=STATE_ORDER).order_by("state_rank", "-created_at", "-pk")


def outbox_purposes(*, actor: Any) -> list[str]:
    if not can_see_outbox(actor):
        raise PermissionDenied
    return list(
        OutboundEmail.objects.order_by("purpose").values_list("purpose", flat=True).distinct()
    )


def outbox_counts(*, actor: Any) -> dict[str, int]:
    if not can_see_outbox(actor):
        raise PermissionDenied
    counts = dict(
        OutboundEmail.objects.order_by()
        .values_list("state")
        .annotate(n=models.Count("pk"))
        .values_list("state", "n")
    )
    return {state: counts.get(state, 0) for state in EmailState.values}


def latest_email_about(obj: models.Model) -> OutboundEmail | None:
    """The newest message about an object (a registration's ticket), so its page can say whether
    the message really went out."""
    return (
        OutboundEmail.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .only("state", "sent_at", "created_at", "purpose")
        .order_by("-created_at", "-pk")
        .first()
    )
