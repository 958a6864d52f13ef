"""Results as an XLSX workbook (openpyxl) and a DOCX summary (python-docx)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from cchc.spreadsheets import workbook_bytes
from cchc.surveys.models import Answer, Question
from cchc.surveys.selectors import Results, UnitResult
from cchc.surveys.stats import Share, sample_size

FORMULA = gettext_lazy(
    "Chỉ số hài lòng = số người trả lời “Hài lòng” hoặc “Rất hài lòng” / số người trả lời"
    " tiêu chí đó × 100%. Chỉ số của yếu tố và chỉ số chung gộp mọi câu trả lời thuộc các"
    " tiêu chí. Khoảng tin cậy 95% theo phương pháp Wilson."
)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%".replace(".", ",")


def _ci(share: Share) -> str:
    ci = share.interval_percent
    return "—" if ci is None else f"{_pct(ci[0])} – {_pct(ci[1])}"


def _scope(results: Results) -> str:
    where = results.unit.display_name if results.unit else _("tất cả điểm khảo sát")
    when = results.period.label if results.period else _("toàn bộ thời gian")
    return f"{where}, {when}"


def results_xlsx(
    results: Results,
    units: list[UnitResult],
    *,
    texts: Sequence[tuple[Question, Iterable[Answer]]] = (),
) -> bytes:
    """Criteria, factors, units; and, given ``texts``, what respondents wrote to each
    open question (one row per answer, newest first)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Tiêu chí")
    bold = Font(bold=True)
    sheet.append([results.survey.title])
    sheet.append([_scope(results)])
    sheet.append([str(FORMULA)])
    sheet.append([])
    header = [
        _("Yếu tố"),
        _("Mã"),
        _("Tiêu chí"),
        _("Số trả lời"),
        _("Số hài lòng"),
        _("Chỉ số (%)"),
        _("CI 95% thấp (%)"),
        _("CI 95% cao (%)"),
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
    sheet.append(header)
    for cell in sheet[5]:
        cell.font = bold
    for factor in results.factors:
        for c in factor.criteria:
            ci = c.share.interval_percent
            sheet.append(
                [
                    factor.title,
                    c.code,
                    c.text,
                    c.share.answered,
                    c.share.satisfied,
                    c.share.percent,
                    ci[0] if ci else None,
                    ci[1] if ci else None,
                    *[c.levels[i] for i in range(1, 6)],
                ]
            )
    factors = book.create_sheet(_("Yếu tố"))
    factors.append(
        [
            _("Mã"),
            _("Yếu tố"),
            _("Số trả lời"),
            _("Số hài lòng"),
            _("Chỉ số (%)"),
            _("Kỳ trước (%)"),
        ]
    )
    for cell in factors[1]:
        cell.font = bold
    for factor in results.factors:
        factors.append(
            [
                factor.code,
                factor.title,
                factor.share.answered,
                factor.share.satisfied,
                factor.share.percent,
                factor.previous.percent if factor.previous else None,
            ]
        )
    factors.append(
        [
            _("Chung"),
            "",
            results.overall.answered,
            results.overall.satisfied,
            results.overall.percent,
            results.previous_overall.percent if results.previous_overall else None,
        ]
    )
    per_unit = book.create_sheet(_("Đơn vị"))
    per_unit.append(
        [_("Đơn vị"), _("Số phiếu"), _("Số trả lời"), _("Số hài lòng"), _("Chỉ số (%)")]
    )
    for cell in per_unit[1]:
        cell.font = bold
    for row in units:
        per_unit.append(
            [
                row.unit.display_name,
                row.respondents,
                row.overall.answered,
                row.overall.satisfied,
                row.overall.percent,
            ]
        )
    sheet.column_dimensions["C"].width = 70
    factors.column_dimensions["B"].width = 50
    per_unit.column_dimensions["A"].width = 45
    if texts:
        opinions = book.create_sheet(_("Ý kiến"))
        opinions.append(
            [_("Mã"), _("Câu hỏi"), _("Trả lời"), _("Ngày gửi"), _("Nơi khảo sát"), _("Hình thức")]
        )
        for cell in opinions[1]:
            cell.font = bold
        for question, answers in texts:
            for answer in answers:
                response = answer.response
                opinions.append(
                    [
                        question.code,
                        question.text,
                        answer.text,
                        timezone.localtime(response.submitted_at).strftime("%d/%m/%Y %H:%M"),
                        response.unit.display_name,
                        response.get_channel_display(),
                    ]
                )
        opinions.column_dimensions["B"].width = 40
        opinions.column_dimensions["C"].width = 80
        opinions.column_dimensions["E"].width = 35
    return workbook_bytes(book)


def results_docx(results: Results, units: list[UnitResult]) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(13)  # type: ignore[attr-defined]
    doc.add_heading(_("BÁO CÁO KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG"), level=1)
    doc.add_paragraph(results.survey.title)
    doc.add_paragraph(
        _("Phạm vi: %(s)s. Số phiếu: %(n)s. Lập ngày %(d)s.")
        % {
            "s": _scope(results),
            "n": results.respondents,
            "d": timezone.localdate().strftime("%d/%m/%Y"),
        }
    )
    doc.add_paragraph(
        _("Chỉ số hài lòng chung: %(p)s (khoảng tin cậy 95%%: %(ci)s).")
        % {"p": _pct(results.overall.percent), "ci": _ci(results.overall)}
    )
    doc.add_paragraph(str(FORMULA))
    need = sample_size()
    doc.add_paragraph(
        _("Cỡ mẫu cần để sai số ±5%% ở độ tin cậy 95%%: %(n)s phiếu; đã có %(have)s phiếu.")
        % {"n": need, "have": results.respondents}
    )
    doc.add_heading(_("Chỉ số theo yếu tố"), level=2)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        [_("Yếu tố"), _("Số trả lời"), _("Chỉ số"), _("Khoảng tin cậy 95%"), _("Kỳ trước")],
        strict=True,
    ):
        cell.text = text
    for factor in results.factors:
        cells = table.add_row().cells
        cells[0].text = factor.title
        cells[1].text = str(factor.share.answered)
        cells[2].text = _pct(factor.share.percent)
        cells[3].text = _ci(factor.share)
        cells[4].text = _pct(factor.previous.percent) if factor.previous else "—"
    doc.add_heading(_("Chỉ số theo tiêu chí"), level=2)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        [_("Tiêu chí"), _("Số trả lời"), _("Chỉ số"), _("Khoảng tin cậy 95%")],
        strict=True,
    ):
        cell.text = text
    for factor in results.factors:
        for c in factor.criteria:
            cells = table.add_row().cells
            cells[0].text = f"{c.code}. {c.text}"
            cells[1].text = str(c.share.answered)
            cells[2].text = _pct(c.share.percent)
            cells[3].text = _ci(c.share)
    if units:
        doc.add_heading(_("So sánh giữa các đơn vị"), level=2)
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, [_("Đơn vị"), _("Số phiếu"), _("Chỉ số")], strict=True
        ):
            cell.text = text
        for row in units:
            cells = table.add_row().cells
            cells[0].text = row.unit.display_name
            cells[1].text = str(row.respondents)
            cells[2].text = _pct(row.overall.percent)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
