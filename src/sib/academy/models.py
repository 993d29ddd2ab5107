"""Programmes, editions, enrolments, sessions and attendance.

Hours are stored as minutes (integers) everywhere; completion is computed from attendance and
assessment records, never stored.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sib.accounts.choices import Gender, Sector, Voivodeship
from sib.core.models import TimeStampedModel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Format(models.TextChoices):
    LECTURE = "lecture", _("Lecture")
    WORKSHOP = "workshop", _("Workshop")
    MENTORING = "mentoring", _("Mentoring")


FORMATS: tuple[str, ...] = tuple(Format.values)


class Competence(models.Model):
    """One of C1–C10: tags modules, outcomes, credentials and broker profiles."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    # modeltranslation's name_pl and name_en columns, declared for the type checker
    name_pl: str | None
    name_en: str | None
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProgrammeKind(models.TextChoices):
    FULL = "full", _("Full course")
    YOUTH = "youth", _("Youth course")
    OTHER = "other", _("Other")


class Programme(TimeStampedModel):
    """A course and its completion rule; editions run it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ProgrammeKind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    # The completion rule.
    min_total_minutes = models.PositiveIntegerField(
        _("minimum hours overall (in minutes)"), default=0
    )
    min_lecture_minutes = models.PositiveIntegerField(
        _("minimum lecture hours (in minutes)"), default=0
    )
    min_workshop_minutes = models.PositiveIntegerField(
        _("minimum workshop hours (in minutes)"), default=0
    )
    min_mentoring_minutes = models.PositiveIntegerField(
        _("minimum mentoring hours (in minutes)"), default=0
    )
    final_project_required = models.BooleanField(_("final project required"), default=True)
    pass_mark_percent = models.DecimalField(
        _("final project pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(60),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.title

    def min_minutes_by_format(self) -> dict[str, int]:
        return {
            Format.LECTURE: self.min_lecture_minutes,
            Format.WORKSHOP: self.min_workshop_minutes,
            Format.MENTORING: self.min_mentoring_minutes,
        }


class Module(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.CharField(_("code"), max_length=12)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lecture_minutes = models.PositiveIntegerField(_("lecture minutes"), default=0)
    workshop_minutes = models.PositiveIntegerField(_("workshop minutes"), default=0)
    mentoring_minutes = models.PositiveIntegerField(_("mentoring minutes"), default=0)
    competences = models.ManyToManyField(Competence, blank=True, related_name="modules")

    class Meta:
        ordering = ["programme", "position"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "position"], name="module_unique_position"
            ),
            models.UniqueConstraint(fields=["programme", "code"], name="module_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def minutes_by_format(self) -> dict[str, int]:
        return {
            Format.LECTURE: self.lecture_minutes,
            Format.WORKSHOP: self.workshop_minutes,
            Format.MENTORING: self.mentoring_minutes,
        }

    @property
    def total_minutes(self) -> int:
        return self.lecture_minutes + self.workshop_minutes + self.mentoring_minutes


class LearningOutcome(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("learning outcome"))
    competences = models.ManyToManyField(Competence, blank=True, related_name="outcomes")

    class Meta:
        ordering = ["module", "position"]
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")

    def __str__(self) -> str:
        return self.text[:80]


class EditionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RECRUITING = "recruiting", _("Recruiting")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EditionLanguage(models.TextChoices):
    PL = "pl", _("Polish")
    EN = "en", _("English")
    BOTH = "pl+en", _("Polish and English")


class Edition(TimeStampedModel):
    """One run (cohort) of a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="editions")
    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    # modeltranslation's title_pl and title_en columns, declared for the type checker
    title_pl: str | None
    title_en: str | None
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    language = models.CharField(
        _("language"), max_length=8, choices=EditionLanguage.choices, default=EditionLanguage.PL
    )
    delivery_mode = models.CharField(
        _("delivery"), max_length=16, choices=DeliveryMode.choices, default=DeliveryMode.IN_PERSON
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=0)
    target = models.PositiveIntegerField(_("target number of participants"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=EditionStatus.choices, default=EditionStatus.PLANNED
    )

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="edition_dates_ordered",
                violation_error_message=_("The edition cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The edition cannot end before it starts.")
        errors.update(year_errors(starts_on=self.starts_on, ends_on=self.ends_on))
        if self.pk and self.starts_on and self.ends_on:
            errors.update({k: v for k, v in self._sessions_outside().items() if k not in errors})
        if errors:
            raise ValidationError(errors)

    def _sessions_outside(self) -> dict[str, str]:
        """Moving an edition's dates may not leave its planned sessions outside them."""
        span = self.sessions.aggregate(first=models.Min("starts_at"), last=models.Max("starts_at"))
        errors = {}
        if span["first"] and timezone.localtime(span["first"]).date() < self.starts_on:
            errors["starts_on"] = _(
                "A session of this edition takes place on %(day)s; move it first, or start the "
                "edition no later than that day."
            ) % {"day": date_format(timezone.localtime(span["first"]).date())}
        if span["last"] and timezone.localtime(span["last"]).date() > self.ends_on:
            errors["ends_on"] = _(
                "A session of this edition takes place on %(day)s; move it first, or end the "
                "edition no earlier than that day."
            ) % {"day": date_format(timezone.localtime(span["last"]).date())}
        return errors

    @property
    def is_finished(self) -> bool:
        return self.status == EditionStatus.FINISHED


# Dates an edition may have: the programme began in 2023; nothing is planned a lifetime ahead.
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100

# How far around its edition an event or a survey attached to it may lie (decision 0585): the
# baseline self-assessment and recruiting events come before the course, the evaluation,
# follow-up surveys and the teams' showcases after it. Sessions and the call have strict rules.
BEFORE_EDITION = timedelta(days=183)
AFTER_EDITION = timedelta(days=366)


def _day(moment: date | datetime) -> date:
    return timezone.localtime(moment).date() if isinstance(moment, datetime) else moment


def year_errors(**moments: date | datetime | None) -> dict[str, str]:
    """A message for each named date outside the plausible years (a typo such as 3020 or 1999)."""
    return {
        name: _("Enter a date between %(first)s and %(last)s.")
        % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
        for name, moment in moments.items()
        if moment and not EARLIEST_YEAR <= _day(moment).year <= LATEST_YEAR
    }


def edition_window_errors(edition: Edition, **moments: date | datetime | None) -> dict[str, str]:
    """A message for each named date of something attached to `edition` (an event, a survey)
    that lies too far from the edition's dates to belong to it."""
    first, last = edition.starts_on - BEFORE_EDITION, edition.ends_on + AFTER_EDITION
    message = _(
        "This belongs to the edition “%(edition)s” (%(starts)s – %(ends)s): its dates must lie "
        "between %(first)s and %(last)s."
    ) % {
        "edition": edition.title,
        "starts": date_format(edition.starts_on),
        "ends": date_format(edition.ends_on),
        "first": date_format(first),
        "last": date_format(last),
    }
    return {
        name: message
        for name, moment in moments.items()
        if moment and not first <= _day(moment) <= last
    }


class StaffRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    TRAINER = "trainer", _("Trainer")
    MENTOR = "mentor", _("Mentor")


class EditionStaff(models.Model):
    """A person's role in one edition (several roles per person are allowed)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="edition_roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=StaffRole.choices)

    class Meta:
        ordering = ["edition", "role", "user__full_name"]
        verbose_name = _("edition staff")
        verbose_name_plural = _("edition staff")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user", "role"], name="edition_staff_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.edition})"


class Group(models.Model):
    """Part of an edition, e.g. a mentoring team; a session may be held for a group only."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=120)
    mentors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="mentored_groups",
        verbose_name=_("mentors"),
    )

    class Meta:
        ordering = ["edition", "name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="group_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Enrolment(TimeStampedModel):
    """A participant in an edition; the unit whose completion status is computed."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments"
    )
    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
        verbose_name=_("group"),
    )
    language_track = models.CharField(
        _("language track"), max_length=2, choices=settings.LANGUAGES, default="pl"
    )
    enrolled_on = models.DateField(_("enrolled on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    final_project_score = models.DecimalField(
        _("final project score (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["edition", "user__full_name"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="enrolment_unique_person"),
            models.CheckConstraint(
                condition=models.Q(final_project_score__isnull=True)
                | models.Q(final_project_score__gte=0, final_project_score__lte=100),
                name="enrolment_score_range",
                violation_error_message=_("The project score must be between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.edition}"

    def clean(self) -> None:
        if self.group and self.group.edition_id != self.edition_id:
            raise ValidationError({"group": _("The group belongs to another edition.")})
        if self.withdrawn_on and self.enrolled_on and self.withdrawn_on < self.enrolled_on:
            raise ValidationError({"withdrawn_on": _("Withdrawal cannot precede enrolment.")})

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None


class Session(TimeStampedModel):
    """A scheduled meeting of one module in one format, for the whole edition or one group."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sessions")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="sessions")
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("audience"),
        help_text=_("Empty: the whole edition."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_sessions",
        verbose_name=_("trainer or mentor"),
    )
    room = models.CharField(_("room"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["edition", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gt=0),
                name="session_positive_duration",
                violation_error_message=_("A session must last at least one minute."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_title} ({self.starts_at:%Y-%m-%d %H:%M})"

    @property
    def display_title(self) -> str:
        return self.title or self.module.title

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if (
            self.module_id
            and self.edition_id
            and self.module.programme_id != self.edition.programme_id
        ):
            errors["module"] = _("The module belongs to another programme.")
        if self.group and self.edition_id and self.group.edition_id != self.edition_id:
            errors["group"] = _("The group belongs to another edition.")
        if self.starts_at and self.edition_id:
            day = timezone.localtime(self.starts_at).date()
            edition = self.edition
            if not edition.starts_on <= day <= edition.ends_on:
                errors["starts_at"] = _(
                    "The session must take place within the edition's dates "
                    "(%(starts)s – %(ends)s)."
                ) % {"starts": edition.starts_on.isoformat(), "ends": edition.ends_on.isoformat()}
        if errors:
            raise ValidationError(errors)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Attendance(models.Model):
    """One person at one session. Credited minutes are derived: see `credited_minutes`."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("status"), max_length=16, choices=AttendanceStatus.choices)
    minutes_missed = models.PositiveIntegerField(_("minutes missed"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_unique"),
            models.CheckConstraint(
                condition=models.Q(status="late") | models.Q(minutes_missed=0),
                name="attendance_missed_only_when_late",
                violation_error_message=_(
                    "Minutes missed can be recorded only for a person who came late."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.user} @ {self.session}: {self.status}"

    @property
    def credited_minutes(self) -> int:
        return self.minutes_credited(
            self.status, self.minutes_missed, self.session.duration_minutes
        )

    @staticmethod
    def minutes_credited(status: str | None, minutes_missed: int, duration_minutes: int) -> int:
        """The rule for credited minutes, shared by marks read as objects and as plain rows (and
        spelled again in SQL by `selectors._minutes_select`): all of the session when present,
        those not missed when late, none otherwise."""
        if status == AttendanceStatus.PRESENT:
            return duration_minutes
        if status == AttendanceStatus.LATE:
            return max(duration_minutes - minutes_missed, 0)
        return 0


# --- applications and selection ----------------------------------------------------------------


class ApplicationCall(TimeStampedModel):
    """The public call for applications to one edition: its page is open to everyone."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="call", verbose_name=_("edition")
    )
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Who the course is for and what it asks of participants."),
    )
    # modeltranslation's intro_pl and intro_en columns, declared for the type checker
    intro_pl: str | None
    intro_en: str | None
    published = models.BooleanField(
        _("published"), default=True, help_text=_("Unpublished calls have no public page.")
    )

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_dates_ordered",
                violation_error_message=_("The call must close after it opens."),
            )
        ]

    def __str__(self) -> str:
        return str(self.edition)

    def clean(self) -> None:
        errors: dict[str, object] = {
            **year_errors(opens_at=self.opens_at, closes_at=self.closes_at)
        }
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors.setdefault("closes_at", _("The call must close after it opens."))
        if self.edition_id and self.closes_at and "closes_at" not in errors:
            # Selection happens before the course: the last day to apply is its first day.
            starts_on = self.edition.starts_on
            if starts_on and timezone.localtime(self.closes_at).date() > starts_on:
                errors["closes_at"] = _(
                    "Applications must close by the day the edition starts (%(starts)s)."
                ) % {"starts": date_format(starts_on)}
        if errors:
            raise ValidationError(errors)

    def is_open(self, now: datetime) -> bool:
        return self.published and self.opens_at <= now < self.closes_at


