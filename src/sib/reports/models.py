"""Report exports that run in the background, with their progress (the PDF takes seconds)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class ReportExport(models.Model):
    """One requested file. The finished file is kept in the file storage (object storage when
    several hosts serve the site) so any web process can serve it; only the person who asked
    for it may download it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_exports"
    )
    scope_kind = models.CharField(max_length=12)  # all | edition | programme
    scope_pk = models.PositiveIntegerField(null=True, blank=True)
    format = models.CharField(max_length=8)  # pdf | xlsx
    language = models.CharField(max_length=8)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to="reports/exports/", blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")

    def __str__(self) -> str:
        return f"{self.format} {self.scope_kind} {self.scope_pk or ''} ({self.status})"
