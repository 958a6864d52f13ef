"""Unit dashboard of a province: 100 communes, 2,000 activities, 50,000 outputs.

Run from a fresh install: ``python bench/dashboard.py``. It makes a temporary SQLite
database, builds a province with 100 communes and one issued province plan for 2024
with 20 activities per commune (each led by its commune; timing texts mixed:
"02 số/tháng", "Hàng tuần", "Quý III/2024", "Thường xuyên"), and 50,000 outputs spread
over the year up to the day measured (bulk-written: the generator is not what is
measured). Then, at 15/10/2024, it times the dashboard selector and the full HTTP render
of the dashboard page (Django's test client, a signed-in superuser; median of 5 runs),
counts their queries, and, as the baseline in the same run, times a plain read of every
output row. Target: the page under 300 ms.
"""

from __future__ import annotations

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
import types  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import NoReverseMatch, include, path, reverse  # noqa: E402

from cchc.orgs.models import Unit, UnitKind, User  # noqa: E402
from cchc.orgs.services import UnitData, unit_create  # noqa: E402
from cchc.plans.models import Activity, ActivityUnit, Plan, PlanStatus, UnitRole  # noqa: E402
from cchc.tracking.models import Output, OutputKind  # noqa: E402
from cchc.tracking.selectors import unit_dashboard  # noqa: E402

TARGET_MS = 300
COMMUNES = 100
PER_COMMUNE = 20
OUTPUTS = 50_000
TODAY = datetime.date(2024, 10, 15)
START, END = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
TIMINGS = ["02 số/tháng", "Hàng tuần", "Quý III/2024", "Thường xuyên"]
RUNS = 5


@transaction.atomic
def build() -> Unit:
    root = unit_create(parent=None, data=UnitData(name="Chính phủ", kind=UnitKind.CENTRAL, code="VN"))
    province = unit_create(parent=root, data=UnitData(name="Tỉnh Quảng Ngãi", kind=UnitKind.PROVINCE, code="51"))
    communes = []
    for i in range(COMMUNES):
        parent = Unit.objects.get(pk=province.pk)
        communes.append(
            Unit.objects.add_child(parent, instance=Unit(name=f"Xã Thử Nghiệm {i + 1}", kind=UnitKind.COMMUNE))
        )
    plan = Plan.objects.create(
        unit=province,
        title="Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2024",
        number="40",
        symbol="KH-UBND",
        issued_on=datetime.date(2024, 1, 15),
        period_start=START,
        period_end=END,
        period_label="năm 2024",
        status=PlanStatus.ISSUED,
    )
    activities = Activity.objects.bulk_create(
        Activity(
            plan=plan,
            order=i,
            title=f"Hoạt động {i % PER_COMMUNE + 1} của {communes[i // PER_COMMUNE].name}",
            timing_text=TIMINGS[i % len(TIMINGS)],
        )
        for i in range(COMMUNES * PER_COMMUNE)
    )
    lead_of = [communes[i // PER_COMMUNE] for i in range(len(activities))]
    ActivityUnit.objects.bulk_create(
        ActivityUnit(activity=a, unit=unit, role=UnitRole.LEAD) for a, unit in zip(activities, lead_of, strict=True)
    )
    days = (TODAY - START).days + 1
    kinds = OutputKind.values
    Output.objects.bulk_create(
        (
            Output(
                activity=activities[k % len(activities)],
                unit=lead_of[k % len(activities)],
                kind=kinds[k % len(kinds)],
                date=START + datetime.timedelta(days=(k * 7919) % days),
                quantity=1 + k % 3,
                title=f"Sản phẩm {k + 1}",
            )
            for k in range(OUTPUTS)
        ),
        batch_size=5000,
    )
    return province


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


def _urlconf() -> str | None:
    """Until the staff area mounts the tracking pages, mount them here for the run."""
    try:
        reverse("staff:unit_dashboard", args=[1])
        return None
    except NoReverseMatch:
        from cchc import staff_urls, urls

        module = types.ModuleType("bench_dashboard_urls")
        staff = [*staff_urls.urlpatterns, path("", include("cchc.tracking.urls"))]
        module.urlpatterns = [  # type: ignore[attr-defined]
            path("staff/", include((staff, "staff"))) if str(p.pattern) == "staff/" else p
            for p in urls.urlpatterns
        ]
        sys.modules[module.__name__] = module
        return module.__name__


def main() -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    province = build()
    print(
        f"generated {Unit.objects.filter(kind=UnitKind.COMMUNE).count()} communes, "
        f"{Activity.objects.count()} activities, {Output.objects.count()} outputs "
        f"in {time.perf_counter() - started:.1f} s"
    )
    admin = User.objects.create_superuser("bench", "bench@example.org", None)

    dashboard = unit_dashboard(province, today=TODAY)
    print(
        f"dashboard: {len(dashboard.progress)} activities, {len(dashboard.late)} late, "
        f"{len(dashboard.due_within(30))} due within 30 days, "
        f"{sum(sum(v) for v in dashboard.by_channel.values())} outputs in the chart"
    )
    assert len(dashboard.progress) == COMMUNES * PER_COMMUNE, len(dashboard.progress)

    urlconf = _urlconf()
    with override_settings(ROOT_URLCONF=urlconf) if urlconf else override_settings():
        client = Client()
        client.force_login(admin)
        url = reverse("staff:unit_dashboard", args=[province.pk]) + "?ngay=" + TODAY.strftime("%d/%m/%Y")

        def render() -> None:
            response = client.get(url, secure=True, headers={"host": "localhost"})
            assert response.status_code == 200, response.status_code
            assert b"<svg" in response.content

        render()  # warm up: templates, translations
        baseline = timed(lambda: list(Output.objects.values_list("activity_id", "date", "quantity")))
        selector = timed(lambda: unit_dashboard(province, today=TODAY))
        page = timed(render)
        selector_queries = queries(lambda: unit_dashboard(province, today=TODAY))
        page_queries = queries(render)
        size = len(client.get(url, secure=True, headers={"host": "localhost"}).content)

    print(f"baseline (read every output row): {baseline * 1000:.0f} ms")
    print(f"selector unit_dashboard: {selector * 1000:.0f} ms, {selector_queries} queries ({selector / baseline:.1f}x baseline)")
    print(f"page render (HTTP, {size // 1024} KB): {page * 1000:.0f} ms, {page_queries} queries ({page / baseline:.1f}x baseline)")
    verdict = "MET" if page * 1000 < TARGET_MS else "NOT MET"
    print(
        f"RESULT province dashboard ({COMMUNES} communes, {COMMUNES * PER_COMMUNE} activities, {OUTPUTS} outputs):"
        f" {page * 1000:.0f} ms (target < {TARGET_MS} ms) {verdict}"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        shutil.rmtree(TMP, ignore_errors=True)
