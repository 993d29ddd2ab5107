"""Public pages kept for anonymous visitors (decision 0410): one query when kept, never stale."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sib.core import pagecache
from sib.events import services
from sib.events.models import Registration
from tests.events.factories import (
    AgendaItemFactory,
    EventFactory,
    PastEventFactory,
    RegistrationFactory,
    SpeakerFactory,
)
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _count(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), response.content.decode()


def _grow(event, n: int) -> None:  # noqa: ANN001
    for _ in range(n):
        RegistrationFactory(event=event)
        item = AgendaItemFactory(event=event)
        item.speakers.add(SpeakerFactory(), through_defaults={"position": 0})


@pytest.mark.parametrize("name", ["list", "detail", "programme", "register", "register-group"])
def test_anonymous_pages_take_one_query_when_kept_and_the_same_cold(client, name: str) -> None:  # noqa: ANN001
    event = EventFactory()
    PastEventFactory()
    _grow(event, 1)
    url = {
        "list": reverse("events:list"),
        "detail": reverse("events:detail", args=[event.pk]),
        "programme": reverse("events:programme", args=[event.pk]),
        "register": reverse("events:register", args=[event.pk]),
        "register-group": reverse("events:register", args=[event.pk]) + "?group=1",
    }[name]
    cache.clear()
    pagecache.clear()
    few_cold, _page = _count(client, url)
    few_kept, _page = _count(client, url)
    _grow(event, 25)
    PastEventFactory()
    EventFactory()
    cache.clear()
    pagecache.clear()  # the factories add rows without the services, which touch the event
    many_cold, _page = _count(client, url)
    many_kept, _page = _count(client, url)
    assert few_cold == many_cold <= 20
    assert few_kept == many_kept == 1


def test_seats_left_are_right_at_once(client) -> None:  # noqa: ANN001
    event = EventFactory(capacity=2)
    url = reverse("events:detail", args=[event.pk])
    assert "2 seats left" in client.get(url).content.decode()
    assert "2 seats left" in client.get(url).content.decode()  # the kept copy
    RegistrationFactory(event=event)
    assert "1 seat left" in client.get(url).content.decode()
    RegistrationFactory(event=event)
    page = client.get(url).content.decode()
    assert "Full — waiting list open" in page and "Join the waiting list" in page
    Registration.objects.filter(event=event).first().delete()
    assert "1 seat left" in client.get(url).content.decode()


def test_each_visitor_gets_their_own_working_csrf_token() -> None:
    event = EventFactory()
    url = reverse("events:register", args=[event.pk])
    version = services.consent_text_current().version
    tokens = []
    for n, name in enumerate(["Ala Kowalska", "Ola Nowak", "Ela Wiśniewska"]):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get(url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        assert "@@sib-csrf-token@@" not in page
        assert f'"X-CSRFToken": "{token}"' in page  # the same token in the page's htmx headers
        tokens.append(token)
        response = visitor.post(
            url,
            {
                "csrfmiddlewaretoken": token,
                "full_name": name,
                "email": f"visitor{n}@example.org",
                "language": "en",
                "consent": "on",
                "consent_version": version,
            },
        )
        assert response.status_code == 302, n
    assert len(set(tokens)) == 3
    assert Registration.objects.filter(event=event).count() == 3


def test_changes_show_at_once(client) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    event = EventFactory(title_en="Forum")
    register = reverse("events:register", args=[event.pk])
    programme = reverse("events:programme", args=[event.pk])
    listing = reverse("events:list")
    for url in (register, programme, listing):
        client.get(url)
    services.question_save(
        actor=coordinator, event=event, kind="text", label_pl="Dieta", label_en="Your diet"
    )
    assert "Your diet" in client.get(register).content.decode()
    services.agenda_item_save(
        actor=coordinator,
        event=event,
        kind="lecture",
        title_pl="Smog",
        title_en="Smog and energy",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
    )
    assert "Smog and energy" in client.get(programme).content.decode()
    EventFactory(title_en="Second forum")
    assert "Second forum" in client.get(listing).content.decode()
    services.event_update(actor=coordinator, event=event, title_en="Renamed forum")
    assert "Renamed forum" in client.get(listing).content.decode()
    services.event_update(actor=coordinator, event=event, status="draft")
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404
    assert "Renamed forum" not in client.get(listing).content.decode()


def test_closed_registration_is_shown_at_once(client) -> None:  # noqa: ANN001
    event = EventFactory()
    url = reverse("events:register", args=[event.pk])
    assert "Registration for this event is closed." not in client.get(url).content.decode()
    import datetime as dt

    from django.utils import timezone

    past = timezone.now() - dt.timedelta(minutes=1)
    # Time passing (not a change anyone saves) closes it: the state read on each visit sees it.
    type(event).objects.filter(pk=event.pk).update(
        registration_opens_at=past - dt.timedelta(days=1), registration_closes_at=past
    )
    assert "Registration for this event is closed." in client.get(url).content.decode()


def test_languages_signed_in_people_and_messages_get_their_own_page(client) -> None:  # noqa: ANN001
    event = EventFactory(title_pl="Forum PL", title_en="Forum EN")
    url = reverse("events:detail", args=[event.pk])
    assert "Forum EN" in client.get(url).content.decode()
    assert "Forum PL" in client.get(url, headers={"accept-language": "pl"}).content.decode()
    client.force_login(UserFactory(full_name="Zofia Nowak"))
    assert "Zofia" in client.get(url).content.decode()
    client.logout()
    assert "Zofia" not in client.get(url).content.decode()
    # A message waiting for the visitor is shown on the page, not lost to a kept copy.
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    storage = CookieStorage(RequestFactory().get("/"))
    response = client.get(url)
    storage.add(20, "Welcome back")
    storage.update(response)
    client.cookies.update(response.cookies)
    assert "Welcome back" in client.get(url).content.decode()


def test_the_store_is_bounded_and_expires() -> None:
    assert pagecache.pages._max_entries == pagecache.MAX_ENTRIES
    assert pagecache.pages.default_timeout == pagecache.TIMEOUT


@pytest.mark.parametrize("name", ["list", "detail", "programme", "register"])
def test_participants_pages_take_the_same_queries_with_few_and_many_rows(
    client,  # noqa: ANN001
    name: str,
) -> None:
    person = UserFactory(email="ala@example.org")
    event = EventFactory()
    RegistrationFactory(event=event, email=person.email)
    PastEventFactory()
    _grow(event, 1)
    client.force_login(person)
    url = {
        "list": reverse("events:list"),
        "detail": reverse("events:detail", args=[event.pk]),
        "programme": reverse("events:programme", args=[event.pk]),
        "register": reverse("events:register", args=[event.pk]),
    }[name]
    cache.clear()
    few_cold, page = _count(client, url)
    few_kept, _page = _count(client, url)
    if name == "list":
        assert "Your event registrations" in page  # their own part is theirs, never kept
    _grow(event, 25)
    PastEventFactory()
    EventFactory()
    cache.clear()
    many_cold, _page = _count(client, url)
    many_kept, _page = _count(client, url)
    assert few_cold == many_cold <= 20
    assert few_kept == many_kept <= few_cold


def test_agenda_rows_show_local_times_and_kinds_in_the_reader_language(client) -> None:  # noqa: ANN001
    import datetime as dt
    from zoneinfo import ZoneInfo

    warsaw = ZoneInfo("Europe/Warsaw")
    starts = dt.datetime(2031, 6, 3, 9, 0, tzinfo=warsaw)
    event = EventFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=8))
    AgendaItemFactory(
        event=event,
        kind="lecture",
        starts_at=starts.astimezone(dt.UTC),
        ends_at=(starts + dt.timedelta(minutes=45)).astimezone(dt.UTC),
    )
    for url in (
        reverse("events:detail", args=[event.pk]),
        reverse("events:programme", args=[event.pk]),
    ):
        english = client.get(url).content.decode()
        polish = client.get(url, headers={"accept-language": "pl"}).content.decode()
        assert "09:00–09:45" in english and ">Lecture<" in english
        assert "09:00–09:45" in polish and ">Wykład<" in polish
        assert "09:00–17:00" in english  # when the event takes place (one day)


def test_a_page_that_changed_while_rendering_is_not_kept(client, monkeypatch) -> None:  # noqa: ANN001
    from sib.events import selectors

    event = EventFactory(capacity=5)
    url = reverse("events:detail", args=[event.pk])
    event_get = selectors.event_get
    late = []

    def registration_lands_meanwhile(**kwargs):  # noqa: ANN003, ANN202
        late.append(RegistrationFactory(event=event))
        return event_get(**kwargs)

    monkeypatch.setattr(selectors, "event_get", registration_lands_meanwhile)
    assert "4 seats left" in client.get(url).content.decode()
    monkeypatch.setattr(selectors, "event_get", event_get)
    late[0].delete()  # back to the state read before that rendering: 5 seats left
    assert "5 seats left" in client.get(url).content.decode()
