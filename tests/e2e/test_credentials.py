"""Journey: a certified participant downloads the PDF, follows its link, sees "valid"; the
coordinator revokes; the page then says "revoked". Every page checked with axe-core."""

from __future__ import annotations

import re
import subprocess

from playwright.sync_api import expect

from sib.credentials import services
from tests.credentials.factories import enrol, make_edition
from tests.e2e.conftest import PHONE, assert_accessible, login, screenshot
from tests.factories import PASSWORD, CoordinatorFactory


def test_certified_participant_verifies_and_coordinator_revokes(  # noqa: ANN001
    page, live_server, browser, tmp_path
) -> None:
    from sib.credentials import keys

    coordinator = CoordinatorFactory(
        email="coordinator@example.org", full_name="Katarzyna Wiśniewska"
    )
    keys.create_key_file()
    services.issuer_create(
        actor=coordinator,
        base_url=live_server.url,
        name="Fundacja Brokerów Innowacji Społecznych",
        url="https://brokers.example.org",
        locality="Tarnów",
        country="Polska",
        country_code="PL",
    )
    edition = make_edition(coordinator)
    enrolment = enrol(edition, full_name="Zofia Żółkiewska", email="zofia@example.org")
    services.edition_issue_all(actor=coordinator, edition=edition)

    login(page, "zofia@example.org", PASSWORD)
    page.get_by_role("link", name="My credentials").first.click()
    expect(page.get_by_role("heading", name="My credentials")).to_be_visible()
    assert_accessible(page, "my credentials")
    screenshot(page, "credentials-mine.en.desktop")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF certificate").click()
    pdf = tmp_path / "certificate.pdf"
    download_info.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    link = re.search(r"(http://[^\s]+/c/[0-9a-f-]{36}/)", text.replace("\n", "")).group(1)

    page.goto(link)
    assert page.locator(".verdict__word").inner_text() == "Valid"
    expect(page.get_by_text("Zofia Żółkiewska").first).to_be_visible()
    assert_accessible(page, "verification page")
    screenshot(page, "credentials-verify.en.desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "credentials-verify.en.phone")
    assert_accessible(page, "verification page on a phone")

    coordinator_context = browser.new_context(locale="en-GB", base_url=live_server.url)
    staff = coordinator_context.new_page()
    login(staff, "coordinator@example.org", PASSWORD)
    staff.goto(f"/credentials/editions/{edition.pk}/")
    assert_accessible(staff, "edition credentials")
    screenshot(staff, "credentials-edition.en.desktop")
    staff.get_by_role("link", name=re.compile("Manage")).first.click()
    assert_accessible(staff, "manage credential")
    staff.get_by_label("Revoke").check()
    staff.locator("#id_reason").fill("The final project was not the participant's own work.")
    staff.get_by_label("Show the reason on the public verification page").check()
    staff.get_by_role("button", name="Apply").click()
    expect(staff.get_by_text("The credential's state was changed.")).to_be_visible()
    screenshot(staff, "credentials-manage.en.desktop")
    coordinator_context.close()

    page.reload()
    assert page.locator(".verdict__word").inner_text() == "Revoked"
    expect(page.get_by_text("not the participant's own work")).to_be_visible()
    enrolment.refresh_from_db()


def test_polish_pages_and_the_batch_progress(page, live_server) -> None:  # noqa: ANN001
    from sib.credentials import keys

    coordinator = CoordinatorFactory(email="koordynator@example.org", preferred_language="pl")
    keys.create_key_file()
    services.issuer_create(
        actor=coordinator,
        base_url=live_server.url,
        name="Fundacja Brokerów Innowacji Społecznych",
        url="https://brokers.example.org",
        country="Polska",
        country_code="PL",
    )
    edition = make_edition(coordinator)
    people = [enrol(edition) for _ in range(3)]
    credential = services.credential_issue(actor=coordinator, enrolment=people[0])

    page.goto(f"/c/{credential.uuid}/")
    page.get_by_role("button", name="Polski").click()
    assert page.locator(".verdict__word").inner_text() == "Ważne"
    assert_accessible(page, "strona weryfikacji")
    screenshot(page, "credentials-verify.pl.desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "credentials-verify.pl.phone")

    login(page, "koordynator@example.org", PASSWORD)
    page.goto(f"/credentials/editions/{edition.pk}/")
    expect(page.get_by_role("heading", name="Poświadczenia")).to_be_visible()
    page.get_by_role("button", name=re.compile("Wydaj wszystkie 2")).click()
    progress = page.locator("#issuance-job progress")
    progress.wait_for()
    expect(page.get_by_text("Czekam na proces zadań w tle")).to_be_visible()
    assert_accessible(page, "postęp wydawania")
    screenshot(page, "credentials-edition.pl.phone")
