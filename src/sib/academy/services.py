"""Every write in the academy: editions, staff, groups, enrolments, sessions, attendance, scores."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, Count, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sib.academy import policies
from sib.academy.imports import ParsedRow, RowError, parse_participants
from sib.academy.models import (
    DECISIONS,
    Application,
    ApplicationCall,
    ApplicationReview,
    ApplicationStatus,
    Attendance,
    AttendanceStatus,
    CalendarToken,
    Competence,
    Edition,
    EditionStaff,
    Enrolment,
    Group,
    LearningOutcome,
    Module,
    Programme,
    Session,
    StaffRole,
)
from sib.academy.selectors import (
    consent_text_current,
    session_participant_ids,
    session_roster,
)
from sib.accounts.models import Organisation, User
from sib.accounts.selectors import owns_verified_address
from sib.accounts.services import user_create
from sib.core.audit import audit_record


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- the catalogue: programmes (with their completion rule), modules, outcomes, competences ------

PROGRAMME_FIELDS = (
    "code",
    "kind",
    "title_pl",
    "title_en",
    "summary_pl",
    "summary_en",
    "audience_pl",
    "audience_en",
    "min_total_minutes",
    "min_lecture_minutes",
    "min_workshop_minutes",
    "min_mentoring_minutes",
    "final_project_required",
    "pass_mark_percent",
)
MODULE_FIELDS = (
    "code",
    "position",
    "title_pl",
    "title_en",
    "description_pl",
    "description_en",
    "lecture_minutes",
    "workshop_minutes",
    "mentoring_minutes",
)
OUTCOME_FIELDS = ("position", "text_pl", "text_en")
COMPETENCE_FIELDS = ("code", "position", "name_pl", "name_en", "description_pl", "description_en")


def _assign(obj: Any, fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)


def _audit_save(actor: Any, obj: Any, created: bool, kind: str, fields: dict[str, Any]) -> None:
    action = f"{kind}.{'create' if created else 'update'}"
    audit_record(actor=actor, action=action, obj=obj, fields=sorted(fields))


@transaction.atomic
def programme_save(*, actor: Any, programme: Programme | None = None, **fields: Any) -> Programme:
    """Create a programme or change it, its completion rule included (coordinators only).
    Editions already running follow the changed rule: completion is computed, never stored."""
    _require(policies.can_manage_programmes(actor))
    created = programme is None
    programme = programme or Programme()
    _assign(programme, fields, PROGRAMME_FIELDS)
    programme.full_clean()
    programme.save()
    _audit_save(actor, programme, created, "programme", fields)
    return programme


def _module_unique(module: Module) -> None:
    """Clear messages instead of the database's constraint names."""
    others = Module.objects.filter(programme=module.programme).exclude(pk=module.pk)
    errors = {}
    if module.code and others.filter(code=module.code).exists():
        errors["code"] = _("Another module of this programme has this code.")
    if module.position is not None and others.filter(position=module.position).exists():
        errors["position"] = _("Another module of this programme has this position.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def module_save(
    *,
    actor: Any,
    programme: Programme,
    module: Module | None = None,
    competences: Iterable[Competence] | None = None,
    **fields: Any,
) -> Module:
    """Add a module to a programme or change one (coordinators only)."""
    _require(policies.can_manage_programmes(actor))
    created = module is None
    if module is None:
        module = Module(programme=programme)
        if fields.get("position") is None:
            fields["position"] = (
                max(programme.modules.values_list("position", flat=True), default=0) + 1
            )
    elif module.programme_id != programme.pk:
        raise ValueError("The module belongs to another programme")
    _assign(module, fields, MODULE_FIELDS)
    _module_unique(module)
    module.full_clean()
    module.save()
    if competences is not None:
        module.competences.set(competences)
    _audit_save(actor, module, created, "module", fields)
    return module


@transaction.atomic
def outcome_save(
    *,
    actor: Any,
    module: Module,
    outcome: LearningOutcome | None = None,
    competences: Iterable[Competence] | None = None,
    **fields: Any,
) -> LearningOutcome:
    """Add a learning outcome to a module or change one (coordinators only)."""
    _require(policies.can_manage_programmes(actor))
    created = outcome is None
    if outcome is None:
        outcome = LearningOutcome(module=module)
        if fields.get("position") is None:
            fields["position"] = (
                max(module.outcomes.values_list("position", flat=True), default=0) + 1
            )
    elif outcome.module_id != module.pk:
        raise ValueError("The outcome belongs to another module")
    _assign(outcome, fields, OUTCOME_FIELDS)
    outcome.full_clean()
    outcome.save()
    if competences is not None:
        outcome.competences.set(competences)
    _audit_save(actor, outcome, created, "outcome", fields)
    return outcome


