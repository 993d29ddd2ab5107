"""Explainable, capacity-aware matching of challenges to brokers (TOOLKIT.md, decision 0602).

1. Hard filters: consent, capacity left, availability today, territory (the broker serves the
   challenge's voivodeship, lives there, or works remotely), a shared language, no conflict of
   interest, no earlier introduction for the same pair.
2. Score: named factors in [0, 1], combined with the coordinator's weights into a score in
   [0, 1], rounded to four decimals (kept as integer points, 1 = 0.0001, so a batch run's
   assignment carries exactly the suggestion's score).
3. Assign: the best total score under each broker's capacity left and each challenge's demand is
   a min-cost flow over the feasible pairs (OR-Tools,
   decision 0602): integral costs, so the optimum is exact. The even-load option gives each
   broker's second, third… place a growing cost, which spreads work across brokers.

Everything here is arrays and plain values: the database is read by `load_brokers` and
`load_challenges` only, so the engine is tested (against brute force) without models.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sib.accounts.choices import Voivodeship
from sib.brokerage.models import Language

FACTORS = ("competence", "themes", "place", "stage", "experience", "load")
DEFAULT_WEIGHTS: dict[str, float] = {
    "competence": 0.35,
    "themes": 0.2,
    "place": 0.2,
    "stage": 0.1,
    "experience": 0.05,
    "load": 0.1,
}
SCALE = 10_000  # score points per 1.0
EVEN_LOAD_PENALTY = 0.1  # per place already taken in this run, in score units

VOIVODESHIPS = list(Voivodeship.values)
LANGUAGES = list(Language.values)
PLACE_VALUES = {"gmina": 1.0, "region": 0.7, "remote": 0.3}


def _bits(indices: Iterable[int]) -> int:
    mask = 0
    for index in indices:
        if 0 <= index < 64:
            mask |= 1 << index
    return mask


def language_mask(codes: Iterable[str]) -> int:
    return _bits(LANGUAGES.index(code) for code in codes if code in LANGUAGES)


def region_mask(codes: Iterable[str]) -> int:
    return _bits(VOIVODESHIPS.index(code) for code in codes if code in VOIVODESHIPS)


def _popcount(values: np.ndarray) -> np.ndarray:
    return np.bitwise_count(values).astype(np.float64)


@dataclass
class BrokerTable:
    """Every broker as columns; row i is broker `ids[i]`."""

    ids: np.ndarray
    regions: np.ndarray  # uint64 mask of voivodeships served (home voivodeship included)
    home_region: np.ndarray  # int16 voivodeship index, -1 unknown
    home_gmina: np.ndarray  # int32 key of the normalised gmina name, 0 none
    remote: np.ndarray  # bool
    languages: np.ndarray  # uint64 mask
    proven: np.ndarray  # uint64 mask of competence bits proven by a valid credential
    declared: np.ndarray  # uint64 mask of self-declared competence bits
    themes: np.ndarray  # uint64 mask of theme bits
    stages: np.ndarray  # uint64 mask of stages 1–6
    experience: np.ndarray  # float64 in [0, 1]
    capacity: np.ndarray  # int32
    capacity_left: np.ndarray  # int32
    eligible: np.ndarray  # bool: consent given and available today
    conflicts: dict[int, list[int]] = field(default_factory=dict)  # organisation id → rows
    introduced: dict[int, list[int]] = field(default_factory=dict)  # challenge id → rows
    competence_codes: dict[int, str] = field(default_factory=dict)  # bit → code
    theme_names: dict[int, str] = field(default_factory=dict)  # bit → name
    competence_bits: dict[int, int] = field(default_factory=dict)  # competence id → bit
    theme_bits: dict[int, int] = field(default_factory=dict)  # theme id → bit
    names: list[str] = field(default_factory=list)
    gmina_keys: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)

    def row(self, broker_id: int) -> int:
        found = np.nonzero(self.ids == broker_id)[0]
        if not len(found):
            raise KeyError(broker_id)
        return int(found[0])


@dataclass(frozen=True)
class ChallengeRow:
    id: int
    region: int  # voivodeship index
    gmina: int  # key in the broker table's gmina keys, 0 none
    languages: int
    competences: int
    themes: int
    stage: int
    organisation_id: int | None
    demand: int  # brokers still needed


def gmina_key(table_keys: dict[str, int], name: str) -> int:
    name = " ".join(name.lower().split())
    if not name:
        return 0
    return table_keys.setdefault(name, len(table_keys) + 1)


def feasible(challenge: ChallengeRow, brokers: BrokerTable) -> np.ndarray:
    """The hard filters for one challenge against every broker (bool per broker)."""
    ok = brokers.eligible & (brokers.capacity_left > 0)
    region_bit = np.uint64(1 << challenge.region) if challenge.region >= 0 else np.uint64(0)
    ok &= brokers.remote | ((brokers.regions & region_bit) != 0)
    if challenge.languages:
        ok &= (brokers.languages & np.uint64(challenge.languages)) != 0
    for rows in (
        brokers.conflicts.get(challenge.organisation_id or -1, ()),
        brokers.introduced.get(challenge.id, ()),
    ):
        if rows:
            ok[np.asarray(rows, dtype=np.int64)] = False
    return ok


def factor_values(
    challenge: ChallengeRow, brokers: BrokerTable, rows: np.ndarray | slice = slice(None)
) -> dict[str, np.ndarray]:
    """Each factor's value in [0, 1] for the given broker rows."""
    need = np.uint64(challenge.competences)
    n_need = bin(challenge.competences).count("1")
    proven = brokers.proven[rows]
    declared = brokers.declared[rows] & ~proven
    if n_need:
        competence = (_popcount(proven & need) + 0.5 * _popcount(declared & need)) / n_need
    else:
        competence = np.ones(len(proven))
    n_themes = bin(challenge.themes).count("1")
    if n_themes:
        themes = _popcount(brokers.themes[rows] & np.uint64(challenge.themes)) / n_themes
    else:
        themes = np.full(len(proven), 0.5)
    region_bit = np.uint64(1 << challenge.region) if challenge.region >= 0 else np.uint64(0)
    in_region = (brokers.regions[rows] & region_bit) != 0
    same_gmina = (
        (brokers.home_gmina[rows] == challenge.gmina)
        & (challenge.gmina != 0)
        & (brokers.home_region[rows] == challenge.region)
    )
    place = np.where(
        same_gmina, PLACE_VALUES["gmina"], np.where(in_region, PLACE_VALUES["region"], 0.3)
    )
    stages = brokers.stages[rows]
    stage_bit = np.uint64(1 << challenge.stage)
    stage = np.where(stages == 0, 0.5, np.where((stages & stage_bit) != 0, 1.0, 0.0))
    capacity = np.maximum(brokers.capacity[rows], 1)
    load = brokers.capacity_left[rows] / capacity
    return {
        "competence": competence,
        "themes": themes,
        "place": place,
        "stage": stage,
        "experience": brokers.experience[rows],
        "load": load,
    }


