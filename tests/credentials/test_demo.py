"""`sib demo` issues the pilot's 28 credentials: those the completion rule computes as eligible."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from sib.academy.completion import CompletionStatus
from sib.academy.demo import PILOT_CODE
from sib.academy.models import Edition
from sib.academy.selectors import edition_progress
from sib.credentials import verification
from sib.credentials.models import Credential
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


def test_demo_issues_the_28_pilot_credentials_and_they_verify() -> None:
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    edition = Edition.objects.get(code=PILOT_CODE)
    eligible = {
        row.enrolment.pk
        for row in edition_progress(actor=CoordinatorFactory(), edition=edition)
        if row.status == CompletionStatus.ELIGIBLE
    }
    credentials = list(Credential.objects.all())
    assert len(credentials) == 28
    assert {c.enrolment_id for c in credentials} == eligible
    assert all(
        verification.verify_document(json.loads(c.document)).verified for c in credentials[:3]
    )
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    assert Credential.objects.count() == 28


def test_the_pilots_credentials_carry_the_pilots_end_date_and_figures_hold() -> None:
    from sib.reports import selectors as reports

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    edition = Edition.objects.get(code=PILOT_CODE)
    days = {c.issued_at.astimezone().date() for c in Credential.objects.all()}
    assert days == {edition.ends_on}
    assert edition.ends_on.year == 2024 and edition.ends_on.month == 6
    assert all(c.serial.startswith("SIB-2024-") for c in Credential.objects.all())
    coordinator = CoordinatorFactory()
    values = reports.flat_indicators(
        reports.indicators(actor=coordinator, scope=reports.scope_all(actor=coordinator))
    )
    assert values["participants_enrolled"] == 72
    assert values["participants_completed"] == 33
    assert values["participants_certified"] == 28
    assert values["participants_awaiting_credential"] == 0
