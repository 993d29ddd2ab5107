"""Reads for academy pages and the API, filtered by the policy, with a fixed number of queries."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sib.academy import policies
from sib.academy.completion import (
    CompletionStatus,
    CredentialStateName,
    Evaluation,
    Rule,
    evaluate,
    is_awaiting_credential,
    is_certified,
    status_sentence,
)
from sib.academy.models import (
    FORMATS,
    Application,
    ApplicationCall,
    ApplicationStatus,
    Attendance,
    AttendanceStatus,
    CalendarToken,
    Competence,
    ConsentText,
    Edition,
    EditionStaff,
    EditionStatus,
    Enrolment,
    Format,
    Group,
    LearningOutcome,
    Module,
    Programme,
    Session,
)
from sib.core.charts import ProgressLine, progress_chart
from sib.core.plugins import contributions
from sib.core.selectors import correlated_count

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


# --- programmes --------------------------------------------------------------------------------


def programme_list(*, actor: Any) -> QuerySet[Programme]:
    return policies.programmes_visible(actor).annotate(module_count=Count("modules"))


def programme_detail(*, actor: Any, programme_id: int) -> Programme:
    queryset = policies.programmes_visible(actor).prefetch_related(
        Prefetch(
            "modules",
            queryset=Module.objects.prefetch_related("competences", "outcomes__competences"),
        )
    )
    try:
        return queryset.get(pk=programme_id)
    except Programme.DoesNotExist as error:
        raise Http404 from error


def module_get(*, actor: Any, module_id: int) -> Module:
    """A module with its programme, outcomes and competences (the catalogue is public)."""
    try:
        return (
            Module.objects.filter(programme__in=policies.programmes_visible(actor))
            .select_related("programme")
            .prefetch_related("competences", "outcomes__competences")
            .get(pk=module_id)
        )
    except Module.DoesNotExist as error:
        raise Http404 from error


def outcome_get(*, actor: Any, outcome_id: int) -> LearningOutcome:
    try:
        return (
            LearningOutcome.objects.filter(module__programme__in=policies.programmes_visible(actor))
            .select_related("module__programme")
            .get(pk=outcome_id)
        )
    except LearningOutcome.DoesNotExist as error:
        raise Http404 from error


def competence_list(*, actor: Any) -> QuerySet[Competence]:
    return Competence.objects.annotate(
        module_count=Count("modules", distinct=True), outcome_count=Count("outcomes", distinct=True)
    )


def competence_get(*, actor: Any, competence_id: int) -> Competence:
    try:
        return Competence.objects.get(pk=competence_id)
    except Competence.DoesNotExist as error:
        raise Http404 from error


# --- editions -----------------------------------------------------------------------------------


class EditionCounts(TypedDict):
    enrolled: int
    enrolled_ever: int


def edition_list(*, actor: Any) -> QuerySet[WithAnnotations[Edition, EditionCounts]]:
    return (
        policies.editions_visible(actor)
        .select_related("programme")
        .annotate(
            enrolled=Count(
                "enrolments", filter=Q(enrolments__withdrawn_on__isnull=True), distinct=True
            ),
            enrolled_ever=Count("enrolments", distinct=True),
        )
        .order_by("-starts_on", "code")
    )


def editions_in_flight(*, actor: Any, limit: int) -> tuple[list[Edition], bool]:
    """The first `limit` editions not finished (all editions when every one has finished), the
    latest first, and whether there are more: what a coordinator's home shows, fetched in SQL
    without counting every edition's enrolments."""
    visible = (
        policies.editions_visible(actor).select_related("programme").order_by("-starts_on", "code")
    )
    found = list(visible.exclude(status=EditionStatus.FINISHED)[: limit + 1]) or list(
        visible[: limit + 1]
    )
    return found[:limit], len(found) > limit


@dataclass(frozen=True)
class Seats:
    """Places taken (enrolled and not withdrawn) against the edition's capacity (0: none set)."""

    taken: int
    capacity: int

    @property
    def left(self) -> int | None:
        return max(self.capacity - self.taken, 0) if self.capacity else None

    @property
    def full(self) -> bool:
        return bool(self.capacity) and self.taken >= self.capacity

    @property
    def over(self) -> int:
        """How many people are enrolled beyond the capacity (a coordinator chose it)."""
        return max(self.taken - self.capacity, 0) if self.capacity else 0


def edition_seats(*, edition: Edition) -> Seats:
    taken = Enrolment.objects.filter(edition=edition, withdrawn_on__isnull=True).count()
    return Seats(taken=taken, capacity=edition.capacity)


def edition_get(*, actor: Any, edition_id: int) -> Edition:
    """The edition if the person may see it; 404 otherwise (its existence is not revealed)."""
    try:
        return policies.editions_visible(actor).select_related("programme").get(pk=edition_id)
    except Edition.DoesNotExist as error:
        raise Http404 from error


def edition_staff(*, edition: Edition) -> dict[str, list[Any]]:
    roles: dict[str, list[Any]] = defaultdict(list)
    for row in (
        EditionStaff.objects.filter(edition=edition)
        .select_related("user")
        .order_by("user__full_name")
    ):
        roles[row.role].append(row.user)
    return roles


