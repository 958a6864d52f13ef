"""Staff pages for reporting calendars, periodic reports, reviews and completeness.

Thin views: load what the user may read (404 otherwise), check the action (403), call
the service, render. A service's refusal comes back on the page, in Vietnamese.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.documents import export_report
from cchc.orgs.models import Unit
from cchc.plans.models import Plan, PlanChannel
from cchc.reports import permissions, selectors, services
from cchc.reports.charts import completeness_chart
from cchc.reports.models import EVENT_LABELS, ExportJob, Report, ReportingPeriod
from cchc.reports.tasks import build_rollup_export
from cchc.tracking.models import OutputKind


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _plan_or_404(request: HttpRequest, pk: int) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("unit"), pk=pk)
    if not permissions.can_view_calendar(request.user, plan):
        raise Http404
    return plan


def _report_or_404(request: HttpRequest, pk: int) -> Report:
    report = get_object_or_404(
        Report.objects.select_related(
            "period__plan__unit", "period__to_unit", "period__through_unit", "unit"
        ),
        pk=pk,
    )
    if not permissions.can(request.user, "report.view", report):
        raise Http404
    return report


def _date(value: str) -> datetime.date | None:
    try:
        day, month, year = (int(part) for part in (value or "").strip().split("/"))
        return datetime.date(year, month, day)
    except ValueError:
        return None


@login_required
@require_GET
def plan_reporting(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    return _calendar_page(request, plan)


def _calendar_page(
    request: HttpRequest, plan: Plan, errors: list[str] | None = None, status: int = 200
) -> HttpResponse:
    summaries = selectors.plan_completeness(plan)
    own = {r.period_id: r for r in Report.objects.filter(period__plan=plan, unit=plan.unit)}
    every_level = selectors.plan_tree_totals(plan)
    rows = [(c, own.get(c.period.pk), every_level.get(c.period.pk)) for c in summaries]
    return render(
        request,
        "reports/plan_reporting.html",
        {
            "plan": plan,
            "rows": rows,
            "duties": list(plan.reporting_duties.all()),
            "can_manage": permissions.can_manage_calendar(request.user, plan),
            "can_open_own": permissions.can_open(request.user, None, plan.unit),  # type: ignore[arg-type]
            "errors": errors or [],
            "form": request.POST if errors else {},
        },
        status=status,
    )


@login_required
@require_POST
def plan_reporting_generate(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    if not permissions.can_manage_calendar(request.user, plan):
        raise PermissionDenied
    created = services.reporting_calendar_create(plan=plan, actor=request.user)
    messages.success(request, _("Đã tạo %(n)d kỳ báo cáo.") % {"n": len(created)})
    return redirect("staff:plan_reporting", pk=plan.pk)


@login_required
@require_POST
def reporting_request_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    if not permissions.can_manage_calendar(request.user, plan):
        raise PermissionDenied
    post = request.POST
    bad = [n for n in ("start", "cutoff", "deadline") if post.get(n) and _date(post[n]) is None]
    if bad:
        return _calendar_page(
            request, plan, [_("Ngày phải ghi theo dạng ngày/tháng/năm, ví dụ 15/06/2024.")], 400
        )
    data = services.RequestData(
        label=post.get("label", ""),
        start=_date(post.get("start", "")),
        cutoff=_date(post.get("cutoff", "")),
        deadline=_date(post.get("deadline", "")),
        note=post.get("note", ""),
    )
    try:
        services.reporting_request_create(plan=plan, data=data, actor=request.user)
    except ValidationError as exc:
        return _calendar_page(request, plan, _errors(exc), 400)
    messages.success(request, _("Đã tạo yêu cầu báo cáo đột xuất."))
    return redirect("staff:plan_reporting", pk=plan.pk)


@login_required
@require_POST
def report_open(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("plan__unit", "to_unit"), pk=pk
    )
    unit = get_object_or_404(Unit, pk=unit_pk)
    if not permissions.can_open(request.user, period, unit):
        raise PermissionDenied
    try:
        report = services.report_open(period=period, unit=unit, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
        return redirect("staff:plan_reporting", pk=period.plan_id)
    return redirect("staff:report_edit", pk=report.pk)


def _context(request: HttpRequest, report: Report) -> dict[str, Any]:
    channels = dict(PlanChannel._meta.get_field("kind").choices or [])  # type: ignore[arg-type]
    kinds = dict(OutputKind.choices)
    figures = report.figures or {}
    return {
        "report": report,
        "period": report.period,
        "plan": report.period.plan,
        "receiver": selectors.receiver(report),
        "figures": figures,
        "by_channel": [
            (str(channels.get(k, k)), n) for k, n in (figures.get("by_channel") or {}).items()
        ],
        "by_kind": [(str(kinds.get(k, k)), n) for k, n in (figures.get("by_kind") or {}).items()],
        "rollup_changes": selectors.rollup_changes(report),
        "differences": selectors.figure_differences(report),
        "events": list(report.events.select_related("actor")[:100]),
        "event_labels": EVENT_LABELS,
        "can_edit": permissions.can(request.user, "report.change", report),
        "can_accept": permissions.can(request.user, "report.accept", report),
        "can_return": permissions.can(request.user, "report.return", report),
    }


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    return render(request, "reports/report_detail.html", _context(request, report))


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    if not permissions.can(request.user, "report.change", report):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        data = services.NarrativeData(
            results=request.POST.get("results", ""),
            shortcomings=request.POST.get("shortcomings", ""),
            proposals=request.POST.get("proposals", ""),
        )
        try:
            expected = int(request.POST.get("revision", ""))
        except ValueError:
            expected = -1
        action = request.POST.get("action", "save")
        try:
            if action == "submit":
                services.report_submit(
                    report=report, data=data, expected_revision=expected, actor=request.user
                )
                messages.success(request, _("Đã gửi báo cáo."))
                return redirect("staff:report_detail", pk=report.pk)
            if action == "refresh":
                services.report_refresh(
                    report=report, expected_revision=expected, actor=request.user
                )
                messages.success(request, _("Đã cập nhật số liệu."))
            else:
                services.report_save(
                    report=report, data=data, expected_revision=expected, actor=request.user
                )
                messages.success(request, _("Đã lưu báo cáo."))
            return redirect("staff:report_edit", pk=report.pk)
        except ValidationError as exc:
            errors = _errors(exc)
            for name in ("results", "shortcomings", "proposals"):
                setattr(report, name, request.POST.get(name, ""))
    context = _context(request, report)
    context["errors"] = errors
    return render(request, "reports/report_edit.html", context, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    if not permissions.may_review(request.user, report):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action")
        # The version the reviewer read: another reviewer acting first makes this one stale.
        raw = request.POST.get("revision")
        expected = (int(raw) if raw.isdigit() else -1) if raw is not None else None
        try:
            if action == "accept":
                if expected is not None:
                    services.check_revision(report, expected)
                if not permissions.can(request.user, "report.accept", report):
                    raise ValidationError(_("Chỉ tiếp nhận được báo cáo đã gửi, chờ xem xét."))
                services.report_accept(
                    report=report, expected_revision=expected, actor=request.user
                )
                messages.success(request, _("Đã tiếp nhận báo cáo."))
            elif action == "return":
                if expected is not None:
                    services.check_revision(report, expected)
                if not permissions.can(request.user, "report.return", report):
                    raise ValidationError(_("Chỉ trả lại được báo cáo đã gửi."))
                services.report_return(
                    report=report,
                    reason=request.POST.get("reason", ""),
                    expected_revision=expected,
                    actor=request.user,
                )
                messages.success(request, _("Đã trả lại báo cáo."))
            else:
                raise ValidationError(_("Hãy chọn tiếp nhận hoặc trả lại."))
            return redirect("staff:report_detail", pk=report.pk)
        except ValidationError as exc:
            errors = _errors(exc)
    context = _context(request, report)
    context["errors"] = errors
    context["reason"] = request.POST.get("reason", "")
    return render(request, "reports/report_review.html", context, status=400 if errors else 200)


@login_required
@require_GET
def period_completeness(request: HttpRequest, pk: int) -> HttpResponse:
    """Completeness of a period at every level, drilled down to ``?unit=<id>`` (a unit
    below the plan's unit, which the user may read)."""
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("plan__unit", "to_unit"), pk=pk
    )
    focus = _focus_unit(request, period)
    tree = selectors.tree_completeness(period, focus)
    completeness = tree.as_completeness()
    ancestors = (
        list(
            Unit.objects.filter(
                path__in=[
                    tree.root.path[:i]
                    for i in range(Unit.steplen, len(tree.root.path), Unit.steplen)
                ],
                depth__gte=period.plan.unit.depth,
            ).order_by("depth")
        )
        if tree.root.pk != period.plan.unit_id
        else []
    )
    return render(
        request,
        "reports/period_completeness.html",
        {
            "period": period,
            "plan": period.plan,
            "tree": tree,
            "ancestors": ancestors,
            "c": completeness,
            "chart": completeness_chart(completeness),
            "can_lock": permissions.can_lock(request.user, period),
        },
    )


