"""Screenshot pages of a running instance in both languages at desktop and phone width.

    .venv/bin/python scripts/screenshots.py --base http://127.0.0.1:8000 --out var/screenshots \
        coordinator:/academy/editions/1/participants/ participant:/ anonymous:/academy/programmes/

Each argument is ROLE:PATH; ROLE is a demo account (password from `sib demo`) or "anonymous".
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="var/screenshots")
    parser.add_argument("--password", default="broker-demo-2024")
    parser.add_argument("--languages", default="pl,en")
    parser.add_argument("--sizes", default="desktop,phone")
    parser.add_argument("pages", nargs="+")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for spec in args.pages:
            role, path = spec.split(":", 1)
            for language in args.languages.split(","):
                for size in args.sizes.split(","):
                    width, height = SIZES[size]
                    context = browser.new_context(
                        viewport={"width": width, "height": height},
                        locale="pl-PL" if language == "pl" else "en-GB",
                    )
                    page = context.new_page()
                    if role != "anonymous":
                        page.goto(args.base + "/accounts/login/")
                        page.fill("input[name=login]", f"{role}@demo.sib.example")
                        page.fill("input[name=password]", args.password)
                        page.click("form button[type=submit]:not([name=language])")
                        page.wait_for_load_state()
                    context.add_cookies(
                        [{"name": "sib_language", "value": language, "url": args.base}]
                    )
                    page.goto(args.base + path)
                    # The profile language wins over the cookie: switch it explicitly.
                    page.locator(f"form.language-switcher button[value={language}]").click()
                    page.wait_for_load_state()
                    name = re.sub(r"[^a-z0-9]+", "-", f"{role}{path}".lower()).strip("-")
                    target = out / f"{name}.{language}.{size}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                    context.close()
        browser.close()


if __name__ == "__main__":
    main()
