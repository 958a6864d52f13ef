"""National roll-up: 34 provinces, 3,300 communes, 700 departments, 4 periods, 200,000 outputs.

Run from a fresh install: ``python bench/rollup.py``. It makes a temporary SQLite
database and builds (bulk-written: the generator is not what is measured) a national
plan for 2024 issued by the central unit with 20 activities and its four regular
reporting periods (quý I, 6 tháng, 9 tháng, năm); below it 34 provinces, each with its
share of the 3,300 communes and 700 departments; 200,000 outputs of those units spread
over the year; and, for every period, a report from about 70 % of the units (on time,
late, or still a draft), some units opened or closed during the year.

Measured, each the median of 3 runs, with ``cchc.reports.selectors.tree_rollup`` (the
completeness of every level and the records summed up the tree, what the roll-up
workbook and the completeness page are built from):

* one province, one period (target under 2 s);
* the nation, one period, and the nation for all four periods (target under 10 s for
  the slowest single period);
* the province's roll-up workbook (one sheet per level), for information;
* the queries each makes, for the province (~120 units) and the nation (~4,000 units):
  the count must not grow with the number of units.

Baseline in the same run: a plain read of every output row.
"""

from __future__ import annotations

import functools
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="cchc-bench-")
os.environ["DJANGO_SETTINGS_MODULE"] = "cchc.settings"
os.environ["CCHC_DATA_DIR"] = TMP
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from cchc.documents.export_report import rollup_to_xlsx  # noqa: E402
from cchc.orgs.models import Unit, UnitKind  # noqa: E402
from cchc.plans.models import Activity, ActivityUnit, Plan, PlanStatus, UnitRole  # noqa: E402
from cchc.reports.models import Report, ReportingPeriod, ReportStatus  # noqa: E402
from cchc.reports.selectors import tree_rollup  # noqa: E402
from cchc.reports.services import reporting_calendar_create  # noqa: E402
from cchc.tracking.models import Output, OutputKind  # noqa: E402

PROVINCES = 34
COMMUNES = 3_300
DEPARTMENTS = 700
ACTIVITIES = 20
OUTPUTS = 200_000
PROVINCE_TARGET_S = 2.0
NATION_TARGET_S = 10.0
START, END = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
RUNS = 3