def normalised(weights: dict[str, float]) -> dict[str, float]:
    clean = {name: max(0.0, float(weights.get(name, 0.0))) for name in FACTORS}
    total = sum(clean.values())
    if total <= 0:
        return dict(DEFAULT_WEIGHTS)
    return {name: value / total for name, value in clean.items()}


def points(values: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    """The weighted score as integer points (score × 10,000, rounded)."""
    share = normalised(weights)
    total = sum(share[name] * values[name] for name in FACTORS)
    return np.rint(np.asarray(total, dtype=np.float64) * SCALE).astype(np.int64)


@dataclass
class Suggestion:
    broker_id: int
    score: float
    factors: list[dict[str, Any]]
    languages: list[str]


def _factor_data(
    name: str, challenge: ChallengeRow, brokers: BrokerTable, row: int
) -> dict[str, Any]:
    """What a factor's plain-words reason says, as data (rendered in the reader's language)."""
    if name == "competence":
        need = challenge.competences
        proven = int(brokers.proven[row]) & need
        declared = int(brokers.declared[row]) & need & ~proven

        def codes(mask: int) -> list[str]:
            return [
                code for bit, code in sorted(brokers.competence_codes.items()) if mask >> bit & 1
            ]

        return {
            "proven": codes(proven),
            "declared": codes(declared),
            "missing": codes(need & ~proven & ~declared),
        }
    if name == "themes":
        shared = int(brokers.themes[row]) & challenge.themes
        return {
            "shared": [
                brokers.theme_names[b] for b in sorted(brokers.theme_names) if shared >> b & 1
            ]
        }
    if name == "place":
        region = VOIVODESHIPS[challenge.region] if challenge.region >= 0 else ""
        same_gmina = (
            challenge.gmina != 0
            and int(brokers.home_gmina[row]) == challenge.gmina
            and int(brokers.home_region[row]) == challenge.region
        )
        in_region = bool(int(brokers.regions[row]) >> max(challenge.region, 0) & 1)
        kind = "gmina" if same_gmina else "region" if in_region else "remote"
        return {"kind": kind, "region": region}
    if name == "stage":
        stages = int(brokers.stages[row])
        return {"stage": challenge.stage, "declared": stages != 0}
    if name == "experience":
        return {"years": round(float(brokers.experience[row]) * 10)}
    return {"left": int(brokers.capacity_left[row]), "capacity": int(brokers.capacity[row])}


def describe(
    challenge: ChallengeRow,
    brokers: BrokerTable,
    rows: Sequence[int] | np.ndarray,
    weights: dict[str, float],
    values: dict[str, np.ndarray] | None = None,
    scores: np.ndarray | None = None,
) -> list[Suggestion]:
    """Suggestions with their stored factors for the given broker rows."""
    rows_array = np.asarray(rows, dtype=np.int64)
    if values is None:
        values = factor_values(challenge, brokers, rows_array)
        scores = points(values, weights)
    assert scores is not None  # given with the values, or computed above
    share = normalised(weights)
    result = []
    for position, row in enumerate(rows_array):
        shared_languages = int(brokers.languages[row]) & (challenge.languages or -1)
        result.append(
            Suggestion(
                broker_id=int(brokers.ids[row]),
                score=int(scores[position]) / SCALE,
                factors=[
                    {
                        "name": name,
                        "weight": round(share[name], 4),
                        "value": round(float(values[name][position]), 4),
                        "data": _factor_data(name, challenge, brokers, int(row)),
                    }
                    for name in FACTORS
                ],
                languages=[code for i, code in enumerate(LANGUAGES) if shared_languages >> i & 1],
            )
        )
    return result


def top_k(
    challenge: ChallengeRow, brokers: BrokerTable, weights: dict[str, float], limit: int
) -> list[Suggestion]:
    """Every broker passing the hard filters, best first (ties: lower id first), at most `limit`."""
    rows = np.nonzero(feasible(challenge, brokers))[0]
    if not len(rows) or limit <= 0:
        return []
    values = factor_values(challenge, brokers, rows)
    scores = points(values, weights)
    order = np.lexsort((brokers.ids[rows], -scores))[:limit]
    return describe(
        challenge,
        brokers,
        rows[order],
        weights,
        {name: value[order] for name, value in values.items()},
        scores[order],
    )


# --- batch assignment -------------------------------------------------------------------------


@dataclass
class Pairs:
    """The feasible pairs of a batch: challenge row, broker row, score points."""

    challenge: np.ndarray
    broker: np.ndarray
    points: np.ndarray


def feasible_pairs(
    challenges: Sequence[ChallengeRow], brokers: BrokerTable, weights: dict[str, float]
) -> Pairs:
    parts_c, parts_b, parts_p = [], [], []
    for index, challenge in enumerate(challenges):
        if challenge.demand <= 0:
            continue
        rows = np.nonzero(feasible(challenge, brokers))[0]
        if not len(rows):
            continue
        parts_c.append(np.full(len(rows), index, dtype=np.int32))
        parts_b.append(rows.astype(np.int32))
        parts_p.append(points(factor_values(challenge, brokers, rows), weights).astype(np.int32))
    if not parts_c:
        empty = np.zeros(0, dtype=np.int32)
        return Pairs(empty, empty, empty)
    return Pairs(np.concatenate(parts_c), np.concatenate(parts_b), np.concatenate(parts_p))


def assign(
    pairs: Pairs,
    demand: Sequence[int] | np.ndarray,
    capacity: Sequence[int] | np.ndarray,
    *,
    even_load: bool = False,
    start_per_challenge: int = 0,
) -> np.ndarray:
    """Indices of the chosen pairs: the largest total score with every challenge's demand and
    every broker's capacity respected (and, with `even_load`, each further place of one broker
    costing `EVEN_LOAD_PENALTY`).

    A min-cost flow (OR-Tools) over every given pair (`_network`); integral costs (the points)
    make the optimum exact. `start_per_challenge` is kept for callers; every pair is used.
    """
    n = len(pairs.challenge)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    # A broker needs no more places than the pairs they have.
    capacity_a = np.minimum(
        np.asarray(capacity, dtype=np.int64),
        np.bincount(pairs.broker, minlength=len(capacity)),
    )
    network = _network(pairs, np.asarray(demand, dtype=np.int64), capacity_a, even_load)
    used = _solve(network)[:n]
    return np.nonzero(used > 0)[0].astype(np.int64)


# --- batch at scale: grouped scoring, pruned flow with an optimality certificate --------------

PRUNE_ABOVE = 200_000  # feasible pairs; at or below this every pair goes to the solver
KEEP_EXTRA = 1  # first round: each challenge's best (demand + 1) pairs in a block…
KEEP_PER_BROKER = 8  # …and each broker's best 8 (chosen on scale L, decision 0605)
BLOCK_CELLS = 1_000_000  # challenge × broker cells scored at once (8 MB per float matrix)
ENTER_MARGIN = 1_000  # points (0.1 of a score): near-failing pairs that join a further round
MAX_ROUNDS = 4  # pruned solves before every feasible pair is used


@dataclass
class Block:
    """Scored pairs of challenges sharing a region and languages: `points[i, j]` is challenge
    `challenges[i]` with broker row `brokers[j]`, -1 where a hard filter fails."""

    challenges: np.ndarray  # int64 indices into the run's challenge list
    brokers: np.ndarray  # int64 broker rows
    points: np.ndarray  # int16 matrix


@dataclass
class Scored:
    blocks: list[Block]
    feasible_count: np.ndarray  # per challenge
    broker_pairs: np.ndarray  # feasible pairs per broker row

    @property
    def pairs(self) -> int:
        return int(self.feasible_count.sum())

    def all_pairs(self) -> Pairs:
        """Every feasible pair, challenge by challenge, brokers in row order (as `feasible_pairs`)."""
        parts_c, parts_b, parts_p = [], [], []
        for block in self.blocks:
            i, j = np.nonzero(block.points >= 0)
            parts_c.append(block.challenges[i])
            parts_b.append(block.brokers[j])
            parts_p.append(block.points[i, j])
        return _sorted_pairs(parts_c, parts_b, parts_p)


def _sorted_pairs(parts_c: list, parts_b: list, parts_p: list) -> Pairs:
    if not parts_c:
        empty = np.zeros(0, dtype=np.int32)
        return Pairs(empty, empty, empty)
    c, b, p = np.concatenate(parts_c), np.concatenate(parts_b), np.concatenate(parts_p)
    order = np.lexsort((b, c))
    return Pairs(c[order].astype(np.int32), b[order].astype(np.int32), p[order].astype(np.int32))


class _Terms:
    """Each factor's weighted term per broker, computed once per distinct challenge value (a
    competence set, a theme set, a stage) instead of once per challenge. The products and their
    sum follow `points` exactly, so the integer points are the same."""

    def __init__(self, brokers: BrokerTable, weights: dict[str, float]) -> None:
        self.brokers = brokers
        self.share = normalised(weights)
        self._competence: dict[int, np.ndarray] = {}
        self._themes: dict[int, np.ndarray] = {}
        self._stage: dict[int, np.ndarray] = {}
        self.experience = self.share["experience"] * brokers.experience
        capacity = np.maximum(brokers.capacity, 1)
        self.load = self.share["load"] * (brokers.capacity_left / capacity)

    def competence(self, mask: int) -> np.ndarray:
        if mask not in self._competence:
            b = self.brokers
            n_need = bin(mask).count("1")
            if n_need:
                need = np.uint64(mask)
                declared = b.declared & ~b.proven
                value = (_popcount(b.proven & need) + 0.5 * _popcount(declared & need)) / n_need
            else:
                value = np.ones(len(b))
            self._competence[mask] = self.share["competence"] * value
        return self._competence[mask]

    def themes(self, mask: int) -> np.ndarray:
        if mask not in self._themes:
            n_themes = bin(mask).count("1")
            if n_themes:
                value = _popcount(self.brokers.themes & np.uint64(mask)) / n_themes
            else:
                value = np.full(len(self.brokers), 0.5)
            self._themes[mask] = self.share["themes"] * value
        return self._themes[mask]

    def stage(self, stage: int) -> np.ndarray:
        if stage not in self._stage:
            stages = self.brokers.stages
            bit = np.uint64(1 << stage)
            value = np.where(stages == 0, 0.5, np.where((stages & bit) != 0, 1.0, 0.0))
            self._stage[stage] = self.share["stage"] * value
        return self._stage[stage]


def _gather(term: Any, keys: list[int], rows: np.ndarray) -> np.ndarray:
    """One row per challenge: the term of its key (competence set, themes, stage) over `rows`."""
    distinct, inverse = np.unique(np.asarray(keys, dtype=np.int64), return_inverse=True)
    table = np.stack([term(int(key))[rows] for key in distinct])
    return table[inverse]


def score_all(
    challenges: Sequence[ChallengeRow], brokers: BrokerTable, weights: dict[str, float]
) -> Scored:
    """The points of every feasible pair, computed a block of challenges at a time.

    Challenges with the same voivodeship and languages share one candidate list (the brokers
    passing the territory, language, consent, availability and capacity filters), so a block is
    a dense matrix over those brokers only; conflicts of interest and earlier introductions are
    struck out per challenge."""
    terms = _Terms(brokers, weights)
    n_b = len(brokers)
    feasible_count = np.zeros(len(challenges), dtype=np.int64)
    broker_pairs = np.zeros(n_b, dtype=np.int64)
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, challenge in enumerate(challenges):
        if challenge.demand > 0:
            groups[(challenge.region, challenge.languages)].append(index)
    base = brokers.eligible & (brokers.capacity_left > 0)
    position = np.full(n_b, -1, dtype=np.int64)
    blocks = []
    for (region, languages), members in sorted(groups.items()):
        region_bit = np.uint64(1 << region) if region >= 0 else np.uint64(0)
        in_region_all = (brokers.regions & region_bit) != 0
        ok = base & (brokers.remote | in_region_all)
        if languages:
            ok &= (brokers.languages & np.uint64(languages)) != 0
        rows = np.nonzero(ok)[0]
        if not len(rows):
            continue
        position[:] = -1
        position[rows] = np.arange(len(rows))
        place = np.where(in_region_all[rows], PLACE_VALUES["region"], PLACE_VALUES["remote"])
        home_here = brokers.home_region[rows] == region
        home_gmina = brokers.home_gmina[rows]
        step = max(1, BLOCK_CELLS // len(rows))
        for start in range(0, len(members), step):
            chunk = [challenges[i] for i in members[start : start + step]]
            gmina = np.array([c.gmina for c in chunk], dtype=np.int64)
            same = (home_gmina[None, :] == gmina[:, None]) & home_here[None, :]
            same &= (gmina != 0)[:, None]
            total = _gather(terms.competence, [c.competences for c in chunk], rows)
            total += _gather(terms.themes, [c.themes for c in chunk], rows)
            total += terms.share["place"] * np.where(same, PLACE_VALUES["gmina"], place[None, :])
            total += _gather(terms.stage, [c.stage for c in chunk], rows)
            total += terms.experience[rows][None, :]
            total += terms.load[rows][None, :]
            matrix = np.rint(total * SCALE).astype(np.int16)
            del total, same
            for i, c in enumerate(chunk):
                for struck in (
                    brokers.conflicts.get(c.organisation_id or -1, ()),
                    brokers.introduced.get(c.id, ()),
                ):
                    if struck:
                        cols = position[np.asarray(struck, dtype=np.int64)]
                        matrix[i, cols[cols >= 0]] = -1
            indices = np.asarray(members[start : start + step], dtype=np.int64)
            feasible = matrix >= 0
            feasible_count[indices] = feasible.sum(axis=1)
            broker_pairs[rows] += feasible.sum(axis=0)
            blocks.append(Block(indices, rows, matrix))
    return Scored(blocks, feasible_count, broker_pairs)


@dataclass
class _Network:
    """A min-cost flow instance as arrays (kept so the residual graph can be read back)."""

    tail: np.ndarray
    head: np.ndarray
    capacity: np.ndarray
    cost: np.ndarray
    supply_node: int
    sink_node: int
    total: int
    n_nodes: int


def _network(pairs: Pairs, demand: np.ndarray, capacity: np.ndarray, even_load: bool) -> _Network:
    """Source → challenge (its demand) → broker (one arc per pair, cost −points) → sink (one arc
    per place; with even load the k-th place costs k × penalty), plus a free source → sink arc
    so that a place may stay empty. Pair arcs come first: arc i is pair i.

    Best total score first; among equal totals, the most places filled (a pair scoring 0 still
    beats an empty place): each pair's cost is -(points × (D + 1) + 1)."""
    n_c, n_b = len(demand), len(capacity)
    source, sink = n_c + n_b, n_c + n_b + 1
    total = int(demand.sum())
    scale = total + 1
    n = len(pairs.challenge)
    tails = [pairs.challenge.astype(np.int64), np.full(n_c, source, dtype=np.int64)]
    heads = [pairs.broker.astype(np.int64) + n_c, np.arange(n_c, dtype=np.int64)]
    caps = [np.ones(n, dtype=np.int64), demand.astype(np.int64)]
    costs = [-(pairs.points.astype(np.int64) * scale + 1), np.zeros(n_c, dtype=np.int64)]
    brokers = np.arange(n_b, dtype=np.int64)
    if even_load:
        owners = np.repeat(brokers, capacity)
        ranks = np.arange(len(owners)) - np.repeat(np.cumsum(capacity) - capacity, capacity)
        tails.append(owners + n_c)
        heads.append(np.full(len(owners), sink, dtype=np.int64))
        caps.append(np.ones(len(owners), dtype=np.int64))
        costs.append(ranks.astype(np.int64) * round(EVEN_LOAD_PENALTY * SCALE) * scale)
    else:
        tails.append(brokers + n_c)
        heads.append(np.full(n_b, sink, dtype=np.int64))
        caps.append(capacity.astype(np.int64))
        costs.append(np.zeros(n_b, dtype=np.int64))
    tails.append(np.array([source]))
    heads.append(np.array([sink]))
    caps.append(np.array([total]))
    costs.append(np.array([0]))
    return _Network(
        np.concatenate(tails),
        np.concatenate(heads),
        np.concatenate(caps),
        np.concatenate(costs),
        source,
        sink,
        total,
        n_c + n_b + 2,
    )


def _solve(network: _Network) -> np.ndarray:
    """The optimal flow on every arc (OR-Tools)."""
    from ortools.graph.python import min_cost_flow

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        network.tail.astype(np.int32),
        network.head.astype(np.int32),
        network.capacity,
        network.cost,
    )
    flow.set_node_supply(network.supply_node, network.total)
    flow.set_node_supply(network.sink_node, -network.total)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"the solver failed (status {status})")
    return np.asarray(flow.flows(np.arange(len(network.tail), dtype=np.int32)), dtype=np.int64)