def staff_pool(*, include: Iterable[int] = (), coordinators_only: bool = False) -> QuerySet[Any]:
    """The people staff forms offer as choices: active coordinators and everyone who already holds
    a role in some edition, plus `include` (those assigned to the object being edited, so saving
    never drops them silently). Bounded by the staff, not by every account on the platform: anyone
    else is added by e-mail (`people_by_emails`)."""
    from sib.accounts.models import User

    held = Q(is_staff=True)
    if not coordinators_only:
        held |= Q(pk__in=EditionStaff.objects.values("user_id"))
    offered = Q(is_active=True) & held
    ids = list(include)
    if ids:
        offered |= Q(pk__in=ids)
    return User.objects.filter(offered).order_by("full_name", "email")


def edition_staff_ids(*, edition: Edition | None) -> dict[str, list[int]]:
    """Who holds which role in the edition, as ids (one query; empty for a new edition)."""
    roles: dict[str, list[int]] = defaultdict(list)
    if edition is None or edition.pk is None:
        return roles
    for role, user_id in EditionStaff.objects.filter(edition=edition).values_list(
        "role", "user_id"
    ):
        roles[role].append(user_id)
    return roles


# --- progress ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleLine:
    label: str
    have: int
    need: int
    remaining: int

    @property
    def missing(self) -> int:
        return max(self.need - self.have, 0)


@dataclass
class ProgressRow:
    enrolment: Enrolment
    minutes_by_format: dict[str, int]
    remaining_by_format: dict[str, int]
    evaluation: Evaluation
    rule: Rule
    # `none | valid | suspended | revoked`, filled by `with_credential_states` where a page or a
    # figure needs it (the credentials app decides it).
    credential_state: str = CredentialStateName.NONE

    @property
    def certified(self) -> bool:
        return is_certified(self.credential_state)

    @property
    def awaiting_credential(self) -> bool:
        return is_awaiting_credential(self.status, self.credential_state)

    @property
    def sentence(self) -> str:
        return status_sentence(self.evaluation, self.credential_state)

    @property
    def rule_lines(self) -> list[RuleLine]:
        """Each format and the overall total: attended, required, still scheduled (minutes)."""
        lines = [
            RuleLine(
                label=str(Format(fmt).label),
                have=self.minutes_by_format[fmt],
                need=self.rule.min_minutes_by_format.get(fmt, 0),
                remaining=self.remaining_by_format[fmt],
            )
            for fmt in FORMATS
        ]
        lines.append(
            RuleLine(
                label=_("Overall"),
                have=self.total_minutes,
                need=self.rule.min_total_minutes,
                remaining=sum(self.remaining_by_format.values()),
            )
        )
        return lines

    @property
    def chart(self) -> SafeString:
        return progress_chart(
            [
                ProgressLine(line.label, line.have / 60, line.remaining / 60, line.need / 60)
                for line in self.rule_lines
            ],
            label=_("Hours attended by format against the completion rule"),
            attended=_("attended"),
            scheduled=_("still scheduled"),
            required=_("required"),
            unit=_("hours"),
        )

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes_by_format.values())

    @property
    def status(self) -> CompletionStatus:
        return self.evaluation.status

    @property
    def user(self) -> Any:
        return self.enrolment.user


MINUTE_COLUMNS = [name for fmt in FORMATS for name in (f"credited_{fmt}", f"recorded_{fmt}")]


def _minutes_by_enrolment(
    *, edition_ids: Sequence[int] = (), enrolments: Sequence[int] | QuerySet[Any] = ()
) -> dict[int, tuple[int | None, ...]]:
    """Credited and recorded minutes by format (`MINUTE_COLUMNS`) per enrolment, in one GROUP BY
    over an integer — one row per person, not per person and format — rather than annotating
    enrolment rows, which groups by every selected column.

    The marks summed are those at the sessions of `edition_ids`, or those of `enrolments` (ids,
    or a queryset of ids read as a subquery). Written out rather than built with the ORM, like
    the showcase's stamp (decision 0724): building six filtered sums of a CASE took longer than
    SQLite takes to add up a small edition (about 2 ms a call, on every progress page)."""
    quote = connection.ops.quote_name
    select, select_params = _minutes_select()
    if edition_ids:
        # By session id in a subquery: SQLite then walks the editions' sessions and their marks
        # (indexes on edition and session) instead of scanning every mark on the platform in
        # enrolment order to spare the GROUP BY its sort (six editions at scale M: 16 -> 9 ms).
        sessions = Session.objects.filter(edition_id__in=edition_ids).order_by().values("pk")
        subquery, where_params = sessions.query.sql_with_params()
        marks = f"{quote('session_id')} IN ({subquery})"
    elif isinstance(enrolments, QuerySet):
        subquery, where_params = enrolments.order_by().query.sql_with_params()
        marks = f"{quote('enrolment_id')} IN ({subquery})"
    elif enrolments:
        marks = f"{quote('enrolment_id')} IN ({', '.join(['%s'] * len(enrolments))})"
        where_params = tuple(enrolments)
    else:
        return {}
    attendance = quote(Attendance._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"{select} WHERE {attendance}.{marks} "  # noqa: S608 - quoted identifiers
            f"GROUP BY {attendance}.{quote('enrolment_id')}",
            [*select_params, *where_params],
        )
        return {enrolment_id: tuple(minutes) for enrolment_id, *minutes in cursor.fetchall()}


