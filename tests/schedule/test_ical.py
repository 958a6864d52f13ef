"""The private iCalendar feeds, read back with the icalendar library."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from cchc.orgs.models import Role
from cchc.orgs.services import role_grant
from cchc.plans.models import Activity, Plan
from cchc.plans.services import plan_create
from cchc.schedule.models import CalendarToken
from cchc.schedule.services import calendar_token_for, schedule_set_by_hand
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
MONTH_ENDS_2024 = [
    datetime.date(2024, m, 1).replace(day=[31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1])
    for m in range(1, 13)
]


def unit_feed(unit_pk: int, token: str) -> str:
    return reverse("ical_unit", kwargs={"unit_pk": unit_pk, "token": token})


def user_feed(token: str) -> str:
    return reverse("ical_user", kwargs={"token": token})


def fetch(url: str) -> Calendar:
    response = Client().get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> list:  # type: ignore[type-arg]
    return list(calendar.walk("VEVENT"))


def summary_of(event) -> str:  # type: ignore[no-untyped-def]
    return str(event["SUMMARY"])


@time_machine.travel(TODAY)
def test_unit_feed_has_one_all_day_event_per_due_occurrence(tree, people, broadcast):
    token = calendar_token_for(people["commune_editor"]).token
    calendar = fetch(unit_feed(tree.commune_a.pk, token))

    assert str(calendar["VERSION"]) == "2.0"
    assert "CCHC" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Hạn công việc CCHC - UBND xã Minh Đức"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"

    found = events(calendar)
    # Portal: a monthly check (12); broadcast: 2 a month (24); its sub-activity: Q1 (1).
    assert len(found) == 12 + 24 + 1
    uids = [str(e["UID"]) for e in found]
    assert len(set(uids)) == len(uids)
    assert f"occ-{broadcast.pk}-20240630-1@cchc" in uids
    assert f"occ-{broadcast.pk}-20240630-2@cchc" in uids

    for event in found:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is datetime.date and end == start + datetime.timedelta(days=1)
        assert summary_of(event).startswith("Hạn: ")
        assert str(event["URL"]).startswith("http://testserver/")
        assert "DTSTAMP" in event

    broadcast_events = [e for e in found if summary_of(e) == f"Hạn: {BROADCAST}"]
    assert sorted({e.decoded("DTSTART") for e in broadcast_events}) == MONTH_ENDS_2024
    june = next(e for e in broadcast_events if str(e["UID"]).endswith("20240630-1@cchc"))
    description = str(june["DESCRIPTION"])
    assert "Kế hoạch số 40/KH-UBND: Kế hoạch tuyên truyền cải cách hành chính năm 2024" in description
    assert "Lịch: 2 lần mỗi tháng, từ 01/01/2024 đến 31/12/2024" in description
    assert "Đợt: Tháng 6/2024 (1/2)" in description
    assert "Chủ trì: UBND xã Minh Đức; UBND phường Cẩm Thành" in description


@time_machine.travel(TODAY)
def test_a_schedule_set_by_hand_gives_its_deadlines(tree, people, issued_plan):
    contest = Activity.objects.get(plan=issued_plan, title="Cuộc thi tìm hiểu CCHC")
    schedule_set_by_hand(
        activity=contest,
        kind="deadlines",
        start="2024-04-01",
        end="2024-09-30",
        deadlines=["2024-05-15", "2024-08-15", "2024-09-30"],
        actor=people["admin"],
    )
    token = calendar_token_for(people["dept_editor"]).token
    found = events(fetch(unit_feed(tree.dept.pk, token)))
    contest_events = [e for e in found if summary_of(e) == "Hạn: Cuộc thi tìm hiểu CCHC"]
    assert [e.decoded("DTSTART") for e in contest_events] == [
        datetime.date(2024, 5, 15),
        datetime.date(2024, 8, 15),
        datetime.date(2024, 9, 30),
    ]
    assert "(đặt tay)" in str(contest_events[0]["DESCRIPTION"])
    assert len(found) == 12 + 3  # the portal's monthly checks and the contest


@time_machine.travel(TODAY)
def test_personal_feed_joins_every_unit_of_the_user_once(tree, people, issued_plan):
    person = make_user("hai.don.vi", tree.dept, Role.EDITOR)
    role_grant(user=person, unit=tree.commune_a, role=Role.VIEWER)
    token = calendar_token_for(person).token
    calendar = fetch(user_feed(token))
    found = events(calendar)
    # Department: portal (12) + contest (1); commune: portal again, broadcast (24) + child (1).
    assert len(found) == 12 + 1 + 24 + 1
    assert len({str(e["UID"]) for e in found}) == len(found)
    assert "hai.don.vi" in str(calendar["X-WR-CALNAME"])

    lonely = calendar_token_for(people["nobody"]).token
    assert events(fetch(user_feed(lonely))) == []


@time_machine.travel(TODAY)
def test_draft_plans_are_not_in_the_feeds(tree, people, province_plan):
    token = calendar_token_for(people["commune_editor"]).token
    assert events(fetch(unit_feed(tree.commune_a.pk, token))) == []


@time_machine.travel(TODAY)
def test_wrong_token_unknown_unit_and_inactive_owner_are_not_found(tree, people, issued_plan):
    token = calendar_token_for(people["commune_editor"]).token
    client = Client()
    assert client.get(unit_feed(tree.commune_a.pk, "x" * 43)).status_code == 404
    assert client.get(user_feed("y" * 43)).status_code == 404
    assert client.get(f"/lich/ca-nhan/{token[:5]}.ics").status_code == 404
    assert client.get(unit_feed(999999, token)).status_code == 404
    people["commune_editor"].is_active = False
    people["commune_editor"].save()
    assert client.get(user_feed(token)).status_code == 404


@time_machine.travel(TODAY)
def test_a_unit_the_token_owner_may_not_see_is_not_found(tree, people, issued_plan):
    token = calendar_token_for(people["commune_editor"]).token
    assert Client().get(unit_feed(tree.commune_b.pk, token)).status_code == 404
    assert Client().get(unit_feed(tree.province.pk, token)).status_code == 404
    assert Client().get(unit_feed(tree.post_a.pk, token)).status_code == 200  # below the commune


@time_machine.travel(TODAY)
def test_rotating_the_token_stops_the_old_addresses(tree, people, issued_plan):
    user = people["commune_editor"]
    old = calendar_token_for(user).token
    assert Client().get(user_feed(old)).status_code == 200
    row = CalendarToken.objects.get(user=user)
    new = row.rotate()
    assert new != old and len(new) >= 40
    assert Client().get(user_feed(old)).status_code == 404
    assert Client().get(unit_feed(tree.commune_a.pk, old)).status_code == 404
    assert Client().get(user_feed(new)).status_code == 200
    assert Client().get(unit_feed(tree.commune_a.pk, new)).status_code == 200


@time_machine.travel(TODAY)
def test_feeds_page_creates_the_token_once_and_rotates_it_after_confirmation(tree, people, issued_plan):
    user = people["commune_editor"]
    client = client_for(user)
    assert not CalendarToken.objects.filter(user=user).exists()
    page = client.get(reverse("staff:calendar_feeds"))
    assert page.status_code == 200
    token = CalendarToken.objects.get(user=user).token
    html = page.content.decode()
    assert f"http://testserver{user_feed(token)}" in html
    assert f"http://testserver{unit_feed(tree.commune_a.pk, token)}" in html
    assert f"webcal://testserver{user_feed(token)}" in html
    assert "Tạo địa chỉ mới" in html
    client.get(reverse("staff:calendar_feeds"))
    assert CalendarToken.objects.get(user=user).token == token  # the same on later visits

    confirm = client.get(reverse("staff:calendar_feeds_rotate"))
    assert confirm.status_code == 200
    assert "ngừng hoạt động" in confirm.content.decode()
    assert CalendarToken.objects.get(user=user).token == token  # asking changes nothing
    done = client.post(reverse("staff:calendar_feeds_rotate"), follow=True)
    new = CalendarToken.objects.get(user=user).token
    assert new != token
    assert "Đã tạo địa chỉ mới" in done.content.decode()
    assert Client().get(user_feed(token)).status_code == 404
    assert Client().get(user_feed(new)).status_code == 200
    assert Client().get(reverse("staff:calendar_feeds")).status_code == 302  # login needed
