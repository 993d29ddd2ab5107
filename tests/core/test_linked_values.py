"""`sib.core.selectors.linked_values`: a many-to-many field's values for many rows in one query,
each list in the order `obj.<field>.all()` gives it (the lists and API rows rely on it)."""

from __future__ import annotations

import pytest

from sib.academy.models import Competence
from sib.brokerage.models import Challenge
from sib.core.models import SdgGoal, Theme
from sib.core.selectors import linked_values
from tests.brokerage.factories import challenge

pytestmark = pytest.mark.django_db


def test_values_per_row_in_the_linked_models_order(django_assert_num_queries) -> None:
    first = challenge(codes=("C3", "C1"))
    second = challenge(codes=())
    bare = challenge(codes=())
    themes = list(Theme.objects.order_by("-position", "-key")[:3])
    first.themes.set(themes)
    second.themes.set(themes[1:])
    bare.themes.clear()
    first.sdgs.set(SdgGoal.objects.filter(number__in=[13, 4, 1]))
    ids = [first.pk, second.pk, bare.pk]

    with django_assert_num_queries(1):
        keys = linked_values(Challenge, "themes", ids, "key")
    assert keys == {
        first.pk: [theme.key for theme in first.themes.all()],
        second.pk: [theme.key for theme in second.themes.all()],
    }
    # The reference data's order (position, key), not the order they were linked in.
    assert keys[first.pk] == [t.key for t in sorted(themes, key=lambda t: (t.position, t.key))]
    assert linked_values(Challenge, "sdgs", ids, "number") == {first.pk: [1, 4, 13]}
    assert linked_values(Challenge, "competences", ids, "code") == {
        first.pk: [c.code for c in Competence.objects.filter(code__in=["C1", "C3"])]
    }
    # Without `value`: the linked objects' ids.
    assert linked_values(Challenge, "themes", [second.pk]) == {
        second.pk: [theme.pk for theme in second.themes.all()]
    }


def test_no_rows_no_values() -> None:
    assert linked_values(Challenge, "themes", []) == {}
