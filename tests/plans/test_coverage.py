"""Cascade and coverage on three levels: province → department → office; province → communes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cchc.plans.selectors import plan_coverage
from cchc.plans.services import ActivityData, UnitRef, plan_derive, plan_to_data, plan_update
from tests.plans.conftest import issued

pytestmark = pytest.mark.django_db


def _rows(coverage):  # type: ignore[no-untyped-def]
    return {row.unit.name: row for row in coverage.rows}


def test_coverage_lists_expected_units_and_who_has_a_plan(tree, province_plan):
    parent = issued(province_plan)
    coverage = plan_coverage(parent)
    rows = _rows(coverage)
    assert set(rows) == {"Sở Nội vụ", "Xã Minh Đức", "Phường Cẩm Thành"}
    assert coverage.with_plan == 0
    assert rows["Xã Minh Đức"].assigned_total == 2
    assert rows["Sở Nội vụ"].assigned_total == 2
    assert [a.title for a in rows["Phường Cẩm Thành"].missing_activities] == [
        "Chuyên mục CCHC trên truyền thanh xã"
    ]


def test_derived_plan_covers_what_it_keeps_and_misses_what_it_drops(tree, province_plan):
    parent = issued(province_plan)
    child = plan_derive(parent=parent, unit=tree.commune_a)
    row = _rows(plan_coverage(parent))["Xã Minh Đức"]
    assert row.has_plan and row.plan == child
    assert (row.themes_covered, row.themes_total) == (3, 3)
    assert (row.assigned_covered, row.assigned_total) == (2, 2)
    assert row.percent == 100

    data = plan_to_data(child)
    first = replace(data.activities[0], themes=(0,))
    plan_update(plan=child, data=replace(data, themes=data.themes[:1], activities=(first,)))
    row = _rows(plan_coverage(parent))["Xã Minh Đức"]
    assert (row.themes_covered, row.assigned_covered) == (1, 1)
    assert [t.title for t in row.missing_themes][0] == "Chuyển đổi số, chính quyền số"
    assert [a.title for a in row.missing_activities] == ["Chuyên mục CCHC trên truyền thanh xã"]


def test_three_levels_province_department_office(tree, province_plan):
    province = issued(province_plan)
    dept_plan = plan_derive(parent=province, unit=tree.dept)
    data = plan_to_data(dept_plan)
    office_activity = ActivityData("Cập nhật chuyên mục CCHC", leads=(UnitRef(tree.office.pk),), timing_text="Hàng tháng")
    dept_plan = plan_update(plan=dept_plan, data=replace(data, activities=(*data.activities, office_activity)))
    dept_plan = issued(dept_plan, number="12")
    office_plan = plan_derive(parent=dept_plan, unit=tree.office)
    assert [a.title for a in plan_to_data(office_plan).activities] == ["Cập nhật chuyên mục CCHC"]

    # The department's own coverage shows its office following it.
    office_row = _rows(plan_coverage(dept_plan))["Văn phòng Sở"]
    assert office_row.has_plan and office_row.direct
    # The province sees the whole subtree: the office too, measured against the department's plan.
    rows = _rows(plan_coverage(province))
    assert rows["Sở Nội vụ"].has_plan and rows["Sở Nội vụ"].direct
    assert rows["Văn phòng Sở"].has_plan and not rows["Văn phòng Sở"].direct
    assert rows["Văn phòng Sở"].assigned_total == 1


def test_coverage_of_a_province_with_100_communes_runs_bounded_queries(
    tree, province_plan, django_assert_max_num_queries
):
    from cchc.orgs.models import Unit, UnitKind
    from cchc.orgs.services import UnitData, unit_create

    parent = issued(province_plan)
    for i in range(100):
        commune = unit_create(
            parent=Unit.objects.get(pk=tree.province.pk),
            data=UnitData(name=f"Xã Thử {i}", kind=UnitKind.COMMUNE, code=f"T{i:03d}"),
        )
        if i % 2:
            plan_derive(parent=parent, unit=commune)
    with django_assert_max_num_queries(12):
        coverage = plan_coverage(parent)
    assert coverage.expected == 103
    assert coverage.with_plan == 50
