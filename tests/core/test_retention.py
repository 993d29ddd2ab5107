"""`sib purge`: every kind of personal data purged after its period, idempotently; counts stay."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from sib.academy.models import Application
from sib.core.audit import audit_record
from sib.core.models import AuditEntry, EmailState, OutboundEmail
from sib.events.models import Registration, RegistrationStatus
from tests.academy.factories import ApplicationFactory
from tests.events.factories import PastEventFactory
from tests.factories import EditionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _registration(event, name: str) -> Registration:  # noqa: ANN001
    return Registration.objects.create(
        event=event,
        status=RegistrationStatus.CONFIRMED,
        full_name=name,
        email=f"{name.split()[0].lower()}@example.org",
        gender="woman",
        answers={"q": "x"},
        code=name[:8],
        token=name,
    )


def test_sib_purge_purges_every_kind_after_its_period_once(settings) -> None:  # noqa: ANN001
    now = timezone.now()
    settings.SIB_REGISTRATION_RETENTION_DAYS = 30
    settings.SIB_AUDIT_RETENTION_DAYS = 100
    old_event = PastEventFactory(
        starts_at=now - dt.timedelta(days=61), ends_at=now - dt.timedelta(days=60)
    )
    new_event = PastEventFactory(
        starts_at=now - dt.timedelta(days=3), ends_at=now - dt.timedelta(days=2)
    )
    old = _registration(old_event, "Anna Dawna")
    recent = _registration(new_event, "Beata Nowa")
    edition = EditionFactory(starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2020, 2, 1))
    application = ApplicationFactory(edition=edition, full_name="Cezary Stary")
    entry = audit_record(actor=UserFactory(), action="test.old", obj=edition)
    AuditEntry.objects.filter(pk=entry.pk).update(at=now - dt.timedelta(days=101))
    audit_record(actor=None, action="test.new", obj=edition)
    mail = OutboundEmail.objects.create(
        key="k1", purpose="t", from_email="a@b.c", to=["x@example.org"], state=EmailState.SENT
    )
    OutboundEmail.objects.filter(pk=mail.pk).update(updated_at=now - dt.timedelta(days=400))

    out = io.StringIO()
    call_command("purge", "--dry-run", stdout=out)
    assert "event registrations: 1 would be purged" in out.getvalue()
    assert Registration.objects.get(pk=old.pk).full_name == "Anna Dawna"

    out = io.StringIO()
    call_command("purge", stdout=out)
    text = out.getvalue()
    assert "event registrations: 1 purged (kept 30 days)" in text
    assert "applications: 1 purged" in text and "audit entries: 1 purged" in text
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.full_name, old.email, old.answers) == ("", "", {})
    assert old.status == RegistrationStatus.CONFIRMED and old.gender == "woman"  # counts stay
    assert recent.full_name == "Beata Nowa"
    assert Application.objects.get(pk=application.pk).full_name == ""
    assert not AuditEntry.objects.filter(action="test.old").exists()
    assert AuditEntry.objects.filter(action="test.new").exists()
    assert not OutboundEmail.objects.filter(pk=mail.pk).exists()

    out = io.StringIO()
    call_command("purge", stdout=out)
    assert "event registrations: 0 purged" in out.getvalue()
    assert "applications: 0 purged" in out.getvalue()


def test_purge_applications_still_works_alone() -> None:
    out = io.StringIO()
    call_command("purge_applications", "--dry-run", stdout=out)
    assert "applications would be purged" in out.getvalue()
