"""`make bench`: run every bench/bench_*.py module (or those named) and write bench/results/.

Each module defines `run(results: pathlib.Path) -> None`; it measures ratios within one run
(a page against a trivial view, PostgreSQL against SQLite) and writes a Markdown result file
with the machine described (see `bench.machine`).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def main(names: list[str]) -> None:
    RESULTS.mkdir(exist_ok=True)
    modules = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name.startswith("bench_")
    )
    for name in modules:
        if names and name not in names:
            continue
        print(f"== {name}")
        importlib.import_module(f"bench.{name}").run(RESULTS)


if __name__ == "__main__":
    main(sys.argv[1:])
