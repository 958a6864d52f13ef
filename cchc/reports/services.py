"""Writes to reporting calendars and reports.

Every function checks its input first and writes in one transaction; refusals are
``ValidationError`` with Vietnamese messages; every change to a report is kept in its
history (``ReportEvent``). Permissions are checked by the callers (views), as in the
other apps.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.orgs.models import Unit
from cchc.plans.models import Plan
from cchc.reports import selectors
from cchc.reports.calendar import calendar_for
from cchc.reports.models import (
    EDITABLE_STATUSES,
    PeriodKind,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
)
from cchc.text import nfc

MAX_TEXT = 20_000


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _text(value: str) -> str:
    return nfc(value or "").strip()


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _event(
    report: Report, actor: Any, action: str, note: str = "", changes: dict[str, Any] | None = None
) -> None:
    ReportEvent.objects.create(
        report=report,
        actor=_actor(actor),
        action=action,
        revision=report.revision,
        note=note,
        changes=changes or {},
    )


# --- Calendar -------------------------------------------------------------------------


def _default_to_unit(plan: Plan) -> Unit:
    return plan.unit


@transaction.atomic
def reporting_calendar_create(*, plan: Plan, actor: Any = None) -> list[ReportingPeriod]:
    """The regular periods of the plan from its reporting duties; existing periods are kept.

    Running it again adds only the periods not yet there, so reports already opened are
    never lost.
    """
    plan = Plan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk)
    duties = list(
        plan.reporting_duties.select_related("to_unit", "through_unit").order_by("order", "pk")
    )
    duty = next((d for d in duties if d.deadline_text), duties[0] if duties else None)
    specs = calendar_for(
        plan_start=plan.period_start,
        plan_end=plan.period_end,
        periods_text=" ".join(d.periods for d in duties) if duties else "",
        deadline_text=duty.deadline_text if duty else "",
    )
    to_unit = next((d.to_unit for d in duties if d.to_unit), None) or _default_to_unit(plan)
    through = next((d.through_unit for d in duties if d.through_unit), None)
    existing = set(
        ReportingPeriod.objects.filter(plan=plan)
        .exclude(kind=PeriodKind.AD_HOC)
        .values_list("kind", "cutoff")
    )
    created = ReportingPeriod.objects.bulk_create(
        ReportingPeriod(
            plan=plan,
            kind=s.kind,
            label=s.label,
            start=s.start,
            cutoff=s.cutoff,
            deadline=s.deadline,
            to_unit=to_unit,
            through_unit=through,
            note=(duty.deadline_text if duty else "")[:1000],
            created_by=_actor(actor),
        )
        for s in specs
        if (s.kind, s.cutoff) not in existing
    )
    return created


@dataclass(frozen=True)
class RequestData:
    label: str
    start: datetime.date | None
    cutoff: datetime.date | None
    deadline: datetime.date | None
    note: str = ""


@transaction.atomic
def reporting_request_create(
    *, plan: Plan, data: RequestData, actor: Any = None
) -> ReportingPeriod:
    """An ad-hoc ("đột xuất") request, with its own data window and deadline."""
    errors: dict[str, list[str]] = {}
    label = _text(data.label)
    if not label:
        errors.setdefault("label", []).append(_("Hãy đặt tên cho yêu cầu báo cáo."))
    if data.start is None or data.cutoff is None or data.deadline is None:
        errors.setdefault("deadline", []).append(
            _("Hãy nhập đủ ngày bắt đầu, ngày chốt số liệu và hạn gửi.")
        )
    else:
        if data.cutoff < data.start:
            errors.setdefault("cutoff", []).append(
                _("Ngày chốt số liệu (%(c)s) trước ngày bắt đầu (%(s)s).")
                % {"c": _d(data.cutoff), "s": _d(data.start)}
            )
        if data.deadline < data.cutoff:
            errors.setdefault("deadline", []).append(
                _("Hạn gửi (%(d)s) trước ngày chốt số liệu (%(c)s).")
                % {"d": _d(data.deadline), "c": _d(data.cutoff)}
            )
    if errors:
        raise ValidationError(errors)
    assert data.start and data.cutoff and data.deadline
    plan = Plan.objects.select_related("unit").get(pk=plan.pk)
    return ReportingPeriod.objects.create(
        plan=plan,
        kind=PeriodKind.AD_HOC,
        label=label[:128],
        start=data.start,
        cutoff=data.cutoff,
        deadline=data.deadline,
        to_unit=_default_to_unit(plan),
        note=_text(data.note),
        created_by=_actor(actor),
    )


@transaction.atomic
def period_lock(*, period: ReportingPeriod, actor: Any = None) -> ReportingPeriod:
    """Close the period: no report of it may be opened, changed, sent or returned any more
    (reports already sent may still be accepted)."""
    period = (
        ReportingPeriod.objects.select_for_update(of=("self",))
        .select_related("plan__unit", "to_unit")
        .get(pk=period.pk)
    )
    if period.locked_at is not None:
        raise ValidationError(
            _("Kỳ báo cáo “%(p)s” đã khóa sổ rồi.") % {"p": period.label}, code="bad_status"
        )
    period.locked_at = timezone.now()
    period.locked_by = _actor(actor)
    period.save(update_fields=["locked_at", "locked_by"])
    return period


@transaction.atomic
def period_unlock(*, period: ReportingPeriod, actor: Any = None) -> ReportingPeriod:
    period = (
        ReportingPeriod.objects.select_for_update(of=("self",))
        .select_related("plan__unit", "to_unit")
        .get(pk=period.pk)
    )
    if period.locked_at is None:
        raise ValidationError(
            _("Kỳ báo cáo “%(p)s” chưa khóa sổ.") % {"p": period.label}, code="bad_status"
        )
    period.locked_at = None
    period.locked_by = None
    period.save(update_fields=["locked_at", "locked_by"])
    return period


def _check_unlocked(period: ReportingPeriod) -> None:
    if period.locked_at is not None:
        raise ValidationError(
            _(
                "Kỳ báo cáo “%(p)s” đã khóa sổ lúc %(t)s: không mở, sửa, gửi hay trả lại báo cáo được nữa."
                " Nội dung của bạn chưa được lưu; nếu cần, hãy đề nghị đơn vị nhận báo cáo mở lại kỳ."
            )
            % {
                "p": period.label,
                "t": timezone.localtime(period.locked_at).strftime("%H:%M %d/%m/%Y"),
            },
            code="not_editable",
        )


# --- Reports --------------------------------------------------------------------------


def _locked(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("period__plan__unit", "period__to_unit", "unit")
        .get(pk=report.pk)
    )


def _refresh_figures(report: Report) -> None:
    report.figures = selectors.report_figures(report.period, report.unit)
    report.figures_at = timezone.now()
    if selectors.has_rollup(report):
        report.rollup, report.rolled_up_from = selectors.compute_rollup(report, report.figures)


@transaction.atomic
def report_open(*, period: ReportingPeriod, unit: Unit, actor: Any = None) -> Report:
    """The unit's report for the period: the existing one, or a new draft pre-filled."""
    existing = Report.objects.filter(period=period, unit=unit).first()
    if existing is not None:
        return existing
    _check_unlocked(ReportingPeriod.objects.get(pk=period.pk))
    if not selectors.may_report(period, unit):
        raise ValidationError(
            _("%(u)s không thuộc các đơn vị phải báo cáo kỳ “%(p)s”.")
            % {"u": unit.display_name, "p": period.label}
        )
    report = Report(period=period, unit=unit)
    _refresh_figures(report)
    report.save()
    _event(report, actor, "open")
    if report.rollup:
        _event(report, actor, "rollup", changes={"children": report.rolled_up_from})
    return report


