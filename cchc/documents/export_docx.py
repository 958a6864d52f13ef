"""A plan as a Word document, laid out as Decree 30/2020/NĐ-CP (appendix I) requires.

A4 portrait, margins 20/20/30/15 mm, Times New Roman 14 pt (13 pt in the activity
table), the header block as a borderless two-column table (issuing body and number on
the left, national title, motto and place/date on the right, each with its short rule),
the document type and title centred, the body in numbered parts with Roman numerals
(an empty part is left out and the numbering stays consecutive), the key activities as
a bordered table whose header row repeats on every page, then "Nơi nhận" and the
signing block side by side. Page numbers sit centred in the header from page 2 on.

Texts are written as stored: a line break in a text field starts a new paragraph.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from cchc.documents.docmeta import plan_meta, write_meta
from cchc.documents.parsing.rules import split_units
from cchc.legal.symbols import format_vn_date
from cchc.plans.models import Activity, Plan, ReportingDuty
from cchc.plans.selectors import activity_tree, coordinator_units, lead_units, plan_detail
from cchc.text import slugify

__all__ = [
    "DOCX_CONTENT_TYPE",
    "build_document",
    "funding_source_line",
    "intro_citation",
    "load_plan",
    "number_line",
    "place_date_line",
    "plan_file_stem",
    "plan_to_docx",
    "recipient_lines",
    "units_cell_text",
]

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 13
HEADER_PT = 13
RECIPIENTS_TITLE_PT = 12
RECIPIENTS_PT = 11

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 20
MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM = 30
MARGIN_RIGHT_MM = 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165
FIRST_LINE_INDENT_MM = 12.7
CELL_PADDING_MM = 1.9  # Word's default left and right cell margin (0.19 cm)

# Header block: the national title at 13 pt bold is about 96 mm wide.
HEADER_COLUMNS_MM = (62.0, TEXT_WIDTH_MM - 62.0)
# Key activities: STT, Nội dung hoạt động, Chủ trì, Phối hợp, Thời gian, Sản phẩm.
ACTIVITY_COLUMNS_MM = (14.0, 50.0, 27.0, 27.0, 23.0, 24.0)
SIGNING_COLUMNS_MM = (75.0, TEXT_WIDTH_MM - 75.0)

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# Advance widths of Times New Roman (Bold), in thousandths of an em, to size the short
# rules under the issuing body and the motto. Accented letters take their base letter.
_BOLD_WIDTHS: dict[str, int] = {
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (
        722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944,
        722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667,
    ), strict=True)),
    **dict(zip("abcdefghijklmnopqrstuvwxyz", (
        500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833,
        556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444,
    ), strict=True)),
    " ": 250, "-": 333, ".": 250, ",": 250, "Đ": 722, "đ": 556,
}  # fmt: skip


def _text_width_mm(text: str, size_pt: float) -> float:
    """Approximate printed width of ``text`` in Times New Roman Bold."""
    total = 0
    for ch in text:
        base = ch if ch in _BOLD_WIDTHS else unicodedata.normalize("NFD", ch)[:1]
        total += _BOLD_WIDTHS.get(base, 500 if base.isdigit() else 600)
    return total / 1000 * size_pt * 25.4 / 72


# --- Low-level OOXML helpers ----------------------------------------------------------


def _el(tag: str, **attrs: str) -> BaseOxmlElement:
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _twips(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


_PPR_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_TBLPR_AFTER_BORDERS = (
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
    "w:tblPrChange",
)  # fmt: skip


def _set_fonts(rpr: BaseOxmlElement) -> None:
    """Times New Roman for every script, East Asian included, with no theme fonts."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = _el("w:rFonts")
        rpr.insert(0, rfonts)
    for name in list(rfonts.attrib):
        del rfonts.attrib[name]
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), FONT)


def _set_lang(rpr: BaseOxmlElement) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = _el("w:lang")
        rpr.insert_element_before(lang, *_RPR_AFTER_LANG)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")


