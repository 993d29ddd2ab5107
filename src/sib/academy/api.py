from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from sib.academy import policies, selectors, services
from sib.academy.completion import CompletionStatus
from sib.academy.models import Edition, Enrolment, Group, Module, Session
from sib.accounts.models import User
from sib.core.pagination import BoundedPagination, PagedRows

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

router = Router(tags=["academy"])


class ProgrammeRef(Schema):
    id: int
    code: str
    title: str


class EditionOut(Schema):
    id: int
    code: str
    title: str
    title_pl: str
    title_en: str | None
    programme: ProgrammeRef
    starts_on: dt.date
    ends_on: dt.date
    language: str
    delivery_mode: str
    place: str
    capacity: int
    target: int
    status: str
    enrolled: int = Field(description="Enrolments ever made, withdrawn included.")


class MinutesByFormat(Schema):
    lecture: int
    workshop: int
    mentoring: int


class ParticipantOut(Schema):
    enrolment_id: int
    user_id: int
    full_name: str
    email: str
    group: str | None
    language_track: str
    minutes_by_format: MinutesByFormat
    total_minutes: int
    final_project_score: Decimal | None
    completion_status: CompletionStatus = Field(
        description="active | partial | completed | eligible | withdrawn (computed by the completion rule)."
    )
    completion_reachable: bool
    withdrawn_on: dt.date | None


def _edition_out(edition: WithAnnotations[Edition, selectors.EditionCounts]) -> EditionOut:
    return EditionOut(
        id=edition.pk,
        code=edition.code,
        title=edition.title,
        title_pl=edition.title_pl or "",
        title_en=edition.title_en,
        programme=ProgrammeRef(
            id=edition.programme.pk, code=edition.programme.code, title=edition.programme.title
        ),
        starts_on=edition.starts_on,
        ends_on=edition.ends_on,
        language=edition.language,
        delivery_mode=edition.delivery_mode,
        place=edition.place,
        capacity=edition.capacity,
        target=edition.target,
        status=edition.status,
        enrolled=edition.enrolled_ever,
    )


@router.get("/editions", response=list[EditionOut], summary="Editions the caller may see")
@paginate(BoundedPagination)
def edition_list(
    request: HttpRequest,
) -> PagedRows[WithAnnotations[Edition, selectors.EditionCounts]]:
    return PagedRows(selectors.edition_list(actor=request.user), row=_edition_out)


@router.get("/editions/{edition_id}", response=EditionOut, summary="One edition")
def edition_detail(request: HttpRequest, edition_id: int) -> EditionOut:
    edition = selectors.edition_list(actor=request.user).filter(pk=edition_id).first()
    if edition is None:
        selectors.edition_get(actor=request.user, edition_id=edition_id)  # raises 404
        raise Http404
    return _edition_out(edition)


@router.get(
    "/editions/{edition_id}/participants",
    response=list[ParticipantOut],
    summary="Participants with minutes by format and completion status",
    description="For coordinators and the edition's trainers and mentors. Minutes are integers.",
)
@paginate(BoundedPagination)
def edition_participants(request: HttpRequest, edition_id: int) -> PagedRows[Enrolment]:
    edition = selectors.edition_get(actor=request.user, edition_id=edition_id)
    enrolments = selectors.participant_enrolments(actor=request.user, edition=edition)
    return PagedRows(enrolments, page=lambda page: _participant_rows(edition, page))


def _participant_rows(edition: Edition, enrolments: list[Enrolment]) -> list[dict[str, Any]]:
    """One page of participants, progress computed for that page only. Plain dicts: the
    response schema validates each row once (building `ParticipantOut`s here validated every
    row twice, a third of the endpoint's time)."""
    return [
        {
            "enrolment_id": row.enrolment.pk,
            "user_id": row.user.pk,
            "full_name": row.user.full_name,
            "email": row.user.email,
            "group": row.enrolment.group.name if row.enrolment.group else None,
            "language_track": row.enrolment.language_track,
            "minutes_by_format": row.minutes_by_format,
            "total_minutes": row.total_minutes,
            "final_project_score": row.enrolment.final_project_score,
            "completion_status": row.status,
            "completion_reachable": row.evaluation.reachable,
            "withdrawn_on": row.enrolment.withdrawn_on,
        }
        for row in selectors.progress_rows(edition=edition, enrolments=enrolments)
    ]


