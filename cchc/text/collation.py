"""Vietnamese collation: a ``sorted()`` key in dictionary order.

Comparison happens on three levels, like ICU's ``vi`` collation:

1. base letters in the order a ă â b c d đ e ê g h i k l m n o ô ơ p q r s
   t u ư v x y, case-insensitively (ă, â, đ, ê, ô, ơ, ư are letters in
   their own right, not accented variants);
2. tones, letter by letter: no tone < huyền < hỏi < ngã < sắc < nặng;
3. case: lower case before upper case.

Digits sort before letters.  Characters outside the Vietnamese alphabet sort
after the letters, by code point.  The foreign letters f, j, w and z, common
in names and loanwords, take their usual Latin places (as in ICU / CLDR
``vi``).  Runs of whitespace count as one word separator that sorts before
everything else, so "Bắc Ninh" sorts before "Bắcninh".  Numbers compare
digit by digit, not by value ("10" < "9").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Final, TypeVar, overload

from cchc.text.alphabet import SHAPE_MARKS, SHAPED_LETTERS, TONE_MARKS, VOWELS
from cchc.text.normalize import nfc

__all__ = ["SortKey", "collate", "sort_key"]

# Primary key, secondary (tone) key, tertiary (case) key, and the NFC text as
# a final tie-breaker so that the order is total: two keys are equal exactly
# when the two texts are canonically equivalent.
SortKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]

T = TypeVar("T")

# The Vietnamese alphabet with f, j, w, z in their Latin places.
_COLLATION_ALPHABET: Final = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_SEPARATOR: Final = 1
_DIGIT_BASE: Final = 10
_LETTER_BASE: Final = 100
_OTHER_BASE: Final = 1000
_LETTER_WEIGHTS: Final[dict[str, int]] = {
    letter: _LETTER_BASE + index for index, letter in enumerate(_COLLATION_ALPHABET)
}
_ASCII_DIGITS: Final = frozenset("0123456789")
_ETH_CAPITAL: Final = "\u00d0"  # "Ð", a common look-alike typed for "Đ"


def _vietnamese_weights(ch: str) -> tuple[int, int, int] | None:
    """Weights of a Vietnamese letter, or ``None`` for any other character."""
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if base == _ETH_CAPITAL:
        letter, upper = "đ", 1
    else:
        letter = base.lower()
        upper = 0 if letter == base else 1
    if letter not in _LETTER_WEIGHTS:
        return None
    shapes = [mark for mark in marks if mark in SHAPE_MARKS]
    tones = [mark for mark in marks if mark in TONE_MARKS]
    if len(shapes) + len(tones) != len(marks) or len(shapes) > 1 or len(tones) > 1:
        return None
    if shapes:
        shaped = SHAPED_LETTERS.get((letter, shapes[0]))
        if shaped is None:
            return None
        letter = shaped
    tone = 0
    if tones:
        if letter not in VOWELS:
            return None
        tone = TONE_MARKS[tones[0]]
    return _LETTER_WEIGHTS[letter], tone, upper


@lru_cache(maxsize=8192)
def _char_weights(ch: str) -> tuple[int, int, int]:
    """(primary, secondary, tertiary) weights of one NFC character."""
    if ch in _ASCII_DIGITS:
        return _DIGIT_BASE + int(ch), 0, 0
    weights = _vietnamese_weights(ch)
    if weights is not None:
        return weights
    lower = ch.lower()
    if len(lower) == 1:
        return _OTHER_BASE + ord(lower), 0, (0 if lower == ch else 1)
    return _OTHER_BASE + ord(ch), 0, 0


def sort_key(text: str) -> SortKey:
    """Return a key that sorts Vietnamese text in dictionary order.

    Use it as ``sorted(names, key=sort_key)``.  Base letters are compared over
    the whole text first, then tones, then case::

        >>> sorted(["Đà Nẵng", "Dak Lak", "Bắc Ninh", "Bạc Liêu", "Ăn", "An Giang"],
        ...        key=sort_key)
        ['An Giang', 'Ăn', 'Bạc Liêu', 'Bắc Ninh', 'Dak Lak', 'Đà Nẵng']

    The order is total: keys are equal only for canonically equivalent texts.
    """
    text = nfc(text)
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for ch in text:
        if ch.isspace():
            if primary and primary[-1] != _SEPARATOR:
                primary.append(_SEPARATOR)
                secondary.append(0)
                tertiary.append(0)
            continue
        first, second, third = _char_weights(ch)
        primary.append(first)
        secondary.append(second)
        tertiary.append(third)
    if primary and primary[-1] == _SEPARATOR:
        del primary[-1], secondary[-1], tertiary[-1]
    return tuple(primary), tuple(secondary), tuple(tertiary), text


@overload
def collate(items: Iterable[str], key: None = None, *, reverse: bool = False) -> list[str]: ...


@overload
def collate(items: Iterable[T], key: Callable[[T], str], *, reverse: bool = False) -> list[T]: ...


def collate(
    items: Iterable[T], key: Callable[[T], str] | None = None, *, reverse: bool = False
) -> list[T]:
    """Return a new list of ``items`` in Vietnamese dictionary order.

    ``key`` extracts the text to compare from each item (like ``sorted``);
    without it the items themselves must be strings.
    """
    if key is None:

        def item_key(item: T) -> SortKey:
            if not isinstance(item, str):
                raise TypeError(f"collate() without key needs str items, got {type(item)!r}")
            return sort_key(item)

    else:
        text_of = key

        def item_key(item: T) -> SortKey:
            return sort_key(text_of(item))

    return sorted(items, key=item_key, reverse=reverse)
