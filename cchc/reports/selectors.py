"""Reads for periodic reports: expected reporters, pre-filled figures, roll-up, completeness.

Who must report (DHIS2-like rule): for a period of a plan, the units directly below the
plan's unit that existed by the data cut-off and still exist on the deadline
(``valid_from <= cutoff`` and ``valid_to`` empty or ``>= deadline``). A unit closed
before the deadline is not expected (its successor reports); a unit opened during the
period, before the cut-off, is. They report to the period's ``to_unit`` (the plan's
unit by default); the plan's unit then sends its own report, rolled up from theirs.

Several levels: a unit further down (a commune under a district) may report too, to the
unit above it (``receiver``); the unit above then rolls its accepted reports up, and its
own accepted report is taken as-is, roll-up included, one level higher. Each unit's own
figures leave out the subtrees of the units below it that report themselves, and each
roll-up takes only the reports of the level directly below, so nothing is counted twice.

Received = submitted or accepted; on time = last submission no later than the end of
the deadline day (Asia/Ho_Chi_Minh); late = received after it; missing = expected and
not received. Every function runs a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Unit
from cchc.plans.models import ActivityUnit, Plan
from cchc.reports.models import RECEIVED_STATUSES, Report, ReportingPeriod, ReportStatus
from cchc.tracking.models import OUTPUT_CHANNEL, Evidence, Output
from cchc.tracking.selectors import _activities, progress_for

LINK_LIMIT = 50
SUMMED = ("outputs_total", "participants", "audience_reached", "evidence_count")
ACTIVITY_STATUSES = ("done", "on_track", "late", "not_started", "unknown")


# --- Who reports ----------------------------------------------------------------------


def expected_q(period: ReportingPeriod) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=period.cutoff)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=period.deadline)
    )


def is_expected(period: ReportingPeriod, unit: Unit) -> bool:
    return (
        unit.path.startswith(period.plan.unit.path)
        and unit.depth == period.plan.unit.depth + 1
        and (unit.valid_from is None or unit.valid_from <= period.cutoff)
        and (unit.valid_to is None or unit.valid_to >= period.deadline)
    )


def _children(plan_unit: Unit) -> Any:
    return Unit.objects.filter(path__startswith=plan_unit.path, depth=plan_unit.depth + 1)


def expected_units(period: ReportingPeriod, root: Unit | None = None) -> list[Unit]:
    qs = _children(period.plan.unit).filter(expected_q(period))
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
    return list(qs.order_by("path"))


def is_lower_level(period: ReportingPeriod, unit: Unit) -> bool:
    """A unit below an expected one (a commune under a district) still open in the period."""
    plan_unit = period.plan.unit
    return (
        unit.path.startswith(plan_unit.path)
        and unit.depth > plan_unit.depth + 1
        and (unit.valid_from is None or unit.valid_from <= period.cutoff)
        and (unit.valid_to is None or unit.valid_to >= period.deadline)
    )


def may_report(period: ReportingPeriod, unit: Unit) -> bool:
    """The expected units, the plan's unit (its report rolls theirs up) and the lower levels."""
    return unit.pk == period.plan.unit_id or is_expected(period, unit) or is_lower_level(period, unit)


def _parent_path(unit: Unit) -> str:
    return unit.path[: -Unit.steplen]


def receiver(report: Report) -> Unit:
    """Where the report goes: the period's ``to_unit`` for the units directly below the plan's
    unit (and below ``to_unit``), the unit above for the lower levels and the plan's unit."""
    to_unit = report.period.to_unit
    plan_unit = report.period.plan.unit
    lower = report.unit.depth > plan_unit.depth + 1 and report.unit.path.startswith(plan_unit.path)
    if not lower and report.unit.path.startswith(to_unit.path) and report.unit.pk != to_unit.pk:
        return to_unit
    parent = Unit.objects.filter(path=_parent_path(report.unit)).first() if report.unit.depth > 1 else None
    return parent if parent is not None else to_unit


# --- Figures pre-filled from tracking -------------------------------------------------


def _scope_q(period: ReportingPeriod, unit: Unit) -> Q:
    """Outputs the unit's own report counts: its subtree, less the subtrees that report themselves."""
    q = Q(unit__path__startswith=unit.path)
    reporting = Q(periodic_reports__period=period)
    if unit.pk == period.plan.unit_id:
        reporting |= expected_q(period)
    reporters = list(_children(unit).filter(reporting).values_list("path", flat=True).distinct())
    for path in reporters:
        q &= ~Q(unit__path__startswith=path)
    return q


