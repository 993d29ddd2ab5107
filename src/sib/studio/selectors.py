"""Reads of the studio: each takes the actor and answers only what that person may see, with a
fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sib.academy.models import Format, Session
from sib.accounts.policies import is_coordinator
from sib.studio import policies
from sib.studio.models import (
    AgreedAction,
    Canvas,
    CanvasComment,
    CanvasTemplate,
    CanvasVersion,
    MentoringNote,
    Project,
    ProjectFile,
)


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


def current_templates() -> list[CanvasTemplate]:
    """The latest version of every tool, in the toolkit's order (two queries)."""
    latest = CanvasTemplate.objects.values("key").annotate(top=Max("version"))
    wanted = Q()
    for row in latest:
        wanted |= Q(key=row["key"], version=row["top"])
    if not latest:
        return []
    return list(CanvasTemplate.objects.filter(wanted).order_by("pk").prefetch_related("blocks"))


def template_get(*, template_id: int) -> CanvasTemplate:
    template = CanvasTemplate.objects.prefetch_related("blocks").filter(pk=template_id).first()
    if template is None:
        raise Http404
    return template


def template_versions(*, key: str) -> QuerySet[CanvasTemplate]:
    return CanvasTemplate.objects.filter(key=key).order_by("-version")


def canvas_get(*, actor: Any, canvas_id: int) -> Canvas:
    """The canvas with its latest version and template blocks (fixed queries, however many
    versions it has); 404 when the person may not read its project."""
    canvas = (
        Canvas.objects.select_related(
            "project", "project__team", "template", "latest", "latest__saved_by"
        )
        .prefetch_related("template__blocks")
        .filter(pk=canvas_id)
        .first()
    )
    if canvas is None or not policies.can_view(actor, canvas.project):
        raise Http404
    return canvas


def canvas_versions(canvas: Canvas) -> QuerySet[CanvasVersion]:
    """The history without the contents (a list to pick two from)."""
    return canvas.versions.select_related("saved_by").defer("content").order_by("-number")


def canvas_version(canvas: Canvas, number: int) -> CanvasVersion:
    version = canvas.versions.filter(number=number).first()
    if version is None:
        raise Http404
    return version


def canvas_comments(canvas: Canvas) -> dict[str, list[CanvasComment]]:
    by_block: dict[str, list[CanvasComment]] = {}
    for comment in canvas.comments.select_related("author"):
        by_block.setdefault(comment.block_key, []).append(comment)
    return by_block


def compare(template: CanvasTemplate, old: dict, new: dict) -> list[dict[str, Any]]:
    """Block by block: label, the two values, and whether they differ."""
    return [
        {
            "block": block,
            "old": old.get(block.key),
            "new": new.get(block.key),
            "changed": old.get(block.key) != new.get(block.key),
        }
        for block in template.blocks.all()
    ]


def mentoring_log(project: Project) -> list[dict[str, Any]]:
    """The team's mentoring sessions, oldest first, each with its notes and actions (3 queries)."""
    if not project.team_id:
        return []
    sessions = list(
        Session.objects.filter(group_id=project.team_id, format=Format.MENTORING)
        .select_related("module", "leader")
        .order_by("starts_at")
    )
    notes = {
        note.session_id: note
        for note in MentoringNote.objects.filter(project=project, session__in=sessions)
        .select_related("written_by")
        .prefetch_related("actions__owner")
    }
    return [{"session": s, "note": notes.get(s.pk)} for s in sessions]


def mentor_overview(*, actor: Any) -> list[dict[str, Any]]:
    """The mentor's teams: each project with its open actions, the overdue ones flagged, and the
    next meeting agreed. Coordinators see every project with a team."""
    projects = Project.objects.filter(team__isnull=False)
    if not is_coordinator(actor):
        projects = projects.filter(team__mentors=actor)
    projects = projects.select_related("team").prefetch_related(
        Prefetch(
            "actions",
            queryset=AgreedAction.objects.filter(done_on__isnull=True).select_related("owner"),
            to_attr="open_actions",
        )
    )
    today = timezone.localdate()
    rows = []
    for project in projects.distinct().order_by("title"):
        overdue = [a for a in project.open_actions if a.due_on and a.due_on < today]
        rows.append({"project": project, "open": project.open_actions, "overdue": overdue})
    return rows


# --- the public innovation showcase --------------------------------------------------------------


def showcase_stamp() -> tuple[Any, ...]:
    """What the public pages show changes only with these (one query): the kept copies of the
    catalogue and the pages are current while it is the same."""
    row = Project.objects.filter(published_at__isnull=False).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    return (row["n"], row["last"])


def showcase(
    *,
    q: str = "",
    voivodeship: str = "",
    stage: int | None = None,
    sdg: int | None = None,
    theme: str = "",
) -> QuerySet[Project]:
    """Published projects only, filtered, newest first."""
    rows = Project.objects.filter(published_at__isnull=False)
    if voivodeship:
        rows = rows.filter(voivodeship=voivodeship)
    if stage:
        rows = rows.filter(stage=stage)
    if sdg:
        rows = rows.filter(sdgs__number=sdg)
    if theme:
        rows = rows.filter(themes__key=theme)
    if q:
        words = Q()
        for field in ("title_pl", "title_en", "summary_pl", "summary_en"):
            words |= Q(**{f"{field}__icontains": q})
        rows = rows.filter(words)
    return (
        Project.objects.filter(pk__in=rows.values("pk"))
        .prefetch_related("themes", "sdgs")
        .order_by("-published_at", "pk")
    )


def showcase_get(*, project_id: int) -> Project:
    project = (
        Project.objects.filter(pk=project_id, published_at__isnull=False)
        .select_related("challenge")
        .prefetch_related("themes", "sdgs")
        .first()
    )
    if project is None:
        raise Http404
    return project


def public_names(project: Project) -> list[str]:
    """Only the names of team members who agreed to show them."""
    return [
        str(member.user)
        for member in project.members.filter(name_public=True).select_related("user")
    ]


def my_projects(*, actor: Any) -> QuerySet[Project]:
    """The projects the person works on (member, group participant or lead broker)."""
    if not (actor and actor.is_authenticated):
        return Project.objects.none()
    mine = Project.objects.filter(
        Q(members__user_id=actor.pk)
        | Q(lead_broker_id=actor.pk)
        | Q(team__enrolments__user_id=actor.pk, team__enrolments__withdrawn_on__isnull=True)
    )
    return Project.objects.filter(pk__in=mine.values("pk")).order_by("title")


def indicator_progress(project: Project) -> list[dict[str, Any]]:
    """Each indicator with its measurements and the share of the way from baseline to target
    the latest measurement reached (2 queries)."""
    rows = []
    for indicator in project.indicators.prefetch_related("measurements"):
        values = list(indicator.measurements.all())
        latest = values[-1] if values else None
        span = indicator.target - indicator.baseline
        share = None
        if latest is not None and span:
            share = max(0, min(100, round(float((latest.value - indicator.baseline) / span) * 100)))
        rows.append(
            {"indicator": indicator, "measurements": values, "latest": latest, "percent": share}
        )
    return rows


def project_files(project: Project) -> QuerySet[ProjectFile]:
    """A project's files, newest first, with who uploaded them (one query)."""
    return project.files.select_related("uploaded_by")
