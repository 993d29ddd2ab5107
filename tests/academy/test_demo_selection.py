"""The pilot demo: its 72 enrolments come from accepted applications, computed, not stored."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sib.academy import selectors
from sib.academy.models import Application, ApplicationStatus, Edition, Enrolment
from sib.accounts.models import User


@pytest.mark.django_db
def test_the_pilot_enrolments_come_from_accepted_applications():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    coordinator = User.objects.get(email="coordinator@demo.sib.example")
    edition = Edition.objects.get(code="pilot-2023-24")
    funnel = selectors.application_funnel(actor=coordinator, editions=[edition])
    assert funnel == {
        "applicants": 97,
        "pending": 0,
        "accepted": 72,
        "waitlisted": 8,
        "rejected": 17,
        "drafts": 3,
        "enrolled": 72,
    }
    assert not Enrolment.objects.filter(application__isnull=True).exists()
    accepted = Application.objects.filter(status=ApplicationStatus.ACCEPTED)
    assert all(a.consent_id and a.consent_given_at for a in accepted)
    counts = selectors.completion_counts(actor=coordinator, edition=edition)
    assert (counts["eligible"], counts["completed"], counts["partial"], counts["withdrawn"]) == (
        28,
        5,
        16,
        23,
    )
