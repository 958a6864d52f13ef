"""Tests for document symbols, Vietnamese dates and citations (no database)."""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.legal.symbols import (
    DOC_TYPES,
    ISSUER_CODES,
    TYPE_CODES,
    Citation,
    DocumentSymbol,
    ParsedDate,
    format_vn_date,
    parse_citations,
    parse_symbol,
    parse_vn_date,
)
from cchc.text import fold, nfc

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
SEED_NAMES = [
    "ban_dan_toc_quang_ngai_2023",
    "huyen_song_ma_2019",
    "so_ldtbxh_lang_son_2023",
    "ubnd_tinh_phu_tho_2024",
    "xa_minh_duc_2023",
]
# The first numbered heading ("I. MỤC ĐÍCH, YÊU CẦU", or "1. Tuyên truyền ..." in the
# news article) ends the "Căn cứ / Thực hiện" preamble.
FIRST_HEADING = re.compile(r"^[ \t]*(?:I|1)\.[ \t]", re.MULTILINE)


def seed(name: str) -> str:
    return (SEEDS / f"{name}.txt").read_text(encoding="utf-8")


def preamble(name: str) -> str:
    text = seed(name)
    heading = FIRST_HEADING.search(text)
    assert heading is not None
    return text[: heading.start()]


# --- symbols -------------------------------------------------------------------

