"""The public pages: submit (challenge, honeypot, rate limits), track by code, published answers."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cchc.feedback import services
from cchc.feedback.models import Attachment, Feedback, Status
from cchc.feedback.protection import NUMBERS
from tests.conftest import client_for
from tests.feedback.conftest import EXE, PNG, answered, make_procedure, submitted

pytestmark = pytest.mark.django_db
URL = "/phan-anh/"


def _challenge(client: Client) -> dict[str, str]:
    page = client.get(URL).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    a, b = re.search(r"Câu hỏi kiểm tra: (\S+) cộng (\S+) bằng mấy", page).groups()
    return {"token": token, "answer": str(NUMBERS.index(a) + NUMBERS.index(b))}


def _form(client: Client, **overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "kind": "report",
        "subject": "conduct",
        "title": "Thái độ tiếp dân chưa đúng mực",
        "content": "Ngày 05/3 tôi đến nộp hồ sơ, công chức không hướng dẫn. Tôi là Lê Văn Tám.",
        "name": "Lê Văn Tám",
        "phone": "0905 111 222",
        "email": "tam@example.vn",
        "address": "Thôn 2, xã Minh Đức",
        "consent_publish": "on",
        **_challenge(client),
    }
    values.update(overrides)
    return values


def test_the_form_is_reachable_and_in_the_public_nav(desk):
    response = Client().get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gửi phản ánh, kiến nghị" in page and 'name="website"' in page
    assert reverse("feedback:submit") == URL


def test_a_citizen_submits_with_a_file_and_gets_the_code_at_once(desk):
    client = Client()
    photo = SimpleUploadedFile("anh.png", PNG, content_type="image/png")
    response = client.post(URL, _form(client, attachments=[photo]))
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert item.channel == "portal" and item.receiving_unit == desk
    assert Attachment.objects.filter(feedback=item).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert item.code in page and "Đã tiếp nhận" in page
    assert "Lê Văn Tám" not in page and "0905" not in page


def test_wrong_or_reused_challenge_stores_nothing(desk):
    client = Client()
    values = _form(client)
    bad = dict(values, answer=str(int(values["answer"]) + 1))  # type: ignore[call-overload]
    response = client.post(URL, bad)
    assert (
        response.status_code == 400
        and "Câu trả lời kiểm tra chưa đúng" in response.content.decode()
    )
    # The token was spent by the wrong try: the right answer with it is refused too.
    assert client.post(URL, values).status_code == 400
    assert Feedback.objects.count() == 0
    fresh = _form(client)
    assert client.post(URL, fresh).status_code == 302
    assert client.post(URL, fresh).status_code == 400  # single use
    assert Feedback.objects.count() == 1


def test_honeypot_filled_stores_nothing(desk):
    client = Client()
    response = client.post(URL, _form(client, website="http://spam.example"))
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"content": ""}, "Hãy nhập nội dung"),
        ({"content": "a" * 100_000}, "Nội dung dài tối đa 5.000 ký tự"),
        ({"name": "<script>alert(1)</script>"}, "Không nhận mã HTML"),
        ({"place": "<svg onload=alert(1)>"}, "Không nhận mã HTML"),
        ({"phone": "09-abc"}, "Số điện thoại không hợp lệ"),
        ({"email": "tam@"}, "thư điện tử không hợp lệ"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(desk, overrides, message):
    client = Client()
    response = client.post(URL, _form(client, **overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "<script>alert(1)</script>" not in page
    assert Feedback.objects.count() == 0


def test_too_many_or_dangerous_files_are_refused(desk):
    client = Client()
    files = [SimpleUploadedFile(f"a{i}.png", PNG, content_type="image/png") for i in range(6)]
    response = client.post(URL, _form(client, attachments=files))
    assert response.status_code == 400 and "tối đa 5 tệp" in response.content.decode()
    fake = SimpleUploadedFile("hoso.pdf", EXE, content_type="application/pdf")
    response = client.post(URL, _form(client, attachments=[fake]))
    assert response.status_code == 400 and "không đúng định dạng .pdf" in response.content.decode()
    assert Feedback.objects.count() == 0 and Attachment.objects.count() == 0


def test_flood_from_one_address_is_limited(desk, settings):
    settings.FEEDBACK_RATE_LIMITS = {"ip": (3, 600), "phone": (100, 600)}
    client = Client()
    codes = [client.post(URL, _form(client, phone=f"090511122{i}")).status_code for i in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert Feedback.objects.count() == 3
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(URL, _form(other, phone="0905111229")).status_code == 302


def test_flood_from_one_phone_is_limited(desk, settings):
    settings.FEEDBACK_RATE_LIMITS = {"ip": (100, 600), "phone": (2, 600)}
    codes = []
    for i in range(3):
        client = Client(REMOTE_ADDR=f"10.0.1.{i}")
        codes.append(client.post(URL, _form(client)).status_code)
    assert codes == [302, 302, 429]
    client = Client(REMOTE_ADDR="10.0.1.9")
    assert "quá nhiều phản ánh" in client.post(URL, _form(client)).content.decode()
    assert Feedback.objects.count() == 2


def test_unknown_and_malformed_codes_get_the_same_answer(desk):
    item = submitted(desk)
    client = Client()
    wrong = client.get("/phan-anh/tra-cuu/", {"ma": "ABCDEFGHJK"})
    malformed = client.get("/phan-anh/tra-cuu/", {"ma": "<script>"})
    assert wrong.status_code == malformed.status_code == 404
    message = "Không tìm thấy phản ánh, kiến nghị với mã tra cứu này."
    assert message in wrong.content.decode() and message in malformed.content.decode()
    found = client.get("/phan-anh/tra-cuu/", {"ma": item.code.lower()})
    assert found.status_code == 200
    page = found.content.decode()
    assert item.title in page and "Đã tiếp nhận" in page and "Nguyễn Văn An" not in page


def test_lookups_are_rate_limited(desk, settings):
    settings.FEEDBACK_RATE_LIMITS = {"track": (3, 600)}
    client = Client()
    codes = [client.get("/phan-anh/tra-cuu/", {"ma": "ABCDEFGHJK"}).status_code for _i in range(4)]
    assert codes == [404, 404, 404, 429]


def test_published_answers_are_listed_masked_and_others_hidden(desk, tree):
    published = services.publish(item=answered(submitted(desk), tree.dept))
    hidden = answered(submitted(desk, title="Chưa công khai"), tree.dept)
    client = Client()
    listing = client.get("/phan-anh/da-tra-loi/").content.decode()
    assert published.title in listing and "Chưa công khai" not in listing
    page = client.get(f"/phan-anh/da-tra-loi/{published.pk}/").content.decode()
    assert "chấn chỉnh" in page and "Nguyễn Văn An" not in page and "0912345678" not in page
    assert client.get(f"/phan-anh/da-tra-loi/{hidden.pk}/").status_code == 404
    assert hidden.status == Status.ANSWERED
    found = client.get("/phan-anh/da-tra-loi/", {"q": "chan chinh"}).content.decode()
    assert published.title in found
    assert (
        "Chưa có trả lời"
        in client.get("/phan-anh/da-tra-loi/", {"q": "khongcogi"}).content.decode()
    )


def test_the_citizen_adds_the_information_asked_for_with_the_code(desk):
    item = services.request_info(item=submitted(desk), note="Cần ghi rõ quầy số mấy.")
    client = Client()
    page = client.get("/phan-anh/tra-cuu/", {"ma": item.code}).content.decode()
    assert "Cần ghi rõ quầy số mấy." in page and 'name="bo_sung"' in page
    empty = client.post("/phan-anh/tra-cuu/", {"ma": item.code, "bo_sung": " "})
    assert empty.status_code == 400 and "Hãy nhập thông tin bổ sung." in empty.content.decode()
    script = client.post("/phan-anh/tra-cuu/", {"ma": item.code, "bo_sung": "<script>x</script>"})
    assert script.status_code == 400 and "Không nhận mã HTML" in script.content.decode()
    unknown = client.post("/phan-anh/tra-cuu/", {"ma": "ABCDEFGHJK", "bo_sung": "Quầy số 2"})
    assert unknown.status_code == 404
    item.refresh_from_db()
    assert item.status == Status.NEED_INFO
    response = client.post("/phan-anh/tra-cuu/", {"ma": item.code, "bo_sung": "Quầy số 2."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.RECEIVED and "Quầy số 2." in item.content
    assert item.events.last().action == "resume"
    # Only while information is asked for.
    again = client.post("/phan-anh/tra-cuu/", {"ma": item.code, "bo_sung": "Thêm nữa."})
    assert again.status_code == 400


def test_feedback_on_a_procedure_from_the_catalog(desk, tree, staff):
    make_procedure(tree.dept, code="2.000123")
    client = Client()
    form = client.get(URL, {"thu-tuc": "2.000123"}).content.decode()
    assert 'value="2.000123"' in form
    unknown = client.post(URL, _form(client, subject="procedure", procedure_code="9.999"))
    assert unknown.status_code == 400 and "Không tìm thấy thủ tục có mã" in unknown.content.decode()
    response = client.post(URL, _form(client, subject="procedure", procedure_code="2.000123"))
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert item.procedure.code == "2.000123" and item.receiving_unit == desk
    page = client_for(staff["desk_editor"]).get(f"/staff/feedback/{item.pk}/").content.decode()
    assert "đề xuất" in page and f'<option value="{tree.dept.pk}" selected>' in page


def test_one_token_admits_one_item_even_when_the_cache_forgets(desk):
    """Several app processes each with a local-memory cache: the database still refuses a replay."""
    from django.core.cache import cache

    client = Client()
    values = _form(client)
    assert client.post(URL, values).status_code == 302
    cache.clear()  # another process, which never saw the token spent
    replay = client.post(URL, values)
    assert replay.status_code == 400
    assert "đã được dùng" in replay.content.decode()
    assert Feedback.objects.count() == 1


def test_an_oversized_file_is_refused_without_storing_anything(desk):
    client = Client()
    big = SimpleUploadedFile(
        "lon.pdf", b"%PDF-" + b"0" * (6 * 1024 * 1024), content_type="application/pdf"
    )
    response = client.post(URL, _form(client, attachments=[big]))
    assert response.status_code == 400 and "lớn hơn 5 MB" in response.content.decode()
    assert Feedback.objects.count() == 0 and Attachment.objects.count() == 0


def test_the_published_answers_are_searched_in_the_database(
    desk, tree, django_assert_num_queries
):
    first = services.publish(
        item=answered(submitted(desk), tree.dept),
        title="Cán bộ một cửa chậm trả hồ sơ đất đai",
        content="Hồ sơ đăng ký đất đai nộp từ tháng 3, quá hạn 100% vẫn chưa có kết quả.",
    )
    second = services.publish(
        item=answered(submitted(desk), tree.dept), title="Thái độ tiếp dân ở phường"
    )
    stored = Feedback.objects.get(pk=first.pk)
    assert "can bo mot cua cham tra ho so dat dai" in stored.public_search
    assert "nguyen van an" not in stored.public_search  # masked before it is searchable
    client = Client()

    def titles(q: str) -> list[str]:
        body = client.get("/phan-anh/da-tra-loi/", {"q": q}).content.decode()
        return [t for t in (first.public_title, second.public_title) if t in body]

    assert titles("DAT DAI cham") == [first.public_title]  # any order, case, marks
    assert titles("thái độ") == [second.public_title]
    assert titles("100%") == [first.public_title]  # "%" is a character, not a wildcard
    assert titles("%") == [first.public_title]
    assert titles("_") == []
    assert titles("nguyen van an") == []
    with django_assert_num_queries(2):  # the count and the page, whatever the number of items
        Client().get("/phan-anh/da-tra-loi/", {"q": "ho so dat dai"})


def test_a_search_without_hits_says_so_not_that_nothing_is_published(desk, tree):
    services.publish(item=answered(submitted(desk), tree.dept))
    body = Client().get("/phan-anh/da-tra-loi/", {"q": "<b>khongcogi</b>"}).content.decode()
    assert "Chưa có trả lời nào khớp với “&lt;b&gt;khongcogi&lt;/b&gt;”" in body
    assert "Chưa có trả lời nào được công khai" not in body
