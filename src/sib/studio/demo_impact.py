"""Milestones and impact indicators of the pilot's 10 projects (issue 14 demo): every figure is
computed from the demo's own records — the team's mentoring sessions in the academy, the stages
each project reached — never typed, so the pages and roll-ups show numbers one can check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.management.base import OutputWrapper
from django.utils import timezone

from sib.academy.models import Format, Session
from sib.accounts.demo import demo_email
from sib.accounts.models import User
from sib.studio import services
from sib.studio.models import Project

STARTED = dt.date(2023, 12, 7)
# The SDG targets an indicator of a project on each theme contributes to.
THEME_TARGETS = {
    "ageing": ["10.2"],
    "health": ["3.4"],
    "education": ["4.5"],
    "youth": ["8.6"],
    "employment": ["8.5"],
    "digital": ["4.4", "9.c"],
    "mobility": ["11.2"],
    "environment": ["11.6"],
    "energy": ["7.1"],
    "migration": ["10.7"],
    "disability": ["10.2"],
    "food": ["2.1"],
    "community": ["11.3"],
    "gender": ["5.5"],
    "housing": ["11.1"],
}
# Milestones of the implementation plan: (title pl, title en, due date, stage that completes it).
MILESTONES = [
    ("Prototyp gotowy do testów", "Prototype ready for testing", dt.date(2024, 3, 14), 3),
    ("Pilotaż zakończony", "Pilot finished", dt.date(2024, 6, 13), 4),
    ("Plan skalowania z partnerem", "Scaling plan agreed with a partner", dt.date(2024, 9, 30), 5),
]
# Reach checkpoints: the share of a project's final stage it had reached by each date.
CHECKPOINTS = [dt.date(2024, 3, 29), dt.date(2024, 5, 31), dt.date(2024, 6, 28)]


def _month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    ends = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        ends.append(following - dt.timedelta(days=1))
        year, month = following.year, following.month
    return ends


def mentoring_counts(project: Project, today: dt.date) -> tuple[int, list[tuple[dt.date, int]]]:
    """The team's mentoring sessions (the target) and, at the end of each month that has passed,
    how many of them had taken place."""
    if project.team is None:
        return 0, []
    days = sorted(
        session.starts_at.date()
        for session in Session.objects.filter(group=project.team, format=Format.MENTORING)
    )
    if not days:
        return 0, []
    ends = [end for end in _month_ends(days[0], days[-1]) if STARTED <= end <= today]
    return len(days), [(end, sum(1 for day in days if day <= end)) for end in ends]


def reach(final_stage: int, target: int) -> list[int]:
    """People reached at each checkpoint: the stage a project ends at (of the six) sets how far
    it got; the checkpoints grow towards that share."""
    share = Decimal(final_stage) / Decimal(5)
    steps = len(CHECKPOINTS)
    return [int(target * share * (n + 1) / steps) for n in range(steps)]


def people_target(project: Project) -> int:
    """Ten people for every participant on the team."""
    members = (
        project.team.enrolments.filter(withdrawn_on__isnull=True).count() if project.team else 0
    )
    return 10 * max(1, members)


def load(*, stdout: OutputWrapper, today: dt.date | None = None) -> None:
    coordinator = User.objects.filter(email=demo_email("coordinator")).first()
    if coordinator is None:
        return
    today = today or timezone.localdate()
    projects = (
        Project.objects.filter(team__edition__code="pilot-2023-24", indicators__isnull=True)
        .prefetch_related("themes")
        .order_by("pk")
    )
    added = 0
    for project in projects:
        for title_pl, title_en, due_on, stage in MILESTONES:
            services.milestone_save(
                actor=coordinator,
                project=project,
                data={
                    "title_pl": title_pl,
                    "title_en": title_en,
                    "due_on": due_on,
                    "done_on": due_on if project.stage >= stage else None,
                },
            )
        target, counts = mentoring_counts(project, today)
        if target:
            sessions = services.indicator_save(
                actor=coordinator,
                project=project,
                data={
                    "name_pl": "Spotkania mentoringowe zespołu",
                    "name_en": "Mentoring meetings of the team",
                    "unit": "spotkania / meetings",
                    "method": "Sesje mentoringowe grupy zapisane w akademii.",
                    "outcome": "Zespół regularnie pracuje z mentorem.",
                    "stakeholder_group": "Zespół projektu",
                    "baseline": Decimal(0),
                    "baseline_on": STARTED,
                    "target": Decimal(target),
                },
                sdg_targets=["4.4"],
            )
            for day, held in counts:
                services.measurement_add(
                    actor=coordinator,
                    indicator=sessions,
                    value=Decimal(held),
                    measured_on=day,
                    source="Harmonogram akademii / academy schedule",
                )
        codes = sorted(
            {code for t in project.themes.all() for code in THEME_TARGETS.get(t.key, [])}
        )
        people = people_target(project)
        reached = services.indicator_save(
            actor=coordinator,
            project=project,
            data={
                "name_pl": "Osoby, do których dotarł pilotaż",
                "name_en": "People the pilot reached",
                "unit": "osoby / people",
                "method": "Lista uczestników działań pilotażowych prowadzona przez zespół.",
                "outcome": "Mieszkańcy korzystają z rozwiązania.",
                "stakeholder_group": "Mieszkańcy objęci wyzwaniem",
                "breakdown": "płeć, grupa wieku",
                "baseline": Decimal(0),
                "baseline_on": STARTED,
                "target": Decimal(people),
                "target_on": dt.date(2024, 6, 30),
            },
            sdg_targets=codes or ["10.2"],
        )
        for day, value in zip(CHECKPOINTS, reach(project.stage, people), strict=True):
            if day <= today:
                services.measurement_add(
                    actor=coordinator,
                    indicator=reached,
                    value=Decimal(value),
                    measured_on=day,
                    source="Lista uczestników / attendance list",
                )
        added += 1
    if added:
        stdout.write(f"Studio: milestones and impact indicators for {added} projects")
