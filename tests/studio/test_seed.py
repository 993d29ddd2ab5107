"""`sib seed` adds innovation projects and canvases at each scale (here S, after the academy)."""

from __future__ import annotations

import io
import random

import pytest
from django.db.models import Sum

from sib.academy import seed as academy_seed
from sib.academy.models import Group
from sib.core.scales import SCALES
from sib.studio import content, seed
from sib.studio.models import Canvas, Project, StageChange

pytestmark = pytest.mark.django_db


def test_seeder_adds_projects_with_canvases_and_versions_at_scale_s():
    scale = SCALES["S"]
    academy_seed.seed(scale=scale, rng=random.Random(1), stdout=io.StringIO())
    out = io.StringIO()
    seed.seed(scale=scale, rng=random.Random(1), stdout=out)
    assert Project.objects.count() == scale.projects
    teams = min(Group.objects.count(), scale.projects)
    assert Project.objects.filter(team__isnull=False).count() == teams
    assert StageChange.objects.count() == Project.objects.aggregate(n=Sum("stage"))["n"]
    canvases = list(Canvas.objects.select_related("latest", "template"))
    assert len(canvases) == 2 * scale.projects
    for canvas in canvases:
        assert canvas.version == canvas.latest.number == 2
        assert canvas.versions.count() == 2
        # Stored as the editor and the API store it: cleaning changes nothing.
        assert content.clean(canvas.template, canvas.content) == canvas.content
    assert Project.objects.filter(members__name_public=True).count() == teams
    assert f"Studio: {scale.projects} projects" in out.getvalue()
