"""Staff pages: calendars of due dates, setting a schedule by hand, private feed addresses.

A person who may not see the unit or plan gets 404; one who may see an activity but not
set its schedule sees the schedule page without the form, and a 403 if posting anyway.
"""

from __future__ import annotations

import calendar
import datetime
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.orgs.models import Role, Unit
from cchc.orgs.permissions import has_role
from cchc.orgs.selectors import role_assignments_for_user
from cchc.plans.models import Activity, Plan
from cchc.plans.permissions import can as plan_can
from cchc.schedule import services
from cchc.schedule.feeds import (
    ENTRY_STATUS_LABELS,
    WEEKDAYS,
    DueList,
    activity_url,
    parsed_schedule,
    plan_due,
    unit_due,
)
from cchc.schedule.forms import ScheduleForm
from cchc.schedule.models import ScheduleKindChoices, ScheduleOverride
from cchc.schedule.selectors import activity_schedule
from cchc.schedule.timing import occurrences

#: The weekday headers of the month grid: (abbreviation, full name), Monday first.
WEEKDAY_HEADERS = tuple(zip(("T2", "T3", "T4", "T5", "T6", "T7", "CN"), WEEKDAYS, strict=True))
VIEWS = ("month", "list")
#: How many due points the schedule page lists.
PREVIEW = 36

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _month_end(first: datetime.date) -> datetime.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _shift(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month_param(request: HttpRequest, today: datetime.date) -> tuple[datetime.date, list[str]]:
    """The month asked for (``?month=2024-06``); the current month, with a notice, when bad."""
    current = today.replace(day=1)
    raw = request.GET.get("month", "").strip()
    if not raw:
        return current, []
    match = _MONTH.match(raw)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1000 <= year <= 9000 and 1 <= month <= 12:
            return datetime.date(year, month, 1), []
    notice = _(
        "Tháng “%(v)s” không hợp lệ (cần dạng năm-tháng, ví dụ 2024-06); đang hiển thị tháng hiện tại."
    ) % {"v": raw[:20]}
    return current, [notice]


def _view_param(request: HttpRequest) -> tuple[str, list[str]]:
    raw = request.GET.get("view", "").strip()
    if not raw or raw in VIEWS:
        return raw or "month", []
    return "month", [_("Không có cách xem “%(v)s”; đang hiển thị dạng lịch tháng.") % {"v": raw[:20]}]


def _link(request: HttpRequest, month: datetime.date | None, view: str) -> str:
    """This page for ``month`` (None: the current month) shown as ``view``."""
    params = {"month": f"{month:%Y-%m}"} if month is not None else {}
    if view != "month":
        params["view"] = view
    return f"{request.path}?{urlencode(params)}" if params else request.path


def _calendar_context(
    request: HttpRequest,
    due: DueList,
    first: datetime.date,
    view: str,
    today: datetime.date,
    notices: list[str],
) -> dict[str, Any]:
    by_day = due.by_day()
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == first.month,
                "is_today": day == today,
                "entries": by_day.get(day, []) if day.month == first.month else [],
            }
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    days = [
        {"date": day, "weekday": WEEKDAYS[day.weekday()], "is_today": day == today, "entries": entries}
        for day, entries in by_day.items()
    ]

    def link(month: datetime.date | None, view_name: str) -> str:
        return _link(request, month, view_name)

    counts = due.counts()
    return {
        "month": first,
        "month_label": _("Tháng %(m)d/%(y)d") % {"m": first.month, "y": first.year},
        "view": view,
        "today": today,
        "notices": notices,
        "weeks": weeks,
        "days": days,
        "entries": due.entries,
        "unscheduled": [
            {"activity": a, "schedule": s, "url": reverse("staff:schedule_edit", args=[a.pk])}
            for a, s in due.unscheduled
        ],
        "weekday_headers": WEEKDAY_HEADERS,
        "legend": [
            {"key": key, "label": label, "count": counts.get(key, 0)}
            for key, label in ENTRY_STATUS_LABELS.items()
            if key != "planned" or counts.get("planned")
        ],
        "prev_url": link(_shift(first, -1), view),
        "next_url": link(_shift(first, 1), view),
        "prev_label": _("Tháng %(m)d/%(y)d") % {"m": _shift(first, -1).month, "y": _shift(first, -1).year},
        "next_label": _("Tháng %(m)d/%(y)d") % {"m": _shift(first, 1).month, "y": _shift(first, 1).year},
        "today_url": link(None, view),
        "month_view_url": link(first, "month"),
        "list_view_url": link(first, "list"),
    }


@login_required
def unit_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """What the unit and the units below it have due in issued plans, month by month."""
    unit = get_object_or_404(Unit, pk=pk)
    if not has_role(request.user, unit, Role.VIEWER):
        raise Http404
    today = timezone.localdate()
    first, notices = _month_param(request, today)
    view, view_notices = _view_param(request)
    due = unit_due(unit, start=first, end=_month_end(first), today=today)
    context = _calendar_context(request, due, first, view, today, notices + view_notices)
    context.update(
        {
            "unit": unit,
            "heading": _("Lịch thực hiện của %(u)s") % {"u": unit.display_name},
            "scope_note": _(
                "Các hạn của hoạt động mà đơn vị và các đơn vị trực thuộc chủ trì hoặc phối hợp,"
                " trong các kế hoạch đã ban hành. Kết quả được tính theo sản phẩm của các đơn vị này."
            ),
        }
    )
    return render(request, "schedule/calendar.html", context)


