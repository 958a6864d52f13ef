"""Staff pages for outputs, evidence, progress and dashboards.

Thin views: check permission, validate, call the service, render. A person who may not
read a plan, an output or a unit gets 404; one who may read it but lacks the role an
action needs gets 403. A service's refusal comes back on the form, in Vietnamese.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc.orgs.models import ROLE_RANK, Role, Unit
from cchc.orgs.permissions import has_role, role_paths
from cchc.orgs.selectors import role_assignments_for_user
from cchc.plans.models import Activity, ActivityUnit, Plan, PlanStatus, UnitRole
from cchc.plans.permissions import can as plan_can
from cchc.tracking import selectors, services
from cchc.tracking.charts import monthly_chart
from cchc.tracking.forms import AsOfForm, OutputEditForm, OutputForm
from cchc.tracking.models import Evidence, Output
from cchc.tracking.permissions import can, can_record, is_period_closed, period_closes_on
from cchc.tracking.selectors import STATUS_LABELS, ActivityProgress, DueSlot, UnitDashboard

OUTPUTS_PAGE_SIZE = 50
PROGRESS_PAGE_SIZE = 100
DASHBOARD_LIST_LIMIT = 50
DUE_DAYS = 30


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- Loading what the user may read -------------------------------------------------


def _activity_or_404(request: HttpRequest, pk: int) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("plan__unit", "parent"), pk=pk)
    if not plan_can(request.user, "plan.view", activity.plan):
        raise Http404
    return activity


def _plan_or_404(request: HttpRequest, pk: int) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("unit"), pk=pk)
    if not plan_can(request.user, "plan.view", plan):
        raise Http404
    return plan


def _output_or_404(request: HttpRequest, pk: int) -> Output:
    output = get_object_or_404(Output.objects.select_related("activity__plan__unit", "unit"), pk=pk)
    if not can(request.user, "output.view", output):
        raise Http404
    return output


def _evidence_or_404(request: HttpRequest, pk: int) -> Evidence:
    evidence = get_object_or_404(
        Evidence.objects.select_related("output__activity__plan__unit", "output__unit"), pk=pk
    )
    if not can(request.user, "output.view", evidence.output):
        raise Http404
    return evidence


def _as_of(request: HttpRequest) -> tuple[AsOfForm, datetime.date]:
    form = AsOfForm(request.GET if "ngay" in request.GET else None)
    return form, form.day(timezone.localdate())


# --- Who records for which unit -----------------------------------------------------


def _assignments(activity: Activity) -> list[ActivityUnit]:
    """The units named for the activity and for its parent (a sub-activity inherits them)."""
    ids = [activity.pk] + ([activity.parent_id] if activity.parent_id else [])
    return list(
        ActivityUnit.objects.filter(activity_id__in=ids).select_related("unit").order_by("role", "order", "pk")
    )


def recordable_units(user: Any, activity: Activity, assignments: list[ActivityUnit]) -> list[Unit]:
    """Units in the user's reach that take part in the activity: can_record's rule.

    The units named for the activity (or its parent) and the plan's own unit, plus the
    units the user works in or holds a role on that lie below a named unit. Read in one
    query; recording itself is checked again with ``can_record``.
    """
    named = [a.unit for a in assignments if a.unit is not None]
    named_paths = [u.path for u in named]
    candidates: dict[int, Unit] = {u.pk: u for u in [*named, activity.plan.unit]}
    editor = ROLE_RANK[Role.EDITOR]
    own_paths = [p for p, r in role_paths(user) if r >= editor]
    own_q = Unit.objects.filter(path__in=own_paths)
    if getattr(user, "unit_id", None):
        own_q = own_q | Unit.objects.filter(pk=user.unit_id)
    if own_paths or getattr(user, "unit_id", None):
        for unit in own_q:
            candidates.setdefault(unit.pk, unit)

    def takes_part(unit: Unit) -> bool:
        return any(unit.path.startswith(p) for p in named_paths) or unit.pk == activity.plan.unit_id

    return sorted(
        (u for u in candidates.values() if takes_part(u) and has_role(user, u, Role.EDITOR)),
        key=lambda u: u.path,
    )


def _may_date(user: Any, unit: Unit, day: datetime.date | None) -> bool:
    """Outputs dated in a closed reporting period are recorded or changed by approvers only."""
    if day is None or not is_period_closed(day):
        return True
    return has_role(user, unit, Role.APPROVER)


def _lock_message(day: datetime.date) -> str:
    return _(
        "Kỳ báo cáo có ngày %(d)s đã khóa sau ngày %(c)s: chỉ người có quyền phê duyệt"
        " của đơn vị mới ghi nhận hoặc sửa được."
    ) % {"d": _d(day), "c": _d(period_closes_on(day))}


# --- Saving an output with its files, all or nothing --------------------------------


def _content(upload: UploadedFile) -> bytes:
    # One byte more than allowed is enough for the service to refuse a file too big.
    upload.seek(0)
    return upload.read(services.MAX_EVIDENCE_BYTES + 1)


def _save_with_evidence(request: HttpRequest, form: OutputForm, save: Any) -> Output | None:
    """Run ``save()`` (recording or updating the output), then add each file, in one
    transaction: a refused file leaves nothing saved and its message on the form."""
    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            output: Output = save()
            for upload in form.uploads():
                stored.append(
                    services.evidence_add(
                        output=output, name=upload.name or "tep", content=_content(upload), actor=request.user
                    )
                )
    except ValidationError as exc:
        _drop_files(stored)
        form.add_service_errors(exc)
        return None
    except Exception:
        _drop_files(stored)
        raise
    return output


def _drop_files(stored: list[Evidence]) -> None:
    """The rows were rolled back; remove the files they had written to storage."""
    for evidence in stored:
        evidence.file.delete(save=False)


# --- Activity outputs ---------------------------------------------------------------


def _activity_progress(activity: Activity, today: datetime.date) -> ActivityProgress:
    """The activity's row of ``plan_progress``: outputs of every unit, filled into its due dates."""
    rows = (
        Output.objects.filter(activity=activity)
        .values_list("date")
        .annotate(n=Sum("quantity"))
        .order_by("date")
    )
    return selectors.progress_for(activity, activity.plan, [(d, int(n)) for d, n in rows], today)


