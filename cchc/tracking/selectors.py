"""Progress and lateness, computed from due occurrences and recorded outputs.

An activity's schedule (``cchc.schedule``) lists its due occurrences; each occurrence
asks for one output in its window (``window_start``..``due``). Recorded outputs fill
them in date order. An occurrence whose due date has passed without enough outputs in
its window is late. Nothing is guessed: an activity whose timing is not understood has
no occurrences and shows as "chưa rõ lịch" until someone sets its schedule.
"""

from __future__ import annotations

import datetime
import gc
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from itertools import accumulate
from typing import Any, ParamSpec, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Unit
from cchc.orgs.permissions import unit_scope_q
from cchc.plans.models import Activity, ActivityUnit, Plan, PlanStatus
from cchc.schedule.models import ScheduleOverride
from cchc.schedule.selectors import activity_schedule
from cchc.schedule.timing import Occurrence, Schedule, occurrences
from cchc.tracking.models import OUTPUT_CHANNEL, Output

P = ParamSpec("P")
R = TypeVar("R")

STATUS_LABELS = {
    "done": _("Hoàn thành"),
    "on_track": _("Đúng tiến độ"),
    "late": _("Chậm"),
    "not_started": _("Chưa đến hạn"),
    "unknown": _("Chưa rõ lịch"),
}


@dataclass(slots=True)
class DueSlot:
    occurrence: Occurrence
    done: int = 0

    @property
    def due(self) -> datetime.date:
        return self.occurrence.due


@dataclass
class ActivityProgress:
    activity: Activity
    schedule: Schedule
    slots: list[DueSlot] = field(default_factory=list)
    done_total: int = 0
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def required_total(self) -> int:
        return len(self.slots)

    @property
    def due_so_far(self) -> list[DueSlot]:
        return [s for s in self.slots if s.due <= self.today]

    @property
    def late(self) -> list[DueSlot]:
        """Occurrences whose due day has passed without an output."""
        return [s for s in self.slots if s.due < self.today and s.done < 1]

    @property
    def upcoming(self) -> list[DueSlot]:
        return [s for s in self.slots if s.due > self.today and s.done < 1]

    @property
    def met(self) -> int:
        return sum(1 for s in self.slots if s.done >= 1)

    @property
    def percent(self) -> int:
        if not self.slots:
            return 0
        return round(100 * self.met / len(self.slots))

    @property
    def status(self) -> str:
        # The same tests as ``late`` and ``due_so_far``, without building their lists.
        if not self.schedule.understood:
            return "unknown"
        if self.slots and self.met == len(self.slots):
            return "done"
        today = self.today
        if any(s.due < today and s.done < 1 for s in self.slots):
            return "late"
        if self.done_total or any(s.due <= today for s in self.slots):
            return "on_track"
        return "not_started"

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold Python's cyclic garbage collector while a large result is built.

    A province dashboard makes some 200,000 small objects that all live until the page
    is rendered; each time the collector runs it walks the whole heap again, which took
    a third of the time. Reference counting still frees everything (nothing here makes
    cycles); the collector runs as usual afterwards. Only re-enabled if it was enabled.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _bulk(fn: Callable[P, R]) -> Callable[P, R]:
    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with _collector_paused():
            return fn(*args, **kwargs)

    return wrapper


def _fill(slots: list[DueSlot], dates: list[datetime.date], cumulative: list[int]) -> None:
    """Give each slot the outputs dated within its window, one output per slot.

    Occurrences sharing a window (two due at the same month end) share its outputs:
    the first takes one, the next takes the following one.
    """
    if not dates:
        return
    used: dict[tuple[datetime.date, datetime.date], int] = defaultdict(int)
    available_in: dict[tuple[datetime.date, datetime.date], int] = {}
    for slot in slots:
        window = (slot.occurrence.window_start, slot.occurrence.due)
        available = available_in.get(window)
        if available is None:
            lo = bisect_left(dates, window[0])
            hi = bisect_right(dates, window[1])
            available = (cumulative[hi - 1] if hi else 0) - (cumulative[lo - 1] if lo else 0)
            available_in[window] = available
        if available - used[window] >= 1:
            slot.done = 1
            used[window] += 1


@lru_cache(maxsize=4096)
def _occurrences(schedule: Schedule) -> tuple[Occurrence, ...]:
    """The schedule's due points, worked out once: many activities share a schedule."""
    return tuple(occurrences(schedule))


