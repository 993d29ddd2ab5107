"""Broker names are public only with the broker's consent (decision 0608)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sib.accounts.services import api_token_create
from sib.brokerage import services
from sib.brokerage.models import BrokerProfile
from tests.brokerage.factories import broker, challenge, partner
from tests.conftest import bearer
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


def working_broker(name: str):  # noqa: ANN201
    coordinator = CoordinatorFactory()
    item = challenge(actor=coordinator)
    profile = broker(declared=("C1",))
    profile.user.full_name = name
    profile.user.save()
    introduction = services.introduction_propose(actor=coordinator, challenge=item, broker=profile)
    services.introduction_accept(actor=coordinator, introduction=introduction)
    return item, profile


def test_public_page_and_api_say_a_broker_without_consent(client) -> None:  # noqa: ANN001
    item, profile = working_broker("Zofia Brokerska")
    assert not BrokerProfile._meta.get_field("name_public").default
    url = reverse("brokerage:challenge", args=[item.pk])
    page = client.get(url).content.decode()
    assert "Zofia Brokerska" not in page and "a broker" in page
    detail = client.get(f"/api/v1/challenges/{item.pk}").json()
    assert detail["brokers"] == ["a broker"]
    # Consent given: the (cached) public page and the API show the name.
    profile.name_public = True
    profile.save()
    assert "Zofia Brokerska" in client.get(url).content.decode()
    assert client.get(f"/api/v1/challenges/{item.pk}").json()["brokers"] == ["Zofia Brokerska"]


def test_partners_read_the_name_only_with_consent(client) -> None:  # noqa: ANN001
    _item, profile = working_broker("Jan Ukryty")
    reader = partner()
    headers = bearer(api_token_create(actor=reader, user=reader)[1])
    names = [b["name"] for b in client.get("/api/v1/brokers", **headers).json()["items"]]
    assert "Jan Ukryty" not in names and "a broker" in names
    coordinator = CoordinatorFactory()
    headers = bearer(api_token_create(actor=coordinator, user=coordinator)[1])
    names = [b["name"] for b in client.get("/api/v1/brokers", **headers).json()["items"]]
    assert "Jan Ukryty" in names
