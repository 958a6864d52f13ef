"""A periodic report as a "BÁO CÁO" Word document, its figures as a workbook, and a
province's roll-up as one workbook with a sheet per unit level.

The Word document reuses the plan exporter's building blocks (:mod:`cchc.documents.export_docx`):
the same Decree 30/2020/NĐ-CP layout (A4, margins 20/20/30/15 mm, Times New Roman 14 pt,
the two-column header with issuing body, number, national title, motto and place/date,
the centred document type and title, numbered parts in Roman numerals, "Nơi nhận" and the
signing block side by side, page numbers from page 2). Those blocks read a plan's header
fields; :class:`ReportHeading` gives them the report's instead.

The figures written are the report's own, frozen when it was submitted (or taken when it
was last refreshed): the document is what the unit sent, not today's records.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import Any, cast

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc.documents.export_docx import (
    DOCX_CONTENT_TYPE,
    TABLE_PT,
    TEXT_WIDTH_MM,
    _add_row,
    _closing,
    _header,
    _lines,
    _Numbering,
    _para,
    _part,
    _row_properties,
    _setup,
    _table,
    _title,
)
from cchc.documents.export_xlsx import XLSX_CONTENT_TYPE
from cchc.orgs.models import Unit, UnitKind
from cchc.plans.models import ChannelKind, Plan
from cchc.reports import selectors
from cchc.reports.models import Report, ReportingPeriod
from cchc.spreadsheets import workbook_bytes
from cchc.text import slugify
from cchc.tracking.models import OutputKind
from cchc.tracking.selectors import STATUS_LABELS

__all__ = [
    "DOCX_CONTENT_TYPE",
    "XLSX_CONTENT_TYPE",
    "ReportHeading",
    "report_file_stem",
    "report_to_docx",
    "report_to_xlsx",
    "rollup_file_stem",
    "rollup_to_xlsx",
]

#: Administrative divisions: headed by their People's Committee, signed "TM. ỦY BAN NHÂN DÂN".
ADMINISTRATIVE = {UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE}
FIGURE_COLUMNS_MM = (14.0, 111.0, 40.0)
ACTIVITY_COLUMNS_MM = (14.0, 91.0, 25.0, 35.0)
ROLLUP_COLUMNS_MM = (14.0, 76.0, 25.0, 25.0, 25.0)
assert abs(sum(FIGURE_COLUMNS_MM) - TEXT_WIDTH_MM) < 0.01


@dataclass
class _Recipient:
    label: str
    purpose: str = ""
    is_archive: bool = False


@dataclass
class _Recipients:
    rows: list[_Recipient]

    def all(self) -> list[_Recipient]:
        return self.rows


@dataclass
class ReportHeading:
    """The header, title and closing of a report, in the attribute names the plan
    exporter's building blocks read (``_setup``, ``_header``, ``_title``, ``_closing``)."""

    unit: Unit
    title: str
    header_parent: str = ""
    header_unit: str = ""
    doc_type: str = "Báo cáo"
    number: str = ""
    symbol: str = ""
    place: str = ""
    issued_on: datetime.date | None = None
    period_start: datetime.date = field(default_factory=timezone.localdate)
    slogan: str = ""
    intro: str = ""
    signing_authority: str = ""
    signer_position: str = ""
    signer_name: str = ""
    recipients: _Recipients = field(default_factory=lambda: _Recipients([]))

    @property
    def number_symbol(self) -> str:
        return f"{self.number}/{self.symbol}" if self.number else self.symbol


def _parent(unit: Unit) -> Unit | None:
    return Unit.objects.get_parent(unit) if unit.depth > 1 else None


