"""The import pages: upload → review → confirm, permissions, bad files, duplicates."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from cchc.documents.import_views import SESSION_KEY
from cchc.documents.models import ImportRecord
from cchc.documents.parser import NOT_A_PLAN
from cchc.plans.models import Plan, PlanStatus
from tests.conftest import client_for

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "documents"
SEED = "xa_minh_duc_2023"


def upload_url(unit: Any) -> str:
    return reverse("staff:plan_import") + f"?unit={unit.pk}"


def seed_file(name: str = SEED) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.txt", (SEEDS / f"{name}.txt").read_bytes(), "text/plain")


def upload(client: Client, unit: Any, file: SimpleUploadedFile) -> Any:
    return client.post(upload_url(unit), {"file": file})


def form_data(page: Any) -> dict[str, Any]:
    """Every field of the review form as the browser would send it."""
    html = page.content.decode()
    form = html[html.index('<form method="post" class="form" novalidate>') :]
    data: dict[str, Any] = {}
    for m in re.finditer(r"<input ([^>]*)>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        if "name" not in attrs:
            continue
        if attrs.get("type") == "checkbox":
            if "checked" in m.group(1):
                data[attrs["name"]] = "on"
            continue
        data[attrs["name"]] = _unescape(attrs.get("value", ""))
    for m in re.finditer(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[m.group(1)] = _unescape(m.group(2).lstrip("\n"))
    for m in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', m.group(2))
        data[m.group(1)] = chosen.group(1) if chosen else ""
    return data


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


@pytest.fixture
def editor(people: dict[str, Any]) -> Client:
    return client_for(people["commune_editor"])


def test_upload_review_confirm(editor: Client, tree: Any) -> None:
    response = upload(editor, tree.commune_a, seed_file())
    assert response.status_code == 302
    review_url = response["Location"]
    assert Plan.objects.count() == 0  # nothing saved before the confirmation
    page = editor.get(review_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="L1"' in html and 'id="L40"' in html
    assert "Thông tin, tuyên truyền cải cách hành chính năm 2023" in html
    assert 'class="src-link" href="#L' in html
    assert re.search(r">dòng \d+(-\d+)?<", html)
    assert "Lưu thành dự thảo" in html
    assert "Số của kế hoạch còn để trống" in html  # a parser warning, with its line
    data = form_data(page)
    data["title"] = "Thông tin, tuyên truyền CCHC năm 2023 (đã sửa)"
    response = editor.post(review_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    assert plan.status == PlanStatus.DRAFT
    assert plan.unit == tree.commune_a
    assert plan.title == "Thông tin, tuyên truyền CCHC năm 2023 (đã sửa)"
    assert plan.period_start.isoformat() == "2023-01-01"
    assert plan.activities.exists()
    record = ImportRecord.objects.get(plan=plan)
    assert record.file_name == f"{SEED}.txt"
    assert record.created_by is not None
    assert response["Location"] == reverse("staff:plan_detail", args=[plan.pk])
    # The token is spent.
    assert editor.get(review_url).status_code == 404


def test_plan_list_links_to_the_import(editor: Client) -> None:
    page = editor.get(reverse("staff:plan_list"))
    assert "Nhập kế hoạch từ tệp" in page.content.decode()


def test_without_unit_asks_which_unit(editor: Client, tree: Any) -> None:
    page = editor.get(reverse("staff:plan_import"))
    assert page.status_code == 200
    assert upload_url(tree.commune_a) in page.content.decode()


def test_login_required(client: Client, tree: Any) -> None:
    response = client.get(upload_url(tree.commune_a))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_who_may_not(people: dict[str, Any], tree: Any, editor: Client) -> None:
    viewer = client_for(people["province_viewer"])
    assert viewer.get(upload_url(tree.commune_a)).status_code == 403
    assert upload(viewer, tree.commune_a, seed_file()).status_code == 403
    # A commune editor may not import for the province.
    assert editor.get(upload_url(tree.province)).status_code == 403
    assert editor.get(reverse("staff:plan_import") + "?unit=999999").status_code == 404
    # Another person's token is not theirs (their session does not have it).
    review_url = upload(editor, tree.commune_a, seed_file())["Location"]
    assert client_for(people["commune_admin"]).get(review_url).status_code == 404
    assert Plan.objects.count() == 0


def test_review_of_a_unit_no_longer_allowed(
    people: dict[str, Any], tree: Any, editor: Client
) -> None:
    from cchc.orgs.models import RoleAssignment

    review_url = upload(editor, tree.commune_a, seed_file())["Location"]
    RoleAssignment.objects.filter(user=people["commune_editor"]).delete()
    assert editor.get(review_url).status_code == 403


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("trong.txt", b"", "rỗng"),
        ("ke-hoach.xlsx", b"PK\x03\x04 bang tinh", "Chỉ nhập được tệp .docx, .pdf, .txt hoặc .doc"),
        ("hong.docx", b"khong phai tep word" * 20, "Tệp Word (.docx) bị hỏng"),
    ],
)
def test_bad_files(editor: Client, tree: Any, name: str, content: bytes, message: str) -> None:
    response = upload(editor, tree.commune_a, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Plan.objects.count() == 0
    assert not editor.session.get(SESSION_KEY)


def test_not_a_plan(editor: Client, tree: Any) -> None:
    file = SimpleUploadedFile("thu.txt", (FIXTURES / "not_a_plan.txt").read_bytes())
    response = upload(editor, tree.commune_a, file)
    assert response.status_code == 200
    assert escape(NOT_A_PLAN) in response.content.decode()
    assert Plan.objects.count() == 0
    assert not editor.session.get(SESSION_KEY)


def test_no_file(editor: Client, tree: Any) -> None:
    response = editor.post(upload_url(tree.commune_a), {})
    assert "Hãy chọn tệp kế hoạch cần nhập." in response.content.decode()


def test_duplicate_warning_and_vẫn_nhập(editor: Client, tree: Any) -> None:
    first = upload(editor, tree.commune_a, seed_file())["Location"]
    assert editor.post(first, form_data(editor.get(first))).status_code == 302
    second = upload(editor, tree.commune_a, seed_file())["Location"]
    page = editor.get(second)
    html = page.content.decode()
    assert "Văn bản này đã được nhập ngày" in html
    assert "Vẫn nhập" in html
    data = form_data(page)
    refused = editor.post(second, data)
    assert refused.status_code == 400
    assert "Văn bản này đã được nhập ngày" in refused.content.decode()
    assert Plan.objects.count() == 1
    data["allow_duplicate"] = "on"
    assert editor.post(second, data).status_code == 302
    assert Plan.objects.count() == 2


def test_typed_edits_survive_an_error(editor: Client, tree: Any) -> None:
    review_url = upload(editor, tree.commune_a, seed_file())["Location"]
    data = form_data(editor.get(review_url))
    data["title"] = "Tên mới do người nhập gõ"
    data["place"] = "Xã Minh Đức mới"
    data["issued_on"] = "32/13/2023"
    data["activities-0-timing"] = "Quý II/2023 (đã sửa)"
    response = editor.post(review_url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ngày phải theo dạng ngày/tháng/năm" in html
    assert "Tên mới do người nhập gõ" in html
    assert 'value="Xã Minh Đức mới"' in html
    assert 'value="32/13/2023"' in html
    assert "Quý II/2023 (đã sửa)" in html
    assert Plan.objects.count() == 0


def test_unmatched_names_can_be_mapped(editor: Client, tree: Any) -> None:
    review_url = upload(editor, tree.commune_a, seed_file())["Location"]
    page = editor.get(review_url)
    html = page.content.decode()
    assert "Tên đơn vị chưa khớp với danh mục" in html
    assert "Giữ nguyên tên (không gắn với đơn vị)" in html
    name = "Công chức Văn hóa- xã hội (Phụ trách VH&amp;TT)"
    assert f'<label for="id_map-0">{name}</label>' in html
    data = form_data(page)
    assert data["map-0"] == ""
    data["map-0"] = str(tree.post_a.pk)
    data["activities-1-leads"] = "Tổ Công nghệ số cộng đồng"  # typed: kept as a label
    response = editor.post(review_url, data)
    assert response.status_code == 302
    plan = Plan.objects.get()
    first, second = plan.activities.filter(parent__isnull=True).order_by("order")[:2]
    assert first.assignments.get(role="lead").unit_id == tree.post_a.pk
    assert second.assignments.get(role="lead").label == "Tổ Công nghệ số cộng đồng"
