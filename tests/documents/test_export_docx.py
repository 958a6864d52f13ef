"""The Word export, re-opened with python-docx and printed to PDF by LibreOffice.

The layout checks follow Decree 30/2020/NĐ-CP (appendix I): paper and margins, the
font, the header block, the document type, the activity table, the closing block and
the page numbers. The PDF check opens the file with the tool a user would.
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import unicodedata
from decimal import Decimal

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table

from cchc.documents.export_docx import plan_file_stem, plan_to_docx
from cchc.plans.models import Plan
from cchc.plans.services import (
    ActivityData,
    AudienceData,
    ChannelData,
    FundingData,
    PlanData,
    RecipientData,
    ReportingData,
    ResponsibilityData,
    ThemeData,
    UnitRef,
    plan_create,
)
from tests.plans.conftest import YEAR_2024, issued, province_plan_data

SIGNER = "Trần Phước Hiền"


def full_plan_data(tree, **overrides) -> PlanData:  # type: ignore[no-untyped-def]
    """The shared province plan, with every part a real plan has."""
    return province_plan_data(
        tree,
        header_unit="ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI",
        objectives="- Nâng cao nhận thức về cải cách hành chính.\n- Tăng cường sự tham gia của người dân.",
        requirements="Tuyên truyền thường xuyên, đúng đối tượng.",
        audiences=(
            AudienceData("officials", content="Quán triệt các văn bản về cải cách hành chính."),
            AudienceData("citizens", description="Người dân trên địa bàn tỉnh"),
        ),
        channels=(
            ChannelData("website", "Đăng tin, bài trên Cổng thông tin điện tử tỉnh."),
            ChannelData("loudspeaker"),
        ),
        funding="Từ nguồn ngân sách nhà nước được giao trong dự toán năm 2024.",
        funding_sources=(FundingData("Ngân sách tỉnh", Decimal("50000000")),),
        implementation="Các cơ quan, đơn vị căn cứ Kế hoạch này tổ chức thực hiện.",
        responsibilities=(
            ResponsibilityData(UnitRef(tree.dept.pk), "Theo dõi, đôn đốc việc thực hiện Kế hoạch."),
            ResponsibilityData(
                UnitRef(label="UBND các xã, phường"), "Xây dựng kế hoạch của địa phương."
            ),
        ),
        reporting_duties=(
            ReportingData(
                "6 tháng, năm",
                "trước ngày 10/6 và 10/12",
                to=UnitRef(tree.province.pk),
                through=UnitRef(tree.dept.pk),
            ),
        ),
        recipients=(
            RecipientData("Bộ Nội vụ", purpose="b/c"),
            RecipientData("CT, các PCT UBND tỉnh"),
            RecipientData("Các sở, ban, ngành"),
            RecipientData("VT, NC", is_archive=True),
        ),
        signing_authority="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        signer_position="Phó Chủ tịch",
        signer_name=SIGNER,
        **overrides,
    )


@pytest.fixture
def issued_plan(tree, people) -> Plan:  # type: ignore[no-untyped-def]
    return issued(plan_create(data=full_plan_data(tree), actor=people["admin"]), number="40")


@pytest.fixture
def draft_plan(tree, people) -> Plan:  # type: ignore[no-untyped-def]
    """A department's draft: parent line, no number yet, only themes and activities."""
    data = PlanData(
        unit_id=tree.dept.pk,
        title="Kế hoạch tuyên truyền cải cách hành chính năm 2024 của Sở Nội vụ",
        period_start=YEAR_2024[0],
        period_end=YEAR_2024[1],
        header_parent="UBND tỉnh Quảng Ngãi",
        symbol="KH-SNV",
        place="Quảng Ngãi",
        themes=(ThemeData("Cải cách thủ tục hành chính"),),
        activities=(
            ActivityData(
                "Niêm yết thủ tục hành chính",
                timing_text="Thường xuyên",
                leads=(UnitRef(tree.office.pk),),
            ),
        ),
        signer_position="Giám đốc",
    )
    return plan_create(data=data, actor=people["admin"])


