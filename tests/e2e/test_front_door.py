"""Journeys of issue 12: an anonymous visitor goes from the home page to a submitted application
without typing an address (the confirmation link arrives by e-mail, as it would), and a
coordinator builds a programme with modules and a completion rule, then opens an edition of it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from sib.academy.models import Application, EditionStatus, Module, Programme
from tests.academy.factories import ApplicationCallFactory
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, login, screenshot
from tests.events.factories import EventFactory
from tests.factories import PASSWORD, CoordinatorFactory, EditionFactory


def test_visitor_finds_the_call_on_the_home_page_and_applies(page, live_server) -> None:  # noqa: ANN001
    edition = EditionFactory(
        status=EditionStatus.RECRUITING, title_pl="Brokerzy Nowy Sącz 2027", title_en="Brokers 2027"
    )
    ApplicationCallFactory(edition=edition)
    EventFactory(title_en="Innovation fair", title_pl="Targi innowacji")

    page.goto("/")
    door = page.get_by_role("region", name="Open calls for applications")
    expect(door).to_contain_text("applications close")
    expect(page.get_by_role("region", name="Upcoming events")).to_contain_text("Innovation fair")
    expect(page.get_by_role("region", name="Check a credential")).to_be_visible()
    assert_accessible(page, "front door")
    door.get_by_role("link", name="Brokers 2027").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brokers 2027")
    page.get_by_role("link", name="Apply now").click()
    page.get_by_label("Full name").fill("Jan Kowalski")
    page.get_by_label("Why do you want to take part?").fill("To link my village with the town.")
    page.get_by_label("Your experience so far").fill("Ten years in a rural NGO.")
    page.get_by_label("I agree to the text above.").check()
    page.get_by_label("E-mail address").fill("jan@example.org")
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("One step left: confirm your e-mail address.")).to_be_visible()

    # The confirmation link is opened from the message, as from a mail client.
    (message,) = [m for m in mail.outbox if m.to == ["jan@example.org"]]
    link = re.search(r"http://\S+/apply/confirm/\S+/", message.body).group(0)
    page.goto("/academy/" + link.split("/academy/", 1)[1])
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_text("your application counts now")).to_be_visible()
    application = Application.objects.get(email="jan@example.org", edition=edition)
    assert application.submitted_at is not None and application.email_confirmed_at is not None

    # The programmes page leads to the same call.
    page.goto("/")
    page.get_by_role("link", name="See the programmes").click()
    expect(page.get_by_role("link", name="Apply to Brokers 2027")).to_be_visible()


def test_coordinator_builds_a_programme_and_opens_an_edition(page) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory(email="coordinator@example.org")
    login(page, coordinator.email, PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Catalogue").click()
    assert_accessible(page, "catalogue")
    page.get_by_role("link", name="New programme").click()
    page.get_by_label("Code").fill("community-brokers")
    page.get_by_label("Kind").select_option("full")
    page.get_by_label("Title (Polish)").fill("Brokerzy społeczności")
    page.get_by_label("Title (English)").fill("Community brokers")
    page.get_by_label("Hours attended overall, at least").fill("40")
    page.get_by_label("Mentoring hours, at least").fill("10")
    page.get_by_label("Final project pass mark (%)").fill("65")
    assert_accessible(page, "new programme")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The programme was saved.")).to_be_visible()

    for code, title, lecture, mentoring in (
        ("M1", "Diagnosis", "12", "6"),
        ("M2", "Pilot", "20", "6"),
    ):
        page.get_by_role("link", name="Add a module").click()
        page.get_by_label("Code").fill(code)
        page.get_by_label("Title (Polish)").fill(f"{title} PL")
        page.get_by_label("Title (English)").fill(title)
        page.get_by_label("Lecture hours").fill(lecture)
        page.get_by_label("Mentoring hours").fill(mentoring)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("The module was saved.")).to_be_visible()
    expect(page.get_by_role("link", name="Pilot")).to_be_visible()
    assert_accessible(page, "programme with modules")

    page.get_by_role("link", name="Open an edition").first.click()
    expect(page.get_by_label("Programme")).to_have_value(
        str(Programme.objects.get(code="community-brokers").pk)
    )
    page.get_by_label("Code").fill("community-2027")
    page.get_by_label("Title (Polish)").fill("Edycja 2027")
    page.get_by_label("Starts on").fill("2027-03-01")
    page.get_by_label("Ends on").fill("2027-06-30")
    page.get_by_label("Capacity").fill("25")
    page.get_by_label("Target number of participants").fill("20")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The edition was saved.")).to_be_visible()

    programme = Programme.objects.get(code="community-brokers")
    assert programme.min_total_minutes == 40 * 60 and programme.min_mentoring_minutes == 600
    assert list(Module.objects.filter(programme=programme).values_list("code", flat=True)) == [
        "M1",
        "M2",
    ]
    assert programme.editions.get().code == "community-2027"
    # The public page shows the rule and the modules.
    page.goto(f"/academy/programmes/{programme.pk}/")
    expect(page.get_by_text("at least 40 hours attended overall")).to_be_visible()
    page.set_viewport_size(PHONE)
    screenshot(page, "academy/programme-built.en.phone")


def _scroll_width(page) -> int:  # noqa: ANN001
    return page.evaluate("document.documentElement.scrollWidth")


def _overflowing(page) -> list[str]:  # noqa: ANN001
    """What sticks out to the right of the viewport (for the failure message)."""
    return page.evaluate(
        """Array.from(document.querySelectorAll('body *'))
          .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
          .slice(0, 8)
          .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 40))"""
    )


@pytest.mark.parametrize("language", ["pl", "en"])
def test_new_pages_are_accessible_and_fit_a_phone(page, live_server, language: str) -> None:  # noqa: ANN001
    from sib.academy.models import Competence, LearningOutcome
    from sib.surveys.models import Instrument, Item
    from tests.factories import ModuleFactory, OrganisationFactory, UserFactory

    module = ModuleFactory()
    outcome = LearningOutcome.objects.create(
        module=module, position=1, text_pl="Umie", text_en="Can"
    )
    competence, _ = Competence.objects.get_or_create(
        code="C1", defaults={"name_pl": "Diagnoza", "name_en": "Diagnosis"}
    )
    template = Instrument.objects.create(
        code="tpl", title_pl="Szablon", title_en="Template", is_template=True, kind="evaluation"
    )
    item = Item.objects.create(instrument=template, code="Q1", kind="agreement", text_pl="Pyt")
    ApplicationCallFactory(edition=EditionFactory(programme=module.programme))
    EventFactory()
    organisation = OrganisationFactory()
    partner = UserFactory(partner_for=organisation, organisation=organisation)
    coordinator = CoordinatorFactory()
    pages = {
        None: [
            "/",
            "/academy/programmes/",
            f"/academy/programmes/{module.programme_id}/",
            "/credentials/check/",
        ],
        partner: ["/"],
        coordinator: [
            "/academy/catalogue/",
            "/academy/programmes/new/",
            f"/academy/programmes/{module.programme_id}/edit/",
            f"/academy/modules/{module.pk}/edit/",
            f"/academy/outcomes/{outcome.pk}/edit/",
            "/academy/competences/",
            f"/academy/competences/{competence.pk}/edit/",
            "/surveys/",
            f"/surveys/{template.pk}/",
            f"/surveys/templates/{template.pk}/edit/",
            f"/surveys/questions/{item.pk}/edit/",
        ],
    }
    for person, paths in pages.items():
        page.context.clear_cookies()
        if person is not None:
            login(page, person.email, PASSWORD)
        page.context.add_cookies(
            [{"name": "sib_language", "value": language, "url": live_server.url}]
        )
        for path in paths:
            page.set_viewport_size(DESKTOP)
            assert page.goto(path).status == 200, path
            assert page.locator("html").get_attribute("lang") == language
            assert_accessible(page, f"{path} ({language})")
            page.set_viewport_size(PHONE)
            assert _scroll_width(page) <= PHONE["width"], (path, language, _overflowing(page))
            assert_accessible(page, f"{path} ({language}, phone)")
