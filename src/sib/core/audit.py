"""The one way to write an audit entry."""

from __future__ import annotations

from typing import Any

from django.db import models

from sib.core.models import AuditEntry


def audit_record(*, actor: Any, action: str, obj: models.Model, **data: Any) -> AuditEntry:
    """Record an action on an object; called by services at the end of a use case."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data,
    )
