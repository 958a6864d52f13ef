"""Public pages (submit, track, published answers) and staff pages (list, handling, statistics).

Thin views: check permission, validate, call the service, render. Staff who may not see
an item get 404; those who see it but lack the role an action needs get 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.feedback import protection, selectors, services
from cchc.feedback.charts import monthly_chart
from cchc.feedback.forms import (
    AssignForm,
    DraftForm,
    NoteForm,
    PublicFeedbackForm,
    PublishForm,
    RejectForm,
    StaffFeedbackForm,
    TrackForm,
    mark_invalid,
)
from cchc.feedback.models import (
    OPEN_STATUSES,
    Action,
    Attachment,
    Channel,
    Feedback,
    ResponseTemplate,
    Status,
)
from cchc.feedback.permissions import ACTIONS, can, can_see_personal, can_submit_for_citizen
from cchc.orgs.models import ROLE_RANK, Role, Unit
from cchc.orgs.permissions import is_site_admin, role_paths, top_paths
from cchc.spreadsheets import workbook_bytes
from cchc.text import fold

PAGE_SIZE = 30


def _apply_errors(form: Any, exc: ValidationError) -> None:
    mapping = {"procedure": "procedure_code", "files": "attachments", "__all__": None}
    for name, errors in exc.message_dict.items():
        target = mapping.get(name, name)
        if target is not None and target not in form.fields:
            target = None
        for error in errors:
            form.add_error(target, error)


# --- Public ---------------------------------------------------------------------------


# The blank form's fields, rendered once per language: Django's per-widget templates cost
# more than all the rest of the page, and a blank form never changes (its token, CSRF token
# and question sit outside this fragment).
_BLANK_FIELDS: dict[str, str] = {}


def _blank_fields() -> str:
    language = get_language() or ""
    html = _BLANK_FIELDS.get(language)
    if html is None:
        form = mark_invalid(PublicFeedbackForm())
        html = _BLANK_FIELDS[language] = mark_safe(  # noqa: S308 - our own template's output
            render_to_string("feedback/_submit_fields.html", {"form": form})
        )
    return html


def _public_form(request: HttpRequest, form: PublicFeedbackForm | None = None) -> HttpResponse:
    question, token = protection.new_challenge()
    context: dict[str, Any] = {"question": question, "token": token}
    if form is None:
        code = request.GET.get("thu-tuc")
        if code:
            initial = {"subject": "procedure", "procedure_code": code[:50]}
            context["form"] = mark_invalid(PublicFeedbackForm(initial=initial))
        else:
            context["fields_html"] = _blank_fields()
    else:
        data = form.data.copy()  # type: ignore[attr-defined]
        data["token"] = token
        data["answer"] = ""
        form.data = data
        context["form"] = mark_invalid(form)
    return render(
        request,
        "feedback/submit.html",
        context,
        status=400 if form is not None else 200,
    )


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _public_form(request)
    form = PublicFeedbackForm(request.POST, request.FILES)
    if not form.is_valid():
        return _public_form(request, form)
    data = form.to_data(Channel.PORTAL)
    try:
        services.validate(data)
    except ValidationError as exc:
        _apply_errors(form, exc)
        return _public_form(request, form)
    if form.cleaned_data.get("website"):
        form.add_error(None, _("Không gửi được. Hãy thử lại."))
        return _public_form(request, form)
    nonce = protection.check_challenge(
        form.cleaned_data.get("token", ""), form.cleaned_data.get("answer", "")
    )
    if nonce is None:
        form.add_error(
            "answer", _("Câu trả lời kiểm tra chưa đúng hoặc đã hết hạn; hãy trả lời câu hỏi mới.")
        )
        return _public_form(request, form)
    limited = protection.allow_submission(
        protection.client_address(request), services.normalize_phone(data.phone)
    )
    if limited:
        form.add_error(
            None,
            _("Ông/Bà đã gửi quá nhiều phản ánh trong thời gian ngắn; xin vui lòng thử lại sau."),
        )
        response = _public_form(request, form)
        response.status_code = 429
        return response
    try:
        # The default desk receives it; the procedure's handling unit is suggested on assignment.
        item = services.submit(data=data, challenge=nonce)
    except ValidationError as exc:
        _apply_errors(form, exc)
        return _public_form(request, form)
    # The transaction has committed: only now does the page say it was received.
    return redirect(reverse("feedback:track") + f"?ma={item.code}&moi=1")


def _track_context(item: Feedback) -> dict[str, Any]:
    selectors.annotate_days_left([item])
    public_events = item.events.exclude(action__in=["remind", "escalate"]).order_by("at", "pk")
    return {"item": item, "events": public_events}


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _supplement(request)
    form = TrackForm(request.GET if "ma" in request.GET else None)
    context: dict[str, Any] = {"form": form, "new": request.GET.get("moi") == "1"}
    status = 200
    if form.is_bound:
        if not protection.allow_lookup(protection.client_address(request)):
            context["error"] = _(
                "Ông/Bà đã tra cứu quá nhiều lần; xin vui lòng thử lại sau ít phút."
            )
            status = 429
        else:
            code = services.normalize_code(form.data.get("ma", ""))
            item = (
                Feedback.objects.select_related("unit", "receiving_unit", "procedure")
                .filter(code=code)
                .first()
                if len(code) == services.CODE_LENGTH
                else None
            )
            if item is None:
                context["error"] = _(
                    "Không tìm thấy phản ánh, kiến nghị với mã tra cứu này. Hãy kiểm tra lại mã."
                )
                status = 404
            else:
                context.update(_track_context(item))
    return render(request, "feedback/track.html", context, status=status)


def _supplement(request: HttpRequest) -> HttpResponse:
    """The citizen adds the information asked for, proving who they are with the code."""
    code = services.normalize_code(request.POST.get("ma", ""))
    form = TrackForm({"ma": code})
    context: dict[str, Any] = {"form": form, "new": False}
    if not protection.allow_lookup(protection.client_address(request)):
        context["error"] = _("Ông/Bà đã tra cứu quá nhiều lần; xin vui lòng thử lại sau ít phút.")
        return render(request, "feedback/track.html", context, status=429)
    item = Feedback.objects.filter(code=code).first() if len(code) == services.CODE_LENGTH else None
    if item is None:
        context["error"] = _(
            "Không tìm thấy phản ánh, kiến nghị với mã tra cứu này. Hãy kiểm tra lại mã."
        )
        return render(request, "feedback/track.html", context, status=404)
    try:
        services.supplement(item=item, text=request.POST.get("bo_sung", ""))
    except ValidationError as exc:
        item.refresh_from_db()
        context.update(_track_context(item))
        context["supplement_errors"] = exc.messages
        context["supplement_text"] = request.POST.get("bo_sung", "")[:2000]
        return render(request, "feedback/track.html", context, status=400)
    messages.success(request, _("Đã nhận thông tin bổ sung; phản ánh được tiếp tục xử lý."))
    return redirect(reverse("feedback:track") + f"?ma={item.code}")


@require_GET
def published_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.published()
    query = (request.GET.get("q") or "").strip()[:200]
    for word in fold(query).split():
        qs = qs.filter(public_search__contains=word)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "feedback/published_list.html", {"page": page, "q": query})


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.published(), pk=pk)
    return render(request, "feedback/detail.html", {"item": item})


# --- Staff ----------------------------------------------------------------------------


def _item_or_404(request: HttpRequest, pk: int) -> Feedback:
    item = get_object_or_404(
        Feedback.objects.select_related("unit", "receiving_unit", "procedure"), pk=pk
    )
    if not can(request.user, "view", item):
        raise Http404
    return item


def _current_units() -> Any:
    """Units that exist today: feedback is received by and assigned to these only."""
    return Unit.objects.filter(valid_to__isnull=True).order_by("path")


def _units_for(user: Any, least: str = Role.EDITOR) -> Any:
    """Current units where ``user`` holds ``least`` (or all for site admins), with those below."""
    if is_site_admin(user):
        return _current_units()
    paths = top_paths(p for p, r in role_paths(user) if r >= ROLE_RANK[least])
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return _current_units().filter(q)


@login_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.visible(request.user)
    status = request.GET.get("trang-thai", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    if request.GET.get("qua-han") == "1":
        qs = qs.filter(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())
    query = (request.GET.get("q") or "").strip()[:50]
    if query:
        qs = qs.filter(Q(code__iexact=services.normalize_code(query)) | Q(title__icontains=query))
    counts = selectors.status_counts(selectors.visible(request.user))
    page = Paginator(qs.order_by("due_on", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.annotate_days_left(list(page.object_list))
    for item in page.object_list:
        # Titles are the citizen's words: masked for staff who may not see personal data.
        item.shown_title = (  # type: ignore[attr-defined]
            item.title if can_see_personal(request.user, item) else services.masked_title(item)
        )
    return render(
        request,
        "feedback/staff_list.html",
        {
            "page": page,
            "statuses": [(s.value, s.label, counts.get(s.value, 0)) for s in Status],
            "status": status,
            "q": query,
            "may_submit": can_submit_for_citizen(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest) -> HttpResponse:
    if not can_submit_for_citizen(request.user):
        raise PermissionDenied
    units = _units_for(request.user)
    form = StaffFeedbackForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.submit(
                data=form.to_data(form.cleaned_data["channel"]),
                receiving_unit=form.cleaned_data["receiving_unit"],
                actor=request.user,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("Đã tiếp nhận phản ánh, mã tra cứu %(c)s.") % {"c": item.code}
            )
            return redirect("staff:feedback_detail", pk=item.pk)
    return render(
        request,
        "feedback/staff_new.html",
        {"form": mark_invalid(form)},
        status=400 if form.errors else 200,
    )


def _template_text(request: HttpRequest, templates: Any) -> str:
    """The body of the response template chosen with ``?mau=<id>`` (no JavaScript needed)."""
    raw = request.GET.get("mau", "")
    if not raw.isdigit():
        return ""
    chosen = templates.filter(pk=int(raw)).first()
    return chosen.body if chosen is not None else ""


def _detail_context(
    request: HttpRequest, item: Feedback, forms: dict[str, Any] | None = None
) -> dict[str, Any]:
    user = request.user
    selectors.annotate_days_left([item])
    allowed = {
        a
        for a in (
            "accept",
            "reject",
            "request_info",
            "resume",
            "assign",
            "transfer",
            "start",
            "draft",
            "return",
            "approve",
            "publish",
        )
        if can(user, a, item)
    }
    forms = forms or {}
    units = _current_units() if allowed & {"assign", "transfer"} else Unit.objects.none()
    suggested = services.suggested_unit(item)
    templates = ResponseTemplate.objects.filter(subject=item.subject).filter(
        Q(unit__isnull=True) | Q(unit=item.unit)
    )
    personal = can_see_personal(user, item)
    context = {
        "item": item,
        "shown_title": item.title if personal else services.masked_title(item),
        "shown_content": item.content if personal else services.masked_content(item),
        "shown_answer": item.answer if personal else services.masked_answer(item),
        "events": item.events.select_related("actor", "unit"),
        "attachments": item.attachments.all(),
        "personal": personal,
        "allowed": allowed,
        "suggested": suggested,
        "reject_form": forms.get("reject") or RejectForm(),
        "note_form": forms.get("note") or NoteForm(),
        "assign_form": forms.get("assign") or AssignForm(units=units, initial={"unit": suggested}),
        "draft_form": forms.get("draft")
        or DraftForm(initial={"answer": _template_text(request, templates) or item.answer}),
        "templates": templates,
    }
    return context


@login_required
@require_GET
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_or_404(request, pk)
    return render(request, "feedback/staff_detail.html", _detail_context(request, item))


@login_required
@require_POST
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = _item_or_404(request, pk)
    if action not in {
        "accept",
        "reject",
        "request_info",
        "resume",
        "assign",
        "start",
        "draft",
        "return",
        "approve",
    }:
        raise Http404
    if action == "assign" and item.status in (Status.ASSIGNED, Status.IN_PROGRESS):
        action_for_permission = "transfer"
    else:
        action_for_permission = action
    if not can(request.user, action_for_permission, item):
        if item.status not in ACTIONS[action_for_permission][2]:
            messages.error(
                request,
                _("Phản ánh đã chuyển sang trạng thái “%(s)s”; thao tác không còn phù hợp.")
                % {"s": item.get_status_display()},
            )
            return redirect("staff:feedback_detail", pk=item.pk)
        raise PermissionDenied
    user = request.user
    forms: dict[str, Any] = {}
    form: Any
    try:
        if action == "accept":
            services.accept(item=item, actor=user)
        elif action == "reject":
            form = RejectForm(request.POST)
            forms["reject"] = form
            if not form.is_valid():
                raise ValidationError({"__all__": [_("Hãy chọn lý do không thụ lý.")]})
            services.reject(
                item=item,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=user,
            )
        elif action in ("request_info", "resume", "return"):
            form = NoteForm(request.POST)
            forms["note"] = form
            form.is_valid()
            note = form.cleaned_data.get("note", "") if hasattr(form, "cleaned_data") else ""
            service = {
                "request_info": services.request_info,
                "resume": services.resume,
                "return": services.return_draft,
            }[action]
            service(item=item, note=note, actor=user)
        elif action == "assign":
            form = AssignForm(request.POST, units=_current_units())
            forms["assign"] = form
            if not form.is_valid():
                raise ValidationError({"__all__": [_("Hãy chọn đơn vị xử lý.")]})
            services.assign(
                item=item,
                unit=form.cleaned_data["unit"],
                note=form.cleaned_data["note"],
                actor=user,
            )
        elif action == "start":
            services.start(item=item, actor=user)
        elif action == "draft":
            form = DraftForm(request.POST)
            forms["draft"] = form
            if not form.is_valid():
                raise ValidationError({"__all__": [_("Nội dung trả lời không hợp lệ.")]})
            services.draft(item=item, answer=form.cleaned_data["answer"], actor=user)
        elif action == "approve":
            services.approve(item=item, actor=user)
    except ValidationError as exc:
        item.refresh_from_db()
        context = _detail_context(request, item, forms)
        context["action_errors"] = exc.messages
        return render(request, "feedback/staff_detail.html", context, status=400)
    messages.success(request, _("Đã lưu: %(a)s.") % {"a": _label(action)})
    return redirect("staff:feedback_detail", pk=item.pk)


def _label(action: str) -> str:
    return str(Action(action).label)


@login_required
@require_http_methods(["GET", "POST"])
def staff_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_or_404(request, pk)
    if not can(request.user, "publish", item):
        raise PermissionDenied
    initial = {
        "title": item.public_title or services.masked_title(item),
        "content": item.public_content or services.masked_content(item),
        "answer": item.public_answer or services.masked_answer(item),
    }
    form = PublishForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish(
                item=item,
                actor=request.user,
                content=form.cleaned_data["content"],
                answer=form.cleaned_data["answer"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            messages.success(request, _("Đã công khai trả lời trên cổng thông tin."))
            return redirect("staff:feedback_detail", pk=item.pk)
    return render(
        request,
        "feedback/staff_publish.html",
        {"item": item, "form": mark_invalid(form)},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def staff_attachment(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("feedback"), pk=pk)
    item = Feedback.objects.select_related("unit", "receiving_unit").get(pk=attachment.feedback_id)
    if not can(request.user, "view", item) or not can_see_personal(request.user, item):
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        year = timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
@require_GET
def staff_stats(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    stats = selectors.statistics(selectors.visible(request.user), year)
    return render(
        request,
        "feedback/staff_stats.html",
        {
            "stats": stats,
            "chart": monthly_chart(stats.by_month),
            "year": year,
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
        },
    )


@login_required
@require_GET
def staff_stats_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    year = _year(request)
    stats = selectors.statistics(selectors.visible(request.user), year)
    book = Workbook()
    header = [
        _("Nhóm"),
        _("Tiếp nhận"),
        _("Đã trả lời"),
        _("Đúng hạn"),
        _("Trễ hạn"),
        _("Đang xử lý"),
        _("Số ngày làm việc trung bình"),
    ]
    sheets = [
        (_("Theo đơn vị"), [stats.total, *stats.by_unit]),
        (_("Theo lĩnh vực"), stats.by_subject),
        (_("Theo tháng"), stats.by_month),
    ]
    first = True
    for title, rows in sheets:
        sheet = book.active if first else book.create_sheet()
        first = False
        assert sheet is not None
        sheet.title = title[:31]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(
                [
                    row.label,
                    row.received,
                    row.answered,
                    row.on_time,
                    row.late,
                    row.open,
                    row.average_days if row.average_days is not None else "",
                ]
            )
        sheet.column_dimensions["A"].width = 40
    response = HttpResponse(
        workbook_bytes(book),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="phan-anh-{year}.xlsx"'
    return response
