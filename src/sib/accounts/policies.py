"""Who may do what with people, profiles and tokens."""

from __future__ import annotations

from typing import Any

from sib.accounts.models import ApiToken, User


def is_coordinator(user: Any) -> bool:
    """Coordinators are global staff; every app's policy builds on this one test."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def can_edit_profile(actor: Any, person: User) -> bool:
    return bool(actor.is_authenticated and (actor.pk == person.pk or is_coordinator(actor)))


def can_manage_token(actor: Any, token: ApiToken) -> bool:
    return bool(actor.is_authenticated and (actor.pk == token.user_id or is_coordinator(actor)))
