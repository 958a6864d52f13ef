"""Staff pages to create and edit contests, rounds, prizes and questions: good paths, bad
input (Vietnamese messages, nothing saved) and who may not use them."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cchc.contests import services
from cchc.contests.models import (
    Attempt,
    Choice,
    Contest,
    Prize,
    PrizeKind,
    Question,
    QuestionKind,
    Round,
    Winner,
)
from tests.conftest import client_for
from tests.contests.conftest import DURING, TZ, register

pytestmark = pytest.mark.django_db


def _issued_activity(tree, people):  # type: ignore[no-untyped-def]
    from cchc.plans.models import Activity
    from cchc.plans.services import plan_create
    from tests.plans.conftest import issued, province_plan_data

    plan = issued(plan_create(data=province_plan_data(tree), actor=people["admin"]))
    return Activity.objects.get(plan=plan, title="Cuộc thi tìm hiểu CCHC")


def _draft_activity(tree, people):  # type: ignore[no-untyped-def]
    from cchc.plans.models import Activity
    from cchc.plans.services import plan_create
    from tests.plans.conftest import province_plan_data

    plan = plan_create(data=province_plan_data(tree), actor=people["admin"])
    return Activity.objects.get(plan=plan, title="Cuộc thi tìm hiểu CCHC")


def _contest_post(tree, **overrides) -> dict:  # type: ignore[no-untyped-def]
    data = {
        "title": "Cuộc thi tìm hiểu CCHC năm 2025",
        "organiser": str(tree.dept.pk),
        "rules": "Mỗi người dự thi một lần mỗi tuần.",
        "audiences": ["officials", "citizens"],
        "activity": "",
        "ranking": "score,prediction,duration,submitted",
        "published": "on",
    }
    data.update(overrides)
    return data


def _round_post(**overrides) -> dict:  # type: ignore[no-untyped-def]
    data = {
        "title": "Tuần 2",
        "opens_at": "12/08/2024 08:00",
        "closes_at": "18/08/2024 22:00",
        "question_count": "10",
        "difficulty": "",
        "time_limit_seconds": "900",
        "max_attempts": "2",
        "late_policy": "zero",
        "min_plausible_seconds": "30",
        "ask_prediction": "on",
    }
    data.update(overrides)
    return data


def _question_post(**overrides) -> dict:  # type: ignore[no-untyped-def]
    data = {
        "text": "Cổng Dịch vụ công quốc gia có địa chỉ nào?",
        "kind": "single",
        "topic": "digital",
        "difficulty": "1",
        "choice_a": "dichvucong.gov.vn",
        "choice_b": "chinhphu.vn",
        "choice_c": "",
        "choice_d": "",
        "choice_e": "",
        "choice_f": "",
        "correct": ["A"],
        "active": "on",
    }
    data.update(overrides)
    return data


def _errors(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


# --- Contests ---------------------------------------------------------------------------


def test_editor_creates_a_contest_tied_to_an_issued_plan_activity(tree, people):
    activity = _issued_activity(tree, people)
    client = client_for(people["dept_editor"])
    page = client.get(reverse("staff:contest_create")).content.decode()
    # Only units where the user is an editor or higher are offered as organiser.
    assert "Sở Nội vụ" in page and "Tỉnh Phú Thọ" not in page and "Xã Minh Đức" not in page
    assert "Cuộc thi tìm hiểu CCHC" in page  # the activity of the province's issued plan
    response = client.post(
        reverse("staff:contest_create"), _contest_post(tree, activity=str(activity.pk))
    )
    contest = Contest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:contest_detail", args=[contest.pk])
    assert contest.slug == "cuoc-thi-tim-hieu-cchc-nam-2025"
    assert contest.organiser == tree.dept and contest.activity == activity
    assert contest.audiences == ["officials", "citizens"]
    assert contest.ranking_keys == ["score", "prediction", "duration", "submitted"]
    assert contest.published is True
    # A second contest with the same title gets its own address.
    client.post(reverse("staff:contest_create"), _contest_post(tree))
    assert set(Contest.objects.values_list("slug", flat=True)) == {
        "cuoc-thi-tim-hieu-cchc-nam-2025",
        "cuoc-thi-tim-hieu-cchc-nam-2025-2",
    }
    detail = client.get(reverse("staff:contest_detail", args=[contest.pk])).content.decode()
    assert "Sửa cuộc thi" in detail and "Thêm vòng thi" in detail


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "   "}, "bắt buộc"),
        ({"title": "T" * 301}, "300"),
        ({"organiser": "other"}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"ranking": "submitted,score"}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"audiences": ["aliens"]}, "Hãy chọn một lựa chọn hợp lệ"),
    ],
)
def test_contest_form_refuses_bad_input_and_saves_nothing(tree, people, overrides, message):
    if overrides.get("organiser") == "other":
        overrides = {"organiser": str(tree.other_province.pk)}
    response = client_for(people["dept_editor"]).post(
        reverse("staff:contest_create"), _contest_post(tree, **overrides)
    )
    assert response.status_code == 400
    assert message in _errors(response)
    assert not Contest.objects.exists()


def test_contest_activity_must_belong_to_an_issued_plan_of_the_organiser(tree, people):
    draft = _draft_activity(tree, people)
    client = client_for(people["admin"])
    response = client.post(
        reverse("staff:contest_create"), _contest_post(tree, activity=str(draft.pk))
    )
    assert response.status_code == 400 and not Contest.objects.exists()
    issued_activity = _issued_activity(tree, people)
    # The province's plan is not the plan of a unit in another province.
    response = client.post(
        reverse("staff:contest_create"),
        _contest_post(
            tree, organiser=str(tree.other_province.pk), activity=str(issued_activity.pk)
        ),
    )
    assert response.status_code == 400
    assert "kế hoạch đã ban hành của đơn vị tổ chức" in _errors(response)
    assert not Contest.objects.exists()


def test_contest_service_refuses_an_organiser_the_actor_does_not_edit(tree, people):
    data = services.ContestData(title="Cuộc thi", organiser=tree.commune_a)
    with pytest.raises(ValidationError) as caught:
        services.contest_save(contest=None, data=data, actor=people["dept_editor"])
    assert "quyền biên tập" in " ".join(caught.value.messages)
    with pytest.raises(ValidationError):
        services.contest_save(contest=None, data=data, actor=people["province_viewer"])
    assert not Contest.objects.exists()


def test_editor_edits_a_contest(world, people, tree):
    client = client_for(people["dept_editor"])
    url = reverse("staff:contest_edit", args=[world.contest.pk])
    page = client.get(url).content.decode()
    assert world.contest.title in page and "Mỗi người dự thi một lần mỗi tuần." in page
    response = client.post(
        url,
        _contest_post(
            tree, title="Cuộc thi đổi tên", rules="Thể lệ mới", audiences=[], published=""
        ),
    )
    assert response.status_code == 302
    world.contest.refresh_from_db()
    assert world.contest.title == "Cuộc thi đổi tên" and world.contest.rules == "Thể lệ mới"
    assert world.contest.slug == "cchc-2024"  # the public address stays
    assert world.contest.audiences == [] and world.contest.published is False
    bad = client.post(url, _contest_post(tree, title=" "))
    assert bad.status_code == 400
    world.contest.refresh_from_db()
    assert world.contest.title == "Cuộc thi đổi tên"


def test_contest_without_entries_is_deleted_after_confirmation(world, people):
    client = client_for(people["dept_editor"])
    url = reverse("staff:contest_delete", args=[world.contest.pk])
    page = client.get(url).content.decode()
    assert "Không hoàn tác được" in page and Contest.objects.exists()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("staff:contest_list")
    assert not Contest.objects.exists() and not Question.objects.exists()


def test_contest_with_entries_cannot_be_deleted(world, people):
    register(world, "0912345678")
    client = client_for(people["dept_editor"])
    url = reverse("staff:contest_delete", args=[world.contest.pk])
    page = client.get(url).content.decode()
    assert "đã có người đăng ký dự thi" in page and 'method="post"' not in page.split("<h1>")[1]
    response = client.post(url, follow=True)
    assert "Không xóa được cuộc thi" in response.content.decode()
    assert Contest.objects.filter(pk=world.contest.pk).exists()


# --- Rounds -----------------------------------------------------------------------------


def test_editor_adds_a_round_with_vietnamese_dates(world, people):
    client = client_for(people["dept_editor"])
    url = reverse("staff:contest_round_create", args=[world.contest.pk])
    assert "30 câu đang dùng" in client.get(url).content.decode()
    response = client.post(url, _round_post(topics=["digital"]))
    new = Round.objects.get(title="Tuần 2")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:contest_round", args=[new.pk])
    assert new.number == 2
    assert new.opens_at == datetime.datetime(2024, 8, 12, 8, 0, tzinfo=TZ)
    assert new.closes_at == datetime.datetime(2024, 8, 18, 22, 0, tzinfo=TZ)
    assert new.topics == ["digital"] and new.difficulty is None
    assert (new.question_count, new.time_limit_seconds, new.max_attempts) == (10, 900, 2)
    assert new.late_policy == "zero" and new.min_plausible_seconds == 30 and new.ask_prediction
    page = client.get(reverse("staff:contest_round_edit", args=[new.pk])).content.decode()
    assert 'value="12/08/2024 08:00"' in page and 'value="18/08/2024 22:00"' in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"opens_at": "12-08-2024 8h"}, "ngày/tháng/năm giờ:phút"),
        ({"closes_at": "31/02/2024 08:00"}, "ngày/tháng/năm giờ:phút"),
        ({"closes_at": "12/08/2024 07:59"}, "Thời điểm đóng phải sau thời điểm mở"),
        ({"question_count": "31"}, "chỉ có 30 câu đang dùng"),
        # 10 questions of topic "digital" (every third of 30), of those 3-4 are easy
        ({"topics": ["digital"], "difficulty": "1", "question_count": "5"}, "chỉ có"),
        ({"question_count": "0"}, "Giá trị phải từ 1 trở lên."),
        ({"time_limit_seconds": "10"}, "từ 30 giây"),
        ({"min_plausible_seconds": "900"}, "phải nhỏ hơn thời gian làm bài"),
        ({"late_policy": "maybe"}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"title": "  "}, "Trường này là bắt buộc."),
        ({"max_attempts": "abc"}, "Hãy nhập một số nguyên"),
    ],
)
def test_round_form_refuses_bad_input_and_saves_nothing(world, people, overrides, message):
    response = client_for(people["dept_editor"]).post(
        reverse("staff:contest_round_create", args=[world.contest.pk]), _round_post(**overrides)
    )
    assert response.status_code == 400
    assert message in _errors(response), _errors(response)[:3000]
    assert Round.objects.count() == 1


def test_round_with_entries_keeps_its_question_settings(world, people):
    participant = register(world, "0912345678")
    with time_machine.travel(DURING, tick=False):
        services.attempt_start(round_=world.round, participant=participant)
    client = client_for(people["dept_editor"])
    url = reverse("staff:contest_round_edit", args=[world.round.pk])
    assert "Vòng thi đã có lượt thi" in client.get(url).content.decode()
    base = _round_post(
        title="Tuần 1",
        opens_at="05/08/2024 08:00",
        closes_at="11/08/2024 22:00",
        question_count="10",
        time_limit_seconds="600",
        min_plausible_seconds="20",
        max_attempts="1",
        late_policy="reject",
    )
    response = client.post(url, {**base, "question_count": "12"})
    assert response.status_code == 400
    assert "không đổi được số câu hỏi" in _errors(response)
    response = client.post(url, {**base, "time_limit_seconds": "1200"})
    assert response.status_code == 400
    world.round.refresh_from_db()
    assert world.round.question_count == 10 and world.round.time_limit_seconds == 600
    # The other settings still change: a later close, a new title.
    response = client.post(
        url, {**base, "title": "Tuần 1 (gia hạn)", "closes_at": "12/08/2024 22:00"}
    )
    assert response.status_code == 302
    world.round.refresh_from_db()
    assert world.round.title == "Tuần 1 (gia hạn)"
    assert world.round.closes_at == datetime.datetime(2024, 8, 12, 22, 0, tzinfo=TZ)
    assert Attempt.objects.count() == 1


def test_round_without_attempts_is_deleted_after_confirmation(world, people):
    client = client_for(people["dept_editor"])
    url = reverse("staff:contest_round_delete", args=[world.round.pk])
    round_page = client.get(reverse("staff:contest_round", args=[world.round.pk])).content.decode()
    assert url in round_page and "Xóa vòng thi" in round_page
    page = client.get(url).content.decode()
    assert "<h1>Xóa vòng thi</h1>" in page and "Tuần 1" in page
    assert "05/08/2024 08:00 – 11/08/2024 22:00" in page  # dd/mm/yyyy HH:MM, local time
    assert "Xóa vòng thi này cùng 3 giải thưởng của nó? Không hoàn tác được." in page
    assert 'method="post"' in page.split("<h1>")[1]
    assert Round.objects.filter(pk=world.round.pk).exists()  # a GET deletes nothing
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:contest_detail", args=[world.contest.pk])
    assert not Round.objects.filter(pk=world.round.pk).exists()
    assert not Prize.objects.exists()  # its prizes went with it
    assert Contest.objects.exists() and Question.objects.count() == 30
    detail = client.get(response["Location"]).content.decode()
    assert "Đã xóa vòng thi “Tuần 1”." in detail


def test_round_with_attempts_cannot_be_deleted(world, people):
    participant = register(world, "0912345678")
    with time_machine.travel(DURING, tick=False):
        services.attempt_start(round_=world.round, participant=participant)
    client = client_for(people["dept_editor"])
    url = reverse("staff:contest_round_delete", args=[world.round.pk])
    page = client.get(url).content.decode()
    assert "đã có người vào thi" in page and "đổi thời điểm đóng" in page
    assert 'method="post"' not in page.split("<h1>")[1]  # no delete button
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:contest_round", args=[world.round.pk])
    followed = client.get(response["Location"]).content.decode()
    assert "Không xóa được vòng thi “Tuần 1”" in followed
    assert Round.objects.filter(pk=world.round.pk).exists()
    assert Prize.objects.count() == 3 and Attempt.objects.count() == 1
    with pytest.raises(ValidationError) as caught:
        services.round_delete(round_=world.round)
    assert "hãy đổi thời điểm đóng vòng thi thay vì xóa" in caught.value.messages[0]
    assert Round.objects.filter(pk=world.round.pk).exists()


# --- Prizes -----------------------------------------------------------------------------


def test_editor_adds_edits_and_deletes_prizes(world, people):
    client = client_for(people["dept_editor"])
    round_page = client.get(reverse("staff:contest_round", args=[world.round.pk])).content.decode()
    assert "Giải Nhất" in round_page and "Thêm giải thưởng" in round_page
    response = client.post(
        reverse("staff:contest_prize_create", args=[world.round.pk]),
        {"title": "Giải Khuyến khích", "kind": "individual", "quantity": "5"},
    )
    assert response.status_code == 302
    prize = Prize.objects.get(title="Giải Khuyến khích")
    assert prize.quantity == 5 and prize.order == 3 and prize.kind == PrizeKind.INDIVIDUAL
    response = client.post(
        reverse("staff:contest_prize_edit", args=[prize.pk]),
        {"title": "Giải tập thể xuất sắc", "kind": "collective", "quantity": "2"},
    )
    assert response.status_code == 302
    prize.refresh_from_db()
    assert (prize.title, prize.kind, prize.quantity) == ("Giải tập thể xuất sắc", "collective", 2)
    response = client.post(reverse("staff:contest_prize_delete", args=[prize.pk]), follow=True)
    assert "Đã xóa giải" in response.content.decode()
    assert not Prize.objects.filter(pk=prize.pk).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "kind": "individual", "quantity": "1"}, "bắt buộc"),
        ({"title": "G" * 201, "kind": "individual", "quantity": "1"}, "200"),
        ({"title": "Giải", "kind": "team", "quantity": "1"}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"title": "Giải", "kind": "individual", "quantity": "0"}, "Giá trị phải từ 1 trở lên."),
        ({"title": "Giải", "kind": "individual", "quantity": "5000"}, "từ 1 đến 1.000"),
    ],
)
def test_prize_form_refuses_bad_input(world, people, data, message):
    response = client_for(people["dept_editor"]).post(
        reverse("staff:contest_prize_create", args=[world.round.pk]), data
    )
    assert response.status_code == 400 and message in _errors(response)
    assert Prize.objects.count() == 3


def test_a_prize_with_published_winners_is_not_changed_or_deleted(world, people):
    prize = Prize.objects.get(title="Giải tập thể")
    Winner.objects.create(round=world.round, prize=prize, rank=1, unit=world.contest.organiser)
    client = client_for(people["dept_editor"])
    response = client.post(reverse("staff:contest_prize_delete", args=[prize.pk]), follow=True)
    assert "không xóa được" in response.content.decode()
    response = client.post(
        reverse("staff:contest_prize_edit", args=[prize.pk]),
        {"title": "Đổi tên", "kind": "collective", "quantity": "1"},
    )
    assert response.status_code == 400 and "không sửa được" in _errors(response)
    prize.refresh_from_db()
    assert prize.title == "Giải tập thể"


# --- Questions --------------------------------------------------------------------------


def test_editor_adds_and_edits_a_question(world, people):
    client = client_for(people["dept_editor"])
    bank_before = len(services.bank(world.contest.pk).questions)
    response = client.post(
        reverse("staff:contest_question_create", args=[world.contest.pk]), _question_post()
    )
    assert response.status_code == 302
    question = Question.objects.get(text="Cổng Dịch vụ công quốc gia có địa chỉ nào?")
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("dichvucong.gov.vn", True),
        ("chinhphu.vn", False),
    ]
    # The in-memory bank of this process sees the new question at once.
    assert len(services.bank(world.contest.pk).questions) == bank_before + 1
    listing = client.get(reverse("staff:contest_questions", args=[world.contest.pk]))
    assert "Cổng Dịch vụ công quốc gia" in listing.content.decode()
    url = reverse("staff:contest_question_edit", args=[question.pk])
    assert "dichvucong.gov.vn" in client.get(url).content.decode()
    response = client.post(
        url,
        _question_post(
            kind="multiple", choice_c="Cả hai địa chỉ trên", correct=["A", "C"], active=""
        ),
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.kind == QuestionKind.MULTIPLE and question.active is False
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("dichvucong.gov.vn", True),
        ("chinhphu.vn", False),
        ("Cả hai địa chỉ trên", True),
    ]
    assert question.pk not in services.bank(world.contest.pk).questions  # withdrawn


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": "  "}, "Trường này là bắt buộc."),
        ({"choice_b": ""}, "ít nhất hai phương án"),
        ({"correct": []}, "Hãy đánh dấu phương án đúng."),
        ({"correct": ["A", "B"]}, "phải có đúng một phương án đúng"),
        (
            {"correct": ["A", "D"], "kind": "multiple"},
            "Phương án được đánh dấu đúng phải có nội dung",
        ),
        ({"topic": "space"}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"difficulty": "9"}, "Hãy chọn một lựa chọn hợp lệ"),
    ],
)
def test_question_form_refuses_bad_input_and_saves_nothing(world, people, overrides, message):
    before = (Question.objects.count(), Choice.objects.count())
    response = client_for(people["dept_editor"]).post(
        reverse("staff:contest_question_create", args=[world.contest.pk]),
        _question_post(**overrides),
    )
    assert response.status_code == 400
    assert message in _errors(response), _errors(response)[:3000]
    assert (Question.objects.count(), Choice.objects.count()) == before


def test_served_questions_keep_their_answers_once_the_contest_has_attempts(world, people):
    participant = register(world, "0912345678")
    with time_machine.travel(DURING, tick=False):
        services.attempt_start(round_=world.round, participant=participant)
    question = Question.objects.filter(contest=world.contest).first()
    assert question is not None
    response = client_for(people["dept_editor"]).post(
        reverse("staff:contest_question_edit", args=[question.pk]),
        _question_post(choice_c="", choice_d=""),
    )
    assert response.status_code == 400 and "không bớt được phương án" in _errors(response)
    assert question.choices.count() == 4


def test_unserved_question_is_deleted_and_never_served_again(world, people):
    question = Question.objects.filter(contest=world.contest).order_by("pk").first()
    assert question is not None
    assert question.pk in services.bank(world.contest.pk).questions  # this process's copy
    client = client_for(people["dept_editor"])
    url = reverse("staff:contest_question_delete", args=[question.pk])
    listing = client.get(reverse("staff:contest_questions", args=[world.contest.pk]))
    assert url in listing.content.decode()
    page = client.get(url).content.decode()
    assert "<h1>Xóa câu hỏi</h1>" in page and question.text in page
    assert "<dt>Số phương án trả lời</dt><dd>4</dd>" in page
    assert "Không hoàn tác được" in page and 'method="post"' in page.split("<h1>")[1]
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:contest_questions", args=[world.contest.pk])
    assert not Question.objects.filter(pk=question.pk).exists()
    assert not Choice.objects.filter(question_id=question.pk).exists()
    assert Question.objects.count() == 29
    assert "Đã xóa câu hỏi “Câu hỏi số 1" in client.get(response["Location"]).content.decode()
    # The bank was refreshed: a start that takes every question never gets the deleted one.
    assert question.pk not in services.bank(world.contest.pk).kinds
    world.round.question_count = 30
    world.round.save()
    participant = register(world, "0912345678")
    with time_machine.travel(DURING, tick=False):
        attempt = services.attempt_start(round_=world.round, participant=participant)
    served = [q for q, _choices in attempt.served]
    assert len(served) == 29 and question.pk not in served


def test_served_question_cannot_be_deleted(world, people):
    participant = register(world, "0912345678")
    with time_machine.travel(DURING, tick=False):
        attempt = services.attempt_start(round_=world.round, participant=participant)
    served_ids = {q for q, _choices in attempt.served}
    served = Question.objects.get(pk=attempt.served[0][0])
    client = client_for(people["dept_editor"])
    url = reverse("staff:contest_question_delete", args=[served.pk])
    page = client.get(url).content.decode()
    assert "đã được ra đề trong lượt thi" in page and "thôi dùng câu hỏi" in page
    assert 'method="post"' not in page.split("<h1>")[1]  # no delete button
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:contest_questions", args=[world.contest.pk])
    assert "Không xóa được câu hỏi này" in client.get(response["Location"]).content.decode()
    assert Question.objects.filter(pk=served.pk).exists() and served.choices.count() == 4
    with pytest.raises(ValidationError) as caught:
        services.question_delete(question=served)
    assert "bỏ chọn “Đang dùng”" in caught.value.messages[0]
    # A question the attempt was not served may still go (10 of the 30 were served).
    other = Question.objects.filter(contest=world.contest).exclude(pk__in=served_ids).first()
    assert other is not None
    assert client.post(reverse("staff:contest_question_delete", args=[other.pk])).status_code == 302
    assert not Question.objects.filter(pk=other.pk).exists()
    assert Question.objects.count() == 29


def test_deleting_an_unknown_round_or_question_is_not_found(world, people):
    client = client_for(people["dept_editor"])
    for name in ("staff:contest_round_delete", "staff:contest_question_delete"):
        url = reverse(name, args=[987654])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert Round.objects.count() == 1 and Question.objects.count() == 30


def test_viewers_are_not_offered_the_delete_links(world, people):
    question = Question.objects.filter(contest=world.contest).first()
    assert question is not None
    client = client_for(people["province_viewer"])
    round_page = client.get(reverse("staff:contest_round", args=[world.round.pk])).content.decode()
    assert reverse("staff:contest_round_delete", args=[world.round.pk]) not in round_page
    listing = client.get(reverse("staff:contest_questions", args=[world.contest.pk]))
    assert listing.status_code == 200
    assert reverse("staff:contest_question_delete", args=[question.pk]) not in (
        listing.content.decode()
    )


# --- Who may not use the pages ------------------------------------------------------------


def _urls(world) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    prize = Prize.objects.filter(round=world.round).first()
    question = Question.objects.filter(contest=world.contest).first()
    assert prize is not None and question is not None
    return [
        ("get", reverse("staff:contest_edit", args=[world.contest.pk])),
        ("post", reverse("staff:contest_edit", args=[world.contest.pk])),
        ("get", reverse("staff:contest_delete", args=[world.contest.pk])),
        ("post", reverse("staff:contest_delete", args=[world.contest.pk])),
        ("get", reverse("staff:contest_round_create", args=[world.contest.pk])),
        ("post", reverse("staff:contest_round_create", args=[world.contest.pk])),
        ("get", reverse("staff:contest_round_edit", args=[world.round.pk])),
        ("post", reverse("staff:contest_round_edit", args=[world.round.pk])),
        ("get", reverse("staff:contest_round_delete", args=[world.round.pk])),
        ("post", reverse("staff:contest_round_delete", args=[world.round.pk])),
        ("get", reverse("staff:contest_prize_create", args=[world.round.pk])),
        ("post", reverse("staff:contest_prize_create", args=[world.round.pk])),
        ("get", reverse("staff:contest_prize_edit", args=[prize.pk])),
        ("post", reverse("staff:contest_prize_edit", args=[prize.pk])),
        ("post", reverse("staff:contest_prize_delete", args=[prize.pk])),
        ("get", reverse("staff:contest_question_create", args=[world.contest.pk])),
        ("post", reverse("staff:contest_question_create", args=[world.contest.pk])),
        ("get", reverse("staff:contest_question_edit", args=[question.pk])),
        ("post", reverse("staff:contest_question_edit", args=[question.pk])),
        ("get", reverse("staff:contest_question_delete", args=[question.pk])),
        ("post", reverse("staff:contest_question_delete", args=[question.pk])),
    ]


def _snapshot() -> tuple:  # type: ignore[type-arg]
    return (
        list(Contest.objects.values_list("pk", "title")),
        list(Round.objects.values_list("pk", "title", "question_count")),
        list(Prize.objects.values_list("pk", "title")),
        Question.objects.count(),
        Choice.objects.count(),
    )


def test_anonymous_viewer_and_other_units_may_not_use_the_forms(world, people, tree):
    before = _snapshot()
    posts = {
        "title": "Tấn công",
        "organiser": str(tree.dept.pk),
        "ranking": "score,duration,prediction,submitted",
        **_round_post(),
        **_question_post(),
        "kind": "single",
        "quantity": "1",
    }
    cases = [
        (Client(), 302),  # to the login page
        (client_for(people["nobody"]), 404),
        (client_for(people["commune_editor"]), 404),  # editor of another unit
        (client_for(people["province_viewer"]), 403),  # may read, may not manage
    ]
    for client, expected in cases:
        for method, url in _urls(world):
            response = client.get(url) if method == "get" else client.post(url, posts)
            assert response.status_code == expected, (method, url, expected)
            if expected == 302:
                assert response["Location"].startswith(reverse("login"))
    assert _snapshot() == before


def test_only_editors_may_create_contests(tree, people):
    url = reverse("staff:contest_create")
    assert Client().get(url)["Location"].startswith(reverse("login"))
    for name in ("nobody", "province_viewer"):
        client = client_for(people[name])
        assert client.get(url).status_code == 403
        assert client.post(url, _contest_post(tree)).status_code == 403
        assert "Tạo cuộc thi" not in client.get(reverse("staff:contest_list")).content.decode()
    # An editor of a commune may not organise for the department above it.
    response = client_for(people["commune_editor"]).post(url, _contest_post(tree))
    assert response.status_code == 400
    assert not Contest.objects.exists()


def test_editing_keeps_the_activity_of_a_plan_closed_since(tree, people, world):
    from cchc.plans.models import Plan, PlanStatus

    activity = _issued_activity(tree, people)
    world.contest.activity = activity
    world.contest.save()
    Plan.objects.filter(pk=activity.plan_id).update(status=PlanStatus.CLOSED)
    client = client_for(people["dept_editor"])
    response = client.post(
        reverse("staff:contest_edit", args=[world.contest.pk]),
        _contest_post(tree, title="Tên mới", activity=str(activity.pk)),
    )
    assert response.status_code == 302
    world.contest.refresh_from_db()
    assert world.contest.title == "Tên mới" and world.contest.activity == activity
    # A new contest may not pick it any more.
    response = client.post(
        reverse("staff:contest_create"), _contest_post(tree, activity=str(activity.pk))
    )
    assert response.status_code == 400 and Contest.objects.count() == 1


def test_services_check_what_the_forms_cannot(world, people, tree):
    with pytest.raises(ValidationError) as caught:
        services.contest_save(
            contest=None,
            data=services.ContestData(title="  ", organiser=tree.dept, ranking="score"),
            actor=people["dept_editor"],
        )
    assert set(caught.value.message_dict) == {"title", "ranking"}
    opens = datetime.datetime(2024, 9, 1, 8, 0, tzinfo=TZ)
    with pytest.raises(ValidationError) as caught:
        services.round_save(
            contest=world.contest,
            round_=None,
            data=services.RoundData(
                title="Tuần 3", opens_at=opens, closes_at=opens, topics=("space",)
            ),
        )
    assert set(caught.value.message_dict) == {"closes_at", "topics"}
    register(world, "0912345678")
    with pytest.raises(ValidationError) as caught:
        services.contest_delete(contest=world.contest)
    assert "đã có người đăng ký dự thi" in caught.value.messages[0]
    assert Round.objects.count() == 1 and Contest.objects.count() == 1
