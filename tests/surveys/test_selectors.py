from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sib.academy.models import StaffRole
from sib.surveys import selectors
from tests.factories import CoordinatorFactory, EditionStaffFactory, UserFactory
from tests.surveys.factories import answer, evaluation

pytestmark = pytest.mark.django_db


def _answer_many(instrument, items, rows, **person):  # noqa: ANN001, ANN003, ANN202
    for s1, s2, u1 in rows:
        answer(
            instrument, UserFactory(**person), {items["S1"]: s1, items["S2"]: s2, items["U1"]: u1}
        )


def test_results_per_item_scale_and_overall_match_hand_computation() -> None:
    instrument, items = evaluation()
    # S1: 5,4,4 → 13/3; S2: 3,3,5 → 11/3; U1: 2,4,5 → 11/3; scale S pools 6 answers: 24/6 = 4
    _answer_many(instrument, items, [(5, 3, 2), (4, 3, 4), (4, 5, 5)])
    answer(instrument, UserFactory(), {items["S1"]: 1}, submit=False)  # a draft does not count
    results = selectors.instrument_results(actor=CoordinatorFactory(), instrument=instrument)
    by_code = {r.item.code: r for r in results.items}
    assert results.submitted == 3 and results.drafts == 1 and results.invited == 4
    assert by_code["S1"].summary.mean == pytest.approx(13 / 3)
    assert by_code["S1"].summary.distribution == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}
    # S2 = 3, 3, 5: mean 11/3, SD √((4/9 + 4/9 + 16/9) / 2) = √(4/3)
    assert by_code["S2"].summary.sd == pytest.approx((4 / 3) ** 0.5)
    scales = {s.code: s.summary for s in results.scales}
    assert scales["S"].n == 6 and scales["S"].mean == pytest.approx(4.0)
    assert scales["U"].mean == pytest.approx(11 / 3)
    assert results.overall.n == 9 and results.overall.mean == pytest.approx(35 / 9)


def test_free_text_answers_are_listed_without_names() -> None:
    instrument, items = evaluation()
    person = UserFactory(full_name="Secret Person")
    answer(
        instrument,
        person,
        {items["S1"]: 5, items["S2"]: 5, items["U1"]: 5, items["Q1"]: "Więcej warsztatów"},
    )
    results = selectors.instrument_results(actor=CoordinatorFactory(), instrument=instrument)
    assert [r.texts for r in results.texts] == [["Więcej warsztatów"]]


def test_segments_hide_groups_under_five_and_one_more() -> None:
    instrument, items = evaluation()
    _answer_many(instrument, items, [(5, 5, 5)] * 6, gender="woman")
    _answer_many(instrument, items, [(4, 4, 4)] * 5, gender="man")
    _answer_many(instrument, items, [(1, 1, 1)] * 2, gender="another")
    (table,) = selectors.segments(
        actor=CoordinatorFactory(), instruments=[instrument], dimensions=["gender"]
    )
    rows = {row.value: row for row in table.rows}
    assert rows["another"].suppressed and rows["another"].overall is None
    assert rows["man"].suppressed  # else 13 − 6 − 5 would reveal the two
    assert not rows["woman"].suppressed
    assert rows["woman"].overall.mean == pytest.approx(5.0)
    assert rows["woman"].scale_means == {"S": pytest.approx(5.0), "U": pytest.approx(5.0)}


def test_segments_shown_when_every_group_has_five() -> None:
    instrument, items = evaluation()
    _answer_many(instrument, items, [(5, 4, 3)] * 5, voivodeship="malopolskie")
    _answer_many(instrument, items, [(2, 2, 2)] * 5, voivodeship="slaskie")
    (table,) = selectors.segments(
        actor=CoordinatorFactory(), instruments=[instrument], dimensions=["voivodeship"]
    )
    means = {row.value: row.overall.mean for row in table.rows}
    assert means == {"malopolskie": pytest.approx(4.0), "slaskie": pytest.approx(2.0)}


