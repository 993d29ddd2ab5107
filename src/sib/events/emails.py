"""E-mails about registrations, in the registrant's language: the ticket (a QR code to show at
the entrance and an .ics file for the calendar), the waiting-list notice, the promotion from the
waiting list and the cancellation. A group's contact receives one message with every ticket.

Each message has a plain-text and an HTML part rendered from one context
(`events/email/<name>.txt` and `.html`); the QR image is attached and referenced from the HTML.
Messages go through the platform's outbox (`sib.core.mail`): services enqueue them inside their
transaction and the worker renders and sends them after the commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from sib.core import mail
from sib.core.qr import qr_png
from sib.events.calendar import absolute, event_ics
from sib.events.models import Registration, RegistrationGroup

SUBJECTS: dict[str, Callable[[], str]] = {
    "confirmed": lambda: gettext("Your ticket: %(event)s"),
    "waitlisted": lambda: gettext("You are on the waiting list: %(event)s"),
    "promoted": lambda: gettext("A seat is yours: %(event)s"),
    "cancelled": lambda: gettext("Registration cancelled: %(event)s"),
    "group": lambda: gettext("Your group's registration: %(event)s"),
    "confirm": lambda: gettext("Confirm your registration: %(event)s"),
    "group_confirm": lambda: gettext("Confirm your group's registration: %(event)s"),
    "reminder": lambda: gettext("Your registration: %(event)s"),
}


def ticket_qr_payload(registration: Registration) -> str:
    """What the QR code holds: the check-in address of this ticket at this event.

    The check-in page's scanner reads the code from its last segment; a phone's own camera app
    opens the address, which lets signed-in staff check the person in, and nobody else.
    """
    return absolute(reverse("events:checkin-code", args=[registration.event_id, registration.code]))


def _qr_part(registration: Registration) -> MIMEImage:
    image = MIMEImage(qr_png(ticket_qr_payload(registration), scale=8), _subtype="png")
    image.add_header("Content-ID", f"<ticket-{registration.code}>")
    image.add_header("Content-Disposition", "inline", filename=f"ticket-{registration.code}.png")
    return image


def _subject(kind: str, event_title: str) -> str:
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + SUBJECTS[kind]() % {"event": event_title}


def registration_email(registration: Registration, kind: str) -> EmailMultiAlternatives:
    """Build (not send) a message about one registration. `registered` picks the ticket or the
    waiting-list notice from the registration's status."""
    if kind == "registered":
        kind = "confirmed" if registration.is_confirmed else "waitlisted"
    event = registration.event
    with translation.override(registration.language):
        context = {
            "kind": kind,
            "registration": registration,
            "event": event,
            "ticket_url": absolute(reverse("events:ticket", args=[registration.token])),
            "event_url": absolute(reverse("events:detail", args=[event.pk])),
            "hold_minutes": settings.SIB_EVENT_HOLD_MINUTES,
        }
        subject = _subject(kind, event.title)
        text = render_to_string("events/email/registration.txt", context)
        html = render_to_string("events/email/registration.html", context)
        ics = event_ics(event)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[registration.email])
    message.attach_alternative(html, "text/html")
    if kind in ("confirmed", "promoted"):
        message.attach(_qr_part(registration))
        message.attach(f"event-{event.pk}.ics", ics, "text/calendar")
    return message


def group_email(group: RegistrationGroup, kind: str) -> EmailMultiAlternatives:
    """The contact's message: everyone's status, and the QR ticket of each confirmed member."""
    event = group.event
    members = list(group.registrations.order_by("created_at", "pk"))
    with translation.override(group.language):
        confirm = kind == "confirm"
        context = {
            "group": group,
            "event": event,
            "members": members,
            "confirm": confirm,
            "manage_url": absolute(reverse("events:group", args=[group.token])),
            "event_url": absolute(reverse("events:detail", args=[event.pk])),
            "hold_minutes": settings.SIB_EVENT_HOLD_MINUTES,
        }
        subject = _subject("group_confirm" if confirm else "group", event.title)
        text = render_to_string("events/email/group.txt", context)
        html = render_to_string("events/email/group.html", context)
        ics = event_ics(event)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[group.contact_email])
    message.attach_alternative(html, "text/html")
    if not confirm:
        for member in members:
            if member.is_confirmed:
                message.attach(_qr_part(member))
        if any(member.is_confirmed for member in members):
            message.attach(f"event-{event.pk}.ics", ics, "text/calendar")
    return message


def render_registration(*, registration_id: int, kind: str) -> EmailMultiAlternatives:
    """The outbox's renderer of a message about one registration."""
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    return registration_email(registration, kind)


def render_group(*, group_id: int, kind: str) -> EmailMultiAlternatives:
    """The outbox's renderer of a group contact's message."""
    return group_email(RegistrationGroup.objects.select_related("event").get(pk=group_id), kind)


def enqueue_registration_email(registration: Registration, kind: str, *, key: str = "") -> None:
    """Put the message of `kind` about `registration` in the outbox (in the caller's transaction).

    `registered` is resolved now to the ticket or the waiting-list notice, so the message says
    what was true when it was decided. One message per registration and kind unless `key` names
    another occasion."""
    if kind == "registered":
        kind = "confirmed" if registration.is_confirmed else "waitlisted"
    mail.enqueue(
        key=key or f"events.registration:{registration.pk}:{kind}",
        purpose=f"events.{kind}",
        to=[registration.email],
        renderer="sib.events.emails.render_registration",
        params={"registration_id": registration.pk, "kind": kind},
        language=registration.language,
        obj=registration,
    )


def enqueue_group_email(group: RegistrationGroup, kind: str, *, occasion: str) -> None:
    """The contact's message about the group, once per `occasion` (who it newly concerns)."""
    digest = hashlib.sha256(occasion.encode()).hexdigest()[:24]
    mail.enqueue(
        key=f"events.group:{group.pk}:{kind}:{digest}",
        purpose="events.group",
        to=[group.contact_email],
        renderer="sib.events.emails.render_group",
        params={"group_id": group.pk, "kind": kind},
        language=group.language,
        obj=group,
    )
