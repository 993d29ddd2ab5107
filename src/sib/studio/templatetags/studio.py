"""Small helpers for the canvas editor's templates."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    if isinstance(mapping, dict):
        return mapping.get(key)
    if isinstance(mapping, list | tuple) and isinstance(key, int) and 0 <= key < len(mapping):
        return mapping[key]
    return None


@register.filter
def lane_label(lane: list[str]) -> str:
    """A grid row's label in the reader's language ([key, Polish, English])."""
    return lane[2] if (get_language() or "pl").startswith("en") else lane[1]


@register.simple_tag
def grid_rows(block: Any, value: Any) -> list[dict[str, Any]]:
    """The grid as rows of cells for the editor, with one empty column to add to."""
    value = value or {}
    columns = list(value.get("columns") or [])
    cells = value.get("cells") or {}
    width = len(columns) + 1
    lanes = block.config.get("lanes", [])
    return [
        {
            "lane": lane,
            "cells": [
                (
                    index,
                    (cells.get(lane[0]) or [])[index]
                    if index < len(cells.get(lane[0]) or [])
                    else "",
                )
                for index in range(width)
            ],
        }
        for lane in lanes
    ]


@register.simple_tag
def grid_columns(value: Any) -> list[tuple[int, str]]:
    columns = list((value or {}).get("columns") or [])
    return list(enumerate([*columns, ""]))


@register.simple_tag
def scale_range(block: Any) -> list[int]:
    return list(range(int(block.config.get("min", 1)), int(block.config.get("max", 5)) + 1))
