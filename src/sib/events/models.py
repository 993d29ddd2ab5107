"""Events: conferences, workshops and showcases, their agenda, registrations and check-ins.

Every figure an event reports (participants, speakers, lectures and panels, workshops) is counted
from these records — registrations that were checked in, agenda items and their speakers — never
typed in as a total.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sib.academy.models import (
    ConsentText,
    DeliveryMode,
    Edition,
    EditionLanguage,
    Group,
    edition_window_errors,
    year_errors,
)
from sib.accounts.choices import Gender, Voivodeship
from sib.accounts.models import Organisation
from sib.core.models import TimeStampedModel

CONSENT_KEY = "events.registration"


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    WORKSHOP = "workshop", pgettext_lazy("event kind", "Workshop")
    SHOWCASE = "showcase", _("Showcase")
    INTERNATIONAL_SHOWCASE = "international_showcase", _("International showcase")


# `events` in the indicators counts these kinds; showcases are counted apart.
HELD_KINDS: tuple[str, ...] = (EventKind.CONFERENCE, EventKind.WORKSHOP)
SHOWCASE_KINDS: tuple[str, ...] = (EventKind.SHOWCASE, EventKind.INTERNATIONAL_SHOWCASE)


class EventStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event status", "Draft")
    PUBLISHED = "published", pgettext_lazy("event status", "Published")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class Event(TimeStampedModel):
    """One conference, workshop or showcase. Only published events have a public page."""

    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=200)
    # modeltranslation's title_pl and title_en columns, declared for the type checker
    title_pl: str | None
    title_en: str | None
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    delivery_mode = models.CharField(
        _("delivery"), max_length=16, choices=DeliveryMode.choices, default=DeliveryMode.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    region = models.CharField(
        _("voivodeship"), max_length=32, choices=Voivodeship.choices, blank=True
    )
    country = models.CharField(_("country code"), max_length=2, default="PL")
    online_url = models.URLField(_("online link"), blank=True)
    languages = models.CharField(
        _("languages"), max_length=8, choices=EditionLanguage.choices, default=EditionLanguage.PL
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Seats for participants; empty: no limit."),
    )
    registration_enabled = models.BooleanField(_("registration on this platform"), default=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_events",
    )
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("edition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("The academy edition the event belongs to, for reports."),
    )
    feedback_instrument = models.ForeignKey(
        "surveys.Instrument",
        verbose_name=_("feedback survey"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_for_events",
    )

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="event_dates_ordered",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_window_ordered",
                violation_error_message=_("Registration must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The event cannot end before it starts.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if (
            self.registration_closes_at
            and self.ends_at
            and self.registration_closes_at > self.ends_at
            and "registration_closes_at" not in errors
        ):
            errors["registration_closes_at"] = _("Registration must close by the end of the event.")
        if self.delivery_mode != DeliveryMode.ONLINE and not (self.venue or self.city):
            errors["venue"] = _("Give the venue or the city of an event held in person.")
        dates = {"starts_at": self.starts_at, "ends_at": self.ends_at}
        for name, message in year_errors(
            registration_opens_at=self.registration_opens_at,
            registration_closes_at=self.registration_closes_at,
            **dates,
        ).items():
            errors.setdefault(name, message)
        if self.edition:
            for name, message in edition_window_errors(self.edition, **dates).items():
                errors.setdefault(name, message)
        if self.pk and self.starts_at and self.ends_at:
            for name, message in self._agenda_outside().items():
                errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)

    def _agenda_outside(self) -> dict[str, str]:
        """Moving an event's dates may not leave items of its agenda outside them."""
        span = self.agenda.aggregate(first=models.Min("starts_at"), last=models.Max("ends_at"))
        errors = {}
        if span["first"] and span["first"] < self.starts_at:
            errors["starts_at"] = _(
                "The agenda begins at %(moment)s; move its items first, or start the event no "
                "later than that."
            ) % {"moment": date_format(timezone.localtime(span["first"]), "DATETIME_FORMAT")}
        if span["last"] and span["last"] > self.ends_at:
            errors["ends_at"] = _(
                "The agenda ends at %(moment)s; move its items first, or end the event no "
                "earlier than that."
            ) % {"moment": date_format(timezone.localtime(span["last"]), "DATETIME_FORMAT")}
        return errors

    @property
    def is_showcase(self) -> bool:
        return self.kind in SHOWCASE_KINDS

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    def registration_is_open(self, now: object) -> bool:
        return registration_is_open(
            status=self.status,
            enabled=self.registration_enabled,
            opens_at=self.registration_opens_at,
            closes_at=self.registration_closes_at,
            ends_at=self.ends_at,
            now=now,
        )


