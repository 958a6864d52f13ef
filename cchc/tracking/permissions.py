"""Who may record and change outputs.

A unit records outputs for activities it leads or coordinates (or that name a unit
above it, such as "UBND các xã" given as the plan's own unit). Editing an output whose
reporting period has closed needs an approver.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cchc.orgs.models import Role, Unit
from cchc.orgs.permissions import has_role
from cchc.plans.models import Activity, ActivityUnit
from cchc.plans.permissions import can as plan_can
from cchc.tracking.models import Output

# Outputs of a quarter can be changed freely until this many days after it ends (the
# reporting deadline in the seed plans is "trước ngày 10" of the following month).
GRACE_DAYS = 10


def period_closes_on(day: datetime.date) -> datetime.date:
    """The day after which outputs dated ``day`` need an approver to change."""
    quarter_end_month = ((day.month - 1) // 3 + 1) * 3
    if quarter_end_month == 12:
        end = datetime.date(day.year, 12, 31)
    else:
        end = datetime.date(day.year, quarter_end_month + 1, 1) - datetime.timedelta(days=1)
    return end + datetime.timedelta(days=GRACE_DAYS)


def is_period_closed(day: datetime.date, today: datetime.date | None = None) -> bool:
    return (today or timezone.localdate()) > period_closes_on(day)


def unit_takes_part(activity: Activity, unit: Unit) -> bool:
    """Whether ``unit`` leads or coordinates ``activity`` (or its parent), itself or through a unit above it."""
    ids = [activity.pk] + ([activity.parent_id] if activity.parent_id else [])
    named = ActivityUnit.objects.filter(activity_id__in=ids, unit__isnull=False).values_list(
        "unit__path", flat=True
    )
    return any(unit.path.startswith(path) for path in named) or unit.pk == activity.plan.unit_id


def can_record(user: Any, activity: Activity, unit: Unit, day: datetime.date | None = None) -> bool:
    least = Role.APPROVER if day is not None and is_period_closed(day) else Role.EDITOR
    return has_role(user, unit, least) and unit_takes_part(activity, unit)


def can(user: Any, action: str, output: Output) -> bool:
    if action == "output.view":
        return has_role(user, output.unit, Role.VIEWER) or plan_can(user, "plan.view", output.activity.plan)
    if action in ("output.change", "output.delete", "evidence.add", "evidence.delete"):
        least = Role.APPROVER if is_period_closed(output.date) else Role.EDITOR
        return has_role(user, output.unit, least)
    raise ValueError(f"unknown action {action!r}")
