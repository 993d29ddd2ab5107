"""A person's rights: the data download (theirs, or by a coordinator on request), audited."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from sib.academy.models import Application
from sib.core.models import AuditEntry
from tests.factories import CoordinatorFactory, EditionFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _download(response) -> dict:  # noqa: ANN001
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_a_person_downloads_every_apps_part_of_their_data(client) -> None:  # noqa: ANN001
    person = UserFactory(full_name="Zofia Wrona", birth_year=1990)
    enrolment = EnrolmentFactory(user=person)
    Application.objects.create(
        edition=EditionFactory(),
        email=person.email,
        full_name="Zofia Wrona",
        token="t" * 40,
        motivation="I want to learn.",
    )
    client.force_login(person)
    page = client.get(reverse("accounts:my-data"))
    assert page.status_code == 200
    data = _download(client.post(reverse("accounts:my-data-download"), REMOTE_ADDR="203.0.113.9"))
    assert {
        "accounts",
        "core",
        "academy",
        "credentials",
        "surveys",
        "knowledge",
        "events",
        "reports",
    } <= set(data)
    assert data["accounts"]["profile"]["full_name"] == "Zofia Wrona"
    assert data["academy"]["enrolments"][0]["edition"] == enrolment.edition.title
    assert data["academy"]["applications"][0]["motivation"] == "I want to learn."
    assert "token" not in data["academy"]["applications"][0]
    entry = AuditEntry.objects.get(action="person.export")
    assert entry.actor == person and entry.object_id == str(person.pk)
    assert entry.ip_address == "203.0.113.9"


def test_a_download_needs_post_and_a_signed_in_person(client) -> None:  # noqa: ANN001
    assert client.post(reverse("accounts:my-data-download")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:my-data-download")).status_code == 405


def test_a_coordinator_exports_a_person_on_request_audited(client) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    person = UserFactory(full_name="Jan Kos")
    client.force_login(coordinator)
    found = client.get(reverse("accounts:people-privacy"), {"q": "Kos"})
    assert "Jan Kos" in found.content.decode()
    assert client.get(reverse("accounts:person-privacy", args=[person.pk])).status_code == 200
    data = _download(client.post(reverse("accounts:person-export", args=[person.pk])))
    assert data["accounts"]["profile"]["full_name"] == "Jan Kos"
    entry = AuditEntry.objects.get(action="person.export")
    assert entry.actor == coordinator and entry.data["by_coordinator"] is True


def test_others_may_not_export_someone_else(client) -> None:  # noqa: ANN001
    person = UserFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:people-privacy")).status_code == 403
    assert client.get(reverse("accounts:person-privacy", args=[person.pk])).status_code == 403
    assert client.post(reverse("accounts:person-export", args=[person.pk])).status_code == 403
    assert client.post(reverse("accounts:person-erase", args=[person.pk])).status_code == 403
    assert not AuditEntry.objects.filter(action="person.export").exists()


def test_erasure_reaches_applications_registrations_speakers_and_survey_answers() -> None:
    from sib.accounts import services
    from sib.events.models import Registration, RegistrationStatus
    from sib.surveys.models import Answer, Response
    from tests.events.factories import RegistrationFactory, SpeakerFactory
    from tests.surveys.factories import InstrumentFactory, ItemFactory

    coordinator = CoordinatorFactory()
    person = UserFactory(full_name="Hanna Znika", email="hanna@example.org", gender="woman")
    application = Application.objects.create(
        edition=EditionFactory(),
        email="hanna@example.org",
        full_name="Hanna Znika",
        token="h" * 40,
        motivation="Mine",
        guardian_name="Mama",
        guardian_email="m@example.org",
    )
    registration = RegistrationFactory(
        full_name="Hanna Znika",
        email="hanna@example.org",
        gender="woman",
        answers={"diet": "vegan"},
    )
    speaker = SpeakerFactory(full_name="Hanna Znika", bio="Activist", user=person)
    instrument = InstrumentFactory(anonymous=False)
    item = ItemFactory(instrument=instrument, kind="text")
    response = Response.objects.create(
        instrument=instrument,
        respondent=person,
        respondent_key="k",
        gender="woman",
        submitted_at=timezone.now(),
    )
    Answer.objects.create(response=response, item=item, text="My story, by Hanna Znika")
    registrations_before = Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count()

    services.person_erase(actor=coordinator, person=person, reason="Asked by e-mail")

    application.refresh_from_db()
    registration.refresh_from_db()
    speaker.refresh_from_db()
    response.refresh_from_db()
    assert (application.full_name, application.motivation, application.guardian_email) == (
        "",
        "",
        "",
    )
    assert "hanna" not in application.email
    assert (registration.full_name, registration.email, registration.answers) == ("", "", {})
    assert registration.gender == "woman"
    assert (speaker.full_name, speaker.bio) == ("", "")
    assert response.respondent is None and response.gender == "woman"
    assert Answer.objects.get(response=response).text == ""
    assert Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count() == (
        registrations_before
    )
    assert AuditEntry.objects.filter(action="person.erase").count() == 1
