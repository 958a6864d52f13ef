"""Keyword and phrase rules shared by the parts of the plan parser (no Django)."""

from __future__ import annotations

import difflib
import re
from datetime import date
from functools import lru_cache
from typing import Any, Final

from cchc.documents.parsing.textutil import afold, clean_item, split_outside_parens, squash
from cchc.documents.parsing.vocab import (
    AUDIENCE_RULES,
    CHANNEL_RULES,
    HEADING_PHRASES,
    TAG_RULES,
)
from cchc.schedule.timing import parse_timing

__all__ = [
    "audiences_in",
    "channel_kinds_in",
    "heading_kinds",
    "schedule_for",
    "split_units",
    "table_units",
    "tags_in",
    "timing_in_prose",
]


def tags_in(folded: str) -> list[str]:
    """Reform-area and index codes of a theme (folded text), in a fixed order."""
    return [code for code, rule in TAG_RULES if rule.search(folded)]


def channel_kinds_in(text: str, folded: str | None = None) -> list[str]:
    """Channel kinds named in ``text``, in the order of :data:`CHANNEL_RULES`."""
    folded = afold(text) if folded is None else folded
    lower = text.lower()
    kinds: list[str] = []
    for kind, by_fold, exact in CHANNEL_RULES:
        if (by_fold is not None and by_fold.search(folded)) or (
            exact is not None and exact.search(lower)
        ):
            kinds.append(kind)
    return kinds


def audiences_in(folded: str) -> list[str]:
    """Audience codes in ``folded``, ordered by first mention."""
    found: list[tuple[int, str]] = []
    for code, rule in AUDIENCE_RULES:
        m = rule.search(folded)
        if m is not None:
            found.append((m.start(), code))
    return [code for _, code in sorted(found)]


# --- headings -------------------------------------------------------------------

_NON_WORD: Final = re.compile(r"[^a-z0-9]+")
_FUZZY_RATIO: Final = 0.8
_PHRASE_WORDS: Final = tuple((phrase, phrase.split(), kind) for phrase, kind in HEADING_PHRASES)


@lru_cache(maxsize=2048)
def heading_kinds(folded: str) -> tuple[str, ...]:
    """Section kinds announced by a heading ("MỤC ĐÍCH, YÊU CẦU" → objectives, requirements).

    Exact phrases first; otherwise each window of words is compared with the
    known phrases with :class:`difflib.SequenceMatcher` (ratio ≥ 0.8), so
    "NỘI DUGN" and "TỔ CHỨC THỰC HIÊN" still count.
    """
    words = _NON_WORD.sub(" ", folded).split()
    text = " ".join(words)
    found: list[tuple[int, str]] = []
    for phrase, _, kind in _PHRASE_WORDS:
        position = f" {text} ".find(f" {phrase} ")
        if position >= 0:
            found.append((position, kind))
    if not found and words and len(words) <= 16:
        for phrase, phrase_words, kind in _PHRASE_WORDS:
            size = len(phrase_words)
            best = -1
            for start in range(0, max(1, len(words) - size + 1)):
                window = " ".join(words[start : start + size])
                if abs(len(window) - len(phrase)) > 3:
                    continue
                if difflib.SequenceMatcher(None, window, phrase).ratio() >= _FUZZY_RATIO:
                    best = start
                    break
            if best >= 0:
                found.append((best * 10, kind))
    kinds: list[str] = []
    for _, kind in sorted(found):
        if kind not in kinds:
            kinds.append(kind)
    return tuple(kinds)


# --- units -------------------------------------------------------------------------

_ORG_HEAD: Final = re.compile(
    r"^(?:ubnd|uy ban|ub|so|phong|ban|van phong|trung tam|dai|bao|cong an|hoi|doan|thanh tra"
    r"|cong chuc|truong|mat tran|lien doan|chi cuc|cuc|kho bac|bo|hdnd|mttq|huyen doan|tinh doan"
    r"|dang uy|chi bo|thuong truc|lanh dao|thu truong|nguoi dung dau|chu tich|bo phan"
    r"|hoi dong|cac|nhung)(?![a-z0-9])"
)
_AND_THE: Final = re.compile(r"\s+và\s+(?=các\s)")


def _split_commas(part: str) -> list[str]:
    pieces: list[str] = []
    current = ""
    for chunk in part.split(", "):
        if current and len(chunk.split()) >= 2 and _ORG_HEAD.match(afold(chunk)):
            pieces.append(current)
            current = chunk
        else:
            current = f"{current}, {chunk}" if current else chunk
    if current:
        pieces.append(current)
    return pieces


def split_units(text: str) -> list[str]:
    """Names of units as written: "Phòng Nội vụ, phòng Tài chính - Kế hoạch" → two names.

    Cuts at ``;``, at ", " before a new unit ("UBND", "phòng", "Sở" …) and at
    " và các " ("Đài truyền thanh xã và các ban ngành"); "Các cơ quan, đơn vị
    liên quan" stays one name.
    """
    names: list[str] = []
    for start, end in split_outside_parens(text, ";"):
        part = text[start:end].strip()
        for piece in _AND_THE.split(part):
            for name in _split_commas(piece.strip()):
                cleaned = clean_item(name)
                if cleaned:
                    names.append(cleaned)
    return names


def table_units(cell: str) -> list[str]:
    """Names of units in one table cell (lines joined).

    The convention the Word export follows, so that units come back by name: several
    units in a cell are separated by ``;`` ("Sở Nội vụ; Ban Dân tộc tỉnh"), and a
    single name that would otherwise be cut at its commas ends with ``;``
    ("Các cơ quan, đơn vị, UBND các xã, thị trấn;").  So a cell with a ``;`` is cut
    at ``;`` only; a cell without one is read by :func:`split_units`.
    """
    text = squash(cell.replace("\n", " "))
    if ";" not in text:
        return split_units(text)
    names = [clean_item(text[start:end]) for start, end in split_outside_parens(text, ";")]
    return [name for name in names if name]


def looks_like_unit(text: str) -> bool:
    """Whether ``text`` starts like the name of a unit or a group of units."""
    return bool(_ORG_HEAD.match(afold(text).strip()))


# --- timing ---------------------------------------------------------------------------

_PROSE_TIMING: Final = re.compile(
    r"(?<![a-z])(?:thuong xuyen|hang (?:ngay|tuan|thang|quy|nam)|quy (?:i{1,3}|iv)(?![a-z])"
    r"|truoc ngay|cham nhat|trong (?:quy|thang|nam) |tu (?:quy|thang|ngay) |dinh ky hang)"
)


def timing_in_prose(text: str) -> tuple[int, int] | None:
    """Span of a timing phrase inside prose ("…, hàng tháng, có ít nhất 04 tin…")."""
    folded = afold(text)
    m = _PROSE_TIMING.search(folded)
    if m is None:
        return None
    end = len(text)
    for stop in (";", ". "):
        found = text.find(stop, m.start())
        if found != -1:
            end = min(end, found)
    return m.start(), end


def schedule_for(timing: str, year: int | None, period: tuple[int, int] | None) -> dict[str, Any]:
    """:func:`cchc.schedule.timing.parse_timing` of ``timing`` with the plan's year or period."""
    if period is not None and period[0] != period[1]:
        window = (date(period[0], 1, 1), date(period[1], 12, 31))
        return parse_timing(timing, period=window).to_json()
    return parse_timing(timing, year=year).to_json()
