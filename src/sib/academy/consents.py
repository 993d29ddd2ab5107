"""Consent records: given to an exact text version, withdrawn with the withdrawal's effect applied.

Required consents (an application's, an event registration's, a guardian's) are recorded by the
services that need them; optional ones (`OPTIONAL`) a person gives and withdraws on their "Your
data" page. A withdrawal calls every `SIB_CONSENT_WITHDRAWN` hook (`withdrawn(*, record)`), so the
app that shows what the consent allowed stops showing it (e.g. events removes the person's name
and photo from showcases).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sib.academy.models import ConsentRecord, ConsentText
from sib.academy.selectors import consent_text_current
from sib.core.audit import audit_record
from sib.core.plugins import contributions

SHOWCASE = "academy.showcase"
NEWS = "accounts.news"
GUARDIAN = "academy.guardian"
# Consents a person may give or withdraw at will on their page, with a short label.
OPTIONAL = {
    SHOWCASE: gettext_lazy("My name and photo in showcases"),
    NEWS: gettext_lazy("News about the programme by e-mail"),
}


def consent_record(
    *,
    text: ConsentText,
    user: Any = None,
    email: str = "",
    about: models.Model | None = None,
    at: dt.datetime | None = None,
) -> ConsentRecord:
    """Record a consent given now (called inside the caller's transaction)."""
    record = ConsentRecord(
        text=text,
        user=user if getattr(user, "is_authenticated", False) else None,
        email=email or getattr(user, "email", "") or "",
        object_type=about._meta.label_lower if about is not None else "",
        object_id=str(about.pk) if about is not None else "",
        given_at=at or timezone.now(),
    )
    record.full_clean()
    record.save()
    return record


def active_consent(*, person: Any, key: str) -> ConsentRecord | None:
    return (
        ConsentRecord.objects.filter(user=person, text__key=key, withdrawn_at__isnull=True)
        .select_related("text")
        .first()
    )


@transaction.atomic
def consent_give(*, actor: Any, person: Any, key: str, version: int) -> ConsentRecord:
    """A person gives an optional consent to the version they were shown (the current one)."""
    if not (actor.is_authenticated and actor.pk == person.pk):
        raise PermissionDenied
    if key not in OPTIONAL:
        raise ValidationError(_("This consent cannot be given here."))
    text = consent_text_current(key)
    if version != text.version:
        raise ValidationError(_("The consent text has changed: please read it again and agree."))
    existing = active_consent(person=person, key=key)
    if existing is not None and existing.text_id == text.pk:
        return existing
    if existing is not None:  # an older version: the new one replaces it
        existing.withdrawn_at = timezone.now()
        existing.save(update_fields=["withdrawn_at"])
    record = consent_record(text=text, user=person)
    audit_record(actor=actor, action="consent.give", obj=record, key=key, version=text.version)
    return record


@transaction.atomic
def consent_withdraw(*, actor: Any, record: ConsentRecord) -> ConsentRecord:
    """Withdraw a consent (the person, or a coordinator on their behalf) and apply the effect."""
    from sib.accounts.policies import is_coordinator

    if not (actor.is_authenticated and (actor.pk == record.user_id or is_coordinator(actor))):
        raise PermissionDenied
    record = ConsentRecord.objects.select_for_update().select_related("text").get(pk=record.pk)
    if record.withdrawn_at is not None:
        return record
    record.withdrawn_at = timezone.now()
    record.save(update_fields=["withdrawn_at"])
    for hook in contributions("SIB_CONSENT_WITHDRAWN"):
        hook(record=record)
    audit_record(
        actor=actor,
        action="consent.withdraw",
        obj=record,
        key=record.text.key,
        version=record.text.version,
    )
    return record


def consents_of(*, actor: Any, person: Any) -> list[ConsentRecord]:
    """A person's consent records, newest first (their own, or any for a coordinator)."""
    from sib.accounts.policies import is_coordinator

    if not (actor.is_authenticated and (actor.pk == person.pk or is_coordinator(actor))):
        return []
    return list(
        ConsentRecord.objects.filter(models.Q(user=person) | models.Q(email__iexact=person.email))
        .select_related("text")
        .order_by("-given_at", "-id")[:200]
    )


def withdrawn(*, record: ConsentRecord) -> None:
    """The academy's own effect: none yet for its optional consents (news mail is not sent by
    the platform; lists for it must read `active_consent(..., key=NEWS)`)."""
