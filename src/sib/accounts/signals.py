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


def speak_the_profiles_language(sender, request, user, **kwargs) -> None:  # noqa: ANN001
    """On login the profile's language wins at once: the "signed in" message and the page after
    it are in the person's language, and the cookie follows so the next visit starts there."""
    from django.conf import settings
    from django.utils import translation

    language = getattr(user, "preferred_language", "")
    if not language or language not in dict(settings.LANGUAGES) or request is None:
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language
    request._sib_login_language = language  # the cookie is set on the response (middleware)


def audit_account_event(action: str) -> Any:
    """A receiver for allauth's account signals (address added, changed, removed; password
    changed or reset): each lands in the audit trail, the address and values never."""

    def receiver(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
        from sib.core.audit import audit_record

        if user is None or user.pk is None:
            return
        actor = getattr(request, "user", None) if request is not None else None
        audit_record(actor=actor if actor is not None else user, action=action, obj=user)

    return receiver


ACCOUNT_EVENTS = {
    "email_added": "account.email_add",
    "email_changed": "account.email_change",
    "email_removed": "account.email_remove",
    "email_confirmed": None,  # carries no user; the confirmation is in allauth's own record
    "password_changed": "account.password_change",
    "password_reset": "account.password_reset",
    "password_set": "account.password_set",
}
