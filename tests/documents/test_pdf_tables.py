"""PDF tables keep their columns: export → LibreOffice PDF → import.

Each plan is exported as Word, printed to PDF by LibreOffice (headless), read back
with ``extract_text`` (poppler's pdftotext, ``cchc.documents.pdf_layout``) and
compared activity by activity with the plan: titles, content, leads, coordinators,
timing and outputs in their own fields, sub-activities nested under their activity,
rows cut by a page break joined again. Without pdftotext the file is still read
(pypdf), without the columns.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cchc.documents import pdf_layout
from cchc.documents.export_docx import plan_to_docx
from cchc.documents.extract import extract_text
from cchc.documents.parser import parse_plan
from cchc.documents.services import plan_import_data
from cchc.plans.models import Plan
from cchc.plans.seeds import load_seed_plans
from cchc.plans.services import plan_to_data
from tests.documents.test_round_trip import Names, _same_activity

# Minh Đức: sub-activities, a table over two pages; Phú Thọ: sub-activities with their
# own timing; Sông Mã: long rows cut by page breaks.
KEYS = ("xa_minh_duc_2023", "ubnd_tinh_phu_tho_2024", "huyen_song_ma_2019")

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler (pdftotext) are needed to print and read PDFs",
)


@pytest.fixture
def printed(db: None, tmp_path: Path) -> dict[str, tuple[Plan, bytes]]:
    plans = load_seed_plans()
    for key in KEYS:
        (tmp_path / f"{key}.docx").write_bytes(plan_to_docx(plans[key]))
    subprocess.run(
        [
            str(shutil.which("soffice")),
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *(str(tmp_path / f"{key}.docx") for key in KEYS),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return {key: (plans[key], (tmp_path / f"{key}.pdf").read_bytes()) for key in KEYS}


def test_activities_come_back_column_by_column(printed: dict[str, tuple[Plan, bytes]]) -> None:
    names = Names()
    for key, (plan, pdf) in printed.items():
        extracted = extract_text(pdf, f"{key}.pdf")
        assert extracted.source_format == "pdf"
        # The table as rows with their cells, the header once (it repeats on each page).
        lines = extracted.text.splitlines()
        header = "STT | Nội dung hoạt động | Cơ quan chủ trì | Cơ quan phối hợp"
        assert sum(1 for line in lines if line.startswith(header)) == 1, key
        parsed = parse_plan(extracted.text)
        imported = plan_import_data(parsed=parsed, unit=plan.unit).data
        original = plan_to_data(plan)
        assert len(imported.activities) == len(original.activities), key
        for n, (activity, back) in enumerate(
            zip(original.activities, imported.activities, strict=True), start=1
        ):
            _same_activity(back, activity, names, f"{key}, activity {n}")
            assert len(back.children) == len(activity.children), f"{key}, activity {n}"
            for m, (child, child_back) in enumerate(
                zip(activity.children, back.children, strict=True), start=1
            ):
                _same_activity(child_back, child, names, f"{key}, activity {n}.{m}")


def test_the_rest_of_the_document_is_read_as_before(
    printed: dict[str, tuple[Plan, bytes]],
) -> None:
    plan, pdf = printed["ubnd_tinh_phu_tho_2024"]
    parsed = parse_plan(extract_text(pdf, "ke-hoach.pdf").text)
    assert parsed.is_plan
    assert parsed.title == plan.title.rstrip(" .")
    assert (parsed.symbol_code or "") == plan.symbol
    assert (parsed.number or "") == plan.number
    assert len(parsed.recipients) == plan.recipients.count() + (
        0 if plan.recipients.filter(is_archive=True).exists() else 1
    )
    assert parsed.period_text and str(plan.period_start.year) in parsed.period_text
    assert parsed.signer_name == plan.signer_name
    assert [r.unit for r in parsed.responsibilities]
    assert not [w for w in parsed.warnings if "Chưa xếp được" in w.message]


def test_without_pdftotext_pypdf_reads_the_file(
    printed: dict[str, tuple[Plan, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, pdf = printed["xa_minh_duc_2023"]
    monkeypatch.setattr(pdf_layout, "pdftotext_path", lambda: None)
    assert pdf_layout.pdf_pages(pdf) is None
    extracted = extract_text(pdf, "ke-hoach.pdf")
    assert "STT | Nội dung hoạt động" not in extracted.text  # no columns from pypdf
    assert parse_plan(extracted.text).title == plan.title.rstrip(" .")


def test_a_failing_pdftotext_falls_back(
    printed: dict[str, tuple[Plan, bytes]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _plan, pdf = printed["xa_minh_duc_2023"]
    broken = tmp_path / "pdftotext"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr(pdf_layout, "pdftotext_path", lambda: str(broken))
    assert pdf_layout.pdf_pages(pdf) is None
    assert "KẾ HOẠCH" in extract_text(pdf, "ke-hoach.pdf").text.upper()
