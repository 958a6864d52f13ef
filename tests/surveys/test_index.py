"""The satisfaction index per criterion, factor, unit and period on a hand-worked example."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cchc.surveys import services
from cchc.surveys.models import QuestionKind, Survey
from cchc.surveys.selectors import Period, published_results, survey_results, unit_comparison


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


@pytest.fixture
def small(tree, people):  # type: ignore[no-untyped-def]
    """Factor P1 "Tiếp cận" with C1 (required) and C2 (optional); factor P2 with C3 (optional)."""
    survey = services.survey_create(
        data=services.SurveyData(title="Khảo sát thử", unit=tree.province)
    )
    services.question_add(
        survey=survey,
        data=services.QuestionData("Chỗ ngồi chờ", QuestionKind.SCALE, "P1", required=True),
    )
    services.question_add(
        survey=survey, data=services.QuestionData("Trang thiết bị", QuestionKind.SCALE, "P1")
    )
    services.section_add(survey=survey, data=services.SectionData("Công chức"))
    services.question_add(
        survey=survey, data=services.QuestionData("Thái độ", QuestionKind.SCALE, "P2")
    )
    services.survey_open(survey=survey)
    a = services.point_add(survey=survey, unit=tree.commune_a)
    b = services.point_add(survey=survey, unit=tree.commune_b)
    return survey, a, b


def test_hand_worked_example(small):
    survey, a, b = small
    q3 = _at(datetime.date(2026, 8, 10))
    # Quarter III/2026, four people:        C1  C2  C3
    #   R1 at commune A                      5   4   5
    #   R2 at commune A                      4   2   2
    #   R3 at commune B                      3   5   -
    #   R4 at commune B                      1   -   -
    rows = [(a, "5", "4", "5"), (a, "4", "2", "2"), (b, "3", "5", ""), (b, "1", "", "")]
    for point, c1, c2, c3 in rows:
        services.response_submit(
            point=point, raw={"C1": [c1], "C2": [c2], "C3": [c3]}, submitted_at=q3
        )
    # Quarter II/2026 (the previous period): one person, all "3".
    services.response_submit(
        point=a,
        raw={"C1": ["3"], "C2": ["3"], "C3": ["3"]},
        submitted_at=_at(datetime.date(2026, 5, 2)),
    )

    results = survey_results(survey, Period(2026, 3))
    assert results.respondents == 4
    p1, p2 = results.factors
    c1, c2 = p1.criteria
    # C1: 4 answered, 2 satisfied (5, 4) → 50.0 %.
    assert (c1.share.answered, c1.share.satisfied, c1.share.percent) == (4, 2, 50.0)
    assert c1.levels == {1: 1, 2: 0, 3: 1, 4: 1, 5: 1}
    # C2: 3 answered (R4 left it blank: not in the denominator), 2 satisfied → 66.7 %.
    assert (c2.share.answered, c2.share.satisfied, c2.share.percent) == (3, 2, 66.7)
    # Factor P1 pools its answers: (2 + 2) / (4 + 3) = 4/7 → 57.1 %.
    assert (p1.share.satisfied, p1.share.answered, p1.share.percent) == (4, 7, 57.1)
    # Factor P2: C3 answered by two, one satisfied → 50.0 %.
    assert (p2.share.satisfied, p2.share.answered, p2.share.percent) == (1, 2, 50.0)
    # Overall: (2 + 2 + 1) / (4 + 3 + 2) = 5/9 → 55.6 %.
    assert (results.overall.satisfied, results.overall.answered, results.overall.percent) == (
        5,
        9,
        55.6,
    )
    # Wilson 95 % for 5/9: [26.7 %, 81.1 %].
    assert results.overall.interval_percent == (26.7, 81.1)
    # Previous quarter: nobody satisfied with P1 (0/2), so the change is +57.1 points.
    assert p1.previous is not None and p1.previous.percent == 0.0
    assert p1.change == 57.1
    assert results.previous_respondents == 1

    # Per unit: A = (5,4,5,4,2,2) → satisfied 4 of 6 = 66.7 %; B = (3,5,1) → 1 of 3 = 33.3 %.
    by_unit = {r.unit.pk: r for r in unit_comparison(survey, Period(2026, 3))}
    assert by_unit[a.unit_id].overall.percent == 66.7 and by_unit[a.unit_id].respondents == 2
    assert by_unit[b.unit_id].overall.percent == 33.3 and by_unit[b.unit_id].respondents == 2
    # Only commune B, through the unit filter.
    only_b = survey_results(survey, Period(2026, 3), b.unit)
    assert only_b.respondents == 2 and only_b.overall.percent == 33.3
    # The whole year 2026 adds the quarter II response: (5 + 0) / (9 + 3) → 41.7 %.
    assert survey_results(survey, Period(2026)).overall.percent == 41.7


def test_published_results_only_when_published(small, tree):
    survey, a, _b = small
    services.response_submit(
        point=a, raw={"C1": ["5"]}, submitted_at=_at(datetime.date(2026, 3, 1))
    )
    assert published_results(tree.province, 2026) == []
    Survey.objects.filter(pk=survey.pk).update(publish_results=True)
    (result,) = published_results(tree.province, 2026)
    assert result.respondents == 1 and result.overall.percent == 100.0
    assert published_results(tree.province, 2025) == []
    assert published_results(tree.other_province, 2026) == []
    assert len(published_results(None, 2026)) == 1


def test_periods():
    assert Period(2026, 1).previous == Period(2025, 4)
    assert Period(2026).previous == Period(2025)
    assert (Period(2026, 2).start, Period(2026, 2).end) == (
        datetime.date(2026, 4, 1),
        datetime.date(2026, 6, 30),
    )
    assert Period(2026, 4).end == datetime.date(2026, 12, 31)


def test_other_questions_are_counted_outside_the_index(sipas, point_a):
    from cchc.surveys.selectors import other_questions
    from tests.surveys.conftest import sipas_answers

    services.response_submit(point=point_a, raw=sipas_answers("5", TT2="2"))
    services.response_submit(
        point=point_a,
        raw=sipas_answers("5", TT2="3", YT5_0="Có", **{f"YT5_{i}": "4" for i in range(1, 5)}),
    )
    summary = {q.code: q for q in other_questions(sipas)}
    assert summary["TT2"].answered == 2 and summary["TT2"].mean == 2.5
    assert summary["YT5.0"].options == [("Có", 1), ("Không", 1)]
