"""What changed in a manual between two versions: chapters added, and for each changed chapter
its title and the lines of its Markdown text added and removed, per language."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from sib.knowledge.models import Chapter, ChapterRevision

CONTEXT = 2


@dataclass(frozen=True)
class Line:
    op: str  # "same" | "added" | "removed" | "gap"
    text: str


@dataclass
class LanguageChange:
    language: str
    title_before: str
    title_after: str
    lines: list[Line]


@dataclass
class ChapterChange:
    chapter: Chapter
    status: str  # "added" | "changed"
    before: ChapterRevision | None
    after: ChapterRevision
    languages: list[LanguageChange] = field(default_factory=list)


def line_diff(before: str, after: str) -> list[Line]:
    """Lines added and removed, with a little unchanged context and gaps marked."""
    old, new = before.splitlines(), after.splitlines()
    result: list[Line] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT):
        if result:
            result.append(Line("gap", ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                result += [Line("same", text) for text in old[i1:i2]]
                continue
            if tag in {"replace", "delete"}:
                result += [Line("removed", text) for text in old[i1:i2]]
            if tag in {"replace", "insert"}:
                result += [Line("added", text) for text in new[j1:j2]]
    return result


def compare(
    before: dict[int, ChapterRevision], after: dict[int, ChapterRevision], chapters: list[Chapter]
) -> list[ChapterChange]:
    """Changes from one state of a manual (chapter id → revision) to another, in chapter order."""
    changes = []
    for chapter in chapters:
        new = after.get(chapter.pk)
        old = before.get(chapter.pk)
        if new is None or (old is not None and old.pk == new.pk):
            continue
        change = ChapterChange(chapter, "added" if old is None else "changed", old, new)
        for language in ("pl", "en"):
            title_before = old.title_in(language) if old else ""
            body_before = old.body_in(language) if old else ""
            if title_before == new.title_in(language) and body_before == new.body_in(language):
                continue
            change.languages.append(
                LanguageChange(
                    language,
                    title_before,
                    new.title_in(language),
                    line_diff(body_before, new.body_in(language)),
                )
            )
        changes.append(change)
    return changes