# text, formatted, number, year, type_code, issuer_code, party
SYMBOLS: list[tuple[str, str, str, int | None, str, str, bool]] = [
    # Every symbol in the five seeds, as written there.
    ("2074/QĐ-UBND", "2074/QĐ-UBND", "2074", None, "QĐ", "UBND", False),
    ("40/KH-UBND", "40/KH-UBND", "40", None, "KH", "UBND", False),
    ("25/KH-BDT", "25/KH-BDT", "25", None, "KH", "BDT", False),
    ("128/KH-BDT", "128/KH-BDT", "128", None, "KH", "BDT", False),
    ("76/NQ-CP", "76/NQ-CP", "76", None, "NQ", "CP", False),
    ("23/CT-TTg", "23/CT-TTg", "23", None, "CT", "TTg", False),
    ("1492-KL/TU", "1492-KL/TU", "1492", None, "KL", "TU", True),
    ("33/KH-UBND", "33/KH-UBND", "33", None, "KH", "UBND", False),
    ("Số: /KH-SLĐTBXH", "/KH-SLĐTBXH", "", None, "KH", "SLĐTBXH", False),
    ("58/KH-UBND", "58/KH-UBND", "58", None, "KH", "UBND", False),
    ("04/KH-SLĐTBXH", "04/KH-SLĐTBXH", "04", None, "KH", "SLĐTBXH", False),
    ("60-NQ/TU", "60-NQ/TU", "60", None, "NQ", "TU", True),
    ("05/KH-SLĐT BXH", "05/KH-SLĐTBXH", "05", None, "KH", "SLĐTBXH", False),
    ("35/QĐ-BNV", "35/QĐ-BNV", "35", None, "QĐ", "BNV", False),
    ("1782/KH-UBND", "1782/KH-UBND", "1782", None, "KH", "UBND", False),
    ("61/2018/NĐ-CP", "61/2018/NĐ-CP", "61", 2018, "NĐ", "CP", False),
    ("107/2021/NĐ-CP", "107/2021/NĐ-CP", "107", 2021, "NĐ", "CP", False),
    ("45/2020/NĐ-CP", "45/2020/NĐ-CP", "45", 2020, "NĐ", "CP", False),
    ("27/CT-TTg", "27/CT-TTg", "27", None, "CT", "TTg", False),
    ("06/2023/NĐ-CP", "06/2023/NĐ-CP", "06", 2023, "NĐ", "CP", False),
    ("73/2023/NĐ-CP", "73/2023/NĐ-CP", "73", 2023, "NĐ", "CP", False),
    ("85/2023/NĐ-CP", "85/2023/NĐ-CP", "85", 2023, "NĐ", "CP", False),
    ("115/2020/NĐ-CP", "115/2020/NĐ-CP", "115", 2020, "NĐ", "CP", False),
    ("899/QĐ-TTg", "899/QĐ-TTg", "899", None, "QĐ", "TTg", False),
    ("942/QĐ- TTg", "942/QĐ-TTg", "942", None, "QĐ", "TTg", False),
    ("02/CTTTg", "02/CT-TTg", "02", None, "CT", "TTg", False),
    ("2348/QĐ-UBND", "2348/QĐ-UBND", "2348", None, "QĐ", "UBND", False),
    ("749/QĐ-TTg", "749/QĐ-TTg", "749", None, "QĐ", "TTg", False),
    ("06/QĐ-TTg", "06/QĐ-TTg", "06", None, "QĐ", "TTg", False),
    ("26/CTTTg", "26/CT-TTg", "26", None, "CT", "TTg", False),
    ("136/QĐ-UBND", "136/QĐ-UBND", "136", None, "QĐ", "UBND", False),
    ("Số:       /KH-UBND", "/KH-UBND", "", None, "KH", "UBND", False),
    ("2398/QĐ-UBND", "2398/QĐ-UBND", "2398", None, "QĐ", "UBND", False),
    ("99KH-UBND", "99/KH-UBND", "99", None, "KH", "UBND", False),
    ("09/QĐ-UBND", "09/QĐ-UBND", "09", None, "QĐ", "UBND", False),
    ("163/KH-UBND", "163/KH-UBND", "163", None, "KH", "UBND", False),
    ("15/KH-UBND", "15/KH-UBND", "15", None, "KH", "UBND", False),
    # Realistic symbols and spellings seen elsewhere.
    ("15/2024/TT-BNV", "15/2024/TT-BNV", "15", 2024, "TT", "BNV", False),
    ("01/CT-UBND", "01/CT-UBND", "01", None, "CT", "UBND", False),
    ("123/UBND-NC", "123/UBND-NC", "123", None, "", "UBND-NC", False),
    ("4567/SNV-CCHC", "4567/SNV-CCHC", "4567", None, "", "SNV-CCHC", False),
    ("5432/TTg-KTTH", "5432/TTg-KTTH", "5432", None, "", "TTg-KTTH", False),
    ("35-CT/TW", "35-CT/TW", "35", None, "CT", "TW", True),
    ("05-NQ/TW", "05-NQ/TW", "05", None, "NQ", "TW", True),
    ("12-CTr/TU", "12-CTr/TU", "12", None, "CTr", "TU", True),
    ("06-HD/BTGTW", "06-HD/BTGTW", "06", None, "HD", "BTGTW", True),
    ("22/2008/QH12", "22/2008/QH12", "22", 2008, "", "QH12", False),
    ("03/2014/TTLT-BTC-BNV", "03/2014/TTLT-BTC-BNV", "03", 2014, "TTLT", "BTC-BNV", False),
    ("Số: /KH-UBND", "/KH-UBND", "", None, "KH", "UBND", False),
    ("2074/QD-UBND", "2074/QĐ-UBND", "2074", None, "QĐ", "UBND", False),
    ("2074 / qđ - ubnd", "2074/QĐ-UBND", "2074", None, "QĐ", "UBND", False),
    ("2074/QĐ\u2013UBND", "2074/QĐ-UBND", "2074", None, "QĐ", "UBND", False),
    ("2074/QĐ \u2014 UBND", "2074/QĐ-UBND", "2074", None, "QĐ", "UBND", False),
    ("Số: 2074/QĐ-UBND", "2074/QĐ-UBND", "2074", None, "QĐ", "UBND", False),
    ("số 40/KH-UBND.", "40/KH-UBND", "40", None, "KH", "UBND", False),
    ("SỐ:1492 - KL / TU", "1492-KL/TU", "1492", None, "KL", "TU", True),
    ("102/tb-vpcp", "102/TB-VPCP", "102", None, "TB", "VPCP", False),
    ("88/BC-UBND-VX", "88/BC-UBND-VX", "88", None, "BC", "UBND-VX", False),
]


@pytest.mark.parametrize(
    ("text", "formatted", "number", "year", "type_code", "issuer_code", "party"), SYMBOLS
)
def test_parse_symbol(
    text: str,
    formatted: str,
    number: str,
    year: int | None,
    type_code: str,
    issuer_code: str,
    party: bool,
) -> None:
    symbol = parse_symbol(text)
    assert symbol is not None
    assert symbol.formatted == formatted
    assert (symbol.number, symbol.year, symbol.type_code, symbol.issuer_code, symbol.party) == (
        number,
        year,
        type_code,
        issuer_code,
        party,
    )
    assert symbol.is_issued == bool(number)
    assert str(symbol) == formatted


def test_symbol_table_is_large_enough() -> None:
    assert len(SYMBOLS) >= 30


