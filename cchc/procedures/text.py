"""Turning procedure text and search queries into the same folded words.

Both sides go through :func:`words`: ``cchc.text.fold`` (lower case, no diacritics, đ→d),
split on anything that is not a letter or digit, and the i/y spelling variants of
Vietnamese (``ký``/``kí``, ``lý``/``lí``) brought to one form. The stored search text is
these words joined by single spaces, so SQLite FTS5 and PostgreSQL's 'simple' parser see
exactly the words the query is made of.
"""

from __future__ import annotations

import re
from typing import Final

from cchc.text import fold

_WORD: Final = re.compile(r"[^\W_]+")
# A syllable of consonants ending in "y" is also written with "i": ký/kí, lý/lí, mỹ/mĩ, quy/qui.
_FINAL_Y: Final = re.compile(r"^([bcdghklmnprstvx]+|qu)y$")

#: Longest query taken into account, in characters (the rest is ignored, and said so).
MAX_QUERY_CHARS: Final = 200
#: Most words of a query used in the search.
MAX_QUERY_WORDS: Final = 12


def _variant(word: str) -> str:
    match = _FINAL_Y.match(word)
    return f"{match.group(1)}i" if match else word


def words(text: str) -> list[str]:
    """The folded search words of ``text``."""
    return [_variant(w) for w in _WORD.findall(fold(text))]


def search_text(*parts: str) -> str:
    return " ".join(w for part in parts if part for w in words(part))