@transaction.atomic
def competence_save(
    *, actor: Any, competence: Competence | None = None, **fields: Any
) -> Competence:
    """Add a competence to the framework or change one (coordinators only)."""
    _require(policies.can_manage_programmes(actor))
    created = competence is None
    competence = competence or Competence()
    _assign(competence, fields, COMPETENCE_FIELDS)
    competence.full_clean()
    competence.save()
    _audit_save(actor, competence, created, "competence", fields)
    return competence


# --- editions --------------------------------------------------------------------------------


EDITION_FIELDS = (
    "code",
    "title_pl",
    "title_en",
    "description_pl",
    "description_en",
    "starts_on",
    "ends_on",
    "language",
    "delivery_mode",
    "place",
    "capacity",
    "target",
    "status",
)


StaffAssignment = dict[str, Iterable[User]]


@transaction.atomic
def edition_create(
    *, actor: Any, programme: Programme, staff: StaffAssignment | None = None, **fields: Any
) -> Edition:
    _require(policies.can_manage_edition(actor))
    unknown = set(fields) - set(EDITION_FIELDS)
    if unknown:
        raise ValueError(f"Not edition fields: {sorted(unknown)}")
    edition = Edition(programme=programme, **fields)
    edition.full_clean()
    edition.save()
    for role, users in (staff or {}).items():
        edition_staff_set(actor=actor, edition=edition, role=role, users=users)
    audit_record(actor=actor, action="edition.create", obj=edition)
    return edition


@transaction.atomic
def edition_update(
    *, actor: Any, edition: Edition, staff: StaffAssignment | None = None, **fields: Any
) -> Edition:
    _require(policies.can_manage_edition(actor, edition))
    for name, value in fields.items():
        if name not in EDITION_FIELDS:
            raise ValueError(f"{name} is not an editable edition field")
        setattr(edition, name, value)
    edition.full_clean()
    edition.save()
    for role, users in (staff or {}).items():
        edition_staff_set(actor=actor, edition=edition, role=role, users=users)
    audit_record(actor=actor, action="edition.update", obj=edition, fields=sorted(fields))
    return edition


@transaction.atomic
def edition_staff_set(*, actor: Any, edition: Edition, role: str, users: Iterable[User]) -> None:
    """Make exactly these people hold `role` in the edition."""
    _require(policies.can_manage_edition(actor, edition))
    if role not in StaffRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    wanted = {user.pk for user in users}
    current = set(
        EditionStaff.objects.filter(edition=edition, role=role).values_list("user_id", flat=True)
    )
    EditionStaff.objects.filter(edition=edition, role=role, user_id__in=current - wanted).delete()
    EditionStaff.objects.bulk_create(
        [EditionStaff(edition=edition, role=role, user_id=pk) for pk in wanted - current]
    )
    audit_record(actor=actor, action="edition.staff", obj=edition, role=role, users=sorted(wanted))


@transaction.atomic
def group_create(
    *,
    actor: Any,
    edition: Edition,
    name: str,
    mentors: Iterable[User] = (),
    enrolments: Iterable[Enrolment] = (),
) -> Group:
    _require(policies.can_manage_edition(actor, edition))
    group = Group(edition=edition, name=name)
    group.full_clean()
    group.save()
    group.mentors.set(list(mentors))
    members = list(enrolments)
    if any(enrolment.edition_id != edition.pk for enrolment in members):
        raise ValidationError(_("Every member must be enrolled in this edition."))
    Enrolment.objects.filter(pk__in=[e.pk for e in members]).update(group=group)
    audit_record(actor=actor, action="group.create", obj=group)
    return group


# --- enrolments ------------------------------------------------------------------------------


def capacity_excess(edition: Edition, *, adding: int) -> int:
    """How many people beyond the edition's capacity `adding` more enrolments would put it
    (0 when they fit, or when no capacity is set). People who withdrew free their place."""
    if not edition.capacity:
        return 0
    taken = Enrolment.objects.filter(edition=edition, withdrawn_on__isnull=True).count()
    return max(taken + adding - edition.capacity, 0)


def _check_capacity(edition: Edition, *, adding: int, over_capacity: bool) -> int:
    """Refuse to enrol beyond capacity unless the coordinator chose to (decision 0567).

    The edition's row is locked first, so two coordinators accepting the last place at the same
    moment cannot both take it. Returns the excess the coordinator accepted (for the audit).
    """
    Edition.objects.select_for_update().filter(pk=edition.pk).first()
    excess = capacity_excess(edition, adding=adding)
    if excess and not over_capacity:
        raise ValidationError(
            {
                "over_capacity": ngettext(
                    "The edition is full (capacity %(capacity)d): this would enrol %(excess)d "
                    "person beyond it. Confirm that you want to go beyond the capacity.",
                    "The edition is full (capacity %(capacity)d): this would enrol %(excess)d "
                    "people beyond it. Confirm that you want to go beyond the capacity.",
                    excess,
                )
                % {"capacity": edition.capacity, "excess": excess}
            },
            code="over_capacity",
        )
    return excess


