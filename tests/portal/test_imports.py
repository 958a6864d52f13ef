"""Importing index results from XLSX: all rows or none, row-numbered Vietnamese errors."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from cchc.portal.imports import import_index_results
from cchc.portal.models import IndexResult
from cchc.text import decode_cp1252, encode_legacy

pytestmark = pytest.mark.django_db

HEADER = [
    "Chỉ số",
    "Năm",
    "Đơn vị",
    "Điểm",
    "Xếp hạng",
    "Trên tổng số",
    "Văn bản công bố",
    "Thành phần: Cải cách TTHC",
]


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def messages(info: pytest.ExceptionInfo[ValidationError]) -> str:
    return "\n".join(info.value.messages)


def test_good_sheet_imports_every_row_and_a_second_run_updates(tree):
    content = xlsx(
        [
            HEADER,
            ["PAR INDEX", 2023, "Tỉnh Quảng Ngãi", 86.05, 25, 63, "QĐ 1/QĐ-BNV", 12.8],
            ["par index", 2024, "tinh quang ngai", "87,40", 21, 63, "", None],
            ["DDCI", 2024, "Sở Nội vụ", 81.2, 2, 3, "", ""],
            [None, None, None, None],
        ]
    )
    report = import_index_results(content=content, scope=tree.province)
    assert (report.created, report.updated) == (3, 0)
    first = IndexResult.objects.get(unit=tree.province, year=2023)
    assert (
        first.score == Decimal("86.05")
        and first.rank == 25
        and first.components == {"Cải cách TTHC": "12.80"}
    )
    assert IndexResult.objects.get(unit=tree.province, year=2024).score == Decimal("87.40")
    report = import_index_results(content=content, scope=tree.province)
    assert (report.created, report.updated) == (0, 3)
    assert IndexResult.objects.count() == 3


def test_one_bad_row_imports_nothing_and_names_each_row(tree):
    content = xlsx(
        [
            HEADER,
            ["PAR INDEX", 2023, "Tỉnh Quảng Ngãi", 86.05, 25, 63],
            ["PAR INDEX", 2023, "Tỉnh Quảng Ngãi", 86.05, 25, 63],
            ["XYZ", "hai nghìn", "Xã Không Có", "abc", 70, 63],
            ["SIPAS", 2023, "Tỉnh Phú Thọ", 80, None, None],
            ["PCI", 2023, "Sở Nội vụ", 1500, 5, 3],
        ]
    )
    with pytest.raises(ValidationError) as info:
        import_index_results(content=content, scope=tree.province)
    text = messages(info)
    assert "Dòng 3: trùng với dòng 2" in text
    assert "Dòng 4:" in text and "XYZ" in text and "Xã Không Có" in text and "“abc”" in text
    assert "Dòng 5: không tìm thấy đơn vị “Tỉnh Phú Thọ”" in text  # outside the chosen scope
    assert "Dòng 6:" in text and "Điểm phải từ 0 đến 1.000" in text and "lớn hơn tổng số" in text
    assert not IndexResult.objects.exists()


def test_wrong_columns_are_named(tree):
    with pytest.raises(ValidationError) as info:
        import_index_results(
            content=xlsx([["Tên", "Điểm số", "Năm"], ["a", 1, 2023]]), scope=tree.province
        )
    assert "Thiếu cột bắt buộc: Chỉ số, Đơn vị, Điểm" in messages(info)
    assert "“Tên”" in messages(info)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        "Chỉ số;Năm\nPAR INDEX;2023".encode("cp1258", errors="replace"),
        b"PK\x03\x04broken zip",
        b"\xff\xfe\x00<",
    ],
)
def test_files_that_are_not_xlsx_are_refused_clearly(tree, content):
    with pytest.raises(ValidationError) as info:
        import_index_results(content=content, scope=tree.province)
    assert any(word in messages(info) for word in ("rỗng", "XLSX"))


def test_unit_names_typed_in_legacy_tcvn3_are_repaired(tree):
    legacy = decode_cp1252(encode_legacy("Phường Cẩm Thành", "tcvn3"))  # as an old font shows it
    assert legacy == "Ph\xadêng CÈm Thµnh"
    content = xlsx([HEADER[:4], ["DDCI", 2024, legacy, 80]])
    import_index_results(content=content, scope=tree.province)
    assert IndexResult.objects.get().unit == tree.commune_b


def test_odd_characters_and_injection_in_text_cells_are_kept_as_text(tree):
    content = xlsx(
        [HEADER, ["PCI", 2023, "Tỉnh Quảng Ngãi", 65, 24, 63, "<script>alert(1)</script>\u202e"]]
    )
    import_index_results(content=content, scope=tree.province)
    assert IndexResult.objects.get().source == "<script>alert(1)</script>"
