"""REST endpoints of the portal: what the public site shows, read-only, for anyone.

``GET /api/portal/news/`` lists published articles (newest first; ``area`` filters by
reform area); ``GET /api/portal/news/{slug}/`` reads one. ``GET /api/portal/index-results/``
lists index results (``index``, ``year``, ``unit`` — a unit id, its results and those of
the units below it), each with its change from the year before.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from cchc.orgs.models import Unit
from cchc.plans.api import ReformAreaField, ReformIndexField
from cchc.plans.models import ReformArea, ReformIndex
from cchc.portal import selectors
from cchc.portal.models import Article, IndexResult


class ArticleSerializer(serializers.ModelSerializer[Article]):
    unit_name = serializers.CharField(source="unit.display_name", read_only=True)
    areas = serializers.ListField(child=ReformAreaField(), source="area_values", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    image = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "slug",
            "title",
            "summary",
            "body",
            "unit",
            "unit_name",
            "areas",
            "published_at",
            "image",
            "url",
        ]
        read_only_fields = fields

    def get_image(self, article: Article) -> str | None:
        largest = article.image.largest if article.image is not None else None
        return largest.url if largest is not None else None


class IndexResultSerializer(serializers.ModelSerializer[IndexResult]):
    index = ReformIndexField(read_only=True)
    unit_name = serializers.CharField(source="unit.display_name", read_only=True)
    score_change = serializers.DecimalField(
        max_digits=9, decimal_places=2, read_only=True, allow_null=True
    )
    rank_change = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Số bậc tăng (dương) hoặc giảm (âm) so với năm trước",
    )
    components = serializers.DictField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = IndexResult
        fields = [
            "id",
            "index",
            "year",
            "unit",
            "unit_name",
            "score",
            "score_change",
            "rank",
            "ranked_of",
            "rank_change",
            "components",
            "source",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Any) -> Any:
        row = instance
        data = super().to_representation(row.result)
        data["score_change"] = None if row.score_change is None else f"{row.score_change:.2f}"
        data["rank_change"] = row.rank_change
        return data


@extend_schema_view(
    list=extend_schema(
        summary="Tin tức CCHC đã đăng",
        parameters=[
            OpenApiParameter(
                "area", OpenApiTypes.STR, enum=ReformArea.values, description="Lĩnh vực"
            )
        ],
    ),
    retrieve=extend_schema(summary="Một tin, bài theo đường dẫn"),
)
class ArticleViewSet(viewsets.ReadOnlyModelViewSet[Article]):
    serializer_class = ArticleSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = r"[a-z0-9-]+"

    def get_queryset(self) -> Any:
        qs = selectors.published_articles().order_by("-published_at", "-pk")
        area = self.request.query_params.get("area", "")
        if area:
            if area not in ReformArea.values:
                raise exceptions.ValidationError({"area": ["Lĩnh vực cải cách không hợp lệ."]})
            qs = qs.filter(areas__area=area)
        return qs

    def get_object(self) -> Article:
        try:
            return selectors.published_articles().get(slug=self.kwargs["slug"])
        except Article.DoesNotExist as exc:
            raise Http404 from exc


@extend_schema_view(
    list=extend_schema(
        summary="Kết quả các chỉ số PAR INDEX, SIPAS, PAPI, PCI, DDCI, DTI",
        parameters=[
            OpenApiParameter(
                "index", OpenApiTypes.STR, enum=ReformIndex.values, description="Chỉ số"
            ),
            OpenApiParameter("year", OpenApiTypes.INT, description="Năm"),
            OpenApiParameter(
                "unit", OpenApiTypes.INT, description="Id đơn vị (gồm các đơn vị cấp dưới)"
            ),
        ],
    ),
    retrieve=extend_schema(summary="Một kết quả chỉ số"),
)
class IndexResultViewSet(viewsets.ReadOnlyModelViewSet[IndexResult]):
    serializer_class = IndexResultSerializer
    permission_classes = [AllowAny]

    def get_queryset(self) -> Any:
        qs = IndexResult.objects.select_related("unit").order_by(
            "index", "-year", "unit__path", "pk"
        )
        params = self.request.query_params
        errors: dict[str, list[str]] = {}
        if params.get("index"):
            if params["index"] not in ReformIndex.values:
                errors["index"] = ["Chỉ số không hợp lệ."]
            qs = qs.filter(index=params["index"])
        if params.get("year"):
            if not params["year"].isdigit() or len(params["year"]) != 4:
                errors["year"] = ["Năm phải là số có 4 chữ số."]
            else:
                qs = qs.filter(year=int(params["year"]))
        if params.get("unit"):
            raw = params["unit"]
            unit = (
                Unit.objects.filter(pk=int(raw)).first()
                if raw.isdigit() and len(raw) <= 18
                else None
            )
            if unit is None:
                errors["unit"] = ["Không có đơn vị này."]
            else:
                qs = qs.filter(unit__path__startswith=unit.path)
        if errors:
            raise exceptions.ValidationError(errors)
        return qs

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        return selectors.with_change(list(page if page is not None else queryset))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        result = self.get_object()
        return Response(self.get_serializer(selectors.with_change([result])[0]).data)


ROUTES: list[tuple[str, Any, str]] = [
    ("portal/news", ArticleViewSet, "portal-news"),
    ("portal/index-results", IndexResultViewSet, "portal-index-result"),
]
