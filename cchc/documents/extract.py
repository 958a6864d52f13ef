"""File → text for the plan import: .txt, .docx, .pdf and .doc (no Django).

:func:`extract_text` returns an :class:`ExtractedText` (``text``, ``source_format``,
``warnings``) or raises :class:`ExtractError` - never another exception type - whose
message says, in Vietnamese, what went wrong and what to do.

* ``.txt``: UTF-8 (with or without BOM), UTF-16 with BOM; otherwise legacy
  TCVN3/VNI bytes are recognised and repaired (:func:`cchc.text.repair_legacy`),
  then Windows-1258 and finally Windows-1252 are tried;
* ``.docx`` (python-docx): body paragraphs in order, Word's automatic numbering
  written back ("1.", "a)", "-"), tables as one line per row with the cells
  joined by ``" | "`` (paragraphs inside a cell joined by a space); page headers
  and footers are ignored;
* ``.pdf``: the text layer, page after page, through poppler's ``pdftotext
  -bbox-layout`` when installed (tables keep their columns, written as the Word
  extraction writes them: :mod:`cchc.documents.pdf_layout`), else pypdf; a scan
  without a text layer or a password-protected file is refused with a clear message;
* a ``.docx`` exported by the platform also gives ``meta``, what its text cannot
  carry (:mod:`cchc.documents.docmeta`);
* ``.doc``: converted to .docx with LibreOffice (``soffice --headless
  --convert-to docx``) in a temporary folder, when LibreOffice is installed.

Every text is returned in NFC with ``\\n`` line breaks, mojibake of the legacy
encodings repaired.  Files over :data:`MAX_BYTES` (20 MB), empty files, damaged
files and unknown extensions are refused.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from cchc.documents.docmeta import read_meta
from cchc.documents.pdf_layout import pdf_pages
from cchc.text import decode_cp1252, detect_legacy, nfc, repair_legacy
from cchc.text.alphabet import looks_like_syllable

__all__ = ["MAX_BYTES", "SUPPORTED", "ExtractError", "ExtractedText", "extract_text"]

#: Largest file accepted, in bytes.
MAX_BYTES: int = 20 * 1024 * 1024
#: Extensions read, with the format name reported in :attr:`ExtractedText.source_format`.
SUPPORTED: Final[dict[str, str]] = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".pdf": "pdf",
    ".doc": "doc",
}
SOFFICE_TIMEOUT: Final = 180

MSG_EMPTY: Final = "Tệp rỗng, không có nội dung. Hãy chọn đúng tệp kế hoạch."
MSG_TOO_BIG: Final = (
    "Tệp quá lớn ({size} MB; tối đa {limit} MB). Hãy lưu riêng phần kế hoạch hoặc nén ảnh trong tệp "
    "rồi nhập lại."
)
MSG_UNKNOWN: Final = "Không đọc được tệp dạng “{ext}”. Hãy dùng tệp Word (.docx, .doc), PDF có chữ (.pdf) hoặc văn bản (.txt)."
MSG_NO_NAME: Final = (
    "Thiếu tên tệp nên không biết định dạng. Hãy chọn tệp có đuôi .docx, .pdf, .txt hoặc .doc."
)
MSG_NOT_FOUND: Final = "Không tìm thấy tệp “{name}”. Hãy kiểm tra lại đường dẫn."
MSG_UNREADABLE: Final = "Không mở được tệp “{name}” ({reason}). Hãy kiểm tra quyền đọc tệp."
MSG_BAD_DOCX: Final = (
    "Tệp Word (.docx) bị hỏng hoặc không đúng định dạng. Hãy mở tệp bằng Word hoặc LibreOffice, lưu lại "
    "dạng .docx rồi nhập lại."
)
MSG_BAD_PDF: Final = "Tệp PDF bị hỏng hoặc không đúng định dạng. Hãy xuất lại tệp PDF từ văn bản gốc hoặc dùng tệp Word."
MSG_PDF_SCAN: Final = (
    "Tệp PDF không có lớp chữ (có thể là bản quét). Hãy dùng tệp Word hoặc PDF có chữ, hoặc nhận dạng "
    "chữ (OCR) trước khi nhập."
)
MSG_PDF_LOCKED: Final = (
    "Tệp PDF được đặt mật khẩu (mã hóa) nên không đọc được. Hãy gỡ mật khẩu hoặc xuất lại tệp PDF không "
    "mật khẩu, hoặc dùng tệp Word."
)
MSG_NO_SOFFICE: Final = "Cần cài LibreOffice để đọc tệp .doc; hoặc lưu lại tệp dạng .docx."
MSG_DOC_FAILED: Final = (
    "LibreOffice không chuyển được tệp .doc này sang .docx (tệp có thể bị hỏng). Hãy mở tệp bằng Word, "
    "lưu lại dạng .docx rồi nhập lại."
)
MSG_DOC_TIMEOUT: Final = (
    "LibreOffice chuyển tệp .doc quá lâu nên đã dừng. Hãy lưu lại tệp dạng .docx rồi nhập lại."
)
MSG_NO_TEXT: Final = (
    "Không thấy chữ nào trong tệp. Hãy kiểm tra lại tệp (có thể chỉ chứa hình ảnh)."
)
MSG_BROKEN: Final = "Không đọc được tệp “{name}”: tệp có thể bị hỏng. Hãy lưu lại tệp (.docx hoặc .txt) rồi nhập lại."
WARN_LEGACY: Final = (
    "Tệp dùng bảng mã cũ {name}; đã tự chuyển sang Unicode, hãy kiểm tra lại dấu tiếng Việt."
)
WARN_CODEPAGE: Final = (
    "Tệp văn bản không phải UTF-8; đã đọc theo bảng mã {name}, hãy kiểm tra lại dấu tiếng Việt."
)
WARN_DOC: Final = "Đã chuyển tệp .doc sang .docx bằng LibreOffice trước khi đọc."


class ExtractError(Exception):
    """A file that cannot be read; ``message`` says why and what to do (Vietnamese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ExtractedText:
    """The text of an imported file: NFC, ``\\n`` line breaks."""

    text: str
    source_format: str
    warnings: list[str] = field(default_factory=list)
    # A Word file exported by the platform: what its text cannot carry
    # (``cchc.documents.docmeta``); ``None`` for any other file.
    meta: dict[str, Any] | None = None


def extract_text(
    source: str | os.PathLike[str] | bytes, filename: str | None = None
) -> ExtractedText:
    """Read a plan file into text.

    ``source`` is a path or the file's bytes; ``filename`` gives the name (and so
    the format) of bytes, and overrides the name of a path.  Raises
    :class:`ExtractError` (only) when the file cannot be read.
    """
    try:
        return _extract(source, filename)
    except ExtractError:
        raise
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message for the user
        raise ExtractError(MSG_BROKEN.format(name=filename or _name_of(source))) from exc


def _name_of(source: object) -> str:
    try:
        return Path(os.fsdecode(source)).name  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - bytes or an unexpected object
        return ""


def _size_mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _extract(source: str | os.PathLike[str] | bytes, filename: str | None) -> ExtractedText:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = filename or ""
        if not name:
            raise ExtractError(MSG_NO_NAME)
    else:
        path = Path(os.fsdecode(source))
        name = filename or path.name
        if not path.is_file():
            raise ExtractError(MSG_NOT_FOUND.format(name=path))
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise ExtractError(
                    MSG_TOO_BIG.format(size=_size_mb(size), limit=MAX_BYTES // (1024 * 1024))
                )
            data = path.read_bytes()
        except OSError as exc:
            raise ExtractError(
                MSG_UNREADABLE.format(name=path, reason=exc.strerror or type(exc).__name__)
            ) from exc
    if len(data) > MAX_BYTES:
        raise ExtractError(
            MSG_TOO_BIG.format(size=_size_mb(len(data)), limit=MAX_BYTES // (1024 * 1024))
        )
    ext = Path(name).suffix.lower()
    if ext not in SUPPORTED:
        raise ExtractError(MSG_UNKNOWN.format(ext=ext or name))
    if not data.strip(b" \t\r\n\x00"):
        raise ExtractError(MSG_EMPTY)
    fmt = SUPPORTED[ext]
    # Trust the content over the name: an old .doc saved as .docx and the other way round.
    if fmt == "docx" and data.startswith(_OLE_MAGIC):
        fmt = "doc"
    elif fmt == "doc" and data.startswith(b"PK"):
        fmt = "docx"
    warnings: list[str] = []
    meta: dict[str, Any] | None = None
    if fmt == "txt":
        text = _decode_text(data, warnings)
    elif fmt == "docx":
        text = _docx_text(data)
        meta = read_meta(data)
    elif fmt == "pdf":
        text = _pdf_text(data)
    else:
        text = _doc_text(data)
        warnings.append(WARN_DOC)
    text = _finish(text, warnings)
    if not text.strip():
        raise ExtractError(MSG_PDF_SCAN if fmt == "pdf" else MSG_NO_TEXT)
    return ExtractedText(text=text, source_format=fmt, warnings=warnings, meta=meta)


def _finish(text: str, warnings: list[str]) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = nfc(text)
    encoding = detect_legacy(text)
    if encoding is not None:
        text = repair_legacy(text)
        warnings.append(WARN_LEGACY.format(name="TCVN3" if encoding == "tcvn3" else "VNI"))
    return text


# --- plain text ------------------------------------------------------------------------

_BOMS: Final = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _decode_text(data: bytes, warnings: list[str]) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise ExtractError(MSG_BROKEN.format(name="")) from exc
    # UTF-16 without a BOM: every other byte is NUL in Vietnamese text written in UTF-16.
    if data.count(b"\x00") > len(data) // 4:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                continue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Not UTF-8: legacy TCVN3/VNI bytes (read as cp1252, then repaired) or Windows-1258.
    # Keep the reading that gives the most Vietnamese-looking words.
    mojibake = decode_cp1252(data)
    candidates: list[tuple[int, int, str, str | None]] = []
    if detect_legacy(mojibake) is not None:
        candidates.append((_syllables(repair_legacy(mojibake)), 2, mojibake, None))
    try:
        cp1258 = nfc(data.decode("cp1258"))
        candidates.append((_syllables(cp1258), 1, cp1258, "Windows-1258"))
    except UnicodeDecodeError:
        pass
    candidates.append((_syllables(mojibake), 0, mojibake, "Windows-1252"))
    _, _, text, codepage = max(candidates, key=lambda item: (item[0], item[1]))
    if codepage is not None:
        warnings.append(WARN_CODEPAGE.format(name=codepage))
    return text  # legacy mojibake is repaired (and reported) by _finish


_WORD: Final = re.compile(r"[^\W\d_]+")


def _syllables(text: str) -> int:
    """How many of the first words look like Vietnamese syllables with a diacritic."""
    count = 0
    for m in _WORD.finditer(text, 0, 60_000):
        word = m.group()
        if not word.isascii() and looks_like_syllable(word):
            count += 1
    return count


# --- Word --------------------------------------------------------------------------------

_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN: Final = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _roman(value: int) -> str:
    out = []
    for number, letters in _ROMAN:
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def _letters(value: int) -> str:
    out = ""
    while value > 0:
        value, rest = divmod(value - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _format_number(fmt: str, value: int) -> str:
    if fmt == "upperRoman":
        return _roman(value)
    if fmt == "lowerRoman":
        return _roman(value).lower()
    if fmt == "upperLetter":
        return _letters(value).upper()
    if fmt == "lowerLetter":
        return _letters(value)
    if fmt in ("bullet", "none"):
        return ""
    return str(value)


class _Numbering:
    """Word's automatic list numbers ("1.", "a)", "-"), which are not part of the text."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # noqa: BLE001 - a document without numbering
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(f"{_W}abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in node.findall(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[ilvl] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                )
            abstract[node.get(f"{_W}abstractNumId", "")] = levels
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(f"{_W}val", ""), {}).items():
                self.levels[(num.get(f"{_W}numId", ""), ilvl)] = spec

    def label(self, paragraph: Any, style: Any = None) -> str:
        ppr = paragraph.find(f"{_W}pPr")
        numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if numpr is None and style is not None:
            style_ppr = style.find(f"{_W}pPr")
            numpr = style_ppr.find(f"{_W}numPr") if style_ppr is not None else None
        if numpr is None:
            return ""
        num = numpr.find(f"{_W}numId")
        lvl = numpr.find(f"{_W}ilvl")
        num_id = num.get(f"{_W}val", "") if num is not None else ""
        ilvl = int(lvl.get(f"{_W}val", "0")) if lvl is not None else 0
        spec = self.levels.get((num_id, ilvl))
        if spec is None or num_id == "0":
            return ""
        fmt, pattern, start = spec
        key = (num_id, ilvl)
        self.counters[key] = self.counters.get(key, start - 1) + 1
        for other_id, other_lvl in list(self.counters):
            if other_id == num_id and other_lvl > ilvl:
                del self.counters[(other_id, other_lvl)]
        if fmt == "bullet":
            return "-"
        label = pattern
        for level in range(ilvl, -1, -1):
            value = self.counters.get((num_id, level), 1)
            level_fmt = self.levels.get((num_id, level), (fmt, "", 1))[0]
            label = label.replace(f"%{level + 1}", _format_number(level_fmt, value))
        return label.strip()


_SPACES: Final = re.compile(r"[ \t\u00a0]*\n[ \t\u00a0]*")


def _docx_text(data: bytes) -> str:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractError(MSG_BAD_DOCX) from exc
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types on bad input
        raise ExtractError(MSG_BAD_DOCX) from exc
    numbering = _Numbering(document)
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            try:
                style = paragraph.style.element if paragraph.style is not None else None
            except Exception:  # noqa: BLE001 - a broken style reference
                style = None
            label = numbering.label(child, style)
            text = paragraph.text
            lines.append(f"{label} {text}".strip() if label else text)
        elif child.tag == f"{_W}tbl":
            table = Table(child, document)
            for row in table.rows:
                cells: list[str] = []
                seen: list[Any] = []
                for cell in row.cells:
                    if any(cell._tc is other for other in seen):  # a merged cell repeats
                        continue
                    seen.append(cell._tc)
                    cells.append(_SPACES.sub(" ", cell.text).strip())
                lines.append(" | ".join(cells))
            lines.append("")
    return "\n".join(lines)


# --- PDF ------------------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
    except PdfReadError as exc:
        raise ExtractError(MSG_BAD_PDF) from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on bad input
        raise ExtractError(MSG_BAD_PDF) from exc
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as exc:  # noqa: BLE001 - missing crypto backend, bad key…
            raise ExtractError(MSG_PDF_LOCKED) from exc
        if not opened:
            raise ExtractError(MSG_PDF_LOCKED)
    # poppler's pdftotext keeps a table's columns (``pdf_layout``); pypdf without it.
    laid_out = None if reader.is_encrypted else pdf_pages(data)
    if laid_out is not None and "".join(laid_out).strip():
        return "\n".join(_drop_running_lines(laid_out))
    pages: list[str] = []
    try:
        for page in reader.pages:
            pages.append(page.extract_text() or "")
    except Exception as exc:  # noqa: BLE001
        if reader.is_encrypted:
            raise ExtractError(MSG_PDF_LOCKED) from exc
        raise ExtractError(MSG_BAD_PDF) from exc
    if not "".join(pages).strip():
        raise ExtractError(MSG_PDF_SCAN)
    return "\n".join(_drop_running_lines(pages))


_DIGITS: Final = re.compile(r"\d+")


def _drop_running_lines(pages: list[str]) -> list[str]:
    """Remove running page headers and footers: the same first or last line on most pages."""
    if len(pages) < 2:
        return pages
    split = [page.split("\n") for page in pages]
    counts: dict[str, int] = {}
    for lines in split:
        content = [line.strip() for line in lines if line.strip()]
        for line in {content[0], content[-1]} if content else set():
            key = _DIGITS.sub("#", line)
            counts[key] = counts.get(key, 0) + 1
    threshold = max(2, (len(pages) + 1) // 2)
    running = {key for key, count in counts.items() if count >= threshold and len(key) <= 120}
    if not running:
        return pages
    out: list[str] = []
    for lines in split:
        kept = list(lines)
        for edge in (0, -1):
            index = next(
                (
                    i
                    for i in (range(len(kept)) if edge == 0 else range(len(kept) - 1, -1, -1))
                    if kept[i].strip()
                ),
                None,
            )
            if index is not None and _DIGITS.sub("#", kept[index].strip()) in running:
                del kept[index]
        out.append("\n".join(kept))
    return out


# --- old Word (.doc) ----------------------------------------------------------------------------


def soffice_path() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _doc_text(data: bytes) -> str:
    program = soffice_path()
    if program is None:
        raise ExtractError(MSG_NO_SOFFICE)
    with tempfile.TemporaryDirectory(prefix="cchc-doc-") as folder:
        work = Path(folder)
        source = work / "input.doc"
        source.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(  # noqa: S603 - fixed program and arguments, no shell
                command, capture_output=True, timeout=SOFFICE_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise ExtractError(MSG_DOC_TIMEOUT) from exc
        except OSError as exc:
            raise ExtractError(MSG_DOC_FAILED) from exc
        converted = work / "input.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise ExtractError(MSG_DOC_FAILED)
        return _docx_text(converted.read_bytes())
