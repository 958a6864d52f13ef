"""Drawing, timing (with a controllable clock), scoring, tie-breaks, exactly-once submits."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cchc.contests import selectors, services
from cchc.contests.models import Attempt, LatePolicy, Participant, Question, Submission
from cchc.contests.services import Refused, SubmitData
from tests.contests.conftest import AFTER, CLOSES, DURING, OPENS, key_of, make_world, register

pytestmark = pytest.mark.django_db


def _submit(attempt: Attempt, answers: dict[str, list[int]], prediction: int | None = None):  # type: ignore[no-untyped-def]
    data = SubmitData(answers={int(q): cs for q, cs in answers.items()}, prediction=prediction)
    return services.attempt_submit(token=attempt.token, data=data)


# --- registration ---------------------------------------------------------------------


def test_phone_is_normalised_and_registered_once_per_contest(world):
    p = register(world, "+84 912.345.678")
    assert p.phone == "0912345678" and len(p.code) == 8
    with pytest.raises(ValidationError) as err:
        register(world, "0912 345 678", name="Người khác")
    assert "đã đăng ký" in err.value.message_dict["phone"][0]
    assert Participant.objects.count() == 1


def test_registration_refuses_bad_input_and_saves_nothing(world):
    with pytest.raises(ValidationError) as err:
        services.participant_register(
            contest=world.contest,
            data=services.ParticipantData(
                full_name=" ", phone="12345", audience="aliens", id_number="12"
            ),
        )
    assert set(err.value.message_dict) == {
        "full_name",
        "phone",
        "audience",
        "id_number",
        "locality",
    }
    assert Participant.objects.count() == 0


def test_id_number_is_stored_hashed(world):
    p = services.participant_register(
        contest=world.contest,
        data=services.ParticipantData(
            full_name="Lê Thị Bình",
            phone="0987654321",
            locality="Phường Cẩm Thành",
            id_number="051123456789",
        ),
    )
    assert p.id_number_hash and "051123456789" not in p.id_number_hash
    assert p.id_number_hash == services.hash_id_number(world.contest, "051123456789")


# --- drawing ----------------------------------------------------------------------------


def test_draw_picks_n_distinct_questions_from_the_filtered_bank_and_shuffles_answers(tree):
    w = make_world(tree, questions=30, per_attempt=5, topics=["digital"], difficulty=2)
    allowed = set(
        Question.objects.filter(topic="digital", difficulty=2).values_list("pk", flat=True)
    )
    assert len(allowed) >= 3
    served = services.draw(w.round, random.Random(1))
    assert len(served) == min(5, len(allowed))
    assert {q for q, _c in served} <= allowed
    assert len({q for q, _c in served}) == len(served)
    w.round.topics, w.round.difficulty, w.round.question_count = [], None, 10
    orders = [
        tuple(c for _q, cs in services.draw(w.round, random.Random(seed)) for c in cs)
        for seed in range(5)
    ]
    assert len(set(orders)) > 1  # different draws and answer orders


def test_answers_are_shuffled_within_a_question(world):
    question = Question.objects.first()
    seen = set()
    for seed in range(20):
        world.round.question_count = 30
        for q, cs in services.draw(world.round, random.Random(seed)):
            if q == question.pk:
                seen.add(tuple(cs))
    assert len(seen) > 1


# --- timing and scoring -------------------------------------------------------------------


def test_start_is_refused_before_opening_and_after_closing(world):
    p = register(world, "0912000001")
    with (
        time_machine.travel(OPENS - datetime.timedelta(minutes=1), tick=False),
        pytest.raises(Refused) as err,
    ):
        services.attempt_start(round_=world.round, participant=p)
    assert err.value.code == "not_open" and "chưa mở" in err.value.message
    with time_machine.travel(CLOSES, tick=False), pytest.raises(Refused) as err:
        services.attempt_start(round_=world.round, participant=p)
    assert err.value.code == "closed"


def test_full_marks_score_and_duration_from_the_server_clock(world):
    p = register(world, "0912000002")
    with time_machine.travel(DURING, tick=False) as clock:
        attempt = services.attempt_start(round_=world.round, participant=p)
        clock.shift(95)
        submission, stored = _submit(attempt, key_of(attempt), prediction=1)
    assert stored and submission.correct == 10 and submission.score == Decimal("100.00")
    assert submission.duration_ms == 95_000 and submission.flags == []


def test_partial_answers_and_multiple_choice_need_exactly_the_right_set(world):
    p = register(world, "0912000003")
    with time_machine.travel(DURING, tick=False) as clock:
        attempt = services.attempt_start(round_=world.round, participant=p)
        answers = key_of(attempt)
        q_multi = (
            next(q for q, cs in answers.items() if len(cs) == 2)
            if any(len(cs) == 2 for cs in answers.values())
            else None
        )
        wrong = dict(answers)
        first = next(iter(wrong))
        wrong[first] = []  # unanswered
        if q_multi and q_multi != first:
            wrong[q_multi] = wrong[q_multi][:1]  # only one of two right answers
        clock.shift(60)
        submission, _ = _submit(attempt, wrong)
    expected_right = 10 - 1 - (1 if q_multi and q_multi != first else 0)
    assert submission.correct == expected_right
    assert submission.score == Decimal(expected_right * 10).quantize(Decimal("0.01"))


def test_too_fast_is_flagged(world):
    p = register(world, "0912000004")
    with time_machine.travel(DURING, tick=False) as clock:
        attempt = services.attempt_start(round_=world.round, participant=p)
        clock.shift(5)
        submission, _ = _submit(attempt, key_of(attempt))
    assert "too_fast" in submission.flags


def test_late_submission_is_rejected_or_scored_zero_as_the_rules_say(tree):
    w = make_world(tree, time_limit_seconds=300)
    p = register(w, "0912000005")
    with time_machine.travel(DURING, tick=False) as clock:
        attempt = services.attempt_start(round_=w.round, participant=p)
        clock.shift(300 + services.GRACE_SECONDS)  # still inside the grace
        submission, _ = _submit(attempt, key_of(attempt))
        assert submission.score == 100
        q = register(w, "0912000006")
        late = services.attempt_start(round_=w.round, participant=q)
        clock.shift(300 + services.GRACE_SECONDS + 1)
        with pytest.raises(Refused) as err:
            _submit(late, key_of(late))
        assert err.value.code == "late" and "hết thời gian" in err.value.message
        assert not Submission.objects.filter(attempt=late).exists()
        w.round.late_policy = LatePolicy.ZERO
        w.round.save()
        submission, _ = _submit(late, key_of(late))
    assert submission.score == 0 and "late" in submission.flags


def test_deadline_never_passes_the_round_close_and_submitting_after_close_is_refused(world):
    p = register(world, "0912000007")
    with time_machine.travel(CLOSES - datetime.timedelta(minutes=2), tick=False) as clock:
        attempt = services.attempt_start(round_=world.round, participant=p)
        assert attempt.deadline == CLOSES
        clock.shift(3 * 60)
        with pytest.raises(Refused) as err:
            _submit(attempt, key_of(attempt))
    assert err.value.code == "closed" and "đã kết thúc" in err.value.message


# --- bad answers ------------------------------------------------------------------------------


def test_answers_to_questions_not_served_are_refused(world):
    p = register(world, "0912000008")
    with time_machine.travel(DURING, tick=False):
        attempt = services.attempt_start(round_=world.round, participant=p)
        served = {q for q, _c in attempt.served}
        other = Question.objects.exclude(pk__in=served).first()
        answers = key_of(attempt)
        answers[str(other.pk)] = [other.choices.first().pk]
        with pytest.raises(Refused) as err:
            _submit(attempt, answers)
    assert err.value.code == "not_served"
    assert Submission.objects.count() == 0


def test_forged_choice_ids_and_two_answers_to_a_single_choice_question_are_refused(world):
    p = register(world, "0912000009")
    with time_machine.travel(DURING, tick=False):
        attempt = services.attempt_start(round_=world.round, participant=p)
        q, choices = attempt.served[0]
        with pytest.raises(Refused):
            _submit(attempt, {str(q): [999_999]})
        single = next(
            (q, cs) for q, cs in attempt.served if Question.objects.get(pk=q).kind == "single"
        )
        with pytest.raises(Refused):
            _submit(attempt, {str(single[0]): single[1][:2]})
        with pytest.raises(Refused):
            services.parse_answers([("q12x", ["1"])])
        with pytest.raises(Refused):
            services.parse_answers([("q12", ["1; DROP"])])
        with pytest.raises(Refused):
            services.parse_answers([], prediction="-3")
    assert Submission.objects.count() == 0


# --- exactly once -------------------------------------------------------------------------------


def test_second_submit_and_replay_return_the_stored_result(world):
    p = register(world, "0912000010")
    with time_machine.travel(DURING, tick=False) as clock:
        attempt = services.attempt_start(round_=world.round, participant=p)
        clock.shift(100)
        first, stored = _submit(attempt, key_of(attempt))
        clock.shift(10)
        again, stored_again = _submit(attempt, {})
    assert stored and not stored_again
    assert again.pk == first.pk and again.score == 100
    assert Submission.objects.count() == 1
    assert Submission.objects.get().replays == 1


def test_one_attempt_per_round_and_a_second_start_resumes_the_same_attempt(world):
    p = register(world, "0912000011")
    with time_machine.travel(DURING, tick=False) as clock:
        first = services.attempt_start(round_=world.round, participant=p)
        clock.shift(30)
        second = services.attempt_start(round_=world.round, participant=p)  # a second tab
        assert second.pk == first.pk and second.started_at == first.started_at
        assert second.views == 2
        clock.shift(30)
        submission, _ = _submit(first, key_of(first))
        assert "reopened" in submission.flags  # served twice: two tabs or a reload
        with pytest.raises(Refused) as err:
            services.attempt_start(round_=world.round, participant=p)
    assert err.value.code == "no_attempts_left"
    assert Attempt.objects.count() == 1


def test_more_attempts_when_the_round_allows_them(tree):
    w = make_world(tree, max_attempts=2)
    p = register(w, "0912000012")
    with time_machine.travel(DURING, tick=False) as clock:
        a = services.attempt_start(round_=w.round, participant=p)
        clock.shift(60)
        _submit(a, {})
        b = services.attempt_start(round_=w.round, participant=p)
        clock.shift(60)
        _submit(b, key_of(b))
    assert b.number == 2
    ranking = selectors.ranking(w.round)
    assert len(ranking) == 1 and ranking[0].score == 100  # the best attempt counts


# --- ranking ------------------------------------------------------------------------------------------


def _entry(world, phone: str, right: int, seconds: int, prediction: int | None, at_offset: int = 0):  # type: ignore[no-untyped-def]
    p = register(world, phone, name=f"Người {phone[-3:]}")
    with time_machine.travel(DURING + datetime.timedelta(seconds=at_offset), tick=False) as clock:
        attempt = services.attempt_start(round_=world.round, participant=p)
        answers = key_of(attempt)
        for q in list(answers)[right:]:
            answers[q] = []
        clock.shift(seconds)
        submission, _ = _submit(attempt, answers, prediction)
    return submission


def test_ranking_by_score_then_time_then_prediction_then_submission_time(world):
    a = _entry(world, "0912000101", 9, 100, 5)
    b = _entry(world, "0912000102", 10, 200, 5)
    c = _entry(world, "0912000103", 9, 90, 100)
    d = _entry(world, "0912000104", 9, 100, 4, at_offset=1000)  # 5 participants: error 1
    e = _entry(world, "0912000105", 9, 100, 6, at_offset=2000)  # error 1, later
    order = [x.submission_id for x in selectors.ranking(world.round)]
    assert order == [b.pk, c.pk, a.pk, d.pk, e.pk]


def test_ranking_order_is_configurable(world):
    a = _entry(world, "0912000201", 9, 100, 2)
    b = _entry(world, "0912000202", 9, 300, 1)
    world.contest.ranking = "score,prediction,duration,submitted"
    world.contest.save()
    world.round.refresh_from_db()
    order = [x.submission_id for x in selectors.ranking(world.round)]
    assert order == [a.pk, b.pk]  # 2 participants: a guessed exactly
    world.contest.ranking = "score,duration"
    world.contest.save()
    world.round.refresh_from_db()
    assert [x.submission_id for x in selectors.ranking(world.round)] == [a.pk, b.pk]


def test_disqualified_entries_leave_the_ranking_with_a_recorded_reason(world, people):
    a = _entry(world, "0912000301", 10, 100, None)
    b = _entry(world, "0912000302", 9, 100, None)
    with pytest.raises(ValidationError):
        services.submission_disqualify(submission=a, reason="  ", actor=people["dept_editor"])
    services.submission_disqualify(
        submission=a, reason="Nhiều tài khoản cùng một người", actor=people["dept_editor"]
    )
    a.refresh_from_db()
    assert (
        a.disqualified_reason == "Nhiều tài khoản cùng một người"
        and a.disqualified_by == people["dept_editor"]
    )
    assert [x.submission_id for x in selectors.ranking(world.round)] == [b.pk]
    assert selectors.rank_of(world.round, a) is None


# --- statistics, flags, winners and the plan output -------------------------------------------------------


def test_statistics_by_unit_locality_and_question(world, tree):
    _entry(world, "0912000401", 10, 100, None)
    p = register(world, "0912000402", unit=tree.commune_a, locality="")
    with time_machine.travel(DURING, tick=False) as clock:
        attempt = services.attempt_start(round_=world.round, participant=p)
        clock.shift(100)
        _submit(attempt, {})
    units = selectors.by_unit(world.round)
    assert {(u["name"], u["participants"]) for u in units} == {("Xã Minh Đức", 1), ("", 1)}
    assert selectors.by_locality(world.round)[0]["name"] == "Xã Minh Đức"
    questions = selectors.by_question(world.round)
    assert sum(q["served"] for q in questions) == 20
    assert sum(q["wrong"] for q in questions) == 10
    assert questions[0]["wrong_rate"] >= questions[-1]["wrong_rate"]


def test_many_accounts_from_one_address_are_flagged(world):
    for i in range(selectors.SHARED_IP_LIMIT):
        p = register(world, f"091200050{i}", ip="203.0.113.7")
    register(world, "0912000599", ip="198.51.100.1")
    with time_machine.travel(DURING, tick=False) as clock:
        attempt = services.attempt_start(round_=world.round, participant=p)
        clock.shift(100)
        _submit(attempt, {})
    assert selectors.shared_ips(world.contest) == {"203.0.113.7"}
    [review] = selectors.review(world.round, only_flagged=True)
    assert "Nhiều tài khoản từ một địa chỉ" in review.flags


def test_winners_are_published_after_close_and_the_round_counts_as_a_plan_output(tree, people):
    from cchc.plans.models import Activity
    from cchc.plans.services import plan_create
    from cchc.tracking.models import Output
    from tests.plans.conftest import issued, province_plan_data

    plan = issued(plan_create(data=province_plan_data(tree), actor=people["admin"]))
    activity = Activity.objects.get(plan=plan, title="Cuộc thi tìm hiểu CCHC")
    w = make_world(tree, activity=activity)
    entries = [_entry(w, f"091200060{i}", 10 - i, 100, None) for i in range(4)]
    with time_machine.travel(DURING, tick=False), pytest.raises(ValidationError):
        services.winners_publish(round_=w.round)
    with time_machine.travel(AFTER, tick=False):
        winners = services.winners_publish(round_=w.round, actor=people["dept_admin"])
        services.winners_publish(
            round_=w.round, actor=people["dept_admin"]
        )  # again: no second output
        assert services.record_closed_rounds() == 0
    individual = [x for x in winners if x.submission_id]
    assert [x.submission_id for x in individual] == [entries[0].pk, entries[1].pk, entries[2].pk]
    assert [x.prize.title for x in individual] == ["Giải Nhất", "Giải Nhì", "Giải Nhì"]
    output = Output.objects.get()
    assert (
        output.activity == activity and output.participants == 4 and output.kind == "contest_round"
    )
    assert output.date == datetime.date(2024, 8, 11)
    w.round.refresh_from_db()
    assert w.round.output == output and w.round.winners_published_at is not None


def test_closed_rounds_are_recorded_once_by_the_periodic_job(tree, people):
    from cchc.plans.models import Activity
    from cchc.plans.services import plan_create
    from cchc.tracking.models import Output
    from tests.plans.conftest import issued, province_plan_data

    plan = issued(plan_create(data=province_plan_data(tree), actor=people["admin"]))
    activity = Activity.objects.get(plan=plan, title="Cuộc thi tìm hiểu CCHC")
    w = make_world(tree, activity=activity)
    _entry(w, "0912000701", 10, 100, None)
    with time_machine.travel(DURING, tick=False):
        assert services.record_closed_rounds() == 0
    with time_machine.travel(AFTER, tick=False):
        # The scheduled run (cchc.notify.tasks.send_reminders) does it through the jobs module.
        from cchc.notify.tasks import run_reminders

        counts = run_reminders(AFTER.date())
        assert counts["cchc.contests.jobs"] == 1
        assert services.record_closed_rounds() == 0
    assert Output.objects.get().participants == 1


# --- question import ------------------------------------------------------------------------------------


def test_import_questions_from_csv_reports_rejected_rows(world):
    header = ",".join(services.IMPORT_COLUMNS)
    rows = [
        header,
        "Cổng Dịch vụ công quốc gia có địa chỉ nào?,mot,digital,1,dichvucong.gov.vn,chinhphu.vn,,,,,A",
        'Những việc nào thuộc cải cách TTHC?,nhieu,procedures,2,Đơn giản hóa TTHC,Xây cầu,Một cửa liên thông,,,,"A,C"',
        ",mot,digital,1,A,B,,,,,A",
        "Câu thiếu đáp án,mot,digital,1,X,Y,,,,,C",
        "Câu sai lĩnh vực,mot,thue,1,X,Y,,,,,A",
        'Câu một đáp án mà hai đáp án,mot,digital,1,X,Y,,,,,"A,B"',
    ]
    before = Question.objects.count()
    result = services.questions_import(
        contest=world.contest, name="cau-hoi.csv", content="\n".join(rows).encode()
    )
    assert result.created == 2
    assert [n for n, _r in result.rejected] == [4, 5, 6, 7]
    assert Question.objects.count() == before + 2
    multi = Question.objects.get(text="Những việc nào thuộc cải cách TTHC?")
    assert sorted(multi.choices.filter(is_correct=True).values_list("text", flat=True)) == [
        "Một cửa liên thông",
        "Đơn giản hóa TTHC",
    ]


def test_import_questions_from_xlsx_and_refuses_wrong_files(world):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(services.IMPORT_COLUMNS)
    sheet.append(
        [
            "Mức độ 4 của dịch vụ công là gì?",
            "mot",
            "digital",
            2,
            "Toàn trình",
            "Một phần",
            None,
            None,
            None,
            None,
            "A",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    assert (
        services.questions_import(
            contest=world.contest, name="q.xlsx", content=buffer.getvalue()
        ).created
        == 1
    )
    with pytest.raises(ValidationError):
        services.questions_import(contest=world.contest, name="q.txt", content=b"x")
    with pytest.raises(ValidationError):
        services.questions_import(contest=world.contest, name="q.csv", content=b"sai,tieu,de\n")
    with pytest.raises(ValidationError):
        services.questions_import(
            contest=world.contest, name="q.xlsx", content=b"PK not a workbook"
        )


def test_rank_of_agrees_with_the_full_ranking(tree):
    w = make_world(tree, max_attempts=2)
    import itertools

    subs = []
    for i, (right, seconds, prediction) in enumerate(
        itertools.product([10, 9], [100, 200], [None, 3, 7])
    ):
        subs.append(_entry(w, f"09120008{i:02d}", right, seconds, prediction, at_offset=i))
    ranking = selectors.ranking(w.round)
    for entry in ranking:
        assert (
            selectors.rank_of(w.round, Submission.objects.get(pk=entry.submission_id)) == entry.rank
        )
    w.contest.ranking = "prediction,score,submitted"
    w.contest.save()
    w.round.refresh_from_db()
    for entry in selectors.ranking(w.round):
        assert (
            selectors.rank_of(w.round, Submission.objects.get(pk=entry.submission_id)) == entry.rank
        )


def test_record_rounds_command(tree, people):
    from io import StringIO

    from django.core.management import call_command

    from cchc.plans.models import Activity
    from cchc.plans.services import plan_create
    from tests.plans.conftest import issued, province_plan_data

    plan = issued(plan_create(data=province_plan_data(tree), actor=people["admin"]))
    w = make_world(tree, activity=Activity.objects.get(plan=plan, title="Cuộc thi tìm hiểu CCHC"))
    _entry(w, "0912000901", 10, 100, None)
    out = StringIO()
    with time_machine.travel(AFTER, tick=False):
        call_command("contest_record_rounds", stdout=out)
    assert out.getvalue().strip() == "Đã ghi nhận 1 vòng thi."


def test_review_of_flagged_entries_looks_past_the_first_page(world):
    plain = [_entry(world, f"09120010{i:02d}", 10, 100, None) for i in range(3)]
    fast = _entry(world, "0912001099", 1, 2, None)
    assert fast.flags == ["too_fast"] and plain[0].flags == []
    flagged = selectors.review(world.round, only_flagged=True, limit=1)
    assert [r.submission.pk for r in flagged] == [fast.pk]
    assert flagged[0].flags == ["Làm bài nhanh bất thường"]
    assert len(selectors.review(world.round)) == 4
