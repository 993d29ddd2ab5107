"""Services for a project's files (kept apart from `services.py` so the file rules read in one
place): size-capped by `SIB_PROJECT_FILE_MAX_MB`, typed by their content (magic bytes, never the
name), stored under a random name through Django's storage, deleted with their record."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from sib.core import filetypes
from sib.core.audit import audit_record
from sib.studio import policies
from sib.studio.models import Project, ProjectFile


def max_bytes() -> int:
    return settings.SIB_PROJECT_FILE_MAX_MB * 1024 * 1024


def _too_large() -> ValidationError:
    return ValidationError(
        {"file": _("The file is larger than %(mb)d MB.") % {"mb": settings.SIB_PROJECT_FILE_MAX_MB}}
    )


def check(upload: UploadedFile) -> tuple[bytes, filetypes.FileType]:
    """The upload's bytes and real type, or a ValidationError (too big, or not a kept type)."""
    limit = max_bytes()
    if upload.size is None or upload.size > limit:
        raise _too_large()
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large()
    kind = filetypes.sniff(data)
    if kind is None:
        raise ValidationError(
            {
                "file": _(
                    "This file is not a PDF, an image (PNG, JPEG, WebP), an office document "
                    "(Word, Excel, PowerPoint, OpenDocument) or plain text; it was not saved."
                )
            }
        )
    return data, kind


def _download_name(original: str, kind: filetypes.FileType) -> str:
    stem = get_valid_filename(original.rsplit(".", 1)[0])[:80] or "file"
    return f"{stem}.{kind.extension}"


def file_add(*, actor: Any, project: Project, upload: UploadedFile, title: str = "") -> ProjectFile:
    if not policies.can_manage_files(actor, project):
        raise PermissionDenied
    data, kind = check(upload)
    record = ProjectFile(
        project=project,
        title=title.strip()[:200],
        filename=_download_name(upload.name or "", kind),
        content_type=kind.content_type,
        size=len(data),
        uploaded_by=actor,
    )
    # A random stored name: nothing of the uploader's choosing reaches the storage.
    record.file.save(f"{secrets.token_urlsafe(12)}.{kind.extension}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            record.save()
            audit_record(actor=actor, action="studio.file.add", obj=project, file=record.pk)
    except Exception:
        record.file.delete(save=False)
        raise
    return record


def file_delete(*, actor: Any, record: ProjectFile) -> None:
    if not policies.can_manage_files(actor, record.project):
        raise PermissionDenied
    name = record.file.name
    storage = record.file.storage
    with transaction.atomic():
        audit_record(actor=actor, action="studio.file.delete", obj=record.project, file=record.pk)
        record.delete()
        transaction.on_commit(lambda: storage.delete(name))
