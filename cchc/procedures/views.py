"""Pages of the procedure catalog: public search, detail, recent changes, suggestions; staff
list, create/edit and import.

Thin views: read the request, call selectors and services, render. Staff pages: anonymous
people go to the login page; people with no editor role get 403; a procedure the person may
not manage gives 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc.orgs.models import Unit
from cchc.procedures import permissions, selectors, services
from cchc.procedures.forms import ImportForm, ProcedureForm, SearchForm
from cchc.procedures.imports import ImportFileError, import_file
from cchc.procedures.models import Procedure
from cchc.procedures.text import words

PAGE_SIZE = 20
STAFF_PAGE_SIZE = 50
MAX_PAGE = 500


def _page_number(request: HttpRequest) -> int:
    try:
        number = int(request.GET.get("trang", "1"))
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


# --- Public ------------------------------------------------------------------------------


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    filters = form.filters() if form.is_bound and form.is_valid() else selectors.Filters()
    query = (
        form.cleaned_data.get("q", "") if form.is_bound and hasattr(form, "cleaned_data") else ""
    )
    number = _page_number(request)
    result = selectors.search(query, filters, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    pages = max(1, -(-result.total // PAGE_SIZE))
    params = request.GET.copy()
    params.pop("trang", None)
    return render(
        request,
        "procedures/search.html",
        {
            "form": form,
            "query": query,
            "searched": bool(query.strip()) or bool(filters.field or filters.level or filters.unit),
            "result": result,
            "page_number": number,
            "pages": pages,
            "previous_page": number - 1 if number > 1 else None,
            "next_page": number + 1 if number < pages else None,
            "query_string": params.urlencode(),
            "first_index": (number - 1) * PAGE_SIZE + 1,
        },
    )


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    """Names for suggest-as-you-type: ``{"results": [{"code", "name", "field", "url"}]}``."""
    query = request.GET.get("q", "")
    found = selectors.suggest(query) if len(words(query[:200])) else []
    return JsonResponse(
        {
            "results": [
                {"code": p.code, "name": p.name, "field": p.field, "url": p.get_absolute_url()}
                for p in found
            ]
        }
    )


@require_GET
def recent(request: HttpRequest) -> HttpResponse:
    return render(request, "procedures/recent.html", {"procedures": selectors.recently_changed()})


@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = get_object_or_404(Procedure.objects.select_related("handling_unit"), code=code)
    return render(request, "procedures/detail.html", {"procedure": procedure})


# --- Staff -------------------------------------------------------------------------------


def _require_manager(request: HttpRequest) -> None:
    if not permissions.may_manage(request.user):
        raise PermissionDenied(
            _("Bạn cần quyền biên tập của một đơn vị để quản lý danh mục thủ tục.")
        )


def _managed_or_404(request: HttpRequest, pk: int) -> Procedure:
    procedure = get_object_or_404(Procedure.objects.select_related("handling_unit"), pk=pk)
    if not permissions.may_change(request.user, procedure):
        raise Http404
    return procedure


@login_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    qs = Procedure.objects.filter(permissions.managed_q(request.user)).select_related(
        "handling_unit"
    )
    query = request.GET.get("q", "")[:200].strip()
    if query:
        for word in words(query)[:12]:
            qs = qs.filter(Q(search_name__contains=word) | Q(code__icontains=word))
    paginator = Paginator(qs.order_by("name", "pk"), STAFF_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("trang", 1))
    except (EmptyPage, PageNotAnInteger):
        page = paginator.page(1)
    return render(request, "procedures/staff_list.html", {"page": page, "query": query})


def _named_unit(procedure: Procedure | None) -> Unit | None:
    return procedure.handling_unit if procedure is not None else None


def _save(request: HttpRequest, procedure: Procedure | None) -> HttpResponse:
    if request.method == "POST":
        form = ProcedureForm(request.POST, user=request.user, keep=_named_unit(procedure))
        if form.is_valid():
            data = form.data_object()
            if not permissions.may_use_unit(request.user, data.handling_unit):
                form.add_error(
                    "handling_unit", _("Hãy chọn đơn vị giải quyết mà bạn có quyền biên tập.")
                )
            else:
                try:
                    if procedure is None:
                        procedure = services.procedure_create(data=data, actor=request.user)
                        messages.success(
                            request, _("Đã thêm thủ tục “%(n)s”.") % {"n": procedure.name}
                        )
                    else:
                        procedure = services.procedure_update(
                            procedure=procedure, data=data, actor=request.user
                        )
                        messages.success(
                            request, _("Đã lưu thủ tục “%(n)s”.") % {"n": procedure.name}
                        )
                    return redirect("staff:procedure_list")
                except ValidationError as exc:
                    form.add_service_errors(exc)
    else:
        initial: dict[str, Any] = {"status": "active", "level": "commune"}
        if procedure is not None:
            initial = ProcedureForm.initial_from(services.data_from(procedure))
        form = ProcedureForm(initial=initial, user=request.user, keep=_named_unit(procedure))
    return render(request, "procedures/staff_form.html", {"form": form, "procedure": procedure})


@login_required
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    return _save(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    return _save(request, _managed_or_404(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def staff_import(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    report = None
    file_error = ""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            user = request.user
            try:
                report = import_file(
                    upload.name,
                    upload.read(),
                    unit=form.cleaned_data["unit"],
                    may_change=lambda p: permissions.may_change(user, p),
                    may_use_unit=lambda u: permissions.may_use_unit(user, u),
                    actor=user,
                )
            except ImportFileError as exc:
                file_error = str(exc)
    else:
        form = ImportForm(user=request.user)
    return render(
        request,
        "procedures/staff_import.html",
        {"form": form, "report": report, "file_error": file_error},
    )
