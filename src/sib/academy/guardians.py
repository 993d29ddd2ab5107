"""Parental consent for applicants under 16 (the youth course).

An applicant to a youth-course edition who is under `GUARDIAN_AGE` in the year the edition starts
names a parent or guardian. Submitting sends the guardian a link (through the outbox); the
guardian reads the consent text (`academy.guardian`, exact version recorded as a
`ConsentRecord` with their address) and confirms. Until then the application cannot be accepted.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sib.academy.models import Application, ProgrammeKind
from sib.core import mail
from sib.core.audit import audit_record

GUARDIAN_AGE = 16
GUARDIAN_CONSENT = "academy.guardian"


def needs_guardian(application: Application) -> bool:
    edition = application.edition
    if edition.programme.kind != ProgrammeKind.YOUTH:
        return False
    if not application.birth_year:
        return False
    return edition.starts_on.year - application.birth_year < GUARDIAN_AGE


def check_on_submit(application: Application, errors: dict[str, Any]) -> None:
    """What submitting a youth-course application additionally needs (added to `errors`)."""
    if application.edition.programme.kind != ProgrammeKind.YOUTH:
        return
    if not application.birth_year:
        errors["birth_year"] = _("The youth course needs your year of birth.")
        return
    if not needs_guardian(application):
        return
    if not application.guardian_name.strip():
        errors["guardian_name"] = _("Applicants under 16 name a parent or guardian.")
    if not application.guardian_email.strip():
        errors["guardian_email"] = _(
            "Applicants under 16 give their parent's or guardian's address."
        )
    elif application.guardian_email.strip().lower() == application.email.strip().lower():
        errors["guardian_email"] = _("The parent's or guardian's address must be their own.")


def request_consent(application: Application) -> None:
    """Ask the guardian (inside the submitting transaction; sent after the commit)."""
    if not needs_guardian(application) or application.guardian_consent_at is not None:
        return
    if not application.guardian_token:
        application.guardian_token = secrets.token_urlsafe(32)
        application.save(update_fields=["guardian_token"])
    link = settings.SIB_BASE_URL + reverse(
        "academy:guardian-consent", args=[application.guardian_token]
    )
    with translation.override(application.language):
        subject = _("Please confirm your consent: %(name)s's application") % {
            "name": application.full_name
        }
        text = _(
            "Hello %(guardian)s,\n\n%(name)s applied to the youth course “%(edition)s” and named "
            "you as their parent or guardian. Applicants under 16 need your consent. Please read "
            "the consent text and confirm it here:\n\n%(link)s\n\nIf you do not agree, ignore "
            "this message: the application will not be accepted without your consent.\n"
        ) % {
            "guardian": application.guardian_name,
            "name": application.full_name,
            "edition": application.edition.title,
            "link": link,
        }
    mail.enqueue(
        key=f"academy.guardian:{application.pk}:{application.guardian_token}",
        purpose="academy.guardian",
        to=[application.guardian_email],
        subject=subject,
        text=text,
        language=application.language,
        obj=application,
    )


def application_for_guardian(token: str) -> Application:
    from django.http import Http404

    if not token:
        raise Http404
    application = (
        Application.objects.select_related("edition__programme")
        .filter(guardian_token=token, purged_at__isnull=True)
        .first()
    )
    if application is None:
        raise Http404
    return application


@transaction.atomic
def guardian_confirm(*, token: str, version: int) -> Application:
    """The guardian confirms from their link: the consent is recorded with its exact version."""
    from sib.academy.consents import consent_record
    from sib.academy.selectors import consent_text_current

    application = application_for_guardian(token)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.guardian_consent_at is not None:
        return application
    text = consent_text_current(GUARDIAN_CONSENT)
    if version != text.version:
        raise ValidationError(_("The consent text has changed: please read it again and agree."))
    now = timezone.now()
    consent_record(text=text, email=application.guardian_email, about=application, at=now)
    application.guardian_consent_at = now
    application.save(update_fields=["guardian_consent_at"])
    audit_record(actor=None, action="application.guardian_consent", obj=application)
    return application


def check_on_accept(application: Application) -> None:
    if needs_guardian(application) and application.guardian_consent_at is None:
        raise ValidationError(
            _(
                "A parent or guardian has not confirmed their consent yet: the applicant is under 16."
            )
        )
