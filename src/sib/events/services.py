"""Every write about events: the event and its agenda, registrations, the waiting list, check-in.

Capacity is kept by locking the event row (`SELECT … FOR UPDATE`) for the whole of every write
that can take or free a seat: registering, confirming, cancelling, expiring holds, changing the
capacity. Seats — confirmed ones and those held for people confirming their address — are then
counted inside that lock, so concurrent registrations are serialised per event and confirmed
seats plus holds never exceed the capacity (on SQLite the IMMEDIATE transaction mode serialises
writers the same way). The database refuses a second live registration of one e-mail address,
and a check-in is a conditional UPDATE, so two devices checking in the same person both see one
check-in.
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sib.academy.models import ConsentText
from sib.accounts.models import User
from sib.accounts.selectors import owns_verified_address
from sib.core.audit import audit_record
from sib.events import policies
from sib.events.models import (
    CONSENT_KEY,
    ENDED_STATUSES,
    SEAT_STATUSES,
    AgendaItem,
    AgendaSpeaker,
    Event,
    EventStaff,
    EventStatus,
    ItemKind,
    Presentation,
    QuestionKind,
    Registration,
    RegistrationGroup,
    RegistrationQuestion,
    RegistrationStatus,
    Room,
    SessionAttendance,
    Speaker,
    WorkshopBooking,
)
from sib.studio.models import Project

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def new_ticket_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def consent_text_current() -> ConsentText:
    """The newest version of the registration consent (a migration creates version 1)."""
    text = ConsentText.objects.filter(key=CONSENT_KEY).order_by("-version").first()
    if text is None:
        raise ConsentText.DoesNotExist(CONSENT_KEY)
    return text


# --- events ------------------------------------------------------------------------------------

EVENT_FIELDS = (
    "kind",
    "status",
    "title_pl",
    "title_en",
    "summary_pl",
    "summary_en",
    "description_pl",
    "description_en",
    "starts_at",
    "ends_at",
    "delivery_mode",
    "venue",
    "address",
    "city",
    "region",
    "country",
    "online_url",
    "languages",
    "capacity",
    "registration_enabled",
    "registration_opens_at",
    "registration_closes_at",
    "host",
    "edition",
)


def _check_fields(fields: dict[str, Any], allowed: Sequence[str], what: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not {what} fields: {sorted(unknown)}")


@transaction.atomic
def event_create(
    *,
    actor: Any,
    organisers: Iterable[User] = (),
    checkin_staff: Iterable[User] = (),
    **fields: Any,
) -> Event:
    """Create an event (a draft unless `status` says otherwise) and name who runs it."""
    _require(policies.can_create_event(actor))
    _check_fields(fields, EVENT_FIELDS, "event")
    event = Event(**fields)
    event.full_clean()
    event.save()
    event_staff_set(actor=actor, event=event, role="organiser", users=organisers)
    event_staff_set(actor=actor, event=event, role="checkin", users=checkin_staff)
    audit_record(actor=actor, action="event.create", obj=event)
    return event


@transaction.atomic
def event_update(*, actor: Any, event: Event, notify: bool = True, **fields: Any) -> Event:
    """Change an event. Raising the capacity promotes people from the waiting list at once."""
    _require(policies.can_manage_event(actor, event))
    _check_fields(fields, EVENT_FIELDS, "event")
    locked = Event.objects.select_for_update().get(pk=event.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    promoted = _promote_waiting(locked, timezone.now(), notify=notify)
    audit_record(
        actor=actor,
        action="event.update",
        obj=locked,
        fields=sorted(fields),
        promoted=[r.pk for r in promoted],
    )
    return locked


@transaction.atomic
def event_staff_set(*, actor: Any, event: Event, role: str, users: Iterable[User]) -> None:
    """Make exactly these people hold `role` at the event (coordinators assign organisers)."""
    _require(policies.can_create_event(actor) or policies.can_manage_event(actor, event))
    wanted = {user.pk for user in users}
    current = set(
        EventStaff.objects.filter(event=event, role=role).values_list("user_id", flat=True)
    )
    if role == "organiser" and wanted != current:
        _require(policies.can_create_event(actor))
    EventStaff.objects.filter(event=event, role=role, user_id__in=current - wanted).delete()
    EventStaff.objects.bulk_create(
        [EventStaff(event=event, role=role, user_id=pk) for pk in sorted(wanted - current)]
    )
    if wanted != current:
        audit_record(actor=actor, action="event.staff", obj=event, role=role, users=sorted(wanted))


# --- rooms, speakers, agenda, questions, presentations ------------------------------------------


def _touch(events: Any) -> None:
    """Mark events as changed: public pages are kept by `updated_at` (the programme fragment,
    and whole pages for anonymous visitors, see pagecache)."""
    Event.objects.filter(pk__in=events).update(updated_at=timezone.now())


@transaction.atomic
def room_save(
    *, actor: Any, event: Event, room: Room | None = None, name_pl: str, name_en: str = ""
) -> Room:
    _require(policies.can_manage_event(actor, event))
    if room is None:
        room = Room(event=event, position=event.rooms.count())
    elif room.event_id != event.pk:
        raise ValidationError(_("The room belongs to another event."))
    room.name_pl, room.name_en = name_pl.strip(), name_en.strip()
    room.full_clean()
    room.save()
    _touch([event.pk])
    return room


PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_MAX_PIXELS = 4000 * 4000
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
PHOTO_SIZE = 600


def photo_clean(upload: UploadedFile) -> ContentFile:
    """Check an uploaded photo by its content (not its name or declared type), then re-encode it.

    At most 2 MB, a real JPEG, PNG or WebP image; the result is a fresh JPEG of at most
    600 × 600 pixels without any metadata, so nothing but pixels from the upload is ever served.
    """
    from PIL import Image, UnidentifiedImageError

    if upload.size is None or upload.size > PHOTO_MAX_BYTES:
        raise ValidationError({"photo": _("The photo may be at most 2 MB.")})
    data = upload.read()
    if len(data) > PHOTO_MAX_BYTES:
        raise ValidationError({"photo": _("The photo may be at most 2 MB.")})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if kind not in PHOTO_FORMATS or image.width * image.height > PHOTO_MAX_PIXELS:
                raise ValidationError({"photo": _("Upload a JPEG, PNG or WebP photo.")})
            image.thumbnail((PHOTO_SIZE, PHOTO_SIZE))
            rgb = image.convert("RGB")
            out = io.BytesIO()
            rgb.save(out, format="JPEG", quality=85)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError({"photo": _("Upload a JPEG, PNG or WebP photo.")}) from error
    return ContentFile(out.getvalue(), name=f"{secrets.token_hex(8)}.jpg")


SPEAKER_FIELDS = (
    "full_name",
    "affiliation",
    "position_pl",
    "position_en",
    "bio_pl",
    "bio_en",
    "gender",
    "region",
    "country",
    "user",
)


@transaction.atomic
def speaker_save(
    *,
    actor: Any,
    speaker: Speaker | None = None,
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
    **fields: Any,
) -> Speaker:
    """Create or change a speaker's profile; a photo is checked by content and re-encoded."""
    _require(policies.can_manage_speakers(actor))
    _check_fields(fields, SPEAKER_FIELDS, "speaker")
    speaker = speaker or Speaker()
    for name, value in fields.items():
        setattr(speaker, name, value)
    if photo is not None:
        cleaned = photo_clean(photo)
        if speaker.photo:
            speaker.photo.delete(save=False)
        speaker.photo.save(cleaned.name, cleaned, save=False)
    elif remove_photo and speaker.photo:
        speaker.photo.delete(save=False)
        speaker.photo = ""
    speaker.full_clean()
    speaker.save()
    _touch(AgendaSpeaker.objects.filter(speaker=speaker).values("item__event_id"))
    audit_record(actor=actor, action="speaker.save", obj=speaker)
    return speaker