@functools.cache
def _minutes_select() -> tuple[str, tuple[Any, ...]]:
    """The SELECT and FROM of `_minutes_by_enrolment` (the same every time; its parameters are
    the formats and statuses). Credited minutes follow `Attendance.credited_minutes`: all of a
    session when present, those not missed when late, none otherwise."""
    quote = connection.ops.quote_name
    attendance, session = quote(Attendance._meta.db_table), quote(Session._meta.db_table)
    status, missed = f"{attendance}.{quote('status')}", f"{attendance}.{quote('minutes_missed')}"
    duration = f"{session}.{quote('duration_minutes')}"
    fmt = f"{session}.{quote('format')}"
    credited = (
        f"CASE WHEN {status} = %s THEN {duration} "
        f"WHEN {status} = %s AND {duration} > {missed} THEN {duration} - {missed} ELSE 0 END"
    )
    columns, params = [], []
    for name in FORMATS:
        columns.append(f"SUM(CASE WHEN {fmt} = %s THEN {credited} END)")
        params += [name, AttendanceStatus.PRESENT.value, AttendanceStatus.LATE.value]
        columns.append(f"SUM(CASE WHEN {fmt} = %s THEN {duration} END)")
        params.append(name)
    sql = (
        f"SELECT {attendance}.{quote('enrolment_id')}, {', '.join(columns)} "  # noqa: S608
        f"FROM {attendance} INNER JOIN {session} "
        f"ON {attendance}.{quote('session_id')} = {session}.{quote('id')}"
    )
    return sql, tuple(params)


def _with_minutes(enrolment: Any, sums: dict[int, tuple[int | None, ...]]) -> Any:
    """Set the `MINUTE_COLUMNS` attributes that `_rows_of` reads."""
    minutes = sums.get(enrolment.pk) or (0,) * len(MINUTE_COLUMNS)
    for name, value in zip(MINUTE_COLUMNS, minutes, strict=True):
        setattr(enrolment, name, value or 0)
    return enrolment


def _scheduled_minutes(edition: Edition) -> dict[int | None, dict[str, int]]:
    """Scheduled minutes per audience (group id, None for the whole edition) and format."""
    scheduled: dict[int | None, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FORMATS, 0))
    rows = (
        Session.objects.filter(edition=edition)
        .values("group_id", "format")
        .annotate(minutes=Sum("duration_minutes"))
        .order_by()
    )
    for row in rows:
        scheduled[row["group_id"]][row["format"]] = row["minutes"] or 0
    return scheduled


def _progress_rows(edition: Edition, enrolments: Iterable[Enrolment]) -> list[ProgressRow]:
    people = list(enrolments)
    sums = (
        _minutes_by_enrolment(enrolments=[people[0].pk])
        if len(people) == 1
        else _minutes_by_enrolment(edition_ids=[edition.pk])
    )
    return _rows_of(edition, [_with_minutes(e, sums) for e in people], _scheduled_minutes(edition))


def _rows_of(
    edition: Edition,
    enrolments: Iterable[Enrolment],
    scheduled: dict[int | None, dict[str, int]],
) -> list[ProgressRow]:
    """Apply the rule to enrolments carrying minutes from `_with_minutes`."""
    rule = Rule.of(edition.programme)
    rows = []
    for enrolment in enrolments:
        minutes = {fmt: getattr(enrolment, f"credited_{fmt}") for fmt in FORMATS}
        remaining = {}
        for fmt in FORMATS:
            audience = scheduled[None][fmt] + (
                scheduled[enrolment.group_id][fmt] if enrolment.group_id else 0
            )
            remaining[fmt] = max(audience - getattr(enrolment, f"recorded_{fmt}"), 0)
        evaluation = evaluate(
            rule,
            minutes_by_format=minutes,
            score=enrolment.final_project_score,
            withdrawn=enrolment.is_withdrawn,
            edition_finished=edition.is_finished,
            remaining_by_format=remaining,
        )
        rows.append(ProgressRow(enrolment, minutes, remaining, evaluation, rule))
    return rows


def with_credential_states(
    rows: list[ProgressRow], *, edition_ids: Iterable[int] = ()
) -> list[ProgressRow]:
    """Set each row's credential state from the apps in `SIB_CREDENTIAL_STATES` (one query each).

    Give `edition_ids` when the rows are whole editions (reports), else the rows' enrolments are
    asked for. Without a provider every state stays `none`.
    """
    if not rows:
        return rows
    editions = list(edition_ids)
    states: dict[int, str] = {}
    for provider in contributions("SIB_CREDENTIAL_STATES"):
        if editions:
            states.update(provider(edition_ids=editions))
        else:
            states.update(provider(enrolment_ids=[row.enrolment.pk for row in rows]))
    for row in rows:
        row.credential_state = states.get(row.enrolment.pk, CredentialStateName.NONE)
    return rows


SORT_KEYS = {
    "name": lambda row: (row.user.full_name.lower(),),
    "group": lambda row: (row.enrolment.group.name if row.enrolment.group else "~",),
    "lecture": lambda row: (row.minutes_by_format["lecture"],),
    "workshop": lambda row: (row.minutes_by_format["workshop"],),
    "mentoring": lambda row: (row.minutes_by_format["mentoring"],),
    "total": lambda row: (row.total_minutes,),
    "score": lambda row: (
        row.enrolment.final_project_score is None,
        row.enrolment.final_project_score or 0,
    ),
    "status": lambda row: (list(CompletionStatus).index(row.status),),
    "reachable": lambda row: (row.evaluation.reachable,),
}


