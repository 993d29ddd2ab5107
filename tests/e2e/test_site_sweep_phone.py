"""Every page of the inventory (`tests/pages.py`), as each role, on a 390 px phone: nothing wider
than the screen (tables scroll inside their own container) and axe-core clean.

One browser context per role, logged in once. Marked `sweep`: the PostgreSQL pass of `.ci/run`.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from sib.accounts.demo import DEMO_PASSWORD
from tests.e2e.conftest import PHONE, assert_accessible, login
from tests.pages import ROLES, html_pages

pytestmark = [pytest.mark.sweep]

# How much wider than the viewport the document may be (sub-pixel rounding).
TOLERANCE_PX = 1


def _menu_folds_and_opens_from_the_keyboard(page) -> None:  # noqa: ANN001
    page.goto("/")
    toggle = page.locator(".main-nav__toggle")
    menu = page.locator("#main-nav-list")
    expect(toggle).to_be_visible()
    expect(menu).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()


def test_every_page_fits_a_phone_and_is_accessible(
    browser, live_server, demo_site, django_db_blocker
) -> None:  # noqa: ANN001
    from sib.accounts.models import User

    with django_db_blocker.unblock():
        User.objects.filter(email__endswith="@demo.sib.example").update(preferred_language="pl")
        pages = html_pages()
    started = time.monotonic()
    too_wide: list[str] = []
    inaccessible: list[str] = []
    for role in ROLES:
        context = browser.new_context(viewport=PHONE, locale="pl-PL", base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(60_000)
        if role != "anonymous":
            login(page, f"{role}@demo.sib.example", DEMO_PASSWORD)
        if role == "coordinator":
            _menu_folds_and_opens_from_the_keyboard(page)
        for entry in (p for p in pages if p.role == role):
            response = page.goto(entry.url)
            if response is None or response.status != 200:
                too_wide.append(f"{role} {entry.url}: answered {response and response.status}")
                continue
            if "text/html" not in (response.headers.get("content-type") or ""):
                continue
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > PHONE["width"] + TOLERANCE_PX:
                wide = page.evaluate(
                    """(limit) => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > limit
                                     && !e.closest('.table-wrap, .scroll-x, pre'))
                        .slice(0, 3).map(e => e.tagName.toLowerCase()
                            + (e.className ? '.' + String(e.className).split(' ')[0] : ''))""",
                    PHONE["width"] + TOLERANCE_PX,
                )
                too_wide.append(f"{role} {entry.url}: {width} px ({', '.join(wide)})")
            try:
                assert_accessible(page, f"{role} {entry.url}")
            except AssertionError as error:
                inaccessible.append(str(error))
        context.close()
    print(f"phone sweep: {len(pages)} pages in {time.monotonic() - started:.0f} s")
    report = "\n".join(too_wide + inaccessible)
    assert not (too_wide or inaccessible), (
        f"{len(too_wide)} pages wider than 390 px, {len(inaccessible)} with axe violations:\n{report}"
    )