def _check_editable(report: Report) -> None:
    if report.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Báo cáo đang ở trạng thái “%(s)s”, không sửa được.")
            % {"s": report.get_status_display()},
            code="bad_status",
        )


def _check_revision(report: Report, expected: int | None) -> None:
    if expected is not None and expected != report.revision:
        last = report.events.select_related("actor").first()
        who = str(last.actor) if last and last.actor else _("người khác")
        when = timezone.localtime(report.updated_at).strftime("%H:%M %d/%m/%Y")
        raise ValidationError(
            _(
                "Báo cáo vừa được %(who)s thay đổi lúc %(when)s, sau khi bạn mở trang. Nội dung của bạn"
                " chưa được lưu; hãy tải lại trang để xem bản mới rồi sửa tiếp."
            )
            % {"who": who, "when": when},
            code="stale",
        )


def check_revision(report: Report, expected: int | None) -> None:
    """Refuse (``stale``) when the report changed since the version the user read."""
    _check_revision(report, expected)


@dataclass(frozen=True)
class NarrativeData:
    results: str = ""
    shortcomings: str = ""
    proposals: str = ""


def _apply(report: Report, data: NarrativeData) -> dict[str, Any]:
    changes = {}
    for name in ("results", "shortcomings", "proposals"):
        value = _text(getattr(data, name))
        if len(value) > MAX_TEXT:
            raise ValidationError(
                {name: _("Nội dung quá dài (tối đa %(n)d ký tự).") % {"n": MAX_TEXT}}
            )
        if value != getattr(report, name):
            changes[name] = True
            setattr(report, name, value)
    return changes


