"""Pages: who may open what, the registration form, ticket links, exports, documents, queries."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sib.core import pagecache
from sib.events import services
from sib.events.models import EventRole, ItemKind, Registration, RegistrationGroup
from tests.events.factories import (
    AgendaItemFactory,
    EventFactory,
    EventStaffFactory,
    PastEventFactory,
    RegistrationFactory,
    SpeakerFactory,
)
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:  # noqa: ANN001
    # Count the work of a cold page (the public page caches its programme, and whole pages for
    # anonymous visitors).
    cache.clear()
    pagecache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def staff_urls(event, registration, item) -> list[str]:  # noqa: ANN001
    return [
        reverse("events:manage", args=[event.pk]),
        reverse("events:edit", args=[event.pk]),
        reverse("events:registrations", args=[event.pk]),
        reverse("events:registrations", args=[event.pk]) + "?format=csv",
        reverse("events:badges", args=[event.pk]),
        reverse("events:stats", args=[event.pk]),
        reverse("events:item-create", args=[event.pk]),
        reverse("events:item-edit", args=[event.pk, item.pk]),
        reverse("events:question-create", args=[event.pk]),
        reverse("events:presentation-create", args=[event.pk]),
        reverse("events:room-create", args=[event.pk]),
    ]


def door_urls(event, registration, item) -> list[str]:  # noqa: ANN001
    return [
        reverse("events:checkin", args=[event.pk]),
        reverse("events:checkin-code", args=[event.pk, registration.code]),
        reverse("events:item-attendance", args=[event.pk, item.pk]),
    ]


@pytest.fixture
def setting():  # noqa: ANN201
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    item = AgendaItemFactory(event=event, kind=ItemKind.WORKSHOP)
    return event, registration, item


class TestPermissions:
    def test_another_organiser_and_participants_are_refused(self, client, setting) -> None:  # noqa: ANN001
        event, registration, item = setting
        other_organiser = EventStaffFactory(role=EventRole.ORGANISER).user
        participant = UserFactory(email=registration.email)
        for person in (other_organiser, participant):
            client.force_login(person)
            for url in staff_urls(*setting) + door_urls(*setting):
                assert client.get(url).status_code == 403, (person, url)
            response = client.post(reverse("events:checkin-do", args=[event.pk, registration.pk]))
            assert response.status_code == 403
        registration.refresh_from_db()
        assert registration.checked_in_at is None

    def test_drafts_do_not_exist_for_outsiders(self, client) -> None:  # noqa: ANN001
        event = EventFactory(status="draft")
        registration = RegistrationFactory(event=event)
        item = AgendaItemFactory(event=event, kind=ItemKind.WORKSHOP)
        client.force_login(EventStaffFactory(role=EventRole.ORGANISER).user)
        for url in [
            reverse("events:detail", args=[event.pk]),
            reverse("events:register", args=[event.pk]),
            *staff_urls(event, registration, item),
        ]:
            assert client.get(url).status_code == 404, url
        client.logout()
        assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404

    def test_check_in_staff_use_the_door_only(self, client, setting) -> None:  # noqa: ANN001
        event, registration, item = setting
        client.force_login(EventStaffFactory(event=event, role=EventRole.CHECK_IN).user)
        for url in door_urls(*setting):
            assert client.get(url).status_code == 200, url
        for url in staff_urls(*setting):
            assert client.get(url).status_code == 403, url

    def test_organiser_runs_their_event(self, client, setting) -> None:  # noqa: ANN001
        event, registration, item = setting
        client.force_login(EventStaffFactory(event=event, role=EventRole.ORGANISER).user)
        for url in staff_urls(*setting) + door_urls(*setting):
            assert client.get(url).status_code == 200, url
        assert client.get(reverse("events:create")).status_code == 403
        assert client.get(reverse("events:overview")).status_code == 403

    def test_anonymous_is_sent_to_login(self, client, setting) -> None:  # noqa: ANN001
        for url in staff_urls(*setting) + door_urls(*setting) + [reverse("events:desk")]:
            response = client.get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_ticket_tokens_are_the_only_key(self, client, setting) -> None:  # noqa: ANN001
        event, registration, _item = setting
        assert client.get(reverse("events:ticket", args=["not-a-token"])).status_code == 404
        assert client.get(reverse("events:group", args=[registration.token])).status_code == 404
        response = client.get(reverse("events:ticket", args=[registration.token]))
        assert response.status_code == 200 and registration.code in response.content.decode()
        assert response["X-Robots-Tag"] == "noindex"


class TestRegistrationPages:
    def test_form_keeps_what_was_typed_and_names_the_problems(self, client) -> None:  # noqa: ANN001
        event = EventFactory()
        response = client.post(
            reverse("events:register", args=[event.pk]),
            {"full_name": "Ala Kowalska", "email": "not-an-address", "language": "pl"},
        )
        page = response.content.decode()
        assert response.status_code == 200 and 'value="Ala Kowalska"' in page
        assert "errorlist" in page and not Registration.objects.exists()

    def test_register_confirm_from_the_link_then_cancel_promotes_the_next(
        self, client, django_capture_on_commit_callbacks
    ) -> None:  # noqa: ANN001
        event = EventFactory(capacity=1)
        version = services.consent_text_current().version
        for name in ("Ala Kowalska", "Ola Nowak"):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(
                    reverse("events:register", args=[event.pk]),
                    {
                        "full_name": name,
                        "email": f"{name.split()[0].lower()}@example.org",
                        "language": "en",
                        "consent": "on",
                        "consent_version": version,
                    },
                )
            # The answer names no ticket: it only says a message is on its way.
            assert response.status_code == 302
            assert response["Location"] == reverse("events:register-sent", args=[event.pk])
        sent = client.get(response["Location"]).content.decode()
        assert "Check your inbox" in sent and "within 30 minutes" in sent
        first, second = Registration.objects.filter(event=event).order_by("created_at", "pk")
        assert (first.status, second.status) == ("held", "waitlisted")
        links = {m.to[0]: m.body for m in mail.outbox}
        assert first.token in links["ala@example.org"]
        ticket = reverse("events:ticket", args=[first.token])
        page = client.get(ticket).content.decode()  # what a mail scanner does
        assert "Confirm my registration" in page
        first.refresh_from_db()
        assert first.status == "held"
        for registration in (first, second):
            with django_capture_on_commit_callbacks(execute=True):
                client.post(
                    reverse("events:ticket", args=[registration.token]), {"action": "confirm"}
                )
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.status, second.status) == ("confirmed", "waitlisted")
        assert second.email_confirmed_at is not None
        cancel = reverse("events:ticket-cancel", args=[first.token])
        assert client.get(cancel).status_code == 200  # a confirmation page: GET changes nothing
        first.refresh_from_db()
        assert first.status == "confirmed"
        assert client.post(cancel).status_code == 302
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.status, second.status) == ("cancelled", "confirmed")

    def test_the_answer_is_the_same_for_an_address_already_registered(self, client) -> None:  # noqa: ANN001
        event = EventFactory()
        RegistrationFactory(event=event, email="taken@example.org")
        version = services.consent_text_current().version
        answers = []
        for email in ("taken@example.org", "fresh@example.org"):
            response = client.post(
                reverse("events:register", args=[event.pk]),
                {
                    "full_name": "Someone",
                    "email": email,
                    "language": "en",
                    "consent": "on",
                    "consent_version": version,
                },
            )
            answers.append((response.status_code, response["Location"]))
        assert answers[0] == answers[1]

    def test_registrations_are_limited_per_client(self, client, settings) -> None:  # noqa: ANN001
        settings.SIB_RATE_LIMITS = {**settings.SIB_RATE_LIMITS, "event_register": "2/h/ip"}
        event = EventFactory()
        version = services.consent_text_current().version

        def attempt(n: int) -> object:
            return client.post(
                reverse("events:register", args=[event.pk]),
                {
                    "full_name": f"Made Up {n}",
                    "email": f"made-up-{n}@example.org",
                    "language": "en",
                    "consent": "on",
                    "consent_version": version,
                },
            )

        assert [attempt(n).status_code for n in range(2)] == [302, 302]
        refused = attempt(3)
        assert refused.status_code == 429
        page = refused.content.decode()
        assert "Too many registrations" in page and "Made Up 3" in page  # nothing typed is lost
        assert Registration.objects.filter(event=event).count() == 2

    def test_group_form_lists_every_line_problem(self, client) -> None:  # noqa: ANN001
        event = EventFactory()
        response = client.post(
            reverse("events:register", args=[event.pk]) + "?group=1",
            {
                "mode": "group",
                "full_name": "Nauczycielka",
                "email": "szkola@example.org",
                "language": "pl",
                "members": "Jan Kowal, jan@example.org\n, x@example.org\nEwa Lis, zly-adres",
                "consent": "on",
                "consent_version": services.consent_text_current().version,
            },
        )
        page = response.content.decode()
        assert "Line 2" in page and "Line 3" in page and not Registration.objects.exists()

    def test_group_registration_opens_the_group_page(self, client) -> None:  # noqa: ANN001
        event = EventFactory(capacity=2)
        response = client.post(
            reverse("events:register", args=[event.pk]) + "?group=1",
            {
                "mode": "group",
                "full_name": "Nauczycielka",
                "email": "szkola@example.org",
                "language": "en",
                "members": "Jan Kowal\nEwa Lis, ewa@example.org\nOla Wrona",
                "consent": "on",
                "consent_version": services.consent_text_current().version,
            },
        )
        assert response["Location"] == reverse("events:register-sent", args=[event.pk])
        group = RegistrationGroup.objects.get()
        page = client.get(reverse("events:group", args=[group.token])).content.decode()
        assert "Jan Kowal" in page and "Waiting list" in page and "Awaiting confirmation" in page
        assert 'name="action" value="confirm"' in page
        client.post(reverse("events:group", args=[group.token]), {"action": "confirm"})
        page = client.get(reverse("events:group", args=[group.token])).content.decode()
        assert "Awaiting confirmation" not in page and "Confirmed" in page

    def test_workshop_booking_from_the_ticket_page(self, client) -> None:  # noqa: ANN001
        registration = RegistrationFactory()
        item = AgendaItemFactory(event=registration.event, kind=ItemKind.WORKSHOP, capacity=3)
        url = reverse("events:ticket-workshop", args=[registration.token, item.pk])
        assert client.post(url).status_code == 302
        assert item.bookings.filter(registration=registration).exists()
        client.post(url, {"action": "unbook"})
        assert not item.bookings.exists()


class TestCheckInPages:
    def test_search_then_check_in_with_htmx_from_two_devices(self, client, setting) -> None:  # noqa: ANN001
        event, registration, _item = setting
        client.force_login(EventStaffFactory(event=event, role=EventRole.CHECK_IN).user)
        found = client.get(
            reverse("events:checkin", args=[event.pk]),
            {"q": registration.full_name.split()[1]},
            HTTP_HX_REQUEST="true",
        )
        assert registration.full_name in found.content.decode()
        url = reverse("events:checkin-do", args=[event.pk, registration.pk])
        first = client.post(url, HTTP_HX_REQUEST="true").content.decode()
        second = client.post(url, HTTP_HX_REQUEST="true").content.decode()
        assert "Checked in now" in first and "Already checked in" in second

    def test_scanned_photo_finds_the_ticket(self, client, setting) -> None:  # noqa: ANN001
        from django.core.files.uploadedfile import SimpleUploadedFile

        from sib.core.qr import qr_png
        from sib.events.emails import ticket_qr_payload

        event, registration, _item = setting
        client.force_login(CoordinatorFactory())
        photo = SimpleUploadedFile("ticket.png", qr_png(ticket_qr_payload(registration)))
        response = client.post(reverse("events:checkin-scan", args=[event.pk]), {"image": photo})
        assert response["Location"].endswith(f"/check-in/{registration.code}/")
        other = RegistrationFactory()
        response = client.post(
            reverse("events:checkin-scan", args=[event.pk]),
            {"code": other.code},
            HTTP_HX_REQUEST="true",
        )
        assert "Unknown ticket" in response.content.decode()


def test_public_page_shows_agenda_changes_at_once(client, settings) -> None:  # noqa: ANN001
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    event = EventFactory()
    coordinator = CoordinatorFactory()
    url = reverse("events:detail", args=[event.pk])
    assert "Smog and energy" not in client.get(url).content.decode()
    item = services.agenda_item_save(
        actor=coordinator,
        event=event,
        kind="lecture",
        title_pl="Smog",
        title_en="Smog and energy",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
    )
    assert "Smog and energy" in client.get(url).content.decode()
    speaker = SpeakerFactory(full_name="Nowa Prelegentka")
    services.agenda_item_save(actor=coordinator, event=event, item=item, speakers=[speaker])
    services.speaker_save(actor=coordinator, speaker=speaker, full_name="Renamed Speaker")
    assert "Renamed Speaker" in client.get(url).content.decode()
    client.force_login(UserFactory())  # signed in: the page is rendered, its programme kept
    client.get(url)
    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    assert len(cached) < len(cold)


class TestDocuments:
    def test_exports_are_formula_safe(self, client) -> None:  # noqa: ANN001
        event = EventFactory()
        RegistrationFactory(event=event, full_name="=HYPERLINK(1)", organisation_name="+SUM(A1)")
        client.force_login(CoordinatorFactory())
        url = reverse("events:registrations", args=[event.pk])
        rows = list(
            csv.reader(io.StringIO(client.get(url + "?format=csv").content.decode("utf-8-sig")))
        )
        assert rows[1][1] == "'=HYPERLINK(1)" and rows[1][3] == "'+SUM(A1)"
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
        sheet = workbook.active
        assert sheet["B2"].value == "'=HYPERLINK(1)" and sheet["B2"].data_type == "s"

    def test_programme_and_badges_are_pdfs_with_the_names(self, client) -> None:  # noqa: ANN001
        event = EventFactory(title_en="Brokers' Forum")
        RegistrationFactory(event=event, full_name="Zażółć Gęślą")
        speaker = SpeakerFactory(full_name="Łucja Żak")
        item = AgendaItemFactory(event=event)
        services.agenda_item_save(
            actor=CoordinatorFactory(), event=event, item=item, speakers=[speaker]
        )
        client.force_login(CoordinatorFactory())
        programme = client.get(reverse("events:programme", args=[event.pk]) + "?format=pdf")
        badges = client.get(reverse("events:badges", args=[event.pk]))
        for response, text in ((programme, "Łucja Żak"), (badges, "Zażółć Gęślą")):
            assert response["Content-Type"] == "application/pdf"
            assert text in _pdf_text(response.content)

    def test_calendar_feeds_parse(self, client) -> None:  # noqa: ANN001
        from icalendar import Calendar

        event = EventFactory(title_en="Forum")
        AgendaItemFactory(event=event, title_en="Opening lecture")
        EventFactory(status="draft", title_en="Secret")
        one = Calendar.from_ical(client.get(reverse("events:ics", args=[event.pk])).content)
        summaries = [str(c["SUMMARY"]) for c in one.walk("VEVENT")]
        assert summaries[0] == "Forum" and "Opening lecture (Lecture)" in summaries
        feed = Calendar.from_ical(client.get(reverse("events:calendar-feed")).content)
        assert [str(c["SUMMARY"]) for c in feed.walk("VEVENT")] == ["Forum"]


def _pdf_text(content: bytes) -> str:
    import subprocess

    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()


class TestQueryCounts:
    def _grow(self, event, n: int) -> None:  # noqa: ANN001
        for _ in range(n):
            registration = RegistrationFactory(event=event)
            item = AgendaItemFactory(event=event, kind=ItemKind.WORKSHOP, capacity=5)
            item.speakers.add(SpeakerFactory(), through_defaults={"position": 0})
            services.workshop_book(actor=CoordinatorFactory(), registration=registration, item=item)

    @pytest.mark.parametrize(
        "name",
        [
            "list",
            "detail",
            "programme",
            "register",
            "registrations",
            "desk",
            "stats",
            "checkin-search",
            "api-list",
            "api-detail",
            "speakers",
            "overview",
        ],
    )
    def test_pages_take_the_same_queries_with_few_and_many_rows(
        self, client, settings, name: str
    ) -> None:  # noqa: ANN001
        # Charts are cached by their data; a memory cache keeps cache reads out of the count.
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        coordinator = CoordinatorFactory()
        event = EventFactory()
        EventStaffFactory(event=event, user=coordinator)
        PastEventFactory()
        self._grow(event, 1)
        client.force_login(coordinator)
        url = {
            "list": reverse("events:list"),
            "detail": reverse("events:detail", args=[event.pk]),
            "programme": reverse("events:programme", args=[event.pk]),
            "register": reverse("events:register", args=[event.pk]),
            "registrations": reverse("events:registrations", args=[event.pk]),
            "desk": reverse("events:desk"),
            "stats": reverse("events:stats", args=[event.pk]),
            "checkin-search": reverse("events:checkin", args=[event.pk]) + "?q=Participant",
            "api-list": "/api/v1/events",
            "api-detail": f"/api/v1/events/{event.pk}",
            "speakers": reverse("events:speakers"),
            "overview": reverse("events:overview"),
        }[name]
        few = queries(client, url)
        self._grow(event, 25)
        PastEventFactory()
        EventFactory()
        assert queries(client, url) == few
        assert few <= 20


def test_signed_in_people_see_their_registrations_on_the_events_page(client) -> None:  # noqa: ANN001
    person = UserFactory(email="ala@example.org")
    registration = RegistrationFactory(
        email="ala@example.org", event=EventFactory(title_en="Forum")
    )
    client.force_login(person)
    page = client.get(reverse("events:list")).content.decode()
    assert reverse("events:ticket", args=[registration.token]) in page


def test_organisers_and_door_staff_find_their_events_on_the_events_page(client) -> None:  # noqa: ANN001
    event = EventFactory(title_en="Door Forum")
    door = EventStaffFactory(event=event, role=EventRole.CHECK_IN).user
    client.force_login(door)
    page = client.get(reverse("events:list")).content.decode()
    assert "Events you run" in page and reverse("events:checkin", args=[event.pk]) in page
    client.force_login(UserFactory())
    assert "Events you run" not in client.get(reverse("events:list")).content.decode()
