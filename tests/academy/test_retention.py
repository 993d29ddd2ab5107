"""Retention: applications that were not accepted lose their personal data a set time after their
edition ends (the consent text promises it); the funnel keeps its numbers."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from sib.academy import selectors, services
from sib.academy.models import Application, ApplicationReview, ApplicationStatus
from sib.core.models import AuditEntry
from tests.academy.factories import ApplicationFactory
from tests.factories import CoordinatorFactory, EditionFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 6, 1)


@pytest.fixture
def editions(settings):
    settings.SIB_APPLICATION_RETENTION_DAYS = 365
    over = EditionFactory(starts_on=dt.date(2025, 10, 1), ends_on=dt.date(2026, 5, 31))
    kept = EditionFactory(starts_on=dt.date(2025, 10, 1), ends_on=dt.date(2026, 6, 1))
    return over, kept


def test_personal_data_of_applications_not_accepted_are_deleted_after_retention(editions):
    over, kept = editions
    coordinator = CoordinatorFactory()
    waiting = ApplicationFactory(edition=over, voivodeship="malopolskie", organisation_name="GOPS")
    rejected = ApplicationFactory(edition=over, status=ApplicationStatus.REJECTED)
    draft = ApplicationFactory(edition=over, status=ApplicationStatus.DRAFT)
    accepted = ApplicationFactory(edition=over)
    services.application_decide(actor=coordinator, application=accepted, decision="accepted")
    ApplicationReview.objects.create(application=waiting, reviewer=coordinator, score=4, note="x")
    recent = ApplicationFactory(edition=kept, status=ApplicationStatus.REJECTED)
    funnel_before = selectors.application_funnel(actor=coordinator, editions=[over, kept])

    assert services.applications_purge(today=TODAY, dry_run=True) == 3
    assert Application.objects.filter(purged_at__isnull=False).count() == 0
    assert services.applications_purge(today=TODAY) == 3

    for application in (waiting, rejected, draft):
        application.refresh_from_db()
        assert application.purged_at is not None
        assert application.full_name == application.motivation == application.background == ""
        assert application.voivodeship == application.organisation_name == ""
        assert application.email == f"purged-{application.pk}@purged.invalid"
        assert application.applicant_id is None
    assert not ApplicationReview.objects.filter(application=waiting).exists()
    accepted.refresh_from_db()
    recent.refresh_from_db()
    assert accepted.purged_at is None and accepted.full_name.startswith("Applicant")
    assert recent.purged_at is None and recent.full_name.startswith("Applicant")
    # The statistics keep their numbers; the audit trail says how many, not who.
    assert selectors.application_funnel(actor=coordinator, editions=[over, kept]) == funnel_before
    entry = AuditEntry.objects.get(action="academy.applications_purged")
    assert entry.object_id == str(over.pk) and entry.data["count"] == 3
    # Idempotent.
    assert services.applications_purge(today=TODAY) == 0


def test_a_purged_application_can_be_neither_decided_nor_reviewed_nor_reopened(editions, client):
    over, _kept = editions
    coordinator = CoordinatorFactory()
    application = ApplicationFactory(edition=over, status=ApplicationStatus.WAITLISTED)
    services.applications_purge(today=TODAY)
    application.refresh_from_db()
    with pytest.raises(ValidationError):
        services.application_decide(actor=coordinator, application=application, decision="accepted")
    with pytest.raises(ValidationError):
        services.application_review(actor=coordinator, application=application, score=5)
    assert selectors.application_by_token(edition=over, token=application.token) is None
    client.force_login(coordinator)
    page = client.get(reverse("academy:application-detail", args=[application.pk]))
    assert b"Personal data deleted" in page.content
    assert b"purged.invalid" not in page.content
    assert b'name="decision"' not in page.content


def test_the_command_reports_and_purges(settings):
    settings.SIB_APPLICATION_RETENTION_DAYS = 365
    long_ago = EditionFactory(starts_on=dt.date(2023, 10, 1), ends_on=dt.date(2024, 6, 30))
    ApplicationFactory(edition=long_ago, status=ApplicationStatus.REJECTED)
    out = io.StringIO()
    call_command("purge_applications", "--dry-run", stdout=out)
    assert "1 applications would be purged" in out.getvalue()
    assert not Application.objects.filter(purged_at__isnull=False).exists()
    call_command("purge_applications", stdout=out)
    assert Application.objects.filter(purged_at__isnull=False).count() == 1
