"""The staff calendars: June 2024 as a month grid and as a list, permissions, bad input, queries."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from cchc.orgs.models import Role
from cchc.plans.models import Activity, Plan
from cchc.plans.services import ActivityData, UnitRef, plan_create
from cchc.schedule.services import schedule_set_by_hand
from cchc.tracking.models import Output
from tests.conftest import client_for, make_user
from tests.plans.conftest import issued, province_plan_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_plan(tree, people) -> Plan:  # type: ignore[no-untyped-def]
    """The province's 2024 plan (draft): portal, broadcast (02 số/tháng) with a sub-activity, contest."""
    return plan_create(data=province_plan_data(tree), actor=people["admin"])


@pytest.fixture
def issued_plan(province_plan: Plan) -> Plan:
    return issued(province_plan)


@pytest.fixture
def broadcast(issued_plan: Plan) -> Activity:
    """"Chuyên mục CCHC trên truyền thanh xã": 02 số/tháng, led by both communes."""
    return Activity.objects.get(plan=issued_plan, title="Chuyên mục CCHC trên truyền thanh xã")

TODAY = datetime.date(2024, 6, 15)
BROADCAST = "Chuyên mục CCHC trên truyền thanh xã"
PORTAL = "Tuyên truyền trên Cổng thông tin điện tử"
CONTEST = "Cuộc thi tìm hiểu CCHC"
CHILD = "Xây dựng nội dung chuyên mục"


def _cells(response) -> dict[datetime.date, dict]:  # type: ignore[no-untyped-def]
    return {cell["date"]: cell for week in response.context["weeks"] for cell in week}


def _titles(entries) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.activity.title for e in entries]


def _activity_link(activity: Activity) -> str:
    try:
        return reverse("staff:activity_outputs", args=[activity.pk])
    except NoReverseMatch:
        return reverse("staff:plan_detail", args=[activity.plan_id])


@pytest.fixture
def june_deadlines(issued_plan, people):  # type: ignore[no-untyped-def]
    """The sub-activity, set by hand to be due on 10/06 and 20/06/2024."""
    child = Activity.objects.get(plan=issued_plan, title=CHILD)
    schedule_set_by_hand(
        activity=child,
        kind="deadlines",
        start="01/06/2024",
        end="30/06/2024",
        deadlines=["10/06/2024", "20/06/2024"],
        actor=people["admin"],
    )
    return child


