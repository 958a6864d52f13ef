"""``cchc export_plan PLAN_ID --format docx|pdf|xlsx --output PATH``."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from cchc.plans.models import Plan
from cchc.plans.services import plan_create
from tests.plans.conftest import issued, province_plan_data


@pytest.fixture
def plan(tree, people) -> Plan:  # type: ignore[no-untyped-def]
    return issued(plan_create(data=province_plan_data(tree), actor=people["admin"]), number="40")


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_plan", *args, stdout=out)
    return out.getvalue()


def test_writes_word(plan: Plan, tmp_path: Path) -> None:
    target = tmp_path / "ke-hoach.docx"
    printed = export(str(plan.pk), "--format", "docx", "--output", str(target))
    assert "KẾ HOẠCH" in [p.text for p in Document(str(target)).paragraphs]
    assert str(target) in printed
    assert printed.startswith(
        "Đã xuất kế hoạch “Kế hoạch tuyên truyền cải cách hành chính năm 2024”"
    )
    assert " KB)" in printed


def test_writes_excel(plan: Plan, tmp_path: Path) -> None:
    target = tmp_path / "hoat-dong.xlsx"
    export(str(plan.pk), "--format", "xlsx", "--output", str(target))
    assert load_workbook(target).sheetnames == ["Hoạt động"]


def test_output_directory_gets_the_download_name(plan: Plan, tmp_path: Path) -> None:
    export(str(plan.pk), "--output", str(tmp_path))
    assert (
        tmp_path / "ke-hoach-40-kh-ubnd-tuyen-truyen-cai-cach-hanh-chinh-nam-2024.docx"
    ).is_file()


@pytest.mark.slow
def test_writes_pdf(plan: Plan, tmp_path: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF to write")
    target = tmp_path / "ke-hoach.pdf"
    printed = export(str(plan.pk), "--format", "pdf", "--output", str(target))
    assert target.read_bytes().startswith(b"%PDF-")
    assert str(target) in printed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("999999",), "Không có kế hoạch mã 999999."),
        (("abc",), "Mã kế hoạch phải là số, không phải “abc”."),
        ((), "Hãy cho biết mã kế hoạch cần xuất"),
    ],
)
def test_bad_plan_id(plan: Plan, args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        export(*args)


def test_bad_format(plan: Plan, tmp_path: Path) -> None:
    with pytest.raises(
        CommandError, match="Định dạng “odt” không hỗ trợ; hãy chọn một trong: docx, pdf, xlsx."
    ):
        export(str(plan.pk), "--format", "odt", "--output", str(tmp_path / "x.odt"))


def test_missing_directory(plan: Plan, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="không tồn tại nên không ghi được tệp"):
        export(str(plan.pk), "--output", str(tmp_path / "khong-co" / "ke-hoach.docx"))


def test_unwritable_path(plan: Plan, tmp_path: Path) -> None:
    target = tmp_path / ("x" * 300 + ".docx")  # longer than any file system allows
    with pytest.raises(CommandError, match="Không ghi được tệp .*: tên tệp quá dài."):
        export(str(plan.pk), "--output", str(target))
    assert not list(tmp_path.iterdir())


def test_pdf_without_libreoffice(plan: Plan, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("cchc.documents.export_pdf.shutil.which", lambda name: None)
    with pytest.raises(CommandError, match="Máy chủ chưa cài LibreOffice nên chưa xuất được PDF"):
        export(str(plan.pk), "--format", "pdf", "--output", str(tmp_path / "ke-hoach.pdf"))
    assert not list(tmp_path.iterdir())
