"""Who may read and change manuals, materials and the map (decision 0801).

A manual's audience decides who reads it: everyone (public); participants and brokers — people
enrolled in an edition (brokers in training and after) and every edition's staff; mentors — the
editions' mentors and coordinators; trainers — the editions' trainers and coordinators.
Coordinators read everything and edit manuals, the map and materials; an edition's trainers and
mentors may also add materials to its sessions. A material belongs to its programme, module or
session: it is read by that programme's (or session's) edition people, or by anyone if public.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sib.academy import policies as academy
from sib.academy.models import Session, StaffRole
from sib.accounts.policies import is_coordinator
from sib.knowledge.models import Audience, Document, Material, Term

EVERY_AUDIENCE = frozenset(Audience.values)


def readable_audiences(user: Any) -> frozenset[str]:
    """The audiences whose manuals this person may read (from roles loaded once per request)."""
    if is_coordinator(user):
        return EVERY_AUDIENCE
    if not user.is_authenticated:
        return frozenset({Audience.PUBLIC})
    roles = academy.roles_of(user)
    staff_roles: set[str] = set().union(*roles.staff.values()) if roles.staff else set()
    result = {Audience.PUBLIC}
    if roles.enrolled_editions or staff_roles:
        result |= {Audience.PARTICIPANTS, Audience.BROKERS}
    if staff_roles & {StaffRole.MENTOR, StaffRole.COORDINATOR}:
        result.add(Audience.MENTORS)
    if staff_roles & {StaffRole.TRAINER, StaffRole.COORDINATOR}:
        result.add(Audience.TRAINERS)
    return frozenset(result)


def can_edit(user: Any) -> bool:
    """Write manuals and the map: coordinators."""
    return is_coordinator(user)


def documents_visible(user: Any) -> QuerySet[Document]:
    queryset = Document.objects.filter(audience__in=readable_audiences(user))
    return queryset if can_edit(user) else queryset.filter(published=True)


def terms_visible(user: Any) -> QuerySet[Term]:
    return Term.objects.all() if can_edit(user) else Term.objects.filter(published=True)


def _programmes_of(user: Any) -> QuerySet[Any]:
    return academy.editions_visible(user).values("programme_id")


def material_scope(user: Any) -> Q:
    """Which materials a person may read, as a filter (public ones, and those of their
    programmes and sessions)."""
    if is_coordinator(user):
        return Q()
    scope = Q(public=True)
    if user.is_authenticated:
        programmes = _programmes_of(user)
        scope |= (
            Q(programme_id__in=programmes)
            | Q(module__programme_id__in=programmes)
            | Q(session_id__in=academy.sessions_visible(user).values("pk"))
        )
    return scope


def materials_visible(user: Any) -> QuerySet[Material]:
    return Material.objects.filter(material_scope(user))


def can_add_material(user: Any, *, session: Session | None = None) -> bool:
    """Coordinators anywhere; an edition's trainers and mentors on its sessions."""
    if is_coordinator(user):
        return True
    if session is None or not user.is_authenticated:
        return False
    return bool(
        academy.roles_of(user).staff.get(session.edition_id, set())
        & {StaffRole.TRAINER, StaffRole.MENTOR, StaffRole.COORDINATOR}
    )


def can_change_material(user: Any, material: Material) -> bool:
    if is_coordinator(user):
        return True
    return bool(
        material.session_id
        and material.added_by_id == getattr(user, "pk", None)
        and can_add_material(user, session=material.session)
    )