@pytest.mark.parametrize("text", [row[0] for row in SYMBOLS])
def test_formatted_symbol_round_trips(text: str) -> None:
    symbol = parse_symbol(text)
    assert symbol is not None
    again = parse_symbol(symbol.formatted)
    assert again == symbol
    assert again is not None and again.key == symbol.key and again.formatted == symbol.formatted


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "Số:",
        "2074",
        "2074/",
        "/",
        "12/abc",
        "QĐ-UBND",
        "20/12/2021",
        "2021-2025",
        "2074/QĐ-UBND ngày 20/12/2021",
        "Kế hoạch số 40/KH-UBND",
        "ngày 20 tháng 12 năm 2021",
        "2023ABC-XYZ",
        "12/QĐ- thông tư",
    ],
)
def test_parse_symbol_rejects_what_is_not_a_symbol(text: str) -> None:
    assert parse_symbol(text) is None


def test_keys_ignore_spelling() -> None:
    spellings = ["99KH-UBND", "99/KH-UBND", "99/KH-UBND ", "099/kh-ubnd", "Số: 99 / KH \u2013 UBND"]
    keys = set()
    for text in spellings:
        symbol = parse_symbol(text)
        assert symbol is not None, text
        keys.add(symbol.key)
    assert keys == {"99/KH-UBND"}

    qd, qd_ascii = parse_symbol("2074/QĐ-UBND"), parse_symbol("2074/QD-UBND")
    assert qd is not None and qd_ascii is not None
    assert qd.key == qd_ascii.key == "2074/QD-UBND"
    assert qd == qd_ascii  # ``raw`` does not take part in equality
    assert qd.raw == "2074/QĐ-UBND" and qd_ascii.raw == "2074/QD-UBND"


def test_keys_keep_different_documents_apart() -> None:
    texts = ["2074/QĐ-UBND", "2074/KH-UBND", "2074/QĐ-BNV", "2075/QĐ-UBND", "60-NQ/TU", "60/NQ-TU"]
    keys = [symbol.key for text in texts if (symbol := parse_symbol(text)) is not None]
    assert len(keys) == len(set(keys)) == len(texts)


def test_cong_van_keeps_the_drafting_unit_in_the_issuer_code() -> None:
    symbol = parse_symbol("123/UBND-NC")
    assert symbol is not None
    assert symbol.type_code == ""
    assert symbol.issuer_code == "UBND-NC"
    assert symbol.issuer_parts == ("UBND", "NC")
    assert symbol.key == "123/UBND-NC"


def test_blank_number_is_not_issued() -> None:
    symbol = parse_symbol("Số:       /KH-UBND")
    assert symbol == DocumentSymbol(number="", year=None, type_code="KH", issuer_code="UBND")
    assert not symbol.is_issued
    assert symbol.key == "/KH-UBND"


# --- dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 20/12/2021", dt.date(2021, 12, 20)),
        ("ngày 20-12-2021", dt.date(2021, 12, 20)),
        ("20/12/2021", dt.date(2021, 12, 20)),
        ("20.12.2021", dt.date(2021, 12, 20)),
        ("ngày 20 tháng 12 năm 2021", dt.date(2021, 12, 20)),
        ("Ngày 05/5/2021", dt.date(2021, 5, 5)),
        ("ngày  24/3/2023", dt.date(2023, 3, 24)),
        ("ngày 20 / 12 / 2021", dt.date(2021, 12, 20)),
        ("ngày 25 tháng 9 năm 2020", dt.date(2020, 9, 25)),
        ("NGÀY 25 THÁNG 9 NĂM 2020", dt.date(2020, 9, 25)),
        ("ngay 25 thang 9 nam 2020", dt.date(2020, 9, 25)),
        ("Lạng Sơn, ngày 14 tháng 01 năm 2023", dt.date(2023, 1, 14)),
        ("ngày   20   tháng\n12 năm   2021", dt.date(2021, 12, 20)),
    ],
)
def test_parse_vn_date_complete(text: str, expected: dt.date) -> None:
    parsed = parse_vn_date(text)
    assert parsed is not None
    assert parsed.date == expected
    assert not parsed.is_blank
    assert parsed.error is None
    assert parsed.iso == expected.isoformat()


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("ngày tháng 3 năm 2023", (None, 3, 2023)),
        ("Lạng Sơn, ngày tháng 3 năm 2023", (None, 3, 2023)),
        ("Minh Đức,  ngày      tháng      năm 2023", (None, None, 2023)),
        ("ngày ... tháng ... năm 2023", (None, None, 2023)),
        ("ngày …/…/2023", (None, None, 2023)),
        ("ngày    /3/2023", (None, 3, 2023)),
        ("ngày __ tháng __ năm ____", (None, None, None)),
        ("tháng 3 năm 2023", (None, 3, 2023)),
    ],
)
def test_parse_vn_date_blank_parts(text: str, parts: tuple[int | None, ...]) -> None:
    parsed = parse_vn_date(text)
    assert parsed is not None
    assert (parsed.day, parsed.month, parsed.year) == parts
    assert parsed.is_blank
    assert parsed.date is None
    assert parsed.error is None


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("31/2/2023", "Ngày 31/02/2023 không tồn tại."),
        ("ngày 29/02/2023", "Ngày 29/02/2023 không tồn tại."),
        ("ngày 31 tháng 4 năm 2023", "Ngày 31/4/2023 không tồn tại."),
        ("ngày 10/13/2023", "Ngày 10/13/2023 không tồn tại."),
        ("00/01/2023", "Ngày 00/01/2023 không tồn tại."),
        ("ngày tháng 13 năm 2023", "Tháng 13 không tồn tại."),
    ],
)
def test_impossible_dates_carry_a_vietnamese_error(text: str, error: str) -> None:
    parsed = parse_vn_date(text)
    assert parsed is not None
    assert parsed.date is None
    assert parsed.error == error


