"""Reads for knowledge pages and the API, filtered by the policy, in a fixed number of queries."""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from sib.academy import policies as academy
from sib.academy.models import Enrolment, Module, Programme, Session
from sib.core.charts import GraphEdge, GraphNode, graph_chart
from sib.knowledge import policies
from sib.knowledge.diff import ChapterChange, compare
from sib.knowledge.linking import LinkTarget, TermLinker
from sib.knowledge.markdown import Heading, render
from sib.knowledge.models import (
    INVERSE_LABELS,
    Chapter,
    ChapterRevision,
    Document,
    Material,
    Relation,
    RelationKind,
    Term,
    TermMention,
)

# Ids beyond a 64-bit integer match nothing (SQLite would raise instead of finding no row).
MAX_ID = 2**63 - 1
POLISH_ALPHABET = "aąbcćdeęfghijklłmnńoóprsśtuvwxyzźż"
_ORDER = {letter: index for index, letter in enumerate(POLISH_ALPHABET)}


def valid_id(value: int) -> int:
    if not 0 < value <= MAX_ID:
        raise Http404
    return value


def sort_key(text: str, language: str) -> tuple[Any, ...]:
    """Alphabetical order of the language ("łódź" after "lasy" in Polish)."""
    lowered = text.lower()
    if language == "pl":
        return tuple((_ORDER.get(c, 100 + ord(c)), c) for c in lowered)
    import unicodedata

    return tuple(unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()), lowered


# --- manuals ---------------------------------------------------------------------------------------


def document_list(*, actor: Any) -> QuerySet[Document]:
    return policies.documents_visible(actor).annotate(chapter_count=Count("chapters"))


def document_get(*, actor: Any, key: str) -> Document:
    document = policies.documents_visible(actor).filter(key=key).first()
    if document is None:
        raise Http404
    return document


def document_get_by_id(*, actor: Any, document_id: int) -> Document:
    document = policies.documents_visible(actor).filter(pk=valid_id(document_id)).first()
    if document is None:
        raise Http404
    return document


def document_chapters(*, document: Document) -> list[Chapter]:
    """Chapters in order, each with its current revision (one query)."""
    return list(
        Chapter.objects.filter(document=document)
        .select_related("current__author")
        .order_by("position", "id")
    )


def chapter_get(*, actor: Any, document: Document, key: str) -> Chapter:
    chapter = (
        Chapter.objects.filter(document=document, key=key).select_related("current__author").first()
    )
    if chapter is None or chapter.current is None:
        raise Http404
    chapter.document = document
    return chapter


def chapter_get_by_id(*, actor: Any, chapter_id: int) -> Chapter:
    chapter = (
        Chapter.objects.filter(
            pk=valid_id(chapter_id), document__in=policies.documents_visible(actor)
        )
        .select_related("current", "document")
        .first()
    )
    if chapter is None or chapter.current is None:
        raise Http404
    return chapter


def chapter_reference(reference: str, *, actor: Any) -> Chapter | None:
    """The chapter that `<manual key>/<chapter key>` names, if this person may read it.

    For other apps that point at a chapter by its stable reference (a studio canvas template
    naming its guide chapter); `chapter.get_url` then gives its page.
    """
    document_key, _, chapter_key = reference.partition("/")
    chapter = (
        Chapter.objects.filter(
            document__key=document_key,
            key=chapter_key,
            document__in=policies.documents_visible(actor),
        )
        .select_related("current", "document")
        .first()
    )
    return chapter if chapter is not None and chapter.current is not None else None


def chapter_url(chapter: Chapter) -> str:
    return reverse("knowledge:chapter", args=[chapter.document.key, chapter.key])


def document_at(*, document: Document, version: int) -> dict[int, ChapterRevision]:
    """The manual as it was at `version`: each chapter's latest revision at or below it."""
    state: dict[int, ChapterRevision] = {}
    for revision in ChapterRevision.objects.filter(
        chapter__document=document, document_version__lte=version
    ).order_by("chapter_id", "-document_version"):
        state.setdefault(revision.chapter_id, revision)
    return state


