"""The history of the matching weights: who changed what, when (decision 0609)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sib.brokerage import matching, selectors, services
from tests.brokerage.factories import partner
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_version_says_who_changed_which_factor(client) -> None:  # noqa: ANN001
    first = CoordinatorFactory(full_name="Anna Koordynatorka")
    second = CoordinatorFactory(full_name="Piotr Koordynator")
    base = dict(matching.DEFAULT_WEIGHTS)
    services.weights_set(
        actor=first, weights={**base, "competence": 0.5}, note="więcej kompetencji"
    )
    services.weights_set(actor=second, weights={**base, "competence": 0.5, "load": 0.3}, note="")
    changes = selectors.weights_changes(actor=first)
    assert [c.version.created_by for c in changes] == [second, first]
    assert changes[0].changes == [("load", base["load"], 0.3)]
    assert changes[1].changes == [("competence", base["competence"], 0.5)]
    client.force_login(first)
    page = client.get(reverse("brokerage:weights-history")).content.decode()
    assert "Piotr Koordynator" in page and "Anna Koordynatorka" in page
    assert "0.10 → 0.30" in page and "więcej kompetencji" in page


def test_only_coordinators_read_the_history(client) -> None:  # noqa: ANN001
    url = reverse("brokerage:weights-history")
    assert client.get(url).status_code == 302
    for person in (UserFactory(), partner()):
        client.force_login(person)
        assert client.get(url).status_code == 403
