"""Events in the API: the public list and detail (with the agenda), registration, statistics.

Reading events and registering need no account (the same as the public pages); statistics are
for the event's organisers and coordinators.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import Throttled
from ninja.pagination import paginate

from sib.api.auth import SessionAuth, TokenAuth
from sib.core import ratelimit
from sib.core.pagination import BoundedPagination, PagedRows
from sib.events import selectors, services
from sib.events.calendar import absolute
from sib.events.models import AgendaItem, Event, Registration

router = Router(tags=["events"])


class SignedInSession(SessionAuth):
    """The browser session when there is one (writes then need the CSRF token, as everywhere);
    a request without a session cookie is left to the next authenticator."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super()._get_key(request)


def public_access(request: HttpRequest) -> Any:
    """Lets a request without credentials through as an anonymous visitor."""
    return AnonymousUser()


PUBLIC = [TokenAuth(), SignedInSession(), public_access]


class EventOut(Schema):
    id: int
    kind: str = Field(description="conference | workshop | showcase | international_showcase")
    status: str = Field(description="published | cancelled (draft for those who run it)")
    title: str
    title_pl: str
    title_en: str | None
    summary: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    delivery_mode: str
    venue: str
    address: str
    city: str
    region: str
    country: str
    online_url: str
    languages: str
    capacity: int | None = Field(description="Seats; null: no limit.")
    seats_taken: int = Field(
        description="Seats taken: confirmed registrations and seats held for people confirming "
        "their e-mail address."
    )
    registration_open: bool
    url: str


class SpeakerOut(Schema):
    id: int
    full_name: str
    affiliation: str
    position: str
    bio: str
    photo_url: str | None


class AgendaItemOut(Schema):
    id: int
    kind: str = Field(description="lecture | panel | workshop | pitch | other")
    title: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: str | None
    capacity: int | None = Field(description="Workshop places; null: no limit.")
    booked: int
    speakers: list[SpeakerOut]


class PresentationOut(Schema):
    id: int
    project_title: str
    presenters: str
    team: str | None


class EventDetailOut(EventOut):
    description: str
    agenda: list[AgendaItemOut]
    presentations: list[PresentationOut]


class RegistrationIn(Schema):
    full_name: str = Field(max_length=200)
    email: str = Field(max_length=254)
    language: Literal["pl", "en"] = "pl"
    organisation_name: str = Field("", max_length=200)
    gender: str = Field("", max_length=16)
    region: str = Field("", max_length=32)
    answers: dict[str, Any] = Field(
        default_factory=dict,
        description="Answers by question id: text, a choice index, a list of indexes, or a boolean.",
    )
    consent: bool = Field(description="Agreement to the current consent text.")
    consent_version: int = Field(description="The version of the consent text agreed to.")


class RegistrationOut(Schema):
    id: int
    status: str = Field(description="confirmed | waitlisted | cancelled")
    code: str = Field(description="The ticket code in the QR code.")
    waiting_position: int | None
    ticket_url: str = Field(description="The private ticket page (cancel, workshops).")


class RegistrationPendingOut(Schema):
    status: Literal["confirmation_sent"] = Field(
        description="A message is on its way to the address given; the registration counts once "
        "it is confirmed from the link in it."
    )
    detail: str
    confirm_within_minutes: int = Field(
        description="How long the seat (or the place on the waiting list) is kept."
    )


class CountRow(Schema):
    key: str
    label: str
    registered: int
    attended: int


class WorkshopStatsOut(Schema):
    id: int
    title: str
    capacity: int | None
    booked: int
    attended: int


class StatsOut(Schema):
    registrations: int
    confirmed: int
    waitlisted: int
    cancelled: int
    promoted: int
    attended: int
    speakers: int
    lectures_and_panels: int
    workshops: int
    by_gender: list[CountRow]
    by_region: list[CountRow]
    workshop_attendance: list[WorkshopStatsOut]


def _event_out(event: Event, schema: type[EventOut] = EventOut, **extra: Any) -> Any:
    return schema(
        id=event.pk,
        kind=event.kind,
        status=event.status,
        title=event.title,
        title_pl=event.title_pl or "",
        title_en=event.title_en,
        summary=event.summary or "",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        delivery_mode=event.delivery_mode,
        venue=event.venue,
        address=event.address,
        city=event.city,
        region=event.region,
        country=event.country,
        online_url=event.online_url,
        languages=event.languages,
        capacity=event.capacity,
        seats_taken=event.confirmed_count,  # type: ignore[attr-defined]
        registration_open=event.registration_is_open(timezone.now()),
        url=absolute(reverse("events:detail", args=[event.pk])),
        **extra,
    )