def edition_progress(
    *,
    actor: Any,
    edition: Edition,
    sort: str = "name",
    status: str | None = None,
    search: str = "",
    group_id: int | None = None,
) -> list[ProgressRow]:
    """Everyone's hours by format and completion status: the edition table, the API, exports.

    `search` matches names and e-mail addresses; `group_id` keeps one group (0: no group).
    """
    if not policies.can_view_participants(actor, edition):
        raise PermissionDenied
    enrolments = Enrolment.objects.filter(edition=edition).select_related("user", "group")
    if group_id is not None:
        enrolments = enrolments.filter(group_id=group_id or None)  # type: ignore[misc]  # None: IS NULL
    rows = _progress_rows(edition, enrolments)
    term = search.strip().casefold()
    if term:  # in Python: SQLite's LIKE ignores case only for ASCII letters, not "Ł" or "Ż"
        rows = [
            row
            for row in rows
            if term in row.user.full_name.casefold() or term in row.user.email.casefold()
        ]
    if status:
        rows = [row for row in rows if row.status == status]
    descending = sort.startswith("-")
    key = SORT_KEYS.get(sort.lstrip("-"), SORT_KEYS["name"])
    rows.sort(key=lambda row: (*key(row), row.user.full_name.lower()), reverse=descending)
    return rows


def participant_enrolments(*, actor: Any, edition: Edition) -> QuerySet[Enrolment]:
    """The enrolments behind `edition_progress`'s rows in its default order (by name, case
    ignored), as a queryset the API pages in SQL (decision 0906); pk keeps pages stable."""
    if not policies.can_view_participants(actor, edition):
        raise PermissionDenied
    return (
        Enrolment.objects.filter(edition=edition)
        .select_related("user", "group")
        .order_by(Lower("user__full_name"), "user__full_name", "pk")
    )


def progress_rows(*, edition: Edition, enrolments: Sequence[Enrolment]) -> list[ProgressRow]:
    """Progress of these enrolments only (one API page): attendance is summed for them alone,
    so the cost is the page's, not the edition's."""
    people = list(enrolments)
    sums = _minutes_by_enrolment(enrolments=[enrolment.pk for enrolment in people])
    return _rows_of(edition, [_with_minutes(e, sums) for e in people], _scheduled_minutes(edition))


@dataclass
class CompletionCounts:
    """How many enrolments of an edition are in each completion status (computed, never stored)."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def by_status(self) -> list[tuple[str, str, int]]:
        return [(str(status), status.label, self.counts[status]) for status in CompletionStatus]

    def __getitem__(self, status: str) -> int:
        return self.counts[status]

    def seats(self, edition: Edition) -> Seats:
        """Places taken (everyone not withdrawn) against the capacity, without another query."""
        return Seats(
            taken=self.total - self.counts[CompletionStatus.WITHDRAWN], capacity=edition.capacity
        )

    @classmethod
    def of(cls, rows: list[ProgressRow]) -> CompletionCounts:
        counts = {str(status): 0 for status in CompletionStatus}
        for row in rows:
            counts[row.status] += 1
        return cls(counts)


def completion_counts(*, actor: Any, edition: Edition) -> CompletionCounts:
    """Counts only: plain records are enough (cheaper than model instances)."""
    return CompletionCounts.of(editions_progress(actor=actor, editions=[edition])[edition.pk])


@dataclass
class PersonRecord:
    pk: int
    full_name: str
    gender: str
    birth_year: int | None
    voivodeship: str
    sector: str


@dataclass
class EnrolmentRecord:
    """The columns of an enrolment that reports read, standing in for the model instance."""

    pk: int
    edition_id: int
    group_id: int | None
    language_track: str
    withdrawn_on: Any
    final_project_score: Decimal | None
    user: PersonRecord

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None


def editions_progress(*, actor: Any, editions: Sequence[Edition]) -> dict[int, list[ProgressRow]]:
    """Everyone's progress in several editions at once (reports): three queries, however many
    editions. Rows carry `EnrolmentRecord`s (the columns reports use), not model instances.
    Editions whose participants the person may not see are refused."""
    return editions_figures(actor=actor, editions=editions).progress


@dataclass
class EditionsFigures:
    progress: dict[int, list[ProgressRow]]  # per edition id
    delivered: dict[str, int]  # minutes of sessions already held, by format


def editions_figures(*, actor: Any, editions: Sequence[Edition]) -> EditionsFigures:
    """`editions_progress` and `hours_delivered` together, for reports: the scheduled and the
    held minutes come from the same grouped query over sessions (three queries in all)."""
    for edition in editions:
        if not policies.can_view_participants(actor, edition):
            raise PermissionDenied
    ids = [edition.pk for edition in editions]
    scheduled, delivered = _scheduled_by_edition(ids)
    sums = _minutes_by_enrolment(edition_ids=ids)
    grouped: dict[int, list[Enrolment]] = defaultdict(list)
    # Reports read a few columns of thousands of enrolments: plain records instead of model
    # instances (building 20,000 model objects costs more than the aggregate itself).
    for row in Enrolment.objects.filter(edition_id__in=ids).values_list(
        "pk",
        "edition_id",
        "group_id",
        "language_track",
        "withdrawn_on",
        "final_project_score",
        "user_id",
        "user__full_name",
        "user__gender",
        "user__birth_year",
        "user__voivodeship",
        "user__sector",
    ):
        enrolment = _with_minutes(EnrolmentRecord(*row[:6], user=PersonRecord(*row[6:])), sums)
        grouped[enrolment.edition_id].append(enrolment)
    return EditionsFigures(
        progress={
            edition.pk: _rows_of(edition, grouped.get(edition.pk, []), scheduled[edition.pk])
            for edition in editions
        },
        delivered=delivered,
    )


def _scheduled_by_edition(
    ids: Sequence[int],
) -> tuple[dict[int, dict[int | None, dict[str, int]]], dict[str, int]]:
    """Scheduled minutes per edition, audience and format (as `_scheduled_minutes`), and the
    minutes already held by format over all of them: one grouped query over sessions."""
    scheduled: dict[int, dict[int | None, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: dict.fromkeys(FORMATS, 0))
    )
    delivered = dict.fromkeys(FORMATS, 0)
    for edition_id, group_id, fmt, minutes, held in (
        Session.objects.filter(edition_id__in=ids)
        .values_list("edition_id", "group_id", "format")
        .annotate(
            minutes=Sum("duration_minutes"),
            held=Sum("duration_minutes", filter=Q(starts_at__lte=timezone.now())),
        )
        .order_by()
    ):
        scheduled[edition_id][group_id][fmt] = minutes or 0
        delivered[fmt] += held or 0
    return scheduled, delivered


def hours_delivered(*, actor: Any, editions: list[Edition]) -> dict[str, int]:
    """Minutes of sessions already held in the editions, by format (one query)."""
    for edition in editions:
        if not policies.can_view_participants(actor, edition):
            raise PermissionDenied
    minutes = dict.fromkeys(FORMATS, 0)
    for fmt, total in (
        Session.objects.filter(
            edition_id__in=[edition.pk for edition in editions], starts_at__lte=timezone.now()
        )
        .values_list("format")
        .annotate(total=Sum("duration_minutes"))
        .order_by()
    ):
        minutes[fmt] = total or 0
    return minutes


def with_planned_minutes(editions: QuerySet[Edition]) -> QuerySet[Edition]:
    """Editions with their programme's planned minutes (`programme_planned_minutes`, the sum of
    its modules' hours), read in the same query rather than one of its own (reports)."""
    modules = (
        Module.objects.filter(programme=OuterRef("programme"))
        .order_by()
        .values("programme")
        .annotate(total=Sum(F("lecture_minutes") + F("workshop_minutes") + F("mentoring_minutes")))
        .values("total")
    )
    return editions.annotate(programme_planned_minutes=Coalesce(Subquery(modules), 0))


