"""The one way to write an audit entry."""

from __future__ import annotations

from typing import Any

from django.db import models

from sib.core.logs import current_client_ip, current_request_id
from sib.core.models import AuditEntry
from sib.core.privacy import plain


def audit_record(*, actor: Any, action: str, obj: models.Model, **data: Any) -> AuditEntry:
    """Record an action on an object; called by services at the end of a use case.

    The client address and the request id of the request being handled are stamped on the
    entry (none for commands and background jobs), so staff can search who did what, when and
    from where (`sib.core.selectors.audit_entries`).
    """
    request_id = current_request_id()
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=plain(data),
        ip_address=current_client_ip() or None,
        request_id="" if request_id == "-" else request_id,
    )
