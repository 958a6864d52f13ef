"""Downloading a plan: who may, what they get, and what happens without LibreOffice."""

from __future__ import annotations

import io
import shutil
import time

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from cchc.orgs.models import Role
from cchc.plans.models import Plan
from cchc.plans.services import plan_create
from tests.conftest import client_for, make_user
from tests.plans.conftest import issued, province_plan_data

STEM = "ke-hoach-40-kh-ubnd-tuyen-truyen-cai-cach-hanh-chinh-nam-2024"


@pytest.fixture
def plan(tree, people) -> Plan:  # type: ignore[no-untyped-def]
    """An issued province plan naming Xã Minh Đức (not Phường Cẩm Thành) in its activities."""
    data = province_plan_data(tree)
    data = province_plan_data(tree, activities=data.activities[:1])
    return issued(plan_create(data=data, actor=people["admin"]), number="40")


def url(plan: Plan, fmt: str) -> str:
    return reverse("staff:plan_export", args=[plan.pk, fmt])


def test_url_shape(plan: Plan) -> None:
    assert url(plan, "docx") == f"/staff/plans/{plan.pk}/export/docx/"


def test_province_viewer_downloads_word(plan: Plan, people) -> None:  # type: ignore[no-untyped-def]
    response = client_for(people["province_viewer"]).get(url(plan, "docx"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{STEM}.docx"'
    doc = Document(io.BytesIO(response.content))
    assert "KẾ HOẠCH" in [p.text for p in doc.paragraphs]


def test_commune_editor_named_in_the_plan_downloads_excel(plan: Plan, people) -> None:  # type: ignore[no-untyped-def]
    response = client_for(people["commune_editor"]).get(url(plan, "xlsx"))
    assert response.status_code == 200
    assert (
        response["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{STEM}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content))["Hoạt động"]
    assert sheet["B5"].value == "Tuyên truyền trên Cổng thông tin điện tử"


def test_other_commune_editor_gets_404(plan: Plan, tree) -> None:  # type: ignore[no-untyped-def]
    other = make_user("phuong.bientap", tree.commune_b, Role.EDITOR)
    for fmt in ("docx", "pdf", "xlsx"):
        assert client_for(other).get(url(plan, fmt)).status_code == 404


def test_user_without_role_gets_404(plan: Plan, people) -> None:  # type: ignore[no-untyped-def]
    assert client_for(people["nobody"]).get(url(plan, "docx")).status_code == 404


def test_anonymous_is_sent_to_login(plan: Plan) -> None:
    response = Client().get(url(plan, "docx"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unknown_format_or_plan_is_404(plan: Plan, people) -> None:  # type: ignore[no-untyped-def]
    client = client_for(people["admin"])
    assert client.get(url(plan, "odt")).status_code == 404
    assert client.get(url(plan, "DOCX")).status_code == 404
    assert (
        client.get(reverse("staff:plan_export", args=[plan.pk + 1000, "docx"])).status_code == 404
    )


def test_only_get(plan: Plan, people) -> None:  # type: ignore[no-untyped-def]
    assert client_for(people["admin"]).post(url(plan, "docx")).status_code == 405


def test_pdf_without_libreoffice_redirects_with_a_message(plan: Plan, people, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("cchc.documents.export_pdf.shutil.which", lambda name: None)
    response = client_for(people["province_viewer"]).get(url(plan, "pdf"))
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:plan_detail", args=[plan.pk])
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == [
        "Máy chủ chưa cài LibreOffice nên chưa xuất được PDF. Hãy tải bản Word (DOCX) rồi in ra PDF."
    ]


def test_pdf_failure_redirects_with_a_message(plan: Plan, people, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("cchc.documents.export_pdf.soffice_path", lambda: "/bin/false")
    response = client_for(people["province_viewer"]).get(url(plan, "pdf"))
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Chưa chuyển được kế hoạch sang PDF")


@pytest.mark.slow
def test_pdf_download(plan: Plan, people) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF to download")
    response = client_for(people["commune_editor"]).get(url(plan, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{STEM}.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_download_uses_a_bounded_number_of_queries(
    plan: Plan, people, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(people["province_viewer"])
    with django_assert_max_num_queries(30):
        assert client.get(url(plan, "docx")).status_code == 200


def test_pdf_conversion_that_hangs_is_stopped(plan: Plan, people, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    hanging = tmp_path / "soffice"
    hanging.write_text("#!/bin/sh\nsleep 60 &\nsleep 60\n")
    hanging.chmod(0o755)
    monkeypatch.setattr("cchc.documents.export_pdf.soffice_path", lambda: str(hanging))
    monkeypatch.setattr("cchc.documents.export_pdf.TIMEOUT_SECONDS", 1)
    started = time.monotonic()
    response = client_for(people["province_viewer"]).get(url(plan, "pdf"))
    assert time.monotonic() - started < 20
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "quá lâu" in message
