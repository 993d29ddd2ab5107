"""E-mails to applicants, written in the applicant's language and sent through Django's mail backend.

Each message has a plain-text and an HTML part rendered from the same context:
`academy/email/application_<kind>.txt` and `.html`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from sib.academy.models import Application

SUBJECTS: dict[str, Callable[[], str]] = {
    "draft": lambda: gettext("Your application draft: %(edition)s"),
    "received": lambda: gettext("We have received your application: %(edition)s"),
    "accepted": lambda: gettext("You have been accepted: %(edition)s"),
    "waitlisted": lambda: gettext("You are on the waiting list: %(edition)s"),
    "rejected": lambda: gettext("Your application: %(edition)s"),
}


def absolute(path: str) -> str:
    return f"{settings.SIB_BASE_URL}{path}"


def application_email(application: Application, kind: str) -> EmailMultiAlternatives:
    """Build (not send) the message of `kind` for this application, in its language."""
    with translation.override(application.language):
        edition = application.edition
        context = {
            "application": application,
            "edition": edition,
            "name": application.full_name or application.email,
            "call_url": absolute(reverse("academy:call", args=[edition.pk])),
            "draft_url": absolute(
                reverse("academy:application-form", args=[edition.pk])
                + f"?draft={application.token}"
            ),
            "login_url": absolute(reverse("account_reset_password")),
        }
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + SUBJECTS[kind]() % {
            "edition": edition.title
        }
        text = render_to_string(f"academy/email/application_{kind}.txt", context)
        html = render_to_string(f"academy/email/application_{kind}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[application.email])
    message.attach_alternative(html, "text/html")
    return message


def send_application_email(application: Application, kind: str) -> None:
    application_email(application, kind).send()