@time_machine.travel(TODAY)
def test_month_view_shows_june_due_items_of_the_commune_with_status(
    tree, people, broadcast, june_deadlines
):
    Output.objects.create(
        activity=broadcast, unit=tree.commune_a, kind="loudspeaker", date=datetime.date(2024, 6, 3)
    )
    url = reverse("staff:unit_calendar", args=[tree.commune_a.pk])
    response = client_for(people["commune_editor"]).get(url, {"month": "2024-06"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tháng 6/2024" in html
    for abbr in ("T2", "T3", "T4", "T5", "T6", "T7", "CN"):
        assert f">{abbr}</abbr>" in html
    assert '<abbr title="Chủ nhật">CN</abbr>' in html
    assert html.count('aria-current="date"') == 1

    cells = _cells(response)
    assert len(response.context["weeks"]) == 5  # 27/05 - 30/06/2024, Monday first
    assert list(cells)[0] == datetime.date(2024, 5, 27)
    assert cells[TODAY]["is_today"] and not cells[datetime.date(2024, 5, 31)]["entries"]
    last = cells[datetime.date(2024, 6, 30)]["entries"]
    assert sorted(_titles(last)) == sorted([PORTAL, BROADCAST, BROADCAST])
    broadcast_slots = [e for e in last if e.activity.pk == broadcast.pk]
    assert [e.status for e in broadcast_slots] == ["done", "upcoming"]
    assert [e.occurrence.label for e in broadcast_slots] == ["Tháng 6/2024 (1/2)", "Tháng 6/2024 (2/2)"]
    assert [e.status for e in cells[datetime.date(2024, 6, 10)]["entries"]] == ["late"]
    assert CONTEST not in html  # led by the department only

    # Each item has its status as text, not only as a colour, and links to the activity.
    assert "Đã có kết quả" in html and "Chưa đến hạn" in html and "Quá hạn" in html
    assert f'href="{_activity_link(broadcast)}"' in html
    assert "Tháng 5/2024" in html and "Tháng 7/2024" in html  # previous / next


@time_machine.travel(TODAY)
def test_list_view_groups_the_month_by_date(tree, people, june_deadlines):
    url = reverse("staff:unit_calendar", args=[tree.commune_a.pk])
    response = client_for(people["commune_editor"]).get(url, {"month": "2024-06", "view": "list"})
    assert response.status_code == 200
    days = response.context["days"]
    assert [d["date"] for d in days] == [
        datetime.date(2024, 6, 10),
        datetime.date(2024, 6, 20),
        datetime.date(2024, 6, 30),
    ]
    html = response.content.decode()
    assert "Thứ hai, 10/06/2024" in html
    assert "Thứ năm, 20/06/2024" in html
    assert "Chủ nhật, 30/06/2024" in html
    assert "<table" not in html
    assert html.index("10/06/2024") < html.index("20/06/2024") < html.index("30/06/2024")
    assert "Hạn 1/2" in html and "Hạn 2/2" in html


@time_machine.travel(TODAY)
def test_month_navigation_and_today(tree, people, issued_plan):
    url = reverse("staff:unit_calendar", args=[tree.commune_a.pk])
    client = client_for(people["commune_editor"])
    response = client.get(url, {"month": "2024-12", "view": "list"})
    assert response.context["next_url"] == f"{url}?month=2025-01&view=list"
    assert response.context["prev_url"] == f"{url}?month=2024-11&view=list"
    assert response.context["today_url"] == f"{url}?view=list"
    assert "Hôm nay" in response.content.decode()
    current = client.get(url)
    assert current.context["month"] == datetime.date(2024, 6, 1)
    assert current.context["view"] == "month"
    january = client.get(url, {"month": "2024-01"})
    assert january.context["prev_url"] == f"{url}?month=2023-12"


@time_machine.travel(TODAY)
@pytest.mark.parametrize("month", ["2024-13", "abc", "0000-01", "2024-6-1", "'; DROP TABLE"])
def test_a_bad_month_shows_the_current_month_with_a_notice(tree, people, issued_plan, month):
    url = reverse("staff:unit_calendar", args=[tree.commune_a.pk])
    response = client_for(people["commune_editor"]).get(url, {"month": month})
    assert response.status_code == 200
    assert response.context["month"] == datetime.date(2024, 6, 1)
    assert "không hợp lệ" in response.content.decode()
    assert "đang hiển thị tháng hiện tại" in response.content.decode()


@time_machine.travel(TODAY)
def test_a_bad_view_falls_back_to_the_month_grid(tree, people, issued_plan):
    url = reverse("staff:unit_calendar", args=[tree.commune_a.pk])
    response = client_for(people["commune_editor"]).get(url, {"view": "week"})
    assert response.status_code == 200 and response.context["view"] == "month"
    assert "Không có cách xem" in response.content.decode()


@time_machine.travel(TODAY)
def test_who_may_see_a_unit_calendar(tree, people, issued_plan):
    url = reverse("staff:unit_calendar", args=[tree.commune_a.pk])
    other_commune_editor = make_user("phuong.bientap", tree.commune_b, Role.EDITOR)
    assert client_for(other_commune_editor).get(url).status_code == 404
    assert client_for(people["nobody"]).get(url).status_code == 404
    assert client_for(people["dept_editor"]).get(url).status_code == 404
    assert client_for(people["province_viewer"]).get(url).status_code == 200
    assert client_for(people["admin"]).get(url).status_code == 200
    missing = reverse("staff:unit_calendar", args=[999999])
    assert client_for(people["admin"]).get(missing).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


@time_machine.travel(TODAY)
def test_plan_calendar_shows_every_activity_and_needs_plan_view(tree, people, issued_plan):
    url = reverse("staff:plan_calendar", args=[issued_plan.pk])
    response = client_for(people["province_viewer"]).get(url, {"month": "2024-09"})
    assert response.status_code == 200
    cells = _cells(response)
    assert CONTEST in _titles(cells[datetime.date(2024, 9, 30)]["entries"])
    assert BROADCAST in _titles(cells[datetime.date(2024, 9, 30)]["entries"])
    # A commune named in the plan may read it, so sees its calendar too.
    assert client_for(people["commune_editor"]).get(url).status_code == 200
    outsider = make_user("phutho.xem", tree.other_province, Role.VIEWER)
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(people["nobody"]).get(url).status_code == 404


@time_machine.travel(TODAY)
def test_plan_calendar_of_a_draft_shows_planned_items_and_months_outside_the_period(
    tree, people, province_plan
):
    url = reverse("staff:plan_calendar", args=[province_plan.pk])
    client = client_for(people["admin"])
    response = client.get(url, {"month": "2024-06"})
    statuses = {e.status for e in response.context["entries"]}
    assert statuses == {"planned"}
    assert "Dự kiến (kế hoạch chưa ban hành)" in response.content.decode()
    outside = client.get(url, {"month": "2025-03"})
    html = outside.content.decode()
    assert "nằm ngoài kỳ kế hoạch (01/01/2024 - 31/12/2024)" in html
    assert f"{url}?month=2024-01" in html
    assert "Không có hạn nào trong tháng này." in html


@time_machine.travel(TODAY)
def test_unreadable_timing_is_listed_with_a_link_to_set_it(tree, people, broadcast):
    broadcast.timing_text = "Theo chỉ đạo"
    broadcast.save()
    url = reverse("staff:unit_calendar", args=[tree.commune_a.pk])
    response = client_for(people["commune_editor"]).get(url, {"month": "2024-06"})
    html = response.content.decode()
    assert "Hoạt động chưa rõ lịch" in html
    assert reverse("staff:schedule_edit", args=[broadcast.pk]) in html
    assert BROADCAST not in _titles(response.context["entries"])


def _many_activities(tree, people, number: str, count: int):  # type: ignore[no-untyped-def]
    data = province_plan_data(
        tree,
        title=f"Kế hoạch bổ sung {number}",
        legal_bases=(),
        activities=tuple(
            ActivityData(
                f"Hoạt động bổ sung {i}",
                timing_text=["Hằng tháng", "02 số/tháng", "Quý II/2024", "Theo chỉ đạo"][i % 4],
                leads=(UnitRef(tree.commune_a.pk),),
                coordinators=(UnitRef(tree.post_a.pk),),
                children=(ActivityData(f"Việc con {i}", timing_text="Tháng 6/2024"),),
            )
            for i in range(count)
        ),
    )
    plan = issued(plan_create(data=data, actor=people["admin"]), number=number)
    for i, activity in enumerate(plan.activities.filter(parent__isnull=True).order_by("pk")):
        if i % 3 == 0:
            schedule_set_by_hand(
                activity=activity,
                kind="deadline",
                start="01/01/2024",
                end="30/06/2024",
                deadlines=["25/06/2024"],
                actor=people["admin"],
            )
        Output.objects.create(
            activity=activity, unit=tree.post_a, kind="other", date=datetime.date(2024, 6, 1)
        )
    return plan


@time_machine.travel(TODAY)
def test_calendars_run_a_bounded_number_of_queries(tree, people, issued_plan):
    client = client_for(people["commune_editor"])
    unit_url = reverse("staff:unit_calendar", args=[tree.commune_a.pk])

    def queries(url: str, **params: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params).status_code == 200
        return len(ctx.captured_queries)

    small = queries(unit_url, month="2024-06")
    small_list = queries(unit_url, month="2024-06", view="list")
    big_plan = _many_activities(tree, people, "41", 24)
    plan_url = reverse("staff:plan_calendar", args=[big_plan.pk])
    plan_small = queries(plan_url, month="2024-06")
    _many_activities(tree, people, "42", 24)
    big = queries(unit_url, month="2024-06")
    assert len(client.get(unit_url, {"month": "2024-06"}).context["entries"]) > 90
    assert big == small <= 12
    assert queries(unit_url, month="2024-06", view="list") == small_list
    assert queries(plan_url, month="2024-06") == plan_small <= 12
