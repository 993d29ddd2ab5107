"""E-mails to applicants, written in the applicant's language and sent through the platform's
outbox (`sib.core.mail`): enqueued with the application, rendered and sent by the worker.

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
from sib.core import mail

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
            "confirm_url": absolute(
                reverse("academy:application-confirm", args=[edition.pk, application.token])
            ),
        }
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + SUBJECTS[kind]() % {
            "edition": edition.title
        }
        text = render_to_string(f"academy/email/application_{kind}.txt", context)
        html = render_to_string(f"academy/email/application_{kind}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[application.email])
    message.attach_alternative(html, "text/html")
    return message


def render_application(*, application_id: int, kind: str) -> EmailMultiAlternatives:
    """The outbox's renderer of an applicant's message."""
    application = Application.objects.select_related("edition").get(pk=application_id)
    return application_email(application, kind)


def enqueue_application_email(application: Application, kind: str, *, occasion: str = "") -> None:
    """Put the message of `kind` in the outbox, in the caller's transaction: once per application
    and kind, or once per `occasion` for messages that may be asked for again."""
    key = f"academy.application:{application.pk}:{kind}"
    mail.enqueue(
        key=f"{key}:{occasion}" if occasion else key,
        purpose=f"academy.application.{kind}",
        to=[application.email],
        renderer="sib.academy.emails.render_application",
        params={"application_id": application.pk, "kind": kind},
        language=application.language,
        obj=application,
    )
