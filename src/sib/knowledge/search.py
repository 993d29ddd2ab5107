"""Search across manual chapters, material titles and terms, in both languages, the same on
SQLite and PostgreSQL (decision 0802).

Every searchable text is a `SearchEntry` per language; its words, stemmed by the language's
stemmer, are `SearchToken` rows counting their occurrences in the title and in the text. A query's
words are stemmed in both languages; an entry is found when it holds, for every query word, one
of its stems (the last word also as a prefix, for words being typed), and ranked by how much of
the title and how densely the text the words fill. The index is kept by the services in the same transaction as the content.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Max, Q, Sum, When
from django.urls import reverse
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from sib.academy import policies as academy
from sib.knowledge import policies
from sib.knowledge.models import (
    Chapter,
    ChapterRevision,
    Document,
    Material,
    MaterialKind,
    SearchEntry,
    SearchToken,
    Term,
)
from sib.knowledge.words import stem, words

MAX_QUERY_WORDS = 8
# Entries matching every word are ranked in Python; at most this many are read.
CANDIDATES = 500
SNIPPET_WORDS = 28
Kind = SearchEntry.Kind


# --- the index -----------------------------------------------------------------------------------


def _plain(markdown_source: str) -> str:
    from sib.knowledge.markdown import render

    return strip_tags(render(markdown_source).html)


def _store(entry: SearchEntry, hidden: str = "") -> None:
    """Save an entry and its words; `hidden` words (a term's other names and forms) are found
    but never shown in snippets."""
    title = [stem(m.group(), entry.language) for m in words(entry.title)]
    text = [stem(m.group(), entry.language) for m in words(entry.text)]
    text += [stem(m.group(), entry.language) for m in words(hidden)]
    entry.title_words, entry.text_words = len(title), len(text)
    entry.save()
    titles, texts = Counter(title), Counter(text)
    SearchToken.objects.bulk_create(
        SearchToken(entry=entry, stem=token, title_count=titles[token], text_count=texts[token])
        for token in titles.keys() | texts.keys()
    )


def _forget(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def index_chapter(chapter: Chapter, revision: ChapterRevision | None = None) -> None:
    revision = revision or chapter.current
    _forget(Kind.CHAPTER, chapter.pk)
    if revision is None:
        return
    document = chapter.document
    path = reverse("knowledge:chapter", args=[document.key, chapter.key])
    for language in ("pl", "en"):
        title, body = revision.title_in(language), revision.body_in(language)
        if not (title or body):
            continue
        _store(
            SearchEntry(
                kind=Kind.CHAPTER,
                object_id=chapter.pk,
                language=language,
                title=(title or revision.title_in("en" if language == "pl" else "pl"))[:300],
                text=_plain(body),
                path=path,
                audience=document.audience,
                published=document.published,
                document=document,
            )
        )


def index_document(document: Document) -> None:
    for chapter in document.chapters.select_related("current", "document"):
        index_chapter(chapter)


def index_material(material: Material) -> None:
    _forget(Kind.MATERIAL, material.pk)
    programme_id = material.programme_id_of_owner
    path = reverse("knowledge:material", args=[material.pk])
    for language in ("pl", "en"):
        title = getattr(material, f"title_{language}") or ""
        if not title:
            continue
        _store(
            SearchEntry(
                kind=Kind.MATERIAL,
                object_id=material.pk,
                language=language,
                title=title[:300],
                text=material.filename if material.kind == MaterialKind.FILE else material.url,
                path=path,
                public=material.public,
                programme_id_scope=programme_id,
                session_id=material.session_id,
            )
        )


def forget_material(material_id: int) -> None:
    _forget(Kind.MATERIAL, material_id)


def index_term(term: Term) -> None:
    _forget(Kind.TERM, term.pk)
    path = reverse("knowledge:term", args=[term.slug])
    for language in ("pl", "en"):
        shown = [
            getattr(term, f"{name}_{language}") or ""
            for name in ("definition", "examples", "didactic_issues", "country_context")
        ]
        hidden = [
            getattr(term, f"{name}_{language}") or "" for name in ("alt_labels", "hidden_labels")
        ]
        _store(
            SearchEntry(
                kind=Kind.TERM,
                object_id=term.pk,
                language=language,
                title=(getattr(term, f"label_{language}") or term.slug)[:300],
                text="\n".join(part for part in shown if part),
                path=path,
                published=term.published,
                public=True,
            ),
            hidden="\n".join(hidden),
        )


def reindex_all() -> int:
    """Rebuild the whole index (after an import, or `sib knowledge-reindex`)."""
    SearchEntry.objects.all().delete()
    count = 0
    for chapter in Chapter.objects.select_related("current", "document"):
        index_chapter(chapter)
        count += 1
    for material in Material.objects.select_related("module"):
        index_material(material)
        count += 1
    for term in Term.objects.all():
        index_term(term)
        count += 1
    return count


# --- queries ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    object_id: int
    language: str
    title: SafeString
    snippet: SafeString
    path: str
    score: float


def _visible(actor: Any) -> Q:
    readable = policies.readable_audiences(actor)
    staff = policies.can_edit(actor)
    published = Q() if staff else Q(published=True)
    chapters = Q(kind=Kind.CHAPTER, audience__in=readable) & published
    terms = Q(kind=Kind.TERM) & published
    if staff:
        materials = Q(kind=Kind.MATERIAL)
    else:
        scope = Q(public=True)
        if actor.is_authenticated:
            scope |= Q(
                programme_id_scope__in=academy.editions_visible(actor).values("programme_id")
            ) | Q(session_id__in=academy.sessions_visible(actor).values("pk"))
        materials = Q(kind=Kind.MATERIAL) & scope
    return chapters | terms | materials


def _query_words(query: str) -> list[str]:
    return [m.group() for m in words(query[:300]) if len(m.group()) >= 2][:MAX_QUERY_WORDS]


def _alternatives(word: str) -> set[str]:
    return {stem(word, "pl"), stem(word, "en")}


def _word_filter(alternatives: set[str], prefix: bool) -> Q:
    condition = Q(stem__in=sorted(alternatives))
    if prefix:
        for alternative in sorted(alternatives):
            if len(alternative) >= 3:
                condition |= Q(stem__startswith=alternative)
    return condition


def _matches(word: str, alternatives: set[str], prefix: bool) -> bool:
    return word in alternatives or (
        prefix and any(len(a) >= 3 and word.startswith(a) for a in alternatives)
    )


def _highlight(
    text: str, language: str, wanted: list[tuple[set[str], bool]], window: bool
) -> SafeString:
    found = [
        m
        for m in words(text)
        if any(_matches(stem(m.group(), language), alts, prefix) for alts, prefix in wanted)
    ]
    start, end = 0, len(text)
    if window:
        all_words = list(words(text))
        if not all_words:
            return mark_safe("")
        first = found[0].start() if found else 0
        position = next((i for i, m in enumerate(all_words) if m.start() >= first), 0)
        lo = max(position - SNIPPET_WORDS // 3, 0)
        hi = min(lo + SNIPPET_WORDS, len(all_words))
        start, end = all_words[lo].start(), all_words[hi - 1].end()
    parts = ["… " if start > 0 else ""]
    position = start
    for match in found:
        if match.start() < start or match.end() > end:
            continue
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:end]))
    parts.append(" …" if end < len(text) else "")
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


def search(*, actor: Any, query: str, language: str, limit: int = 30) -> list[Hit]:
    """The entries this person may see that hold every word of `query`, best first; one hit per
    object (the reader's language preferred), with the words found highlighted."""
    query_words = _query_words(query)
    if not query_words:
        return []
    wanted = [
        (_alternatives(word), index == len(query_words) - 1 and len(word) >= 3)
        for index, word in enumerate(query_words)
    ]
    any_word = Q()
    which_word = []
    for index, (alternatives, prefix) in enumerate(wanted):
        condition = _word_filter(alternatives, prefix)
        any_word |= condition
        which_word.append(When(condition, then=index))
    rows = (
        SearchToken.objects.filter(any_word)
        .filter(entry__in=SearchEntry.objects.filter(_visible(actor)).values("pk"))
        .values("entry_id")
        .annotate(
            matched=Count(Case(*which_word, output_field=IntegerField()), distinct=True),
            title_hits=Sum("title_count"),
            text_hits=Sum("text_count"),
            title_words=Max("entry__title_words"),
            text_words=Max("entry__text_words"),
        )
        .filter(matched=len(wanted))
        .order_by("-title_hits", "-text_hits", "entry_id")[:CANDIDATES]
    )
    # The share of the title the words fill counts most (a term named by the query comes first),
    # then how densely they occur in the text.
    scores = {
        row["entry_id"]: round(
            10 * row["title_hits"] / max(row["title_words"], 1)
            + 10 * row["text_hits"] / (row["text_words"] + 20),
            6,
        )
        for row in rows
    }
    ranked = sorted(scores, key=lambda pk: (-scores[pk], pk))[: limit * 2]
    entries = SearchEntry.objects.in_bulk(ranked)
    best: dict[tuple[str, int], SearchEntry] = {}
    for entry_id in ranked:
        entry = entries[entry_id]
        key = (entry.kind, entry.object_id)
        kept = best.get(key)
        if kept is None or (scores[entry_id] == scores[kept.pk] and entry.language == language):
            best[key] = entry
    hits = [
        Hit(
            kind=entry.kind,
            kind_label=str(Kind(entry.kind).label),
            object_id=entry.object_id,
            language=entry.language,
            title=_highlight(entry.title, entry.language, wanted, window=False),
            snippet=_highlight(entry.text, entry.language, wanted, window=True),
            path=entry.path,
            score=scores[entry.pk],
        )
        for entry in best.values()
    ]
    hits.sort(key=lambda hit: (-hit.score, hit.kind, hit.object_id))
    return hits[:limit]
