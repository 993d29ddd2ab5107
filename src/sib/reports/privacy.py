"""The reports' part of a person's data: the report files they asked for."""

from __future__ import annotations

from typing import Any

from sib.accounts.models import User
from sib.core.privacy import PersonalData
from sib.reports.models import ReportExport


def export(*, person: User) -> dict[str, Any]:
    return {
        "report_files_requested": list(
            ReportExport.objects.filter(requested_by=person).values(
                "id", "format", "scope_kind", "status", "created_at"
            )
        ),
    }


def erase(*, person: User) -> None:
    for export_ in ReportExport.objects.filter(requested_by=person):
        if export_.file:
            export_.file.delete(save=False)
        export_.delete()


PERSONAL_DATA = PersonalData(
    app="reports",
    covers=("reports.reportexport",),
    export=export,
    erase=erase,
)


def purge(*, now: Any, dry_run: bool = False) -> list[Any]:
    """Generated report files are deleted `SIB_REPORT_FILE_RETENTION_DAYS` after they were asked
    for (the report can be generated again)."""
    import datetime as dt

    from django.conf import settings

    from sib.core.retention import Purged

    days = settings.SIB_REPORT_FILE_RETENTION_DAYS
    due = ReportExport.objects.filter(created_at__lt=now - dt.timedelta(days=days))
    if dry_run:
        return [Purged("report files", due.count(), days)]
    count = 0
    for export_ in due:
        if export_.file:
            export_.file.delete(save=False)
        export_.delete()
        count += 1
    return [Purged("report files", count, days)]
