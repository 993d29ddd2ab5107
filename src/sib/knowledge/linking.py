"""Terms of the map found in running text, inflected forms included (decision 0802).

A term matches where the stems of consecutive words equal the stems of one of its names (label,
other names, hidden forms), so "brokerowi innowacji społecznych" finds "broker innowacji
społecznych". The longest name wins where names overlap; each term is linked once per text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from sib.knowledge.words import stem, words

MIN_CHARS = 3


@dataclass(frozen=True)
class LinkTarget:
    term_id: int
    slug: str
    label: str
    url: str


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    target: LinkTarget


@dataclass
class TermLinker:
    """Finds terms in texts of one language. Build once per page (`selectors.term_linker`)."""

    language: str
    patterns: dict[str, list[tuple[tuple[str, ...], LinkTarget]]] = field(default_factory=dict)

    @classmethod
    def build(cls, language: str, names: Iterable[tuple[LinkTarget, list[str]]]) -> TermLinker:
        linker = cls(language)
        for target, labels in names:
            for name in labels:
                sequence = tuple(stem(m.group(), language) for m in words(name))
                if not sequence or sum(len(part) for part in sequence) < MIN_CHARS:
                    continue
                linker.patterns.setdefault(sequence[0], []).append((sequence, target))
        for candidates in linker.patterns.values():
            candidates.sort(key=lambda item: -len(item[0]))
        return linker

    def find(self, text: str) -> list[Found]:
        """Non-overlapping matches in `text`, left to right."""
        tokens = [(m.start(), m.end(), stem(m.group(), self.language)) for m in words(text)]
        found: list[Found] = []
        index = 0
        while index < len(tokens):
            step = 1
            for sequence, target in self.patterns.get(tokens[index][2], ()):
                end = index + len(sequence)
                if end > len(tokens):
                    continue
                if tuple(token[2] for token in tokens[index:end]) != sequence:
                    continue
                # The words of a name must follow each other (a space or a hyphen between).
                gaps = (text[tokens[k][1] : tokens[k + 1][0]] for k in range(index, end - 1))
                if all(gap.strip() in {"", "-"} for gap in gaps):
                    found.append(Found(tokens[index][0], tokens[end - 1][1], target))
                    step = len(sequence)
                    break
            index += step
        return found

    def terms_in(self, text: str) -> set[int]:
        return {item.target.term_id for item in self.find(text)}

    def link_plain(self, text: str, seen: set[int] | None = None) -> SafeString:
        """Plain text as escaped paragraphs, each term's first occurrence a link to its page."""
        seen = set() if seen is None else seen
        paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        html = []
        for paragraph in paragraphs:
            parts: list[str] = []
            position = 0
            for item in self.find(paragraph):
                if item.target.term_id in seen:
                    continue
                seen.add(item.target.term_id)
                parts.append(escape(paragraph[position : item.start]))
                parts.append(term_link(item.target, paragraph[item.start : item.end]))
                position = item.end
            parts.append(escape(paragraph[position:]))
            html.append("<p>" + "".join(parts).replace("\n", "<br>") + "</p>")
        return mark_safe("\n".join(html))  # noqa: S308 - every piece escaped above


def term_link(target: LinkTarget, text: str) -> str:
    return format_html(
        '<a class="term" href="{}" title="{}">{}</a>', target.url, target.label, text
    )
