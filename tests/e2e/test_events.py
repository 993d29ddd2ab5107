"""Events in the browser: register on a phone and get the ticket by e-mail, check people in by
name at the door, and every events page axe-clean in both languages at both widths."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from sib.events import services
from sib.events.models import EventRole, ItemKind, QuestionKind, Registration
from tests.e2e.conftest import PHONE, assert_accessible, login, screenshot
from tests.events.factories import (
    EventFactory,
    EventStaffFactory,
    PastEventFactory,
    RegistrationFactory,
    SpeakerFactory,
    ensure_consent,
)
from tests.factories import PASSWORD, CoordinatorFactory, GroupFactory, UserFactory


def _conference():  # noqa: ANN202
    ensure_consent()
    coordinator = CoordinatorFactory(
        email="koordynatorka@example.org", full_name="Kasia Koordynator"
    )
    event = EventFactory(
        title_pl="Forum Brokerów",
        title_en="Brokers' Forum",
        capacity=2,
        summary_pl="Dzień wykładów i warsztatów.",
        summary_en="A day of talks and workshops.",
    )
    EventStaffFactory(event=event, user=coordinator, role=EventRole.ORGANISER)
    services.question_save(
        actor=coordinator,
        event=event,
        kind=QuestionKind.CHOICE,
        label_pl="Dieta",
        label_en="Diet",
        choices_pl="Bez ograniczeń\nWegetariańska",
        choices_en="No restrictions\nVegetarian",
        required=True,
    )
    room = services.room_save(actor=coordinator, event=event, name_pl="Sala A", name_en="Room A")
    speaker = SpeakerFactory(full_name="Ingrid Solberg", affiliation="ECWT Oslo")
    for offset, kind in enumerate([ItemKind.LECTURE, ItemKind.PANEL, ItemKind.WORKSHOP]):
        services.agenda_item_save(
            actor=coordinator,
            event=event,
            kind=kind,
            title_pl=f"Punkt {offset}",
            title_en=f"Item {offset}",
            starts_at=event.starts_at + dt.timedelta(hours=offset),
            ends_at=event.starts_at + dt.timedelta(hours=offset, minutes=45),
            room=room,
            capacity=10 if kind == ItemKind.WORKSHOP else None,
            speakers=[speaker],
        )
    return coordinator, event


def test_register_on_a_phone_and_receive_the_ticket(page) -> None:  # noqa: ANN001
    _coordinator, event = _conference()
    page.set_viewport_size(PHONE)
    page.goto(f"/events/{event.pk}/")
    assert_accessible(page, "event page on a phone")
    screenshot(page, "events/event.en.phone")
    page.get_by_role("link", name="Register", exact=True).click()
    page.get_by_label("Full name").fill("Zofia Nowak")
    page.get_by_label("E-mail address").fill("zofia@example.org")
    page.get_by_label("Language of messages").select_option("pl")
    page.get_by_label("Vegetarian").check()
    page.get_by_label("I agree to the processing of my data").check()
    assert_accessible(page, "registration form on a phone")
    screenshot(page, "events/register.en.phone")
    page.get_by_role("button", name="Register").click()
    # The page only says a message is on its way: it names no ticket to whoever typed the address.
    page.wait_for_url(re.compile(r"/register/sent/"))
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    assert_accessible(page, "registration sent")
    screenshot(page, "events/register-sent.en.phone")
    registration = Registration.objects.get(email="zofia@example.org")
    assert registration.status == "held"
    (request,) = [m for m in mail.outbox if m.to == ["zofia@example.org"]]
    assert request.subject.endswith("Potwierdź rejestrację: Forum Brokerów")
    link = re.search(r"http://\S+/events/tickets/\S+/", request.body).group(0)
    mail.outbox.clear()
    page.goto("/events/" + link.split("/events/", 1)[1])  # the live server, not SIB_BASE_URL
    assert_accessible(page, "ticket awaiting confirmation")
    screenshot(page, "events/ticket-confirm.en.phone")
    page.get_by_role("button", name="Confirm my registration").click()
    expect(page.get_by_text("your registration is confirmed")).to_be_visible()
    expect(page.locator(".ticket svg.qr")).to_be_visible()
    assert_accessible(page, "ticket page")
    screenshot(page, "events/ticket.en.phone")

    registration.refresh_from_db()
    assert registration.status == "confirmed"
    message = next(m for m in mail.outbox if m.to == ["zofia@example.org"])
    assert message.subject.endswith("Twój bilet: Forum Brokerów")  # the registrant chose Polish
    assert registration.code in message.body
    assert {
        a.get_content_type() for a in message.attachments if hasattr(a, "get_content_type")
    } == {"image/png"}
    assert link in message.body
    page.goto("/events/" + link.split("/events/", 1)[1])
    assert page.locator(".ticket__code").inner_text() == registration.code
    page.get_by_role("button", name=re.compile("^Book a place")).click()
    expect(page.get_by_text("Your place in “Item 2” is booked.")).to_be_visible()
    page.get_by_role("link", name="Cancel my registration").click()
    assert_accessible(page, "cancel confirmation")
    page.get_by_role("button", name="Yes, cancel the registration").click()
    expect(page.get_by_text("Your registration is cancelled.").first).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_staff_check_people_in_by_name_on_a_phone(page) -> None:  # noqa: ANN001
    _coordinator, event = _conference()
    door = UserFactory(email="door@example.org", full_name="Piotr Bramka")
    EventStaffFactory(event=event, user=door, role=EventRole.CHECK_IN)
    RegistrationFactory(event=event, full_name="Halina Kowalczyk")
    RegistrationFactory(event=event, full_name="Jan Kowalski")
    page.set_viewport_size(PHONE)
    login(page, "door@example.org", PASSWORD)
    page.goto(f"/events/{event.pk}/check-in/")
    # The local scanner script ran under the page's CSP and offers the camera.
    expect(page.get_by_role("button", name="Scan with the camera")).to_be_visible()
    assert_accessible(page, "check-in page")
    page.get_by_label("Name, e-mail or ticket code").fill("Kowalcz")
    card = page.locator(".person-card", has_text="Halina Kowalczyk")
    card.get_by_role("button", name=re.compile("^Check in")).click()
    expect(card.get_by_text("Checked in now.")).to_be_visible()
    assert page.locator(".person-card", has_text="Jan Kowalski").count() == 0
    assert_accessible(page, "check-in result")
    screenshot(page, "events/checkin.en.phone")
    # A second device checking the same person in is told it was already done.
    page.reload()
    page.get_by_label("Name, e-mail or ticket code").fill("Halina")
    card = page.locator(".person-card", has_text="Halina Kowalczyk")
    expect(card.get_by_text("Checked in at")).to_be_visible()
    assert Registration.objects.get(full_name="Halina Kowalczyk").checked_in_by == door


def _pages(event, registration, group_token, item, speaker) -> dict[str, list[str]]:  # noqa: ANN001
    return {
        "anonymous": [
            "/events/",
            f"/events/{event.pk}/",
            f"/events/{event.pk}/register/",
            f"/events/{event.pk}/register/?group=1",
            f"/events/{event.pk}/programme/",
            f"/events/tickets/{registration.token}/",
            f"/events/tickets/{registration.token}/cancel/",
            f"/events/groups/{group_token}/",
        ],
        "coordinator": [
            "/",
            "/events/desk/",
            "/events/overview/",
            "/events/new/",
            "/events/speakers/",
            f"/events/speakers/{speaker.pk}/edit/",
            f"/events/{event.pk}/manage/",
            f"/events/{event.pk}/edit/",
            f"/events/{event.pk}/agenda/new/",
            f"/events/{event.pk}/questions/new/",
            f"/events/{event.pk}/presentations/new/",
            f"/events/{event.pk}/registrations/",
            f"/events/{event.pk}/stats/",
            f"/events/{event.pk}/feedback/",
            f"/events/{event.pk}/check-in/?q=Participant",
            f"/events/{event.pk}/check-in/{registration.code}/",
            f"/events/{event.pk}/agenda/{item.pk}/attendance/",
        ],
    }


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_events_page_is_accessible(page, language: str) -> None:  # noqa: ANN001
    coordinator, event = _conference()
    item = event.agenda.get(kind=ItemKind.WORKSHOP)
    registration = RegistrationFactory(event=event, gender="woman", region="malopolskie")
    services.registration_check_in(actor=coordinator, registration=registration)
    services.session_check_in(actor=coordinator, item=item, registration=registration)
    group = services.registration_create(
        actor=coordinator,
        event=event,
        attendees=[services.Attendee("Uczeń Pierwszy"), services.Attendee("Uczeń Drugi")],
        language="pl",
        consent_given=True,
        consent_version=ensure_consent(),
        contact_name="Nauczycielka",
        contact_email="szkola@example.org",
        answers={str(event.questions.get().pk): 0},
        notify=False,
    ).group
    showcase = PastEventFactory(kind="international_showcase", title_en="Oslo Innovation Week")
    services.presentation_save(
        actor=coordinator,
        event=showcase,
        project_title_pl="Zdrowe śniadanie",
        project_title_en="Healthy snacks",
        team=GroupFactory(name="Team 1"),
    )
    speaker = event.agenda.first().speakers.first()
    pages = _pages(event, registration, group.token, item, speaker)
    pages["anonymous"].append(f"/events/{showcase.pk}/")
    for role in ("anonymous", "coordinator"):
        page.context.clear_cookies()
        if role == "coordinator":
            login(page, coordinator.email, PASSWORD)
        page.goto("/events/")
        page.locator(f"form.language-switcher button[value={language}]").click()
        page.wait_for_load_state()
        for path in pages[role]:
            response = page.goto(path)
            assert response.status == 200, path
            assert page.locator("html").get_attribute("lang") == language
            name = re.sub(r"[^a-z0-9]+", "-", f"{role}{path}".lower()).strip("-")
            for size, label in ((None, "desktop"), (PHONE, "phone")):
                if size:
                    page.set_viewport_size(size)
                assert_accessible(page, f"{path} ({language}, {label})")
                screenshot(page, f"events/pages/{name}.{language}.{label}")
            page.set_viewport_size({"width": 1280, "height": 900})


def test_registration_closes_when_the_window_ends(page) -> None:  # noqa: ANN001
    ensure_consent()
    event = EventFactory(registration_closes_at=timezone.now() - dt.timedelta(seconds=1))
    page.goto(f"/events/{event.pk}/register/")
    expect(page.get_by_text("Registration for this event is closed.")).to_be_visible()
    assert_accessible(page, "closed registration")
