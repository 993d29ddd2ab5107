"""Erasure: a person's identity is blanked everywhere while their credential still verifies
(our verifier and both independent ones) and the pilot statistics do not change."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from sib.accounts import services as account_services
from sib.accounts.models import User
from sib.core import pagecache
from sib.core.models import AuditEntry
from sib.credentials import services
from sib.credentials.models import Credential
from sib.credentials.verification import verify_document
from tests.credentials.factories import enrol
from tests.credentials.test_independent_verifiers import _dcc, _inputs, _openbadgeslib

pytestmark = pytest.mark.django_db

NAME = "Zofia Wymazywalna"


@pytest.fixture
def erased_setup(coordinator, edition):  # noqa: ANN001, ANN201
    pagecache.clear()
    enrolment = enrol(
        edition, full_name=NAME, gender="female", birth_year=1991, voivodeship="malopolskie"
    )
    enrol(edition, full_name="Adam Zostaje", gender="male", birth_year=1980)
    credential = services.credential_issue(actor=coordinator, enrolment=enrolment)
    return enrolment.user, credential


def _pages(client, edition, credential) -> dict[str, str]:  # noqa: ANN001
    urls = {
        "verification": f"/c/{credential.uuid}/",
        "edition credentials": reverse("credentials:edition", args=[edition.pk]),
        "edition": reverse("academy:edition-detail", args=[edition.pk]),
        "report": reverse("reports:edition-report", kwargs={"pk": edition.pk}),
        "report csv": reverse("reports:edition-csv", kwargs={"pk": edition.pk}),
    }
    result = {}
    for label, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (label, response.status_code)
        result[label] = response.content.decode()
    return result


def _erase(client, coordinator, person) -> None:  # noqa: ANN001
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:person-erase", args=[person.pk]),
        {"reason": "E-mail of 3 December asking for erasure", "confirm": "on"},
    )
    assert response.status_code == 302


def test_erasure_blanks_the_name_everywhere_and_keeps_the_statistics(
    client, coordinator, edition, erased_setup
) -> None:  # noqa: ANN001
    person, credential = erased_setup
    client.force_login(coordinator)
    before = _pages(client, edition, credential)
    assert NAME in before["verification"], before["verification"][-3000:]
    assert NAME in before["edition credentials"]

    _erase(client, coordinator, person)

    person.refresh_from_db()
    assert person.erased_at is not None and not person.is_active
    assert person.full_name == "" and NAME not in person.email
    assert person.gender == "female" and person.voivodeship == "malopolskie"
    assert person.birth_year != 1991  # coarsened within the same age group
    after = _pages(client, edition, credential)
    for label, html in after.items():
        assert NAME not in html, label
    # The statistics (the whole report as CSV, every figure of it) are unchanged.
    assert after["report csv"] == before["report csv"]
    # Exports: the person's own data download no longer names them.
    data = account_services.person_export(actor=coordinator, person=person)
    assert NAME not in json.dumps(data, ensure_ascii=False)
    entry = AuditEntry.objects.get(action="person.erase")
    assert entry.actor == coordinator and entry.object_id == str(person.pk)


def test_the_erased_persons_credential_still_verifies(client, coordinator, erased_setup) -> None:  # noqa: ANN001
    person, credential = erased_setup
    document_before = credential.document
    _erase(client, coordinator, person)
    credential = Credential.objects.get(pk=credential.pk)
    assert credential.document == document_before  # the signed document is kept, byte for byte
    assert credential.holder_name == ""
    assert verify_document(json.loads(credential.document)).verified
    document, did_document, status_list = _inputs(credential)
    assert _openbadgeslib(document, did_document, status_list) is None
    accepted = _dcc(document, did_document, status_list)
    assert accepted["verified"], accepted
    page = client.get(f"/c/{credential.uuid}/").content.decode()
    assert "verdict--valid" in page


def test_erasure_is_for_coordinators_and_happens_once(client, coordinator, erased_setup) -> None:  # noqa: ANN001
    person, _credential = erased_setup
    client.force_login(person)
    assert client.post(reverse("accounts:person-erase", args=[person.pk])).status_code == 403
    _erase(client, coordinator, person)
    erased_at = User.objects.get(pk=person.pk).erased_at
    account_services.person_erase(actor=coordinator, person=person, reason="again")
    assert User.objects.get(pk=person.pk).erased_at == erased_at
    assert AuditEntry.objects.filter(action="person.erase").count() == 1
    # The erased person can no longer sign in.
    assert not client.login(email=person.email, password="irrelevant")
