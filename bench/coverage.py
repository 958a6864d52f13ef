"""Coverage view for a national tree: 34 provinces, 3,321 communes, one plan each.

Run from a fresh install: ``python bench/coverage.py``. It makes a temporary SQLite
database, loads the real administrative units, writes a national plan, one plan per
province derived from it and one plan per commune derived from its province's plan
(bulk-written: the generator is not what is measured), then times the coverage of the
national plan (the whole subtree) and, as the baseline in the same run, a plain read of
every plan row with its unit. Target: coverage under 2 s.
"""

from __future__ import annotations

import os
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

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from cchc.orgs.adminunits import load_admin_units  # noqa: E402
from cchc.orgs.models import Unit, UnitKind  # noqa: E402
from cchc.plans.models import Activity, ActivityUnit, Plan, PlanStatus, Theme, UnitRole  # noqa: E402
from cchc.plans.selectors import plan_coverage  # noqa: E402

TARGET_SECONDS = 2.0
START, END = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
THEMES = 6


def _plan(unit: Unit, parent: Plan | None) -> Plan:
    return Plan(
        unit=unit,
        title=f"Kế hoạch tuyên truyền CCHC năm 2024 của {unit.display_name}",
        period_start=START,
        period_end=END,
        period_label="năm 2024",
        status=PlanStatus.ISSUED if parent is None or unit.kind == UnitKind.PROVINCE else PlanStatus.DRAFT,
        derived_from=parent,
    )


@transaction.atomic
def build() -> Plan:
    root = Unit.objects.get(depth=1, code="VN")
    national = _plan(root, None)
    national.save()
    national_themes = Theme.objects.bulk_create(
        Theme(plan=national, order=i, title=f"Nội dung {i + 1}") for i in range(THEMES)
    )
    provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE, valid_to__isnull=True, depth=2))
    province_plans = Plan.objects.bulk_create(_plan(p, national) for p in provinces)
    national_activities = Activity.objects.bulk_create(
        Activity(plan=national, order=i, title=f"Hoạt động {p.name}") for i, p in enumerate(provinces)
    )
    ActivityUnit.objects.bulk_create(
        ActivityUnit(activity=a, unit=p, role=UnitRole.LEAD) for a, p in zip(national_activities, provinces, strict=True)
    )
    province_themes: dict[int, list[Theme]] = {}
    themes = []
    for plan in province_plans:
        for i, parent_theme in enumerate(national_themes):
            themes.append(Theme(plan=plan, order=i, title=parent_theme.title, parent_theme=parent_theme))
    created = Theme.objects.bulk_create(themes)
    for theme in created:
        province_themes.setdefault(theme.plan_id, []).append(theme)
    Activity.objects.bulk_create(
        Activity(plan=plan, order=0, title=a.title, derived_from=a)
        for plan, a in zip(province_plans, national_activities, strict=True)
    )
    plan_by_province = {p.unit_id: p for p in province_plans}
    communes = list(Unit.objects.filter(kind=UnitKind.COMMUNE, valid_to__isnull=True))
    steplen = Unit.steplen
    province_by_path = {p.path: p for p in provinces}
    commune_plans = Plan.objects.bulk_create(
        _plan(c, plan_by_province[province_by_path[c.path[: 2 * steplen]].pk]) for c in communes
    )
    commune_themes = []
    for plan in commune_plans:
        parents = province_themes[plan.derived_from_id]  # type: ignore[index]
        # Communes cover four of the six themes.
        commune_themes.extend(
            Theme(plan=plan, order=i, title=t.title, parent_theme=t) for i, t in enumerate(parents[:4])
        )
    Theme.objects.bulk_create(commune_themes, batch_size=2000)
    return national


def timed(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    call_command("migrate", verbosity=0)
    load_admin_units()
    started = time.perf_counter()
    national = build()
    print(f"generated {Plan.objects.count()} plans, {Theme.objects.count()} themes in {time.perf_counter() - started:.1f} s")

    coverage = plan_coverage(national)
    print(f"coverage rows: {coverage.expected}, with plan: {coverage.with_plan}")
    assert coverage.with_plan >= 3300, coverage.with_plan

    baseline = timed(lambda: list(Plan.objects.select_related("unit")))
    seconds = timed(lambda: plan_coverage(national))
    print(f"baseline (read every plan with its unit): {baseline * 1000:.0f} ms")
    print(f"coverage of the national plan: {seconds * 1000:.0f} ms ({seconds / baseline:.1f}x baseline)")
    verdict = "MET" if seconds < TARGET_SECONDS else "NOT MET"
    print(f"RESULT national coverage view: {seconds:.2f} s (target < {TARGET_SECONDS:.0f} s) {verdict}")


if __name__ == "__main__":
    main()
