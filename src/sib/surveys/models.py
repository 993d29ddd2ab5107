"""Survey instruments, their scales and items, invitations, and responses with their answers.

An instrument is either a reusable template or one instrument sent to people (the participants of
an edition, or any list of people — an event attaches its own list from its side). Every response
carries a `respondent_key` (a keyed hash of the person) that is unique per instrument: one
response per person, even for anonymous instruments where the person is not stored at all. The
response also keeps a snapshot of the segment attributes (language track, gender, age group,
voivodeship, sector) taken when it was started, so analytics never join back to people.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sib.academy.models import edition_window_errors, year_errors
from sib.core.models import TimeStampedModel


class InstrumentKind(models.TextChoices):
    EVALUATION = "evaluation", _("Evaluation of the training")
    SELF_ASSESSMENT = "self_assessment", _("Competence self-assessment")
    OTHER = "other", _("Other survey")


class Phase(models.TextChoices):
    """Only self-assessments have a phase: the baseline before the course and the one after it."""

    NONE = "", _("—")
    BEFORE = "before", _("Before the course")
    AFTER = "after", _("After the course")


class Instrument(TimeStampedModel):
    kind = models.CharField(
        _("kind"), max_length=20, choices=InstrumentKind.choices, default=InstrumentKind.OTHER
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    # modeltranslation's title_pl and title_en columns, declared for the type checker
    title_pl: str | None
    title_en: str | None
    description = models.TextField(_("introduction"), blank=True)
    # modeltranslation's description_pl and description_en columns, declared for the type checker
    description_pl: str | None
    description_en: str | None
    is_template = models.BooleanField(_("reusable template"), default=False)
    template = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        verbose_name=_("made from template"),
    )
    edition = models.ForeignKey(
        "academy.Edition",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instruments",
        verbose_name=_("edition"),
        help_text=_("The edition the survey evaluates; empty for a custom list of people."),
    )
    phase = models.CharField(
        _("phase"), max_length=8, choices=Phase.choices, default=Phase.NONE, blank=True
    )
    baseline = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("baseline (before) instrument"),
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Anonymous responses never store who answered; analytics are the same."),
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens_at", "code"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(opens_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="instrument_dates_ordered",
                violation_error_message=_("The survey must close after it opens."),
            ),
            models.CheckConstraint(
                condition=models.Q(is_template=False) | models.Q(edition__isnull=True),
                name="instrument_template_has_no_edition",
                violation_error_message=_("A template cannot belong to an edition."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The survey must close after it opens.")
        dates = {"opens_at": self.opens_at, "closes_at": self.closes_at}
        for name, message in year_errors(**dates).items():
            errors.setdefault(name, message)
        if self.edition and not self.is_template:
            for name, message in edition_window_errors(self.edition, **dates).items():
                errors.setdefault(name, message)
        if self.is_template and self.edition_id:
            errors["edition"] = _("A template is not sent to an edition; make a survey from it.")
        if self.phase and self.kind != InstrumentKind.SELF_ASSESSMENT:
            errors["phase"] = _("Only a self-assessment has a before or after phase.")
        if self.baseline_id and self.phase != Phase.AFTER:
            errors["baseline"] = _("Only an “after” self-assessment refers to a baseline.")
        if self.phase and self.anonymous and not self.is_template:
            errors["anonymous"] = _(
                "A before/after self-assessment pairs each person's answers; it cannot be "
                "anonymous."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def series_id(self) -> int:
        """Responses of a before/after pair share one respondent key so they can be paired."""
        return self.baseline_id or self.pk

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return bool(
            self.sent_at
            and not self.is_template
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )

    @property
    def state(self) -> str:
        if self.is_template:
            return "template"
        if not self.sent_at:
            return "draft"
        now = timezone.now()
        if self.opens_at and now < self.opens_at:
            return "scheduled"
        if self.closes_at and now >= self.closes_at:
            return "closed"
        return "open"


STATE_LABELS = {
    "template": _("template"),
    "draft": _("not sent"),
    "scheduled": _("scheduled"),
    "open": _("open"),
    "closed": _("closed"),
}


class Scale(models.Model):
    """A group of items analysed together (e.g. structure S1–S4, usefulness U1–U4)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="scales")
    code = models.CharField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    # modeltranslation's title_pl and title_en columns, declared for the type checker
    title_pl: str | None
    title_en: str | None

    class Meta:
        ordering = ["instrument", "position", "code"]
        verbose_name = _("scale")
        verbose_name_plural = _("scales")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="scale_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ItemKind(models.TextChoices):
    AGREEMENT = "agreement", _("1–5 agreement")
    LEVEL = "level", _("1–5 competence level")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")
    RECOMMEND = "recommend", _("0–10 recommendation")


