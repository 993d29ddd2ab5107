"""Studio journeys in the browser: a team member fills a persona and a journey map with the keyboard
only, the team's mentor comments on a block, the team publishes to the showcase; a visitor filters
the public catalogue in both languages; two writers on one canvas, the stale one sees both
versions; and every studio page at both widths in both languages, looked at and axe-clean."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sib.academy.models import Format, Session
from sib.core.models import SdgGoal, Theme
from sib.studio import services
from sib.studio.models import Canvas, CanvasComment, CanvasTemplate, CanvasVersion, ProjectMember
from sib.studio.showcase import PAGE_SIZE
from tests.e2e.conftest import ARTIFACTS, DESKTOP, PHONE, assert_accessible, login, screenshot
from tests.factories import PASSWORD, CoordinatorFactory, ModuleFactory, UserFactory
from tests.studio.factories import member_of, team_project

TIMEOUT = 60_000  # a shared, slow machine
PLAIN = PAGE_SIZE + 2  # plain published projects in the catalogue: more than one page of them


def _focused(page) -> str:  # noqa: ANN001
    return page.evaluate("document.activeElement && document.activeElement.id")


def _tab_to(page, element_id: str, limit: int = 12) -> None:  # noqa: ANN001
    """Press Tab until the element has the focus; fails if it is not reachable that way."""
    for _n in range(limit):
        if _focused(page) == element_id:
            return
        page.keyboard.press("Tab")
    assert _focused(page) == element_id, f"Tab never reached #{element_id}"


def _type_lines(page, lines: list[str]) -> None:  # noqa: ANN001
    for index, line in enumerate(lines):
        if index:
            page.keyboard.press("Enter")
        page.keyboard.type(line)


def _start_canvas(page, tool: str, title: str) -> int:  # noqa: ANN001
    """On the project page, choose a tool and start a canvas with the keyboard."""
    tools = page.get_by_label("Tool")
    tools.focus()
    for _n in range(CanvasTemplate.objects.count() + 1):
        if tools.evaluate("s => s.selectedOptions[0].text").startswith(tool):
            break
        page.keyboard.press("ArrowDown")
    assert tools.evaluate("s => s.selectedOptions[0].text").startswith(tool)
    page.keyboard.press("Tab")
    assert _focused(page) == "id_title"
    page.keyboard.type(title)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/studio/canvases/\d+/$"))
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def _saved(page, canvas: Canvas) -> None:  # noqa: ANN001
    """The editor's status says the latest version is saved, and it is the database's."""
    status = page.locator("#canvas-status")
    expect(status).to_contain_text("Saved as version")
    for _n in range(60):  # a save still on its way lands within a few seconds
        canvas.refresh_from_db()
        if status.inner_text().strip() == f"Saved as version {canvas.version}.":
            break
        page.wait_for_timeout(1000)
    expect(status).to_have_text(f"Saved as version {canvas.version}.")
    assert page.locator("#canvas-version").input_value() == str(canvas.version)


def _saved_after(page, canvas: Canvas, before: int) -> None:  # noqa: ANN001
    """A save after version `before` answered (the autosave of the field just left may come
    first), and the editor ends on the database's latest version, with no conflict."""
    page.wait_for_function(
        """n => { const m = (document.querySelector('#canvas-status').textContent || '')
                     .match(/Saved as version (\\d+)/); return m && Number(m[1]) > n; }""",
        arg=before,
    )
    _saved(page, canvas)
    assert canvas.version > before


