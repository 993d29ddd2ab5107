"""Words and their stems, the same for search and for term links (decision 0802).

Snowball's Polish and English stemmers (pure Python, microseconds a word) reduce inflected forms
to one stem: "innowacji", "innowacją" and "innowacja" all become "innowacj". One rule is added
on top for Polish nouns in -ia/-ii ("teoria" → "teor", "teorii" → "teori"): a stem ending in a
consonant + "i" loses the "i". What the stemmer still misses, a term lists as a hidden form.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import lru_cache

WORD = re.compile(r"\w+", re.UNICODE)
VOWELS = set("aąeęioóuy")
_stemmers = threading.local()


def _stemmer(language: str):  # noqa: ANN202 - snowballstemmer has no type hints
    found = getattr(_stemmers, language, None)
    if found is None:
        import snowballstemmer

        found = snowballstemmer.stemmer("polish" if language == "pl" else "english")
        setattr(_stemmers, language, found)
    return found


@lru_cache(maxsize=50_000)
def stem(word: str, language: str) -> str:
    """The stem of one word (lower-cased) in "pl" or "en"."""
    lowered = word.lower()
    if lowered.isdigit():
        return lowered
    result = _stemmer(language).stemWord(lowered)
    if language == "pl" and len(result) > 4 and result.endswith("i") and result[-2] not in VOWELS:
        result = result[:-1]
    return result[:60]


def words(text: str) -> Iterator[re.Match[str]]:
    """The words of a text with their positions."""
    return WORD.finditer(text)


def stems(text: str, language: str) -> list[str]:
    return [stem(match.group(), language) for match in words(text)]