NUMERIC_KINDS = {ItemKind.AGREEMENT, ItemKind.LEVEL, ItemKind.RECOMMEND}
CHOICE_KINDS = {ItemKind.SINGLE, ItemKind.MULTIPLE}
RANGES = {ItemKind.AGREEMENT: (1, 5), ItemKind.LEVEL: (1, 5), ItemKind.RECOMMEND: (0, 10)}


class Item(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    scale = models.ForeignKey(
        Scale,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        verbose_name=_("scale"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    text = models.CharField(_("question"), max_length=500)
    # modeltranslation's text_pl and text_en columns, declared for the type checker
    text_pl: str | None
    text_en: str | None
    help_text = models.CharField(_("explanation"), max_length=500, blank=True)
    # modeltranslation's help_text_pl and help_text_en columns, declared for the type checker
    help_text_pl: str | None
    help_text_en: str | None
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["instrument", "position", "id"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="item_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    def clean(self) -> None:
        if self.scale and self.scale.instrument_id != self.instrument_id:
            raise ValidationError({"scale": _("The scale belongs to another survey.")})

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    @property
    def value_range(self) -> tuple[int, int] | None:
        return RANGES.get(ItemKind(self.kind))


class Option(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    # modeltranslation's label_pl and label_en columns, declared for the type checker
    label_pl: str | None
    label_en: str | None

    class Meta:
        ordering = ["item", "position", "id"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [models.UniqueConstraint(fields=["item", "code"], name="option_unique_code")]

    def __str__(self) -> str:
        return self.label


class Invitation(models.Model):
    """A person asked to answer. `reminded_at` makes reminders idempotent: at most one each."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    source = models.CharField(
        _("source"),
        max_length=40,
        default="list",
        help_text=_("Where the person came from: “edition”, “list”, or an app's own label."),
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    responded = models.BooleanField(_("responded"), default=False)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        ordering = ["instrument", "id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "user"], name="invitation_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.instrument}"


class AgeGroup(models.TextChoices):
    UNDER_25 = "<25", _("under 25")
    FROM_25 = "25-34", _("25–34")
    FROM_35 = "35-44", _("35–44")
    FROM_45 = "45-54", _("45–54")
    FROM_55 = "55+", _("55 and over")


def age_group_of(birth_year: int | None, year: int) -> str:
    if not birth_year:
        return ""
    age = year - birth_year
    if age < 25:
        return AgeGroup.UNDER_25
    if age < 35:
        return AgeGroup.FROM_25
    if age < 45:
        return AgeGroup.FROM_35
    if age < 55:
        return AgeGroup.FROM_45
    return AgeGroup.FROM_55


class Response(TimeStampedModel):
    """One person's answers to one instrument; a draft until `submitted_at` is set."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
        help_text=_("Empty for anonymous surveys."),
    )
    respondent_key = models.CharField(max_length=64)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    # Segment snapshot, taken when the response is started.
    language_track = models.CharField(_("language track"), max_length=2, blank=True)
    gender = models.CharField(_("gender"), max_length=16, blank=True)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices, blank=True)
    voivodeship = models.CharField(_("voivodeship"), max_length=32, blank=True)
    sector = models.CharField(_("sector"), max_length=32, blank=True)

    class Meta:
        ordering = ["instrument", "id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "respondent_key"], name="response_one_per_person"
            )
        ]
        indexes = [models.Index(fields=["instrument", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.instrument} #{self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="answers")
    number = models.SmallIntegerField(
        _("value"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    choices = models.JSONField(_("chosen options"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="answer_unique_item"),
            models.CheckConstraint(
                condition=models.Q(number__isnull=True) | models.Q(number__gte=0, number__lte=10),
                name="answer_number_range",
                violation_error_message=_("Choose a number between 0 and 10."),
            ),
        ]
        indexes = [models.Index(fields=["item", "number"])]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.number if self.number is not None else self.text[:40]}"


AGREEMENT_LABELS = {
    1: _("definitely not"),
    2: _("rather not"),
    3: _("neither yes nor no"),
    4: _("rather yes"),
    5: _("definitely yes"),
}
LEVEL_LABELS = {
    1: _("very low"),
    2: _("low"),
    3: _("medium"),
    4: _("high"),
    5: _("very high"),
}


def value_labels(kind: str) -> dict[int, str]:
    """The label of each value of a numeric item, in the active language."""
    if kind == ItemKind.AGREEMENT:
        return {value: str(label) for value, label in AGREEMENT_LABELS.items()}
    if kind == ItemKind.LEVEL:
        return {value: str(label) for value, label in LEVEL_LABELS.items()}
    if kind == ItemKind.RECOMMEND:
        return {value: str(value) for value in range(11)}
    return {}
