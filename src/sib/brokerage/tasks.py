"""Background work: large batch match runs (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import task

from sib.brokerage import services


@task()
def run_matching(*, run_id: int) -> float:
    """Run a queued batch; progress and the result are kept on the `MatchRun` row."""
    return services.match_run_execute(run_id=run_id).total_score
