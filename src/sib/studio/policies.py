"""Who may see and change a project. Hidden projects answer 404, visible ones 403.

Team members (the group's participants who did not withdraw, and the project's added members) and
the lead broker read and edit; the group's mentors read and comment (only their own teams);
coordinators do everything; anyone reads a project once the team published it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from sib.academy.models import Enrolment
from sib.academy.policies import roles_of
from sib.accounts.policies import is_coordinator
from sib.brokerage.models import Challenge, IntroductionStatus
from sib.studio.models import Project, ProjectMember


def _signed_in(actor: Any) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_active)


def project_visibility(actor: Any) -> Q:
    """The filter of projects a person may read (used by every selector)."""
    if is_coordinator(actor):
        return Q()
    visible = Q(published_at__isnull=False)
    if _signed_in(actor):
        visible |= (
            Q(members__user_id=actor.pk)
            | Q(lead_broker_id=actor.pk)
            | Q(
                team__enrolments__user_id=actor.pk,
                team__enrolments__withdrawn_on__isnull=True,
            )
            | Q(team__mentors__id=actor.pk)
        )
    return visible


def added_member(user_id: Any, project: Project) -> ProjectMember | None:
    """The person's membership added to the project (not through the team): from the members
    the page read with the project (`selectors.project_get`), else one query."""
    if "members" in getattr(project, "_prefetched_objects_cache", {}):
        return next((m for m in project.members.all() if m.user_id == user_id), None)
    return project.members.filter(user_id=user_id).first()


def team_enrolments(project: Project) -> list[Enrolment]:
    """The team's participants who did not withdraw, with their accounts: read once per project
    object (one query), shared by the membership checks and the page's list of the team."""
    if not project.team_id:
        return []
    cached = project.__dict__.get("_sib_team_enrolments")
    if cached is None:
        cached = project.__dict__["_sib_team_enrolments"] = list(
            Enrolment.objects.filter(
                group_id=project.team_id, withdrawn_on__isnull=True
            ).select_related("user")
        )
    return cached


def is_member(actor: Any, project: Project) -> bool:
    """Asked by several checks of one page: answered once per person and project object, from
    the members read with the project and the team's participants read once (no query per
    check)."""
    if not _signed_in(actor):
        return False
    if project.lead_broker_id == actor.pk:
        return True
    known = project.__dict__.setdefault("_sib_members_known", {})
    if actor.pk not in known:
        known[actor.pk] = added_member(actor.pk, project) is not None or any(
            enrolment.user_id == actor.pk for enrolment in team_enrolments(project)
        )
    return known[actor.pk]


def is_mentor(actor: Any, project: Project) -> bool:
    """From the person's roles, read once per request (`sib.academy.policies.roles_of`)."""
    return bool(
        _signed_in(actor) and project.team_id and project.team_id in roles_of(actor).mentored_groups
    )


def can_view(actor: Any, project: Project) -> bool:
    return (
        project.is_published
        or is_coordinator(actor)
        or is_member(actor, project)
        or is_mentor(actor, project)
    )


def can_edit(actor: Any, project: Project) -> bool:
    """Title, summary, tags, stage, publishing: the team and coordinators."""
    return is_coordinator(actor) or is_member(actor, project)


def can_work_on_canvases(actor: Any, project: Project) -> bool:
    """TOOLKIT.md: team members, the team's mentors and coordinators may save a canvas."""
    return can_edit(actor, project) or is_mentor(actor, project)


def can_read_files(actor: Any, project: Project) -> bool:
    """Project files are the team's working material: the team, its mentors and coordinators.
    The public never downloads them, even from a published project (decision 0716)."""
    return is_coordinator(actor) or is_member(actor, project) or is_mentor(actor, project)


def can_manage_files(actor: Any, project: Project) -> bool:
    """Uploading and deleting: whoever may work on the canvases (team, mentors, coordinators)."""
    return can_work_on_canvases(actor, project)


def can_comment(actor: Any, project: Project) -> bool:
    return is_coordinator(actor) or is_mentor(actor, project)


def can_create(actor: Any) -> bool:
    """Projects that grow out of an edition are opened by coordinators."""
    return is_coordinator(actor)


def can_set_team(actor: Any) -> bool:
    """Which edition's group a project belongs to decides its mentors: coordinators choose."""
    return is_coordinator(actor)


def can_open_from_challenge(actor: Any, challenge: Challenge) -> bool:
    """A broker whose introduction to the challenge was accepted (or a coordinator)."""
    if is_coordinator(actor):
        return True
    return bool(
        _signed_in(actor)
        and challenge.introductions.filter(
            broker__user_id=actor.pk, status=IntroductionStatus.ACCEPTED
        ).exists()
    )
