"""A participant registers, answers against the clock, sees their result and rank; the
organiser publishes the winners. Every page passes axe-core (WCAG 2.1 AA).

The browser runs on the real clock: the round is open now, and is closed (moved into the
past through the ORM, as time passing would) before the organiser publishes.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from cchc.contests.models import Choice, Round, Submission
from tests.browser.helpers import login as _login
from tests.browser.helpers import violations as _violations
from tests.contests.conftest import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_participant_takes_a_round_and_the_organiser_publishes_the_winners(
    live_server, page, tree, people
):
    from cchc.contests.services import bank_forget

    bank_forget()
    now = timezone.now()
    world = make_world(
        tree,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=1),
        per_attempt=5,
        time_limit_seconds=300,
        min_plausible_seconds=1,
    )
    base = live_server.url

    page.goto(f"{base}/cuoc-thi/")
    assert page.get_by_role("link", name=world.contest.title).is_visible()
    assert _violations(page) == []
    page.get_by_role("link", name=world.contest.title).click()
    page.get_by_role("link", name="Đăng ký dự thi").click()
    assert _violations(page) == []

    # A wrong phone first: the error is announced and nothing is saved.
    page.get_by_label("Họ và tên").fill("Phạm Thị Lan")
    page.get_by_label("Số điện thoại").fill("12345")
    page.get_by_label("Đối tượng").select_option("citizens")
    page.get_by_label("Địa phương (xã, phường nơi sinh sống, học tập)").fill("Xã Minh Đức")
    page.get_by_role("button", name="Đăng ký").click()
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_text("Số điện thoại không hợp lệ").is_visible()
    page.get_by_label("Số điện thoại").fill("0905 123 456")
    page.get_by_role("button", name="Đăng ký").click()
    assert page.get_by_text(re.compile("Đăng ký thành công")).is_visible()
    assert _violations(page) == []

    page.get_by_role("button", name="Vào thi: Tuần 1").click()
    clock = page.locator("#dong-ho")
    # The page says "5 phút" until the deferred script starts the mm:ss countdown.
    page.wait_for_function(
        "() => /^\\d\\d:\\d\\d$/.test(document.getElementById('dong-ho').textContent.trim())"
    )
    first = clock.inner_text()
    assert re.fullmatch(r"0[45]:\d\d", first), first
    page.wait_for_function(
        "(first) => document.getElementById('dong-ho').textContent !== first", arg=first
    )
    assert _violations(page) == []
    # Answer every question right: the page does not say which is right, so read the key here.
    token = re.search(
        r"/cuoc-thi/bai-thi/([^/]+)/nop/", page.locator("#bai-thi").get_attribute("action")
    ).group(1)
    from cchc.contests.models import Attempt

    attempt = Attempt.objects.get(token=token)
    for _q, choices in attempt.served:
        for choice in Choice.objects.filter(pk__in=choices, is_correct=True):
            page.locator(f"#c{choice.pk}").check()
    page.get_by_label(re.compile("Dự đoán số người dự thi")).fill("1")
    page.get_by_role("button", name="Nộp bài").click()

    assert page.get_by_role("heading", name="Kết quả bài thi").is_visible()
    assert page.locator("#diem").inner_text() == "100,00"  # Vietnamese decimal comma
    assert page.locator("#xep-hang").inner_text() == "1 / 1 người dự thi"
    assert _violations(page) == []
    page.get_by_role("link", name="Xem bảng xếp hạng").click()
    assert page.get_by_role("cell", name="Phạm Thị Lan").is_visible()
    assert _violations(page) == []
    assert Submission.objects.count() == 1

    # Time passes: the round closes. The organiser reviews and publishes.
    Round.objects.filter(pk=world.round.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    _login(page, live_server, "sonv.quantri")
    page.goto(f"{base}/staff/contests/")
    page.get_by_role("link", name=world.contest.title).click()
    page.get_by_role("link", name="Tuần 1").click()
    assert page.get_by_role("heading", name="Tuần 1", level=1).is_visible()
    assert _violations(page) == []
    page.get_by_role("button", name="Công bố kết quả").click()
    assert page.get_by_text("Đã công bố kết quả").is_visible()
    page.get_by_role("link", name="Xem trang công bố").click()
    assert page.get_by_role("cell", name="Giải Nhất").is_visible()
    assert page.get_by_text("Phạm Thị Lan").is_visible()
    assert _violations(page) == []


def test_organiser_creates_a_contest_a_question_a_round_and_a_prize_through_the_pages(
    live_server, page, tree, people
):
    from cchc.contests.models import Contest, Prize, Question

    base = live_server.url
    _login(page, live_server, "sonv.bientap")
    page.goto(f"{base}/staff/contests/")
    page.get_by_role("link", name="Tạo cuộc thi").click()
    assert page.get_by_role("heading", name="Tạo cuộc thi", level=1).is_visible()
    assert _violations(page) == []
    # Nothing filled in: the page says what is missing and nothing is saved.
    page.get_by_role("button", name="Tạo cuộc thi").click()
    assert page.get_by_text("Trường này là bắt buộc.").first.is_visible()
    assert _violations(page) == []
    assert not Contest.objects.exists()
    page.get_by_label("Tên cuộc thi").fill("Cuộc thi tìm hiểu CCHC năm 2026")
    page.get_by_label("Đơn vị tổ chức").select_option(str(tree.dept.pk))
    page.get_by_label("Thể lệ").fill("Mỗi người dự thi một lần mỗi vòng.")
    page.get_by_label("Người dân").check()
    page.get_by_role("button", name="Tạo cuộc thi").click()
    assert page.get_by_text("Đã tạo cuộc thi").is_visible()
    assert _violations(page) == []
    contest = Contest.objects.get()
    assert contest.organiser == tree.dept and contest.audiences == ["citizens"]

    for text in ("Câu hỏi thứ nhất về một cửa?", "Câu hỏi thứ hai về dịch vụ công?"):
        page.get_by_role("link", name="Thêm câu hỏi").first.click()
        page.locator("#id_text").fill(text)
        page.get_by_label("Phương án A").fill("Đúng")
        page.get_by_label("Phương án B").fill("Sai")
        page.locator("input[name=correct][value=A]").check()
        page.get_by_role("button", name="Thêm câu hỏi").click()
        assert page.get_by_text("Đã thêm câu hỏi vào ngân hàng.").is_visible()
    assert _violations(page) == []
    assert Question.objects.filter(contest=contest).count() == 2

    page.get_by_role("link", name=contest.title).click()
    page.get_by_role("link", name="Thêm vòng thi").click()
    assert _violations(page) == []
    page.get_by_label("Tên vòng thi").fill("Vòng 1")
    page.get_by_label("Mở lúc (dd/mm/yyyy HH:MM)").fill("01/03/2026 08:00")
    page.get_by_label("Đóng lúc (dd/mm/yyyy HH:MM)").fill("01/03/2026 07:00")
    page.get_by_label("Số câu hỏi mỗi lượt").fill("3")
    page.get_by_role("button", name="Thêm vòng thi").click()
    assert page.get_by_text("Thời điểm đóng phải sau thời điểm mở vòng thi.").is_visible()
    assert page.get_by_text("Ngân hàng câu hỏi chỉ có 2 câu").is_visible()
    assert _violations(page) == []
    page.get_by_label("Đóng lúc (dd/mm/yyyy HH:MM)").fill("08/03/2026 22:00")
    page.get_by_label("Số câu hỏi mỗi lượt").fill("2")
    page.get_by_role("button", name="Thêm vòng thi").click()
    assert page.get_by_role("heading", name="Vòng 1", level=1).is_visible()
    assert _violations(page) == []

    page.get_by_role("link", name="Thêm giải thưởng").click()
    page.get_by_label("Tên giải").fill("Giải Nhất")
    page.get_by_label("Số giải").fill("1")
    page.get_by_role("button", name="Thêm giải").click()
    assert page.get_by_role("cell", name="Giải Nhất", exact=True).is_visible()
    assert _violations(page) == []
    assert Prize.objects.filter(round__contest=contest, title="Giải Nhất").exists()
