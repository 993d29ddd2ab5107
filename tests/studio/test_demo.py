"""`sib demo` adds the pilot's 10 projects, each answering one of the 10 taken challenges."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sib.academy.models import Format
from sib.events.models import Presentation
from sib.studio.models import AgreedAction, Canvas, MentoringNote, Project, StageChange

pytestmark = pytest.mark.django_db


def test_demo_projects() -> None:
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    projects = list(Project.objects.select_related("team", "challenge"))
    assert len(projects) == 10
    assert len({p.challenge_id for p in projects if p.challenge_id}) == 10
    assert all(p.challenge.status != "open" for p in projects)
    assert Project.objects.filter(published_at__isnull=False).count() == 6
    assert all(p.team.mentors.exists() and p.lead_broker_id for p in projects)
    assert Canvas.objects.count() == 50
    keys = set(Canvas.objects.values_list("template__key", flat=True))
    assert {
        "challenge-card",
        "persona",
        "journey-map",
        "stakeholder-map",
        "theory-of-change",
    } == keys
    assert StageChange.objects.filter(reason="").count() == 0
    assert StageChange.objects.count() > 10
    assert MentoringNote.objects.count() == 30 and AgreedAction.objects.exists()
    assert all(
        n.session.format == Format.MENTORING and n.session.group_id == n.project.team_id
        for n in MentoringNote.objects.select_related("session", "project")
    )
    # Each showcase pitch is its team's own project, under the project's title, and published.
    presentations = list(Presentation.objects.select_related("project", "team"))
    assert len(presentations) == 5
    for presentation in presentations:
        project = presentation.project
        assert project is not None and project.team_id == presentation.team_id
        assert (presentation.project_title_pl, presentation.project_title_en) == (
            project.title_pl,
            project.title_en,
        )
        assert project.is_published
    # idempotent
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Project.objects.count() == 10