def test_leap_day_exists_in_a_leap_year() -> None:
    parsed = parse_vn_date("29/02/2024")
    assert parsed is not None and parsed.date == dt.date(2024, 2, 29)


@pytest.mark.parametrize("text", ["", "xyz", "năm 2023", "/3/2023", "2021-2025", "12/2021"])
def test_parse_vn_date_without_a_date(text: str) -> None:
    assert parse_vn_date(text) is None


@pytest.mark.parametrize(
    ("value", "short", "long"),
    [
        (dt.date(2021, 12, 20), "20/12/2021", "ngày 20 tháng 12 năm 2021"),
        (dt.date(2021, 5, 5), "05/5/2021", "ngày 05 tháng 5 năm 2021"),
        (dt.date(2023, 1, 16), "16/01/2023", "ngày 16 tháng 01 năm 2023"),
        (dt.date(2023, 2, 21), "21/02/2023", "ngày 21 tháng 02 năm 2023"),
    ],
)
def test_format_vn_date(value: dt.date, short: str, long: str) -> None:
    assert format_vn_date(value) == short
    assert format_vn_date(value, long=True) == long


# --- citations: the seeds ------------------------------------------------------

Row = tuple[str, str | None, str | None, str]

PREAMBLES: dict[str, list[Row]] = {
    "ban_dan_toc_quang_ngai_2023": [
        ("Quyết định", "2074/QĐ-UBND", "2021-12-20", "Chủ tịch UBND tỉnh"),
        ("Kế hoạch", "40/KH-UBND", "2023-03-01", "Chủ tịch UBND tỉnh"),
        ("Kế hoạch", "25/KH-BDT", "2023-01-16", "Ban Dân tộc tỉnh"),
        ("Kế hoạch", "128/KH-BDT", "2022-03-10", "Ban Dân tộc tỉnh"),
    ],
    # A news article: the date and issuer come before the citation.
    "huyen_song_ma_2019": [
        ("Kế hoạch", "33/KH-UBND", "2019-01-11", "UBND huyện Sông Mã"),
    ],
    # The header's own "Số: /KH-SLĐTBXH" is not a citation.
    "so_ldtbxh_lang_son_2023": [
        ("Kế hoạch", "58/KH-UBND", "2023-03-08", "UBND tỉnh"),
        ("Kế hoạch", "04/KH-SLĐTBXH", "2023-01-14", "Sở Lao động - Thương binh và Xã hội"),
    ],
    "ubnd_tinh_phu_tho_2024": [
        ("Quyết định", "35/QĐ-BNV", "2024-01-22", "Bộ Nội vụ"),
        ("Kế hoạch", "1782/KH-UBND", "2021-05-05", "UBND tỉnh"),
    ],
    # PDF text: hard line breaks inside "Kế\nhoạch", double spaces, "99KH-UBND".
    "xa_minh_duc_2023": [
        ("Quyết định", "2398/QĐ-UBND", "2022-12-26", "UBND tỉnh"),
        ("Kế hoạch", "99/KH-UBND", "2023-03-24", "UBND tỉnh"),
        ("Quyết định", "09/QĐ-UBND", "2023-01-13", "UBND huyện"),
        ("Kế hoạch", "163/KH-UBND", "2023-06-08", "UBND huyện Hớn Quản"),
        ("Kế hoạch", "15/KH-UBND", "2023-07-13", "UBND xã Minh Đức"),
    ],
}

