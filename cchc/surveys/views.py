"""Staff pages: survey list, builder, collection points and QR codes, paper entry, results.

Thin views: check permission, validate, call the service, render. Someone who may not
read a survey gets 404; someone who may read it but lacks the role an action needs
gets 403. A service's refusal comes back on the page, in Vietnamese.
"""

from __future__ import annotations

import io
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.orgs.models import Unit
from cchc.surveys import charts, exports, questionnaire, selectors, services
from cchc.surveys.forms import (
    PointForm,
    QuestionForm,
    ResultsFilterForm,
    SectionEditForm,
    SectionForm,
    SurveyCreateForm,
    SurveySettingsForm,
    VisitCodeForm,
)
from cchc.surveys.models import CollectionPoint, Question, ResponseChannel, Survey, SurveyStatus
from cchc.surveys.permissions import can, has_any_role
from cchc.surveys.stats import sample_size


def _survey(request: HttpRequest, pk: int, action: str = "survey.view") -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("unit", "activity__plan"), pk=pk)
    if not can(request.user, "survey.view", survey):
        raise Http404
    if not can(request.user, action, survey):
        raise PermissionDenied
    return survey


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errs in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def _versioned(request: HttpRequest, created: bool, survey: Survey) -> None:
    if created:
        version = survey.current_version
        messages.info(
            request,
            _(
                "Khảo sát đã có phiếu trả lời nên thay đổi được lưu vào phiên bản mới (phiên bản %(n)s);"
                " các phiếu cũ giữ nguyên câu hỏi của phiên bản trước."
            )
            % {"n": version.number if version else 1},
        )


