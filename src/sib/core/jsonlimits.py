"""JSON from strangers, within bounds: nesting depth and number of values.

Python's parser recurses once per bracket, and so do the validators and JSON-LD processors that
read the result: 100,000 nested brackets exhaust the interpreter's stack, and 900 levels pass the
parser but not what comes after. Every JSON body the platform reads goes through `loads`, which
refuses such input with `JsonTooComplex` (a 4xx for the caller) before anything else sees it.
"""

from __future__ import annotations

import json
from typing import Any

# No honest body of ours nests deeper than a dozen levels (a credential: about six).
MAX_DEPTH = 32
MAX_VALUES = 100_000


class JsonTooComplex(ValueError):
    """The JSON nests too deeply or holds too many values."""


def check_structure(
    value: Any, *, max_depth: int = MAX_DEPTH, max_values: int = MAX_VALUES
) -> None:
    """Raise `JsonTooComplex` when `value` nests deeper than `max_depth` containers or holds more
    than `max_values` values in all. Iterative, so it is itself safe on any input."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    count = 0
    while stack:
        item, depth = stack.pop()
        count += 1
        if count > max_values:
            raise JsonTooComplex(f"more than {max_values} values")
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth >= max_depth:
            raise JsonTooComplex(f"nested deeper than {max_depth} levels")
        stack.extend((child, depth + 1) for child in children)


def loads(body: bytes | str, *, max_depth: int = MAX_DEPTH, max_values: int = MAX_VALUES) -> Any:
    """Parse JSON and check its shape; `ValueError` for text that is not JSON."""
    try:
        value = json.loads(body)
    except RecursionError as error:
        raise JsonTooComplex(f"nested deeper than {max_depth} levels") from error
    check_structure(value, max_depth=max_depth, max_values=max_values)
    return value
