"""Staff pages: who sees what (personal data per Decree 13/2023), who may do each step."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cchc.feedback import services
from cchc.feedback.models import Feedback, ResponseTemplate, Status
from cchc.orgs.models import UnitKind
from cchc.orgs.services import UnitData, unit_create
from tests.conftest import client_for
from tests.feedback.conftest import PNG, answered, data, submitted

pytestmark = pytest.mark.django_db


def _detail(item: Feedback) -> str:
    return f"/staff/feedback/{item.pk}/"


def _act(item: Feedback, action: str) -> str:
    return f"/staff/feedback/{item.pk}/{action}/"


def test_anonymous_is_sent_to_login(desk):
    item = submitted(desk)
    from django.test import Client

    for url in (
        "/staff/feedback/",
        _detail(item),
        "/staff/feedback/stats/",
        "/staff/feedback/new/",
    ):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Client().post(_act(item, "accept")).status_code == 302
    item.refresh_from_db()
    assert item.status == Status.RECEIVED


def test_lists_are_scoped_to_the_users_units(desk, tree, staff):
    item = services.assign(item=services.submit(data=data(), receiving_unit=desk), unit=tree.dept)
    page = client_for(staff["desk_editor"]).get("/staff/feedback/").content.decode()
    assert item.code in page and "Còn" in page
    assert item.code in client_for(staff["dept_viewer"]).get("/staff/feedback/").content.decode()
    for user in (staff["commune_editor"], staff["nobody"]):
        assert item.code not in client_for(user).get("/staff/feedback/").content.decode()
        assert client_for(user).get(_detail(item)).status_code == 404


def test_personal_data_only_for_handling_staff(desk, tree, staff):
    item = services.submit(
        data=data(files=(services.UploadedData("anh.png", PNG),)), receiving_unit=desk
    )
    item = services.assign(item=item, unit=tree.dept)
    attachment = item.attachments.get()
    for user in ("desk_editor", "dept_editor", "admin"):
        page = client_for(staff[user]).get(_detail(item)).content.decode()
        assert "Nguyễn Văn An" in page and "0912345678" in page, user
        assert (
            client_for(staff[user]).get(f"/staff/feedback/files/{attachment.pk}/").status_code
            == 200
        )
    for user in ("dept_viewer", "province_viewer"):
        page = client_for(staff[user]).get(_detail(item)).content.decode()
        assert "Nguyễn Văn An" not in page and "0912345678" not in page, user
        assert (
            client_for(staff[user]).get(f"/staff/feedback/files/{attachment.pk}/").status_code
            == 404
        )


def test_the_whole_handling_through_the_pages(desk, tree, staff):
    item = submitted(desk)
    desk_client = client_for(staff["desk_editor"])
    assert desk_client.post(_act(item, "accept")).status_code == 302
    assert (
        desk_client.post(
            _act(item, "assign"), {"unit": tree.dept.pk, "note": "Thẩm quyền Sở"}
        ).status_code
        == 302
    )
    editor = client_for(staff["dept_editor"])
    assert editor.post(_act(item, "start")).status_code == 302
    ResponseTemplate.objects.create(
        subject="conduct", title="Mẫu chấn chỉnh", body="Đã chấn chỉnh."
    )
    template = ResponseTemplate.objects.get(title="Mẫu chấn chỉnh")
    assert "Mẫu chấn chỉnh" in editor.get(_detail(item)).content.decode()
    chosen = editor.get(_detail(item), {"mau": template.pk}).content.decode()
    assert ">Đã chấn chỉnh.</textarea>" in chosen
    assert editor.get(_detail(item), {"mau": "x"}).status_code == 200
    assert (
        editor.post(_act(item, "draft"), {"answer": "Đã chấn chỉnh công chức."}).status_code == 302
    )
    # An editor may not approve; a leader (approver) of the handling unit may.
    assert editor.post(_act(item, "approve")).status_code == 403
    assert client_for(staff["desk_editor"]).post(_act(item, "approve")).status_code == 403
    assert client_for(staff["dept_approver"]).post(_act(item, "approve")).status_code == 302
    item.refresh_from_db()
    assert item.status == Status.ANSWERED and item.approved_by == staff["dept_approver"]
    publish = f"/staff/feedback/{item.pk}/publish/"
    assert editor.get(publish).status_code == 403
    review = client_for(staff["dept_approver"]).get(publish).content.decode()
    assert "[đã ẩn]" not in review or "Nguyễn Văn An" not in review
    assert "Nguyễn Văn An" not in review
    refused = client_for(staff["dept_approver"]).post(
        publish, {"title": "", "content": "x", "answer": ""}
    )
    assert refused.status_code == 400 and "bắt buộc" in refused.content.decode()
    assert Feedback.objects.get(pk=item.pk).status == Status.ANSWERED
    response = client_for(staff["dept_approver"]).post(
        publish,
        {
            "title": "Ông Nguyễn Văn An phản ánh cán bộ một cửa",
            "content": "Phản ánh của ông Nguyễn Văn An.",
            "answer": "Đã chấn chỉnh công chức.",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and "Nguyễn Văn An" not in item.public_content
    assert item.public_title == "Ông [đã ẩn] phản ánh cán bộ một cửa"
    history = editor.get(_detail(item)).content.decode()
    for label in (
        "Tiếp nhận",
        "Thụ lý",
        "Chuyển đơn vị xử lý",
        "Bắt đầu xử lý",
        "Dự thảo trả lời",
        "Duyệt và gửi trả lời",
        "Công khai",
    ):
        assert label in history


def test_a_viewer_cannot_act_and_a_commune_cannot_see(desk, tree, staff):
    item = submitted(desk)
    assert client_for(staff["province_viewer"]).post(_act(item, "accept")).status_code == 403
    assert client_for(staff["commune_editor"]).post(_act(item, "accept")).status_code == 404
    assert client_for(staff["dept_editor"]).post(_act(item, "accept")).status_code == 404
    item.refresh_from_db()
    assert item.status == Status.RECEIVED and item.events.count() == 1


def test_bad_action_input_is_shown_and_changes_nothing(desk, tree, staff):
    item = submitted(desk)
    client = client_for(staff["desk_editor"])
    response = client.post(_act(item, "reject"), {"reason": "", "note": ""})
    assert response.status_code == 400 and "Hãy chọn lý do" in response.content.decode()
    response = client.post(_act(item, "request_info"), {"note": ""})
    assert response.status_code == 400 and "Hãy ghi rõ thông tin" in response.content.decode()
    response = client.post(_act(item, "assign"), {"unit": "999999"})
    assert response.status_code == 400
    former = unit_create(
        parent=tree.province,
        data=UnitData(name="Huyện Cũ", kind=UnitKind.DISTRICT, valid_to=datetime.date(2025, 6, 30)),
    )
    page = client.get(reverse("staff:feedback_detail", args=[item.pk])).content.decode()
    assert "Huyện Cũ" not in page  # ended units are not offered...
    response = client.post(_act(item, "assign"), {"unit": str(former.pk)})
    assert response.status_code == 400  # ...nor accepted
    response = client.post(_act(item, "start"))  # not yet assigned: explained, nothing done
    assert response.status_code == 302
    assert client.post(_act(item, "nonsense")).status_code == 404
    item.refresh_from_db()
    assert item.status == Status.RECEIVED and item.events.count() == 1


def test_a_stale_action_says_the_status_changed(desk, tree, staff):
    item = services.accept(item=submitted(desk))
    client = client_for(staff["desk_editor"])
    response = client.post(_act(item, "accept"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "thao tác không còn phù hợp" in page


def test_staff_record_feedback_received_by_phone(desk, tree, staff):
    client = client_for(staff["dept_editor"])
    response = client.post(
        "/staff/feedback/new/",
        {
            "channel": "phone",
            "receiving_unit": tree.dept.pk,
            "kind": "proposal",
            "subject": "regulation",
            "title": "Kiến nghị giảm giấy tờ",
            "content": "Nội dung qua điện thoại.",
            "name": "Phạm Thị Hoa",
            "phone": "0905000111",
            "attachments": [SimpleUploadedFile("a.png", PNG)],
        },
    )
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert (
        item.channel == "phone"
        and item.receiving_unit == tree.dept
        and item.created_by == staff["dept_editor"]
    )
    assert item.attachments.count() == 1
    # A unit outside the user's reach, bad phone, nobody: refused.
    bad = client.post(
        "/staff/feedback/new/",
        {
            "channel": "phone",
            "receiving_unit": tree.other_province.pk,
            "kind": "proposal",
            "subject": "regulation",
            "title": "X",
            "content": "Y",
            "name": "Z",
            "phone": "1",
        },
    )
    assert bad.status_code == 400
    assert client_for(staff["nobody"]).get("/staff/feedback/new/").status_code == 403
    assert client_for(staff["province_viewer"]).get("/staff/feedback/new/").status_code == 403
    assert Feedback.objects.count() == 1


def test_statistics_page_and_xlsx(desk, tree, staff):
    import datetime

    on_time = answered(submitted(desk), tree.dept, today=datetime.date(2026, 2, 25))
    late = answered(submitted(desk, title="Trễ"), tree.dept, today=datetime.date(2026, 4, 1))
    services.reject(item=submitted(desk, title="Trùng"), reason="duplicate")
    client = client_for(staff["desk_editor"])
    page = client.get("/staff/feedback/stats/", {"nam": 2026}).content.decode()
    assert "<svg" in page and "Sở Nội vụ" in page
    response = client.get("/staff/feedback/stats.xlsx", {"nam": 2026})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1][:5] == ("Tổng số", 3, 2, 1, 1)
    assert on_time.answered_on <= on_time.due_on < late.answered_on
    assert (
        client_for(staff["nobody"]).get("/staff/feedback/stats/", {"nam": "abc"}).status_code == 200
    )


def test_titles_are_masked_in_the_list_for_viewers(desk, tree, staff):
    item = services.assign(
        item=services.submit(data=data(title="Ông Nguyễn Văn An bị làm khó"), receiving_unit=desk),
        unit=tree.dept,
    )
    assert (
        "Nguyễn Văn An" in client_for(staff["dept_editor"]).get("/staff/feedback/").content.decode()
    )
    page = client_for(staff["dept_viewer"]).get("/staff/feedback/").content.decode()
    assert item.code in page and "Nguyễn Văn An" not in page and "[đã ẩn] bị làm khó" in page


def test_site_admins_set_the_activity_of_one_item_in_the_admin(desk, tree, staff):
    item = submitted(desk)
    admin = client_for(staff["admin"])
    assert admin.get("/admin/feedback/feedback/").status_code == 200
    assert admin.get(f"/admin/feedback/feedback/{item.pk}/change/").status_code == 200
    assert admin.get("/admin/feedback/holiday/").status_code == 200
    assert client_for(staff["dept_admin"]).get("/admin/feedback/holiday/").status_code in (302, 403)
