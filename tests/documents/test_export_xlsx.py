"""The activities spreadsheet, re-opened with openpyxl."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cchc.documents.export_xlsx import plan_activities_to_xlsx
from cchc.plans.models import Plan
from cchc.plans.services import ActivityData, UnitRef, plan_create
from tests.plans.conftest import issued, province_plan_data

HEADINGS = [
    "STT",
    "Hoạt động",
    "Nội dung",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian thực hiện",
    "Sản phẩm dự kiến",
    "Dự toán (đồng)",
    "Hình thức",
    "Đối tượng",
]


@pytest.fixture
def plan(tree, people) -> Plan:  # type: ignore[no-untyped-def]
    base = province_plan_data(tree)
    budgeted = ActivityData(
        "Hội nghị tập huấn cải cách hành chính",
        content="Tập huấn cho công chức một cửa.\nCập nhật quy định mới.",
        audiences=("officials", "citizens"),
        channels=("training", "meeting"),
        timing_text="Quý II/2024",
        expected_outputs="02 lớp, 200 lượt người",
        budget_estimate=Decimal("15000000"),
        leads=(UnitRef(tree.dept.pk),),
        coordinators=(UnitRef(label="UBND các xã, phường"),),
    )
    data = province_plan_data(tree, activities=(*base.activities, budgeted))
    return issued(plan_create(data=data, actor=people["admin"]), number="40")


def test_activities_sheet(plan: Plan, tree) -> None:  # type: ignore[no-untyped-def]
    book = load_workbook(io.BytesIO(plan_activities_to_xlsx(plan)))
    assert book.sheetnames == ["Hoạt động"]
    sheet = book["Hoạt động"]
    assert (
        sheet["A1"].value
        == "Kế hoạch số 40/KH-UBND: Kế hoạch tuyên truyền cải cách hành chính năm 2024"
    )
    assert sheet["A1"].font.bold
    assert "01/01/2024 - 31/12/2024" in sheet["A2"].value

    header = [c.value for c in sheet[4]]
    assert header == HEADINGS
    assert all(c.font.bold for c in sheet[4])
    assert sheet.freeze_panes == "C5"
    assert sheet.column_dimensions["B"].width >= 30
    assert sheet["B5"].alignment.wrap_text

    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert [r[0] for r in rows] == ["1", "2", "2.1", "3", "4"]
    assert rows[0][1:6] == [
        "Tuyên truyền trên Cổng thông tin điện tử",
        None,
        tree.dept.display_name,
        f"{tree.commune_a.display_name}; Các sở, ban, ngành",
        "Thường xuyên",
    ]
    assert rows[0][8] == "Cổng/Trang thông tin điện tử"
    assert rows[2][1] == "Xây dựng nội dung chuyên mục"
    assert rows[2][5] == "Quý I/2024"
    last = rows[4]
    assert last[2] == "Tập huấn cho công chức một cửa.\nCập nhật quy định mới."
    assert last[6] == "02 lớp, 200 lượt người"
    assert last[7] == 15000000
    assert sheet.cell(row=9, column=8).number_format == "#,##0"
    assert last[8] == "Tập huấn, bồi dưỡng; Hội nghị, hội họp, giao ban"
    assert last[9] == "Cán bộ, công chức, viên chức; Người dân"


def test_draft_title_shows_the_blank_number(tree, people) -> None:  # type: ignore[no-untyped-def]
    plan = plan_create(data=province_plan_data(tree), actor=people["admin"])
    sheet = load_workbook(io.BytesIO(plan_activities_to_xlsx(plan)))["Hoạt động"]
    assert sheet["A1"].value.startswith("Kế hoạch số     /KH-UBND (dự thảo): ")