# --- sessions -----------------------------------------------------------------------------------------

FormatName = Literal["lecture", "workshop", "mentoring"]
StatusName = Literal["present", "late", "absent", "excused"]


class SessionOut(Schema):
    id: int
    edition_id: int
    module_id: int
    format: str
    group_id: int | None
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    duration_minutes: int
    leader_id: int | None
    room: str
    online_url: str


class SessionIn(Schema):
    module_id: int
    format: FormatName
    group_id: int | None = Field(None, description="Empty for the whole edition.")
    title_pl: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    starts_at: dt.datetime = Field(description="ISO 8601; without an offset, Europe/Warsaw.")
    duration_minutes: int = Field(ge=1, le=24 * 60)
    leader_id: int | None = None
    room: str = Field("", max_length=200)
    online_url: str = Field("", max_length=200)


def _session_out(session: Session) -> SessionOut:
    return SessionOut(
        id=session.pk,
        edition_id=session.edition_id,
        module_id=session.module_id,
        format=session.format,
        group_id=session.group_id,
        title=session.display_title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        duration_minutes=session.duration_minutes,
        leader_id=session.leader_id,
        room=session.room,
        online_url=session.online_url,
    )


@router.get(
    "/editions/{edition_id}/sessions",
    response=list[SessionOut],
    summary="Sessions of an edition the caller may see",
)
@paginate(BoundedPagination)
def edition_sessions(request: HttpRequest, edition_id: int) -> PagedRows[Session]:
    edition = selectors.edition_get(actor=request.user, edition_id=edition_id)
    return PagedRows(
        selectors.edition_sessions(actor=request.user, edition=edition), row=_session_out
    )


@router.post(
    "/editions/{edition_id}/sessions",
    response={201: SessionOut},
    summary="Plan a session (coordinators)",
)
def session_create(request: HttpRequest, edition_id: int, payload: SessionIn) -> Status:
    edition = selectors.edition_get(actor=request.user, edition_id=edition_id)
    if not policies.can_manage_edition(request.user, edition):
        raise PermissionDenied
    errors: dict[str, str] = {}
    module = Module.objects.filter(pk=payload.module_id, programme_id=edition.programme_id).first()
    if module is None:
        errors["module_id"] = _("No module with this id in the edition's programme.")
    group = None
    if payload.group_id is not None:
        group = Group.objects.filter(pk=payload.group_id, edition=edition).first()
        if group is None:
            errors["group_id"] = _("No group with this id in the edition.")
    leader = None
    if payload.leader_id is not None:
        leader = User.objects.filter(pk=payload.leader_id, is_active=True).first()
        if leader is None:
            errors["leader_id"] = _("No person with this id.")
    if errors:
        raise ValidationError(errors)
    assert module is not None  # else an error above
    starts_at = payload.starts_at
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    session = services.session_create(
        actor=request.user,
        edition=edition,
        module=module,
        format=payload.format,
        group=group,
        title_pl=payload.title_pl,
        title_en=payload.title_en,
        starts_at=starts_at,
        duration_minutes=payload.duration_minutes,
        leader=leader,
        room=payload.room,
        online_url=payload.online_url,
    )
    return Status(201, _session_out(session))


# --- attendance: the whole grid of one session -------------------------------------------------------


class MarkIn(Schema):
    enrolment_id: int
    status: StatusName
    minutes_missed: int = Field(0, ge=0, le=24 * 60)


class GridIn(Schema):
    marks: list[MarkIn] = Field(max_length=5000)


class GridRowOut(Schema):
    enrolment_id: int
    full_name: str
    status: str | None = Field(description="present | late | absent | excused; null if not marked.")
    minutes_missed: int
    credited_minutes: int


class GridOut(Schema):
    session_id: int
    items: list[GridRowOut]
    count: int


def _grid_out(request: HttpRequest, session: Session) -> dict[str, Any]:
    """The grid as plain data (one query): the response schema validates it once."""
    rows = selectors.attendance_grid_marks(actor=request.user, session=session)
    items = [row._asdict() for row in rows]
    return {"session_id": session.pk, "items": items, "count": len(items)}


