"""Document symbols, Vietnamese dates and citations between documents (no Django).

Vietnamese administrative documents cite each other by type, number and symbol,
date and issuer: "Căn cứ Quyết định số 2074/QĐ-UBND ngày 20/12/2021 của Chủ tịch
UBND tỉnh ban hành Kế hoạch ...".  This module parses the three parts:

* :func:`parse_symbol` - the "số, ký hiệu" (:class:`DocumentSymbol`);
* :func:`parse_vn_date` / :func:`format_vn_date` - dates (:class:`ParsedDate`);
* :func:`parse_citations` - every citation in a passage (:class:`Citation`).

Symbol forms
------------
State documents (Nghị định 30/2020/NĐ-CP) write ``number[/year]/TYPE-ISSUER[-UNIT]``:
``2074/QĐ-UBND``, ``61/2018/NĐ-CP``, ``15/2024/TT-BNV``.  A công văn has no type code,
only the issuer and usually the drafting unit: ``123/UBND-NC`` is represented with
``type_code == ""`` and ``issuer_code == "UBND-NC"`` (the drafting unit stays part of
the issuer code; :attr:`DocumentSymbol.issuer_parts` splits it).  A law has no type
code either: ``22/2008/QH12``.  Party documents put a dash before the type:
``1492-KL/TU``, ``60-NQ/TU``, ``35-CT/TW``.

The parser also accepts what real texts contain: spaces around ``/`` and ``-``, en and
em dashes, a missing slash (``99KH-UBND``), a missing dash between a known type and a
known issuer (``02/CTTTg``), a stray space inside a known issuer (``SLĐT BXH``), lower
case, no diacritics (``QD`` for ``QĐ``), a "Số:" prefix and a blank number for a
document not yet issued (``Số:     /KH-UBND``).  Codes are written canonically in
:attr:`DocumentSymbol.formatted` (``qd`` → ``QĐ``, ``TTG`` → ``TTg``).

Known ambiguities: a first code that is a known type code is always read as the type
(``123/CT-TTHT`` of a Cục Thuế is read as a Chỉ thị); ``HĐ``/``HD`` and ``ĐA``/``DA``
share a :attr:`DocumentSymbol.key`; numbers are digits only (no ``12a``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Final, NamedTuple

from cchc.text import fold, nfc

__all__ = [
    "DOC_TYPES",
    "ISSUER_CODES",
    "TYPE_CODES",
    "Citation",
    "DocumentSymbol",
    "ParsedDate",
    "format_vn_date",
    "parse_citations",
    "parse_symbol",
    "parse_vn_date",
]

# --- code lists ----------------------------------------------------------------

#: Type codes of Nghị định 30/2020/NĐ-CP (appendix III), legal documents and the
#: Party, in their official spelling.
TYPE_CODES: Final[tuple[str, ...]] = (
    "NQ", "QĐ", "CT", "QC", "QyĐ", "QĐi", "TC", "TB", "HD", "CTr", "CTHĐ", "KH", "PA",
    "ĐA", "DA", "BC", "BB", "TTr", "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP",
    "PG", "PC", "PB", "NĐ", "TT", "TTLT", "NQLT", "KL", "CV",
)  # fmt: skip

#: Issuer codes the parser knows by name (any other upper-case code is accepted too);
#: used for canonical spelling and to repair glued or split codes.
ISSUER_CODES: Final[tuple[str, ...]] = (
    "UBND", "HĐND", "CP", "TTg", "VPCP", "TTCP", "QH", "UBTVQH", "KTNN", "NHNN", "TANDTC",
    "VKSNDTC", "TW", "TU", "HU", "QU", "ĐU", "BCSĐ", "BTGTW", "BTCTW", "BDVTW", "UBKTTW",
    "BNV", "BTC", "BTP", "BCA", "BQP", "BYT", "BCT", "BXD", "BGTVT", "BTTTT", "BGDĐT",
    "BKHĐT", "BLĐTBXH", "BVHTTDL", "BNNPTNT", "BTNMT", "BKHCN", "BNG", "UBDT", "BDT",
    "SNV", "STC", "STP", "STTTT", "SLĐTBXH", "SGDĐT", "SYT", "SKHĐT", "SVHTTDL",
    "SNNPTNT", "STNMT", "SXD", "SGTVT", "SKHCN", "SCT", "BCĐ", "MTTQ", "VP", "VPUB",
)  # fmt: skip

#: The document types a citation can name, in their canonical spelling.
DOC_TYPES: Final[tuple[str, ...]] = (
    "Quyết định", "Kế hoạch", "Nghị quyết", "Nghị định", "Chỉ thị", "Kết luận", "Thông tư",
    "Công văn", "Thông báo", "Báo cáo", "Luật", "Chương trình", "Hướng dẫn",
)  # fmt: skip

# Folded spelling → canonical doc type; "văn bản số 123/UBND-NC" is a công văn.
_DOC_TYPE_BY_FOLD: Final[dict[str, str]] = {fold(name): name for name in DOC_TYPES} | {
    "van ban": "Công văn",
}


def _code_key(code: str) -> str:
    """Accent- and case-free spelling of a code: ``"QĐ"`` and ``"qd"`` → ``"QD"``."""
    return fold(code).replace(" ", "").upper()


class _CodeIndex:
    """Canonical spelling of known codes, exact match first, then accent-free."""

    def __init__(self, codes: Iterable[str]) -> None:
        self._exact: dict[str, str] = {}
        self._folded: dict[str, str | None] = {}
        for code in codes:
            self._exact[code.casefold()] = code
            key = _code_key(code)
            # Two codes folding alike (HĐ/HD) are ambiguous without diacritics.
            self._folded[key] = code if self._folded.get(key, code) == code else None

    def get(self, code: str) -> str | None:
        exact = self._exact.get(code.casefold())
        if exact is not None:
            return exact
        return self._folded.get(_code_key(code))


_TYPES: Final = _CodeIndex(TYPE_CODES)
_ISSUERS: Final = _CodeIndex(ISSUER_CODES)
# Legislatures carry their term: QH12, UBTVQH15.
_NUMBERED_ISSUER: Final = re.compile(r"(?i)(QH|UBTVQH)([0-9]{1,2})")


def _known_issuer(code: str) -> str | None:
    known = _ISSUERS.get(code)
    if known is None and (m := _NUMBERED_ISSUER.fullmatch(code)):
        known = m.group(1).upper() + m.group(2)
    return known


def _display_code(code: str, known: str | None) -> str:
    if known is not None:
        return known
    return code.upper() if code == code.lower() else code


def _has_lower(code: str) -> bool:
    return any(ch.islower() for ch in code)


# --- symbols -------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentSymbol:
    """A document's "số, ký hiệu": ``2074/QĐ-UBND``, ``61/2018/NĐ-CP``, ``1492-KL/TU``.

    ``number`` is ``""`` for a document not yet issued; ``year`` is the year written
    inside the symbol (``61/2018/NĐ-CP``), not the issue date; ``type_code`` is ``""``
    for a công văn or a law; ``issuer_code`` keeps a drafting unit after a dash
    (``"UBND-NC"``); ``party`` marks Party-style symbols (``60-NQ/TU``).  ``raw`` is the
    text as parsed and does not take part in equality.
    """

    number: str
    year: int | None
    type_code: str
    issuer_code: str
    party: bool = False
    raw: str = field(default="", compare=False)

    @property
    def is_issued(self) -> bool:
        """Whether the symbol has a number (blank numbers mark drafts)."""
        return bool(self.number)

    @property
    def issuer_parts(self) -> tuple[str, ...]:
        """The issuer code split at dashes: ``("UBND", "NC")``."""
        return tuple(self.issuer_code.split("-")) if self.issuer_code else ()

    @property
    def formatted(self) -> str:
        """Canonical text: ``2074/QĐ-UBND``, ``61/2018/NĐ-CP``, ``1492-KL/TU``, ``/KH-UBND``."""
        if self.party:
            return f"{self.number}-{self.type_code}/{self.issuer_code}"
        codes = "-".join(code for code in (self.type_code, self.issuer_code) if code)
        year = f"/{self.year}" if self.year is not None else ""
        return f"{self.number}{year}/{codes}"

    @property
    def key(self) -> str:
        """Identity for deduplication: accent-free, upper case, no leading zeros.

        ``99KH-UBND``, ``99/KH-UBND`` and ``099/kh-ubnd`` share ``"99/KH-UBND"``;
        ``2074/QĐ-UBND`` and ``2074/QD-UBND`` share ``"2074/QD-UBND"``.
        """
        number = (self.number.lstrip("0") or "0") if self.number else ""
        type_key = _code_key(self.type_code)
        issuer_key = "-".join(_code_key(part) for part in self.issuer_parts)
        if self.party:
            return f"{number}-{type_key}/{issuer_key}"
        codes = "-".join(code for code in (type_key, issuer_key) if code)
        year = f"/{self.year}" if self.year is not None else ""
        return f"{number}{year}/{codes}"

    def __str__(self) -> str:
        return self.formatted


_SLASH: Final = r"[/\u2044\u2215\uff0f]"
_DASH_CHARS: Final = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH: Final = f"[{_DASH_CHARS}]"
_GAP: Final = r"[^\S\n]*"  # horizontal space, never a paragraph break
_LETTERS: Final = r"[^\W\d_]+"
_CODE: Final = r"[^\W\d_][^\W_]*"  # a letter, then letters or digits
_CODES: Final = rf"{_CODE}(?:{_GAP}{_DASH}{_GAP}{_CODE})*"

_SYMBOL_RE: Final = re.compile(
    rf"""
    (?P<num>[0-9]+)?{_GAP}
    (?:{_SLASH}{_GAP}(?P<year>[0-9]{{4}}){_GAP})?
    {_SLASH}{_GAP}(?P<codes>{_CODES})
    |
    (?P<num2>[0-9]+)(?P<codes2>{_CODE}(?:{_GAP}{_DASH}{_GAP}{_CODE})+)
    |
    (?P<pnum>[0-9]+)?{_GAP}{_DASH}{_GAP}(?P<ptype>{_LETTERS}){_GAP}{_SLASH}{_GAP}(?P<pcodes>{_CODES})
    """,
    re.VERBOSE,
)
_PART_RE: Final = re.compile(rf"(?P<sep>{_GAP}{_DASH}{_GAP})?(?P<code>{_CODE})")
_TAIL_WORD_RE: Final = re.compile(rf"[^\S\n]+({_LETTERS})")
_SO_PREFIX_RE: Final = re.compile(r"(?i)s[oố]\s*(?:hiệu|hieu)?\s*:?\s*")


class _Part(NamedTuple):
    code: str
    end: int  # absolute end offset in the scanned text
    spaced: bool  # written with spaces around the dash before it


def _parts(text: str, start: int, end: int) -> list[_Part]:
    return [
        _Part(
            m.group("code"),
            m.end(),
            bool(m.group("sep")) and m.group("sep").strip() != m.group("sep"),
        )
        for m in _PART_RE.finditer(text, start, end)
    ]


def _plausible_issuer(part: _Part) -> bool:
    """An issuer code after a dash: known, upper case, or glued to the dash."""
    return _known_issuer(part.code) is not None or not _has_lower(part.code) or not part.spaced


def _split_glued(code: str) -> tuple[str, str] | None:
    """``"CTTTg"`` → ``("CT", "TTg")`` when both halves are known codes."""
    for cut in range(len(code) - 1, 0, -1):
        type_code = _TYPES.get(code[:cut])
        issuer = _known_issuer(code[cut:])
        if type_code is not None and issuer is not None:
            return type_code, issuer
    return None


def _issuer_with_tail(text: str, parts: list[_Part]) -> tuple[list[str], int]:
    """Display codes of issuer ``parts`` and the end offset, joining a split last code.

    "05/KH-SLĐT BXH" has a stray space inside a known issuer code; the word after
    the symbol is joined only when the result is a known code.
    """
    codes = [_display_code(p.code, _known_issuer(p.code)) for p in parts]
    end = parts[-1].end
    tail = _TAIL_WORD_RE.match(text, end)
    if tail is not None and _known_issuer(parts[-1].code) is None:
        joined = _known_issuer(parts[-1].code + tail.group(1))
        if joined is not None:
            codes[-1] = joined
            end = tail.end()
    return codes, end


def _scan_symbol(text: str, pos: int) -> tuple[DocumentSymbol, int] | None:
    """The symbol starting at ``text[pos]`` and where it ends, or ``None``."""
    m = _SYMBOL_RE.match(text, pos)
    if m is None:
        return None
    if m.group("pcodes") is not None:
        return _party_symbol(text, m)
    if m.group("codes2") is not None:
        number, year = m.group("num2"), None
        parts = _parts(text, m.start("codes2"), m.end("codes2"))
        if _TYPES.get(parts[0].code) is None:
            return None  # "2023ABC-X" is not a symbol; "99KH-UBND" is
    else:
        number = m.group("num") or ""
        year = int(m.group("year")) if m.group("year") else None
        parts = _parts(text, m.start("codes"), m.end("codes"))
    return _state_symbol(text, m.start(), number, year, parts)


def _state_symbol(
    text: str, start: int, number: str, year: int | None, parts: list[_Part]
) -> tuple[DocumentSymbol, int] | None:
    first = parts[0]
    type_code = _TYPES.get(first.code)
    issuer_parts: list[_Part]
    if len(parts) == 1:
        issuer = _known_issuer(first.code)
        glued = _split_glued(first.code) if issuer is None else None
        if glued is not None:
            symbol = DocumentSymbol(number, year, glued[0], glued[1], raw=text[start : first.end])
            return symbol, first.end
        if issuer is None and type_code is not None:
            # "12/QĐ": a type without issuer.
            symbol = DocumentSymbol(number, year, type_code, "", raw=text[start : first.end])
            return symbol, first.end
        if issuer is None and _has_lower(first.code):
            return None
        type_code, issuer_parts = None, parts
    elif type_code is not None:
        issuer_parts = _leading(parts[1:], _plausible_issuer)
        if not issuer_parts:
            return None
    else:
        # A công văn: "123/UBND-NC"; its first code must look like an issuer.
        if _known_issuer(first.code) is None and _has_lower(first.code):
            return None
        issuer_parts = [first, *_leading(parts[1:], _plausible_issuer)]
    codes, end = _issuer_with_tail(text, issuer_parts)
    symbol = DocumentSymbol(
        number=number,
        year=year,
        type_code=type_code or "",
        issuer_code="-".join(codes),
        raw=text[start:end].strip(),
    )
    return symbol, end


def _party_symbol(text: str, m: re.Match[str]) -> tuple[DocumentSymbol, int] | None:
    raw_type = m.group("ptype")
    type_code = _TYPES.get(raw_type)
    if type_code is None and _has_lower(raw_type):
        return None
    parts = _parts(text, m.start("pcodes"), m.end("pcodes"))
    first = parts[0]
    if type_code is None and _known_issuer(first.code) is None and _has_lower(first.code):
        return None
    issuer_parts = [first, *_leading(parts[1:], _plausible_issuer)]
    codes, end = _issuer_with_tail(text, issuer_parts)
    symbol = DocumentSymbol(
        number=m.group("pnum") or "",
        year=None,
        type_code=type_code or raw_type.upper(),
        issuer_code="-".join(codes),
        party=True,
        raw=text[m.start() : end].strip(),
    )
    return symbol, end


def _leading(parts: list[_Part], keep: Callable[[_Part], bool]) -> list[_Part]:
    """The parts before the first one ``keep`` rejects."""
    out: list[_Part] = []
    for part in parts:
        if not keep(part):
            break
        out.append(part)
    return out


def parse_symbol(text: str) -> DocumentSymbol | None:
    """Parse a whole "số, ký hiệu"; ``None`` when ``text`` is not exactly one symbol.

    ``"Số: 2074/QĐ-UBND"``, ``"2074 / qd - ubnd"``, ``"99KH-UBND"``, ``"1492-KL/TU"``,
    ``"Số:       /KH-UBND"`` (blank number) are all accepted; see the module
    docstring for every form.  Never raises.
    """
    cleaned = " ".join(nfc(text).split()).rstrip(".,;")
    if prefix := _SO_PREFIX_RE.match(cleaned):
        cleaned = cleaned[prefix.end() :]
    if not cleaned:
        return None
    scanned = _scan_symbol(cleaned, 0)
    if scanned is None or scanned[1] != len(cleaned):
        return None
    symbol, _end = scanned
    return DocumentSymbol(
        symbol.number,
        symbol.year,
        symbol.type_code,
        symbol.issuer_code,
        symbol.party,
        raw=" ".join(text.split()),
    )


# --- dates ---------------------------------------------------------------------


def _two_digit_day(day: int) -> str:
    return f"{day:02d}"


def _month_text(month: int) -> str:
    # Nghị định 30/2020/NĐ-CP: a leading zero for days below 10 and months 1 and 2.
    return f"{month:02d}" if month in (1, 2) else str(month)


@dataclass(frozen=True)
class ParsedDate:
    """A date as written, possibly with blanks ("ngày    tháng 3 năm 2023").

    ``day``, ``month`` and ``year`` are ``None`` when left blank; :attr:`date` is
    the :class:`datetime.date` when all three are present and valid.
    """

    day: int | None
    month: int | None
    year: int | None
    raw: str = field(default="", compare=False)

    @property
    def is_blank(self) -> bool:
        """Whether a part was left blank (a draft's "ngày    tháng    năm 2023")."""
        return self.day is None or self.month is None or self.year is None

    @property
    def date(self) -> dt.date | None:
        """The calendar date, when complete and valid."""
        if self.day is None or self.month is None or self.year is None:
            return None
        try:
            return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None

    @property
    def iso(self) -> str | None:
        """``"2021-12-20"`` for a complete valid date."""
        value = self.date
        return value.isoformat() if value is not None else None

    @property
    def error(self) -> str | None:
        """A Vietnamese message when the written date cannot exist, else ``None``."""
        if self.day is not None and self.month is not None and self.year is not None:
            if self.date is None:
                text = f"{_two_digit_day(self.day)}/{_month_text(self.month)}/{self.year:04d}"
                return f"Ngày {text} không tồn tại."
            return None
        if self.month is not None and not 1 <= self.month <= 12:
            return f"Tháng {self.month} không tồn tại."
        if self.day is not None and not 1 <= self.day <= 31:
            return f"Ngày {self.day} không tồn tại."
        if self.year is not None and self.year < 1:
            return f"Năm {self.year} không tồn tại."
        return None


# Blanks left in drafts: spaces, dots, ellipses, underscores.  Possessive, so a long
# run of blanks is never backtracked into.
_FILL: Final = r"[\s.…_]*+"
_DATE_RE: Final = re.compile(
    rf"""
    (?P<ngay>\bngay\b{_FILL})?
    (?:
        (?<![0-9])(?:(?P<nd>[0-9]{{1,2}})[^\S\n]*)?[/.\-]
        [^\S\n]*(?:(?P<nm>[0-9]{{1,2}})|[…._]*+)[^\S\n]*[/.\-]
        [^\S\n]*(?P<ny>[0-9]{{4}})(?![0-9])
      |
        (?<![0-9])(?:(?P<ld>[0-9]{{1,2}}){_FILL})?\bthang\b
        {_FILL}(?:(?P<lm>[0-9]{{1,2}})[\s.…_,]*+)?\bnam\b
        [^\S\n]*+(?P<ly>[0-9]{{4}})?(?![0-9])
    )
    """,
    re.VERBOSE,
)


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _date_from(match: re.Match[str], raw: str) -> ParsedDate | None:
    """The date a :data:`_DATE_RE` match denotes; ``None`` for a bare "/3/2023"."""
    if match.group("ny") is not None:
        day, month, year = _int(match.group("nd")), _int(match.group("nm")), _int(match.group("ny"))
        if (day is None or month is None) and match.group("ngay") is None:
            return None
    else:
        day, month, year = _int(match.group("ld")), _int(match.group("lm")), _int(match.group("ly"))
    return ParsedDate(day, month, year, raw=raw)


def parse_vn_date(text: str) -> ParsedDate | None:
    """The first date written in ``text``, or ``None`` when there is none.

    Accepts ``"ngày 20/12/2021"``, ``"20-12-2021"``, ``"20.12.2021"``,
    ``"ngày 20 tháng 12 năm 2021"`` and drafts' blanks (``"ngày   tháng 3 năm 2023"``
    → day ``None``), with any spacing, case and with or without diacritics.  A date
    that cannot exist (``"31/2/2023"``) is returned with :attr:`ParsedDate.error` set.
    """
    normalized = nfc(text)
    folded = _fold_aligned(normalized)
    for match in _DATE_RE.finditer(folded):
        parsed = _date_from(match, " ".join(normalized[match.start() : match.end()].split()))
        if parsed is not None:
            return parsed
    return None


def format_vn_date(d: dt.date, long: bool = False) -> str:
    """``"20/12/2021"``, or ``"ngày 20 tháng 12 năm 2021"`` when ``long``.

    Following Nghị định 30/2020/NĐ-CP, days below 10 and the months January and
    February get a leading zero: ``"05/5/2021"``, ``"ngày 16 tháng 01 năm 2023"``.
    """
    day, month = _two_digit_day(d.day), _month_text(d.month)
    if long:
        return f"ngày {day} tháng {month} năm {d.year}"
    return f"{day}/{month}/{d.year}"


# --- aligned views of a text ---------------------------------------------------


@functools.cache
def _fold_char(ch: str) -> str:
    folded = fold(ch)
    if len(folded) == 1:
        return folded
    lower = ch.lower()
    return lower if len(lower) == 1 else ch


@functools.cache
def _lower_char(ch: str) -> str:
    lower = ch.lower()
    return lower if len(lower) == 1 else ch


def _fold_aligned(text: str) -> str:
    """:func:`cchc.text.fold` character by character, keeping every offset."""
    return "".join(map(_fold_char, text))


_COMBINING_RE: Final = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_PARAGRAPH_RE: Final = re.compile(r"\n(?:[^\S\n]*\n)+")


def _nfc_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """NFC ``text`` and, when that changed lengths, each output offset's input offset."""
    if _COMBINING_RE.search(text) is None:
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = nfc(text[i:j])
        out.append(piece)
        offsets.extend([i] * len(piece))
        i = j
    offsets.append(n)
    return "".join(out), offsets


def _join_lines(text: str) -> str:
    """Single line breaks become spaces (PDF text); blank lines stay, same length."""
    pieces: list[str] = []
    last = 0
    for m in _PARAGRAPH_RE.finditer(text):
        pieces.append(text[last : m.start()].replace("\n", " "))
        pieces.append(m.group())
        last = m.end()
    pieces.append(text[last:].replace("\n", " "))
    return "".join(pieces)


class _Views:
    """Three length-aligned views of a passage: as written, lower case, folded."""

    def __init__(self, text: str) -> None:
        normalized, self.offsets = _nfc_with_offsets(text)
        self.text = _join_lines(normalized)
        self.lower = "".join(map(_lower_char, self.text))
        self.folded = _fold_aligned(self.text)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        if self.offsets is None:
            return start, end
        return self.offsets[start], self.offsets[end]

    def clean(self, start: int, end: int) -> str:
        return " ".join(self.text[start:end].split())


# --- citations -----------------------------------------------------------------


def _phrase(words: str) -> str:
    """A regex for ``words`` with any horizontal spacing between them."""
    return r"[^\S\n]+".join(re.escape(word) for word in words.split())


def _alternatives(phrases: Iterable[str]) -> str:
    return "|".join(_phrase(p) for p in sorted(set(phrases), key=len, reverse=True))


_DOC_TYPE_RE: Final = re.compile(rf"(?<!\w)(?:{_alternatives(_DOC_TYPE_BY_FOLD)})(?!\w)")
# "Kế hoạch số", "Thông tư liên tịch số", "Quyết định số:"; at most three words between.
_NUMBER_WORD_RE: Final = re.compile(
    r"(?P<qual>(?:[^\S\n]+[^\W\d_]+){0,3}?)[^\S\n]+so(?!\w)[^\S\n]*:?[^\S\n]*"
)
_PHAP_RE: Final = re.compile(r"phap[^\S\n]*$")  # "pháp luật" is not a Luật
_BARE_GAP_RE: Final = re.compile(r"[^\S\n]*:?[^\S\n]*")
_DATE_LEAD_RE: Final = re.compile(r"[^\S\n]*(?:,[^\S\n]*)?(?=ngay\b)")
_OF_RE: Final = re.compile(r"[^\S\n]*(?:,[^\S\n]*)?(?:của|cua)[^\S\n]+")
# Words that end an issuer: "của UBND tỉnh | về ...", "của Thủ tướng Chính phủ | phê duyệt ...".
_ISSUER_STOP_RE: Final = re.compile(
    r"(?<=\s)(?:"
    + _alternatives(
        (
            "về", "ve", "ban hành", "ban hanh", "phê duyệt", "phe duyet", "quy định",
            "quy dinh", "sửa đổi", "sua doi", "hướng dẫn", "huong dan", "đẩy mạnh",
            "day manh", "triển khai", "trien khai", "thực hiện", "thuc hien",
            "tuyên truyền", "tuyen truyen", "đề án", "de an", "để", "nhằm", "nham",
            "theo", "tại", "tai", "với", "voi", "đã", "được", "duoc", "ngày", "ngay",
        )
    )
    + r")(?!\w)"
)  # fmt: skip
_SUBJECT_MARKER_RE: Final = re.compile(
    r"[\s,]*(?:(?:về|ve)[^\S\n]+(?:việc|viec)|về|ve|ban[^\S\n]+(?:hành|hanh))(?!\w)[^\S\n]*"
)
# A new document mentioned after "," or "và" ends the subject.
_SUBJECT_NOUN_STOP_RE: Final = re.compile(
    r"(?:,|(?<=\s)(?:va|hoac))[^\S\n]+(?:"
    + _alternatives([*_DOC_TYPE_BY_FOLD, "de an", "chu de", "chien luoc"])
    + r")(?!\w)"
)
_AS_FOLLOWS_RE: Final = re.compile(r"(?<!\w)nhu[^\S\n]+sau(?!\w)")
# ", UBND tỉnh ban hành Kế hoạch ..." / ", Sở ... xây dựng Kế hoạch ...": the citing
# document's own sentence, after the citations.
_OWN_CLAUSE_RE: Final = re.compile(
    r",[^\S\n]+(?:\S+[^\S\n]+){1,10}?(?:xay[^\S\n]+dung|ban[^\S\n]+hanh)(?!\w)"
)
_TRAILING_PUNCTUATION: Final = frozenset(",.;:…-\u2013\u2014")
_TRAILING_WORD_RE: Final = re.compile(r"(?<!\w)(?:và|va|của|cua|theo|tại|tai|hoặc|hoac|\(|\(theo)$")
_STOP_RE: Final = re.compile(r"[;:\n()]|[.…]+(?:/[.…]+)?")
_NEXT_CHAR_RE: Final = re.compile(r"\s*(\S)")
_HSPACE_RE: Final = re.compile(r"[^\S\n]*")
_LAST_WORD_RE: Final = re.compile(r"\w+$")
# "TP. Hồ Chí Minh", "TX. Sơn Tây", "TT. Hát Lót", "ThS. Nguyễn Văn A" do not end a sentence.
_ABBREVIATIONS: Final = frozenset({"tp", "tx", "tt", "q", "p", "ths", "ts", "pgs", "gs"})
_LOOKBACK_RE: Final = re.compile(
    r"ngay[^\S\n]*(?P<d>[0-9]{1,2})[^\S\n]*[/.\-][^\S\n]*(?P<m>[0-9]{1,2})[^\S\n]*[/.\-]"
    r"[^\S\n]*(?P<y>[0-9]{4})[^\S\n]*,[^\S\n]*(?P<who>[^\n,;]{1,80}?)[^\S\n]+(?:da[^\S\n]+)?"
    r"(?:ky[^\S\n]+)?(?:ban[^\S\n]+hanh|phe[^\S\n]+duyet)[^\S\n]*$"
)


@dataclass(frozen=True)
class Citation:
    """One document cited in a passage.

    ``doc_type`` is one of :data:`DOC_TYPES`; ``symbol`` and ``date`` are ``None`` when
    not written (at least one of them is present); ``issuer`` is the cleaned "của ..."
    phrase; ``subject`` what the citation says the document is about; ``span`` the
    offsets of the citation (from the document type to the end of the subject) in the
    text given to :func:`parse_citations`.
    """

    doc_type: str
    symbol: DocumentSymbol | None
    date: ParsedDate | None
    issuer: str = ""
    subject: str = ""
    span: tuple[int, int] = field(default=(0, 0), compare=False)

    @property
    def key(self) -> tuple[str, ...]:
        """Identity of the cited document: the same reference in two plans is one record.

        ``(folded doc type, symbol key)`` when the symbol has a number, otherwise
        ``(folded doc type, ISO date or "", folded issuer)``.
        """
        doc_type = fold(self.doc_type)
        if self.symbol is not None and self.symbol.is_issued:
            return (doc_type, self.symbol.key)
        iso = self.date.iso if self.date is not None else None
        return (doc_type, iso or "", fold(self.issuer))

    @property
    def label(self) -> str:
        """The citation written canonically: "Quyết định số 2074/QĐ-UBND ngày 20/12/2021 của ..."."""
        parts = [self.doc_type]
        if self.symbol is not None:
            parts.append(f"số {self.symbol.formatted}")
        if self.date is not None:
            value = self.date.date
            parts.append(f"ngày {format_vn_date(value)}" if value is not None else self.date.raw)
        if self.issuer:
            parts.append(f"của {self.issuer}")
        return " ".join(parts)


class _Head(NamedTuple):
    doc_type: str
    start: int
    end: int
    symbol: DocumentSymbol | None
    date: ParsedDate | None


def _is_stop(text: str, m: re.Match[str]) -> bool:
    """Whether a :data:`_STOP_RE` match ends a clause (parentheses aside)."""
    mark = m.group()
    if mark in (";", "\n"):
        return True
    if mark == ":":
        before, following = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        return not (before.isdigit() and following.isdigit())
    if mark in ("(", ")"):
        return False
    # A run of dots ends a sentence when followed by a capital, a break or the end.
    gap = _HSPACE_RE.match(text, m.end())
    after = gap.end() if gap is not None else m.end()
    if after >= len(text) or text[after] == "\n":
        return True
    if after == m.end():
        return False  # "20.12.2021", "v.v."
    word = _LAST_WORD_RE.search(text, max(0, m.start() - 12), m.start())
    if word is not None and word.group().lower() in _ABBREVIATIONS and len(mark) == 1:
        return False
    return text[after].isupper() or text[after] in "\"“'"


def _clause_end(text: str, start: int, limit: int) -> int:
    """Where the clause starting at ``start`` ends: ``;``, ``:``, a sentence end,
    a paragraph break or a ``)`` closing a parenthesis opened before ``start``."""
    depth = 0
    for m in _STOP_RE.finditer(text, start, limit):
        mark = m.group()
        if mark == "(":
            depth += 1
        elif mark == ")":
            if depth == 0:
                return m.start()
            depth -= 1
        elif _is_stop(text, m):
            return m.start()
    return limit


def _clause_start(text: str, start: int, floor: int) -> int:
    """Where the clause ending at ``start`` begins (not before ``floor``)."""
    begin = floor
    for m in _STOP_RE.finditer(text, floor, start):
        if m.group() not in ("(", ")") and _is_stop(text, m):
            begin = m.end()
    return begin


def _rstrip(views: _Views, start: int, end: int) -> int:
    """Move ``end`` back over trailing punctuation and dangling connectors."""
    text = views.lower
    while end > start:
        while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING_PUNCTUATION):
            end -= 1
        word = _TRAILING_WORD_RE.search(text, max(start, end - 6), end)
        if word is None or word.start() == end:
            break
        end = word.start()
    return end