def test_self_assessment_paired_change() -> None:
    before, before_items = evaluation(kind="self_assessment", phase="before", anonymous=False)
    after, after_items = evaluation(
        kind="self_assessment", phase="after", baseline=before, anonymous=False
    )
    a, b, c = UserFactory(full_name="Anna"), UserFactory(full_name="Bartek"), UserFactory()
    for person, old, new in ((a, (2, 2, 2), (4, 4, 4)), (b, (3, 3, 3), (3, 4, 5))):
        answer(
            before,
            person,
            dict(zip([before_items[k] for k in ("S1", "S2", "U1")], old, strict=True)),
        )
        answer(
            after, person, dict(zip([after_items[k] for k in ("S1", "S2", "U1")], new, strict=True))
        )
    answer(
        after, c, {after_items["S1"]: 5, after_items["S2"]: 5, after_items["U1"]: 5}
    )  # no baseline
    change = selectors.self_assessment_change(actor=CoordinatorFactory(), after=after)
    assert change.pairs == 2
    s1 = next(x for x in change.competences if x.code == "S1")
    # S1: (2→4), (3→3): before 2.5, after 3.5, change 1.0, SD √((1² + 1²) / 1) = √2
    assert (s1.change.mean_before, s1.change.mean_after) == (2.5, 3.5)
    assert s1.change.sd_change == pytest.approx(2**0.5)
    people = {p.name: p.change for p in change.people}
    assert people == {"Anna": pytest.approx(2.0), "Bartek": pytest.approx(1.0)}
    assert change.overall.mean_change == pytest.approx(1.5)


def test_staff_of_another_edition_and_participants_cannot_see_results() -> None:
    instrument, _items = evaluation()
    other = EditionStaffFactory(role=StaffRole.TRAINER)
    own = EditionStaffFactory(edition=instrument.edition, role=StaffRole.MENTOR)
    participant = UserFactory()
    with pytest.raises(Http404):
        selectors.instrument_get(actor=other.user, instrument_id=instrument.pk)
    with pytest.raises(Http404):
        selectors.instrument_get(actor=participant, instrument_id=instrument.pk)
    with pytest.raises(PermissionDenied):
        selectors.instrument_results(actor=participant, instrument=instrument)
    assert selectors.instrument_get(actor=own.user, instrument_id=instrument.pk) == instrument


@pytest.mark.parametrize("respondents", [1, 25])
def test_results_take_a_fixed_number_of_queries(respondents, django_assert_num_queries) -> None:  # noqa: ANN001
    instrument, items = evaluation()
    _answer_many(instrument, items, [(5, 4, 3)] * respondents)
    coordinator = CoordinatorFactory()
    with django_assert_num_queries(8):
        selectors.instrument_results(actor=coordinator, instrument=instrument)


def test_survey_list_counts_each_survey_without_joining_invitations_to_responses() -> None:
    """The list counted invited × answered rows per survey before DISTINCT (36 × at scale M)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    instrument, items = evaluation()
    _answer_many(instrument, items, [(5, 3, 2), (4, 3, 4), (4, 5, 5)])
    answer(instrument, UserFactory(), {items["S1"]: 1}, submit=False)
    empty, _items = evaluation()
    with CaptureQueriesContext(connection) as captured:
        rows = {row.pk: row for row in selectors.instrument_list(actor=CoordinatorFactory())}
    assert (rows[instrument.pk].invited, rows[instrument.pk].submitted) == (4, 3)
    assert (rows[empty.pk].invited, rows[empty.pk].submitted) == (0, 0)
    listing = next(q["sql"] for q in captured.captured_queries if "surveys_instrument" in q["sql"])
    assert "DISTINCT" not in listing
    assert 'JOIN "surveys_invitation"' not in listing and 'JOIN "surveys_response"' not in listing