def potentials(network: _Network, flows: np.ndarray) -> np.ndarray:
    """Node potentials under which every residual arc of an optimal flow has a non-negative
    reduced cost (cost + π(tail) − π(head) ≥ 0): shortest distances in the residual graph from
    a virtual root joined to every node at cost 0 (Bellman–Ford, one vectorised pass per round).
    They are the dual prices that certify the flow optimal."""
    forward = flows < network.capacity
    backward = flows > 0
    tail = np.concatenate([network.tail[forward], network.head[backward]])
    head = np.concatenate([network.head[forward], network.tail[backward]])
    cost = np.concatenate([network.cost[forward], -network.cost[backward]])
    order = np.argsort(head, kind="stable")
    tail, head, cost = tail[order], head[order], cost[order]
    starts = np.flatnonzero(np.r_[True, head[1:] != head[:-1]]) if len(head) else np.zeros(0, int)
    targets = head[starts]
    dist = np.zeros(network.n_nodes, dtype=np.int64)
    for _round in range(network.n_nodes + 1):
        if not len(starts):
            return dist
        best = np.minimum.reduceat(dist[tail] + cost, starts)
        better = best < dist[targets]
        if not better.any():
            return dist
        dist[targets[better]] = best[better]
    raise RuntimeError("the residual graph has a negative cycle: the flow is not optimal")


