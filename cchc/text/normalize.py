"""Unicode normalisation, search folding and slugs for Vietnamese text."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from cchc.text.alphabet import BREVE, CIRCUMFLEX

# Vowel marks that share canonical combining class 230 with the tone marks
# huyền, hỏi, ngã and sắc.  Unicode's canonical ordering therefore leaves a
# "tone before vowel mark" sequence alone, and NFC cannot compose it.  The
# horn (class 216) and dot below (class 220) are already ordered by NFD.
_CLASS_230_SHAPE_MARKS: Final = frozenset({BREVE, CIRCUMFLEX})

# Combining Diacritical Marks block: every Vietnamese tone and vowel mark
# (and all other Latin accents) lives here.
_COMBINING_DIACRITICS: Final = re.compile("[\u0300-\u036f]+")

# d with stroke is a letter of its own in Unicode, not d + combining mark.
# U+00D0/U+00F0 (eth) is a look-alike often typed for Đ in Vietnamese text.
_D_FOLD: Final = str.maketrans({"đ": "d", "ð": "d"})

# Non-ASCII letters that have no decomposition but a conventional ASCII
# spelling, for slugs.
_SLUG_TRANSLITERATION: Final[dict[str, str]] = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "þ": "th",
    "ı": "i",
    "ŋ": "ng",
    "ħ": "h",
    "ŧ": "t",
}


def _put_vowel_marks_first(decomposed: str) -> str:
    """Move breve/circumflex before a tone mark in the same class-230 run.

    Text typed as base + tone + vowel mark (e.g. ``"a" + U+0301 + U+0302``)
    is canonically different from ``"ấ"``; reordering lets NFC compose it.
    """
    out: list[str] = []
    run: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch) == 230:
            run.append(ch)
            continue
        if run:
            out.extend(sorted(run, key=lambda mark: mark not in _CLASS_230_SHAPE_MARKS))
            run = []
        out.append(ch)
    if run:
        out.extend(sorted(run, key=lambda mark: mark not in _CLASS_230_SHAPE_MARKS))
    return "".join(out)


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC with Vietnamese letters precomposed.

    Besides plain NFC this also repairs the decomposed ("tổ hợp") form that
    some Windows software writes, including the variant where the tone mark
    was stored before the vowel mark (``"a" + U+0301 + U+0302`` → ``"ấ"``).
    The function is idempotent.
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    if any(mark in decomposed for mark in _CLASS_230_SHAPE_MARKS):
        decomposed = _put_vowel_marks_first(decomposed)
    return unicodedata.normalize("NFC", decomposed)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return _COMBINING_DIACRITICS.sub("", decomposed)


def fold(text: str) -> str:
    """Fold ``text`` for accent- and case-insensitive search.

    NFC first, then remove every tone and vowel mark (``ă â ê ô ơ ư`` become
    ``a a e o o u``), map ``đ``/``Đ`` to ``d``, lowercase, collapse runs of
    whitespace to one space and strip.  ``"UBND xã Minh Đức"`` folds to
    ``"ubnd xa minh duc"``; old-style ``"Uỷ"`` and new-style ``"Ủy"`` both fold
    to ``"uy"``.  The function is idempotent.
    """
    folded = _strip_marks(nfc(text))
    # Lower-casing may itself produce combining marks (e.g. "İ" → "i̇").
    folded = _strip_marks(folded.lower()).translate(_D_FOLD)
    return " ".join(folded.split())


def _slug_pieces(folded: str) -> list[str]:
    """Turn folded text into ASCII pieces; ``"-"`` marks a word break."""
    pieces: list[str] = []
    for ch in folded:
        if ch.isascii():
            pieces.append(ch if ch.isalnum() else "-")
        elif (digit := unicodedata.decimal(ch, None)) is not None:
            pieces.append(str(digit))
        elif ch in _SLUG_TRANSLITERATION:
            pieces.append(_SLUG_TRANSLITERATION[ch])
        elif ch.isalnum():
            # No ASCII spelling: keep the character recognisable by code point.
            pieces.append(f"-u{ord(ch):x}-")
        else:
            pieces.append("-")
    return pieces


def _cut_at_word_boundary(slug: str, max_length: int) -> str:
    if len(slug) <= max_length:
        return slug
    head = slug[:max_length]
    if slug[max_length] != "-":
        boundary = head.rfind("-")
        if boundary > 0:
            head = head[:boundary]
    return head.strip("-")


def slugify(text: str, max_length: int = 80) -> str:
    """Return a readable ASCII URL slug for ``text``.

    The text is compatibility-normalised (NFKC: ``"①"`` → ``"1"``), folded with
    :func:`fold`, every run of characters outside ``[a-z0-9]`` becomes one
    ``-`` and the result is cut at a word boundary to at most ``max_length``
    characters (a single word longer than that is cut hard).
    ``"Kế hoạch số 40/KH-UBND"`` → ``"ke-hoach-so-40-kh-ubnd"``.

    The slug is empty only when ``text`` contains no letter or digit;
    letters without an ASCII spelling are written as ``u`` + hex code point.
    """
    if max_length < 1:
        raise ValueError("max_length must be at least 1")
    folded = fold(unicodedata.normalize("NFKC", text))
    slug = re.sub("-+", "-", "".join(_slug_pieces(folded))).strip("-")
    if not slug:
        # A few letters vanish under NFKC + folding (e.g. U+037A becomes a
        # lone combining mark); never lose a text that has letters or digits.
        slug = "-".join(f"u{ord(ch):x}" for ch in text if ch.isalnum())
    return _cut_at_word_boundary(slug, max_length)
