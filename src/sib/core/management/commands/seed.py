from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from sib.core.plugins import contributions
from sib.core.scales import SCALES


class Command(BaseCommand):
    help = (
        "Generate the synthetic data set of a benchmark scale (S, M or L) into an empty database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), required=True)
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed (same seed, same data)"
        )

    def handle(self, *args: Any, scale: str, seed: int, **options: Any) -> None:
        rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        for seeder in contributions("SIB_SEEDERS"):
            started = time.perf_counter()
            seeder(scale=SCALES[scale], rng=rng, stdout=self.stdout)
            self.stdout.write(f"{seeder.__module__}: {time.perf_counter() - started:.1f} s")
        # Fresh statistics, as autovacuum (PostgreSQL) or a maintenance run (SQLite) would give a
        # database that grew over time: bulk inserts leave the planner guessing from empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
