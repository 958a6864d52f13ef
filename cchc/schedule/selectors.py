"""Schedules and due occurrences of plan activities."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cchc.plans.models import Activity, Plan
from cchc.schedule.models import ScheduleOverride
from cchc.schedule.timing import Occurrence, Per, Schedule, ScheduleKind, occurrences, parse_timing


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def override_schedule(override: ScheduleOverride, text: str) -> Schedule:
    """The schedule a person set, in the parser's own shape."""
    kind = ScheduleKind(override.kind)
    deadlines = tuple(sorted(datetime.date.fromisoformat(d) for d in override.deadlines))
    if kind == ScheduleKind.RECURRING and override.count and override.per:
        unit = dict(day="ngày", week="tuần", month="tháng", quarter="quý", year="năm")[override.per]
        summary = f"{override.count} lần mỗi {unit}, từ {_fmt(override.start)} đến {_fmt(override.end)}"
    elif deadlines:
        summary = "Các hạn: " + ", ".join(_fmt(d) for d in deadlines)
    else:
        summary = f"Từ {_fmt(override.start)} đến {_fmt(override.end)}"
    return Schedule(
        kind=kind,
        text=text,
        understood=True,
        summary=summary + " (đặt tay)",
        start=override.start,
        end=override.end,
        count=override.count,
        per=Per(override.per) if override.per else None,
        deadlines=deadlines,
    )


def activity_schedule(activity: Activity, plan: Plan | None = None) -> Schedule:
    """The activity's schedule: set by hand when someone did, else read from its timing text.

    A sub-activity without its own timing follows its parent's.
    """
    plan = plan or activity.plan
    if hasattr(activity, "_prefetched_override"):
        # Loaded in bulk by the caller; None means the activity has no override.
        override = activity._prefetched_override
    else:
        try:
            override = activity.schedule_override
        except ScheduleOverride.DoesNotExist:
            override = None
    if override is not None:
        return override_schedule(override, activity.timing_text)
    return parse_timing(
        activity.timing_text or "Thường xuyên",
        year=plan.period_start.year if not plan.is_multi_year else None,
        period=(plan.period_start, plan.period_end),
    )


@dataclass(frozen=True)
class DueItem:
    """One thing due: an activity's occurrence, with the plan it belongs to."""

    activity: Activity
    occurrence: Occurrence

    @property
    def due(self) -> datetime.date:
        return self.occurrence.due


def activity_occurrences(activity: Activity, plan: Plan | None = None) -> list[Occurrence]:
    schedule = activity_schedule(activity, plan)
    return occurrences(schedule) if schedule.understood else []
