"""Every statistic against values computed by hand (see the comments)."""

from __future__ import annotations

import pytest

from sib.surveys.stats import nps, paired_change, pool, summarise, suppressed_keys

# The pilot's counts of 5/4/3/2/1 (DEMO-DATA.md).
PILOT = {
    "S1": {5: 12, 4: 11, 3: 2},
    "S2": {5: 10, 4: 10, 3: 5},
    "S3": {5: 8, 4: 12, 3: 4, 2: 1},
    "S4": {5: 11, 4: 11, 3: 3},
    "U1": {5: 13, 4: 11, 3: 1},
    "U2": {5: 15, 4: 9, 3: 1},
    "U3": {5: 13, 4: 10, 3: 2},
    "U4": {5: 12, 4: 11, 3: 2},
}


def test_item_mean_and_sample_sd() -> None:
    # S1: mean 110/25 = 4.40; squares 12·0.36 + 11·0.16 + 2·1.96 = 10.00; SD = √(10/24) = 0.6455
    s1 = summarise(PILOT["S1"], range(1, 6))
    assert s1.n == 25
    assert s1.mean == pytest.approx(4.40)
    assert s1.sd == pytest.approx(0.645497, abs=1e-6)
    assert s1.distribution == {1: 0, 2: 0, 3: 2, 4: 11, 5: 12}
    # S3: mean 102/25 = 4.08; squares 8·0.8464 + 12·0.0064 + 4·1.1664 + 4.3264 = 15.84; √(15.84/24)
    s3 = summarise(PILOT["S3"])
    assert s3.mean == pytest.approx(4.08)
    assert s3.sd == pytest.approx((15.84 / 24) ** 0.5)


def test_every_pilot_item_mean() -> None:
    expected = {
        "S1": 4.40,
        "S2": 4.20,
        "S3": 4.08,
        "S4": 4.32,
        "U1": 4.48,
        "U2": 4.56,
        "U3": 4.44,
        "U4": 4.40,
    }
    for code, mean in expected.items():
        assert summarise(PILOT[code]).mean == pytest.approx(mean), code


def test_scales_and_overall_pool_every_answer() -> None:
    structure = summarise(pool(PILOT[c] for c in ("S1", "S2", "S3", "S4")))
    usefulness = summarise(pool(PILOT[c] for c in ("U1", "U2", "U3", "U4")))
    overall = summarise(pool(PILOT.values()))
    assert (structure.n, structure.total, structure.mean) == (100, 425, pytest.approx(4.25))
    assert (usefulness.n, usefulness.total, usefulness.mean) == (100, 447, pytest.approx(4.47))
    assert (overall.n, overall.total, overall.mean) == (200, 872, pytest.approx(4.36))


def test_degenerate_distributions() -> None:
    assert summarise({}).mean is None
    assert summarise({}, range(1, 6)).distribution == dict.fromkeys(range(1, 6), 0)
    one = summarise({4: 1})
    assert (one.n, one.mean, one.sd) == (1, 4.0, None)
    same = summarise({3: 5})
    assert same.sd == 0.0


def test_net_promoter_score() -> None:
    # 5 promoters (9–10), 4 detractors (0–6) of 10 → +10
    assert nps({10: 3, 9: 2, 8: 1, 6: 2, 0: 2}) == pytest.approx(10.0)
    assert nps({}) is None


def test_paired_change() -> None:
    # before 2, 3, 1 → 2.0; after 4, 3, 4 → 3.667; changes 2, 0, 3: mean 5/3, SD √(14/3 / 2) = 1.5275
    change = paired_change([(2, 4), (3, 3), (1, 4)])
    assert change.n == 3
    assert change.mean_before == pytest.approx(2.0)
    assert change.mean_after == pytest.approx(11 / 3)
    assert change.mean_change == pytest.approx(5 / 3)
    assert change.sd_change == pytest.approx(1.527525, abs=1e-6)
    assert paired_change([]).n == 0


def test_small_groups_are_suppressed_with_a_second_group_when_needed() -> None:
    # one group under 5: it and the next smallest are hidden (else total − others reveals it)
    assert suppressed_keys({"a": 10, "b": 3, "c": 7}) == {"b", "c"}
    # two groups under 5: each hides the other
    assert suppressed_keys({"a": 10, "b": 3, "c": 2}) == {"b", "c"}
    assert suppressed_keys({"a": 10, "b": 5}) == set()
    assert suppressed_keys({"a": 4}) == {"a"}
    assert suppressed_keys({"a": 0, "b": 9}) == set()
