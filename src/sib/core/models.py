"""Building blocks shared by every app: timestamps, the audit trail and the mail outbox."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    # modeltranslation swaps every translated model's manager for its MultilingualManager; mypy's
    # django plugin can name that type only when the module is analysed before the models.
    import modeltranslation.manager  # noqa: F401


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """Who did what to which object, kept for accountability (issuing, withdrawals, role changes)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    data = models.JSONField(_("data"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    # Where the request came from (as `sib.core.clientip` reads it) and its id in the logs.
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=128, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "at"], name="core_audit_actor_at"),
            models.Index(fields=["ip_address", "at"], name="core_audit_ip_at"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class WorkerHeartbeat(models.Model):
    """A running `sib worker` says it is alive every few seconds; the readiness check reads it."""

    worker_id = models.CharField(_("worker"), max_length=100, unique=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"))
    seen_at = models.DateTimeField(_("last seen"), db_index=True)
    tasks_run = models.PositiveIntegerField(_("tasks run"), default=0)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} {self.seen_at:%Y-%m-%d %H:%M:%S}"


class EmailState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("e-mail", "Queued")
    SENDING = "sending", pgettext_lazy("e-mail", "Sending")
    SENT = "sent", pgettext_lazy("e-mail", "Sent")
    FAILED = "failed", pgettext_lazy("e-mail", "Failed")


class OutboundEmail(models.Model):
    """One message the platform sends, kept until it is delivered (`sib.core.mail`).

    Services write it inside their own transaction; the task worker sends it after the commit and
    retries it with a growing delay. `key` makes writing it idempotent: a retried job or a double
    click that would send the same message finds the row already there.
    """

    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    purpose = models.CharField(_("purpose"), max_length=80, db_index=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    from_email = models.CharField(_("from"), max_length=254)
    to = models.JSONField(_("to"), default=list)
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    text = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Or: the function that writes the message when it is delivered, and its arguments.
    renderer = models.CharField(_("renderer"), max_length=200, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # What the message is about (e.g. events.registration 12), for the pages that show its state.
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=EmailState.choices, default=EmailState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="core_email_due"),
            models.Index(fields=["object_type", "object_id"], name="core_email_object"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.state})"


class Theme(models.Model):
    """A field of social innovation (ageing, health, education…): tags challenges and projects.

    Shared reference data shipped by a data migration, so brokerage and studio both reach it."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class SdgGoal(models.Model):
    """One of the 17 UN Sustainable Development Goals (shipped by a data migration)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")

    def __str__(self) -> str:
        return f"SDG {self.number}: {self.title}"


class SdgTarget(models.Model):
    """One of the 169 targets of the SDGs (e.g. "4.4"), shipped by a data migration
    (decision 0706). `position` orders them as the UN numbers them (1.1 … 1.5, 1.a, 1.b, 2.1 …)."""

    goal = models.ForeignKey(
        SdgGoal, on_delete=models.PROTECT, related_name="targets", verbose_name=_("goal")
    )
    code = models.CharField(_("code"), max_length=8, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["position"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class TableGeneration(models.Model):
    """How many committed transactions have written a table (decision 0907).

    Bumped after each commit that wrote the table, read once per signed-in page view: a kept
    page is served while every table it read has the same generation, in every web process."""

    name = models.CharField(_("table"), max_length=100, primary_key=True)
    generation = models.BigIntegerField(_("generation"), default=0)

    class Meta:
        verbose_name = _("table generation")
        verbose_name_plural = _("table generations")

    def __str__(self) -> str:
        return f"{self.name} #{self.generation}"