def test_team_fills_canvases_by_keyboard_mentor_comments_team_publishes(page, browser, live_server):  # noqa: ANN001
    mentor = UserFactory(full_name="Marta Mentorka")
    project = team_project(members=1, mentor=mentor, title_en="Neighbours for seniors")
    member = member_of(project)
    page.set_default_timeout(TIMEOUT)
    login(page, member.email, PASSWORD)
    page.goto(f"/studio/{project.pk}/")
    assert_accessible(page, "project page")

    # The persona, by keyboard: typing, Tab to the next block, Enter for the next list item.
    persona_id = _start_canvas(page, "Persona", "Pani Halina")
    persona = Canvas.objects.get(pk=persona_id)
    assert persona.template.key == "persona" and persona.version == 1
    page.locator("#b-name").focus()
    page.keyboard.type("Halina, 78")
    _tab_to(page, "b-description")
    page.keyboard.type("Lives alone on the fourth floor without a lift.")
    _tab_to(page, "b-attributes")
    _type_lines(page, ["78 years old", "widowed", "Tarnów"])
    _tab_to(page, "b-needs")
    _type_lines(page, ["company", "help with shopping"])
    _tab_to(page, "b-motivations")  # leaving the block fires the autosave
    _saved(page, persona)
    assert_accessible(page, "persona editor")
    # The Save button is reached by keyboard too and records one more version.
    page.keyboard.type("her grandchildren")
    before = persona.version
    _tab_to(page, "canvas-save", limit=40)
    page.keyboard.press("Enter")
    _saved_after(page, persona, before)
    assert persona.content == {
        "name": "Halina, 78",
        "description": "Lives alone on the fourth floor without a lift.",
        "attributes": ["78 years old", "widowed", "Tarnów"],
        "needs": ["company", "help with shopping"],
        "motivations": ["her grandchildren"],
        "pains": [],
        "behaviours": [],
        "opportunities": [],
    }
    assert CanvasVersion.objects.filter(canvas=persona).count() == persona.version
    assert set(CanvasVersion.objects.filter(canvas=persona).values_list("saved_by", flat=True)) == {
        member.pk
    }

    # The journey map: two text blocks, then the grid, column by column; a filled last column
    # makes room for the next one without leaving the page.
    page.goto(f"/studio/{project.pk}/")
    journey_id = _start_canvas(page, "Journey map", "")
    journey = Canvas.objects.get(pk=journey_id)
    page.locator("#b-persona").focus()
    page.keyboard.type("Halina")
    _tab_to(page, "b-scenario")
    page.keyboard.type("Getting to the doctor")
    _tab_to(page, "b-journey-col-0")
    page.keyboard.type("Booking")
    for lane, text in (("actions", "Calls the clinic"), ("touchpoints", "Phone")):
        _tab_to(page, f"b-journey-{lane}-0")
        page.keyboard.type(text)
    _tab_to(page, "b-journey-emotions-0")
    _saved(page, journey)
    expect(page.locator("#b-journey-col-1")).to_be_attached()
    page.locator("#b-journey-col-1").focus()
    page.keyboard.type("Travelling")
    _tab_to(page, "b-journey-actions-0")
    _tab_to(page, "b-journey-actions-1")
    page.keyboard.type("Waits for a neighbour's car")
    journey.refresh_from_db()
    before = journey.version
    _tab_to(page, "canvas-save", limit=40)
    page.keyboard.press("Enter")
    _saved_after(page, journey, before)
    grid = journey.content["journey"]
    assert grid["columns"] == ["Booking", "Travelling"]
    assert grid["cells"]["actions"] == ["Calls the clinic", "Waits for a neighbour's car"]
    assert grid["cells"]["touchpoints"] == ["Phone", ""]
    assert journey.content["scenario"] == "Getting to the doctor"
    assert_accessible(page, "journey map editor")
    # A reload shows what was saved, and one more empty column.
    page.reload()
    expect(page.locator("#b-journey-actions-1")).to_have_value("Waits for a neighbour's car")
    expect(page.locator("#b-journey-col-2")).to_have_value("")

    # The team's mentor comments on a block of the persona.
    context = browser.new_context(locale="en-GB", base_url=live_server.url, viewport=DESKTOP)
    mentor_page = context.new_page()
    mentor_page.set_default_timeout(TIMEOUT)
    login(mentor_page, mentor.email, PASSWORD)
    mentor_page.goto(f"/studio/canvases/{persona.pk}/")
    comments = mentor_page.locator("section[aria-labelledby=comment-heading]")
    comments.locator("summary", has_text="Needs and goals").click()
    mentor_page.get_by_label("Comment").and_(mentor_page.locator("#comment-needs")).fill(
        "Ask her what company means to her."
    )
    comments.locator("details[open]").get_by_role("button", name="Add the comment").click()
    expect(mentor_page.get_by_text("Your comment is saved.")).to_be_visible()
    assert_accessible(mentor_page, "canvas with a comment (mentor)")
    context.close()
    comment = CanvasComment.objects.get()
    assert (comment.block_key, comment.author, comment.version) == (
        "needs",
        mentor,
        persona.version,
    )
    # The member sees it under the block.
    page.goto(f"/studio/canvases/{persona.pk}/")
    expect(page.locator("#block-needs .comments")).to_contain_text("Marta Mentorka (on version")
    expect(page.locator("#block-needs .comments")).to_contain_text(
        "Ask her what company means to her."
    )

    # The team publishes, with the member's consent to show her name.
    page.goto(f"/studio/{project.pk}/")
    page.get_by_role("button", name="Show my name").click()
    expect(page.get_by_text("Your name is shown on the project's public page.")).to_be_visible()
    page.get_by_role("button", name="Publish to the showcase").click()
    expect(page.get_by_text("The project is in the showcase.")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw from the showcase")).to_be_visible()
    assert_accessible(page, "published project (team)")
    project.refresh_from_db()
    assert project.is_published
    assert ProjectMember.objects.get(project=project, user=member).name_public

    visitor_context = browser.new_context(locale="en-GB", base_url=live_server.url)
    visitor = visitor_context.new_page()
    visitor.set_default_timeout(TIMEOUT)
    visitor.goto("/projects/")
    visitor.get_by_role("link", name="Neighbours for seniors").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Neighbours for seniors")
    expect(visitor.locator("main dl")).to_contain_text(member.full_name)
    assert mentor.full_name not in visitor.locator("main").inner_text()
    assert_accessible(visitor, "showcase project page")
    visitor_context.close()


def _catalogue() -> dict:
    """Published projects to filter: a few distinct ones, and enough plain ones for two pages."""
    water = team_project(
        published=True,
        title_pl="Zatrzymaj wodę",
        title_en="Hold the water",
        summary_en="Rain gardens in a village.",
        voivodeship="wielkopolskie",
    )
    water.sdgs.set(SdgGoal.objects.filter(number=6))
    bus = team_project(
        published=True,
        title_pl="Autobus dla seniorów",
        title_en="A bus for older people",
        summary_en="A Sunday bus to the market.",
        voivodeship="malopolskie",
    )
    bus.themes.set(Theme.objects.filter(key="ageing"))
    bus.sdgs.set(SdgGoal.objects.filter(number=11))
    services.project_set_stage(
        actor=CoordinatorFactory(), project=bus, stage=3, reason="Prototype on the road"
    )
    for n in range(PLAIN):
        team_project(published=True, title_pl=f"Projekt {n:02d}", title_en=f"Project {n:02d}")
    team_project(title_en="A secret draft")
    return {"water": water, "bus": bus}


@pytest.mark.parametrize("language", ["en", "pl"])
def test_visitor_filters_searches_and_pages_the_showcase(page, live_server, language) -> None:  # noqa: ANN001
    projects = _catalogue()
    water, bus = projects["water"], projects["bus"]
    title = (lambda p: p.title_en) if language == "en" else (lambda p: p.title_pl)
    page.set_default_timeout(TIMEOUT)
    page.context.add_cookies([{"name": "sib_language", "value": language, "url": live_server.url}])
    page.goto("/projects/")
    assert page.locator("html").get_attribute("lang") == language
    cards = page.locator("ul.cards > li.card")
    expect(cards).to_have_count(PAGE_SIZE)
    main = page.locator("main")
    expect(main).not_to_contain_text("A secret draft")
    assert_accessible(page, f"catalogue ({language})")

    def filter_by(**fields: str) -> None:
        for name, value in fields.items():
            field = page.locator(f"#id_{name}")
            if name == "q":
                field.fill(value)
            else:
                field.select_option(value)
        with page.expect_navigation():
            page.locator("form.filters button[type=submit]").click()

    def titles() -> list[str]:
        return [t.strip() for t in page.locator("ul.cards h2").all_inner_texts()]

    filter_by(voivodeship="wielkopolskie")
    assert titles() == [title(water)]
    filter_by(voivodeship="", stage="3")
    assert titles() == [title(bus)]
    filter_by(stage="", sdg="6")
    assert titles() == [title(water)]
    filter_by(sdg="", theme="ageing")
    assert titles() == [title(bus)]
    assert_accessible(page, f"filtered catalogue ({language})")
    filter_by(theme="", q="market" if language == "en" else "seniorów")
    assert titles() == [title(bus)]
    word = "Project" if language == "en" else "Projekt"
    filter_by(q=word)
    first_page = titles()
    page_size = len(first_page)
    assert page_size == PAGE_SIZE < PLAIN
    with page.expect_navigation():
        page.locator("nav.pager").get_by_role(
            "link", name="Next" if language == "en" else "Następna"
        ).click()
    assert "page=2" in page.url
    second = titles()
    assert len(second) == PLAIN - page_size and not set(second) & set(first_page)
    assert all(t.startswith(word) for t in first_page + second)
    expect(page.locator("#id_q")).to_have_value(word)
    screenshot(page, f"studio/catalogue-page-2.{language}.desktop")
    assert_accessible(page, f"catalogue page 2 ({language})")


def test_stale_writer_sees_both_versions_and_loses_nothing(page, browser, live_server):  # noqa: ANN001
    project = team_project(members=2)
    first, second = project.team.enrolments.select_related("user")[:2]
    first, second = first.user, second.user
    template = CanvasTemplate.objects.filter(key="persona").order_by("-version").first()
    canvas = services.canvas_create(actor=first, project=project, template=template)
    page.set_default_timeout(TIMEOUT)
    login(page, first.email, PASSWORD)
    page.goto(f"/studio/canvases/{canvas.pk}/")
    # She also has it open in a browser without JavaScript (the plain form post).
    nojs = browser.new_context(locale="en-GB", base_url=live_server.url, java_script_enabled=False)
    plain = nojs.new_page()
    plain.set_default_timeout(TIMEOUT)
    login(plain, first.email, PASSWORD)
    plain.goto(f"/studio/canvases/{canvas.pk}/")

    other_context = browser.new_context(locale="en-GB", base_url=live_server.url)
    other = other_context.new_page()
    other.set_default_timeout(TIMEOUT)
    login(other, second.email, PASSWORD)
    other.goto(f"/studio/canvases/{canvas.pk}/")
    other.locator("#b-name").fill("Halina")
    other.get_by_role("button", name="Save").click()
    expect(other.locator("#canvas-status")).to_have_text("Saved as version 2.")
    other_context.close()

    # The first writer still has version 1 open: her save is refused and shows both.
    page.locator("#b-name").fill("Jadwiga")
    page.get_by_role("button", name="Save").click()
    status = page.locator("#canvas-status")
    expect(status).to_contain_text("Someone saved this canvas after you opened it.")
    table = status.locator("table")
    row = table.locator("tbody tr", has_text="Name")
    expect(row.locator("td").nth(0)).to_have_text("Halina")
    expect(row.locator("td").nth(1)).to_have_text("Jadwiga")
    expect(table.locator("caption")).to_contain_text(f"Version 2 saved by {second}")
    # Her text is still in the editor, and nothing was written over the other's version.
    expect(page.locator("#b-name")).to_have_value("Jadwiga")
    canvas.refresh_from_db()
    assert canvas.version == 2 and canvas.content["name"] == "Halina"
    assert_accessible(page, "conflict in the editor")

    # Without JavaScript the same stale save answers the conflict page (409) with both versions.
    plain.locator("#b-name").fill("Jadwiga")
    plain.locator("#b-needs").fill("a ride to church")
    with plain.expect_navigation() as navigation:
        plain.get_by_role("button", name="Save").click()
    assert navigation.value.status == 409
    expect(plain.get_by_role("heading", level=1)).to_have_text("The canvas changed")
    table = plain.locator("main table")
    expect(table.locator("tbody tr", has_text="Name").locator("td").nth(1)).to_have_text("Jadwiga")
    expect(table.locator("tbody tr", has_text="Needs").locator("td").nth(1)).to_contain_text(
        "a ride to church"
    )
    screenshot(plain, "studio/conflict.en.desktop")
    nojs.close()
    canvas.refresh_from_db()
    assert canvas.version == 2 and canvas.content["name"] == "Halina"


def _studio_world() -> dict:
    """One project with everything its pages show: two canvases of two versions, a comment,
    a mentoring session with notes and an overdue action, an indicator with a measurement,
    published with one name shown."""
    mentor = UserFactory(full_name="Marta Mentorka")
    coordinator = CoordinatorFactory(full_name="Katarzyna Koordynatorka")
    project = team_project(
        members=2,
        mentor=mentor,
        title_pl="Sąsiedzi dla seniorów w Tarnowie",
        title_en="Neighbours for older people in Tarnów",
        summary_pl="Sąsiedzi pomagają starszym osobom w zakupach i wizytach u lekarza.",
        summary_en="Neighbours help older people with shopping and visits to the doctor.",
    )
    project.sdgs.set(SdgGoal.objects.filter(number__in=[3, 10, 11]))
    project.themes.set(Theme.objects.filter(key="ageing"))
    member = member_of(project)
    persona = services.canvas_create(
        actor=member,
        project=project,
        template=CanvasTemplate.objects.filter(key="persona").order_by("-version").first(),
        title="Pani Halina",
    )
    services.canvas_save(
        actor=member,
        canvas=persona,
        based_on=1,
        content={
            "name": "Halina, 78",
            "description": "Mieszka sama na czwartym piętrze bez windy; " * 3,
            "attributes": ["78 lat", "wdowa", "Tarnów"],
            "needs": ["towarzystwo", "pomoc w zakupach"],
            "motivations": ["wnuki"],
            "pains": ["schody", "samotność w weekendy"],
            "behaviours": [],
            "opportunities": ["sąsiedzka sieć wsparcia"],
        },
    )
    journey = services.canvas_create(
        actor=member,
        project=project,
        template=CanvasTemplate.objects.filter(key="journey-map").order_by("-version").first(),
    )
    stages = ["Rejestracja", "Dojazd", "Wizyta", "Apteka", "Powrót"]
    services.canvas_save(
        actor=member,
        canvas=journey,
        based_on=1,
        content={
            "persona": "Halina",
            "scenario": "Wizyta u lekarza w przychodni",
            "journey": {
                "columns": stages,
                "cells": {
                    lane: [f"{lane} {n}" for n in range(len(stages))]
                    for lane in (
                        "actions",
                        "touchpoints",
                        "thoughts",
                        "emotions",
                        "pains",
                        "opportunities",
                    )
                },
            },
        },
    )
    services.canvas_comment(
        actor=mentor, canvas=persona, block_key="needs", text="Zapytajcie, co dla niej znaczy."
    )
    group = project.team
    session = Session.objects.create(
        edition=group.edition,
        module=ModuleFactory(programme=group.edition.programme),
        format=Format.MENTORING,
        group=group,
        starts_at=timezone.now() - dt.timedelta(days=10),
        duration_minutes=60,
        title_pl="Mentoring: pierwsze kroki",
        title_en="Mentoring: first steps",
    )
    note = services.mentoring_note_save(
        actor=mentor, project=project, session=session, notes="Mapa interesariuszy do poprawy."
    )
    services.action_add(
        actor=mentor,
        project=project,
        note=note,
        text="Przeprowadzić pięć wywiadów",
        owner=member,
        due_on=timezone.localdate() - dt.timedelta(days=2),
    )
    indicator = services.indicator_save(
        actor=member,
        project=project,
        data={
            "name_pl": "Seniorzy z pomocą",
            "name_en": "Older people helped",
            "unit": "people",
            "baseline": Decimal(0),
            "target": Decimal(40),
        },
        sdg_targets=["10.2"],
    )
    services.measurement_add(
        actor=member,
        indicator=indicator,
        value=Decimal(12),
        measured_on=timezone.localdate() - dt.timedelta(days=5),
    )
    services.name_consent(actor=member, project=project, public=True)
    services.project_publish(actor=member, project=project, published=True)
    return {
        "project": project,
        "member": member,
        "mentor": mentor,
        "coordinator": coordinator,
        "persona": persona,
        "journey": journey,
        "indicator": indicator,
    }


def _scroll_width(page) -> int:  # noqa: ANN001
    return page.evaluate("document.documentElement.scrollWidth")


def _shoot(page, name: str, language: str, overflow: list) -> None:  # noqa: ANN001
    """Desktop and phone: axe-clean both, the phone page no wider than the phone, screenshots."""
    for size, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page, f"{name} ({language}, {label})")
        if label == "phone" and _scroll_width(page) > PHONE["width"]:
            overflow.append((name, language, _scroll_width(page)))
        screenshot(page, f"studio/{name}.{language}.{label}")
    page.set_viewport_size(DESKTOP)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_studio_page_in_both_languages_and_widths(page, browser, live_server, language):  # noqa: ANN001
    world = _studio_world()
    project, persona, journey = world["project"], world["persona"], world["journey"]
    template = persona.template
    page.set_default_timeout(TIMEOUT)
    overflow: list = []
    pages = {
        "coordinator": {
            "projects": "/studio/",
            "project": f"/studio/{project.pk}/",
            "persona-editor": f"/studio/canvases/{persona.pk}/",
            "journey-editor": f"/studio/canvases/{journey.pk}/",
            "compare": f"/studio/canvases/{persona.pk}/compare/?a=1&b=2",
            "mentoring": f"/studio/{project.pk}/mentoring/",
            "templates": "/studio/templates/",
            "template": f"/studio/templates/{template.pk}/",
            "impact": "/studio/impact/",
            "indicator": f"/studio/indicators/{world['indicator'].pk}/",
        },
        "mentor": {"mentor-overview": "/studio/mentoring/"},
        None: {
            "showcase": "/projects/",
            "showcase-project": f"/projects/{project.pk}/",
            "canvas-public": f"/studio/canvases/{journey.pk}/",
        },
    }
    people = {"coordinator": world["coordinator"], "mentor": world["mentor"]}
    for role, paths in pages.items():
        page.context.clear_cookies()
        if role:
            login(page, people[role].email, PASSWORD)
        page.context.add_cookies(
            [{"name": "sib_language", "value": language, "url": live_server.url}]
        )
        for name, path in paths.items():
            assert page.goto(path).status == 200, path
            _shoot(page, name, language, overflow)

    # The conflict page: the member opened the persona, another writer saved since, she saves
    # (the form's own submit, as without JavaScript: the whole 409 page with both versions).
    writer = browser.new_context(locale="en-GB", base_url=live_server.url, viewport=DESKTOP)
    writer.add_cookies([{"name": "sib_language", "value": language, "url": live_server.url}])
    stale = writer.new_page()
    stale.set_default_timeout(TIMEOUT)
    login(stale, world["member"].email, PASSWORD)
    stale.goto(f"/studio/canvases/{persona.pk}/")
    other = writer.new_page()
    other.set_default_timeout(TIMEOUT)
    other.goto(f"/studio/canvases/{persona.pk}/")
    version = int(other.locator("#canvas-version").input_value())
    other.locator("#b-name").fill("Halina Nowak")
    other.locator("#canvas-save").click()
    expect(other.locator("#canvas-version")).to_have_value(str(version + 1))
    stale.locator("#b-name").fill("Pani Halina z Tarnowa")
    with stale.expect_navigation() as navigation:
        stale.evaluate("document.querySelector('form.canvas-editor').submit()")
    assert navigation.value.status == 409
    expect(stale.locator("main table")).to_contain_text("Pani Halina z Tarnowa")
    _shoot(stale, "conflict", language, overflow)
    writer.close()

    # The canvas as PDF, kept for looking at (rendered to PNG with pdftoppm outside the test).
    response = page.request.get(f"/studio/canvases/{journey.pk}/export.pdf")
    assert response.ok and response.body().startswith(b"%PDF")
    pdf = ARTIFACTS / "studio" / f"journey.{language}.pdf"
    pdf.write_bytes(response.body())
    response = page.request.get(f"/studio/canvases/{persona.pk}/export.pdf")
    (ARTIFACTS / "studio" / f"persona.{language}.pdf").write_bytes(response.body())
    assert not overflow, f"wider than a phone: {overflow}"
