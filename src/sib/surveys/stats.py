"""Descriptive statistics from value counts, and small-group suppression. Pure functions.

Everything is computed from a distribution {value: count}, which the database produces with one
GROUP BY; n, mean and standard deviation follow exactly from it, however many answers there are.
The standard deviation is the sample one (n − 1 in the denominator), as survey reports use.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

MIN_GROUP = 5  # groups smaller than this are never shown: no one may be identifiable


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float | None
    sd: float | None
    distribution: dict[int, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """The sum of all values (872 for the pilot's 200 answers)."""
        return sum(value * count for value, count in self.distribution.items())


def summarise(distribution: Mapping[int, int], values: Iterable[int] = ()) -> Summary:
    """n, mean and sample SD of a distribution; `values` lists every possible value (shown as 0)."""
    counts = dict.fromkeys(values, 0)
    for value, count in distribution.items():
        counts[value] = counts.get(value, 0) + count
    counts = dict(sorted(counts.items()))
    n = sum(counts.values())
    if n == 0:
        return Summary(0, None, None, counts)
    mean = sum(value * count for value, count in counts.items()) / n
    if n == 1:
        return Summary(n, mean, None, counts)
    squares = sum(count * (value - mean) ** 2 for value, count in counts.items())
    return Summary(n, mean, math.sqrt(squares / (n - 1)), counts)


def pool(distributions: Iterable[Mapping[int, int]]) -> dict[int, int]:
    """Add distributions together: a scale pools every answer to its items."""
    total: Counter[int] = Counter()
    for distribution in distributions:
        total.update(distribution)
    return dict(total)


def nps(distribution: Mapping[int, int]) -> float | None:
    """Net promoter score of 0–10 answers: % of 9–10 minus % of 0–6."""
    n = sum(distribution.values())
    if not n:
        return None
    promoters = sum(c for v, c in distribution.items() if v >= 9)
    detractors = sum(c for v, c in distribution.items() if v <= 6)
    return 100 * (promoters - detractors) / n


@dataclass(frozen=True)
class PairedChange:
    n: int
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None
    sd_change: float | None


def paired_change(pairs: Sequence[tuple[float, float]]) -> PairedChange:
    """Mean and sample SD of after − before over people who answered both."""
    n = len(pairs)
    if not n:
        return PairedChange(0, None, None, None, None)
    before = sum(b for b, _a in pairs) / n
    after = sum(a for _b, a in pairs) / n
    changes = Counter()  # type: Counter[float]
    for b, a in pairs:
        changes[a - b] += 1
    mean_change = after - before
    sd = None
    if n > 1:
        sd = math.sqrt(sum(c * (d - mean_change) ** 2 for d, c in changes.items()) / (n - 1))
    return PairedChange(n, before, after, mean_change, sd)


def suppressed_keys(sizes: Mapping[str, int], *, minimum: int = MIN_GROUP) -> set[str]:
    """Groups to hide: every group below `minimum`, and — when exactly one group is hidden and
    the total is shown — the next smallest too, so the hidden one cannot be worked out by
    subtracting the others from the total (secondary suppression). Empty groups hide nothing."""
    small = {key for key, size in sizes.items() if 0 < size < minimum}
    if len(small) == 1:
        rest = sorted((size, key) for key, size in sizes.items() if key not in small and size > 0)
        if rest:
            small.add(rest[0][1])
    return small
