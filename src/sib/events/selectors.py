"""Reads for event pages, the API and reports, filtered by the policy, with a fixed number of queries.

The figures of the statistics and the funder indicators are computed here from registrations,
check-ins and agenda items; nothing is stored as a total.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property

from sib.accounts.choices import Gender, Voivodeship
from sib.core.selectors import correlated_count
from sib.events import policies
from sib.events.models import (
    HELD_KINDS,
    LECTURE_AND_PANEL_KINDS,
    SHOWCASE_KINDS,
    AgendaItem,
    AgendaSpeaker,
    Event,
    EventStaff,
    EventStatus,
    ItemKind,
    Presentation,
    Registration,
    RegistrationGroup,
    RegistrationStatus,
    SessionAttendance,
    Speaker,
    WorkshopBooking,
    registration_is_open,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

INDICATOR_KEYS: tuple[str, ...] = (
    "events",
    "showcases",
    "event_participants",
    "speakers",
    "lectures_and_panels",
    "workshops",
)


def _seat_taking(now: Any = None) -> Q:
    """Registrations that take a seat now: confirmed ones, and holds whose time is not up."""
    return Q(status=RegistrationStatus.CONFIRMED) | Q(
        status=RegistrationStatus.HELD, hold_expires_at__gt=now or timezone.now()
    )


def _with_seats(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Seats taken (confirmed and held), counted per event in a subquery (a join with GROUP BY
    grouped every registration of every listed event, and cost more to build)."""
    confirmed = Registration.objects.filter(_seat_taking(), event=OuterRef("pk"))
    return queryset.annotate(confirmed_count=correlated_count(confirmed, by="event"))


# --- public pages ------------------------------------------------------------------------------


