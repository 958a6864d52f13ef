"""Report deadline reminders: before, on the day, overdue, to the superior; exactly once."""

from __future__ import annotations

import datetime
import email
import email.header
import logging

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from cchc.notify.models import Notification
from cchc.notify.services import resend_pending
from cchc.orgs.models import Role
from cchc.orgs.services import UnitData, unit_create
from cchc.reports import reminders
from cchc.reports.models import ReportingPeriod
from cchc.reports.services import NarrativeData, report_open, report_submit
from tests.conftest import client_for, make_user
from tests.notify.test_tasks import smtp_inbox  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

D = datetime.date
Q1_DEADLINE = D(2024, 3, 10)  # quý I/2024 of the issued province plan (tests/reports/conftest.py)


@pytest.fixture(autouse=True)
def _locmem_mail(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REMINDER_DAYS_BEFORE = [3]


@pytest.fixture
def approver(tree):  # type: ignore[no-untyped-def]
    """The province's approver: the reports of its departments and communes go to it."""
    return make_user("tinh.pheduyet", tree.province, Role.APPROVER)


def keys_of(user) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(Notification.objects.filter(user=user).values_list("key", flat=True))


def test_event_for_each_day_around_a_deadline():
    deadline = D(2026, 3, 10)
    got = {
        offset: reminders.event_for(deadline, deadline + datetime.timedelta(days=offset), [7, 3])
        for offset in range(-10, 10)
    }
    assert got[-10] is None and got[-8] is None
    assert got[-7] == got[-4] == "before-7"
    assert got[-3] == got[-1] == "before-3"
    assert got[0] == "due"
    assert got[1] == got[7] == "overdue"
    assert got[8] is None


def test_days_before_accepts_a_comma_list(settings):
    settings.REMINDER_DAYS_BEFORE = "1, 7,3,3"
    assert reminders.days_before() == [7, 3, 1]
    settings.REMINDER_DAYS_BEFORE = [3]
    assert reminders.days_before() == [3]


def test_before_on_the_day_and_overdue_reach_the_unit_and_the_superior(q1, people, approver):
    dept_people = [people["dept_editor"], people["dept_admin"]]
    commune_people = [people["commune_editor"], people["commune_admin"]]

    assert reminders.run(D(2024, 3, 6)) == 0  # 4 days before: nothing yet
    assert reminders.run(D(2024, 3, 7)) == 4  # 3 days before: dept and commune A, 2 people each
    note = Notification.objects.get(user=people["dept_editor"])
    assert (
        note.key
        == f"report-due:{q1.pk}:{people['dept_editor'].role_assignments.get().unit_id}:2024-03-10:before-3"
    )
    assert note.title == "Còn 3 ngày đến hạn gửi báo cáo Quý I/2024 (10/03/2024)"
    assert "Sở Nội vụ chưa gửi báo cáo Quý I/2024" in note.body
    assert "Hạn gửi: 10/03/2024" in note.body
    assert note.link == f"/staff/plans/{q1.plan_id}/reporting/"
    assert note.kind == reminders.KIND
    # Commune B has nobody to tell; viewers and the superior are not told before the deadline.
    assert not Notification.objects.filter(user__in=[people["province_viewer"], approver]).exists()

    assert reminders.run(D(2024, 3, 10)) == 4
    assert Notification.objects.get(user=people["commune_editor"], key__endswith=":due").title == (
        "Hôm nay (10/03/2024) là hạn gửi báo cáo Quý I/2024"
    )

    assert reminders.run(D(2024, 3, 11)) == 4 + 3  # overdue to the units, 3 units to the superior
    overdue = Notification.objects.get(user=people["dept_admin"], key__endswith=":overdue")
    assert overdue.title == "Quá hạn gửi báo cáo Quý I/2024 (hạn 10/03/2024)"
    assert "đã quá hạn 1 ngày" in overdue.body
    boss = Notification.objects.filter(user=approver).order_by("key")
    assert [n.key.rsplit(":", 1)[1] for n in boss] == ["overdue-superior"] * 3
    assert {n.title for n in boss} == {
        "Sở Nội vụ chưa gửi báo cáo Quý I/2024 (quá hạn 10/03/2024)",
        "UBND xã Minh Đức chưa gửi báo cáo Quý I/2024 (quá hạn 10/03/2024)",
        "UBND phường Cẩm Thành chưa gửi báo cáo Quý I/2024 (quá hạn 10/03/2024)",
    }
    assert all(n.link == f"/staff/reporting-periods/{q1.pk}/completeness/" for n in boss)

    for person in dept_people + commune_people:
        assert [k.rsplit(":", 1)[1] for k in keys_of(person)] == ["before-3", "due", "overdue"]
    assert len(mail.outbox) == Notification.objects.count() == 4 + 4 + 7
    assert not Notification.objects.filter(user=people["province_viewer"]).exists()


def test_never_twice_the_same_day_or_across_days(q1, people, approver):
    assert reminders.run(D(2024, 3, 7)) == 4
    assert reminders.run(D(2024, 3, 7)) == 0
    assert reminders.run(D(2024, 3, 8)) == 0  # "3 days before" is caught up only once
    assert reminders.run(D(2024, 3, 9)) == 0
    assert reminders.run(D(2024, 3, 11)) == 7
    for day in (12, 13, 17):
        assert reminders.run(D(2024, 3, day)) == 0
    assert reminders.run(D(2024, 3, 18)) == 0  # past the catch-up window: nothing at all
    assert len(mail.outbox) == Notification.objects.count() == 11
    sent = [(m.to[0], m.subject) for m in mail.outbox]
    assert len(sent) == len(set(sent))


def test_a_missed_day_is_caught_up_once(q1, people, approver):
    """The job did not run on 11/03: the overdue notices go on 13/03, once."""
    assert reminders.run(D(2024, 3, 13)) == 7
    assert reminders.run(D(2024, 3, 14)) == 0
    assert "đã quá hạn 3 ngày" in Notification.objects.get(user=people["dept_editor"]).body


def test_several_days_before(q1, people, settings):
    settings.REMINDER_DAYS_BEFORE = "7,3"
    assert reminders.run(D(2024, 3, 2)) == 0
    assert reminders.run(D(2024, 3, 3)) == 4
    assert reminders.run(D(2024, 3, 5)) == 0
    assert reminders.run(D(2024, 3, 7)) == 4
    assert [k.rsplit(":", 1)[1] for k in keys_of(people["dept_editor"])] == ["before-3", "before-7"]


def test_a_unit_that_submitted_is_not_reminded(q1, people, approver, tree):
    report = report_open(period=q1, unit=tree.dept, actor=people["dept_editor"])
    report_submit(
        report=report,
        data=NarrativeData(results="Đã đăng 12 tin bài."),
        actor=people["dept_editor"],
    )
    assert reminders.run(D(2024, 3, 10)) == 2  # commune A only
    assert not Notification.objects.filter(user=people["dept_editor"]).exists()
    assert reminders.run(D(2024, 3, 11)) == 2 + 2  # commune A, and the superior about A and B
    assert Notification.objects.filter(user=approver).count() == 2


def test_a_drafted_report_links_to_it(q1, people, tree):
    report = report_open(period=q1, unit=tree.commune_a, actor=people["commune_editor"])
    reminders.run(D(2024, 3, 10))
    note = Notification.objects.get(user=people["commune_editor"])
    assert note.link == f"/staff/reports/{report.pk}/"


def test_people_without_email_or_inactive(q1, people):
    quiet = people["commune_editor"]
    quiet.email = ""
    quiet.save()
    gone = people["commune_admin"]
    gone.is_active = False
    gone.save()
    assert reminders.run(D(2024, 3, 10)) == 3  # dept: 2, commune A: the one without e-mail
    assert Notification.objects.filter(user=quiet).count() == 1
    assert not Notification.objects.filter(user=gone).exists()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "sonv.bientap@example.org",
        "sonv.quantri@example.org",
    ]
    assert resend_pending() == 0


