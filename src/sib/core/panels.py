"""Home-page panels that apps contribute for a person's roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50
