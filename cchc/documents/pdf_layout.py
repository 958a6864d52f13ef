"""PDF text with its tables' columns kept, through poppler's ``pdftotext -bbox-layout``.

pypdf reads a table cell by cell and line by line, so a row of the key-activity table
comes out as a jumble of fragments of every column. ``pdftotext -bbox-layout`` gives
each word with its box; from them:

* the text outside tables is pdftotext's own reading order (its blocks and lines);
* a table is found by its header row (a line starting with "STT"/"TT" whose words
  stand apart in columns, with the header lines written above or below it); its
  columns are the header's cells, their borders the widest gap no word crosses
  between two header cells; it ends at the first line that crosses a border;
* each row starts at a number in the first column ("1", "2.1", "II", "a") and takes
  every line down to the next one; a row is written as one line, cells joined by
  " | " (as the Word extraction writes a table), so the parser reads the columns;
* a table that goes on over the next page (its header repeated) continues: the header
  is not repeated, and a row cut by the page break is joined back together.

No Django here. :func:`pdf_pages` returns ``None`` when pdftotext is not installed or
fails, and the caller falls back to pypdf.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from lxml import etree

__all__ = ["pdf_pages", "pdftotext_path"]

TIMEOUT_S: Final = 60
_NS: Final = "{http://www.w3.org/1999/xhtml}"
# A gap wider than this (points) separates two cells of a line; words of one cell are
# about a space (3-4 pt at 13 pt) apart.
_CELL_GAP: Final = 7.0
_ROW_NUMBER: Final = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.?|[a-zđ][.)]?)$")
_HEADER_START: Final = re.compile(r"^(?:STT|TT)\.?$", re.IGNORECASE)


def pdftotext_path() -> str | None:
    return shutil.which("pdftotext")


@dataclass
class _Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def ymid(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class _Line:
    """A visual line of a page: its words left to right."""

    words: list[_Word]

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    def segments(self) -> list[list[_Word]]:
        """Runs of words closer than a cell gap."""
        runs: list[list[_Word]] = [[self.words[0]]]
        for word in self.words[1:]:
            if word.x0 - runs[-1][-1].x1 > _CELL_GAP:
                runs.append([word])
            else:
                runs[-1].append(word)
        return runs


@dataclass
class _Table:
    header: list[str]
    borders: list[float]  # x of the border between column k and k + 1
    top: float
    bottom: float
    left: float
    rows: list[list[list[str]]] = field(default_factory=list)  # row → cell → lines
    continues_row: bool = False  # the first row is the end of a row cut by a page break

    def column(self, word: _Word) -> int:
        centre = (word.x0 + word.x1) / 2
        return sum(1 for border in self.borders if centre > border)


def _words(page: etree._Element) -> list[_Word]:
    words = []
    for el in page.iter(f"{_NS}word"):
        text = (el.text or "").strip()
        if not text:
            continue
        try:
            box = [float(el.get(k, "")) for k in ("xMin", "yMin", "xMax", "yMax")]
        except ValueError:
            continue
        words.append(_Word(box[0], box[1], box[2], box[3], text))
    return words


def _visual_lines(words: list[_Word]) -> list[_Line]:
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (w.ymid, w.x0)):
        if lines and abs(lines[-1].words[0].ymid - word.ymid) <= 3.0:
            lines[-1].words.append(word)
        else:
            lines.append(_Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def _crosses(line: _Line, left: float, right: float) -> bool:
    """Whether one run of the line's words covers the whole gap ``left``…``right``."""
    return any(run[0].x0 < left and run[-1].x1 > right for run in line.segments())


