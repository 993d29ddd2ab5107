"""Factories of the knowledge app (manuals, terms, materials)."""

from __future__ import annotations

import factory

from sib.knowledge.models import Audience, Document, Relation, RelationKind, Term


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    key = factory.Sequence(lambda n: f"manual-{n}")
    title_pl = factory.Sequence(lambda n: f"Podręcznik {n}")
    title_en = factory.Sequence(lambda n: f"Manual {n}")
    audience = Audience.PUBLIC


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    slug = factory.Sequence(lambda n: f"term-{n}")
    label_pl = factory.Sequence(lambda n: f"pojęcie {n}")
    label_en = factory.Sequence(lambda n: f"concept {n}")
    definition_pl = "Definicja."
    definition_en = "A definition."


class RelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relation

    source = factory.SubFactory(TermFactory)
    target = factory.SubFactory(TermFactory)
    kind = RelationKind.KIND_OF
