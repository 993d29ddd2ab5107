"""Background work: batch issuance runs in the task worker (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import task

from sib.credentials import services


@task()
def run_issuance_job(*, job_id: int) -> int:
    """Issue an edition's credentials; progress is kept on the `IssuanceJob` row."""
    job = services.issuance_job_run(job_id=job_id)
    return job.issued