def document_history(*, document: Document) -> list[ChapterRevision]:
    return list(
        ChapterRevision.objects.filter(chapter__document=document)
        .select_related("author", "chapter")
        .order_by("-document_version")[:200]
    )


def document_changes(*, document: Document, before: int, after: int) -> list[ChapterChange]:
    chapters = document_chapters(document=document)
    return compare(
        document_at(document=document, version=before),
        document_at(document=document, version=after),
        chapters,
    )


# --- terms as links -------------------------------------------------------------------------------

_linkers = threading.local()


def terms_stamp() -> tuple[int, str]:
    """Changes whenever a published term is added, changed or removed (one query)."""
    row = Term.objects.filter(published=True).aggregate(n=Count("id"), last=Max("updated_at"))
    return row["n"], row["last"].isoformat() if row["last"] else ""


def term_linker(*, language: str, stamp: tuple[int, str] | None = None) -> TermLinker:
    """The linker for a language, built from the published terms; kept per thread while the
    terms are unchanged (one query for the stamp, one more to rebuild)."""
    stamp = stamp or terms_stamp()
    kept = getattr(_linkers, language, None)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    names = []
    for term in Term.objects.filter(published=True).order_by("pk"):
        label = getattr(term, f"label_{language}") or term.label
        url = reverse("knowledge:term", args=[term.slug])
        names.append((LinkTarget(term.pk, term.slug, label, url), term.labels_in(language)))
    linker = TermLinker.build(language, names)
    setattr(_linkers, language, (stamp, linker))
    return linker


@dataclass
class ChapterText:
    """A chapter shown in one language: the reader's, or the other when it exists only there."""

    title: str
    language: str
    html: SafeString
    toc: list[Heading]
    fallback: bool
    empty: bool


def chapter_text(
    revision: ChapterRevision,
    *,
    language: str,
    linker: TermLinker | None,
    anchor_prefix: str = "",
    stamp: Any = "",
) -> ChapterText:
    other = "en" if language == "pl" else "pl"
    shown = language
    if (
        not (revision.body_in(language).strip() or revision.title_in(language).strip())
        or not revision.body_in(language).strip()
        and revision.body_in(other).strip()
    ):
        shown = other
    key = f"knowledge:chapter:{revision.pk}:{shown}:{anchor_prefix}:{bool(linker)}:{stamp}"
    kept = cache.get(key) if stamp else None
    if kept is None:
        use = linker if (linker is None or linker.language == shown) else None
        rendered = render(revision.body_in(shown), linker=use, anchor_prefix=anchor_prefix)
        kept = (str(rendered.html), rendered.toc)
        if stamp:
            cache.set(key, kept, 24 * 3600)
    html, toc = kept
    title = revision.title_in(shown) or revision.title_in(other)
    return ChapterText(
        title=title,
        language=shown,
        html=mark_safe(html),  # noqa: S308 - sanitised by nh3 when rendered
        toc=toc,
        fallback=shown != language,
        empty=not revision.body_in(shown).strip(),
    )


def chapter_title(revision: ChapterRevision | None, language: str) -> str:
    if revision is None:
        return ""
    return revision.title_in(language) or revision.title_in("en" if language == "pl" else "pl")


# --- the map -----------------------------------------------------------------------------------------


def term_label(term: Term, language: str) -> str:
    return getattr(term, f"label_{language}") or term.label


def term_list(*, actor: Any) -> QuerySet[Term]:
    return policies.terms_visible(actor).order_by("slug")


def term_get(*, actor: Any, slug: str) -> Term:
    term = (
        policies.terms_visible(actor)
        .filter(slug=slug)
        .prefetch_related(
            Prefetch("modules", queryset=Module.objects.select_related("programme")),
        )
        .first()
    )
    if term is None:
        raise Http404
    return term