@transaction.atomic
def enrolment_create(
    *,
    actor: Any,
    edition: Edition,
    user: User,
    enrolled_on: dt.date | None = None,
    language_track: str = "",
    group: Group | None = None,
    over_capacity: bool = False,
) -> Enrolment:
    """Enrol one person; beyond the capacity only when `over_capacity` says the coordinator
    chose it."""
    _require(policies.can_manage_edition(actor, edition))
    if Enrolment.objects.filter(edition=edition, user=user).exists():
        raise ValidationError({"user": _("This person is already enrolled in the edition.")})
    excess = _check_capacity(edition, adding=1, over_capacity=over_capacity)
    enrolment = Enrolment(
        edition=edition,
        user=user,
        group=group,
        enrolled_on=enrolled_on or timezone.localdate(),
        language_track=language_track or user.preferred_language or "pl",
    )
    enrolment.full_clean()
    enrolment.save()
    if excess:
        audit_record(actor=actor, action="enrolment.create", obj=enrolment, over_capacity=excess)
    else:
        audit_record(actor=actor, action="enrolment.create", obj=enrolment)
    return enrolment


@transaction.atomic
def participant_enrol(
    *,
    actor: Any,
    edition: Edition,
    email: str,
    full_name: str = "",
    language_track: str = "",
    group: Group | None = None,
    enrolled_on: dt.date | None = None,
    over_capacity: bool = False,
) -> Enrolment:
    """Enrol a person by e-mail, creating their account (unverified, no password) if needed."""
    _require(policies.can_manage_edition(actor, edition))
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        user = user_create(email=email, full_name=full_name, preferred_language=language_track)
    return enrolment_create(
        actor=actor,
        edition=edition,
        user=user,
        language_track=language_track,
        group=group,
        enrolled_on=enrolled_on,
        over_capacity=over_capacity,
    )


@transaction.atomic
def enrolment_withdraw(
    *, actor: Any, enrolment: Enrolment, withdrawn_on: dt.date, reason: str
) -> Enrolment:
    """Withdrawal wins over every other status; the attendance already recorded is kept."""
    _require(policies.can_manage_edition(actor, enrolment.edition))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the withdrawal.")})
    enrolment.withdrawn_on = withdrawn_on
    enrolment.withdrawal_reason = reason.strip()
    enrolment.full_clean()
    enrolment.save(update_fields=["withdrawn_on", "withdrawal_reason", "updated_at"])
    audit_record(actor=actor, action="enrolment.withdraw", obj=enrolment, on=str(withdrawn_on))
    return enrolment


@transaction.atomic
def final_project_assess(*, actor: Any, enrolment: Enrolment, score: Decimal | None) -> Enrolment:
    _require(policies.can_assess(actor, enrolment))
    enrolment.final_project_score = score
    enrolment.full_clean()
    enrolment.save(update_fields=["final_project_score", "updated_at"])
    audit_record(actor=actor, action="enrolment.assess", obj=enrolment, score=str(score))
    return enrolment


# --- sessions ----------------------------------------------------------------------------------


SESSION_FIELDS = (
    "module",
    "format",
    "group",
    "title_pl",
    "title_en",
    "starts_at",
    "duration_minutes",
    "leader",
    "room",
    "online_url",
)


@transaction.atomic
def session_create(*, actor: Any, edition: Edition, module: Module, **fields: Any) -> Session:
    _require(policies.can_manage_edition(actor, edition))
    session = Session(
        edition=edition, module=module, **{k: v for k, v in fields.items() if k in SESSION_FIELDS}
    )
    session.full_clean()
    session.save()
    return session


# --- attendance ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    enrolment_id: int
    status: str
    minutes_missed: int = 0


def _validate_mark(session: Session, participant: bool, mark: Mark) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not participant:
        return {"enrolment": _("This person is not a participant of the session.")}
    if mark.status not in AttendanceStatus.values:
        errors["status"] = _("Choose present, late, absent or excused.")
    elif mark.status == AttendanceStatus.LATE:
        if not 0 < mark.minutes_missed < session.duration_minutes:
            errors["minutes_missed"] = _(
                "For a late arrival, give the minutes missed: between 1 and %(max)d. "
                "Someone who missed the whole session is absent."
            ) % {"max": session.duration_minutes - 1}
    elif mark.minutes_missed:
        errors["minutes_missed"] = _("Minutes missed are recorded only for a late arrival.")
    return errors