@dataclass
class BatchResult:
    """The chosen pairs of a batch run (challenge index, broker row, points) and the figures the
    run keeps: feasible pairs in all and per challenge, and how the optimum was reached."""

    challenge: np.ndarray
    broker: np.ndarray
    points: np.ndarray
    feasible_count: np.ndarray
    pairs: int
    solved_pairs: int  # pairs given to the solver in its last round
    rounds: int
    scoring_seconds: float = 0.0


def _top(block: Block, per_challenge: int, per_broker: int) -> np.ndarray:
    """Bool matrix: each challenge's best `per_challenge` pairs in the block and each broker's
    best `per_broker` (the first alone leaves the less popular brokers without a pair)."""
    points = block.points
    feasible = points >= 0
    kept = np.zeros(points.shape, dtype=bool)
    ranked = -points.astype(np.int32)
    if points.shape[1] <= per_challenge:
        kept |= True
    else:
        best = np.argpartition(ranked, per_challenge - 1, axis=1)[:, :per_challenge]
        np.put_along_axis(kept, best, True, axis=1)
    if points.shape[0] <= per_broker:
        kept |= True
    else:
        best = np.argpartition(ranked, per_broker - 1, axis=0)[:per_broker, :]
        np.put_along_axis(kept, best, True, axis=0)
    return kept & feasible


