"""Units through the REST API, with the same scoping as the staff pages."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from cchc.orgs import selectors
from cchc.orgs.models import Unit


class UnitListSerializer(serializers.ListSerializer[Unit]):
    """Finds the parents of a whole page of units in one query."""

    def to_representation(self, data: Any) -> list[Any]:
        units = list(data.all() if hasattr(data, "all") else data)
        paths = {u.path[: -Unit.steplen] for u in units if u.depth > 1}
        # The child serializer reads the same context (the root serializer's).
        context = cast(dict[str, Any], self.context)
        context["parent_ids"] = dict(Unit.objects.filter(path__in=paths).values_list("path", "id"))
        return super().to_representation(units)


class UnitSerializer(serializers.ModelSerializer[Unit]):
    parent = serializers.SerializerMethodField()  # type: ignore[assignment]
    aliases: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "kind_display",
            "division_type",
            "code",
            "valid_from",
            "valid_to",
            "replaced_by",
            "parent",
            "depth",
            "numchild",
            "aliases",
        ]
        read_only_fields = fields
        list_serializer_class = UnitListSerializer

    def get_parent(self, obj: Unit) -> int | None:
        if obj.depth <= 1:
            return None
        parent_ids: dict[str, int] | None = self.context.get("parent_ids")
        if parent_ids is None:  # a single unit, not a page of them
            parent = Unit.objects.get_parent(obj)
            return parent.pk if parent else None
        return parent_ids.get(obj.path[: -Unit.steplen])


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách đơn vị người dùng được xem",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Tìm theo tên, không cần dấu"),
            OpenApiParameter("parent", OpenApiTypes.INT, description="Chỉ các đơn vị trực thuộc"),
            OpenApiParameter(
                "include_ended", OpenApiTypes.BOOL, description="Gồm cả đơn vị đã hết hiệu lực"
            ),
        ],
    ),
    retrieve=extend_schema(summary="Một đơn vị"),
)
class UnitViewSet(viewsets.ReadOnlyModelViewSet[Unit]):
    serializer_class = UnitSerializer

    def get_queryset(self) -> QuerySet[Unit]:
        params = self.request.query_params
        qs = selectors.unit_visible_qs(self.request.user).prefetch_related("aliases")
        if params.get("include_ended") not in {"1", "true"}:
            qs = qs.filter(selectors.current_q())
        parent_id = params.get("parent")
        if parent_id and parent_id.isdigit():
            parent = Unit.objects.filter(pk=int(parent_id)).first()
            qs = qs.filter(path__startswith=parent.path, depth=parent.depth + 1) if parent else qs.none()
        query = params.get("q", "").strip()
        if query:
            ids = [u.pk for u in selectors.unit_search(self.request.user, query, limit=100)]
            qs = qs.filter(pk__in=ids)
        return qs.order_by("path")
