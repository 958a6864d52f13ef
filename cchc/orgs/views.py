"""Staff pages for units and roles: check permission, validate, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.orgs import imports, selectors, services
from cchc.orgs.forms import RoleGrantForm, UnitForm, UnitImportForm
from cchc.orgs.models import RoleAssignment, Unit
from cchc.orgs.permissions import can


def _visible_unit(request: HttpRequest, pk: int) -> Unit:
    """The unit, or 404 when it does not exist or lies outside the user's reach."""
    unit = get_object_or_404(Unit.objects.select_related("replaced_by"), pk=pk)
    if not can(request.user, "unit.view", unit):
        raise Http404
    return unit


def _form_errors_from(form: UnitForm | RoleGrantForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    """The unit tree browser: where the user's units start, plus a name search."""
    query = request.GET.get("q", "").strip()
    include_ended = request.GET.get("cu") == "1"
    results = (
        selectors.unit_search(request.user, query, include_ended=include_ended) if query else None
    )
    tops = selectors.unit_tops_for_user(request.user)
    trees = [selectors.unit_subtree(u, levels=1, include_ended=include_ended) for u in tops[:40]]
    return render(
        request,
        "orgs/unit_tree.html",
        {
            "query": query,
            "results": results,
            "trees": trees,
            "include_ended": include_ended,
            "can_add_root": request.user.is_superuser,
        },
    )


@login_required
def unit_suggest(request: HttpRequest) -> JsonResponse:
    """Suggestions as the user types in the unit search box."""
    query = request.GET.get("q", "").strip()
    units = selectors.unit_search(request.user, query, limit=10) if len(query) >= 2 else []
    return JsonResponse(
        {"results": [{"id": u.pk, "name": u.display_name, "url": u.get_absolute_url()} for u in units]}
    )


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    include_ended = request.GET.get("cu") == "1"
    return render(
        request,
        "orgs/unit_detail.html",
        {
            "unit": unit,
            "breadcrumb": selectors.unit_ancestors_visible(request.user, unit),
            "tree": selectors.unit_subtree(unit, levels=2, include_ended=include_ended),
            "aliases": list(unit.aliases.all()),
            "include_ended": include_ended,
            "can_change": can(request.user, "unit.change", unit),
            "can_add_child": can(request.user, "unit.add_child", unit),
            "can_manage_roles": can(request.user, "role.manage", unit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    parent = _visible_unit(request, pk) if pk is not None else None
    if parent is None and not request.user.is_superuser:
        raise PermissionDenied
    if parent is not None and not can(request.user, "unit.add_child", parent):
        raise PermissionDenied
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(parent=parent, data=form.to_data())
        except ValidationError as exc:
            _form_errors_from(form, exc)
        else:
            messages.success(request, _("Đã thêm đơn vị “%(u)s”.") % {"u": unit.display_name})
            return redirect(unit)
    return render(request, "orgs/unit_form.html", {"form": form, "parent": parent, "unit": None})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    if not can(request.user, "unit.change", unit):
        raise PermissionDenied
    form = UnitForm(request.POST or None, initial=UnitForm.initial_for(unit))
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_update(unit=unit, data=form.to_data())
        except ValidationError as exc:
            _form_errors_from(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(unit)
    return render(request, "orgs/unit_form.html", {"form": form, "parent": None, "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def unit_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Import agencies and offices under a unit from CSV/XLSX: all rows or none."""
    parent = _visible_unit(request, pk)
    if not can(request.user, "unit.import", parent):
        raise PermissionDenied
    form = UnitImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = imports.unit_import_file(parent=parent, upload=form.cleaned_data["file"])
        if report.ok:
            messages.success(
                request, _("Đã nhập %(n)d đơn vị.") % {"n": len(report.created)}
            )
            return redirect(parent)
    return render(
        request, "orgs/unit_import.html", {"form": form, "parent": parent, "report": report}
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_roles(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    if not can(request.user, "role.manage", unit):
        raise PermissionDenied
    form = RoleGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_grant(
                user=form.cleaned_data["username"],
                unit=unit,
                role=form.cleaned_data["role"],
                granted_by=request.user,
            )
        except ValidationError as exc:
            _form_errors_from(form, exc)
        else:
            messages.success(request, _("Đã phân quyền."))
            return redirect("staff:unit_roles", pk=unit.pk)
    return render(
        request,
        "orgs/unit_roles.html",
        {"unit": unit, "form": form, "assignments": selectors.role_assignments_in(unit)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask before taking a role away; the POST from the confirmation page does it."""
    assignment = get_object_or_404(RoleAssignment.objects.select_related("unit", "user"), pk=pk)
    if not can(request.user, "unit.view", assignment.unit):
        raise Http404
    if not can(request.user, "role.manage", assignment.unit):
        raise PermissionDenied
    if request.method == "POST":
        services.role_revoke(assignment=assignment)
        messages.success(request, _("Đã thu hồi quyền."))
        return redirect("staff:unit_roles", pk=assignment.unit.pk)
    return render(request, "orgs/role_revoke_confirm.html", {"assignment": assignment})