def report_heading(report: Report) -> ReportHeading:
    unit = report.unit
    period = report.period
    plan = period.plan
    administrative = unit.kind in ADMINISTRATIVE
    parent = _parent(unit)
    plan_title = " ".join(_lines(plan.title))
    what = plan_title[:1].lower() + plan_title[1:] if plan_title else ""
    submitted = timezone.localdate(report.submitted_at) if report.submitted_at else None
    receiver = selectors.receiver(report)
    recipients = [_Recipient(receiver.display_name)]
    if period.through_unit is not None and period.through_unit.pk != receiver.pk:
        recipients.append(_Recipient(period.through_unit.display_name, _("để tổng hợp")))
    recipients.append(_Recipient("VT", is_archive=True))
    return ReportHeading(
        unit=unit,
        title=_("Kết quả thực hiện %(w)s\n%(p)s") % {"w": what, "p": period.label},
        header_parent="" if administrative or parent is None else parent.display_name,
        header_unit=unit.display_name,
        symbol="BC-UBND" if administrative else "BC",
        place=plan.place if unit.pk == plan.unit_id else "",
        issued_on=submitted,
        period_start=period.start,
        signing_authority=_("TM. ỦY BAN NHÂN DÂN") if administrative else "",
        signer_position=_("CHỦ TỊCH") if administrative else _("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"),
        recipients=_Recipients(recipients),
    )


def _number(n: Any) -> str:
    return f"{int(n or 0):,}".replace(",", ".")


def _cell(cell: Any, text: str, *, bold: bool = False, center: bool = False) -> None:
    _para(
        cell,
        text,
        size=TABLE_PT,
        indent=False,
        before=2,
        after=2,
        bold=bold,
        align=WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT,
    )
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def _grid(
    doc: DocxDocument, widths: tuple[float, ...], headings: list[str], rows: list[list[str]]
) -> None:
    table = _table(doc, 1, widths, borders=True)
    _row_properties(table.rows[0], repeat_header=True, cant_split=True)
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        _cell(cell, heading, bold=True, center=True)
    for values in rows:
        row = _add_row(table, widths)
        _row_properties(row, cant_split=True)
        for i, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            _cell(cell, value, center=i == 0 or (i >= 2 and value.replace(".", "").isdigit()))


def _channel_names() -> dict[str, str]:
    return {str(k): str(v) for k, v in ChannelKind.choices}


def _results(doc: DocxDocument, report: Report, numbering: _Numbering) -> None:
    figures = selectors.reported_figures(report) or {}
    period = report.period
    _part(doc, numbering, _("KẾT QUẢ ĐẠT ĐƯỢC"))
    _para(doc, _("1. Số liệu thực hiện"), bold=True, keep_next=True)
    _para(
        doc,
        _("Số liệu từ ngày %(s)s đến ngày %(c)s, lấy từ các sản phẩm đã ghi nhận%(r)s:")
        % {
            "s": period.start.strftime("%d/%m/%Y"),
            "c": period.cutoff.strftime("%d/%m/%Y"),
            "r": _(" (gồm số liệu các báo cáo cấp dưới đã tiếp nhận)")
            if (report.rollup or {}).get("totals")
            else "",
        },
    )
    status = figures.get("activity_status") or {}
    for text in (
        _("- Tổng số sản phẩm tuyên truyền: %(n)s;") % {"n": _number(figures.get("outputs_total"))},
        _("- Số người tham dự: %(n)s;") % {"n": _number(figures.get("participants"))},
        _("- Số người tiếp cận: %(n)s;") % {"n": _number(figures.get("audience_reached"))},
        _("- Số minh chứng: %(n)s;") % {"n": _number(figures.get("evidence_count"))},
        _("- Hoạt động hoàn thành: %(d)s; chậm: %(l)s; chưa đến hạn: %(n)s.")
        % {
            "d": _number(status.get("done")),
            "l": _number(status.get("late")),
            "n": _number(status.get("not_started")),
        },
    ):
        _para(doc, text)
    names = _channel_names()
    channels = sorted(
        (figures.get("by_channel") or {}).items(), key=lambda kv: (-int(kv[1]), kv[0])
    )
    if channels:
        _para(doc, _("Theo hình thức tuyên truyền:"), keep_next=True)
        _grid(
            doc,
            FIGURE_COLUMNS_MM,
            [_("STT"), _("Hình thức tuyên truyền"), _("Số sản phẩm")],
            [[str(i), names.get(k, k), _number(n)] for i, (k, n) in enumerate(channels, start=1)],
        )
    activities = [a for a in (report.figures or {}).get("activities") or [] if a.get("title")]
    if activities:
        _para(doc, _("Theo hoạt động của kế hoạch:"), keep_next=True)
        _grid(
            doc,
            ACTIVITY_COLUMNS_MM,
            [_("STT"), _("Hoạt động"), _("Số sản phẩm"), _("Tiến độ")],
            [
                [
                    str(i),
                    a["title"],
                    _number(a.get("outputs")),
                    str(STATUS_LABELS.get(a.get("status", ""), "—")),
                ]
                for i, a in enumerate(activities, start=1)
            ],
        )
    sources = (report.rollup or {}).get("sources") or []
    if any(s.get("source") == "child" for s in sources):
        _para(doc, _("Tổng hợp từ báo cáo của các đơn vị cấp dưới đã tiếp nhận:"), keep_next=True)
        totals = (report.rollup or {}).get("totals") or {}
        rows = [
            [
                str(i),
                s["unit"]
                if s.get("source") == "child"
                else _("%(u)s (số liệu của đơn vị)") % {"u": s["unit"]},
                _number(s["figures"].get("outputs_total")),
                _number(s["figures"].get("participants")),
                _number(s["figures"].get("evidence_count")),
            ]
            for i, s in enumerate(sources, start=1)
        ]
        rows.append(
            [
                "",
                _("Tổng cộng"),
                _number(totals.get("outputs_total")),
                _number(totals.get("participants")),
                _number(totals.get("evidence_count")),
            ]
        )
        _grid(
            doc,
            ROLLUP_COLUMNS_MM,
            [_("STT"), _("Đơn vị"), _("Số sản phẩm"), _("Số người tham dự"), _("Số minh chứng")],
            rows,
        )
    _para(doc, _("2. Kết quả cụ thể"), bold=True, keep_next=True)
    for line in _lines(report.results) or [_("Không có.")]:
        _para(doc, line)


