"""Progress and lateness from due occurrences, across period ends."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from cchc.schedule.models import ScheduleOverride
from cchc.tracking.models import Output
from cchc.tracking.selectors import plan_progress, unit_dashboard

pytestmark = pytest.mark.django_db


def _record(activity, unit, day, quantity=1):  # type: ignore[no-untyped-def]
    # Written directly so the test can place outputs at any date relative to "today".
    return Output.objects.create(activity=activity, unit=unit, kind="loudspeaker", date=day, quantity=quantity)


def _progress(plan, title, today):  # type: ignore[no-untyped-def]
    return next(p for p in plan_progress(plan, today=today) if p.activity.title == title)


TITLE = "Chuyên mục CCHC trên truyền thanh xã"


def test_two_per_month_asks_for_24_outputs_over_the_year(tree, issued_plan, broadcast):
    progress = _progress(issued_plan, TITLE, datetime.date(2024, 1, 10))
    assert progress.required_total == 24
    assert progress.status == "not_started"
    assert progress.schedule.summary.startswith("2 lần mỗi tháng")


def test_a_month_with_one_output_of_two_is_late_after_it_ends(tree, issued_plan, broadcast):
    _record(broadcast, tree.commune_a, datetime.date(2024, 1, 8))
    assert _progress(issued_plan, TITLE, datetime.date(2024, 1, 31)).status == "on_track"  # due today
    assert _progress(issued_plan, TITLE, datetime.date(2024, 2, 1)).status == "late"  # one of two
    _record(broadcast, tree.commune_a, datetime.date(2024, 1, 31))
    assert _progress(issued_plan, TITLE, datetime.date(2024, 2, 1)).status == "on_track"
    february = _progress(issued_plan, TITLE, datetime.date(2024, 3, 1))
    assert february.status == "late"
    assert [s.due for s in february.late] == [datetime.date(2024, 2, 29)] * 2


def test_outputs_of_one_month_do_not_count_for_another(tree, issued_plan, broadcast):
    _record(broadcast, tree.commune_a, datetime.date(2024, 1, 8), quantity=4)
    progress = _progress(issued_plan, TITLE, datetime.date(2024, 3, 1))
    assert progress.met == 2 and len(progress.late) == 2
    assert progress.done_total == 4


def test_all_occurrences_met_is_done(tree, issued_plan, broadcast):
    for month in range(1, 13):
        _record(broadcast, tree.commune_b, datetime.date(2024, month, 10), quantity=2)
    progress = _progress(issued_plan, TITLE, datetime.date(2025, 1, 5))
    assert progress.status == "done" and progress.percent == 100


def test_one_off_in_a_quarter_is_late_only_after_the_quarter(tree, issued_plan):
    contest = "Cuộc thi tìm hiểu CCHC"
    assert _progress(issued_plan, contest, datetime.date(2024, 9, 30)).status == "on_track"  # due today
    assert _progress(issued_plan, contest, datetime.date(2024, 10, 1)).status == "late"


def test_unreadable_timing_shows_unknown_until_set_by_hand(tree, issued_plan, broadcast):
    broadcast.timing_text = "Theo chỉ đạo"
    broadcast.save()
    assert _progress(issued_plan, TITLE, datetime.date(2024, 3, 1)).status == "unknown"
    ScheduleOverride.objects.create(
        activity=broadcast, kind="deadline", start=datetime.date(2024, 1, 1), end=datetime.date(2024, 6, 30),
        deadlines=["2024-06-30"],
    )
    progress = _progress(issued_plan, TITLE, datetime.date(2024, 7, 1))
    assert progress.status == "late" and progress.schedule.summary.endswith("(đặt tay)")


@time_machine.travel(datetime.date(2024, 3, 15))
def test_unit_dashboard_shows_what_is_due_and_late_across_the_subtree(tree, issued_plan, broadcast):
    _record(broadcast, tree.commune_a, datetime.date(2024, 1, 8), quantity=2)
    dashboard = unit_dashboard(tree.commune_a)
    titles = {p.activity.title for p in dashboard.progress}
    assert TITLE in titles and "Tuyên truyền trên Cổng thông tin điện tử" in titles
    assert "Cuộc thi tìm hiểu CCHC" not in titles
    assert any(p.activity.title == TITLE for p in dashboard.late)
    assert dashboard.due_within(30)[0][1].due == datetime.date(2024, 3, 31)
    assert dashboard.by_channel["loudspeaker"][-3] == 2  # January, three months back

    province = unit_dashboard(tree.province)
    assert "Cuộc thi tìm hiểu CCHC" in {p.activity.title for p in province.progress}


def test_dashboard_runs_a_bounded_number_of_queries(tree, issued_plan, broadcast, django_assert_max_num_queries):
    for day in range(1, 28):
        _record(broadcast, tree.commune_a, datetime.date(2024, 2, day))
    with django_assert_max_num_queries(10):
        unit_dashboard(tree.province, today=datetime.date(2024, 3, 15))
