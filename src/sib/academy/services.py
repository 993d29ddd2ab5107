"""Every write in the academy: editions, staff, groups, enrolments, sessions, attendance, scores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sib.academy import policies
from sib.academy.models import (
    Attendance,
    AttendanceStatus,
    Edition,
    EditionStaff,
    Enrolment,
    Group,
    Module,
    Programme,
    Session,
    StaffRole,
)
from sib.academy.selectors import session_participants
from sib.accounts.models import User
from sib.accounts.services import user_create
from sib.core.audit import audit_record


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


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


@transaction.atomic
def enrolment_create(
    *,
    actor: Any,
    edition: Edition,
    user: User,
    enrolled_on: dt.date | None = None,
    language_track: str = "",
    group: Group | None = None,
) -> Enrolment:
    _require(policies.can_manage_edition(actor, edition))
    if Enrolment.objects.filter(edition=edition, user=user).exists():
        raise ValidationError({"user": _("This person is already enrolled in the edition.")})
    enrolment = Enrolment(
        edition=edition,
        user=user,
        group=group,
        enrolled_on=enrolled_on or timezone.localdate(),
        language_track=language_track or user.preferred_language or "pl",
    )
    enrolment.full_clean()
    enrolment.save()
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


def _validate_mark(session: Session, enrolment: Enrolment | None, mark: Mark) -> dict[str, str]:
    errors: dict[str, str] = {}
    if enrolment is None:
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


@transaction.atomic
def attendance_record(*, actor: Any, session: Session, marks: Iterable[Mark]) -> list[Attendance]:
    """Record marks for a session in one transaction: all are saved, or none and every error is named
    (keys `marks.<enrolment id>.<field>`).

    Idempotent: recording the same marks twice leaves the same rows.
    """
    _require(policies.can_record_attendance(actor, session))
    marks = list(marks)
    participants = {e.pk: e for e in session_participants(session)}
    errors: dict[str, str] = {}
    for mark in marks:
        problems = _validate_mark(session, participants.get(mark.enrolment_id), mark)
        for field, message in problems.items():
            errors[f"marks.{mark.enrolment_id}.{field}"] = message
    if errors:
        raise ValidationError(errors)
    existing = {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}
    saved: list[Attendance] = []
    for mark in marks:
        attendance = existing.get(mark.enrolment_id)
        if attendance is None:
            attendance = Attendance(session=session, enrolment_id=mark.enrolment_id)
        attendance.status = mark.status
        attendance.minutes_missed = (
            mark.minutes_missed if mark.status == AttendanceStatus.LATE else 0
        )
        attendance.recorded_by = actor
        attendance.save()
        saved.append(attendance)
    return saved