def _text_part(doc: DocxDocument, numbering: _Numbering, title: str, text: str) -> None:
    _part(doc, numbering, title)
    for line in _lines(text) or [_("Không có.")]:
        _para(doc, line)


def build_report_document(report: Report) -> DocxDocument:
    heading = cast(Plan, report_heading(report))  # read by the plan blocks as a plan
    doc = Document()
    _setup(doc, heading)
    _header(doc, heading)
    _title(doc, heading)
    numbering = _Numbering()
    _results(doc, report, numbering)
    _text_part(doc, numbering, _("TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"), report.shortcomings)
    _text_part(doc, numbering, _("ĐỀ XUẤT, KIẾN NGHỊ"), report.proposals)
    _para(
        doc,
        _("Trên đây là báo cáo kết quả thực hiện %(p)s của %(u)s.")
        % {"p": report.period.label, "u": report.unit.display_name},
    )
    _para(doc, "", before=0)
    _closing(doc, heading)
    return doc


def load_report(report: Report) -> Report:
    return Report.objects.select_related(
        "unit", "period__plan__unit", "period__to_unit", "period__through_unit"
    ).get(pk=report.pk)


def report_to_docx(report: Report) -> bytes:
    doc = build_report_document(load_report(report))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def report_file_stem(report: Report) -> str:
    return slugify(f"bao cao {report.period.label} {report.unit.display_name}") or "bao-cao"


# --- Workbooks ---------------------------------------------------------------------------

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
NUMBER_FORMAT = "#,##0"


def _sheet_title(text: str) -> str:
    for bad in "[]:*?/\\":
        text = text.replace(bad, " ")
    return text[:31]