def _kept_pairs(blocks: list[Block], kept: list[np.ndarray]) -> Pairs:
    parts_c, parts_b, parts_p = [], [], []
    for block, mask in zip(blocks, kept, strict=True):
        i, j = np.nonzero(mask)
        parts_c.append(block.challenges[i])
        parts_b.append(block.brokers[j])
        parts_p.append(block.points[i, j])
    return _sorted_pairs(parts_c, parts_b, parts_p)


def _add_failing(
    blocks: list[Block],
    kept: list[np.ndarray],
    price: np.ndarray,
    n_c: int,
    network: _Network,
    margin: int = 0,
) -> int:
    """Add to `kept` every left-out pair whose reduced cost is negative; return how many.

    The pair challenge c → broker b costs -(points × s + 1) with s = D + 1, so it fails when
    points × s + 1 + π(b) > π(c). Writing π = s × q + r (0 ≤ r < s), that is d > 0 or (d = 0
    and r(b) ≥ r(c)) with d = points + q(b) − q(c): small integers, one pass per block."""
    scale = network.total + 1
    q, r = np.divmod(price, scale)
    added = 0
    for block, mask in zip(blocks, kept, strict=True):
        q_b, r_b = q[block.brokers + n_c], r[block.brokers + n_c]
        q_c, r_c = q[block.challenges], r[block.challenges]
        if int(q_b.max()) - int(q_c.min()) + int(block.points.max()) + margin < 0:
            continue  # no pair of the block can fail
        d = block.points.astype(np.int32) + (q_b - q_b.min()).astype(np.int32)[None, :]
        d -= (q_c - q_b.min()).astype(np.int32)[:, None]
        failing = (d > -margin) | ((d == -margin) & (r_b[None, :] >= r_c[:, None]))
        failing &= block.points >= 0
        failing &= ~mask
        count = int(np.count_nonzero(failing))
        if count:
            mask |= failing
            added += count
    return added


