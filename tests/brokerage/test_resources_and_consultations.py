"""Pages for partners' resources and new consultations (decision 0607): who may open what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sib.accounts.models import Organisation
from sib.brokerage.models import Consultation, Resource
from tests.brokerage.factories import challenge, partner
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def resource_data(**extra):  # noqa: ANN003, ANN201
    data = {
        "kind": "funding",
        "title_pl": "Mikrogranty",
        "title_en": "Micro-grants",
        "regions": ["malopolskie"],
        "deadline": "2027-03-01",
        "active": "on",
    }
    data.update(extra)
    return data


def test_a_partner_manages_only_their_organisations_resources(client) -> None:  # noqa: ANN001
    owner = partner()
    other = partner()
    client.force_login(owner)
    response = client.post(reverse("brokerage:resource-create"), resource_data())
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.organisation_id == owner.partner_for_id
    assert resource.title_en == "Micro-grants" and resource.regions == ["malopolskie"]
    listed = client.get(reverse("brokerage:resources")).content.decode()
    assert "Micro-grants" in listed or "Mikrogranty" in listed
    edit = reverse("brokerage:resource-edit", args=[resource.pk])
    client.post(edit, resource_data(title_en="Micro-grants 2027", active=""))
    resource.refresh_from_db()
    assert resource.title_en == "Micro-grants 2027" and not resource.active

    client.force_login(other)
    assert client.get(edit).status_code == 404
    assert client.post(edit, resource_data(title_en="taken")).status_code == 404
    page = client.get(reverse("brokerage:resources")).content.decode()
    assert "Micro-grants" not in page and "Mikrogranty" not in page
    client.force_login(UserFactory())
    for name in ("brokerage:resources", "brokerage:resource-create"):
        assert client.get(reverse(name)).status_code == 403
    assert client.get(edit).status_code == 403
    client.logout()
    assert client.get(reverse("brokerage:resources")).status_code == 302


def test_a_resource_needs_a_title_and_keeps_what_was_typed(client) -> None:  # noqa: ANN001
    client.force_login(partner())
    response = client.post(
        reverse("brokerage:resource-create"),
        resource_data(title_pl="", title_en="", description_en="Kept text"),
    )
    assert response.status_code == 200
    assert "Kept text" in response.content.decode()
    assert not Resource.objects.exists()


def test_a_coordinator_chooses_the_organisation(client) -> None:  # noqa: ANN001
    organisation = Organisation.objects.create(name="Fundacja Testowa")
    client.force_login(CoordinatorFactory())
    client.post(reverse("brokerage:resource-create"), resource_data(organisation=organisation.pk))
    assert Resource.objects.get().organisation == organisation


def test_consultations_are_created_on_ones_own_challenges(client) -> None:  # noqa: ANN001
    owner = partner()
    coordinator = CoordinatorFactory()
    own = challenge(actor=coordinator, organisation=owner.partner_for)
    foreign = challenge(actor=coordinator)
    data = {
        "title_pl": "Konsultacja",
        "opens_at": "2027-01-10T10:00",
        "closes_at": "2027-02-10T10:00",
        "published": "on",
    }
    url = reverse("brokerage:consultation-create")
    client.force_login(owner)
    assert client.post(url, {**data, "challenge": foreign.pk}).status_code == 200
    assert client.post(url, data).status_code == 200  # a partner names their challenge
    assert not Consultation.objects.exists()
    response = client.post(url, {**data, "challenge": own.pk})
    assert response.status_code == 302
    created = Consultation.objects.get()
    assert created.challenge == own and created.voivodeship == own.voivodeship
    # Closing before opening is refused with the dates kept.
    response = client.post(url, {**data, "challenge": own.pk, "closes_at": "2027-01-01T10:00"})
    assert response.status_code == 200 and "2027-01-01" in response.content.decode()
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    assert client.post(url, data).status_code == 302  # a topic, without a challenge
    assert Consultation.objects.filter(challenge__isnull=True).count() == 1


def test_the_consultation_form_lists_only_recent_challenges_and_an_older_one_comes_from_its_page(
    client,  # noqa: ANN001
    monkeypatch,  # noqa: ANN001
) -> None:
    """At scale M the coordinator's list held every challenge (1000): 22 x the trivial view."""
    from sib.brokerage import selectors

    monkeypatch.setattr(selectors, "CONSULTATION_CHOICES", 2)
    coordinator = CoordinatorFactory()
    oldest, middle, newest = (challenge(actor=coordinator, title_en=f"C{n}") for n in range(3))
    url = reverse("brokerage:consultation-create")
    client.force_login(coordinator)
    options = client.get(url).context["form"]["challenge"].field.widget.choices
    assert [value for value, _label in options if value] == [newest.pk, middle.pk]
    # The older challenge's page links to the form with it chosen, and the form lists it.
    page = client.get(reverse("brokerage:challenge", args=[oldest.pk])).content.decode()
    assert f"{url}?challenge={oldest.pk}" in page
    chosen = client.get(url, {"challenge": oldest.pk}).context["form"]
    assert oldest.pk in [value for value, _label in chosen["challenge"].field.widget.choices]
    data = {"title_en": "On C0", "opens_at": "2027-01-10T10:00", "closes_at": "2027-02-10T10:00"}
    assert client.post(url, {**data, "challenge": oldest.pk}).status_code == 302
    assert Consultation.objects.get().challenge == oldest
    # No link for a visitor or a partner of another organisation.
    client.logout()
    assert (
        f"{url}?challenge="
        not in client.get(reverse("brokerage:challenge", args=[oldest.pk])).content.decode()
    )
    client.force_login(partner())
    assert (
        f"{url}?challenge="
        not in client.get(reverse("brokerage:challenge", args=[oldest.pk])).content.decode()
    )
