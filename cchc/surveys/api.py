"""REST endpoints of surveys: read surveys in scope and their satisfaction indices.

``GET /api/surveys/`` lists the surveys of units the user may see; ``GET
/api/surveys/{id}/results/?year=&quarter=&unit=`` returns the indices (index = answers
"Hài lòng" or "Rất hài lòng" / answers to the criterion; 95 % Wilson interval).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cchc.api.common import not_found, visible_unit
from cchc.legal.api import (
    ERROR_400,
    ERROR_404,
    IdField,
    IntegerField,
    InvalidInput,
    Pagination,
    Serializer,
    ServiceErrorsMixin,
    validated,
)
from cchc.surveys import selectors
from cchc.surveys.models import Survey
from cchc.surveys.stats import Share, sample_size

SURVEY_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Mã khảo sát."
)


class SurveySerializer(Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Mã khảo sát.")
    title = serializers.CharField(read_only=True, help_text="Tên khảo sát.")
    unit = serializers.IntegerField(
        source="unit_id", read_only=True, help_text="Mã đơn vị tổ chức."
    )
    unit_name = serializers.CharField(
        source="unit.display_name", read_only=True, help_text="Tên đơn vị."
    )
    status = serializers.CharField(read_only=True, help_text="draft, open hoặc closed.")
    publish_results = serializers.BooleanField(read_only=True, help_text="Kết quả được công bố.")
    activity = serializers.IntegerField(
        source="activity_id",
        read_only=True,
        allow_null=True,
        help_text="Hoạt động kế hoạch liên quan.",
    )


class ShareSerializer(Serializer):
    answered = serializers.IntegerField(read_only=True, help_text="Số câu trả lời.")
    satisfied = serializers.IntegerField(
        read_only=True, help_text="Số trả lời hài lòng hoặc rất hài lòng."
    )
    percent = serializers.FloatField(read_only=True, allow_null=True, help_text="Chỉ số (%).")
    ci_low = serializers.SerializerMethodField(help_text="Cận dưới khoảng tin cậy 95% (%).")
    ci_high = serializers.SerializerMethodField(help_text="Cận trên khoảng tin cậy 95% (%).")

    def get_ci_low(self, share: Share) -> float | None:
        ci = share.interval_percent
        return ci[0] if ci else None

    def get_ci_high(self, share: Share) -> float | None:
        ci = share.interval_percent
        return ci[1] if ci else None


class CriterionSerializer(Serializer):
    code = serializers.CharField(read_only=True, help_text="Mã tiêu chí.")
    text = serializers.CharField(read_only=True, help_text="Nội dung tiêu chí.")
    share = ShareSerializer(read_only=True)


class FactorSerializer(Serializer):
    code = serializers.CharField(read_only=True, help_text="Mã yếu tố.")
    title = serializers.CharField(read_only=True, help_text="Tên yếu tố.")
    share = ShareSerializer(read_only=True)
    previous = ShareSerializer(read_only=True, allow_null=True)
    criteria = CriterionSerializer(many=True, read_only=True)


class ResultsSerializer(Serializer):
    respondents = serializers.IntegerField(read_only=True, help_text="Số phiếu.")
    overall = ShareSerializer(read_only=True)
    factors = FactorSerializer(many=True, read_only=True)
    sample_needed = serializers.IntegerField(
        read_only=True, help_text="Cỡ mẫu cần cho sai số ±5% (95%)."
    )


class ResultsFilterSerializer(Serializer):
    year = IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="Năm (mặc định năm nay)."
    )
    quarter = IntegerField(
        required=False, min_value=1, max_value=4, help_text="Quý 1-4 (bỏ trống: cả năm)."
    )
    unit = IdField(
        required=False, help_text="Chỉ tính phiếu thu tại đơn vị này và các đơn vị trực thuộc."
    )


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách khảo sát người dùng được xem",
        responses={200: SurveySerializer(many=True)},
    ),
    retrieve=extend_schema(
        summary="Một khảo sát",
        parameters=[SURVEY_ID],
        responses={200: SurveySerializer, 404: ERROR_404},
    ),
)
class SurveyViewSet(ServiceErrorsMixin, viewsets.ReadOnlyModelViewSet[Survey]):
    serializer_class = SurveySerializer
    queryset = Survey.objects.none()
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[Survey]:
        if getattr(self, "swagger_fake_view", False):
            return Survey.objects.none()
        return selectors.surveys_visible_to(self.request.user).order_by("-created_at", "-pk")

    @extend_schema(
        summary="Chỉ số hài lòng của khảo sát",
        description=(
            "Chỉ số = số trả lời “Hài lòng” hoặc “Rất hài lòng” / số trả lời tiêu chí × 100%;"
            " yếu tố và chỉ số chung gộp mọi câu trả lời của các tiêu chí. Kèm kỳ trước để so sánh."
        ),
        parameters=[SURVEY_ID, ResultsFilterSerializer],
        responses={200: ResultsSerializer, 400: ERROR_400, 404: ERROR_404},
    )
    @action(detail=True, methods=["get"])
    def results(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        survey = self.get_object()
        params = validated(ResultsFilterSerializer(data=request.query_params))
        unit = None
        if params.get("unit"):
            unit = visible_unit(request.user, params["unit"])
            if unit is None:
                raise InvalidInput({"unit": [not_found("đơn vị", params["unit"])]})
        from django.utils import timezone

        period = selectors.Period(
            params.get("year") or timezone.localdate().year, params.get("quarter")
        )
        results = selectors.survey_results(survey, period, unit)
        data: dict[str, Any] = {
            "respondents": results.respondents,
            "overall": results.overall,
            "factors": results.factors,
            "sample_needed": sample_size(),
        }
        return Response(ResultsSerializer(data).data)


ROUTES: list[tuple[str, Any, str]] = [("surveys", SurveyViewSet, "survey")]
