"""Builders for studio tests: a project of an edition's team, through the services."""

from __future__ import annotations

from typing import Any

from sib.studio import services
from sib.studio.models import Project
from tests.factories import CoordinatorFactory, EnrolmentFactory, GroupFactory, UserFactory


def team_project(
    *, members: int = 2, mentor: Any = None, published: bool = False, **data: Any
) -> Project:
    """A project whose team is a group with `members` participants and one mentor."""
    coordinator = CoordinatorFactory()
    group = GroupFactory()
    for _n in range(members):
        EnrolmentFactory(edition=group.edition, group=group, user=UserFactory())
    group.mentors.add(mentor or UserFactory())
    fields = {
        "title_pl": "Projekt",
        "title_en": "A project",
        "summary_pl": "Opis",
        "summary_en": "Summary",
        "voivodeship": "malopolskie",
    }
    fields.update(data)
    project = services.project_create(actor=coordinator, data=fields, team=group)
    if published:
        services.project_publish(actor=coordinator, project=project, published=True)
    return project


def member_of(project: Project) -> Any:
    return project.team.enrolments.select_related("user").first().user


def mentor_of(project: Project) -> Any:
    return project.team.mentors.first()
