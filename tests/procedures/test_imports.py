"""Import from CSV, XLSX and JSON: valid rows saved, rejected rows listed with number and reason."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from cchc.procedures.imports import ImportFileError, import_file
from cchc.procedures.models import Procedure
from cchc.text import decode_cp1252, encode_legacy
from tests.procedures.conftest import make

pytestmark = pytest.mark.django_db

HEADER = (
    "Mã thủ tục,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Cách thức thực hiện,Ngày ban hành,Tình trạng\n"
)


def run(name: str, raw: bytes, unit=None):  # type: ignore[no-untyped-def]
    return import_file(name, raw, unit=unit, may_change=lambda p: True, may_use_unit=lambda u: True)


def test_csv_rows_are_saved_with_methods_and_dates(tree):
    raw = (
        HEADER
        + '1.1,Đăng ký khai sinh,Hộ tịch,Cấp xã,"Trực tiếp | Trong ngày | Miễn lệ phí\nTrực tuyến toàn trình | Trong ngày | ",'
        "01/07/2025,Mới ban hành\n"
    ).encode("utf-8-sig")
    report = run("tthc.csv", raw, unit=tree.commune_a)
    assert report.errors == [] and len(report.created) == 1
    p = Procedure.objects.get(code="1.1")
    assert (p.level, p.status, p.handling_unit, p.issued_on.isoformat()) == (
        "commune",
        "new",
        tree.commune_a,
        "2025-07-01",
    )
    assert [(m["method"], m["time_limit"], m["fee"]) for m in p.methods()] == [
        ("in_person", "Trong ngày", "Miễn lệ phí"),
        ("online_full", "Trong ngày", ""),
    ]


def test_rejected_rows_are_listed_and_the_others_saved(tree):
    raw = (
        HEADER
        + "1.1,Đăng ký khai sinh,Hộ tịch,Cấp xã,,,\n"  # row 2: fine
        + "1.1,Đăng ký khai sinh lần hai,Hộ tịch,Cấp xã,,,\n"  # row 3: duplicate code
        + ",Không có mã,Hộ tịch,Cấp xã,,,\n"  # row 4: no code
        + "1.3,Sai cấp,Hộ tịch,cấp vũ trụ,,,\n"  # row 5: bad level
        + "1.4,Sai ngày,Hộ tịch,Cấp tỉnh,,31/02/2025,\n"  # row 6: bad date
        + "1.5,Sai cách thức,Hộ tịch,Cấp tỉnh,Bồ câu đưa thư,,\n"  # row 7: bad method
        + "1.6,Thừa ô,Hộ tịch,Cấp tỉnh,,,,thừa\n"  # row 8: more cells than columns
        + "1.7,<script>alert(1)</script>,Hộ tịch,Cấp xã,,,\n"  # row 9: saved as text
    ).encode()
    report = run("tthc.csv", raw)
    assert [p.code for p in report.created] == ["1.1", "1.7"]
    reasons = {e.row: e.message for e in report.errors}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8]
    assert "trùng với dòng 2" in reasons[3]
    assert "Hãy nhập mã thủ tục" in reasons[4]
    assert "cấp vũ trụ" in reasons[5]
    assert "dd/mm/yyyy" in reasons[6]
    assert "Bồ câu đưa thư" in reasons[7]
    assert "nhiều hơn 7 cột" in reasons[8]
    assert Procedure.objects.get(code="1.7").name == "<script>alert(1)</script>"


def test_known_code_updates_the_procedure(tree):
    make("1.1", "Tên cũ", handling_unit=tree.commune_a)
    report = run("a.csv", (HEADER + "1.1,Tên mới,Hộ tịch,Cấp xã,,,\n").encode())
    assert [p.code for p in report.updated] == ["1.1"] and not report.created
    assert Procedure.objects.get(code="1.1").name == "Tên mới"


def test_missing_required_columns_refuse_the_file():
    with pytest.raises(ImportFileError, match="Thiếu cột bắt buộc: linh_vuc, cap"):
        run("a.csv", "ma,ten,ghi chu\n1,Một,x\n".encode())
    assert not Procedure.objects.exists()


def test_unknown_columns_are_ignored_and_reported():
    report = run("a.csv", "ma,ten,linh_vuc,cap,màu sắc\n1,Một,Hộ tịch,xa,đỏ\n".encode())
    assert report.ignored_columns == ["màu sắc"] and len(report.created) == 1


def test_not_utf8_and_empty_files_are_refused():
    with pytest.raises(ImportFileError, match="không phải mã UTF-8"):
        run("a.csv", "ma,ten,linh_vuc,cap\n1,Đăng kí,Tư pháp,xa\n".encode("cp1258"))
    with pytest.raises(ImportFileError, match="không có"):
        run("a.csv", b"")
    with pytest.raises(ImportFileError, match="không có dòng"):
        run("a.csv", b"ma,ten,linh_vuc,cap\n")
    with pytest.raises(ImportFileError, match="Chỉ nhận"):
        run("a.pdf", b"%PDF")


def test_legacy_font_text_is_rejected_with_the_row(tree):
    legacy = decode_cp1252(encode_legacy("Đăng ký khai sinh cho trẻ em", "tcvn3"))
    report = run(
        "a.csv", f"ma,ten,linh_vuc,cap\n1,{legacy},Hộ tịch,xa\n2,Đúng,Hộ tịch,xa\n".encode()
    )
    assert [e.row for e in report.errors] == [2]
    assert "bảng mã cũ TCVN3" in report.errors[0].message
    assert [p.code for p in report.created] == ["2"]


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_import(tree):
    import datetime

    raw = xlsx(
        [
            ["MA", "TEN", "LINH_VUC", "CAP", "NGAY_BAN_HANH"],
            ["2.1", "Cấp giấy phép xây dựng", "Xây dựng", "Cấp tỉnh", datetime.date(2025, 3, 1)],
            ["2.2", "", "Xây dựng", "Cấp tỉnh", None],
        ]
    )
    report = run("danh-muc.xlsx", raw)
    assert [p.code for p in report.created] == ["2.1"]
    assert [(e.row, e.message) for e in report.errors] == [(3, "Hãy nhập tên thủ tục.")]
    assert Procedure.objects.get(code="2.1").issued_on == datetime.date(2025, 3, 1)
    with pytest.raises(ImportFileError, match="Không đọc được tệp Excel"):
        run("hong.xlsx", b"PK\x03\x04 not really")


def test_json_import_with_method_objects():
    data = [
        {
            "ma": "3.1",
            "ten": "Đăng ký kết hôn",
            "linh_vuc": "Hộ tịch",
            "cap": "commune",
            "cach_thuc_thuc_hien": [
                {"method": "online_partial", "time_limit": "Trong ngày", "fee": ""}
            ],
            "dich_vu_cong_truc_tuyen": "https://dichvucong.gov.vn/3.1",
        },
        {
            "ma": "3.2",
            "ten": "Sai URL",
            "linh_vuc": "Hộ tịch",
            "cap": "xa",
            "dich_vu_cong_truc_tuyen": "javascript:alert(1)",
        },
        "không phải đối tượng",
    ]
    report = run("a.json", json.dumps(data, ensure_ascii=False).encode())
    assert [p.code for p in report.created] == ["3.1"]
    assert Procedure.objects.get(code="3.1").methods()[0]["method"] == "online_partial"
    assert {e.row for e in report.errors} == {2, 3}
    with pytest.raises(ImportFileError, match="không đúng cú pháp"):
        run("a.json", b"{oops")
    with pytest.raises(ImportFileError, match="danh sách"):
        run("a.json", b'"text"')
    with pytest.raises(ImportFileError, match="Thiếu cột"):
        run("a.json", b'[{"ma": "1"}]')


def test_command_imports_and_reports_rejections(tree, tmp_path, capsys):
    good = tmp_path / "tthc.csv"
    good.write_text("ma,ten,linh_vuc,cap\n4.1,Đăng ký khai tử,Hộ tịch,xa\n", encoding="utf-8")
    call_command("import_procedures", str(good), "--unit", "99001")
    assert Procedure.objects.get(code="4.1").handling_unit == tree.commune_a
    assert "Đã thêm 1 thủ tục" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "ma,ten,linh_vuc,cap\n4.2,Một,Hộ tịch,xa\n4.2,Hai,Hộ tịch,xa\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="1 dòng bị từ chối"):
        call_command("import_procedures", str(bad))
    assert "Dòng 3 (4.2): mã “4.2” trùng với dòng 2" in capsys.readouterr().err
    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("import_procedures", str(good), "--unit", "khong-co")
    with pytest.raises(CommandError, match="Không có tệp"):
        call_command("import_procedures", str(tmp_path / "none.csv"))
