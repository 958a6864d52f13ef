"""Public pages: answering anonymously, bad answers, floods, visit codes, published results."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cchc.surveys import services
from cchc.surveys.models import Response, Survey, SurveyStatus
from tests.surveys.conftest import sipas_answers


def _url(point) -> str:  # type: ignore[no-untyped-def]
    return reverse("surveys:answer", args=[point.token])


def test_list_and_answer_pages_show_open_surveys(client: Client, sipas, point_a):
    page = client.get(reverse("surveys:list"))
    assert page.status_code == 200
    assert _url(point_a) in page.content.decode()
    form = client.get(_url(point_a))
    body = form.content.decode()
    assert form.status_code == 200
    assert "Bộ phận Một cửa xã Minh Đức" in body
    assert "Chỉ trả lời nếu ở câu" in body  # the condition, readable without JavaScript
    assert 'data-show-if="YT5.0"' in body
    assert len(form.content) < 150_000


def test_a_valid_answer_is_stored_before_the_thank_you_page(client: Client, sipas, point_a):
    response = client.post(_url(point_a), sipas_answers("4"))
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", args=[point_a.token])
    stored = Response.objects.get()
    assert (
        stored.unit_id == point_a.unit_id
        and stored.channel == "online"
        and stored.entered_by is None
    )
    assert stored.answers.filter(scale=4).count() == 18
    thanks = client.get(response["Location"])
    assert "Cảm ơn Ông/Bà" in thanks.content.decode()


def test_bad_answers_come_back_with_messages_and_nothing_is_stored(client: Client, sipas, point_a):
    response = client.post(_url(point_a), sipas_answers("5", YT1_1="7", YT2_1=""))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Phiếu chưa được lưu: có 2 chỗ cần sửa." in body
    assert "Hãy chọn một trong năm mức" in body and "Câu hỏi này bắt buộc trả lời." in body
    assert 'value="5" checked' in body  # other answers are kept on the page
    assert not Response.objects.exists()


def test_flood_from_one_address_is_refused(client: Client, sipas, point_a, settings):
    settings.SURVEY_RATE_LIMIT = (3, 600)
    for _ in range(3):
        assert (
            client.post(_url(point_a), sipas_answers(), REMOTE_ADDR="10.0.0.9").status_code == 302
        )
    refused = client.post(_url(point_a), sipas_answers(), REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 429
    assert "quá nhiều phiếu" in refused.content.decode()
    assert Response.objects.count() == 3
    # Another address is not affected; invalid attempts do not count.
    assert client.post(_url(point_a), {}, REMOTE_ADDR="10.0.0.10").status_code == 400
    assert client.post(_url(point_a), sipas_answers(), REMOTE_ADDR="10.0.0.10").status_code == 302


def test_reused_visit_code_is_refused(client: Client, sipas, point_a):
    (code,) = services.visit_codes_issue(point=point_a, count=1)
    Survey.objects.filter(pk=sipas.pk).update(require_visit_code=True)
    page = client.get(_url(point_a) + f"?ma={code.code}")
    assert f'value="{code.code}"' in page.content.decode()
    assert (
        client.post(_url(point_a), {**sipas_answers(), "visit_code": code.code}).status_code == 302
    )
    again = client.post(_url(point_a), {**sipas_answers(), "visit_code": code.code})
    assert again.status_code == 400
    assert "đã được dùng" in again.content.decode()
    assert Response.objects.count() == 1


def test_closed_and_unknown_surveys(client: Client, sipas, point_a):
    assert client.get(reverse("surveys:answer", args=["khong-co"])).status_code == 404
    services.survey_close(survey=sipas)
    closed = client.get(_url(point_a))
    assert closed.status_code == 410 and "không nhận phiếu" in closed.content.decode()
    assert client.post(_url(point_a), sipas_answers()).status_code == 410
    assert not Response.objects.exists()


def test_public_results_show_published_surveys_only(client: Client, sipas, point_a):
    services.response_submit(point=point_a, raw=sipas_answers("5"))
    year = timezone.localdate().year
    url = reverse("surveys:results")
    assert "Chưa có kết quả" in client.get(url).content.decode()
    Survey.objects.filter(pk=sipas.pk).update(publish_results=True)
    body = client.get(url, {"nam": year}).content.decode()
    assert sipas.title in body and "Tiếp cận dịch vụ" in body
    assert "chỉ số chung 100,0%" in body
    assert client.get(url, {"nam": "abc"}).status_code == 200
    assert sipas.title not in client.get(url, {"nam": year - 1}).content.decode()


def test_draft_surveys_are_not_listed(client: Client, sipas, point_a):
    Survey.objects.filter(pk=sipas.pk).update(status=SurveyStatus.DRAFT)
    assert _url(point_a) not in client.get(reverse("surveys:list")).content.decode()
    assert client.get(_url(point_a)).status_code == 404
