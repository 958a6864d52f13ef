"""Public pages and staff pages: the attempt path over HTTP, bad input, who may do what."""

from __future__ import annotations

import datetime
import io
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cchc.contests import services
from cchc.contests.models import Attempt, Participant, Question, Submission, Winner
from tests.conftest import client_for
from tests.contests.conftest import AFTER, CLOSES, DURING, answers_form, key_of, register

pytestmark = pytest.mark.django_db


def _registered_client(world, phone: str = "0912345678") -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post(
        reverse("contests:register", args=[world.contest.slug]),
        {
            "full_name": "Trần Thị Hoa",
            "phone": phone,
            "audience": "citizens",
            "locality": "Xã Minh Đức",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def _start(client: Client, world) -> Attempt:  # type: ignore[no-untyped-def]
    response = client.post(reverse("contests:start", args=[world.contest.slug, world.round.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = re.search(r'action="/cuoc-thi/bai-thi/([^/]+)/nop/"', response.content.decode()).group(
        1
    )
    return Attempt.objects.get(token=token)


def test_public_pages_render_in_vietnamese(world):
    client = Client()
    with time_machine.travel(DURING, tick=False):
        assert "Tuần 1" in client.get(reverse("contests:list")).content.decode()
        page = client.get(reverse("contests:detail", args=[world.contest.slug])).content.decode()
    assert "Đăng ký dự thi" in page and "Thể lệ" in page
    assert client.get(reverse("contests:detail", args=["khong-co"])).status_code == 404


def test_register_start_answer_submit_and_see_result_and_rank(world):
    with time_machine.travel(DURING, tick=False) as clock:
        client = _registered_client(world)
        page = client.get(reverse("contests:detail", args=[world.contest.slug])).content.decode()
        assert "Vào thi: Tuần 1" in page
        code = Participant.objects.get().code
        welcome = client.get(
            reverse("contests:detail", args=[world.contest.slug]) + "?moi=1"
        ).content.decode()
        assert f"Mã dự thi của bạn: {code}" in welcome
        attempt = _start(client, world)
        page = client.get(reverse("contests:attempt", args=[attempt.token]))
        html = page.content.decode()
        assert page["Cache-Control"] == "no-store"
        # Every served question is there; nothing tells which answer is right.
        for q, choices in attempt.served:
            assert f'name="q{q}"' in html
            for c in choices:
                assert f'value="{c}"' in html
        assert "is_correct" not in html and "correct" not in html.lower()
        clock.shift(120)
        response = client.post(
            reverse("contests:submit", args=[attempt.token]),
            {**answers_form(key_of(attempt)), "du_doan": "1.000"},
        )
        assert response.status_code == 303
        result = client.get(response["Location"]).content.decode()
    assert "10/10" in result and "100" in result and "1 / 1 người dự thi" in result
    assert Submission.objects.get().prediction == 1000


def test_replayed_submit_returns_the_stored_result(world):
    with time_machine.travel(DURING, tick=False) as clock:
        client = _registered_client(world)
        attempt = _start(client, world)
        clock.shift(60)
        url = reverse("contests:submit", args=[attempt.token])
        first = client.post(url, answers_form(key_of(attempt)))
        second = client.post(url, {})
        third = Client().post(url, answers_form(key_of(attempt)))  # a replay from elsewhere
    assert first.status_code == second.status_code == third.status_code == 303
    assert Submission.objects.count() == 1 and Submission.objects.get().score == 100


def test_bad_submissions_get_clear_messages_and_store_nothing(world):
    with time_machine.travel(DURING, tick=False) as clock:
        client = _registered_client(world)
        attempt = _start(client, world)
        clock.shift(60)
        url = reverse("contests:submit", args=[attempt.token])
        other = Question.objects.exclude(pk__in=[q for q, _c in attempt.served]).first()
        not_served = client.post(url, {f"q{other.pk}": str(other.choices.first().pk)})
        assert not_served.status_code == 400 and "không có trong đề" in not_served.content.decode()
        forged = client.post(url, {f"q{attempt.served[0][0]}": "99999999"})
        assert forged.status_code == 400 and "không thuộc câu hỏi" in forged.content.decode()
        junk = client.post(url, {"qabc": "1"})
        assert junk.status_code == 400
        big = client.post(url, {"q1": "1", "filler": "x" * 40_000})
        assert big.status_code == 413 and "quá lớn" in big.content.decode()
        unknown = client.post(reverse("contests:submit", args=["khong-co-bai-nay"]), {})
        assert unknown.status_code == 404
        assert client.get(reverse("contests:submit", args=[attempt.token])).status_code == 405
    assert Submission.objects.count() == 0


def test_submitting_after_close_is_refused(world):
    with time_machine.travel(CLOSES - datetime.timedelta(minutes=1), tick=False) as clock:
        client = _registered_client(world)
        attempt = _start(client, world)
        clock.shift(10 * 60)
        response = client.post(
            reverse("contests:submit", args=[attempt.token]), answers_form(key_of(attempt))
        )
    assert response.status_code == 400 and "đã kết thúc" in response.content.decode()
    assert Submission.objects.count() == 0


def test_registering_twice_with_the_same_phone_is_refused_and_resume_uses_the_code(world):
    with time_machine.travel(DURING, tick=False):
        _registered_client(world, "0912345678")
        response = Client().post(
            reverse("contests:register", args=[world.contest.slug]),
            {
                "full_name": "Người khác",
                "phone": "0912 345 678",
                "audience": "citizens",
                "locality": "Xã A",
            },
        )
        assert response.status_code == 200 and "đã đăng ký dự thi" in response.content.decode()
        assert Participant.objects.count() == 1
        bad = Client().post(
            reverse("contests:register", args=[world.contest.slug]),
            {"full_name": "", "phone": "abc", "audience": "robots"},
        )
        assert bad.status_code == 200 and 'role="alert"' in bad.content.decode()
        participant = Participant.objects.get()
        device = Client()
        wrong = device.post(
            reverse("contests:resume", args=[world.contest.slug]),
            {"phone": "0912345678", "code": "SAI"},
        )
        assert wrong.status_code == 400 and "không đúng" in wrong.content.decode()
        ok = device.post(
            reverse("contests:resume", args=[world.contest.slug]),
            {"phone": "0912345678", "code": participant.code},
        )
        assert ok.status_code == 302
        _start(device, world)


def test_start_without_registration_or_with_a_forged_cookie_goes_to_registration(world):
    with time_machine.travel(DURING, tick=False):
        url = reverse("contests:start", args=[world.contest.slug, world.round.pk])
        response = Client().post(url)
        assert response.status_code == 403 and "Hãy đăng ký" in response.content.decode()
        forged = Client()
        forged.cookies[f"cuocthi_{world.contest.pk}"] = "1"
        assert forged.post(url).status_code == 403
        assert Client().get(url).status_code == 405
    assert Attempt.objects.count() == 0


def test_second_start_after_submitting_is_refused_with_a_message(world):
    with time_machine.travel(DURING, tick=False) as clock:
        client = _registered_client(world)
        attempt = _start(client, world)
        clock.shift(60)
        client.post(reverse("contests:submit", args=[attempt.token]), {})
        response = client.post(reverse("contests:start", args=[world.contest.slug, world.round.pk]))
    assert response.status_code == 400 and "hết số lượt thi" in response.content.decode()
    assert Attempt.objects.count() == 1


def test_reopening_the_questions_page_is_flagged(world):
    with time_machine.travel(DURING, tick=False) as clock:
        client = _registered_client(world)
        attempt = _start(client, world)
        client.get(reverse("contests:attempt", args=[attempt.token]))
        client.get(reverse("contests:attempt", args=[attempt.token]))
        clock.shift(60)
        client.post(reverse("contests:submit", args=[attempt.token]), {})
    assert "reopened" in Submission.objects.get().flags


def test_leaderboard_and_winners_pages(world, people):
    with time_machine.travel(DURING, tick=False) as clock:
        client = _registered_client(world)
        attempt = _start(client, world)
        clock.shift(60)
        client.post(reverse("contests:submit", args=[attempt.token]), answers_form(key_of(attempt)))
        board = (
            Client()
            .get(reverse("contests:leaderboard", args=[world.contest.slug, world.round.pk]))
            .content.decode()
        )
        assert "Trần Thị Hoa" in board and "091****678" in board and "0912345678" not in board
        winners = (
            Client()
            .get(reverse("contests:winners", args=[world.contest.slug, world.round.pk]))
            .content.decode()
        )
        assert "chưa công bố" in winners
    with time_machine.travel(AFTER, tick=False):
        services.winners_publish(round_=world.round)
        winners = (
            Client()
            .get(reverse("contests:winners", args=[world.contest.slug, world.round.pk]))
            .content.decode()
        )
    assert "Giải Nhất" in winners and "Trần Thị Hoa" in winners


# --- staff ---------------------------------------------------------------------------------------


def _entries(world, n: int = 3) -> list[Submission]:  # type: ignore[no-untyped-def]
    out = []
    with time_machine.travel(DURING, tick=False) as clock:
        for i in range(n):
            p = register(world, f"09130000{i:02d}", name=f"Người dự thi {i}", ip="203.0.113.9")
            attempt = services.attempt_start(round_=world.round, participant=p)
            clock.shift(30)
            answers = key_of(attempt)
            submission, _ = services.attempt_submit(
                token=attempt.token,
                data=services.SubmitData(
                    answers={int(q): cs for q, cs in list(answers.items())[: 10 - i]}
                ),
            )
            out.append(submission)
    return out


def test_staff_pages_for_the_organiser(world, people):
    _entries(world)
    client = client_for(people["dept_editor"])
    assert (
        "Cuộc thi tìm hiểu cải cách hành chính"
        in client.get(reverse("staff:contest_list")).content.decode()
    )
    assert client.get(reverse("staff:contest_detail", args=[world.contest.pk])).status_code == 200
    with time_machine.travel(DURING, tick=False):
        page = client.get(reverse("staff:contest_round", args=[world.round.pk])).content.decode()
    assert "Người dự thi 0" in page and "Theo đơn vị" in page and "Loại bài" in page
    assert "Công bố kết quả" not in page  # an editor cannot publish, and the round is open


def test_staff_access_is_limited_to_the_organiser_and_by_role(world, people):
    [entry, *_rest] = _entries(world)
    urls = [
        reverse("staff:contest_detail", args=[world.contest.pk]),
        reverse("staff:contest_round", args=[world.round.pk]),
        reverse("staff:contest_export", args=[world.round.pk]),
    ]
    for url in urls:
        assert Client().get(url).status_code == 302  # to the login page
        assert client_for(people["commune_editor"]).get(url).status_code == 404  # another unit
        assert client_for(people["nobody"]).get(url).status_code == 404
    assert (
        "cải cách hành chính tỉnh Quảng Ngãi"
        not in client_for(people["commune_editor"])
        .get(reverse("staff:contest_list"))
        .content.decode()
    )
    viewer = client_for(people["province_viewer"])
    assert viewer.get(urls[1]).status_code == 200
    disqualify = reverse("staff:contest_disqualify", args=[entry.pk])
    assert viewer.post(disqualify, {"reason": "x"}).status_code == 403
    assert client_for(people["commune_editor"]).post(disqualify, {"reason": "x"}).status_code == 404
    with time_machine.travel(AFTER, tick=False):
        publish = reverse("staff:contest_publish", args=[world.round.pk])
        assert client_for(people["dept_editor"]).post(publish).status_code == 403
        assert (
            viewer.post(reverse("staff:contest_import", args=[world.contest.pk])).status_code == 403
        )
    assert Winner.objects.count() == 0
    assert Submission.objects.filter(disqualified_at__isnull=False).count() == 0


def test_disqualify_needs_a_reason_and_publish_needs_a_closed_round(world, people):
    [entry, second, _third] = _entries(world)
    editor = client_for(people["dept_editor"])
    url = reverse("staff:contest_disqualify", args=[entry.pk])
    response = editor.post(url, {"reason": ""}, follow=True)
    assert "Hãy ghi lý do" in response.content.decode()
    response = editor.post(url, {"reason": "Làm bài hộ người khác"}, follow=True)
    assert "Đã loại bài dự thi" in response.content.decode()
    entry.refresh_from_db()
    assert entry.disqualified_reason == "Làm bài hộ người khác"
    admin = client_for(people["dept_admin"])
    publish = reverse("staff:contest_publish", args=[world.round.pk])
    with time_machine.travel(DURING, tick=False):
        assert "chưa kết thúc" in admin.post(publish, follow=True).content.decode()
    assert Winner.objects.count() == 0
    with time_machine.travel(AFTER, tick=False):
        assert "Đã công bố kết quả" in admin.post(publish, follow=True).content.decode()
    first = Winner.objects.get(prize__title="Giải Nhất")
    assert first.submission_id == second.pk  # the disqualified entry gets nothing


def test_export_xlsx_has_ranking_and_statistics(world, people):
    entries = _entries(world)
    # What a participant types stays text in the organiser's spreadsheet, never a formula.
    Participant.objects.filter(pk=entries[2].participant_id).update(
        locality='=HYPERLINK("http://vi-du.invalid","Bấm")'
    )
    response = client_for(people["dept_editor"]).get(
        reverse("staff:contest_export", args=[world.round.pk])
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Xếp hạng", "Theo đơn vị", "Theo địa phương", "Theo câu hỏi"]
    rows = list(book["Xếp hạng"].iter_rows(values_only=True))
    assert rows[0][0] == "Hạng" and [r[1] for r in rows[1:]] == [
        "Người dự thi 0",
        "Người dự thi 1",
        "Người dự thi 2",
    ]
    assert re.match(r"\d\d/\d\d/\d{4}", rows[1][10])
    assert rows[3][4] == '=HYPERLINK("http://vi-du.invalid","Bấm")'
    assert all(
        cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row
    )


def test_import_page(world, people):
    editor = client_for(people["dept_editor"])
    url = reverse("staff:contest_import", args=[world.contest.pk])
    assert editor.get(url).status_code == 200
    content = (
        ",".join(services.IMPORT_COLUMNS)
        + "\nCâu mới?,mot,digital,1,Đúng,Sai,,,,,A\nCâu lỗi,mot,digital,9,X,Y,,,,,A\n"
    ).encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = editor.post(url, {"file": SimpleUploadedFile("q.csv", content)}).content.decode()
    assert "Đã nhập 1 câu hỏi" in page and "Dòng 3" in page
    bad = editor.post(url, {"file": SimpleUploadedFile("q.exe", b"MZ")})
    assert bad.status_code == 400 and "Chỉ nhận tệp" in bad.content.decode()
