"""The shape of a canvas's content, checked against its template's blocks.

    text  → "a string"
    list  → ["item", ...]
    grid  → {"columns": ["stage 1", ...], "cells": {lane_key: ["cell per column", ...]}}
    scale → an integer within the block's range, or null

Unknown blocks are refused, missing ones are empty; the result is what gets stored, so a JSON
export imports back to the same content."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sib.studio.models import BlockKind, CanvasTemplate, TemplateBlock

MAX_TEXT = 20_000
MAX_ITEMS = 200


def _text(value: Any, key: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError({key: _("Write text here.")})
    if len(value) > MAX_TEXT:
        raise ValidationError({key: _("This text is too long.")})
    return value.strip()


def empty(block: TemplateBlock) -> Any:
    if block.kind == BlockKind.TEXT:
        return ""
    if block.kind == BlockKind.LIST:
        return []
    if block.kind == BlockKind.GRID:
        return {"columns": [], "cells": {lane[0]: [] for lane in block.config.get("lanes", [])}}
    return None


def _block(block: TemplateBlock, value: Any) -> Any:
    key = block.key
    if value is None:
        return empty(block)
    if block.kind == BlockKind.TEXT:
        return _text(value, key)
    if block.kind == BlockKind.LIST:
        if not isinstance(value, list) or len(value) > MAX_ITEMS:
            raise ValidationError({key: _("Give a list of items.")})
        return [item for item in (_text(v, key) for v in value) if item]
    if block.kind == BlockKind.GRID:
        if not isinstance(value, dict):
            raise ValidationError({key: _("Give the grid's columns and cells.")})
        columns = [_text(c, key) for c in value.get("columns") or []]
        if len(columns) > MAX_ITEMS:
            raise ValidationError({key: _("Too many columns.")})
        given = value.get("cells") or {}
        if not isinstance(given, dict):
            raise ValidationError({key: _("Give the grid's columns and cells.")})
        lanes = [lane[0] for lane in block.config.get("lanes", [])]
        unknown = set(given) - set(lanes)
        if unknown:
            raise ValidationError(
                {key: _("Unknown rows: %(rows)s") % {"rows": ", ".join(sorted(unknown))}}
            )
        cells = {}
        for lane in lanes:
            row = given.get(lane) or []
            if not isinstance(row, list):
                raise ValidationError({key: _("Give the grid's columns and cells.")})
            row = [_text(v, key) for v in row[: len(columns)]]
            cells[lane] = row + [""] * (len(columns) - len(row))
        return {"columns": columns, "cells": cells}
    low, high = int(block.config.get("min", 1)), int(block.config.get("max", 5))
    if value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({key: _("Choose a number.")}) from None
    if not low <= number <= high:
        raise ValidationError(
            {key: _("Choose a number from %(low)s to %(high)s.") % {"low": low, "high": high}}
        )
    return number


def clean(template: CanvasTemplate, content: Any) -> dict[str, Any]:
    """The content as stored: every block of the template, in its shape."""
    if not isinstance(content, dict):
        raise ValidationError(_("The content must be an object keyed by block."))
    blocks = list(template.blocks.all())
    unknown = set(content) - {block.key for block in blocks}
    if unknown:
        raise ValidationError(
            _("Unknown blocks: %(blocks)s") % {"blocks": ", ".join(sorted(unknown))}
        )
    return {block.key: _block(block, content.get(block.key)) for block in blocks}