def open_docx(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def mm(length: int | None) -> float:
    assert length is not None
    return length / Mm(1)


def paragraph_texts(doc: DocxDocument) -> list[str]:
    return [p.text for p in doc.paragraphs]


def column_paragraphs(table: Table, column: int) -> list:  # type: ignore[type-arg]
    return [p for row in table.rows for p in row.cells[column].paragraphs if p.text.strip()]


def is_bold(paragraph) -> bool:  # type: ignore[no-untyped-def]
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs)


def is_italic(paragraph) -> bool:  # type: ignore[no-untyped-def]
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.italic for r in runs)


def has_bottom_border(paragraph) -> bool:  # type: ignore[no-untyped-def]
    return bool(paragraph._p.xpath("./w:pPr/w:pBdr/w:bottom"))


def body_order(doc: DocxDocument) -> list[str]:
    """ "p" and "tbl" in the order they appear in the body."""
    return [
        child.tag.rsplit("}", 1)[1]
        for child in doc.element.body
        if not child.tag.endswith("sectPr")
    ]


# --- Page, font ----------------------------------------------------------------------


def test_page_is_a4_with_decree_margins(issued_plan: Plan) -> None:
    doc = open_docx(plan_to_docx(issued_plan))
    section = doc.sections[0]
    assert round(mm(section.page_width)) == 210
    assert round(mm(section.page_height)) == 297
    assert 20 <= round(mm(section.top_margin)) <= 25
    assert 20 <= round(mm(section.bottom_margin)) <= 25
    assert 30 <= round(mm(section.left_margin)) <= 35
    assert 15 <= round(mm(section.right_margin)) <= 20


def test_normal_style_is_times_new_roman_for_every_script(issued_plan: Plan) -> None:
    doc = open_docx(plan_to_docx(issued_plan))
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size is not None and 13 <= normal.font.size.pt <= 14
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert fonts.get(qn("w:hAnsi")) == "Times New Roman"
    # No theme font overrides the explicit one, in the style or in the defaults.
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(
        f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
    )
    assert defaults.get(qn("w:eastAsia")) == "Times New Roman"
    assert not any("Theme" in name or "theme" in name for name in defaults.attrib)
    # Runs never name another font.
    assert not doc.element.body.xpath(".//w:r/w:rPr/w:rFonts")


# --- Header block --------------------------------------------------------------------


def test_header_block_of_an_issued_plan(issued_plan: Plan) -> None:
    doc = open_docx(plan_to_docx(issued_plan))
    assert body_order(doc)[0] == "tbl", "the document opens with the header table"
    header = doc.tables[0]
    assert len(header.columns) == 2
    assert not header._tbl.xpath("./w:tblPr/w:tblBorders/*[@w:val!='nil']"), "borderless"

    left = column_paragraphs(header, 0)
    assert [p.text for p in left] == ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 40/KH-UBND"]
    assert is_bold(left[0]) and is_bold(left[1])
    assert not is_bold(left[2])
    rules = [p for p in header.rows[0].cells[0].paragraphs if has_bottom_border(p)]
    assert len(rules) == 1, "a short rule under the issuing body"
    assert rules[0].paragraph_format.left_indent > Mm(5), "shorter than the column"

    right = column_paragraphs(header, 1)
    assert [p.text for p in right] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Ngãi, ngày 01 tháng 3 năm 2024",
    ]
    assert is_bold(right[0]) and right[0].runs[0].font.size.pt == 13
    assert is_bold(right[1]) and right[1].runs[0].font.size.pt == 14
    assert is_italic(right[2]) and not is_bold(right[2])
    assert [p for p in header.rows[0].cells[1].paragraphs if has_bottom_border(p)], (
        "rule under the motto"
    )


