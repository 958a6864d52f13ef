"""Staff pages for plans: check permission, validate, call one service, render.

A person who may not read a plan gets 404; one who may read it but lacks the role an
action needs gets 403. Whether the plan's state allows the action is the service's to
judge: its refusal comes back as a message (or on the form), never as an error page,
so a button pressed on a page that someone else has just changed explains itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cchc.legal.symbols import format_vn_date
from cchc.orgs.models import Unit
from cchc.orgs.permissions import has_role
from cchc.orgs.selectors import current_q, role_assignments_for_user
from cchc.plans import selectors, services
from cchc.plans.forms import (
    DeriveForm,
    IssueForm,
    Kept,
    PlanEditor,
    PlanFilterForm,
    ReturnForm,
    UnitChoiceForm,
    UnitOptions,
    blank_plan_initial,
    visible_unit_options,
    visible_units,
)
from cchc.plans.models import Activity, Plan, PlanStatus
from cchc.plans.permissions import PLAN_ACTIONS, can, can_create_plan, can_derive

PAGE_SIZE = 50
CHART_LIMIT = 40


def _plan_or_404(request: HttpRequest, pk: int, *, full: bool = False) -> Plan:
    """The plan, or 404 when it does not exist or the user may not read it."""
    try:
        plan = (
            selectors.plan_detail(pk)
            if full
            else Plan.objects.select_related("unit", "derived_from").get(pk=pk)
        )
    except Plan.DoesNotExist:
        raise Http404 from None
    if not can(request.user, "plan.view", plan):
        raise Http404
    return plan


def _require_role(request: HttpRequest, plan: Plan, action: str) -> None:
    """403 unless the user holds the role ``action`` needs on the plan's unit."""
    least, _statuses = PLAN_ACTIONS[action]
    if not has_role(request.user, plan.unit, least):
        raise PermissionDenied


def _state_message(plan: Plan, action: str) -> str:
    name = action.removeprefix("plan.")
    label = {"delete": _("xóa"), "change": _("sửa")}.get(name) or services.ACTION_LABELS.get(name, name)
    return _("Không thể %(action)s kế hoạch đang ở trạng thái “%(s)s”.") % {
        "action": label,
        "s": plan.get_status_display(),
    }


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


