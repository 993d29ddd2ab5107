"""People and organisations. Every profile field beyond e-mail and name is optional and explained."""

from __future__ import annotations

import calendar
import hashlib
import hmac
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sib.accounts.choices import Gender, OrganisationKind, Sector, Voivodeship
from sib.core.models import TimeStampedModel


class Organisation(TimeStampedModel):
    """An employer, a partner that posts challenges, an event host: shared by every app."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    region = models.CharField(_("region"), max_length=32, choices=Voivodeship.choices, blank=True)
    country = models.CharField(_("country code"), max_length=2, default="PL")
    url = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [models.UniqueConstraint(fields=["name"], name="organisation_unique_name")]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractUser):
    """A person. `is_staff` makes them a coordinator; edition roles live in the academy."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=settings.LANGUAGES, blank=True
    )
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    voivodeship = models.CharField(
        _("voivodeship"), max_length=32, choices=Voivodeship.choices, blank=True
    )
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    partner_for = models.ForeignKey(
        Organisation,
        verbose_name=_("partner of organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_members",
        help_text=_("Makes this person a partner who acts for the organisation."),
    )
    erased_at = models.DateTimeField(
        _("personal data erased"),
        null=True,
        blank=True,
        help_text=_("When the person's personal data were erased at their request."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()  # type: ignore[assignment,misc]  # stubs want auth's UserManager; ours is by e-mail

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True)
                | models.Q(birth_year__gte=1900, birth_year__lte=2100),
                name="user_birth_year_plausible",
                violation_error_message=_("Enter a year of birth between 1900 and 2100."),
            )
        ]

    def __str__(self) -> str:
        if self.erased_at is not None:
            return str(_("Erased person"))
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_coordinator(self) -> bool:
        return self.is_active and self.is_staff

    @property
    def is_partner(self) -> bool:
        return self.is_active and self.partner_for_id is not None


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token is shown once when created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def matches(self, token: str) -> bool:
        return hmac.compare_digest(self.digest, self.digest_of(token))

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ErasureStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("erasure request", "Received")
    DONE = "done", pgettext_lazy("erasure request", "Erased")
    REFUSED = "refused", pgettext_lazy("erasure request", "Refused")


def erasure_due_on(received: date) -> date:
    """GDPR Art. 12(3): the answer is due "within one month of receipt" — the same day of the
    next month, or its last day when that month is shorter (31 January → 28/29 February)."""
    year, month = (
        (received.year + 1, 1) if received.month == 12 else (received.year, received.month + 1)
    )
    return date(year, month, min(received.day, calendar.monthrange(year, month)[1]))


class ErasureRequest(models.Model):
    """A person's request to have their personal data erased, from receipt to the answer: the
    record that the request was answered, and when (decision 0586)."""

    person = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="erasure_requests", verbose_name=_("person")
    )
    received_at = models.DateTimeField(_("received"))
    due_on = models.DateField(_("answer due by"))
    recorded_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    note = models.CharField(
        _("how the person asked"),
        max_length=500,
        blank=True,
        help_text=_("E.g. “e-mail of 3 May”, “letter received 5 May”."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ErasureStatus.choices, default=ErasureStatus.RECEIVED
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answered by"),
    )
    refusal_reason = models.TextField(_("reason for refusal"), max_length=2000, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="received"),
                name="erasure_request_one_open_per_person",
                violation_error_message=_("This person's erasure request is already open."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="erasure_request_refusal_has_reason",
                violation_error_message=_("Say why the request is refused."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.received_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.status == ErasureStatus.RECEIVED
