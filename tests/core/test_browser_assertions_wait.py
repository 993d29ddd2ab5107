"""Browser tests assert with Playwright's waiting `expect`, never with a one-shot look.

`locator.is_visible()` answers at once: after a click the next page may not be parsed yet, and
the journey fails on a busy CI machine although the page is right (CI stop 19: "Why this
broker" was served but not yet drawn). `expect(locator).to_be_visible()` retries until its
timeout.
"""

from __future__ import annotations

import ast
from pathlib import Path

E2E = Path(__file__).resolve().parents[1] / "e2e"
ONE_SHOT = {"is_visible", "is_hidden", "is_checked", "is_enabled", "is_disabled"}


def _one_shot_asserts(source: str) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Assert):
            continue
        for inner in ast.walk(node.test):
            if (
                isinstance(inner, ast.Call)
                and isinstance(inner.func, ast.Attribute)
                and inner.func.attr in ONE_SHOT
            ):
                lines.append(node.lineno)
    return lines


def test_the_check_finds_a_one_shot_assert() -> None:
    assert _one_shot_asserts("assert page.get_by_text('x').is_visible()\n") == [1]
    assert _one_shot_asserts("expect(page.get_by_text('x')).to_be_visible()\n") == []


def test_no_browser_test_asserts_on_a_one_shot_look() -> None:
    found = {
        f"{path.name}:{line}"
        for path in sorted(E2E.glob("*.py"))
        for line in _one_shot_asserts(path.read_text(encoding="utf-8"))
    }
    assert not found, f"use expect(...) instead: {sorted(found)}"
