"""Rate limits for what anyone on the internet can do: per client IP and per e-mail address.

Limits are named per action in `settings.SIB_RATE_LIMITS` ("20/h/ip,3/h/key": at most 20 attempts
an hour from one client address and 3 an hour for one key, e.g. the e-mail address a message
would go to). Counts live in the shared cache (the database or Redis), so a limit holds across
every web process and host. Each count is a fixed window; the read-increment-write of a count is
done under a lock taken with the cache's atomic `add`, so concurrent attempts cannot slip past
it. The client address comes from `sib.core.clientip` (trusted proxies).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from sib.core import generations
from sib.core.clientip import client_ip, rate_limit_key

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
LOCK_SECONDS = 5
LOCK_WAIT_SECONDS = 3.0


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int
    per: str  # "ip" | "key"


def parse(spec: str) -> list[Rate]:
    """'20/h/ip,3/10m/key' → rates; an empty spec is no limit."""
    rates = []
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        amount, period, per = part.strip().split("/")
        unit = period[-1]
        count = int(period[:-1] or 1)
        if unit not in UNITS or per not in {"ip", "key"}:
            raise ValueError(f"not a rate: {part!r}")
        rates.append(Rate(int(amount), count * UNITS[unit], per))
    return rates


@dataclass
class Limited:
    """An attempt refused: when the caller may try again."""

    retry_after: int


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


@contextmanager
def _locked(name: str) -> Iterator[bool]:
    lock = f"{name}:lock"
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while not cache.add(lock, 1, LOCK_SECONDS):
        if time.monotonic() > deadline:
            yield False
            return
        time.sleep(0.005)
    try:
        yield True
    finally:
        cache.delete(lock)


def _bucket(action: str, rate: Rate, subject: str, now: float) -> tuple[str, int]:
    window = int(now // rate.seconds)
    reset = int((window + 1) * rate.seconds - now) + 1
    return (
        f"sib:rl:{action}:{rate.per}:{rate.amount}/{rate.seconds}:{_digest(subject)}:{window}",
        reset,
    )


def hit(request: HttpRequest, action: str, *, keys: Iterable[str] = ()) -> Limited | None:
    """Count one attempt at `action` by this client (and for each of `keys`); None when it is
    within every limit, else when to try again. A refused attempt is not counted."""
    rates = parse(getattr(settings, "SIB_RATE_LIMITS", {}).get(action, ""))
    if not rates:
        return None
    # Each request must be counted: its answer is not one to keep and serve again.
    generations.side_effect()
    now = time.time()
    subjects: list[tuple[Rate, str]] = []
    for rate in rates:
        if rate.per == "ip":
            subjects.append((rate, "ip:" + rate_limit_key(client_ip(request))))
        else:
            subjects.extend(
                (rate, "key:" + key.strip().lower()) for key in dict.fromkeys(keys) if key.strip()
            )
    counted: list[tuple[str, int, int]] = []
    refused: int | None = None
    for rate, subject in subjects:
        name, reset = _bucket(action, rate, subject, now)
        with _locked(name) as locked:
            if not locked:
                refused = max(refused or 0, 1)
                break
            count = cache.get(name, 0)
            if count >= rate.amount:
                refused = max(refused or 0, reset)
                break
            cache.set(name, count + 1, reset)
            counted.append((name, count + 1, reset))
    if refused is None:
        return None
    for name, count, reset in counted:  # the refused attempt does not count against the others
        with _locked(name) as locked:
            if locked:
                cache.set(name, max(cache.get(name, count) - 1, 0), reset)
    return Limited(retry_after=max(1, math.ceil(refused)))
