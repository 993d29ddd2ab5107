"""The studio in the API: projects (and, later, canvases), permission-checked like the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from sib.api.auth import SessionAuth, TokenAuth
from sib.studio import selectors
from sib.studio.models import Project

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
        return obj.title_pl or ""  # type: ignore[attr-defined]

    @staticmethod
    def resolve_title_en(obj: Project) -> str:
        return obj.title_en or ""  # type: ignore[attr-defined]

    @staticmethod
    def resolve_summary(obj: Project) -> str:
        return obj.summary or ""

    @staticmethod
    def resolve_team(obj: Project) -> str | None:
        return obj.team.name if obj.team_id else None

    @staticmethod
    def resolve_edition(obj: Project) -> str | None:
        return obj.team.edition.code if obj.team_id else None

    @staticmethod
    def resolve_themes(obj: Project) -> list[str]:
        return [theme.key for theme in obj.themes.all()]

    @staticmethod
    def resolve_sdgs(obj: Project) -> list[int]:
        return [goal.number for goal in obj.sdgs.all()]

    @staticmethod
    def resolve_published(obj: Project) -> bool:
        return obj.is_published


class ProjectDetailOut(ProjectOut):
    history: list[StageChangeOut]

    @staticmethod
    def resolve_history(obj: Project) -> list[Any]:
        return list(obj.stage_history.all())


@router.get(
    "/projects",
    response=list[ProjectOut],
    auth=PUBLIC,
    summary="Innovation projects the caller may read (coordinators: all; visitors: published)",
)
@paginate(LimitOffsetPagination)
def project_list(request: HttpRequest) -> Any:
    return selectors.project_list(actor=request.user).order_by("id")


@router.get("/projects/{project_id}", response=ProjectDetailOut, auth=PUBLIC)
def project_detail(request: HttpRequest, project_id: int) -> Any:
    return selectors.project_get(actor=request.user, project_id=project_id)