def test_draft_plans_are_not_reminded(q1, people):
    q1.plan.status = "draft"
    q1.plan.save(update_fields=["status"])
    assert reminders.run(D(2024, 3, 10)) == 0


def test_locked_periods_are_not_reminded(q1, people):
    from django.utils import timezone

    q1.locked_at = timezone.now()
    q1.save(update_fields=["locked_at"])
    assert reminders.run(D(2024, 3, 10)) == 0
    q1.locked_at = None
    q1.save(update_fields=["locked_at"])
    assert reminders.run(D(2024, 3, 10)) > 0


def test_crash_half_way_resumes_without_duplicates(q1, people, approver, monkeypatch):
    real_notify = reminders.notify
    calls = {"n": 0}

    def crashing_notify(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] > 3:
            raise RuntimeError("mất điện giữa chừng")
        return real_notify(*args, **kwargs)

    monkeypatch.setattr(reminders, "notify", crashing_notify)
    with pytest.raises(RuntimeError):
        reminders.run(D(2024, 3, 11))
    stored = Notification.objects.count()
    assert 0 < stored < 7
    assert mail.outbox == []  # stored first, e-mailed after: the crash came in between

    monkeypatch.setattr(reminders, "notify", real_notify)
    assert reminders.run(D(2024, 3, 11)) == 7 - stored
    assert resend_pending() == stored  # the crashed run's e-mails
    assert reminders.run(D(2024, 3, 11)) == 0
    assert resend_pending() == 0
    assert Notification.objects.count() == len(mail.outbox) == 7
    sent = [(m.to[0], m.subject) for m in mail.outbox]
    assert len(sent) == len(set(sent))