WHOLE_FILES: dict[str, list[Row]] = {
    "ban_dan_toc_quang_ngai_2023": [
        *PREAMBLES["ban_dan_toc_quang_ngai_2023"],
        ("Nghị quyết", "76/NQ-CP", "2021-07-15", "Chính phủ"),
        ("Chỉ thị", "23/CT-TTg", "2021-09-02", "Thủ tướng Chính phủ"),
        ("Kết luận", "1492-KL/TU", "2022-12-05", "Hội nghị Tỉnh ủy lần thứ 10 (Khóa XX)"),
        ("Kế hoạch", "25/KH-BDT", "2023-01-16", "Ban Dân tộc tỉnh"),
        ("Kế hoạch", "128/KH-BDT", "2022-03-10", "Ban Dân tộc tỉnh"),
    ],
    "huyen_song_ma_2019": PREAMBLES["huyen_song_ma_2019"],
    "so_ldtbxh_lang_son_2023": [
        *PREAMBLES["so_ldtbxh_lang_son_2023"],
        ("Nghị quyết", "60-NQ/TU", "2021-12-15", "Ban Thường vụ Tỉnh ủy"),
        ("Kế hoạch", "05/KH-SLĐTBXH", "2022-01-10", "Sở"),
    ],
    "ubnd_tinh_phu_tho_2024": [
        *PREAMBLES["ubnd_tinh_phu_tho_2024"],
        ("Nghị quyết", "76/NQ-CP", "2021-07-15", "Chính phủ"),
        ("Nghị quyết", "76/NQ-CP", "2021-07-15", "Chính phủ"),
        ("Kế hoạch", "1782/KH-UBND", "2021-05-05", "UBND tỉnh"),
        ("Nghị định", "61/2018/NĐ-CP", "2018-04-23", ""),
        ("Nghị định", "107/2021/NĐ-CP", "2021-12-06", ""),
        ("Nghị định", "45/2020/NĐ-CP", "2020-04-08", "Chính phủ"),
        ("Chỉ thị", "27/CT-TTg", "2023-10-27", "Thủ tướng Chính phủ"),
        ("Nghị định", "06/2023/NĐ-CP", "2023-02-21", ""),
        ("Nghị định", "73/2023/NĐ-CP", "2023-09-29", ""),
        ("Nghị định", "85/2023/NĐ-CP", None, ""),
        ("Nghị định", "115/2020/NĐ-CP", "2020-09-25", ""),
        ("Quyết định", "899/QĐ-TTg", "2023-07-31", ""),
        ("Quyết định", "942/QĐ-TTg", "2021-06-15", "Thủ tướng Chính phủ"),
        ("Chỉ thị", "02/CT-TTg", "2022-04-26", "Thủ tướng Chính phủ"),
        ("Quyết định", "2348/QĐ-UBND", "2021-09-17", "UBND tỉnh"),
        ("Quyết định", "749/QĐ-TTg", "2020-06-03", "Thủ tướng Chính phủ"),
        ("Quyết định", "06/QĐ-TTg", "2022-01-06", "Thủ tướng Chính phủ"),
        ("Chỉ thị", "26/CT-TTg", "2023-10-20", "Thủ tướng Chính phủ"),
        ("Quyết định", "136/QĐ-UBND", "2022-01-19", "UBND tỉnh"),
    ],
    "xa_minh_duc_2023": PREAMBLES["xa_minh_duc_2023"],
}


def rows(citations: list[Citation]) -> list[Row]:
    return [
        (
            c.doc_type,
            c.symbol.formatted if c.symbol is not None else None,
            c.date.iso if c.date is not None else None,
            c.issuer,
        )
        for c in citations
    ]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_preamble_citations_of_each_seed(name: str) -> None:
    assert rows(parse_citations(preamble(name))) == PREAMBLES[name]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_all_citations_of_each_seed(name: str) -> None:
    assert rows(parse_citations(seed(name))) == WHOLE_FILES[name]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_spans_point_into_the_original_text(name: str) -> None:
    text = seed(name)
    for citation in parse_citations(text):
        start, end = citation.span
        cited = text[start:end]
        assert fold(cited).startswith(fold(citation.doc_type))
        if citation.subject:
            assert " ".join(cited.split()).endswith(citation.subject)
        if citation.symbol is not None and citation.symbol.is_issued:
            assert citation.symbol.number in cited