def _check_marks(session: Session, marks: list[Mark], participants: set[int]) -> None:
    """Refuse the marks with every error named (keys `marks.<enrolment id>.<field>`)."""
    errors: dict[str, str] = {}
    for mark in marks:
        problems = _validate_mark(session, mark.enrolment_id in participants, mark)
        for field, message in problems.items():
            errors[f"marks.{mark.enrolment_id}.{field}"] = message
    if errors:
        raise ValidationError(errors)


_MARKS_UPSERT = """
INSERT INTO {table} ({session}, {enrolment}, {status}, {missed}, {by}, {at})
SELECT {rows}
ON CONFLICT ({session}, {enrolment}) DO UPDATE SET
    {status} = excluded.{status}, {missed} = excluded.{missed},
    {by} = excluded.{by}, {at} = excluded.{at}
WHERE {table}.{status} <> excluded.{status} OR {table}.{missed} <> excluded.{missed}
"""
# The rows of the upsert: three parallel arrays on PostgreSQL, a JSON list of triples on SQLite
# (whose SELECT needs a WHERE before ON CONFLICT, or the parser takes ON for a join).
_MARKS_ROWS = {
    "postgresql": "%s::bigint, m.enrolment_id, m.status, m.missed, %s::bigint, %s::timestamptz "
    "FROM unnest(%s::bigint[], %s::text[], %s::int[]) AS m(enrolment_id, status, missed)",
    "sqlite": "%s, json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
    "json_extract(value, '$[2]'), %s, %s FROM json_each(%s) WHERE true",
}


def _marks_write(*, actor: Any, session: Session, marks: list[Mark]) -> None:
    """Save valid marks in one statement however many: new ones are inserted, changed ones
    updated, and unchanged ones left alone, so they keep who recorded them and when.

    Hand-written because Django's `bulk_create(update_conflicts=True)` cannot skip unchanged
    rows, and reading the marks first to find them costs a query and objects per row."""
    if not marks:
        return
    quote = connection.ops.quote_name
    columns = {
        key: quote(column)
        for key, column in (
            ("session", "session_id"),
            ("enrolment", "enrolment_id"),
            ("status", "status"),
            ("missed", "minutes_missed"),
            ("by", "recorded_by_id"),
            ("at", "recorded_at"),
        )
    }
    vendor = "postgresql" if connection.vendor == "postgresql" else "sqlite"
    sql = _MARKS_UPSERT.format(
        table=quote(Attendance._meta.db_table), rows=_MARKS_ROWS[vendor], **columns
    )
    recorder = actor.pk if getattr(actor, "is_authenticated", False) else None
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # One row per person (the last mark given wins): an upsert may not touch a row twice.
    latest = {m.enrolment_id: m for m in marks}
    rows = [
        (m.enrolment_id, m.status, m.minutes_missed if m.status == AttendanceStatus.LATE else 0)
        for m in latest.values()
    ]
    if vendor == "postgresql":
        ids, statuses, missed = (list(column) for column in zip(*rows, strict=True))
        params: list[Any] = [session.pk, recorder, now, ids, statuses, missed]
    else:
        params = [session.pk, recorder, now, json.dumps(rows)]
    with connection.cursor() as cursor:
        cursor.execute(sql.strip(), params)


@transaction.atomic
def attendance_record(*, actor: Any, session: Session, marks: Iterable[Mark]) -> None:
    """Record marks for a session: all are saved, or none and every error is named (keys
    `marks.<enrolment id>.<field>`). Marks of people not listed stay as they are.

    Idempotent: recording the same marks twice leaves the same rows, with their first recorder.
    """
    _require(policies.can_record_attendance(actor, session))
    marks = list(marks)
    _check_marks(session, marks, session_participant_ids(session))
    _marks_write(actor=actor, session=session, marks=marks)


# --- calls, applications and selection ------------------------------------------------------------


@transaction.atomic
def call_save(
    *,
    actor: Any,
    edition: Edition,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    intro_pl: str = "",
    intro_en: str = "",
    published: bool = True,
) -> ApplicationCall:
    """Open (or change) the edition's public call for applications."""
    _require(policies.can_manage_edition(actor, edition))
    call = ApplicationCall.objects.filter(edition=edition).first() or ApplicationCall(
        edition=edition
    )
    call.opens_at, call.closes_at, call.published = opens_at, closes_at, published
    call.intro_pl, call.intro_en = intro_pl, intro_en
    call.full_clean()
    call.save()
    audit_record(actor=actor, action="call.save", obj=call)
    return call


APPLICATION_FIELDS = (
    "email",
    "full_name",
    "language",
    "gender",
    "birth_year",
    "voivodeship",
    "sector",
    "organisation_name",
    "language_track",
    "motivation",
    "background",
    "guardian_name",
    "guardian_email",
)

REQUIRED_ON_SUBMIT = ("full_name", "email", "motivation", "background")