def _write(
    ws: Worksheet,
    rows: list[list[Any]],
    *,
    header_row: int | None = None,
    widths: list[int] | None = None,
) -> None:
    for values in rows:
        ws.append(values)
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, int):
                cell.number_format = NUMBER_FORMAT
            else:
                cell.alignment = WRAP
    if header_row is not None:
        for cell in ws[header_row]:
            cell.font = BOLD
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for i, width in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def report_to_xlsx(report: Report) -> bytes:
    """The report's figures: "Số liệu" (totals, channels, kinds, activities) and, with a
    roll-up, "Tổng hợp" (each source)."""
    report = load_report(report)
    figures = report.figures or {}
    reported = selectors.reported_figures(report) or {}
    channel_names = _channel_names()
    kinds = {str(k): str(v) for k, v in OutputKind.choices}
    wb = Workbook()
    ws = cast(Worksheet, wb.active)
    ws.title = _("Số liệu")
    rows: list[list[Any]] = [
        [_("Báo cáo %(p)s — %(u)s") % {"p": report.period.label, "u": report.unit.display_name}],
        [_("Trạng thái"), report.get_status_display()],
        [_("Số liệu từ ngày"), report.period.start.strftime("%d/%m/%Y")],
        [_("Đến ngày"), report.period.cutoff.strftime("%d/%m/%Y")],
        [
            _("Số liệu lấy lúc"),
            timezone.localtime(report.figures_at).strftime("%d/%m/%Y %H:%M")
            if report.figures_at
            else "—",
        ],
        [],
        [_("Chỉ tiêu"), _("Của đơn vị"), _("Tổng hợp (gồm cấp dưới)")],
    ]
    header = len(rows)
    for key, label in (
        ("outputs_total", _("Tổng số sản phẩm")),
        ("participants", _("Số người tham dự")),
        ("audience_reached", _("Số người tiếp cận")),
        ("evidence_count", _("Số minh chứng")),
    ):
        rows.append([label, int(figures.get(key) or 0), int(reported.get(key) or 0)])
    rows.append([])
    rows.append([_("Theo hình thức tuyên truyền"), _("Của đơn vị"), _("Tổng hợp (gồm cấp dưới)")])
    own_channels = figures.get("by_channel") or {}
    all_channels = reported.get("by_channel") or {}
    for key in sorted(set(own_channels) | set(all_channels)):
        rows.append(
            [
                channel_names.get(key, key),
                int(own_channels.get(key, 0)),
                int(all_channels.get(key, 0)),
            ]
        )
    rows.append([])
    rows.append([_("Theo loại sản phẩm"), _("Của đơn vị"), _("Tổng hợp (gồm cấp dưới)")])
    own_kinds = figures.get("by_kind") or {}
    all_kinds = reported.get("by_kind") or {}
    for key in sorted(set(own_kinds) | set(all_kinds)):
        rows.append([kinds.get(key, key), int(own_kinds.get(key, 0)), int(all_kinds.get(key, 0))])
    rows.append([])
    rows.append([_("Hoạt động"), _("Số sản phẩm"), _("Tiến độ")])
    for a in figures.get("activities") or []:
        rows.append(
            [
                a.get("title") or "—",
                int(a.get("outputs") or 0),
                str(STATUS_LABELS.get(a.get("status", ""), "—")),
            ]
        )
    _write(ws, rows, header_row=header, widths=[60, 18, 24])
    ws["A1"].font = Font(bold=True, size=13)
    sources = (report.rollup or {}).get("sources") or []
    if sources:
        sheet = wb.create_sheet(_("Tổng hợp"))
        src_rows: list[list[Any]] = [
            [
                _("Nguồn"),
                _("Số sản phẩm"),
                _("Số người tham dự"),
                _("Số người tiếp cận"),
                _("Số minh chứng"),
            ]
        ]
        for s in sources:
            name = (
                s["unit"]
                if s.get("source") == "child"
                else _("%(u)s (số liệu của đơn vị)") % {"u": s["unit"]}
            )
            f = s.get("figures") or {}
            src_rows.append(
                [
                    name,
                    *(
                        int(f.get(k) or 0)
                        for k in (
                            "outputs_total",
                            "participants",
                            "audience_reached",
                            "evidence_count",
                        )
                    ),
                ]
            )
        totals = (report.rollup or {}).get("totals") or {}
        src_rows.append(
            [
                _("Tổng cộng"),
                *(
                    int(totals.get(k) or 0)
                    for k in ("outputs_total", "participants", "audience_reached", "evidence_count")
                ),
            ]
        )
        _write(sheet, src_rows, header_row=1, widths=[50, 16, 18, 18, 16])
    return workbook_bytes(wb)