@router.get(
    "/sessions/{session_id}/attendance",
    response=GridOut,
    summary="The attendance grid of a session (trainers, mentors of the group, coordinators)",
)
def attendance_get(request: HttpRequest, session_id: int) -> dict[str, Any]:
    session = selectors.session_get(actor=request.user, session_id=session_id)
    return _grid_out(request, session)


@router.put(
    "/sessions/{session_id}/attendance",
    response=GridOut,
    summary="Replace the whole attendance grid of a session (idempotent)",
    description=(
        "Every participant listed is recorded with the status given; marks of participants not "
        "listed are removed. All marks are saved or none; errors name the mark "
        "(`marks.<enrolment_id>.<field>`)."
    ),
)
def attendance_put(request: HttpRequest, session_id: int, payload: GridIn) -> dict[str, Any]:
    session = selectors.session_get(actor=request.user, session_id=session_id)
    ids = [mark.enrolment_id for mark in payload.marks]
    if len(ids) != len(set(ids)):
        raise ValidationError({"marks": _("Each participant may appear only once.")})
    services.attendance_replace(
        actor=request.user,
        session=session,
        marks=[
            services.Mark(mark.enrolment_id, mark.status, mark.minutes_missed)
            for mark in payload.marks
        ],
    )
    return _grid_out(request, session)


# --- enrolments ------------------------------------------------------------------------------------------


class EnrolmentOut(Schema):
    id: int
    user_id: int
    full_name: str
    email: str
    group_id: int | None
    language_track: str
    enrolled_on: dt.date
    withdrawn_on: dt.date | None


class EnrolmentIn(Schema):
    email: str = Field(max_length=254)
    full_name: str = Field("", max_length=200)
    language_track: Literal["pl", "en", ""] = ""
    group_id: int | None = None
    over_capacity: bool = Field(
        False,
        description="Enrol even though the edition is full (an explicit choice; refused otherwise).",
    )


def _enrolment_out(enrolment: Enrolment) -> EnrolmentOut:
    return EnrolmentOut(
        id=enrolment.pk,
        user_id=enrolment.user_id,
        full_name=enrolment.user.full_name,
        email=enrolment.user.email,
        group_id=enrolment.group_id,
        language_track=enrolment.language_track,
        enrolled_on=enrolment.enrolled_on,
        withdrawn_on=enrolment.withdrawn_on,
    )


@router.get(
    "/editions/{edition_id}/enrolments",
    response=list[EnrolmentOut],
    summary="Enrolments of an edition (coordinators and the edition's staff)",
)
@paginate(BoundedPagination)
def edition_enrolments(request: HttpRequest, edition_id: int) -> PagedRows[Enrolment]:
    edition = selectors.edition_get(actor=request.user, edition_id=edition_id)
    if not policies.can_view_participants(request.user, edition):
        raise PermissionDenied
    enrolments = (
        Enrolment.objects.filter(edition=edition)
        .select_related("user")
        .order_by("user__full_name", "pk")  # pk: people with one name keep their page
    )
    return PagedRows(enrolments, row=_enrolment_out)


@router.post(
    "/editions/{edition_id}/enrolments",
    response={201: EnrolmentOut},
    summary="Enrol a person by e-mail, creating their account if needed (coordinators)",
)
def enrolment_create(request: HttpRequest, edition_id: int, payload: EnrolmentIn) -> Status:
    from django.core.validators import validate_email

    edition = selectors.edition_get(actor=request.user, edition_id=edition_id)
    if not policies.can_manage_edition(request.user, edition):
        raise PermissionDenied
    email = payload.email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from error
    group = None
    if payload.group_id is not None:
        group = Group.objects.filter(pk=payload.group_id, edition=edition).first()
        if group is None:
            raise ValidationError({"group_id": _("No group with this id in the edition.")})
    if not User.objects.filter(email=email).exists() and not payload.full_name.strip():
        raise ValidationError(
            {"full_name": _("Give the full name of a person who has no account yet.")}
        )
    enrolment = services.participant_enrol(
        actor=request.user,
        edition=edition,
        email=email,
        full_name=payload.full_name,
        language_track=payload.language_track,
        group=group,
        over_capacity=payload.over_capacity,
    )
    return Status(201, _enrolment_out(enrolment))
