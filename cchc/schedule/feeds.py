"""What is due when, for a unit, a plan or a person; and the private iCalendar feeds.

The first half loads the due occurrences ("hạn") of activities, for the staff calendars
(``cchc.schedule.views``) and for the feeds, in a fixed number of queries whatever the
number of activities: the activities with their assignments and schedules set by hand
(``cchc.tracking.selectors._activities``), then, when statuses are wanted, the outputs
(``_outputs_by_activity``) that ``progress_for`` matches to the occurrences.

The second half serves ``/lich/don-vi/<unit>/<token>.ics`` and ``/lich/ca-nhan/<token>.ics``:
no login, the private token (:class:`~cchc.schedule.models.CalendarToken`) is the
credential; a wrong token, an inactive person or a unit the person may not see is a 404.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from cchc.orgs.models import Role, Unit
from cchc.orgs.permissions import has_role, role_paths, top_paths
from cchc.plans.models import Activity, ActivityUnit, Plan, PlanStatus, UnitRole
from cchc.schedule.models import CalendarToken
from cchc.schedule.selectors import activity_schedule
from cchc.schedule.timing import Occurrence, Schedule, occurrences, parse_timing
from cchc.tracking.selectors import _activities, _outputs_by_activity, progress_for

#: Status of one due occurrence, as the calendars show it (colour and text).
ENTRY_STATUS_LABELS = {
    "done": gettext_lazy("Đã có kết quả"),
    "late": gettext_lazy("Quá hạn"),
    "today": gettext_lazy("Đến hạn hôm nay"),
    "upcoming": gettext_lazy("Chưa đến hạn"),
    "planned": gettext_lazy("Dự kiến (kế hoạch chưa ban hành)"),
}

#: The feeds hold the due dates from this many days ago...
FEED_PAST_DAYS = 366
#: ...to this many days ahead.
FEED_FUTURE_DAYS = 731

WEEKDAYS = (
    gettext_lazy("Thứ hai"),
    gettext_lazy("Thứ ba"),
    gettext_lazy("Thứ tư"),
    gettext_lazy("Thứ năm"),
    gettext_lazy("Thứ sáu"),
    gettext_lazy("Thứ bảy"),
    gettext_lazy("Chủ nhật"),
)


def fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- Due entries --------------------------------------------------------------------


@dataclass(frozen=True)
class DueEntry:
    """One occurrence of an activity, due on ``occurrence.due``."""

    activity: Activity
    schedule: Schedule
    occurrence: Occurrence
    number: int  # the n-th occurrence of this activity due that same day (from 1)
    status: str = ""  # a key of ENTRY_STATUS_LABELS, or "" when not computed
    url: str = ""

    @property
    def due(self) -> datetime.date:
        return self.occurrence.due

    @property
    def plan(self) -> Plan:
        return self.activity.plan

    @property
    def status_label(self) -> str:
        return str(ENTRY_STATUS_LABELS[self.status]) if self.status else ""

    @property
    def uid(self) -> str:
        """Stable across feed downloads while the schedule stays the same."""
        return f"occ-{self.activity.pk}-{self.due:%Y%m%d}-{self.number}@cchc"


@dataclass
class DueList:
    """The due entries within a date range, and the activities without a schedule."""

    start: datetime.date
    end: datetime.date
    entries: list[DueEntry] = field(default_factory=list)
    unscheduled: list[tuple[Activity, Schedule]] = field(default_factory=list)

    def by_day(self) -> dict[datetime.date, list[DueEntry]]:
        days: dict[datetime.date, list[DueEntry]] = defaultdict(list)
        for entry in self.entries:
            days[entry.due].append(entry)
        return dict(sorted(days.items()))

    def counts(self) -> dict[str, int]:
        return dict(Counter(e.status for e in self.entries if e.status))


def activity_url_maker() -> Callable[[Activity], str]:
    """Links to an activity's outputs page, or to its plan while that page does not exist."""
    try:
        reverse("staff:activity_outputs", args=[1])
    except NoReverseMatch:
        return lambda activity: reverse("staff:plan_detail", args=[activity.plan_id])
    return lambda activity: reverse("staff:activity_outputs", args=[activity.pk])


def activity_url(activity: Activity) -> str:
    return activity_url_maker()(activity)


