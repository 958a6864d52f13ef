"""A report as a "BÁO CÁO" Word document (checked by python-docx and LibreOffice), its
figures and a province's roll-up as workbooks, the download pages and the command."""

from __future__ import annotations

import datetime
import io
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from cchc.documents.export_pdf import docx_to_pdf
from cchc.documents.export_report import report_to_docx, report_to_xlsx, rollup_to_xlsx
from cchc.orgs.models import UnitKind
from cchc.orgs.services import UnitData, unit_create
from cchc.reports import services
from cchc.reports.models import Report
from cchc.tracking.models import Output
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
D = datetime.date


def _submit(report: Report, **texts: str) -> Report:
    return services.report_submit(
        report=report, data=services.NarrativeData(**{"results": "Đã thực hiện", **texts})
    )


@pytest.fixture
def reports(tree, q1, broadcast):  # type: ignore[no-untyped-def]
    district = unit_create(
        parent=tree.province, data=UnitData(name="Huyện Sơn Tịnh", kind=UnitKind.DISTRICT)
    )
    commune = unit_create(parent=district, data=UnitData(name="Xã Tịnh Hà", kind=UnitKind.COMMUNE))
    Output.objects.create(
        activity=broadcast,
        unit=tree.commune_a,
        kind="loudspeaker",
        date=D(2024, 1, 8),
        quantity=7,
        participants=120,
    )
    Output.objects.create(
        activity=broadcast, unit=tree.province, kind="news", date=D(2024, 1, 9), quantity=2
    )
    Output.objects.create(
        activity=broadcast, unit=commune, kind="social_post", date=D(2024, 2, 9), quantity=4
    )
    a = services.report_accept(
        report=_submit(
            services.report_open(period=q1, unit=tree.commune_a), results="Phát 7 buổi loa."
        )
    )
    top = _submit(
        services.report_open(period=q1, unit=tree.province),
        results="Toàn tỉnh đã triển khai kế hoạch.\nCổng thông tin đăng 2 tin.",
        shortcomings="Một số xã chưa cập nhật sản phẩm.",
        proposals="Đề nghị Bộ Nội vụ hỗ trợ tài liệu.",
    )
    return {"commune": a, "province": top, "district": district, "tinh_ha": commune}


def _text(doc) -> str:  # type: ignore[no-untyped-def]
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def test_docx_in_decree_30_layout(reports):  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(report_to_docx(reports["province"])))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30
    assert round(section.right_margin.mm) == 15 and round(section.top_margin.mm) == 20
    header = doc.tables[0]
    left, right = header.rows[0].cells
    assert "UBND TỈNH QUẢNG NGÃI" in left.text
    assert (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right.text
        and "Độc lập - Tự do - Hạnh phúc" in right.text
    )
    assert "Số:" in header.rows[1].cells[0].text and "/BC-UBND" in header.rows[1].cells[0].text
    paragraphs = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in paragraphs
    title_at = paragraphs.index("BÁO CÁO")
    assert paragraphs[title_at + 1].startswith("Kết quả thực hiện kế hoạch tuyên truyền")
    assert paragraphs[title_at + 2] == "Quý I/2024"
    text = _text(doc)
    for needed in (
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
        "Một số xã chưa cập nhật sản phẩm.",
        "Đề nghị Bộ Nội vụ hỗ trợ tài liệu.",
        "Cổng thông tin đăng 2 tin.",
        "Nơi nhận:",
        "Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
    ):
        assert needed in text, needed
    # Figures: own 2 + accepted commune 7 = 9 outputs (the district's commune has no accepted report).
    assert "- Tổng số sản phẩm tuyên truyền: 9;" in paragraphs
    assert "- Số người tham dự: 120;" in paragraphs
    rollup = next(t for t in doc.tables if t.rows[0].cells[1].text == "Đơn vị")
    assert [c.text for c in rollup.rows[-1].cells][1:3] == ["Tổng cộng", "9"]
    channel = next(t for t in doc.tables if t.rows[0].cells[1].text == "Hình thức tuyên truyền")
    assert {r.cells[1].text: r.cells[2].text for r in channel.rows[1:]} == {
        "Hệ thống truyền thanh cơ sở, loa": "7",
        "Cổng/Trang thông tin điện tử": "2",
    }


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_docx_prints_to_pdf_with_libreoffice(reports):  # type: ignore[no-untyped-def]
    pdf = docx_to_pdf(report_to_docx(reports["commune"]), name="bao-cao")
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "BÁO CÁO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "UBND XÃ MINH ĐỨC" in text and "Phát 7 buổi loa." in text
    assert "Tổng số sản phẩm tuyên truyền: 7" in text
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4