def solve_batch(
    challenges: Sequence[ChallengeRow],
    brokers: BrokerTable,
    weights: dict[str, float],
    *,
    even_load: bool = False,
) -> BatchResult:
    """The batch optimum: the largest total score under capacities and demands.

    Small batches give every feasible pair to the solver (`assign`). Large ones first solve over
    each challenge's best few pairs, then prove that optimum holds for all pairs: with the
    solved flow's dual prices (`potentials`), no left-out pair has a negative reduced cost, so
    adding it could not improve the total. Left-out pairs that fail the proof join the next
    round; after `MAX_ROUNDS` every pair is used. Either way the total is the exact optimum."""
    started = time.perf_counter()
    scored = score_all(challenges, brokers, weights)
    scoring = time.perf_counter() - started
    demand = np.array([max(c.demand, 0) for c in challenges], dtype=np.int64)
    capacity = np.minimum(brokers.capacity_left.astype(np.int64), scored.broker_pairs)
    if scored.pairs <= PRUNE_ABOVE:
        pairs = scored.all_pairs()
        chosen = assign(pairs, demand, brokers.capacity_left, even_load=even_load)
        return BatchResult(
            pairs.challenge[chosen],
            pairs.broker[chosen],
            pairs.points[chosen],
            scored.feasible_count,
            scored.pairs,
            scored.pairs,
            1,
            scoring,
        )
    keep = int(demand.max(initial=0)) + KEEP_EXTRA
    kept = [_top(block, keep, KEEP_PER_BROKER) for block in scored.blocks]
    n_c = len(challenges)
    for round_ in range(1, MAX_ROUNDS + 2):
        last = round_ > MAX_ROUNDS
        if last:
            kept = [block.points >= 0 for block in scored.blocks]
        pairs = _kept_pairs(scored.blocks, kept)
        network = _network(pairs, demand, capacity, even_load)
        flows = _solve(network)
        chosen = np.nonzero(flows[: len(pairs.challenge)] > 0)[0]
        if last:
            break
        price = potentials(network, flows)
        if not _add_failing(scored.blocks, kept, price, n_c, network):
            break
        # Not proven yet: the next round also takes the pairs within a margin of failing,
        # which are the ones likely to fail under the next round's prices.
        _add_failing(scored.blocks, kept, price, n_c, network, ENTER_MARGIN)
    return BatchResult(
        pairs.challenge[chosen],
        pairs.broker[chosen],
        pairs.points[chosen],
        scored.feasible_count,
        scored.pairs,
        len(pairs.challenge),
        round_,
        scoring,
    )


