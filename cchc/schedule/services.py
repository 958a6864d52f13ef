"""Setting an activity's schedule by hand, and taking it back. Bad input is refused whole.

A schedule set by hand (:class:`~cchc.schedule.models.ScheduleOverride`) replaces what the
parser reads from the activity's timing text ("Thời gian thực hiện"); it does not change
the plan's text, so it may be set on issued plans too. Who may set it:
:func:`can_set_schedule` (an editor of the plan's unit). Views and the API check it; the
services only check the schedule itself, and say what is wrong in Vietnamese.

Dates may be given as :class:`datetime.date` or as text (``dd/mm/yyyy`` or
``yyyy-mm-dd``): a date that does not exist (30/02/2024) is reported as such.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.orgs.models import Role
from cchc.orgs.permissions import has_role
from cchc.plans.models import Activity
from cchc.schedule.models import CalendarToken, PerChoices, ScheduleKindChoices, ScheduleOverride
from cchc.schedule.timing import Per, Schedule, ScheduleKind, occurrences

#: Most times per period a recurring schedule may ask for.
MAX_COUNT = 100
#: Most due dates of one schedule set by hand.
MAX_DEADLINES = 366
#: Most due points a schedule may produce (keeps calendars and progress cheap).
MAX_OCCURRENCES = 5000

DEADLINE_KINDS = frozenset({ScheduleKindChoices.DEADLINE, ScheduleKindChoices.DEADLINES})

_DMY = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

DateInput = datetime.date | str | None


def can_set_schedule(user: Any, activity: Activity) -> bool:
    """Editors of the plan's unit (or a unit above it) set schedules, whatever the plan's status."""
    return has_role(user, activity.plan.unit, Role.EDITOR)


def fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def parse_day(value: DateInput) -> datetime.date | None:
    """A date from a ``date`` or from ``dd/mm/yyyy`` / ``yyyy-mm-dd`` text; None when empty.

    Raises ``ValidationError`` (one Vietnamese message) for text that is no date or a
    date that does not exist.
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO.match(text)
        if not match:
            raise ValidationError(
                _("“%(v)s” không phải là ngày; hãy viết theo dạng dd/mm/yyyy.") % {"v": text[:40]},
                code="invalid",
            )
        year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ValidationError(
            _("Ngày “%(v)s” không có thật: không có tháng %(m)d.") % {"v": text, "m": month},
            code="impossible",
        )
    if year < 1:
        raise ValidationError(
            _("Ngày “%(v)s” không có thật: không có năm %(y)d.") % {"v": text, "y": year},
            code="impossible",
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValidationError(
            _("Ngày “%(v)s” không có thật: tháng %(m)d/%(y)d chỉ có %(n)d ngày.")
            % {"v": text, "m": month, "y": year, "n": last},
            code="impossible",
        )
    return datetime.date(year, month, day)


def _add(errors: dict[str, list[str]], key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def _day(errors: dict[str, list[str]], key: str, value: DateInput) -> datetime.date | None:
    try:
        return parse_day(value)
    except ValidationError as exc:
        _add(errors, key, exc.messages[0])
        return None


def _count(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValidationError(_("Số lần phải là một số nguyên."))
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise ValidationError(_("Số lần phải là một số nguyên.")) from None
    return number


@transaction.atomic
def schedule_set_by_hand(
    *,
    activity: Activity,
    kind: str,
    start: DateInput,
    end: DateInput,
    count: int | str | None = None,
    per: str = "",
    deadlines: Iterable[DateInput] = (),
    actor: Any = None,
) -> ScheduleOverride:
    """Set (or replace) the activity's schedule by hand.

    * ``start``..``end`` must lie within the plan's period, ``end`` not before ``start``;
    * ``recurring`` needs ``count`` (1..:data:`MAX_COUNT`) times per ``per``;
    * ``deadline`` needs exactly one date in ``deadlines``, ``deadlines`` at least one,
      all inside ``start``..``end``;
    * ``count``/``per`` are only for recurring schedules, ``deadlines`` only for the
      deadline kinds.

    Everything wrong is reported at once, by field, in Vietnamese; nothing is saved then.
    """
    activity = Activity.objects.select_related("plan").get(pk=activity.pk)
    plan = activity.plan
    errors: dict[str, list[str]] = {}

    kind = (kind or "").strip()
    if not kind:
        _add(errors, "kind", _("Hãy chọn loại lịch."))
    elif kind not in ScheduleKindChoices.values:
        _add(errors, "kind", _("Loại lịch “%(k)s” không có trong danh mục.") % {"k": kind[:40]})

    first = _day(errors, "start", start)
    last = _day(errors, "end", end)
    if first is None and "start" not in errors:
        _add(errors, "start", _("Hãy nhập ngày bắt đầu (dd/mm/yyyy)."))
    if last is None and "end" not in errors:
        _add(errors, "end", _("Hãy nhập ngày kết thúc (dd/mm/yyyy)."))
    period = f"{fmt(plan.period_start)} - {fmt(plan.period_end)}"
    if first is not None and last is not None and last < first:
        _add(
            errors,
            "end",
            _("Ngày kết thúc (%(e)s) trước ngày bắt đầu (%(s)s).") % {"e": fmt(last), "s": fmt(first)},
        )
    if first is not None and not plan.period_start <= first <= plan.period_end:
        _add(
            errors,
            "start",
            _("Ngày bắt đầu %(d)s nằm ngoài kỳ kế hoạch (%(p)s).") % {"d": fmt(first), "p": period},
        )
    if last is not None and not plan.period_start <= last <= plan.period_end:
        _add(
            errors,
            "end",
            _("Ngày kết thúc %(d)s nằm ngoài kỳ kế hoạch (%(p)s).") % {"d": fmt(last), "p": period},
        )

    recurring = kind == ScheduleKindChoices.RECURRING
    number: int | None = None
    try:
        number = _count(count)
    except ValidationError as exc:
        _add(errors, "count", exc.messages[0])
    per = (per or "").strip()
    if recurring:
        if number is None and "count" not in errors:
            _add(errors, "count", _("Lịch định kỳ cần số lần (ví dụ 2 lần mỗi tháng)."))
        elif number is not None and not 1 <= number <= MAX_COUNT:
            _add(
                errors,
                "count",
                _("Số lần phải từ 1 đến %(n)d trong mỗi chu kỳ.") % {"n": MAX_COUNT},
            )
        if not per:
            _add(errors, "per", _("Lịch định kỳ cần chu kỳ: ngày, tuần, tháng, quý hoặc năm."))
        elif per not in PerChoices.values:
            _add(errors, "per", _("Chu kỳ “%(p)s” không có trong danh mục.") % {"p": per[:40]})
    elif kind and (number is not None or per):
        _add(errors, "count", _("Số lần và chu kỳ chỉ dùng cho lịch định kỳ."))

    days: list[datetime.date] = []
    raw_deadlines = [d for d in (deadlines or ()) if d not in (None, "")]
    for raw in raw_deadlines:
        day = _day(errors, "deadlines", raw)
        if day is not None:
            days.append(day)
    days = sorted(set(days))
    if kind in DEADLINE_KINDS:
        if not raw_deadlines:
            _add(errors, "deadlines", _("Hãy nhập ít nhất một hạn (dd/mm/yyyy)."))
        if kind == ScheduleKindChoices.DEADLINE and len(days) > 1:
            _add(
                errors,
                "deadlines",
                _("Lịch “Một lần, có hạn” chỉ có một hạn; có %(n)d hạn thì hãy chọn “Nhiều hạn”.")
                % {"n": len(days)},
            )
        if len(days) > MAX_DEADLINES:
            _add(errors, "deadlines", _("Tối đa %(n)d hạn.") % {"n": MAX_DEADLINES})
        if first is not None and last is not None and first <= last:
            outside = [d for d in days if not first <= d <= last]
            if outside:
                _add(
                    errors,
                    "deadlines",
                    _("Hạn %(d)s nằm ngoài khoảng %(s)s - %(e)s.")
                    % {"d": ", ".join(fmt(d) for d in outside[:10]), "s": fmt(first), "e": fmt(last)},
                )
    elif kind and raw_deadlines:
        _add(
            errors,
            "deadlines",
            _("Chỉ nhập các hạn với loại lịch “Một lần, có hạn” hoặc “Nhiều hạn”."),
        )

    if not errors and recurring:
        assert first is not None and last is not None and number is not None
        periods = len(
            occurrences(
                Schedule(
                    kind=ScheduleKind.RECURRING,
                    text="",
                    understood=True,
                    summary="-",
                    start=first,
                    end=last,
                    count=1,
                    per=Per(per),
                )
            )
        )
        if periods * number > MAX_OCCURRENCES:
            _add(
                errors,
                "count",
                _("Lịch này có %(n)d lần đến hạn, quá nhiều (tối đa %(m)d); hãy kiểm tra số lần và chu kỳ.")
                % {"n": periods * number, "m": MAX_OCCURRENCES},
            )
    if errors:
        raise ValidationError(errors)

    assert first is not None and last is not None
    override, _created = ScheduleOverride.objects.update_or_create(
        activity=activity,
        defaults={
            "kind": kind,
            "start": first,
            "end": last,
            "count": number if recurring else None,
            "per": per if recurring else "",
            "deadlines": [d.isoformat() for d in days] if kind in DEADLINE_KINDS else [],
            "set_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    return override


@transaction.atomic
def schedule_clear(*, activity: Activity) -> bool:
    """Drop the schedule set by hand: the activity follows its timing text again.

    Returns whether there was one.
    """
    deleted, _rows = ScheduleOverride.objects.filter(activity_id=activity.pk).delete()
    return deleted > 0


# --- Private calendar feed tokens -------------------------------------------------------


def calendar_token_for(user: Any) -> CalendarToken:
    """The user's feed token, created on first use."""
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def calendar_token_rotate(*, user: Any) -> CalendarToken:
    """A new token for the user: every feed address given out before stops working."""
    token, created = CalendarToken.objects.select_for_update().get_or_create(user=user)
    if not created:
        token.rotate()
    return token
