"""Reminders of report deadlines: which notices are due on a given day, and sending them.

For each reporting period of an approved or issued plan, every expected unit (see
``selectors.expected_units``) whose report has not been received (submitted or accepted)
gets, through ``cchc.notify``:

* ``before-N``: N days before the deadline, for each N of ``REMINDER_DAYS_BEFORE``
  (``CCHC_REMINDER_DAYS_BEFORE``, default 3). A day missed (the job did not run) is caught
  up: 2 days before, the "3 days before" notice still goes if it was not sent;
* ``due``: on the deadline day;
* ``overdue``: after the deadline (normally the day after; caught up for
  ``OVERDUE_CATCH_UP_DAYS`` days if the job did not run), once;
* ``overdue-superior``: with the overdue notice, to the unit the report goes to
  (``selectors.receiver``): one notice per overdue subordinate.

Recipients: the active people holding editor role or higher on the reporting unit itself;
for the superior, approver or higher on the receiving unit. Each notice's key is
``report-due:<period>:<unit>:<deadline>:<event>``, and ``notify`` stores a person's notice
for a key at most once, so running a day again (or resuming a run that crashed half-way)
sends nothing twice; moving a deadline makes new events. Notices are stored first, then
e-mailed; an e-mail that fails is retried by ``notify.services.resend_pending``.

A period whose dates cannot be read (an impossible date such as 30/02 written straight to
the database) is skipped with a logged warning; it never stops the run.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import CharField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cchc.notify.models import Notification
from cchc.notify.services import notify, send_pending
from cchc.orgs.models import ROLE_RANK, Role, RoleAssignment, Unit, User
from cchc.plans.models import PlanStatus
from cchc.reports.models import Report, ReportingPeriod
from cchc.reports.selectors import period_completeness, receiver

log = logging.getLogger(__name__)

KIND = "report-reminder"
OVERDUE_CATCH_UP_DAYS = 7
KEY_BATCH = 500
ACTIVE_PLAN_STATUSES = (PlanStatus.APPROVED, PlanStatus.ISSUED)
DATE_FIELDS = ("start", "cutoff", "deadline")


def days_before() -> list[int]:
    """The configured "N days before" thresholds, largest first."""
    raw: Any = getattr(settings, "REMINDER_DAYS_BEFORE", [3])
    if isinstance(raw, str):
        raw = [int(x) for x in raw.split(",") if x.strip()]
    return sorted({int(n) for n in raw if int(n) > 0}, reverse=True) or [3]


@dataclass(frozen=True)
class Event:
    """One reminder: who gets it (a unit and a least role), what it says, its unique key."""

    period: ReportingPeriod
    unit: Unit  # the unit that has not reported
    event: str  # before-N / due / overdue / overdue-superior
    recipients_unit: Unit
    least_role: str

    @property
    def key(self) -> str:
        return (
            f"report-due:{self.period.pk}:{self.unit.pk}:"
            f"{self.period.deadline.isoformat()}:{self.event}"
        )


def event_for(deadline: datetime.date, today: datetime.date, thresholds: list[int]) -> str | None:
    """The reporting unit's event on ``today`` for a deadline (no database)."""
    days_left = (deadline - today).days
    if days_left == 0:
        return "due"
    if days_left < 0:
        return "overdue" if -days_left <= OVERDUE_CATCH_UP_DAYS else None
    passed = [n for n in thresholds if n >= days_left]
    return f"before-{min(passed)}" if passed else None


def _readable_period_ids(today: datetime.date, thresholds: list[int]) -> list[int]:
    """Open periods around ``today`` whose dates are real dates; the others are logged."""
    lo = today - datetime.timedelta(days=OVERDUE_CATCH_UP_DAYS)
    hi = today + datetime.timedelta(days=max(thresholds))
    # A locked period takes no more reports: nobody is reminded of it.
    periods = ReportingPeriod.objects.filter(
        plan__status__in=ACTIVE_PLAN_STATUSES,
        deadline__gte=lo,
        deadline__lte=hi,
        locked_at__isnull=True,
    ).order_by("pk")
    if connection.vendor != "sqlite":
        # PostgreSQL refuses an impossible date on write: every stored date is readable.
        return list(periods.values_list("pk", flat=True))
    # SQLite keeps dates as text and takes anything: read them as text first.
    rows = periods.annotate(
        **{f"raw_{name}": Cast(name, CharField()) for name in DATE_FIELDS}
    ).values_list("pk", *(f"raw_{name}" for name in DATE_FIELDS))
    ids = []
    for pk, *raw in rows:
        try:
            for value in raw:
                datetime.date.fromisoformat(str(value)[:10])
        except ValueError:
            log.warning(
                "reminders: reporting period %s has an impossible date %s; skipped", pk, raw
            )
            continue
        ids.append(pk)
    return ids


