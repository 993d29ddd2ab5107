"""Journeys: a partner posts a challenge, the coordinator publishes it and runs the matching, the
broker accepts the introduction; a resident comments on a consultation and a moderator hides it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from sib.brokerage import services
from sib.brokerage.models import Challenge, Comment, Introduction
from tests.brokerage.factories import broker, challenge
from tests.e2e.conftest import assert_accessible, login
from tests.factories import PASSWORD, CoordinatorFactory, OrganisationFactory, UserFactory


def test_partner_posts_coordinator_matches_broker_accepts(page, browser) -> None:  # noqa: ANN001
    organisation = OrganisationFactory(name="Gmina Testowa")
    partner = UserFactory(partner_for=organisation, organisation=organisation)
    coordinator = CoordinatorFactory()
    profile = broker(declared=("C1",))

    page.set_default_timeout(60_000)  # a shared machine: the first pages may be slow
    login(page, partner.email, PASSWORD)
    page.goto("/brokerage/challenges/new/")
    page.fill("#id_title_pl", "Samotność seniorów")
    page.fill("#id_title_en", "Loneliness of older people")
    page.fill("#id_summary_en", "Older people living alone rarely leave home.")
    page.select_option("#id_voivodeship", "malopolskie")
    page.check("input[name=languages][value=pl]")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()
    assert_accessible(page, "challenge draft")
    item = Challenge.objects.get()
    assert item.organisation == organisation and item.status == "submitted"

    context = browser.new_context(base_url=page.url.split("/brokerage")[0], locale="en-GB")
    staff = context.new_page()
    staff.set_default_timeout(60_000)
    login(staff, coordinator.email, PASSWORD)
    staff.goto(f"/brokerage/challenges/{item.pk}/")
    staff.get_by_role("button", name="Publish").click()
    expect(staff.get_by_text("Published: the challenge is open for matching.")).to_be_visible()
    staff.goto("/brokerage/matching/")
    staff.get_by_role("button", name="Run the matching").click()
    expect(staff.get_by_role("heading", name="Assignments")).to_be_visible()
    assert_accessible(staff, "match run")
    staff.get_by_role("button", name="Propose these introductions").click()
    context.close()

    introduction = Introduction.objects.get()
    assert introduction.broker == profile
    page.context.clear_cookies()
    login(page, profile.user.email, PASSWORD)
    page.goto("/brokerage/introductions/")
    page.get_by_role("link", name="Loneliness of older people").click()
    expect(page.get_by_role("heading", name="Why this broker")).to_be_visible()
    assert_accessible(page, "introduction")
    page.get_by_role("button", name="Accept").click()
    introduction.refresh_from_db()
    assert introduction.status == "accepted"
    assert Challenge.objects.get().status == "matched"


def test_resident_comments_and_moderator_hides(page, browser) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    resident = UserFactory()
    item = challenge(actor=coordinator)
    consultation = services.consultation_create(
        actor=coordinator,
        challenge=item,
        data={
            "title_pl": "Konsultacja",
            "title_en": "A consultation",
            "opens_at": timezone.now() - dt.timedelta(days=1),
            "closes_at": timezone.now() + dt.timedelta(days=5),
            "published": True,
        },
    )
    page.set_default_timeout(60_000)
    login(page, resident.email, PASSWORD)
    page.goto(f"/brokerage/consultations/{consultation.pk}/")
    page.fill("#id_body", "We need a bus on Sundays.")
    page.select_option("#id_stakeholder_group", "residents")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("We need a bus on Sundays.")).to_be_visible()
    assert_accessible(page, "consultation")

    context = browser.new_context(base_url=page.url.split("/brokerage")[0], locale="en-GB")
    staff = context.new_page()
    staff.set_default_timeout(60_000)
    login(staff, coordinator.email, PASSWORD)
    staff.goto(f"/brokerage/consultations/{consultation.pk}/")
    staff.locator("details summary", has_text="Hide").first.click()
    staff.fill(f"#hide-{Comment.objects.get().pk}", "Please keep to the topic.")
    staff.locator("details[open] button", has_text="Hide").click()
    expect(staff.get_by_text("The comment is hidden and its author told why.")).to_be_visible()
    context.close()
    assert Comment.objects.get().hidden_at is not None
    page.goto("/brokerage/notifications/")
    expect(page.get_by_text("Please keep to the topic.", exact=False)).to_be_visible()