def test_header_block_of_a_draft_with_parent_line(draft_plan: Plan) -> None:
    doc = open_docx(plan_to_docx(draft_plan))
    left = column_paragraphs(doc.tables[0], 0)
    assert [p.text for p in left] == ["UBND TỈNH QUẢNG NGÃI", "SỞ NỘI VỤ", "Số:      /KH-SNV"]
    assert not is_bold(left[0]), "the parent line is not bold"
    assert is_bold(left[1]), "the issuing body is bold"
    date = column_paragraphs(doc.tables[0], 1)[-1]
    assert date.text == "Quảng Ngãi, ngày     tháng     năm 2024"
    assert is_italic(date)


def test_document_type_title_and_legal_bases(issued_plan: Plan) -> None:
    doc = open_docx(plan_to_docx(issued_plan))
    texts = paragraph_texts(doc)
    kind = doc.paragraphs[texts.index("KẾ HOẠCH")]
    assert is_bold(kind)
    assert kind.alignment == 1  # centred
    title = doc.paragraphs[texts.index("Kế hoạch tuyên truyền cải cách hành chính năm 2024")]
    assert is_bold(title) and title.alignment == 1
    assert (
        "Căn cứ Quyết định số 35/QĐ-BNV ngày 22/01/2024 của Bộ Nội vụ ban hành Kế hoạch thông tin,"
        " tuyên truyền cải cách hành chính năm 2024, UBND tỉnh Quảng Ngãi ban hành Kế hoạch tuyên truyền"
        " cải cách hành chính năm 2024 như sau:"
    ) in texts


# --- Body ----------------------------------------------------------------------------


def test_parts_are_numbered_with_roman_numerals_in_order(issued_plan: Plan) -> None:
    texts = paragraph_texts(open_docx(plan_to_docx(issued_plan)))
    headings = [
        t for t in texts if t.split(".", 1)[0] in {"I", "II", "III", "IV", "V", "VI", "VII", "VIII"}
    ]
    assert headings == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. ĐỐI TƯỢNG",
        "III. NỘI DUNG TUYÊN TRUYỀN",
        "IV. HÌNH THỨC TUYÊN TRUYỀN",
        "V. CÁC HOẠT ĐỘNG TRỌNG TÂM",
        "VI. KINH PHÍ",
        "VII. TỔ CHỨC THỰC HIỆN",
    ]
    # Texts as stored: each line its own paragraph.
    i = texts.index("1. Mục đích")
    assert texts[i + 1 : i + 3] == [
        "- Nâng cao nhận thức về cải cách hành chính.",
        "- Tăng cường sự tham gia của người dân.",
    ]
    assert "2. Yêu cầu" in texts
    # An audience on one line, its label first, then its content (read back exactly).
    i = texts.index("- Cán bộ, công chức, viên chức:")
    assert texts[i + 1] == "Quán triệt các văn bản về cải cách hành chính."
    assert "- Người dân: Người dân trên địa bàn tỉnh" in texts
    assert "2. Chuyển đổi số, chính quyền số" in texts
    # A channel on one line, its kind's label first (read back exactly by the importer).
    assert (
        "- Cổng/Trang thông tin điện tử: Đăng tin, bài trên Cổng thông tin điện tử tỉnh." in texts
    )
    assert "- Hệ thống truyền thanh cơ sở, loa:" in texts
    assert "- Ngân sách tỉnh: 50.000.000 đồng." in texts
    duty = open_docx(plan_to_docx(issued_plan)).paragraphs[texts.index("1. Sở Nội vụ")]
    assert is_bold(duty), "the unit's name is bold"
    assert "2. UBND các xã, phường" in texts
    assert (
        "Báo cáo 6 tháng, năm gửi UBND tỉnh Quảng Ngãi (qua Sở Nội vụ), trước ngày 10/6 và 10/12."
        in texts
    )


def test_empty_parts_are_left_out_and_numbering_stays_consecutive(draft_plan: Plan) -> None:
    texts = paragraph_texts(open_docx(plan_to_docx(draft_plan)))
    assert "I. NỘI DUNG TUYÊN TRUYỀN" in texts
    assert "II. CÁC HOẠT ĐỘNG TRỌNG TÂM" in texts
    assert not [t for t in texts if t.startswith("III.")]
    assert not [t for t in texts if "MỤC ĐÍCH" in t or "KINH PHÍ" in t or "TỔ CHỨC THỰC HIỆN" in t]


