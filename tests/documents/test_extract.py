"""File → text for the plan import: every supported format, and the files it must refuse.

The Word and PDF fixtures are built by ``tests/fixtures/documents/build.py``; the
PDF and .doc tests need LibreOffice only when those fixtures are missing (PDF) or
to convert (.doc), and are skipped with a reason when it is not installed.
"""

from __future__ import annotations

import io
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.documents import extract as extract_module
from cchc.documents.extract import ExtractedText, ExtractError, extract_text
from cchc.documents.parser import parse_plan
from cchc.text import encode_legacy
from tests.documents.expected_seeds import seed_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "documents"
SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
HAS_SOFFICE = extract_module.soffice_path() is not None
VIETNAMESE = set("ăâđêôơưáàảãạếềểễệóòỏõọốồổỗộớờởỡợúùủũụứừửữựíìỉĩịýỳỷỹỵ")


def is_vietnamese(message: str) -> bool:
    return bool(VIETNAMESE & set(message.lower()))


def refused(source: str | os.PathLike[str] | bytes, filename: str | None = None) -> str:
    with pytest.raises(ExtractError) as caught:
        extract_text(source, filename)
    message = caught.value.message
    assert message == str(caught.value)
    assert is_vietnamese(message), message
    return message


# --- plain text ------------------------------------------------------------------------------


def test_utf8_file() -> None:
    result = extract_text(SEEDS / "xa_minh_duc_2023.txt")
    assert isinstance(result, ExtractedText)
    assert result.source_format == "txt"
    assert result.text == seed_text("xa_minh_duc_2023")
    assert result.warnings == []


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),
        lambda text: b"\xff\xfe" + text.encode("utf-16-le"),
        lambda text: b"\xfe\xff" + text.encode("utf-16-be"),
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: unicodedata.normalize("NFD", text).encode("utf-8"),
    ],
    ids=["utf8-bom", "utf16", "utf16-le-bom", "utf16-be-bom", "crlf", "nfd"],
)
def test_unicode_encodings(encode: object) -> None:
    text = seed_text("ban_dan_toc_quang_ngai_2023")
    result = extract_text(encode(text), "ke-hoach.txt")  # type: ignore[operator]
    assert result.text == text


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Windows-1258 keeps the tone marks apart from the letters."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = "".join(c for c in parts if c in _TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += (base + tone).encode("cp1258", errors="replace")
    return bytes(out)


def test_windows_1258_file() -> None:
    text = seed_text("so_ldtbxh_lang_son_2023")
    result = extract_text(_cp1258(text), "ke-hoach.txt")
    assert result.text == unicodedata.normalize("NFC", text)
    assert any("Windows-1258" in warning for warning in result.warnings)


def test_tcvn3_file_is_repaired() -> None:
    result = extract_text(FIXTURES / "ban_dan_toc_tcvn3.txt")
    assert result.text == seed_text("ban_dan_toc_quang_ngai_2023")
    assert any("TCVN3" in warning for warning in result.warnings)


def test_vni_file_is_repaired() -> None:
    text = seed_text("xa_minh_duc_2023")
    result = extract_text(encode_legacy(text, "vni", errors="replace"), "ke-hoach.txt")
    assert result.text == text
    assert any("VNI" in warning for warning in result.warnings)


def test_windows_1252_fallback() -> None:
    result = extract_text("Tiêu đề café".encode("cp1252", errors="replace"), "a.txt")
    assert "café" in result.text
    assert result.warnings


# --- Word -------------------------------------------------------------------------------------


def test_docx_paragraphs_and_table_rows() -> None:
    result = extract_text(FIXTURES / "phu_tho.docx")
    assert result.source_format == "docx"
    lines = result.text.split("\n")
    assert lines[0] == "KẾ HOẠCH"
    header = next(line for line in lines if line.startswith("Số TT"))
    assert header == (
        "Số TT | Hoạt động tuyên truyền CCHC | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện"
    )
    row = next(line for line in lines if line.startswith("1 | "))
    assert row.split(" | ")[1].startswith("- Chuyên mục “cải cách hành chính”. - Chuyên mục:")
    data = parse_plan(result.text, strict=True).to_json()
    seed = parse_plan(seed_text("ubnd_tinh_phu_tho_2024"), strict=True).to_json()
    assert [a["title"] for a in data["activities"]] == [a["title"] for a in seed["activities"]]
    assert [a["timing"] for a in data["activities"]] == [a["timing"] for a in seed["activities"]]


def test_docx_header_and_footer_are_ignored() -> None:
    result = extract_text(FIXTURES / "ban_dan_toc.docx")
    assert "tiêu đề trang" not in result.text
    assert "Trang 1" not in result.text
    assert result.text.startswith("KẾ HOẠCH\n")


def test_docx_two_column_header_table() -> None:
    result = extract_text(FIXTURES / "minh_duc.docx")
    first = result.text.split("\n")[0]
    assert first.startswith("ỦY BAN NHÂN DÂN XÃ MINH ĐỨC Số:")
    assert " | CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    data = parse_plan(result.text, strict=True).to_json()
    assert data["issuer"]["name"] == "ỦY BAN NHÂN DÂN XÃ MINH ĐỨC"
    assert data["signer"]["name"] == "Hoàng Văn Toán"
    assert len(data["recipients"]) == 7


