"""Writes to plans: create, update, lifecycle, revision and cascade.

Every function checks its whole input first and writes in one transaction, so a bad
plan is never saved half-way. Errors are ``ValidationError`` with Vietnamese messages.
Every change is recorded in the plan's audit trail (``PlanEvent``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.legal.services import ReferenceData, reference_for_plan, reference_get_or_create
from cchc.orgs.models import Unit
from cchc.plans.models import (
    Activity,
    ActivityUnit,
    Audience,
    ChannelKind,
    FundingSource,
    Plan,
    PlanAudience,
    PlanChannel,
    PlanEvent,
    PlanLegalBasis,
    PlanStatus,
    Recipient,
    ReformArea,
    ReformIndex,
    ReportingDuty,
    Responsibility,
    Theme,
    UnitRole,
)
from cchc.text import nfc

# --- What a plan is made of, as plain data ------------------------------------------


@dataclass(frozen=True)
class UnitRef:
    """A unit named in a plan: a unit of the tree, or the words the plan uses."""

    unit_id: int | None = None
    label: str = ""


@dataclass(frozen=True)
class ThemeData:
    title: str
    details: str = ""
    audience: str = ""
    areas: tuple[str, ...] = ()
    indices: tuple[str, ...] = ()
    parent_theme_id: int | None = None


@dataclass(frozen=True)
class ActivityData:
    title: str
    content: str = ""
    audiences: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    timing_text: str = ""
    expected_outputs: str = ""
    budget_estimate: Decimal | None = None
    leads: tuple[UnitRef, ...] = ()
    coordinators: tuple[UnitRef, ...] = ()
    themes: tuple[int, ...] = ()  # positions in PlanData.themes (0-based)
    children: tuple[ActivityData, ...] = ()
    derived_from_id: int | None = None


@dataclass(frozen=True)
class AudienceData:
    audience: str
    description: str = ""
    content: str = ""


@dataclass(frozen=True)
class ChannelData:
    kind: str
    description: str = ""


@dataclass(frozen=True)
class ResponsibilityData:
    unit: UnitRef
    duties: str


@dataclass(frozen=True)
class FundingData:
    source: str
    amount: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class ReportingData:
    periods: str
    deadline_text: str = ""
    to: UnitRef = UnitRef()
    through: UnitRef = UnitRef()
    text: str = ""


@dataclass(frozen=True)
class RecipientData:
    label: str
    unit_id: int | None = None
    purpose: str = ""
    is_archive: bool = False


@dataclass(frozen=True)
class PlanData:
    unit_id: int
    title: str
    period_start: datetime.date | None
    period_end: datetime.date | None
    period_label: str = ""
    doc_type: str = "Kế hoạch"
    header_parent: str = ""
    header_unit: str = ""
    number: str = ""
    symbol: str = ""
    place: str = ""
    issued_on: datetime.date | None = None
    slogan: str = ""
    intro: str = ""
    objectives: str = ""
    requirements: str = ""
    funding: str = ""
    implementation: str = ""
    signing_authority: str = ""
    signer_position: str = ""
    signer_name: str = ""
    legal_bases: tuple[ReferenceData, ...] = ()
    audiences: tuple[AudienceData, ...] = ()
    themes: tuple[ThemeData, ...] = ()
    channels: tuple[ChannelData, ...] = ()
    activities: tuple[ActivityData, ...] = ()
    responsibilities: tuple[ResponsibilityData, ...] = ()
    funding_sources: tuple[FundingData, ...] = ()
    reporting_duties: tuple[ReportingData, ...] = ()
    recipients: tuple[RecipientData, ...] = ()
    derived_from_id: int | None = None


SCALAR_FIELDS = (
    "title",
    "period_start",
    "period_end",
    "period_label",
    "doc_type",
    "header_parent",
    "header_unit",
    "number",
    "symbol",
    "place",
    "issued_on",
    "slogan",
    "intro",
    "objectives",
    "requirements",
    "funding",
    "implementation",
    "signing_authority",
    "signer_position",
    "signer_name",
)


class _Errors:
    """Collects field errors so a person sees every problem at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _text(value: str) -> str:
    return nfc(value or "").strip()


