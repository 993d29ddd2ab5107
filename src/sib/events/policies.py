"""Who may see and do what with events. Views, API, selectors and services all ask here.

Published events (and their agenda and speakers) are public. Coordinators (global staff) create
events and may do everything; an event's organisers manage that event (agenda, registrations,
exports, statistics); its check-in staff only check people in. Drafts exist only for those who
run the event: anyone else gets 404 for them, and 403 for staff pages of a published event.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sib.accounts.policies import is_coordinator
from sib.core.roles import person_roles, role_rows
from sib.events.models import Event, EventRole, EventStaff, EventStatus, Registration


def _roles(user: Any) -> dict[int, set[str]]:
    """The person's event roles, loaded once per request."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_event_roles", None)
    if cached is None:
        cached = {}
        for event_id, role in person_roles(user).get("events.staff", []):
            cached.setdefault(event_id, set()).add(role)
        user._event_roles = cached
    return cached


def role_reads(user: Any) -> list[Any]:
    """The events' role rows (`SIB_ROLE_READS`), read with the other apps' in one query."""
    return [role_rows(EventStaff.objects.filter(user=user), "events.staff", "event_id", "role")]


def roles_in(user: Any, event: Event) -> set[str]:
    return _roles(user).get(event.pk, set())


def runs_any_event(user: Any) -> bool:
    return is_coordinator(user) or bool(_roles(user))


# --- seeing events ------------------------------------------------------------------------------


def events_public() -> QuerySet[Event]:
    """Events with a public page: published ones, and those cancelled after publication."""
    return Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])


def events_visible(user: Any) -> QuerySet[Event]:
    if is_coordinator(user):
        return Event.objects.all()
    if not user.is_authenticated:
        return events_public()
    # A subquery rather than a join: no duplicate rows, hence no DISTINCT over whole events.
    return Event.objects.filter(
        Q(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
        | Q(pk__in=EventStaff.objects.filter(user=user).values("event_id"))
    )


def events_run_by(user: Any) -> QuerySet[Event]:
    """Events the person organises or checks people in at (all of them for coordinators)."""
    if is_coordinator(user):
        return Event.objects.all()
    if not user.is_authenticated:
        return Event.objects.none()
    return Event.objects.filter(pk__in=EventStaff.objects.filter(user=user).values("event_id"))


def events_managed(user: Any) -> QuerySet[Event]:
    if is_coordinator(user):
        return Event.objects.all()
    if not user.is_authenticated:
        return Event.objects.none()
    return Event.objects.filter(
        pk__in=EventStaff.objects.filter(user=user, role=EventRole.ORGANISER).values("event_id")
    )


# --- acting on events ---------------------------------------------------------------------------


def can_create_event(user: Any) -> bool:
    return is_coordinator(user)


def can_manage_event(user: Any, event: Event) -> bool:
    """Edit the event and its agenda, see registrations, export, print badges, read statistics."""
    return is_coordinator(user) or EventRole.ORGANISER in roles_in(user, event)


def can_check_in(user: Any, event: Event) -> bool:
    return can_manage_event(user, event) or EventRole.CHECK_IN in roles_in(user, event)


def can_manage_speakers(user: Any) -> bool:
    """Speaker profiles are shared by events: coordinators and anyone organising an event."""
    return is_coordinator(user) or any(EventRole.ORGANISER in r for r in _roles(user).values())


def can_report_on_all_events(user: Any) -> bool:
    return is_coordinator(user)


def can_report_on_editions(user: Any, editions: Any) -> bool:
    """Event figures of some editions: coordinators, or the coordinators of each of those
    editions (the people who report on an edition)."""
    if is_coordinator(user):
        return True
    if editions is None or not user.is_authenticated:
        return False
    from sib.academy.models import EditionStaff, StaffRole

    wanted = {getattr(edition, "pk", edition) for edition in editions}
    mine = set(
        EditionStaff.objects.filter(
            user=user, role=StaffRole.COORDINATOR, edition_id__in=wanted
        ).values_list("edition_id", flat=True)
    )
    return bool(wanted) and wanted <= mine


def registrations_visible(user: Any) -> QuerySet[Registration]:
    """Registrations of the events the person runs (names are needed at the door too)."""
    if is_coordinator(user):
        return Registration.objects.all()
    if not user.is_authenticated:
        return Registration.objects.none()
    return Registration.objects.filter(
        event_id__in=EventStaff.objects.filter(user=user).values("event_id")
    )
