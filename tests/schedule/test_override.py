"""Setting a schedule by hand: the checks (in Vietnamese), who may, and what it changes."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from cchc.orgs.models import Role
from cchc.plans.models import Activity, Plan, PlanStatus
from cchc.plans.services import plan_create
from cchc.schedule.models import ScheduleOverride
from cchc.schedule.services import can_set_schedule, parse_day, schedule_clear, schedule_set_by_hand
from cchc.schedule.timing import REASON_UNKNOWN
from cchc.tracking.models import Output
from cchc.tracking.selectors import plan_progress
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

BROADCAST = "Chuyên mục CCHC trên truyền thanh xã"


def errors_of(activity: Activity, **kwargs) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    values = {"kind": "window", "start": "01/01/2024", "end": "31/12/2024", **kwargs}
    with pytest.raises(ValidationError) as exc:
        schedule_set_by_hand(activity=activity, actor=None, **values)
    assert not ScheduleOverride.objects.filter(activity=activity).exists()
    return exc.value.message_dict


def test_end_before_start_is_refused(broadcast):
    errors = errors_of(broadcast, start="01/06/2024", end="01/03/2024")
    assert errors == {"end": ["Ngày kết thúc (01/03/2024) trước ngày bắt đầu (01/06/2024)."]}


def test_a_window_outside_the_plan_period_is_refused(broadcast):
    errors = errors_of(broadcast, start="01/12/2023", end="15/01/2025")
    assert errors["start"] == ["Ngày bắt đầu 01/12/2023 nằm ngoài kỳ kế hoạch (01/01/2024 - 31/12/2024)."]
    assert errors["end"] == ["Ngày kết thúc 15/01/2025 nằm ngoài kỳ kế hoạch (01/01/2024 - 31/12/2024)."]


def test_missing_dates_and_kind_are_named(broadcast):
    errors = errors_of(broadcast, kind="", start="", end=None)
    assert errors == {
        "kind": ["Hãy chọn loại lịch."],
        "start": ["Hãy nhập ngày bắt đầu (dd/mm/yyyy)."],
        "end": ["Hãy nhập ngày kết thúc (dd/mm/yyyy)."],
    }
    assert errors_of(broadcast, kind="weekly")["kind"] == ["Loại lịch “weekly” không có trong danh mục."]


def test_recurring_needs_a_count_and_a_period(broadcast):
    errors = errors_of(broadcast, kind="recurring")
    assert errors["count"] == ["Lịch định kỳ cần số lần (ví dụ 2 lần mỗi tháng)."]
    assert errors["per"] == ["Lịch định kỳ cần chu kỳ: ngày, tuần, tháng, quý hoặc năm."]
    errors = errors_of(broadcast, kind="recurring", count=0, per="fortnight")
    assert errors["count"] == ["Số lần phải từ 1 đến 100 trong mỗi chu kỳ."]
    assert errors["per"] == ["Chu kỳ “fortnight” không có trong danh mục."]
    assert errors_of(broadcast, kind="recurring", count="hai", per="month")["count"] == [
        "Số lần phải là một số nguyên."
    ]
    too_many = errors_of(broadcast, kind="recurring", count=20, per="day")
    assert too_many["count"] == [
        "Lịch này có 7320 lần đến hạn, quá nhiều (tối đa 5000); hãy kiểm tra số lần và chu kỳ."
    ]
    assert errors_of(broadcast, kind="window", count=2, per="month") == {
        "count": ["Số lần và chu kỳ chỉ dùng cho lịch định kỳ."]
    }


def test_deadlines_must_lie_in_the_window_and_fit_the_kind(broadcast):
    errors = errors_of(
        broadcast, kind="deadlines", start="01/01/2024", end="30/06/2024",
        deadlines=["10/03/2024", "15/07/2024", "20/08/2024"],
    )
    assert errors == {"deadlines": ["Hạn 15/07/2024, 20/08/2024 nằm ngoài khoảng 01/01/2024 - 30/06/2024."]}
    assert errors_of(broadcast, kind="deadlines") == {
        "deadlines": ["Hãy nhập ít nhất một hạn (dd/mm/yyyy)."]
    }
    assert errors_of(broadcast, kind="deadline", deadlines=["10/03/2024", "10/06/2024"]) == {
        "deadlines": ["Lịch “Một lần, có hạn” chỉ có một hạn; có 2 hạn thì hãy chọn “Nhiều hạn”."]
    }
    assert errors_of(broadcast, kind="window", deadlines=["10/03/2024"]) == {
        "deadlines": ["Chỉ nhập các hạn với loại lịch “Một lần, có hạn” hoặc “Nhiều hạn”."]
    }


def test_impossible_and_malformed_dates_are_explained(broadcast):
    errors = errors_of(broadcast, start="30/02/2024", end="2024-13-01")
    assert errors["start"] == ["Ngày “30/02/2024” không có thật: tháng 2/2024 chỉ có 29 ngày."]
    assert errors["end"] == ["Ngày “2024-13-01” không có thật: không có tháng 13."]
    errors = errors_of(broadcast, kind="deadline", deadlines=["31/04/2024"], end="ngày mai")
    assert errors["end"] == ["“ngày mai” không phải là ngày; hãy viết theo dạng dd/mm/yyyy."]
    assert errors["deadlines"] == ["Ngày “31/04/2024” không có thật: tháng 4/2024 chỉ có 30 ngày."]
    assert parse_day("29/02/2024") == datetime.date(2024, 2, 29)
    assert parse_day("2024-06-30") == parse_day(" 30.06.2024 ") == datetime.date(2024, 6, 30)
    assert parse_day("") is None


def test_setting_twice_updates_the_one_schedule_and_clearing_removes_it(people, broadcast):
    first = schedule_set_by_hand(
        activity=broadcast, kind="recurring", start="01/01/2024", end="30/06/2024",
        count="3", per="month", actor=people["admin"],
    )
    assert (first.count, first.per, first.deadlines, first.set_by) == (3, "month", [], people["admin"])
    second = schedule_set_by_hand(
        activity=broadcast, kind="deadlines", start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 12, 31), deadlines=["10/12/2024", "10/06/2024", "10/06/2024"],
        actor=None,
    )
    assert second.pk == first.pk and ScheduleOverride.objects.count() == 1
    assert (second.count, second.per, second.deadlines) == (None, "", ["2024-06-10", "2024-12-10"])
    assert schedule_clear(activity=broadcast) is True
    assert schedule_clear(activity=broadcast) is False


def test_editors_of_the_plan_unit_may_set_schedules_even_on_issued_plans(tree, people, broadcast):
    assert broadcast.plan.status == PlanStatus.ISSUED
    province_editor = make_user("tinh.bientap", tree.province, Role.EDITOR)
    assert can_set_schedule(province_editor, broadcast)
    assert can_set_schedule(people["admin"], broadcast)
    assert not can_set_schedule(people["province_viewer"], broadcast)
    assert not can_set_schedule(people["commune_editor"], broadcast)  # leads it, but the plan is the province's
    assert not can_set_schedule(people["dept_editor"], broadcast)


def test_a_schedule_set_by_hand_changes_progress(tree, people, issued_plan, broadcast):
    def status(today: datetime.date) -> str:
        return next(p for p in plan_progress(issued_plan, today=today) if p.activity.pk == broadcast.pk).status

    broadcast.timing_text = "Theo chỉ đạo"
    broadcast.save()
    assert status(datetime.date(2024, 7, 1)) == "unknown"
    schedule_set_by_hand(
        activity=broadcast, kind="deadline", start="01/01/2024", end="30/06/2024",
        deadlines=["30/06/2024"], actor=people["admin"],
    )
    assert status(datetime.date(2024, 6, 1)) == "not_started"
    assert status(datetime.date(2024, 7, 1)) == "late"
    Output.objects.create(activity=broadcast, unit=tree.commune_a, kind="loudspeaker", date=datetime.date(2024, 5, 20))
    assert status(datetime.date(2024, 7, 1)) == "done"
    schedule_clear(activity=broadcast)
    assert status(datetime.date(2024, 7, 1)) == "unknown"


# --- The page ---------------------------------------------------------------------


@time_machine.travel(datetime.date(2024, 6, 15))
def test_schedule_page_shows_what_the_parser_understood_and_why_not(tree, people, broadcast):
    url = reverse("staff:schedule_edit", args=[broadcast.pk])
    page = client_for(people["province_viewer"]).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "“02 số/tháng”" in html and "2 lần mỗi tháng, từ 01/01/2024 đến 31/12/2024" in html
    assert "24 lần đến hạn" in html
    assert "<form method=\"post\" novalidate>" not in html  # a viewer only reads
    assert "người biên tập của cơ quan ban hành" in html

    broadcast.timing_text = "Theo chỉ đạo"
    broadcast.save()
    html = client_for(people["province_viewer"]).get(url).content.decode()
    assert "Chưa hiểu được." in html and REASON_UNKNOWN in html


@time_machine.travel(datetime.date(2024, 6, 15))
def test_schedule_page_permissions(tree, people, broadcast):
    url = reverse("staff:schedule_edit", args=[broadcast.pk])
    outsider = make_user("phutho.bientap", tree.other_province, Role.EDITOR)
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(people["nobody"]).post(url, {"kind": "window"}).status_code == 404
    body = {"kind": "window", "start": "01/06/2024", "end": "30/06/2024"}
    assert client_for(people["province_viewer"]).post(url, body).status_code == 403
    assert client_for(people["commune_editor"]).post(url, body).status_code == 403
    clear = reverse("staff:schedule_clear", args=[broadcast.pk])
    assert client_for(people["commune_editor"]).post(clear).status_code == 403
    assert client_for(outsider).post(clear).status_code == 404
    assert not ScheduleOverride.objects.exists()
    assert client_for(people["commune_editor"]).get(url).status_code == 200  # may read the plan


@time_machine.travel(datetime.date(2024, 6, 15))
def test_an_editor_sets_the_schedule_on_the_page_and_clears_it_after_confirming(tree, people, broadcast):
    editor = make_user("tinh.bientap", tree.province, Role.EDITOR)
    client = client_for(editor)
    url = reverse("staff:schedule_edit", args=[broadcast.pk])
    page = client.get(url)
    assert page.context["form"].initial["kind"] == "recurring"
    assert page.context["form"].initial["start"] == "01/01/2024"

    bad = client.post(url, {"kind": "deadlines", "start": "01/01/2024", "end": "30/06/2024", "deadlines": "31/06/2024"})
    assert bad.status_code == 200
    assert "Ngày “31/06/2024” không có thật: tháng 6/2024 chỉ có 30 ngày." in bad.content.decode()
    assert not ScheduleOverride.objects.exists()

    done = client.post(
        url,
        # count and per do not apply to deadlines: the form drops them.
        {"kind": "deadlines", "start": "01/01/2024", "end": "30/06/2024",
         "deadlines": "10/03/2024, 10/06/2024\n30/06/2024", "count": "2", "per": "month"},
    )
    assert done.status_code == 302 and done["Location"] == url
    override = ScheduleOverride.objects.get(activity=broadcast)
    assert override.deadlines == ["2024-03-10", "2024-06-10", "2024-06-30"]
    assert override.count is None and override.set_by == editor
    html = client.get(url).content.decode()
    assert "Đã đặt lịch cho hoạt động." in html
    assert "Lịch đặt tay: Các hạn: 10/03/2024, 10/06/2024, 30/06/2024 (đặt tay)" in html
    assert "3 lần đến hạn" in html

    clear = reverse("staff:schedule_clear", args=[broadcast.pk])
    confirm = client.get(clear)
    assert confirm.status_code == 200 and "Bỏ lịch đặt tay?" in confirm.content.decode()
    assert ScheduleOverride.objects.exists()
    cleared = client.post(clear, follow=True)
    assert "theo lại thời gian ghi trong kế hoạch" in cleared.content.decode()
    assert not ScheduleOverride.objects.exists()
    again = client.get(clear, follow=True)
    assert "không có lịch đặt tay" in again.content.decode()