def _find_table(lines: list[_Line], start: int) -> tuple[_Table, int, int] | None:
    """The first table at or after ``start``: the table and its first and last line index."""
    for h in range(start, len(lines)):
        first = lines[h].words[0]
        if not _HEADER_START.match(first.text) or len(lines[h].segments()) < 2:
            continue
        height = max(lines[h].y1 - lines[h].y0, 8.0)
        stt_right = first.x1
        # Header lines above (a centred header of several lines) and below "STT".
        top = h
        while (
            top > start
            and h - top < 3
            and lines[top].y0 - lines[top - 1].y1 < height
            and lines[top - 1].words[0].x0 > stt_right
            and len(lines[top - 1].segments()) >= 2  # header cells, not a heading or page number
        ):
            top -= 1
        # "STT" sits in the middle of a header row whose cells are centred: as many
        # header lines below it as above. A header aligned at the top has its further
        # lines right under the first (no row border between them).
        data = h + 1
        if top < h:
            data = min(h + 1 + (h - top), len(lines))
        else:
            while (
                data < len(lines)
                and data - h <= 3
                and lines[data].words[0].x0 > stt_right
                and lines[data].y0 - lines[data - 1].y1 < 0.25 * height
                and len(lines[data].segments()) >= 2
            ):
                data += 1
        header_words = [w for line in lines[top:data] for w in line.words]
        cells = _header_cells(header_words)
        if len(cells) < 3:
            continue
        # The data lines: down to the first line that crosses the space between two
        # header cells (body text again).
        end = data
        while end < len(lines) and not _ends_table(lines, end, cells, first.x0):
            end += 1
        region = [w for line in lines[top:end] for w in line.words]
        borders = [_border(region, cells[k][1], cells[k + 1][0]) for k in range(len(cells) - 1)]
        table = _Table(
            header=[],
            borders=borders,
            top=lines[top].y0,
            bottom=lines[end - 1].y1,
            left=min(w.x0 for w in region),
        )
        table.header = [" ".join(c) for c in _cells_of(table, lines[top:data])]
        _read_rows(table, lines[data:end])
        return table, top, end - 1
    return None


_SECTION: Final = re.compile(r"^[IVXLC]{1,6}\.$")


def _ends_table(lines: list[_Line], i: int, cells: list[tuple[float, float]], left: float) -> bool:
    """Whether line ``i`` is text after the table: it crosses the space between two header
    cells, starts left of the table's first column, or is a section heading ("V. KINH PHÍ")."""
    line = lines[i]
    if any(_crosses(line, cells[k][1], cells[k + 1][0]) for k in range(len(cells) - 1)):
        return True
    first = line.words[0]
    if first.x0 < left - 3.0:
        return True
    text = " ".join(w.text for w in line.words)
    if first.x0 > cells[0][1] and _SECTION.match(first.text) and text == text.upper():
        return True
    height = max(line.y1 - line.y0, 8.0)
    return line.y0 - lines[i - 1].y1 > 2.5 * height


def _header_cells(words: list[_Word]) -> list[tuple[float, float]]:
    """The x-ranges of the header's cells: words merged while closer than a cell gap."""
    ranges: list[list[float]] = []
    for word in sorted(words, key=lambda w: w.x0):
        if ranges and word.x0 - ranges[-1][1] <= _CELL_GAP:
            ranges[-1][1] = max(ranges[-1][1], word.x1)
        else:
            ranges.append([word.x0, word.x1])
    return [(a, b) for a, b in ranges]


def _border(words: list[_Word], left: float, right: float) -> float:
    """The middle of the widest stretch of ``left``…``right`` that no word covers."""
    covered = sorted(
        (max(w.x0, left), min(w.x1, right)) for w in words if w.x1 > left and w.x0 < right
    )
    best = (0.0, (left + right) / 2)
    x = left
    for a, b in covered:
        if a > x and a - x > best[0]:
            best = (a - x, (x + a) / 2)
        x = max(x, b)
    if right > x and right - x > best[0]:
        best = (right - x, (x + right) / 2)
    return best[1]