# --- plain words ------------------------------------------------------------------------------


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def voivodeship_label(code: str) -> str:
    return str(dict(Voivodeship.choices).get(code, code))


def reason(factor: dict[str, Any]) -> str:
    """One factor's reason in plain words, in the active language."""
    name, data = factor["name"], factor.get("data") or {}
    if name == "competence":
        parts = []
        if data.get("proven"):
            parts.append(_("certified in %(codes)s") % {"codes": _join(data["proven"])})
        if data.get("declared"):
            parts.append(
                _("declares %(codes)s (not certified)") % {"codes": _join(data["declared"])}
            )
        if data.get("missing"):
            parts.append(_("lacks %(codes)s") % {"codes": _join(data["missing"])})
        return "; ".join(parts) or _("the challenge names no competence")
    if name == "themes":
        if data.get("shared"):
            return _("shares the themes %(themes)s") % {"themes": _join(data["shared"])}
        return _("shares none of the challenge's themes")
    if name == "place":
        region = voivodeship_label(data.get("region", ""))
        if data.get("kind") == "gmina":
            return _("lives in the same municipality (%(region)s)") % {"region": region}
        if data.get("kind") == "region":
            return _("works in %(region)s") % {"region": region}
        return _("works remotely")
    if name == "stage":
        if not data.get("declared"):
            return _("has not said which stages they work in")
        return _("works at stage %(stage)s") % {"stage": data.get("stage")}
    if name == "experience":
        years = int(data.get("years", 0))
        return ngettext("%(years)s year of experience", "%(years)s years of experience", years) % {
            "years": years
        }
    left, capacity = int(data.get("left", 0)), int(data.get("capacity", 0))
    return ngettext(
        "%(left)s of %(capacity)s place free", "%(left)s of %(capacity)s places free", capacity
    ) % {"left": left, "capacity": capacity}


