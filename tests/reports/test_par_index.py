"""PAR INDEX self-score for communication: the pure rule and the live selector."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest
from django.urls import reverse

from cchc.orgs.models import Role
from cchc.plans.models import Activity, ActivityUnit, Plan, PlanStatus, UnitRole
from cchc.reports import par_index, selectors
from cchc.reports.par_index import ActivityFact, OutputFact, score
from cchc.tracking.models import Output
from tests.conftest import client_for, make_user

D = datetime.date
DAY = D(2024, 4, 15)


def _facts(
    done: int, planned: int, *, later: int = 0, next_due: datetime.date | None = None
) -> list[ActivityFact]:
    rows = [
        ActivityFact(i, f"Hoạt động {i}", True, i < done, overdue=i >= done) for i in range(planned)
    ]
    rows += [
        ActivityFact(1000 + i, f"Sắp tới {i}", False, False, next_due=next_due)
        for i in range(later)
    ]
    return rows


@pytest.mark.parametrize(
    ("done", "points", "word"),
    [
        (89, Fraction(0), "dưới 90%"),
        (90, Fraction(9, 10), "điểm tối đa ×"),
        (95, Fraction(19, 20), "điểm tối đa ×"),
        (100, Fraction(1), "tối đa"),
    ],
)
def test_completion_at_89_90_95_100_percent(done, points, word):  # type: ignore[no-untyped-def]
    result = score(_facts(done, 100), [], day=DAY)
    part = result.parts[0]
    assert part.key == "completion" and part.points == points and part.maximum == 1
    assert word in part.rule
    assert part.evidence["planned"] == 100 and part.evidence["done"] == done
    assert (
        len(part.evidence["done_activities"]) == done
        and len(part.evidence["missed_activities"]) == 100 - done
    )
    assert result.completion_pct == done


def test_completion_boundaries_are_exact():  # type: ignore[no-untyped-def]
    # 8/9 = 88.9 %: zero; 9/10 = 90 % exactly: 0.9; 17/19 = 89.47 %: zero.
    assert par_index.completion_points(8, 9)[0] == 0
    assert par_index.completion_points(9, 10)[0] == Fraction(9, 10)
    assert par_index.completion_points(17, 19)[0] == 0
    assert par_index.completion_points(0, 0)[0] == 0
    assert "Chưa có hoạt động" in par_index.completion_points(0, 0)[1]


def test_completion_warnings():  # type: ignore[no-untyped-def]
    # 90 % now, one activity falling due within 30 days: missing it drops to 89.1 %.
    result = score(
        _facts(90, 100, later=1, next_due=DAY + datetime.timedelta(days=10)), [], day=DAY
    )
    assert result.parts[0].points == Fraction(9, 10)
    assert any(
        "Sắp mất điểm hoàn thành kế hoạch" in w and "25/04/2024" in w for w in result.warnings
    )
    assert any("10 hoạt động quá hạn" in w for w in result.warnings)
    # Further away than the horizon: no "about to lose" warning.
    far = score(_facts(90, 100, later=1, next_due=DAY + datetime.timedelta(days=60)), [], day=DAY)
    assert not any("Sắp mất điểm" in w for w in far.warnings)
    # 100 % and the next one due: about to lose part of the point.
    full = score(_facts(10, 10, later=1, next_due=DAY + datetime.timedelta(days=5)), [], day=DAY)
    assert full.parts[0].points == 1 and any("Sắp mất một phần" in w for w in full.warnings)
    # Under the threshold: says how many more are needed.
    low = score(_facts(85, 100), [], day=DAY)
    assert any("Cần hoàn thành thêm 5 hoạt động" in w for w in low.warnings)


def test_channel_variety():  # type: ignore[no-untyped-def]
    names = {"website": "Cổng TTĐT", "loudspeaker": "Loa", "other": "Khác"}
    both = score(
        [], [OutputFact("website", 3), OutputFact("loudspeaker", 2)], day=DAY, channel_names=names
    )
    online, traditional = both.parts[1], both.parts[2]
    assert (online.points, traditional.points) == (Fraction(1, 2), Fraction(1, 2))
    assert online.evidence["channels"][0]["name"] == "Cổng TTĐT" and online.evidence["outputs"] == 3
    assert both.warnings == []
    only_online = score([], [OutputFact("facebook", 4), OutputFact("other", 9)], day=DAY)
    assert only_online.parts[1].points == Fraction(1, 2) and only_online.parts[2].points == 0
    assert "Chưa có sản phẩm" in only_online.parts[2].rule
    single = score([], [OutputFact("website", 1), OutputFact("meeting", 5)], day=DAY)
    assert single.parts[1].points == Fraction(1, 2)
    assert any("chỉ dựa vào một sản phẩm" in w for w in single.warnings)
    nothing = score([], [], day=DAY)
    assert nothing.points == 0 and nothing.maximum == 2


def test_criterion_is_configurable(settings):  # type: ignore[no-untyped-def]
    grid = par_index.Criterion(
        completion=Fraction(2), online=Fraction(1, 4), traditional=Fraction(1, 4)
    )
    result = score(_facts(95, 100), [OutputFact("zalo", 2)], day=DAY, criterion=grid)
    assert result.points == Fraction(19, 10) + Fraction(1, 4) and result.maximum == Fraction(5, 2)
    settings.CCHC_PAR_INDEX = {"completion": "2", "threshold": "0.8"}
    assert (
        selectors.par_criterion().completion == 2
        and selectors.par_criterion().threshold == Fraction(4, 5)
    )


# --- Live, through the database -------------------------------------------------------


def _commune_plan(tree, n: int, done: int) -> Plan:  # type: ignore[no-untyped-def]
    plan = Plan.objects.create(
        unit=tree.commune_b,
        title="Kế hoạch tuyên truyền CCHC năm 2024 của phường",
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
        status=PlanStatus.ISSUED,
    )
    activities = Activity.objects.bulk_create(
        Activity(plan=plan, order=i, title=f"Hoạt động quý I số {i + 1}", timing_text="Quý I/2024")
        for i in range(n)
    )
    ActivityUnit.objects.bulk_create(
        ActivityUnit(activity=a, unit=tree.commune_b, role=UnitRole.LEAD) for a in activities
    )
    Output.objects.bulk_create(
        Output(
            activity=a,
            unit=tree.commune_b,
            kind="news" if i % 2 else "loudspeaker",
            date=D(2024, 2, 1),
            title=f"Tin {i}",
        )
        for i, a in enumerate(activities[:done])
    )
    return plan


@pytest.mark.django_db
@pytest.mark.parametrize(("done", "points"), [(89, 0.0), (90, 0.9), (95, 0.95), (100, 1.0)])
def test_live_score_at_89_90_95_100_percent(tree, done, points, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    _commune_plan(tree, 100, done)
    with django_assert_max_num_queries(8):
        result = selectors.par_index_for(tree.commune_b, 2024, today=D(2024, 4, 15))
    completion = result.parts[0]
    assert completion.evidence["planned"] == 100 and completion.evidence["done"] == done
    assert float(completion.points) == pytest.approx(points)
    assert result.parts[1].points == Fraction(1, 2) and result.parts[2].points == Fraction(1, 2)
    assert result.parts[1].evidence["channels"][0]["examples"]


@pytest.mark.django_db
def test_live_score_before_due_and_other_units(tree):  # type: ignore[no-untyped-def]
    _commune_plan(tree, 10, 10)
    early = selectors.par_index_for(tree.commune_b, 2024, today=D(2024, 3, 10))
    assert early.parts[0].evidence["planned"] == 0  # nothing fallen due yet
    assert len(early.parts[0].evidence["not_yet_due"]) == 10
    assert any("Sắp mất" in w for w in early.warnings) is False  # nothing planned: no ratio to lose
    other = selectors.par_index_for(tree.commune_a, 2024, today=D(2024, 12, 31))
    assert other.parts[0].evidence["planned"] == 0 and other.points == 0
    # A past year is evaluated at its end.
    assert selectors.par_index_for(tree.commune_b, 2024, today=D(2026, 1, 1)).day == D(2024, 12, 31)


@pytest.mark.django_db
def test_par_index_page_and_permissions(tree, people):  # type: ignore[no-untyped-def]
    _commune_plan(tree, 10, 9)
    url = reverse("staff:par_index", args=[tree.commune_b.pk])
    assert client_for(people["nobody"]).get(url).status_code == 404
    assert client_for(people["commune_editor"]).get(url).status_code == 404  # another commune
    province = client_for(people["province_viewer"])
    page = province.get(url, {"year": "2024"})
    body = page.content.decode()
    assert page.status_code == 200 and "0,90" in body and "Hoạt động quý I số 10" in body
    bad = province.get(url, {"year": "năm ngoái"})
    assert bad.status_code == 400 and "Năm" in bad.content.decode()
    assert province.post(url).status_code == 405
    own = client_for(make_user("phuong.xem", tree.commune_b, Role.VIEWER)).get(
        url, {"year": "2024"}
    )
    assert own.status_code == 200


@pytest.mark.django_db
def test_content_shown_on_electronic_boards_counts_as_an_online_channel(tree):  # type: ignore[no-untyped-def]
    plan = _commune_plan(tree, 4, 0)
    for activity in plan.activities.all():
        Output.objects.create(
            activity=activity,
            unit=tree.commune_b,
            kind="screen",
            date=D(2024, 2, 1),
            title="Trình chiếu trên màn hình LED tại trụ sở",
        )
    result = selectors.par_index_for(tree.commune_b, 2024, today=D(2024, 4, 15))
    online, traditional = result.parts[1], result.parts[2]
    assert online.points == Fraction(1, 2) and traditional.points == 0
    assert online.evidence["channels"][0]["name"] == "Bảng, màn hình điện tử"
    assert online.evidence["outputs"] == 4