def _validate(data: PlanData, *, instance: Plan | None) -> Unit:
    errors = _Errors()
    unit = Unit.objects.filter(pk=data.unit_id).first()
    if unit is None:
        errors.add("unit", _("Chưa chọn cơ quan ban hành, hoặc cơ quan không tồn tại."))
    if not _text(data.title):
        errors.add("title", _("Kế hoạch phải có trích yếu (tên kế hoạch)."))
    if data.period_start is None or data.period_end is None:
        errors.add("period_start", _("Kế hoạch phải có kỳ thực hiện (từ ngày, đến ngày)."))
    elif data.period_end < data.period_start:
        errors.add(
            "period_end",
            _("Kỳ kế hoạch kết thúc (%(end)s) trước khi bắt đầu (%(start)s).")
            % {"end": _d(data.period_end), "start": _d(data.period_start)},
        )
    if data.number and not data.number.strip().isdigit():
        errors.add("number", _("Số văn bản chỉ gồm chữ số, ví dụ “40”."))
    if unit is not None and data.number.strip():
        year = (data.issued_on or data.period_start or timezone.localdate()).year
        same_number = Plan.objects.filter(
            unit=unit, number=data.number.strip(), symbol=data.symbol.strip()
        ).filter(Q(issued_on__year=year) | Q(issued_on__isnull=True, period_start__year=year))
        if instance is not None:
            same_number = same_number.exclude(pk=instance.pk)
        clash = same_number.first()
        if clash is not None:
            errors.add(
                "number",
                _("Số %(n)s đã dùng cho kế hoạch “%(t)s” của đơn vị trong năm %(y)d.")
                % {"n": clash.number_symbol, "t": clash.title, "y": year},
            )
    _validate_parts(data, unit, errors)
    errors.raise_if_any()
    assert unit is not None
    return unit


def _validate_parts(data: PlanData, unit: Unit | None, errors: _Errors) -> None:
    unit_ids = _named_unit_ids(data)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
    for missing in sorted(unit_ids - set(units)):
        errors.add("activities", _("Đơn vị mã %(id)d không tồn tại.") % {"id": missing})
    for i, theme in enumerate(data.themes, start=1):
        if not _text(theme.title):
            errors.add("themes", _("Nội dung tuyên truyền thứ %(i)d chưa có tiêu đề.") % {"i": i})
        for area in theme.areas:
            if area not in ReformArea.values:
                errors.add("themes", _("Lĩnh vực cải cách “%(a)s” không có trong danh mục.") % {"a": area})
        for index in theme.indices:
            if index not in ReformIndex.values:
                errors.add("themes", _("Chỉ số “%(x)s” không có trong danh mục.") % {"x": index})
        if theme.audience and theme.audience not in Audience.values:
            errors.add("themes", _("Đối tượng “%(x)s” không hợp lệ.") % {"x": theme.audience})
    for channel in data.channels:
        if channel.kind not in ChannelKind.values:
            errors.add("channels", _("Hình thức “%(x)s” không có trong danh mục.") % {"x": channel.kind})
    for audience in data.audiences:
        if audience.audience not in Audience.values:
            errors.add("audiences", _("Đối tượng “%(x)s” không hợp lệ.") % {"x": audience.audience})
    for position, activity in enumerate(data.activities, start=1):
        _validate_activity(activity, str(position), data, unit, units, errors, top_level=True)


