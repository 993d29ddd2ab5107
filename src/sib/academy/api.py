from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from sib.academy import selectors
from sib.academy.completion import CompletionStatus
from sib.academy.models import Edition

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


def _edition_out(edition: Edition) -> EditionOut:
    return EditionOut(
        id=edition.pk,
        code=edition.code,
        title=edition.title,
        title_pl=edition.title_pl,
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
@paginate(LimitOffsetPagination)
def edition_list(request: HttpRequest) -> list[EditionOut]:
    return [_edition_out(edition) for edition in selectors.edition_list(actor=request.user)]


@router.get("/editions/{edition_id}", response=EditionOut, summary="One edition")
def edition_detail(request: HttpRequest, edition_id: int) -> EditionOut:
    edition = selectors.edition_list(actor=request.user).filter(pk=edition_id).first()
    if edition is None:
        selectors.edition_get(actor=request.user, edition_id=edition_id)  # raises 404
    return _edition_out(edition)


@router.get(
    "/editions/{edition_id}/participants",
    response=list[ParticipantOut],
    summary="Participants with minutes by format and completion status",
    description="For coordinators and the edition's trainers and mentors. Minutes are integers.",
)
@paginate(LimitOffsetPagination)
def edition_participants(request: HttpRequest, edition_id: int) -> list[ParticipantOut]:
    edition = selectors.edition_get(actor=request.user, edition_id=edition_id)
    rows = selectors.edition_progress(actor=request.user, edition=edition)
    return [
        ParticipantOut(
            enrolment_id=row.enrolment.pk,
            user_id=row.user.pk,
            full_name=row.user.full_name,
            email=row.user.email,
            group=row.enrolment.group.name if row.enrolment.group else None,
            language_track=row.enrolment.language_track,
            minutes_by_format=MinutesByFormat(**row.minutes_by_format),
            total_minutes=row.total_minutes,
            final_project_score=row.enrolment.final_project_score,
            completion_status=row.status,
            completion_reachable=row.evaluation.reachable,
            withdrawn_on=row.enrolment.withdrawn_on,
        )
        for row in rows
    ]
