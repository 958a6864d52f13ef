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
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Unit, UnitKind
from cchc.plans.models import Activity, ActivityUnit, ChannelKind, Plan, PlanStatus, UnitRole
from cchc.reports import par_index
from cchc.reports.models import RECEIVED_STATUSES, Report, ReportingPeriod, ReportStatus
from cchc.tracking.models import OUTPUT_CHANNEL, Evidence, Output
from cchc.tracking.selectors import _activities, _outputs_by_activity, _subtree_q, progress_for

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
    return (
        unit.pk == period.plan.unit_id or is_expected(period, unit) or is_lower_level(period, unit)
    )


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
    parent = (
        Unit.objects.filter(path=_parent_path(report.unit)).first()
        if report.unit.depth > 1
        else None
    )
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
            activity_rows.append(
                {"id": activity_id, "title": "", "outputs": sum(n for _d, n in dated), "status": ""}
            )
            continue
        progress = progress_for(activity, plan, dated, period.cutoff)
        statuses[progress.status] += 1
        activity_rows.append(
            {
                "id": activity.pk,
                "title": activity.title,
                "outputs": progress.done_total,
                "status": progress.status,
            }
        )
    evidence = Evidence.objects.filter(output__in=outputs).aggregate(n=Count("pk"))["n"] or 0
    links = list(
        outputs.exclude(link="")
        .order_by("date", "pk")
        .values("pk", "date", "title", "link", "activity_id")[:LINK_LIMIT]
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
        period=report.period,
        unit__path__startswith=report.unit.path,
        unit__depth__gt=report.unit.depth,
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
    sources: list[dict[str, Any]] = [
        {
            "source": "own",
            "unit": report.unit.display_name,
            "figures": {k: own.get(k, 0) for k in SUMMED},
        }
    ]
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
        names = dict(
            Report.objects.filter(pk__in=[int(k) for k in gone]).values_list("pk", "unit__name")
        )
        for key in gone:
            changes.append(
                RollupChange(
                    str(names.get(int(key), "")), int(key), report.rolled_up_from[key], None
                )
            )
    return changes


# --- Completeness and timeliness ------------------------------------------------------


def deadline_end(day: datetime.date) -> datetime.datetime:
    """The last moment of the deadline day, in the site's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    )


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
    return Completeness(
        period,
        [UnitCompleteness(u, _state(reports.get(u.pk), end), reports.get(u.pk)) for u in units],
    )


def plan_completeness(plan: Plan, root: Unit | None = None) -> list[Completeness]:
    """Every period of the plan: three queries (periods, candidate units, reports)."""
    periods = list(
        ReportingPeriod.objects.filter(plan=plan)
        .select_related("plan__unit")
        .order_by("deadline", "pk")
    )
    if not periods:
        return []
    candidates = _children(plan.unit)
    if root is not None:
        candidates = candidates.filter(path__startswith=root.path)
    units = list(candidates.order_by("path"))
    reports: dict[tuple[int, int], Report] = {
        (r.period_id, r.unit_id): r
        for r in Report.objects.filter(period__in=periods).only(
            "pk", "unit_id", "status", "submitted_at", "period_id"
        )
    }
    out = []
    for period in periods:
        end = deadline_end(period.deadline)
        rows = [
            UnitCompleteness(
                u, _state(reports.get((period.pk, u.pk)), end), reports.get((period.pk, u.pk))
            )
            for u in units
            if (u.valid_from is None or u.valid_from <= period.cutoff)
            and (u.valid_to is None or u.valid_to >= period.deadline)
        ]
        out.append(Completeness(period, rows))
    return out


# --- PAR INDEX self-score for communication -------------------------------------------

PAR_EXAMPLES = 3
CHANNEL_OF: dict[str, str] = {str(kind): channel for kind, channel in OUTPUT_CHANNEL.items()}


def par_criterion() -> par_index.Criterion:
    """The scoring grid: the defaults, or ``settings.CCHC_PAR_INDEX`` (same names) if set."""
    overrides = getattr(settings, "CCHC_PAR_INDEX", None) or {}
    values: dict[str, Any] = {
        k: (Fraction(str(v)) if k != "horizon_days" else int(v)) for k, v in overrides.items()
    }
    return par_index.Criterion(**values)


def _par_activities(unit: Unit, year: int) -> list[Activity]:
    """Activities of the issued plans running in ``year`` that are the unit's own: every
    activity of the plans it issued, and those a unit of its subtree leads (with their
    sub-activities)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    plans = list(
        Plan.objects.filter(
            status__in=(PlanStatus.ISSUED, PlanStatus.CLOSED),
            period_start__lte=last,
            period_end__gte=first,
        ).select_related("unit")
    )
    led = ActivityUnit.objects.filter(unit__path__startswith=unit.path, role=UnitRole.LEAD).values(
        "activity_id"
    )
    return _activities(plans, Q(plan__unit=unit) | Q(pk__in=led) | Q(parent__in=led))


def _activity_fact(progress: Any, year: int, day: datetime.date) -> par_index.ActivityFact:
    activity = progress.activity
    slots = [s for s in progress.slots if s.due.year == year]
    if not progress.schedule.understood:
        # No readable timing: due at the end of the plan's period (within the year).
        due = min(activity.plan.period_end, datetime.date(year, 12, 31))
        planned = due <= day
        done = progress.done_total > 0
        return par_index.ActivityFact(
            activity.pk,
            activity.title,
            planned,
            done,
            planned and not done,
            None if planned else due,
            progress.done_total,
        )
    due_now = [s for s in slots if s.due <= day]
    upcoming = [s.due for s in slots if s.due > day and s.done < 1]
    return par_index.ActivityFact(
        id=activity.pk,
        title=activity.title,
        planned=bool(due_now),
        done=bool(due_now) and all(s.done >= 1 for s in due_now),
        overdue=any(s.done < 1 and s.due < day for s in due_now),
        next_due=min(upcoming) if upcoming else None,
        outputs=progress.done_total,
    )


def par_index_for(unit: Unit, year: int, *, today: datetime.date | None = None) -> par_index.Score:
    """The unit's PAR INDEX communication score for ``year``, live from what is recorded.

    Evaluated as of today (or the year's end for a past year): planned = the unit's
    activities fallen due by then; done = every due occurrence met by an output of the
    unit's subtree; channels = the outputs the subtree recorded in the year, by channel.
    A fixed number of queries.
    """
    today = today or timezone.localdate()
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    day = min(max(today, first), last)
    activities = _par_activities(unit, year)
    outputs = _outputs_by_activity((a.pk for a in activities), unit.path)
    facts = []
    for activity in activities:
        dated = [(d, n) for d, n in outputs.get(activity.pk, []) if d <= day]
        facts.append(_activity_fact(progress_for(activity, activity.plan, dated, day), year, day))
    recorded = Output.objects.filter(_subtree_q(unit.path), date__gte=first, date__lte=day)
    counts: dict[str, int] = defaultdict(int)
    for kind, n in recorded.values_list("kind").annotate(n=Sum("quantity")).order_by():
        counts[CHANNEL_OF.get(kind, "other")] += int(n)
    examples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in recorded.order_by("-date", "-pk").values(
        "pk", "date", "title", "link", "kind", "activity_id"
    )[:200]:
        channel = CHANNEL_OF.get(row["kind"], "other")
        if len(examples[channel]) < PAR_EXAMPLES:
            examples[channel].append(
                {
                    "id": row["pk"],
                    "date": row["date"].isoformat(),
                    "day": row["date"].strftime("%d/%m/%Y"),
                    "title": row["title"],
                    "link": row["link"],
                    "activity_id": row["activity_id"],
                }
            )
    facts_out = [
        par_index.OutputFact(c, n, tuple(examples.get(c, []))) for c, n in sorted(counts.items())
    ]
    names = {str(k): str(v) for k, v in ChannelKind.choices}
    return par_index.score(
        facts, facts_out, day=day, criterion=par_criterion(), channel_names=names
    )


# --- Completeness over every level ----------------------------------------------------


@dataclass
class Tally:
    """Expected, on time, late and missing reports of a group of units."""

    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0

    def add(self, state: str) -> None:
        self.expected += 1
        setattr(self, state, getattr(self, state) + 1)

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


@dataclass
class TreeRow(UnitCompleteness):
    """A unit at any level below the plan's unit, with the tally of its whole subtree."""

    level: int = 1
    parent_id: int | None = None
    subtree: Tally = field(default_factory=Tally)
    has_children: bool = False


@dataclass
class LevelTotal:
    level: int
    label: str
    tally: Tally


@dataclass
class TreeCompleteness:
    period: ReportingPeriod
    root: Unit
    rows: list[TreeRow]
    levels: list[LevelTotal]
    total: Tally

    @property
    def children(self) -> list[TreeRow]:
        """The rows directly below ``root``: the drill-down list."""
        return [r for r in self.rows if r.unit.depth == self.root.depth + 1]

    def as_completeness(self) -> Completeness:
        return Completeness(self.period, list(self.children))


def _level_label(level: int, kinds: set[str]) -> str:
    names = dict(UnitKind.choices)
    listed = "; ".join(sorted(str(names.get(k, k)) for k in kinds))
    return str(_("Cấp %(n)d dưới đơn vị ban hành (%(k)s)")) % {"n": level, "k": listed}


def _open_in(period: ReportingPeriod, unit: Unit) -> bool:
    """``expected_q`` for one unit already read."""
    return (unit.valid_from is None or unit.valid_from <= period.cutoff) and (
        unit.valid_to is None or unit.valid_to >= period.deadline
    )


def _subtree_units(root: Unit) -> list[Unit]:
    return list(
        Unit.objects.filter(path__startswith=root.path, depth__gt=root.depth)
        .only(
            "pk",
            "path",
            "depth",
            "name",
            "short_name",
            "kind",
            "code",
            "valid_from",
            "valid_to",
            "numchild",
        )
        .order_by("path")
    )


def tree_completeness(period: ReportingPeriod, root: Unit | None = None) -> TreeCompleteness:
    """Completeness and timeliness at every level below the plan's unit (or below ``root``,
    a unit inside it, for the drill-down), with per-level subtotals and each unit's subtree
    tally. Expected: every unit of the subtree open in the period (``expected_q``); a unit
    below one that closed is judged on its own dates. Two queries, whatever the tree size."""
    return _tree_completeness(period, *_tree_units(period, root))


def _tree_units(period: ReportingPeriod, root: Unit | None) -> tuple[Unit, list[Unit]]:
    plan_unit = period.plan.unit
    if root is None or not root.path.startswith(plan_unit.path):
        root = plan_unit
    return root, _subtree_units(root)


def _tree_completeness(
    period: ReportingPeriod, root: Unit, everyone: list[Unit]
) -> TreeCompleteness:
    plan_unit = period.plan.unit
    units = [u for u in everyone if _open_in(period, u)]
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(
            period=period, unit__path__startswith=root.path, unit__depth__gt=root.depth
        ).only("pk", "unit_id", "status", "submitted_at", "period_id", "revision")
    }
    end = deadline_end(period.deadline)
    by_path: dict[str, TreeRow] = {}
    rows: list[TreeRow] = []
    level_tallies: dict[int, Tally] = defaultdict(Tally)
    level_kinds: dict[int, set[str]] = defaultdict(set)
    total = Tally()
    steplen = Unit.steplen
    for unit in units:
        report = reports.get(unit.pk)
        state = _state(report, end)
        level = unit.depth - plan_unit.depth
        parent = by_path.get(unit.path[:-steplen])
        row = TreeRow(
            unit, state, report, level=level, parent_id=parent.unit.pk if parent else None
        )
        by_path[unit.path] = row
        rows.append(row)
        level_tallies[level].add(state)
        level_kinds[level].add(unit.kind)
        total.add(state)
        # This unit and every expected unit above it, up to the root, count it in their subtree.
        for cut in range(len(unit.path), len(root.path), -steplen):
            above = by_path.get(unit.path[:cut])
            if above is not None:
                above.subtree.add(state)
                if above is not row:
                    above.has_children = True
    levels = [
        LevelTotal(lv, _level_label(lv, level_kinds[lv]), level_tallies[lv])
        for lv in sorted(level_tallies)
    ]
    return TreeCompleteness(period, root, rows, levels, total)


