"""Reads of the platform's own records: the mail outbox and the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from sib.core.models import AuditEntry, EmailState, OutboundEmail
from sib.core.policies import can_see_audit, can_see_outbox


def correlated_count(
    queryset: QuerySet[Any], *, by: str, field: str = "pk", distinct: bool = False
) -> Coalesce:
    """A correlated COUNT as a scalar subquery (`queryset` filtered on `OuterRef("pk")`, grouped
    `by` the field that points at the outer row): several counts on one row without the join
    fan-out (children × other children) that COUNT(DISTINCT) needs. 0 where there is none."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(by).annotate(n=Count(field, distinct=distinct)).values("n")
        ),
        0,
    )


def linked_values(
    model: type[models.Model], field: str, ids: Iterable[int], value: str = "pk"
) -> dict[int, list[Any]]:
    """`{id: [value of each linked object]}` for the rows `ids` of `model` and its many-to-many
    `field`, in one query over the link table, each list in the linked model's own order (as
    `obj.<field>.all()` gives it); ids without links are absent. For list pages and API lists that
    show tags (themes, SDGs, regions): a `prefetch_related` builds a queryset and a model instance
    per row and per tag, which at a hundred rows costs more than the rest of the page. `value` is a
    column of the linked model (not a translated one: map ids to names from the reference data)."""
    relation = model._meta.get_field(field)
    through = relation.remote_field.through  # type: ignore[union-attr]
    source = relation.m2m_field_name()  # type: ignore[union-attr]
    target = relation.m2m_reverse_field_name()  # type: ignore[union-attr]
    ordering = [
        f"-{target}__{name[1:]}" if name.startswith("-") else f"{target}__{name}"
        for name in relation.related_model._meta.ordering  # type: ignore[union-attr]
    ]
    found: dict[int, list[Any]] = {}
    rows = (
        through.objects.filter(**{f"{source}__in": list(ids)})
        .order_by(*ordering, f"{target}__pk")
        .values_list(f"{source}_id", f"{target}__{value}")
    )
    for owner, linked in rows:
        found.setdefault(owner, []).append(linked)
    return found


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


@dataclass(frozen=True)
class AuditFilters:
    person: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    ip: str = ""


def audit_entries(*, actor: Any, filters: AuditFilters) -> QuerySet[AuditEntry]:
    """The audit trail for coordinators, newest first. `person` (part of a name or an address)
    matches what the person did and what was done to their record; `action` is a prefix (e.g.
    "person." or "application.submit"); dates are inclusive, in the site's time zone; `ip` is
    an exact address or a prefix ("203.0.113.")."""
    from django.contrib.auth import get_user_model

    if not can_see_audit(actor):
        raise PermissionDenied
    queryset = AuditEntry.objects.select_related("actor")
    if filters.person:
        people = list(
            get_user_model()
            .objects.filter(
                Q(full_name__icontains=filters.person) | Q(email__icontains=filters.person)
            )
            .values_list("pk", flat=True)[:500]
        )
        queryset = queryset.filter(
            Q(actor_id__in=people)
            | Q(object_type="accounts.user", object_id__in=[str(pk) for pk in people])
        )
    if filters.action:
        queryset = queryset.filter(action__startswith=filters.action)
    zone = timezone.get_current_timezone()
    if filters.date_from:
        start = dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=zone)
        queryset = queryset.filter(at__gte=start)
    if filters.date_to:
        end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        queryset = queryset.filter(at__lt=end)
    if filters.ip:
        if filters.ip.endswith((".", ":")):
            queryset = queryset.filter(ip_address__startswith=filters.ip)
        else:
            queryset = queryset.filter(ip_address=filters.ip)
    return queryset.order_by("-at", "-id")


def audit_actions(*, actor: Any) -> list[str]:
    """The kinds of action recorded so far, for the filter's suggestions."""
    if not can_see_audit(actor):
        raise PermissionDenied
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())
