"""Read the timing phrases of Vietnamese plans into schedules.

Plans give each activity a "Thời gian thực hiện" written in Vietnamese:
"Thường xuyên trong năm 2019", "02 số/tháng", "Quý IV/2024", "Từ quý II và
hoàn thành chậm nhất trong quý IV/2024", "trước ngày 10 tháng 3"...
:func:`parse_timing` turns such a phrase into a :class:`Schedule`, and
:func:`occurrences` lists the points at which the activity is due.

This module is plain Python (no Django) and deterministic: it never reads
today's date. A phrase without a year takes the plan's ``year`` or
``period``; when neither is given, the schedule keeps what was understood
(kind, count, unit) but is marked ``understood=False`` with a reason.

Kinds of schedule:

* ``continuous`` - ongoing work ("Thường xuyên"), checked once a month;
* ``recurring`` - ``count`` times per ``per`` ("02 số/tháng", "Hằng tuần");
* ``window`` - a one-off activity somewhere inside ``start``..``end``
  ("Quý III/2024", "Tháng 6/2024", "Trong năm 2024");
* ``deadline`` / ``deadlines`` - one or several due dates ("trước ngày 10/12",
  reporting periods "Quý I, 6 tháng, quý III, năm");
* ``unknown`` - not understood (``reason`` says why, in Vietnamese).

Speed: the phrase is folded once (exactly :func:`cchc.text.fold`, through a
translation table for precomposed letters), every regular expression is
compiled at import time and the work per phrase is a handful of regex scans
(``bench/timing.py``: about 40,000 phrases per second on one core, uncached).
:func:`parse_timing` also keeps an LRU cache of recent phrases
(:func:`parse_timing_uncached` skips it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any, Final

from cchc.text.normalize import fold

__all__ = [
    "REASON_AD_HOC",
    "REASON_NEED_YEAR",
    "REASON_NONE_INSIDE",
    "REASON_PERIODIC",
    "REASON_UNKNOWN",
    "Occurrence",
    "Per",
    "Schedule",
    "ScheduleKind",
    "clear_cache",
    "occurrences",
    "parse_timing",
    "parse_timing_uncached",
]


class ScheduleKind(StrEnum):
    """What kind of timing a phrase describes."""

    CONTINUOUS = "continuous"
    RECURRING = "recurring"
    DEADLINE = "deadline"
    DEADLINES = "deadlines"
    WINDOW = "window"
    UNKNOWN = "unknown"


class Per(StrEnum):
    """The period a recurring count is counted in."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


# --- user-facing texts (Vietnamese) --------------------------------------------

REASON_UNKNOWN: Final = "Chưa hiểu cách ghi thời gian này; hãy đặt lịch bằng tay."
REASON_AD_HOC: Final = "Đột xuất: không có lịch cố định; hãy đặt hạn khi có yêu cầu"
REASON_NEED_YEAR: Final = "Chưa rõ năm: hãy cho biết năm hoặc giai đoạn của kế hoạch."
REASON_PERIODIC: Final = (
    "Ghi “định kỳ” nhưng chưa nêu chu kỳ (tháng, quý, 6 tháng, năm); hãy đặt lịch bằng tay."
)
REASON_NONE_INSIDE: Final = "Không có hạn nào nằm trong thời gian của kế hoạch."
NOTE_AD_HOC: Final = "ngoài ra thực hiện đột xuất khi có yêu cầu"

_PER_VI: Final[dict[Per, str]] = {
    Per.DAY: "ngày",
    Per.WEEK: "tuần",
    Per.MONTH: "tháng",
    Per.QUARTER: "quý",
    Per.YEAR: "năm",
}
_ROMAN: Final = ("", "I", "II", "III", "IV")

# Years a plan can sensibly have; also keeps every date computation in range.
_MIN_YEAR: Final = 1000
_MAX_YEAR: Final = 9000


