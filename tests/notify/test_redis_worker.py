"""Reminders through the production engine: RQ on a real Redis, run by a real worker process.

The test enqueues ``send_reminders`` on a dedicated queue, copies its (in-memory) test
database to a file the worker process opens, runs ``cchc rqworker <queue> --burst`` and
checks that the notices were stored once and e-mailed once, to a real SMTP server on the
loopback interface; a second enqueue and worker run adds nothing. Skipped when Redis is
unreachable, unless ``CCHC_REQUIRE_REDIS=1`` (CI) makes that a failure.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django_tasks import TaskResultStatus

from cchc.notify.models import Notification
from cchc.notify.tasks import send_reminders
from cchc.orgs.models import Role
from tests.conftest import make_user
from tests.notify.test_tasks import smtp_inbox  # noqa: F401 - fixture
from tests.reports.conftest import periods, q1  # noqa: F401 - fixtures
from tests.tracking.conftest import _media, issued_plan, province_plan  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow

QUEUE = "cchc_test_reminders"
REDIS_URL = os.environ.get("CCHC_REDIS_URL", "redis://127.0.0.1:6379/0")
REPO = Path(__file__).resolve().parents[2]


def _redis_or_skip():  # type: ignore[no-untyped-def]
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        if os.environ.get("CCHC_REQUIRE_REDIS") == "1":
            pytest.fail(
                f"Redis at {REDIS_URL} is required (CCHC_REQUIRE_REDIS=1) but unreachable: {exc}"
            )
        pytest.skip(f"Redis at {REDIS_URL} is unreachable: {exc}")
    return client


@pytest.fixture
def rq_backend(settings):  # type: ignore[no-untyped-def]
    """The RQ backend on the real Redis, with a dedicated queue emptied first and after."""
    if connection.vendor != "sqlite":
        pytest.skip("runs once, in the SQLite run (the worker opens a copy of the test database)")
    _redis_or_skip()
    import django_rq

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", QUEUE]}
    }
    settings.RQ_QUEUES = {name: {"URL": REDIS_URL} for name in ("default", QUEUE)}
    queue = django_rq.get_queue(QUEUE)
    queue.empty()
    yield queue
    queue.empty()


def _cchc() -> list[str]:
    script = Path(sys.executable).parent / "cchc"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cchc"]


def _copy_test_database(target: Path) -> None:
    """The worker is another process: give it the test database as a file."""
    connection.ensure_connection()
    with sqlite3.connect(target) as dest:
        connection.connection.backup(dest)
    dest.close()


def _run_worker(db_file: Path, tmp_path: Path, smtp_port: int) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{db_file}",
            "CCHC_DATA_DIR": str(tmp_path / "var"),
            "CCHC_TASK_BACKEND": "django_tasks_rq.RQBackend",
            "CCHC_REDIS_URL": REDIS_URL,
            "CCHC_TASK_QUEUES": QUEUE,
            "CCHC_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "CCHC_EMAIL_HOST": "127.0.0.1",
            "CCHC_EMAIL_PORT": str(smtp_port),
            "CCHC_EMAIL_USE_TLS": "false",
            "CCHC_SITE_URL": "http://127.0.0.1:8000",
            "CCHC_REMINDER_DAYS_BEFORE": "3",
        }
    )
    return subprocess.run(
        [*_cchc(), "rqworker", QUEUE, "--burst"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _stored(db_file: Path) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(db_file) as db:
        rows = db.execute(
            "SELECT u.username, n.key, n.emailed_at FROM notify_notification n"
            " JOIN orgs_user u ON u.id = n.user_id ORDER BY u.username, n.key"
        ).fetchall()
    db.close()
    return rows


@pytest.mark.django_db(transaction=True)
def test_reminders_run_once_on_a_real_redis_worker(
    q1,  # noqa: F811
    people,
    tree,
    rq_backend,
    smtp_inbox,  # noqa: F811
    settings,
    tmp_path,
):
    make_user("tinh.pheduyet", tree.province, Role.APPROVER)
    result = send_reminders.using(queue_name=QUEUE).enqueue("2024-03-11")
    assert result.status == TaskResultStatus.READY
    assert rq_backend.count == 1
    assert not Notification.objects.exists()  # nothing runs in this process

    db_file = tmp_path / "worker.sqlite3"
    _copy_test_database(db_file)
    worker = _run_worker(db_file, tmp_path, settings.EMAIL_PORT)
    assert worker.returncode == 0, worker.stderr[-3000:]

    done = send_reminders.get_result(result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL, done.errors
    assert done.return_value["cchc.reports.reminders"] == 7
    rows = _stored(db_file)
    assert len(rows) == 7
    assert all(emailed for _user, _key, emailed in rows)
    assert [user for user, _k, _e in rows].count("tinh.pheduyet") == 3
    assert len(smtp_inbox.messages) == 7
    assert len({(m["To"], m["Subject"]) for m in smtp_inbox.messages}) == 7
    assert {m["To"] for m in smtp_inbox.messages} == {
        "sonv.bientap@example.org",
        "sonv.quantri@example.org",
        "xa.bientap@example.org",
        "xa.quantri@example.org",
        "tinh.pheduyet@example.org",
    }

    # The same day again, on a second worker run: nothing new is stored or sent.
    again = send_reminders.using(queue_name=QUEUE).enqueue("2024-03-11")
    worker = _run_worker(db_file, tmp_path, settings.EMAIL_PORT)
    assert worker.returncode == 0, worker.stderr[-3000:]
    assert send_reminders.get_result(again.id).return_value["cchc.reports.reminders"] == 0
    assert _stored(db_file) == rows
    assert len(smtp_inbox.messages) == 7
    assert rq_backend.count == 0