ITEM_FIELDS = (
    "kind",
    "title_pl",
    "title_en",
    "description_pl",
    "description_en",
    "starts_at",
    "ends_at",
    "room",
    "capacity",
)


@transaction.atomic
def agenda_item_save(
    *,
    actor: Any,
    event: Event,
    item: AgendaItem | None = None,
    speakers: Sequence[Speaker] | None = None,
    **fields: Any,
) -> AgendaItem:
    """Add or change an agenda item and its speakers (in the order given)."""
    _require(policies.can_manage_event(actor, event))
    _check_fields(fields, ITEM_FIELDS, "agenda item")
    if item is None:
        item = AgendaItem(event=event)
    elif item.event_id != event.pk:
        raise ValidationError(_("The agenda item belongs to another event."))
    for name, value in fields.items():
        setattr(item, name, value)
    if item.kind != ItemKind.WORKSHOP:
        item.capacity = None
    item.full_clean()  # the item's times within the event's: AgendaItem.clean
    item.save()
    if speakers is not None:
        AgendaSpeaker.objects.filter(item=item).delete()
        AgendaSpeaker.objects.bulk_create(
            [
                AgendaSpeaker(item=item, speaker=speaker, position=index)
                for index, speaker in enumerate(dict.fromkeys(speakers))
            ]
        )
    _touch([event.pk])
    audit_record(actor=actor, action="agenda.save", obj=item)
    return item