def progress_for(
    activity: Activity,
    plan: Plan,
    outputs_by_date: list[tuple[datetime.date, int]],
    today: datetime.date,
) -> ActivityProgress:
    schedule = activity_schedule(activity, plan)
    slots = [DueSlot(o) for o in _occurrences(schedule)] if schedule.understood else []
    dates = [d for d, _n in outputs_by_date]
    cumulative = list(accumulate(n for _d, n in outputs_by_date))
    _fill(slots, dates, cumulative)
    return ActivityProgress(
        activity=activity,
        schedule=schedule,
        slots=slots,
        done_total=cumulative[-1] if cumulative else 0,
        today=today,
    )


def _subtree_q(unit_path: str) -> Q:
    """Outputs of the units at or below ``unit_path`` (a subquery: no join per output)."""
    return Q(unit_id__in=Unit.objects.filter(path__startswith=unit_path).values("pk"))


def _raw_rows(qs: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """A ``values_list`` queryset's rows as the driver returns them.

    SQLite (through Django's registered converters) and PostgreSQL both hand back dates
    and integers already; skipping Django's per-value converters saves a third of the
    time on tens of thousands of rows.
    """
    try:
        sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    except EmptyResultSet:  # e.g. no activity at all: the ORM would not ask either
        return []
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _as_date(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _outputs_by_activity(activity_ids: Iterable[int], unit_path: str | None = None) -> dict[int, list[tuple[datetime.date, int]]]:
    qs = Output.objects.filter(activity_id__in=list(activity_ids))
    if unit_path is not None:
        qs = qs.filter(_subtree_q(unit_path))
    rows = _raw_rows(
        qs.values_list("activity_id", "date").annotate(n=Sum("quantity")).order_by("activity_id", "date")
    )
    grouped: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    for activity_id, day, n in rows:
        grouped[activity_id].append((_as_date(day), int(n)))
    return grouped


def _prefetch_assignments(activities: list[Activity]) -> None:
    """``prefetch_related("assignments__unit")``, done by hand for speed.

    The same one query and result (``activity.assignments.all()`` is read from memory;
    any other use of the manager still queries the database, correctly filtered),
    without Django's per-activity queryset clone, which at 2,000 activities cost more
    than reading the rows.
    """
    rows = ActivityUnit.objects.filter(activity_id__in=[a.pk for a in activities]).select_related("unit")
    activity_field = ActivityUnit.activity.field  # type: ignore[attr-defined]
    by_activity: dict[int, list[ActivityUnit]] = defaultdict(list)
    for row in rows:
        by_activity[row.activity_id].append(row)
    for a in activities:
        assigned = by_activity.get(a.pk, [])
        for row in assigned:
            activity_field.set_cached_value(row, a)
        queryset = ActivityUnit.objects.all()
        # What Django's prefetch stores: a queryset with its result cached; the relation's
        # filter is applied only if the queryset is ever refined (as Django defers it too).
        queryset._deferred_filter = (False, (), {"activity": a})  # type: ignore[attr-defined]
        queryset._result_cache = assigned
        queryset._prefetch_done = True  # type: ignore[attr-defined]
        cache = a.__dict__.setdefault("_prefetched_objects_cache", {})
        cache["assignments"] = queryset


def _activities(plans: QuerySet[Plan] | list[Plan], extra: Q | None = None) -> list[Activity]:
    if isinstance(plans, QuerySet):
        qs = Activity.objects.filter(plan__in=plans).select_related("plan")
        plan_by_id = None
    else:
        # Plans already read are shared by their activities (rather than one copy of the
        # plan per activity through select_related: 2,000 copies on a province dashboard).
        plan_by_id = {p.pk: p for p in plans}
        qs = Activity.objects.filter(plan_id__in=list(plan_by_id))
    if extra is not None:
        qs = qs.filter(extra)
    activities = list(qs.order_by("plan_id", "order", "pk"))
    if plan_by_id is not None:
        plan_field = Activity.plan.field  # type: ignore[attr-defined]
        for a in activities:
            plan_field.set_cached_value(a, plan_by_id[a.plan_id])
    _prefetch_assignments(activities)
    overrides = {o.activity_id: o for o in ScheduleOverride.objects.filter(activity__in=[a.pk for a in activities])}
    # Cache the reverse one-to-one too, "none" included: activity_schedule() then reads
    # no override with no query (without this, one query per activity without one).
    reverse = Activity.schedule_override.related  # type: ignore[attr-defined]
    for a in activities:
        a._prefetched_override = overrides.get(a.pk)  # type: ignore[attr-defined]
        reverse.set_cached_value(a, overrides.get(a.pk))
    return activities


@_bulk
def plan_progress(plan: Plan, *, today: datetime.date | None = None) -> list[ActivityProgress]:
    """Progress of every activity of the plan, in a fixed number of queries."""
    today = today or timezone.localdate()
    activities = _activities([plan])
    outputs = _outputs_by_activity(a.pk for a in activities)
    return [progress_for(a, plan, outputs.get(a.pk, []), today) for a in activities]


@dataclass
class UnitDashboard:
    unit: Unit
    today: datetime.date
    progress: list[ActivityProgress]
    by_plan: dict[Plan, list[ActivityProgress]]
    months: list[datetime.date]
    by_channel: dict[str, list[int]]

    @property
    def late(self) -> list[ActivityProgress]:
        return [p for p in self.progress if p.status == "late"]

    def due_within(self, days: int = 30) -> list[tuple[ActivityProgress, DueSlot]]:
        horizon = self.today + datetime.timedelta(days=days)
        items = [(p, s) for p in self.progress for s in p.upcoming if s.due <= horizon]
        return sorted(items, key=lambda item: item[1].due)


@_bulk
def unit_dashboard(unit: Unit, *, today: datetime.date | None = None) -> UnitDashboard:
    """What ``unit`` and the units below it lead or support in the plans running today.

    Outputs are counted for the unit's subtree. A fixed number of queries, whatever
    the size of the subtree.
    """
    today = today or timezone.localdate()
    involved = ActivityUnit.objects.filter(
        Q(unit__path__startswith=unit.path) | Q(activity__plan__unit=unit)
    ).values("activity_id")
    plans = list(
        Plan.objects.filter(
            status=PlanStatus.ISSUED, period_start__lte=today, period_end__gte=today
        ).select_related("unit")
    )
    activities = _activities(plans, Q(pk__in=involved) | Q(parent__in=involved) | Q(plan__unit=unit))
    outputs = _outputs_by_activity((a.pk for a in activities), unit.path)
    progress = [progress_for(a, a.plan, outputs.get(a.pk, []), today) for a in activities]
    by_plan: dict[Plan, list[ActivityProgress]] = defaultdict(list)
    for p in progress:
        by_plan[p.activity.plan].append(p)
    months, by_channel = outputs_per_month(unit, today=today)
    return UnitDashboard(unit, today, progress, dict(by_plan), months, by_channel)


def outputs_per_month(unit: Unit, *, today: datetime.date, months: int = 12) -> tuple[list[datetime.date], dict[str, list[int]]]:
    """Outputs of the unit's subtree per month and channel, for the last ``months`` months."""
    first = datetime.date(today.year, today.month, 1)
    for _i in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    month_list = [first]
    while len(month_list) < months:
        last = month_list[-1]
        month_list.append((last + datetime.timedelta(days=32)).replace(day=1))
    # Summed per day in the database and per month here: truncating every row's date to
    # its month would run a Python function per row on SQLite.
    rows = (
        Output.objects.filter(_subtree_q(unit.path), date__gte=first, date__lte=today)
        .values_list("date", "kind")
        .annotate(n=Sum("quantity"))
        .order_by()
    )
    index = {m: i for i, m in enumerate(month_list)}
    by_channel: dict[str, list[int]] = {}
    for day, kind, n in rows:
        month_date = day.replace(day=1)
        channel = OUTPUT_CHANNEL.get(kind, "other")
        series = by_channel.setdefault(channel, [0] * months)
        if month_date in index:
            series[index[month_date]] += int(n)
    return month_list, by_channel


def outputs_for_activity(user: Any, activity: Activity) -> QuerySet[Output]:
    return (
        Output.objects.filter(activity=activity)
        .filter(unit_scope_q(user, prefix="unit__") | Q(activity__plan__in=Plan.objects.filter(unit_scope_q(user, prefix="unit__"))))
        .select_related("unit")
        .prefetch_related("evidence")
        .order_by("-date", "-pk")
    )
