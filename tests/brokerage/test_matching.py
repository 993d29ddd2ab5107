"""The engine alone: hard filters, factors, and the batch optimum against brute force."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sib.brokerage import matching
from sib.brokerage.matching import BrokerTable, ChallengeRow, Pairs


def table(n: int, **columns) -> BrokerTable:
    base = {
        "ids": np.arange(1, n + 1, dtype=np.int64),
        "regions": np.full(n, matching.region_mask(["malopolskie"]), dtype=np.uint64),
        "home_region": np.full(n, matching.VOIVODESHIPS.index("malopolskie"), dtype=np.int16),
        "home_gmina": np.zeros(n, dtype=np.int32),
        "remote": np.zeros(n, dtype=bool),
        "languages": np.full(n, matching.language_mask(["pl"]), dtype=np.uint64),
        "proven": np.zeros(n, dtype=np.uint64),
        "declared": np.zeros(n, dtype=np.uint64),
        "themes": np.zeros(n, dtype=np.uint64),
        "stages": np.zeros(n, dtype=np.uint64),
        "experience": np.zeros(n, dtype=np.float64),
        "capacity": np.full(n, 2, dtype=np.int32),
        "capacity_left": np.full(n, 2, dtype=np.int32),
        "eligible": np.ones(n, dtype=bool),
        "competence_codes": {0: "C1", 1: "C2", 2: "C3"},
        "theme_names": {0: "ageing", 1: "health"},
    }
    base.update(columns)
    return BrokerTable(**base)


def challenge(**fields) -> ChallengeRow:
    base = {
        "id": 1,
        "region": matching.VOIVODESHIPS.index("malopolskie"),
        "gmina": 0,
        "languages": matching.language_mask(["pl"]),
        "competences": 0b011,
        "themes": 0b01,
        "stage": 1,
        "organisation_id": None,
        "demand": 1,
    }
    base.update(fields)
    return ChallengeRow(**base)


def test_hard_filters_each_exclude():
    brokers = table(
        7,
        eligible=np.array([1, 0, 1, 1, 1, 1, 1], dtype=bool),  # 2: no consent
        capacity_left=np.array([2, 2, 0, 2, 2, 2, 2], dtype=np.int32),  # 3: full
        regions=np.array(
            [matching.region_mask(["malopolskie"])] * 3 + [matching.region_mask(["slaskie"])] * 4,
            dtype=np.uint64,
        ),
        remote=np.array([0, 0, 0, 0, 1, 1, 1], dtype=bool),  # 4: wrong region; 5-7 remote
        languages=np.array([1, 1, 1, 1, 1, matching.language_mask(["en"]), 1], dtype=np.uint64),
        conflicts={42: [6]},
        introduced={1: [4]},
    )
    ok = matching.feasible(challenge(organisation_id=42), brokers)
    # 1 passes; 2 no consent; 3 full; 4 outside the region; 5 already introduced;
    # 6 no shared language; 7 conflict of interest.
    assert ok.tolist() == [True, False, False, False, False, False, False]


def test_factors_and_reasons():
    brokers = table(
        2,
        proven=np.array([0b001, 0], dtype=np.uint64),
        declared=np.array([0b010, 0b011], dtype=np.uint64),
        themes=np.array([0b01, 0], dtype=np.uint64),
        stages=np.array([0b10, 0], dtype=np.uint64),
        experience=np.array([0.5, 0.0]),
        capacity_left=np.array([1, 2], dtype=np.int32),
    )
    found = matching.top_k(challenge(), brokers, matching.DEFAULT_WEIGHTS, 10)
    assert [s.broker_id for s in found] == [1, 2]
    first = {f["name"]: f for f in found[0].factors}
    assert first["competence"]["value"] == 0.75  # C1 proven, C2 declared (half)
    assert first["competence"]["data"] == {"proven": ["C1"], "declared": ["C2"], "missing": []}
    assert first["themes"]["value"] == 1.0
    assert first["stage"]["value"] == 1.0
    assert first["load"]["value"] == 0.5
    # The score is the weighted sum of the stored factors.
    total = sum(f["weight"] * f["value"] for f in found[0].factors)
    assert abs(found[0].score - total) < 1e-3
    text = matching.explain(found[0].factors, found[0].languages)
    assert "certified in C1" in text and "declares C2 (not certified)" in text
    assert "speaks Polish" in text and "works in" in text


def test_place_prefers_the_same_municipality():
    brokers = table(
        3,
        home_gmina=np.array([5, 0, 0], dtype=np.int32),
        regions=np.array([1 << 5, 1 << 5, 0], dtype=np.uint64),
        remote=np.array([0, 0, 1], dtype=bool),
    )
    values = matching.factor_values(challenge(gmina=5), brokers)
    assert values["place"].tolist() == [1.0, 0.7, 0.3]


def brute_force(pairs: Pairs, demand, capacity, even_load: bool) -> float:
    best = 0.0
    n = len(pairs.challenge)
    for chosen in itertools.product((0, 1), repeat=n):
        used_c = np.zeros(len(demand), int)
        used_b = np.zeros(len(capacity), int)
        total = 0.0
        for i, take in enumerate(chosen):
            if take:
                used_c[pairs.challenge[i]] += 1
                used_b[pairs.broker[i]] += 1
                total += pairs.points[i] / matching.SCALE
        if (used_c > demand).any() or (used_b > capacity).any():
            continue
        if even_load:
            total -= matching.EVEN_LOAD_PENALTY * sum(k * (k - 1) / 2 for k in used_b)
        best = max(best, total)
    return best


@st.composite
def problems(draw):
    n_c = draw(st.integers(1, 4))
    n_b = draw(st.integers(1, 4))
    cells = [(c, b) for c in range(n_c) for b in range(n_b)]
    chosen = draw(st.lists(st.sampled_from(cells), unique=True, max_size=11))
    scores = draw(st.lists(st.integers(0, 10_000), min_size=len(chosen), max_size=len(chosen)))
    demand = draw(st.lists(st.integers(0, 3), min_size=n_c, max_size=n_c))
    capacity = draw(st.lists(st.integers(0, 3), min_size=n_b, max_size=n_b))
    pairs = Pairs(
        np.array([c for c, _b in chosen], dtype=np.int32),
        np.array([b for _c, b in chosen], dtype=np.int32),
        np.array(scores, dtype=np.int32),
    )
    return pairs, np.array(demand), np.array(capacity)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.booleans(), st.sampled_from([0, 1]))
def test_batch_total_equals_brute_force(problem, even_load, start):
    pairs, demand, capacity = problem
    chosen = matching.assign(
        pairs, demand, capacity, even_load=even_load, start_per_challenge=start
    )
    used_c = np.bincount(pairs.challenge[chosen], minlength=len(demand))
    used_b = np.bincount(pairs.broker[chosen], minlength=len(capacity))
    assert (used_c <= demand).all() and (used_b <= capacity).all()
    total = pairs.points[chosen].sum() / matching.SCALE
    if even_load:
        total -= matching.EVEN_LOAD_PENALTY * sum(k * (k - 1) / 2 for k in used_b)
    assert abs(total - brute_force(pairs, demand, capacity, even_load)) < 1e-6


def test_even_load_spreads_the_work():
    # One strong broker could take both challenges; even load gives the second to another.
    pairs = Pairs(
        np.array([0, 1, 0, 1], np.int32),
        np.array([0, 0, 1, 1], np.int32),
        np.array([9000, 9000, 8500, 8500], np.int32),
    )
    plain = matching.assign(pairs, [1, 1], [2, 2])
    even = matching.assign(pairs, [1, 1], [2, 2], even_load=True)
    assert sorted(pairs.broker[plain].tolist()) == [0, 0]
    assert sorted(pairs.broker[even].tolist()) == [0, 1]


def random_batch(seed: int, n_b: int = 30, n_c: int = 40):
    """Brokers and challenges spread over three voivodeships, two languages, a few municipalities,
    organisations with conflicts and earlier introductions: every branch of the filters."""
    rng = random.Random(seed)
    regions = [matching.VOIVODESHIPS.index(code) for code in ("malopolskie", "slaskie", "opolskie")]
    served = [rng.sample(regions, rng.randint(1, 2)) for _ in range(n_b)]
    brokers = table(
        n_b,
        regions=np.array([matching._bits(r) for r in served], dtype=np.uint64),
        home_region=np.array([r[0] for r in served], dtype=np.int16),
        home_gmina=np.array([rng.randint(0, 3) for _ in range(n_b)], dtype=np.int32),
        remote=np.array([rng.random() < 0.2 for _ in range(n_b)], dtype=bool),
        languages=np.array(
            [
                matching.language_mask(rng.choice([["pl"], ["en"], ["pl", "en"]]))
                for _ in range(n_b)
            ],
            dtype=np.uint64,
        ),
        proven=np.array(
            [matching._bits(rng.sample(range(3), rng.randint(0, 2))) for _ in range(n_b)],
            dtype=np.uint64,
        ),
        declared=np.array(
            [matching._bits(rng.sample(range(3), rng.randint(0, 3))) for _ in range(n_b)],
            dtype=np.uint64,
        ),
        themes=np.array(
            [matching._bits(rng.sample(range(2), rng.randint(0, 2))) for _ in range(n_b)],
            dtype=np.uint64,
        ),
        stages=np.array(
            [matching._bits(rng.sample(range(1, 7), rng.randint(0, 2))) for _ in range(n_b)],
            dtype=np.uint64,
        ),
        experience=np.array([rng.randint(0, 10) / 10 for _ in range(n_b)]),
        capacity=np.array([rng.randint(1, 3) for _ in range(n_b)], dtype=np.int32),
        eligible=np.array([rng.random() < 0.9 for _ in range(n_b)], dtype=bool),
        conflicts={7: rng.sample(range(n_b), 3)},
        introduced={3: rng.sample(range(n_b), 4)},
    )
    brokers.capacity_left = np.array([rng.randint(0, c) for c in brokers.capacity], dtype=np.int32)
    challenges = [
        challenge(
            id=i + 1,
            region=rng.choice([*regions, -1]),
            gmina=rng.randint(0, 3),
            languages=matching.language_mask(rng.choice([[], ["pl"], ["en"]])),
            competences=matching._bits(rng.sample(range(3), rng.randint(0, 3))),
            themes=matching._bits(rng.sample(range(2), rng.randint(0, 2))),
            stage=rng.randint(1, 6),
            organisation_id=rng.choice([None, 7, 8]),
            demand=rng.randint(0, 3),
        )
        for i in range(n_c)
    ]
    weights = {name: rng.randint(0, 5) for name in matching.FACTORS}
    return brokers, challenges, weights


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 100_000))
def test_grouped_scoring_equals_scoring_each_challenge(seed):
    brokers, challenges, weights = random_batch(seed)
    expected = matching.feasible_pairs(challenges, brokers, weights)
    scored = matching.score_all(challenges, brokers, weights)
    got = scored.all_pairs()
    assert got.challenge.tolist() == expected.challenge.tolist()
    assert got.broker.tolist() == expected.broker.tolist()
    assert got.points.tolist() == expected.points.tolist()
    assert scored.pairs == len(expected.challenge)
    counts = np.bincount(expected.challenge, minlength=len(challenges))
    assert scored.feasible_count.tolist() == counts.tolist()


def _outcome(pairs_or_result, chosen=None):
    if chosen is None:
        return int(pairs_or_result.points.sum()), len(pairs_or_result.points)
    return int(pairs_or_result.points[chosen].sum()), len(chosen)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 100_000), st.booleans())
def test_pruned_batch_equals_the_solve_over_every_pair(seed, even_load):
    brokers, challenges, weights = random_batch(seed, n_b=25, n_c=50)
    pairs = matching.feasible_pairs(challenges, brokers, weights)
    demand = [c.demand for c in challenges]
    full = matching.assign(pairs, demand, brokers.capacity_left, even_load=even_load)
    with pytest.MonkeyPatch.context() as patch:
        # Prune hard so that the certificate, not the first round, decides.
        patch.setattr(matching, "PRUNE_ABOVE", 0)
        patch.setattr(matching, "KEEP_EXTRA", 0)
        patch.setattr(matching, "KEEP_PER_BROKER", 1)
        patch.setattr(matching, "ENTER_MARGIN", 0)
        result = matching.solve_batch(challenges, brokers, weights, even_load=even_load)
    used_c = np.bincount(result.challenge, minlength=len(challenges))
    used_b = np.bincount(result.broker, minlength=len(brokers))
    assert (used_c <= np.maximum(demand, 0)).all() and (used_b <= brokers.capacity_left).all()
    if even_load:
        penalty = lambda used: sum(k * (k - 1) // 2 for k in used) * 1000  # noqa: E731
        full_used = np.bincount(pairs.broker[full], minlength=len(brokers))
        assert int(result.points.sum()) - penalty(used_b) == int(
            pairs.points[full].sum()
        ) - penalty(full_used)
    else:
        assert _outcome(result) == _outcome(pairs, full)
    assert result.pairs == len(pairs.challenge)


def test_pruned_batch_proves_its_optimum_without_every_pair():
    proved = 0
    for seed in range(15):
        brokers, challenges, weights = random_batch(seed, n_b=40, n_c=60)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(matching, "PRUNE_ABOVE", 0)
            patch.setattr(matching, "KEEP_EXTRA", 0)
            patch.setattr(matching, "KEEP_PER_BROKER", 1)
            result = matching.solve_batch(challenges, brokers, weights)
        proved += result.solved_pairs < result.pairs and result.rounds <= matching.MAX_ROUNDS
    assert proved > 0


def test_without_rounds_every_pair_is_solved():
    brokers, challenges, weights = random_batch(3)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matching, "PRUNE_ABOVE", 0)
        patch.setattr(matching, "MAX_ROUNDS", 0)
        result = matching.solve_batch(challenges, brokers, weights)
    assert result.solved_pairs == result.pairs


@settings(max_examples=30, deadline=None)
@given(problems(), st.booleans())
def test_potentials_price_every_residual_arc_non_negatively(problem, even_load):
    pairs, demand, capacity = problem
    network = matching._network(pairs, demand, capacity, even_load)
    flows = matching._solve(network)
    price = matching.potentials(network, flows)
    for arcs, sign in ((flows < network.capacity, 1), (flows > 0, -1)):
        tail = np.where(sign > 0, network.tail, network.head)[arcs]
        head = np.where(sign > 0, network.head, network.tail)[arcs]
        reduced = sign * network.cost[arcs] + price[tail] - price[head]
        assert (reduced >= 0).all()