# --- List ---------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """Plans the user may read, filtered; bad filter values are dropped with a notice."""
    form = PlanFilterForm(
        request.GET, units=visible_unit_options(request.user, also=_int(request.GET.get("unit")))
    )
    filters, notices = form.filters()
    page = Paginator(selectors.plan_list(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for plan in page:
        plan.assigned_only = not has_role(request.user, plan.unit)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    create_units = list(
        {
            a.unit.pk: a.unit
            for a in role_assignments_for_user(request.user)
            if can_create_plan(request.user, a.unit)
        }.values()
    )
    return render(
        request,
        "plans/plan_list.html",
        {
            "form": form.for_display(),
            "notices": notices,
            "page": page,
            "query": query.urlencode(),
            "create_units": create_units[:6],
            "may_create_elsewhere": request.user.is_superuser or len(create_units) > 6,
        },
    )


# --- Create and edit ----------------------------------------------------------------


def _creatable_units(request: HttpRequest) -> UnitOptions:
    units, base = visible_units(request.user)
    return UnitOptions.from_units([u for u in units if can_create_plan(request.user, u)], base)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    """A new plan of the unit named in ``?unit=``; without it, ask which unit."""
    unit_id = _int(request.GET.get("unit"))
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    if unit is None:
        if request.GET.get("unit"):
            messages.error(request, _("Không tìm thấy đơn vị đã chọn; hãy chọn lại."))
        return render(
            request,
            "plans/plan_unit_choice.html",
            {"form": UnitChoiceForm(units=_creatable_units(request))},
        )
    if not has_role(request.user, unit):
        raise Http404
    if not can_create_plan(request.user, unit):
        raise PermissionDenied
    editor = PlanEditor(
        request.POST if request.method == "POST" else None,
        unit=unit,
        initial=blank_plan_initial(unit),
    )
    if editor.is_valid():
        try:
            plan = services.plan_create(data=editor.to_data(), actor=request.user)
        except ValidationError as exc:
            editor.add_service_errors(exc)
        else:
            messages.success(request, _("Đã tạo kế hoạch “%(t)s”.") % {"t": plan.title})
            return redirect(plan)
    return render(request, "plans/plan_form.html", {"editor": editor, "unit": unit, "plan": None})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan and all its lists on one page; a refused save keeps everything typed."""
    plan = _plan_or_404(request, pk)
    _require_role(request, plan, "plan.change")
    if request.method == "GET" and not can(request.user, "plan.change", plan):
        messages.error(
            request,
            _("Kế hoạch đã %(s)s nên không sửa được; hãy tạo bản sửa đổi.")
            % {"s": plan.get_status_display().lower()},
        )
        return redirect(plan)
    initial = services.plan_to_data(plan)
    editor = PlanEditor(
        request.POST if request.method == "POST" else None,
        unit=plan.unit,
        initial=initial,
        revision=plan.revision,
        kept=Kept.of(initial, plan.derived_from),
    )
    if editor.is_valid():
        try:
            plan = services.plan_update(
                plan=plan,
                data=editor.to_data(),
                actor=request.user,
                expected_revision=editor.revision,
            )
        except ValidationError as exc:
            editor.add_service_errors(exc)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect(plan)
    return render(request, "plans/plan_form.html", {"editor": editor, "unit": plan.unit, "plan": plan})


# --- Reading ------------------------------------------------------------------------

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def _place_date(plan: Plan) -> str:
    """"Quảng Ngãi, ngày 01 tháng 3 năm 2024"; blanks for day and month before issue."""
    if plan.issued_on:
        when = format_vn_date(plan.issued_on, long=True)
    else:
        # Plans are drafted in (or before) their first year; the same rule as the DOCX.
        year = min(timezone.localdate().year, plan.period_start.year)
        when = _("ngày      tháng      năm %(y)d") % {"y": year}
    return f"{plan.place}, {when}" if plan.place else when[:1].upper() + when[1:]


def _activity_rows(plan: Plan) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for number, (activity, children) in enumerate(selectors.activity_tree(plan), start=1):
        rows.append(_activity_row(str(number), activity, child=False))
        rows.extend(
            _activity_row(f"{number}.{sub}", child, child=True) for sub, child in enumerate(children, start=1)
        )
    return rows


def _activity_row(number: str, activity: Activity, *, child: bool) -> dict[str, Any]:
    return {
        "number": number,
        "activity": activity,
        "child": child,
        "leads": [a.name for a in selectors.lead_units(activity)],
        "coordinators": [a.name for a in selectors.coordinator_units(activity)],
    }


def _document(plan: Plan) -> dict[str, Any]:
    """What the reader page needs to lay the plan out as an administrative document."""
    parts = {
        "aims": bool(plan.objectives or plan.requirements),
        "themes": bool(plan.themes.all()),
        "audiences": bool(plan.audiences.all()),
        "channels": bool(plan.channels.all()),
        "activities": bool(plan.activities.all()),
        "funding": bool(plan.funding or plan.funding_sources.all()),
        "organisation": bool(
            plan.implementation or plan.responsibilities.all() or plan.reporting_duties.all()
        ),
    }
    numerals: dict[str, str] = {}
    for key, present in parts.items():
        if present:
            numerals[key] = ROMAN[len(numerals)]
    recipients = [r.label for r in plan.recipients.all()]
    symbol = plan.symbol or ""
    return {
        "header_parent": plan.header_parent,
        "header_unit": plan.header_unit or plan.unit.display_name.upper(),
        "number_line": (
            _("Số: %(n)s") % {"n": plan.number_symbol}
            if plan.number
            else _("Số:        /%(s)s") % {"s": symbol}
            if symbol
            else _("Số:        ")
        ),
        "place_date": _place_date(plan),
        "numerals": numerals,
        "activities": _activity_rows(plan),
        "reporting_number": len(plan.responsibilities.all()) + 1,
        "recipients": recipients,
        "signing": [line.strip() for line in plan.signing_authority.splitlines() if line.strip()],
    }


def _actions(request: HttpRequest, plan: Plan) -> list[dict[str, str]]:
    """The lifecycle buttons the user may press now: (label, url, post or get, style)."""
    user = request.user
    found = []
    for action, label, name, method, style in (
        ("plan.change", _("Sửa kế hoạch"), "staff:plan_edit", "get", "button"),
        ("plan.submit", _("Trình duyệt"), "staff:plan_submit", "post", "button"),
        ("plan.approve", _("Phê duyệt"), "staff:plan_approve", "post", "button"),
        ("plan.issue", _("Ban hành"), "staff:plan_issue", "get", "button"),
        ("plan.return", _("Trả lại để sửa"), "staff:plan_return", "get", "button button-secondary"),
        ("plan.revise", _("Tạo bản sửa đổi"), "staff:plan_revise", "post", "button button-secondary"),
        ("plan.close", _("Kết thúc kế hoạch"), "staff:plan_close", "get", "button button-secondary"),
        ("plan.delete", _("Xóa dự thảo"), "staff:plan_delete", "get", "button button-danger"),
    ):
        if can(user, action, plan):
            found.append(
                {"label": label, "url": reverse(name, args=[plan.pk]), "method": method, "style": style}
            )
    return found


def _derive_units(request: HttpRequest, plan: Plan) -> list[Unit]:
    """Units the user may start a plan for from this one and which have none yet."""
    if plan.status not in (PlanStatus.ISSUED, PlanStatus.CLOSED):
        return []
    candidates: dict[int, Unit] = {
        u.pk: u
        for u in Unit.objects.filter(
            current_q(), path__startswith=plan.unit.path, depth=plan.unit.depth + 1
        )
    }
    for activity in plan.activities.all():
        for assignment in activity.assignments.all():
            if assignment.unit is not None:
                candidates.setdefault(assignment.unit.pk, assignment.unit)
    candidates.pop(plan.unit_id, None)
    done = set(
        Plan.objects.filter(derived_from=plan)
        .exclude(status=PlanStatus.CLOSED)
        .values_list("unit_id", flat=True)
    )
    return sorted(
        (u for u in candidates.values() if u.pk not in done and can_derive(request.user, plan, u)),
        key=lambda u: u.path,
    )


COUNT_LABELS = {
    "activities": gettext_lazy("Số hoạt động"),
    "themes": gettext_lazy("Số nội dung tuyên truyền"),
    "legal_bases": gettext_lazy("Số căn cứ"),
    "responsibilities": gettext_lazy("Số đơn vị được giao nhiệm vụ"),
}


def _event_label(action: str) -> str:
    return {
        "create": _("Tạo kế hoạch"),
        "update": _("Sửa nội dung"),
        "submit": _("Trình duyệt"),
        "return": _("Trả lại để sửa"),
        "approve": _("Phê duyệt"),
        "issue": _("Ban hành"),
        "close": _("Kết thúc"),
        "revise": _("Tạo bản sửa đổi"),
        "revised": _("Đã có bản sửa đổi"),
        "derive": _("Xây dựng từ kế hoạch cấp trên"),
    }.get(action, action)


def _value(name: str, value: Any) -> str:
    if value in (None, ""):
        return _("(trống)")
    if name in ("period_start", "period_end", "issued_on") and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def _change_lines(changes: dict[str, Any]) -> list[dict[str, str]]:
    """What an event changed, as a person reads it."""
    lines: list[dict[str, str]] = []
    links = {
        "replaces": _("Sửa đổi từ phiên bản trước"),
        "new_version": _("Bản sửa đổi mới"),
        "parent": _("Kế hoạch cấp trên"),
    }
    for name, value in changes.items():
        pair = isinstance(value, list) and len(value) == 2
        if name in links:
            lines.append({"text": links[name], "url": reverse("staff:plan_detail", args=[value])})
        elif name == "status" and pair:
            before, after = (PlanStatus(v).label if v in PlanStatus.values else v for v in value)
            lines.append({"text": _("Trạng thái: %(a)s → %(b)s") % {"a": before, "b": after}})
        elif name in services.SCALAR_FIELDS and pair:
            label = str(Plan._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
            label = label[:1].upper() + label[1:]
            before, after = (_value(name, v) for v in value)
            if max(len(before), len(after)) > 80 or "\n" in before + after:
                lines.append({"text": _("%(f)s: đã sửa") % {"f": label}})
            else:
                lines.append({"text": f"{label}: {before} → {after}"})
        elif name in COUNT_LABELS:
            text = f"{value[0]} → {value[1]}" if pair else str(value)
            lines.append({"text": f"{COUNT_LABELS[name]}: {text}"})
        else:
            lines.append({"text": f"{name}: {value}"})
    return lines


def _events(plan: Plan) -> list[dict[str, Any]]:
    return [
        {
            "event": e,
            "label": _event_label(e.action),
            "actor": str(e.actor) if e.actor else _("Hệ thống"),
            "changes": _change_lines(e.changes or {}),
        }
        for e in plan.event_list  # type: ignore[attr-defined]
    ]


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan laid out as a Vietnamese administrative document, with its state beside it."""
    plan = _plan_or_404(request, pk, full=True)
    derive_units = _derive_units(request, plan)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "doc": _document(plan),
            "actions": _actions(request, plan),
            "derive_form": DeriveForm(units=derive_units) if derive_units else None,
            "newer": list(plan.replaced_by.all()),
            "events": _events(plan),
        },
    )


