"""Working days: Monday to Friday, minus the days in the Holiday table."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import holidays as holidays_lib

SEED_YEARS = range(2024, 2028)


def vietnam_holidays(years: Iterable[int] = SEED_YEARS) -> list[tuple[datetime.date, str]]:
    """Vietnam's public holidays from the ``holidays`` package, named in Vietnamese."""
    calendar = holidays_lib.country_holidays("VN", years=list(years), language="vi")
    return sorted((day, str(name)) for day, name in calendar.items())


def holiday_set(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    from cchc.feedback.models import Holiday

    return set(
        Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    )


def is_working_day(day: datetime.date, off: set[datetime.date]) -> bool:
    return day.weekday() < 5 and day not in off


def add_working_days(
    start: datetime.date, days: int, off: set[datetime.date] | None = None
) -> datetime.date:
    """The date ``days`` working days after ``start`` (the day itself not counted)."""
    if off is None:
        off = holiday_set(start, start + datetime.timedelta(days=days * 3 + 60))
    day = start
    left = days
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, off):
            left -= 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, off: set[datetime.date] | None = None
) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier."""
    if start == end:
        return 0
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    if off is None:
        off = holiday_set(start, end)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, off):
            count += 1
    return sign * count