def _validate_activity(
    activity: ActivityData,
    position: str,
    data: PlanData,
    unit: Unit | None,
    units: dict[int, Unit],
    errors: _Errors,
    *,
    top_level: bool,
) -> None:
    label = _("Hoạt động %(p)s") % {"p": position}
    if not _text(activity.title):
        errors.add("activities", _("%(a)s chưa có tên hoạt động.") % {"a": label})
    if top_level and not any(ref.unit_id or _text(ref.label) for ref in activity.leads):
        errors.add(
            "activities",
            _("%(a)s (“%(t)s”) chưa có cơ quan chủ trì.")
            % {"a": label, "t": _short(activity.title)},
        )
    for ref in activity.leads:
        lead = units.get(ref.unit_id) if ref.unit_id else None
        if lead is not None and unit is not None and not lead.path.startswith(unit.path):
            errors.add(
                "activities",
                _(
                    "%(a)s: “%(u)s” không thuộc %(plan_unit)s nên không thể là cơ quan chủ trì"
                    " của kế hoạch này (có thể là cơ quan phối hợp)."
                )
                % {"a": label, "u": lead.display_name, "plan_unit": unit.display_name},
            )
    for index in activity.themes:
        if not 0 <= index < len(data.themes):
            errors.add("activities", _("%(a)s gắn với nội dung không tồn tại.") % {"a": label})
    for kind in activity.channels:
        if kind not in ChannelKind.values:
            errors.add("activities", _("%(a)s: hình thức “%(x)s” không có trong danh mục.") % {"a": label, "x": kind})
    for kind in activity.audiences:
        if kind not in Audience.values:
            errors.add("activities", _("%(a)s: đối tượng “%(x)s” không hợp lệ.") % {"a": label, "x": kind})
    if activity.budget_estimate is not None and activity.budget_estimate < 0:
        errors.add("activities", _("%(a)s: dự toán kinh phí không được âm.") % {"a": label})
    for sub_position, child in enumerate(activity.children, start=1):
        _validate_activity(
            child, f"{position}.{sub_position}", data, unit, units, errors, top_level=False
        )


def _named_unit_ids(data: PlanData) -> set[int]:
    ids: set[int] = set()

    def walk(activity: ActivityData) -> None:
        ids.update(r.unit_id for r in (*activity.leads, *activity.coordinators) if r.unit_id)
        for child in activity.children:
            walk(child)

    for activity in data.activities:
        walk(activity)
    ids.update(r.unit.unit_id for r in data.responsibilities if r.unit.unit_id)
    for duty in data.reporting_duties:
        ids.update(x for x in (duty.to.unit_id, duty.through.unit_id) if x)
    ids.update(r.unit_id for r in data.recipients if r.unit_id)
    return ids


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


# --- Writing ------------------------------------------------------------------------


def _write_parts(plan: Plan, data: PlanData) -> None:
    """(Re)write everything that hangs off the plan row."""
    for related in (
        plan.legal_bases,
        plan.audiences,
        plan.channels,
        plan.responsibilities,
        plan.funding_sources,
        plan.reporting_duties,
        plan.recipients,
    ):
        related.all().delete()
    Activity.objects.filter(plan=plan).delete()
    Theme.objects.filter(plan=plan).delete()

    for order, ref in enumerate(data.legal_bases):
        PlanLegalBasis.objects.create(
            plan=plan, reference=reference_get_or_create(data=ref), order=order
        )
    PlanAudience.objects.bulk_create(
        PlanAudience(
            plan=plan,
            audience=a.audience,
            description=_text(a.description),
            content=_text(a.content),
            order=i,
        )
        for i, a in enumerate(data.audiences)
    )
    themes = [
        Theme.objects.create(
            plan=plan,
            order=i,
            title=_text(t.title),
            details=_text(t.details),
            audience=t.audience,
            areas=list(dict.fromkeys(t.areas)),
            indices=list(dict.fromkeys(t.indices)),
            parent_theme_id=t.parent_theme_id,
        )
        for i, t in enumerate(data.themes)
    ]
    PlanChannel.objects.bulk_create(
        PlanChannel(plan=plan, kind=c.kind, description=_text(c.description), order=i)
        for i, c in enumerate(data.channels)
    )
    for order, activity in enumerate(data.activities):
        _write_activity(plan, activity, order, None, themes)
    Responsibility.objects.bulk_create(
        Responsibility(
            plan=plan,
            unit_id=r.unit.unit_id,
            label=_text(r.unit.label),
            duties=_text(r.duties),
            order=i,
        )
        for i, r in enumerate(data.responsibilities)
    )
    FundingSource.objects.bulk_create(
        FundingSource(plan=plan, source=_text(f.source), amount=f.amount, note=_text(f.note), order=i)
        for i, f in enumerate(data.funding_sources)
    )
    ReportingDuty.objects.bulk_create(
        ReportingDuty(
            plan=plan,
            periods=_text(r.periods),
            deadline_text=_text(r.deadline_text),
            to_unit_id=r.to.unit_id,
            to_label=_text(r.to.label),
            through_unit_id=r.through.unit_id,
            through_label=_text(r.through.label),
            text=_text(r.text),
            order=i,
        )
        for i, r in enumerate(data.reporting_duties)
    )
    Recipient.objects.bulk_create(
        Recipient(
            plan=plan,
            label=_text(r.label),
            unit_id=r.unit_id,
            purpose=_text(r.purpose),
            is_archive=r.is_archive,
            order=i,
        )
        for i, r in enumerate(data.recipients)
    )