def test_subjects_of_the_ban_dan_toc_preamble() -> None:
    subjects = [c.subject for c in parse_citations(preamble("ban_dan_toc_quang_ngai_2023"))]
    assert subjects == [
        "Kế hoạch tuyên truyền cải cách hành chính giai đoạn 2022 - 2025 trên địa bàn tỉnh Quảng Ngãi",
        "ban hành Kế hoạch tuyên truyền CCHC năm 2023 trên địa bàn tỉnh Quảng Ngãi",
        "kế hoạch thực hiện cải cách hành chính năm 2023",
        "kế hoạch Tuyên truyền cải cách hành chính giai đoạn 2022 - 2025",
    ]


def test_subjects_stop_before_the_plan_own_sentence() -> None:
    phu_tho = parse_citations(preamble("ubnd_tinh_phu_tho_2024"))
    assert [c.subject for c in phu_tho] == [
        "Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2024",
        "cải cách hành chính nhà nước tỉnh Phú Thọ giai đoạn 2021 - 2025",
    ]
    lang_son = parse_citations(preamble("so_ldtbxh_lang_son_2023"))
    assert [c.subject for c in lang_son] == [
        "tuyên truyền cải cách hành chính năm 2023 trên địa bàn tỉnh Lạng Sơn",
        "cải cách hành chính của Sở Lao động – Thương binh và Xã hội năm 2023",
    ]


def test_subjects_join_pdf_lines() -> None:
    minh_duc = parse_citations(preamble("xa_minh_duc_2023"))
    assert minh_duc[1].subject == (
        "thông tin, tuyên truyền cải cách hành chính năm 2023 trên địa bàn tỉnh Bình Phước"
    )
    assert minh_duc[2].subject == (
        "ban hành Kế hoạch cải cách hành chính nhà nước năm 2023 trên địa bàn huyện"
    )
    assert minh_duc[4].subject == (
        "tuyên truyền cải cách hành chính trên địa bàn trên địa bàn xã Minh Đức năm 2023"
    )
    assert minh_duc[1].symbol is not None and minh_duc[1].symbol.raw == "99KH-UBND"


def test_body_citations_keep_their_own_issuer_and_subject() -> None:
    by_symbol = {
        c.symbol.formatted: c
        for c in parse_citations(seed("ubnd_tinh_phu_tho_2024"))
        if c.symbol is not None
    }
    assert by_symbol["2348/QĐ-UBND"].subject.startswith("Đề án Phát triển Chính quyền điện tử")
    assert by_symbol["942/QĐ-TTg"].subject.startswith("phê duyệt chiến lược phát triển")
    assert (
        by_symbol["06/2023/NĐ-CP"].subject == "quy định về kiểm định chất lượng đầu vào công chức"
    )
    assert by_symbol["85/2023/NĐ-CP"].subject == "sửa đổi, bổ sung một số điều"
    assert by_symbol["115/2020/NĐ-CP"].date == ParsedDate(25, 9, 2020)
    assert by_symbol["136/QĐ-UBND"].subject == ""  # "(theo Quyết định ... của UBND tỉnh)."
    ban_dan_toc = parse_citations(seed("ban_dan_toc_quang_ngai_2023"))
    kl = next(c for c in ban_dan_toc if c.doc_type == "Kết luận")
    assert kl.issuer == "Hội nghị Tỉnh ủy lần thứ 10 (Khóa XX)"
    nq = next(c for c in ban_dan_toc if c.doc_type == "Nghị quyết")
    assert (nq.issuer, nq.subject) == ("Chính phủ", "")


def test_the_same_reference_cited_twice_has_one_key() -> None:
    ban_dan_toc = parse_citations(seed("ban_dan_toc_quang_ngai_2023"))
    assert len(ban_dan_toc) == 9
    assert len({c.key for c in ban_dan_toc}) == 7
    phu_tho = parse_citations(seed("ubnd_tinh_phu_tho_2024"))
    assert len(phu_tho) == 21
    assert len({c.key for c in phu_tho}) == 19
    assert phu_tho[2].key == ("nghi quyet", "76/NQ-CP")


def test_key_without_symbol_uses_date_and_issuer() -> None:
    [citation] = parse_citations(
        "Căn cứ Quyết định ngày 20/12/2021 của Chủ tịch UBND tỉnh về việc X."
    )
    assert citation.symbol is None
    assert citation.key == ("quyet dinh", "2021-12-20", "chu tich ubnd tinh")
    assert citation.subject == "X"


