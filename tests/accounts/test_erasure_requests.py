"""Erasure requests (GDPR Art. 17): a person asks on their data page or a coordinator records a
request received another way; the answer is due within a month (Art. 12(3)); coordinators see
the open requests with their due dates and erase (through `person_erase`) or refuse with a
reason; the person is told by e-mail in their language; every step is in the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from sib.accounts import services
from sib.accounts.models import ErasureRequest, ErasureStatus, User, erasure_due_on
from sib.core.models import AuditEntry, OutboundEmail
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 5, 3), dt.date(2026, 6, 3)),
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),
        (dt.date(2026, 12, 15), dt.date(2027, 1, 15)),
    ],
)
def test_the_answer_is_due_one_month_after_receipt(received, due) -> None:  # noqa: ANN001
    assert erasure_due_on(received) == due


def _open(person: User) -> ErasureRequest:
    return ErasureRequest.objects.get(person=person, status=ErasureStatus.RECEIVED)


def test_a_person_asks_on_their_data_page_once(client) -> None:  # noqa: ANN001
    person = UserFactory(preferred_language="en")
    client.force_login(person)
    url = reverse("accounts:my-erasure-request")
    refused = client.post(url, {"note": "Please remove my data"})  # not confirmed
    assert refused.status_code == 400
    assert "confirm" in refused.context["erasure_form"].errors
    assert "Please remove my data" in refused.content.decode()  # what was typed comes back
    assert not ErasureRequest.objects.exists()

    assert client.post(url, {"note": "", "confirm": "on"}).status_code == 302
    request = _open(person)
    assert request.recorded_by == person
    assert request.due_on == erasure_due_on(timezone.localdate(request.received_at))
    page = client.get(reverse("accounts:my-data")).content.decode()
    with translation.override("en"):
        assert date_format(request.due_on) in page
    client.post(url, {"confirm": "on"})  # again: the month runs from the first receipt
    assert ErasureRequest.objects.count() == 1
    entry = AuditEntry.objects.get(action="erasure_request.receive")
    assert entry.actor == person and entry.object_id == str(request.pk)


def test_coordinators_see_open_requests_with_their_due_dates(client) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory(preferred_language="en")
    late = UserFactory(full_name="Late Asker")
    services.erasure_request_record(actor=late, person=late)
    ErasureRequest.objects.filter(person=late).update(due_on=dt.date(2020, 1, 1))
    fresh = UserFactory(full_name="Fresh Asker")
    request = services.erasure_request_record(actor=coordinator, person=fresh, note="letter")
    client.force_login(coordinator)
    page = client.get(reverse("accounts:erasure-requests")).content.decode()
    assert page.index("Late Asker") < page.index("Fresh Asker")  # the earliest due first
    with translation.override("en"):
        assert date_format(request.due_on) in page
    assert "overdue" in page and "letter" in page
    home = client.get("/").content.decode()
    assert reverse("accounts:erasure-requests") in home


def test_others_cannot_see_or_answer_requests(client) -> None:  # noqa: ANN001
    person = UserFactory()
    request = services.erasure_request_record(actor=person, person=person)
    for someone in (person, UserFactory()):
        client.force_login(someone)
        assert client.get(reverse("accounts:erasure-requests")).status_code == 403
        assert client.get(reverse("accounts:erasure-request", args=[request.pk])).status_code == 404
        complete = reverse("accounts:erasure-request-complete", args=[request.pk])
        assert client.post(complete, {"confirm": "on"}).status_code == 404
    request.refresh_from_db()
    assert request.is_open
    person.refresh_from_db()
    assert person.erased_at is None


def test_a_coordinator_does_not_answer_their_own_request(client) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    request = services.erasure_request_record(actor=coordinator, person=coordinator)
    client.force_login(coordinator)
    complete = reverse("accounts:erasure-request-complete", args=[request.pk])
    assert client.post(complete, {"confirm": "on"}).status_code == 403


def test_erasing_answers_the_request_and_tells_the_person_in_their_language(client) -> None:  # noqa: ANN001
    person = UserFactory(preferred_language="pl", email="asker@example.org")
    request = services.erasure_request_record(actor=person, person=person)
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    url = reverse("accounts:erasure-request-complete", args=[request.pk])
    assert client.post(url, {}).status_code == 400  # the confirmation is required
    assert client.post(url, {"confirm": "on"}).status_code == 302
    request.refresh_from_db()
    person.refresh_from_db()
    assert request.status == ErasureStatus.DONE and request.decided_by == coordinator
    assert person.erased_at is not None and person.email != "asker@example.org"
    email = OutboundEmail.objects.get(key=f"accounts:erasure-answer:{request.pk}")
    assert email.to == ["asker@example.org"] and email.language == "pl"
    assert "Twoje dane osobowe zostały usunięte" in email.subject  # the person's language
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"erasure_request.receive", "person.erase", "erasure_request.done"} <= actions
    assert client.post(url, {"confirm": "on"}).status_code == 400  # answered already


def test_refusing_needs_a_reason_and_tells_the_person_why(client) -> None:  # noqa: ANN001
    person = UserFactory(preferred_language="en", email="keeper@example.org")
    request = services.erasure_request_record(actor=person, person=person)
    client.force_login(CoordinatorFactory())
    url = reverse("accounts:erasure-request-refuse", args=[request.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "reason" in response.context["refuse_form"].errors
    reason = "The funder audit requires the records until 31 December 2028."
    assert client.post(url, {"reason": reason}).status_code == 302
    request.refresh_from_db()
    person.refresh_from_db()
    assert request.status == ErasureStatus.REFUSED and request.refusal_reason == reason
    assert person.erased_at is None
    email = OutboundEmail.objects.get(key=f"accounts:erasure-answer:{request.pk}")
    assert email.to == ["keeper@example.org"] and reason in email.text
    assert AuditEntry.objects.filter(action="erasure_request.refuse").exists()
    client.force_login(person)
    assert reason in client.get(reverse("accounts:my-data")).content.decode()


def test_a_coordinator_records_a_request_made_by_letter(client) -> None:  # noqa: ANN001
    person = UserFactory()
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    url = reverse("accounts:person-erasure-record", args=[person.pk])
    assert client.post(url, {"note": ""}).status_code == 400
    response = client.post(url, {"note": "letter received 5 May"})
    request = _open(person)
    assert response.url == reverse("accounts:erasure-request", args=[request.pk])
    assert request.recorded_by == coordinator and request.note == "letter received 5 May"
    page = client.get(reverse("accounts:person-privacy", args=[person.pk])).content.decode()
    assert reverse("accounts:erasure-request", args=[request.pk]) in page


def test_the_direct_erasure_is_recorded_as_an_answered_request(client) -> None:  # noqa: ANN001
    person = UserFactory()
    client.force_login(CoordinatorFactory())
    url = reverse("accounts:person-erase", args=[person.pk])
    assert client.post(url, {"reason": "e-mail of 3 May", "confirm": "on"}).status_code == 302
    request = ErasureRequest.objects.get(person=person)
    assert request.status == ErasureStatus.DONE and request.note == "e-mail of 3 May"
    # Erased already: a second attempt says so instead of failing.
    assert client.post(url, {"reason": "again", "confirm": "on"}).status_code == 302
    assert ErasureRequest.objects.filter(person=person).count() == 1
