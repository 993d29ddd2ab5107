"""The map (pages, SKOS round trip, API), course materials (uploads, permissions), search."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from sib.knowledge import search, services, skos
from sib.knowledge.models import Audience, Material, RelationKind
from tests.conftest import bearer
from tests.factories import (
    CoordinatorFactory,
    EditionFactory,
    EditionStaffFactory,
    EnrolmentFactory,
    GroupFactory,
    ModuleFactory,
    SessionFactory,
    UserFactory,
)
from tests.knowledge.factories import DocumentFactory, RelationFactory, TermFactory

pytestmark = pytest.mark.django_db

ISOTHES = Namespace("http://purl.org/iso25964/skos-thes#")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- SKOS ----------------------------------------------------------------------------------------


def test_skos_export_parses_back_to_the_same_terms_and_relations(client, settings):
    settings.SIB_BASE_URL = "https://sib.example"
    terms = [
        TermFactory(slug=f"t{i}", label_pl=f"pojęcie „{i}”", label_en=f'concept "{i}"')
        for i in range(5)
    ]
    terms[0].alt_labels_en = "alias\nother alias"
    terms[0].save()
    kinds = list(RelationKind)
    expected = set()
    for index, kind in enumerate(kinds):
        RelationFactory(source=terms[index], target=terms[index + 1], kind=kind)
        expected.add((terms[index].slug, terms[index + 1].slug, kind.value))
    TermFactory(slug="draft", published=False)

    response = client.get("/api/v1/terms/skos")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/turtle; charset=utf-8"
    graph = Graph().parse(data=response.content.decode(), format="turtle")

    concepts = set(graph.subjects(predicate=None, object=SKOS.Concept))
    assert concepts == {URIRef(skos.term_uri(term.slug)) for term in terms}
    for term in terms:
        uri = URIRef(skos.term_uri(term.slug))
        assert set(graph.objects(uri, SKOS.prefLabel)) == {
            Literal(term.label_pl, lang="pl"),
            Literal(term.label_en, lang="en"),
        }
    assert set(graph.objects(URIRef(skos.term_uri("t0")), SKOS.altLabel)) == {
        Literal("alias", lang="en"),
        Literal("other alias", lang="en"),
    }

    def slug(uri):
        return str(uri).rstrip("/").rsplit("/", 1)[1]

    typed = {
        ISOTHES.broaderGeneric: "kind_of",
        ISOTHES.broaderPartitive: "part_of",
        Namespace(skos.vocabulary_uri()).usedIn: "used_in",
        Namespace(skos.vocabulary_uri()).contrastsWith: "contrasts_with",
    }
    found = {
        (slug(s), slug(o), kind)
        for predicate, kind in typed.items()
        for s, o in graph.subject_objects(predicate)
    }
    assert found == expected
    # Plain SKOS readers see the same structure.
    assert {(slug(s), slug(o)) for s, o in graph.subject_objects(SKOS.broader)} == {
        ("t0", "t1"),
        ("t1", "t2"),
    }
    assert {(slug(s), slug(o)) for s, o in graph.subject_objects(SKOS.narrower)} == {
        ("t1", "t0"),
        ("t2", "t1"),
    }
    assert {(slug(s), slug(o)) for s, o in graph.subject_objects(SKOS.related)} == {
        ("t2", "t3"),
        ("t3", "t2"),
        ("t3", "t4"),
        ("t4", "t3"),
    }


# --- the map pages and API ---------------------------------------------------------------------------


def test_map_page_draws_the_graph_and_lists_the_same(client):
    persona = TermFactory(slug="persona", label_en="persona")
    design = TermFactory(slug="design-thinking", label_en="design thinking")
    RelationFactory(source=persona, target=design, kind=RelationKind.PART_OF)
    html = client.get(reverse("knowledge:map"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<svg role="img" aria-label="Map of terms: 2 terms and 1 relations' in html
    assert 'xlink:href="/knowledge/terms/persona/"' in html
    assert 'is part of: <a href="/knowledge/terms/design-thinking/">design thinking</a>' in html
    assert 'has parts: <a href="/knowledge/terms/persona/">persona</a>' in html
    assert 'href="/api/v1/terms/skos"' in html


def test_a_to_z_follows_the_polish_alphabet(client):
    for label in ("łączenie", "lasy", "mapa", "ćwiczenie", "cel"):
        TermFactory(label_pl=label)
    html = client.get(reverse("knowledge:terms-az", args=["pl"])).content.decode()
    positions = [
        html.index(f">{label}</a>") for label in ("cel", "ćwiczenie", "lasy", "łączenie", "mapa")
    ]
    assert positions == sorted(positions)


def test_unpublished_terms_are_hidden_from_readers(client):
    TermFactory(slug="draft", published=False)
    assert client.get(reverse("knowledge:term", args=["draft"])).status_code == 404
    client.force_login(CoordinatorFactory())
    assert client.get(reverse("knowledge:term", args=["draft"])).status_code == 200


@pytest.mark.parametrize("rows", [1, 25])
def test_api_lists_terms_and_relations_in_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows
):
    for _index in range(rows):
        RelationFactory()
    with django_assert_num_queries(2):
        terms = client.get("/api/v1/terms").json()
    with django_assert_num_queries(2):
        relations = client.get("/api/v1/relations").json()
    assert terms["count"] == 2 * rows
    assert relations["count"] == rows
    assert set(relations["items"][0]) == {"id", "source_id", "target_id", "kind"}


@pytest.mark.parametrize("rows", [1, 25])
def test_map_page_query_count_is_flat(client, django_assert_num_queries, rows):
    for _index in range(rows):
        RelationFactory()
    client.force_login(UserFactory())
    with django_assert_num_queries(11):
        assert client.get(reverse("knowledge:map")).status_code == 200


def test_api_documents_follow_the_audience_and_bad_ids_are_problems(client):
    coordinator = CoordinatorFactory()
    public = DocumentFactory(audience=Audience.PUBLIC)
    mentors = DocumentFactory(audience=Audience.MENTORS)
    services.chapter_save(actor=coordinator, document=mentors, key="a", title_en="A", body_en="x")
    assert [d["key"] for d in client.get("/api/v1/documents").json()["items"]] == [public.key]
    response = client.get(f"/api/v1/documents/{mentors.pk}")
    assert (response.status_code, response["Content-Type"]) == (404, "application/problem+json")
    assert client.get("/api/v1/documents/99999999999999999999").status_code == 404
    assert client.get("/api/v1/terms/99999999999999999999").status_code == 404
    from sib.accounts.services import api_token_create

    token = api_token_create(actor=coordinator, user=coordinator, name="t")[1]
    listed = client.get("/api/v1/documents", **bearer(token)).json()
    assert {d["key"] for d in listed["items"]} == {public.key, mentors.key}
    chapters = client.get(f"/api/v1/documents/{mentors.pk}/chapters", **bearer(token)).json()
    assert chapters["count"] == 1
    assert chapters["items"][0]["reference"] == f"{mentors.key}/a"
    chapter = client.get(f"/api/v1/chapters/{chapters['items'][0]['id']}", **bearer(token)).json()
    assert chapter["body_en"] == "x"


# --- search ----------------------------------------------------------------------------------------


def test_search_finds_inflected_polish_forms_ranked_and_highlighted(client):
    coordinator = CoordinatorFactory()
    term = TermFactory(
        slug="social-innovation", label_pl="innowacja społeczna", label_en="social innovation"
    )
    services.term_save(actor=coordinator, term=term, definition_pl="Nowe rozwiązanie.")
    document = DocumentFactory()
    services.chapter_save(
        actor=coordinator,
        document=document,
        key="intro",
        title_pl="Wstęp",
        body_pl="Mówimy tu o innowacjach społecznych w gminach.",
        title_en="Introduction",
        body_en="About social innovations.",
    )
    hidden = DocumentFactory(audience=Audience.TRAINERS)
    services.chapter_save(
        actor=coordinator, document=hidden, key="x", title_pl="Ukryte", body_pl="innowacja"
    )
    hits = search.search(actor=UserFactory(), query="innowacji", language="pl")
    assert [(hit.kind, hit.object_id) for hit in hits] == [
        ("term", term.pk),
        ("chapter", document.chapters.get().pk),
    ]
    assert str(hits[0].title) == "<mark>innowacja</mark> społeczna"
    assert "<mark>innowacjach</mark>" in str(hits[1].snippet)
    english = search.search(actor=UserFactory(), query="innovation", language="en")
    assert {hit.kind for hit in english} == {"term", "chapter"}
    staff_hits = search.search(actor=coordinator, query="innowacja", language="pl")
    assert ("chapter", hidden.chapters.get().pk) in {(h.kind, h.object_id) for h in staff_hits}
    page = client.get(reverse("knowledge:search"), {"q": "innowacji"}).content.decode()
    assert "<mark>innowacja</mark> społeczna" in page


def test_search_escapes_what_it_highlights():
    coordinator = CoordinatorFactory()
    document = DocumentFactory()
    services.chapter_save(
        actor=coordinator,
        document=document,
        key="x",
        title_en="<b>persona</b>",
        body_en="persona <script>",
    )
    hit = search.search(actor=coordinator, query="persona", language="en")[0]
    assert str(hit.title) == "&lt;b&gt;<mark>persona</mark>&lt;/b&gt;"


# --- materials -----------------------------------------------------------------------------------------


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "stored_as", "content_type"),
    [
        ("slides.pdf", PDF, "slides.pdf", "application/pdf"),
        (
            "notes.bin",
            _docx(),
            "notes.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("plan.txt", "Plan zajęć\n".encode(), "plan.txt", "text/plain; charset=utf-8"),
    ],
)
def test_uploads_are_typed_by_content_and_served_as_attachments(
    client, name, data, stored_as, content_type
):
    coordinator = CoordinatorFactory()
    module = ModuleFactory()
    material = services.material_add(
        actor=coordinator,
        title_pl="Materiał",
        module=module,
        upload=SimpleUploadedFile(name, data),
        public=True,
    )
    assert (material.filename, material.content_type, material.size) == (
        stored_as,
        content_type,
        len(data),
    )
    assert material.file.name.startswith("knowledge/materials/")
    response = client.get(reverse("knowledge:material", args=[material.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{stored_as}"'
    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content) == data


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b"MZ\x90\x00\x03\x00\x00\x00binary",
        b"\x00\x01\x02\x03",
        b"PK\x03\x04not really a zip",
    ],
)
def test_uploads_of_other_types_are_refused_whatever_their_name(data):
    with pytest.raises(ValidationError) as error:
        services.material_add(
            actor=CoordinatorFactory(),
            title_pl="Zły plik",
            module=ModuleFactory(),
            upload=SimpleUploadedFile("harmless.pdf", data),
        )
    assert "file" in error.value.message_dict
    assert Material.objects.count() == 0


def test_uploads_over_the_size_cap_are_refused(settings):
    settings.SIB_MATERIAL_MAX_MB = 1
    with pytest.raises(ValidationError) as error:
        services.material_add(
            actor=CoordinatorFactory(),
            title_pl="Duży",
            module=ModuleFactory(),
            upload=SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024)),
        )
    assert error.value.message_dict["file"] == ["The file is larger than 1 MB."]


def test_session_materials_are_only_for_that_editions_people(client):
    coordinator = CoordinatorFactory()
    session = SessionFactory()
    material = services.material_add(
        actor=coordinator,
        title_pl="Karta persony",
        session=session,
        upload=SimpleUploadedFile("persona.pdf", PDF),
    )
    url = reverse("knowledge:material", args=[material.pk])
    own = EnrolmentFactory(edition=session.edition)
    other_edition = EnrolmentFactory(edition=EditionFactory(programme=session.edition.programme))
    other_group = EnrolmentFactory(
        edition=session.edition, group=GroupFactory(edition=session.edition)
    )
    group_session = SessionFactory(
        edition=session.edition, module=session.module, group=GroupFactory(edition=session.edition)
    )
    group_material = services.material_add(
        actor=coordinator, title_pl="Zespół", session=group_session, url="https://example.org"
    )
    assert client.get(url).status_code == 404
    for person, status in ((own.user, 200), (other_edition.user, 404), (UserFactory(), 404)):
        client.force_login(person)
        assert client.get(url).status_code == status
    client.force_login(other_group.user)
    assert client.get(reverse("knowledge:material", args=[group_material.pk])).status_code == 404
    client.force_login(own.user)
    progress = client.get(reverse("academy:enrolment-detail", args=[own.pk])).content.decode()
    assert "Karta persony" in progress
    assert "Zespół" not in progress
    session_page = client.get(reverse("academy:session-detail", args=[session.pk])).content.decode()
    assert "Karta persony" in session_page


def test_public_module_materials_are_for_everyone_and_only_staff_add_them(client):
    module = ModuleFactory()
    public = services.material_add(
        actor=CoordinatorFactory(),
        title_pl="Otwarte",
        module=module,
        url="https://example.org",
        public=True,
    )
    private = services.material_add(
        actor=CoordinatorFactory(),
        title_pl="Dla uczestników",
        module=module,
        url="https://example.org/x",
    )
    assert client.get(reverse("knowledge:material", args=[public.pk])).status_code == 302
    assert client.get(reverse("knowledge:material", args=[private.pk])).status_code == 404
    page = client.get(
        reverse("academy:programme-detail", args=[module.programme_id])
    ).content.decode()
    assert "Otwarte" in page
    assert "Dla uczestników" not in page
    with pytest.raises(PermissionDenied):
        services.material_add(actor=UserFactory(), title_pl="X", module=module, url="https://e.org")
    trainer = EditionStaffFactory(
        edition=EditionFactory(programme=module.programme), role="trainer"
    ).user
    with pytest.raises(PermissionDenied):
        services.material_add(actor=trainer, title_pl="X", module=module, url="https://e.org")
    client.force_login(trainer)
    assert client.get(reverse("knowledge:material", args=[private.pk])).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("knowledge:material-create")).status_code == 403


@pytest.mark.parametrize("rows", [1, 25])
def test_progress_page_with_materials_has_a_flat_query_count(
    client, django_assert_num_queries, rows
):
    coordinator = CoordinatorFactory()
    enrolment = EnrolmentFactory()
    module = ModuleFactory(programme=enrolment.edition.programme)
    for index in range(rows):
        services.material_add(
            actor=coordinator, title_pl=f"M{index}", module=module, url="https://example.org"
        )
    client.force_login(enrolment.user)
    url = reverse("academy:enrolment-detail", args=[enrolment.pk])
    client.get(url)
    with django_assert_num_queries(12):  # 11 + the credential state (decision 0565)
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [1, 25])
def test_term_page_query_count_is_flat(client, django_assert_num_queries, rows):
    term = TermFactory(slug="hub")
    for _index in range(rows):
        RelationFactory(source=term)
    client.force_login(UserFactory())
    # The first view draws the neighbourhood graph and keeps it in the cache (3 writes).
    with django_assert_num_queries(15):
        assert client.get(reverse("knowledge:term", args=["hub"])).status_code == 200


def test_anonymous_readers_get_a_kept_page_until_the_map_changes(client, django_assert_num_queries):
    term = TermFactory(slug="persona", label_en="persona")
    url = reverse("knowledge:term", args=["persona"])
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with django_assert_num_queries(2):
        kept = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "persona" in kept and len(kept) > 1000
    services.term_save(actor=CoordinatorFactory(), term=term, label_en="user persona")
    changed = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "user persona" in changed
    assert "user persona" not in first
