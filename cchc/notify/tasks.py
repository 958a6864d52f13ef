"""Background tasks of notifications, through django-tasks (one API, any backend).

``send_reminders`` runs every reminder job of ``REMINDER_JOBS`` for a day, then e-mails
whatever an earlier run stored but could not e-mail. With the default backend it runs
in-process when enqueued; with ``django_tasks_rq.RQBackend`` it goes onto Redis and a
``cchc rqworker`` runs it. Every job is safe to run again: a notice is stored once per
person and event, so two runs (or a run resumed after a crash) never send twice.
"""

from __future__ import annotations

import datetime
import importlib
import logging
from types import ModuleType

from django.utils import timezone
from django_tasks import task

from cchc.notify.services import resend_pending

log = logging.getLogger(__name__)

# Modules with ``run(today: date) -> int`` (the count of what they did); absent ones are
# skipped. Besides reminders, the contests job records closed rounds as plan outputs.
REMINDER_JOBS = ("cchc.reports.reminders", "cchc.feedback.reminders", "cchc.contests.jobs")
RESENT = "emails_resent"


def _job(path: str) -> ModuleType | None:
    try:
        return importlib.import_module(path)
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if path != missing and not path.startswith(missing + "."):
            raise  # the job exists but something it imports does not

        return None


class ReminderJobsFailed(RuntimeError):
    """Some reminder jobs failed; the others ran, and the next run resumes the failed ones."""


def run_reminders(today: datetime.date) -> dict[str, int]:
    """Every reminder job for ``today``, then the e-mails left pending; counts per job."""
    counts: dict[str, int] = {}
    failed: list[str] = []
    for path in REMINDER_JOBS:
        module = _job(path)
        if module is None:
            continue
        try:
            counts[path] = int(module.run(today))
        except Exception:
            log.exception("reminder job %s failed on %s", path, today)
            failed.append(path)
    counts[RESENT] = resend_pending()
    if failed:
        raise ReminderJobsFailed(f"reminder jobs failed: {', '.join(failed)}")
    return counts


@task()
def send_reminders(day_iso: str | None = None) -> dict[str, int]:
    """The reminders of ``day_iso`` (``YYYY-MM-DD``; default today in the site's time zone)."""
    today = datetime.date.fromisoformat(day_iso) if day_iso else timezone.localdate()
    return run_reminders(today)
