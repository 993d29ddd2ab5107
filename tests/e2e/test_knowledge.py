"""Journey: a mentor finds a term on the map, opens the manual chapter that uses it and downloads
the manual as PDF. The knowledge pages are axe-core clean in both languages, desktop and phone."""

from __future__ import annotations

import subprocess

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from sib.accounts.demo import DEMO_PASSWORD
from tests.e2e.conftest import PHONE, assert_accessible, login, screenshot


@pytest.fixture
def demo(transactional_db) -> None:  # noqa: ANN001
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_mentor_goes_from_the_map_to_a_chapter_and_its_pdf(page, demo, tmp_path) -> None:  # noqa: ANN001
    login(page, "mentor@demo.sib.example", DEMO_PASSWORD)
    page.goto("/")
    page.locator("form.language-switcher button[value=en]").click()
    page.wait_for_load_state()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Knowledge").click()
    page.get_by_role("link", name="Open the map").click()
    expect(
        page.get_by_role("heading", name="Map of Common Didactic and Conceptual Issues")
    ).to_be_visible()
    expect(page.locator("figure.term-graph svg[role=img]")).to_be_visible()
    assert_accessible(page, "map")
    screenshot(page, "knowledge/map.en.desktop")

    # The keyboard route: the list of terms after the graph, reached by Tab and Enter.
    page.get_by_role("link", name="Skip the graph: the list of terms").click()
    persona = page.locator("ul.term-list > li > a", has_text="persona")
    persona.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/knowledge/terms/persona/")
    expect(page.get_by_role("heading", name="persona", exact=True)).to_be_visible()
    expect(page.get_by_text("Personas made up instead of drawn from interviews")).to_be_visible()
    assert_accessible(page, "term page")
    screenshot(page, "knowledge/term.en.desktop")

    page.get_by_role("link", name="Running mentoring sessions").click()
    expect(page.get_by_role("heading", name="Running mentoring sessions")).to_be_visible()
    term_link = page.locator("article.prose a.term", has_text="persona")
    assert term_link.get_attribute("href") == "/knowledge/terms/persona/"
    assert_accessible(page, "chapter page")
    screenshot(page, "knowledge/chapter.en.desktop")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the manual as PDF").click()
    pdf = tmp_path / "manual.pdf"
    download_info.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Mentor's manual" in text
    assert "Running mentoring sessions" in text
    assert "A good mentor's question opens the conversation" in text.replace("\n", " ")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "4", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    assert len(list(tmp_path.glob("page-*.png"))) == 4


@pytest.mark.parametrize("language", ["pl", "en"])
def test_knowledge_pages_are_accessible(page, demo, language: str) -> None:  # noqa: ANN001
    page.goto("/")
    page.locator(f"form.language-switcher button[value={language}]").click()
    page.wait_for_load_state()
    for path in (
        "/knowledge/",
        "/knowledge/terms/",
        f"/knowledge/terms/a-z/{language}/",
        "/knowledge/terms/theory-of-change/",
        "/knowledge/manuals/broker-manual/",
        "/knowledge/manuals/broker-manual/chapters/role/",
        "/knowledge/manuals/broker-manual/chapters/tarnow-case/",
        "/knowledge/manuals/broker-manual/changes/",
        "/knowledge/search/?q=innowacji",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        name = path.strip("/").replace("/", "-").replace("?q=", "-")
        for width, label in ((None, "desktop"), (PHONE, "phone")):
            if width:
                page.set_viewport_size(width)
            assert_accessible(page, f"{path} ({language}, {label})")
            screenshot(page, f"knowledge/{name}.{language}.{label}")
        page.set_viewport_size({"width": 1280, "height": 900})
