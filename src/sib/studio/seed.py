"""Synthetic innovation projects for benchmarks (`sib seed --scale S|M|L`).

Rows in bulk, after the academy's and the brokerage's seeders: `scale.projects` projects, one per
group of the seeded editions while there are groups (the rest have no group, as projects opened
from a challenge), at stages 1–6 with their dated history, two to three themes and SDGs, about
60 % published; each with a challenge card and a stakeholder map (the map drawn as the
power/interest chart), each saved twice (two versions), and one team member's name consent.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from sib.academy.models import Enrolment, Group
from sib.accounts.choices import Voivodeship
from sib.core.models import SdgGoal, Theme
from sib.core.scales import Scale
from sib.studio import content as canvas_content
from sib.studio.models import (
    Canvas,
    CanvasTemplate,
    CanvasVersion,
    Project,
    ProjectMember,
    StageChange,
)

REGIONS = [code for code in Voivodeship.values if code != Voivodeship.ABROAD]
KINDS = ["public", "private", "civil society", "funder", "beneficiary group"]


def seed(*, scale: Scale, rng: random.Random, stdout: Any) -> None:
    with transaction.atomic():
        _seed(scale, rng, stdout)


def _challenge_card(n: int, rng: random.Random) -> dict[str, Any]:
    return {
        "challenge": f"Wyzwanie projektu {n}: jak dotrzeć do mieszkańców, którzy nie korzystają z usług?",
        "affected": "Seniorzy i rodziny w małych miejscowościach.",
        "where": f"Gmina {n % 500}",
        "evidence": [f"Wywiad {i + 1}" for i in range(rng.randint(2, 6))],
        "causes": ["Brak transportu", "Mała wiedza o usługach", "Rozproszone informacje"],
        "existing": ["Klub seniora", "Punkt informacyjny"],
        "stakeholders": ["Gmina", "Organizacje pozarządowe", "Mieszkańcy"],
        "hmw": ["Jak moglibyśmy razem z mieszkańcami zaprojektować usługę?"],
    }


def _stakeholders(rng: random.Random) -> dict[str, Any]:
    count = rng.randint(3, 10)
    columns = [f"Interesariusz {i + 1}" for i in range(count)]
    return {
        "stakeholders": {
            "columns": columns,
            "cells": {
                "name": [f"Organizacja {rng.randint(1, 999)}" for _ in columns],
                "type": [rng.choice(KINDS) for _ in columns],
                "level": [rng.choice(["local", "regional"]) for _ in columns],
                "power": [str(rng.randint(1, 5)) for _ in columns],
                "interest": [str(rng.randint(1, 5)) for _ in columns],
                "relationship": ["partner" for _ in columns],
                "strategy": ["" for _ in columns],
                "owner": ["lider" for _ in columns],
            },
        }
    }


def _seed(scale: Scale, rng: random.Random, stdout: Any) -> None:
    now = timezone.now()
    groups = list(Group.objects.order_by("pk")[: scale.projects])
    themes = list(Theme.objects.all())
    goals = list(SdgGoal.objects.all())
    # Blocks prefetched: checking each content against its template reads no more rows.
    templates = CanvasTemplate.objects.prefetch_related("blocks").order_by("-version")
    card = templates.filter(key="challenge-card").first()
    stakeholder_map = templates.filter(key="stakeholder-map").first()
    projects = Project.objects.bulk_create(
        [
            Project(
                title=f"Projekt {n + 1}",
                title_pl=f"Projekt {n + 1}",
                title_en=f"Project {n + 1}",
                summary=f"Zespół projektu {n + 1} projektuje usługę z mieszkańcami.",
                summary_pl=f"Zespół projektu {n + 1} projektuje usługę z mieszkańcami.",
                summary_en=f"The team of project {n + 1} designs a service with residents.",
                team=groups[n] if n < len(groups) else None,
                voivodeship=rng.choice(REGIONS),
                stage=rng.randint(1, 6),
                published_at=now if rng.random() < 0.6 else None,
            )
            for n in range(scale.projects)
        ],
        batch_size=2000,
    )
    start = dt.date(2024, 1, 8)
    StageChange.objects.bulk_create(
        [
            StageChange(
                project=p,
                stage=stage,
                changed_on=start + dt.timedelta(days=30 * (stage - 1)),
                reason="Projekt otwarty" if stage == 1 else "Kolejny etap",
            )
            for p in projects
            for stage in range(1, p.stage + 1)
        ],
        batch_size=5000,
    )
    tagged = Project.themes.through
    tagged.objects.bulk_create(
        [
            tagged(project_id=p.pk, theme_id=t.pk)
            for p in projects
            for t in rng.sample(themes, min(len(themes), rng.randint(1, 3)))
        ],
        batch_size=5000,
    )
    goals_of = Project.sdgs.through
    goals_of.objects.bulk_create(
        [
            goals_of(project_id=p.pk, sdggoal_id=g.pk)
            for p in projects
            for g in rng.sample(goals, min(len(goals), rng.randint(1, 3)))
        ],
        batch_size=5000,
    )
    first_member = dict(
        Enrolment.objects.filter(group__in=groups, withdrawn_on__isnull=True)
        .order_by("-pk")
        .values_list("group_id", "user_id")
    )
    ProjectMember.objects.bulk_create(
        [
            ProjectMember(project=p, user_id=first_member[p.team_id], name_public=True)
            for p in projects
            if p.team_id in first_member
        ],
        batch_size=5000,
    )
    canvases = []
    contents = []
    for n, project in enumerate(projects):
        author = first_member.get(project.team_id or 0)
        for template, content in (
            (card, _challenge_card(n, rng)),
            (stakeholder_map, _stakeholders(rng)),
        ):
            if template is None:
                continue
            canvases.append(
                Canvas(project=project, template=template, version=2, created_by_id=author)
            )
            contents.append((canvas_content.clean(template, content), author))
    canvases = Canvas.objects.bulk_create(canvases, batch_size=2000)
    versions = CanvasVersion.objects.bulk_create(
        [
            CanvasVersion(
                canvas=canvas,
                number=number,
                content=content,
                saved_by_id=author,
                saved_at=now - dt.timedelta(days=2 - number),
            )
            for canvas, (content, author) in zip(canvases, contents, strict=True)
            for number in (1, 2)
        ],
        batch_size=2000,
    )
    latest = {v.canvas_id: v for v in versions if v.number == 2}
    for canvas in canvases:
        canvas.latest = latest[canvas.pk]
    Canvas.objects.bulk_update(canvases, ["latest"], batch_size=2000)
    published = sum(1 for p in projects if p.published_at)
    stdout.write(
        f"Studio: {len(projects)} projects ({published} published), {len(canvases)} canvases, "
        f"{len(versions)} versions"
    )
