"""Issuer, achievements, issued credentials, the revocation status list and batch issuance jobs.

What a verifier relies on is stored when it is created and never recomputed: the issuer's DID and
base URL, each status list's URL, each credential's public URL and its signed JSON (byte for byte).
Completion is never stored here: eligibility is read from `sib.academy.selectors` when issuing.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sib.academy.models import Edition, Enrolment, Programme
from sib.core.models import TimeStampedModel

STATUS_LIST_SIZE = 131_072  # bits: the Bitstring Status List minimum, for herd privacy


class Issuer(TimeStampedModel):
    """The one awarding body of this install (an OB 3.0 `Profile` identified by `did:web`)."""

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("website"))
    email = models.EmailField(_("e-mail"), blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    locality = models.CharField(_("town or city"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100)
    country_code = models.CharField(
        _("country code"),
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two capital letters (ISO 3166-1)."))],
    )
    # Stored once, at creation: a later change of SIB_BASE_URL must not break what was issued.
    base_url = models.URLField(_("public base URL"), editable=False)
    did = models.CharField(_("DID"), max_length=200, unique=True, editable=False)
    next_serial = models.PositiveIntegerField(default=1, editable=False)
    # Bumped whenever a key is registered: part of the verification cache key.
    key_set_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("issuer")
        verbose_name_plural = _("issuers")

    def __str__(self) -> str:
        return self.name


class IssuerKey(models.Model):
    """A public key the issuer signs with; rotation adds a row and keeps the old ones published."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="keys")
    public_key_multibase = models.CharField(max_length=64, unique=True)
    verification_method = models.CharField(max_length=300, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("issuer key")
        verbose_name_plural = _("issuer keys")

    def __str__(self) -> str:
        return self.verification_method


class AchievementType(models.TextChoices):
    MICRO_CREDENTIAL = "MicroCredential", _("Micro-credential")
    CERTIFICATE = "Certificate", _("Certificate")
    COURSE = "Course", _("Course")


class Achievement(TimeStampedModel):
    """What a programme's credential says, with the EU micro-credential elements (PL/EN)."""

    programme = models.OneToOneField(
        Programme, on_delete=models.PROTECT, related_name="achievement", verbose_name=_("programme")
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    achievement_type = models.CharField(
        _("achievement type"),
        max_length=32,
        choices=AchievementType.choices,
        default=AchievementType.MICRO_CREDENTIAL,
    )
    name = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description and learning outcomes"))
    criteria = models.TextField(_("criteria"))
    assessment = models.TextField(_("type of assessment"), blank=True)
    participation = models.TextField(_("form of participation"), blank=True)
    quality_assurance = models.TextField(_("quality assurance"), blank=True)
    eqf_level = models.PositiveSmallIntegerField(
        _("EQF level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text=_("Only where an accredited body assigned one."),
    )
    ects = models.DecimalField(
        _("ECTS credits"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Only where an accredited body assigned them."),
    )

    class Meta:
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")

    def __str__(self) -> str:
        return self.name


class StatusList(models.Model):
    """A W3C Bitstring Status List (revocation); the bits follow the revoked credentials on it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="status_lists")
    url = models.URLField(max_length=300, unique=True, editable=False)
    size = models.PositiveIntegerField(default=STATUS_LIST_SIZE)
    version = models.PositiveIntegerField(default=0)
    signed_json = models.TextField(blank=True, editable=False)
    signed_version = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")

    def __str__(self) -> str:
        return self.url


class CredentialState(models.TextChoices):
    VALID = "valid", _("Valid")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


class Credential(models.Model):
    """One signed OpenBadgeCredential awarded to one enrolment."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="credentials")
    achievement = models.ForeignKey(
        Achievement, on_delete=models.PROTECT, related_name="credentials"
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="credentials", verbose_name=_("enrolment")
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="credentials",
        verbose_name=_("holder"),
    )
    serial = models.CharField(_("serial number"), max_length=32, unique=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    holder_name = models.CharField(_("holder's name"), max_length=200)
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="entries")
    status_index = models.PositiveIntegerField()
    state = models.CharField(
        _("state"), max_length=16, choices=CredentialState.choices, default=CredentialState.VALID
    )
    reason = models.TextField(_("reason"), blank=True)
    reason_public = models.BooleanField(_("show the reason on the public page"), default=False)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    hidden = models.BooleanField(_("verification page hidden by the holder"), default=False)
    public_url = models.URLField(max_length=300, editable=False)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    document = models.TextField(editable=False)  # the signed JSON, exactly as issued
    digest = models.CharField(max_length=64, editable=False)
    # Both languages of what the credential certifies, as issued (the page and PDF show both).
    substance = models.JSONField(editable=False)
    pdf = models.FileField(upload_to="credentials/certificates/", blank=True, editable=False)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="credential_unique_status_index"
            ),
            # No one holds two live credentials for the same enrolment; re-issuing revokes first.
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=~models.Q(state="revoked"),
                name="credential_one_live_per_enrolment",
                violation_error_message=_(
                    "This person already holds a live credential for this edition."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.serial} {self.holder_name}"

    def clean(self) -> None:
        in_range = self.status_index is None or not self.status_list_id
        if not in_range and not 0 <= self.status_index < self.status_list.size:
            raise ValidationError({"status_index": _("Outside the status list.")})

    @property
    def status_entry_id(self) -> str:
        return f"{self.status_list.url}#{self.status_index}"


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class IssuanceJob(models.Model):
    """Issuing every eligible person of an edition: progress the page polls (django-tasks has none)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="issuance_jobs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("issuance job")
        verbose_name_plural = _("issuance jobs")

    def __str__(self) -> str:
        return f"{self.edition} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        return round(self.done * 100 / self.total) if self.total else (100 if self.finished else 0)

    @property
    def finished(self) -> bool:
        return self.state in {JobState.DONE, JobState.FAILED}
