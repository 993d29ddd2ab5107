"""Is every piece of text of a PDF inside its page? (issue 12, item 6)

Two independent readings: poppler's `pdftotext -bbox` gives each word's box in the PDF, and a word
whose box crosses the media box's edge is cut off; poppler drops characters wholly outside the
page, so the laid-out WeasyPrint document (`boxes_outside`) is checked too.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

TOLERANCE = 0.5  # points: rounding in the glyph boxes


@dataclass(frozen=True)
class Outside:
    page: int
    text: str
    where: str

    def __str__(self) -> str:
        return f"page {self.page}: {self.text!r} ({self.where})"


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(
    r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>'
)


def words_outside(content: bytes) -> list[Outside]:
    """Words whose box crosses the edge of their page (poppler)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(content)
        target = Path(folder) / "out.html"
        subprocess.run(["pdftotext", "-bbox", str(source), str(target)], check=True)
        html = target.read_text(encoding="utf-8")
    found = []
    for number, chunk in enumerate(html.split("<page ")[1:], start=1):
        match = _PAGE.match("<page " + chunk)
        assert match, "pdftotext gave no page size"
        width, height = float(match[1]), float(match[2])
        for x0, y0, x1, y1, text in _WORD.findall(chunk):
            box = (float(x0), float(y0), float(x1), float(y1))
            if (
                box[0] < -TOLERANCE
                or box[1] < -TOLERANCE
                or box[2] > width + TOLERANCE
                or box[3] > height + TOLERANCE
            ):
                found.append(Outside(number, text, f"box {box} on a page {width}×{height}"))
    return found


def boxes_outside(document: object) -> list[Outside]:
    """Text boxes of a laid-out WeasyPrint document that reach beyond their page: catches text
    wholly outside the page too, which poppler drops before `words_outside` could see it."""
    from weasyprint.formatting_structure import boxes

    found: list[Outside] = []

    def walk(box: object, number: int, width: float, height: float) -> None:
        if isinstance(box, boxes.TextBox) and box.text.strip():
            x0, y0 = box.position_x, box.position_y
            x1, y1 = x0 + box.width, y0 + box.height
            if x0 < -TOLERANCE or y0 < -TOLERANCE or x1 > width + TOLERANCE:
                found.append(Outside(number, box.text, f"laid out at x {x0:.1f}–{x1:.1f}"))
            elif y1 > height + TOLERANCE:
                found.append(Outside(number, box.text, f"laid out at y {y0:.1f}–{y1:.1f}"))
        for child in getattr(box, "children", None) or []:
            walk(child, number, width, height)

    for number, page in enumerate(document.pages, start=1):  # type: ignore[attr-defined]
        walk(page._page_box, number, page.width, page.height)
    return found


def save_pngs(content: bytes, folder: Path, name: str, *, resolution: int = 50) -> None:
    """Pages as PNG (pdftoppm) for a person to look at."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{name}.pdf"
    source.write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(resolution), str(source), str(folder / name)], check=True
    )