def programme_planned_minutes(*, programmes: list[Programme]) -> dict[int, int]:
    """Planned minutes of each programme: the sum of its modules' hours (one query)."""
    totals = dict.fromkeys([programme.pk for programme in programmes], 0)
    for module in Module.objects.filter(programme__in=programmes):
        totals[module.programme_id] += module.total_minutes
    return totals


@dataclass
class ModuleProgress:
    module: Module
    planned_minutes: int
    credited_minutes: int
    done: bool


@dataclass
class ProgressDetail:
    row: ProgressRow
    modules: list[ModuleProgress]
    ledger: list[tuple[Session, Attendance | None]]
    rule: Rule
    upcoming: list[Session] = field(default_factory=list)


def enrolment_get(*, actor: Any, enrolment_id: int) -> Enrolment:
    try:
        enrolment = Enrolment.objects.select_related("edition__programme", "user", "group").get(
            pk=enrolment_id
        )
    except Enrolment.DoesNotExist as error:
        raise Http404 from error
    if not policies.can_view_progress(actor, enrolment):
        raise Http404
    return enrolment


def enrolment_progress(*, actor: Any, enrolment: Enrolment) -> ProgressDetail:
    """One person's ledger: minutes by format against the rule, modules done, what is missing."""
    if not policies.can_view_progress(actor, enrolment):
        raise PermissionDenied
    edition = enrolment.edition
    (row,) = _progress_rows(edition, [enrolment])
    rule = Rule.of(edition.programme)
    audience = _audience_sessions(enrolment).select_related("module", "leader")
    attendance = {
        a.session_id: a
        for a in Attendance.objects.filter(enrolment=enrolment).select_related("session")
    }
    ledger = [(session, attendance.get(session.pk)) for session in audience]
    credited_by_module: dict[int, int] = defaultdict(int)
    for session, mark in ledger:
        if mark is not None:
            credited_by_module[session.module_id] += mark.credited_minutes
    # A module counts as done when its credited share reaches the share the overall rule asks for.
    modules = list(edition.programme.modules.all())
    planned_total = sum(module.total_minutes for module in modules) or 1
    share = (
        Decimal(rule.min_total_minutes) / planned_total if rule.min_total_minutes else Decimal(1)
    )
    module_rows = [
        ModuleProgress(
            module=module,
            planned_minutes=module.total_minutes,
            credited_minutes=credited_by_module[module.pk],
            done=module.total_minutes > 0
            and credited_by_module[module.pk] >= module.total_minutes * share,
        )
        for module in modules
    ]
    with_credential_states([row])
    now = timezone.now()
    upcoming = [session for session, _mark in ledger if session.starts_at >= now][:5]
    return ProgressDetail(row=row, modules=module_rows, ledger=ledger, rule=rule, upcoming=upcoming)


