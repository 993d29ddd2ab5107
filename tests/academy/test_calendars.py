"""The edition calendar page and the private iCalendar feeds, parsed back with `icalendar`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from sib.academy import services
from sib.academy.models import StaffRole
from tests.factories import (
    CoordinatorFactory,
    EditionFactory,
    EditionStaffFactory,
    EnrolmentFactory,
    GroupFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

START = dt.datetime(2024, 3, 9, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def setup():
    edition = EditionFactory(title_pl="Edycja wiosenna", title_en="Spring edition")
    team, other_team = GroupFactory(edition=edition), GroupFactory(edition=edition)
    participant = EnrolmentFactory(edition=edition, group=team).user
    whole = SessionFactory(
        edition=edition, starts_at=START, duration_minutes=240, room="Sala 1, Tarnów"
    )
    mine = SessionFactory(
        edition=edition,
        group=team,
        starts_at=START + dt.timedelta(days=5),
        duration_minutes=90,
        online_url="https://meet.example.org/x",
    )
    theirs = SessionFactory(edition=edition, group=other_team, starts_at=START)
    return edition, participant, whole, mine, theirs


def events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0" and calendar["prodid"]
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_the_personal_feed_holds_the_sessions_of_the_persons_audience(client, setup):
    edition, participant, whole, mine, theirs = setup
    token = services.calendar_token_for(user=participant).token
    found = events(client.get(reverse("academy:calendar-feed", args=[token])))
    assert len(found) == 2
    event = next(e for uid, e in found.items() if uid.startswith(f"session-{whole.pk}@"))
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == START + dt.timedelta(minutes=240)
    assert str(event["location"]) == "Sala 1, Tarnów"
    online = next(e for uid, e in found.items() if uid.startswith(f"session-{mine.pk}@"))
    assert "https://meet.example.org/x" in str(online["description"])
    assert not any(uid.startswith(f"session-{theirs.pk}@") for uid in found)


def test_the_edition_feed_and_its_404s(client, setup):
    edition, participant, whole, mine, theirs = setup
    token = services.calendar_token_for(user=participant).token
    url = reverse("academy:calendar-edition-feed", args=[token, edition.pk])
    assert len(events(client.get(url))) == 2
    other = EditionFactory()
    SessionFactory(edition=other)
    assert (
        client.get(reverse("academy:calendar-edition-feed", args=[token, other.pk])).status_code
        == 404
    )
    assert client.get(reverse("academy:calendar-feed", args=["not-a-token"])).status_code == 404


def test_a_trainer_sees_every_session_of_the_edition(client, setup):
    edition, *_ = setup
    trainer = EditionStaffFactory(edition=edition, role=StaffRole.TRAINER).user
    token = services.calendar_token_for(user=trainer).token
    assert len(events(client.get(reverse("academy:calendar-feed", args=[token])))) == 3


def test_resetting_the_address_breaks_the_old_one(client, setup):
    edition, participant, *_ = setup
    old = services.calendar_token_for(user=participant).token
    client.force_login(participant)
    response = client.post(
        reverse("academy:calendar-reset"), {"next": f"/academy/editions/{edition.pk}/calendar/"}
    )
    assert response.status_code == 302 and response.url.endswith("/calendar/")
    new = services.calendar_token_for(user=participant).token
    assert new != old
    assert client.get(reverse("academy:calendar-feed", args=[old])).status_code == 404
    assert client.get(reverse("academy:calendar-feed", args=[new])).status_code == 200
    response = client.post(reverse("academy:calendar-reset"), {"next": "https://evil.example/"})
    assert response.url == "/"


def test_the_calendar_page_lists_sessions_by_month_with_the_addresses(client, setup):
    edition, participant, whole, mine, theirs = setup
    client.force_login(participant)
    response = client.get(reverse("academy:edition-calendar", args=[edition.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "March 2024" in content and "Sala 1, Tarnów" in content
    token = services.calendar_token_for(user=participant).token
    assert f"/academy/calendar/{token}/editions/{edition.pk}.ics" in content
    assert response.context["count"] == 2


def test_the_calendar_page_is_404_for_people_outside_the_edition(client, setup):
    edition, *_ = setup
    client.force_login(UserFactory())
    assert client.get(reverse("academy:edition-calendar", args=[edition.pk])).status_code == 404
    client.force_login(CoordinatorFactory())
    assert client.get(reverse("academy:edition-calendar", args=[edition.pk])).status_code == 200


def test_the_calendar_page_keeps_its_query_count(client, django_assert_num_queries):
    edition = EditionFactory()
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    url = reverse("academy:edition-calendar", args=[edition.pk])
    SessionFactory(edition=edition)
    client.get(url)  # creates the calendar token

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(24):
        SessionFactory(
            edition=edition,
            group=GroupFactory(edition=edition),
            leader=UserFactory(),
            starts_at=START + dt.timedelta(days=index * 20),
        )
    with django_assert_num_queries(len(few)):
        client.get(url)
