"""Downloads of a plan as Word, PDF or Excel, for whoever may read the plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from cchc.documents.export_docx import DOCX_CONTENT_TYPE, plan_file_stem, plan_to_docx
from cchc.documents.export_pdf import PDF_CONTENT_TYPE, ExportUnavailable, plan_to_pdf
from cchc.documents.export_xlsx import XLSX_CONTENT_TYPE, plan_activities_to_xlsx
from cchc.plans.models import Plan
from cchc.plans.permissions import can


@dataclass(frozen=True)
class Export:
    build: Callable[[Plan], bytes]
    content_type: str
    extension: str


EXPORTS: dict[str, Export] = {
    "docx": Export(plan_to_docx, DOCX_CONTENT_TYPE, "docx"),
    "pdf": Export(plan_to_pdf, PDF_CONTENT_TYPE, "pdf"),
    "xlsx": Export(plan_activities_to_xlsx, XLSX_CONTENT_TYPE, "xlsx"),
}


def export_filename(plan: Plan, fmt: str) -> str:
    """The file name: "ke-hoach-40-kh-ubnd-tuyen-truyen-cai-cach-hanh-chinh-nam-2024.docx"."""
    return f"{plan_file_stem(plan)}.{EXPORTS[fmt].extension}"


def _plan_url(plan: Plan) -> str:
    try:
        return reverse("staff:plan_detail", args=[plan.pk])
    except NoReverseMatch:  # the plan pages are not mounted
        return reverse("staff:dashboard")


@login_required
@require_GET
def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The plan as a file to download; 404 when the user may not read it."""
    export = EXPORTS.get(fmt)
    if export is None:
        raise Http404
    plan = Plan.objects.select_related("unit").filter(pk=pk).first()
    if plan is None or not can(request.user, "plan.view", plan):
        raise Http404
    try:
        data = export.build(plan)
    except ExportUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(_plan_url(plan))
    response = HttpResponse(data, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(True, export_filename(plan, fmt))
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
