"""Every table of a page sits in a `table-wrap` (it scrolls sideways on a phone instead of
widening the page past 390 px); found by the phone sweep on the resources list. A static check
over the templates, so it runs in both CI passes without a browser."""

from __future__ import annotations

import re
from pathlib import Path

import sib

TEMPLATES = Path(sib.__file__).parent
# Documents and messages have no phone viewport: PDFs, printouts, e-mails.
NOT_PAGES = re.compile(r"(pdf|print|email|badges)", re.I)


def test_every_page_table_is_wrapped_to_scroll() -> None:
    bare = []
    for path in sorted(TEMPLATES.glob("*/templates/**/*.html")):
        if NOT_PAGES.search(str(path.relative_to(TEMPLATES))):
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<table\b", text):
            if "table-wrap" not in text[max(0, match.start() - 200) : match.start()]:
                line = text.count("\n", 0, match.start()) + 1
                bare.append(f"{path.relative_to(TEMPLATES)}:{line}")
    assert not bare, "tables outside a table-wrap (too wide on a phone): " + ", ".join(bare)
