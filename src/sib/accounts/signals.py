"""Staff API tokens follow the staff two-factor rule: removing the last TOTP revokes them."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def revoke_tokens_without_totp(sender: Any, instance: Any, **kwargs: Any) -> None:
    """After a TOTP authenticator is deleted (by its owner, an admin or any flow), a staff
    account left without one loses its API tokens while SIB_STAFF_MFA is on."""
    from allauth.mfa.models import Authenticator

    from sib.accounts import policies, services

    if instance.type != Authenticator.Type.TOTP or not settings.SIB_STAFF_MFA:
        return
    user = instance.user
    if user.is_staff and not policies.has_totp(user):
        services.api_tokens_revoke_all(user=user, reason="two-factor authentication removed")