def events_for(today: datetime.date) -> list[Event]:
    """Every reminder due on ``today`` (already sent ones included: ``notify`` skips them)."""
    thresholds = days_before()
    periods = ReportingPeriod.objects.filter(pk__in=_readable_period_ids(today, thresholds))
    events: list[Event] = []
    for period in periods.select_related("plan__unit", "to_unit").order_by("deadline", "pk"):
        event = event_for(period.deadline, today, thresholds)
        if event is None:
            continue
        try:
            events += _period_events(period, event)
        except Exception:  # one broken period must not stop the reminders of the others
            log.exception("reminders: reporting period %s could not be read; skipped", period.pk)
    return events


def _period_events(period: ReportingPeriod, event: str) -> list[Event]:
    events = []
    for row in period_completeness(period).rows:
        if row.state != "missing":
            continue
        events.append(Event(period, row.unit, event, row.unit, Role.EDITOR))
        if event == "overdue":
            boss = receiver(Report(period=period, unit=row.unit))
            events.append(Event(period, row.unit, "overdue-superior", boss, Role.APPROVER))
    return events


def recipients(unit: Unit, least_role: str) -> list[User]:
    """Active people holding ``least_role`` or higher on the unit itself."""
    return _recipients({unit.pk}).get((unit.pk, least_role), [])


def _recipients(unit_ids: set[int]) -> dict[tuple[int, str], list[User]]:
    """(unit id, least role) -> the active people holding that role or higher on the unit."""
    least = ROLE_RANK[Role.EDITOR]
    roles = [role for role, rank in ROLE_RANK.items() if rank >= least]
    out: dict[tuple[int, str], list[User]] = defaultdict(list)
    ids = sorted(unit_ids)
    for i in range(0, len(ids), KEY_BATCH):
        rows = (
            RoleAssignment.objects.filter(
                unit_id__in=ids[i : i + KEY_BATCH], role__in=roles, user__is_active=True
            )
            .select_related("user")
            .order_by("user_id", "pk")
        )
        for row in rows:
            for wanted in (Role.EDITOR, Role.APPROVER):
                people = out[(row.unit_id, wanted)]
                if row.rank >= ROLE_RANK[wanted] and row.user not in people:
                    people.append(row.user)
    return out


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def message(event: Event, today: datetime.date) -> tuple[str, str, str]:
    """Title, body and link of a reminder, in Vietnamese."""
    period = event.period
    names = {
        "period": period.label,
        "plan": period.plan.title,
        "unit": event.unit.display_name,
        "deadline": _d(period.deadline),
        "to": period.to_unit.display_name,
        "days": (period.deadline - today).days,
        "late": (today - period.deadline).days,
    }
    if event.event == "overdue-superior":
        title = _("%(unit)s chưa gửi báo cáo %(period)s (quá hạn %(deadline)s)") % names
        body = (
            _(
                "Đơn vị %(unit)s chưa gửi báo cáo %(period)s của %(plan)s; hạn gửi là ngày "
                "%(deadline)s, đã quá %(late)d ngày."
            )
            % names
        )
        return title, body, period.get_absolute_url()
    if event.event == "due":
        title = _("Hôm nay (%(deadline)s) là hạn gửi báo cáo %(period)s") % names
    elif event.event == "overdue":
        title = _("Quá hạn gửi báo cáo %(period)s (hạn %(deadline)s)") % names
    else:
        title = _("Còn %(days)d ngày đến hạn gửi báo cáo %(period)s (%(deadline)s)") % names
    body = (
        _(
            "Đơn vị %(unit)s chưa gửi báo cáo %(period)s của %(plan)s. Hạn gửi: %(deadline)s, "
            "gửi về %(to)s."
        )
        % names
    )
    if event.event == "overdue":
        body += " " + _("Báo cáo đã quá hạn %(late)d ngày, đề nghị gửi ngay.") % names
    report = Report.objects.filter(period=period, unit=event.unit).only("pk").first()
    link = (
        report.get_absolute_url()
        if report
        else reverse("staff:plan_reporting", args=[period.plan_id])
    )
    return title, body, link


def _already_told(events: list[Event]) -> set[tuple[str, int]]:
    """(key, user id) of the notices already stored for these events (a few queries)."""
    keys = sorted({e.key for e in events})
    told: set[tuple[str, int]] = set()
    for i in range(0, len(keys), KEY_BATCH):
        told.update(
            Notification.objects.filter(key__in=keys[i : i + KEY_BATCH]).values_list(
                "key", "user_id"
            )
        )
    return told


def run(today: datetime.date) -> int:
    """Store and e-mail the reminders due on ``today``; return how many notices are new.

    Events everybody was already told about are skipped without more queries, so running
    the job every hour costs little once the day's notices are out.
    """
    created = []
    events = events_for(today)
    told = _already_told(events)
    people_of = _recipients({e.recipients_unit.pk for e in events})
    with translation.override(settings.LANGUAGE_CODE):
        for event in events:
            where = (event.recipients_unit.pk, event.least_role)
            people = [p for p in people_of.get(where, []) if (event.key, p.pk) not in told]
            if not people:
                continue
            title, body, link = message(event, today)
            created += notify(
                people, key=event.key, title=title, body=body, link=link, kind=KIND, email=False
            )
    for note in created:
        try:
            send_pending(note)
        except Exception:  # noqa: S112 - logged by send_pending; resend_pending retries it
            continue
    return len(created)
