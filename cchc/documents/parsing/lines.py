"""From raw text to blocks: paragraphs (with their line range) and tables.

Plain Python, no Django.  Steps:

1. lines are split at ``\\n`` (line numbers are 1-based and never change);
2. web-page wrappers are marked as noise: breadcrumbs ("Trang chủ > …"),
   time stamps ("( 28-01-2019 01:22:00 )"), site banners and menus at the top,
   "Xem nội dung chi tiết tại đây", related news and copyright footers;
3. tables are found (tab- or ``|``-separated cells under a header such as
   "Số TT | Hoạt động | Cơ quan chủ trì | …"; a row may spread over several lines);
4. two-column header and footer rows flattened onto one line with ``|`` or tabs
   ("ỦY BAN NHÂN DÂN | CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM") are cut into their parts;
5. hard line breaks inside sentences are undone: a line joins the previous one
   when the previous does not end a sentence or heading and the line starts in
   lower case or continues it, or when the document is hard-wrapped (most lines
   break mid-sentence) and the previous line is full-width.
"""

from __future__ import annotations

import bisect
import re
import statistics
from dataclasses import dataclass, field
from typing import Final

from cchc.documents.parsing.textutil import afold, ends_sentence, is_caps, squash

__all__ = ["Block", "Para", "Row", "Table", "build_blocks"]


# --- blocks ----------------------------------------------------------------------


@dataclass(slots=True)
class Para:
    """One logical paragraph: physical lines ``start``..``end`` joined with spaces."""

    text: str
    start: int
    end: int
    mtype: str = ""  # "roman" | "number" | "letter" | "dash" | "plus" | ""
    mvalue: str = ""
    body: str = ""
    folded: str = ""
    gap_before: bool = True
    pieces: list[tuple[int, int]] = field(default_factory=list)  # (offset in body, line)
    split: bool = False  # a part of a flattened header/footer row

    def line_at(self, offset: int) -> int:
        """The physical line of character ``offset`` of :attr:`body`."""
        if not self.pieces:
            return self.start
        index = bisect.bisect_right([p[0] for p in self.pieces], offset) - 1
        return self.pieces[max(index, 0)][1]


@dataclass(slots=True)
class Row:
    cells: list[str]
    start: int
    end: int


@dataclass(slots=True)
class Table:
    """A table: ``roles`` name each column ("number", "title", "leads", …)."""

    roles: list[str]
    header: list[str]
    rows: list[Row]
    start: int
    end: int


Block = Para | Table


@dataclass(slots=True)
class _Line:
    text: str
    no: int
    blank: bool
    noise: bool = False
    split: bool = False


# --- markers -----------------------------------------------------------------------

_MARKER: Final = re.compile(
    r"""^(?:
        (?P<roman>[IVX]{1,5})(?:\s*[.):/]|\s+[-–]\s)\s*(?=\S)
      | (?P<number>\d{1,2}(?:\.\d{1,2}){0,2})\s*[.)](?!\d)\s*(?=\S)
      | (?P<letter>[a-zđ])\s*[.)]\s+(?=\S)
      | (?P<dash>[-–—•●▪◦∙*])(?![-–—*])\s*(?=\S)
      | (?P<plus>\+)\s*(?=\S)
    )""",
    re.VERBOSE,
)


def parse_marker(text: str) -> tuple[str, str, str]:
    """``(type, value, body)`` of a line: ``("number", "1", "Mục đích")``."""
    m = _MARKER.match(text)
    if m is None:
        return "", "", text
    for name in ("roman", "number", "letter", "dash", "plus"):
        value = m.group(name)
        if value is not None:
            return name, value, text[m.end() :]
    return "", "", text  # pragma: no cover - one group always matches


# --- noise (web-page wrappers) -----------------------------------------------------

