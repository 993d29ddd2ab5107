"""Reads of the studio: each takes the actor and answers only what that person may see, with a
fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sib.studio import policies
from sib.studio.models import Project


def project_list(*, actor: Any) -> QuerySet[Project]:
    visible = Project.objects.filter(
        pk__in=Project.objects.filter(policies.project_visibility(actor)).values("pk")
    )
    return visible.select_related(
        "team", "team__edition", "lead_broker", "challenge"
    ).prefetch_related("themes", "sdgs")


def project_get(*, actor: Any, project_id: int) -> Project:
    """The project, or 404 when it does not exist or the person may not read it."""
    project = (
        Project.objects.select_related("team", "team__edition", "lead_broker", "challenge")
        .prefetch_related("themes", "sdgs", "stage_history", "members__user")
        .filter(pk=project_id)
        .first()
    )
    if project is None or not policies.can_view(actor, project):
        raise Http404
    return project


def team_people(project: Project) -> list[Any]:
    """Everyone on the team: the group's participants who stayed, then the added members."""
    people: dict[int, Any] = {}
    if project.team_id:
        for enrolment in project.team.enrolments.filter(withdrawn_on__isnull=True).select_related(
            "user"
        ):
            people[enrolment.user_id] = enrolment.user
    for member in project.members.all():
        people.setdefault(member.user_id, member.user)
    return list(people.values())