# --- Roll-up of the records over every level ------------------------------------------

ROLLUP_SUMMED = ("outputs_total", "participants", "audience_reached")


@dataclass
class RollupRow:
    """A unit of the tree: its report's state, its own records and its subtree's records."""

    row: TreeRow
    own: dict[str, Any] = field(default_factory=dict)
    subtree: dict[str, Any] = field(default_factory=dict)


@dataclass
class TreeRollup:
    completeness: TreeCompleteness
    rows: list[RollupRow]
    totals: dict[str, Any]
    root_own: dict[str, Any]

    def level(self, level: int) -> list[RollupRow]:
        return [r for r in self.rows if r.row.level == level]


def _blank() -> dict[str, Any]:
    return {"outputs_total": 0, "participants": 0, "audience_reached": 0, "by_channel": {}}


def _add_into(target: dict[str, Any], channel: str, n: int, p: int, r: int) -> None:
    target["outputs_total"] += n
    target["participants"] += p
    target["audience_reached"] += r
    target["by_channel"][channel] = target["by_channel"].get(channel, 0) + n


def tree_rollup(period: ReportingPeriod, root: Unit | None = None) -> TreeRollup:
    """What every unit below the plan's unit (or ``root``) recorded for the plan between the
    period's start and cut-off, summed up the tree level by level, beside the state of its
    report. Outputs of a unit that is not expected in the period (closed, or opened after
    the cut-off) count towards the nearest expected unit above it. Four queries, whatever
    the number of units and outputs (units, reports, the plan's activities, outputs summed
    per unit and kind)."""
    root, everyone = _tree_units(period, root)
    tree = _tree_completeness(period, root, everyone)
    rows = [RollupRow(r, _blank(), _blank()) for r in tree.rows]
    by_path = {r.row.unit.path: r for r in rows}
    path_of = {u.pk: u.path for u in everyone}
    path_of[root.pk] = root.path
    root_own = _blank()
    totals = _blank()
    window = Output.objects.filter(date__gte=period.start, date__lte=period.cutoff)
    sums = {"n": Sum("quantity"), "p": Sum("participants"), "r": Sum("audience_reached")}
    activity_ids = list(
        Activity.objects.filter(plan_id=period.plan_id).values_list("pk", flat=True)
    )
    if root.pk == period.plan.unit_id:
        # The plan's whole tree: every output of the plan (the activity/date index); an
        # output of a unit outside the tree is left out below.
        rows_by_kind: Any = (
            window.filter(activity_id__in=activity_ids)
            .values_list("unit_id", "kind")
            .annotate(**sums)
            .order_by()
        )
    else:
        # A subtree: its units' outputs (the unit/date index), grouped by activity as well and
        # kept when the activity is the plan's. Filtering by activity in the database would
        # lead the planner to the activity index, reading the whole country's outputs.
        wanted = set(activity_ids)
        grouped = (
            window.filter(unit_id__in=list(path_of))
            .values_list("unit_id", "activity_id", "kind")
            .annotate(**sums)
        )
        rows_by_kind = [(u, k, n, p, r) for u, a, k, n, p, r in grouped.order_by() if a in wanted]
    steplen = Unit.steplen
    for unit_id, kind, n, p, r in rows_by_kind:
        path = path_of.get(unit_id)
        if path is None:  # a unit outside the plan's tree
            continue
        channel = OUTPUT_CHANNEL.get(kind, "other")
        n, p, r = int(n or 0), int(p or 0), int(r or 0)
        _add_into(totals, channel, n, p, r)
        own = next(
            (
                by_path[path[:cut]]
                for cut in range(len(path), len(root.path), -steplen)
                if path[:cut] in by_path
            ),
            None,
        )
        _add_into(own.own if own is not None else root_own, channel, n, p, r)
        for cut in range(len(path), len(root.path), -steplen):
            above = by_path.get(path[:cut])
            if above is not None:
                _add_into(above.subtree, channel, n, p, r)
    return TreeRollup(tree, rows, totals, root_own)


