"""The studio in the API: projects (and, later, canvases), permission-checked like the pages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from sib.accounts.http import AuthenticatedHttpRequest
from sib.api.auth import SessionAuth, TokenAuth
from sib.core.pagination import BoundedPagination
from sib.core.problems import PROBLEM_CONTENT_TYPE, problem_body
from sib.studio import policies, selectors, services
from sib.studio.models import Canvas, Project

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
def project_list(request: HttpRequest) -> Any:
    return selectors.project_list(actor=request.user).order_by("id")


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
    return selectors.canvas_get(actor=request.user, canvas_id=canvas_id)


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
    value: float
    measured_on: dt.date
    source: str
    evidence: str


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    method: str
    outcome: str
    sdg_targets: str
    baseline: float
    target: float
    measurements: list[MeasurementOut]

    @staticmethod
    def resolve_measurements(obj: Any) -> list[Any]:
        return list(obj.measurements.all())


@router.get("/projects/{project_id}/indicators", response=list[IndicatorOut], auth=PUBLIC)
@paginate(BoundedPagination)
def indicator_list(request: HttpRequest, project_id: int) -> Any:
    project = selectors.project_get(actor=request.user, project_id=project_id)
    return project.indicators.prefetch_related("measurements").order_by("id")