def test_impossible_deadline_is_skipped_with_a_warning(periods, people, caplog):
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite can hold an impossible date (PostgreSQL refuses it on write)")
    q1, h1 = periods[0], periods[1]
    ReportingPeriod.objects.filter(pk=h1.pk).update(deadline=D(2024, 3, 10))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reports_reportingperiod SET deadline = %s WHERE id = %s", ["2024-02-30", q1.pk]
        )
    with caplog.at_level(logging.WARNING, logger="cchc.reports.reminders"):
        assert reminders.run(D(2024, 2, 28)) == 0
        assert reminders.run(D(2024, 3, 10)) == 4  # the readable period still goes out
    assert f"reporting period {q1.pk} has an impossible date" in caplog.text
    assert {n.key.split(":")[1] for n in Notification.objects.all()} == {str(h1.pk)}


def test_moving_the_deadline_reminds_again(q1, people):
    assert reminders.run(D(2024, 3, 10)) == 4
    ReportingPeriod.objects.filter(pk=q1.pk).update(deadline=D(2024, 3, 20))
    assert reminders.run(D(2024, 3, 20)) == 4
    assert reminders.run(D(2024, 3, 20)) == 0


def test_reminders_arrive_by_real_smtp(q1, people, approver, smtp_inbox):  # noqa: F811
    assert reminders.run(D(2024, 3, 11)) == 7
    assert reminders.run(D(2024, 3, 11)) == 0
    assert len(smtp_inbox.messages) == 7
    by_to: dict[str, list[email.message.Message]] = {}
    for message in smtp_inbox.messages:
        by_to.setdefault(message["To"], []).append(message)
    assert sorted(by_to) == sorted(
        [
            "sonv.bientap@example.org",
            "sonv.quantri@example.org",
            "xa.bientap@example.org",
            "xa.quantri@example.org",
        ]
        + ["tinh.pheduyet@example.org"]
    )
    assert len(by_to["tinh.pheduyet@example.org"]) == 3
    message = by_to["xa.bientap@example.org"][0]
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert subject == "Quá hạn gửi báo cáo Quý I/2024 (hạn 10/03/2024)"
    body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
    assert "UBND xã Minh Đức chưa gửi báo cáo Quý I/2024" in body
    assert f"http://127.0.0.1:8000/staff/plans/{q1.plan_id}/reporting/" in body
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_running_again_costs_a_fixed_number_of_queries(
    q1, people, approver, tree, django_assert_max_num_queries
):
    for i in range(10):  # more units with people: the rerun's query count must not grow
        commune = unit_create(
            parent=tree.province, data=UnitData(name=f"Xã Thử {i}", kind="commune")
        )
        make_user(f"xa.thu{i}", commune, Role.EDITOR)
    assert reminders.run(D(2024, 3, 11)) == 4 + 10 + 13
    with django_assert_max_num_queries(6):
        assert reminders.run(D(2024, 3, 11)) == 0


def test_reminders_are_listed_for_their_recipients_only(q1, people, approver):
    reminders.run(D(2024, 3, 11))
    page = client_for(people["commune_editor"]).get(reverse("staff:notifications"))
    assert page.status_code == 200
    assert "Quá hạn gửi báo cáo Quý I/2024 (hạn 10/03/2024)" in page.content.decode()
    boss_page = client_for(approver).get(reverse("staff:notifications")).content.decode()
    assert "UBND xã Minh Đức chưa gửi báo cáo Quý I/2024" in boss_page
    other = (
        client_for(people["province_viewer"]).get(reverse("staff:notifications")).content.decode()
    )
    assert "Quý I/2024" not in other


def test_a_period_that_cannot_be_read_does_not_stop_the_others(
    periods, people, monkeypatch, caplog
):
    q1, h1 = periods[0], periods[1]
    ReportingPeriod.objects.filter(pk=h1.pk).update(deadline=D(2024, 3, 10))
    real = reminders.period_completeness

    def broken_for_q1(period, *args, **kwargs):  # type: ignore[no-untyped-def]
        if period.pk == q1.pk:
            raise ValueError("dữ liệu hỏng")
        return real(period, *args, **kwargs)

    monkeypatch.setattr(reminders, "period_completeness", broken_for_q1)
    with caplog.at_level(logging.ERROR, logger="cchc.reports.reminders"):
        assert reminders.run(D(2024, 3, 10)) == 4
    assert f"reporting period {q1.pk} could not be read" in caplog.text
    assert {n.key.split(":")[1] for n in Notification.objects.all()} == {str(h1.pk)}