def _call_open(edition: Edition, now: dt.datetime) -> None:
    call = ApplicationCall.objects.filter(edition=edition).first()
    if call is None or not call.is_open(now):
        raise ValidationError(_("Applications to this edition are closed."))


def _send_on_commit(application: Application, kind: str, *, occasion: str = "") -> None:
    """Put the applicant's message in the outbox with the application; the worker sends it after
    the commit, so a mail server that is down never fails the request."""
    from sib.academy.emails import enqueue_application_email

    enqueue_application_email(application, kind, occasion=occasion)


def draft_exists(*, edition: Edition, form_key: str) -> bool:
    """Whether this browser form already started a draft (a save then changes, not starts)."""
    return (
        bool(form_key) and Application.objects.filter(edition=edition, form_key=form_key).exists()
    )


def _draft_for_form(edition: Edition, form_key: str) -> Application | None:
    """The draft this browser form started, waiting for the transaction that created it."""
    if not form_key:
        return None
    return Application.objects.filter(edition=edition, form_key=form_key).first()


@transaction.atomic
def application_save_draft(
    *,
    actor: Any,
    edition: Edition,
    application: Application | None = None,
    form_key: str = "",
    at: dt.datetime | None = None,
    notify: bool = True,
    **fields: Any,
) -> Application:
    """Create or update a draft while the call is open; anyone may, signed in or not.

    A new draft gets a private token, and its address is sent a link that confirms the address
    and continues the draft on any device. Nothing tells the visitor whether the address has
    applied before: several unconfirmed drafts may name one address, and only its owner, by the
    link, can confirm one (see `application_confirm_email`). `form_key` names the browser form
    that started the draft, so an autosave and a submission racing each other find one draft.
    A signed-in person who has verified their address applies with it, confirmed.
    """
    now = at or timezone.now()
    _call_open(edition, now)
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise ValueError(f"Not application fields: {sorted(unknown)}")
    if getattr(actor, "is_authenticated", False):
        fields["email"] = actor.email
    if "email" in fields:
        fields["email"] = (fields["email"] or "").strip().lower()
    if application is None:
        application = _draft_for_form(edition, form_key)
    if application is not None:
        # Locked and read afresh: an autosave arriving while the same form is being submitted
        # waits for the submission and then finds it submitted, instead of writing the draft's
        # old state over it.
        application = Application.objects.select_for_update().get(pk=application.pk)
    created = application is None
    if application is None:
        if not fields.get("email"):
            raise ValidationError({"email": _("Give your e-mail address to keep a draft.")})
        application = Application(
            edition=edition, token=secrets.token_urlsafe(32), form_key=form_key[:64]
        )
    elif application.edition_id != edition.pk:
        raise ValidationError(_("This application belongs to another edition."))
    elif not application.is_draft:
        raise ValidationError(_("This application has already been submitted."))
    address_changed = "email" in fields and fields["email"] != application.email
    for name, value in fields.items():
        setattr(application, name, value if value is not None or name == "birth_year" else "")
    if address_changed and not created:
        application.email_confirmed_at = None  # a new address is confirmed anew
    if getattr(actor, "is_authenticated", False):
        application.applicant = actor
        if application.email_confirmed_at is None and owns_verified_address(
            actor=actor, email=application.email
        ):
            if _confirmed_elsewhere(application):
                raise ValidationError(
                    {"email": _("You have already applied to this edition with this address.")}
                )
            application.email_confirmed_at = now
    application.full_clean(exclude=["token", "form_key"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # Another request of the same form created the draft first: continue that one.
        existing = _draft_for_form(edition, form_key) if created else None
        if existing is None:
            raise
        return application_save_draft(
            actor=actor, edition=edition, application=existing, at=at, notify=notify, **fields
        )
    if created:
        audit_record(actor=actor, action="application.start", obj=application)
    if notify and (created or address_changed) and application.email_confirmed_at is None:
        _send_on_commit(application, "draft", occasion=application.email)
    return application


def _confirmed_elsewhere(application: Application) -> Application | None:
    return (
        Application.objects.filter(
            edition_id=application.edition_id,
            email=application.email,
            email_confirmed_at__isnull=False,
        )
        .exclude(pk=application.pk)
        .first()
    )


@dataclass
class Confirmation:
    """The outcome of opening the confirmation link: the application the person continues with,
    and whether it was a duplicate of one they had already confirmed."""

    application: Application
    duplicate: bool = False


@transaction.atomic
def application_confirm_email(
    *, application: Application, at: dt.datetime | None = None, notify: bool = True
) -> Confirmation:
    """The owner of the address used the e-mailed link: the application counts from now on.

    If the address already has a confirmed application to this edition, this one is left
    unconfirmed and the person is pointed to theirs. A submitted application confirmed now is
    acknowledged by e-mail. Confirming twice changes nothing.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.purged_at is not None:
        raise ValidationError(
            _("This application's personal data were deleted at the end of the retention period.")
        )
    if application.email_confirmed_at is not None:
        return Confirmation(application)
    other = _confirmed_elsewhere(application)
    if other is not None:
        return Confirmation(other, duplicate=True)
    application.email_confirmed_at = at or timezone.now()
    application.save(update_fields=["email_confirmed_at", "updated_at"])
    audit_record(actor=None, action="application.confirm", obj=application)
    if notify and not application.is_draft:
        _send_on_commit(application, "received")
    return Confirmation(application)


@transaction.atomic
def application_resend_confirmation(
    *, application: Application, at: dt.datetime | None = None
) -> None:
    """Send the confirmation link again (the caller limits how often)."""
    if application.email_confirmed_at is None and application.purged_at is None:
        now = at or timezone.now()
        _send_on_commit(application, "draft", occasion=f"{application.email}:{now.isoformat()}")


@transaction.atomic
def application_submit(
    *,
    actor: Any,
    application: Application,
    consent_version: int | None,
    consent_given: bool,
    at: dt.datetime | None = None,
    notify: bool = True,
) -> Application:
    """Submit a draft: every required answer and consent to the current text, recorded with its
    version and time. It counts once its address is confirmed: then the applicant receives an
    acknowledgement in their language (at once, or when they confirm)."""
    now = at or timezone.now()
    _call_open(application.edition, now)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_draft:
        raise ValidationError(_("This application has already been submitted."))
    errors: dict[str, Any] = {}
    labels = {
        f.name: f.verbose_name for f in Application._meta.fields if f.name in REQUIRED_ON_SUBMIT
    }
    for name in REQUIRED_ON_SUBMIT:
        if not str(getattr(application, name) or "").strip():
            errors[name] = _("Please fill in: %(field)s.") % {"field": labels[name]}
    from sib.academy import guardians

    guardians.check_on_submit(application, errors)
    consent = consent_text_current()
    if not consent_given:
        errors["consent"] = _("Your consent is needed to process the application.")
    elif consent_version != consent.version:
        errors["consent"] = _("The consent text has changed: please read it again and agree.")
    if errors:
        raise ValidationError(errors)
    application.consent = consent
    application.consent_given_at = now
    application.submitted_at = now
    application.status = ApplicationStatus.SUBMITTED
    application.full_clean(exclude=["token", "form_key"])
    application.save()
    from sib.academy.consents import consent_record

    consent_record(
        text=consent, user=application.applicant, email=application.email, about=application, at=now
    )
    guardians.request_consent(application)
    audit_record(actor=actor, action="application.submit", obj=application, consent=consent.version)
    if notify and application.email_confirmed_at is not None:
        _send_on_commit(application, "received")
    return application


@transaction.atomic
def application_review(
    *, actor: Any, application: Application, score: int, note: str = ""
) -> ApplicationReview:
    """Score an application 1–5 with a note; a reviewer's second review replaces their first."""
    _require(policies.can_review_applications(actor, application.edition))
    if application.is_draft or application.email_confirmed_at is None:
        raise ValidationError(_("A draft cannot be reviewed."))
    if application.purged_at is not None:
        raise ValidationError(
            _("This application's personal data were deleted at the end of the retention period.")
        )
    review = ApplicationReview.objects.filter(application=application, reviewer=actor).first()
    if review is None:
        review = ApplicationReview(application=application, reviewer=actor)
    review.score, review.note = score, note.strip()
    review.full_clean()
    review.save()
    audit_record(actor=actor, action="application.review", obj=application, score=score)
    return review


def _applicant_user(application: Application) -> User:
    """The account the enrolment belongs to: the applicant's own, found by e-mail, or a new one
    (no password) carrying the profile answers of the application. The applicant confirmed the
    address from our e-mail, so the account's address counts as verified: setting a password
    from the acceptance e-mail is enough to sign in, with no second confirmation."""
    profile: dict[str, Any] = {
        "gender": application.gender,
        "birth_year": application.birth_year,
        "voivodeship": application.voivodeship,
        "sector": application.sector,
        "preferred_language": application.language,
    }
    confirmed = application.email_confirmed_at is not None
    user = application.applicant or User.objects.filter(email=application.email).first()
    if user is None:
        return user_create(
            email=application.email,
            full_name=application.full_name,
            email_verified=confirmed,
            **profile,
        )
    if confirmed:
        EmailAddress.objects.filter(user=user, email__iexact=application.email).update(
            verified=True
        )
    blanks = [name for name, value in profile.items() if value and not getattr(user, name)]
    for name in blanks:
        setattr(user, name, profile[name])
    if blanks:
        user.save(update_fields=blanks)
    return user


@transaction.atomic
def application_decide(
    *,
    actor: Any,
    application: Application,
    decision: str,
    at: dt.datetime | None = None,
    notify: bool = True,
    over_capacity: bool = False,
) -> Application:
    """Accept, waitlist or reject. Accepting enrols the applicant (creating their account if
    needed) and is final; the applicant is told in their language once the decision is saved.
    Accepting beyond the edition's capacity needs `over_capacity` (decision 0567)."""
    _require(policies.can_review_applications(actor, application.edition))
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose accept, waiting list or reject.")})
    if application.is_draft or application.email_confirmed_at is None:
        raise ValidationError(_("A draft cannot be decided."))
    if application.purged_at is not None:
        raise ValidationError(
            _("This application's personal data were deleted at the end of the retention period.")
        )
    if application.status == ApplicationStatus.ACCEPTED:
        raise ValidationError(
            _(
                "This application was accepted and the person is enrolled; withdraw the enrolment instead."
            )
        )
    if application.status == decision:
        return application
    now = at or timezone.now()
    if decision == ApplicationStatus.ACCEPTED:
        from sib.academy.guardians import check_on_accept

        check_on_accept(application)
        user = _applicant_user(application)
        application.applicant = user
        application.enrolment = enrolment_create(
            actor=actor,
            edition=application.edition,
            user=user,
            enrolled_on=timezone.localtime(now).date(),
            language_track=application.language_track,
            over_capacity=over_capacity,
        )
    application.status = decision
    application.decided_at = now
    application.decided_by = actor
    application.full_clean(exclude=["token", "form_key"])
    application.save()
    audit_record(actor=actor, action=f"application.{decision}", obj=application)
    if notify:
        _send_on_commit(application, decision, occasion=now.isoformat())
    return application


# --- import of participants ------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import found and did: every bad row, or the rows that are (or were) enrolled."""

    rows: list[ParsedRow]
    errors: list[RowError]
    new_accounts: int = 0
    written: bool = False
    capacity: int = 0  # the edition's (0: none set)
    over_capacity: int = 0  # people the file would enrol beyond it
    over_capacity_confirmed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def needs_confirmation(self) -> bool:
        """The rows are correct but would go beyond the capacity: the coordinator must choose."""
        return bool(self.over_capacity) and not self.over_capacity_confirmed


def participants_import(
    *,
    actor: Any,
    edition: Edition,
    data: bytes,
    dry_run: bool,
    encoding: str = "auto",
    over_capacity: bool = False,
) -> ImportResult:
    """Enrol everyone in a CSV or XLSX file, or nobody.

    Every row is checked first (the file itself, e-mail addresses, duplicates in the file and in
    the edition, names, groups, profile values); with any error, or with `dry_run`, nothing is
    written and the result lists the rows and every error. Otherwise accounts (unverified, no
    password) and enrolments are created in one transaction with bulk inserts, so ten thousand
    rows take seconds. People who already have an account are matched by e-mail. `encoding`
    names a CSV file's text encoding, or `auto` to recognise it (`sib.core.spreadsheets`).
    Beyond the edition's capacity nothing is written unless `over_capacity` says the coordinator
    chose it; the dry run reports how many would be beyond it (decision 0567).
    """
    _require(policies.can_manage_edition(actor, edition))
    parsed = parse_participants(data, encoding)
    rows, errors = parsed.rows, list(parsed.errors)
    emails = [row.email for row in rows if row.email]
    existing = {
        user.email: user
        for start in range(0, len(emails), 5000)
        for user in User.objects.filter(email__in=emails[start : start + 5000])
    }
    enrolled = set(
        Enrolment.objects.filter(edition=edition, user__email__in=list(existing)).values_list(
            "user__email", flat=True
        )
    )
    groups = {group.name.casefold(): group for group in Group.objects.filter(edition=edition)}
    for row in rows:
        if row.email in enrolled:
            errors.append(
                RowError(row.row, "email", _("This person is already enrolled in the edition."))
            )
        if row.email and row.email not in existing and not row.full_name:
            errors.append(
                RowError(
                    row.row, "full_name", _("A name is needed for a person without an account.")
                )
            )
        if row.group and row.group.casefold() not in groups:
            errors.append(
                RowError(
                    row.row,
                    "group",
                    _("There is no group “%(name)s” in this edition.") % {"name": row.group},
                )
            )
    errors.sort(key=lambda error: (error.row, error.column))
    new_accounts = sum(1 for row in rows if row.email not in existing)
    result = ImportResult(
        rows=rows,
        errors=errors,
        new_accounts=new_accounts,
        capacity=edition.capacity,
        over_capacity=capacity_excess(edition, adding=len(rows)),
        over_capacity_confirmed=over_capacity,
    )
    if errors or dry_run or result.needs_confirmation:
        return result
    default_track = edition.language if edition.language in {"pl", "en"} else "pl"
    with transaction.atomic():
        result.over_capacity = _check_capacity(
            edition, adding=len(rows), over_capacity=over_capacity
        )
        organisations = {
            name: Organisation.objects.get_or_create(name=name, defaults={"kind": "other"})[0]
            for name in {
                row.profile["organisation"] for row in rows if "organisation" in row.profile
            }
        }
        new_users = []
        for row in rows:
            if row.email in existing:
                continue
            profile = dict(row.profile)
            if "organisation" in profile:
                profile["organisation"] = organisations[profile["organisation"]]
            user = User(
                email=row.email,
                full_name=row.full_name,
                preferred_language=row.language_track or default_track,
                **profile,
            )
            user.set_unusable_password()
            new_users.append(user)
        User.objects.bulk_create(new_users, batch_size=1000)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, primary=True, verified=False) for u in new_users],
            batch_size=1000,
        )
        people = {**existing, **{user.email: user for user in new_users}}
        today = timezone.localdate()
        Enrolment.objects.bulk_create(
            [
                Enrolment(
                    edition=edition,
                    user=people[row.email],
                    group=groups.get(row.group.casefold()) if row.group else None,
                    language_track=row.language_track or default_track,
                    enrolled_on=today,
                )
                for row in rows
            ],
            batch_size=1000,
        )
        audit_record(
            actor=actor,
            action="enrolment.import",
            obj=edition,
            rows=len(rows),
            new_accounts=len(new_users),
            over_capacity=result.over_capacity,
        )
    result.written = True
    return result