_BREADCRUMB: Final = re.compile(
    r"^(?:trang chu|home)\s*(?:[>»›/|]|$)|^[^>»›]{1,60}(?:\s[>»›]\s[^>»›]{1,60}){2,}$"
)
_TIMESTAMP: Final = re.compile(
    r"^\(?\s*(?:(?:ngay dang|dang ngay|cap nhat|ngay cap nhat|thoi gian dang)\s*:?\s*)?"
    r"(?:thu [a-z0-9]+,?\s*)?\d{1,2}[-/.]\d{1,2}[-/.]\d{4}(?:\s*[|,-]?\s*\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s*(?:am|pm))?)?\s*\)?$|^\(?\s*\d{1,2}:\d{2}(?::\d{2})?\s+\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\s*\)?$"
)
_DECORATION: Final = re.compile(
    r"^[-_=*~.·•–—\s]{3,}$|^(?:trang|page)\s*\d+(?:\s*/\s*\d+)?$|^-?\s*\d{1,3}\s*-?$"
)
_COUNTER: Final = re.compile(
    r"^(?:luot xem|so luot xem|luot truy cap|so lan xem|da xem)\s*:?\s*[\d.,]+$"
)
_FOOTER_START: Final = re.compile(
    r"^(?:xem (?:noi dung )?chi tiet|xem toan van|tai (?:ve|file|van ban)|file dinh kem|tep dinh kem"
    r"|van ban dinh kem|tin lien quan|cac tin khac|tin khac|bai viet lien quan|ban quyen|copyright|©"
    r"|chiu trach nhiem (?:xuat ban|noi dung)|so luot (?:xem|truy cap)|luot xem|in bai viet"
    r"|gui (?:bai|email)|chia se)"
)
_BANNER: Final = re.compile(
    r"(?:cong thong tin dien tu|trang thong tin dien tu|website|www\.|https?://|\.gov\.vn"
    r"|dang nhap|tim kiem|so do cong|lien he|gioi thieu|^trang chu|^menu$|^tin tuc)"
)
_DOC_START: Final = re.compile(
    r"^(?:ke hoach|quyet dinh|uy ban|uy ban|ubnd|hoi dong|so\s*:|cong hoa|doc lap|ban |so |phong )"
)


def _mark_noise(lines: list[_Line]) -> None:
    for line in lines:
        if line.blank:
            continue
        folded = afold(line.text).strip()
        if (
            _BREADCRUMB.search(folded)
            or _TIMESTAMP.match(folded)
            or _DECORATION.match(folded)
            or _COUNTER.match(folded)
        ):
            line.noise = True
    # Banner and menu lines above the document.
    seen = 0
    for line in lines:
        if line.blank or line.noise:
            continue
        folded = afold(line.text).strip()
        if _DOC_START.match(folded) and not _BANNER.search(folded):
            break
        if _BANNER.search(folded) or (folded.count("|") >= 2 and len(folded) < 160):
            line.noise = True
            continue
        seen += 1
        if seen >= 3 or len(folded.split()) > 25:
            break
    # Footers: from the first footer marker in the last part of the text to the end.
    content = [line for line in lines if not line.blank and not line.noise]
    if not content:
        return
    floor = content[len(content) // 3].no if len(content) >= 3 else content[0].no
    cut: int | None = None
    for line in content:
        folded = afold(line.text).strip()
        if line.no >= floor and len(folded.split()) <= 14 and _FOOTER_START.match(folded):
            cut = line.no
            break
    if cut is not None:
        for line in lines:
            if line.no >= cut:
                line.noise = True


# --- tables --------------------------------------------------------------------------

_CELL_SPLIT: Final = re.compile(r"\s*\|\s*")
_ROLE_RULES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("number", re.compile(r"^(?:s[o6]\s*t\.?t|stt|tt|so thu tu|so)\.?$")),
    ("coordinators", re.compile(r"phoi hop")),
    ("timing", re.compile(r"thoi gian|thoi han|tien do|thoi diem")),
    ("outputs", re.compile(r"san pham|ket qua")),
    ("budget", re.compile(r"kinh phi|du toan")),
    ("leads", re.compile(r"chu tri|(?:co quan|don vi|bo phan) thuc hien|phu trach")),
    ("note", re.compile(r"ghi chu")),
    ("title", re.compile(r"hoat dong|noi dung|nhiem vu|cong viec|\bten\b|hinh thuc")),
)
_ROW_START: Final = re.compile(r"^\s*(?:\d{1,3}|[IVX]{1,4}|[a-zđ])\s*[.)]?\s*$")
_HEADING_LINE: Final = re.compile(r"^\s*(?:[IVX]{1,5}\s*[.):/]|noi nhan|tren day)", re.IGNORECASE)


def _cells(text: str) -> list[str]:
    if "\t" in text:
        return [cell.strip() for cell in text.split("\t")]
    stripped = text.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|"):
        stripped = stripped[:-1]
    return [cell.strip() for cell in _CELL_SPLIT.split(stripped)]


