"""Removing personal data from text before it is published (Decree 13/2023).

Pure Python. Masks the submitter's own name, phone, e-mail and address wherever they
occur (ignoring case and Vietnamese diacritics), plus any phone number, e-mail address
and 9- or 12-digit identity number in the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MASK = "[đã ẩn]"

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Vietnamese phone numbers: +84 or 0, then 9-10 digits, with optional spaces, dots or dashes.
PHONE_RE = re.compile(r"(?<![\w])(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
# Identity numbers: old CMND (9 digits) and CCCD (12 digits), possibly grouped.
ID_RE = re.compile(r"(?<!\d)(?:\d{12}|\d{9}|\d{3}[\s.]\d{3}[\s.]\d{3}(?:[\s.]\d{3})?)(?!\d)")


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    decomposed = unicodedata.normalize("NFD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower() or ch


def _folded_with_map(text: str) -> str:
    """``text`` folded one character for one character (so offsets stay aligned)."""
    return "".join((_fold_char(ch) or " ")[:1] for ch in text)


def _mask_phrase(text: str, phrase: str) -> str:
    phrase = " ".join(phrase.split())
    if len(phrase) < 3:
        return text
    folded = _folded_with_map(text)
    pattern = re.compile(
        r"(?<!\w)" + r"\s+".join(re.escape(_folded_with_map(w)) for w in phrase.split()) + r"(?!\w)"
    )
    out: list[str] = []
    last = 0
    for match in pattern.finditer(folded):
        out.append(text[last : match.start()])
        out.append(MASK)
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def mask(text: str, personal: Iterable[str] = ()) -> str:
    """``text`` with the given personal values and any phone, e-mail or ID number masked."""
    result = text
    # Longest first, so an address containing the name is masked whole.
    for value in sorted({v.strip() for v in personal if v and v.strip()}, key=len, reverse=True):
        result = _mask_phrase(result, value)
    result = EMAIL_RE.sub(MASK, result)
    result = PHONE_RE.sub(MASK, result)
    result = ID_RE.sub(MASK, result)
    return result


def personal_values(name: str, phone: str, email: str, address: str) -> list[str]:
    """The submitter's data as phrases to mask; a name also masks its given name alone."""
    values = [name, phone, email, address]
    words = name.split()
    if len(words) >= 2:
        values.append(" ".join(words[-2:]) if len(words) >= 3 else words[-1])
    if phone:
        digits = re.sub(r"\D", "", phone)
        values.append(digits)
    return values
