"""One date format per language (issue 12, item 12; decision 0568): every named format Django
templates use gives the same date, and no template writes a literal format for people."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.formats import date_format

import sib

MOMENT = dt.datetime(2024, 6, 28, 16, 5)
EXPECTED = {
    "pl": ("28 czerwca 2024", "28 czerwca 2024, 16:05"),
    "en": ("28 June 2024", "28 June 2024, 16:05"),
}


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_named_format_says_the_date_the_same_way(language: str) -> None:
    day, moment = EXPECTED[language]
    with translation.override(language):
        assert date_format(MOMENT.date(), "DATE_FORMAT") == day
        assert date_format(MOMENT.date(), "SHORT_DATE_FORMAT") == day
        assert date_format(MOMENT, "DATETIME_FORMAT") == moment
        assert date_format(MOMENT, "SHORT_DATETIME_FORMAT") == moment


def test_no_template_writes_a_literal_date_format_for_people() -> None:
    literal = re.compile(r'\|date:"(?![A-Z_]+_FORMAT"|l"|F Y"|U\.u")([^"]*)"')
    found = [
        f"{path.relative_to(Path(sib.__file__).parent)}: {match[1]}"
        for path in Path(sib.__file__).parent.rglob("templates/**/*.html")
        for match in literal.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
