"""The capacity rule under load: 1,000 registration attempts from 50 concurrent clients for 300
seats, as real HTTP requests against a served instance, on PostgreSQL; then every registrant
confirms their address from the link, again all at once.

Each request is served by its own thread of the live server with its own database connection,
so the requests truly race; only the row lock on the event keeps the count right. While they
run, another connection watches that held and confirmed seats together never exceed the capacity.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.db.models import Max, Min

from sib.events.models import Registration
from tests.events.factories import EventFactory, ensure_consent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def served():  # noqa: ANN201
    """A live server of our own whose listen queue holds every client at once (Django's test
    server keeps only 10 pending connections, which a burst of 50 clients overflows)."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite serialises every writer, so it cannot show the race "
            "(run with DATABASE_URL=postgres:///...)"
        )
    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread, _StaticFilesHandler

    class Server(ThreadedWSGIServer):
        request_queue_size = 256

    class Thread(LiveServerThread):
        server_class = Server

    thread = Thread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


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


class SeatWatcher(threading.Thread):
    """Counts the seats in use (confirmed + held) over and over on its own connection."""

    def __init__(self, event_id: int) -> None:
        super().__init__(daemon=True)
        self.event_id, self.stop, self.most, self.looks = event_id, threading.Event(), 0, 0

    def run(self) -> None:
        from django.db import connection as own

        try:
            while not self.stop.is_set():
                used = Registration.objects.filter(
                    event_id=self.event_id, status__in=["confirmed", "held"]
                ).count()
                self.most, self.looks = max(self.most, used), self.looks + 1
        finally:
            own.close()


def _confirm(ticket_url: str) -> int:
    """What a person does with the e-mailed link: open the page, press Confirm."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with opener.open(ticket_url, timeout=120) as page:
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.read()).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.decode(), "action": "confirm"})
    request = urllib.request.Request(
        ticket_url, data=body.encode(), headers={"Referer": ticket_url}, method="POST"
    )
    try:
        with opener.open(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_exactly_the_seats_are_confirmed_under_concurrent_requests(served: str, settings) -> None:  # noqa: ANN001
    # One client address makes every attempt here: the per-client limit is for the internet.
    settings.SIB_RATE_LIMITS = {**settings.SIB_RATE_LIMITS, "event_register": ""}
    version = ensure_consent()
    event = EventFactory(capacity=SEATS)
    url = f"{served}/api/v1/events/{event.pk}/registrations"
    watcher = SeatWatcher(event.pk)
    watcher.start()

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

    assert statuses == {202: ATTEMPTS}, statuses  # no 5xx, every attempt answered
    counts = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert counts == {"held": SEATS, "waitlisted": ATTEMPTS - SEATS}

    # Everyone confirms from their link, all at once.
    tickets = [
        f"{served}/events/tickets/{token}/"
        for token in Registration.objects.filter(event=event).values_list("token", flat=True)
    ]
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        confirmations = Counter(pool.map(_confirm, tickets))
    watcher.stop.set()
    watcher.join()
    assert confirmations == {200: ATTEMPTS}, confirmations  # redirected back to the ticket
    assert watcher.looks > 0 and watcher.most <= SEATS
    counts = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert counts == {"confirmed": SEATS, "waitlisted": ATTEMPTS - SEATS}
    assert not Registration.objects.filter(event=event, email_confirmed_at__isnull=True).exists()
    # Seats went strictly first come, first served: nobody waiting registered before a seat.
    last_seat = Registration.objects.filter(event=event, status="confirmed").aggregate(
        at=Max("created_at")
    )["at"]
    first_wait = Registration.objects.filter(event=event, status="waitlisted").aggregate(
        at=Min("created_at")
    )["at"]
    assert last_seat <= first_wait
