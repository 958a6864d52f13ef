"""Notifications: once per person and event, e-mailed once, resumable, listed per person."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from cchc.notify.models import Notification
from cchc.notify.services import notify, resend_pending, unread_count
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_notify_once_per_event(tree):
    user = make_user("nhan.vien", unit=tree.province)
    first = notify(
        [user, user], key="report-due:1:before-3", title="Sắp đến hạn báo cáo", link="/staff/"
    )
    again = notify([user], key="report-due:1:before-3", title="Sắp đến hạn báo cáo")
    assert len(first) == 1 and again == []
    assert Notification.objects.filter(user=user).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nhan.vien@example.org"]
    assert "http://127.0.0.1:8000/staff/" in mail.outbox[0].body


def test_failed_email_is_retried_without_duplicate(tree, settings, monkeypatch):
    user = make_user("nhan.vien2", unit=tree.province)
    import cchc.notify.services as svc

    def boom(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(svc, "send_mail", boom)
    with pytest.raises(OSError):
        notify([user], key="k1", title="T")
    note = Notification.objects.get(user=user, key="k1")
    assert note.emailed_at is None
    monkeypatch.undo()
    assert resend_pending() == 1
    assert resend_pending() == 0
    assert len(mail.outbox) == 1


def test_inactive_and_no_email_users(tree):
    quiet = make_user("khong.thu", unit=tree.province)
    quiet.email = ""
    quiet.save()
    gone = make_user("nghi.viec", unit=tree.province)
    gone.is_active = False
    gone.save()
    notify([quiet, gone], key="k2", title="T")
    assert Notification.objects.filter(key="k2").count() == 1
    assert mail.outbox == []


def test_list_is_personal_and_marks_read(tree):
    owner = make_user("chu", unit=tree.province)
    other = make_user("nguoi.khac", unit=tree.province)
    notify([owner], key="k3", title="Báo cáo quý I quá hạn", link="/staff/")
    note = Notification.objects.get(user=owner)
    assert unread_count(owner) == 1
    page = client_for(owner).get(reverse("staff:notifications"))
    assert "Báo cáo quý I quá hạn" in page.content.decode()
    assert (
        "Báo cáo quý I quá hạn"
        not in client_for(other).get(reverse("staff:notifications")).content.decode()
    )
    assert (
        client_for(other).post(reverse("staff:notification_open", args=[note.pk])).status_code
        == 404
    )
    resp = client_for(owner).post(reverse("staff:notification_open", args=[note.pk]))
    assert resp.status_code == 302 and resp["Location"] == "/staff/"
    assert unread_count(owner) == 0


def test_list_needs_login(client):
    resp = client.get(reverse("staff:notifications"))
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]
    assert client.get(reverse("staff:notification_open", args=[1])).status_code in (302, 405)
