"""The studio in the API: projects (and, later, canvases), permission-checked like the pages."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from sib.accounts.http import AuthenticatedHttpRequest
from sib.api.auth import SessionAuth, TokenAuth
from sib.core.forms import TEXT_MAX_LENGTH
from sib.core.pagination import BoundedPagination, PagedRows
from sib.core.problems import PROBLEM_CONTENT_TYPE, problem_body
from sib.studio import policies, selectors, services
from sib.studio.models import Canvas, Indicator, Project

router = Router(tags=["studio"])


class _SignedInSession(SessionAuth):
    """The browser session when there is one; a request without the cookie goes on as a visitor."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super()._get_key(request)


def _visitor(request: HttpRequest) -> Any:
    return AnonymousUser()


# Published projects are public; a visitor's list holds only those.
PUBLIC = [TokenAuth(), _SignedInSession(), _visitor]


class StageChangeOut(Schema):
    stage: int
    changed_on: dt.date
    reason: str


# The list's rows are plain values (`selectors.project_api_rows`), validated without resolvers;
# the detail reads a model instance through those of `ProjectDetailOut`.
class ProjectOut(Schema):
    id: int
    title: str
    title_pl: str
    title_en: str
    summary: str
    voivodeship: str
    stage: int = Field(description="Open Book stage 1–6.")
    team: str | None = Field(description="The academy group that is the team, if any.")
    edition: str | None = Field(description="The edition code of the team's group.")
    challenge_id: int | None
    themes: list[str] = Field(description="Theme keys.")
    sdgs: list[int] = Field(description="SDG goal numbers.")
    published: bool
    published_at: dt.datetime | None


class CanvasBriefOut(Schema):
    id: int
    template: str
    template_version: int
    title: str
    version: int

    @staticmethod
    def resolve_template(obj: Canvas) -> str:
        return obj.template.key

    @staticmethod
    def resolve_template_version(obj: Canvas) -> int:
        return obj.template.version


class ProjectDetailOut(ProjectOut):
    history: list[StageChangeOut]
    canvases: list[CanvasBriefOut]

    @staticmethod
    def resolve_title_pl(obj: Project) -> str:
        return obj.title_pl or ""

    @staticmethod
    def resolve_title_en(obj: Project) -> str:
        return obj.title_en or ""

    @staticmethod
    def resolve_summary(obj: Project) -> str:
        return obj.summary or ""

    @staticmethod
    def resolve_team(obj: Project) -> str | None:
        return obj.team.name if obj.team else None

    @staticmethod
    def resolve_edition(obj: Project) -> str | None:
        return obj.team.edition.code if obj.team else None

    @staticmethod
    def resolve_themes(obj: Project) -> list[str]:
        return [theme.key for theme in obj.themes.all()]

    @staticmethod
    def resolve_sdgs(obj: Project) -> list[int]:
        return [goal.number for goal in obj.sdgs.all()]

    @staticmethod
    def resolve_published(obj: Project) -> bool:
        return obj.is_published

    @staticmethod
    def resolve_canvases(obj: Project) -> list[Any]:
        return list(obj.canvases.select_related("template"))

    @staticmethod
    def resolve_history(obj: Project) -> list[Any]:
        return list(obj.stage_history.all())


@router.get(
    "/projects",
    response=list[ProjectOut],
    auth=PUBLIC,
    summary="Innovation projects the caller may read (coordinators: all; visitors: published)",
)
@paginate(BoundedPagination)
def project_list(request: HttpRequest) -> PagedRows[Project]:
    return PagedRows(
        selectors.project_list(actor=request.user).order_by("id"),
        page=selectors.project_api_rows,
    )


@router.get("/projects/{project_id}", response=ProjectDetailOut, auth=PUBLIC)
def project_detail(request: HttpRequest, project_id: int) -> Any:
    return selectors.project_get(actor=request.user, project_id=project_id)


# --- canvases ------------------------------------------------------------------------------------