@dataclass
class ProgressSummary:
    """What a participant's home shows of their progress: the status and the hours against the
    rule (`row`), and the next few sessions of their audience."""

    row: ProgressRow
    rule: Rule
    upcoming: list[Session]


def enrolment_summary(*, actor: Any, enrolment: Enrolment) -> ProgressSummary:
    """`enrolment_progress` without the ledger of every session and the modules: the same row
    and the same next sessions (the first five not begun, read with a LIMIT), three queries."""
    if not policies.can_view_progress(actor, enrolment):
        raise PermissionDenied
    edition = enrolment.edition
    (row,) = _progress_rows(edition, [enrolment])
    with_credential_states([row])
    upcoming = _audience_sessions(enrolment).filter(starts_at__gte=timezone.now())
    return ProgressSummary(
        row=row,
        rule=Rule.of(edition.programme),
        upcoming=list(upcoming.select_related("module")[:5]),
    )


def _audience_sessions(enrolment: Enrolment) -> QuerySet[Session]:
    """The sessions of the enrolment's edition held for everyone or for its group, in order."""
    return Session.objects.filter(edition_id=enrolment.edition_id).filter(
        Q(group__isnull=True) | Q(group_id=enrolment.group_id)
    )


def my_enrolments(*, actor: Any) -> QuerySet[Enrolment]:
    if not actor.is_authenticated:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(user=actor).select_related("edition__programme", "group")


# --- sessions and attendance ----------------------------------------------------------------------


def session_get(*, actor: Any, session_id: int) -> Session:
    try:
        return (
            policies.sessions_visible(actor)
            .select_related("edition__programme", "module", "group", "leader")
            .get(pk=session_id)
        )
    except Session.DoesNotExist as error:
        raise Http404 from error


def edition_sessions(*, actor: Any, edition: Edition) -> QuerySet[Session]:
    return (
        policies.sessions_visible(actor)
        .filter(edition=edition)
        .select_related("module", "group", "leader")
        .annotate(marked=Count("attendances"))
        .order_by("starts_at", "id")
    )


def _audience(session: Session) -> QuerySet[Enrolment]:
    """Who the session is for: its audience, without those who withdrew before it began (decided
    in SQL, so a read of ids or plain rows needs no objects)."""
    enrolments = Enrolment.objects.filter(edition_id=session.edition_id)
    if session.group_id:
        enrolments = enrolments.filter(group_id=session.group_id)
    day = timezone.localtime(session.starts_at).date()
    return enrolments.filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=day))


def session_participants(session: Session) -> list[Enrolment]:
    """Who the session is for, as enrolments with their people, by name (as the API's grid)."""
    return list(_audience(session).select_related("user").order_by("user__full_name", "pk"))


def session_participant_ids(session: Session) -> set[int]:
    """The enrolment ids a mark of this session may name (one query, for validating a save)."""
    return set(_audience(session).order_by().values_list("pk", flat=True))


def session_roster(session: Session) -> tuple[set[int], set[int]]:
    """The session's participants and the enrolments it has marks for, in one query: a whole-grid
    save validates against the first and removes only marks that are there (a mark may outlive
    its person's place in the audience, e.g. after a move to another group)."""
    participants = _audience(session).order_by().annotate(kind=Value(1)).values_list("pk", "kind")
    marked = (
        Attendance.objects.filter(session=session)
        .order_by()
        .annotate(kind=Value(0))
        .values_list("enrolment_id", "kind")
    )
    found: tuple[set[int], set[int]] = (set(), set())
    for enrolment_id, kind in participants.union(marked, all=True):
        found[1 - kind].add(enrolment_id)
    return found


@dataclass
class GridRow:
    """A row of the attendance grid; `typed_*` hold what was submitted when a save failed."""

    enrolment: Enrolment
    attendance: Attendance | None
    typed_status: str | None = None
    typed_missed: str | None = None
    error: str = ""

    @property
    def status(self) -> str:
        if self.typed_status is not None:
            return self.typed_status
        return self.attendance.status if self.attendance else ""

    @property
    def minutes_missed(self) -> str:
        if self.typed_missed is not None:
            return self.typed_missed
        return (
            str(self.attendance.minutes_missed)
            if self.attendance and self.attendance.minutes_missed
            else ""
        )


class GridMark(NamedTuple):
    """A row of the attendance grid as plain data (the API's answer)."""

    enrolment_id: int
    full_name: str
    status: str | None  # None: not marked
    minutes_missed: int
    credited_minutes: int


def attendance_grid_marks(*, actor: Any, session: Session) -> list[GridMark]:
    """The grid as plain rows, in one query however many participants: each participant LEFT
    JOINed to their mark of this session, in the order of names."""
    if not policies.can_record_attendance(actor, session):
        raise PermissionDenied
    rows = (
        _audience(session)
        .annotate(
            mark=FilteredRelation("attendances", condition=Q(attendances__session_id=session.pk))
        )
        .order_by("user__full_name", "pk")
        .values_list("pk", "user__full_name", "mark__status", "mark__minutes_missed")
    )
    duration = session.duration_minutes
    return [
        GridMark(
            pk,
            name,
            status,
            missed or 0,
            Attendance.minutes_credited(status, missed or 0, duration),
        )
        for pk, name, status, missed in rows
    ]