def _write_activity(
    plan: Plan, data: ActivityData, order: int, parent: Activity | None, themes: list[Theme]
) -> Activity:
    activity = Activity.objects.create(
        plan=plan,
        parent=parent,
        order=order,
        title=_text(data.title),
        content=_text(data.content),
        audiences=list(dict.fromkeys(data.audiences)),
        channels=list(dict.fromkeys(data.channels)),
        timing_text=_text(data.timing_text),
        expected_outputs=_text(data.expected_outputs),
        budget_estimate=data.budget_estimate,
        derived_from_id=data.derived_from_id,
    )
    ActivityUnit.objects.bulk_create(
        [
            ActivityUnit(activity=activity, unit_id=ref.unit_id, label=_text(ref.label), role=role, order=i)
            for role, refs in ((UnitRole.LEAD, data.leads), (UnitRole.COORDINATOR, data.coordinators))
            for i, ref in enumerate(refs)
            if ref.unit_id or _text(ref.label)
        ]
    )
    if data.themes:
        activity.themes.set([themes[i] for i in data.themes])
    for child_order, child in enumerate(data.children):
        _write_activity(plan, child, child_order, activity, themes)
    return activity


def _scalars(data: PlanData) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in SCALAR_FIELDS:
        value = getattr(data, name)
        values[name] = _text(value) if isinstance(value, str) else value
    return values


def _event(plan: Plan, actor: Any, action: str, changes: dict[str, Any] | None = None, note: str = "") -> None:
    PlanEvent.objects.create(
        plan=plan,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        changes=changes or {},
        note=note,
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@transaction.atomic
def plan_create(*, data: PlanData, actor: Any = None) -> Plan:
    unit = _validate(data, instance=None)
    plan = Plan(unit=unit, created_by=actor if getattr(actor, "pk", None) else None, **_scalars(data))
    plan.derived_from_id = data.derived_from_id
    plan.save()
    _write_parts(plan, data)
    _event(plan, actor, "create")
    return plan


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)


def _check_revision(plan: Plan, expected_revision: int | None) -> None:
    if expected_revision is not None and expected_revision != plan.revision:
        last = plan.events.select_related("actor").first()
        who = str(last.actor) if last and last.actor else _("người khác")
        when = timezone.localtime(plan.updated_at).strftime("%H:%M %d/%m/%Y")
        raise ValidationError(
            _(
                "Kế hoạch vừa được %(who)s sửa lúc %(when)s, sau khi bạn mở trang. Nội dung của"
                " bạn chưa được lưu; hãy tải lại trang để xem bản mới rồi sửa tiếp."
            )
            % {"who": who, "when": when},
            code="stale",
        )