def _lstrip(text: str, start: int, end: int) -> int:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    return start


def _heads(views: _Views) -> Iterator[_Head]:
    """Document types followed by a symbol or a complete date, in order."""
    folded, text = views.folded, views.text
    matches = list(_DOC_TYPE_RE.finditer(folded))
    last_end = 0
    for index, m in enumerate(matches):
        if m.start() < last_end:
            continue
        name = " ".join(m.group().split())
        if name == "luat" and _PHAP_RE.search(folded, max(0, m.start() - 8), m.start()):
            continue  # "pháp luật"
        next_type = matches[index + 1].start() if index + 1 < len(matches) else len(folded)
        symbol, pos = None, m.end()
        number_word = _NUMBER_WORD_RE.match(folded, m.end())
        if number_word is not None and number_word.end("qual") <= next_type:
            scanned = _scan_symbol(text, number_word.end())
            if scanned is not None:
                symbol, pos = scanned
        if symbol is None:
            gap = _BARE_GAP_RE.match(folded, m.end())
            if gap is not None and gap.end() > m.end():
                scanned = _scan_symbol(text, gap.end())
                if scanned is not None:
                    symbol, pos = scanned
        date, pos = _date_after(views, pos)
        if symbol is None and (date is None or date.date is None):
            continue
        yield _Head(_DOC_TYPE_BY_FOLD[name], m.start(), pos, symbol, date)
        last_end = pos


