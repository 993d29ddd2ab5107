"""Manuals: versions and what changed, sanitised Markdown, term links, audiences, PDF."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from sib.knowledge import selectors, services
from sib.knowledge.linking import LinkTarget, TermLinker
from sib.knowledge.markdown import ATTRIBUTES, TAGS, render
from sib.knowledge.models import Audience, ChapterRevision, TermMention
from tests.factories import (
    CoordinatorFactory,
    EditionStaffFactory,
    EnrolmentFactory,
    UserFactory,
)
from tests.knowledge.factories import DocumentFactory, TermFactory

pytestmark = pytest.mark.django_db


def _save(actor, document, key="intro", **fields):
    return services.chapter_save(actor=actor, document=document, key=key, **fields)


# --- versions and the diff ---------------------------------------------------------------------


def test_each_save_is_a_new_version_and_the_old_state_stays_readable():
    coordinator = CoordinatorFactory()
    document = DocumentFactory()
    first = _save(coordinator, document, title_pl="Wstęp", body_pl="Linia A\nLinia B")
    other = _save(coordinator, document, key="tools", title_pl="Narzędzia", body_pl="X")
    chapter = first.chapter
    second = services.chapter_save(
        actor=coordinator,
        document=document,
        chapter=chapter,
        title_pl="Wstęp",
        body_pl="Linia A\nLinia C\nLinia D",
        note="C zamiast B",
        based_on=first.document_version,
    )
    document.refresh_from_db()
    assert (first.document_version, other.document_version, second.document_version) == (1, 2, 3)
    assert document.version == 3
    assert selectors.document_at(document=document, version=1) == {chapter.pk: first}
    assert selectors.document_at(document=document, version=2) == {
        chapter.pk: first,
        other.chapter_id: other,
    }
    assert selectors.document_at(document=document, version=3)[chapter.pk] == second

    changes = selectors.document_changes(document=document, before=2, after=3)
    assert [(c.chapter.key, c.status) for c in changes] == [("intro", "changed")]
    polish = changes[0].languages[0]
    assert polish.language == "pl"
    assert [(line.op, line.text) for line in polish.lines] == [
        ("same", "Linia A"),
        ("removed", "Linia B"),
        ("added", "Linia C"),
        ("added", "Linia D"),
    ]
    added = selectors.document_changes(document=document, before=1, after=2)
    assert [(c.chapter.key, c.status) for c in added] == [("tools", "added")]
    assert selectors.document_changes(document=document, before=3, after=3) == []


def test_a_save_based_on_an_older_version_is_refused_and_names_who_saved():
    coordinator = CoordinatorFactory(full_name="Ewa Nowak")
    document = DocumentFactory()
    first = _save(coordinator, document, title_pl="Wstęp", body_pl="A")
    services.chapter_save(
        actor=coordinator, document=document, chapter=first.chapter, title_pl="Wstęp", body_pl="B"
    )
    with pytest.raises(ValidationError) as error:
        services.chapter_save(
            actor=coordinator,
            document=document,
            chapter=first.chapter,
            title_pl="Wstęp",
            body_pl="C",
            based_on=first.document_version,
        )
    assert "Ewa Nowak" in error.value.messages[0]
    assert ChapterRevision.objects.filter(chapter=first.chapter).count() == 2


def test_only_coordinators_write_manuals():
    document = DocumentFactory()
    with pytest.raises(PermissionDenied):
        _save(UserFactory(), document, title_pl="X")


def test_changes_page_shows_added_and_removed_lines(client):
    coordinator = CoordinatorFactory()
    document = DocumentFactory()
    first = _save(coordinator, document, title_pl="Wstęp", body_pl="stara linia")
    services.chapter_save(
        actor=coordinator,
        document=document,
        chapter=first.chapter,
        title_pl="Wstęp",
        body_pl="nowa linia",
    )
    response = client.get(reverse("knowledge:document-changes", args=[document.key]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>stara linia</del>" in html
    assert "<ins>nowa linia</ins>" in html


# --- Markdown: anchors, contents, sanitising ---------------------------------------------------------


def test_headings_get_anchors_and_a_table_of_contents():
    result = render("# Czym jest persona?\n\ntekst\n\n## Łódź\n\n## Łódź")
    assert [(h.level, h.text, h.anchor) for h in result.toc] == [
        (2, "Czym jest persona?", "czym-jest-persona"),
        (3, "Łódź", "lodz"),
        (3, "Łódź", "lodz-2"),
    ]
    assert '<h2 id="czym-jest-persona">' in result.html


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "<svg onload=alert(1)>",
    "<iframe src=//evil.example>",
    '<div style="background:url(javascript:alert(1))">',
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="&#106;avascript:alert(1)">x</a>',
    "[x](vbscript:msgbox(1))",
    "<style>body{}</style>",
    "<form action=//evil.example><input name=x></form>",
]


@given(
    st.lists(
        st.one_of(
            st.sampled_from(XSS),
            st.text(max_size=40),
            st.sampled_from(["# ", "\n\n", "| a |\n|---|\n| b |"]),
        ),
        max_size=8,
    )
)
def test_any_markdown_renders_to_allowed_tags_and_safe_links_only(parts):
    linker = TermLinker.build("en", [(LinkTarget(1, "x", "x", "/knowledge/terms/x/"), ["alert"])])
    html = str(render("".join(parts), linker=linker).html)
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag in TAGS
        allowed = ATTRIBUTES.get(tag, set()) | ({"class", "rel"} if tag == "a" else set())
        for name, value in attrs:
            assert name in allowed, (tag, name)
            if name == "href":
                assert re.match(r"^(https?:|mailto:|/|#|[^:]*$)", value or ""), value
    assert "<script" not in html.lower()


# --- term links --------------------------------------------------------------------------------------


def test_terms_are_linked_in_inflected_polish_forms_once_each():
    linker = TermLinker.build(
        "pl",
        [
            (LinkTarget(1, "si", "innowacja społeczna", "/t/si/"), ["innowacja społeczna"]),
            (
                LinkTarget(2, "b", "broker innowacji społecznych", "/t/b/"),
                ["broker innowacji społecznych"],
            ),
            (LinkTarget(3, "toc", "teoria zmiany", "/t/toc/"), ["teoria zmiany"]),
            (LinkTarget(4, "st", "interesariusz", "/t/st/"), ["interesariusz", "interesariuszy"]),
        ],
    )
    text = (
        "Brokerowi innowacji społecznych pomagamy zrozumieć innowacje społeczne, "
        "w tym innowacjom społecznym, oraz rolę teorii zmiany i interesariuszy."
    )
    found = [(text[f.start : f.end], f.target.term_id) for f in linker.find(text)]
    assert found == [
        ("Brokerowi innowacji społecznych", 2),
        ("innowacje społeczne", 1),
        ("innowacjom społecznym", 1),
        ("teorii zmiany", 3),
        ("interesariuszy", 4),
    ]
    html = str(render(text, linker=linker).html)
    assert html.count('href="/t/si/"') == 1
    assert 'title="teoria zmiany" rel="noopener noreferrer">teorii zmiany</a>' in html


def test_links_are_not_made_inside_existing_links_or_headings():
    linker = TermLinker.build("en", [(LinkTarget(1, "p", "persona", "/t/p/"), ["persona"])])
    html = str(
        render("## Persona\n\n[a persona](https://example.org) and personas", linker=linker).html
    )
    assert html.count('class="term"') == 1
    assert (
        '<a href="/t/p/" class="term" title="persona" rel="noopener noreferrer">personas</a>'
        in html
    )


def test_chapter_save_records_which_terms_it_names():
    coordinator = CoordinatorFactory()
    # The stemmer keeps "interesariuszy" apart from "interesariusz": a hidden form joins them.
    term = TermFactory(
        slug="stakeholder",
        label_pl="interesariusz",
        hidden_labels_pl="interesariuszy",
        label_en="stakeholder",
    )
    TermFactory(slug="other", label_pl="teoria zmiany", label_en="theory of change")
    document = DocumentFactory()
    revision = _save(coordinator, document, title_pl="A", body_pl="Mapa interesariuszy.")
    assert list(TermMention.objects.values_list("term_id", "chapter_id", "language")) == [
        (term.pk, revision.chapter_id, "pl")
    ]


def test_module_descriptions_on_the_programme_page_link_terms(client):
    from tests.factories import ModuleFactory

    TermFactory(slug="persona", label_pl="persona", label_en="persona")
    module = ModuleFactory(description_pl="Tworzymy persony.", description_en="We build personas.")
    response = client.get(
        reverse("academy:programme-detail", args=[module.programme_id]), HTTP_ACCEPT_LANGUAGE="pl"
    )
    assert '<a class="term" href="/knowledge/terms/persona/" title="persona">persony</a>' in (
        response.content.decode()
    )


# --- audiences ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("audience", "readers", "refused"),
    [
        (Audience.PUBLIC, {"anonymous", "participant", "mentor", "trainer"}, set()),
        (Audience.PARTICIPANTS, {"participant", "mentor", "trainer"}, {"anonymous", "outsider"}),
        (Audience.MENTORS, {"mentor"}, {"anonymous", "outsider", "participant", "trainer"}),
        (Audience.TRAINERS, {"trainer"}, {"anonymous", "outsider", "participant", "mentor"}),
    ],
)
def test_the_audience_decides_who_reads_a_manual(client, audience, readers, refused):
    coordinator = CoordinatorFactory()
    document = DocumentFactory(audience=audience)
    _save(coordinator, document, title_en="Intro", body_en="Text")
    enrolment = EnrolmentFactory()
    people = {
        "anonymous": None,
        "outsider": UserFactory(),
        "participant": enrolment.user,
        "mentor": EditionStaffFactory(edition=enrolment.edition, role="mentor").user,
        "trainer": EditionStaffFactory(edition=enrolment.edition, role="trainer").user,
    }
    for name in readers | refused:
        client.logout()
        if people[name] is not None:
            client.force_login(people[name])
        for url in (
            reverse("knowledge:document", args=[document.key]),
            reverse("knowledge:chapter", args=[document.key, "intro"]),
            reverse("knowledge:document-pdf", args=[document.key, "en"]),
        ):
            expected = 200 if name in readers else 404
            assert client.get(url).status_code == expected, (name, url)


def test_a_chapter_in_one_language_is_shown_in_it_with_a_notice(client):
    document = DocumentFactory()
    _save(CoordinatorFactory(), document, title_pl="Studium", body_pl="Tylko po polsku.")
    response = client.get(
        reverse("knowledge:chapter", args=[document.key, "intro"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert "This chapter exists in Polish only, so it is shown in Polish." in html
    assert '<article class="prose" lang="pl">' in html
    assert "Tylko po polsku." in html


def test_the_pdf_holds_the_chapters_text(client, tmp_path):
    import subprocess

    document = DocumentFactory(title_en="Mentor manual")
    _save(CoordinatorFactory(), document, title_en="First meeting", body_en="Agree on the rhythm.")
    response = client.get(reverse("knowledge:document-pdf", args=[document.key, "en"]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{document.key}-v1-en.pdf"'
    path = tmp_path / "manual.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Mentor manual" in text
    assert "Agree on the rhythm." in text


def test_chapters_are_found_by_their_stable_reference():
    coordinator = CoordinatorFactory()
    document = DocumentFactory(key="broker-manual", audience=Audience.MENTORS)
    _save(coordinator, document, key="design", title_en="Design")
    assert selectors.chapter_reference("broker-manual/design", actor=coordinator).key == "design"
    assert selectors.chapter_reference("broker-manual/design", actor=UserFactory()) is None
    assert selectors.chapter_reference("broker-manual/missing", actor=coordinator) is None


def test_chapter_page_query_count_is_flat(client, django_assert_num_queries):
    coordinator = CoordinatorFactory()
    document = DocumentFactory()
    _save(coordinator, document, title_en="One", body_en="persona")
    TermFactory(label_en="persona")
    url = reverse("knowledge:chapter", args=[document.key, "intro"])
    client.force_login(UserFactory())
    client.get(url)
    with django_assert_num_queries(8):
        client.get(url)
    for index in range(25):
        _save(coordinator, document, key=f"c{index}", title_en=f"C{index}", body_en="x")
        TermFactory()
    client.get(url)
    with django_assert_num_queries(8):
        client.get(url)
