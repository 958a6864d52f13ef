"""The reporting calendar of a plan, worked out from its reporting clauses (no database).

Rules (documented in the report of this change):

* Periods are cumulative from the start of the year (as Vietnamese reports are: "quý I",
  "6 tháng đầu năm", "9 tháng", "năm"), clipped to the plan's period.
* The periods come from the duty's ``periods`` text read by ``parse_timing`` (its due
  points are the period ends); when nothing is readable ("định kỳ"), the four standard
  periods of every year of the plan.
* Deadlines come from ``deadline_text``: "trước ngày 10 tháng 3, 6, 9, 12" pairs day 10
  with each listed month in order; otherwise whatever dates ``parse_timing`` reads, in
  order. Without a readable deadline: the 10th of the month after the period ends.
* Data cut-off: the period end, or the day before the deadline when the deadline falls
  inside the period (e.g. a quý I report due 10/3 counts data up to 09/3).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from cchc.schedule.timing import parse_timing
from cchc.text import fold

DEFAULT_DEADLINE_DAY = 10
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class PeriodSpec:
    kind: str
    label: str
    start: datetime.date
    cutoff: datetime.date
    deadline: datetime.date


def _kind_of(end: datetime.date) -> str | None:
    return {(3, 31): "q1", (6, 30): "h1", (9, 30): "q3", (12, 31): "year"}.get((end.month, end.day))


def period_label(kind: str, year: int) -> str:
    return {
        "q1": f"Quý I/{year}",
        "h1": f"6 tháng đầu năm {year}",
        "q3": f"Quý III (9 tháng) năm {year}",
        "year": f"Năm {year}",
    }[kind]


def _standard_ends(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    out = []
    for year in range(start.year, end.year + 1):
        for month, day in ((3, 31), (6, 30), (9, 30), (12, 31)):
            point = datetime.date(year, month, day)
            if start <= point <= end:
                out.append(point)
    return out


def period_ends(periods_text: str, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    schedule = parse_timing(periods_text or "", period=(start, end))
    ends = sorted(d for d in schedule.deadlines if _kind_of(d)) if schedule.understood else []
    return ends or _standard_ends(start, end)


_DAY_MONTHS = re.compile(
    r"(?:truoc|cham nhat|han)[^0-9]{0,12}ngay\s+(\d{1,2})\s+thang\s+(\d{1,2}(?:\s*(?:,|/|va|-)\s*\d{1,2})*)"
)


def deadline_points(deadline_text: str) -> list[tuple[int, int]]:
    """(day, month) pairs, in the order written: "trước ngày 10 tháng 3, 6, 9, 12" → four."""
    text = fold(deadline_text or "").lower()
    points: list[tuple[int, int]] = []
    for match in _DAY_MONTHS.finditer(text):
        day = int(match.group(1))
        for month in re.findall(r"\d{1,2}", match.group(2)):
            if 1 <= int(month) <= 12 and 1 <= day <= 31:
                points.append((day, int(month)))
    return points


def _safe_date(year: int, month: int, day: int) -> datetime.date:
    while day > 28:
        try:
            return datetime.date(year, month, day)
        except ValueError:
            day -= 1
    return datetime.date(year, month, day)


def _default_deadline(end: datetime.date) -> datetime.date:
    first_next = end + datetime.timedelta(days=1)
    return first_next.replace(day=DEFAULT_DEADLINE_DAY)


def _deadline_for(end: datetime.date, points: list[tuple[int, int]], index: int) -> datetime.date:
    """The written deadline nearest the period end (same month or the months after)."""
    if points:
        candidates = []
        for day, month in points:
            for year in (end.year, end.year + 1):
                when = _safe_date(year, month, day)
                if end - datetime.timedelta(days=31) <= when <= end + datetime.timedelta(days=62):
                    candidates.append(when)
        if len(points) > index and not candidates:
            day, month = points[index]
            return _safe_date(end.year, month, day)
        if candidates:
            return min(candidates, key=lambda d: abs((d - end).days))
    return _default_deadline(end)


def calendar_for(
    *,
    plan_start: datetime.date,
    plan_end: datetime.date,
    periods_text: str = "",
    deadline_text: str = "",
) -> list[PeriodSpec]:
    ends = period_ends(periods_text, plan_start, plan_end)
    points = deadline_points(deadline_text)
    specs = []
    for i, end in enumerate(ends):
        kind = _kind_of(end)
        assert kind is not None
        start = max(plan_start, datetime.date(end.year, 1, 1))
        deadline = _deadline_for(end, points, i)
        cutoff = end if deadline > end else max(start, deadline - datetime.timedelta(days=1))
        specs.append(PeriodSpec(kind, period_label(kind, end.year), start, cutoff, deadline))
    return specs