def language_names(codes: Sequence[str]) -> list[str]:
    labels = dict(Language.choices)
    return [str(labels.get(code, code)) for code in codes]


def explain(factors: Sequence[dict[str, Any]], languages: Sequence[str]) -> str:
    """The whole suggestion in plain words: "speaks Polish and English; certified in C1…"."""
    parts = []
    if languages:
        parts.append(_("speaks %(languages)s") % {"languages": _join(language_names(languages))})
    parts.extend(reason(factor) for factor in factors)
    return "; ".join(parts)


def unmatched_reason(*, feasible_count: int, missing: int, demand: int) -> str:
    if feasible_count == 0:
        return _(
            "No broker passes the hard filters (territory, language, availability, consent, "
            "capacity, conflict of interest)."
        )
    return ngettext(
        "%(missing)s of %(demand)s places stay empty: the %(count)s eligible broker's capacity "
        "went to challenges where they scored higher.",
        "%(missing)s of %(demand)s places stay empty: the %(count)s eligible brokers' capacity "
        "went to challenges where they scored higher.",
        feasible_count,
    ) % {"missing": missing, "demand": demand, "count": feasible_count}


def pair_count_by_challenge(pairs: Pairs, n_challenges: int) -> np.ndarray:
    return np.bincount(pairs.challenge, minlength=n_challenges)


def group_rows(pairs_by: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = defaultdict(list)
    for key, row in pairs_by:
        grouped[key].append(row)
    return dict(grouped)


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
