"""The reminder task, its command and the embedded schedule (default in-process backend)."""

from __future__ import annotations

import datetime
import email
import socket
import threading
from collections.abc import Iterator
from email.message import Message
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks import TaskResultStatus

from cchc.notify import tasks
from cchc.notify.models import Notification
from cchc.notify.scheduler import ReminderScheduler, enqueue_reminders
from cchc.orgs.models import Role
from cchc.reports import reminders
from tests.conftest import make_user
from tests.reports.conftest import periods, q1  # noqa: F401 - fixtures
from tests.tracking.conftest import _media, issued_plan, province_plan  # noqa: F401 - fixtures


class Inbox:
    """What a real SMTP server on the loopback interface received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_inbox(settings) -> Iterator[Inbox]:  # type: ignore[no-untyped-def]
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def locmem_mail(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REMINDER_DAYS_BEFORE = [3]


@pytest.fixture
def approver(tree):  # type: ignore[no-untyped-def]
    return make_user("tinh.pheduyet", tree.province, Role.APPROVER)


OVERDUE_DAY = datetime.date(2024, 3, 11)  # the day after quý I/2024's deadline


def test_the_task_runs_every_job_then_resends(db, q1, people, approver, locmem_mail):  # noqa: F811
    result = tasks.send_reminders.enqueue(OVERDUE_DAY.isoformat())
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["cchc.reports.reminders"] == 7
    assert result.return_value[tasks.RESENT] == 0
    again = tasks.send_reminders.enqueue(OVERDUE_DAY.isoformat())
    assert again.return_value["cchc.reports.reminders"] == 0
    assert Notification.objects.count() == len(mail.outbox) == 7


def test_absent_job_modules_are_skipped(db, q1, people, locmem_mail, monkeypatch):  # noqa: F811
    monkeypatch.setattr(
        tasks, "REMINDER_JOBS", ("cchc.reports.reminders", "cchc.khong_co.reminders")
    )
    counts = tasks.run_reminders(datetime.date(2024, 3, 10))
    assert counts == {"cchc.reports.reminders": 4, tasks.RESENT: 0}


def test_a_broken_job_fails_the_task_but_not_the_others(db, q1, people, locmem_mail, monkeypatch):  # noqa: F811
    monkeypatch.setattr(
        tasks, "REMINDER_JOBS", ("tests.notify.test_tasks", "cchc.reports.reminders")
    )
    result = tasks.send_reminders.enqueue("2024-03-10")
    assert result.status == TaskResultStatus.FAILED
    assert "ReminderJobsFailed" in result.errors[0].exception_class_path
    assert Notification.objects.count() == 4  # the reports job still ran


def run(today: datetime.date) -> int:
    """A reminder job that always breaks (used by the test above through REMINDER_JOBS)."""
    raise RuntimeError("hỏng")


def test_a_task_that_crashed_half_way_resumes_without_duplicates(
    db,
    q1,  # noqa: F811
    people,
    approver,
    smtp_inbox,
    settings,
    monkeypatch,
):
    real_notify = reminders.notify
    calls = {"n": 0}

    def crashing_notify(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("worker bị dừng")
        return real_notify(*args, **kwargs)

    monkeypatch.setattr(reminders, "notify", crashing_notify)
    first = tasks.send_reminders.enqueue(OVERDUE_DAY.isoformat())
    assert first.status == TaskResultStatus.FAILED
    stored = Notification.objects.count()
    assert 0 < stored < 7
    # The failed run already e-mailed what it stored (resend_pending runs after every job).
    assert len(smtp_inbox.messages) == stored

    second = tasks.send_reminders.enqueue(OVERDUE_DAY.isoformat())
    assert second.status == TaskResultStatus.SUCCESSFUL
    assert second.return_value["cchc.reports.reminders"] == 7 - stored
    assert Notification.objects.count() == len(smtp_inbox.messages) == 7
    sent = [(m["To"], m["Subject"]) for m in smtp_inbox.messages]
    assert len(sent) == len(set(sent))


def test_command_sends_for_a_given_day(db, q1, people, locmem_mail):  # noqa: F811
    out = StringIO()
    call_command("send_reminders", "--date", "10/03/2024", stdout=out)
    assert "nhắc hạn báo cáo định kỳ: 4 thông báo mới" in out.getvalue()
    assert "Đã gửi nhắc hạn." in out.getvalue()
    out = StringIO()
    call_command("send_reminders", "--date", "10/03/2024", stdout=out)
    assert "nhắc hạn báo cáo định kỳ: 0 thông báo mới" in out.getvalue()
    assert len(mail.outbox) == 4


@pytest.mark.parametrize("day", ["30/02/2024", "2024-03-10", "10/13/2024", "hôm nay", ""])
def test_command_refuses_a_bad_date(db, q1, people, locmem_mail, day):  # noqa: F811
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("send_reminders", "--date", day)
    assert not Notification.objects.exists()


def test_command_reports_a_failed_run(db, q1, people, locmem_mail, monkeypatch):  # noqa: F811
    monkeypatch.setattr(tasks, "REMINDER_JOBS", ("tests.notify.test_tasks",))
    with pytest.raises(CommandError, match="Gửi nhắc hạn bị lỗi"):
        call_command("send_reminders", "--date", "10/03/2024")


def test_scheduler_tick_enqueues_the_reminders(db, q1, people, locmem_mail, settings):  # noqa: F811
    settings.REMINDER_INTERVAL = 60
    scheduler = ReminderScheduler()
    assert scheduler.interval == 60
    result = scheduler.tick()
    assert result.status == TaskResultStatus.SUCCESSFUL  # today: nothing due in 2024's plan
    assert result.return_value["cchc.reports.reminders"] == 0
    assert scheduler.ticks == 1 and scheduler.failures == 0


def test_scheduler_tick_never_raises():
    def broken() -> None:
        raise ConnectionError("Redis không trả lời")

    scheduler = ReminderScheduler(interval=5, job=broken)
    assert scheduler.tick() is None
    assert scheduler.tick() is None
    assert scheduler.ticks == 2 and scheduler.failures == 2


def test_scheduler_thread_ticks_at_start_and_stops():
    ticked = threading.Event()
    seen: list[str] = []

    def job() -> str:
        seen.append(threading.current_thread().name)
        ticked.set()
        return "ok"

    scheduler = ReminderScheduler(interval=3600, job=job).start()
    assert ticked.wait(10)
    scheduler.stop(timeout=10)
    assert scheduler.thread is not None and not scheduler.thread.is_alive()
    assert scheduler.thread.daemon
    assert seen == ["cchc-reminders"]


def test_scheduler_refuses_a_bad_interval():
    with pytest.raises(ValueError):
        ReminderScheduler(interval=0)


def test_scheduler_command_once_and_bad_interval(db, q1, people, locmem_mail):  # noqa: F811
    out = StringIO()
    call_command("scheduler", "--once", stdout=out)
    assert "Đã đưa việc gửi nhắc hạn vào hàng đợi" in out.getvalue()
    with pytest.raises(CommandError, match="lớn hơn 0"):
        call_command("scheduler", "--interval", "0")


def test_enqueue_reminders_uses_the_configured_backend(db, q1, people, locmem_mail):  # noqa: F811
    result = enqueue_reminders()
    assert result.task.module_path == "cchc.notify.tasks.send_reminders"
    assert result.backend == "default"