def _activity_q(unit: Unit, plan: Plan) -> Q | None:
    """Activities the unit takes part in (or all, for the plan's own unit)."""
    if unit.pk == plan.unit_id:
        return None
    steplen = Unit.steplen
    ancestors = [unit.path[:i] for i in range(steplen, len(unit.path) + 1, steplen)]
    involved = ActivityUnit.objects.filter(
        Q(unit__path__startswith=unit.path) | Q(unit__path__in=ancestors)
    ).values("activity_id")
    return Q(pk__in=involved) | Q(parent__in=involved)


def report_figures(period: ReportingPeriod, unit: Unit) -> dict[str, Any]:
    """What the unit recorded between the period's start and cut-off, as a JSON snapshot."""
    plan = period.plan
    activities = _activities([plan], _activity_q(unit, plan))
    by_id = {a.pk: a for a in activities}
    outputs = Output.objects.filter(
        _scope_q(period, unit), activity__plan=plan, date__gte=period.start, date__lte=period.cutoff
    )
    rows = (
        outputs.values_list("activity_id", "date", "kind")
        .annotate(n=Sum("quantity"), p=Sum("participants"), r=Sum("audience_reached"))
        .order_by("activity_id", "date")
    )
    by_channel: dict[str, int] = defaultdict(int)
    by_kind: dict[str, int] = defaultdict(int)
    per_activity: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    participants = reached = 0
    for activity_id, day, kind, n, p, r in rows:
        by_kind[kind] += int(n)
        by_channel[OUTPUT_CHANNEL.get(kind, "other")] += int(n)
        per_activity[activity_id].append((day, int(n)))
        participants += int(p or 0)
        reached += int(r or 0)
    activity_rows = []
    statuses = dict.fromkeys(ACTIVITY_STATUSES, 0)
    for activity_id in sorted(set(by_id) | set(per_activity), key=lambda i: (i not in by_id, i)):
        activity = by_id.get(activity_id)
        dated = per_activity.get(activity_id, [])
        if activity is None:  # an output for an activity the unit is not named in
            activity_rows.append({"id": activity_id, "title": "", "outputs": sum(n for _d, n in dated), "status": ""})
            continue
        progress = progress_for(activity, plan, dated, period.cutoff)
        statuses[progress.status] += 1
        activity_rows.append(
            {"id": activity.pk, "title": activity.title, "outputs": progress.done_total, "status": progress.status}
        )
    evidence = Evidence.objects.filter(output__in=outputs).aggregate(n=Count("pk"))["n"] or 0
    links = list(
        outputs.exclude(link="").order_by("date", "pk").values("pk", "date", "title", "link", "activity_id")[:LINK_LIMIT]
    )
    return {
        "start": period.start.isoformat(),
        "cutoff": period.cutoff.isoformat(),
        "outputs_total": sum(by_kind.values()),
        "by_channel": dict(by_channel),
        "by_kind": dict(by_kind),
        "activities": activity_rows,
        "activity_status": statuses,
        "participants": participants,
        "audience_reached": reached,
        "evidence_count": evidence,
        "links": [{**row, "date": row["date"].isoformat()} for row in links],
    }


# --- Roll-up --------------------------------------------------------------------------


def _add(total: dict[str, Any], figures: dict[str, Any]) -> None:
    for key in SUMMED:
        total[key] = total.get(key, 0) + int(figures.get(key) or 0)
    for key in ("by_channel", "by_kind", "activity_status"):
        bucket = total.setdefault(key, {})
        for name, n in (figures.get(key) or {}).items():
            bucket[name] = bucket.get(name, 0) + int(n)


def has_rollup(report: Report) -> bool:
    """The plan's unit always rolls up; a lower unit once a unit below it has a report."""
    if report.unit_id == report.period.plan.unit_id:
        return True
    return Report.objects.filter(
        period=report.period, unit__path__startswith=report.unit.path, unit__depth__gt=report.unit.depth
    ).exists()


def accepted_children(report: Report) -> list[Report]:
    """The accepted reports of the level directly below (never two levels down)."""
    return list(
        Report.objects.filter(
            period=report.period,
            status=ReportStatus.ACCEPTED,
            unit__path__startswith=report.unit.path,
            unit__depth=report.unit.depth + 1,
        )
        .select_related("unit")
        .order_by("unit__path")
    )


def reported_figures(report: Report) -> dict[str, Any]:
    """What an accepted report hands up: its roll-up totals when it has one, else its figures."""
    totals = (report.rollup or {}).get("totals")
    return totals if totals else report.figures


