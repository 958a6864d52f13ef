"""Who may do what with reporting calendars and reports.

* A unit's editors open, draft and submit its report (a role reaches the units below).
* Approvers of the receiving unit (the period's ``to_unit`` for units below it, else
  the unit above) or of the ``through_unit`` accept or return it.
* Viewers of the unit or of any unit above it (hence of the receiving unit) read it.
* The calendar of a plan: readable by whoever may read the plan; generated and extended
  with ad-hoc requests by editors of the plan's unit.
"""

from __future__ import annotations

from typing import Any

from cchc.orgs.models import Role, Unit
from cchc.orgs.permissions import has_role
from cchc.plans.models import Plan
from cchc.plans.permissions import can as plan_can
from cchc.reports.models import EDITABLE_STATUSES, Report, ReportingPeriod, ReportStatus
from cchc.reports.selectors import receiver


def can_view_calendar(user: Any, plan: Plan) -> bool:
    return plan_can(user, "plan.view", plan)


def can_manage_calendar(user: Any, plan: Plan) -> bool:
    return has_role(user, plan.unit, Role.EDITOR)


def can_view_completeness(user: Any, period: ReportingPeriod) -> bool:
    return has_role(user, period.plan.unit, Role.VIEWER) or has_role(
        user, period.to_unit, Role.VIEWER
    )


def can_lock(user: Any, period: ReportingPeriod) -> bool:
    """Approvers of the unit the reports go to close (and reopen) the period."""
    return has_role(user, period.to_unit, Role.APPROVER)


def can_view_tree_completeness(user: Any, period: ReportingPeriod, focus: Unit) -> bool:
    """The drill-down below ``focus``: whoever sees the period's completeness, or a viewer of
    ``focus`` itself (a district following its communes)."""
    return can_view_completeness(user, period) or has_role(user, focus, Role.VIEWER)


def can_view_par_index(user: Any, unit: Unit) -> bool:
    """The unit's own viewers and those of the units above it (the province scoring it)."""
    return has_role(user, unit, Role.VIEWER)


def can_open(user: Any, period: ReportingPeriod, unit: Unit) -> bool:
    return has_role(user, unit, Role.EDITOR)


def _reviewer_units(report: Report) -> list[Unit]:
    units = [receiver(report)]
    if report.period.through_unit is not None:
        units.append(report.period.through_unit)
    return units


def can(user: Any, action: str, report: Report) -> bool:
    if action == "report.view":
        return has_role(user, report.unit, Role.VIEWER) or any(
            has_role(user, u, Role.VIEWER) for u in _reviewer_units(report)
        )
    if action in ("report.change", "report.submit"):
        return report.status in EDITABLE_STATUSES and has_role(user, report.unit, Role.EDITOR)
    if action in ("report.accept", "report.return"):
        allowed = (
            (ReportStatus.SUBMITTED,)
            if action == "report.accept"
            else (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
        )
        if report.status not in allowed:
            return False
        return may_review(user, report)
    raise ValueError(f"unknown action {action!r}")


def may_review(user: Any, report: Report) -> bool:
    """Whether the user reviews this report at all (whatever its status)."""
    return any(
        has_role(user, u, Role.APPROVER) and not u.path.startswith(report.unit.path)
        for u in _reviewer_units(report)
    )
