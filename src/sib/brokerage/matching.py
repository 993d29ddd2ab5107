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
    rows: Sequence[int],
    weights: dict[str, float],
    values: dict[str, np.ndarray] | None = None,
    scores: np.ndarray | None = None,
) -> list[Suggestion]:
    """Suggestions with their stored factors for the given broker rows."""
    rows_array = np.asarray(rows, dtype=np.int64)
    if values is None:
        values = factor_values(challenge, brokers, rows_array)
        scores = points(values, weights)
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
    demand: Sequence[int],
    capacity: Sequence[int],
    *,
    even_load: bool = False,
    start_per_challenge: int = 0,
) -> np.ndarray:
    """Indices of the chosen pairs: the largest total score with every challenge's demand and
    every broker's capacity respected (and, with `even_load`, each further place of one broker
    costing `EVEN_LOAD_PENALTY`).

    A min-cost flow (OR-Tools): source → challenge (its demand) → broker (one arc per feasible
    pair, cost −points) → sink (one arc per place; with even load the k-th place costs k ×
    penalty), plus a free source → sink arc so that a place may stay empty. Integral costs (the
    points) make the optimum exact. `start_per_challenge` is kept for callers; every pair is used.
    """
    from ortools.graph.python import min_cost_flow

    n = len(pairs.challenge)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    demand_a = np.asarray(demand, dtype=np.int64)
    # A broker needs no more places than the pairs they have.
    capacity_a = np.minimum(
        np.asarray(capacity, dtype=np.int64),
        np.bincount(pairs.broker, minlength=len(capacity)),
    )
    n_c, n_b = len(demand_a), len(capacity_a)
    source, sink = n_c + n_b, n_c + n_b + 1
    total = int(demand_a.sum())
    # Best total score first; among equal totals, the most places filled (a pair scoring 0
    # still beats an empty place): each pair's cost is -(points × (D + 1) + 1).
    scale = total + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    # Pair arcs first, so arc i is pair i.
    flow.add_arcs_with_capacity_and_unit_cost(
        pairs.challenge.astype(np.int32),
        (pairs.broker.astype(np.int64) + n_c).astype(np.int32),
        np.ones(n, dtype=np.int64),
        -(pairs.points.astype(np.int64) * scale + 1),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(n_c, source, dtype=np.int32),
        np.arange(n_c, dtype=np.int32),
        demand_a,
        np.zeros(n_c, dtype=np.int64),
    )
    brokers = np.arange(n_b, dtype=np.int64)
    if even_load:
        ranks = np.concatenate([np.arange(c) for c in capacity_a]) if n_b else np.zeros(0, int)
        owners = np.repeat(brokers, capacity_a)
        flow.add_arcs_with_capacity_and_unit_cost(
            (owners + n_c).astype(np.int32),
            np.full(len(owners), sink, dtype=np.int32),
            np.ones(len(owners), dtype=np.int64),
            (ranks * round(EVEN_LOAD_PENALTY * SCALE) * scale).astype(np.int64),
        )
    else:
        flow.add_arcs_with_capacity_and_unit_cost(
            (brokers + n_c).astype(np.int32),
            np.full(n_b, sink, dtype=np.int32),
            capacity_a,
            np.zeros(n_b, dtype=np.int64),
        )
    flow.add_arc_with_capacity_and_unit_cost(source, sink, total, 0)
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"the solver failed (status {status})")
    used = flow.flows(np.arange(n, dtype=np.int32))
    return np.nonzero(used > 0)[0].astype(np.int64)


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
