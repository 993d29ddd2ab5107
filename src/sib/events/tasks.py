"""Background work of events: freeing the seats of registrations not confirmed in time."""

from __future__ import annotations

from django_tasks import task

from sib.events import services


@task()
def expire_holds(*, event_id: int) -> int:
    """Expire the event's unconfirmed registrations whose time is up; how many were promoted."""
    return len(services.holds_expire(event_id=event_id))
