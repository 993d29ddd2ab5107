"""Who may see the platform's own records."""

from __future__ import annotations

from typing import Any


def can_see_outbox(user: Any) -> bool:
    """Coordinators (global staff) follow the outgoing mail and send failed messages again."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def can_see_audit(user: Any) -> bool:
    """Coordinators search the audit trail (who did what, when, from which address)."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)
