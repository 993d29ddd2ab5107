"""The events' part of a person's data: registrations, group contacts, speaker profiles, roles."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from sib.accounts.models import User
from sib.core.privacy import PersonalData, plain, rows
from sib.events.models import (
    EventStaff,
    Presentation,
    Registration,
    RegistrationGroup,
    SessionAttendance,
    Speaker,
    WorkshopBooking,
)


def _registrations(person: User) -> Any:
    return Registration.objects.filter(Q(user=person) | Q(email__iexact=person.email))


def export(*, person: User) -> dict[str, Any]:
    registrations = list(_registrations(person).select_related("event", "consent"))
    return {
        "registrations": [
            {
                **rows([r], exclude={"token", "user", "code"})[0],
                "event": r.event.title,
                "consent_text": f"{r.consent.key} v{r.consent.version}" if r.consent_id else "",
            }
            for r in registrations
        ],
        "workshop_bookings": list(
            WorkshopBooking.objects.filter(registration__in=registrations).values(
                "item_id", "created_at"
            )
        ),
        "workshop_attendance": [
            {"item": a.item_id, "at": plain(a.at)}
            for a in SessionAttendance.objects.filter(registration__in=registrations)
        ],
        "group_registrations_you_made": rows(
            RegistrationGroup.objects.filter(contact_email__iexact=person.email),
            exclude={"token"},
        ),
        "speaker_profiles": rows(Speaker.objects.filter(user=person), exclude={"user"}),
        "event_roles": [
            {"event": s.event.title, "role": s.role}
            for s in EventStaff.objects.filter(user=person).select_related("event")
        ],
    }


def erase(*, person: User) -> None:
    """Registrations keep status, dates, gender and region (event indicators count them) and
    lose the name, address, organisation and answers; the person's speaker profiles lose name,
    biography and photo; their name leaves the presenters of presentations."""
    registrations = _registrations(person)
    registrations.update(full_name="", email="", organisation_name="", answers={})
    RegistrationGroup.objects.filter(contact_email__iexact=person.email).update(
        contact_name="", contact_email="erased@erased.invalid", organisation_name=""
    )
    for speaker in Speaker.objects.filter(user=person):
        if speaker.photo:
            speaker.photo.delete(save=False)
        # Biography and job title are translated fields: every language's column is cleared.
        blank = ["bio", "bio_pl", "bio_en", "position", "position_pl", "position_en"]
        for name in ["full_name", "affiliation", *blank]:
            setattr(speaker, name, "")
        speaker.save(update_fields=["full_name", "affiliation", "photo", *blank])
    _remove_presenter(person)


PERSONAL_DATA = PersonalData(
    app="events",
    covers=(
        "events.registration",
        "events.registrationgroup",
        "events.workshopbooking",
        "events.sessionattendance",
        "events.speaker",
        "events.eventstaff",
        "events.presentation",
    ),
    export=export,
    erase=erase,
    exempt={"events.event": "the venue's address, not a person's"},
)


def consent_withdrawn(*, record: Any) -> None:
    """Withdrawing the showcase consent takes the person's name and photo off showcase pages:
    their name leaves the presenters of presentations, their speaker profiles lose the photo."""
    from sib.academy.consents import SHOWCASE

    if record.text.key != SHOWCASE or record.user is None:
        return
    person = record.user
    for speaker in Speaker.objects.filter(user=person).exclude(photo=""):
        speaker.photo.delete(save=False)
        speaker.save(update_fields=["photo"])
    _remove_presenter(person)


def _remove_presenter(person: User) -> None:
    if not person.full_name:
        return
    for presentation in Presentation.objects.filter(presenters__icontains=person.full_name):
        names = [n.strip() for n in presentation.presenters.split(",")]
        kept = [n for n in names if n and n.casefold() != person.full_name.casefold()]
        presentation.presenters = ", ".join(kept)
        presentation.save(update_fields=["presenters"])


def purge(*, now: Any, dry_run: bool = False) -> list[Any]:
    """Registrations lose name, address, organisation and answers
    `SIB_REGISTRATION_RETENTION_DAYS` after their event ended; status, dates, gender and region
    stay for the event indicators. Group contacts go the same way."""
    import datetime as dt

    from django.conf import settings
    from django.db import transaction

    from sib.core.retention import Purged

    days = settings.SIB_REGISTRATION_RETENTION_DAYS
    cutoff = now - dt.timedelta(days=days)
    due = Registration.objects.filter(event__ends_at__lt=cutoff).exclude(
        full_name="", email="", organisation_name="", answers={}
    )
    groups = RegistrationGroup.objects.filter(event__ends_at__lt=cutoff).exclude(contact_name="")
    if dry_run:
        return [Purged("event registrations", due.count(), days)]
    with transaction.atomic():
        count = due.update(full_name="", email="", organisation_name="", answers={})
        groups.update(contact_name="", contact_email="purged@purged.invalid", organisation_name="")
    return [Purged("event registrations", count, days)]