# --- Figures that no longer match the records -----------------------------------------

DIFFERENCE_LABELS = {
    "outputs_total": _("Tổng số sản phẩm"),
    "participants": _("Số người tham dự"),
    "audience_reached": _("Số người tiếp cận"),
    "evidence_count": _("Số minh chứng"),
}


@dataclass
class FigureDifference:
    key: str
    label: str
    reported: int
    recorded: int


def figure_differences(report: Report) -> list[FigureDifference]:
    """Where the report's figures (taken when it was opened, refreshed or submitted) differ
    from what is recorded now for the same unit and period. Shown beside the report, never
    written into it: the report keeps what the unit sent."""
    if not report.figures:
        return []
    live = report_figures(report.period, report.unit)
    out = []
    for key, label in DIFFERENCE_LABELS.items():
        was, now = int(report.figures.get(key) or 0), int(live.get(key) or 0)
        if was != now:
            out.append(FigureDifference(key, str(label), was, now))
    names = dict(ChannelKind.choices)
    was_channels, now_channels = (
        report.figures.get("by_channel") or {},
        live.get("by_channel") or {},
    )
    for channel in sorted(set(was_channels) | set(now_channels)):
        was, now = int(was_channels.get(channel, 0)), int(now_channels.get(channel, 0))
        if was != now:
            out.append(
                FigureDifference(
                    f"by_channel.{channel}", str(names.get(channel, channel)), was, now
                )
            )
    return out


def plan_tree_totals(plan: Plan) -> dict[int, Tally]:
    """Per period of the plan, the tally over every level below the plan's unit (what the
    calendar page shows beside the direct level). Three queries for all the periods."""
    periods = list(ReportingPeriod.objects.filter(plan=plan).only("pk", "cutoff", "deadline"))
    units = _subtree_units(plan.unit)
    reports = {
        (r.period_id, r.unit_id): r
        for r in Report.objects.filter(
            period__plan=plan,
            unit__path__startswith=plan.unit.path,
            unit__depth__gt=plan.unit.depth,
        ).only("pk", "unit_id", "status", "submitted_at", "period_id")
    }
    out: dict[int, Tally] = {}
    for period in periods:
        end = deadline_end(period.deadline)
        tally = Tally()
        for unit in units:
            if _open_in(period, unit):
                tally.add(_state(reports.get((period.pk, unit.pk)), end))
        out[period.pk] = tally
    return out