def compute_rollup(report: Report, own: dict[str, Any]) -> tuple[dict[str, Any], dict[str, int]]:
    """Totals = own records + every child's accepted figures (its roll-up, for a unit that
    rolls up the level below it); each child kept as a source."""
    children = accepted_children(report)
    totals: dict[str, Any] = {}
    _add(totals, own)
    sources: list[dict[str, Any]] = [{"source": "own", "unit": report.unit.display_name, "figures": {k: own.get(k, 0) for k in SUMMED}}]
    for child in children:
        figures = reported_figures(child)
        _add(totals, figures)
        sources.append(
            {
                "source": "child",
                "report_id": child.pk,
                "unit_id": child.unit_id,
                "unit": child.unit.display_name,
                "revision": child.revision,
                "figures": {k: int(figures.get(k) or 0) for k in SUMMED},
                "by_channel": figures.get("by_channel", {}),
            }
        )
    rollup = {"totals": totals, "sources": sources, "children": len(children)}
    return rollup, {str(c.pk): c.revision for c in children}


@dataclass
class RollupChange:
    unit: str
    report_id: int
    was: int | None
    now: int | None


def rollup_changes(report: Report) -> list[RollupChange]:
    """Children accepted (again) or withdrawn since the roll-up was made."""
    if not report.rollup:
        return []
    current = {str(c.pk): c for c in accepted_children(report)}
    changes = []
    for key, child in current.items():
        was = report.rolled_up_from.get(key)
        if was != child.revision:
            changes.append(RollupChange(child.unit.display_name, child.pk, was, child.revision))
    gone = [k for k in report.rolled_up_from if k not in current]
    if gone:
        names = dict(Report.objects.filter(pk__in=[int(k) for k in gone]).values_list("pk", "unit__name"))
        for key in gone:
            changes.append(RollupChange(str(names.get(int(key), "")), int(key), report.rolled_up_from[key], None))
    return changes


# --- Completeness and timeliness ------------------------------------------------------


def deadline_end(day: datetime.date) -> datetime.datetime:
    """The last moment of the deadline day, in the site's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))


@dataclass
class UnitCompleteness:
    unit: Unit
    state: str  # on_time / late / missing
    report: Report | None = None

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass
class Completeness:
    period: ReportingPeriod
    rows: list[UnitCompleteness] = field(default_factory=list)

    def _n(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def on_time(self) -> int:
        return self._n("on_time")

    @property
    def late(self) -> int:
        return self._n("late")

    @property
    def missing(self) -> int:
        return self._n("missing")

    @property
    def received(self) -> int:
        return self.on_time + self.late

    def _pct(self, n: int) -> int:
        return round(100 * n / self.expected) if self.expected else 0

    @property
    def completeness_pct(self) -> int:
        return self._pct(self.received)

    @property
    def timeliness_pct(self) -> int:
        return self._pct(self.on_time)


STATE_LABELS = {"on_time": _("Đúng hạn"), "late": _("Trễ hạn"), "missing": _("Chưa gửi")}


def _state(report: Report | None, end: datetime.datetime) -> str:
    if report is None or report.status not in RECEIVED_STATUSES or report.submitted_at is None:
        return "missing"
    return "on_time" if report.submitted_at < end else "late"


def period_completeness(period: ReportingPeriod, root: Unit | None = None) -> Completeness:
    """Per expected unit: on time, late or missing. Two queries, whatever the number of units."""
    units = expected_units(period, root)
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(period=period, unit__in=[u.pk for u in units]).only(
            "pk", "unit_id", "status", "submitted_at", "period_id", "revision"
        )
    }
    end = deadline_end(period.deadline)
    return Completeness(period, [UnitCompleteness(u, _state(reports.get(u.pk), end), reports.get(u.pk)) for u in units])


def plan_completeness(plan: Plan, root: Unit | None = None) -> list[Completeness]:
    """Every period of the plan: three queries (periods, candidate units, reports)."""
    periods = list(ReportingPeriod.objects.filter(plan=plan).select_related("plan__unit").order_by("deadline", "pk"))
    if not periods:
        return []
    candidates = _children(plan.unit)
    if root is not None:
        candidates = candidates.filter(path__startswith=root.path)
    units = list(candidates.order_by("path"))
    reports: dict[tuple[int, int], Report] = {
        (r.period_id, r.unit_id): r
        for r in Report.objects.filter(period__in=periods).only("pk", "unit_id", "status", "submitted_at", "period_id")
    }
    out = []
    for period in periods:
        end = deadline_end(period.deadline)
        rows = [
            UnitCompleteness(u, _state(reports.get((period.pk, u.pk)), end), reports.get((period.pk, u.pk)))
            for u in units
            if (u.valid_from is None or u.valid_from <= period.cutoff)
            and (u.valid_to is None or u.valid_to >= period.deadline)
        ]
        out.append(Completeness(period, rows))
    return out
