"""REST endpoints of procedures: the public catalog, read-only, with the same search as the site.

``GET /api/procedures/`` lists procedures in force (by name), or, with ``q``, the search
results best first; ``field``, ``level`` and ``unit`` (a unit id: procedures handled by it or
a unit below) filter either way. ``GET /api/procedures/{code}/`` reads one procedure.
Anyone may read (the catalog is public).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from cchc.orgs.models import Unit
from cchc.procedures import selectors
from cchc.procedures.models import Level, Procedure


class MethodSerializer(serializers.Serializer[dict[str, str]]):
    method = serializers.CharField(help_text="in_person, online_full, online_partial, post")
    label = serializers.CharField()  # type: ignore[assignment]
    time_limit = serializers.CharField()
    fee = serializers.CharField()
    description = serializers.CharField()


class ProcedureSerializer(serializers.ModelSerializer[Procedure]):
    level = serializers.CharField(
        read_only=True, help_text="central, province, district, commune, multi"
    )
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text="active, new, amended, abolished")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    handling_unit_name = serializers.CharField(
        source="handling_unit.name", read_only=True, default=""
    )
    methods = MethodSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Procedure
        fields = [
            "code",
            "name",
            "field",
            "level",
            "level_display",
            "handling_unit",
            "handling_unit_name",
            "implementing_agency",
            "applicants",
            "methods",
            "online_url",
            "requirements",
            "documents",
            "steps",
            "result",
            "legal_basis",
            "decision",
            "status",
            "status_display",
            "issued_on",
            "amended_on",
            "abolished_on",
            "url",
        ]
        read_only_fields = fields


_PARAMS = [
    OpenApiParameter(
        "q", OpenApiTypes.STR, description="Từ khóa (có dấu hoặc không dấu), tối đa 200 ký tự"
    ),
    OpenApiParameter("field", OpenApiTypes.STR, description="Lĩnh vực, đúng như trong danh mục"),
    OpenApiParameter("level", OpenApiTypes.STR, enum=Level.values, description="Cấp thực hiện"),
    OpenApiParameter(
        "unit", OpenApiTypes.INT, description="Id đơn vị giải quyết (gồm các đơn vị cấp dưới)"
    ),
]


@extend_schema_view(
    list=extend_schema(summary="Tra cứu thủ tục hành chính", parameters=_PARAMS),
    retrieve=extend_schema(summary="Một thủ tục hành chính theo mã"),
)
class ProcedureViewSet(viewsets.ReadOnlyModelViewSet[Procedure]):
    serializer_class = ProcedureSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9._\-]+"
    pagination_class = LimitOffsetPagination

    def get_queryset(self) -> Any:
        return Procedure.objects.select_related("handling_unit").order_by("name", "pk")

    def _filters(self, request: Request) -> selectors.Filters:
        params = request.query_params
        level = params.get("level", "")
        if level and level not in Level.values:
            raise exceptions.ValidationError({"level": ["Cấp thực hiện không hợp lệ."]})
        unit = None
        if params.get("unit"):
            try:
                unit = Unit.objects.filter(pk=int(params["unit"])).first()
            except (ValueError, OverflowError):
                unit = None
            if unit is None:
                raise exceptions.ValidationError({"unit": ["Không có đơn vị này."]})
        return selectors.Filters(field=params.get("field", "")[:255], level=level, unit=unit)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        filters = self._filters(request)
        query = request.query_params.get("q", "")
        if "\x00" in query:
            raise exceptions.ValidationError({"q": ["Không được chứa ký tự rỗng (NUL)."]})
        paginator = self.paginator
        assert isinstance(paginator, LimitOffsetPagination)
        limit = min(paginator.get_limit(request) or 100, 100)
        offset = paginator.get_offset(request)
        result = selectors.search(query, filters, limit=limit, offset=offset)
        # Let the paginator build next/previous links around the page already read.
        paginator.limit, paginator.offset, paginator.count, paginator.request = (
            limit,
            offset,
            result.total,
            request,
        )
        data = self.get_serializer(result.procedures, many=True).data
        return paginator.get_paginated_response(data)

    def get_object(self) -> Procedure:
        try:
            return self.get_queryset().get(code=self.kwargs["code"])
        except Procedure.DoesNotExist as exc:
            raise Http404 from exc


ROUTES: list[tuple[str, Any, str]] = [("procedures", ProcedureViewSet, "procedure")]
