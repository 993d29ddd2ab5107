"""Journey: a participant signs in and sees their progress against the completion rule."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from sib.academy.models import AttendanceStatus, Format
from tests.e2e.conftest import PHONE, assert_accessible, login, screenshot
from tests.factories import (
    PASSWORD,
    AttendanceFactory,
    EnrolmentFactory,
    ModuleFactory,
    SessionFactory,
    UserFactory,
)


def test_participant_sees_hours_by_format_against_the_rule(page) -> None:  # noqa: ANN001
    person = UserFactory(full_name="Zofia Nowak", email="zofia@example.org")
    enrolment = EnrolmentFactory(user=person)
    edition = enrolment.edition
    module = ModuleFactory(programme=edition.programme)
    past = timezone.now() - dt.timedelta(days=3)
    lecture = SessionFactory(
        edition=edition, module=module, format=Format.LECTURE, starts_at=past, duration_minutes=240
    )
    workshop = SessionFactory(
        edition=edition, module=module, format=Format.WORKSHOP, starts_at=past, duration_minutes=180
    )
    AttendanceFactory(session=lecture, enrolment=enrolment, status=AttendanceStatus.PRESENT)
    AttendanceFactory(
        session=workshop, enrolment=enrolment, status=AttendanceStatus.LATE, minutes_missed=30
    )
    SessionFactory(
        edition=edition,
        module=module,
        format=Format.MENTORING,
        starts_at=timezone.now() + dt.timedelta(days=7),
        duration_minutes=120,
    )

    login(page, "zofia@example.org", PASSWORD)
    page.get_by_role("link", name="My progress").first.click()
    expect(page.get_by_role("heading", name="My progress")).to_be_visible()
    table = page.get_by_role("table", name="Hours attended against the completion rule")
    assert "4" in table.get_by_role("row", name="Lecture").inner_text()
    assert "2.5" in table.get_by_role("row", name="Workshop").inner_text()  # 150 of 180 minutes
    expect(page.get_by_text("Completion can no longer be reached")).to_be_visible()
    assert page.locator("figure.chart svg[role=img]").count() == 1
    assert_accessible(page, "progress")
    screenshot(page, "participant-progress.en.desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "participant-progress.en.phone")
    assert_accessible(page, "progress on a phone")
