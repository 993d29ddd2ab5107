"""Reads of the studio: each takes the actor and answers only what that person may see, with a
fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from sib.academy.models import Format, Session
from sib.accounts.policies import is_coordinator
from sib.core.models import SdgGoal, SdgTarget
from sib.core.selectors import linked_values
from sib.studio import policies
from sib.studio.models import (
    AgreedAction,
    Canvas,
    CanvasComment,
    CanvasTemplate,
    CanvasVersion,
    Indicator,
    Measurement,
    MentoringNote,
    Milestone,
    Project,
    ProjectFile,
    ProjectMember,
)


def project_list(*, actor: Any) -> QuerySet[Project]:
    visible = Project.objects.filter(
        pk__in=Project.objects.filter(policies.project_visibility(actor)).values("pk")
    )
    # The lists show the team and its edition; the API's tags are read for its page only, as
    # plain values (`project_api_rows`).
    return visible.select_related("team", "team__edition")


def project_api_rows(projects: Sequence[Project]) -> list[dict[str, Any]]:
    """A page of projects as the API's rows (`ProjectOut`), built as plain values: the themes
    and goals in one query each instead of a prefetch and a resolver per field and row."""
    ids = [project.pk for project in projects]
    themes = linked_values(Project, "themes", ids, "key")
    sdgs = linked_values(Project, "sdgs", ids, "number")
    return [
        {
            "id": p.pk,
            "title": p.title,
            "title_pl": p.title_pl or "",
            "title_en": p.title_en or "",
            "summary": p.summary or "",
            "voivodeship": p.voivodeship,
            "stage": p.stage,
            "team": p.team.name if p.team else None,
            "edition": p.team.edition.code if p.team else None,
            "challenge_id": p.challenge_id,
            "themes": themes.get(p.pk, []),
            "sdgs": sdgs.get(p.pk, []),
            "published": p.is_published,
            "published_at": p.published_at,
        }
        for p in projects
    ]


def project_get(*, actor: Any, project_id: int) -> Project:
    """The project, or 404 when it does not exist or the person may not read it."""
    project = (
        Project.objects.select_related("team", "team__edition", "lead_broker", "challenge")
        .prefetch_related(
            "themes",
            "sdgs",
            "stage_history",
            # The added members with their accounts in one query: the membership checks and the
            # team list read them from here (`policies.is_member`).
            Prefetch("members", queryset=ProjectMember.objects.select_related("user")),
        )
        .filter(pk=project_id)
        .first()
    )
    if project is None or not policies.can_view(actor, project):
        raise Http404
    return project


def team_people(project: Project) -> list[Any]:
    """Everyone on the team: the group's participants who stayed, then the added members."""
    people: dict[int, Any] = {}
    # Read once per project object, shared with the membership checks.
    for enrolment in policies.team_enrolments(project):
        people[enrolment.user_id] = enrolment.user
    for member in project.members.all():
        people.setdefault(member.user_id, member.user)
    return list(people.values())


def current_templates(*, blocks: bool = True) -> list[CanvasTemplate]:
    """The latest version of every tool, in the toolkit's order: one query (a version no newer
    version of its tool follows), and one more for the blocks when they are shown."""
    newer = CanvasTemplate.objects.filter(key=OuterRef("key"), version__gt=OuterRef("version"))
    templates = CanvasTemplate.objects.filter(~Exists(newer)).order_by("pk")
    return list(templates.prefetch_related("blocks") if blocks else templates)


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
    catalogue and the pages are current while it is the same. Written out, like the events'
    list stamp, because it is read on every anonymous visit (the ORM took longer to build it
    than the index `studio_showcase_state` takes to answer it, decision 0724)."""
    quote = connection.ops.quote_name
    sql = (
        f"SELECT COUNT(*), MAX({quote('updated_at')}) "  # noqa: S608 - quoted identifiers
        f"FROM {quote(Project._meta.db_table)} WHERE {quote('published_at')} IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


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
    if sdg or theme:
        # A join through a many-to-many table: the projects themselves, each once.
        rows = Project.objects.filter(pk__in=rows.values("pk"))
    # The cards show the goals (not the themes); the order is the index's (decision 0724).
    return rows.prefetch_related("sdgs").order_by("-published_at", "pk")


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


def milestones(project: Project) -> list[dict[str, Any]]:
    """The project's milestones by due date, each marked overdue when not done after its date
    (one query)."""
    today = timezone.localdate()
    return [
        {"milestone": milestone, "overdue": milestone.is_overdue(today)}
        for milestone in Milestone.objects.filter(project=project).order_by("due_on", "id")
    ]


def milestone_get(*, actor: Any, milestone_id: int) -> Milestone:
    """The milestone, or 404 when the person may not read its project."""
    milestone = Milestone.objects.select_related("project").filter(pk=milestone_id).first()
    if milestone is None or not policies.can_view(actor, milestone.project):
        raise Http404
    return milestone


def progress_percent(indicator: Indicator, value: Decimal | None) -> int | None:
    """How far from baseline to target a value has come, 0–100 (None without a value)."""
    span = indicator.target - indicator.baseline
    if value is None or not span:
        return None
    return max(0, min(100, round(float((value - indicator.baseline) / span) * 100)))


def indicator_progress(project: Project) -> list[dict[str, Any]]:
    """Each indicator with its SDG targets, its measurements and the share of the way from
    baseline to target the latest measurement reached (3 queries however many there are)."""
    rows = []
    indicators = project.indicators.prefetch_related(
        "measurements", Prefetch("sdg_targets", queryset=SdgTarget.objects.order_by("position"))
    )
    for indicator in indicators:
        values = list(indicator.measurements.all())
        latest = values[-1] if values else None
        rows.append(
            {
                "indicator": indicator,
                "measurements": values,
                "latest": latest,
                "percent": progress_percent(indicator, latest.value if latest else None),
            }
        )
    return rows


def project_files(project: Project) -> QuerySet[ProjectFile]:
    """A project's files, newest first, with who uploaded them (one query)."""
    return project.files.select_related("uploaded_by")


