"""Site-wide sweeps over the page inventory (`tests/pages.py`) with the demo loaded once:

- every URL answers each role with the status the inventory states (the authorisation matrix);
- every page each role may open, in Polish and in English, shows no string of the other language
  (interface strings rendered untranslated, tell-tale words) and no raw choice key (`withdrawn`).

Marked `sweep`: `.ci/run` runs them in the PostgreSQL pass only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

from tests.pages import ROLES, Page, html_pages, inventory

pytestmark = [pytest.mark.sweep, pytest.mark.django_db]

SRC = Path(__file__).resolve().parents[2] / "src" / "sib"

# Words that give a page away as the other language when they stand alone as a label or a cell.
ENGLISH_ON_POLISH = {
    "Programme", "Module", "Session", "Edition", "Host", "Save", "Cancel", "Delete", "Edit",
    "Status", "Participants", "Participant", "Trainer", "Mentor", "Coordinator", "Date", "Name",
    "Yes", "No", "Withdrawn", "Completed", "Enrolled", "Back", "Search", "Next", "Previous",
}  # fmt: skip
POLISH_ON_ENGLISH = re.compile(
    r"\b(Pilotaż|Gospodarz|Zapisz|Anuluj|Usuń|Edytuj|Uczestni\w+|Szkoleni\w+|Edycj\w+|Moduł\w*"
    r"|Sesj\w+|Wycofan\w+|Ukończon\w+|Tak|Nie|Brak|Wróć|Szukaj)\b"
)
# Words that are a stored key and also the same word in both languages' interface and content.
SAME_IN_BOTH = {"online", "mentoring"}
# Raw values a template may print instead of their label.
RAW_VALUES = {"None", "none", "True", "False"}


class _Texts(HTMLParser):
    """The text a person reads: text nodes and the labels of attributes, without scripts."""

    SKIP = {"script", "style", "textarea", "code", "pre"}
    ATTRIBUTES = {"aria-label", "placeholder", "title", "alt"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.cells: list[str] = []  # text directly in table cells and definition lists
        self._skipping = 0
        self._skip_tags: list[str] = []
        self._open: list[str] = []
        self._cell: list[str] | None = None  # the whole text of the open td/dd

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self._open.append(tag)
        if tag in {"td", "dd"}:
            self._cell = []
        marked = tag not in {"html", *self.VOID} and any(
            name in {"data-user-text", "lang"} for name, _value in attrs
        )
        if tag in self.SKIP or marked:
            # Text people wrote, in their own language (data-user-text), or marked with its
            # language (lang): not the interface's to translate.
            self._skip_tags.append(tag)
            self._skipping += 1
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tags and self._skip_tags[-1] == tag:
            self._skip_tags.pop()
            self._skipping -= 1
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass
        if tag in {"td", "dd"} and self._cell is not None:
            text = " ".join(" ".join(self._cell).split())
            if text:
                self.cells.append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._skipping:
            self.texts.append(text)
            if self._cell is not None:
                self._cell.append(text)


def texts_of(html: str) -> tuple[list[str], list[str]]:
    """(every text a person reads, the texts that stand alone in a table cell or definition)."""
    parser = _Texts()
    parser.feed(html)
    return parser.texts, parser.cells


def _po_entries(path: Path) -> Iterator[tuple[str, str]]:
    """(msgid, msgstr) of a catalogue's singular entries without a context."""
    text = path.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if "msgctxt" in block or "msgid_plural" in block or block.lstrip().startswith("#~"):
            continue
        match = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', block, re.M)
        if match:
            msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
            msgstr = "".join(re.findall(r'"(.*)"', match.group(2)))
            if msgid and msgstr:
                yield msgid.replace('\\"', '"'), msgstr.replace('\\"', '"')


@cache
def catalogue() -> dict[str, str]:
    """English interface strings with a Polish translation that differs from them."""
    found: dict[str, str] = {}
    for po in SRC.glob("*/locale/pl/LC_MESSAGES/django.po"):
        for msgid, msgstr in _po_entries(po):
            if msgid != msgstr and "%" not in msgid and "{" not in msgid:
                found.setdefault(msgid, msgstr)
    return found


@cache
def choice_keys() -> dict[str, str]:
    """Stored values of every model field with choices whose label differs: `withdrawn` → label."""
    from django.apps import apps

    keys: dict[str, str] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("sib."):
            continue
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or []:
                if (
                    isinstance(value, str)
                    and re.fullmatch(r"[a-z][a-z_-]+", value)
                    and str(label) != value
                ):
                    keys[value] = str(label)
    return keys