# --- calendar feeds -------------------------------------------------------------------------------


def calendar_token_for(*, user: User) -> CalendarToken:
    """The person's calendar secret, created on first use."""
    token, _created = CalendarToken.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token


@transaction.atomic
def calendar_token_reset(*, actor: Any) -> CalendarToken:
    """A new secret: every calendar subscribed with the old addresses stops receiving sessions."""
    if not actor.is_authenticated:
        raise PermissionDenied
    token = calendar_token_for(user=actor)
    token.token = secrets.token_urlsafe(32)
    token.save(update_fields=["token", "created_at"])
    audit_record(actor=actor, action="calendar.reset", obj=token)
    return token


@transaction.atomic
def attendance_replace(*, actor: Any, session: Session, marks: Iterable[Mark]) -> None:
    """Make the session's attendance exactly these marks (the API's PUT of the whole grid):
    listed people are recorded, everyone else's mark is removed. Idempotent.

    A flat number of queries whatever the grid's size: one read of who may be marked and who
    is, one write of the marks, a delete only when some mark goes (decision 0911)."""
    _require(policies.can_record_attendance(actor, session))
    marks = list(marks)
    participants, marked = session_roster(session)
    _check_marks(session, marks, participants)
    _marks_write(actor=actor, session=session, marks=marks)
    gone = marked - {mark.enrolment_id for mark in marks}
    if gone:
        Attendance.objects.filter(session=session, enrolment_id__in=sorted(gone)).delete()
    audit_record(actor=actor, action="attendance.replace", obj=session, marks=len(marks))