def _child_path(parent: str, index: int) -> str:
    return Unit._get_path(parent, len(parent) // Unit.steplen + 1, index)  # type: ignore[attr-defined]


@transaction.atomic
def build() -> tuple[Unit, Plan]:
    """The tree written with bulk_create, paths computed as treebeard would."""
    nation = Unit.objects.add_root(
        instance=Unit(name="Chính phủ", kind=UnitKind.CENTRAL, code="VN")
    )
    provinces = []
    for p in range(PROVINCES):
        provinces.append(
            Unit(
                path=_child_path(nation.path, p + 1),
                depth=2,
                numchild=0,
                name=f"Tỉnh Thử Nghiệm {p + 1}",
                kind=UnitKind.PROVINCE,
                code=f"P{p + 1:02d}",
            )
        )
    lower: list[Unit] = []
    for i in range(COMMUNES + DEPARTMENTS):
        p = i % PROVINCES
        kind = UnitKind.COMMUNE if i < COMMUNES else UnitKind.AGENCY
        unit = Unit(
            path=_child_path(provinces[p].path, i // PROVINCES + 1),
            depth=3,
            numchild=0,
            kind=kind,
            name=f"{'Xã' if kind == UnitKind.COMMUNE else 'Sở'} Thử Nghiệm {i + 1}",
            code=f"U{i + 1:05d}",
        )
        # Some units open or close during the year: judged period by period.
        if i % 97 == 5:
            unit.valid_from = datetime.date(2024, 7, 1)
        elif i % 89 == 7:
            unit.valid_to = datetime.date(2024, 5, 1)
        provinces[p].numchild += 1
        lower.append(unit)
    Unit.objects.bulk_create(provinces, batch_size=2000)
    Unit.objects.bulk_create(lower, batch_size=2000)
    Unit.objects.filter(pk=nation.pk).update(numchild=PROVINCES)
    nation.refresh_from_db()
    plan = Plan.objects.create(
        unit=nation,
        title="Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2024",
        number="35",
        symbol="KH-BNV",
        issued_on=datetime.date(2024, 1, 22),
        period_start=START,
        period_end=END,
        period_label="năm 2024",
        status=PlanStatus.ISSUED,
    )
    activities = Activity.objects.bulk_create(
        Activity(
            plan=plan, order=i, title=f"Hoạt động trọng tâm {i + 1}", timing_text="Thường xuyên"
        )
        for i in range(ACTIVITIES)
    )
    provinces = list(Unit.objects.filter(depth=2).order_by("path"))
    ActivityUnit.objects.bulk_create(
        ActivityUnit(activity=a, unit=u, role=UnitRole.LEAD) for a in activities for u in provinces
    )
    units = list(Unit.objects.filter(depth__gte=2).values_list("pk", flat=True))
    kinds = OutputKind.values
    days = (END - START).days + 1
    Output.objects.bulk_create(
        (
            Output(
                activity=activities[k % ACTIVITIES],
                unit_id=units[(k * 7) % len(units)],
                kind=kinds[k % len(kinds)],
                date=START + datetime.timedelta(days=(k * 7919) % days),
                quantity=1 + k % 3,
                participants=(k % 50) or None,
                title=f"Sản phẩm {k + 1}",
            )
            for k in range(OUTPUTS)
        ),
        batch_size=5000,
    )
    periods = reporting_calendar_create(plan=plan)
    reports = []
    for period in periods:
        on_time = timezone.make_aware(datetime.datetime.combine(period.deadline, datetime.time(9)))
        late = on_time + datetime.timedelta(days=3)
        for n, unit_id in enumerate(units):
            slot = (n + period.pk) % 10
            if slot < 5:
                reports.append(
                    Report(
                        period=period,
                        unit_id=unit_id,
                        status=ReportStatus.ACCEPTED,
                        submitted_at=on_time,
                    )
                )
            elif slot < 7:
                reports.append(
                    Report(
                        period=period,
                        unit_id=unit_id,
                        status=ReportStatus.SUBMITTED,
                        submitted_at=late,
                    )
                )
            elif slot < 8:
                reports.append(Report(period=period, unit_id=unit_id, status=ReportStatus.DRAFT))
    Report.objects.bulk_create(reports, batch_size=5000)
    return nation, plan


def timed(fn: Callable[[], Any], repeat: int = RUNS) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def queries(fn: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    nation, plan = build()
    print(
        f"generated {Unit.objects.filter(kind=UnitKind.PROVINCE).count()} provinces, "
        f"{Unit.objects.filter(kind=UnitKind.COMMUNE).count()} communes, "
        f"{Unit.objects.filter(kind=UnitKind.AGENCY).count()} departments, {Activity.objects.count()} activities, "
        f"{ReportingPeriod.objects.count()} periods, {Output.objects.count()} outputs, {Report.objects.count()} reports "
        f"in {time.perf_counter() - started:.1f} s"
    )
    periods = list(
        ReportingPeriod.objects.filter(plan=plan).select_related("plan__unit").order_by("deadline")
    )
    year = periods[-1]
    province = Unit.objects.filter(depth=2).order_by("path").first()
    assert province is not None

    nation_result = tree_rollup(year)
    province_result = tree_rollup(year, province)
    total = nation_result.totals["outputs_total"]
    recorded = sum(
        q for (q,) in Output.objects.filter(date__lte=year.cutoff).values_list("quantity")
    )
    assert total == recorded, (total, recorded)  # every output counted once, in the nation
    t = nation_result.completeness.total
    print(
        f"nation, {year.label}: {t.expected} units expected, {t.received} received ({t.completeness_pct} %), "
        f"{t.on_time} on time ({t.timeliness_pct} %), {t.late} late, {t.missing} missing; "
        f"{total} outputs (sum of quantities) rolled up over {len(nation_result.completeness.levels)} levels"
    )
    print(
        f"province {province.name}: {province_result.completeness.total.expected} units, "
        f"{province_result.totals['outputs_total']} outputs"
    )

    baseline = timed(
        lambda: list(Output.objects.values_list("unit_id", "kind", "date", "quantity"))
    )
    province_time = timed(lambda: tree_rollup(year, province))
    nation_times = {p.label: timed(functools.partial(tree_rollup, p)) for p in periods}
    nation_all = timed(lambda: [tree_rollup(p) for p in periods], repeat=1)
    workbook = timed(lambda: rollup_to_xlsx(year, province))
    province_queries = queries(lambda: tree_rollup(year, province))
    nation_queries = queries(lambda: tree_rollup(year))
    nation_time = max(nation_times.values())

    print(f"baseline (read every output row): {baseline * 1000:.0f} ms")
    print(
        f"province roll-up ({province_result.completeness.total.expected} units): {province_time * 1000:.0f} ms, "
        f"{province_queries} queries ({province_time / baseline:.1f}x baseline)"
    )
    for label, seconds in nation_times.items():
        print(
            f"nation roll-up, {label}: {seconds * 1000:.0f} ms ({seconds / baseline:.1f}x baseline)"
        )
    print(f"nation roll-up, all four periods: {nation_all * 1000:.0f} ms")
    print(f"nation roll-up queries ({t.expected} units): {nation_queries}")
    print(f"province roll-up workbook (xlsx, a sheet per level): {workbook * 1000:.0f} ms")
    flat = province_queries == nation_queries
    print(
        f"query count: province {province_queries}, nation {nation_queries} -> {'constant' if flat else 'GROWS'}"
    )
    met = province_time < PROVINCE_TARGET_S and nation_time < NATION_TARGET_S and flat
    print(
        f"RESULT national roll-up ({PROVINCES} provinces, {COMMUNES} communes, {DEPARTMENTS} departments, "
        f"{OUTPUTS} outputs): province {province_time:.2f} s, nation {nation_time:.2f} s, "
        f"{nation_queries} queries at any size (target province < {PROVINCE_TARGET_S:.0f} s, "
        f"nation < {NATION_TARGET_S:.0f} s, constant queries) {'MET' if met else 'NOT MET'}"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        shutil.rmtree(TMP, ignore_errors=True)
