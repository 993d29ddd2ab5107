"""Writes of the reports app: report exports requested, run in the background, with progress."""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sib.core.audit import audit_record
from sib.reports import selectors
from sib.reports.models import ExportStatus, ReportExport

logger = logging.getLogger(__name__)
FORMATS = ("pdf", "xlsx")


def scope_for(*, actor: Any, kind: str, pk: int | None) -> Any:
    """The scope a person asked for; 404/403 as the selectors decide."""
    if kind == "edition":
        return selectors.scope_edition(actor=actor, edition_id=pk)  # type: ignore[arg-type]
    if kind == "programme":
        return selectors.scope_programme(actor=actor, programme_id=pk)  # type: ignore[arg-type]
    return selectors.scope_all(actor=actor)


@transaction.atomic
def report_export_request(
    *, actor: Any, kind: str, pk: int | None, fmt: str, language: str
) -> ReportExport:
    """Queue a PDF or XLSX of the report; the worker builds it (see `report_export_run`)."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    scope_for(actor=actor, kind=kind, pk=pk)  # refuses what the person may not report on
    export = ReportExport.objects.create(
        requested_by=actor, scope_kind=kind, scope_pk=pk, format=fmt, language=language
    )
    audit_record(actor=actor, action="report.export", obj=export, format=fmt, scope=kind)
    from sib.reports.tasks import run_report_export

    transaction.on_commit(lambda: run_report_export.enqueue(export_id=str(export.pk)))
    return export


def _step(export: ReportExport, progress: int, step: str) -> None:
    export.progress, export.step = progress, step
    ReportExport.objects.filter(pk=export.pk).update(progress=progress, step=step)


def report_export_run(*, export_id: str) -> ReportExport:
    """Build the file as the person who asked for it, in their language. Running it again for a
    finished export does nothing (idempotent)."""
    from sib.reports.exports import render_report_pdf, workbook_bytes

    export = ReportExport.objects.select_related("requested_by").get(pk=export_id)
    if export.status == ExportStatus.DONE:
        return export
    ReportExport.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING)
    try:
        with translation.override(export.language):
            _step(export, 5, _("Computing the figures"))
            scope = scope_for(actor=export.requested_by, kind=export.scope_kind, pk=export.scope_pk)
            report = selectors.report_build(actor=export.requested_by, scope=scope)
            _step(export, 30, _("Drawing the charts and laying out the pages"))
            if export.format == "pdf":
                content = render_report_pdf(report)
            else:
                content = workbook_bytes(report)
            filename = selectors.report_filename(scope, export.format)
    except Exception:
        logger.exception("Report export %s failed", export.pk)
        ReportExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, finished_at=timezone.now()
        )
        export.refresh_from_db()
        return export
    # In the file storage under the export's id (no name or scope in the path), shared by hosts.
    export.file.save(f"{export.pk}.{export.format}", ContentFile(content), save=False)
    ReportExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.DONE,
        progress=100,
        step="",
        file=export.file.name,
        filename=filename,
        finished_at=timezone.now(),
    )
    export.refresh_from_db()
    return export
