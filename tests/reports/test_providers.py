"""Other capabilities plug sections and indicators in through settings, and may refine a key."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sib.core.reporting import Category, Definition, ReportScope, Section, Table, provides
from tests.factories import CoordinatorFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db

CERTIFIED = Definition(
    "participants_certified",
    "Participants certified",
    "Eligible, or holding a valid credential.",
    Category.OUTCOME,
    "Credentials",
)
EVENTS = Definition(
    "event_participants", "Event participants", "Checked in.", Category.OUTPUT, "Events"
)


@provides(CERTIFIED, EVENTS)
def later_indicators(*, actor: Any, scope: ReportScope, values: dict) -> list:
    # sees what the academy said, and refines it
    return [CERTIFIED.of(values["participants_certified"].value + 1), EVENTS.of(284)]


def later_sections(*, actor: Any, scope: ReportScope) -> list[Section]:
    return [
        Section(
            "events",
            "Events",
            60,
            [Table("Conferences", ["Event", "Participants"], [["Tarnów", 150]])],
        )
    ]


def absent_sections(*, actor: Any, scope: ReportScope) -> list[Section]:
    return []  # a capability whose data does not exist yet adds nothing


def test_a_later_provider_adds_and_refines_without_touching_reports(client, settings) -> None:  # noqa: ANN001
    EnrolmentFactory()
    client.force_login(CoordinatorFactory())
    before = client.get("/api/v1/reports/indicators").json()
    settings.SIB_INDICATORS = [
        *settings.SIB_INDICATORS,
        "tests.reports.test_providers.later_indicators",
    ]
    settings.SIB_REPORT_SECTIONS = [
        *settings.SIB_REPORT_SECTIONS,
        "tests.reports.test_providers.later_sections",
        "tests.reports.test_providers.absent_sections",
    ]
    after = client.get("/api/v1/reports/indicators").json()
    assert after["participants_certified"] == before["participants_certified"] + 1
    assert after["event_participants"] == 284
    page = client.get(reverse("reports:all-report")).content.decode()
    assert "Eligible, or holding a valid credential." in page
    assert '<section class="report-section" id="section-events"' in page
    from sib.reports.selectors import definitions

    assert definitions()["participants_certified"].definition == CERTIFIED.definition