def _separators(text: str) -> int:
    return max(text.strip().count("\t"), text.count("|"))


def column_roles(header: list[str]) -> list[str]:
    """The role of each column of a table header ("" when unknown)."""
    roles: list[str] = []
    for cell in header:
        folded = " ".join(afold(cell).split())
        role = ""
        for name, rule in _ROLE_RULES:
            if rule.search(folded) and name not in roles:
                role = name
                break
        roles.append(role)
    return roles


def _is_table_header(roles: list[str]) -> bool:
    found = set(roles)
    return (
        "title" in found
        and bool(found & {"leads", "timing", "coordinators", "number"})
        and len(found - {""}) >= 3
    )


_GUESSED_ROLES: Final[dict[int, list[str]]] = {
    3: ["number", "title", "leads"],
    4: ["number", "title", "leads", "timing"],
    5: ["number", "title", "leads", "coordinators", "timing"],
    6: ["number", "title", "leads", "coordinators", "timing", "outputs"],
}


def _find_tables(lines: list[_Line]) -> tuple[list[Table], set[int]]:
    """Tables and the line numbers they own."""
    tables: list[Table] = []
    owned: set[int] = set()
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if line.blank or line.noise or _separators(line.text) < 2:
            i += 1
            continue
        header = _cells(line.text)
        roles = column_roles(header)
        body_start = i + 1
        if not _is_table_header(roles):
            # A table without a header: two rows in a row, numbered, 3-6 cells.
            second = lines[i + 1] if i + 1 < n else None
            if (
                second is not None
                and len(header) in _GUESSED_ROLES
                and _ROW_START.match(header[0])
                and _separators(second.text) >= 2
                and len(_cells(second.text)) == len(header)
            ):
                roles = list(_GUESSED_ROLES[len(header)])
                header = []
                body_start = i
            else:
                i += 1
                continue
        tab = "\t" in line.text or ("|" not in line.text)
        rows: list[Row] = []
        current: list[str] | None = None
        cur_start = cur_end = line.no
        j = body_start
        last = i
        gap = False
        while j < n:
            row_line = lines[j]
            if row_line.noise:
                j += 1
                continue
            if row_line.blank:
                gap = True
                j += 1
                continue
            text = row_line.text
            seps = _separators(text)
            if _HEADING_LINE.match(text):
                break
            if seps == 0 and (gap or not tab or current is None):
                break
            if not tab and re.fullmatch(r"[\s|:\-+=]+", text):
                last = j
                j += 1
                continue
            gap = False
            if tab:
                first = text.split("\t", 1)[0] if "\t" in text else ""
                if current is None or ("\t" in text and _ROW_START.match(first)):
                    if current is not None:
                        rows.append(Row(current, cur_start, cur_end))
                    current = _cells(text)
                    cur_start = row_line.no
                else:
                    parts = text.split("\t")
                    assert current is not None
                    current[-1] = (current[-1] + "\n" + parts[0].strip()).strip()
                    current.extend(part.strip() for part in parts[1:])
            else:
                cells = _cells(text)
                if current is not None and cells and not cells[0]:
                    for k, cell in enumerate(cells):
                        if not cell:
                            continue
                        if k < len(current):
                            current[k] = (current[k] + "\n" + cell).strip()
                        else:
                            current.append(cell)
                else:
                    if current is not None:
                        rows.append(Row(current, cur_start, cur_end))
                    current = cells
                    cur_start = row_line.no
            cur_end = row_line.no
            last = j
            j += 1
        if current is not None:
            rows.append(Row(current, cur_start, cur_end))
        if rows:
            tables.append(Table(roles, header, rows, line.no, lines[last].no))
            owned.update(lines[k].no for k in range(i, last + 1))
            i = last + 1
        else:
            i += 1
    return tables, owned


# --- flattened header and footer rows ---------------------------------------------------

_HEADERISH: Final = re.compile(
    r"^(?:cong hoa xa hoi|doc lap\s*[-–]|so\s*[:.]|noi nhan|tm\.|kt\.|tl\.|tuq\.|q\.|ke hoach$"
    r"|[^,]{2,40},\s*ngay\b)"
)
_HEADER_MARKERS: Final = re.compile(
    r"(?<=\s)(?:(?:S[ốỐoO]|SỐ)\s*:|C[ỘộOo]NG\s+H[ÒÓOoòó][AaÀà]\s+X[ÃãAa]\s+H[ỘộOo]I|Độc\s+lập\s*[-–])"
)
_DATE_COMMA: Final = re.compile(r",\s*ngày\b", re.IGNORECASE)