def test_activity_table(issued_plan: Plan, tree) -> None:  # type: ignore[no-untyped-def]
    doc = open_docx(plan_to_docx(issued_plan))
    table = doc.tables[1]
    assert not table._tbl.xpath("./w:tblPr/w:tblBorders/*[@w:val='nil']"), "bordered"
    header = table.rows[0]
    assert [c.text for c in header.cells] == [
        "STT",
        "Nội dung hoạt động",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian thực hiện",
        "Sản phẩm",
    ]
    assert header._tr.xpath("./w:trPr/w:tblHeader"), "the header row repeats on every page"
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[0] for r in rows] == ["1", "2", "2.1", "3"]
    assert rows[0] == [
        "1",
        "Tuyên truyền trên Cổng thông tin điện tử",
        tree.dept.display_name,
        f"{tree.commune_a.display_name}; Các sở, ban, ngành",  # units separated by "; "
        "Thường xuyên",
        "",
    ]
    assert rows[1][2] == f"{tree.commune_a.display_name}; {tree.commune_b.display_name}"
    assert rows[1][4:] == ["02 số/tháng", "02 số/tháng, 10 phút"]
    assert rows[2][1:] == ["Xây dựng nội dung chuyên mục", "", "", "Quý I/2024", ""]
    table_sizes = {
        r.font.size.pt
        for row in table.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
        if r.text
    }
    assert table_sizes == {13}


def test_recipients_and_signing_block_side_by_side(issued_plan: Plan) -> None:
    doc = open_docx(plan_to_docx(issued_plan))
    assert body_order(doc)[-1] == "tbl", "the document closes with the recipients and signature"
    closing = doc.tables[-1]
    assert len(closing.rows) == 1 and len(closing.columns) == 2
    assert not closing._tbl.xpath("./w:tblPr/w:tblBorders/*[@w:val!='nil']"), "borderless"
    left = column_paragraphs(closing, 0)
    assert [p.text for p in left] == [
        "Nơi nhận:",
        "- Bộ Nội vụ (b/c);",
        "- CT, các PCT UBND tỉnh;",
        "- Các sở, ban, ngành;",
        "- Lưu: VT, NC.",
    ]
    assert is_bold(left[0]) and is_italic(left[0]) and left[0].runs[0].font.size.pt == 12
    assert {r.font.size.pt for p in left[1:] for r in p.runs} == {11}
    right = column_paragraphs(closing, 1)
    assert [p.text for p in right] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        SIGNER,
    ]
    assert all(is_bold(p) for p in right)
    blank = [p for p in closing.rows[0].cells[1].paragraphs if not p.text.strip()]
    assert len(blank) >= 3, "room for the signature and seal"


def test_draft_without_archive_line_gets_the_default_one(draft_plan: Plan) -> None:
    closing = open_docx(plan_to_docx(draft_plan)).tables[-1]
    assert [p.text for p in column_paragraphs(closing, 0)] == ["Nơi nhận:", "- Lưu: VT."]
    assert [p.text for p in column_paragraphs(closing, 1)] == ["GIÁM ĐỐC"]


def test_page_numbers_from_page_two(issued_plan: Plan) -> None:
    doc = open_docx(plan_to_docx(issued_plan))
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    header = section.header
    assert not header.is_linked_to_previous
    instructions = [t.text.strip() for t in header._element.xpath(".//w:instrText")]
    assert instructions == ["PAGE"]
    assert header.paragraphs[0].alignment == 1  # centred
    first = section.first_page_header
    assert not first._element.xpath(".//w:instrText") and not first._element.xpath(".//w:fldSimple")


def test_file_stem() -> None:
    plan = Plan(
        doc_type="Kế hoạch",
        number="40",
        symbol="KH-UBND",
        title="Kế hoạch tuyên truyền cải cách hành chính năm 2024",
        period_start=datetime.date(2024, 1, 1),
    )
    assert plan_file_stem(plan) == "ke-hoach-40-kh-ubnd-tuyen-truyen-cai-cach-hanh-chinh-nam-2024"