def _date_after(views: _Views, pos: int) -> tuple[ParsedDate | None, int]:
    lead = _DATE_LEAD_RE.match(views.folded, pos)
    if lead is None:
        return None, pos
    m = _DATE_RE.match(views.folded, lead.end())
    if m is None or m.group("ngay") is None:
        return None, pos
    parsed = _date_from(m, views.clean(m.start(), m.end()))
    if parsed is None or (parsed.day is None and parsed.month is None and parsed.year is None):
        return None, pos
    return parsed, m.end()


def _issuer_end(views: _Views, start: int, end: int) -> int:
    stop = _ISSUER_STOP_RE.search(views.lower, start, end)
    if stop is not None:
        end = stop.start()
    # "Sở Văn hóa, Thể thao và Du lịch" keeps its comma; ", định hướng ..." does not.
    comma = views.text.find(",", start, end)
    while comma != -1:
        word = _NEXT_CHAR_RE.match(views.text, comma + 1, end)
        if word is not None and word.group(1).islower():
            return comma
        comma = views.text.find(",", comma + 1, end)
    return end


def _clean_issuer(text: str) -> str:
    text = " ".join(text.split())
    return re.sub(r"\s*[\u2013\u2014\u2212]\s*", " - ", text)


def _subject_end(views: _Views, start: int, end: int) -> int:
    cuts = [end]
    for regex in (_SUBJECT_NOUN_STOP_RE, _AS_FOLLOWS_RE):
        if (m := regex.search(views.folded, start, end)) is not None:
            cuts.append(m.start())
    for m in _OWN_CLAUSE_RE.finditer(views.folded, start, end):
        after = views.text[m.start() + 1 : m.end()].lstrip()
        if after[:1].isupper():
            cuts.append(m.start())
            break
    return min(cuts)


