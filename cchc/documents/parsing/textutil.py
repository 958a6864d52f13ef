"""Small text helpers of the plan parser: input normalisation and aligned folding.

Plain Python, no Django.  :func:`afold` folds like :func:`cchc.text.fold`
(lower case, no diacritics, ``đ`` → ``d``) but character by character, so an
offset in the folded text is the same offset in the original: regular
expressions can run on the folded text and cut the original.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import chain
from typing import Final

from cchc.text import detect_legacy, fold, nfc, repair_legacy

__all__ = [
    "afold",
    "capitalize_first",
    "clean_item",
    "ends_sentence",
    "is_caps",
    "normalize_input",
    "sentences",
    "split_outside_parens",
    "squash",
    "strip_end",
]


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {cp: chr(cp + 32) for cp in range(0x41, 0x5B)}
    for cp in chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        ch = chr(cp)
        folded = fold(ch)
        if len(folded) == 1:
            table[cp] = folded
        elif len(ch.lower()) == 1:
            table[cp] = ch.lower()
    return table


_FOLD: Final = _fold_table()


def afold(text: str) -> str:
    """Fold ``text`` (NFC) for matching, keeping every character at its offset."""
    return text.translate(_FOLD)


# --- input normalisation ---------------------------------------------------------

_LINE_BREAKS: Final = re.compile("\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_INVISIBLE: Final = str.maketrans(
    {
        0xFEFF: None,
        0x200B: None,
        0x200C: None,
        0x200D: None,
        0x2060: None,
        0x00AD: None,
        0x00A0: " ",
        0x2007: " ",
        0x202F: " ",
        0x3000: " ",
        0x2002: " ",
        0x2003: " ",
        0x2009: " ",
    }
)
_COMBINING: Final = re.compile("[\u0300-\u036f]")
# Latin-1 characters that Vietnamese text never uses but TCVN3/VNI mojibake is full of.
_VIETNAMESE_LATIN1: Final = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"
_SUSPECT: Final = re.compile(
    "["
    + "".join(
        re.escape(chr(cp))
        for cp in range(0xA1, 0x100)
        if chr(cp) not in _VIETNAMESE_LATIN1 and chr(cp) not in "°×±²³«»·©®§"
    )
    + "]"
)
_SUSPECT_MIN: Final = 3
_EMPHASIS: Final = re.compile(r"(\*{1,2})(?=\S)([^*\n]*?\S)\1")


def normalize_input(text: str) -> tuple[str, str | None]:
    """Return ``(text, legacy)``: line breaks as ``\\n``, NFC, legacy encodings repaired.

    The number of lines never changes (``\\r\\n``, ``\\r``, form feeds and other
    separators each count as one line break), so line numbers refer to the
    input as a reader sees it.  ``legacy`` names the repaired encoding
    (``"tcvn3"``/``"vni"``) or is ``None``.  Markdown emphasis (``**x**``) is
    removed, invisible characters dropped and no-break spaces made plain.
    """
    text = _LINE_BREAKS.sub("\n", text)
    legacy: str | None = None
    if len(_SUSPECT.findall(text, 0, 200_000)) >= _SUSPECT_MIN:
        if _COMBINING.search(text) or not unicodedata.is_normalized("NFC", text):
            text = nfc(text)
        found = detect_legacy(text)
        if found is not None:
            legacy = found
            text = repair_legacy(text)
    text = text.translate(_INVISIBLE)
    if _COMBINING.search(text) or not unicodedata.is_normalized("NFC", text):
        text = nfc(text)
    if "*" in text:
        text = _EMPHASIS.sub(r"\2", text)
    return text, legacy


# --- small predicates and cleaners -----------------------------------------------

_SPACES: Final = re.compile(r"[ \t]+")
_TERMINAL: Final = frozenset(".;:!?…")
_TRAILING: Final = " \t.;,:"


def squash(text: str) -> str:
    """Collapse runs of spaces and tabs to one space and strip."""
    return _SPACES.sub(" ", text).strip()


def strip_end(text: str) -> str:
    """Strip trailing ``.;,:`` and spaces (not ``...`` inside), keep the rest as written."""
    text = text.strip()
    if text.endswith("./."):
        text = text[:-3]
    return text.rstrip(_TRAILING).strip()


def clean_item(text: str) -> str:
    """A list item as written, without its trailing punctuation."""
    return strip_end(squash(text))


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence-ending punctuation (``.;:!?…``)."""
    stripped = text.rstrip(" \t\"'”’)")
    return bool(stripped) and stripped[-1] in _TERMINAL


def is_caps(text: str) -> bool:
    """Whether ``text`` is written in capitals (at least three letters, none lower case)."""
    letters = 0
    for ch in text:
        if ch.isalpha():
            if ch.islower():
                return False
            letters += 1
    return letters >= 3


_ABBREVIATIONS: Final = frozenset(
    {"tp", "tx", "tt", "q", "p", "ths", "ts", "pgs", "gs", "ng", "st", "v.v", "vv", "v/v", "k"}
)


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text``: a break after ``.``, ``!``, ``?`` or ``…``
    followed by a space and a capital letter, an opening quote or parenthesis
    (not after "TP.", "TX." and similar abbreviations)."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch in ".!?…" and i + 2 < n and text[i + 1] == " ":
            nxt = text[i + 2]
            if nxt.isupper() or nxt in '“"(':
                word_start = i
                while word_start > 0 and (
                    text[word_start - 1].isalnum() or text[word_start - 1] == "."
                ):
                    word_start -= 1
                word = text[word_start:i].lower()
                if ch != "." or word not in _ABBREVIATIONS:
                    spans.append((start, i + 1))
                    start = i + 2
                    i += 2
                    continue
        i += 1
    if start < n:
        spans.append((start, n))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def split_outside_parens(text: str, separators: str) -> list[tuple[int, int]]:
    """Spans of ``text`` cut at any of ``separators`` outside parentheses."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def capitalize_first(text: str) -> str:
    """Upper-case the first letter (titles taken from the middle of a sentence)."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text
