"""The embedded reminder schedule: enqueue ``send_reminders`` once at start, then every
``REMINDER_INTERVAL`` seconds (``CCHC_REMINDER_INTERVAL``, default 3600).

``cchc demo`` runs it in a daemon thread next to the web server (the default backend then
runs the reminders in that thread); ``cchc scheduler`` runs it in the foreground for
production, next to ``cchc rqworker``, enqueuing onto the configured backend. A tick never
raises: a failure (Redis down, a job that crashed) is logged and the next tick tries again;
the jobs themselves never send a notice twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections

log = logging.getLogger(__name__)


def enqueue_reminders() -> Any:
    """Put one ``send_reminders`` run (for today) on the configured task backend."""
    from cchc.notify.tasks import send_reminders

    return send_reminders.enqueue()


class ReminderScheduler:
    def __init__(
        self, interval: float | None = None, job: Callable[[], Any] = enqueue_reminders
    ) -> None:
        self.interval = float(interval if interval is not None else settings.REMINDER_INTERVAL)
        if self.interval <= 0:
            raise ValueError("interval must be greater than 0")
        self.job = job
        self.ticks = 0
        self.failures = 0
        self._stop = threading.Event()
        self.thread: threading.Thread | None = None

    def tick(self) -> Any:
        """One scheduled run: enqueue the job; log (never raise) a failure. Returns its result."""
        self.ticks += 1
        background = threading.current_thread() is not threading.main_thread()
        if background:
            close_old_connections()
        try:
            return self.job()
        except Exception:
            self.failures += 1
            log.exception("scheduled reminders could not run")
            return None
        finally:
            if background:  # the thread's own connections; the next tick opens new ones
                connections.close_all()

    def run(self) -> None:
        """Tick now, then every ``interval`` seconds until ``stop``."""
        while not self._stop.is_set():
            self.tick()
            self._stop.wait(self.interval)

    def start(self) -> ReminderScheduler:
        """Run in a daemon thread (it ends with the process)."""
        self.thread = threading.Thread(target=self.run, name="cchc-reminders", daemon=True)
        self.thread.start()
        return self

    def stop(self, timeout: float | None = None) -> None:
        self._stop.set()
        if self.thread is not None:
            self.thread.join(timeout)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()
