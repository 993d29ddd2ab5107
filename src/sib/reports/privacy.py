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
