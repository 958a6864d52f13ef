"""The review screen edits objectives, requirements, funding, reporting and sub-activities.

Server-rendered formsets (no JavaScript needed): a blank last row adds an item, "Bỏ"
removes one; a sub-activity names the number of the activity that contains it. Bad
rows are refused with a Vietnamese message, nothing is saved and the typed work stays.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cchc.documents.export_docx import plan_to_docx
from cchc.plans.models import Plan
from cchc.plans.seeds import load_seed_plans
from tests.conftest import client_for
from tests.documents.test_import_views import form_data, seed_file, upload, upload_url


@pytest.fixture
def editor(people: dict[str, Any]) -> Client:
    return client_for(people["commune_editor"])


@pytest.fixture
def review(editor: Client, tree: Any) -> tuple[str, dict[str, Any]]:
    # Phú Thọ: its first activity has four sub-activities ("1.1" … "1.4").
    url = upload(editor, tree.commune_a, seed_file("ubnd_tinh_phu_tho_2024"))["Location"]
    page = editor.get(url)
    assert page.status_code == 200
    return url, form_data(page)


def test_the_read_parts_are_shown_for_editing(review: tuple[str, dict[str, Any]]) -> None:
    _url, data = review
    assert data["objectives"].strip() and data["requirements"].strip()
    # Sub-activities read from the document, each with the number of its activity and
    # its place in the document; one blank row to add another.
    total = int(data["children-TOTAL_FORMS"])
    origins = [data[f"children-{i}-origin"] for i in range(total)]
    assert origins[:-1] and all(o.count(".") == 1 for o in origins[:-1])
    assert origins[-1] == "" and data[f"children-{total - 1}-title"] == ""
    assert all(data[f"children-{i}-parent"] == o.split(".")[0] for i, o in enumerate(origins[:-1]))
    # Reporting duties read, and a blank row.
    assert int(data["reporting-TOTAL_FORMS"]) == int(data["reporting-INITIAL_FORMS"]) + 1
    assert data["reporting-0-periods"]


def test_edits_are_saved(editor: Client, review: tuple[str, dict[str, Any]], tree: Any) -> None:
    url, data = review
    data["objectives"] = "- Mục đích thứ nhất;\n- Mục đích thứ hai."
    data["requirements"] = "Yêu cầu đã sửa."
    data["funding"] = "Kinh phí từ ngân sách xã năm 2023."
    data["reporting-0-periods"] = "6 tháng, năm"
    data["reporting-0-deadline_text"] = "Trước ngày 15/6 và 15/12"
    last = int(data["reporting-TOTAL_FORMS"]) - 1
    data[f"reporting-{last}-periods"] = "quý"
    data[f"reporting-{last}-text"] = "Báo cáo quý về UBND huyện."
    total = int(data["children-TOTAL_FORMS"])
    # Edit the first sub-activity, drop the second, add one under activity 2.
    data["children-0-title"] = "Hoạt động con đã sửa"
    data["children-0-timing"] = "Quý III/2023"
    data["children-0-leads"] = "Tổ Công nghệ số cộng đồng"
    data["children-1-DELETE"] = "on"
    data[f"children-{total - 1}-parent"] = "2"
    data[f"children-{total - 1}-title"] = "Hoạt động con mới"
    data[f"children-{total - 1}-timing"] = "Tháng 10/2023"
    first_parent = int(data["children-0-parent"])
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get()
    assert plan.objectives == "- Mục đích thứ nhất;\n- Mục đích thứ hai."
    assert plan.requirements == "Yêu cầu đã sửa."
    assert plan.funding == "Kinh phí từ ngân sách xã năm 2023."
    duties = list(plan.reporting_duties.order_by("order"))
    assert (duties[0].periods, duties[0].deadline_text) == (
        "6 tháng, năm",
        "Trước ngày 15/6 và 15/12",
    )
    assert (duties[-1].periods, duties[-1].text) == ("quý", "Báo cáo quý về UBND huyện.")
    tops = list(plan.activities.filter(parent__isnull=True).order_by("order"))
    edited = tops[first_parent - 1].children.order_by("order").first()
    assert edited is not None
    assert (edited.title, edited.timing_text) == ("Hoạt động con đã sửa", "Quý III/2023")
    assert edited.assignments.get(role="lead").label == "Tổ Công nghệ số cộng đồng"
    kept = plan.activities.filter(parent__isnull=False).count()
    assert kept == total - 1  # the read ones, one dropped, one added
    added = tops[1].children.get(title="Hoạt động con mới")
    assert added.timing_text == "Tháng 10/2023"
    # A sub-activity without a lead is not given one; the new one leads nothing.
    assert not added.assignments.filter(role="lead").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"parent": "99"}, "parent", "Không có hoạt động số 99"),
        ({"parent": "abc"}, "parent", "Số hoạt động phải là một số"),
        ({"parent": "0"}, "parent", "Số hoạt động bắt đầu từ 1"),
        ({"parent": "", "title": "Con không rõ cha"}, "parent", "Hãy ghi số của hoạt động"),
        ({"title": "", "timing": "Quý I"}, "title", "Hoạt động con cần có tên"),
        ({"origin": "../1"}, "origin", "Dòng này không thuộc kế hoạch đang kiểm tra"),
        ({"title": "x" * 1001}, "title", "Giá trị này chỉ có tối đa 1000 kí tự"),
    ],
)
def test_bad_sub_activities_are_refused(
    editor: Client,
    review: tuple[str, dict[str, Any]],
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    url, data = review
    data["objectives"] = "Mục đích gõ lại, phải còn sau lỗi."
    data["children-0-timing"] = "Thời gian gõ lại"
    for name, value in changes.items():
        data[f"children-0-{name}"] = value
    response = editor.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Mục đích gõ lại, phải còn sau lỗi." in html
    assert "Thời gian gõ lại" in html or changes.get("timing")
    assert Plan.objects.count() == 0


def test_sub_activity_of_a_dropped_activity_is_refused(
    editor: Client, review: tuple[str, dict[str, Any]]
) -> None:
    url, data = review
    parent = data["children-0-parent"]
    data[f"activities-{int(parent) - 1}-DELETE"] = "on"
    response = editor.post(url, data)
    assert response.status_code == 400
    assert (
        f"Không có hoạt động số {parent} (hoặc hoạt động đó đã bị bỏ)" in response.content.decode()
    )
    assert Plan.objects.count() == 0
    # Dropping the sub-activities too lets it through.
    for i in range(int(data["children-TOTAL_FORMS"])):
        if data[f"children-{i}-parent"] == parent:
            data[f"children-{i}-DELETE"] = "on"
    assert editor.post(url, data).status_code == 302


def test_bad_reporting_is_refused(editor: Client, review: tuple[str, dict[str, Any]]) -> None:
    url, data = review
    data["reporting-0-periods"] = ""
    data["reporting-0-deadline_text"] = "Trước ngày 10 hằng tháng"
    response = editor.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Thời hạn báo cáo cần đi kèm kỳ báo cáo." in html
    assert "Trước ngày 10 hằng tháng" in html
    data["reporting-0-periods"] = "k" * 256
    response = editor.post(url, data)
    assert response.status_code == 400
    assert "tối đa 255 kí tự" in response.content.decode()
    assert Plan.objects.count() == 0


def test_a_tampered_form_is_refused_without_error_page(
    editor: Client, review: tuple[str, dict[str, Any]]
) -> None:
    url, data = review
    for prefix in ("children", "reporting"):
        broken = {k: v for k, v in data.items() if not k.startswith(f"{prefix}-")}
        response = editor.post(url, broken)
        assert response.status_code == 400
    assert Plan.objects.count() == 0


def test_who_may_not_save(
    people: dict[str, Any], review: tuple[str, dict[str, Any]], client: Client
) -> None:
    url, data = review
    data["funding"] = "Không được lưu"
    # Anonymous: to the login page.
    response = client.post(url, data)
    assert response.status_code == 302 and "login" in response["Location"]
    # Another person (even an admin of the same commune): the token is not in their session.
    assert client_for(people["commune_admin"]).post(url, data).status_code == 404
    # A viewer of the province: not theirs either.
    assert client_for(people["province_viewer"]).post(url, data).status_code == 404
    assert Plan.objects.count() == 0


def test_too_low_role_in_the_same_session(
    editor: Client, people: dict[str, Any], review: tuple[str, dict[str, Any]]
) -> None:
    from cchc.orgs.models import RoleAssignment

    url, data = review
    RoleAssignment.objects.filter(user=people["commune_editor"]).delete()
    assert editor.post(url, data).status_code == 403
    assert Plan.objects.count() == 0


def test_an_exported_plan_keeps_its_parts_through_the_review(
    db: None, people: dict[str, Any]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import make_user

    plans = load_seed_plans()
    plan = plans["xa_minh_duc_2023"]
    plan.number = ""
    plan.save(update_fields=["number"])
    person = make_user("md.bientap", plan.unit, "editor")
    client = client_for(person)
    file = SimpleUploadedFile("ke-hoach.docx", plan_to_docx(plan))
    url = client.post(upload_url(plan.unit), {"file": file})["Location"]
    data = form_data(client.get(url))
    assert client.post(url, data).status_code == 302, "saved as read"
    saved = Plan.objects.exclude(pk__in=[p.pk for p in plans.values()]).get()
    assert saved.objectives == plan.objectives
    assert saved.funding == plan.funding
    assert [(r.periods, r.deadline_text) for r in saved.reporting_duties.all()] == [
        (r.periods, r.deadline_text) for r in plan.reporting_duties.all()
    ]
    # Sub-activities, and the themes' tags carried by the file's property.
    assert sorted(a.title for a in saved.activities.filter(parent__isnull=False)) == sorted(
        a.title.rstrip(" .;") for a in plan.activities.filter(parent__isnull=False)
    )
    assert [(t.areas, t.indices) for t in saved.themes.all()] == [
        (t.areas, t.indices) for t in plan.themes.all()
    ]
    assert not saved.audiences.exists()
