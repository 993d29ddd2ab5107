"""Consent records: the exact text version, given and withdrawn, the withdrawal's effect applied,
shown on the person's "Your data" page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from sib.academy import consents, services
from sib.academy.models import ConsentRecord, EditionStatus
from sib.core.models import AuditEntry
from sib.events.models import Presentation
from tests.academy.factories import ApplicationCallFactory
from tests.academy.test_applications import ANSWERS
from tests.factories import EditionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_submitting_an_application_records_the_consent_version() -> None:
    call = ApplicationCallFactory(edition=EditionFactory(status=EditionStatus.RECRUITING))
    application = services.application_save_draft(
        actor=AnonymousUser(), edition=call.edition, email="zofia@example.org", **ANSWERS
    )
    services.application_submit(
        actor=AnonymousUser(), application=application, consent_version=1, consent_given=True
    )
    record = ConsentRecord.objects.get(object_type="academy.application")
    assert record.text.key == "academy.application" and record.text.version == 1
    assert record.email == "zofia@example.org" and record.withdrawn_at is None
    assert record.object_id == str(application.pk)


def test_a_person_gives_and_withdraws_the_showcase_consent_and_its_effect_applies(client) -> None:  # noqa: ANN001
    person = UserFactory(full_name="Ewa Pokazowa")
    from tests.events.factories import EventFactory

    presentation = Presentation.objects.create(
        event=EventFactory(), project_title="Senior hub", presenters="Ewa Pokazowa, Jan Nowak"
    )
    client.force_login(person)
    page = client.get(reverse("accounts:my-data")).content.decode()
    assert "Your consents" in page and "My name and photo in showcases" in page
    response = client.post(
        reverse("academy:consent-give", args=[consents.SHOWCASE]), {"version": "1"}
    )
    assert response.status_code == 302
    record = ConsentRecord.objects.get(user=person, text__key=consents.SHOWCASE)
    assert record.is_active and record.text.version == 1
    page = client.get(reverse("accounts:my-data")).content.decode()
    assert "Withdraw this consent" in page and "version 1" in page

    response = client.post(reverse("academy:consent-withdraw", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.withdrawn_at is not None
    presentation.refresh_from_db()
    assert presentation.presenters == "Jan Nowak"
    assert AuditEntry.objects.filter(action="consent.withdraw", object_id=str(record.pk)).exists()
    page = client.get(reverse("accounts:my-data")).content.decode()
    assert "withdrawn on" in page


def test_an_outdated_version_is_refused_and_others_cannot_withdraw(client) -> None:  # noqa: ANN001
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("academy:consent-give", args=[consents.NEWS]), {"version": "7"})
    assert not ConsentRecord.objects.exists()
    client.post(reverse("academy:consent-give", args=[consents.NEWS]), {"version": "1"})
    record = ConsentRecord.objects.get()
    client.force_login(UserFactory())
    assert client.post(reverse("academy:consent-withdraw", args=[record.pk])).status_code == 404
    assert (
        client.post(reverse("academy:consent-give", args=["academy.application"])).status_code
        == 404
    )
    record.refresh_from_db()
    assert record.is_active
