"""A contest of the Sở Nội vụ with one open round and a bank of real-looking questions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from cchc.contests.models import Choice, Contest, Prize, PrizeKind, Question, QuestionKind, Round
from cchc.contests.services import ParticipantData, participant_register

TZ = datetime.timezone(datetime.timedelta(hours=7))
OPENS = datetime.datetime(2024, 8, 5, 8, 0, tzinfo=TZ)
CLOSES = datetime.datetime(2024, 8, 11, 22, 0, tzinfo=TZ)
DURING = datetime.datetime(2024, 8, 11, 20, 0, tzinfo=TZ)
AFTER = datetime.datetime(2024, 8, 12, 9, 0, tzinfo=TZ)


@dataclass
class World:
    contest: Contest
    round: Round


def add_questions(contest: Contest, count: int, *, multiple_every: int = 5) -> list[Question]:
    questions = []
    topics = ["procedures", "digital", "institutions"]
    for i in range(count):
        kind = (
            QuestionKind.MULTIPLE
            if multiple_every and i % multiple_every == multiple_every - 1
            else QuestionKind.SINGLE
        )
        q = Question.objects.create(
            contest=contest,
            text=f"Câu hỏi số {i + 1} về cải cách hành chính?",
            kind=kind,
            topic=topics[i % 3],
            difficulty=1 + i % 3,
        )
        correct = {0, 2} if kind == QuestionKind.MULTIPLE else {i % 4}
        Choice.objects.bulk_create(
            Choice(
                question=q,
                text=f"Phương án {'ABCD'[j]} của câu {i + 1}",
                is_correct=j in correct,
                order=j,
            )
            for j in range(4)
        )
        questions.append(q)
    return questions


def make_world(
    tree, *, questions: int = 30, per_attempt: int = 10, activity=None, **round_kwargs
) -> World:  # type: ignore[no-untyped-def]
    contest = Contest.objects.create(
        title="Cuộc thi tìm hiểu cải cách hành chính tỉnh Quảng Ngãi năm 2024",
        slug="cchc-2024",
        organiser=tree.dept,
        rules="Mỗi người dự thi một lần mỗi tuần.",
        audiences=["officials", "citizens", "students"],
        activity=activity,
    )
    add_questions(contest, questions)
    defaults = {
        "number": 1,
        "title": "Tuần 1",
        "opens_at": OPENS,
        "closes_at": CLOSES,
        "question_count": per_attempt,
        "time_limit_seconds": 600,
        "min_plausible_seconds": 20,
    }
    round_ = Round.objects.create(contest=contest, **{**defaults, **round_kwargs})
    Prize.objects.create(
        round=round_, kind=PrizeKind.INDIVIDUAL, title="Giải Nhất", quantity=1, order=0
    )
    Prize.objects.create(
        round=round_, kind=PrizeKind.INDIVIDUAL, title="Giải Nhì", quantity=2, order=1
    )
    Prize.objects.create(
        round=round_, kind=PrizeKind.COLLECTIVE, title="Giải tập thể", quantity=1, order=2
    )
    return World(contest, round_)


def register(
    world: World,
    phone: str,
    name: str = "Nguyễn Văn An",
    unit=None,
    ip: str | None = None,
    locality: str = "Xã Minh Đức",
):  # type: ignore[no-untyped-def]
    return participant_register(
        contest=world.contest,
        data=ParticipantData(
            full_name=name, phone=phone, audience="citizens", unit=unit, locality=locality
        ),
        ip=ip,
    )


def key_of(attempt) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    """The right answers of an attempt, as a participant who knows them all would send."""
    out = {}
    for q, choices in attempt.served:
        out[str(q)] = sorted(
            Choice.objects.filter(pk__in=choices, is_correct=True).values_list("pk", flat=True)
        )
    return out


def answers_form(answers: dict[str, list[int]]) -> dict[str, list[str]]:
    return {f"q{q}": [str(c) for c in cs] for q, cs in answers.items()}


@pytest.fixture
def world(tree) -> World:  # type: ignore[no-untyped-def]
    return make_world(tree)


@pytest.fixture(autouse=True)
def _fresh_question_banks():  # type: ignore[no-untyped-def]
    """Worker processes keep question banks in memory; test databases reuse ids."""
    from cchc.contests.services import bank_forget, round_forget

    bank_forget()
    round_forget()
    yield
    bank_forget()
    round_forget()


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