def _cells_of(table: _Table, lines: list[_Line]) -> list[list[str]]:
    cells: list[list[str]] = [[] for _ in range(len(table.borders) + 1)]
    for line in lines:
        parts: dict[int, list[str]] = {}
        for word in line.words:
            parts.setdefault(table.column(word), []).append(word.text)
        for k, texts in parts.items():
            cells[k].append(" ".join(texts))
    return cells


def _read_rows(table: _Table, lines: list[_Line]) -> None:
    for i, line in enumerate(lines):
        first = line.words[0]
        starts = table.column(first) == 0 and _ROW_NUMBER.match(first.text) is not None
        if not table.rows or starts:
            if not table.rows and not starts:
                table.continues_row = True
            table.rows.append([[] for _ in range(len(table.borders) + 1)])
        for k, texts in enumerate(_cells_of(table, [lines[i]])):
            table.rows[-1][k].extend(texts)


def _row_text(row: list[list[str]]) -> str:
    return " | ".join(" ".join(" ".join(cell).split()) for cell in row)


def _parse_pages(xhtml: bytes) -> list[str]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    root = etree.fromstring(xhtml, parser=parser)
    if root is None:
        return []
    out: list[list[str]] = []
    previous: _Table | None = None  # a table that ended its page
    for page in root.iter(f"{_NS}page"):
        lines = _visual_lines(_words(page))
        tables: list[_Table] = []
        index = 0
        while True:
            found = _find_table(lines, index)
            if found is None:
                break
            tables.append(found[0])
            index = found[2] + 1
        texts: list[str] = []
        emitted: set[int] = set()
        for block in page.iter(f"{_NS}block"):
            try:
                y = (float(block.get("yMin", "0")) + float(block.get("yMax", "0"))) / 2
            except ValueError:
                y = -1.0
            inside = next((t for t in tables if t.top - 1 <= y <= t.bottom + 1), None)
            if inside is None:
                for line in block.iter(f"{_NS}line"):
                    words = [(w.text or "").strip() for w in line.iter(f"{_NS}word")]
                    text = " ".join(w for w in words if w)
                    if text:
                        texts.append(text)
                continue
            if id(inside) in emitted:
                continue
            emitted.add(id(inside))
            continued = (
                previous is not None
                and previous.header == inside.header
                and out
                and out[-1][-1:] == [_row_text(previous.rows[-1])]
                and all(line.strip().isdigit() for line in texts)
            )
            rows = list(inside.rows)
            if continued and previous is not None:
                if inside.continues_row and rows:
                    # A row cut by the page break: its end joins its start.
                    merged = [a + b for a, b in zip(previous.rows[-1], rows[0], strict=True)]
                    previous.rows[-1] = merged
                    out[-1][-1] = _row_text(merged)
                    rows = rows[1:]
            else:
                texts.append(" | ".join(inside.header))
            texts.extend(_row_text(row) for row in rows)
            if rows:
                inside.rows = [*([previous.rows[-1]] if continued and previous else []), *rows]
            previous = inside
        out.append(texts)
        # A table goes on over the next page only when it ends this one.
        last = tables[-1] if tables else None
        if last is not None and last.rows and texts and texts[-1] == _row_text(last.rows[-1]):
            previous = last
        else:
            previous = None
    return ["\n".join(page) for page in out]


def pdf_pages(data: bytes) -> list[str] | None:
    """The PDF's pages as text with tables as " | " rows; ``None`` without pdftotext,
    or when it fails (the caller then reads the file with pypdf)."""
    program = pdftotext_path()
    if program is None:
        return None
    with tempfile.TemporaryDirectory(prefix="cchc-pdf-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(data)
        try:
            done = subprocess.run(  # noqa: S603 - a fixed program and arguments
                [program, "-q", "-bbox-layout", "-enc", "UTF-8", str(source), "-"],
                capture_output=True,
                timeout=TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
    if done.returncode != 0 or not done.stdout.strip():
        return None
    try:
        return _parse_pages(done.stdout)
    except (etree.LxmlError, ValueError):
        return None