def term_get_by_id(*, actor: Any, term_id: int) -> Term:
    term = policies.terms_visible(actor).filter(pk=valid_id(term_id)).first()
    if term is None:
        raise Http404
    return term


def relation_list(*, actor: Any) -> QuerySet[Relation]:
    visible = policies.terms_visible(actor)
    return (
        Relation.objects.filter(source__in=visible, target__in=visible)
        .select_related("source", "target")
        .order_by("source__slug", "kind", "target__slug")
    )


@dataclass
class Related:
    label: str
    terms: list[Term] = field(default_factory=list)


def term_relations(*, actor: Any, term: Term) -> list[Related]:
    """The term's relations read from its side, both directions (one query)."""
    visible = policies.terms_visible(actor)
    groups: dict[str, Related] = {}
    for relation in (
        Relation.objects.filter(Q(source=term) | Q(target=term))
        .filter(source__in=visible, target__in=visible)
        .select_related("source", "target")
        .order_by("kind", "pk")
    ):
        if relation.source_id == term.pk:
            label, other = str(relation.get_kind_display()), relation.target
        else:
            label, other = str(INVERSE_LABELS[RelationKind(relation.kind)]), relation.source
        groups.setdefault(label, Related(label)).terms.append(other)
    return list(groups.values())


def term_chapters(*, actor: Any, term: Term) -> list[Chapter]:
    """Chapters the reader may open whose current text names the term (one query)."""
    seen: dict[int, Chapter] = {}
    for mention in (
        TermMention.objects.filter(
            term=term, chapter__document__in=policies.documents_visible(actor)
        )
        .select_related("chapter__document", "chapter__current")
        .order_by("chapter__document__position", "chapter__position", "chapter_id")
    ):
        seen.setdefault(mention.chapter_id, mention.chapter)
    return list(seen.values())


@dataclass
class AZ:
    letter: str
    terms: list[tuple[str, Term]]


def terms_az(*, actor: Any, language: str) -> list[AZ]:
    """Terms by first letter in the language's alphabet (one query)."""
    named = [(term_label(term, language), term) for term in term_list(actor=actor)]
    named.sort(key=lambda item: sort_key(item[0], language))
    letters: dict[str, AZ] = {}
    for label, term in named:
        letter = label[:1].upper()
        letters.setdefault(letter, AZ(letter, [])).terms.append((label, term))
    return list(letters.values())


@dataclass
class MapEntry:
    term: Term
    label: str
    relations: list[tuple[str, Term, str]]  # (relation label, other term, other's label)


@dataclass
class TermMap:
    svg: SafeString
    entries: list[MapEntry]
    relation_count: int


EDGE_STYLE = {
    RelationKind.KIND_OF: "solid",
    RelationKind.PART_OF: "dashed",
    RelationKind.USED_IN: "dotted",
    RelationKind.CONTRASTS_WITH: "dashed",
}


