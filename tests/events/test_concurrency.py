"""The capacity rule under load: 1,000 registration attempts from 50 concurrent clients for 300
seats, as real HTTP requests against a served instance, on PostgreSQL.

Each request is served by its own thread of the live server with its own database connection,
so the requests truly race; only the row lock on the event keeps the count right.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.db.models import Max, Min

from sib.events.models import Registration
from tests.events.factories import EventFactory, ensure_consent

pytestmark = pytest.mark.django_db(transaction=True)

ATTEMPTS = 1000
CLIENTS = 50
SEATS = 300


def _post(url: str, body: dict[str, object]) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept-Language": "en"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - live server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_exactly_the_seats_are_confirmed_under_concurrent_requests(live_server) -> None:  # noqa: ANN001
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite serialises every writer, so it cannot show the race "
            "(run with DATABASE_URL=postgres:///...)"
        )
    version = ensure_consent()
    event = EventFactory(capacity=SEATS)
    url = f"{live_server.url}/api/v1/events/{event.pk}/registrations"

    def attempt(n: int) -> int:
        return _post(
            url,
            {
                "full_name": f"Racer {n:04d}",
                "email": f"racer{n}@example.org",
                "language": "en",
                "consent": True,
                "consent_version": version,
            },
        )

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        statuses = Counter(pool.map(attempt, range(ATTEMPTS)))

    assert statuses == {201: ATTEMPTS}, statuses  # no 5xx, every attempt answered
    counts = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert counts == {"confirmed": SEATS, "waitlisted": ATTEMPTS - SEATS}
    # Seats went strictly first come, first served: nobody waiting registered before a seat.
    last_seat = Registration.objects.filter(event=event, status="confirmed").aggregate(
        at=Max("created_at")
    )["at"]
    first_wait = Registration.objects.filter(event=event, status="waitlisted").aggregate(
        at=Min("created_at")
    )["at"]
    assert last_seat <= first_wait
