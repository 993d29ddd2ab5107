"""Manual chapters from Markdown: parsed by markdown-it-py (CommonMark, tables), headings given
stable anchors, terms of the map linked, and the result sanitised by nh3 whatever was typed.

Raw HTML in the source is not passed through (it shows as text); nh3 then keeps only the tags
and attributes a chapter needs, so neither a crafted link nor a parser quirk can put script on
a page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

from sib.knowledge.linking import TermLinker

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "s", "del",
    "code", "pre", "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass
class Rendered:
    html: SafeString
    toc: list[Heading] = field(default_factory=list)
    terms: set[int] = field(default_factory=set)


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    )


_md = _parser()


def slugify(text: str) -> str:
    """An ASCII anchor for a heading ("Czym jest persona?" → "czym-jest-persona")."""
    text = text.replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "section"


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        allowed_classes={"a": {"term"}},
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _link_terms(inline: Token, linker: TermLinker, seen: set[int], terms: set[int]) -> None:
    children: list[Token] = []
    in_link = 0
    for child in inline.children or []:
        if child.type == "link_open":
            in_link += 1
        elif child.type == "link_close":
            in_link -= 1
        if child.type != "text" or in_link:
            children.append(child)
            continue
        text = child.content
        position = 0
        for item in linker.find(text):
            terms.add(item.target.term_id)
            if item.target.term_id in seen:
                continue
            seen.add(item.target.term_id)
            if item.start > position:
                children.append(Token("text", "", 0, content=text[position : item.start]))
            children.append(
                Token(
                    "link_open",
                    "a",
                    1,
                    attrs={"href": item.target.url, "class": "term", "title": item.target.label},
                )
            )
            children.append(Token("text", "", 0, content=text[item.start : item.end]))
            children.append(Token("link_close", "a", -1))
            position = item.end
        if position < len(text):
            children.append(Token("text", "", 0, content=text[position:]))
    inline.children = children


def render(
    source: str,
    *,
    linker: TermLinker | None = None,
    anchor_prefix: str = "",
    top_level: int = 2,
    seen: set[int] | None = None,
) -> Rendered:
    """Markdown → sanitised HTML with anchored headings (the highest level used becomes
    `top_level`), a table of contents, and the terms found (linked once each)."""
    tokens = _md.parse(source or "")
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    shift = top_level - min(levels) if levels else 0
    toc: list[Heading] = []
    used: set[str] = set()
    terms: set[int] = set()
    seen = set() if seen is None else seen
    for index, token in enumerate(tokens):
        if token.type in {"heading_open", "heading_close"}:
            level = min(max(int(token.tag[1]) + shift, top_level), 6)
            token.tag = f"h{level}"
            if token.type == "heading_open":
                text = tokens[index + 1].content
                anchor = anchor_prefix + slugify(text)
                base, number = anchor, 2
                while anchor in used:
                    anchor, number = f"{base}-{number}", number + 1
                used.add(anchor)
                token.attrSet("id", anchor)
                toc.append(Heading(level, text, anchor))
        elif token.type == "inline" and linker is not None:
            heading = index > 0 and tokens[index - 1].type == "heading_open"
            if not heading:
                _link_terms(token, linker, seen, terms)
    html = _md.renderer.render(tokens, _md.options, {})
    return Rendered(mark_safe(sanitise(html)), toc, terms)  # noqa: S308 - sanitised by nh3