def test_bounded_queries(issued_plan: Plan, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(20):
        plan_to_docx(issued_plan)


# --- Opened with the tool a user would -------------------------------------------------


def _nfc_words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.slow
def test_libreoffice_prints_the_document(issued_plan: Plan, tmp_path) -> None:  # type: ignore[no-untyped-def]
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the PDF round trip cannot run here")
    source = tmp_path / "ke-hoach.docx"
    source.write_bytes(plan_to_docx(issued_plan))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        timeout=120,
        capture_output=True,
    )
    pdf = tmp_path / "ke-hoach.pdf"
    assert pdf.is_file()

    from pypdf import PdfReader

    reader = PdfReader(pdf)
    assert len(reader.pages) >= 2
    box = reader.pages[0].mediabox
    assert (
        round(float(box.width) * 25.4 / 72) == 210 and round(float(box.height) * 25.4 / 72) == 297
    )
    text = _nfc_words("\n".join(page.extract_text() or "" for page in reader.pages))
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 40/KH-UBND",
        "Quảng Ngãi, ngày 01 tháng 3 năm 2024",
        "KẾ HOẠCH",
        "Kế hoạch tuyên truyền cải cách hành chính năm 2024",
        # An activity's title (the row may break across the page, with the header row
        # repeated in between).
        "Chuyên mục CCHC",
        "trên truyền thanh xã",
        "Nơi nhận:",
        "PHÓ CHỦ TỊCH",
        SIGNER,
    ):
        assert _nfc_words(expected) in text, expected
    # The page number is printed on page 2, not on page 1.
    second = _nfc_words(reader.pages[1].extract_text() or "")
    assert second.startswith("2 ")
    first = _nfc_words(reader.pages[0].extract_text() or "")
    assert not first.startswith("1 ")


def test_intro_kept_as_stored_when_it_cites_the_bases_itself(tree, people) -> None:  # type: ignore[no-untyped-def]
    intro = (
        "Thực hiện Quyết định số 35/QĐ-BNV ngày 22/01/2024 của Bộ Nội vụ;\n\n"
        "UBND tỉnh ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2024, như sau:"
    )
    data = province_plan_data(tree, intro=intro, slogan="Năm tăng tốc chuyển đổi số")
    texts = paragraph_texts(open_docx(plan_to_docx(plan_create(data=data, actor=people["admin"]))))
    assert not [t for t in texts if t.startswith("Căn cứ")]
    i = texts.index("Thực hiện Quyết định số 35/QĐ-BNV ngày 22/01/2024 của Bộ Nội vụ;")
    assert (
        texts[i + 1]
        == "UBND tỉnh ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2024, như sau:"
    )
    assert "Năm tăng tốc chuyển đổi số" in texts[:i]


def test_units_cell_text_reads_back_by_name() -> None:
    """Units of a table cell: "; " between them, a ";" after a lone name with commas."""
    from cchc.documents.export_docx import units_cell_text
    from cchc.documents.parsing.rules import table_units

    cases = [
        ["Sở Nội vụ"],
        ["Sở Nội vụ", "Ban Dân tộc tỉnh"],
        ["Các cơ quan, đơn vị liên quan"],
        ["Các cơ quan, đơn vị, UBND các xã, thị trấn"],
        ["Phòng Nội vụ", "phòng Tài chính - Kế hoạch"],
        ["Đoàn thể chính trị, xã hội các xã, thị trấn", "Ban quản lý bản, tổ dân phố"],
    ]
    for names in cases:
        assert table_units(units_cell_text(names)) == names
    assert units_cell_text(["Các cơ quan, đơn vị, UBND các xã, thị trấn"]).endswith(";")
    assert units_cell_text(["Các cơ quan, đơn vị liên quan"]) == "Các cơ quan, đơn vị liên quan"
    assert units_cell_text([]) == ""