def _item_out(item: AgendaItem) -> AgendaItemOut:
    return AgendaItemOut(
        id=item.pk,
        kind=item.kind,
        title=item.title,
        description=item.description or "",
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        room=item.room.name if item.room else None,
        capacity=item.capacity,
        booked=item.booked,  # type: ignore[attr-defined]
        speakers=[
            SpeakerOut(
                id=link.speaker.pk,
                full_name=link.speaker.full_name,
                affiliation=link.speaker.affiliation,
                position=link.speaker.position or "",
                bio=link.speaker.bio or "",
                photo_url=absolute(reverse("events:speaker-photo", args=[link.speaker.pk]))
                if link.speaker.photo
                else None,
            )
            for link in item.speaker_links.all()
        ],
    )


@router.get("/events", response=list[EventOut], auth=PUBLIC, summary="Events with a public page")
@paginate(BoundedPagination)
def event_list(request: HttpRequest) -> PagedRows[Event]:
    return PagedRows(selectors.event_api_list(actor=request.user), row=_event_out)


@router.get(
    "/events/{event_id}",
    response=EventDetailOut,
    auth=PUBLIC,
    summary="One event with its agenda, speakers and presented projects",
)
def event_detail(request: HttpRequest, event_id: int) -> EventDetailOut:
    event = selectors.event_get(actor=request.user, event_id=event_id)
    return _event_out(
        event,
        EventDetailOut,
        description=event.description or "",
        agenda=[_item_out(item) for item in selectors.agenda(event=event)],
        presentations=[
            PresentationOut(
                id=p.pk,
                project_title=p.project_title,
                presenters=p.presenters,
                team=p.team.name if p.team else None,
            )
            for p in selectors.event_presentations(event=event)
        ],
    )


@router.post(
    "/events/{event_id}/registrations",
    response={201: RegistrationOut, 202: RegistrationPendingOut},
    auth=PUBLIC,
    summary="Register one person",
    description=(
        "Takes a free seat, or a place on the waiting list when the event is full (promoted "
        "automatically when a seat frees up). The ticket is e-mailed in `language`. "
        "`consent_version` must name the current consent text. A caller signed in (session or "
        "token) with the verified address of their account, registering that address, is "
        "registered at once (201). Anyone else gets 202: a message goes to the address, and the "
        "registration counts once it is confirmed from its link within `confirm_within_minutes` "
        "(the seat is held until then). The 202 answer is the same whether or not the address "
        "was registered already. Limited per client address and per e-mail address (429)."
    ),
)
def registration_create(request: HttpRequest, event_id: int, payload: RegistrationIn) -> Status:
    event = selectors.event_get(actor=request.user, event_id=event_id)
    limited = ratelimit.hit(request, "event_register", keys=[payload.email])
    if limited is not None:
        raise Throttled(wait=limited.retry_after)
    result = services.registration_create(
        actor=request.user,
        event=event,
        attendees=[
            services.Attendee(
                full_name=payload.full_name,
                email=payload.email,
                gender=payload.gender,
                region=payload.region,
            )
        ],
        language=payload.language,
        consent_given=payload.consent,
        consent_version=payload.consent_version,
        answers=payload.answers,
        organisation_name=payload.organisation_name,
    )
    if result.pending:
        return Status(
            202,
            RegistrationPendingOut(
                status="confirmation_sent",
                detail=_(
                    "We are sending a message to the address given. The registration counts once "
                    "it is confirmed from the link in it."
                ),
                confirm_within_minutes=settings.SIB_EVENT_HOLD_MINUTES,
            ),
        )
    registration: Registration = result.registrations[0]
    return Status(
        201,
        RegistrationOut(
            id=registration.pk,
            status=registration.status,
            code=registration.code,
            waiting_position=selectors.waiting_position(registration=registration),
            ticket_url=absolute(reverse("events:ticket", args=[registration.token])),
        ),
    )


@router.get(
    "/events/{event_id}/stats",
    response=StatsOut,
    summary="An event's statistics (organisers and coordinators)",
)
def event_stats(request: HttpRequest, event_id: int) -> StatsOut:
    event = selectors.event_get(actor=request.user, event_id=event_id)
    stats = selectors.event_stats(actor=request.user, event=event)

    def rows(breakdown: selectors.Breakdown) -> list[CountRow]:
        return [
            CountRow(key=key, label=label, registered=registered, attended=attended)
            for key, label, registered, attended in breakdown.rows
        ]

    return StatsOut(
        registrations=stats.registrations,
        confirmed=stats.confirmed,
        waitlisted=stats.waitlisted,
        cancelled=stats.cancelled,
        promoted=stats.promoted,
        attended=stats.attended,
        speakers=stats.speakers,
        lectures_and_panels=stats.lectures_and_panels,
        workshops=stats.workshops,
        by_gender=rows(stats.by_gender),
        by_region=rows(stats.by_region),
        workshop_attendance=[
            WorkshopStatsOut(
                id=row.item.pk,
                title=row.item.title,
                capacity=row.item.capacity,
                booked=row.booked,
                attended=row.attended,
            )
            for row in stats.workshop_figures
        ],
    )
