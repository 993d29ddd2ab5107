"""Who may see and do what in the academy. Views, API, selectors and services all ask here.

Coordinators (global staff) may do everything. Trainers and mentors act within the editions they
are assigned to; a mentor within their groups for mentoring work. Participants see their own
records only. Objects a person may not see at all answer 404; visible ones they may not change 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from sib.academy.models import (
    Application,
    ApplicationCall,
    Edition,
    EditionStaff,
    Enrolment,
    Group,
    Programme,
    Session,
    StaffRole,
)
from sib.accounts.policies import is_coordinator
from sib.core.roles import person_roles, role_rows


@dataclass
class AcademyRoles:
    """A person's roles across editions, loaded once per request (one query)."""

    staff: dict[int, set[str]]
    enrolled_editions: set[int]
    mentored_groups: set[int]


def roles_of(user: Any) -> AcademyRoles:
    """The person's roles, read once per request in one query (the navigation, the home panels
    and the pages' permission checks all ask here)."""
    if not user.is_authenticated:
        return AcademyRoles({}, set(), set())
    cached = getattr(user, "_academy_roles", None)
    if cached is None:
        cached = _roles_from_database(user)
        user._academy_roles = cached
    return cached


def _roles_from_database(user: Any) -> AcademyRoles:
    """From the person's role rows (`sib.core.roles`: one query shared with the other apps)."""
    rows = person_roles(user)
    roles = AcademyRoles(staff={}, enrolled_editions=set(), mentored_groups=set())
    for edition_id, role in rows.get("academy.staff", []):
        roles.staff.setdefault(edition_id, set()).add(role)
    roles.enrolled_editions.update(key for key, _name in rows.get("academy.enrolled", []))
    roles.mentored_groups.update(key for key, _name in rows.get("academy.mentor", []))
    return roles


def role_reads(user: Any) -> list[QuerySet[Any]]:
    """The academy's role rows (`SIB_ROLE_READS`): staff roles, enrolments, mentored groups."""
    return [
        role_rows(EditionStaff.objects.filter(user=user), "academy.staff", "edition_id", "role"),
        role_rows(Enrolment.objects.filter(user=user), "academy.enrolled", "edition_id"),
        role_rows(Group.mentors.through.objects.filter(user=user), "academy.mentor", "group_id"),
    ]


def _staff_roles(user: Any, edition: Edition) -> set[str]:
    return roles_of(user).staff.get(edition.pk, set())


def is_edition_staff(user: Any, edition: Edition) -> bool:
    return bool(_staff_roles(user, edition))


def is_trainer(user: Any, edition: Edition) -> bool:
    return StaffRole.TRAINER in _staff_roles(user, edition)


def is_mentor(user: Any, edition: Edition) -> bool:
    return StaffRole.MENTOR in _staff_roles(user, edition)


# --- programmes: the catalogue is public ------------------------------------------------------


def programmes_visible(user: Any) -> QuerySet[Programme]:
    return Programme.objects.all()


def can_manage_programmes(user: Any) -> bool:
    return is_coordinator(user)


# --- editions -----------------------------------------------------------------------------------


def editions_visible(user: Any) -> QuerySet[Edition]:
    """Coordinators see every edition; others the editions they teach, mentor or attend."""
    if is_coordinator(user):
        return Edition.objects.all()
    if not user.is_authenticated:
        return Edition.objects.none()
    return Edition.objects.filter(Q(staff__user=user) | Q(enrolments__user=user)).distinct()


def can_view_edition(user: Any, edition: Edition) -> bool:
    return editions_visible(user).filter(pk=edition.pk).exists()


def can_manage_edition(user: Any, edition: Edition | None = None) -> bool:
    """Create and change editions, enrol, withdraw, plan sessions: coordinators."""
    return is_coordinator(user)


def can_view_participants(user: Any, edition: Edition) -> bool:
    """The edition table with everyone's progress: coordinators and the edition's staff."""
    return is_coordinator(user) or is_edition_staff(user, edition)


# --- enrolments and progress --------------------------------------------------------------------


def enrolments_visible(user: Any) -> QuerySet[Enrolment]:
    if is_coordinator(user):
        return Enrolment.objects.all()
    if not user.is_authenticated:
        return Enrolment.objects.none()
    staff_editions = EditionStaff.objects.filter(user=user).values("edition_id")
    return Enrolment.objects.filter(Q(user=user) | Q(edition_id__in=staff_editions))


def can_view_progress(user: Any, enrolment: Enrolment) -> bool:
    return user.is_authenticated and (
        enrolment.user_id == user.pk
        or is_coordinator(user)
        or is_edition_staff(user, enrolment.edition)
    )


def can_assess(user: Any, enrolment: Enrolment) -> bool:
    """Score the final project: coordinators, the edition's trainers, the team's mentors."""
    if not user.is_authenticated or enrolment.user_id == user.pk:
        return False
    if is_coordinator(user) or is_trainer(user, enrolment.edition):
        return True
    return bool(
        enrolment.group_id
        and is_mentor(user, enrolment.edition)
        and enrolment.group_id in roles_of(user).mentored_groups
    )


# --- sessions and attendance ----------------------------------------------------------------------


def sessions_visible(user: Any) -> QuerySet[Session]:
    if is_coordinator(user):
        return Session.objects.all()
    if not user.is_authenticated:
        return Session.objects.none()
    staff_editions = EditionStaff.objects.filter(user=user).values("edition_id")
    own = Enrolment.objects.filter(user=user, withdrawn_on__isnull=True)
    return Session.objects.filter(
        Q(edition_id__in=staff_editions)
        | (
            Q(edition_id__in=own.values("edition_id"))
            & (Q(group__isnull=True) | Q(group_id__in=own.values("group_id")))
        )
    )


def can_record_attendance(user: Any, session: Session) -> bool:
    """Trainers of the edition mark any of its sessions; mentors their groups' and their own;
    a participant never marks, not even as a trainer of another edition."""
    if not user.is_authenticated:
        return False
    if is_coordinator(user):
        return True
    roles = roles_of(user)
    edition_id = session.edition_id
    if edition_id in roles.enrolled_editions:
        return False
    mine = roles.staff.get(edition_id, set())
    if StaffRole.TRAINER in mine or (mine and session.leader_id == user.pk):
        return True
    return bool(StaffRole.MENTOR in mine and session.group_id in roles.mentored_groups)


# --- applications and selection ---------------------------------------------------------------------


def calls_public() -> QuerySet[ApplicationCall]:
    """Published calls have a public page, open or closed; unpublished ones do not exist outside."""
    return ApplicationCall.objects.filter(published=True)


def can_review_applications(user: Any, edition: Edition) -> bool:
    """Read, score and decide applications: coordinators and the edition's own coordinators."""
    if not user.is_authenticated:
        return False
    return is_coordinator(user) or StaffRole.COORDINATOR in _staff_roles(user, edition)


def applications_visible(user: Any) -> QuerySet[Application]:
    """Submitted applications of the editions the person selects for (drafts stay private, and an
    application counts only once its address is confirmed)."""
    if not user.is_authenticated:
        return Application.objects.none()
    queryset = Application.objects.exclude(status="draft").filter(email_confirmed_at__isnull=False)
    if is_coordinator(user):
        return queryset
    editions = EditionStaff.objects.filter(user=user, role=StaffRole.COORDINATOR).values(
        "edition_id"
    )
    return queryset.filter(edition_id__in=editions)
