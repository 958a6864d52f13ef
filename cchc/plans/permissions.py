"""Who may do what with plans: the one policy that views, API and admin call.

Built on the units policy: a role held on a unit reaches every unit below it. Units
named in a plan (as lead or coordinator, or in its duties) may read it: "assigned to us".
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from cchc.orgs.models import Role, Unit
from cchc.orgs.permissions import has_role, is_site_admin, unit_scope_q
from cchc.plans.models import Plan, PlanStatus

# Action -> (least role on the plan's unit, statuses in which it is allowed; None = any).
PLAN_ACTIONS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "plan.view": (Role.VIEWER, None),
    "plan.change": (Role.EDITOR, (PlanStatus.DRAFT, PlanStatus.SUBMITTED)),
    "plan.delete": (Role.EDITOR, (PlanStatus.DRAFT,)),
    "plan.submit": (Role.EDITOR, (PlanStatus.DRAFT,)),
    "plan.return": (Role.APPROVER, (PlanStatus.SUBMITTED, PlanStatus.APPROVED)),
    "plan.approve": (Role.APPROVER, (PlanStatus.SUBMITTED,)),
    "plan.issue": (Role.APPROVER, (PlanStatus.APPROVED,)),
    "plan.close": (Role.APPROVER, (PlanStatus.ISSUED,)),
    "plan.revise": (Role.EDITOR, (PlanStatus.ISSUED,)),
}


def can_create_plan(user: Any, unit: Unit) -> bool:
    return has_role(user, unit, Role.EDITOR)


def can(user: Any, action: str, plan: Plan) -> bool:
    if action not in PLAN_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    least, statuses = PLAN_ACTIONS[action]
    if statuses is not None and plan.status not in statuses:
        return False
    if action == "plan.view" and is_assigned_to_user(user, plan):
        return True
    return has_role(user, plan.unit, least)


def can_derive(user: Any, plan: Plan, unit: Unit) -> bool:
    """Whether the user may start ``unit``'s own plan from the issued ``plan``."""
    if plan.status not in (PlanStatus.ISSUED, PlanStatus.CLOSED):
        return False
    if unit.pk == plan.unit_id or not (
        unit.path.startswith(plan.unit.path) or is_unit_assigned(plan, unit)
    ):
        return False
    return has_role(user, unit, Role.EDITOR)


def is_unit_assigned(plan: Plan, unit: Unit) -> bool:
    from cchc.plans.models import ActivityUnit

    return ActivityUnit.objects.filter(activity__plan=plan, unit=unit).exists()


def is_assigned_to_user(user: Any, plan: Plan) -> bool:
    if not user.is_authenticated:
        return False
    return Plan.objects.filter(pk=plan.pk).filter(assigned_q(user)).exists()


def assigned_q(user: Any) -> Q:
    """Plans that name, as lead or coordinator, a unit in the user's reach."""
    return Q(activities__assignments__unit__in=Unit.objects.filter(unit_scope_q(user)))


def plan_scope_q(user: Any) -> Q:
    """Plans the user may read: issued by a unit in reach, or assigned to one."""
    if is_site_admin(user):
        return Q()
    return unit_scope_q(user, prefix="unit__") | Q(
        pk__in=Plan.objects.filter(assigned_q(user)).values("pk")
    )
