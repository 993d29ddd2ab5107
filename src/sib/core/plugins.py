"""Apps contribute navigation, home panels and demo data through dotted paths listed in settings.

This keeps the dependency direction of ARCHITECTURE.md: `core` never imports the apps built on it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


@cache
def _resolve(paths: tuple[str, ...]) -> tuple[Callable[..., Any], ...]:
    return tuple(import_string(path) for path in paths)


def contributions(setting_name: str) -> tuple[Callable[..., Any], ...]:
    """The callables listed in a SIB_* setting, imported once per process (read-only afterwards)."""
    return _resolve(tuple(getattr(settings, setting_name)))