def term_map(*, actor: Any, language: str, around: Term | None = None) -> TermMap:
    """The map as a graph laid out by Graphviz and the same as a list (two queries). With
    `around`, only that term and its neighbours."""
    terms = list(term_list(actor=actor))
    relations = list(relation_list(actor=actor))
    if around is not None:
        near = {around.pk}
        relations = [r for r in relations if around.pk in {r.source_id, r.target_id}]
        for relation in relations:
            near |= {relation.source_id, relation.target_id}
        terms = [term for term in terms if term.pk in near]
    labels = {term.pk: term_label(term, language) for term in terms}
    nodes = [
        GraphNode(
            key=f"t{term.pk}",
            label=labels[term.pk],
            url=reverse("knowledge:term", args=[term.slug]),
            group=1 if around is not None and term.pk == around.pk else 0,
        )
        for term in sorted(terms, key=lambda t: sort_key(labels[t.pk], language))
    ]
    edges = [
        GraphEdge(
            source=f"t{relation.source_id}",
            target=f"t{relation.target_id}",
            label=str(relation.get_kind_display()),
            style=EDGE_STYLE[RelationKind(relation.kind)],
            directed=relation.kind != RelationKind.CONTRASTS_WITH,
        )
        for relation in relations
    ]
    by_term: dict[int, list[tuple[str, Term, str]]] = defaultdict(list)
    by_pk = {term.pk: term for term in terms}
    for relation in relations:
        source, target = by_pk[relation.source_id], by_pk[relation.target_id]
        by_term[source.pk].append((str(relation.get_kind_display()), target, labels[target.pk]))
        inverse = str(INVERSE_LABELS[RelationKind(relation.kind)])
        by_term[target.pk].append((inverse, source, labels[source.pk]))
    entries = [
        MapEntry(term, labels[term.pk], by_term[term.pk])
        for term in sorted(terms, key=lambda t: sort_key(labels[t.pk], language))
    ]
    from django.utils.translation import gettext as _

    svg = graph_chart(
        nodes,
        edges,
        label=_(
            "Map of terms: %(terms)d terms and %(relations)d relations; the list gives the same."
        )
        % {"terms": len(nodes), "relations": len(edges)},
    )
    return TermMap(svg, entries, len(edges))


# --- materials -------------------------------------------------------------------------------------


def material_get(*, actor: Any, material_id: int) -> Material:
    material = (
        policies.materials_visible(actor)
        .filter(pk=valid_id(material_id))
        .select_related("session__edition", "module", "programme")
        .first()
    )
    if material is None:
        raise Http404
    return material


def _materials(actor: Any, condition: Q) -> list[Material]:
    return list(
        policies.materials_visible(actor)
        .filter(condition)
        .select_related("module", "session__module")
        .order_by("position", "id")
    )


@dataclass
class ModuleMaterials:
    module: Module | None
    materials: list[Material]
    terms: list[Term] = field(default_factory=list)


def materials_for_programme(*, actor: Any, programme: Programme) -> list[ModuleMaterials]:
    """The programme's own materials, then each module's, with the terms each module teaches
    (two queries)."""
    materials = _materials(actor, Q(programme=programme) | Q(module__programme=programme))
    groups: dict[int | None, ModuleMaterials] = {None: ModuleMaterials(None, [])}
    modules = list(
        programme.modules.prefetch_related(
            Prefetch("terms", queryset=policies.terms_visible(actor).order_by("slug"))
        )
    )
    for module in modules:
        groups[module.pk] = ModuleMaterials(module, [], list(module.terms.all()))
    for material in materials:
        groups.setdefault(
            material.module_id, ModuleMaterials(material.module, [])
        ).materials.append(material)
    return [group for group in groups.values() if group.materials or group.terms]


def materials_for_enrolment(*, actor: Any, enrolment: Enrolment) -> list[Material]:
    """What a participant works with: the programme's and modules' materials and those of the
    sessions of their audience (one query)."""
    edition = enrolment.edition
    sessions = Session.objects.filter(edition=edition).filter(
        Q(group__isnull=True) | Q(group_id=enrolment.group_id)
    )
    return _materials(
        actor,
        Q(programme_id=edition.programme_id)
        | Q(module__programme_id=edition.programme_id)
        | Q(session__in=sessions.values("pk")),
    )


def materials_for_session(*, actor: Any, session: Session) -> list[Material]:
    return _materials(actor, Q(session=session) | Q(module_id=session.module_id))


def material_owner_choices(*, actor: Any) -> QuerySet[Session]:
    return academy.sessions_visible(actor)


# --- the state of public pages (sib.core.pagecache) -----------------------------------------------


def public_stamp() -> tuple[Any, ...]:
    """Two small queries saying whether anything a public knowledge page shows has changed
    (services touch both terms of a relation they change, and every chapter save raises its
    manual's version)."""
    terms = Term.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    documents = Document.objects.aggregate(n=Count("id"), at=Max("updated_at"), v=Max("version"))
    return (*terms.values(), *documents.values())
