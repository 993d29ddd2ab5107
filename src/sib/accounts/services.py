"""Writes about people, organisations and API tokens."""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sib.accounts import policies
from sib.accounts.models import (
    ApiToken,
    ErasureRequest,
    ErasureStatus,
    Organisation,
    User,
    erasure_due_on,
)
from sib.core import mail, privacy
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


# --- erasure requests (GDPR Art. 17, answered within a month: Art. 12(3)) -----------------------


@transaction.atomic
def erasure_request_record(*, actor: Any, person: User, note: str = "") -> ErasureRequest:
    """Record that `person` asked for erasure — by themselves on their data page, or a
    coordinator on their behalf (a letter, an e-mail). Asking again while a request is open
    returns the open one: the month runs from the first receipt."""
    if not policies.can_request_erasure(actor, person):
        raise PermissionDenied
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        raise ValidationError(_("This person's personal data were erased already."))
    open_request = ErasureRequest.objects.filter(
        person=person, status=ErasureStatus.RECEIVED
    ).first()
    if open_request is not None:
        return open_request
    now = timezone.now()
    request = ErasureRequest(
        person=person,
        received_at=now,
        due_on=erasure_due_on(timezone.localdate(now)),
        recorded_by=actor,
        note=note.strip(),
    )
    request.full_clean()
    request.save()
    audit_record(
        actor=actor,
        action="erasure_request.receive",
        obj=request,
        person=person.pk,
        by_coordinator=actor.pk != person.pk,
        due_on=request.due_on.isoformat(),
    )
    return request


def _lock_open(request: ErasureRequest) -> ErasureRequest:
    locked = ErasureRequest.objects.select_for_update().select_related("person").get(pk=request.pk)
    if not locked.is_open:
        raise ValidationError(_("This request has been answered already."))
    return locked


@transaction.atomic
def erasure_request_complete(*, actor: Any, request: ErasureRequest) -> ErasureRequest:
    """Answer a request by erasing the person's data (`person_erase`, every provider) and tell
    them by e-mail, in their language, at the address they had — captured before it is erased."""
    if not policies.can_answer_erasure(actor, request):
        raise PermissionDenied
    request = _lock_open(request)
    person = request.person
    address, language = person.email, person.preferred_language or settings.LANGUAGE_CODE
    note = f"erasure request #{request.pk}" + (f": {request.note}" if request.note else "")
    person_erase(actor=actor, person=person, reason=note)
    request.status = ErasureStatus.DONE
    request.decided_at, request.decided_by = timezone.now(), actor
    request.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(actor=actor, action="erasure_request.done", obj=request, person=person.pk)
    _erasure_answer_email(request, address=address, language=language)
    return request


@transaction.atomic
def erasure_request_refuse(*, actor: Any, request: ErasureRequest, reason: str) -> ErasureRequest:
    """Refuse a request, saying why (Art. 12(4): the person is told the reason and that they may
    complain to the supervisory authority); nothing is erased."""
    if not policies.can_answer_erasure(actor, request):
        raise PermissionDenied
    request = _lock_open(request)
    request.status = ErasureStatus.REFUSED
    request.refusal_reason = reason.strip()
    request.decided_at, request.decided_by = timezone.now(), actor
    request.full_clean()
    request.save(update_fields=["status", "refusal_reason", "decided_at", "decided_by"])
    audit_record(
        actor=actor, action="erasure_request.refuse", obj=request, person=request.person_id
    )
    person = request.person
    _erasure_answer_email(
        request,
        address=person.email,
        language=person.preferred_language or settings.LANGUAGE_CODE,
    )
    return request


def _erasure_answer_email(request: ErasureRequest, *, address: str, language: str) -> None:
    """The answer to the person, written now (their name and address are about to go)."""
    if not address or address.endswith(".invalid"):
        return
    with translation.override(language):
        received = date_format(timezone.localtime(request.received_at).date())
        if request.status == ErasureStatus.DONE:
            subject = _("Your personal data were erased")
            text = _(
                "As you asked on %(received)s, your personal data on the SIB Platform were "
                "erased and your account was closed. Certificates issued to you stay "
                "verifiable, without your name; anonymous statistics do not change.\n\n"
                "This is the last message we send to this address."
            ) % {"received": received}
        else:
            subject = _("Your request to erase your personal data")
            text = _(
                "We cannot erase your personal data as you asked on %(received)s, for this "
                "reason:\n\n%(reason)s\n\nYou may complain to the President of the Personal "
                "Data Protection Office (UODO), or write to us with any questions."
            ) % {"received": received, "reason": request.refusal_reason}
    mail.enqueue(
        key=f"accounts:erasure-answer:{request.pk}",
        purpose="privacy",
        to=[address],
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        text=text + "\n",
        language=language,
        obj=request,
    )