class ConsentText(models.Model):
    """A versioned consent text. Applications point at the exact version the person agreed to."""

    key = models.SlugField(_("purpose"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published"))

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="consent_text_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"


class ConsentRecord(models.Model):
    """One consent to one exact text version: when it was given and, later, withdrawn.

    Written when an application is submitted, an event registration made, a guardian confirms,
    or a person gives an optional consent on their "Your data" page. A withdrawal keeps the row
    (proof of what was agreed to, and until when) and its effect is applied by the apps listed in
    `SIB_CONSENT_WITHDRAWN`.
    """

    text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="records", verbose_name=_("text")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consents",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    # What the consent was given for, e.g. academy.application 12 (empty for the person's own).
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    given_at = models.DateTimeField(_("given"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        indexes = [models.Index(fields=["user", "text"], name="consent_record_user_text")]

    def __str__(self) -> str:
        return f"{self.text} {self.given_at:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for a decision")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waiting list")
    REJECTED = "rejected", _("Not accepted")


DECISIONS: tuple[str, ...] = (
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.REJECTED,
)


class Application(TimeStampedModel):
    """A person's application to an edition: a draft until submitted, then reviewed and decided.

    The private `token` lets the applicant come back to a draft from any device; an accepted
    application points at the enrolment it became. An application counts (is seen by the
    selection, in the funnel) only once its address is confirmed (`email_confirmed_at`): anyone
    may type any address, so several unconfirmed drafts may name one address, but only one
    confirmed application per address and edition exists. `form_key` is the random key of the
    browser form that started it, so its autosave and its submission find the same draft
    whichever arrives first.
    """

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="applications", verbose_name=_("edition")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    language = models.CharField(
        _("language for messages"), max_length=2, choices=settings.LANGUAGES, default="pl"
    )
    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    voivodeship = models.CharField(
        _("voivodeship"), max_length=32, choices=Voivodeship.choices, blank=True
    )
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    language_track = models.CharField(
        _("language track"), max_length=2, choices=settings.LANGUAGES, default="pl"
    )
    motivation = models.TextField(_("motivation"), blank=True)
    background = models.TextField(_("background"), blank=True)
    consent = models.ForeignKey(
        ConsentText,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("consent text agreed to"),
    )
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enrolment = models.OneToOneField(
        Enrolment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
        verbose_name=_("enrolment"),
    )
    purged_at = models.DateTimeField(
        _("personal data deleted"),
        null=True,
        blank=True,
        help_text=_("When the retention period ended and the personal data were deleted."),
    )
    email_confirmed_at = models.DateTimeField(_("e-mail address confirmed"), null=True, blank=True)
    form_key = models.CharField(max_length=64, blank=True, editable=False)
    # Applicants under 16 (the youth course): a parent or guardian confirms their consent from
    # the link e-mailed to them (`guardian_token`); until then the application cannot be accepted.
    guardian_name = models.CharField(_("parent's or guardian's name"), max_length=200, blank=True)
    guardian_email = models.EmailField(_("parent's or guardian's e-mail address"), blank=True)
    guardian_token = models.CharField(max_length=64, blank=True, editable=False)
    guardian_consent_at = models.DateTimeField(
        _("parent's or guardian's consent confirmed"), null=True, blank=True
    )

    class Meta:
        ordering = ["edition", "submitted_at", "id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["edition", "status"]),
            models.Index(fields=["edition", "email"], name="application_edition_email"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "email"],
                condition=Q(email_confirmed_at__isnull=False),
                name="application_unique_confirmed_email",
                violation_error_message=_(
                    "An application with this e-mail address has already been sent for this edition."
                ),
            ),
            models.UniqueConstraint(
                fields=["edition", "form_key"],
                condition=~Q(form_key=""),
                name="application_unique_form_key",
                violation_error_message=_("This application form has already been sent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name or self.email} → {self.edition}"

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    @property
    def needs_guardian(self) -> bool:
        """Under 16 in the year the edition starts, applying to a youth course."""
        from sib.academy.guardians import needs_guardian

        return needs_guardian(self)

    @property
    def display_name(self) -> str:
        if self.purged_at is not None:
            return str(_("Personal data deleted (retention period over)"))
        return self.full_name or self.email


class ApplicationReview(TimeStampedModel):
    """One reviewer's score (1–5) and note on an application; one review per reviewer."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="application_reviews"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["application", "created_at"]
        verbose_name = _("application review")
        verbose_name_plural = _("application reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="application_review_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5),
                name="application_review_score",
                violation_error_message=_("The score must be between 1 and 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.score} ({self.application})"


class CalendarToken(models.Model):
    """The secret in a person's private calendar-feed addresses; resetting it breaks old links."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now=True)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return f"{self.user} ({self.token[:6]}…)"
