"""The contests' part of the scheduled run (``cchc.notify.tasks.send_reminders``)."""

from __future__ import annotations

import datetime

from cchc.contests.services import record_closed_rounds


def run(today: datetime.date) -> int:
    """Record every closed round not yet recorded as an output of its plan activity."""
    return record_closed_rounds()
