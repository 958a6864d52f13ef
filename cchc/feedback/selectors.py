"""Reading feedback: lists, days left, statistics (by unit, subject and month)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.feedback.models import DONE_STATUSES, OPEN_STATUSES, Feedback, Status, Subject
from cchc.feedback.permissions import visible_q
from cchc.feedback.workdays import WorkCalendar, calendar_between, working_days_between


def visible(user: Any) -> QuerySet[Feedback]:
    return Feedback.objects.filter(visible_q(user)).select_related(
        "unit", "receiving_unit", "procedure"
    )


def published() -> QuerySet[Feedback]:
    return (
        Feedback.objects.filter(status=Status.PUBLISHED)
        .select_related("unit", "procedure")
        .order_by("-published_on", "-pk")
    )


def days_left(
    item: Feedback, today: datetime.date | None = None, calendar: WorkCalendar | None = None
) -> int | None:
    """Working days until the deadline (negative when late); None once answered or closed."""
    if item.status not in OPEN_STATUSES:
        return None
    return working_days_between(today or timezone.localdate(), item.due_on, calendar)


def days_left_label(left: int | None) -> str:
    if left is None:
        return ""
    if left < 0:
        return _("Quá hạn %(n)d ngày làm việc") % {"n": -left}
    if left == 0:
        return _("Hết hạn hôm nay")
    return _("Còn %(n)d ngày làm việc") % {"n": left}


def annotate_days_left(items: list[Feedback], today: datetime.date | None = None) -> list[Feedback]:
    today = today or timezone.localdate()
    if items:
        dues = [i.due_on for i in items] + [today]
        calendar = calendar_between(min(dues), max(dues))
    else:
        calendar = WorkCalendar()
    for item in items:
        left = days_left(item, today, calendar)
        item.days_left = left  # type: ignore[attr-defined]
        item.days_left_label = days_left_label(left)  # type: ignore[attr-defined]
    return items


@dataclass
class Row:
    label: str
    received: int = 0
    answered: int = 0
    on_time: int = 0
    late: int = 0
    open: int = 0
    days_total: int = 0

    @property
    def average_days(self) -> float | None:
        return round(self.days_total / self.answered, 1) if self.answered else None


@dataclass
class Stats:
    year: int
    total: Row
    by_unit: list[Row] = field(default_factory=list)
    by_subject: list[Row] = field(default_factory=list)
    by_month: list[Row] = field(default_factory=list)


def _add(row: Row, item: Feedback, today: datetime.date, calendar: WorkCalendar) -> None:
    row.received += 1
    if item.status in DONE_STATUSES and item.answered_on:
        row.answered += 1
        row.days_total += max(0, working_days_between(item.received_on, item.answered_on, calendar))
        if item.answered_on <= item.due_on:
            row.on_time += 1
        else:
            row.late += 1
    elif item.status in OPEN_STATUSES:
        row.open += 1
        if today > item.due_on:
            row.late += 1


def statistics(qs: QuerySet[Feedback], year: int, today: datetime.date | None = None) -> Stats:
    """Received, answered on time, late (answered late or still open past the deadline),
    average working days to answer; in total and by handling unit, subject and month."""
    today = today or timezone.localdate()
    items = list(
        qs.filter(received_on__year=year)
        .select_related(None)
        .select_related("unit", "receiving_unit")
    )
    calendar = calendar_between(
        datetime.date(year, 1, 1), max(today, datetime.date(year + 1, 3, 31))
    )
    total = Row(_("Tổng số"))
    units: dict[int, Row] = {}
    subjects: dict[str, Row] = {s: Row(str(label)) for s, label in Subject.choices}
    months: dict[int, Row] = {m: Row(f"T{m}/{year}") for m in range(1, 13)}
    for item in items:
        if item.status == Status.REJECTED:
            total.received += 1
            months[item.received_on.month].received += 1
            subjects[item.subject].received += 1
            continue
        _add(total, item, today, calendar)
        unit = item.unit or item.receiving_unit
        if unit.pk not in units:
            units[unit.pk] = Row(unit.name)
        _add(units[unit.pk], item, today, calendar)
        _add(subjects[item.subject], item, today, calendar)
        _add(months[item.received_on.month], item, today, calendar)
    by_unit = sorted(units.values(), key=lambda r: (-r.received, r.label))
    return Stats(
        year, total, by_unit, [r for r in subjects.values()], [months[m] for m in range(1, 13)]
    )


def status_counts(qs: QuerySet[Feedback]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for status in qs.values_list("status", flat=True):
        counts[status] += 1
    return dict(counts)
