"""The Vietnamese alphabet as data: base letters, vowel marks and tone marks.

Everything here is plain data shared by :mod:`cchc.text.normalize`,
:mod:`cchc.text.collation` and :mod:`cchc.text.legacy`.  Pure standard
library, no Django.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# The 29 letters of the Vietnamese alphabet, in dictionary order.
ALPHABET: Final = "aăâbcdđeêghiklmnoôơpqrstuưvxy"

# The 12 vowels that can carry a tone mark.
VOWELS: Final = "aăâeêioôơuưy"

# Combining marks that turn a Latin base letter into a Vietnamese letter
# ("vowel marks" / dấu mũ, dấu móc, dấu trăng).
BREVE: Final = "\u0306"  # ă
CIRCUMFLEX: Final = "\u0302"  # â ê ô
HORN: Final = "\u031b"  # ơ ư
SHAPE_MARKS: Final = frozenset({BREVE, CIRCUMFLEX, HORN})

# (base, combining vowel mark) -> Vietnamese letter.
SHAPED_LETTERS: Final[dict[tuple[str, str], str]] = {
    ("a", BREVE): "ă",
    ("a", CIRCUMFLEX): "â",
    ("e", CIRCUMFLEX): "ê",
    ("o", CIRCUMFLEX): "ô",
    ("o", HORN): "ơ",
    ("u", HORN): "ư",
}

# The five tone marks, numbered in dictionary (TCVN 5712 / CLDR "vi") order:
# 0 = ngang (no mark), 1 = huyền, 2 = hỏi, 3 = ngã, 4 = sắc, 5 = nặng.
GRAVE: Final = "\u0300"  # huyền
HOOK_ABOVE: Final = "\u0309"  # hỏi
TILDE: Final = "\u0303"  # ngã
ACUTE: Final = "\u0301"  # sắc
DOT_BELOW: Final = "\u0323"  # nặng
TONE_MARKS: Final[dict[str, int]] = {
    GRAVE: 1,
    HOOK_ABOVE: 2,
    TILDE: 3,
    ACUTE: 4,
    DOT_BELOW: 5,
}
TONES_IN_ORDER: Final = ("", GRAVE, HOOK_ABOVE, TILDE, ACUTE, DOT_BELOW)


def compose(letter: str, tone: int) -> str:
    """Return the precomposed (NFC) form of a Vietnamese ``letter`` with ``tone``.

    ``letter`` is one of :data:`VOWELS` (either case) and ``tone`` an index
    into :data:`TONES_IN_ORDER`.
    """
    return unicodedata.normalize("NFC", letter + TONES_IN_ORDER[tone])


def _build_lowercase_letters() -> str:
    letters: list[str] = []
    for letter in ALPHABET:
        if letter in VOWELS:
            letters.extend(compose(letter, tone) for tone in range(len(TONES_IN_ORDER)))
        else:
            letters.append(letter)
    return "".join(letters)


# Every lower-case Vietnamese letter, toned vowels included (89 of them),
# in dictionary order.
LOWERCASE_LETTERS: Final = _build_lowercase_letters()

# The 134 letters Vietnamese needs beyond ASCII: 67 lower case and 67 upper case.
NON_ASCII_LETTERS: Final = "".join(ch + ch.upper() for ch in LOWERCASE_LETTERS if not ch.isascii())

# Vietnamese letters that are not in Latin-1.  Legacy-encoding mojibake
# decoded as cp1252/latin-1 can never contain them, so they are strong
# evidence that a text is already proper Unicode.
UNICODE_ONLY_LETTERS: Final = frozenset(ch for ch in NON_ASCII_LETTERS if ord(ch) > 0xFF)


# ---------------------------------------------------------------------------
# Syllable shape.  Vietnamese writes one syllable per word: an optional onset
# consonant, a vowel nucleus (with glides) and an optional final consonant,
# with at most one tone mark.  Used by the legacy-encoding detector to check
# that a candidate decoding produces Vietnamese-looking words.
# ---------------------------------------------------------------------------
_ONSETS: Final = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu") + tuple(
    "bcdđghklmnprstvx"
)
_NUCLEI: Final = (
    # single vowels
    *VOWELS,
    # two letters
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe",
    "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ",
    "ưu", "ya", "yê",
    # three letters
    "iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu",
    "yêu",
)  # fmt: skip
_CODAS: Final = ("ch", "ng", "nh", "c", "m", "n", "p", "t")


def _alternation(options: tuple[str, ...]) -> str:
    return "|".join(sorted(options, key=len, reverse=True))


_SYLLABLE: Final = re.compile(
    f"(?:{_alternation(_ONSETS)})?(?:{_alternation(_NUCLEI)})(?:{_alternation(_CODAS)})?"
)
_TONE_MARK_SET: Final = frozenset(TONE_MARKS)


def looks_like_syllable(word: str) -> bool:
    """Whether ``word`` has the shape of one Vietnamese syllable.

    A shape check, not a dictionary lookup: ``"nghiêng"`` and ``"Việt"`` pass,
    ``"café"``, ``"niđo"`` and ``"ạá"`` do not.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in decomposed if ch in _TONE_MARK_SET)
    if tones > 1:
        return False
    toneless = "".join(ch for ch in decomposed if ch not in _TONE_MARK_SET)
    return _SYLLABLE.fullmatch(unicodedata.normalize("NFC", toneless)) is not None
