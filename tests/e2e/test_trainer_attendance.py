"""Journey: a trainer takes attendance for a session with the keyboard alone."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from sib.academy.models import Attendance, StaffRole
from tests.e2e.conftest import PHONE, assert_accessible, login, screenshot
from tests.factories import (
    PASSWORD,
    EditionStaffFactory,
    EnrolmentFactory,
    SessionFactory,
    UserFactory,
)


def test_trainer_marks_a_session_by_keyboard(page) -> None:  # noqa: ANN001
    session = SessionFactory(
        starts_at=timezone.now() + dt.timedelta(hours=1),
        duration_minutes=180,
        title_en="Service design lab",
    )
    trainer = UserFactory(email="trainer@example.org", full_name="Tomasz Trener")
    EditionStaffFactory(edition=session.edition, user=trainer, role=StaffRole.TRAINER)
    people = [
        EnrolmentFactory(edition=session.edition, user=UserFactory(full_name=f"Uczestnik {n}"))
        for n in "ABCD"
    ]

    login(page, "trainer@example.org", PASSWORD)
    page.get_by_role("link", name="Take attendance").first.click()
    page.wait_for_selector("[data-attendance-grid]")
    assert_accessible(page, "attendance grid")

    # Keyboard only: focus the first row's status, then P, L + minutes + Enter, A, E.
    page.locator("tr[data-row] input[type=radio]").first.focus()
    page.keyboard.press("p")
    page.keyboard.press("l")
    page.keyboard.type("15")
    page.keyboard.press("Enter")
    page.keyboard.press("a")
    page.keyboard.press("e")
    expect(page.locator(".save-state:not(.save-state--error)")).to_have_count(4)
    screenshot(page, "trainer-attendance.en.desktop")

    marks = {a.enrolment_id: (a.status, a.minutes_missed) for a in Attendance.objects.all()}
    assert marks == {
        people[0].pk: ("present", 0),
        people[1].pk: ("late", 15),
        people[2].pk: ("absent", 0),
        people[3].pk: ("excused", 0),
    }
    assert set(Attendance.objects.values_list("recorded_by", flat=True)) == {trainer.pk}

    # Arrow keys move between people; the stored marks are shown after a reload.
    page.reload()
    page.locator("tr[data-row] input[type=radio]:checked").first.focus()
    page.keyboard.press("ArrowDown")
    focused_row = page.evaluate(
        "document.activeElement.closest('tr').querySelector('th').textContent"
    )
    assert focused_row.strip() == "Uczestnik B"
    assert page.locator(f"#missed-{people[1].pk}").input_value() == "15"
    page.keyboard.press("p")
    expect(page.locator(f"#person-{people[1].pk} ~ td .save-state")).to_have_text("Saved")
    assert Attendance.objects.get(enrolment=people[1]).status == "present"

    page.set_viewport_size(PHONE)
    screenshot(page, "trainer-attendance.en.phone")
    assert_accessible(page, "attendance grid on a phone")