class CanvasOut(Schema):
    id: int
    project_id: int
    template: str = Field(description="The template's key.")
    template_version: int
    title: str
    version: int = Field(description="The latest version; send it back with PUT.")
    saved_by: str | None
    saved_at: dt.datetime | None
    content: dict[str, Any] = Field(description="Keyed by block (see the template's blocks).")

    @staticmethod
    def resolve_template(obj: Canvas) -> str:
        return obj.template.key

    @staticmethod
    def resolve_template_version(obj: Canvas) -> int:
        return obj.template.version

    @staticmethod
    def resolve_saved_by(obj: Canvas) -> str | None:
        saver = obj.latest.saved_by if obj.latest else None
        return str(saver) if saver else None

    @staticmethod
    def resolve_saved_at(obj: Canvas) -> dt.datetime | None:
        return obj.latest.saved_at if obj.latest else None


class CanvasIn(Schema):
    version: int = Field(description="The version this content was based on.")
    content: dict[str, Any]


@router.get("/canvases/{canvas_id}", response=CanvasOut, auth=PUBLIC)
def canvas_detail(request: HttpRequest, canvas_id: int) -> Any:
    return selectors.canvas_get(actor=request.user, canvas_id=canvas_id)


@router.put(
    "/canvases/{canvas_id}",
    response=CanvasOut,
    summary="Save a canvas; 409 when `version` is no longer the latest (nothing is written)",
)
def canvas_save(request: AuthenticatedHttpRequest, canvas_id: int, payload: CanvasIn) -> Any:
    canvas = selectors.canvas_get(actor=request.user, canvas_id=canvas_id)
    if not policies.can_work_on_canvases(request.user, canvas.project):
        raise PermissionDenied
    try:
        services.canvas_save(
            actor=request.user, canvas=canvas, content=payload.content, based_on=payload.version
        )
    except services.CanvasConflict as conflict:
        return conflict_response(conflict, payload.content)
    return canvas  # brought up to date by the save: its new version, by whom, when


def conflict_response(conflict: services.CanvasConflict, yours: dict[str, Any]) -> HttpResponse:
    """409 problem+json naming who saved since, with the latest content and the one sent."""
    savers = sorted({str(v.saved_by) for v in conflict.since if v.saved_by})
    body = problem_body(
        409,
        _("The canvas changed since you opened it"),
        _("Saved since version %(version)s by: %(people)s.")
        % {"version": conflict.based_on, "people": ", ".join(savers) or "—"},
    )
    latest = conflict.latest
    body.update(
        latest={
            "version": latest.number,
            "saved_by": str(latest.saved_by) if latest.saved_by else None,
            "saved_at": latest.saved_at.isoformat(),
            "content": latest.content,
        },
        yours={"version": conflict.based_on, "content": yours},
        saved_since=[
            {"version": v.number, "saved_by": str(v.saved_by) if v.saved_by else None}
            for v in conflict.since
        ],
    )
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=409, content_type=PROBLEM_CONTENT_TYPE
    )


class MeasurementOut(Schema):
    id: int
    value: float
    measured_on: dt.date
    source: str
    evidence: str


class IndicatorOut(Schema):
    id: int
    project_id: int
    name: str
    name_pl: str
    name_en: str
    unit: str
    method: str
    outcome: str
    stakeholder_group: str
    sdg_targets: list[str] = Field(description="Codes of the SDG targets, e.g. 4.4.")
    iris_metric: str
    breakdown: str
    baseline: float
    baseline_on: dt.date | None
    target: float
    target_on: dt.date | None
    measurement_count: int
    latest: MeasurementOut | None = Field(description="The latest measurement, if any.")
    progress: int | None = Field(
        description="Share (0–100) of the way from baseline to target the latest value reached."
    )

    @staticmethod
    def resolve_name_pl(obj: Indicator) -> str:
        return obj.name_pl or ""

    @staticmethod
    def resolve_name_en(obj: Indicator) -> str:
        return obj.name_en or ""

    @staticmethod
    def resolve_sdg_targets(obj: Indicator) -> list[str]:
        return [target.code for target in obj.sdg_targets.all()]

    @staticmethod
    def resolve_latest(obj: Indicator) -> Any:
        latest = obj.latest_measurements  # type: ignore[attr-defined]
        return latest[0] if latest else None

    @staticmethod
    def resolve_progress(obj: Indicator) -> int | None:
        latest = obj.latest_measurements  # type: ignore[attr-defined]
        return selectors.progress_percent(obj, latest[0].value if latest else None)


