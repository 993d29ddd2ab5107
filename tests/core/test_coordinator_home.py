"""A coordinator's home stays the same size as editions pile up (issue 16: 18.5x the trivial view
at scale M): each panel fetches its first few rows and counts in SQL, so the queries and the rows
rendered do not grow with the editions, finished or in flight, a coordinator also staffs."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sib.academy.home import HOME_EDITIONS
from sib.academy.models import EditionStatus, StaffRole
from tests.academy.builders import edition_with_participants
from tests.factories import CoordinatorFactory, EditionFactory, EditionStaffFactory

pytestmark = pytest.mark.django_db


def add_editions(coordinator, count: int) -> None:  # noqa: ANN001
    for _ in range(count):
        running = edition_with_participants(2)
        finished = EditionFactory(status=EditionStatus.FINISHED)
        for edition in (running, finished):
            EditionStaffFactory(edition=edition, user=coordinator, role=StaffRole.COORDINATOR)


def home(client) -> tuple[int, str]:  # noqa: ANN001
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return len(captured), response.content.decode()


def rows(page: str) -> dict[str, int]:
    return {
        "edition cards": page.count('class="card"'),
        "credential rows": len(re.findall(r'<li><a href="/[^"]*credentials/editions/', page)),
        "links to an edition": len(re.findall(r'href="/[^"]*academy/editions/\d+/"', page)),
    }


def test_the_coordinators_home_does_not_grow_with_editions(client) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    add_editions(coordinator, HOME_EDITIONS + 1)  # one more of each than a panel shows
    queries, page = home(client)
    shown = rows(page)
    assert shown["credential rows"] == HOME_EDITIONS
    assert page.count("All editions") == 3  # the staff, editions and credentials panels
    add_editions(coordinator, 6)
    more_queries, more_page = home(client)
    assert more_queries == queries <= 20
    assert rows(more_page) == shown