def attendance_grid(*, actor: Any, session: Session) -> list[GridRow]:
    if not policies.can_record_attendance(actor, session):
        raise PermissionDenied
    marks = {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}
    for mark in marks.values():
        mark.session = session  # credited minutes read the session's duration
    return [
        GridRow(enrolment, marks.get(enrolment.pk)) for enrolment in session_participants(session)
    ]


def sessions_to_mark(*, actor: Any, limit: int = 6) -> tuple[Sequence[Session], bool]:
    """A trainer's or mentor's sessions for the home page's attendance buttons.

    Sessions from a week ago onwards come first; when there are none (e.g. every edition has
    finished) the most recent ones are returned instead, flagged by the second value being False.
    """
    if not actor.is_authenticated:
        return [], True
    roles = policies.roles_of(actor)  # read once per request
    staff_editions = list(roles.staff)
    if not staff_editions:
        return [], True
    since = timezone.now() - timedelta(days=7)
    # One query: the current sessions first (soonest first), then the past ones (latest first).
    # Whether a session is marked is one index probe (EXISTS), not a count of its marks: a
    # coordinator staffing every edition would otherwise count every mark on the platform.
    current_start = Case(When(starts_at__gte=since, then=F("starts_at")), default=None)
    mine = (
        Session.objects.filter(edition_id__in=staff_editions)
        .filter(Q(leader=actor) | Q(group_id__in=roles.mentored_groups) | Q(leader__isnull=True))
        .select_related("edition", "module", "group")
        .annotate(
            marked=Exists(Attendance.objects.filter(session=OuterRef("pk"))),
            current_start=current_start,
        )
        .order_by(F("current_start").asc(nulls_last=True), "-starts_at")
    )
    found = list(mine[:limit])
    if found and found[0].current_start is not None:
        return [session for session in found if session.current_start is not None], True
    return found, False


@dataclass
class StaffEdition:
    edition: Edition
    roles: list[str]
    participants: int  # enrolments, withdrawn ones included (as the completion counts' total)
    teams: list[tuple[Any, list[ProgressRow]]]


def staff_editions(*, actor: Any, limit: int | None = None) -> list[StaffEdition]:
    """Editions a trainer or mentor works in, with their participants counted and the mentor's
    teams' progress; the latest `limit` only when given (a home page stays the same size however
    many editions a person has worked in).

    Participants are counted in SQL with the editions; progress is computed only for the people
    in the groups the person mentors (the rows shown), not for every participant of every
    edition: the page shows nothing else of it. Two queries, three more for a mentor."""
    if not actor.is_authenticated:
        return []
    roles = policies.roles_of(actor)
    if not roles.staff:
        return []
    latest = (
        Edition.objects.filter(pk__in=roles.staff)
        .select_related("programme")
        .annotate(
            participants=correlated_count(
                Enrolment.objects.filter(edition=OuterRef("pk")), by="edition"
            )
        )
        .order_by("-starts_on", "-pk")
    )
    editions = list(latest[:limit] if limit is not None else latest)
    groups = Group.objects.in_bulk(list(roles.mentored_groups))
    teams = _team_progress(editions, list(groups)) if groups else {}
    result = []
    for edition in editions:
        team_list = [
            (groups[group_id], rows) for group_id, rows in teams.get(edition.pk, {}).items()
        ]
        team_list.sort(key=lambda item: item[0].name)
        result.append(
            StaffEdition(edition, sorted(roles.staff[edition.pk]), edition.participants, team_list)
        )
    return result


def _team_progress(
    editions: Sequence[Edition], group_ids: Sequence[int]
) -> dict[int, dict[int, list[ProgressRow]]]:
    """Progress of the participants of these groups in these editions, by edition and group, in
    the enrolments' order (by name): attendance is summed for them alone (three queries however
    many they are)."""
    ids = [edition.pk for edition in editions]
    people = Enrolment.objects.filter(edition_id__in=ids, group_id__in=group_ids)
    scheduled, _delivered = _scheduled_by_edition(ids)
    sums = _minutes_by_enrolment(enrolments=people.values("pk"))
    grouped: dict[int, list[Enrolment]] = defaultdict(list)
    for enrolment in people.select_related("user"):
        grouped[enrolment.edition_id].append(_with_minutes(enrolment, sums))
    teams: dict[int, dict[int, list[ProgressRow]]] = defaultdict(lambda: defaultdict(list))
    for edition in editions:
        for row in _rows_of(edition, grouped.get(edition.pk, []), scheduled[edition.pk]):
            teams[edition.pk][row.enrolment.group_id].append(row)  # type: ignore[index]
    return teams


# --- calls and applications ------------------------------------------------------------------------

APPLICATION_CONSENT = "academy.application"


def consent_text_current(key: str = APPLICATION_CONSENT) -> ConsentText:
    """The newest version of a consent text (created by a migration, so there always is one)."""
    text = ConsentText.objects.filter(key=key).order_by("-version").first()
    if text is None:
        # A database flushed after migrating (as in browser tests) lost the migration's row.
        from sib.academy.migrations import _consent_v1 as first

        text, _created = ConsentText.objects.get_or_create(
            key=key,
            version=1,
            defaults={
                "text_pl": first.TEXT_PL,
                "text_en": first.TEXT_EN,
                "published_at": first.PUBLISHED_AT,
            },
        )
    return text


