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