def _header_pieces(text: str) -> list[str]:
    """Cut "ỦY BAN NHÂN DÂN XÃ A Số: /KH-UBND" and "… Hạnh phúc A B, ngày …" into parts."""
    cuts = {m.start() for m in _HEADER_MARKERS.finditer(text)}
    for m in _DATE_COMMA.finditer(text):
        words = text[: m.start()].split(" ")
        keep = 0
        for word in reversed(words):
            if (
                keep >= 4
                or not word
                or not word[0].isupper()
                or (is_caps(word) and keep and len(word) > 1)
            ):
                break
            keep += 1
        before = " ".join(words[: len(words) - keep]).rstrip()
        # Cut only after another header part: the motto, a symbol or a name in capitals
        # ("… Hạnh phúc Minh Đức, ngày", "Số: /KH-UBND Minh Đức, ngày"), not "Thành phố Hồ Chí Minh".
        glued = afold(before).endswith("hanh phuc") or "/" in before[-20:] or is_caps(before[-12:])
        if 0 < keep < len(words) and glued:
            cuts.add(len(before) + 1)
    if not cuts:
        return [text]
    bounds = [0, *sorted(cut for cut in cuts if 0 < cut < len(text)), len(text)]
    return [
        text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False) if text[a:b].strip()
    ]


def _split_segments(lines: list[_Line], header_end: int) -> list[_Line]:
    """Cut flattened header/footer rows into parts (same line number)."""
    out: list[_Line] = []
    for index, line in enumerate(lines):
        if line.blank or line.noise or line.split:
            out.append(line)
            continue
        parts = [line.text]
        if _separators(line.text) >= 1:
            cells = [cell for cell in _cells(line.text) if cell]
            if len(cells) >= 2 and any(
                _HEADERISH.match(afold(cell)) or (is_caps(cell) and len(cell.split()) >= 2)
                for cell in cells
            ):
                parts = cells
            elif len(cells) <= 1:
                parts = [cells[0] if cells else ""]  # "… năm 2022 |": a stray cell border
            else:
                parts = [line.text.replace("\t", " ")]
        if index < header_end:
            refined: list[str] = []
            for part in parts:
                refined.extend(_header_pieces(part))
            parts = refined or parts
        if len(parts) == 1:
            out.append(_Line(parts[0], line.no, False, line.noise, line.split))
        else:
            out.extend(_Line(part.strip(), line.no, False, False, True) for part in parts)
    return out


_TITLE_LINE: Final = re.compile(r"^(?:ke hoach|quyet dinh)(?:\s|$)")


_SUBJECT_START: Final = re.compile(r"^(?:ve viec|v/v|ban hanh)")
_HEADER_SCAN: Final = 12


def _header_end(lines: list[_Line]) -> int:
    """Index of the first document-title line ("KẾ HOẠCH", "QUYẾT ĐỊNH"; "Quyết định" alone
    before a subject in capitals), else the end of the first lines of text."""
    content = [index for index, line in enumerate(lines) if not line.blank and not line.noise]
    for position, index in enumerate(content):
        text = lines[index].text.strip().lstrip("|").strip()
        folded = afold(text)
        m = _TITLE_LINE.match(folded)
        if m and is_caps(text[: m.end()]):
            return index
        if m and folded.rstrip() in ("ke hoach", "quyet dinh") and position + 1 < len(content):
            following = lines[content[position + 1]].text.strip()
            if is_caps(following) or _SUBJECT_START.match(afold(following)):
                return index
    return content[_HEADER_SCAN] if len(content) > _HEADER_SCAN else len(lines)


# --- joining hard-wrapped lines ---------------------------------------------------------

_ITEM_START: Final = re.compile(
    r"^(?:noi nhan|dieu \d+\s*[.:]|so\s*:|can cu\s|tm\.|kt\.|tl\.|tuq\.|\(?\s*kem theo\s|tren day la\s"
    r"|(?:thuc hien|tren co so)\s+(?:quyet dinh|ke hoach|nghi quyet|nghi dinh|chi thi|cong van|thong tu"
    r"|luat|van ban|chuong trinh|huong dan|ket luan)\s)"
)


