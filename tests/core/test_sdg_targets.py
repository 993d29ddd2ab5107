"""The 169 SDG targets ship with the install (decision 0706): every goal's targets, numbered as
the UN numbers them, with a title in Polish and in English; the data migration is idempotent."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.utils import translation

from sib.core.models import SdgGoal, SdgTarget

pytestmark = pytest.mark.django_db

# The UN's numbering: per goal, the numbered targets and the lettered means of implementation.
NUMBERED_AND_LETTERED = {
    1: (5, 2), 2: (5, 3), 3: (9, 4), 4: (7, 3), 5: (6, 3), 6: (6, 2), 7: (3, 2), 8: (10, 2),
    9: (5, 3), 10: (7, 3), 11: (7, 3), 12: (8, 3), 13: (3, 2), 14: (7, 3), 15: (9, 3),
    16: (10, 2), 17: (19, 0),
}  # fmt: skip


def test_all_169_targets_belong_to_their_goal_with_both_titles():
    assert SdgTarget.objects.count() == 169
    for goal in SdgGoal.objects.prefetch_related("targets"):
        codes = [target.code for target in goal.targets.all()]
        numbered, lettered = NUMBERED_AND_LETTERED[goal.number]
        expected = [f"{goal.number}.{n}" for n in range(1, numbered + 1)] + [
            f"{goal.number}.{letter}" for letter in "abcd"[:lettered]
        ]
        assert codes == expected
    for target in SdgTarget.objects.all():
        assert target.title_pl and target.title_en and target.title_pl != target.title_en
        assert re.fullmatch(r"\d{1,2}\.(\d{1,2}|[a-d])", target.code)
    four_four = SdgTarget.objects.get(code="4.4")
    with translation.override("en"):
        assert str(four_four) == "4.4 Relevant skills for decent work"
    with translation.override("pl"):
        assert four_four.title == "Umiejętności potrzebne do godnej pracy"


def test_the_data_migration_is_idempotent():
    module = importlib.import_module("sib.core.migrations.0008_reference_sdg_targets")
    module.create(apps, None)
    assert SdgTarget.objects.count() == 169
    assert list(SdgTarget.objects.values_list("position", flat=True)) == list(range(1, 170))
