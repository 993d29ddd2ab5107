"""Who may do what with people, profiles and tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from sib.accounts.models import ApiToken, ErasureRequest, User


def is_coordinator(user: Any) -> bool:
    """Coordinators are global staff; every app's policy builds on this one test."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def can_edit_profile(actor: Any, person: User) -> bool:
    return bool(actor.is_authenticated and (actor.pk == person.pk or is_coordinator(actor)))


def can_manage_token(actor: Any, token: ApiToken) -> bool:
    return bool(actor.is_authenticated and (actor.pk == token.user_id or is_coordinator(actor)))


def has_totp(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def needs_mfa_first(user: Any) -> bool:
    """Staff must set up two-factor authentication before using the platform — through pages or
    API tokens alike — while `SIB_STAFF_MFA` is on (the demo turns it off)."""
    return bool(
        settings.SIB_STAFF_MFA
        and user is not None
        and getattr(user, "is_staff", False)
        and not has_totp(user)
    )


def can_export_person(actor: Any, person: User) -> bool:
    """A person downloads their own data; a coordinator does it for someone on request."""
    return bool(actor.is_authenticated and (actor.pk == person.pk or is_coordinator(actor)))


def can_erase_person(actor: Any, person: User) -> bool:
    """Erasure is done by a coordinator on the person's request (checked and tracked), never by
    the person's own click: it cannot be undone and another ground may require keeping data.
    A coordinator does not erase themselves."""
    return bool(is_coordinator(actor) and actor.pk != person.pk)


def can_request_erasure(actor: Any, person: User) -> bool:
    """A person asks for themselves; a coordinator records a request received another way."""
    return bool(
        getattr(actor, "is_authenticated", False)
        and (actor.pk == person.pk or is_coordinator(actor))
    )


def can_answer_erasure(actor: Any, request: ErasureRequest) -> bool:
    """Coordinators answer (erase or refuse), never a request about themselves."""
    return can_erase_person(actor, request.person)
