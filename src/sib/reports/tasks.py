"""Background work: a report file built by the task worker, its progress kept on the row."""

from __future__ import annotations

from django_tasks import task

from sib.reports import services


@task()
def run_report_export(*, export_id: str) -> str:
    return services.report_export_run(export_id=export_id).status