@login_required
@require_POST
def period_lock(request: HttpRequest, pk: int) -> HttpResponse:
    """Close (``action=lock``) or reopen (``action=unlock``) the period's reports."""
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("plan__unit", "to_unit"), pk=pk
    )
    if not permissions.can_view_completeness(request.user, period):
        raise Http404
    if not permissions.can_lock(request.user, period):
        raise PermissionDenied
    action = request.POST.get("action")
    try:
        if action == "lock":
            services.period_lock(period=period, actor=request.user)
            messages.success(request, _("Đã khóa sổ kỳ báo cáo."))
        elif action == "unlock":
            services.period_unlock(period=period, actor=request.user)
            messages.success(request, _("Đã mở lại kỳ báo cáo."))
        else:
            messages.error(request, _("Hãy chọn khóa sổ hoặc mở lại kỳ báo cáo."))
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    return redirect("staff:period_completeness", pk=period.pk)


def _focus_unit(request: HttpRequest, period: ReportingPeriod) -> Unit | None:
    """The drill-down unit; 404 for a unit outside the plan's tree or out of the user's reach."""
    raw = request.GET.get("unit", "").strip()
    if not raw:
        if not permissions.can_view_completeness(request.user, period):
            raise Http404
        return None
    if not raw.isdigit():
        raise Http404
    focus = Unit.objects.filter(pk=int(raw)).first()
    if focus is None or not focus.path.startswith(period.plan.unit.path):
        raise Http404
    if not permissions.can_view_tree_completeness(request.user, period, focus):
        raise Http404
    return focus