def parsed_schedule(activity: Activity, plan: Plan | None = None) -> Schedule:
    """What the parser reads from the activity's timing text, ignoring any schedule set by hand."""
    plan = plan or activity.plan
    return parse_timing(
        activity.timing_text or "Thường xuyên",
        year=plan.period_start.year if not plan.is_multi_year else None,
        period=(plan.period_start, plan.period_end),
    )


def load_activities(plans: QuerySet[Plan] | list[Plan], extra: Q | None = None) -> list[Activity]:
    """The tracking selectors' activities, with their schedules set by hand loaded in bulk."""
    return _activities(plans, extra)


def due_entries(
    activities: Iterable[Activity],
    *,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    outputs: dict[int, list[tuple[datetime.date, int]]] | None = None,
    planned: bool = False,
) -> DueList:
    """The occurrences of ``activities`` due within ``start``..``end``.

    With ``outputs`` (as ``_outputs_by_activity`` gives them) each entry gets a status:
    done, late, due today or upcoming; ``planned`` marks every entry as only planned
    (a plan not yet issued). Without either, entries have no status (the feeds).
    """
    result = DueList(start=start, end=end)
    url_for = activity_url_maker()
    for activity in activities:
        plan = activity.plan
        pairs: list[tuple[Occurrence, bool]]
        if outputs is not None and not planned:
            progress = progress_for(activity, plan, outputs.get(activity.pk, []), today)
            schedule = progress.schedule
            pairs = [(slot.occurrence, slot.done >= 1) for slot in progress.slots]
        else:
            schedule = activity_schedule(activity, plan)
            pairs = [(o, False) for o in occurrences(schedule)] if schedule.understood else []
        if not schedule.understood:
            result.unscheduled.append((activity, schedule))
            continue
        url = url_for(activity)
        seen: Counter[datetime.date] = Counter()
        for occurrence, done in pairs:
            seen[occurrence.due] += 1
            if not start <= occurrence.due <= end:
                continue
            if planned:
                status = "planned"
            elif outputs is None:
                status = ""
            elif done:
                status = "done"
            elif occurrence.due < today:
                status = "late"
            elif occurrence.due == today:
                status = "today"
            else:
                status = "upcoming"
            result.entries.append(
                DueEntry(activity, schedule, occurrence, seen[occurrence.due], status, url)
            )
    result.entries.sort(key=lambda e: (e.due, e.plan.pk, e.activity.order, e.activity.pk, e.number))
    return result


def issued_plans(start: datetime.date, end: datetime.date) -> QuerySet[Plan]:
    """Issued plans whose period overlaps ``start``..``end``."""
    return Plan.objects.filter(status=PlanStatus.ISSUED, period_start__lte=end, period_end__gte=start)


def paths_due(
    paths: Iterable[str],
    *,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    with_status: bool = True,
) -> DueList:
    """Due entries of what the units under ``paths`` lead or coordinate in issued plans.

    Also every activity of the plans those units issue (some plans assign work by a
    group name only, "UBND các xã"). Outputs are counted for the same units.
    A fixed number of queries, whatever the number of units and activities.
    """
    roots = top_paths(paths)
    if not roots:
        return DueList(start=start, end=end)
    involved_q = Q()
    plan_q = Q()
    for path in roots:
        involved_q |= Q(unit__path__startswith=path)
        plan_q |= Q(plan__unit__path__startswith=path)
    involved = ActivityUnit.objects.filter(involved_q).values("activity_id")
    activities = load_activities(
        issued_plans(start, end), Q(pk__in=involved) | Q(parent__in=involved) | plan_q
    )
    outputs = None
    if with_status:
        # Outputs of the units in reach; with several separate roots, of every unit.
        outputs = _outputs_by_activity((a.pk for a in activities), roots[0] if len(roots) == 1 else None)
    return due_entries(activities, start=start, end=end, today=today, outputs=outputs)


def unit_due(
    unit: Unit,
    *,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    with_status: bool = True,
) -> DueList:
    """What ``unit`` and the units below it have due in issued plans."""
    return paths_due([unit.path], start=start, end=end, today=today, with_status=with_status)


