"""The fast submit path: the blank form's cached fields, few queries, e-mail through a task."""

from __future__ import annotations

import datetime
import io
import re
import socket

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks import default_task_backend

from cchc.feedback import services, tasks
from cchc.feedback.models import DeadlineRule, Feedback, Holiday, UnitSetting
from tests.feedback.conftest import data
from tests.feedback.test_public_views import URL, _form

pytestmark = pytest.mark.django_db
FIELDS = [
    "id_kind_0",
    "id_kind_1",
    "id_subject",
    "id_procedure_code",
    "id_subject_detail",
    "id_title",
    "id_content",
    "id_place",
    "id_attachments",
    "id_name",
    "id_phone",
    "id_email",
    "id_address",
    "id_consent_publish",
    "id_website",
    "id_answer",
    "id_token",
]


def _ids(page: str) -> list[str]:
    return re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', page)


@pytest.fixture
def dummy_tasks(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()  # type: ignore[attr-defined]
    yield default_task_backend
    default_task_backend.clear()  # type: ignore[attr-defined]


def test_the_blank_form_has_every_field_and_a_fresh_challenge_each_time(desk):
    first, second = (Client().get(URL).content.decode() for _ in range(2))
    assert sorted(_ids(first)) == sorted(FIELDS) == sorted(_ids(second))
    token = re.compile(r'name="token" value="([^"]+)"')
    assert token.search(first).group(1) != token.search(second).group(1)
    assert 'aria-describedby="id_content_helptext"' in first and "(bắt buộc)" in first


def test_a_prefilled_form_does_not_leak_into_the_blank_one(desk):
    client = Client()
    assert client.get(URL).status_code == 200  # the blank fields are now kept
    prefilled = client.get(URL + "?thu-tuc=1.000123").content.decode()
    assert 'value="1.000123"' in prefilled
    assert '<option value="procedure" selected>' in prefilled
    blank = client.get(URL).content.decode()
    assert "1.000123" not in blank and "selected>" not in blank


def test_errors_are_shown_on_their_fields_after_a_blank_form_was_kept(desk):
    client = Client()
    client.get(URL)
    response = client.post(URL, _form(client, title=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_title_error"' in page and "Hãy nhập tiêu đề." in page
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_title"', page)
    assert 'value="Lê Văn Tám"' in page  # what was typed is kept
    assert Feedback.objects.count() == 0
    # The next blank form carries none of it.
    blank = client.get(URL).content.decode()
    assert "aria-invalid" not in blank and "Lê Văn Tám" not in blank


def test_a_portal_submission_takes_few_queries(desk):
    client = Client()
    assert client.post(URL, _form(client, email="")).status_code == 302
    values = _form(client, email="")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, values)
    assert response.status_code == 302
    statements = [q["sql"] for q in queries.captured_queries]
    writes = [s for s in statements if s.startswith("INSERT")]
    assert len(writes) == 2  # the item and its first history row
    assert len(statements) <= 8, statements
    item = Feedback.objects.order_by("-pk").first()
    assert item is not None and item.receiving_unit == desk


def test_the_kept_desk_and_rules_follow_changes(tree, desk):
    first = services.submit(data=data(email=""), today=datetime.date(2026, 3, 2))
    assert first.receiving_unit_id == desk.pk
    assert first.due_on == datetime.date(2026, 3, 16)  # 10 working days
    setting = UnitSetting.objects.get(unit=desk)
    setting.is_default_desk = False
    setting.save()
    UnitSetting.objects.create(unit=tree.dept, is_default_desk=True)
    rule, _created = DeadlineRule.objects.get_or_create(
        kind="report", defaults={"working_days": 10}
    )
    rule.working_days = 3
    rule.save()
    second = services.submit(data=data(email=""), today=datetime.date(2026, 3, 2))
    assert second.receiving_unit_id == tree.dept.pk
    assert second.due_on == datetime.date(2026, 3, 5)
    Holiday.objects.create(date=datetime.date(2026, 3, 4), name="Nghỉ bù")
    third = services.submit(data=data(email=""), today=datetime.date(2026, 3, 2))
    assert third.due_on == datetime.date(2026, 3, 6)


def test_loading_holidays_drops_the_kept_setup(desk):
    services.submit(data=data(email=""), today=datetime.date(2026, 3, 2))
    assert cache.get(services.SETUP_KEY) is not None
    call_command("load_holidays", "2031", stdout=io.StringIO())
    assert cache.get(services.SETUP_KEY) is None
    assert datetime.date(2031, 9, 2) in services._setup()["calendar"].off


def test_the_tracking_code_mail_is_a_task_enqueued_after_the_commit(
    desk, dummy_tasks, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _form(client))
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert mail.outbox == []  # not sent inside the request
    [result] = dummy_tasks.results
    assert result.task.name == tasks.mail_citizen.name
    code, email, subject, body = result.args
    assert (code, email) == (item.code, "tam@example.vn")
    assert item.code in subject and "Mã tra cứu" in body
    assert tasks.mail_citizen.call(*result.args) is True
    assert mail.outbox[0].to == ["tam@example.vn"] and item.code in mail.outbox[0].body


def test_nothing_is_enqueued_when_the_submission_is_refused(
    desk, dummy_tasks, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert client.post(URL, _form(client, title="")).status_code == 400
    assert callbacks == []
    assert dummy_tasks.results == [] and Feedback.objects.count() == 0


def test_with_the_default_backend_the_mail_goes_at_once(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        item = services.submit(data=data(), receiving_unit=desk)
        assert mail.outbox == []  # only once committed
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["an.nguyen@example.vn"]]
    assert item.code in mail.outbox[0].subject


def test_a_mail_that_cannot_go_is_logged_not_raised(settings, caplog):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    assert tasks.mail_citizen.call("ABCDEFGHJK", "a@example.vn", "Tiêu đề", "Nội dung") is False
    assert "ABCDEFGHJK" in caplog.text


def test_when_the_queue_is_down_the_mail_is_sent_at_once(
    settings, desk, django_capture_on_commit_callbacks, caplog
):
    with socket.socket() as s:  # a Redis address nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{port}/0"}}
    with django_capture_on_commit_callbacks(execute=True):
        item = services.submit(data=data(), receiving_unit=desk)
    assert [m.to for m in mail.outbox] == [["an.nguyen@example.vn"]]
    assert item.code in mail.outbox[0].subject and "could not enqueue" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_taken_code_is_drawn_again_in_a_new_transaction(tree, monkeypatch):
    UnitSetting.objects.create(unit=tree.province, is_default_desk=True)
    first = services.submit(data=data(email=""), challenge="nonce-1")
    codes = iter([first.code, "ABCDEFGHJK"])
    monkeypatch.setattr(services, "new_code", lambda: next(codes))
    second = services.submit(data=data(email="", title="Lần thứ hai"), challenge="nonce-2")
    assert second.code == "ABCDEFGHJK"
    assert Feedback.objects.count() == 2
    assert second.events.count() == 1 and first.events.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_used_challenge_is_refused_by_the_database_too(tree):
    UnitSetting.objects.create(unit=tree.province, is_default_desk=True)
    services.submit(data=data(email=""), challenge="nonce-1")
    with pytest.raises(ValidationError) as refused:
        services.submit(data=data(email="", title="Gửi lại"), challenge="nonce-1")
    assert "answer" in refused.value.message_dict
    assert Feedback.objects.count() == 1


def test_without_a_default_desk_the_top_unit_receives(tree):
    assert services.default_desk() == tree.root
    item = services.submit(data=data(email=""))
    assert item.receiving_unit == tree.root
    UnitSetting.objects.create(unit=tree.province, is_default_desk=True)
    assert services.default_desk() == tree.province
