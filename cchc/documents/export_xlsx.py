"""The plan's activities as a spreadsheet, for the people who track them in Excel.

One sheet, "Hoạt động": a title row (number/symbol and title), the period, then one
row per activity and sub-activity (numbered 1, 1.1, ...) with its content, lead and
coordinating units, timing, expected outputs, budget (đồng, thousands separated),
channels and audiences. The header is bold and frozen; columns are sized and wrap.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from cchc.documents.export_docx import load_plan
from cchc.legal.symbols import format_vn_date
from cchc.plans.models import Activity, Audience, ChannelKind, Plan
from cchc.plans.selectors import activity_tree, coordinator_units, lead_units
from cchc.spreadsheets import workbook_bytes

__all__ = ["XLSX_CONTENT_TYPE", "plan_activities_to_xlsx"]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "Hoạt động"
HEADER_ROW = 4
MONEY_FORMAT = "#,##0"


def _columns() -> list[tuple[str, int]]:
    """(heading, width in characters) of each column."""
    return [
        (_("STT"), 6),
        (_("Hoạt động"), 40),
        (_("Nội dung"), 45),
        (_("Cơ quan chủ trì"), 25),
        (_("Cơ quan phối hợp"), 25),
        (_("Thời gian thực hiện"), 20),
        (_("Sản phẩm dự kiến"), 30),
        (_("Dự toán (đồng)"), 16),
        (_("Hình thức"), 25),
        (_("Đối tượng"), 25),
    ]


def _labels(values: list[str], choices: Any) -> str:
    names = dict(choices.choices)
    return "; ".join(str(names.get(v, v)) for v in values)


def _row(number: str, activity: Activity) -> list[Any]:
    return [
        number,
        activity.title,
        activity.content,
        "; ".join(a.name for a in lead_units(activity)),
        "; ".join(a.name for a in coordinator_units(activity)),
        activity.timing_text,
        activity.expected_outputs,
        int(activity.budget_estimate) if activity.budget_estimate is not None else None,
        _labels(activity.channels, ChannelKind),
        _labels(activity.audiences, Audience),
    ]


def _title(plan: Plan) -> str:
    kind = plan.doc_type
    if plan.number:
        head = _("%(k)s số %(n)s") % {"k": kind, "n": plan.number_symbol}
    elif plan.symbol:
        head = _("%(k)s số     /%(s)s (dự thảo)") % {"k": kind, "s": plan.symbol}
    else:
        head = _("%(k)s (dự thảo)") % {"k": kind}
    return f"{head}: {plan.title}"


def _period(plan: Plan) -> str:
    text = _("Cơ quan ban hành: %(u)s. Thời gian thực hiện: %(a)s - %(b)s") % {
        "u": plan.unit.display_name,
        "a": format_vn_date(plan.period_start),
        "b": format_vn_date(plan.period_end),
    }
    if plan.issued_on:
        text += _(". Ngày ban hành: %(d)s") % {"d": format_vn_date(plan.issued_on)}
    return text + "."


def plan_activities_to_xlsx(plan: Plan) -> bytes:
    """The plan's activities as an .xlsx workbook."""
    plan = load_plan(plan)
    columns = _columns()
    last = get_column_letter(len(columns))

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    workbook.properties.title = plan.title
    workbook.properties.creator = plan.unit.display_name
    workbook.properties.language = "vi-VN"

    wrap_top = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    sheet["A1"] = _title(plan)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(wrap_text=True, vertical="center")
    sheet.merge_cells(f"A1:{last}1")
    sheet.row_dimensions[1].height = 40
    sheet["A2"] = _period(plan)
    sheet["A2"].font = Font(italic=True)
    sheet.merge_cells(f"A2:{last}2")

    header_fill = PatternFill("solid", fgColor="DDE7F0")
    for col, (heading, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=col, value=heading)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.fill = header_fill
        cell.border = border
        sheet.column_dimensions[get_column_letter(col)].width = width

    rows: list[tuple[list[Any], bool]] = []
    for number, (activity, children) in enumerate(activity_tree(plan), start=1):
        rows.append((_row(str(number), activity), False))
        rows.extend(
            (_row(f"{number}.{sub}", child), True) for sub, child in enumerate(children, start=1)
        )

    money_col = 8
    for offset, (values, is_child) in enumerate(rows, start=1):
        r = HEADER_ROW + offset
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=col, value=value if value != "" else None)
            cell.alignment = wrap_top
            cell.border = border
            if col == money_col:
                cell.number_format = MONEY_FORMAT
                cell.alignment = Alignment(vertical="top", horizontal="right")
            elif col == 1:
                cell.alignment = Alignment(vertical="top", horizontal="center")
            elif col == 2 and not is_child:
                cell.font = Font(bold=True)

    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
    if rows:
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(rows)}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    return workbook_bytes(workbook)
