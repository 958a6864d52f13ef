"""Which unit of the tree a name written in an imported plan stands for.

Plans write "Sở TT&TT", "Sở Thông tin và Truyền thông" and "Sở Thông tin & Truyền
thông" for one body. :func:`match_unit` folds the name (diacritics, case), expands the
abbreviations plans use but unit names do not (``tt&tt``, ``ldtbxh``, ``ptth``), and
looks it up with :func:`cchc.orgs.selectors.unit_search` inside the importing unit's
subtree (plus a few extra units the caller names, e.g. the units above it). Group
names ("UBND các xã, thị trấn", "Các cơ quan, đơn vị") never match one unit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from cchc.orgs.models import Unit
from cchc.orgs.naming import query_terms
from cchc.orgs.selectors import unit_search
from cchc.text import fold

__all__ = ["UnitMatch", "is_group_name", "match_unit", "normalize_name"]

# Folded abbreviation -> folded long form (the unit names and aliases use the long form).
EXPANSIONS: Final[tuple[tuple[str, str], ...]] = (
    ("tt&tt", "thong tin va truyen thong"),
    ("tt & tt", "thong tin va truyen thong"),
    ("tttt", "thong tin va truyen thong"),
    ("ldtbxh", "lao dong - thuong binh va xa hoi"),
    ("ld-tb&xh", "lao dong - thuong binh va xa hoi"),
    ("ldtb&xh", "lao dong - thuong binh va xa hoi"),
    ("ptth", "phat thanh va truyen hinh"),
    ("pt&th", "phat thanh va truyen hinh"),
    ("vh&tt", "van hoa va thong tin"),
    ("vh-tt", "van hoa va thong tin"),
    ("vh-xh", "van hoa - xa hoi"),
    ("tc-kh", "tai chinh - ke hoach"),
    ("snv", "so noi vu"),
    ("bdt", "ban dan toc"),
)
_EXPANSION_PATTERNS: Final = tuple(
    (re.compile(rf"(?<![a-z0-9]){re.escape(short)}(?![a-z0-9])"), long)
    for short, long in EXPANSIONS
)
_DASH: Final = re.compile(r"\s*[-–—]\s*")
_PARENS: Final = re.compile(r"\s*\([^)]*\)\s*")
_GROUP: Final = re.compile(
    r"(?:^|\s)(?:cac|nhung|moi)\s|lien quan$|tuong duong|truc thuoc$|doan the|^lanh dao"
)
_PLACE_SUFFIX: Final = re.compile(r"\s+(?:tinh|huyen|xa|thi xa|thanh pho|tp|phuong|thi tran)$")

LIMIT: Final = 10


@dataclass(frozen=True)
class UnitMatch:
    """``unit`` when one unit fits; ``candidates`` for the review screen's choice."""

    name: str
    unit: Unit | None
    candidates: list[Unit] = field(default_factory=list)
    exact: bool = False

    @property
    def is_group(self) -> bool:
        return is_group_name(self.name)


def normalize_name(name: str) -> str:
    """The folded name with the plans' abbreviations expanded and dashes spaced."""
    text = fold(name).strip(" .;,:")
    text = text.replace("&amp;", "&")
    for pattern, long in _EXPANSION_PATTERNS:
        text = pattern.sub(long, text)
    text = _DASH.sub(" - ", text)
    return " ".join(text.split())


def is_group_name(name: str) -> bool:
    """ "UBND các xã, thị trấn", "Các cơ quan, đơn vị": a label, never one unit."""
    folded = normalize_name(name)
    return bool(_GROUP.search(folded)) or "," in folded or ";" in folded


def _names(unit: Unit) -> list[str]:
    return [n.strip() for n in unit.search_text.split(" | ") if n.strip()]


def _search(query: str, within: Unit, user: Any) -> list[Unit]:
    if user is not None and getattr(user, "is_authenticated", False):
        # Plans of past years name bodies since merged away: ended units count too.
        return unit_search(user, query, within=within, limit=LIMIT, include_ended=True)
    # No person (the command line): the same lookup, without the visibility filter.
    terms = query_terms(query)
    if not terms:
        return []
    qs = Unit.objects.filter(path__startswith=within.path)
    for term in terms:
        qs = qs.filter(search_text__contains=term)
    return list(qs.order_by("depth", "path")[:LIMIT])


def _extra_hits(query: str, also: Sequence[Unit]) -> list[Unit]:
    terms = query_terms(query)
    return [u for u in also if terms and all(t in u.search_text for t in terms)]


def match_unit(
    name: str,
    *,
    within: Unit,
    user: Any = None,
    also: Sequence[Unit] = (),
) -> UnitMatch:
    """The unit of ``within``'s subtree (or of ``also``) that ``name`` stands for.

    ``exact`` when the name equals a name, short name, code or alias of the unit
    (after folding and expanding abbreviations); a single candidate is also taken,
    not exact. Group names stay unmatched with no candidates.
    """
    if not name.strip() or is_group_name(name):
        return UnitMatch(name, None, [], False)
    base = normalize_name(name)
    attempts = [base]
    without_parens = _PARENS.sub(" ", base).strip()
    if without_parens != base:
        attempts.append(without_parens)
    without_place = _PLACE_SUFFIX.sub("", without_parens)
    if without_place != without_parens:
        attempts.append(without_place)
    for query in attempts:
        found: list[Unit] = []
        for unit in [*_search(query, within, user), *_extra_hits(query, also)]:
            if unit.pk not in {u.pk for u in found}:
                found.append(unit)
        if not found:
            continue
        canonical = " ".join(query_terms(query))
        exact = [u for u in found if canonical in {" ".join(query_terms(n)) for n in _names(u)}]
        if len(exact) >= 1:
            exact.sort(key=lambda u: (u.depth, u.path))
            return UnitMatch(name, exact[0], found, True)
        if len(found) == 1:
            return UnitMatch(name, found[0], found, False)
        return UnitMatch(name, None, found, False)
    return UnitMatch(name, None, [], False)