def _fmt(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _span(start: date, end: date) -> str:
    return f"{_fmt(start)} - {_fmt(end)}"


# --- results -------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Schedule:
    """The schedule read from one timing phrase.

    ``start``/``end`` bound every due date (both set whenever ``understood``).
    ``count``/``per``/``at_least`` describe recurring work; ``deadlines`` are
    sorted and unique. ``summary`` is always a non-empty Vietnamese sentence;
    ``reason`` (Vietnamese) says why a phrase was not understood and ``note``
    carries extra information such as "ngoài ra ... đột xuất".
    """

    kind: ScheduleKind
    text: str
    understood: bool
    summary: str
    start: date | None = None
    end: date | None = None
    count: int | None = None
    per: Per | None = None
    at_least: bool = False
    deadlines: tuple[date, ...] = ()
    reason: str = ""
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        """The public JSON shape (dates as ISO strings)."""
        return {
            "kind": str(self.kind),
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "count": self.count,
            "per": str(self.per) if self.per else None,
            "deadlines": [d.isoformat() for d in self.deadlines],
            "summary": self.summary,
            "understood": self.understood,
            "text": self.text,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One due point: the work of ``window_start``..``due`` is due on ``due``."""

    due: date
    window_start: date
    label: str


# --- calendar helpers ----------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def _quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


def _quarter_end(year: int, quarter: int) -> date:
    return _month_end(year, 3 * quarter)


# --- regular expressions (on folded text) ----------------------------------------

_YEAR = r"(?:1[0-9]|20|21)\d{2}"


def _year_suffix(name: str) -> str:
    """An optional year after a month or quarter: "/2024", " năm 2024", "-2024"."""
    return rf"(?:\s*(?:[/.,-]\s*)?(?:nam\s*)?(?P<{name}>{_YEAR})(?!\d))?"


_QNUM = r"(?:[ivx]{1,4}|\d{1,2}|mot|hai|ba|bon|tu)(?![a-z0-9])"


def _date_year(name: str) -> str:
    """An optional year after a day and month: "/2024", " năm 2024"."""
    return rf"(?:\s*[/.]\s*(?P<{name}>{_YEAR})(?!\d)|\s*,?\s*nam\s*(?P<{name}2>{_YEAR})(?!\d))?"


_KEYWORDS: Final[dict[str, str]] = {
    "truoc": "before",
    "truoc cac": "before",
    "han": "by",
    "han chot": "by",
    "han la": "by",
    "han chot la": "by",
    "thoi han": "by",
    "cham nhat": "by",
    "cham nhat la": "by",
    "cham nhat vao": "by",
    "cham nhat la vao": "by",
    "muon nhat": "by",
    "muon nhat la": "by",
    "khong qua": "by",
    "khong muon hon": "by",
    "tu": "from",
    "bat dau tu": "from",
    "ke tu": "from",
    "den": "until",
    "den het": "until",
    "toi": "until",
}
_KW = (
    r"(?P<kw>(?:truoc(?: cac)?|cham nhat(?: la)?(?: vao)?|muon nhat(?: la)?|thoi han|han(?: chot)?(?: la)?"
    r"|khong qua|khong muon hon|bat dau tu|ke tu|tu|den het|den|toi)(?![a-z])\s*:?\s*)?"
)

# Every alternative starts with a literal or a digit, and the look-behinds that
# keep "hằng tháng 2 số" or "mỗi quý 1 lần" from reading as "tháng 2" or "quý 1"
# run only after that literal matched: most word starts fail on the first character.
_MENTION: Final = re.compile(
    r"\b"
    + _KW
    + r"(?:"
    # Starting with a digit.
    + r"(?=\d)(?<![/.])(?:"
    # "6 tháng đầu năm 2024", "9 tháng cuối năm"
    + rf"(?P<hn>\d{{1,2}})\s*thang\s*(?P<hp>dau|cuoi)\s*(?:cua\s*)?nam(?![a-z]){_year_suffix('hy')}"
    # "14/4/2025", "10/12", "10.12.2024", "10/12 năm 2024"
    + r"|(?P<dd>\d{1,2})\s*[/.]\s*(?P<dm>\d{1,2})(?!\d)"
    + _date_year("dy")
    # "14 - 20/4/2025" (the month comes from the second date)
    + r"|(?P<bd>\d{1,2})(?=\s*(?:-|den|toi)\s*(?:ngay\s*)?\d{1,2}\s*[/.]\s*\d)"
    # "6/2024"
    + rf"|(?P<mm>\d{{1,2}})\s*/\s*(?P<mmy>{_YEAR})(?!\d)"
    # "2022 - 2025", "giai đoạn 2022-2025"
    + rf"|(?P<ya>{_YEAR})\s*(?:-|den|toi|va)\s*(?:nam\s*)?(?P<yb>{_YEAR})(?!\d)"
    # "2024"
    + rf"|(?P<yy>{_YEAR})(?!\d)"
    + r")"
    # "ngày ...", but not "hằng ngày 3 buổi"
    + r"|ngay(?<!hang ngay)(?<!moi ngay)\s*(?:"
    # "ngày 10 tháng 3 năm 2024"
    + rf"(?P<wd>\d{{1,2}})\s+thang\s*(?P<wm>\d{{1,2}})(?!\d){_year_suffix('wy')}"
    # "ngày 10/12/2024"
    + r"|(?P<nd>\d{1,2})\s*[/.]\s*(?P<nm>\d{1,2})(?!\d)"
    + _date_year("ny")
    # "ngày 14" (the month comes from a later date)
    + r"|(?P<od>\d{1,2})(?!\d)(?!\s*[/.]\s*\d)"
    + r")"
    # "quý III/2024", "quý 3 năm 2024", "quý II - III/2024"
    + r"|quy(?<!hang quy)(?<!moi quy)(?<!ky quy)(?<!\d quy)(?<!\dquy)"
    + rf"\s*(?P<q1>{_QNUM})"
    + rf"(?:\s*(?:-|den|toi)\s*(?:het\s*)?(?:quy\s*)?(?P<q2>{_QNUM}))?{_year_suffix('qy')}"
    # "tháng 6/2024", "tháng 6 - 8/2024", "tháng 6 năm 2024"
    + r"|thang(?<!hang thang)(?<!moi thang)(?<!ky thang)(?<!\d thang)(?<!\dthang)"
    + r"\s*(?P<m1>\d{1,2})(?!\d)"
    + r"(?:\s*(?:-|den|toi)\s*(?:het\s*)?(?:thang\s*)?(?P<m2>\d{1,2})(?!\d)(?!\s*[/.]\s*\d{1,2}(?!\d)))?"
    + _year_suffix("my")
    # "nửa đầu năm"
    + rf"|nua\s*(?P<np>dau|cuoi)\s*(?:cua\s*)?nam(?![a-z]){_year_suffix('ny3')}"
    # "đầu năm", "cuối năm 2023"
    + rf"|(?P<edge>dau|cuoi)\s*nam(?![a-z]){_year_suffix('ey')}"
    + r")",
    re.ASCII,
)

# Between two dates of one list of deadlines: "10/3, 10/6 và 10/9".
_LIST_GAP: Final = re.compile(r"\s*(?:,|;)?\s*(?:va|hoac)?\s*", re.ASCII)

# Cheap test before the full scan: every mention has a digit or one of these words.
_MAY_MENTION: Final = re.compile(r"\d|quy|dau|cuoi", re.ASCII)

_NUM_WORDS: Final[dict[str, int]] = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
    "muoi hai": 12,
}
_ROMAN_NUM: Final[dict[str, int]] = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}
_UNITS: Final[dict[str, Per]] = {
    "ngay": Per.DAY,
    "tuan": Per.WEEK,
    "thang": Per.MONTH,
    "quy": Per.QUARTER,
    "nam": Per.YEAR,
}
_NUM = r"(?:(?<![\d/.])\d{1,3}(?![\d/])|\b(?:muoi hai|mot|hai|ba|bon|sau|bay|tam|chin|muoi)\b)"
_NOUN_WORD = r"(?:(?!(?:ngay|tuan|thang|quy|nam|phut|gio|giay|moi|tren|trong)\b)[a-z]+)"
_AT_LEAST = r"(?:(?P<atl>it nhat|toi thieu|khong it hon)\s*)?"

# "02 số/tháng", "ít nhất 04 tin, bài/tháng", "3 buổi/ngày", "2 lần mỗi tháng"
_EXPLICIT: Final = re.compile(
    r"\b"
    + _AT_LEAST
    + rf"(?P<n>{_NUM})\s*(?P<noun>(?:{_NOUN_WORD}\b[ ,]*){{0,4}}?)\s*"
    + r"(?:/|\bmoi\b|\btren\b|\btrong\s+(?:1|mot)\b|\b(?:1|mot)\b)\s*"
    + r"(?P<unit>ngay|tuan|thang|quy|nam)\b",
    re.ASCII,
)
# "ít nhất 04 tin, bài" (the period comes from "hằng tháng")
_COUNT: Final = re.compile(
    r"\b"
    + _AT_LEAST
    + rf"(?P<n>{_NUM})\s*(?:tin|bai|so|ky|lan|buoi|chuyen muc|phong su|chuong trinh|video|clip"
    + r"|san pham|dot|cuoc|hoi nghi|lop|ban tin|tiet muc|tai lieu|bai viet|tin tuc|luot|phien"
    + r"|chuyen trang|an pham|cau chuyen)\b",
    re.ASCII,
)
# "hằng tháng", "hàng tuần", "mỗi quý", "định kỳ hằng năm"
_GENERAL: Final = re.compile(
    r"\b(?:hang|moi|dinh ky(?: hang)?)\s*(?P<unit>ngay|tuan|thang|quy|nam)\b", re.ASCII
)
# "3 tháng/lần", "2 tuần một lần", "1 lần/6 tháng"
_CYCLE: Final = re.compile(
    rf"\b(?P<n>{_NUM})\s*(?P<unit>ngay|tuan|thang|quy|nam)\s*(?:/|(?:1|mot)\s+)\s*lan\b"
    + rf"|\b(?:1|mot)\s*lan\s*(?:/|moi|trong)\s*(?P<n2>{_NUM})\s*(?P<unit2>ngay|tuan|thang|quy|nam)\b",
    re.ASCII,
)

# Reporting periods: "Quý I, 6 tháng, quý III, năm", "định kỳ 6 tháng, hằng năm"
_ITEM = (
    r"(?:(?:hang|moi)\s+)?(?:quy\s*(?:iv|iii|ii|i|[1-4])(?![a-z0-9])"
    r"(?!\s*(?:[/.,-]\s*)?(?:nam\s*)?\d{4})"
    r"|quy(?![a-z])(?!\s*(?:[ivx]+|\d))"
    r"|(?:6|9|sau|chin)\s*thang(?![a-z])(?!\s*(?:dau|cuoi))"
    r"|nam(?![a-z])(?!\s*(?:\d|nay))"
    r"|thang(?![a-z])(?!\s*\d))"
)
_ITEM_RE: Final = re.compile(_ITEM, re.ASCII)
_SEP = r"\s*(?:,|;|\bva\b|\bhoac\b)\s*"
_REPORT_TRIGGERED: Final = re.compile(
    rf"\b(?:dinh ky|bao cao|ky bao cao)\s*:?\s*(?P<list>{_ITEM}(?:{_SEP}{_ITEM})*)", re.ASCII
)
_REPORT_LIST: Final = re.compile(rf"(?<![a-z])(?P<list>{_ITEM}(?:{_SEP}{_ITEM})+)", re.ASCII)

_CONTINUOUS: Final = re.compile(
    r"\b(?:thuong xuyen|lien tuc|quanh nam|ca nam|suot (?:ca )?(?:nam|giai doan|thoi gian|ky)"
    r"|hang ngay lien tuc)\b",
    re.ASCII,
)
_CONTEXT_WINDOW: Final = re.compile(
    r"^(?:nam|trong nam|nam nay|trong ky)$"
    r"|\b(?:trong|ca|suot)\s*(?:nam|ky ke hoach|giai doan)\b(?!\s*\d)",
    re.ASCII,
)
_AD_HOC: Final = re.compile(
    r"\b(?:dot xuat|khi co yeu cau|theo yeu cau|khi phat sinh|khi can thiet|khi co chi dao)\b",
    re.ASCII,
)
_PERIODIC: Final = re.compile(r"\bdinh ky\b", re.ASCII)
_LABEL: Final = re.compile(
    r"^(?:[-+*\u2022]\s*)*(?:thoi gian(?:\s+(?:thuc hien|hoan thanh|trien khai|to chuc))?"
    r"|thoi han|tien do)\s*:\s*",
    re.ASCII,
)
_PUNCT: Final = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u201c": " ",
        "\u201d": " ",
    }
)


def _fold_table() -> dict[int, str]:
    """Precomposed Latin letters (Vietnamese and others) → what :func:`fold` makes of them."""
    table: dict[int, str] = {}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        folded = fold(chr(code))
        if len(folded) == 1 and folded.isascii() and folded.isalpha():
            table[code] = folded
    return table


_FOLD_TABLE: Final = _fold_table()


def _fast_fold(text: str) -> str:
    """:func:`cchc.text.fold`, several times faster on ordinary Vietnamese text.

    Precomposed letters are folded by one table lookup each; any other
    non-ASCII character (combining marks, decomposed or legacy text, other
    scripts, non-ASCII spaces) falls back to :func:`fold` itself, so the
    result is always exactly ``fold(text)``.
    """
    quick = text.translate(_FOLD_TABLE)
    if quick.isascii():
        return " ".join(quick.lower().split())
    return fold(text)


_ROUND_THE_CLOCK: Final = re.compile(r"(?<![\d/.])24\s*/\s*7(?![\d/.])", re.ASCII)


def _normalize(text: str) -> str:
    """Fold, unify dashes, drop a "Thời gian thực hiện:" label and edge punctuation."""
    folded = _fast_fold(text).translate(_PUNCT)
    if "  " in folded:  # quotes became spaces
        folded = " ".join(folded.split())
    label = _LABEL.match(folded)
    if label:
        folded = folded[label.end() :]
    folded = folded.strip(" .;,:!-+*\u2022")
    if "24/7" in folded:  # "24/7" is round the clock, not 24 July (unless a year follows)
        folded = _ROUND_THE_CLOCK.sub("lien tuc", folded)
    return folded


# --- mentions of dates, months, quarters and years -------------------------------------


class _Fail(Exception):
    """Internal: the phrase cannot be scheduled; ``reason`` is for people."""

    def __init__(self, reason: str, kind: ScheduleKind = ScheduleKind.UNKNOWN) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind


class _NoYear(_Fail):
    """Internal: the schedule is clear but its year is not (no year in phrase or plan)."""


@dataclass(slots=True)
class _Mention:
    """One time expression found in the phrase, before its year is known."""

    kind: str  # date, day, half, edge, quarter, month, year, years
    kw: str  # "", before, by, from, until
    a: int = 0  # day | first month/quarter | months of a half | first year
    b: int = 0  # month of a date | last month/quarter | last year
    y: int = 0  # year written (or, after _inherit, borrowed from a neighbour); 0: none
    side: str = ""  # half/edge: "dau" or "cuoi"
    inherited: bool = False

    @property
    def day_level(self) -> bool:
        return self.kind in ("date", "day")


def _qnum(raw: str) -> int:
    value = _ROMAN_NUM.get(raw) or _NUM_WORDS.get(raw) or (int(raw) if raw.isdigit() else 0)
    if not 1 <= value <= 4:
        raise _Fail(f"Quý không hợp lệ: {raw.upper()}.")
    return value


def _int(value: str | None) -> int:
    return int(value) if value else 0


def _scan(t: str) -> list[_Mention]:
    """Every time expression in ``t``, in order; raises :class:`_Fail` on impossible ones."""
    found: list[_Mention] = []
    deadline_kw, deadline_end = "", -1
    for match in _MENTION.finditer(t):
        g = match.groupdict()
        kw_raw = g["kw"]
        kw = _KEYWORDS.get(kw_raw.rstrip(" :"), "") if kw_raw else ""
        if not kw and deadline_kw and _LIST_GAP.fullmatch(t, deadline_end, match.start()):
            kw = deadline_kw  # "trước các ngày 10/3, 10/6 và 10/9": every date is a deadline
        if g["hn"] is not None:
            months = int(g["hn"])
            if not 1 <= months <= 12:
                raise _Fail(f"Số tháng không hợp lệ: {months}.")
            found.append(_Mention("half", kw, a=months, y=_int(g["hy"]), side=g["hp"]))
        elif g["np"] is not None:
            found.append(_Mention("half", kw, a=6, y=_int(g["ny3"]), side=g["np"]))
        elif g["edge"] is not None:
            found.append(_Mention("edge", kw, y=_int(g["ey"]), side=g["edge"]))
        elif g["q1"] is not None:
            q1 = _qnum(g["q1"])
            q2 = _qnum(g["q2"]) if g["q2"] else q1
            found.append(_Mention("quarter", kw, a=q1, b=q2, y=_int(g["qy"])))
        elif g["wd"] is not None or g["dd"] is not None or g["nd"] is not None:
            if g["wd"] is not None:
                day_s, month_s = g["wd"], g["wm"]
            elif g["dd"] is not None:
                day_s, month_s = g["dd"], g["dm"]
            else:
                day_s, month_s = g["nd"], g["nm"]
            year = _int(g["wy"] or g["dy"] or g["dy2"] or g["ny"] or g["ny2"])
            raw = f"{day_s}/{month_s}" + (f"/{year}" if year else "")
            day, month = int(day_s), int(month_s)
            try:
                date(year or 2024, month, day)  # 2024 is a leap year: 29/2 passes here
            except ValueError:
                raise _Fail(f"Ngày không hợp lệ: {raw}.") from None
            found.append(_Mention("date", kw, a=day, b=month, y=year))
        elif g["od"] is not None or g["bd"] is not None:
            day = int(g["od"] or g["bd"])
            if not 1 <= day <= 31:
                raise _Fail(f"Ngày không hợp lệ: {day}.")
            found.append(_Mention("day", kw, a=day))
        elif g["m1"] is not None or g["mm"] is not None:
            m1 = int(g["m1"] or g["mm"])
            m2 = int(g["m2"]) if g["m2"] else m1
            year = _int(g["my"] or g["mmy"])
            for month in (m1, m2):
                if not 1 <= month <= 12:
                    raise _Fail(f"Tháng không hợp lệ: {month}" + (f"/{year}." if year else "."))
            found.append(_Mention("month", kw, a=m1, b=m2, y=year))
        elif g["ya"] is not None:
            found.append(_Mention("years", kw, a=int(g["ya"]), b=int(g["yb"]), y=int(g["ya"])))
        elif g["yy"] is not None:
            year = int(g["yy"])
            found.append(_Mention("year", kw, a=year, b=year, y=year))
        if kw in ("before", "by") and found[-1].day_level:
            deadline_kw, deadline_end = kw, match.end()
        else:
            deadline_kw = ""
    return found


def _inherit(mentions: list[_Mention]) -> None:
    """Give year-less mentions the year of the next mention that has one (else the previous).

    A day without a month takes the month of the next date ("từ ngày 14 đến ngày 20/4").
    """
    for i, mention in enumerate(mentions):
        if mention.kind == "day":
            for later in mentions[i + 1 :]:
                if later.kind == "date":
                    mention.kind, mention.b = "date", later.b
                    break
        if mention.y:
            continue
        for later in mentions[i + 1 :]:
            if later.y:
                mention.y, mention.inherited = later.y, True
                break
        else:
            for earlier in reversed(mentions[:i]):
                if earlier.y:
                    mention.y = earlier.y
                    break


def _bounds(mention: _Mention, year: int) -> tuple[date, date]:
    """The first and last day a mention covers, in ``year``."""
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise _Fail(f"Năm không hợp lệ: {year}.")
    kind = mention.kind
    if kind == "date":
        try:
            day = date(year, mention.b, mention.a)
        except ValueError:
            raise _Fail(f"Ngày không hợp lệ: {mention.a}/{mention.b}/{year}.") from None
        return day, day
    if kind == "month":
        first_year = year - 1 if mention.b < mention.a else year
        return date(first_year, mention.a, 1), _month_end(year, mention.b)
    if kind == "quarter":
        first_year = year - 1 if mention.b < mention.a else year
        return _quarter_start(first_year, mention.a), _quarter_end(year, mention.b)
    if kind == "half":
        if mention.side == "dau":
            return date(year, 1, 1), _month_end(year, mention.a)
        return date(year, 13 - mention.a, 1), date(year, 12, 31)
    if kind == "edge":
        quarter = 1 if mention.side == "dau" else 4
        return _quarter_start(year, quarter), _quarter_end(year, quarter)
    if kind == "years":
        if mention.b < mention.a:
            raise _Fail(
                f"Thời gian kết thúc (năm {mention.b}) trước thời gian bắt đầu (năm {mention.a})."
            )
        if not _MIN_YEAR <= mention.b <= _MAX_YEAR:
            raise _Fail(f"Năm không hợp lệ: {mention.b}.")
        return date(mention.a, 1, 1), date(mention.b, 12, 31)
    # kind == "year"
    return date(year, 1, 1), date(year, 12, 31)


def _label(mention: _Mention, year: int) -> str:
    """How a single window reads in the summary, before its dates ("" when generic)."""
    kind = mention.kind
    if kind == "quarter" and mention.a == mention.b:
        return f"Trong quý {_ROMAN[mention.a]}/{year}"
    if kind == "month" and mention.a == mention.b:
        return f"Trong tháng {mention.a}/{year}"
    if kind == "half":
        side = "đầu" if mention.side == "dau" else "cuối"
        return f"Trong {mention.a} tháng {side} năm {year}"
    if kind == "edge":
        return f"{'Đầu' if mention.side == 'dau' else 'Cuối'} năm {year}"
    if kind == "years":
        return f"Trong giai đoạn {mention.a} - {mention.b}"
    if kind == "year":
        return f"Trong năm {year}"
    return ""


# --- context: the plan's year or period ------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    start: date | None
    end: date | None
    year: int | None  # the year a year-less "Quý III" means, when there is exactly one

    @property
    def multi_year(self) -> bool:
        return self.start is not None and self.end is not None and self.start.year != self.end.year


def _context(year: int | None, period: tuple[date, date] | None) -> _Context:
    if year is not None and (
        isinstance(year, bool) or not isinstance(year, int) or not _MIN_YEAR <= year <= _MAX_YEAR
    ):
        raise _Fail(f"Năm của kế hoạch không hợp lệ: {year}.")
    if period is not None:
        try:
            start, end = period
        except (TypeError, ValueError):
            raise _Fail("Giai đoạn của kế hoạch không hợp lệ.") from None
        if not (isinstance(start, date) and isinstance(end, date)) or end < start:
            raise _Fail("Giai đoạn của kế hoạch không hợp lệ.")
        if not (_MIN_YEAR <= start.year and end.year <= _MAX_YEAR):
            raise _Fail("Giai đoạn của kế hoạch không hợp lệ.")
        single = start.year if start.year == end.year else None
        return _Context(start, end, year if year is not None else single)
    if year is not None:
        return _Context(date(year, 1, 1), date(year, 12, 31), year)
    return _Context(None, None, None)


def _year_for(mention: _Mention, ctx: _Context) -> int:
    if mention.y:
        return mention.y
    if ctx.year is not None:
        return ctx.year
    if ctx.multi_year and ctx.start and ctx.end:
        raise _NoYear(
            f"Chưa rõ năm nào trong giai đoạn {ctx.start.year} - {ctx.end.year}; hãy ghi rõ năm."
        )
    raise _NoYear(REASON_NEED_YEAR)


def _window(mentions: list[_Mention], ctx: _Context) -> tuple[date, date, str]:
    """The window the (non-deadline) mentions describe, with a label for a single one."""
    if not mentions:
        if ctx.start is None or ctx.end is None:
            raise _NoYear(REASON_NEED_YEAR)
        label = ""
        if ctx.start == date(ctx.start.year, 1, 1) and ctx.end == date(ctx.start.year, 12, 31):
            label = f"Trong năm {ctx.start.year}"
        return ctx.start, ctx.end, label
    spans = [_bounds(m, _year_for(m, ctx)) for m in mentions]
    # "từ tháng 10 đến tháng 3/2024": October is of the year before.
    for i in range(len(mentions) - 1):
        if mentions[i].inherited and spans[i][0] > spans[i + 1][0]:
            spans[i] = _bounds(mentions[i], _year_for(mentions[i], ctx) - 1)
    if len(mentions) == 1:
        mention = mentions[0]
        start, end = spans[0]
        is_range = mention.kind == "years" or (
            mention.kind in ("month", "quarter") and mention.a != mention.b
        )
        if mention.kw == "from" and not is_range:
            end = ctx.end if ctx.end is not None and ctx.end >= start else date(start.year, 12, 31)
            return start, end, ""
        if mention.kw == "until" and not is_range:
            start = (
                ctx.start if ctx.start is not None and ctx.start <= end else date(end.year, 1, 1)
            )
            return start, end, ""
        return start, end, _label(mention, start.year if mention.kind != "half" else end.year)
    start, end = spans[0][0], spans[-1][1]
    if end < start:
        raise _Fail(f"Thời gian kết thúc ({_fmt(end)}) trước thời gian bắt đầu ({_fmt(start)}).")
    return start, end, ""


# --- the kinds of schedule --------------------------------------------------------------


def _ok(text: str, kind: ScheduleKind, summary: str, note: str = "", **fields: Any) -> Schedule:
    if note:
        summary = f"{summary}; {note}"
    return Schedule(kind=kind, text=text, understood=True, summary=summary, note=note, **fields)


def _not_understood(
    text: str,
    reason: str,
    kind: ScheduleKind = ScheduleKind.UNKNOWN,
    summary: str = "",
    **fields: Any,
) -> Schedule:
    return Schedule(
        kind=kind,
        text=text,
        understood=False,
        summary=summary or reason,
        reason=reason,
        **fields,
    )


def _partial(base: str, fail: _Fail) -> str:
    """A summary for a schedule that lacks only its year."""
    return f"{base}; {fail.reason[0].lower()}{fail.reason[1:]}"


def _deadline_result(text: str, deadlines: list[date], start: date | None, note: str) -> Schedule:
    unique = tuple(sorted(set(deadlines)))
    first, last = unique[0], unique[-1]
    begin = min(start, first) if start is not None else date(first.year, 1, 1)
    if len(unique) == 1:
        return _ok(
            text,
            ScheduleKind.DEADLINE,
            f"Hạn: {_fmt(first)}",
            note,
            start=begin,
            end=last,
            deadlines=unique,
        )
    listed = ", ".join(_fmt(d) for d in unique)
    return _ok(
        text,
        ScheduleKind.DEADLINES,
        f"Các hạn: {listed}",
        note,
        start=begin,
        end=last,
        deadlines=unique,
    )


def _years_of(ctx: _Context) -> range:
    assert ctx.start is not None and ctx.end is not None
    return range(ctx.start.year, ctx.end.year + 1)


def _deadlines(
    text: str, mentions: list[_Mention], ctx: _Context, general: Per | None, note: str
) -> Schedule:
    """Explicit due dates: "trước ngày 10/12", "Hạn: 30/6/2024", "hằng tháng, trước ngày 25"."""
    due: list[date] = []
    need_year = False
    window_start: date | None = None
    for mention in mentions:
        if mention.kw == "from" and not mention.day_level and not _is_deadline(mention):
            window_start = _bounds(mention, _year_for(mention, ctx))[0]
        if not _is_deadline(mention):
            continue
        if mention.kind == "day":  # "hằng tháng, trước ngày 25": every month
            if general is not Per.MONTH:
                raise _Fail(f"Chưa rõ tháng của hạn: ngày {mention.a}; hãy ghi rõ ngày/tháng.")
            if ctx.start is None or ctx.end is None:
                raise _NoYear(REASON_NEED_YEAR, ScheduleKind.DEADLINES)
            due.extend(_monthly_days(mention.a, ctx.start, ctx.end))
            continue
        every_year = False
        if mention.y:
            years: range | list[int] = [mention.y]
        elif (
            ctx.start is not None
            and ctx.end is not None
            and (ctx.multi_year or general is Per.YEAR)
        ):
            years = _years_of(ctx)  # every year of the plan ("trước ngày 10/12 hằng năm")
            every_year = True
        elif ctx.year is not None:
            years = [ctx.year]
        else:
            need_year = True
            continue
        for year in years:
            first, last = _bounds(mention, year)
            before_period = mention.kw == "before" and not mention.day_level
            point = first - timedelta(days=1) if before_period else last
            # A yearly deadline repeated over the plan keeps only the dates inside the plan.
            if not every_year or (
                ctx.start is not None and ctx.end is not None and (ctx.start <= point <= ctx.end)
            ):
                due.append(point)
    if need_year:
        several = sum(1 for m in mentions if _is_deadline(m)) > 1
        raise _NoYear(
            REASON_NEED_YEAR, ScheduleKind.DEADLINES if several else ScheduleKind.DEADLINE
        )
    if not due:
        raise _Fail(REASON_NONE_INSIDE)
    start = window_start if window_start is not None else ctx.start
    return _deadline_result(text, due, start, note)


def _is_deadline(mention: _Mention) -> bool:
    """A due date: "trước ngày 10/12", "chậm nhất ngày 30/6"; also "trước quý III" (the day before)."""
    if mention.kw == "before":
        return True
    return mention.kw == "by" and mention.day_level


def _monthly_days(day: int, start: date, end: date) -> list[date]:
    out: list[date] = []
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        point = min(date(year, month, 1) + timedelta(days=day - 1), _month_end(year, month))
        if start <= point <= end:
            out.append(point)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _report_items(list_text: str, triggered: bool) -> tuple[set[tuple[int, int]], set[Per]] | None:
    """Reporting periods → (month, day) ends in a year, or None when it is one plain cycle."""
    ends: set[tuple[int, int]] = set()
    general: set[Per] = set()
    specific = False
    has_year = False
    half = False
    for item in _ITEM_RE.finditer(list_text):
        body = item.group(0)
        if body.startswith(("hang ", "moi ")):
            body = body.split(None, 1)[1]
        if body.startswith("quy") and body != "quy":
            quarter = _qnum(body[3:].strip())
            ends.add((3 * quarter, _quarter_end(2001, quarter).day))
            specific = True
        elif body.endswith("thang") and body != "thang":
            months = 6 if body[0] in "6s" else 9
            ends.add((months, 30))
            half = half or months == 6
            specific = True
        else:
            per = _UNITS[body]
            general.add(per)
            has_year = has_year or per is Per.YEAR
    if not specific and len(general) < 2:
        return None
    if half and triggered and not has_year and not general:
        ends.add((12, 31))  # "định kỳ 6 tháng": every six months
    return ends, general


def _period_ends(
    ends: set[tuple[int, int]], general: set[Per], start: date, end: date
) -> list[date]:
    out: list[date] = []
    for year in range(start.year, end.year + 1):
        points = {date(year, month, day) for month, day in ends}
        if Per.YEAR in general:
            points.add(date(year, 12, 31))
        if Per.QUARTER in general:
            points.update(_quarter_end(year, q) for q in range(1, 5))
        if Per.MONTH in general:
            points.update(_month_end(year, m) for m in range(1, 13))
        out.extend(p for p in points if start <= p <= end)
    return out


def _recurring_summary(count: int, per: Per, at_least: bool) -> str:
    prefix = "Ít nhất " if at_least else ""
    return f"{prefix}{count} lần mỗi {_PER_VI[per]}"


def _number(raw: str) -> int:
    return int(raw) if raw.isdigit() else _NUM_WORDS[raw]


_CYCLES: Final[dict[tuple[int, str], Per | str]] = {
    (1, "ngay"): Per.DAY,
    (7, "ngay"): Per.WEEK,
    (1, "tuan"): Per.WEEK,
    (1, "thang"): Per.MONTH,
    (3, "thang"): Per.QUARTER,
    (1, "quy"): Per.QUARTER,
    (6, "thang"): "half",
    (2, "quy"): "half",
    (12, "thang"): Per.YEAR,
    (4, "quy"): Per.YEAR,
    (1, "nam"): Per.YEAR,
}


def _parse(text: str, year: int | None, period: tuple[date, date] | None) -> Schedule:
    """The parser proper; raises :class:`_Fail` for phrases it cannot schedule."""
    ctx = _context(year, period)
    t = _normalize(text)
    if not t:
        raise _Fail(REASON_UNKNOWN)
    mentions = _scan(t) if _MAY_MENTION.search(t) else []
    _inherit(mentions)
    general_match = _GENERAL.search(t)
    general = _UNITS[general_match.group("unit")] if general_match else None
    note = NOTE_AD_HOC if _AD_HOC.search(t) else ""

    # 1. Explicit due dates.
    if any(_is_deadline(m) for m in mentions):
        return _deadlines(text, mentions, ctx, general, note)

    # 2. Reporting periods: "Quý I, 6 tháng, quý III, năm".
    report = _REPORT_TRIGGERED.search(t)
    items = _report_items(report.group("list"), True) if report else None
    if items is None:
        listed = _REPORT_LIST.search(t)
        if listed and not all(
            i.group(0).startswith("quy ") for i in _ITEM_RE.finditer(listed.group("list"))
        ):
            items = _report_items(listed.group("list"), False)
    cycle = _CYCLE.search(t)
    if items is None and cycle is not None:
        raw_n, unit = (
            (cycle.group("n"), cycle.group("unit"))
            if cycle.group("n")
            else (cycle.group("n2"), cycle.group("unit2"))
        )
        n = _number(raw_n)
        target = _CYCLES.get((n, unit))
        if target is None:
            raise _Fail(
                f"Chu kỳ {n} {_PER_VI[_UNITS[unit]]} một lần chưa được hỗ trợ; hãy đặt lịch bằng tay."
            )
        if target == "half":
            items = ({(6, 30), (12, 31)}, set())
        else:
            assert isinstance(target, Per)
            general = target
    if items is not None:
        ends, periods = items
        # The items are mentions themselves ("quý I"); only a written year sets the window.
        years = [m for m in mentions if m.kind in ("year", "years")]
        try:
            start, end, _ = _window(years, ctx)
        except _NoYear as fail:
            fail.kind = ScheduleKind.DEADLINES
            raise
        due = _period_ends(ends, periods, start, end)
        if not due:
            raise _Fail(REASON_NONE_INSIDE)
        return _deadline_result(text, due, start, note)

    # 3. Recurring: "02 số/tháng", "hằng tuần", "hằng tháng ... ít nhất 04 tin, bài".
    explicit = _EXPLICIT.search(t)
    count: int | None = None
    at_least = False
    per: Per | None = None
    if explicit is not None:
        count, per = _number(explicit.group("n")), _UNITS[explicit.group("unit")]
        at_least = explicit.group("atl") is not None
    elif general is not None:
        per, count = general, 1
        counted = _COUNT.search(t)
        if counted is not None:
            count, at_least = _number(counted.group("n")), counted.group("atl") is not None
    if per is not None and count is not None:
        if count < 1:
            raise _Fail("Số lần phải lớn hơn 0.")
        base = _recurring_summary(count, per, at_least)
        fields: dict[str, Any] = {"count": count, "per": per, "at_least": at_least}
        try:
            start, end, _ = _window(mentions, ctx)
        except _NoYear as fail:
            return _not_understood(
                text, fail.reason, ScheduleKind.RECURRING, _partial(base, fail), **fields
            )
        return _ok(
            text,
            ScheduleKind.RECURRING,
            f"{base}, từ {_fmt(start)} đến {_fmt(end)}",
            note,
            start=start,
            end=end,
            **fields,
        )

    # 4. Continuous: "Thường xuyên (trong năm)", "Cả năm".
    if _CONTINUOUS.search(t):
        try:
            start, end, _ = _window(mentions, ctx)
        except _NoYear as fail:
            return _not_understood(
                text, fail.reason, ScheduleKind.CONTINUOUS, _partial("Thường xuyên", fail)
            )
        return _ok(
            text,
            ScheduleKind.CONTINUOUS,
            f"Thường xuyên, từ {_fmt(start)} đến {_fmt(end)}",
            note,
            start=start,
            end=end,
        )

    # 5. A window: "Quý III/2024", "Tháng 6/2024", "Trong năm 2024", "từ ngày 14 đến ngày 20/4/2025".
    if mentions or _CONTEXT_WINDOW.search(t):
        try:
            start, end, label = _window(mentions, ctx)
        except _NoYear as fail:
            return _not_understood(text, fail.reason, ScheduleKind.WINDOW)
        if start == end:
            summary = f"Ngày {_fmt(start)}"
        elif label:
            summary = f"{label} ({_span(start, end)})"
        else:
            summary = f"Từ {_fmt(start)} đến {_fmt(end)}"
        return _ok(text, ScheduleKind.WINDOW, summary, note, start=start, end=end)

    # 6. What has no schedule of its own.
    if _PERIODIC.search(t):  # "định kỳ hoặc đột xuất": the missing cycle matters most
        raise _Fail(REASON_PERIODIC)
    if note:
        raise _Fail(REASON_AD_HOC)
    raise _Fail(REASON_UNKNOWN)


def parse_timing_uncached(
    text: str, *, year: int | None = None, period: tuple[date, date] | None = None
) -> Schedule:
    """:func:`parse_timing` without the cache (for benchmarks and tests)."""
    try:
        return _parse(text, year, period)
    except _Fail as fail:
        return _not_understood(text, fail.reason, fail.kind)
    except Exception:  # noqa: BLE001 - a timing phrase must never break a plan
        return _not_understood(text, REASON_UNKNOWN)


@lru_cache(maxsize=4096)
def _cached(text: str, year: int | None, period: tuple[date, date] | None) -> Schedule:
    return parse_timing_uncached(text, year=year, period=period)


def parse_timing(
    text: str, *, year: int | None = None, period: tuple[date, date] | None = None
) -> Schedule:
    """Read a timing phrase ("Thời gian thực hiện") into a :class:`Schedule`.

    ``year`` is the plan's year and ``period`` its window (``(start, end)``,
    e.g. a "giai đoạn 2022 - 2025" plan); a year written in the phrase wins.
    Never raises on a string: what cannot be read comes back with
    ``understood=False``, ``kind="unknown"`` and a Vietnamese ``reason``.
    """
    try:
        key_period = (period[0], period[1]) if period is not None else None
        return _cached(text, year, key_period)
    except TypeError:  # unhashable or malformed arguments: parse without the cache
        return parse_timing_uncached(text, year=year, period=period)


def clear_cache() -> None:
    """Forget the cached schedules of :func:`parse_timing`."""
    _cached.cache_clear()


# --- due points ----------------------------------------------------------------------


def _periods(per: Per, start: date, end: date) -> list[tuple[date, date, str]]:
    """The ``per`` periods overlapping ``start``..``end``, clipped to it, with labels."""
    out: list[tuple[date, date, str]] = []
    if per is Per.DAY:
        day = start
        while day <= end:
            out.append((day, day, f"Ngày {_fmt(day)}"))
            day += timedelta(days=1)
    elif per is Per.WEEK:
        monday = start - timedelta(days=start.weekday())
        while monday <= end:
            iso = monday.isocalendar()
            sunday = monday + timedelta(days=6)
            out.append((max(monday, start), min(sunday, end), f"Tuần {iso.week}/{iso.year}"))
            monday = sunday + timedelta(days=1)
    elif per is Per.MONTH:
        year, month = start.year, start.month
        while date(year, month, 1) <= end:
            first, last = date(year, month, 1), _month_end(year, month)
            out.append((max(first, start), min(last, end), f"Tháng {month}/{year}"))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    elif per is Per.QUARTER:
        year, quarter = start.year, (start.month - 1) // 3 + 1
        while _quarter_start(year, quarter) <= end:
            first, last = _quarter_start(year, quarter), _quarter_end(year, quarter)
            out.append((max(first, start), min(last, end), f"Quý {_ROMAN[quarter]}/{year}"))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    else:
        for year in range(start.year, end.year + 1):
            first, last = date(year, 1, 1), date(year, 12, 31)
            out.append((max(first, start), min(last, end), f"Năm {year}"))
    return out


def occurrences(schedule: Schedule) -> list[Occurrence]:
    """The due points of a schedule, all within ``schedule.start``..``schedule.end``.

    * recurring: ``count`` occurrences per period (ISO weeks, calendar months,
      quarters, years, days), all due at the end of the period clipped to the
      window, each with ``window_start`` the (clipped) start of the period;
      a period only partly inside the window still counts in full;
    * continuous: one monthly check-in, due at each (clipped) month end;
    * window: one, due at the end of the window;
    * deadline(s): one per deadline, its window starting the day after the
      previous deadline (the first at ``start``), labelled "Hạn 2/4".

    A schedule that was not understood has no due points.
    """
    start, end = schedule.start, schedule.end
    if not schedule.understood or start is None or end is None:
        return []
    kind = schedule.kind
    if kind is ScheduleKind.RECURRING and schedule.per is not None and schedule.count:
        count = schedule.count
        out: list[Occurrence] = []
        for first, last, label in _periods(schedule.per, start, end):
            if count == 1:
                out.append(Occurrence(last, first, label))
            else:
                out.extend(
                    Occurrence(last, first, f"{label} ({i}/{count})") for i in range(1, count + 1)
                )
        return out
    if kind is ScheduleKind.CONTINUOUS:
        return [
            Occurrence(last, first, f"Kiểm tra {label[0].lower()}{label[1:]}")
            for first, last, label in _periods(Per.MONTH, start, end)
        ]
    if kind is ScheduleKind.WINDOW:
        return [Occurrence(end, start, schedule.summary)]
    if kind in (ScheduleKind.DEADLINE, ScheduleKind.DEADLINES):
        out = []
        previous = start
        total = len(schedule.deadlines)
        for number, due in enumerate(schedule.deadlines, start=1):
            label = f"Hạn {number}/{total}" if total > 1 else "Hạn"
            out.append(Occurrence(due, min(previous, due), label))
            previous = due + timedelta(days=1)
        return out
    return []
