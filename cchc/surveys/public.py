"""Public pages: open surveys, the answer form, the thank-you page, published results.

Anonymous: nothing about the person is stored; the address is used only, in the cache,
to limit how many responses one address can send (``services.RATE_LIMIT``). The
response is committed before the redirect to the thank-you page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc.surveys import questionnaire, selectors, services
from cchc.surveys.models import CollectionPoint, SurveyStatus


@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public_list.html", {"points": selectors.open_points()})


def _point(token: str) -> CollectionPoint:
    return get_object_or_404(
        CollectionPoint.objects.select_related("survey", "unit"),
        token=token,
        survey__is_template=False,
    )


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    point = _point(token)
    survey = point.survey
    version = survey.current_version
    if survey.status != SurveyStatus.OPEN or version is None:
        return render(
            request,
            "surveys/public_closed.html",
            {"point": point, "survey": survey},
            status=410 if survey.status == SurveyStatus.CLOSED else 404,
        )
    values: dict[str, list[str]] = {}
    errors: dict[str, list[str]] = {}
    visit_code = request.GET.get("ma", "")
    status = 200
    if request.method == "POST":
        values = questionnaire.raw_answers(request.POST, version)
        visit_code = request.POST.get("visit_code", "")
        address = request.META.get("REMOTE_ADDR", "") or "unknown"
        if not services.rate_take(address):
            services.rate_give_back(address)  # refused tries do not lengthen the wait
            errors = {
                "__all__": [
                    _(
                        "Địa chỉ mạng này đã gửi quá nhiều phiếu trong thời gian ngắn. Xin thử lại sau ít phút."
                    )
                ]
            }
            status = 429
        else:
            try:
                services.response_submit(point=point, raw=values, visit_code=visit_code)
            except ValidationError as exc:
                services.rate_give_back(address)  # nothing stored: the slot is not used
                errors = exc.message_dict
                status = 400
            else:
                return redirect("surveys:thanks", token=point.token)
    return render(
        request,
        "surveys/public_answer.html",
        {
            "point": point,
            "survey": survey,
            "sections": questionnaire.build(version, values, errors),
            "errors": errors,
            "general_errors": errors.get("__all__", []),
            "visit_code": visit_code,
            "visit_code_errors": errors.get("visit_code", []),
            "error_count": len(errors),
        },
        status=status,
    )


@require_GET
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    point = _point(token)
    return render(request, "surveys/public_thanks.html", {"point": point, "survey": point.survey})


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("nam", this_year))
    except ValueError:
        year = this_year
    if not 2000 <= year <= 2100:
        year = this_year
    return render(
        request,
        "surveys/public_results.html",
        {
            "year": year,
            "years": range(this_year, this_year - 5, -1),
            "published": selectors.published_results(None, year),
        },
    )
