"""Reads about people and tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils import timezone

from sib.accounts.models import ApiToken, ErasureRequest, ErasureStatus, User
from sib.accounts.policies import is_coordinator


def api_token_user(*, token: str) -> User | None:
    """The active user a bearer token belongs to, or None. Constant-time on the secret part."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "sib":
        return None
    record = (
        ApiToken.objects.select_related("user")
        .filter(prefix=parts[1], revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if record is None or not record.matches(token):
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


def api_tokens_of(*, actor: Any, user: User) -> QuerySet[ApiToken]:
    """A person's tokens, newest first; empty for anyone but the person and coordinators."""
    if not (actor.is_authenticated and (actor.pk == user.pk or is_coordinator(actor))):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def owns_verified_address(*, actor: Any, email: str) -> bool:
    """Whether the signed-in person has proved they receive mail at `email` (allauth's
    verification): such a person need not confirm it again for an application or a ticket."""
    from allauth.account.models import EmailAddress

    if not getattr(actor, "is_authenticated", False) or not email:
        return False
    return EmailAddress.objects.filter(user=actor, email__iexact=email, verified=True).exists()


def people_search(*, actor: Any, q: str, limit: int = 50) -> list[User]:
    """People whose name or address contains `q` (coordinators only), at most `limit`."""
    from django.db.models import Q

    if not is_coordinator(actor):
        return []
    return list(
        User.objects.filter(Q(full_name__icontains=q) | Q(email__icontains=q)).order_by(
            "full_name", "email"
        )[:limit]
    )


def my_data_page(*, request: Any) -> dict[str, Any]:
    """What the "Your data" page shows; later apps add sections (their consents) through
    `SIB_PAGE_SECTIONS` with page "my-data"."""
    from sib.core.panels import page_sections

    requests = erasure_requests_of(actor=request.user, person=request.user)
    return {
        "person": request.user,
        "sections": page_sections(request, page="my-data", obj=request.user),
        "erasure_open": next((r for r in requests if r.is_open), None),
        "erasure_answered": next((r for r in requests if not r.is_open), None),
    }


def erasure_requests_open(*, actor: Any) -> list[ErasureRequest]:
    """Open erasure requests, the earliest due first (coordinators only; one query)."""
    if not is_coordinator(actor):
        return []
    return list(
        ErasureRequest.objects.filter(status=ErasureStatus.RECEIVED)
        .select_related("person", "recorded_by")
        .order_by("due_on", "pk")
    )


def erasure_requests_answered(*, actor: Any, limit: int = 50) -> list[ErasureRequest]:
    """The latest answered requests (coordinators only; one query)."""
    if not is_coordinator(actor):
        return []
    return list(
        ErasureRequest.objects.exclude(status=ErasureStatus.RECEIVED)
        .select_related("person", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


def erasure_request_get(*, actor: Any, request_id: int) -> ErasureRequest:
    """One request for coordinators; anyone else gets 404."""
    from django.http import Http404

    if not is_coordinator(actor):
        raise Http404
    try:
        return ErasureRequest.objects.select_related("person", "recorded_by", "decided_by").get(
            pk=request_id
        )
    except ErasureRequest.DoesNotExist as error:
        raise Http404 from error


def erasure_requests_of(*, actor: Any, person: User) -> list[ErasureRequest]:
    """A person's own requests, newest first (the person, or a coordinator)."""
    if not (actor.is_authenticated and (actor.pk == person.pk or is_coordinator(actor))):
        return []
    return list(ErasureRequest.objects.filter(person=person).order_by("-received_at", "-pk"))


# Addresses typed into an "add by e-mail" box: separated by commas, semicolons, spaces or lines.
_EMAIL_SEPARATORS = re.compile(r"[\s,;]+")
EMAILS_AT_ONCE = 50  # more than a form adds at once is a mistake (or a paste of the wrong list)


@dataclass(frozen=True)
class EmailLookup:
    """People found by their addresses, in the order typed, and what was not understood."""

    users: list[User]
    unknown: list[str]  # well-formed addresses no active account has
    invalid: list[str]  # not e-mail addresses at all


def split_emails(text: str) -> list[str]:
    """The addresses in `text`, lower-cased, each once, in the order typed."""
    seen: dict[str, None] = {}
    for part in _EMAIL_SEPARATORS.split(text or ""):
        part = part.strip().strip("<>").lower()
        if part:
            seen.setdefault(part, None)
    return list(seen)


def people_by_emails(*, emails: list[str]) -> EmailLookup:
    """Active accounts for typed addresses (one query): staff forms offer a bounded pool of
    people as choices and let anyone else be added by address instead of listing every account."""
    invalid: list[str] = []
    valid: list[str] = []
    for email in emails:
        try:
            validate_email(email)
        except ValidationError:
            invalid.append(email)
        else:
            valid.append(email)
    found = (
        {
            user.email.lower(): user
            for user in User.objects.filter(email__in=valid, is_active=True).order_by("pk")
        }
        if valid
        else {}
    )
    return EmailLookup(
        users=[found[email] for email in valid if email in found],
        unknown=[email for email in valid if email not in found],
        invalid=invalid,
    )