def problems_in(html: str, language: str) -> list[str]:
    """What on a page belongs to the other language, or is a raw stored value."""
    found = []
    english = catalogue()
    polish = {msgstr for msgid, msgstr in english.items()}
    keys = choice_keys()
    texts, cells = texts_of(html)
    for text in texts:
        bare = text.rstrip(":").strip()
        if language == "pl":
            if len(bare) > 3 and bare in english and bare not in polish:
                found.append(f"untranslated: {text!r}")
            elif bare in ENGLISH_ON_POLISH:
                found.append(f"English word: {text!r}")
        else:
            match = POLISH_ON_ENGLISH.search(text)
            if match:
                found.append(f"Polish word {match.group(0)!r} in {text!r}")
    for text in cells:
        if text in keys and text not in english and text not in SAME_IN_BOTH:
            found.append(f"raw choice key: {text!r}")
        elif text in RAW_VALUES:
            found.append(f"raw value: {text!r}")
    return found


TITLE = re.compile(r"<title>(.*?)</title>", re.S)

# Texts that legitimately stay in one language on every page (names, the language switcher).
ALLOWED = {
    "Polski",
    "English",
}


@pytest.fixture(scope="module")
def clients(demo_site, django_db_blocker) -> dict[str, Client]:  # noqa: ANN001
    """One signed-in client per role (logins reused across the whole sweep)."""
    from sib.accounts.models import User

    result = {}
    with django_db_blocker.unblock():
        for role in ROLES:
            client = Client()
            if role != "anonymous":
                client.force_login(User.objects.get(email=f"{role}@demo.sib.example"))
            result[role] = client
    return result


@pytest.fixture(scope="module")
def pages(demo_site, django_db_blocker) -> list[Page]:  # noqa: ANN001
    with django_db_blocker.unblock():
        return inventory()


def test_every_page_answers_each_role_as_the_inventory_states(
    pages: list[Page], clients: dict[str, Client], django_db_blocker, settings
) -> None:  # noqa: ANN001
    settings.SIB_STAFF_MFA = False
    wrong = []
    with django_db_blocker.unblock():
        for page in pages:
            response = clients[page.role].get(page.url)
            status = response.status_code
            if status != page.status:
                wrong.append(
                    f"{page.role} {page.url} ({page.name}): {status}, expected {page.status}"
                )
            elif status == 200 and "text/html" in response.get("Content-Type", ""):
                html = response.content.decode()
                title = TITLE.search(html)
                # A page's title is plain words (a panel once rendered itself into <title>).
                if "<html" in html and (
                    title is None or not title.group(1).strip() or "<" in title.group(1)
                ):
                    wrong.append(f"{page.role} {page.url} ({page.name}): no plain <title>")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_page_speaks_one_language_and_shows_no_raw_keys(
    demo_site, clients: dict[str, Client], django_db_blocker, settings, language: str
) -> None:  # noqa: ANN001
    """Each role sees its pages in the language of its profile (or the cookie, when anonymous)."""
    from sib.accounts.models import User

    settings.LANGUAGE_CODE = "pl"
    problems: dict[str, list[str]] = {}
    with django_db_blocker.unblock():
        User.objects.filter(email__endswith="@demo.sib.example").update(preferred_language=language)
        for page in html_pages():
            client = clients[page.role]
            client.cookies["sib_language"] = language
            response = client.get(page.url)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            if "<html" in html:  # htmx fragments have no <html>
                assert f'<html lang="{language}"' in html, page
            found = [p for p in problems_in(html, language) if not any(a in p for a in ALLOWED)]
            if found:
                problems[f"{page.role} {page.url}"] = sorted(set(found))
    report = "\n".join(f"{where}: {found}" for where, found in problems.items())
    assert not problems, f"{len(problems)} pages mix languages or show raw keys:\n{report}"


def test_every_anonymous_page_is_the_same_for_every_visitor_or_never_kept(
    demo_site, django_db_blocker
) -> None:  # noqa: ANN001
    """Anonymous visitors share one kept copy of a page (decision 0913): a page that renders
    something of its own each time (a random form key) must say `no-store`, or visitors would
    share it."""
    tokens = re.compile(rb"[A-Za-z0-9]{64}")
    differing = []
    with django_db_blocker.unblock():
        for page in html_pages(["anonymous"]):
            first = Client().get(page.url)
            if "no-store" in first.get("Cache-Control", ""):
                continue
            if tokens.sub(b"", first.content) != tokens.sub(b"", Client().get(page.url).content):
                differing.append(f"{page.url} ({page.name})")
    assert not differing, "differ between two visitors but may be kept:\n" + "\n".join(differing)