def registration_is_open(
    *, status: str, enabled: bool, opens_at: Any, closes_at: Any, ends_at: Any, now: Any
) -> bool:
    """The registration rule on plain values, for reads that do not load the event."""
    return bool(
        status == EventStatus.PUBLISHED
        and enabled
        and (opens_at is None or opens_at <= now)
        and (closes_at is None or now < closes_at)
        and now < ends_at
    )


class EventRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    CHECK_IN = "checkin", _("Check-in staff")


class EventStaff(models.Model):
    """Who runs an event: organisers manage it; check-in staff only check people in."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=EventRole.choices)

    class Meta:
        ordering = ["event", "role", "user__full_name"]
        verbose_name = _("event staff")
        verbose_name_plural = _("event staff")
        constraints = [
            models.UniqueConstraint(fields=["event", "user", "role"], name="event_staff_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.event})"


class Room(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=120)
    # modeltranslation's name_pl and name_en columns, declared for the type checker
    name_pl: str | None
    name_en: str | None
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self) -> str:
        return self.name


class Speaker(TimeStampedModel):
    """A speaker's public profile, reused across events. The photo is re-encoded on upload."""

    full_name = models.CharField(_("full name"), max_length=200)
    affiliation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.CharField(_("job title"), max_length=200, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="events/speakers/", blank=True)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    region = models.CharField(
        _("voivodeship"), max_length=32, choices=Voivodeship.choices, blank=True
    )
    country = models.CharField(_("country code"), max_length=2, default="PL")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaker_profiles",
    )

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.full_name


class ItemKind(models.TextChoices):
    LECTURE = "lecture", pgettext_lazy("agenda item", "Lecture")
    PANEL = "panel", _("Panel")
    WORKSHOP = "workshop", pgettext_lazy("agenda item", "Workshop")
    PITCH = "pitch", _("Pitch")
    OTHER = "other", _("Other (opening, break)")


LECTURE_AND_PANEL_KINDS: tuple[str, ...] = (ItemKind.LECTURE, ItemKind.PANEL)


class AgendaItem(models.Model):
    """A slot of the programme. Workshops may have their own capacity and attendance."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    kind = models.CharField(_("type"), max_length=16, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    speakers: models.ManyToManyField[Speaker, AgendaSpeaker] = models.ManyToManyField(
        Speaker,
        through="AgendaSpeaker",
        blank=True,
        related_name="agenda_items",
        verbose_name=_("speakers"),
    )
    capacity = models.PositiveIntegerField(
        _("workshop places"),
        null=True,
        blank=True,
        help_text=_("Workshops only; empty: no limit."),
    )

    class Meta:
        ordering = ["event", "starts_at", "room__position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        indexes = [models.Index(fields=["event", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="agenda_item_dates_ordered",
                violation_error_message=_("An agenda item must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(kind="workshop"),
                name="agenda_item_capacity_only_workshops",
                violation_error_message=_("Only workshops can have a capacity."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The item must end after it starts.")
        if self.capacity is not None and self.kind != ItemKind.WORKSHOP:
            errors["capacity"] = _("Only workshops have their own number of places.")
        if self.room and self.event_id and self.room.event_id != self.event_id:
            errors["room"] = _("The room belongs to another event.")
        if self.event_id:
            event = self.event
            during = _("The item must take place during the event (%(starts)s – %(ends)s).") % {
                "starts": date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT"),
                "ends": date_format(timezone.localtime(event.ends_at), "DATETIME_FORMAT"),
            }
            if self.starts_at and not event.starts_at <= self.starts_at < event.ends_at:
                errors.setdefault("starts_at", during)
            if self.ends_at and not event.starts_at < self.ends_at <= event.ends_at:
                errors.setdefault("ends_at", during)
        if errors:
            raise ValidationError(errors)

    @property
    def is_workshop(self) -> bool:
        return self.kind == ItemKind.WORKSHOP


class AgendaSpeaker(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speaker_links")
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="item_links")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["item", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "speaker"], name="agenda_speaker_unique")
        ]


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    CHOICE = "choice", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    YES_NO = "yes_no", _("Yes or no")


class RegistrationQuestion(models.Model):
    """A question the organiser asks in the registration form (e.g. dietary needs)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=250)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One choice per line."))
    # modeltranslation's choices_pl and choices_en columns, declared for the type checker
    choices_pl: str | None
    choices_en: str | None
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in (self.choices or "").splitlines() if line.strip()]

    def clean(self) -> None:
        if self.kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE) and len(self.choice_list) < 2:
            raise ValidationError({"choices": _("Give at least two choices, one per line.")})


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("registration", "Confirmed")
    # A seat kept for someone who has not confirmed their e-mail address yet, until
    # `hold_expires_at`; then the registration expires and the seat is free again.
    HELD = "held", pgettext_lazy("registration", "Awaiting confirmation")
    WAITLISTED = "waitlisted", pgettext_lazy("registration", "Waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")
    EXPIRED = "expired", pgettext_lazy("registration", "Not confirmed in time")


