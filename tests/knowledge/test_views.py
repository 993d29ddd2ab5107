"""Editing through the pages: preview without saving, saving a version, uploads through the form,
refusals for people who may not; the search API; the demo loader."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from sib.knowledge import services
from sib.knowledge.models import ChapterRevision, Document, Material, Relation, Term
from tests.factories import (
    CoordinatorFactory,
    EditionStaffFactory,
    EnrolmentFactory,
    ModuleFactory,
    SessionFactory,
    UserFactory,
)
from tests.knowledge.factories import DocumentFactory, TermFactory

pytestmark = pytest.mark.django_db


def test_preview_shows_the_rendered_chapter_and_saves_nothing(client):
    TermFactory(slug="persona", label_pl="persona", label_en="persona")
    document = DocumentFactory()
    client.force_login(CoordinatorFactory())
    url = reverse("knowledge:chapter-create", args=[document.key])
    data = {
        "key": "intro",
        "title_pl": "Wstęp",
        "body_pl": "## Persona\n\nTworzymy **persony**.",
        "title_en": "",
        "body_en": "",
        "note": "",
    }
    response = client.post(url, {**data, "preview": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview (not saved)" in html
    assert '<strong><a href="/knowledge/terms/persona/" class="term"' in html
    assert ChapterRevision.objects.count() == 0
    response = client.post(url, {**data, "save": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("knowledge:chapter", args=[document.key, "intro"])
    assert ChapterRevision.objects.get().body_pl == data["body_pl"]


def test_a_stale_edit_keeps_the_typed_text_and_explains(client):
    coordinator = CoordinatorFactory(full_name="Anna Kowalska")
    document = DocumentFactory()
    first = services.chapter_save(
        actor=coordinator, document=document, key="intro", title_pl="A", body_pl="1"
    )
    services.chapter_save(
        actor=coordinator, document=document, chapter=first.chapter, title_pl="A", body_pl="2"
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("knowledge:chapter-edit", args=[document.key, "intro"]),
        {"title_pl": "A", "body_pl": "mój tekst", "based_on": first.document_version, "save": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Anna Kowalska saved this chapter (version 2) after you opened it." in html
    assert "mój tekst</textarea>" in html


def test_people_who_are_not_coordinators_cannot_edit(client):
    document = DocumentFactory()
    client.force_login(UserFactory())
    for url in (
        reverse("knowledge:document-create"),
        reverse("knowledge:chapter-create", args=[document.key]),
        reverse("knowledge:term-create"),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"key": "x", "title_pl": "x"}).status_code == 403
    assert Document.objects.count() == 1


def test_a_trainer_uploads_a_file_to_their_session_and_a_renamed_script_is_refused(client):
    session = SessionFactory()
    trainer = EditionStaffFactory(edition=session.edition, role="trainer").user
    client.force_login(trainer)
    url = reverse("knowledge:material-create") + f"?session={session.pk}"
    bad = io.BytesIO(b"<script>alert(1)</script>")
    bad.name = "slides.pdf"
    response = client.post(
        url, {"title_pl": "Slajdy", "language": "pl", "file": bad, "session": session.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This file is not a PDF" in html
    assert 'value="Slajdy"' in html
    good = io.BytesIO(b"%PDF-1.4\n%%EOF\n")
    good.name = "slides.pdf"
    response = client.post(
        url, {"title_pl": "Slajdy", "language": "pl", "file": good, "session": session.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("academy:session-detail", args=[session.pk])
    assert Material.objects.get().session == session
    other = SessionFactory()
    response = client.get(reverse("knowledge:material-create") + f"?session={other.pk}")
    assert response.status_code == 404


def test_another_editions_participant_cannot_open_the_session_page(client):
    session = SessionFactory()
    client.force_login(EnrolmentFactory().user)
    assert client.get(reverse("academy:session-detail", args=[session.pk])).status_code == 404
    client.force_login(EnrolmentFactory(edition=session.edition).user)
    assert client.get(reverse("academy:session-detail", args=[session.pk])).status_code == 200


def test_relations_are_added_and_removed_on_the_term_page(client):
    persona, design = TermFactory(slug="persona"), TermFactory(slug="design-thinking")
    client.force_login(CoordinatorFactory())
    client.post(
        reverse("knowledge:relation-add", args=["persona"]),
        {"kind": "part_of", "target": design.pk},
    )
    relation = Relation.objects.get()
    assert (relation.source, relation.target, relation.kind) == (persona, design, "part_of")
    client.post(reverse("knowledge:relation-delete", args=["persona", relation.pk]))
    assert Relation.objects.count() == 0


def test_search_api_is_public_and_answers_items_and_count(client):
    term = TermFactory(label_pl="innowacja społeczna", label_en="social innovation")
    services.term_save(actor=CoordinatorFactory(), term=term, definition_en="New solutions.")
    body = client.get("/api/v1/knowledge/search", {"q": "innowacji"}).json()
    assert body["count"] == 1
    assert body["items"][0]["kind"] == "term"
    assert body["items"][0]["title"] == "<mark>innowacja</mark> społeczna"
    response = client.get("/api/v1/knowledge/search", {"q": "x", "language": "de"})
    assert (response.status_code, response["Content-Type"]) == (422, "application/problem+json")


def test_the_demo_loads_the_knowledge_once_without_touching_the_pilots_figures():
    from sib.academy.models import Enrolment

    call_command("demo", stdout=io.StringIO())
    counts = (
        Document.objects.count(),
        Term.objects.count(),
        Relation.objects.count(),
        Material.objects.count(),
        Enrolment.objects.count(),
    )
    assert counts[:2] == (2, 35)
    assert counts[2] >= 20
    assert counts[3] == 8
    assert counts[4] == 72
    call_command("demo", stdout=io.StringIO())
    assert (
        Document.objects.count(),
        Term.objects.count(),
        Relation.objects.count(),
        Material.objects.count(),
        Enrolment.objects.count(),
    ) == counts
    broker = Document.objects.get(key="broker-manual")
    tarnow = broker.chapters.get(key="tarnow-case").current
    assert (bool(tarnow.body_pl), tarnow.body_en) == (True, "")
    assert ModuleFactory._meta.model.objects.filter(description_pl__contains="persona").exists()