# --- retention --------------------------------------------------------------------------------------


def applications_purge(*, today: dt.date | None = None, dry_run: bool = False) -> int:
    """Delete the personal data of applications that were not accepted, once the retention period
    after their edition's end is over (the consent text promises it).

    What remains is an anonymous stub — edition, status, dates, consent version — so the
    selection funnel in the reports keeps its numbers. Reviews (scores and notes) go too.
    Accepted applications stay: they are the enrolment's record. Idempotent.
    """
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.SIB_APPLICATION_RETENTION_DAYS)
    due = Application.objects.filter(edition__ends_on__lt=cutoff, purged_at__isnull=True).exclude(
        status=ApplicationStatus.ACCEPTED
    )
    if dry_run:
        return due.count()
    with transaction.atomic():
        ids = list(due.select_for_update().values_list("pk", flat=True))
        if not ids:
            return 0
        stub = Concat(Value("purged-"), Cast("pk", CharField()))
        ApplicationReview.objects.filter(application_id__in=ids).delete()
        Application.objects.filter(pk__in=ids).update(
            applicant=None,
            token=stub,
            form_key="",
            email=Concat(stub, Value("@purged.invalid")),
            full_name="",
            gender="",
            birth_year=None,
            voivodeship="",
            sector="",
            organisation_name="",
            motivation="",
            background="",
            guardian_name="",
            guardian_email="",
            guardian_token="",
            purged_at=timezone.now(),
        )
        for edition_id, count in (
            Application.objects.filter(pk__in=ids)
            .values_list("edition_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            audit_record(
                actor=None,
                action="academy.applications_purged",
                obj=Edition(pk=edition_id),
                count=count,
                retention_days=settings.SIB_APPLICATION_RETENTION_DAYS,
            )
    return len(ids)
