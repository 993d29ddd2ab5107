"""`sib demo` adds the pilot's conferences and showcases; the indicators count them from records."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sib.academy.models import Edition
from sib.accounts.models import User
from sib.events import selectors
from sib.events.models import Event, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_indicators_come_out_as_published(demo) -> None:  # noqa: ANN001
    coordinator = User.objects.get(email="coordinator@demo.sib.example")
    expected = {
        "events": 2,
        "showcases": 2,
        "event_participants": 284,
        "speakers": 52,
        "lectures_and_panels": 40,
        "workshops": 5,
    }
    assert selectors.event_indicators(actor=coordinator) == expected
    pilot = Edition.objects.filter(code="pilot-2023-24")
    assert selectors.event_indicators(actor=coordinator, editions=pilot) == expected
    tarnow = Event.objects.get(title_pl__startswith="Makroregionalna")
    stats = selectors.event_stats(actor=coordinator, event=tarnow)
    assert (stats.attended, stats.speakers, stats.lectures_and_panels, stats.workshops) == (
        150,
        27,
        21,
        2,
    )
    # Cancellations happened and the waiting list moved up: the figures are not typed in.
    assert stats.cancelled > 0 and stats.promoted > 0
    assert sum(w.attended for w in stats.workshop_figures) > 0


def test_demo_events_are_idempotent(demo) -> None:  # noqa: ANN001
    before = (Event.objects.count(), Registration.objects.count())
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Event.objects.count(), Registration.objects.count()) == before