# Registrations that hold a seat: confirmed ones and holds (unexpired holds: see services).
SEAT_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.HELD)
# Registrations that are over: they neither hold a seat nor keep their address taken.
ENDED_STATUSES = (RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED)


class RegistrationGroup(models.Model):
    """Several people registered together by one contact, who receives every ticket."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registration_groups")
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(
        _("language for messages"), max_length=2, choices=settings.LANGUAGES, default="pl"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    contact_confirmed_at = models.DateTimeField(
        _("contact's address confirmed"), null=True, blank=True
    )

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("group registration")
        verbose_name_plural = _("group registrations")

    def __str__(self) -> str:
        return f"{self.contact_name} ({self.event})"


class Registration(models.Model):
    """One person's seat (or place on the waiting list) at an event, with their ticket.

    `code` is printed in the QR ticket and used to check in; `token` is the private key of the
    person's ticket page, where they can cancel. The waiting list is ordered by `created_at`, `pk`.
    A registration counts once it is confirmed from the e-mailed link (`email_confirmed_at`: its
    own, or its group contact's; at once for signed-in people with a verified address and for
    those an organiser adds); until then it holds its seat (`held`) or its place in the queue
    until `hold_expires_at`, and then expires.
    """

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    group = models.ForeignKey(
        RegistrationGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
        verbose_name=_("group registration"),
    )
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(
        _("language for messages"), max_length=2, choices=settings.LANGUAGES, default="pl"
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    region = models.CharField(
        _("voivodeship"), max_length=32, choices=Voivodeship.choices, blank=True
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    consent = models.ForeignKey(
        ConsentText,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_registrations",
        verbose_name=_("consent text agreed to"),
    )
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    code = models.CharField(_("ticket code"), max_length=16, unique=True, editable=False)
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("promoted from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    email_confirmed_at = models.DateTimeField(_("e-mail address confirmed"), null=True, blank=True)
    hold_expires_at = models.DateTimeField(_("to be confirmed by"), null=True, blank=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["event", "status", "created_at"]),
            models.Index(fields=["event", "full_name"]),
            # "My registrations" (events page, home panel) finds people by account or address.
            models.Index(fields=["email"], name="events_registration_email"),
        ]
        constraints = [
            # One live registration per e-mail address and event (a double click is refused
            # by the database too). Group members without an address are not concerned.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(email="") & ~Q(status__in=["cancelled", "expired"]),
                name="registration_unique_live_email",
                violation_error_message=_(
                    "This e-mail address is already registered for the event."
                ),
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="registration_checkin_only_confirmed",
                violation_error_message=_("Only a confirmed registration can be checked in."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} → {self.event}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def is_held(self) -> bool:
        return self.status == RegistrationStatus.HELD

    @property
    def awaits_confirmation(self) -> bool:
        """Held or waiting, with the address not confirmed yet."""
        return self.email_confirmed_at is None and self.status in (
            RegistrationStatus.HELD,
            RegistrationStatus.WAITLISTED,
        )

    @property
    def is_cancelled(self) -> bool:
        return self.status == RegistrationStatus.CANCELLED

    @property
    def contact_email(self) -> str:
        """Where this person's messages go: their own address, or their group's contact."""
        if self.email:
            return self.email
        return self.group.contact_email if self.group else ""


class WorkshopBooking(models.Model):
    """A confirmed participant's place in a workshop with limited places."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="bookings")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="bookings"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item", "created_at", "pk"]
        verbose_name = _("workshop booking")
        verbose_name_plural = _("workshop bookings")
        constraints = [
            models.UniqueConstraint(fields=["item", "registration"], name="workshop_booking_unique")
        ]


class SessionAttendance(models.Model):
    """A participant checked in to one agenda item (attendance per workshop)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attendances")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="session_attendances"
    )
    at = models.DateTimeField(_("checked in"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["item", "at", "pk"]
        verbose_name = _("workshop attendance")
        verbose_name_plural = _("workshop attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "registration"], name="session_attendance_unique"
            )
        ]


class Presentation(models.Model):
    """A project presented at an event (typically a showcase).

    The project is named in free text; the presenting academy team and the studio's project may be
    linked (the project is filled from the team when not given, decision 0402).
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="presentations")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    project_title = models.CharField(_("project"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    presenters = models.CharField(_("presented by"), max_length=300, blank=True)
    team = models.ForeignKey(
        Group,
        verbose_name=_("academy team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presentations",
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presentations",
    )
    # Decision 0402: the studio's project, filled from `team` when not given (a team owns one).
    project = models.ForeignKey(
        "studio.Project",
        verbose_name=_("innovation project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presentations",
    )

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")

    def __str__(self) -> str:
        return self.project_title

    def clean(self) -> None:
        if self.item and self.event_id and self.item.event_id != self.event_id:
            raise ValidationError({"item": _("The agenda item belongs to another event.")})