def rollup_to_xlsx(period: ReportingPeriod, root: Unit | None = None) -> bytes:
    """A roll-up over every level below the plan's unit (or ``root``): a "Tổng hợp" sheet
    with the totals per level, then one sheet per unit level, one row per unit with its
    report's state and what it and its subtree recorded, by channel."""
    rollup = selectors.tree_rollup(period, root)
    tree = rollup.completeness
    names = _channel_names()
    channels = sorted(
        rollup.totals["by_channel"], key=lambda k: (-rollup.totals["by_channel"][k], k)
    )
    wb = Workbook()
    summary = cast(Worksheet, wb.active)
    summary.title = _("Tổng hợp")
    rows: list[list[Any]] = [
        [_("Tổng hợp %(p)s — %(u)s") % {"p": period.label, "u": tree.root.display_name}],
        [
            _("Số liệu từ %(s)s đến %(c)s; hạn gửi %(d)s.")
            % {
                "s": period.start.strftime("%d/%m/%Y"),
                "c": period.cutoff.strftime("%d/%m/%Y"),
                "d": period.deadline.strftime("%d/%m/%Y"),
            }
        ],
        [],
        [
            _("Cấp"),
            _("Phải báo cáo"),
            _("Đã nhận"),
            _("Đúng hạn"),
            _("Trễ hạn"),
            _("Chưa gửi"),
            _("Đầy đủ (%)"),
            _("Đúng hạn (%)"),
            _("Số sản phẩm (của các đơn vị cấp này)"),
        ],
    ]
    header = len(rows)
    for lv in tree.levels:
        own = sum(r.own["outputs_total"] for r in rollup.level(lv.level))
        t = lv.tally
        rows.append(
            [
                lv.label,
                t.expected,
                t.received,
                t.on_time,
                t.late,
                t.missing,
                t.completeness_pct,
                t.timeliness_pct,
                own,
            ]
        )
    t = tree.total
    rows.append(
        [
            _("Tổng cộng"),
            t.expected,
            t.received,
            t.on_time,
            t.late,
            t.missing,
            t.completeness_pct,
            t.timeliness_pct,
            rollup.totals["outputs_total"],
        ]
    )
    _write(summary, rows, header_row=header, widths=[50, 14, 12, 12, 12, 12, 12, 14, 22])
    summary["A1"].font = Font(bold=True, size=13)
    for lv in tree.levels:
        ws = wb.create_sheet(_sheet_title(_("Cấp %(n)d") % {"n": lv.level}))
        level_rows: list[list[Any]] = [
            [
                _("Đơn vị"),
                _("Mã"),
                _("Đơn vị cấp trên"),
                _("Tình trạng báo cáo"),
                _("Gửi lúc"),
                _("Số sản phẩm của đơn vị"),
                _("Số sản phẩm cả cấp dưới"),
                _("Số người tham dự (cả cấp dưới)"),
                _("Cấp dưới: phải báo cáo"),
                _("Cấp dưới: đã nhận"),
                *(names.get(c, c) for c in channels),
            ]
        ]
        parents = {r.row.unit.pk: r.row.unit.display_name for r in rollup.rows}
        for r in rollup.level(lv.level):
            row = r.row
            submitted = (
                row.report.submitted_at
                if row.report is not None and row.state != "missing"
                else None
            )
            level_rows.append(
                [
                    row.unit.display_name,
                    row.unit.code,
                    parents.get(row.parent_id or 0, tree.root.display_name),
                    row.label,
                    timezone.localtime(submitted).strftime("%d/%m/%Y %H:%M") if submitted else "—",
                    r.own["outputs_total"],
                    r.subtree["outputs_total"],
                    r.subtree["participants"],
                    row.subtree.expected,
                    row.subtree.received,
                    *(int(r.subtree["by_channel"].get(c, 0)) for c in channels),
                ]
            )
        _write(
            ws,
            level_rows,
            header_row=1,
            widths=[40, 10, 34, 16, 18, 14, 14, 16, 14, 14] + [14] * len(channels),
        )
    return workbook_bytes(wb)


def rollup_file_stem(period: ReportingPeriod, root: Unit | None = None) -> str:
    unit = root or period.plan.unit
    return slugify(f"tong hop {period.label} {unit.display_name}") or "tong-hop"