def _lookback(views: _Views, head: _Head, floor: int) -> tuple[ParsedDate | None, str]:
    """Date and issuer written before the citation.

    "Ngày 11/01/2019, UBND huyện Sông Mã đã ban hành Kế hoạch số 33/KH-UBND ...".
    """
    begin = _clause_start(views.text, head.start, floor)
    m = _LOOKBACK_RE.search(views.folded, begin, head.start)
    if m is None:
        return None, ""
    date = ParsedDate(
        int(m.group("d")),
        int(m.group("m")),
        int(m.group("y")),
        raw=views.clean(m.start(), m.end("y")),
    )
    return date, _clean_issuer(views.text[m.start("who") : m.end("who")])


def parse_citations(text: str) -> list[Citation]:
    """Every document citation in ``text``, in order.

    A citation is a document type (:data:`DOC_TYPES`, any case, with or without
    diacritics) followed by a symbol ("số 2074/QĐ-UBND") or a complete date, then
    optionally "ngày ...", "của <issuer>" and the subject.  Citations end at ``;``,
    ``:``, the end of a sentence or paragraph, a ``)`` closing an outer parenthesis
    or the next citation.  Single line breaks (PDF text) count as spaces; spans are
    offsets in ``text`` itself.  Never raises.
    """
    views = _Views(text)
    heads = list(_heads(views))
    citations: list[Citation] = []
    previous_end = 0
    for index, head in enumerate(heads):
        limit = heads[index + 1].start if index + 1 < len(heads) else len(views.text)
        tail_end = _clause_end(views.text, head.end, limit)
        end = head.end
        date, issuer = head.date, ""
        subject_start = head.end
        of = _OF_RE.match(views.lower, head.end, tail_end)
        if of is not None:
            issuer_stop = _rstrip(views, of.end(), _issuer_end(views, of.end(), tail_end))
            issuer = _clean_issuer(views.text[of.end() : issuer_stop])
            if issuer:
                end = subject_start = issuer_stop
        if date is None or not issuer:
            found_date, found_issuer = _lookback(views, head, previous_end)
            date = date or found_date
            issuer = issuer or found_issuer
        marker = _SUBJECT_MARKER_RE.match(views.lower, subject_start, tail_end)
        subject_start = _lstrip(views.text, marker.end() if marker else subject_start, tail_end)
        subject_stop = _rstrip(views, subject_start, _subject_end(views, subject_start, tail_end))
        subject = views.clean(subject_start, subject_stop)
        if subject:
            end = subject_stop
        citations.append(
            Citation(
                doc_type=head.doc_type,
                symbol=head.symbol,
                date=date,
                issuer=issuer,
                subject=subject,
                span=views.source_span(head.start, end),
            )
        )
        previous_end = end
    return citations
