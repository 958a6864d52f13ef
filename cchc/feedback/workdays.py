"""Working days: Monday to Friday, minus the days off in the Holiday table, plus the
weekend days it marks as worked (a Saturday worked in exchange for a bridging day off)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

import holidays as holidays_lib

SEED_YEARS = range(2024, 2028)


def vietnam_holidays(years: Iterable[int] = SEED_YEARS) -> list[tuple[datetime.date, str]]:
    """Vietnam's public holidays from the ``holidays`` package, named in Vietnamese."""
    calendar = holidays_lib.country_holidays("VN", years=list(years), language="vi")
    return sorted((day, str(name)) for day, name in calendar.items())


def vietnam_weekend_workdays(years: Iterable[int] = SEED_YEARS) -> list[datetime.date]:
    """Weekend days the government made working days in exchange for a day off (the
    ``holidays`` package names the day off "Ngày nghỉ (thay cho ngày …)")."""
    wanted = set(years)
    calendar = holidays_lib.country_holidays("VN", years=sorted(wanted), language="vi")
    return sorted(d for d in calendar.weekend_workdays if d.year in wanted)


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are worked: Monday to Friday unless ``off``, and the weekend days in
    ``worked``."""

    off: frozenset[datetime.date] = frozenset()
    worked: frozenset[datetime.date] = frozenset()

    def is_working_day(self, day: datetime.date) -> bool:
        return (day.weekday() < 5 or day in self.worked) and day not in self.off


def calendar_between(start: datetime.date, end: datetime.date) -> WorkCalendar:
    """The days off and the weekend days worked from ``start`` to ``end`` (one query)."""
    from cchc.feedback.models import Holiday

    rows = Holiday.objects.filter(date__gte=start, date__lte=end).values_list(
        "date", "working_day"
    )
    return whole_calendar(rows)


def whole_calendar(rows: Iterable[tuple[datetime.date, bool]]) -> WorkCalendar:
    """A calendar from (date, worked) rows."""
    off: set[datetime.date] = set()
    worked: set[datetime.date] = set()
    for day, is_worked in rows:
        (worked if is_worked else off).add(day)
    return WorkCalendar(frozenset(off), frozenset(worked))


def add_working_days(
    start: datetime.date, days: int, calendar: WorkCalendar | None = None
) -> datetime.date:
    """The date ``days`` working days after ``start`` (the day itself not counted)."""
    if calendar is None:
        calendar = calendar_between(start, start + datetime.timedelta(days=days * 3 + 60))
    day = start
    left = days
    while left > 0:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, calendar: WorkCalendar | None = None
) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier."""
    if start == end:
        return 0
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    if calendar is None:
        calendar = calendar_between(start, end)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return sign * count