# --- PAR INDEX self-score ---------------------------------------------------------------


def parse_year(value: str | None, default: int) -> int | None:
    """The year asked for (default when empty), None when it is not a plausible year."""
    if value is None or not value.strip():
        return default
    try:
        year = int(value.strip())
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


@login_required
@require_GET
def par_index(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk)
    if not permissions.can_view_par_index(request.user, unit):
        raise Http404
    today = timezone.localdate()
    year = parse_year(request.GET.get("year"), today.year)
    context: dict[str, Any] = {"unit": unit, "years": list(range(today.year, today.year - 4, -1))}
    if year is None:
        context["errors"] = [_("Năm phải là một số từ 2000 đến 2100, ví dụ 2024.")]
        context["year"] = today.year
        return render(request, "reports/par_index.html", context, status=400)
    context["year"] = year
    context["score"] = selectors.par_index_for(unit, year, today=today)
    return render(request, "reports/par_index.html", context)


# --- Downloads -------------------------------------------------------------------------


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def report_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The report as a "BÁO CÁO" Word document (docx) or its figures as a workbook (xlsx)."""
    report = _report_or_404(request, pk)
    stem = export_report.report_file_stem(report)
    if fmt == "docx":
        return _download(
            export_report.report_to_docx(report), export_report.DOCX_CONTENT_TYPE, f"{stem}.docx"
        )
    if fmt == "xlsx":
        return _download(
            export_report.report_to_xlsx(report), export_report.XLSX_CONTENT_TYPE, f"{stem}.xlsx"
        )
    raise Http404


@login_required
@require_GET
def period_rollup_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The roll-up over every level (below ``?unit=``) as one workbook, a sheet per level."""
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("plan__unit", "to_unit"), pk=pk
    )
    focus = _focus_unit(request, period)
    data = export_report.rollup_to_xlsx(period, focus)
    return _download(
        data,
        export_report.XLSX_CONTENT_TYPE,
        f"{export_report.rollup_file_stem(period, focus)}.xlsx",
    )


# --- Roll-up workbooks built in the background --------------------------------------------


@login_required
@require_POST
def period_rollup_background(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the roll-up workbook as a task; its page shows progress and then the file."""
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("plan__unit", "to_unit"), pk=pk
    )
    focus = _focus_unit(request, period)
    job = ExportJob.objects.create(user_id=int(request.user.pk or 0), period=period, unit=focus)
    transaction.on_commit(lambda: build_rollup_export.enqueue(job.pk))
    messages.info(
        request, _("Đã nhận yêu cầu. Bảng tổng hợp đang được tạo, trang này sẽ tự cập nhật.")
    )
    return redirect(job)


def _job_or_404(request: HttpRequest, pk: int) -> ExportJob:
    job = get_object_or_404(ExportJob.objects.select_related("period__plan__unit", "unit"), pk=pk)
    if job.user_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


@login_required
@require_GET
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    return render(request, "reports/export_job.html", {"job": job})


@login_required
@require_GET
def export_job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _job_or_404(request, pk)
    if job.status != "done" or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name)