@transaction.atomic
def plan_update(
    *, plan: Plan, data: PlanData, actor: Any = None, expected_revision: int | None = None
) -> Plan:
    """Replace the plan's content with ``data``; refused once the plan is issued."""
    plan = _locked(plan)
    _check_revision(plan, expected_revision)
    if not plan.is_editable:
        raise ValidationError(
            _("Kế hoạch đã %(s)s nên không sửa được; hãy tạo bản sửa đổi.")
            % {"s": plan.get_status_display().lower()},
            code="not_editable",
        )
    if data.unit_id != plan.unit_id:
        raise ValidationError({"unit": _("Không thể đổi cơ quan ban hành của kế hoạch đã tạo.")})
    unit = _validate(data, instance=plan)
    before = {name: _jsonable(getattr(plan, name)) for name in SCALAR_FIELDS}
    counts_before = _counts(plan)
    for name, value in _scalars(data).items():
        setattr(plan, name, value)
    plan.unit = unit
    plan.revision += 1
    plan.save()
    _write_parts(plan, data)
    changes: dict[str, Any] = {
        name: [before[name], _jsonable(getattr(plan, name))]
        for name in SCALAR_FIELDS
        if before[name] != _jsonable(getattr(plan, name))
    }
    counts_after = _counts(plan)
    for name, count in counts_after.items():
        if counts_before[name] != count:
            changes[name] = [counts_before[name], count]
    _event(plan, actor, "update", changes)
    return plan


def _counts(plan: Plan) -> dict[str, int]:
    return {
        "activities": plan.activities.count(),
        "themes": plan.themes.count(),
        "legal_bases": plan.legal_bases.count(),
        "responsibilities": plan.responsibilities.count(),
    }


def _transition(plan: Plan, *, allowed: tuple[str, ...], target: str, actor: Any, action: str, note: str = "") -> Plan:
    plan = _locked(plan)
    if plan.status not in allowed:
        raise ValidationError(
            _("Không thể %(action)s kế hoạch đang ở trạng thái “%(s)s”.")
            % {"action": ACTION_LABELS[action], "s": plan.get_status_display()},
            code="bad_status",
        )
    before = plan.status
    plan.status = target
    plan.revision += 1
    plan.save(update_fields=["status", "revision", "updated_at"])
    _event(plan, actor, action, {"status": [before, target]}, note)
    return plan


ACTION_LABELS = {
    "submit": _("trình duyệt"),
    "return": _("trả lại"),
    "approve": _("phê duyệt"),
    "issue": _("ban hành"),
    "close": _("kết thúc"),
    "revise": _("sửa đổi"),
}


@transaction.atomic
def plan_submit(*, plan: Plan, actor: Any = None) -> Plan:
    return _transition(plan, allowed=(PlanStatus.DRAFT,), target=PlanStatus.SUBMITTED, actor=actor, action="submit")


@transaction.atomic
def plan_return(*, plan: Plan, reason: str, actor: Any = None) -> Plan:
    if not _text(reason):
        raise ValidationError({"reason": _("Hãy ghi lý do trả lại để người soạn biết cần sửa gì.")})
    return _transition(
        plan,
        allowed=(PlanStatus.SUBMITTED, PlanStatus.APPROVED),
        target=PlanStatus.DRAFT,
        actor=actor,
        action="return",
        note=_text(reason),
    )


@transaction.atomic
def plan_approve(*, plan: Plan, actor: Any = None) -> Plan:
    return _transition(plan, allowed=(PlanStatus.SUBMITTED,), target=PlanStatus.APPROVED, actor=actor, action="approve")


@transaction.atomic
def plan_issue(*, plan: Plan, number: str, issued_on: datetime.date, actor: Any = None) -> Plan:
    """Fix the number and date; from now on the plan no longer changes."""
    plan = _locked(plan)
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": _("Hãy nhập số văn bản khi ban hành.")})
    data = replace(plan_to_data(plan), number=number, issued_on=issued_on)
    _validate(data, instance=plan)
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(
            _("Chỉ ban hành được kế hoạch đã phê duyệt (hiện: “%(s)s”).") % {"s": plan.get_status_display()},
            code="bad_status",
        )
    plan.number = number
    plan.issued_on = issued_on
    plan.save(update_fields=["number", "issued_on", "updated_at"])
    plan = _transition(plan, allowed=(PlanStatus.APPROVED,), target=PlanStatus.ISSUED, actor=actor, action="issue")
    reference_for_plan(plan=plan)
    if plan.replaces_id:
        old = _locked(Plan(pk=plan.replaces_id))
        if old.status == PlanStatus.ISSUED:
            _transition(old, allowed=(PlanStatus.ISSUED,), target=PlanStatus.CLOSED, actor=actor, action="close",
                        note=_("Được thay thế bởi %(n)s") % {"n": plan.number_symbol})
    return plan


