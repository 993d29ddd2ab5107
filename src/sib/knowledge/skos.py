"""The map as a SKOS vocabulary in Turtle, for thesaurus tools (decision 0803).

Each term is a `skos:Concept` with preferred labels in Polish and English (other names as
`altLabel`, inflected forms as `hiddenLabel`), its definition, examples, didactic issues
(`skos:note`) and country differences (`skos:scopeNote`). Relations: "is a kind of" and "is part
of" are `skos:broader` (with ISO 25964's `broaderGeneric` / `broaderPartitive` saying which) and
`skos:narrower` the other way; "is used in" and "contrasts with" are `skos:related` both ways
plus our own sub-properties of it, so a tool that knows only SKOS still reads a thesaurus and
nothing of the relation's type is lost.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from sib.knowledge.models import Relation, RelationKind, Term

SKOS = "http://www.w3.org/2004/02/skos/core#"
ISOTHES = "http://purl.org/iso25964/skos-thes#"

BROADER: dict[str, str] = {
    RelationKind.KIND_OF: "isothes:broaderGeneric",
    RelationKind.PART_OF: "isothes:broaderPartitive",
}
NARROWER: dict[str, str] = {
    RelationKind.KIND_OF: "isothes:narrowerGeneric",
    RelationKind.PART_OF: "isothes:narrowerPartitive",
}
RELATED: dict[str, str] = {
    RelationKind.USED_IN: "sib:usedIn",
    RelationKind.CONTRASTS_WITH: "sib:contrastsWith",
}


def scheme_uri() -> str:
    return f"{settings.SIB_BASE_URL}/knowledge/terms/"


def term_uri(slug: str) -> str:
    return f"{settings.SIB_BASE_URL}/knowledge/terms/{slug}/"


def vocabulary_uri() -> str:
    return f"{settings.SIB_BASE_URL}/knowledge/vocabulary#"


def literal(text: str, language: str | None = None) -> str:
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"' + (f"@{language}" if language else "")


def _iri(uri: str) -> str:
    return f"<{uri}>"


def turtle(terms: Iterable[Term], relations: Iterable[Relation]) -> str:
    """The whole vocabulary as one Turtle document (terms and relations already filtered)."""
    terms = list(terms)
    slugs = {term.pk: term.slug for term in terms}
    statements: dict[int, list[tuple[str, str]]] = {term.pk: [] for term in terms}
    has_broader: set[int] = set()
    for relation in relations:
        if relation.source_id not in slugs or relation.target_id not in slugs:
            continue
        source, target = (
            _iri(term_uri(slugs[relation.source_id])),
            _iri(term_uri(slugs[relation.target_id])),
        )
        if relation.kind in BROADER:
            statements[relation.source_id] += [
                ("skos:broader", target),
                (BROADER[relation.kind], target),
            ]
            statements[relation.target_id] += [
                ("skos:narrower", source),
                (NARROWER[relation.kind], source),
            ]
            has_broader.add(relation.source_id)
        else:
            statements[relation.source_id] += [
                ("skos:related", target),
                (RELATED[relation.kind], target),
            ]
            statements[relation.target_id].append(("skos:related", source))

    lines = [
        f"@prefix skos: <{SKOS}> .",
        f"@prefix isothes: <{ISOTHES}> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        f"@prefix sib: <{vocabulary_uri()}> .",
        "",
        f"{_iri(scheme_uri())} a skos:ConceptScheme ;",
        "    skos:prefLabel "
        + literal("Mapa typowych problemów dydaktycznych i pojęciowych", "pl")
        + ", "
        + literal("Map of Common Didactic and Conceptual Issues", "en")
        + " ;",
        "    dct:publisher " + literal("SIB Platform") + " .",
        "",
        "sib:usedIn a rdf:Property ; rdfs:subPropertyOf skos:related ;",
        "    rdfs:label "
        + literal("jest stosowane w", "pl")
        + ", "
        + literal("is used in", "en")
        + " .",
        "sib:contrastsWith a rdf:Property ; rdfs:subPropertyOf skos:related ;",
        "    rdfs:label "
        + literal("kontrastuje z", "pl")
        + ", "
        + literal("contrasts with", "en")
        + " .",
        "",
    ]
    for term in terms:
        pairs: list[tuple[str, str]] = [
            ("a", "skos:Concept"),
            ("skos:inScheme", _iri(scheme_uri())),
        ]
        if term.pk not in has_broader:
            pairs.append(("skos:topConceptOf", _iri(scheme_uri())))
        for language in ("pl", "en"):
            label = getattr(term, f"label_{language}") or ""
            if label:
                pairs.append(("skos:prefLabel", literal(label, language)))
            for field, predicate in (
                ("alt_labels", "skos:altLabel"),
                ("hidden_labels", "skos:hiddenLabel"),
            ):
                for name in (getattr(term, f"{field}_{language}") or "").splitlines():
                    if name.strip():
                        pairs.append((predicate, literal(name.strip(), language)))
            for field, predicate in (
                ("definition", "skos:definition"),
                ("examples", "skos:example"),
                ("didactic_issues", "skos:note"),
                ("country_context", "skos:scopeNote"),
            ):
                text = (getattr(term, f"{field}_{language}") or "").strip()
                if text:
                    pairs.append((predicate, literal(text, language)))
        for source in term.sources.splitlines():
            if source.strip():
                pairs.append(("dct:source", literal(source.strip())))
        pairs += statements[term.pk]
        body = " ;\n    ".join(f"{predicate} {obj}" for predicate, obj in pairs)
        lines += [f"{_iri(term_uri(term.slug))} {body} .", ""]
    return "\n".join(lines)