class IndicatorIn(Schema):
    name_pl: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    unit: str = Field(max_length=60)
    method: str = Field("", max_length=TEXT_MAX_LENGTH)
    outcome: str = Field("", max_length=300)
    stakeholder_group: str = Field("", max_length=200)
    sdg_targets: list[str] = Field(default_factory=list, max_length=169)
    iris_metric: str = Field("", max_length=20)
    breakdown: str = Field("", max_length=200)
    baseline: Decimal = Decimal(0)
    baseline_on: dt.date | None = None
    target: Decimal
    target_on: dt.date | None = None


class MeasurementIn(Schema):
    value: Decimal
    measured_on: dt.date
    source: str = Field("", max_length=300)
    evidence: str = Field("", max_length=200, description="A link to the evidence.")


def _indicator(request: HttpRequest, indicator_id: int) -> Indicator:
    """The indicator as the API shows it (annotated), or 404 for one the caller may not read."""
    indicator = selectors.indicator_get(actor=request.user, indicator_id=indicator_id)
    return selectors.indicators_for_api(Indicator.objects.filter(pk=indicator.pk)).get()


@router.get(
    "/projects/{project_id}/indicators",
    response=list[IndicatorOut],
    auth=PUBLIC,
    summary="A project's impact indicators with their latest measurement",
)
@paginate(BoundedPagination)
def indicator_list(request: HttpRequest, project_id: int) -> Any:
    project = selectors.project_get(actor=request.user, project_id=project_id)
    return selectors.indicators_for_api(project.indicators.all())


@router.post(
    "/projects/{project_id}/indicators",
    response={201: IndicatorOut},
    summary="Add an impact indicator (the team, the lead broker, coordinators)",
)
def indicator_create(
    request: AuthenticatedHttpRequest, project_id: int, payload: IndicatorIn
) -> Status:
    project = selectors.project_get(actor=request.user, project_id=project_id)
    if not policies.can_edit(request.user, project):
        raise PermissionDenied
    data = payload.dict(exclude={"sdg_targets"})
    indicator = services.indicator_save(
        actor=request.user, project=project, data=data, sdg_targets=payload.sdg_targets
    )
    return Status(201, _indicator(request, indicator.pk))


@router.get("/indicators/{indicator_id}", response=IndicatorOut, auth=PUBLIC)
def indicator_detail(request: HttpRequest, indicator_id: int) -> Any:
    return _indicator(request, indicator_id)


@router.put(
    "/indicators/{indicator_id}",
    response=IndicatorOut,
    summary="Change an impact indicator (every field; SDG targets as codes)",
)
def indicator_update(
    request: AuthenticatedHttpRequest, indicator_id: int, payload: IndicatorIn
) -> Any:
    indicator = selectors.indicator_get(actor=request.user, indicator_id=indicator_id)
    if not policies.can_edit(request.user, indicator.project):
        raise PermissionDenied
    services.indicator_save(
        actor=request.user,
        project=indicator.project,
        indicator=indicator,
        data=payload.dict(exclude={"sdg_targets"}),
        sdg_targets=payload.sdg_targets,
    )
    return _indicator(request, indicator_id)


@router.get(
    "/indicators/{indicator_id}/measurements",
    response=list[MeasurementOut],
    auth=PUBLIC,
    summary="An indicator's measurements, oldest first",
)
@paginate(BoundedPagination)
def measurement_list(request: HttpRequest, indicator_id: int) -> Any:
    indicator = selectors.indicator_get(actor=request.user, indicator_id=indicator_id)
    return selectors.measurements(indicator)


@router.post(
    "/indicators/{indicator_id}/measurements",
    response={201: MeasurementOut},
    summary="Record a measurement (the team, the lead broker, coordinators)",
)
def measurement_create(
    request: AuthenticatedHttpRequest, indicator_id: int, payload: MeasurementIn
) -> Status:
    indicator = selectors.indicator_get(actor=request.user, indicator_id=indicator_id)
    if not policies.can_edit(request.user, indicator.project):
        raise PermissionDenied
    row = services.measurement_add(actor=request.user, indicator=indicator, **payload.dict())
    return Status(201, row)