def call_public(*, edition_id: int) -> ApplicationCall:
    """A published call and its edition, for everyone (404 for unpublished or missing ones)."""
    try:
        return (
            policies.calls_public().select_related("edition__programme").get(edition_id=edition_id)
        )
    except ApplicationCall.DoesNotExist as error:
        raise Http404 from error


def calls_open(*, now: Any = None) -> QuerySet[ApplicationCall]:
    now = now or timezone.now()
    return (
        policies.calls_public()
        .filter(opens_at__lte=now, closes_at__gt=now)
        .select_related("edition__programme")
        .order_by("closes_at")
    )


FRONT_DOOR_CALLS = 5  # the front door lists this many open calls; the programmes page has them all


def open_calls_by_programme(*, now: Any = None) -> dict[int, list[ApplicationCall]]:
    """Every open call grouped by programme, soonest deadline first: one query, for the
    programmes pages (each programme links to its own open calls)."""
    result: dict[int, list[ApplicationCall]] = {}
    for call in calls_open(now=now):
        result.setdefault(call.edition.programme_id, []).append(call)
    return result


def application_by_token(*, edition: Edition, token: str) -> Application | None:
    """The applicant's own application, found only by its private token."""
    if not token:
        return None
    return Application.objects.filter(edition=edition, token=token, purged_at__isnull=True).first()


APPLICATION_SORTS = {
    "submitted": ("submitted_at", "id"),
    "-submitted": ("-submitted_at", "-id"),
    "name": ("full_name", "id"),
    "-name": ("-full_name", "-id"),
    "score": (F("score").asc(nulls_last=True), "submitted_at", "id"),
    "-score": (F("score").desc(nulls_last=True), "submitted_at", "id"),
}


def edition_applications(
    *, actor: Any, edition: Edition, status: str | None = None, sort: str = "submitted"
) -> QuerySet[Application]:
    """Submitted applications with their mean score and number of reviews (one query)."""
    if not policies.can_review_applications(actor, edition):
        raise PermissionDenied
    queryset = (
        policies.applications_visible(actor)
        .filter(edition=edition)
        .annotate(score=Avg("reviews__score"), review_count=Count("reviews"))
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by(*APPLICATION_SORTS.get(sort, APPLICATION_SORTS["submitted"]))


def application_get(*, actor: Any, application_id: int) -> Application:
    """An application for review: 404 unless the person selects for its edition."""
    try:
        return (
            policies.applications_visible(actor)
            .select_related("edition__programme", "consent", "enrolment", "decided_by")
            .prefetch_related("reviews__reviewer")
            .get(pk=application_id)
        )
    except Application.DoesNotExist as error:
        raise Http404 from error


def application_next_pending(*, actor: Any, application: Application) -> Application | None:
    """The next application still waiting for a decision, so a reviewer can go through them."""
    return (
        policies.applications_visible(actor)
        .filter(edition_id=application.edition_id, status=ApplicationStatus.SUBMITTED)
        .exclude(pk=application.pk)
        .order_by("submitted_at", "id")
        .first()
    )


def application_funnel(*, actor: Any, editions: Any) -> dict[str, int]:
    """How many applied and how they were decided, over the given editions (for the reports).

    `applicants` counts submitted applications whose address is confirmed (drafts, and
    submissions whose address nobody confirmed, are counted apart, as `drafts`);
    `pending` are those still waiting for a decision; `enrolled` those whose acceptance became
    an enrolment. Raises PermissionDenied for an edition the person may not select for.
    """
    editions = list(editions)
    for edition in editions:
        if not policies.can_review_applications(actor, edition):
            raise PermissionDenied
    # One query: the count per status and, alongside it, how many of them became an enrolment.
    counts: dict[str, int] = {}
    enrolled = 0
    for status, confirmed, n, with_enrolment in (
        Application.objects.filter(edition__in=editions)
        .annotate(
            confirmed=ExpressionWrapper(
                Q(email_confirmed_at__isnull=False), output_field=BooleanField()
            )
        )
        .values_list("status", "confirmed")
        .annotate(n=Count("id"), enrolled=Count("id", filter=Q(enrolment__isnull=False)))
        .order_by()
    ):
        key = status if confirmed else ApplicationStatus.DRAFT
        counts[key] = counts.get(key, 0) + n
        enrolled += with_enrolment
    funnel = {
        "drafts": counts.get(ApplicationStatus.DRAFT, 0),
        "pending": counts.get(ApplicationStatus.SUBMITTED, 0),
        "accepted": counts.get(ApplicationStatus.ACCEPTED, 0),
        "waitlisted": counts.get(ApplicationStatus.WAITLISTED, 0),
        "rejected": counts.get(ApplicationStatus.REJECTED, 0),
        "enrolled": enrolled,
    }
    funnel["applicants"] = (
        funnel["pending"] + funnel["accepted"] + funnel["waitlisted"] + funnel["rejected"]
    )
    return funnel


# --- calendars -------------------------------------------------------------------------------------


def calendar_sessions(*, actor: Any, edition: Edition | None = None) -> QuerySet[Session]:
    """Sessions the person may see (their audience as a participant, their editions as staff)."""
    sessions = policies.sessions_visible(actor)
    if edition is not None:
        sessions = sessions.filter(edition=edition)
    return sessions.select_related("edition", "module", "group", "leader").order_by(
        "starts_at", "id"
    )


def calendar_owner(*, token: str) -> Any:
    """The person whose private feed address holds this token; 404 for an unknown or reset one."""
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404
    return found.user