@transaction.atomic
def agenda_item_delete(*, actor: Any, item: AgendaItem) -> None:
    _require(policies.can_manage_event(actor, item.event))
    if item.attendances.exists():
        raise ValidationError(_("People have been checked in to this item; it cannot be deleted."))
    audit_record(actor=actor, action="agenda.delete", obj=item, title=item.title)
    item.delete()
    _touch([item.event_id])


QUESTION_FIELDS = (
    "kind",
    "label_pl",
    "label_en",
    "help_text_pl",
    "help_text_en",
    "choices_pl",
    "choices_en",
    "required",
    "position",
)


@transaction.atomic
def question_save(
    *, actor: Any, event: Event, question: RegistrationQuestion | None = None, **fields: Any
) -> RegistrationQuestion:
    _require(policies.can_manage_event(actor, event))
    _check_fields(fields, QUESTION_FIELDS, "question")
    if question is None:
        question = RegistrationQuestion(event=event, position=event.questions.count())
    elif question.event_id != event.pk:
        raise ValidationError(_("The question belongs to another event."))
    for name, value in fields.items():
        setattr(question, name, value)
    question.full_clean()
    pl, en = question.choices_pl or "", question.choices_en or ""
    if en.strip() and len(en.strip().splitlines()) != len(pl.strip().splitlines()):
        raise ValidationError(
            {"choices_en": _("Give as many English choices as Polish ones, in the same order.")}
        )
    question.save()
    _touch([event.pk])  # the registration form shows the questions (pagecache)
    return question


PRESENTATION_FIELDS = (
    "project_title_pl",
    "project_title_en",
    "summary_pl",
    "summary_en",
    "presenters",
    "team",
    "item",
    "position",
    "project",
)


@transaction.atomic
def presentation_save(
    *, actor: Any, event: Event, presentation: Presentation | None = None, **fields: Any
) -> Presentation:
    """Record a project presented at the event (free-text title, optional academy team)."""
    _require(policies.can_manage_event(actor, event))
    _check_fields(fields, PRESENTATION_FIELDS, "presentation")
    if presentation is None:
        presentation = Presentation(event=event, position=event.presentations.count())
    elif presentation.event_id != event.pk:
        raise ValidationError(_("The presentation belongs to another event."))
    for name, value in fields.items():
        setattr(presentation, name, value)
    if presentation.project_id is None and presentation.team_id:
        presentation.project = Project.objects.filter(team_id=presentation.team_id).first()
    presentation.full_clean()
    presentation.save()
    _touch([event.pk])
    audit_record(actor=actor, action="presentation.save", obj=presentation)
    return presentation


# --- registration ---------------------------------------------------------------------------------


@dataclass
class Attendee:
    """One person in a registration: the registrant, or a member of a group."""

    full_name: str
    email: str = ""
    gender: str = ""
    region: str = ""
    organisation_name: str = ""


@dataclass
class RegistrationResult:
    """What a registration did. `pending`: it waits for the address to be confirmed (say only
    that a message is on its way: it may have gone to the owner of an address already
    registered, and the registrations list is then empty)."""

    registrations: list[Registration]
    group: RegistrationGroup | None = None
    confirmed: list[Registration] = field(default_factory=list)
    waitlisted: list[Registration] = field(default_factory=list)
    pending: bool = False


