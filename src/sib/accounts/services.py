"""Writes about people, organisations and API tokens."""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sib.accounts import policies
from sib.accounts.models import ApiToken, Organisation, User
from sib.core import privacy
from sib.core.audit import audit_record

PROFILE_FIELDS = (
    "full_name",
    "preferred_language",
    "gender",
    "birth_year",
    "voivodeship",
    "sector",
    "organisation",
)


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    password: str | None = None,
    email_verified: bool = False,
    is_staff: bool = False,
    **profile: Any,
) -> User:
    """Create a person with their allauth e-mail record, so login and verification work at once."""
    user = User(
        email=email.strip().lower(), full_name=full_name.strip(), is_staff=is_staff, **profile
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    audit_record(actor=None, action="person.create", obj=user)
    return user


@transaction.atomic
def profile_update(*, actor: Any, person: User, **changes: Any) -> User:
    if not policies.can_edit_profile(actor, person):
        raise PermissionDenied
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(person, field, value)
    person.full_clean(exclude=["password"])
    person.save(update_fields=list(changes))
    if changes:
        # Which fields changed, not their values: the trail must not become a copy of the data.
        audit_record(actor=actor, action="profile.update", obj=person, fields=sorted(changes))
    return person


def organisation_get_or_create(*, name: str, **fields: Any) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(name=name, defaults=fields)
    return organisation


def api_token_create(*, actor: Any, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token and return it once in clear text; only its hash is kept.

    A staff account gets one only once it has two-factor authentication (while SIB_STAFF_MFA is
    on): a token must not open what the account's pages keep closed.
    """
    if not (actor is None or actor.pk == user.pk or policies.is_coordinator(actor)):
        raise PermissionDenied
    if policies.needs_mfa_first(user):
        raise ValidationError(
            _("Staff accounts set up two-factor authentication before they get an API token.")
        )
    prefix = secrets.token_hex(4)
    token = f"sib_{prefix}_{secrets.token_urlsafe(32)}"
    record = ApiToken.objects.create(
        user=user, name=name[:100], prefix=prefix, digest=ApiToken.digest_of(token)
    )
    audit_record(actor=actor or user, action="api_token.create", obj=record)
    return record, token


def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    if not policies.can_manage_token(actor, token):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_token.revoke", obj=token)
    return token


def api_tokens_revoke_all(*, user: User, reason: str) -> int:
    """Revoke every live token of a person (e.g. staff who removed their two-factor method)."""
    now = timezone.now()
    live = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in live:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit_record(actor=None, action="api_token.revoke", obj=token, reason=reason)
    return len(live)


def person_export(*, actor: Any, person: User) -> dict[str, Any]:
    """Everything the platform holds about a person, from every app's `SIB_PERSONAL_DATA`
    provider, as one JSON-ready document. Audited, whoever asks (the person or a coordinator)."""
    if not policies.can_export_person(actor, person):
        raise PermissionDenied
    document: dict[str, Any] = {
        "format": "sib-personal-data/1",
        "exported_at": timezone.now().isoformat(),
        "person_id": person.pk,
    }
    for provider in privacy.providers():
        document[provider.app] = provider.export(person=person)
    audit_record(
        actor=actor,
        action="person.export",
        obj=person,
        by_coordinator=actor.pk != person.pk,
    )
    return document


@transaction.atomic
def person_erase(*, actor: Any, person: User, reason: str) -> User:
    """Anonymise a person everywhere, in one transaction: every provider erases its part, the
    highest app first and accounts last. Signed credentials stay verifiable and counts stay."""
    if not policies.can_erase_person(actor, person):
        raise PermissionDenied
    # Locked and fresh: two coordinators answering the same request erase once.
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        return person
    for provider in reversed(privacy.providers()):
        provider.erase(person=person)
    person.refresh_from_db()
    person.erased_at = timezone.now()
    person.save(update_fields=["erased_at"])
    audit_record(actor=actor, action="person.erase", obj=person, reason=reason[:500])
    return person
