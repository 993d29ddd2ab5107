"""`sib demo` gives each of the pilot's projects milestones and impact indicators with
measurements whose figures come from the demo's own records (checked here against them)."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from sib.academy.models import Format, Session
from sib.studio import selectors
from sib.studio.demo_impact import MILESTONES
from sib.studio.models import Indicator, Measurement, Milestone, Project

pytestmark = pytest.mark.django_db


def test_demo_milestones_and_indicators_come_from_the_records():
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    projects = list(Project.objects.select_related("team").order_by("pk"))
    assert len(projects) == 10
    today = timezone.localdate()
    for project in projects:
        rows = selectors.milestones(project)
        assert len(rows) == len(MILESTONES)
        for row, (_pl, _en, due_on, stage) in zip(rows, MILESTONES, strict=True):
            assert (row["milestone"].done_on is not None) == (project.stage >= stage)
            assert row["overdue"] == (row["milestone"].done_on is None and due_on < today)
        sessions = Session.objects.filter(group=project.team, format=Format.MENTORING)
        meetings = project.indicators.get(name_en="Mentoring meetings of the team")
        assert meetings.target == sessions.count()
        latest = meetings.measurements.order_by("measured_on").last()
        assert latest.value == sessions.filter(starts_at__date__lte=latest.measured_on).count()
        reached = project.indicators.get(name_en="People the pilot reached")
        assert reached.sdg_targets.exists() and reached.measurements.count() == 3
        values = list(reached.measurements.values_list("value", flat=True))
        assert values == sorted(values) and values[-1] <= reached.target
    assert Milestone.objects.filter(done_on__isnull=True).exists()
    assert any(row["overdue"] for p in projects for row in selectors.milestones(p))
    # idempotent
    counts = (Milestone.objects.count(), Indicator.objects.count(), Measurement.objects.count())
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert counts == (
        Milestone.objects.count(),
        Indicator.objects.count(),
        Measurement.objects.count(),
    )