def test_citation_label_is_canonical() -> None:
    [citation] = parse_citations("Kế\nhoạch số  99KH-UBND ngày  24/3/2023 của  UBND tỉnh về  X")
    assert citation.label == "Kế hoạch số 99/KH-UBND ngày 24/3/2023 của UBND tỉnh"


# --- citations: other shapes ---------------------------------------------------


def test_citation_without_diacritics() -> None:
    text = "Can cu Quyet dinh so 2074/QD-UBND ngay 20/12/2021 cua Chu tich UBND tinh ve viec ban hanh Ke hoach"
    [citation] = parse_citations(text)
    assert citation.doc_type == "Quyết định"
    assert citation.symbol is not None and citation.symbol.formatted == "2074/QĐ-UBND"
    assert citation.issuer == "Chu tich UBND tinh"
    assert citation.subject == "ban hanh Ke hoach"


@pytest.mark.parametrize(
    "text",
    [
        "Kế hoạch CCHC nhà nước năm 2024",
        "Chỉ thị của Thủ tướng Chính phủ về việc đẩy mạnh thực hiện Chương trình tổng thể",
        "theo Quyết định của UBND tỉnh.",
        "Số: /KH-SLĐTBXH",
        "trước ngày 10 tháng 6 đối với báo cáo 6 tháng",
        "phổ biến, giáo dục pháp luật số 12/KH-UBND",  # "pháp luật" is not a Luật
        "Kế hoạch số liệu thống kê",
    ],
)
def test_mentions_without_number_or_date_are_not_citations(text: str) -> None:
    assert parse_citations(text) == []


def test_every_doc_type_is_recognised() -> None:
    text = "; ".join(
        f"{name} số {i + 1}/ABC-UBND ngày 01/02/2024" for i, name in enumerate(DOC_TYPES)
    )
    assert [c.doc_type for c in parse_citations(text)] == list(DOC_TYPES)


@pytest.mark.parametrize(
    ("text", "issuer", "subject"),
    [
        (
            "Quyết định số 1/QĐ-UBND ngày 01/02/2024 của UBND TP. Hồ Chí Minh về việc X. Tiếp",
            "UBND TP. Hồ Chí Minh",
            "X",
        ),
        (
            "Kế hoạch số 7/KH-SVHTTDL ngày 01/02/2024 của Sở Văn hóa, Thể thao và Du lịch về Y",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Y",
        ),
        (
            "Quyết định số 8/QĐ-TTg ngày 01/02/2024 của Thủ tướng Chính phủ, định hướng đến 2030",
            "Thủ tướng Chính phủ",
            "định hướng đến 2030",
        ),
        (
            "Luật số 22/2008/QH12 ngày 13/11/2008 của Quốc hội (khóa XII).",
            "Quốc hội (khóa XII)",
            "",
        ),
    ],
)
def test_issuer_boundaries(text: str, issuer: str, subject: str) -> None:
    [citation] = parse_citations(text)
    assert (citation.issuer, citation.subject) == (issuer, subject)


def test_van_ban_is_a_cong_van() -> None:
    [citation] = parse_citations("Văn bản số 123/UBND-NC ngày 02/3/2024 của UBND huyện về việc X")
    assert citation.doc_type == "Công văn"
    assert citation.symbol is not None and citation.symbol.issuer_code == "UBND-NC"


def test_qualified_doc_type_and_party_symbol() -> None:
    [a, b] = parse_citations(
        "Thông tư liên tịch số 03/2014/TTLT-BTC-BNV; Chương trình hành động số 12-CTr/TU "
        "ngày 5 tháng 6 năm 2021 của Ban Thường vụ Tỉnh ủy"
    )
    assert (a.doc_type, a.symbol and a.symbol.formatted) == ("Thông tư", "03/2014/TTLT-BTC-BNV")
    assert (b.doc_type, b.symbol and b.symbol.formatted) == ("Chương trình", "12-CTr/TU")
    assert b.date is not None and b.date.date == dt.date(2021, 6, 5)


def test_citation_inside_another_citation_subject() -> None:
    text = "Kế hoạch thực hiện Quyết định số 12/QĐ-UBND ngày 01/02/2024 của UBND tỉnh"
    [citation] = parse_citations(text)
    assert citation.doc_type == "Quyết định"


