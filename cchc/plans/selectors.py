"""Reads of plans, scoped to what the user may see, and the coverage of a plan below it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from cchc.orgs.models import Unit, UnitKind
from cchc.orgs.selectors import current_q
from cchc.plans.models import Activity, ActivityUnit, Plan, PlanEvent, PlanStatus, Theme, UnitRole
from cchc.plans.permissions import assigned_q, plan_scope_q


@dataclass(frozen=True)
class PlanFilters:
    year: int | None = None
    unit_id: int | None = None
    status: str = ""
    area: str = ""
    channel: str = ""
    assigned_to_me: bool = False
    query: str = ""


def plan_list(user: Any, filters: PlanFilters | None = None) -> QuerySet[Plan]:
    """The plans the user may read, filtered; one query, units joined."""
    filters = filters or PlanFilters()
    qs = Plan.objects.filter(plan_scope_q(user)).select_related("unit")
    if filters.year:
        qs = qs.filter(period_start__year__lte=filters.year, period_end__year__gte=filters.year)
    if filters.unit_id:
        unit = Unit.objects.filter(pk=filters.unit_id).first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.assigned_to_me:
        qs = qs.filter(pk__in=Plan.objects.filter(assigned_q(user)).values("pk"))
    if filters.area:
        qs = qs.filter(pk__in=Theme.objects.filter(areas__icontains=f'"{filters.area}"').values("plan_id"))
    if filters.channel:
        qs = qs.filter(
            Q(pk__in=Activity.objects.filter(channels__icontains=f'"{filters.channel}"').values("plan_id"))
            | Q(channels__kind=filters.channel)
        )
    if filters.query:
        qs = qs.filter(Q(title__icontains=filters.query) | Q(number__iexact=filters.query))
    return qs.distinct().order_by("-period_start", "unit__path", "-version", "pk")


@dataclass(frozen=True)
class PlanCounts:
    """What the staff dashboard shows about plans."""

    total: int
    drafts: int
    awaiting_approval: int
    issued: int
    assigned: int


def plan_counts_for_user(user: Any) -> PlanCounts:
    """Counts of the plans the user may read, in two queries."""
    counts = dict(
        Plan.objects.filter(plan_scope_q(user)).values_list("status").annotate(n=Count("pk")).order_by()
    )
    assigned = Plan.objects.filter(assigned_q(user)).values("pk").distinct().count() if user.is_authenticated else 0
    return PlanCounts(
        total=sum(counts.values()),
        drafts=counts.get(PlanStatus.DRAFT, 0),
        awaiting_approval=counts.get(PlanStatus.SUBMITTED, 0),
        issued=counts.get(PlanStatus.ISSUED, 0),
        assigned=assigned,
    )


def plan_detail(pk: int) -> Plan:
    """A plan with everything the reader page shows, in a fixed number of queries."""
    activities = Activity.objects.prefetch_related(
        Prefetch("assignments", ActivityUnit.objects.select_related("unit")), "themes"
    ).order_by("order", "pk")
    return (
        Plan.objects.select_related("unit", "replaces", "derived_from", "created_by")
        .prefetch_related(
            "legal_bases__reference",
            "audiences",
            "themes",
            "channels",
            Prefetch("activities", activities),
            "responsibilities__unit",
            "funding_sources",
            "reporting_duties__to_unit",
            "reporting_duties__through_unit",
            "recipients",
            Prefetch("events", to_attr="event_list", queryset=PlanEvent.objects.select_related("actor")),
        )
        .get(pk=pk)
    )


def activity_tree(plan: Plan) -> list[tuple[Activity, list[Activity]]]:
    """Top-level activities with their sub-activities, from the prefetched rows."""
    rows = list(plan.activities.all())
    children: dict[int, list[Activity]] = defaultdict(list)
    for a in rows:
        if a.parent_id:
            children[a.parent_id].append(a)
    return [(a, children.get(a.pk, [])) for a in rows if a.parent_id is None]


# --- Coverage -----------------------------------------------------------------------

EXPECTED_KINDS = (UnitKind.MINISTRY, UnitKind.PROVINCE, UnitKind.AGENCY, UnitKind.DISTRICT, UnitKind.COMMUNE)


@dataclass
class UnitCoverage:
    """How one unit below a plan follows it."""

    unit: Unit
    plan: Plan | None = None
    themes_total: int = 0
    themes_covered: int = 0
    assigned_total: int = 0
    assigned_covered: int = 0
    missing_themes: list[Theme] = field(default_factory=list)
    missing_activities: list[Activity] = field(default_factory=list)
    direct: bool = True  # follows this plan itself, not a plan in between

    @property
    def has_plan(self) -> bool:
        return self.plan is not None

    @property
    def percent(self) -> int:
        total = self.themes_total + self.assigned_total
        if not total:
            return 100 if self.plan is not None else 0
        return round(100 * (self.themes_covered + self.assigned_covered) / total)


@dataclass
class Coverage:
    plan: Plan
    rows: list[UnitCoverage]

    @property
    def with_plan(self) -> int:
        return sum(1 for r in self.rows if r.has_plan)

    @property
    def expected(self) -> int:
        return len(self.rows)


def _overlapping(plan: Plan) -> Q:
    return Q(period_start__lte=plan.period_end, period_end__gte=plan.period_start)


def plan_coverage(plan: Plan, *, detail: bool = True) -> Coverage:
    """Which units below ``plan`` have a plan for its period, and what theirs covers.

    Rows: the current units directly below the plan's unit that are expected to plan
    (departments, communes...), the units the plan assigns activities to, and every
    unit further down the subtree that has a plan for the period. A unit's coverage is
    measured against the plan it was derived from (this one, or one in between), so a
    superior body sees its whole subtree. A fixed number of queries, whatever the size.
    """
    plan_unit = plan.unit
    expected_units = Unit.objects.filter(
        path__startswith=plan_unit.path,
        depth=plan_unit.depth + 1,
        kind__in=EXPECTED_KINDS,
    ).filter(current_q(plan.period_start) | current_q(plan.period_end))
    assignments = list(
        ActivityUnit.objects.filter(
            activity__plan=plan, unit__path__startswith=plan_unit.path
        ).exclude(unit_id=plan_unit.pk).select_related("unit")
    )
    child_plans = list(
        Plan.objects.filter(_overlapping(plan), unit__path__startswith=plan_unit.path)
        .exclude(unit_id=plan_unit.pk)
        .exclude(status=PlanStatus.CLOSED, replaced_by__isnull=False)
        .select_related("unit")
        .annotate(
            covered_themes=Count("themes__parent_theme", distinct=True),
            covered_activities=Count("activities__derived_from", distinct=True),
        )
        .order_by("unit__path", "-version")
    )
    # The latest version per unit.
    by_unit: dict[int, Plan] = {}
    for p in child_plans:
        by_unit.setdefault(p.unit_id, p)

    parents = {p.derived_from_id for p in by_unit.values() if p.derived_from_id} | {plan.pk}
    theme_totals = dict(
        Theme.objects.filter(plan_id__in=parents).values_list("plan_id").annotate(n=Count("pk"))
    )
    assigned_by_parent_unit: dict[tuple[int, int], set[int]] = defaultdict(set)
    for plan_id, unit_id, activity_id in ActivityUnit.objects.filter(
        activity__plan_id__in=parents, unit__isnull=False
    ).values_list("activity__plan_id", "unit_id", "activity_id"):
        assigned_by_parent_unit[(plan_id, unit_id)].add(activity_id)

    rows: dict[int, UnitCoverage] = {}
    for unit in expected_units:
        rows[unit.pk] = UnitCoverage(unit=unit)
    for a in assignments:
        if a.unit is not None:
            rows.setdefault(a.unit.pk, UnitCoverage(unit=a.unit))
    for unit_id, child in by_unit.items():
        row = rows.setdefault(unit_id, UnitCoverage(unit=child.unit))
        row.plan = child
        parent_id = child.derived_from_id or plan.pk
        row.direct = parent_id == plan.pk
        row.themes_total = theme_totals.get(parent_id, 0)
        row.themes_covered = min(getattr(child, "covered_themes", 0), row.themes_total)
        row.assigned_total = len(assigned_by_parent_unit.get((parent_id, unit_id), set()))
        row.assigned_covered = min(getattr(child, "covered_activities", 0), row.assigned_total)
    for row in rows.values():
        if row.plan is None:
            row.themes_total = theme_totals.get(plan.pk, 0)
            row.assigned_total = len(assigned_by_parent_unit.get((plan.pk, row.unit.pk), set()))

    if detail:
        _fill_missing(plan, [r for r in rows.values() if r.direct])
    ordered = sorted(rows.values(), key=lambda r: (r.unit.depth, not r.has_plan, r.unit.path))
    return Coverage(plan=plan, rows=ordered)


def _fill_missing(plan: Plan, rows: list[UnitCoverage]) -> None:
    """For rows that follow ``plan`` directly: which of its themes and activities they miss."""
    themes = list(plan.themes.all())
    activities = {a.pk: a for a in plan.activities.filter(parent__isnull=True)}
    plan_ids = [r.plan.pk for r in rows if r.plan is not None]
    covered_themes: dict[int, set[int]] = defaultdict(set)
    for plan_id, theme_id in Theme.objects.filter(plan_id__in=plan_ids, parent_theme__isnull=False).values_list(
        "plan_id", "parent_theme_id"
    ):
        covered_themes[plan_id].add(theme_id)
    covered_activities: dict[int, set[int]] = defaultdict(set)
    for plan_id, activity_id in Activity.objects.filter(
        plan_id__in=plan_ids, derived_from__isnull=False
    ).values_list("plan_id", "derived_from_id"):
        covered_activities[plan_id].add(activity_id)
    assigned: dict[int, set[int]] = defaultdict(set)
    for unit_id, activity_id in ActivityUnit.objects.filter(
        activity__plan=plan, unit__isnull=False
    ).values_list("unit_id", "activity_id"):
        assigned[unit_id].add(activity_id)
    for row in rows:
        done_themes = covered_themes.get(row.plan.pk, set()) if row.plan else set()
        done_activities = covered_activities.get(row.plan.pk, set()) if row.plan else set()
        row.missing_themes = [t for t in themes if t.pk not in done_themes]
        row.missing_activities = [
            activities[a] for a in sorted(assigned.get(row.unit.pk, set())) if a in activities and a not in done_activities
        ]


def lead_units(activity: Activity) -> list[ActivityUnit]:
    return [a for a in activity.assignments.all() if a.role == UnitRole.LEAD]


def coordinator_units(activity: Activity) -> list[ActivityUnit]:
    return [a for a in activity.assignments.all() if a.role == UnitRole.COORDINATOR]