def clean_answers(event: Event, answers: Mapping[Any, Any]) -> dict[str, Any]:
    """Check the answers to the organiser's questions; keys are question ids as text.

    Choices are stored by their index, so an answer reads the same in both languages.
    """
    questions = list(event.questions.all())
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    known = {str(q.pk) for q in questions}
    for key in answers:
        if str(key) not in known:
            errors[f"answers.{key}"] = _("There is no such question.")
    for question in questions:
        key = str(question.pk)
        value = answers.get(key, answers.get(question.pk))
        empty = value in (None, "", []) or (question.kind == QuestionKind.YES_NO and value is None)
        if empty:
            if question.required:
                errors[f"answers.{key}"] = _("Please answer this question.")
            continue
        count = len(question.choice_list)
        if question.kind in (QuestionKind.TEXT, QuestionKind.LONG_TEXT):
            text = str(value).strip()
            limit = 200 if question.kind == QuestionKind.TEXT else 2000
            if len(text) > limit:
                errors[f"answers.{key}"] = _("The answer is too long.")
            elif text:
                cleaned[key] = text
            elif question.required:
                errors[f"answers.{key}"] = _("Please answer this question.")
        elif question.kind == QuestionKind.CHOICE:
            try:
                index = int(value) if value is not None else -1
            except (TypeError, ValueError):
                index = -1
            if not 0 <= index < count:
                errors[f"answers.{key}"] = _("Choose one of the answers offered.")
            else:
                cleaned[key] = index
        elif question.kind == QuestionKind.MULTIPLE:
            values = value if isinstance(value, list) else [value]
            try:
                indexes = sorted({int(v) for v in values})
            except (TypeError, ValueError):
                indexes = [-1]
            if any(not 0 <= i < count for i in indexes):
                errors[f"answers.{key}"] = _("Choose among the answers offered.")
            else:
                cleaned[key] = indexes
        elif question.kind == QuestionKind.YES_NO:
            if isinstance(value, bool):
                cleaned[key] = value
            elif str(value).lower() in {"yes", "true", "1"}:
                cleaned[key] = True
            elif str(value).lower() in {"no", "false", "0"}:
                cleaned[key] = False
            else:
                errors[f"answers.{key}"] = _("Answer yes or no.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _send_on_commit(kind: str, registrations: list[Registration], group: Any = None) -> None:
    """Put the messages in the outbox with the registrations; the worker sends them after the
    commit, so a mail server that is down never fails the registration."""
    from sib.events.emails import enqueue_group_email, enqueue_registration_email

    groups: dict[int, RegistrationGroup] = {}
    for registration in registrations:
        if registration.email:
            enqueue_registration_email(registration, kind)
        elif registration.group:
            groups[registration.group.pk] = registration.group
    if group is not None:
        groups[group.pk] = group
    occasion = f"{kind}-" + "-".join(str(r.pk) for r in registrations)
    for each in groups.values():
        enqueue_group_email(each, kind, occasion=occasion)


def _seats_taken(event: Event) -> int:
    """Confirmed seats and seats held for people confirming their address. Call with the event
    locked, after `_expire_holds`, so no hold past its time is counted."""
    return Registration.objects.filter(event=event, status__in=SEAT_STATUSES).count()


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def hold_duration() -> dt.timedelta:
    """How long an unconfirmed registration keeps its seat (or place in the queue)."""
    return dt.timedelta(minutes=settings.SIB_EVENT_HOLD_MINUTES)


def _expire_holds(event: Event, now: dt.datetime, *, notify: bool = True) -> list[Registration]:
    """Registrations not confirmed in time expire; the seats they held go to the waiting list.
    Call with the event locked. Returns those promoted."""
    stale = Registration.objects.filter(
        event=event,
        status__in=[RegistrationStatus.HELD, RegistrationStatus.WAITLISTED],
        email_confirmed_at__isnull=True,
        hold_expires_at__lte=now,
    )
    expired = list(stale.values_list("pk", "status"))
    if not expired:
        return []
    Registration.objects.filter(pk__in=[pk for pk, _status in expired]).update(
        status=RegistrationStatus.EXPIRED, hold_expires_at=None
    )
    freed = any(status == RegistrationStatus.HELD for _pk, status in expired)
    return _promote_waiting(event, now, notify=notify) if freed else []


@transaction.atomic
def holds_expire(*, event_id: int, at: dt.datetime | None = None) -> list[Registration]:
    """Expire an event's holds whose time is up (the task worker runs it when a hold ends)."""
    event = Event.objects.select_for_update().filter(pk=event_id).first()
    if event is None:
        return []
    return _expire_holds(event, at or timezone.now())


def _schedule_expiry(event: Event, when: dt.datetime) -> None:
    """Ask the worker to free the event's unconfirmed seats when their time is up."""
    from sib.events.tasks import expire_holds

    if when <= timezone.now():
        return  # registrations dated in the past (the demo): the next write expires them

    def schedule() -> None:
        if expire_holds.get_backend().supports_defer:
            expire_holds.using(run_after=when + dt.timedelta(seconds=1)).enqueue(event_id=event.pk)

    transaction.on_commit(schedule, robust=True)


def confirmation_needed(actor: Any, email: str, *, staff_override: bool) -> bool:
    """Everyone confirms the address from the e-mailed link, except organisers adding people and
    a signed-in person registering with an address they have verified."""
    if staff_override:
        return False
    return not owns_verified_address(actor=actor, email=email)


@transaction.atomic
def registration_create(
    *,
    actor: Any,
    event: Event,
    attendees: Sequence[Attendee],
    language: str,
    consent_given: bool,
    consent_version: int | None,
    answers: dict[str, Any] | None = None,
    contact_name: str = "",
    contact_email: str = "",
    organisation_name: str = "",
    at: dt.datetime | None = None,
    notify: bool = True,
    staff_override: bool = False,
) -> RegistrationResult:
    """Register one person, or a group (more than one attendee, with a contact person).

    Each attendee takes a free seat in the order given; when the event is full the rest go on
    the waiting list, which is promoted automatically as seats free up. Everything is decided
    inside one transaction holding the event's row lock. Registering needs the event to be open
    for registration (organisers may add people outside the window with `staff_override`), an
    answer to every required question and consent to the current text; every problem is
    reported at once.

    Unless `confirmation_needed` says otherwise, the registration then waits for its address
    (the contact's, for a group) to be confirmed from the e-mailed link: its seat is held
    (`held`), or its place in the queue kept, for `SIB_EVENT_HOLD_MINUTES`, and the result says
    `pending`. An address already registered is not refused — that would tell anyone who is
    registered: its owner is sent their registration's link instead, and the answer is the same.
    Confirmed registrations get their ticket (or waiting-list notice) in the chosen language, and
    a group's contact gets everyone's.
    """
    now = at or timezone.now()
    if staff_override:
        _require(policies.can_manage_event(actor, event))
    attendees = list(attendees)
    group_mode = len(attendees) > 1 or bool(contact_email)
    errors: dict[str, Any] = {}
    if not attendees:
        errors["attendees"] = _("Name at least one person.")
    if len(attendees) > 30:
        errors["attendees"] = _("A group registration may name at most 30 people.")
    if language not in ("pl", "en"):
        errors["language"] = _("Choose Polish or English.")
    emails: list[str] = []
    for index, person in enumerate(attendees):
        person.full_name = (person.full_name or "").strip()
        person.email = (person.email or "").strip().lower()
        prefix = f"attendees.{index}." if group_mode else ""
        if not person.full_name:
            errors[f"{prefix}full_name"] = _("Give the person's full name.")
        if not group_mode and not person.email:
            errors["email"] = _("Give your e-mail address: your ticket is sent there.")
        if person.email:
            if person.email in emails:
                errors[f"{prefix}email"] = _("The same e-mail address is given twice.")
            emails.append(person.email)
    if group_mode:
        contact_email = contact_email.strip().lower()
        if not contact_name.strip():
            errors["contact_name"] = _("Give the contact person's name.")
        if not contact_email:
            errors["contact_email"] = _("Give the contact person's e-mail address.")
    consent = consent_text_current()
    if not consent_given:
        errors["consent"] = _("Your consent is needed to register.")
    elif consent_version != consent.version:
        errors["consent"] = _("The consent text has changed: please read it again and agree.")
    try:
        cleaned_answers = clean_answers(event, answers or {})
    except ValidationError as error:
        errors.update(error.message_dict)
        cleaned_answers = {}
    if errors:
        raise ValidationError(errors)
    pending = confirmation_needed(
        actor, contact_email if group_mode else emails[0], staff_override=staff_override
    )

    event = _lock_event(event)
    if at is None:
        # Taken inside the lock, so the order of `created_at` is the order seats were given.
        now = timezone.now()
    if not (event.registration_is_open(now) or (staff_override and event.is_published)):
        raise ValidationError(_("Registration for this event is closed."))
    _expire_holds(event, now, notify=notify)
    taken = {
        registration.email: registration
        for registration in Registration.objects.filter(event=event, email__in=emails).exclude(
            status__in=ENDED_STATUSES
        )
    }
    result = RegistrationResult([], None, pending=pending)
    if taken and not pending:
        raise ValidationError(
            {
                "email": _(
                    "%(emails)s is already registered for this event; its ticket link lets you "
                    "see or cancel the registration."
                )
                % {"emails": ", ".join(sorted(taken))}
            }
        )
    for registration in taken.values():
        # The owner of the address hears about their registration; the visitor learns nothing.
        if notify:
            _remind(registration, now)
    attendees = [person for person in attendees if person.email not in taken]
    if not attendees:
        return result
    group = None
    if group_mode:
        group = RegistrationGroup(
            event=event,
            contact_name=contact_name.strip(),
            contact_email=contact_email,
            organisation_name=organisation_name.strip(),
            language=language,
            token=secrets.token_urlsafe(32),
            contact_confirmed_at=None if pending else now,
        )
        group.full_clean()
        group.save()
        result.group = group
    free = None if event.capacity is None else max(event.capacity - _seats_taken(event), 0)
    queue_exists = Registration.objects.filter(
        event=event, status=RegistrationStatus.WAITLISTED, email_confirmed_at__isnull=False
    ).exists()
    user = actor if getattr(actor, "is_authenticated", False) and not staff_override else None
    # In UTC: adding to a local time is wall-clock arithmetic, wrong across a DST change.
    hold_until = now.astimezone(dt.UTC) + hold_duration() if pending else None
    for person in attendees:
        seat = free is None or (free > 0 and not queue_exists)
        if seat:
            status = RegistrationStatus.HELD if pending else RegistrationStatus.CONFIRMED
        else:
            status = RegistrationStatus.WAITLISTED
        registration = Registration(
            event=event,
            group=group,
            status=status,
            full_name=person.full_name,
            email=person.email,
            language=language,
            organisation_name=(person.organisation_name or organisation_name).strip(),
            gender=person.gender,
            region=person.region,
            answers=cleaned_answers,
            consent=consent,
            consent_given_at=now,
            user=user if user is not None and person.email == user.email else None,
            code=new_ticket_code(),
            token=secrets.token_urlsafe(32),
            confirmed_at=now if status == RegistrationStatus.CONFIRMED else None,
            email_confirmed_at=None if pending else now,
            hold_expires_at=hold_until,
            created_at=now,
        )
        registration.full_clean(exclude=["code", "token", "group"])
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:
            raise ValidationError(
                {"email": _("This e-mail address is already registered for this event.")}
            ) from error
        if seat and free is not None:
            free -= 1
        result.registrations.append(registration)
        (result.confirmed if seat else result.waitlisted).append(registration)
    from sib.academy.consents import consent_record

    for registration in result.registrations:
        consent_record(
            text=consent,
            user=registration.user,
            email=registration.contact_email,
            about=registration,
            at=now,
        )
        audit_record(
            actor=actor,
            action=f"registration.{registration.status}",
            obj=registration,
            group=group.pk if group else None,
        )
    if pending:
        assert hold_until is not None  # set above for a pending registration
        _schedule_expiry(event, hold_until)
        if notify:
            _ask_confirmation(result.registrations, group)
    elif notify:
        _send_on_commit("registered", result.registrations, group)
    return result


def _ask_confirmation(registrations: list[Registration], group: RegistrationGroup | None) -> None:
    from sib.events.emails import enqueue_group_email, enqueue_registration_email

    if group is not None:
        enqueue_group_email(group, "confirm", occasion="confirm")
    else:
        for registration in registrations:
            enqueue_registration_email(registration, "confirm")


def _remind(registration: Registration, now: dt.datetime) -> None:
    """Someone registered an address that already has a live registration: its owner gets the
    link again (confirm, if not confirmed yet), at most once an hour per registration."""
    from sib.events.emails import enqueue_group_email, enqueue_registration_email

    hour = timezone.localtime(now).strftime("%Y%m%d%H")
    kind = "confirm" if registration.awaits_confirmation else "reminder"
    if registration.group and registration.group.contact_confirmed_at is None:
        enqueue_group_email(registration.group, "confirm", occasion=f"remind-{hour}")
    else:
        enqueue_registration_email(
            registration, kind, key=f"events.registration:{registration.pk}:{kind}:{hour}"
        )


@transaction.atomic
def registration_confirm(
    *, registration: Registration, token: str, at: dt.datetime | None = None, notify: bool = True
) -> Registration:
    """The owner of the address used the e-mailed link: the held seat becomes theirs (or their
    place in the queue counts). After the hold's time it is too late: they register again.
    Confirming twice changes nothing."""
    _require(secrets.compare_digest(token, registration.token))
    return _confirm([registration], at=at, notify=notify)[0]


@transaction.atomic
def group_confirm(
    *, group: RegistrationGroup, token: str, at: dt.datetime | None = None, notify: bool = True
) -> list[Registration]:
    """The group's contact confirmed their address: every member's registration counts."""
    _require(secrets.compare_digest(token, group.token))
    group = RegistrationGroup.objects.select_for_update().get(pk=group.pk)
    members = list(group.registrations.order_by("created_at", "pk"))
    confirmed = _confirm(members, at=at, notify=notify, group=group)
    if group.contact_confirmed_at is None:
        group.contact_confirmed_at = at or timezone.now()
        group.save(update_fields=["contact_confirmed_at"])
    return confirmed


def _confirm(
    registrations: list[Registration],
    *,
    at: dt.datetime | None,
    notify: bool,
    group: RegistrationGroup | None = None,
) -> list[Registration]:
    if not registrations:
        return []
    event = _lock_event(registrations[0].event)
    now = at or timezone.now()
    _expire_holds(event, now, notify=notify)
    fresh = list(
        Registration.objects.select_for_update()
        .filter(pk__in=[r.pk for r in registrations])
        .order_by("created_at", "pk")
    )
    if all(r.status == RegistrationStatus.EXPIRED for r in fresh):
        raise ValidationError(
            _(
                "This registration was not confirmed in time and its seat was given up. Register "
                "again if you still want to come."
            )
        )
    changed = []
    for registration in fresh:
        if registration.email_confirmed_at is not None or registration.status in ENDED_STATUSES:
            continue
        if registration.status == RegistrationStatus.HELD:
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_at = now
        registration.email_confirmed_at = now
        registration.hold_expires_at = None
        registration.save(
            update_fields=["status", "confirmed_at", "email_confirmed_at", "hold_expires_at"]
        )
        audit_record(actor=None, action="registration.confirm", obj=registration)
        changed.append(registration)
    promoted = _promote_waiting(event, now, notify=False)
    if notify and changed:
        promoted_ids = {r.pk for r in promoted}
        for registration in changed:
            if registration.pk in promoted_ids:
                registration.status = RegistrationStatus.CONFIRMED
        _send_on_commit("registered", changed, group)
    return fresh


def _promote_waiting(event: Event, now: dt.datetime, *, notify: bool) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served among those whose address
    is confirmed. Call with the event locked."""
    waiting = Registration.objects.filter(
        event=event, status=RegistrationStatus.WAITLISTED, email_confirmed_at__isnull=False
    )
    if event.capacity is None:
        promoted = list(waiting.order_by("created_at", "pk"))
    else:
        free = event.capacity - _seats_taken(event)
        if free <= 0:
            return []
        promoted = list(waiting.order_by("created_at", "pk")[:free])
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = registration.promoted_at = now
        registration.save(update_fields=["status", "confirmed_at", "promoted_at"])
        audit_record(actor=None, action="registration.promoted", obj=registration)
    if promoted and notify:
        _send_on_commit("promoted", promoted)
    return promoted


def can_cancel(actor: Any, registration: Registration, token: str | None) -> bool:
    """The person holding the ticket link, or someone who manages the event."""
    if token is not None:
        group = registration.group
        return secrets.compare_digest(token, registration.token) or bool(
            group is not None and secrets.compare_digest(token, group.token)
        )
    return policies.can_manage_event(actor, registration.event)


@transaction.atomic
def registration_cancel(
    *,
    actor: Any,
    registration: Registration,
    token: str | None = None,
    at: dt.datetime | None = None,
    notify: bool = True,
) -> list[Registration]:
    """Cancel a registration (from the ticket link or by an organiser) and hand its seat to the
    first person waiting. Returns the people promoted. Cancelling twice changes nothing."""
    _require(can_cancel(actor, registration, token))
    now = at or timezone.now()
    event = _lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status in ENDED_STATUSES:
        return []
    if registration.checked_in_at is not None:
        raise ValidationError(_("This person has already been checked in."))
    held_seat = registration.status in SEAT_STATUSES
    confirmed = registration.email_confirmed_at is not None
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.hold_expires_at = None
    registration.save(update_fields=["status", "cancelled_at", "hold_expires_at"])
    WorkshopBooking.objects.filter(registration=registration).delete()
    audit_record(
        actor=actor, action="registration.cancel", obj=registration, by_link=token is not None
    )
    if notify and confirmed:
        _send_on_commit("cancelled", [registration])
    return _promote_waiting(event, now, notify=notify) if held_seat else []


# --- check-in ---------------------------------------------------------------------------------------


@dataclass
class CheckIn:
    registration: Registration
    already: bool


def registration_check_in(
    *, actor: Any, registration: Registration, at: dt.datetime | None = None
) -> CheckIn:
    """Check a confirmed person in. A conditional UPDATE makes this safe from several devices:
    the first wins, the others are told when and by whom it was done."""
    _require(policies.can_check_in(actor, registration.event))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(
            _("%(name)s has no confirmed seat (%(status)s).")
            % {"name": registration.full_name, "status": registration.get_status_display()}
        )
    now = at or timezone.now()
    with transaction.atomic():
        changed = Registration.objects.filter(
            pk=registration.pk, status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=True
        ).update(checked_in_at=now, checked_in_by=actor if actor.is_authenticated else None)
        if changed:
            audit_record(actor=actor, action="registration.check_in", obj=registration)
    registration.refresh_from_db(fields=["status", "checked_in_at", "checked_in_by"])
    if registration.checked_in_at is None:
        raise ValidationError(_("This registration was cancelled meanwhile."))
    return CheckIn(registration, already=not changed)


@transaction.atomic
def registration_check_in_undo(*, actor: Any, registration: Registration) -> Registration:
    """Undo a check-in made by mistake."""
    _require(policies.can_check_in(actor, registration.event))
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=None, checked_in_by=None)
    audit_record(actor=actor, action="registration.check_in_undo", obj=registration)
    registration.refresh_from_db(fields=["checked_in_at", "checked_in_by"])
    return registration


def session_check_in(
    *, actor: Any, item: AgendaItem, registration: Registration, at: dt.datetime | None = None
) -> tuple[SessionAttendance, bool]:
    """Record a confirmed participant at one agenda item (a workshop). Returns (row, already).

    A person checked in to a workshop is checked in to the event too. Safe from two devices: the
    unique constraint keeps one row, and the second device is told it was already done.
    """
    _require(policies.can_check_in(actor, item.event))
    if registration.event_id != item.event_id:
        raise ValidationError(_("This person is registered for another event."))
    now = at or timezone.now()
    if registration.checked_in_at is None:
        registration_check_in(actor=actor, registration=registration, at=now)
    existing = SessionAttendance.objects.filter(item=item, registration=registration).first()
    if existing is not None:
        return existing, True
    try:
        with transaction.atomic():
            row = SessionAttendance.objects.create(
                item=item,
                registration=registration,
                at=now,
                by=actor if actor.is_authenticated else None,
            )
    except IntegrityError:
        return SessionAttendance.objects.get(item=item, registration=registration), True
    return row, False


# --- workshops --------------------------------------------------------------------------------------


@transaction.atomic
def workshop_book(
    *,
    actor: Any,
    registration: Registration,
    item: AgendaItem,
    token: str | None = None,
    at: dt.datetime | None = None,
) -> WorkshopBooking:
    """Book a place in a workshop for a confirmed participant (from their ticket page or by an
    organiser). The workshop row is locked while its places are counted."""
    _require(can_cancel(actor, registration, token))
    if item.event_id != registration.event_id or item.kind != ItemKind.WORKSHOP:
        raise ValidationError(_("This is not a workshop of the event."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Workshops can be booked once your seat is confirmed."))
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    existing = WorkshopBooking.objects.filter(item=item, registration=registration).first()
    if existing is not None:
        return existing
    clashes = WorkshopBooking.objects.filter(
        registration=registration,
        item__starts_at__lt=item.ends_at,
        item__ends_at__gt=item.starts_at,
    )
    if clashes.exists():
        raise ValidationError(_("You have booked another workshop at the same time."))
    if item.capacity is not None and item.bookings.count() >= item.capacity:
        raise ValidationError(_("This workshop is full."))
    booking = WorkshopBooking.objects.create(
        item=item, registration=registration, created_at=at or timezone.now()
    )
    audit_record(actor=actor, action="workshop.book", obj=registration, item=item.pk)
    return booking


@transaction.atomic
def workshop_unbook(
    *, actor: Any, registration: Registration, item: AgendaItem, token: str | None = None
) -> None:
    _require(can_cancel(actor, registration, token))
    deleted, _rows = WorkshopBooking.objects.filter(item=item, registration=registration).delete()
    if deleted:
        audit_record(actor=actor, action="workshop.unbook", obj=registration, item=item.pk)


def event_publish(*, actor: Any, event: Event) -> Event:
    return event_update(actor=actor, event=event, status=EventStatus.PUBLISHED)


@transaction.atomic
def event_feedback_attach(
    *, actor: Any, event: Event, instrument: Any, invite: bool = False, notify: bool = True
) -> int:
    """Attach a survey (made in the surveys app) as the event's feedback survey, or detach it with
    None. With `invite`, the people checked in who have an account are invited through the
    surveys app (`instrument_send`, source `event:<id>`; coordinators only), each once.
    Returns how many people were newly invited."""
    from sib.events.selectors import feedback_choices
    from sib.surveys.services import instrument_send

    _require(policies.can_manage_event(actor, event))
    if (
        instrument is not None
        and not feedback_choices(actor=actor).filter(pk=instrument.pk).exists()
    ):
        raise ValidationError(
            {"feedback_instrument": _("Choose one of the surveys whose results you may see.")}
        )
    locked = _lock_event(event)
    locked.feedback_instrument = instrument
    locked.save(update_fields=["feedback_instrument", "updated_at"])
    audit_record(
        actor=actor,
        action="event.feedback",
        obj=locked,
        instrument=instrument.pk if instrument else None,
    )
    if not (invite and instrument is not None):
        return 0
    attended = Registration.objects.filter(event=event, checked_in_at__isnull=False)
    people = User.objects.filter(
        models.Q(pk__in=attended.filter(user__isnull=False).values("user_id"))
        | models.Q(email__in=attended.exclude(email="").values("email")),
        is_active=True,
    ).distinct()
    return instrument_send(
        actor=actor,
        instrument=instrument,
        users=list(people),
        source=f"event:{event.pk}",
        notify=notify,
    )
