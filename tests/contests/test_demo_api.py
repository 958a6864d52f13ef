"""The demo contest (idempotent) and the read-only staff API."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from cchc.contests import services
from cchc.contests.demo import QUESTIONS, build_demo
from cchc.contests.models import Contest, Question, Round
from tests.conftest import client_for
from tests.contests.conftest import DURING, key_of, register

pytestmark = pytest.mark.django_db


def test_demo_contest_is_built_once_with_a_round_open_now(tree):
    units = {"province": tree.province, "Sở Nội vụ": tree.dept}
    first = build_demo(units)
    assert "thêm" in first and "câu hỏi" in first
    assert build_demo(units).startswith("Cuộc thi: đã có")
    contest = Contest.objects.get()
    assert Question.objects.filter(contest=contest).count() == len(QUESTIONS) >= 20
    assert Round.objects.filter(contest=contest).count() == 1
    for question in Question.objects.filter(contest=contest):
        right = question.choices.filter(is_correct=True).count()
        assert right == 1 if question.kind == "single" else right >= 2


def _entry(world):  # type: ignore[no-untyped-def]
    with time_machine.travel(DURING, tick=False) as clock:
        p = register(world, "0912555001")
        attempt = services.attempt_start(round_=world.round, participant=p)
        clock.shift(60)
        services.attempt_submit(
            token=attempt.token,
            data=services.SubmitData(answers={int(q): c for q, c in key_of(attempt).items()}),
        )


def test_api_lists_contests_rounds_and_leaderboard_for_the_organiser(world, people):
    _entry(world)
    client = client_for(people["dept_editor"])
    contests = client.get("/api/contests/").json()
    assert [c["title"] for c in contests["results"]] == [world.contest.title]
    rounds = client.get(f"/api/contest-rounds/?contest={world.contest.pk}").json()["results"]
    assert rounds[0]["title"] == "Tuần 1" and rounds[0]["submissions"] == 1
    board = client.get(f"/api/contest-rounds/{world.round.pk}/leaderboard/").json()
    assert (
        board[0]["rank"] == 1
        and board[0]["name"] == "Nguyễn Văn An"
        and board[0]["score"] == "100.00"
    )
    assert "phone" not in board[0]


def test_api_hides_other_units_contests_and_refuses_anonymous(world, people):
    other = client_for(people["commune_editor"])
    assert other.get("/api/contests/").json()["results"] == []
    assert other.get(f"/api/contest-rounds/{world.round.pk}/leaderboard/").status_code == 404
    assert other.get(f"/api/contests/{world.contest.pk}/").status_code == 404
    from django.test import Client

    assert Client().get("/api/contests/").status_code in (401, 403)
    assert client_for(people["dept_editor"]).post("/api/contests/", {}).status_code == 405
    assert (
        client_for(people["dept_editor"]).get("/api/contest-rounds/?contest=abc").status_code == 400
    )
    assert reverse("contests:list") == "/cuoc-thi/"
