"""Reminders and escalation (never twice), the REST endpoints, the demo content."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client

from cchc.feedback import reminders, services
from cchc.feedback.demo import build_demo
from cchc.feedback.models import Feedback, Status
from cchc.notify.models import Notification
from tests.conftest import client_for
from tests.feedback.conftest import data, submitted

D = datetime.date
pytestmark = pytest.mark.django_db


def test_reminder_before_the_deadline_then_late_notice_and_escalation(desk, tree, staff, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    item = services.assign(
        item=submitted(desk), unit=tree.dept
    )  # received 10/02/2026, due 03/03 (10 working days, Tết)
    assert item.due_on == D(2026, 3, 3)
    assert reminders.run(D(2026, 2, 25)) == 0  # 4 working days left
    sent = reminders.run(D(2026, 3, 2))  # 1 working day left: the handling unit's staff
    recipients = set(Notification.objects.values_list("user__username", flat=True))
    assert (
        sent == len(recipients)
        and "sonv.bientap" in recipients
        and "tinh.lanhdao" not in recipients
    )
    assert reminders.run(D(2026, 3, 3)) == 0  # same deadline: not again
    late = reminders.run(D(2026, 3, 9))
    titles = list(
        Notification.objects.filter(key__contains=":late:").values_list("title", flat=True)
    )
    assert titles and "quá hạn" in titles[0]
    escalated = Notification.objects.filter(key__contains=":escalate:")
    assert set(escalated.values_list("user__username", flat=True)) == {"tinh.lanhdao"}
    assert late == Notification.objects.filter(key__regex=":(late|escalate):").count()
    assert reminders.run(D(2026, 3, 10)) == 0
    assert item.events.filter(action="escalate").count() == 1
    assert len(mail.outbox) == Notification.objects.count()


def test_answered_items_get_no_reminders(desk, tree, staff):
    item = services.accept(item=submitted(desk))
    item = services.assign(item=item, unit=tree.dept)
    item = services.start(item=item)
    item = services.draft(item=item, answer="Đã trả lời.")
    services.approve(item=item, today=D(2026, 2, 20))
    assert reminders.run(D(2026, 4, 1)) == 0


def test_api_list_and_detail_are_scoped_and_hide_personal_data(desk, tree, staff):
    item = services.assign(item=submitted(desk), unit=tree.dept)
    other = services.submit(data=data(title="Xã"), receiving_unit=tree.commune_a)
    rows = client_for(staff["dept_editor"]).get("/api/feedback/").json()["results"]
    assert [r["code"] for r in rows] == [item.code]
    assert rows[0]["name"] == "Nguyễn Văn An" and rows[0]["status"] == "assigned"
    viewer = client_for(staff["dept_viewer"]).get(f"/api/feedback/{item.pk}/").json()
    assert viewer["name"] is None and viewer["phone"] is None and "0912345678" not in str(viewer)
    assert client_for(staff["dept_editor"]).get(f"/api/feedback/{other.pk}/").status_code == 404
    assert Client().get("/api/feedback/").status_code in (401, 403)
    filtered = (
        client_for(staff["admin"]).get("/api/feedback/", {"status": "received"}).json()["results"]
    )
    assert [r["code"] for r in filtered] == [other.code]


def test_demo_is_idempotent(tree):
    first = build_demo({"province": tree.province})
    second = build_demo({"province": tree.province})
    assert "thêm 3" in first and "thêm 0" in second
    assert Feedback.objects.count() == 3
    assert Feedback.objects.filter(status=Status.PUBLISHED).count() == 1
    published = Feedback.objects.get(status=Status.PUBLISHED)
    assert "Trần Thị Bình" not in published.public_answer + published.public_content


def test_the_handling_unit_is_told_of_new_items_and_leaders_of_drafts(
    desk, tree, staff, django_capture_on_commit_callbacks
):
    item = services.accept(item=submitted(desk))
    with django_capture_on_commit_callbacks(execute=True):
        item = services.assign(item=item, unit=tree.dept)
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert {"sonv.bientap", "sonv.quantri", "sonv.lanhdao"} <= told and "sonv.xem" not in told
    item = services.start(item=item)
    with django_capture_on_commit_callbacks(execute=True):
        item = services.draft(item=item, answer="Dự thảo.")
        services.draft(item=item, answer="Dự thảo sửa.")
    drafts = Notification.objects.filter(key__contains=":draft:")
    assert set(drafts.values_list("user__username", flat=True)) == {"sonv.quantri", "sonv.lanhdao"}
    assert drafts.count() == 2  # the second draft is not announced again