def _starts_item(text: str) -> bool:
    if _MARKER.match(text):
        return True
    if is_caps(text) and len(text.split()) >= 2:
        return True
    return bool(_ITEM_START.match(afold(text[:40])))


def _is_short_heading(text: str, long: float) -> bool:
    m = _MARKER.match(text)
    if m is None or len(text) >= long:
        return False
    return (m.group("roman") or m.group("number") or m.group("letter")) is not None


def _wrap_profile(lines: list[_Line]) -> tuple[bool, float]:
    """Whether the text is hard-wrapped, and the length of a full-width line."""
    pairs = wrapped = 0
    widths: list[int] = []
    for a, b in zip(lines, lines[1:], strict=False):
        if a.blank or b.blank or a.noise or b.noise or a.split or b.split or b.no != a.no + 1:
            continue
        pairs += 1
        if not ends_sentence(a.text) and b.text[:1].islower():
            wrapped += 1
            widths.append(len(a.text))
    if wrapped >= 3 and wrapped >= 0.15 * pairs:
        return True, 0.7 * statistics.median(widths)
    return False, 1e9


_BROKEN_DASH: Final = re.compile(r"^[-–]\s+[^\W\d_]")


def _continues(a: str, b: str, gap: bool, wrap: bool, long: float) -> bool:
    if not b:
        return False
    if _BROKEN_DASH.match(b) and b.lstrip("-– ")[:1].islower() and not ends_sentence(a):
        # "… kinh tế" / "- xã hội …": a line broken before a dash, not a new bullet.
        return not gap and not is_caps(a) and not _is_short_heading(a, long if wrap else 60)
    if _starts_item(b):
        return False
    if (is_caps(a) and len(a.split()) >= 2) or a.rstrip().endswith(":"):
        return False
    first = b[0]
    if _is_short_heading(a, long if wrap else 60):
        return not gap and first.islower()
    if gap:
        return not ends_sentence(a) and (first.islower() or first == "(")
    if first.islower():
        return True
    if (first == "(" or first.isdigit()) and not ends_sentence(a):
        return True  # "… ngày 23 tháng" / "4 năm 2018 …"
    return wrap and len(a) >= long


def _make_para(group: list[_Line], gap_before: bool) -> Para:
    pieces_raw: list[tuple[str, int]] = [(squash(line.text), line.no) for line in group]
    first_text = pieces_raw[0][0]
    mtype, mvalue, first_body = parse_marker(first_text)
    body_parts: list[str] = []
    pieces: list[tuple[int, int]] = []
    offset = 0
    for k, (text, no) in enumerate(pieces_raw):
        part = first_body if k == 0 else text
        if k:
            offset += 1
        pieces.append((offset, no))
        body_parts.append(part)
        offset += len(part)
    body = " ".join(body_parts)
    full = " ".join(text for text, _ in pieces_raw)
    return Para(
        text=full,
        start=group[0].no,
        end=group[-1].no,
        mtype=mtype,
        mvalue=mvalue,
        body=body,
        folded=afold(body),
        gap_before=gap_before,
        pieces=pieces,
        split=group[0].split,
    )


def build_blocks(text: str) -> list[Block]:
    """Paragraphs and tables of a normalised text, in order."""
    lines = [
        _Line(raw.strip(), no, not raw.strip()) for no, raw in enumerate(text.split("\n"), start=1)
    ]
    _mark_noise(lines)
    tables, table_lines = _find_tables(lines)
    table_at = {table.start: table for table in tables}
    plain = [
        line if line.no not in table_lines else _Line("", line.no, True, True) for line in lines
    ]
    plain = _split_segments(plain, _header_end(plain))
    wrap, long = _wrap_profile(plain)

    blocks: list[Block] = []
    group: list[_Line] = []
    group_gap = True
    gap = True
    emitted: set[int] = set()

    def flush() -> None:
        nonlocal group
        if group:
            blocks.append(_make_para(group, group_gap))
            group = []

    for line in plain:
        if line.no in table_lines:
            table = table_at.get(line.no)
            if table is not None and table.start not in emitted:
                flush()
                blocks.append(table)
                emitted.add(table.start)
            gap = True
            continue
        if line.noise or line.blank:
            gap = True
            continue
        if (
            group
            and not line.split
            and not group[-1].split
            and _continues(group[-1].text, line.text, gap, wrap, long)
        ):
            group.append(line)
        else:
            flush()
            group = [line]
            group_gap = gap
        gap = False
    flush()
    return blocks
