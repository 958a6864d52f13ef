"""How units are named in documents: abbreviations that stand for the same words.

Plans write "UBND xã Minh Đức", "Ủy ban nhân dân xã Minh Đức" and "UBND xã Minh Đức"
for one body. Name lookups fold both the query and the names (see ``cchc.text.fold``)
and then rewrite the long forms below to their abbreviation, so either spelling finds
the unit. Pure Python, no Django.
"""

from __future__ import annotations

import re

# Folded long form -> folded abbreviation, longest first.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("uy ban nhan dan", "ubnd"),
    ("hoi dong nhan dan", "hdnd"),
    ("uy ban mat tran to quoc", "ubmttq"),
    ("mat tran to quoc", "mttq"),
    ("cai cach hanh chinh", "cchc"),
    ("thu tuc hanh chinh", "tthc"),
    ("phat thanh - truyen hinh", "pt-th"),
    ("phat thanh va truyen hinh", "pt-th"),
    ("phat thanh truyen hinh", "pt-th"),
    ("thanh pho", "tp"),
    ("van phong", "vp"),
)

_PATTERNS = tuple(
    (re.compile(rf"(?<![a-z0-9]){re.escape(long)}(?![a-z0-9])"), short)
    for long, short in ABBREVIATIONS
)
_TP_DOT = re.compile(r"(?<![a-z0-9])tp\.\s*")


def canonical_name(folded: str) -> str:
    """Rewrite long forms in an already folded name to their abbreviations."""
    text = _TP_DOT.sub("tp ", folded)
    for pattern, short in _PATTERNS:
        text = pattern.sub(short, text)
    return text


def query_terms(folded_query: str) -> list[str]:
    """Split a folded query into the words that must all appear in a name."""
    return [t for t in re.split(r"[\s,;|]+", canonical_name(folded_query)) if t]
