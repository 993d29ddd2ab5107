"""Registrations wait for the address to be confirmed (issue 11, finding 3): a held seat for a
stated time, then freed; holds and confirmed seats never exceed the capacity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from sib.events import selectors, services
from sib.events.models import Registration, RegistrationStatus
from sib.events.services import Attendee
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

HOLD = dt.timedelta(minutes=30)


def attempt(event, name: str, *, at: dt.datetime) -> Registration:  # noqa: ANN001
    result = services.registration_create(
        actor=AnonymousUser(),
        event=event,
        attendees=[Attendee(full_name=name, email=f"{name.lower()}@example.org")],
        language="en",
        consent_given=True,
        consent_version=services.consent_text_current().version,
        at=at,
    )
    assert result.pending
    return result.registrations[0]


def seats_in_use(event) -> int:  # noqa: ANN001
    return Registration.objects.filter(
        event=event, status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.HELD]
    ).count()


def test_a_held_seat_is_freed_after_the_stated_time_and_goes_to_the_first_confirmed_waiting() -> (
    None
):
    start = timezone.now()
    event = EventFactory(capacity=2)
    ala = attempt(event, "Ala", at=start)
    ola = attempt(event, "Ola", at=start + dt.timedelta(minutes=1))
    ewa = attempt(event, "Ewa", at=start + dt.timedelta(minutes=2))
    iga = attempt(event, "Iga", at=start + dt.timedelta(minutes=3))
    assert [r.status for r in (ala, ola, ewa, iga)] == ["held", "held", "waitlisted", "waitlisted"]
    assert ala.hold_expires_at == start + HOLD
    assert seats_in_use(event) == 2
    # Ola and Iga confirm in time; Ewa, the first in the queue, does not confirm at all.
    services.registration_confirm(
        registration=ola, token=ola.token, at=start + dt.timedelta(minutes=5)
    )
    services.registration_confirm(
        registration=iga, token=iga.token, at=start + dt.timedelta(minutes=10)
    )
    assert seats_in_use(event) == 2
    # Ala's time is up: her seat goes to Iga, the first waiting whose address is confirmed.
    promoted = services.holds_expire(event_id=event.pk, at=start + HOLD + dt.timedelta(seconds=1))
    assert [r.full_name for r in promoted] == ["Iga"]
    statuses = dict(Registration.objects.filter(event=event).values_list("full_name", "status"))
    assert statuses == {
        "Ala": "expired",
        "Ola": "confirmed",
        "Ewa": "waitlisted",
        "Iga": "confirmed",
    }
    assert seats_in_use(event) == 2
    # Too late to confirm now: Ala is told to register again, and may.
    with pytest.raises(ValidationError, match="not confirmed in time"):
        services.registration_confirm(
            registration=ala, token=ala.token, at=start + HOLD + dt.timedelta(minutes=1)
        )
    again = attempt(event, "Ala", at=start + HOLD + dt.timedelta(minutes=2))
    assert again.status == "waitlisted"  # Ewa expired too by now; the event is full


def test_holds_and_confirmed_seats_never_exceed_the_capacity() -> None:
    """Registrations, confirmations, expiries and cancellations interleaved: after each step the
    seats in use are at most the capacity, and a free seat is never left while a confirmed
    person waits."""
    start = timezone.now()
    event = EventFactory(capacity=3)
    people: list[Registration] = []
    for minute in range(0, 90, 3):
        now = start + dt.timedelta(minutes=minute)
        people.append(attempt(event, f"P{minute}", at=now))
        if minute % 6 == 0:  # every other person confirms a minute later
            person = people[-1]
            services.registration_confirm(
                registration=person, token=person.token, at=now + dt.timedelta(minutes=1)
            )
        if minute == 45:
            first = Registration.objects.filter(event=event, status="confirmed").first()
            services.registration_cancel(
                actor=AnonymousUser(), registration=first, token=first.token, at=now
            )
        services.holds_expire(event_id=event.pk, at=now + dt.timedelta(minutes=2))
        assert seats_in_use(event) <= 3
        waiting = Registration.objects.filter(
            event=event, status="waitlisted", email_confirmed_at__isnull=False
        ).exists()
        assert not waiting or seats_in_use(event) == 3


def test_the_seats_left_shown_count_live_holds_only() -> None:
    event = EventFactory(capacity=3, status="published")
    now = timezone.now()
    attempt(event, "Ala", at=now)
    old = attempt(event, "Ola", at=now - HOLD - dt.timedelta(minutes=1))  # its time is up
    assert old.status == "held"
    state = selectors.event_public_state(event_id=event.pk)
    assert state.seats_left == 2
    (listed,) = [e for e in selectors.event_api_list(actor=AnonymousUser()) if e.pk == event.pk]
    assert listed.confirmed_count == 1


def test_an_expiry_is_scheduled_in_the_task_queue_when_a_seat_is_held(
    settings, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    event = EventFactory(capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        registration = attempt(event, "Ala", at=timezone.now())
    task = DBTaskResult.objects.get(task_path="sib.events.tasks.expire_holds")
    assert task.args_kwargs["kwargs"] == {"event_id": event.pk}
    assert task.run_after == registration.hold_expires_at + dt.timedelta(seconds=1)


def test_confirming_needs_the_registrations_own_link() -> None:
    event = EventFactory()
    registration = attempt(event, "Ala", at=timezone.now())
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.registration_confirm(registration=registration, token="guessed")
    registration.refresh_from_db()
    assert registration.status == "held"