def indicator_get(*, actor: Any, indicator_id: int) -> Indicator:
    """The indicator with its project, or 404 when the person may not read the project."""
    indicator = (
        Indicator.objects.select_related("project", "project__team")
        .prefetch_related(Prefetch("sdg_targets", queryset=SdgTarget.objects.order_by("position")))
        .filter(pk=indicator_id)
        .first()
    )
    if indicator is None or not policies.can_view(actor, indicator.project):
        raise Http404
    return indicator


def measurements(indicator: Indicator) -> QuerySet[Measurement]:
    return indicator.measurements.select_related("recorded_by").order_by("measured_on", "id")


def indicators_for_api(indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
    """Indicators with their SDG targets, how many measurements they have and their latest one
    (`latest_measurements`, a list of at most one): four queries for any number."""
    latest_ids = Subquery(
        Measurement.objects.filter(indicator=OuterRef("indicator_id"))
        .order_by("-measured_on", "-id")
        .values("id")[:1]
    )
    latest = Measurement.objects.annotate(latest_id=latest_ids).filter(id=F("latest_id"))
    return (
        indicators.annotate(measurement_count=Count("measurements"))
        .prefetch_related(
            Prefetch("sdg_targets", queryset=SdgTarget.objects.order_by("position")),
            Prefetch("measurements", queryset=latest, to_attr="latest_measurements"),
        )
        .order_by("id")
    )


def _latest_value() -> Subquery:
    return Subquery(
        Measurement.objects.filter(indicator=OuterRef("pk"))
        .order_by("-measured_on", "-id")
        .values("value")[:1]
    )


def impact_rollups(*, actor: Any) -> dict[str, list[dict[str, Any]]]:
    """Indicators and projects the person may read, rolled up by region and by SDG: projects,
    projects with indicators, indicators, indicators measured, mean progress and indicators that
    reached their target. A fixed number of queries however many indicators there are."""
    visible = Project.objects.filter(policies.project_visibility(actor)).values("pk")
    projects = list(
        Project.objects.filter(pk__in=visible).values_list("pk", "voivodeship").order_by("pk")
    )
    region_of = dict(projects)
    indicators = list(
        Indicator.objects.filter(project_id__in=region_of)
        .annotate(latest_value=_latest_value())
        .prefetch_related("sdg_targets")
        .order_by("pk")
    )
    project_goals = {
        (row["pk"], row["sdgs__number"])
        for row in Project.objects.filter(pk__in=visible, sdgs__isnull=False).values(
            "pk", "sdgs__number"
        )
    }

    goal_numbers = dict(SdgGoal.objects.values_list("pk", "number"))

    def blank() -> dict[str, Any]:
        return {"projects": set(), "with": set(), "indicators": 0, "measured": 0, "shares": []}

    regions: dict[str, dict[str, Any]] = {}
    goals: dict[int, dict[str, Any]] = {}
    for pk, region in projects:
        regions.setdefault(region, blank())["projects"].add(pk)
    for pk, number in project_goals:
        goals.setdefault(number, blank())["projects"].add(pk)
    for indicator in indicators:
        share = progress_percent(indicator, indicator.latest_value)
        numbers = {target.goal_id for target in indicator.sdg_targets.all()}
        buckets = [regions.setdefault(region_of[indicator.project_id], blank())]
        buckets += [goals.setdefault(goal_numbers[g], blank()) for g in numbers] if numbers else []
        for bucket in buckets:
            bucket["projects"].add(indicator.project_id)
            bucket["with"].add(indicator.project_id)
            bucket["indicators"] += 1
            if share is not None:
                bucket["measured"] += 1
                bucket["shares"].append(share)

    def finish(key: Any, bucket: dict[str, Any]) -> dict[str, Any]:
        shares = bucket["shares"]
        return {
            "key": key,
            "projects": len(bucket["projects"]),
            "projects_with_indicators": len(bucket["with"]),
            "indicators": bucket["indicators"],
            "measured": bucket["measured"],
            "mean_progress": round(sum(shares) / len(shares)) if shares else None,
            "met": sum(1 for share in shares if share >= 100),
        }

    return {
        "regions": [finish(key, regions[key]) for key in sorted(regions)],
        "goals": [finish(key, goals[key]) for key in sorted(goals)],
    }