def _bottom_border(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = _el("w:pBdr")
    borders.append(_el("w:bottom", val="single", sz="6", space="1", color="auto"))
    ppr.insert_element_before(borders, *_PPR_AFTER_PBDR)


def _table_borders(table: Table, *, visible: bool) -> None:
    tblpr = table._tbl.tblPr
    existing = tblpr.find(qn("w:tblBorders"))
    if existing is not None:
        tblpr.remove(existing)
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if visible:
            borders.append(_el(f"w:{side}", val="single", sz="4", space="0", color="auto"))
        else:
            borders.append(_el(f"w:{side}", val="nil"))
    tblpr.insert_element_before(borders, *_TBLPR_AFTER_BORDERS)


def _row_properties(row: Any, *, repeat_header: bool = False, cant_split: bool = False) -> None:
    trpr = row._tr.get_or_add_trPr()
    if cant_split:
        trpr.append(_el("w:cantSplit"))
    if repeat_header:
        trpr.append(_el("w:tblHeader"))


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field, written as Word writes it (begin, instruction, separate, end)."""
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "2"),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind is not None:
            run._r.append(_el("w:fldChar", fldCharType=kind))
        elif text == " PAGE ":
            instr = _el("w:instrText")
            instr.set(XML_SPACE, "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text or ""


# --- Paragraphs -------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    """The paragraphs of a stored text: one per line, blank lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _new_paragraph(container: Any) -> Paragraph:
    """A new paragraph; in a fresh table cell, its own empty first paragraph."""
    if isinstance(container, _Cell):
        paragraphs = container.paragraphs
        if len(paragraphs) == 1 and paragraphs[0]._p.pPr is None and not paragraphs[0].runs:
            return paragraphs[0]
    paragraph: Paragraph = container.add_paragraph()
    return paragraph


def _para(
    container: Any,
    text: str = "",
    *,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    indent: bool = True,
    before: float = 6,
    after: float = 0,
    keep_next: bool = False,
) -> Paragraph:
    paragraph = _new_paragraph(container)
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Mm(FIRST_LINE_INDENT_MM) if indent else Mm(0)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if keep_next:
        fmt.keep_with_next = True
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _run(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
) -> None:
    run = paragraph.add_run(text)
    if "  " in text:  # blanks left for the number and date: keep every space
        for t in run._r.xpath("./w:t"):
            t.set(XML_SPACE, "preserve")
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size is not None:
        run.font.size = Pt(size)


def _centred(
    container: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = BODY_PT,
    before: float = 0,
) -> Paragraph:
    return _para(
        container,
        text,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        bold=bold,
        italic=italic,
        size=size,
        indent=False,
        before=before,
    )


def _rule(cell: _Cell, length_mm: float, column_mm: float) -> Paragraph:
    """A short centred horizontal line: the bottom border of a tiny empty paragraph."""
    paragraph = _para(cell, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=0)
    side = max((column_mm - 2 * CELL_PADDING_MM - length_mm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Mm(side)
    fmt.right_indent = Mm(side)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(2)
    paragraph.add_run().font.size = Pt(2)
    _bottom_border(paragraph)
    return paragraph


# --- Document setup ---------------------------------------------------------------------


def _setup(doc: DocxDocument, plan: Plan) -> None:
    section = doc.sections[0]
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_fonts(rpr)
            _set_lang(rpr)
            for tag in ("w:sz", "w:szCs"):
                size = rpr.find(qn(tag))
                if size is not None:
                    size.set(qn("w:val"), str(BODY_PT * 2))
        spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
        if spacing is not None:
            spacing.set(qn("w:after"), "0")
            spacing.set(qn("w:line"), "240")

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal_rpr = normal.element.get_or_add_rPr()
    _set_fonts(normal_rpr)
    _set_lang(normal_rpr)
    fmt = normal.paragraph_format  # type: ignore[attr-defined]
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Mm(FIRST_LINE_INDENT_MM)
    fmt.space_before = Pt(6)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.widow_control = True
    for name in ("Header", "Footer"):
        style = doc.styles[name]
        style_rpr = style.element.get_or_add_rPr()
        _set_fonts(style_rpr)

    props = doc.core_properties
    props.title = plan.title
    props.subject = plan.doc_type
    props.author = plan.unit.display_name
    props.last_modified_by = props.author
    props.comments = ""
    props.keywords = plan.number_symbol
    props.language = "vi-VN"
    now = timezone.now().replace(microsecond=0)
    props.created = now
    props.modified = now
    props.revision = 1

    # Page numbers: centred at the top, not on the first page.
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    for paragraph in first.paragraphs:
        paragraph.paragraph_format.first_line_indent = Mm(0)
        paragraph.paragraph_format.space_before = Pt(0)
    header = section.header
    header.is_linked_to_previous = False
    number = header.paragraphs[0]
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.first_line_indent = Mm(0)
    number.paragraph_format.space_before = Pt(0)
    _page_field(number)
    for run in number.runs:
        run.font.size = Pt(BODY_PT)


def _table(doc: DocxDocument, rows: int, widths_mm: tuple[float, ...], *, borders: bool) -> Table:
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    width = tblpr.find(qn("w:tblW"))
    if width is None:
        width = _el("w:tblW")
        tblpr.insert_element_before(
            width, "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", *_TBLPR_AFTER_BORDERS
        )
    width.set(qn("w:w"), _twips(sum(widths_mm)))
    width.set(qn("w:type"), "dxa")
    _table_borders(table, visible=borders)
    for col, mm in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        col.w = Mm(mm)
    for row in table.rows:
        for cell, mm in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(mm)
    return table


def _add_row(table: Table, widths_mm: tuple[float, ...]) -> Any:
    row = table.add_row()
    for cell, mm in zip(row.cells, widths_mm, strict=True):
        cell.width = Mm(mm)
    return row


# --- Content ----------------------------------------------------------------------------


def _issuer_lines(plan: Plan) -> list[str]:
    return [line.upper() for line in _lines(plan.header_unit or plan.unit.name)]


def number_line(plan: Plan) -> str:
    """The number line: "Số: 40/KH-UBND", or "Số:      /KH-UBND" before the number is given."""
    if plan.number:
        return _("Số: %(n)s") % {"n": plan.number_symbol}
    if plan.symbol:
        return _("Số:      /%(s)s") % {"s": plan.symbol}
    return _("Số:      ")


def place_date_line(plan: Plan, today: datetime.date | None = None) -> str:
    """Place and date: "Quảng Ngãi, ngày 01 tháng 3 năm 2024"; blank day and month before issue."""
    if plan.issued_on:
        when = format_vn_date(plan.issued_on, long=True)
    else:
        year = min((today or timezone.localdate()).year, plan.period_start.year)
        when = _("ngày     tháng     năm %(y)d") % {"y": year}
    if plan.place:
        return f"{plan.place}, {when}"
    return when[:1].upper() + when[1:]


def _header(doc: DocxDocument, plan: Plan) -> None:
    left_mm, right_mm = HEADER_COLUMNS_MM
    table = _table(doc, 2, HEADER_COLUMNS_MM, borders=False)
    issuer, nation = table.rows[0].cells
    for line in _lines(plan.header_parent):
        _centred(issuer, line.upper(), size=HEADER_PT)
    units = _issuer_lines(plan)
    for line in units:
        _centred(issuer, line, bold=True, size=HEADER_PT)
    widest = max((_text_width_mm(line, HEADER_PT) for line in units), default=40.0)
    _rule(issuer, min(max(widest * 0.4, 15.0), left_mm - 2 * CELL_PADDING_MM), left_mm)

    _centred(nation, _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), bold=True, size=HEADER_PT)
    motto = _("Độc lập - Tự do - Hạnh phúc")
    _centred(nation, motto, bold=True, size=BODY_PT)
    _rule(nation, min(_text_width_mm(motto, BODY_PT), right_mm - 2 * CELL_PADDING_MM), right_mm)

    number, place_date = table.rows[1].cells
    _centred(number, number_line(plan), size=HEADER_PT, before=6)
    _centred(place_date, place_date_line(plan), italic=True, size=BODY_PT, before=6)


def _title(doc: DocxDocument, plan: Plan) -> None:
    _centred(
        doc, plan.doc_type.upper(), bold=True, before=18
    ).paragraph_format.keep_with_next = True
    for i, line in enumerate(_lines(plan.title)):
        paragraph = _centred(doc, line, bold=True, before=0)
        paragraph.paragraph_format.keep_with_next = True
        if i == len(_lines(plan.title)) - 1:
            paragraph.paragraph_format.space_after = Pt(6)
    rule = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=0, after=6)
    side = (TEXT_WIDTH_MM - 40) / 2
    rule.paragraph_format.left_indent = Mm(side)
    rule.paragraph_format.right_indent = Mm(side)
    rule.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    rule.paragraph_format.line_spacing = Pt(2)
    rule.add_run().font.size = Pt(2)
    _bottom_border(rule)
    slogan = " ".join(_lines(plan.slogan))
    if slogan and slogan not in " ".join(_lines(plan.intro)):
        _centred(doc, slogan, italic=True, before=0).paragraph_format.space_after = Pt(6)


def _what_is_issued(plan: Plan) -> str:
    title = " ".join(_lines(plan.title))
    if title.casefold().startswith(plan.doc_type.casefold()):
        return title
    return f"{plan.doc_type} {title[:1].lower()}{title[1:]}"


def _symbol_key(text: str) -> str:
    return re.sub(r"[\s\-/–]+", "", unicodedata.normalize("NFC", text).casefold())


def _cites(text: str, number_symbol: str) -> bool:
    """Whether ``text`` cites ``number_symbol``, however it is spaced or slashed there
    ("99KH-UBND", "942/QĐ- TTg"), not as the end of a longer number."""
    key = _symbol_key(number_symbol)
    return bool(key) and re.search(rf"(?<!\d){re.escape(key)}", _symbol_key(text)) is not None


def intro_citation(plan: Plan) -> str:
    """The "Căn cứ …" paragraph put before the intro: the legal bases the intro does not
    cite itself (those the plan cites in its body), joined as plans write them; "" when
    the intro cites them all. Without an intro it is the whole preamble."""
    intro = plan.intro or ""
    citations = []
    for basis in plan.legal_bases.all():
        reference = basis.reference
        if reference.number_symbol and _cites(intro, reference.number_symbol):
            continue  # the intro already cites it in its own words ("99KH-UBND")
        citation = reference.citation
        if reference.subject:
            citation = f"{citation} {reference.subject}"
        citations.append(citation)
    if not citations:
        return ""
    text = _("Căn cứ %(c)s") % {"c": "; ".join(citations)}
    if intro.strip():
        return text + ";"
    return text + _(", %(u)s ban hành %(w)s như sau:") % {
        "u": plan.unit.display_name,
        "w": _what_is_issued(plan),
    }


def _intro(doc: DocxDocument, plan: Plan) -> None:
    """The legal bases the intro does not cite, then the intro as stored."""
    citation = intro_citation(plan)
    if citation:
        _para(doc, citation)
    for line in _lines(plan.intro or ""):
        _para(doc, line)


class _Numbering:
    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return ROMAN[self.count - 1] if self.count <= len(ROMAN) else str(self.count)


def _part(doc: DocxDocument, numbering: _Numbering, title: str) -> None:
    _para(doc, f"{numbering.next()}. {title}", bold=True, keep_next=True)


def _item(
    doc: DocxDocument, number: int, title: str, body: str = "", *, bold: bool = False
) -> None:
    _para(doc, f"{number}. {title}", bold=bold, keep_next=bool(body))
    for line in _lines(body):
        _para(doc, line)


def _aims(doc: DocxDocument, plan: Plan, numbering: _Numbering) -> None:
    parts = [
        (t, body)
        for t, body in ((_("Mục đích"), plan.objectives), (_("Yêu cầu"), plan.requirements))
        if _lines(body)
    ]
    if not parts:
        return
    _part(doc, numbering, _("MỤC ĐÍCH, YÊU CẦU"))
    for number, (title, body) in enumerate(parts, start=1):
        _item(doc, number, title, body, bold=True)


def _audiences(doc: DocxDocument, plan: Plan, numbering: _Numbering) -> None:
    audiences = list(plan.audiences.all())
    if not audiences:
        return
    _part(doc, numbering, _("ĐỐI TƯỢNG"))
    for audience in audiences:
        # "- Người dân: description", then the content as stored: read back exactly.
        description = " ".join(_lines(audience.description))
        label = audience.get_audience_display()
        _para(doc, f"- {label}: {description}".rstrip(), keep_next=bool(_lines(audience.content)))
        for line in _lines(audience.content):
            _para(doc, line)


def _themes(doc: DocxDocument, plan: Plan, numbering: _Numbering) -> None:
    themes = list(plan.themes.all())
    if not themes:
        return
    _part(doc, numbering, _("NỘI DUNG TUYÊN TRUYỀN"))
    for number, theme in enumerate(themes, start=1):
        # The title on one line; each line of the details as a "+" item under it, which
        # the importer keeps as the theme's details.
        title = " ".join(_lines(theme.title))
        _para(doc, f"{number}. {title}", keep_next=bool(_lines(theme.details)))
        for line in _lines(theme.details):
            _para(doc, f"+ {line}")


def _channels(doc: DocxDocument, plan: Plan, numbering: _Numbering) -> None:
    channels = list(plan.channels.all())
    if not channels:
        return
    _part(doc, numbering, _("HÌNH THỨC TUYÊN TRUYỀN"))
    for channel in channels:
        # "- Báo, tạp chí: Báo Quảng Ngãi": the importer reads kind and description back.
        description = " ".join(_lines(channel.description))
        _para(doc, f"- {channel.get_kind_display()}: {description}".rstrip())


def _money(amount: Decimal) -> str:
    """10000000 → "10.000.000" (Vietnamese thousands separator)."""
    return f"{int(amount):,}".replace(",", ".")


def _activity_cells(row: Any, number: str, activity: Activity, *, child: bool) -> None:
    cells = row.cells
    cell_kw: dict[str, Any] = {
        "size": TABLE_PT,
        "indent": False,
        "before": 2,
        "align": WD_ALIGN_PARAGRAPH.LEFT,
    }
    _para(cells[0], number, **{**cell_kw, "align": WD_ALIGN_PARAGRAPH.CENTER})
    title_lines = _lines(activity.title) or [""]
    for i, line in enumerate(title_lines):
        _para(cells[1], line, bold=not child and i == 0, **cell_kw)
    for i, line in enumerate(_lines(activity.content)):
        # "Nội dung:" marks where the title ends, for the importer (same cell).
        _para(cells[1], _("Nội dung: %(c)s") % {"c": line} if i == 0 else line, **cell_kw)
    if activity.budget_estimate is not None:
        _para(
            cells[1],
            _("Dự toán: %(m)s đồng") % {"m": _money(activity.budget_estimate)},
            italic=True,
            **cell_kw,
        )
    for cell, refs in ((cells[2], lead_units(activity)), (cells[3], coordinator_units(activity))):
        text = units_cell_text([ref.name for ref in refs])
        if text:
            _para(cell, text, **cell_kw)
    for line in _lines(activity.timing_text):
        _para(cells[4], line, **cell_kw)
    for line in _lines(activity.expected_outputs):
        _para(cells[5], line, **cell_kw)
    for cell in cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        if not cell.paragraphs[0].runs and cell.paragraphs[0]._p.pPr is None:
            _para(cell, "", **cell_kw)


def units_cell_text(names: list[str]) -> str:
    """The units of a table cell, as the importer reads them back (``table_units``).

    Several units: "Sở Nội vụ; Ban Dân tộc tỉnh".  A single name that the importer
    would cut at its commas ("Các cơ quan, đơn vị, UBND các xã, thị trấn") ends with
    ";", which marks it as one name.
    """
    names = [" ".join(name.split()).strip(" ;") for name in names]
    names = [name for name in names if name]
    if len(names) == 1 and len(split_units(names[0])) > 1:
        return names[0] + ";"
    return "; ".join(names)


def activity_headings() -> tuple[str, ...]:
    return (
        _("STT"),
        _("Nội dung hoạt động"),
        _("Cơ quan chủ trì"),
        _("Cơ quan phối hợp"),
        _("Thời gian thực hiện"),
        _("Sản phẩm"),
    )


def _activities(doc: DocxDocument, plan: Plan, numbering: _Numbering) -> None:
    tree = activity_tree(plan)
    if not tree:
        return
    _part(doc, numbering, _("CÁC HOẠT ĐỘNG TRỌNG TÂM"))
    table = _table(doc, 1, ACTIVITY_COLUMNS_MM, borders=True)
    header = table.rows[0]
    _row_properties(header, repeat_header=True, cant_split=True)
    for cell, heading in zip(header.cells, activity_headings(), strict=True):
        _para(
            cell,
            heading,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            bold=True,
            size=TABLE_PT,
            indent=False,
            before=2,
            after=2,
        )
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for number, (activity, children) in enumerate(tree, start=1):
        _activity_cells(_add_row(table, ACTIVITY_COLUMNS_MM), str(number), activity, child=False)
        for sub, child in enumerate(children, start=1):
            _activity_cells(
                _add_row(table, ACTIVITY_COLUMNS_MM), f"{number}.{sub}", child, child=True
            )


def _funding(doc: DocxDocument, plan: Plan, numbering: _Numbering) -> None:
    sources = list(plan.funding_sources.all())
    if not _lines(plan.funding) and not sources:
        return
    _part(doc, numbering, _("KINH PHÍ"))
    for line in _lines(plan.funding):
        _para(doc, line)
    for i, source in enumerate(sources):
        _para(doc, funding_source_line(source, last=i == len(sources) - 1))


def funding_source_line(source: Any, *, last: bool) -> str:
    """A funding source line: "- Ngân sách tỉnh: 50.000.000 đồng (ghi chú);" ("." last)."""
    text = f"- {source.source}"
    if source.amount is not None:
        text += _(": %(m)s đồng") % {"m": _money(source.amount)}
    if source.note:
        text += f" ({source.note})"
    return text + ("." if last else ";")


def _reporting_text(duty: ReportingDuty) -> list[str]:
    if duty.text:
        return _lines(duty.text)
    to = duty.to_label or (duty.to_unit.display_name if duty.to_unit else "")
    through = duty.through_label or (duty.through_unit.display_name if duty.through_unit else "")
    text = _("Báo cáo %(p)s") % {"p": duty.periods}
    if to:
        text += _(" gửi %(u)s") % {"u": to}
    if through:
        text += _(" (qua %(u)s)") % {"u": through}
    if duty.deadline_text:
        text += f", {duty.deadline_text}"
    return [text + "."]


def _squashed(text: str) -> str:
    return " ".join(text.split()).casefold()


def _starts_with_heading(first_line: str, name: str) -> bool:
    """Whether a duty text already opens with its own heading ("2. Văn phòng Ban")."""
    line = re.sub(r"^\s*(?:\d{1,2}|[a-zđ])\s*[.)]\s*", "", first_line)
    return bool(name) and _squashed(line).rstrip(" .:;") == _squashed(name).rstrip(" .:;")


_CLOSING_RE = re.compile(r"(?i)^trên đây là\s")


def _organisation(doc: DocxDocument, plan: Plan, numbering: _Numbering) -> None:
    """Lead-in, duties per unit, reporting, then the closing ("Trên đây là Kế hoạch …").

    Written in this order so that an import reads every duty back: the closing
    paragraph ends the body for the importer, and a duty text that already starts
    with its own "N. Unit" heading is not given a second one.  Reporting duties whose
    text a duty already contains are not repeated; the others go under their own
    "N. Chế độ báo cáo" item, so that they are not read as a unit's duty.
    """
    duties = list(plan.responsibilities.all())
    reporting = list(plan.reporting_duties.all())
    implementation = _lines(plan.implementation)
    if not implementation and not duties and not reporting:
        return
    _part(doc, numbering, _("TỔ CHỨC THỰC HIỆN"))
    closing_at = next(
        (i for i, line in enumerate(implementation) if _CLOSING_RE.match(line)),
        len(implementation),
    )
    for line in implementation[:closing_at]:
        _para(doc, line)
    written: list[str] = []
    number = 0
    for duty in duties:
        name = duty.label or (duty.unit.display_name if duty.unit else "")
        lines = _lines(duty.duties)
        number += 1
        if lines and _starts_with_heading(lines[0], name):
            _para(doc, lines[0], bold=True, keep_next=len(lines) > 1)
            lines = lines[1:]
        else:
            _para(doc, f"{number}. {name}", bold=True, keep_next=True)
        for line in lines:
            _para(doc, line)
        written.extend(_squashed(line) for line in lines)
    everything = " ".join(written)
    report_lines = [
        line
        for report in reporting
        for line in _reporting_text(report)
        if _squashed(line).rstrip(" .;") not in everything
    ]
    if report_lines:
        if duties:
            number += 1
            _para(doc, f"{number}. {_('Chế độ báo cáo')}", bold=True, keep_next=True)
        for line in report_lines:
            _para(doc, line)
    for line in implementation[closing_at:]:
        _para(doc, line)


_ARCHIVE_RE = re.compile(r"(?i)^lưu\s*:")


def recipient_lines(plan: Plan) -> list[str]:
    """The "Nơi nhận" lines: "- Bộ Nội vụ;" ..., the archive ("- Lưu: VT.") last."""
    lines: list[str] = []
    archive = ""
    for recipient in plan.recipients.all():
        label = recipient.label.strip().rstrip(";.,").strip()
        if not label:
            continue
        written_as_archive = bool(_ARCHIVE_RE.match(label))
        if recipient.is_archive or written_as_archive:
            archive = label if written_as_archive else _("Lưu: %(l)s") % {"l": label}
            continue
        if recipient.purpose:
            label = f"{label} ({recipient.purpose})"
        lines.append(f"- {label};")
    lines.append(f"- {archive or _('Lưu: VT')}.")
    return lines


def _closing(doc: DocxDocument, plan: Plan) -> None:
    table = _table(doc, 1, SIGNING_COLUMNS_MM, borders=False)
    _row_properties(table.rows[0], cant_split=True)
    recipients, signing = table.rows[0].cells
    left: dict[str, Any] = {"align": WD_ALIGN_PARAGRAPH.LEFT, "indent": False, "before": 0}
    _para(
        recipients,
        _("Nơi nhận:"),
        bold=True,
        italic=True,
        size=RECIPIENTS_TITLE_PT,
        **{**left, "before": 6},
    )
    for line in recipient_lines(plan):
        _para(recipients, line, size=RECIPIENTS_PT, **left)

    first = True
    for line in _signing_lines(plan):
        _centred(signing, line, bold=True, size=BODY_PT, before=6 if first else 0)
        first = False
    for _i in range(4):
        _centred(signing, "", size=BODY_PT)
    if plan.signer_name:
        _centred(signing, plan.signer_name, bold=True, size=BODY_PT, before=12)
    if first and not plan.signer_name:
        _centred(signing, "", size=BODY_PT)


def _signing_lines(plan: Plan) -> list[str]:
    lines = [line.upper() for line in _lines(plan.signing_authority)]
    lines.extend(line.upper() for line in _lines(plan.signer_position))
    return lines


def _body(doc: DocxDocument, plan: Plan) -> None:
    numbering = _Numbering()
    for part in (_aims, _audiences, _themes, _channels, _activities, _funding, _organisation):
        part(doc, plan, numbering)


def build_document(plan: Plan) -> DocxDocument:
    """The python-docx document for ``plan`` (loaded with :func:`plan_detail`)."""
    doc = Document()
    _setup(doc, plan)
    _header(doc, plan)
    _title(doc, plan)
    _intro(doc, plan)
    _body(doc, plan)
    _para(doc, "", before=0)
    _closing(doc, plan)
    return doc


def load_plan(plan: Plan) -> Plan:
    """The plan with every part prefetched (a fixed number of queries)."""
    return plan_detail(plan.pk)


def plan_to_docx(plan: Plan) -> bytes:
    """The plan as a .docx file, laid out as an administrative document."""
    plan = load_plan(plan)
    doc = build_document(plan)
    out = io.BytesIO()
    doc.save(out)
    # What the text cannot carry (tags, "no audiences", the preamble's added citation…)
    # goes into a custom document property that the importer reads back.
    return write_meta(out.getvalue(), plan_meta(plan, intro_prefix=intro_citation(plan)))


def plan_file_stem(plan: Plan) -> str:
    """The download name: "ke-hoach-40-kh-ubnd-tuyen-truyen-cai-cach-hanh-chinh-nam-2024"."""
    title = " ".join(_lines(plan.title))
    if title.casefold().startswith(plan.doc_type.casefold()):
        title = title[len(plan.doc_type) :]
    return (
        slugify(" ".join(x for x in (plan.doc_type, plan.number_symbol, title) if x)) or "ke-hoach"
    )