def event_list_public(*, actor: Any, past: bool = False) -> QuerySet[Event]:
    """Events with a public page (drafts too for those who run them), upcoming first.

    No seat counts: the cards do not show them, and counting every event's registrations was
    most of the page's time at scale L."""
    now = timezone.now()
    queryset = policies.events_visible(actor).filter(
        Q(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
        | Q(pk__in=policies.events_run_by(actor).values("pk"))
    )
    if past:
        return queryset.filter(ends_at__lt=now).order_by("-starts_at", "pk")
    return queryset.filter(ends_at__gte=now).order_by("starts_at", "pk")


def events_public_stamp() -> tuple[Any, ...]:
    """What the public list of events shows changes only when one of these does: how many public
    events there are, the newest `updated_at` among them, and how many have not ended yet (an
    event moves from upcoming to past when it ends). One query, written out because it is read
    on every anonymous visit to the list (the ORM took longer to build it than to run it)."""
    quote = connection.ops.quote_name
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # Identifiers are quoted from the models; every value is a parameter.
    sql = (
        f"SELECT COUNT(*), MAX({quote('updated_at')}), "  # noqa: S608
        f"SUM(CASE WHEN {quote('ends_at')} >= %s THEN 1 ELSE 0 END) "
        f"FROM {quote(Event._meta.db_table)} WHERE {quote('status')} IN (%s, %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, EventStatus.PUBLISHED, EventStatus.CANCELLED])
        return tuple(cursor.fetchone())


@dataclass(frozen=True)
class PublicEventState:
    """What an anonymous visitor's copy of an event's public pages depends on, besides the
    language: the event's stamp (services touch `updated_at` on every change to its programme,
    rooms, speakers, presentations and questions), its status, the seats left (live), whether
    registration is open now, and the current consent text."""

    status: str
    updated_at: Any
    seats_left: int | None
    registration_open: bool
    consent_version: int | None


def event_public_state(*, event_id: int, consent: bool = False) -> PublicEventState | None:
    """The state of a public event's pages (None for drafts and missing events, which anonymous
    visitors cannot see). `consent` adds the current consent version, which the registration form
    shows.

    Read on every anonymous request to the event's pages, so it is one small query written out
    (once per database backend): building the same query with the ORM cost the visitor more than
    the rest of the request."""
    from sib.events.models import CONSENT_KEY

    sql, to_datetime = _state_query(connection.vendor, consent)
    params: list[Any] = [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.HELD,
        connection.ops.adapt_datetimefield_value(timezone.now()),
    ]
    if consent:
        params.append(CONSENT_KEY)
    params += [event_id, EventStatus.PUBLISHED, EventStatus.CANCELLED]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    (status, updated, capacity, enabled, opens, closes, ends, taken, *version) = row
    return PublicEventState(
        status=status,
        updated_at=updated,  # compared, never shown: the database's own value will do
        seats_left=None if capacity is None else max(capacity - taken, 0),
        registration_open=registration_is_open(
            status=status,
            enabled=bool(enabled),
            opens_at=to_datetime(opens),
            closes_at=to_datetime(closes),
            ends_at=to_datetime(ends),
            now=timezone.now(),
        ),
        consent_version=version[0] if version else None,
    )


@functools.cache
def _state_query(vendor: str, consent: bool) -> tuple[str, Callable[[Any], Any]]:
    """The state query's SQL for this backend, and how to read its date-time columns as the ORM
    would (aware date-times). Identifiers are quoted from the models; values are parameters."""
    from sib.academy.models import ConsentText

    quote = connection.ops.quote_name
    event, registration = quote(Event._meta.db_table), quote(Registration._meta.db_table)
    consent_sql = ""
    if consent:
        consent_sql = (
            f", (SELECT MAX(c.{quote('version')}) FROM {quote(ConsentText._meta.db_table)} c "  # noqa: S608
            f"WHERE c.{quote('key')} = %s) AS consent_version"
        )
    columns = ", ".join(
        f"e.{quote(name)}"
        for name in (
            "status",
            "updated_at",
            "capacity",
            "registration_enabled",
            "registration_opens_at",
            "registration_closes_at",
            "ends_at",
        )
    )
    sql = (
        f"SELECT {columns}, (SELECT COUNT(*) FROM {registration} r "  # noqa: S608
        f"WHERE r.{quote('event_id')} = e.{quote('id')} AND (r.{quote('status')} = %s "
        f"OR (r.{quote('status')} = %s AND r.{quote('hold_expires_at')} > %s))) AS confirmed"
        f"{consent_sql} FROM {event} e WHERE e.{quote('id')} = %s AND e.{quote('status')} IN (%s, %s)"
    )
    column = Event._meta.get_field("ends_at").get_col(Event._meta.db_table)
    converters = connection.ops.get_db_converters(column)

    def to_datetime(value: Any) -> Any:
        if value is None:
            return None
        for convert in converters:
            value = convert(value, column, connection)
        return value

    return sql, to_datetime


def event_api_list(*, actor: Any) -> QuerySet[Event]:
    """Every event with a public page (and drafts for those who run them), newest first."""
    return _with_seats(policies.events_visible(actor)).order_by("-starts_at", "pk")


def event_get(*, actor: Any, event_id: int) -> Event:
    """The event if the person may see it; 404 otherwise (its existence is not revealed)."""
    try:
        return (
            _with_seats(policies.events_visible(actor))
            .select_related("host", "edition")
            .get(pk=event_id)
        )
    except Event.DoesNotExist as error:
        raise Http404 from error


def event_managed_get(*, actor: Any, event_id: int) -> Event:
    """An event for its organisers: 404 if invisible, 403 if visible but not theirs to manage."""
    event = event_get(actor=actor, event_id=event_id)
    if not policies.can_manage_event(actor, event):
        raise PermissionDenied
    return event


def event_checkin_get(*, actor: Any, event_id: int) -> Event:
    event = event_get(actor=actor, event_id=event_id)
    if not policies.can_check_in(actor, event):
        raise PermissionDenied
    return event


def agenda(*, event: Event, bookings: bool = True) -> list[AgendaItem]:
    """The programme in time order, with rooms, speakers (in their order) and, unless
    `bookings` is false (public pages do not show them), booked places."""
    queryset = (
        AgendaItem.objects.filter(event=event)
        .select_related("room")
        .prefetch_related(
            Prefetch(
                "speaker_links",
                queryset=AgendaSpeaker.objects.select_related("speaker").order_by("position", "pk"),
            )
        )
        .order_by("starts_at", "room__position", "pk")
    )
    if bookings:
        queryset = queryset.annotate(booked=Count("bookings", distinct=True))
    return list(queryset)


def agenda_days(items: Sequence[AgendaItem]) -> list[tuple[Any, list[AgendaItem]]]:
    """Agenda items grouped by local calendar day."""
    days: dict[Any, list[AgendaItem]] = {}
    for item in items:
        days.setdefault(timezone.localtime(item.starts_at).date(), []).append(item)
    return list(days.items())


def event_speakers(*, items: Sequence[AgendaItem]) -> list[Speaker]:
    """The speakers of an agenda (already loaded), each once, by name."""
    seen: dict[int, Speaker] = {}
    for item in items:
        for link in item.speaker_links.all():
            seen.setdefault(link.speaker_id, link.speaker)
    return sorted(seen.values(), key=lambda speaker: speaker.full_name)


class EventProgramme:
    """An event's agenda by day, its speakers and presented projects, read only when a page
    actually renders them (the public page caches that part, so a cached view reads nothing)."""

    def __init__(self, event: Event) -> None:
        self.event = event

    @cached_property
    def items(self) -> list[AgendaItem]:
        """The items, each with `kind_label` and `times` (local "09:00–09:45") worked out here
        once, not by template filters and a translation lookup on every row."""
        items = agenda(event=self.event, bookings=False)
        labels = {value: str(label) for value, label in ItemKind.choices}
        for item in items:
            item.kind_label = labels.get(item.kind, item.kind)  # type: ignore[attr-defined]
            item.times = (  # type: ignore[attr-defined]
                f"{timezone.localtime(item.starts_at):%H:%M}–{timezone.localtime(item.ends_at):%H:%M}"
            )
        return items

    @cached_property
    def days(self) -> list[tuple[Any, list[AgendaItem]]]:
        return agenda_days(self.items)

    @cached_property
    def speakers(self) -> list[Speaker]:
        return event_speakers(items=self.items)

    @cached_property
    def presentations(self) -> list[Presentation]:
        return event_presentations(event=self.event)


def event_presentations(*, event: Event) -> list[Presentation]:
    return list(
        Presentation.objects.filter(event=event)
        .select_related("team", "item", "project")
        .order_by("position", "pk")
    )


def speaker_public_get(*, speaker_id: int) -> Speaker:
    """A speaker is public once they are on the agenda of an event with a public page."""
    public = policies.events_public()
    speaker = Speaker.objects.filter(
        pk=speaker_id, agenda_items__event__in=public.values("pk")
    ).first()
    if speaker is None:
        raise Http404
    return speaker


def speaker_list(*, actor: Any) -> QuerySet[Speaker]:
    if not policies.can_manage_speakers(actor):
        raise PermissionDenied
    return Speaker.objects.annotate(items=Count("agenda_items", distinct=True)).order_by(
        "full_name", "pk"
    )


def all_public_items() -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(event__in=policies.events_public().values("pk"))


# --- tickets -------------------------------------------------------------------------------------


def registration_by_token(*, token: str) -> Registration:
    """The ticket page's registration; the token is the only key (404 for anything else)."""
    registration = (
        Registration.objects.select_related("event", "group").filter(token=token).first()
        if token
        else None
    )
    if registration is None:
        raise Http404
    return registration


def group_by_token(*, token: str) -> RegistrationGroup:
    group = (
        RegistrationGroup.objects.select_related("event").filter(token=token).first()
        if token
        else None
    )
    if group is None:
        raise Http404
    return group


def group_members(*, group: RegistrationGroup) -> list[Registration]:
    return list(group.registrations.order_by("created_at", "pk"))


def waiting_position(*, registration: Registration) -> int | None:
    """1 for the first person waiting, and so on; None for anyone not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return (
        Registration.objects.filter(
            event_id=registration.event_id, status=RegistrationStatus.WAITLISTED
        )
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


@dataclass
class WorkshopChoice:
    item: AgendaItem
    booked: int
    mine: bool

    @property
    def full(self) -> bool:
        return self.item.capacity is not None and self.booked >= self.item.capacity

    @property
    def places_left(self) -> int | None:
        return None if self.item.capacity is None else max(self.item.capacity - self.booked, 0)


def workshop_choices(*, registration: Registration) -> list[WorkshopChoice]:
    items = (
        AgendaItem.objects.filter(event_id=registration.event_id, kind=ItemKind.WORKSHOP)
        .select_related("room")
        .annotate(
            booked=Count("bookings", distinct=True),
            mine=Exists(
                WorkshopBooking.objects.filter(item=OuterRef("pk"), registration=registration)
            ),
        )
        .order_by("starts_at", "pk")
    )
    return [WorkshopChoice(item, item.booked, item.mine) for item in items]


# --- organisers ----------------------------------------------------------------------------------


def desk_events(*, actor: Any) -> QuerySet[Event]:
    """The events a person runs, with their numbers, newest first. Each number is counted per
    event in a subquery (as `_with_seats`): three COUNT(DISTINCT) over a join with every
    registration grouped all registrations of every event before the first few were kept."""
    registrations = Registration.objects.filter(event=OuterRef("pk"))
    return (
        policies.events_run_by(actor)
        .annotate(
            confirmed_count=correlated_count(
                registrations.filter(status=RegistrationStatus.CONFIRMED), by="event"
            ),
            waitlisted_count=correlated_count(
                registrations.filter(status=RegistrationStatus.WAITLISTED), by="event"
            ),
            checked_in_count=correlated_count(
                registrations.filter(checked_in_at__isnull=False), by="event"
            ),
        )
        .order_by("-starts_at", "pk")
    )


def event_staff_pool(*, event: Event | None) -> QuerySet[Any]:
    """The people the event form offers as organisers and door staff: the academy's staff pool
    (coordinators and edition staff), everyone who already runs or ran an event, and this event's
    own staff. Bounded by the staff, not by every account; anyone else is added by e-mail."""
    from sib.academy.selectors import staff_pool
    from sib.accounts.models import User

    runs_events = Q(is_active=True, pk__in=EventStaff.objects.values("user_id"))
    if event is not None and event.pk:
        runs_events |= Q(pk__in=EventStaff.objects.filter(event=event).values("user_id"))
    event_people = User.objects.filter(runs_events)
    return (staff_pool() | event_people).order_by("full_name", "email")


def event_staff(*, event: Event) -> dict[str, list[Any]]:
    roles: dict[str, list[Any]] = {}
    for row in EventStaff.objects.filter(event=event).select_related("user"):
        roles.setdefault(row.role, []).append(row.user)
    return roles


def _search(queryset: QuerySet[Registration], q: str) -> QuerySet[Registration]:
    q = q.strip()
    if not q:
        return queryset
    condition = Q()
    for word in q.split()[:5]:
        condition &= (
            Q(full_name__icontains=word)
            | Q(email__icontains=word)
            | Q(organisation_name__icontains=word)
        )
    return queryset.filter(condition | Q(code=q.upper()))


def event_registrations(
    *, actor: Any, event: Event, status: str | None = None, q: str = ""
) -> QuerySet[Registration]:
    """Everyone registered for an event, for its organisers; filtered and searched."""
    if not policies.can_manage_event(actor, event):
        raise PermissionDenied
    queryset = Registration.objects.filter(event=event).select_related("group", "checked_in_by")
    if status in RegistrationStatus.values:
        queryset = queryset.filter(status=status)
    return _search(queryset, q).order_by("created_at", "pk")


def checkin_search(*, actor: Any, event: Event, q: str, limit: int = 15) -> list[Registration]:
    """Names for the door: confirmed people (and others, marked) matching the search words."""
    if not policies.can_check_in(actor, event):
        raise PermissionDenied
    if len(q.strip()) < 2:
        return []
    queryset = Registration.objects.filter(event=event).select_related("checked_in_by")
    return list(
        _search(queryset, q)
        .annotate(
            # Confirmed people first, then those on the waiting list, cancelled last.
            rank=Case(
                When(status=RegistrationStatus.CONFIRMED, then=Value(0)),
                When(status=RegistrationStatus.WAITLISTED, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "full_name", "pk")[:limit]
    )


def ticket_for_checkin(*, actor: Any, event: Event, code: str) -> Registration:
    """The registration a scanned code names, at this event only (404 otherwise)."""
    if not policies.can_check_in(actor, event):
        raise PermissionDenied
    code = code.strip().rstrip("/").rsplit("/", 1)[-1].upper()
    registration = (
        Registration.objects.filter(event=event, code=code).select_related("checked_in_by").first()
    )
    if registration is None:
        raise Http404
    return registration


def checkin_counts(*, event: Event) -> dict[str, int]:
    return Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )


def session_attendance(*, actor: Any, item: AgendaItem) -> list[SessionAttendance]:
    if not policies.can_check_in(actor, item.event):
        raise PermissionDenied
    return list(
        SessionAttendance.objects.filter(item=item)
        .select_related("registration")
        .order_by("registration__full_name", "pk")
    )


def item_get(*, actor: Any, event: Event, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.filter(event=event, pk=item_id).select_related("room").first()
    if item is None:
        raise Http404
    return item


def badge_registrations(
    *, actor: Any, event: Event, pending_only: bool = False
) -> list[Registration]:
    """Confirmed people, by name, for printing badges."""
    if not policies.can_manage_event(actor, event):
        raise PermissionDenied
    queryset = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    if pending_only:
        queryset = queryset.filter(checked_in_at__isnull=True)
    return list(queryset.order_by("full_name", "pk"))


def export_rows(*, actor: Any, event: Event) -> tuple[list[str], list[list[Any]]]:
    """The attendee list as a header and rows (answers in the reader's language)."""
    from django.utils.translation import gettext as _

    registrations = list(
        event_registrations(actor=actor, event=event).prefetch_related("bookings__item")
    )
    questions = list(event.questions.order_by("position", "pk"))
    header = [
        _("Ticket code"),
        _("Full name"),
        _("E-mail address"),
        _("Organisation"),
        _("Status"),
        _("Registered"),
        _("Checked in"),
        _("Group contact"),
        _("Language"),
        _("Gender"),
        _("Voivodeship"),
        _("Workshops booked"),
        *[q.label for q in questions],
    ]
    genders, regions = dict(Gender.choices), dict(Voivodeship.choices)

    def answer(question: Any, value: Any) -> str:
        if value is None:
            return ""
        choices = question.choice_list
        if question.kind == "choice":
            return choices[value] if 0 <= value < len(choices) else ""
        if question.kind == "multiple":
            return "; ".join(choices[i] for i in value if 0 <= i < len(choices))
        if question.kind == "yes_no":
            return str(_("yes") if value else _("no"))
        return str(value)

    rows = []
    for r in registrations:
        rows.append(
            [
                r.code,
                r.full_name,
                r.email,
                r.organisation_name,
                str(r.get_status_display()),
                timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(r.checked_in_at).strftime("%Y-%m-%d %H:%M")
                if r.checked_in_at
                else "",
                r.group.contact_name if r.group else "",
                r.language,
                str(genders.get(r.gender, "")),
                str(regions.get(r.region, "")),
                "; ".join(b.item.title for b in r.bookings.all()),
                *[answer(q, r.answers.get(str(q.pk))) for q in questions],
            ]
        )
    return header, rows


# --- statistics -------------------------------------------------------------------------------------


@dataclass
class Breakdown:
    """Registered and attended people per category (gender or voivodeship)."""

    rows: list[tuple[str, str, int, int]]  # key, label, registered (confirmed), attended

    @property
    def has_data(self) -> bool:
        return any(registered or attended for _k, _l, registered, attended in self.rows)


@dataclass
class WorkshopFigures:
    item: AgendaItem
    booked: int
    attended: int


@dataclass
class EventStats:
    event: Event
    registrations: int  # every registration ever made (cancelled ones included)
    confirmed: int
    waitlisted: int
    cancelled: int
    promoted: int
    attended: int
    speakers: int
    lectures_and_panels: int
    workshops: int
    pitches: int
    presentations: int
    by_gender: Breakdown
    by_region: Breakdown
    workshop_figures: list[WorkshopFigures] = field(default_factory=list)

    @property
    def attendance_rate(self) -> float | None:
        return self.attended / self.confirmed if self.confirmed else None


def _breakdown(
    counts: Iterable[dict[str, Any]], key: str, choices: Sequence[tuple[str, StrOrPromise]]
) -> Breakdown:
    registered: Counter[str] = Counter()
    attended: Counter[str] = Counter()
    for row in counts:
        registered[row[key] or ""] += row["confirmed"]
        attended[row[key] or ""] += row["attended"]
    rows = [
        (value, str(label), registered[value], attended[value])
        for value, label in choices
        if registered[value] or attended[value]
    ]
    if registered[""] or attended[""]:
        from django.utils.translation import gettext as _

        rows.append(("", _("Not given"), registered[""], attended[""]))
    return Breakdown(rows)


def _item_counts(events: QuerySet[Event] | Sequence[int]) -> dict[str, int]:
    items = AgendaItem.objects.filter(event__in=events)
    return items.aggregate(
        lectures_and_panels=Count("pk", filter=Q(kind__in=LECTURE_AND_PANEL_KINDS)),
        workshops=Count("pk", filter=Q(kind=ItemKind.WORKSHOP)),
        pitches=Count("pk", filter=Q(kind=ItemKind.PITCH)),
    )


def _speakers_per_event(events: QuerySet[Event] | Sequence[int]) -> dict[int, int]:
    return dict(
        AgendaSpeaker.objects.filter(item__event__in=events)
        .values("item__event")
        .annotate(n=Count("speaker", distinct=True))
        .values_list("item__event", "n")
    )


def event_stats(*, actor: Any, event: Event) -> EventStats:
    """An event's numbers for its organisers: registrations by status, attendance, the agenda,
    gender and voivodeship of those confirmed and of those who came, and each workshop."""
    if not policies.can_manage_event(actor, event):
        raise PermissionDenied
    # Registrations count once their address is confirmed; unconfirmed ones are not figures.
    registrations = Registration.objects.filter(event=event, email_confirmed_at__isnull=False)
    totals = registrations.aggregate(
        total=Count("pk"),
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
        promoted=Count("pk", filter=Q(promoted_at__isnull=False)),
        attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    per_person = list(
        registrations.filter(status=RegistrationStatus.CONFIRMED)
        .values("gender", "region")
        .annotate(
            confirmed=Count("pk"),
            attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
        )
    )
    items = _item_counts([event.pk])
    workshops = list(
        AgendaItem.objects.filter(event=event, kind=ItemKind.WORKSHOP)
        .select_related("room")
        .annotate(
            booked=Count("bookings", distinct=True),
            attended=Count("attendances", distinct=True),
        )
        .order_by("starts_at", "pk")
    )
    return EventStats(
        event=event,
        registrations=totals["total"],
        confirmed=totals["confirmed"],
        waitlisted=totals["waitlisted"],
        cancelled=totals["cancelled"],
        promoted=totals["promoted"],
        attended=totals["attended"],
        speakers=_speakers_per_event([event.pk]).get(event.pk, 0),
        lectures_and_panels=items["lectures_and_panels"],
        workshops=items["workshops"],
        pitches=items["pitches"],
        presentations=Presentation.objects.filter(event=event).count(),
        by_gender=_breakdown(per_person, "gender", Gender.choices),
        by_region=_breakdown(per_person, "region", Voivodeship.choices),
        workshop_figures=[WorkshopFigures(item, item.booked, item.attended) for item in workshops],
    )


def _events_in_scope(actor: Any, editions: Iterable[Any] | None) -> QuerySet[Event]:
    editions = None if editions is None else list(editions)
    if not policies.can_report_on_editions(actor, editions):
        raise PermissionDenied
    queryset = Event.objects.all()
    if editions is not None:
        queryset = queryset.filter(edition__in=[getattr(e, "pk", e) for e in editions])
    return queryset


def events_exist(*, actor: Any, editions: Iterable[Any] | None = None) -> bool:
    """Whether any event belongs to the scope (one query), so reports skip an empty section."""
    return _events_in_scope(actor, editions).exists()


def held(queryset: QuerySet[Event], now: Any = None) -> QuerySet[Event]:
    """Events that took place: published (never cancelled) and already begun."""
    return queryset.filter(status=EventStatus.PUBLISHED, starts_at__lte=now or timezone.now())


@dataclass
class OverviewRow:
    event: Event
    confirmed: int
    attended: int
    speakers: int
    lectures_and_panels: int
    workshops: int
    presentations: int


@dataclass
class Overview:
    rows: list[OverviewRow]
    indicators: dict[str, int]
    by_gender: Breakdown
    by_region: Breakdown


def _count(
    queryset: QuerySet[Any], field: str = "pk", *, by: str = "event", distinct: bool = False
) -> Coalesce:
    """The overview's counts: per event unless `by` says otherwise."""
    return correlated_count(queryset, by=by, field=field, distinct=distinct)


def events_overview(*, actor: Any, editions: Iterable[Any] | None = None) -> Overview:
    """Every event's figures side by side, with the indicators and the breakdowns of those who
    attended conferences and workshops. Coordinators only.

    Two queries (one when there is no event): the events with their counts, and the attendees
    by gender and voivodeship. The indicators are those of `event_indicators`, summed from the
    same rows."""
    editions = None if editions is None else list(editions)
    now = timezone.now()
    here = OuterRef("pk")
    events = list(
        _events_in_scope(actor, editions)
        .annotate(
            confirmed=_count(
                Registration.objects.filter(event=here, status=RegistrationStatus.CONFIRMED)
            ),
            attended=_count(Registration.objects.filter(event=here, checked_in_at__isnull=False)),
            lectures_and_panels=_count(
                AgendaItem.objects.filter(event=here, kind__in=LECTURE_AND_PANEL_KINDS)
            ),
            workshop_items=_count(AgendaItem.objects.filter(event=here, kind=ItemKind.WORKSHOP)),
            presentation_count=_count(Presentation.objects.filter(event=here)),
            speaker_count=_count(
                AgendaSpeaker.objects.filter(item__event=here),
                "speaker",
                by="item__event",
                distinct=True,
            ),
        )
        .order_by("starts_at", "pk")
    )
    rows = [
        OverviewRow(
            event=e,
            confirmed=e.confirmed,
            attended=e.attended,
            speakers=e.speaker_count,
            lectures_and_panels=e.lectures_and_panels,
            workshops=e.workshop_items,
            presentations=e.presentation_count,
        )
        for e in events
    ]
    took_place = [
        row
        for row in rows
        if row.event.status == EventStatus.PUBLISHED and row.event.starts_at <= now
    ]
    counted = [row for row in took_place if row.event.kind in HELD_KINDS]
    indicators = {
        "events": len(counted),
        "showcases": sum(1 for row in took_place if row.event.kind in SHOWCASE_KINDS),
        "event_participants": sum(row.attended for row in counted),
        "speakers": sum(row.speakers for row in counted),
        "lectures_and_panels": sum(row.lectures_and_panels for row in counted),
        "workshops": sum(row.workshops for row in counted),
    }
    per_person: list[dict[str, Any]] = []
    if rows:
        held_ids = held(_events_in_scope(actor, editions).filter(kind__in=HELD_KINDS), now).values(
            "pk"
        )
        per_person = list(
            Registration.objects.filter(event__in=held_ids, status=RegistrationStatus.CONFIRMED)
            .values("gender", "region")
            .annotate(
                confirmed=Count("pk"), attended=Count("pk", filter=Q(checked_in_at__isnull=False))
            )
        )
    return Overview(
        rows=rows,
        indicators=indicators,
        by_gender=_breakdown(per_person, "gender", Gender.choices),
        by_region=_breakdown(per_person, "region", Voivodeship.choices),
    )


def event_indicators(*, actor: Any, editions: Iterable[Any] | None = None) -> dict[str, int]:
    """The funder indicators of events, computed from records (coordinators only).

    - `events`: conferences and workshops held (published, not cancelled, already begun);
    - `showcases`: showcases and international showcases held, counted apart;
    - `event_participants`: check-ins summed over the events counted in `events` (showcases
      and speakers are not participants);
    - `speakers`: distinct speakers on each of those events' agenda, summed over the events;
    - `lectures_and_panels`, `workshops`: agenda items of those types at those events.

    `editions` limits the count to events linked to those academy editions; None counts all.
    Coordinators, or the coordinators of each of those editions, may ask.
    """
    editions = None if editions is None else list(editions)
    scope = held(_events_in_scope(actor, editions))
    counted = scope.filter(kind__in=HELD_KINDS)
    ids = list(counted.values_list("pk", flat=True))
    items = _item_counts(ids)
    return {
        "events": len(ids),
        "showcases": scope.filter(kind__in=SHOWCASE_KINDS).count(),
        "event_participants": Registration.objects.filter(
            event__in=ids, checked_in_at__isnull=False
        ).count(),
        "speakers": sum(_speakers_per_event(ids).values()),
        "lectures_and_panels": items["lectures_and_panels"],
        "workshops": items["workshops"],
    }


def upcoming_for(*, actor: Any, limit: int = 5) -> list[Event]:
    """Upcoming events a signed-in person is registered for (by account or e-mail address)."""
    if not actor.is_authenticated:
        return []
    mine = Registration.objects.filter(
        Q(user=actor) | Q(email=actor.email),
        event=OuterRef("pk"),
        status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
    )
    return list(
        policies.events_public()
        .filter(ends_at__gte=timezone.now(), status=EventStatus.PUBLISHED)
        .filter(Exists(mine))
        .order_by("starts_at", "pk")[:limit]
    )


def my_registrations(*, actor: Any) -> list[Registration]:
    if not actor.is_authenticated:
        return []
    return list(
        Registration.objects.filter(Q(user=actor) | Q(email=actor.email))
        .exclude(status=RegistrationStatus.CANCELLED)
        .filter(event__ends_at__gte=timezone.now())
        .select_related("event")
        .order_by("event__starts_at", "pk")[:10]
    )


def event_feedback(*, actor: Any, event: Event) -> Any:
    """The results of the event's feedback survey (through the surveys app), or None when there is
    none or the person may not see its results."""
    from sib.surveys import policies as survey_policies
    from sib.surveys import selectors as surveys

    instrument = event.feedback_instrument
    if instrument is None or not survey_policies.can_view_results(actor, instrument):
        return None
    return surveys.instrument_results(actor=actor, instrument=instrument)


def feedback_choices(*, actor: Any) -> QuerySet[Any]:
    """Surveys an organiser may attach: those whose results they may see (templates excluded)."""
    from sib.surveys import selectors as surveys

    return surveys.instruments_choosable(actor=actor).order_by("title", "pk")
