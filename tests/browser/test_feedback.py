"""A citizen sends feedback with a photo, staff assign and answer, the citizen reads the answer.

The public pages pass axe-core (WCAG 2.1 AA).
"""

from __future__ import annotations

import re

import pytest

from cchc.feedback.models import Feedback, Holiday, Status, UnitSetting
from cchc.feedback.protection import NUMBERS
from cchc.feedback.workdays import vietnam_holidays
from cchc.orgs.models import Role
from tests.browser.helpers import login as _login
from tests.browser.helpers import violations as _violations
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _logout(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Đăng xuất").click()


def test_citizen_submits_staff_answer_citizen_reads_the_published_answer(
    live_server, page, tree, people, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    Holiday.objects.bulk_create(
        [Holiday(date=d, name=n) for d, n in vietnam_holidays()], ignore_conflicts=True
    )
    UnitSetting.objects.create(unit=tree.province, is_default_desk=True)
    make_user("tinh.tiepnhan", tree.province, Role.EDITOR)
    photo = tmp_path / "anh-quay-mot-cua.png"
    photo.write_bytes(PNG)

    # The citizen.
    page.goto(f"{live_server.url}/phan-anh/")
    assert page.get_by_role("heading", name="Gửi phản ánh, kiến nghị", level=1).is_visible()
    assert _violations(page) == []
    # Sent empty first: the errors are announced, tied to their fields, and nothing is stored.
    page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()
    assert page.get_by_role("alert").get_by_text("Chưa gửi được").is_visible()
    assert page.get_by_label("Họ và tên").get_attribute("aria-invalid") == "true"
    assert Feedback.objects.count() == 0
    assert _violations(page) == []
    page.get_by_role("radio", name="Kiến nghị").check()
    page.get_by_label("Phản ánh, kiến nghị về").select_option("conduct")
    page.get_by_label("Tiêu đề", exact=False).first.fill("Quầy một cửa không niêm yết lệ phí")
    page.get_by_role("textbox", name="Nội dung").fill(
        "Ngày 03/3 tôi đến quầy số 2, không thấy bảng lệ phí. Tôi là Hoàng Văn Minh, gọi 0905123123."
    )
    page.get_by_label("Tệp đính kèm").set_input_files(str(photo))
    page.get_by_label("Họ và tên").fill("Hoàng Văn Minh")
    page.get_by_label("Số điện thoại").fill("0905123123")
    page.get_by_label("Tôi đồng ý công khai").check()
    question = page.get_by_label(re.compile("Câu hỏi kiểm tra")).get_attribute("id")
    label = page.locator(f"label[for='{question}']").inner_text()
    a, b = re.search(r"kiểm tra: (\S+) cộng (\S+)", label).groups()  # type: ignore[union-attr]
    page.get_by_label(re.compile("Câu hỏi kiểm tra")).fill(str(NUMBERS.index(a) + NUMBERS.index(b)))
    page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()
    page.wait_for_url(re.compile(r"/phan-anh/tra-cuu/"))
    code = page.locator("strong.code").inner_text()
    item = Feedback.objects.get(code=code)
    assert item.attachments.count() == 1 and item.status == Status.RECEIVED
    assert page.get_by_text("Đã tiếp nhận").first.is_visible()
    assert _violations(page) == []

    # The reception desk accepts and assigns to the department.
    _login(page, live_server, "tinh.tiepnhan")
    page.goto(f"{live_server.url}/staff/feedback/")
    assert _violations(page) == []
    page.get_by_role("link", name=code).click()
    assert page.get_by_text("Hoàng Văn Minh").first.is_visible()
    assert _violations(page) == []
    page.get_by_role("button", name="Thụ lý").first.click()
    page.get_by_label("Đơn vị xử lý").select_option(str(tree.dept.pk))
    page.get_by_role("button", name="Chuyển", exact=True).click()
    assert page.get_by_text("Đã chuyển đơn vị xử lý").first.is_visible()
    _logout(page)

    # The department's leader handles, drafts, approves and publishes.
    _login(page, live_server, "sonv.quantri")
    page.goto(f"{live_server.url}/staff/feedback/{item.pk}/")
    page.get_by_role("button", name="Bắt đầu xử lý").click()
    assert _violations(page) == []
    page.get_by_label("Nội dung trả lời").fill(
        "Cảm ơn ông Hoàng Văn Minh. Bảng phí, lệ phí đã được niêm yết tại quầy số 2 từ ngày 05/3."
    )
    page.get_by_role("button", name="Lưu dự thảo, trình lãnh đạo duyệt").click()
    page.get_by_role("button", name="Duyệt và gửi trả lời").click()
    page.get_by_role("link", name="Xem lại và công khai").click()
    assert "Hoàng Văn Minh" not in page.get_by_label("Nội dung trả lời công khai").input_value()
    page.get_by_role("button", name="Công khai trên cổng thông tin").click()
    assert page.get_by_text("Đã công khai trả lời").is_visible()
    page.goto(f"{live_server.url}/staff/feedback/stats/")
    assert page.locator("svg.chart").is_visible()
    assert _violations(page) == []
    _logout(page)

    # The citizen follows the code and reads the published answer.
    page.goto(f"{live_server.url}/phan-anh/tra-cuu/")
    page.get_by_label("Mã tra cứu").fill(code)
    page.get_by_role("button", name="Tra cứu").click()
    assert page.get_by_text("Đã công khai", exact=True).is_visible()
    assert page.get_by_text("Bảng phí, lệ phí đã được niêm yết").is_visible()
    assert _violations(page) == []
    page.get_by_role("link", name="Xem trả lời đã công khai").click()
    assert page.get_by_role("heading", name="Quầy một cửa không niêm yết lệ phí").is_visible()
    assert "Hoàng Văn Minh" not in page.content() and "0905123123" not in page.content()
    assert _violations(page) == []
    page.goto(f"{live_server.url}/phan-anh/da-tra-loi/")
    assert page.get_by_role("link", name="Quầy một cửa không niêm yết lệ phí").is_visible()
    assert _violations(page) == []