# --- Lifecycle ----------------------------------------------------------------------


def _run(request: HttpRequest, plan: Plan, call: Callable[[], Any], done: str) -> Any:
    """Call a service; its refusal becomes an error message. Returns None when refused."""
    try:
        result = call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    messages.success(request, done)
    return result if result is not None else plan


def _transition(request: HttpRequest, pk: int, action: str, service: Any, done: str) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    _require_role(request, plan, action)
    _run(request, plan, lambda: service(plan=plan, actor=request.user), done)
    return redirect("staff:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "plan.submit", services.plan_submit, _("Đã trình duyệt kế hoạch."))


@login_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "plan.approve", services.plan_approve, _("Đã phê duyệt kế hoạch."))


@login_required
@require_POST
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the next version of an issued plan and open it for editing."""
    plan = _plan_or_404(request, pk)
    _require_role(request, plan, "plan.revise")
    new = _run(
        request,
        plan,
        lambda: services.plan_revise(plan=plan, actor=request.user),
        _("Đã tạo bản sửa đổi (dự thảo). Hãy sửa nội dung rồi trình duyệt."),
    )
    if new is None:
        return redirect(plan)
    return redirect("staff:plan_edit", pk=new.pk)


def _state_allows(request: HttpRequest, plan: Plan, action: str) -> bool:
    if can(request.user, action, plan):
        return True
    messages.error(request, _state_message(plan, action))
    return False


@login_required
@require_http_methods(["GET", "POST"])
def plan_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a submitted or approved plan back to its drafters, with the reason."""
    plan = _plan_or_404(request, pk)
    _require_role(request, plan, "plan.return")
    if request.method == "GET" and not _state_allows(request, plan, "plan.return"):
        return redirect(plan)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_return(plan=plan, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã trả lại kế hoạch để sửa."))
            return redirect(plan)
    return render(request, "plans/plan_action_form.html", {"plan": plan, "form": form, "action": "return"})


@login_required
@require_http_methods(["GET", "POST"])
def plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Give an approved plan its number and date; from then on it does not change."""
    plan = _plan_or_404(request, pk)
    _require_role(request, plan, "plan.issue")
    if request.method == "GET" and not _state_allows(request, plan, "plan.issue"):
        return redirect(plan)
    form = IssueForm(
        request.POST or None, initial={"number": plan.number, "issued_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_issue(
                plan=plan,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
                actor=request.user,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã ban hành kế hoạch số %(n)s.") % {"n": plan.number_symbol})
            return redirect(plan)
    return render(request, "plans/plan_action_form.html", {"plan": plan, "form": form, "action": "issue"})


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_http_methods(["GET", "POST"])
def plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then end an issued plan (it cannot be reopened)."""
    plan = _plan_or_404(request, pk)
    _require_role(request, plan, "plan.close")
    if request.method == "POST":
        _run(request, plan, lambda: services.plan_close(plan=plan, actor=request.user), _("Đã kết thúc kế hoạch."))
        return redirect(plan)
    if not _state_allows(request, plan, "plan.close"):
        return redirect(plan)
    return render(request, "plans/plan_confirm.html", {"plan": plan, "action": "close"})


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then delete a draft."""
    plan = _plan_or_404(request, pk)
    _require_role(request, plan, "plan.delete")
    if request.method == "POST":
        title = plan.title
        try:
            services.plan_delete(plan=plan, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(plan)
        messages.success(request, _("Đã xóa dự thảo “%(t)s”.") % {"t": title})
        return redirect("staff:plan_list")
    if not _state_allows(request, plan, "plan.delete"):
        return redirect(plan)
    return render(request, "plans/plan_confirm.html", {"plan": plan, "action": "delete"})


# --- Cascade ------------------------------------------------------------------------


@login_required
@require_POST
def plan_derive(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a unit's own plan from this issued plan, and open it for editing."""
    plan = _plan_or_404(request, pk)
    unit_id = _int(request.POST.get("unit"))
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    if unit is None:
        messages.error(request, _("Hãy chọn đơn vị xây dựng kế hoạch."))
        return redirect(plan)
    if plan.status not in (PlanStatus.ISSUED, PlanStatus.CLOSED):
        messages.error(request, _("Chỉ xây dựng kế hoạch từ kế hoạch cấp trên đã ban hành."))
        return redirect(plan)
    if not can_derive(request.user, plan, unit):
        raise PermissionDenied
    new = _run(
        request,
        plan,
        lambda: services.plan_derive(parent=plan, unit=unit, actor=request.user),
        _("Đã tạo dự thảo kế hoạch của %(u)s từ kế hoạch cấp trên.") % {"u": unit.display_name},
    )
    if new is None:
        return redirect(plan)
    return redirect("staff:plan_edit", pk=new.pk)


COVERAGE_PAGE_SIZE = 100


def _chart(rows: list[selectors.UnitCoverage]) -> dict[str, Any]:
    """A horizontal bar chart of coverage per unit, laid out for an inline SVG."""
    bar_height, gap, label_width, bar_width = 18, 8, 230, 300
    bars = [
        {
            "label": row.unit.display_name if len(row.unit.display_name) <= 32 else row.unit.display_name[:31] + "…",
            "name": row.unit.display_name,
            "percent": row.percent,
            "y": 10 + i * (bar_height + gap),
            "text_y": 10 + i * (bar_height + gap) + 13,
            "width": round(bar_width * row.percent / 100),
            "value_x": label_width + round(bar_width * row.percent / 100) + 6,
        }
        for i, row in enumerate(rows[:CHART_LIMIT])
    ]
    return {
        "bars": bars,
        "height": 20 + len(bars) * (bar_height + gap),
        "label_width": label_width,
        "label_x": label_width - 8,
        "bar_height": bar_height,
        "width": label_width + bar_width + 50,
        "truncated": len(rows) > CHART_LIMIT,
    }


@login_required
def plan_coverage(request: HttpRequest, pk: int) -> HttpResponse:
    """Which units below the plan have their own plan, and how much of it they cover."""
    plan = _plan_or_404(request, pk)
    coverage = selectors.plan_coverage(plan)
    missing_only = request.GET.get("chua_co") == "1"
    rows = [r for r in coverage.rows if not r.has_plan] if missing_only else coverage.rows
    # A national plan reaches thousands of units: the table is paged, the summary is not.
    page = Paginator(rows, COVERAGE_PAGE_SIZE).get_page(request.GET.get("trang"))
    for row in page.object_list:
        row.may_open = row.plan is not None and has_role(request.user, row.unit)  # type: ignore[attr-defined]
        row.missing_count = len(row.missing_themes) + len(row.missing_activities)  # type: ignore[attr-defined]
    return render(
        request,
        "plans/plan_coverage.html",
        {
            "plan": plan,
            "coverage": coverage,
            "page": page,
            "missing_only": missing_only,
            "chart": _chart(list(page.object_list)),
        },
    )
