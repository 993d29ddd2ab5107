"""Journeys: a participant answers the evaluation on a phone, with the keyboard, in Polish; the
coordinator opens the report and downloads the PDF. Plus every survey and report page of the demo,
in both languages, on a desktop and a phone: axe-core clean, screenshots kept."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from sib.academy.models import Edition
from sib.accounts.demo import DEMO_PASSWORD
from sib.surveys.models import Instrument, Response
from tests.e2e.conftest import PHONE, assert_accessible, login, screenshot
from tests.factories import PASSWORD, CoordinatorFactory, EnrolmentFactory, UserFactory
from tests.surveys.factories import evaluation, invite


def test_participant_answers_on_a_phone_and_the_coordinator_downloads_the_report(
    browser,
    live_server,
    transactional_db,
    settings,  # noqa: ANN001
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    instrument, items = evaluation()
    person = UserFactory(email="ola@example.org", full_name="Ola Kowalska", preferred_language="pl")
    EnrolmentFactory(edition=instrument.edition, user=person)
    invite(instrument, person)
    CoordinatorFactory(email="coord@example.org", preferred_language="en")

    phone = browser.new_context(
        viewport=PHONE, locale="pl-PL", base_url=live_server.url, has_touch=True
    )
    page = phone.new_page()
    page.set_default_timeout(10_000)
    login(page, "ola@example.org", PASSWORD)
    page.get_by_role("link", name=instrument.title_pl).first.click()
    assert page.locator("html").get_attribute("lang") == "pl"
    expect(page.get_by_text("zdecydowanie tak").first).to_be_visible()
    assert_accessible(page, "answering on a phone")
    screenshot(page, "survey-answer.pl.phone")

    # keyboard only: Tab to the first question's radios, arrows choose, Space confirms
    first = page.locator(f"input[name=item-{items['S1'].pk}]").first
    first.focus()
    page.keyboard.press("ArrowRight")  # → 2
    page.keyboard.press("ArrowRight")  # → 3
    page.keyboard.press("ArrowRight")  # → 4
    expect(page.locator(f"input[name=item-{items['S1'].pk}][value='4']")).to_be_checked()
    page.get_by_role("button", name="Zapisz i dokończ później").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Odpowiedzi zostały zapisane")).to_be_visible()
    assert Response.objects.get(instrument=instrument).submitted_at is None

    # half-finished: the saved answer is there when the person comes back
    page.goto(f"/surveys/{instrument.pk}/answer/")
    expect(page.locator(f"input[name=item-{items['S1'].pk}][value='4']")).to_be_checked()
    page.get_by_role("button", name="Prześlij odpowiedzi").click()
    expect(page.get_by_text("Odpowiedz na to pytanie.").first).to_be_visible()  # two still missing
    for code, value in (("S2", "5"), ("U1", "3")):
        page.locator(f"input[name=item-{items[code].pk}][value='{value}']").check()
    page.locator(f"#t-{items['Q1'].pk}").fill("Więcej zajęć praktycznych, mniej teorii.")
    assert page.locator(f"#t-{items['Q1'].pk}").get_attribute("lang") == "pl"
    page.get_by_role("button", name="Prześlij odpowiedzi").click()
    expect(page.get_by_text("Dziękujemy! Odpowiedzi zostały przesłane.")).to_be_visible()
    screenshot(page, "survey-submitted.pl.phone")
    response = Response.objects.get(instrument=instrument)
    assert response.submitted_at is not None and response.respondent is None  # anonymous
    phone.close()

    desktop = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", base_url=live_server.url
    )
    page = desktop.new_page()
    page.set_default_timeout(20_000)
    login(page, "coord@example.org", PASSWORD)
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("link", name=instrument.edition.title_en, exact=True).click()
    expect(
        page.get_by_role("heading", name=f"Dashboard: {instrument.edition.title_en}")
    ).to_be_visible()
    page.get_by_role("link", name="Open the Pilot Implementation Report").click()
    table = page.get_by_role("table", name="Outcomes")
    assert "Evaluation survey responses" in table.inner_text()
    assert_accessible(page, "report")
    page.get_by_role("button", name="Download PDF").first.click()
    expect(page.get_by_text("The file is ready.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download sib-report").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert_accessible(page, "export ready")
    desktop.close()


@pytest.fixture
def demo(transactional_db) -> None:  # noqa: ANN001
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.parametrize("language", ["pl", "en"])
def test_survey_and_report_pages_are_accessible(page, demo, language: str) -> None:  # noqa: ANN001
    edition = Edition.objects.get(code="pilot-2023-24")
    evaluation_survey = Instrument.objects.get(code="pilot-2023-24-evaluation")
    after = Instrument.objects.get(code="pilot-2023-24-self-assessment-after")
    template = Instrument.objects.get(code="course-evaluation")
    pages = {
        "coordinator": [
            "/surveys/",
            "/surveys/new/",
            f"/surveys/{evaluation_survey.pk}/",
            f"/surveys/{evaluation_survey.pk}/?by=gender",
            f"/surveys/{after.pk}/",
            f"/surveys/{template.pk}/",
            "/surveys/compare/",
            "/reports/",
            f"/reports/editions/{edition.pk}/",
            f"/reports/editions/{edition.pk}/report/",
            "/reports/all/",
        ],
        "participant": ["/surveys/mine/"],
    }
    for role, paths in pages.items():
        page.context.clear_cookies()
        login(page, f"{role}@demo.sib.example", DEMO_PASSWORD)
        page.goto("/")
        page.locator(f"form.language-switcher button[value={language}]").click()
        page.wait_for_load_state()
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, path
            assert page.locator("html").get_attribute("lang") == language
            name = f"{role}{path}".replace("/", "-").replace("?", "-").replace("=", "-").strip("-")
            for size, label in ((None, "desktop"), (PHONE, "phone")):
                if size:
                    page.set_viewport_size(size)
                assert_accessible(page, f"{path} ({language}, {label})")
                screenshot(page, f"surveys-reports/{name}.{language}.{label}")
            page.set_viewport_size({"width": 1280, "height": 900})