# --- List and creation --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def survey_list(request: HttpRequest) -> HttpResponse:
    if not has_any_role(request.user):
        raise PermissionDenied
    services.sipas_template()
    form = SurveyCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                data=services.SurveyData(
                    title=form.cleaned_data["title"], unit=form.cleaned_data["unit"]
                ),
                actor=request.user,
                template=form.cleaned_data["template"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã tạo khảo sát “%(t)s”.") % {"t": survey.title})
            return redirect("staff:survey_builder", pk=survey.pk)
    may_create = form.fields["unit"].queryset.exists()  # type: ignore[attr-defined]
    surveys = selectors.surveys_visible_to(request.user).order_by("-created_at")[:200]
    return render(
        request,
        "surveys/staff_list.html",
        {
            "surveys": surveys,
            "templates": selectors.templates(request.user),
            "form": form,
            "may_create": may_create,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Builder ------------------------------------------------------------------------


def _builder_context(request: HttpRequest, survey: Survey, **extra: Any) -> dict[str, Any]:
    version = survey.current_version
    assert version is not None
    settings_form = extra.pop("settings_form", None) or SurveySettingsForm(
        user=request.user,
        auto_id="settings_%s",
        initial={
            "title": survey.title,
            "description": survey.description,
            "activity": survey.activity_id,
            "require_visit_code": survey.require_visit_code,
            "publish_results": survey.publish_results,
        },
    )
    return {
        "survey": survey,
        "version": version,
        "sections": questionnaire.build(version),
        "empty_sections": version.sections.filter(questions__isnull=True).order_by("order", "pk"),
        "settings_form": settings_form,
        "section_form": extra.pop("section_form", None) or SectionForm(auto_id="section_%s"),
        "question_form": extra.pop("question_form", None)
        or QuestionForm(version=version, auto_id="question_%s"),
        "may_build": can(request.user, "survey.build", survey),
        "may_publish": can(request.user, "survey.publish", survey),
        "responses": survey.responses.count(),
        **extra,
    }


@login_required
@require_GET
def survey_builder(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    return render(request, "surveys/staff_builder.html", _builder_context(request, survey))


@login_required
@require_POST
def survey_settings(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, "survey.build")
    form = SurveySettingsForm(request.POST, user=request.user, auto_id="settings_%s")
    if form.is_valid():
        publish = form.cleaned_data["publish_results"]
        if publish != survey.publish_results and not can(request.user, "survey.publish", survey):
            form.add_error(
                "publish_results",
                _("Chỉ người có quyền phê duyệt mới công bố hoặc thôi công bố kết quả."),
            )
        else:
            try:
                services.survey_update(
                    survey=survey,
                    data=services.SurveyData(
                        title=form.cleaned_data["title"],
                        unit=survey.unit,
                        description=form.cleaned_data["description"],
                        activity=form.cleaned_data["activity"],
                        require_visit_code=form.cleaned_data["require_visit_code"],
                        publish_results=publish,
                    ),
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("Đã lưu thông tin khảo sát."))
                return redirect("staff:survey_builder", pk=survey.pk)
    return render(
        request,
        "surveys/staff_builder.html",
        _builder_context(request, survey, settings_form=form),
        status=400,
    )


@login_required
@require_POST
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, "survey.build")
    form = SectionForm(request.POST, auto_id="section_%s")
    if form.is_valid():
        try:
            _section, created = services.section_add(
                survey=survey, data=services.SectionData(title=form.cleaned_data["title"])
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            _versioned(request, created, survey)
            messages.success(request, _("Đã thêm phần mới."))
            return redirect("staff:survey_builder", pk=survey.pk)
    return render(
        request,
        "surveys/staff_builder.html",
        _builder_context(request, survey, section_form=form),
        status=400,
    )


def _question_data(form: QuestionForm) -> services.QuestionData:
    return services.QuestionData(
        text=form.cleaned_data["text"],
        kind=form.cleaned_data["kind"],
        section_code=form.cleaned_data["section_code"],
        required=form.cleaned_data["required"],
        choices=form.choice_list(),
        show_if_code=form.cleaned_data.get("show_if_code") or "",
        show_if_values=form.value_list(),
        order=form.cleaned_data.get("order"),
    )


@login_required
@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, "survey.build")
    version = survey.current_version
    assert version is not None
    form = QuestionForm(request.POST, version=version, auto_id="question_%s")
    if form.is_valid():
        try:
            question, created = services.question_add(survey=survey, data=_question_data(form))
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            _versioned(request, created, survey)
            messages.success(request, _("Đã thêm câu hỏi %(c)s.") % {"c": question.code})
            return redirect(reverse("staff:survey_builder", args=[survey.pk]) + f"#q{question.pk}")
    return render(
        request,
        "surveys/staff_builder.html",
        _builder_context(request, survey, question_form=form),
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    survey = _survey(request, pk)
    version = survey.current_version
    assert version is not None
    question = (
        Question.objects.filter(section__version=version, code=code)
        .select_related("section", "show_if")
        .first()
    )
    if question is None:
        raise Http404
    if not can(request.user, "survey.build", survey):
        raise PermissionDenied
    initial = {
        "section_code": question.section.code,
        "text": question.text,
        "kind": question.kind,
        "required": question.required,
        "choices": "\n".join(question.choices),
        "show_if_code": question.show_if.code if question.show_if else "",
        "show_if_values": "\n".join(question.show_if_values),
        "order": question.order,
    }
    form = QuestionForm(request.POST or None, version=version, exclude=code, initial=initial)
    if request.method == "POST":
        if "delete" in request.POST:
            try:
                created = services.question_delete(survey=survey, code=code)
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                _versioned(request, created, survey)
                messages.success(request, _("Đã xóa câu hỏi %(c)s.") % {"c": code})
                return redirect("staff:survey_builder", pk=survey.pk)
        elif form.is_valid():
            try:
                saved, created = services.question_update(
                    survey=survey, code=code, data=_question_data(form)
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                _versioned(request, created, survey)
                messages.success(request, _("Đã lưu câu hỏi %(c)s.") % {"c": code})
                return redirect(reverse("staff:survey_builder", args=[survey.pk]) + f"#q{saved.pk}")
    return render(
        request,
        "surveys/staff_question.html",
        {"survey": survey, "question": question, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    survey = _survey(request, pk)
    version = survey.current_version
    assert version is not None
    section = version.sections.filter(code=code).first()
    if section is None:
        raise Http404
    if not can(request.user, "survey.build", survey):
        raise PermissionDenied
    form = SectionEditForm(
        request.POST or None,
        initial={
            "title": section.title,
            "description": section.description,
            "order": section.order,
        },
    )
    if request.method == "POST":
        try:
            if "delete" in request.POST:
                created = services.section_delete(survey=survey, code=code)
                _versioned(request, created, survey)
                messages.success(request, _("Đã xóa phần “%(t)s”.") % {"t": section.title})
                return redirect("staff:survey_builder", pk=survey.pk)
            if form.is_valid():
                _section, created = services.section_update(
                    survey=survey,
                    code=code,
                    data=services.SectionData(
                        form.cleaned_data["title"], form.cleaned_data["description"]
                    ),
                    order=form.cleaned_data.get("order"),
                )
                _versioned(request, created, survey)
                messages.success(request, _("Đã lưu phần “%(t)s”.") % {"t": _section.title})
                return redirect("staff:survey_builder", pk=survey.pk)
        except ValidationError as exc:
            _errors_to_form(form, exc)
    return render(
        request,
        "surveys/staff_section.html",
        {"survey": survey, "section": section, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def survey_save_as_template(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, "survey.build")
    try:
        template = services.survey_save_as_template(survey=survey, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("staff:survey_builder", pk=survey.pk)
    messages.success(
        request,
        _("Đã lưu thành mẫu “%(t)s”; đơn vị có thể tạo khảo sát mới từ mẫu này.")
        % {"t": template.title},
    )
    return redirect("staff:survey_builder", pk=template.pk)


@login_required
@require_POST
def survey_status(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, "survey.publish")
    action = request.POST.get("action")
    try:
        if action == "open":
            services.survey_open(survey=survey)
            messages.success(request, _("Khảo sát đã mở nhận phiếu."))
        elif action == "close":
            _survey_obj, warning = services.survey_close(survey=survey, actor=request.user)
            messages.success(request, _("Đã đóng khảo sát."))
            if warning:
                messages.warning(request, warning)
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("staff:survey_builder", pk=survey.pk)


# --- Collection points, QR codes, visit codes ---------------------------------------


def _public_url(request: HttpRequest, point: CollectionPoint) -> str:
    """The address a citizen's phone opens from the desk's QR code: on the public host
    (``CCHC_PUBLIC_URL``) when set, staff often work on an internal one."""
    path = reverse("surveys:answer", args=[point.token])
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL + path
    return request.build_absolute_uri(path)


def _qr_svg(url: str, scale: int = 4) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=scale, xmldecl=False, svgns=True, title=url
    )
    return buffer.getvalue().decode()


@login_required
@require_http_methods(["GET", "POST"])
def survey_points(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    if survey.is_template:
        raise Http404
    form = PointForm(request.POST or None, survey=survey)
    if request.method == "POST":
        if not can(request.user, "survey.points", survey):
            raise PermissionDenied
        if form.is_valid():
            try:
                point = services.point_add(
                    survey=survey, unit=form.cleaned_data["unit"], label=form.cleaned_data["label"]
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("Đã tạo đường dẫn khảo sát cho %(u)s.") % {"u": point})
                return redirect("staff:survey_points", pk=survey.pk)
    points = [
        {
            "point": p,
            "url": _public_url(request, p),
            "unused": p.visit_codes.filter(used_at__isnull=True).count(),
        }
        for p in survey.points.select_related("unit")
    ]
    return render(
        request,
        "surveys/staff_points.html",
        {
            "survey": survey,
            "points": points,
            "form": form,
            "may_edit": can(request.user, "survey.points", survey),
        },
        status=400 if request.method == "POST" else 200,
    )


def _point(request: HttpRequest, pk: int, action: str = "survey.view") -> CollectionPoint:
    point = get_object_or_404(CollectionPoint.objects.select_related("survey__unit", "unit"), pk=pk)
    _survey(request, point.survey_id, action)
    return point


@login_required
@require_GET
def point_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The QR code alone, as an SVG file to download or print."""
    point = _point(request, pk)
    response = HttpResponse(
        _qr_svg(_public_url(request, point), scale=10), content_type="image/svg+xml"
    )
    response["Content-Disposition"] = f'attachment; filename="khao-sat-{point.token}.svg"'
    return response


@login_required
@require_GET
def point_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable sheet for the desk: title, QR code, address, unused visit codes."""
    point = _point(request, pk)
    url = _public_url(request, point)
    # Unused codes are a way in: shown to those who may issue them, not to viewers.
    codes = (
        list(point.visit_codes.filter(used_at__isnull=True).order_by("pk")[:500])
        if can(request.user, "survey.points", point.survey)
        else []
    )
    return render(
        request,
        "surveys/staff_print.html",
        {
            "point": point,
            "survey": point.survey,
            "url": url,
            "qr": _qr_svg(url, scale=6),
            "codes": codes,
        },
    )


@login_required
@require_POST
def visit_codes(request: HttpRequest, pk: int) -> HttpResponse:
    point = _point(request, pk, "survey.points")
    form = VisitCodeForm(request.POST)
    if form.is_valid():
        try:
            issued = services.visit_codes_issue(point=point, count=form.cleaned_data["count"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã tạo %(n)s mã lượt giao dịch.") % {"n": len(issued)})
            return redirect("staff:survey_point_print", pk=point.pk)
    else:
        messages.error(request, _("Số mã phải từ 1 đến 500."))
    return redirect("staff:survey_points", pk=point.survey_id)


# --- Paper answers ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def survey_paper(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, "survey.paper")
    version = survey.current_version
    points = list(survey.points.select_related("unit"))
    if version is None or survey.is_template:
        raise Http404
    values: dict[str, list[str]] = {}
    errors: dict[str, list[str]] = {}
    chosen = (
        request.POST.get("point")
        or request.GET.get("point")
        or (str(points[0].pk) if points else "")
    )
    if request.method == "POST":
        values = questionnaire.raw_answers(request.POST, version)
        point = next((p for p in points if str(p.pk) == chosen), None)
        if point is None:
            errors = {"__all__": [_("Hãy chọn điểm khảo sát nơi phiếu được thu.")]}
        elif survey.status == SurveyStatus.DRAFT:
            errors = {
                "__all__": [_("Khảo sát còn đang soạn; hãy mở khảo sát trước khi nhập phiếu.")]
            }
        else:
            try:
                services.response_submit(
                    point=point,
                    raw=values,
                    channel=ResponseChannel.PAPER,
                    visit_code=request.POST.get("visit_code", ""),
                    actor=request.user,
                )
            except ValidationError as exc:
                errors = exc.message_dict
            else:
                messages.success(request, _("Đã lưu phiếu giấy. Có thể nhập phiếu tiếp theo."))
                return redirect(
                    reverse("staff:survey_paper", args=[survey.pk]) + f"?point={point.pk}"
                )
    return render(
        request,
        "surveys/staff_paper.html",
        {
            "survey": survey,
            "points": points,
            "chosen": chosen,
            "sections": questionnaire.build(version, values, errors),
            "general_errors": errors.get("__all__", []),
            "visit_code_errors": errors.get("visit_code", []),
            "error_count": len(errors),
            "visit_code": request.POST.get("visit_code", ""),
        },
        status=400 if errors else 200,
    )


# --- Results ------------------------------------------------------------------------


def _filters(
    request: HttpRequest, survey: Survey
) -> tuple[ResultsFilterForm, selectors.Period, Unit | None]:
    """The period and place chosen on a results page (this year, everywhere, by default)."""
    units = Unit.objects.filter(pk__in=survey.points.values("unit")).order_by("path")
    form = ResultsFilterForm(request.GET or None, units=units)
    return form, selectors.Period(form.year(), form.quarter()), form.unit()


def _results(
    request: HttpRequest, survey: Survey
) -> tuple[ResultsFilterForm, selectors.Results, list[selectors.UnitResult]]:
    form, period, unit = _filters(request, survey)
    results = selectors.survey_results(survey, period, unit)
    return form, results, selectors.unit_comparison(survey, period)


@login_required
@require_GET
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, "survey.results")
    form, results, units = _results(request, survey)
    factor_chart = charts.bar_chart(
        [
            charts.Bar(
                f.title,
                f.share.percent,
                f.share.interval_percent,
                f.previous.percent if f.previous else None,
            )
            for f in results.factors
        ],
        _("Chỉ số hài lòng theo yếu tố, %(p)s")
        % {"p": results.period.label if results.period else ""},
    )
    unit_chart = charts.bar_chart(
        [
            charts.Bar(u.unit.display_name, u.overall.percent, u.overall.interval_percent)
            for u in units
        ],
        _("Chỉ số hài lòng chung theo đơn vị"),
    )
    return render(
        request,
        "surveys/staff_results.html",
        {
            "survey": survey,
            "form": form,
            "results": results,
            "units": units,
            "factor_chart": factor_chart,
            "unit_chart": unit_chart,
            "others": selectors.other_questions(survey, results.period, results.unit),
            "texts": selectors.text_questions(survey, results.period, results.unit),
            "needed": sample_size(),
            "formula": exports.FORMULA,
            "query": request.GET.urlencode(),
        },
    )


TEXT_PAGE_SIZE = 50


@login_required
@require_GET
def survey_text_answers(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Everything respondents wrote to one open question, newest first, a page at a time,
    in the period and place chosen on the results page."""
    survey = _survey(request, pk, "survey.results")
    question = selectors.text_question(survey, code)
    if question is None:
        raise Http404
    form, period, unit = _filters(request, survey)
    answers = selectors.text_answers(survey, code, period, unit)
    page = Paginator(answers, TEXT_PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "surveys/staff_text_answers.html",
        {
            "survey": survey,
            "question": question,
            "form": form,
            "period": period,
            "unit": unit,
            "page": page,
            "query": query.urlencode(),
        },
    )


@login_required
@require_GET
def survey_results_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    survey = _survey(request, pk, "survey.results")
    _form, results, units = _results(request, survey)
    if fmt == "xlsx":
        body = exports.results_xlsx(
            results,
            units,
            texts=[
                (q, selectors.text_answers(survey, q.code, results.period, results.unit))
                for q in selectors.open_questions(survey)
            ],
        )
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "docx":
        body = exports.results_docx(results, units)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        raise Http404
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="ket-qua-khao-sat-{survey.pk}.{fmt}"'
    return response