def test_report_xlsx(reports):  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(report_to_xlsx(reports["province"])))
    assert wb.sheetnames == ["Số liệu", "Tổng hợp"]
    ws = wb["Số liệu"]
    rows = {r[0]: r[1:] for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert rows["Tổng số sản phẩm"][:2] == (2, 9)
    assert rows["Số người tham dự"][:2] == (0, 120)
    assert rows["Hệ thống truyền thanh cơ sở, loa"][:2] == (0, 7)
    assert rows["Trạng thái"][0] == "Đã gửi, chờ xem xét"
    sources = list(wb["Tổng hợp"].iter_rows(values_only=True))
    assert sources[-1][:2] == ("Tổng cộng", 9)
    assert ws.freeze_panes is not None


def test_province_rollup_workbook_has_a_sheet_per_level(tree, q1, reports):  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(rollup_to_xlsx(q1)))
    assert wb.sheetnames == ["Tổng hợp", "Cấp 1", "Cấp 2"]
    summary = list(wb["Tổng hợp"].iter_rows(values_only=True))
    total = next(r for r in summary if r[0] == "Tổng cộng")
    # Expected: dept, commune A, commune B, district (level 1); office, post, Tịnh Hà (level 2).
    assert (
        total[1:6] == (7, 1, 0, 1, 6) and total[8] == 2 + 7 + 4
    )  # commune A sent after the deadline
    level1 = {r[0]: r for r in wb["Cấp 1"].iter_rows(min_row=2, values_only=True)}
    district = level1[reports["district"].display_name]
    assert district[3] == "Chưa gửi" and district[5] == 0 and district[6] == 4  # own 0, subtree 4
    assert (
        level1[tree.commune_a.display_name][3] == "Trễ hạn"
        and level1[tree.commune_a.display_name][5] == 7
    )
    level2 = {r[0]: r for r in wb["Cấp 2"].iter_rows(min_row=2, values_only=True)}
    assert level2[reports["tinh_ha"].display_name][2] == reports["district"].display_name
    assert level2[reports["tinh_ha"].display_name][5] == 4
    # Drill-down: the district's own workbook.
    below = load_workbook(io.BytesIO(rollup_to_xlsx(q1, reports["district"])))
    assert below.sheetnames == ["Tổng hợp", "Cấp 2"]


def test_download_pages_and_permissions(tree, people, q1, reports):  # type: ignore[no-untyped-def]
    report = reports["commune"]
    docx_url = reverse("staff:report_export", args=[report.pk, "docx"])
    xlsx_url = reverse("staff:report_export", args=[report.pk, "xlsx"])
    editor = client_for(people["commune_editor"])
    detail = editor.get(reverse("staff:report_detail", args=[report.pk])).content.decode()
    assert (
        docx_url in detail
        and xlsx_url in detail
        and reverse("staff:par_index", args=[tree.commune_a.pk]) in detail
    )
    response = editor.get(docx_url)
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert (
        "attachment;" in response["Content-Disposition"]
        and ".docx" in response["Content-Disposition"]
    )
    Document(io.BytesIO(response.content))
    assert editor.get(xlsx_url).status_code == 200
    assert editor.get(reverse("staff:report_export", args=[report.pk, "pdf"])).status_code == 404
    assert client_for(people["nobody"]).get(docx_url).status_code == 404
    assert client_for(people["commune_editor"]).post(docx_url).status_code == 405
    rollup_url = reverse("staff:period_rollup_export", args=[q1.pk])
    assert client_for(people["province_viewer"]).get(rollup_url).status_code == 200
    assert client_for(people["commune_editor"]).get(rollup_url).status_code == 404
    assert client_for(people["nobody"]).get(rollup_url).status_code == 404


def test_figures_that_contradict_the_records_are_shown_not_replaced(
    tree, people, reports, broadcast
):  # type: ignore[no-untyped-def]
    report = reports["commune"]
    Output.objects.create(
        activity=broadcast, unit=tree.commune_a, kind="loudspeaker", date=D(2024, 2, 1), quantity=3
    )
    page = (
        client_for(people["commune_editor"])
        .get(reverse("staff:report_detail", args=[report.pk]))
        .content.decode()
    )
    assert 'id="figure-differences"' in page and "khác với số liệu đang ghi nhận" in page
    report.refresh_from_db()
    assert report.figures["outputs_total"] == 7  # kept as sent
    doc = Document(io.BytesIO(report_to_docx(report)))
    assert "- Tổng số sản phẩm tuyên truyền: 7;" in [p.text for p in doc.paragraphs]


def test_export_command(tmp_path, reports):  # type: ignore[no-untyped-def]
    report = reports["province"]
    target = tmp_path / "bc.docx"
    out = io.StringIO()
    call_command(
        "export_report", str(report.pk), "--format", "docx", "--output", str(target), stdout=out
    )
    assert target.is_file() and "Đã xuất báo cáo" in out.getvalue()
    assert "BÁO CÁO" in [p.text for p in Document(str(target)).paragraphs]
    call_command(
        "export_report",
        str(report.pk),
        "--format",
        "xlsx",
        "--output",
        str(tmp_path),
        stdout=io.StringIO(),
    )
    assert [p.suffix for p in tmp_path.iterdir() if p.suffix == ".xlsx"] == [".xlsx"]
    for args, message in (
        ([], "Hãy cho biết mã báo cáo"),
        (["abc"], "phải là số"),
        (["999999"], "Không có báo cáo"),
        ([str(report.pk), "--format", "pdf"], "không hỗ trợ"),
        ([str(report.pk), "--output", str(tmp_path / "khong-co" / "x.docx")], "Không có thư mục"),
    ):
        with pytest.raises(CommandError, match=message):
            call_command("export_report", *args, stdout=io.StringIO())
