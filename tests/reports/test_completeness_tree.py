"""Completeness and timeliness at every level, with units opening and closing mid-year."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from cchc.orgs.models import Role, Unit, UnitKind
from cchc.orgs.services import UnitData, unit_create
from cchc.reports import selectors, services
from cchc.reports.models import ReportingPeriod
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db
D = datetime.date
VN = datetime.timezone(datetime.timedelta(hours=7))


def _submit(period, unit, when):  # type: ignore[no-untyped-def]
    with time_machine.travel(when):
        report = services.report_open(period=period, unit=unit)
        return services.report_submit(
            report=report, data=services.NarrativeData(results="Đã thực hiện")
        )


@pytest.fixture
def district(tree):  # type: ignore[no-untyped-def]
    """Province → district → three communes: one always open, one opened 01/04, one closed 01/05."""
    district = unit_create(
        parent=tree.province, data=UnitData(name="Huyện Sơn Tịnh", kind=UnitKind.DISTRICT)
    )
    steady = unit_create(parent=district, data=UnitData(name="Xã Tịnh Hà", kind=UnitKind.COMMUNE))
    opened = unit_create(parent=district, data=UnitData(name="Xã Tịnh Mới", kind=UnitKind.COMMUNE))
    closed = unit_create(parent=district, data=UnitData(name="Xã Tịnh Cũ", kind=UnitKind.COMMUNE))
    Unit.objects.filter(pk=opened.pk).update(valid_from=D(2024, 4, 1))
    Unit.objects.filter(pk=closed.pk).update(valid_to=D(2024, 5, 1))
    return {u.name: Unit.objects.get(pk=u.pk) for u in (district, steady, opened, closed)}


def _period(periods, kind):  # type: ignore[no-untyped-def]
    return ReportingPeriod.objects.select_related("plan__unit", "to_unit").get(
        pk=next(p.pk for p in periods if p.kind == kind)
    )


def test_every_level_with_units_opening_and_closing(tree, periods, district):  # type: ignore[no-untyped-def]
    q1, h1 = _period(periods, "q1"), _period(periods, "h1")
    _submit(q1, district["Xã Tịnh Hà"], datetime.datetime(2024, 3, 5, 9, tzinfo=VN))  # on time
    _submit(q1, district["Huyện Sơn Tịnh"], datetime.datetime(2024, 3, 12, 9, tzinfo=VN))  # late
    _submit(
        q1, tree.office, datetime.datetime(2024, 3, 10, 23, 59, tzinfo=VN)
    )  # on time, last minute
    tree_q1 = selectors.tree_completeness(q1)
    names = {r.unit.name: r for r in tree_q1.rows}
    # Level 1: the dept, two communes, the district; level 2: the office, the commune post,
    # the steady commune and the one closing on 01/05 (still open at the deadline 10/03).
    assert sorted(n for n, r in names.items() if r.level == 1) == [
        "Huyện Sơn Tịnh",
        "Phường Cẩm Thành",
        "Sở Nội vụ",
        "Xã Minh Đức",
    ]
    assert sorted(n for n, r in names.items() if r.level == 2) == [
        "Công chức Tư pháp - Hộ tịch",
        "Văn phòng Sở",
        "Xã Tịnh Cũ",
        "Xã Tịnh Hà",
    ]
    assert "Xã Tịnh Mới" not in names  # opened after the cut-off
    assert names["Xã Tịnh Hà"].state == "on_time" and names["Huyện Sơn Tịnh"].state == "late"
    assert names["Văn phòng Sở"].state == "on_time" and names["Xã Tịnh Cũ"].state == "missing"
    levels = {lv.level: lv.tally for lv in tree_q1.levels}
    assert (levels[1].expected, levels[1].on_time, levels[1].late, levels[1].missing) == (
        4,
        0,
        1,
        3,
    )
    assert (levels[2].expected, levels[2].on_time, levels[2].late, levels[2].missing) == (
        4,
        2,
        0,
        2,
    )
    assert "Xã, phường, đặc khu" in tree_q1.levels[1].label
    total = tree_q1.total
    assert (total.expected, total.received, total.on_time, total.late, total.missing) == (
        8,
        3,
        2,
        1,
        5,
    )
    assert (total.completeness_pct, total.timeliness_pct) == (38, 25)
    d = names["Huyện Sơn Tịnh"].subtree
    assert (d.expected, d.on_time, d.late, d.missing) == (3, 1, 1, 1) and names[
        "Huyện Sơn Tịnh"
    ].has_children
    dept = names["Sở Nội vụ"]
    assert (dept.subtree.expected, dept.subtree.on_time) == (2, 1) and dept.parent_id is None
    assert names["Văn phòng Sở"].parent_id == tree.dept.pk
    # The direct level alone is the existing measure.
    assert [r.unit.name for r in tree_q1.children] == [
        r.unit.name for r in selectors.period_completeness(q1).rows
    ]

    # 6 tháng: the new commune is expected, the closed one no longer.
    tree_h1 = selectors.tree_completeness(h1)
    h1_names = {r.unit.name for r in tree_h1.rows}
    assert "Xã Tịnh Mới" in h1_names and "Xã Tịnh Cũ" not in h1_names
    assert tree_h1.total.expected == 8 and tree_h1.total.received == 0

    # Drill-down: the district's communes only.
    below = selectors.tree_completeness(q1, district["Huyện Sơn Tịnh"])
    assert sorted(r.unit.name for r in below.rows) == ["Xã Tịnh Cũ", "Xã Tịnh Hà"]
    assert (below.total.expected, below.total.on_time, below.total.missing) == (2, 1, 1)
    assert [lv.level for lv in below.levels] == [2]
    # A root outside the plan's tree falls back to the plan's unit.
    assert selectors.tree_completeness(q1, tree.other_province).root == q1.plan.unit


def test_tree_completeness_queries_do_not_grow(tree, q1, district, django_assert_num_queries):  # type: ignore[no-untyped-def]
    with django_assert_num_queries(2):
        small = selectors.tree_completeness(q1)
    for i in range(30):
        commune = unit_create(
            parent=district["Huyện Sơn Tịnh"],
            data=UnitData(name=f"Xã Số {i}", kind=UnitKind.COMMUNE),
        )
        unit_create(parent=commune, data=UnitData(name=f"Tổ {i}", kind=UnitKind.OFFICE))
    with django_assert_num_queries(2):
        big = selectors.tree_completeness(q1)
    assert big.total.expected == small.total.expected + 60
    assert [lv.level for lv in big.levels] == [1, 2, 3]


def test_completeness_page_drill_down_and_permissions(tree, people, q1, district):  # type: ignore[no-untyped-def]
    _submit(q1, district["Xã Tịnh Hà"], datetime.datetime(2024, 3, 5, 9, tzinfo=VN))
    url = reverse("staff:period_completeness", args=[q1.pk])
    viewer = client_for(people["province_viewer"])
    page = viewer.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and 'id="levels-table"' in body
    assert f"?unit={district['Huyện Sơn Tịnh'].pk}" in body  # drill-down link
    down = viewer.get(url, {"unit": district["Huyện Sơn Tịnh"].pk})
    text = down.content.decode()
    assert down.status_code == 200 and district["Xã Tịnh Hà"].display_name in text
    assert "Sở Nội vụ" not in text.split("<h1>")[1]
    # A district viewer follows its own communes, not the whole province.
    district_viewer = client_for(make_user("huyen.xem", district["Huyện Sơn Tịnh"], Role.VIEWER))
    assert district_viewer.get(url).status_code == 404
    assert district_viewer.get(url, {"unit": district["Huyện Sơn Tịnh"].pk}).status_code == 200
    assert district_viewer.get(url, {"unit": tree.dept.pk}).status_code == 404
    assert (
        viewer.get(url, {"unit": tree.other_province.pk}).status_code == 404
    )  # outside the plan's tree
    assert viewer.get(url, {"unit": "abc"}).status_code == 404
    assert viewer.get(url, {"unit": "999999"}).status_code == 404


def test_rollup_of_records_over_every_level(
    tree, periods, district, broadcast, django_assert_num_queries
):  # type: ignore[no-untyped-def]
    from cchc.tracking.models import Output

    h1 = _period(periods, "h1")
    day = D(2024, 2, 1)
    for unit, n in (
        (district["Xã Tịnh Hà"], 3),
        (district["Xã Tịnh Cũ"], 5),
        (district["Huyện Sơn Tịnh"], 1),
        (tree.office, 7),
        (tree.province, 11),
        (tree.other_province, 1000),
    ):
        Output.objects.create(
            activity=broadcast, unit=unit, kind="loudspeaker", date=day, quantity=n, participants=n
        )
    Output.objects.create(
        activity=broadcast, unit=tree.commune_a, kind="news", date=D(2024, 6, 20), quantity=50
    )  # after cut-off
    with django_assert_num_queries(4):
        rollup = selectors.tree_rollup(h1)
    rows = {r.row.unit.name: r for r in rollup.rows}
    # The commune closed on 01/05 is not expected for 6 tháng: its outputs count as the district's own.
    assert "Xã Tịnh Cũ" not in rows
    assert rows["Huyện Sơn Tịnh"].own["outputs_total"] == 1 + 5
    assert rows["Huyện Sơn Tịnh"].subtree["outputs_total"] == 1 + 5 + 3
    assert rows["Xã Tịnh Hà"].own["outputs_total"] == 3
    assert (
        rows["Sở Nội vụ"].subtree["outputs_total"] == 7
        and rows["Sở Nội vụ"].own["outputs_total"] == 0
    )
    assert rollup.root_own["outputs_total"] == 11  # the province's own records
    assert rollup.totals["outputs_total"] == 11 + 7 + 9 and rollup.totals["by_channel"] == {
        "loudspeaker": 27
    }
    assert rollup.totals["participants"] == 27
    with django_assert_num_queries(4):
        below = selectors.tree_rollup(h1, district["Huyện Sơn Tịnh"])
    assert below.root_own["outputs_total"] == 6 and below.totals["outputs_total"] == 9


def test_calendar_page_shows_every_level(
    tree, people, periods, district, django_assert_num_queries
):  # type: ignore[no-untyped-def]
    q1 = _period(periods, "q1")
    _submit(q1, district["Xã Tịnh Hà"], datetime.datetime(2024, 3, 5, 9, tzinfo=VN))
    with django_assert_num_queries(3):
        totals = selectors.plan_tree_totals(q1.plan)
    assert (totals[q1.pk].expected, totals[q1.pk].received) == (8, 1)
    assert totals[_period(periods, "h1").pk].expected == 8  # one commune opened, one closed
    page = client_for(people["province_viewer"]).get(
        reverse("staff:plan_reporting", args=[q1.plan_id])
    )
    assert page.status_code == 200 and "1/8 (12%)" in page.content.decode()
