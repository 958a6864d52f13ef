"""Completeness at every level and the PAR INDEX self-score through the REST API."""

from __future__ import annotations

import datetime

import pytest

from cchc.orgs.models import Role, UnitKind
from cchc.orgs.services import UnitData, unit_create
from cchc.plans.models import Activity, ActivityUnit, Plan, PlanStatus, UnitRole
from cchc.reports import services
from cchc.tracking.models import Output
from tests.conftest import make_user
from tests.reports.test_api import api_for

pytestmark = pytest.mark.django_db
D = datetime.date


def test_completeness_tree_endpoint(tree, people, q1):  # type: ignore[no-untyped-def]
    district = unit_create(
        parent=tree.province, data=UnitData(name="Huyện Sơn Tịnh", kind=UnitKind.DISTRICT)
    )
    commune = unit_create(parent=district, data=UnitData(name="Xã Tịnh Hà", kind=UnitKind.COMMUNE))
    services.report_submit(
        report=services.report_open(period=q1, unit=commune),
        data=services.NarrativeData(results="Xong"),
    )
    url = f"/api/reporting-periods/{q1.pk}/completeness-tree/"
    response = api_for(people["province_viewer"]).get(url)
    assert response.status_code == 200
    body = response.json()
    assert body["root"]["id"] == tree.province.pk and body["total"]["expected"] == 7
    assert [lv["level"] for lv in body["levels"]] == [1, 2]
    row = next(r for r in body["rows"] if r["unit"]["id"] == district.pk)
    assert row["subtree"]["expected"] == 2 and row["subtree"]["received"] == 1 and row["level"] == 1
    down = api_for(people["province_viewer"]).get(url, {"unit": district.pk}).json()
    assert [r["unit"]["id"] for r in down["rows"]] == [commune.pk] and down["rows"][0][
        "state"
    ] != "missing"
    # A district viewer: its own subtree only.
    district_viewer = api_for(make_user("huyen.xem", district, Role.VIEWER))
    assert district_viewer.get(url).status_code == 404  # the province's plan is out of its reach
    assert district_viewer.get(url, {"unit": district.pk}).status_code == 200
    assert district_viewer.get(url, {"unit": tree.dept.pk}).status_code == 404
    commune_editor = api_for(people["commune_editor"])  # sees the plan, not the completeness
    assert commune_editor.get(url).status_code == 403
    bad = commune_editor.get(url, {"unit": tree.dept.pk})
    assert bad.status_code == 400 and "unit" in bad.json()["errors"]
    assert (
        api_for(people["province_viewer"]).get(url, {"unit": tree.other_province.pk}).status_code
        == 400
    )
    assert api_for(people["province_viewer"]).get(url, {"unit": "x"}).status_code == 400
    assert api_for(people["nobody"]).get(url).status_code == 404
    assert api_for(None).get(url).status_code in (401, 403)


def test_par_index_endpoint(tree, people):  # type: ignore[no-untyped-def]
    plan = Plan.objects.create(
        unit=tree.commune_b,
        title="Kế hoạch tuyên truyền CCHC 2024",
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
        status=PlanStatus.ISSUED,
    )
    activities = Activity.objects.bulk_create(
        Activity(plan=plan, order=i, title=f"Hoạt động {i}", timing_text="Quý I/2024")
        for i in range(20)
    )
    ActivityUnit.objects.bulk_create(
        ActivityUnit(activity=a, unit=tree.commune_b, role=UnitRole.LEAD) for a in activities
    )
    Output.objects.bulk_create(
        Output(activity=a, unit=tree.commune_b, kind="news", date=D(2024, 2, 1))
        for a in activities[:19]
    )
    url = f"/api/par-index/{tree.commune_b.pk}/"
    response = api_for(people["province_viewer"]).get(url, {"year": 2024})
    assert response.status_code == 200
    body = response.json()
    assert body["points"] == 1.45 and body["maximum"] == 2.0 and body["completion_pct"] == 95.0
    parts = {p["key"]: p for p in body["parts"]}
    assert (
        parts["completion"]["points"] == 0.95
        and parts["online"]["points"] == 0.5
        and parts["traditional"]["points"] == 0
    )
    assert parts["completion"]["evidence"]["planned"] == 20
    assert "Chưa có sản phẩm" in parts["traditional"]["rule"]
    bad = api_for(people["province_viewer"]).get(url, {"year": "1990"})
    assert bad.status_code == 400 and "year" in bad.json()["errors"]
    assert api_for(people["commune_editor"]).get(url).status_code == 404  # another commune
    assert api_for(people["nobody"]).get(url).status_code == 404
    assert api_for(people["province_viewer"]).get("/api/par-index/999999/").status_code == 404
    assert api_for(None).get(url).status_code in (401, 403)


def test_report_detail_shows_figures_that_differ_from_the_records(tree, people, q1, broadcast):  # type: ignore[no-untyped-def]
    Output.objects.create(
        activity=broadcast, unit=tree.commune_a, kind="loudspeaker", date=D(2024, 1, 8)
    )
    report = services.report_submit(
        report=services.report_open(period=q1, unit=tree.commune_a),
        data=services.NarrativeData(results="Xong"),
    )
    url = f"/api/reports/{report.pk}/"
    assert api_for(people["commune_editor"]).get(url).json()["figure_differences"] == []
    Output.objects.create(
        activity=broadcast, unit=tree.commune_a, kind="news", date=D(2024, 1, 9), quantity=2
    )
    body = api_for(people["commune_editor"]).get(url).json()
    diffs = {d["key"]: (d["reported"], d["recorded"]) for d in body["figure_differences"]}
    assert diffs == {"outputs_total": (1, 3), "by_channel.website": (0, 2)}
    assert body["figures"]["outputs_total"] == 1  # the report keeps what was sent
