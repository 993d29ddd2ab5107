"""Journey: apply on the public call page on a phone, submitting right after typing (the
autosave still on its way) → confirm the address from the e-mailed link → a coordinator accepts
→ the applicant is in the edition, and the decision e-mail reaches them in the language they
chose."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import expect

from sib.academy.models import Application, ApplicationStatus, EditionStatus, Enrolment
from tests.academy.factories import ApplicationCallFactory
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, login, screenshot
from tests.factories import PASSWORD, CoordinatorFactory, EditionFactory, EditionStaffFactory


def test_apply_on_a_phone_then_a_coordinator_accepts(page, live_server) -> None:  # noqa: ANN001
    edition = EditionFactory(
        status=EditionStatus.RECRUITING, title_pl="Brokerzy Tarnów 2027", title_en="Brokers 2027"
    )
    ApplicationCallFactory(edition=edition)
    coordinator = CoordinatorFactory(email="koordynator@example.org")
    EditionStaffFactory(edition=edition, user=coordinator, role="coordinator")

    # The applicant, on a phone, in Polish.
    page.set_viewport_size(PHONE)
    page.context.add_cookies([{"name": "sib_language", "value": "pl", "url": live_server.url}])
    page.goto(f"/academy/call/{edition.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Brokerzy Tarnów 2027")
    assert_accessible(page, "call page on a phone")
    screenshot(page, "academy/call.pl.phone")
    page.get_by_role("link", name="Złóż zgłoszenie").click()
    page.get_by_label("Imię i nazwisko").fill("Zofia Żółkiewska")
    page.get_by_label("Dlaczego chcesz wziąć udział?").fill(
        "Chcę połączyć seniorów z ośrodkiem kultury w mojej gminie."
    )
    page.get_by_label("Twoje dotychczasowe doświadczenie").fill(
        "Od pięciu lat pracuję w ośrodku pomocy społecznej."
    )
    page.get_by_label("Województwo (nieobowiązkowo)").select_option("malopolskie")
    page.get_by_label("Wyrażam zgodę na powyższe.").check()
    assert_accessible(page, "application form on a phone")
    screenshot(page, "academy/application-form.pl.phone")
    # The e-mail address last, then Submit at once: the autosave of the address races the
    # submission, and both land in one draft (the form's key), with nothing refused.
    page.get_by_label("Adres e-mail").fill("zofia@example.org")
    page.get_by_role("button", name="Złóż zgłoszenie").click()
    expect(page.get_by_text("zgłoszenie zostało złożone")).to_be_visible()
    expect(page.get_by_text("Został jeden krok: potwierdź adres e-mail.")).to_be_visible()
    assert_accessible(page, "application submitted, awaiting confirmation")
    screenshot(page, "academy/application-confirm-needed.pl.phone")
    application = Application.objects.get(email="zofia@example.org")
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.consent is not None and application.language == "pl"
    assert application.email_confirmed_at is None

    # The link in the message confirms the address (on a button: a mail scanner opening it
    # confirms nothing).
    (message,) = [m for m in mail.outbox if m.to == ["zofia@example.org"]]
    link = re.search(r"http://\S+/apply/confirm/\S+/", message.body).group(0)
    page.goto("/academy/" + link.split("/academy/", 1)[1])
    assert_accessible(page, "confirm the address")
    screenshot(page, "academy/application-confirm.pl.phone")
    page.get_by_role("button", name="Potwierdź i kontynuuj").click()
    expect(page.get_by_text("Twoje zgłoszenie jest teraz liczone")).to_be_visible()
    application.refresh_from_db()
    assert application.email_confirmed_at is not None

    # The coordinator, at a desk, in English: review and accept.
    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    mail.outbox.clear()
    login(page, coordinator.email, PASSWORD)
    page.goto(f"/academy/editions/{edition.pk}/applications/")
    row = page.get_by_role("row", name="Zofia Żółkiewska")
    expect(row).to_contain_text("Waiting for a decision")
    assert_accessible(page, "applications list")
    screenshot(page, "academy/applications.en.desktop")
    row.get_by_role("link", name="Zofia Żółkiewska").click()
    page.get_by_role("group", name="Score").get_by_label("5").check()
    page.get_by_label("Note").fill("Strong local network.")
    page.get_by_role("button", name="Save review").click()
    assert_accessible(page, "application review")
    screenshot(page, "academy/application-review.en.desktop")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Accepted").first).to_be_visible()

    # Now a participant of the edition, told in Polish.
    enrolment = Enrolment.objects.get(edition=edition, user__email="zofia@example.org")
    assert enrolment.user.voivodeship == "malopolskie"
    page.goto(f"/academy/editions/{edition.pk}/participants/")
    expect(page.get_by_role("link", name="Zofia Żółkiewska")).to_be_visible()
    [message] = [m for m in mail.outbox if m.to == ["zofia@example.org"]]
    assert "Brokerzy Tarnów 2027" in message.subject + message.body
    assert "zostało przyjęte" in " ".join(message.body.split())