def test_spans_refer_to_decomposed_input() -> None:
    text = preamble("xa_minh_duc_2023")
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    composed = parse_citations(text)
    split = parse_citations(decomposed)
    assert rows(split) == rows(composed)
    for a, b in zip(composed, split, strict=True):
        assert nfc(decomposed[b.span[0] : b.span[1]]) == text[a.span[0] : a.span[1]]


def test_parsing_the_seeds_takes_milliseconds() -> None:
    texts = [seed(name) for name in SEED_NAMES]
    parse_citations(texts[0])  # warm the per-character caches
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for text in texts:
            parse_citations(text)
        best = min(best, time.perf_counter() - start)
    assert best < 0.1


# --- properties ----------------------------------------------------------------

numbers = st.integers(min_value=1, max_value=9999).map(str) | st.integers(1, 9).map(
    lambda n: f"0{n}"
)
years = st.none() | st.integers(min_value=1990, max_value=2030)
types = st.sampled_from(TYPE_CODES)
issuers = st.sampled_from(ISSUER_CODES) | st.sampled_from(["UBND-NC", "QH15", "UBND-VX", "TW"])


@st.composite
def symbol_texts(draw: st.DrawFn) -> tuple[str, str, int | None, str, str, bool]:
    number, type_code, issuer = draw(numbers), draw(types), draw(issuers)
    party = draw(st.booleans())
    year = None if party else draw(years)
    if party:
        text = f"{number}-{type_code}/{issuer}"
    else:
        text = f"{number}/{year}/{type_code}-{issuer}" if year else f"{number}/{type_code}-{issuer}"
    return text, number, year, type_code, issuer, party


@given(st.text())
def test_parse_symbol_never_raises(text: str) -> None:
    parse_symbol(text)


@given(symbol_texts())
def test_generated_symbols_round_trip(case: tuple[str, str, int | None, str, str, bool]) -> None:
    text, number, year, type_code, issuer, party = case
    symbol = parse_symbol(text)
    assert symbol is not None
    assert (symbol.number, symbol.year, symbol.type_code, symbol.issuer_code, symbol.party) == (
        number,
        year,
        type_code,
        issuer,
        party,
    )
    assert symbol.formatted == text
    again = parse_symbol(symbol.formatted)
    assert again is not None and again.key == symbol.key


SEPARATOR_STYLES = [
    lambda s: s,
    lambda s: s.lower(),
    lambda s: fold(s).upper(),
    lambda s: s.replace("/", " / ").replace("-", " - "),
    lambda s: s.replace("-", "\u2013"),
    lambda s: f"Số: {s}",
    lambda s: f"  {s}. ",
]


@given(
    st.tuples(numbers, years, types, st.sampled_from(ISSUER_CODES), st.booleans()),
    st.sampled_from(SEPARATOR_STYLES),
)
def test_spellings_of_generated_symbols_share_the_key(
    parts: tuple[str, int | None, str, str, bool], style: Callable[[str], str]
) -> None:
    number, year, type_code, issuer, party = parts
    text = (
        f"{number}-{type_code}/{issuer}"
        if party
        else f"{number}/{year}/{type_code}-{issuer}"
        if year
        else f"{number}/{type_code}-{issuer}"
    )
    symbol = parse_symbol(text)
    variant = parse_symbol(style(text))
    assert symbol is not None and variant is not None
    assert variant.key == symbol.key


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), st.booleans())
def test_formatted_dates_round_trip(value: dt.date, long: bool) -> None:
    parsed = parse_vn_date(format_vn_date(value, long=long))
    assert parsed is not None and parsed.date == value


citation_words = st.sampled_from(
    [
        "Căn cứ", "Kế hoạch", "Quyết định", "Nghị định", "số", "Số:", "ngày", "tháng", "năm",
        "của", "về việc", "ban hành", "UBND tỉnh", "2074/QĐ-UBND", "99KH-UBND", "1492-KL/TU",
        "20/12/2021", "31/2/2023", "(", ")", ";", ".", ":", ",", "\n", "\n\n", "  ", "và",
        "\u0301", "Đ", "İ", "…", "/", "-",
    ]
)  # fmt: skip


@given(st.text() | st.lists(citation_words, max_size=40).map(" ".join))
def test_parse_citations_never_raises(text: str) -> None:
    citations = parse_citations(text)
    previous = 0
    for citation in citations:
        start, end = citation.span
        assert previous <= start <= end <= len(text)
        assert citation.doc_type in DOC_TYPES
        assert citation.symbol is not None or citation.date is not None
        previous = start
        assert isinstance(citation.key, tuple)