def _next_due(progress: ActivityProgress) -> DueSlot | None:
    return next((s for s in progress.slots if s.due >= progress.today and s.done < 1), None)


def _not_accepting(plan: Plan) -> str:
    return _(
        "Kế hoạch đang ở trạng thái “%(s)s”: chỉ ghi nhận kết quả khi kế hoạch đã ban hành."
    ) % {"s": plan.get_status_display()}


@login_required
@require_http_methods(["GET", "POST"])
def activity_outputs(request: HttpRequest, pk: int) -> HttpResponse:
    """An activity, its progress and outputs, and the form to record a new output."""
    activity = _activity_or_404(request, pk)
    assignments = _assignments(activity)
    units = recordable_units(request.user, activity, assignments)
    if request.method == "POST" and not units:
        raise PermissionDenied
    accepting = activity.plan.status in (PlanStatus.ISSUED, PlanStatus.CLOSED)
    if request.method == "POST" and not accepting:
        messages.error(request, _not_accepting(activity.plan))
        return redirect("staff:activity_outputs", pk=activity.pk)
    form = OutputForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        unit = form.chosen_unit()
        if not can_record(request.user, activity, unit):
            raise PermissionDenied
        data = form.to_data()
        if not _may_date(request.user, unit, data.date):
            form.add_error("date", _lock_message(data.date))  # type: ignore[arg-type]
        else:
            output = _save_with_evidence(
                request,
                form,
                lambda: services.output_record(activity=activity, unit=unit, data=data, actor=request.user),
            )
            if output is not None:
                n = len(form.uploads())
                messages.success(
                    request,
                    _("Đã ghi nhận “%(o)s” của %(u)s, kèm %(n)d tệp minh chứng.")
                    % {"o": output, "u": unit.display_name, "n": n},
                )
                url = reverse("staff:activity_outputs", args=[activity.pk])
                return redirect(f"{url}#output-{output.pk}")
    today = timezone.localdate()
    progress = _activity_progress(activity, today)
    page = Paginator(selectors.outputs_for_activity(request.user, activity), OUTPUTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for output in page:
        output.may_change = can(request.user, "output.change", output)  # type: ignore[attr-defined]
        output.closed = is_period_closed(output.date, today)  # type: ignore[attr-defined]
    own = [a for a in assignments if a.activity_id == activity.pk] or assignments
    return render(
        request,
        "tracking/activity_outputs.html",
        {
            "activity": activity,
            "plan": activity.plan,
            "progress": progress,
            "next_due": _next_due(progress),
            "leads": [a for a in own if a.role == UnitRole.LEAD],
            "coordinators": [a for a in own if a.role == UnitRole.COORDINATOR],
            "page": page,
            "form": form if units and accepting else None,
            "not_accepting": "" if accepting else _not_accepting(activity.plan),
            "reselect_files": request.method == "POST" and bool(request.FILES),
        },
    )


# --- One output ---------------------------------------------------------------------


def _locked(request: HttpRequest, output: Output) -> HttpResponse:
    """403, saying why: the period is closed (approvers only) or the user lacks the role."""
    return render(
        request,
        "tracking/output_locked.html",
        {
            "output": output,
            "closed": is_period_closed(output.date),
            "closes_on": period_closes_on(output.date),
        },
        status=403,
    )


def _outputs_url(output: Output) -> str:
    return reverse("staff:activity_outputs", args=[output.activity_id]) + f"#output-{output.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def output_edit(request: HttpRequest, pk: int) -> HttpResponse:
    output = _output_or_404(request, pk)
    if not can(request.user, "output.change", output):
        return _locked(request, output)
    form = OutputEditForm(request.POST or None, request.FILES or None, output=output)
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        if not _may_date(request.user, output.unit, data.date):
            form.add_error("date", _lock_message(data.date))  # type: ignore[arg-type]
        else:
            saved = _save_with_evidence(
                request, form, lambda: services.output_update(output=output, data=data)
            )
            if saved is not None:
                messages.success(request, _("Đã lưu thay đổi của “%(o)s”.") % {"o": saved})
                return redirect(_outputs_url(saved))
    return render(
        request,
        "tracking/output_form.html",
        {
            "output": output,
            "activity": output.activity,
            "form": form,
            "evidence": list(output.evidence.order_by("pk")),
            "closed": is_period_closed(output.date),
            "closes_on": period_closes_on(output.date),
            "reselect_files": request.method == "POST" and bool(request.FILES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def output_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first; the POST from the confirmation page deletes the output and its files."""
    output = _output_or_404(request, pk)
    if not can(request.user, "output.delete", output):
        return _locked(request, output)
    if request.method == "POST":
        services.output_delete(output=output)
        messages.success(request, _("Đã xóa “%(o)s”.") % {"o": output})
        return redirect("staff:activity_outputs", pk=output.activity_id)
    return render(
        request,
        "tracking/output_confirm_delete.html",
        {"output": output, "evidence_count": output.evidence.count()},
    )


# --- Evidence -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence_or_404(request, pk)
    if not can(request.user, "evidence.delete", evidence.output):
        return _locked(request, evidence.output)
    if request.method == "POST":
        services.evidence_delete(evidence=evidence)
        messages.success(request, _("Đã xóa tệp minh chứng “%(n)s”.") % {"n": evidence.original_name})
        return redirect("staff:output_edit", pk=evidence.output_id)
    return render(request, "tracking/evidence_confirm_delete.html", {"evidence": evidence})


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file, from storage, saved under the name it was uploaded with."""
    evidence = _evidence_or_404(request, pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["Cache-Control"] = "private, no-cache"
    return response


# --- Plan progress ------------------------------------------------------------------


@dataclass
class ProgressRow:
    progress: ActivityProgress
    is_child: bool
    next_due: DueSlot | None

    @property
    def late_dates(self) -> list[datetime.date]:
        return [s.due for s in self.progress.late]


def _in_tree_order(progress: list[ActivityProgress]) -> list[ProgressRow]:
    """Top-level activities, each followed by its sub-activities."""
    children: dict[int, list[ActivityProgress]] = {}
    for p in progress:
        if p.activity.parent_id:
            children.setdefault(p.activity.parent_id, []).append(p)
    rows: list[ProgressRow] = []
    ids = {p.activity.pk for p in progress}
    for p in progress:
        if p.activity.parent_id and p.activity.parent_id in ids:
            continue
        rows.append(ProgressRow(p, bool(p.activity.parent_id), _next_due(p)))
        rows.extend(ProgressRow(c, True, _next_due(c)) for c in children.get(p.activity.pk, []))
    return rows


@login_required
@require_GET
def plan_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Every activity of the plan: its schedule, status, progress and what is late or next."""
    plan = _plan_or_404(request, pk)
    as_of, today = _as_of(request)
    rows = _in_tree_order(selectors.plan_progress(plan, today=today))
    counts = Counter(r.progress.status for r in rows)
    status = request.GET.get("trang_thai", "")
    if status not in STATUS_LABELS:
        status = ""
    shown = [r for r in rows if r.progress.status == status] if status else rows
    page = Paginator(shown, PROGRESS_PAGE_SIZE).get_page(request.GET.get("page"))
    met = sum(r.progress.met for r in rows)
    required = sum(r.progress.required_total for r in rows)
    return render(
        request,
        "tracking/plan_progress.html",
        {
            "plan": plan,
            "today": today,
            "as_of": as_of,
            "page": page,
            "total": len(rows),
            "status": status,
            "filters": [(key, str(label), counts.get(key, 0)) for key, label in STATUS_LABELS.items()],
            "met": met,
            "required": required,
            "percent": round(100 * met / required) if required else 0,
            "ngay": _d(today) if today != timezone.localdate() else "",
        },
    )


# --- Dashboards ---------------------------------------------------------------------


@dataclass
class PlanRow:
    plan: Plan
    activities: int
    met: int
    required: int
    late: int
    unknown: int

    @property
    def percent(self) -> int:
        return round(100 * self.met / self.required) if self.required else 0


def _plan_rows(dashboard: UnitDashboard, status: dict[int, str]) -> list[PlanRow]:
    rows = []
    for plan, progress in dashboard.by_plan.items():
        statuses = [status[p.activity.pk] for p in progress]
        rows.append(
            PlanRow(
                plan=plan,
                activities=len(progress),
                met=sum(p.met for p in progress),
                required=sum(p.required_total for p in progress),
                late=statuses.count("late"),
                unknown=statuses.count("unknown"),
            )
        )
    return rows


def _led_count(dashboard: UnitDashboard) -> int:
    """Activities the unit or a unit below it leads (a sub-activity counts its parent's leads)."""
    by_id = {p.activity.pk: p.activity for p in dashboard.progress}
    path = dashboard.unit.path
    led = 0
    for p in dashboard.progress:
        named = list(p.activity.assignments.all())
        if not named and p.activity.parent_id in by_id:
            named = list(by_id[p.activity.parent_id].assignments.all())  # type: ignore[index]
        if any(a.role == UnitRole.LEAD and a.unit is not None and a.unit.path.startswith(path) for a in named):
            led += 1
    return led


@login_required
@require_GET
def unit_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """What the unit and the units below it do in the plans running on the day shown."""
    unit = get_object_or_404(Unit, pk=pk)
    if not has_role(request.user, unit, Role.VIEWER):
        raise Http404
    as_of, today = _as_of(request)
    dashboard = selectors.unit_dashboard(unit, today=today)
    # Each status read once: at a province's 2,000 activities, reading it is what costs.
    status = {p.activity.pk: p.status for p in dashboard.progress}
    late = sorted(
        (p for p in dashboard.progress if status[p.activity.pk] == "late"),
        key=lambda p: (p.late[0].due, p.activity.pk),
    )
    due = dashboard.due_within(DUE_DAYS)
    led = _led_count(dashboard)
    chart = monthly_chart(
        dashboard.months,
        dashboard.by_channel,
        title=_("Sản phẩm theo tháng và hình thức của %(u)s") % {"u": unit.display_name},
        id_prefix="outputs-chart",
    )
    return render(
        request,
        "tracking/unit_dashboard.html",
        {
            "unit": unit,
            "today": today,
            "as_of": as_of,
            "led": led,
            "supported": len(dashboard.progress) - led,
            "late": late[:DASHBOARD_LIST_LIMIT],
            "late_total": len(late),
            "due": due[:DASHBOARD_LIST_LIMIT],
            "due_total": len(due),
            "due_days": DUE_DAYS,
            "list_limit": DASHBOARD_LIST_LIMIT,
            "plan_rows": _plan_rows(dashboard, status),
            "chart": chart,
            "ngay": _d(today) if today != timezone.localdate() else "",
        },
    )


@login_required
@require_GET
def my_dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard of the unit the user works in; without one, where to look instead."""
    user: Any = request.user
    if user.unit_id and has_role(user, user.unit):
        return redirect("staff:unit_dashboard", pk=user.unit_id)
    assignments = list(role_assignments_for_user(user))
    return render(
        request,
        "tracking/my_dashboard.html",
        {"assignments": list({a.unit_id: a for a in assignments}.values()), "unit": user.unit},
    )