@transaction.atomic
def plan_close(*, plan: Plan, actor: Any = None) -> Plan:
    return _transition(plan, allowed=(PlanStatus.ISSUED,), target=PlanStatus.CLOSED, actor=actor, action="close")


@transaction.atomic
def plan_revise(*, plan: Plan, actor: Any = None) -> Plan:
    """Start a new version of an issued plan, as a draft that records what it replaces."""
    plan = _locked(plan)
    if plan.status != PlanStatus.ISSUED:
        raise ValidationError(
            _("Chỉ tạo bản sửa đổi từ kế hoạch đã ban hành."), code="bad_status"
        )
    if plan.replaced_by.exclude(status=PlanStatus.CLOSED).exists():
        raise ValidationError(
            _("Kế hoạch này đã có một bản sửa đổi đang soạn; hãy tiếp tục bản đó."), code="duplicate"
        )
    data = replace(plan_to_data(plan), number="", issued_on=None)
    new = Plan(unit=plan.unit, created_by=actor if getattr(actor, "pk", None) else None, **_scalars(data))
    new.version = plan.version + 1
    new.replaces = plan
    new.derived_from_id = plan.derived_from_id
    new.save()
    _write_parts(new, data)
    _event(new, actor, "revise", {"replaces": plan.pk})
    _event(plan, actor, "revised", {"new_version": new.pk})
    return new


@transaction.atomic
def plan_delete(*, plan: Plan, actor: Any = None) -> None:
    plan = _locked(plan)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Chỉ xóa được kế hoạch dự thảo."), code="bad_status")
    Activity.objects.filter(plan=plan).delete()
    plan.delete()


# --- Cascade ------------------------------------------------------------------------


def plan_to_data(plan: Plan) -> PlanData:
    """The plan as plain data, exactly as it would be written again."""
    themes = list(plan.themes.all())
    theme_pos = {t.pk: i for i, t in enumerate(themes)}
    activities = list(
        plan.activities.prefetch_related("assignments", "themes").order_by("order", "pk")
    )
    children: dict[int | None, list[Activity]] = {}
    for a in activities:
        children.setdefault(a.parent_id, []).append(a)

    def activity_data(a: Activity) -> ActivityData:
        refs = list(a.assignments.all())
        return ActivityData(
            title=a.title,
            content=a.content,
            audiences=tuple(a.audiences),
            channels=tuple(a.channels),
            timing_text=a.timing_text,
            expected_outputs=a.expected_outputs,
            budget_estimate=a.budget_estimate,
            leads=tuple(UnitRef(r.unit_id, r.label) for r in refs if r.role == UnitRole.LEAD),
            coordinators=tuple(UnitRef(r.unit_id, r.label) for r in refs if r.role == UnitRole.COORDINATOR),
            themes=tuple(theme_pos[t.pk] for t in a.themes.all() if t.pk in theme_pos),
            children=tuple(activity_data(c) for c in children.get(a.pk, [])),
            derived_from_id=a.derived_from_id,
        )

    return PlanData(
        unit_id=plan.unit_id,
        derived_from_id=plan.derived_from_id,
        **{name: getattr(plan, name) for name in SCALAR_FIELDS},
        legal_bases=tuple(
            ReferenceData(
                doc_type=b.reference.doc_type,
                number_symbol=b.reference.number_symbol,
                issued_on=b.reference.issued_on,
                issuer=b.reference.issuer,
                subject=b.reference.subject,
                plan_id=b.reference.plan_id,
            )
            for b in plan.legal_bases.select_related("reference")
        ),
        audiences=tuple(AudienceData(a.audience, a.description, a.content) for a in plan.audiences.all()),
        themes=tuple(
            ThemeData(t.title, t.details, t.audience, tuple(t.areas), tuple(t.indices), t.parent_theme_id)
            for t in themes
        ),
        channels=tuple(ChannelData(c.kind, c.description) for c in plan.channels.all()),
        activities=tuple(activity_data(a) for a in children.get(None, [])),
        responsibilities=tuple(
            ResponsibilityData(UnitRef(r.unit_id, r.label), r.duties) for r in plan.responsibilities.all()
        ),
        funding_sources=tuple(FundingData(f.source, f.amount, f.note) for f in plan.funding_sources.all()),
        reporting_duties=tuple(
            ReportingData(
                r.periods,
                r.deadline_text,
                UnitRef(r.to_unit_id, r.to_label),
                UnitRef(r.through_unit_id, r.through_label),
                r.text,
            )
            for r in plan.reporting_duties.all()
        ),
        recipients=tuple(RecipientData(r.label, r.unit_id, r.purpose, r.is_archive) for r in plan.recipients.all()),
    )


