"""The main pages of each role, in Polish and English, desktop and phone: axe-core clean, screenshots kept."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sib.academy.models import Edition, Enrolment, Session
from sib.accounts.demo import DEMO_PASSWORD
from tests.e2e.conftest import PHONE, assert_accessible, login, screenshot


@pytest.fixture
def demo(transactional_db) -> None:  # noqa: ANN001
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def pages_for(role: str) -> list[str]:
    edition = Edition.objects.get(code="pilot-2023-24")
    participant = Enrolment.objects.get(user__email="participant@demo.sib.example")
    session = Session.objects.filter(edition=edition, group__isnull=True).first()
    common = ["/", "/academy/programmes/", f"/academy/programmes/{edition.programme_id}/"]
    return {
        "anonymous": [*common, "/accounts/login/", "/accounts/password/reset/"],
        "coordinator": [
            *common,
            "/academy/editions/",
            f"/academy/editions/{edition.pk}/",
            f"/academy/editions/{edition.pk}/participants/",
            f"/academy/editions/{edition.pk}/enrol/",
            f"/academy/editions/{edition.pk}/sessions/new/",
            "/academy/editions/new/",
            f"/academy/enrolments/{participant.pk}/",
            "/account/profile/",
            "/account/tokens/",
            "/account/data/",
            "/account/people/?q=demo",
            f"/account/people/{participant.user_id}/",
            "/audit/",
        ],
        "trainer": ["/", f"/academy/sessions/{session.pk}/attendance/"],
        "mentor": ["/"],
        "participant": ["/", f"/academy/enrolments/{participant.pk}/", "/account/data/"],
    }[role]


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("role", ["anonymous", "coordinator", "trainer", "mentor", "participant"])
def test_main_pages_are_accessible(page, demo, role: str, language: str) -> None:  # noqa: ANN001
    if role != "anonymous":
        login(page, f"{role}@demo.sib.example", DEMO_PASSWORD)
    page.goto("/")
    page.locator(f"form.language-switcher button[value={language}]").click()
    page.wait_for_load_state()
    for path in pages_for(role):
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        name = f"{role}{path}".replace("/", "-").strip("-")
        for width, label in ((None, "desktop"), (PHONE, "phone")):
            if width:
                page.set_viewport_size(width)
            assert_accessible(page, f"{path} ({language}, {label})")
            screenshot(page, f"pages/{name}.{language}.{label}")
        page.set_viewport_size({"width": 1280, "height": 900})