@login_required
def plan_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The due dates of every activity of a plan, month by month."""
    plan = get_object_or_404(Plan.objects.select_related("unit"), pk=pk)
    if not plan_can(request.user, "plan.view", plan):
        raise Http404
    today = timezone.localdate()
    first, notices = _month_param(request, today)
    view, view_notices = _view_param(request)
    end = _month_end(first)
    outside = end < plan.period_start or first > plan.period_end
    if outside:
        notices.append(
            _("Tháng này nằm ngoài kỳ kế hoạch (%(s)s - %(e)s).")
            % {"s": services.fmt(plan.period_start), "e": services.fmt(plan.period_end)}
        )
    due = plan_due(plan, start=first, end=end, today=today)
    context = _calendar_context(request, due, first, view, today, notices + view_notices)
    context.update(
        {
            "plan": plan,
            "heading": _("Lịch thực hiện: %(t)s") % {"t": plan.title},
            "scope_note": _("Các hạn của mọi hoạt động trong kế hoạch."),
            "outside_period": outside,
            "plan_start_url": _link(request, plan.period_start.replace(day=1), view),
        }
    )
    return render(request, "schedule/calendar.html", context)


# --- Setting a schedule by hand -----------------------------------------------------


def _activity_or_404(request: HttpRequest, pk: int) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("plan__unit"), pk=pk)
    if not plan_can(request.user, "plan.view", activity.plan):
        raise Http404
    return activity


def _override(activity: Activity) -> ScheduleOverride | None:
    return ScheduleOverride.objects.select_related("set_by").filter(activity=activity).first()


@login_required
@require_http_methods(["GET", "POST"])
def schedule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """What the timing text says (and why it was not understood), and the form to set it by hand."""
    activity = _activity_or_404(request, pk)
    plan = activity.plan
    may_set = services.can_set_schedule(request.user, activity)
    if request.method == "POST" and not may_set:
        raise PermissionDenied
    override = _override(activity)
    parsed = parsed_schedule(activity, plan)
    form = ScheduleForm(
        request.POST if request.method == "POST" else None,
        initial=ScheduleForm.initial_for(override, parsed, plan),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.schedule_set_by_hand(activity=activity, actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Đã đặt lịch cho hoạt động."))
            return redirect("staff:schedule_edit", pk=activity.pk)
    schedule = activity_schedule(activity, plan)
    points = occurrences(schedule) if schedule.understood else []
    return render(
        request,
        "schedule/schedule_edit.html",
        {
            "activity": activity,
            "plan": plan,
            "parsed": parsed,
            "parsed_kind_label": dict(ScheduleKindChoices.choices).get(str(parsed.kind), ""),
            "override": override,
            "schedule": schedule,
            "points": points[:PREVIEW],
            "points_total": len(points),
            "form": form if may_set else None,
            "may_set": may_set,
            "activity_url": activity_url(activity),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def schedule_clear(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then drop the schedule set by hand: the activity follows its timing text again."""
    activity = _activity_or_404(request, pk)
    if not services.can_set_schedule(request.user, activity):
        raise PermissionDenied
    override = _override(activity)
    if request.method == "POST":
        if services.schedule_clear(activity=activity):
            messages.success(
                request, _("Đã bỏ lịch đặt tay; hoạt động theo lại thời gian ghi trong kế hoạch.")
            )
        else:
            messages.info(request, _("Hoạt động này không có lịch đặt tay."))
        return redirect("staff:schedule_edit", pk=activity.pk)
    if override is None:
        messages.info(request, _("Hoạt động này không có lịch đặt tay."))
        return redirect("staff:schedule_edit", pk=activity.pk)
    return render(
        request,
        "schedule/schedule_clear_confirm.html",
        {"activity": activity, "plan": activity.plan, "override": override, "parsed": parsed_schedule(activity)},
    )


# --- Private feed addresses ---------------------------------------------------------


@login_required
def calendar_feeds(request: HttpRequest) -> HttpResponse:
    """The person's private calendar addresses (the token is made on the first visit)."""
    token = services.calendar_token_for(request.user).token
    units: list[dict[str, Any]] = []
    seen: set[int] = set()
    for assignment in role_assignments_for_user(request.user):
        unit = assignment.unit
        if unit.pk in seen:
            continue
        seen.add(unit.pk)
        url = request.build_absolute_uri(
            reverse("ical_unit", kwargs={"unit_pk": unit.pk, "token": token})
        )
        units.append(
            {
                "unit": unit,
                "role": assignment.get_role_display(),
                "url": url,
                "webcal": _webcal(url),
                "calendar_url": reverse("staff:unit_calendar", args=[unit.pk]),
            }
        )
    personal = request.build_absolute_uri(reverse("ical_user", kwargs={"token": token}))
    return render(
        request,
        "schedule/calendar_feeds.html",
        {
            "personal_url": personal,
            "personal_webcal": _webcal(personal),
            "units": units,
        },
    )


def _webcal(url: str) -> str:
    return re.sub(r"^https?://", "webcal://", url)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feeds_rotate(request: HttpRequest) -> HttpResponse:
    """Ask, then replace the token: every address given out before stops working."""
    if request.method == "POST":
        services.calendar_token_rotate(user=request.user)
        messages.success(
            request, _("Đã tạo địa chỉ mới. Địa chỉ cũ không dùng được nữa; hãy cập nhật ứng dụng lịch.")
        )
        return redirect("staff:calendar_feeds")
    return render(request, "schedule/calendar_feeds_rotate.html", {})