@transaction.atomic
def plan_derive(*, parent: Plan, unit: Unit, actor: Any = None) -> Plan:
    """Start ``unit``'s own plan from an issued superior plan, in one action.

    The new draft cites the parent plan as its legal basis, takes over the parent's
    themes (each linked to the theme it comes from), and receives as draft activities
    those the parent assigns to ``unit`` or to a unit above it, with ``unit`` leading.
    """
    parent = Plan.objects.select_related("unit").get(pk=parent.pk)
    if parent.status not in (PlanStatus.ISSUED, PlanStatus.CLOSED):
        raise ValidationError(_("Chỉ xây dựng kế hoạch từ kế hoạch cấp trên đã ban hành."), code="bad_status")
    existing = Plan.objects.filter(derived_from=parent, unit=unit).exclude(status=PlanStatus.CLOSED).first()
    if existing is not None:
        raise ValidationError(
            _("%(u)s đã có kế hoạch “%(t)s” xây dựng từ kế hoạch này.") % {"u": unit.display_name, "t": existing.title},
            code="duplicate",
        )
    parent_data = plan_to_data(parent)
    themes = list(parent.themes.all())
    assigned = _activities_assigned_to(parent, unit)
    activities = tuple(
        ActivityData(
            title=a.title,
            content=a.content,
            audiences=tuple(a.audiences),
            channels=tuple(a.channels),
            timing_text=a.timing_text,
            expected_outputs=a.expected_outputs,
            leads=(UnitRef(unit_id=unit.pk),),
            themes=tuple(i for i, t in enumerate(themes) if t in set(a.themes.all())),
            derived_from_id=a.pk,
        )
        for a in assigned
    )
    reference = reference_for_plan(plan=parent)
    data = PlanData(
        unit_id=unit.pk,
        title=_("Kế hoạch thực hiện %(t)s") % {"t": parent.title[:1].lower() + parent.title[1:]}
        if parent.title
        else parent.title,
        period_start=parent.period_start,
        period_end=parent.period_end,
        period_label=parent.period_label,
        slogan=parent.slogan,
        header_unit=unit.name.upper(),
        legal_bases=(
            ReferenceData(
                doc_type=reference.doc_type,
                number_symbol=reference.number_symbol,
                issued_on=reference.issued_on,
                issuer=reference.issuer,
                subject=reference.subject,
                plan_id=parent.pk,
            ),
        ),
        themes=tuple(replace(t, parent_theme_id=themes[i].pk) for i, t in enumerate(parent_data.themes)),
        channels=parent_data.channels,
        activities=activities,
        derived_from_id=parent.pk,
    )
    plan = plan_create(data=data, actor=actor)
    _event(plan, actor, "derive", {"parent": parent.pk, "activities": len(activities)})
    return plan


def _activities_assigned_to(plan: Plan, unit: Unit) -> list[Activity]:
    """Top-level activities of ``plan`` that name ``unit`` (or a unit above it, below the plan's unit)."""
    ancestors_paths = [unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    ids = (
        ActivityUnit.objects.filter(activity__plan=plan, unit__path__in=ancestors_paths)
        .exclude(unit_id=plan.unit_id)
        .values_list("activity_id", flat=True)
    )
    activities = Activity.objects.filter(pk__in=ids).prefetch_related("themes").order_by("order", "pk")
    # A sub-activity assigned to the unit arrives as its own activity; so does its parent.
    return list(activities)