def test_docx_automatic_numbering_is_written_back() -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("Mục đích", style="List Number")
    document.add_paragraph("Yêu cầu", style="List Number")
    document.add_paragraph("Tập huấn", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    result = extract_text(buffer.getvalue(), "a.docx")
    assert result.text.split("\n") == ["1. Mục đích", "2. Yêu cầu", "- Tập huấn"]


@pytest.mark.skipif(
    not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed: .doc cannot be converted"
)
def test_doc_is_converted_with_libreoffice() -> None:
    result = extract_text(FIXTURES / "ban_dan_toc.doc")
    assert result.source_format == "doc"
    assert result.warnings
    data = parse_plan(result.text, strict=True).to_json()
    assert data["title"] == "Tuyên truyền cải cách hành chính của Ban Dân tộc tỉnh năm 2023"
    assert len(data["activities"]) == 4


def test_doc_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "soffice_path", lambda: None)
    message = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "cu.doc")
    assert message == "Cần cài LibreOffice để đọc tệp .doc; hoặc lưu lại tệp dạng .docx."


# --- PDF --------------------------------------------------------------------------------------


def _pdf_fixture(tmp_path: Path) -> Path:
    pdf = FIXTURES / "ban_dan_toc.pdf"
    if pdf.is_file():
        return pdf
    if not HAS_SOFFICE:
        pytest.skip(
            "ban_dan_toc.pdf is missing and LibreOffice (soffice) is not installed to build it"
        )
    import subprocess

    program = extract_module.soffice_path()
    assert program is not None
    subprocess.run(
        [
            program,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(FIXTURES / "ban_dan_toc.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return tmp_path / "ban_dan_toc.pdf"


def test_pdf_text_layer(tmp_path: Path) -> None:
    result = extract_text(_pdf_fixture(tmp_path))
    assert result.source_format == "pdf"
    assert "tiêu đề trang" not in result.text, "running page headers are dropped"
    data = parse_plan(result.text, strict=True).to_json()
    seed = parse_plan(seed_text("ban_dan_toc_quang_ngai_2023"), strict=True).to_json()
    for key in (
        "title",
        "legal_bases",
        "objectives",
        "themes",
        "activities",
        "responsibilities",
        "signer",
    ):
        assert data[key] == seed[key], key


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_without_text_layer() -> None:
    message = refused(_blank_pdf(), "ban-quet.pdf")
    assert message == (
        "Tệp PDF không có lớp chữ (có thể là bản quét). Hãy dùng tệp Word hoặc PDF có chữ, "
        "hoặc nhận dạng chữ (OCR) trước khi nhập."
    )


def test_encrypted_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(_pdf_fixture(tmp_path)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    message = refused(buffer.getvalue(), "khoa.pdf")
    assert "mật khẩu" in message


def test_pdf_with_owner_password_only_is_read(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(_pdf_fixture(tmp_path)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="chu-so-huu", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "KẾ HOẠCH" in extract_text(buffer.getvalue(), "mo.pdf").text


# --- files it refuses ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["rong.txt", "rong.docx", "rong.pdf", "rong.doc"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert refused(path) == extract_module.MSG_EMPTY


def test_blank_text_file() -> None:
    assert refused(b"  \r\n\t\n", "trang.txt") == extract_module.MSG_EMPTY


def test_corrupted_docx() -> None:
    data = bytes(range(256)) * 40
    assert refused(data, "hong.docx") == extract_module.MSG_BAD_DOCX


def test_zip_that_is_not_a_docx() -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải Word")
    assert refused(buffer.getvalue(), "gia.docx") == extract_module.MSG_BAD_DOCX


def test_corrupted_pdf() -> None:
    assert refused(b"%PDF-1.4\n" + bytes(range(256)) * 8, "hong.pdf") in (
        extract_module.MSG_BAD_PDF,
        extract_module.MSG_PDF_SCAN,
    )


def test_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "MAX_BYTES", 1024)
    path = tmp_path / "lon.txt"
    path.write_text(seed_text("xa_minh_duc_2023"), encoding="utf-8")
    message = refused(path)
    assert message.startswith("Tệp quá lớn")
    assert refused(path.read_bytes(), "lon.txt").startswith("Tệp quá lớn")


def test_default_limit_is_20_mb() -> None:
    assert extract_module.MAX_BYTES == 20 * 1024 * 1024


@pytest.mark.parametrize("name", ["ke-hoach.odt", "ke-hoach.rtf", "ke-hoach", "anh.png"])
def test_unknown_extension(name: str) -> None:
    message = refused(b"noi dung", name)
    assert ".docx" in message and ".pdf" in message


def test_missing_file(tmp_path: Path) -> None:
    assert refused(tmp_path / "khong-co.docx").startswith("Không tìm thấy tệp")


def test_bytes_need_a_file_name() -> None:
    assert refused(b"abc") == extract_module.MSG_NO_NAME


def test_doc_saved_as_docx_is_recognised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "soffice_path", lambda: None)
    message = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "that-ra-la-doc.docx")
    assert "LibreOffice" in message


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=2048), ext=st.sampled_from([".txt", ".docx", ".pdf", ".md", ""]))
def test_random_bytes_give_text_or_a_message(data: bytes, ext: str) -> None:
    try:
        result = extract_text(data, f"tep{ext}")
    except ExtractError as exc:
        assert exc.message
    else:
        assert isinstance(result.text, str)