@transaction.atomic
def report_save(
    *, report: Report, data: NarrativeData, expected_revision: int | None = None, actor: Any = None
) -> Report:
    report = _locked(report)
    _check_unlocked(report.period)
    _check_revision(report, expected_revision)
    _check_editable(report)
    changes = _apply(report, data)
    report.revision += 1
    report.save()
    _event(report, actor, "save", changes=changes)
    return report


@transaction.atomic
def report_refresh(
    *, report: Report, expected_revision: int | None = None, actor: Any = None
) -> Report:
    """Take the figures (and roll-up) again from what is recorded now."""
    report = _locked(report)
    _check_unlocked(report.period)
    _check_revision(report, expected_revision)
    _check_editable(report)
    _refresh_figures(report)
    report.revision += 1
    report.save()
    _event(report, actor, "refresh")
    return report


@transaction.atomic
def report_submit(
    *,
    report: Report,
    data: NarrativeData | None = None,
    expected_revision: int | None = None,
    actor: Any = None,
) -> Report:
    """Send the report: figures are taken again at this moment and frozen."""
    report = _locked(report)
    _check_unlocked(report.period)
    _check_revision(report, expected_revision)
    _check_editable(report)
    if data is not None:
        _apply(report, data)
    if not report.results:
        raise ValidationError(
            {"results": _("Hãy viết phần kết quả đạt được trước khi gửi báo cáo.")}
        )
    _refresh_figures(report)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = _actor(actor)
    report.revision += 1
    report.save()
    _event(report, actor, "submit")
    return report


@transaction.atomic
def report_return(
    *, report: Report, reason: str, expected_revision: int | None = None, actor: Any = None
) -> Report:
    """Send back for correction, with the reason; a submitted or accepted report reopens.

    With ``expected_revision`` (the version the reviewer read), a report changed meanwhile
    (another reviewer accepted it, the unit sent it again) is refused, nothing changed."""
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì.")})
    report = _locked(report)
    _check_unlocked(report.period)
    _check_revision(report, expected_revision)
    if report.status not in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        raise ValidationError(
            _("Chỉ trả lại được báo cáo đã gửi (hiện: “%(s)s”).")
            % {"s": report.get_status_display()},
            code="bad_status",
        )
    report.status = ReportStatus.RETURNED
    report.reviewer = _actor(actor)
    report.accepted_at = None
    report.revision += 1
    report.save()
    _event(report, actor, "return", note=reason)
    return report


@transaction.atomic
def report_accept(
    *, report: Report, expected_revision: int | None = None, actor: Any = None
) -> Report:
    """Accept a sent report (also once the period is locked). With ``expected_revision``, a
    report changed since the reviewer read it is refused, nothing changed."""
    report = _locked(report)
    _check_revision(report, expected_revision)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(
            _("Chỉ tiếp nhận được báo cáo đã gửi, chờ xem xét (hiện: “%(s)s”).")
            % {"s": report.get_status_display()},
            code="bad_status",
        )
    report.status = ReportStatus.ACCEPTED
    report.accepted_at = timezone.now()
    report.reviewer = _actor(actor)
    report.revision += 1
    report.save()
    _event(report, actor, "accept")
    _flag_parent_rollup(report, actor)
    return report


def _flag_parent_rollup(report: Report, actor: Any) -> None:
    """A child accepted after the roll-up of the unit above: note it in that report's history."""
    if report.unit_id == report.period.plan.unit_id or report.unit.depth <= 1:
        return
    parent = Report.objects.filter(
        period=report.period, unit__path=report.unit.path[: -Unit.steplen]
    ).first()
    if parent is None or not parent.rollup:
        return
    was = parent.rolled_up_from.get(str(report.pk))
    if was != report.revision:
        _event(
            parent,
            actor,
            "rollup_changed",
            note=report.unit.display_name,
            changes={"report_id": report.pk, "was": was, "now": report.revision},
        )
