"""Capacity (issue 12, item 5; decision 0567): enrolling beyond an edition's capacity is refused
unless a coordinator explicitly chooses it — in selection, enrolment, the API and the import
(whose dry run says so) — and the pages show places taken against the capacity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sib.academy import services
from sib.academy.models import ApplicationStatus, Enrolment
from sib.core.models import AuditEntry
from tests.academy.factories import ApplicationFactory
from tests.factories import CoordinatorFactory, EditionFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():  # noqa: ANN201
    return CoordinatorFactory()


@pytest.fixture
def full_edition():  # noqa: ANN201
    """Capacity 2, both places taken, and one person who withdrew (their place is free)."""
    edition = EditionFactory(capacity=2)
    EnrolmentFactory.create_batch(2, edition=edition)
    EnrolmentFactory(edition=edition, withdrawn_on=dt.date(2024, 1, 1), withdrawal_reason="Moved")
    return edition


def test_enrolling_beyond_capacity_is_refused_unless_chosen(coordinator, full_edition) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError) as refused:
        services.enrolment_create(actor=coordinator, edition=full_edition, user=UserFactory())
    assert "over_capacity" in refused.value.message_dict
    assert Enrolment.objects.filter(edition=full_edition).count() == 3
    enrolment = services.enrolment_create(
        actor=coordinator, edition=full_edition, user=UserFactory(), over_capacity=True
    )
    entry = AuditEntry.objects.filter(action="enrolment.create").latest("pk")
    assert entry.object_id == str(enrolment.pk)
    assert entry.data.get("over_capacity") == 1


def test_a_place_freed_by_a_withdrawal_can_be_taken(coordinator) -> None:  # noqa: ANN001
    edition = EditionFactory(capacity=1)
    first = services.enrolment_create(actor=coordinator, edition=edition, user=UserFactory())
    services.enrolment_withdraw(
        actor=coordinator, enrolment=first, withdrawn_on=dt.date.today(), reason="Ill"
    )
    services.enrolment_create(actor=coordinator, edition=edition, user=UserFactory())


def test_no_capacity_set_means_no_limit(coordinator) -> None:  # noqa: ANN001
    edition = EditionFactory(capacity=0)
    for _ in range(3):
        services.enrolment_create(actor=coordinator, edition=edition, user=UserFactory())


def test_selection_refuses_to_accept_into_a_full_edition(client, coordinator, full_edition) -> None:  # noqa: ANN001
    application = ApplicationFactory(edition=full_edition)
    with pytest.raises(ValidationError):
        services.application_decide(
            actor=coordinator, application=application, decision="accepted", notify=False
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    client.force_login(coordinator)
    page = client.get(reverse("academy:application-detail", args=[application.pk]))
    text = page.content.decode()
    assert "Places taken: 2 / 2." in text
    assert 'name="over_capacity"' in text
    url = reverse("academy:application-decide", args=[application.pk])
    client.post(url, {"decision": "accepted"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    client.post(url, {"decision": "accepted", "over_capacity": "1"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    # Waiting list and rejection never need a place.
    other = ApplicationFactory(edition=full_edition)
    services.application_decide(
        actor=coordinator, application=other, decision="waitlisted", notify=False
    )


def test_the_enrolment_form_and_the_api_ask_for_the_choice(
    client, coordinator, full_edition
) -> None:  # noqa: ANN001
    client.force_login(coordinator)
    url = reverse("academy:enrolment-create", args=[full_edition.pk])
    form = {
        "email": "new@example.org",
        "full_name": "New Person",
        "language_track": "pl",
        "enrolled_on": "2024-01-02",
    }
    page = client.post(url, form)
    assert page.status_code == 200
    assert "beyond" in page.content.decode()
    assert not Enrolment.objects.filter(user__email="new@example.org").exists()
    assert client.post(url, {**form, "over_capacity": "on"}).status_code == 302
    assert Enrolment.objects.filter(user__email="new@example.org").exists()

    api = f"/api/v1/editions/{full_edition.pk}/enrolments"
    refused = client.post(api, {"email": "api@example.org", "full_name": "A P"}, "application/json")
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    accepted = client.post(
        api,
        {"email": "api@example.org", "full_name": "A P", "over_capacity": True},
        "application/json",
    )
    assert accepted.status_code == 201


def _csv(count: int) -> bytes:
    lines = ["e-mail;full name"] + [f"person{n}@example.org;Person {n}" for n in range(count)]
    return "\n".join(lines).encode()


def test_the_import_dry_run_reports_the_capacity_and_writing_needs_the_choice(
    client,  # noqa: ANN001
    coordinator,  # noqa: ANN001
) -> None:
    edition = EditionFactory(capacity=2)
    result = services.participants_import(
        actor=coordinator, edition=edition, data=_csv(5), dry_run=True
    )
    assert result.ok and result.over_capacity == 3 and result.needs_confirmation
    refused = services.participants_import(
        actor=coordinator, edition=edition, data=_csv(5), dry_run=False
    )
    assert not refused.written
    assert Enrolment.objects.filter(edition=edition).count() == 0
    done = services.participants_import(
        actor=coordinator, edition=edition, data=_csv(5), dry_run=False, over_capacity=True
    )
    assert done.written
    assert Enrolment.objects.filter(edition=edition).count() == 5

    client.force_login(coordinator)
    other = EditionFactory(capacity=2)
    url = reverse("academy:participants-import", args=[other.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(
        url,
        {"action": "check", "file": SimpleUploadedFile("p.csv", _csv(5).replace(b"person", b"x"))},
    )
    text = page.content.decode()
    assert "The file is correct" not in text
    assert "would enrol 3 people beyond it" in text
    token = page.context["token"]
    client.post(url, {"action": "import", "token": token})
    assert Enrolment.objects.filter(edition=other).count() == 0
    response = client.post(url, {"action": "import", "token": token, "over_capacity": "1"})
    assert response.status_code == 302
    assert Enrolment.objects.filter(edition=other).count() == 5


def test_the_edition_page_shows_places_taken_with_a_warning(client, coordinator) -> None:  # noqa: ANN001
    edition = EditionFactory(capacity=2)
    EnrolmentFactory.create_batch(3, edition=edition)
    client.force_login(coordinator)
    text = client.get(reverse("academy:edition-detail", args=[edition.pk])).content.decode()
    assert "3 / 2" in text
    assert "1 person is enrolled beyond the capacity." in text


def test_the_import_command_reports_and_refuses_beyond_capacity(coordinator, tmp_path) -> None:  # noqa: ANN001
    import io

    from django.core.management import CommandError, call_command

    edition = EditionFactory(capacity=2)
    path = tmp_path / "people.csv"
    path.write_bytes(_csv(3))
    options = {"edition": edition.pk, "by": coordinator.email, "language": "en"}
    out = io.StringIO()
    call_command("import", "participants", str(path), dry_run=True, stdout=out, **options)
    assert "1 of them would be enrolled beyond it" in out.getvalue()
    with pytest.raises(CommandError, match="over-capacity"):
        call_command("import", "participants", str(path), stdout=io.StringIO(), **options)
    assert Enrolment.objects.filter(edition=edition).count() == 0
    call_command(
        "import", "participants", str(path), over_capacity=True, stdout=io.StringIO(), **options
    )
    assert Enrolment.objects.filter(edition=edition).count() == 3