def plan_due(
    plan: Plan,
    *,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    with_status: bool = True,
) -> DueList:
    """What every activity of ``plan`` has due; a plan not yet issued shows it as planned."""
    activities = load_activities([plan])
    planned = plan.status not in (PlanStatus.ISSUED, PlanStatus.CLOSED)
    outputs = (
        _outputs_by_activity(a.pk for a in activities) if with_status and not planned else None
    )
    return due_entries(
        activities,
        start=start,
        end=end,
        today=today,
        outputs=outputs,
        planned=planned and with_status,
    )


def user_unit_paths(user: Any) -> list[str]:
    """The units where the user holds a role (each with the units below it)."""
    return top_paths(path for path, _rank in role_paths(user))


# --- iCalendar ----------------------------------------------------------------------


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _units(activity: Activity, role: str) -> str:
    return "; ".join(a.name for a in activity.assignments.all() if a.role == role)


def _description(entry: DueEntry) -> str:
    plan = entry.plan
    activity = entry.activity
    lines = []
    if plan.number_symbol.strip("/"):
        lines.append(
            _("Kế hoạch số %(n)s: %(t)s") % {"n": plan.number_symbol, "t": _one_line(plan.title, 300)}
        )
    else:
        lines.append(_("Kế hoạch: %(t)s") % {"t": _one_line(plan.title, 300)})
    lines.append(_("Hoạt động: %(t)s") % {"t": _one_line(activity.title, 500)})
    lines.append(_("Đợt: %(l)s") % {"l": entry.occurrence.label})
    lines.append(_("Lịch: %(s)s") % {"s": entry.schedule.summary})
    if activity.timing_text:
        lines.append(_("Thời gian ghi trong kế hoạch: %(t)s") % {"t": activity.timing_text})
    leads = _units(activity, UnitRole.LEAD)
    if leads:
        lines.append(_("Chủ trì: %(u)s") % {"u": leads})
    coordinators = _units(activity, UnitRole.COORDINATOR)
    if coordinators:
        lines.append(_("Phối hợp: %(u)s") % {"u": coordinators})
    return "\n".join(lines)


def build_calendar(entries: Iterable[DueEntry], *, name: str, request: HttpRequest) -> bytes:
    """One all-day VEVENT per due entry, in a VCALENDAR named ``name``."""
    calendar = Calendar()
    calendar.add("prodid", "-//CCHC//Lich han cong viec//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    calendar.add("x-published-ttl", "PT1H")
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.due)
        event.add("dtend", entry.due + datetime.timedelta(days=1))
        event.add("summary", _("Hạn: %(t)s") % {"t": _one_line(entry.activity.title)})
        event.add("description", _description(entry))
        event.add("url", request.build_absolute_uri(entry.url))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _feed_user(token: str) -> Any:
    row = CalendarToken.objects.select_related("user").filter(token=token).first()
    if row is None or not row.user.is_active:
        raise Http404
    return row.user


def _feed_window() -> tuple[datetime.date, datetime.date, datetime.date]:
    today = timezone.localdate()
    return (
        today - datetime.timedelta(days=FEED_PAST_DAYS),
        today + datetime.timedelta(days=FEED_FUTURE_DAYS),
        today,
    )


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def ical_unit(request: HttpRequest, unit_pk: str, token: str) -> HttpResponse:
    """A unit's due dates; the token's owner must be allowed to see the unit."""
    user = _feed_user(token)
    unit = get_object_or_404(Unit, pk=int(unit_pk))
    if not has_role(user, unit, Role.VIEWER):
        raise Http404
    start, end, today = _feed_window()
    due = unit_due(unit, start=start, end=end, today=today, with_status=False)
    name = _("Hạn công việc CCHC - %(u)s") % {"u": unit.display_name}
    return _ics_response(build_calendar(due.entries, name=name, request=request), f"cchc-don-vi-{unit.pk}.ics")


@require_safe
def ical_user(request: HttpRequest, token: str) -> HttpResponse:
    """The due dates of every unit where the token's owner holds a role."""
    user = _feed_user(token)
    start, end, today = _feed_window()
    due = paths_due(user_unit_paths(user), start=start, end=end, today=today, with_status=False)
    name = _("Hạn công việc CCHC của %(n)s") % {"n": user.get_full_name() or user.get_username()}
    return _ics_response(build_calendar(due.entries, name=name, request=request), "cchc-ca-nhan.ics")
