"""Outputs and progress through the REST API, with the staff pages' permissions.

Thin, like ``cchc.plans.api``: each endpoint checks the permission
(``cchc.tracking.permissions``), turns the body into ``OutputData`` and calls one service
(``output_record``, ``output_update``, ``output_delete``) or selector. Errors follow the
shapes of ``cchc.legal.api``: 400 ``{"errors": {field: [messages]}}`` in Vietnamese,
403/404 ``{"detail": ...}``.

An output the user may not read is a 404; one they may read but not change is a 403
(outputs of a closed reporting period need an approver). Ids in a body that name
nothing the user may see are a 400 on that field.

The lead registers ``ROUTES`` on the API router.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from cchc.api.common import not_found, visible_unit, within_unit
from cchc.legal.api import (
    _COMMON_MESSAGES,
    ERROR_400,
    ERROR_403,
    ERROR_404,
    CharField,
    DateField,
    IdField,
    IntegerField,
    InvalidInput,
    Pagination,
    Serializer,
    ServiceErrorsMixin,
    may_edit_somewhere,
    text,
    validated,
)
from cchc.orgs.models import Role
from cchc.orgs.permissions import has_role, unit_scope_q
from cchc.plans.api import _enum_schema, _EnumField
from cchc.plans.models import Activity, ActivityUnit, Plan
from cchc.plans.permissions import plan_scope_q
from cchc.schedule.feeds import load_activities
from cchc.tracking.models import Output, OutputKind
from cchc.tracking.permissions import can, can_record, is_period_closed
from cchc.tracking.selectors import (
    STATUS_LABELS,
    ActivityProgress,
    _outputs_by_activity,
    progress_for,
)
from cchc.tracking.services import OutputData, output_delete, output_record, output_update

#: Largest value the database keeps in a positive integer column.
MAX_INT = 2**31 - 1


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")



# --- Fields ---------------------------------------------------------------------------


@extend_schema_field(_enum_schema(OutputKind), component_name="OutputKindEnum")
class OutputKindField(_EnumField):
    choice_set = OutputKind


def _progress_status_schema() -> dict[str, Any]:
    values = list(STATUS_LABELS)
    lines = [f"* `{key}` - {label}" for key, label in STATUS_LABELS.items()]
    return {"type": "string", "enum": values, "description": "\n".join(lines)}


@extend_schema_field(_progress_status_schema(), component_name="ProgressStatusEnum")
class ProgressStatusField(serializers.CharField):
    pass


class URLField(serializers.URLField):
    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "Đường dẫn không hợp lệ; hãy ghi đầy đủ, ví dụ https://example.gov.vn/tin-bai.",
        "max_length": "Không được dài quá {max_length} ký tự.",
    }


def _count_field(help_text: str) -> IntegerField:
    return IntegerField(
        required=False, allow_null=True, default=None, max_value=MAX_INT, help_text=help_text
    )


# --- Outputs --------------------------------------------------------------------------


class OutputSerializer(Serializer):
    """Một sản phẩm (kết quả) đơn vị đã thực hiện cho một hoạt động."""

    id = serializers.IntegerField(read_only=True)
    activity = serializers.IntegerField(source="activity_id", read_only=True)
    activity_title = serializers.CharField(source="activity.title", read_only=True)
    plan = serializers.IntegerField(source="activity.plan_id", read_only=True)
    unit = serializers.IntegerField(source="unit_id", read_only=True, help_text="Đơn vị thực hiện.")
    unit_name = serializers.CharField(source="unit.display_name", read_only=True)
    kind = OutputKindField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    date = serializers.DateField(read_only=True, help_text="Ngày thực hiện.")
    quantity = serializers.IntegerField(read_only=True)
    duration_minutes = serializers.IntegerField(read_only=True, allow_null=True)
    participants = serializers.IntegerField(read_only=True, allow_null=True)
    audience_reached = serializers.IntegerField(read_only=True, allow_null=True)
    link = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    notes = serializers.CharField(read_only=True)
    evidence_count = serializers.IntegerField(read_only=True, help_text="Số tệp minh chứng.")
    period_closed = serializers.SerializerMethodField(
        help_text="Kỳ báo cáo của ngày thực hiện đã khóa: sửa, xóa cần quyền phê duyệt."
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def get_period_closed(self, output: Output) -> bool:
        return is_period_closed(output.date)


class OutputUpdateSerializer(Serializer):
    """Nội dung sản phẩm gửi lên khi sửa (không đổi được hoạt động và đơn vị)."""

    kind = OutputKindField(error_messages={"required": "Hãy chọn loại sản phẩm."})
    date = DateField(
        error_messages={"required": "Hãy nhập ngày thực hiện."},
        help_text="Ngày thực hiện; không được sau hôm nay và phải trong kỳ kế hoạch.",
    )
    quantity = IntegerField(required=False, default=1, max_value=MAX_INT, help_text="Từ 1 trở lên.")
    duration_minutes = _count_field("Thời lượng (phút).")
    participants = _count_field("Số người tham dự.")
    audience_reached = _count_field("Số người tiếp cận.")
    link = URLField(required=False, allow_blank=True, default="", max_length=500)
    title = text(Output, "title", help_text="Tên sản phẩm.")
    notes = CharField(required=False, allow_blank=True, default="")


class OutputCreateSerializer(OutputUpdateSerializer):
    """Sản phẩm mới: hoạt động, đơn vị thực hiện và nội dung."""

    activity = IdField(
        error_messages={"required": "Hãy chọn hoạt động."}, help_text="Mã hoạt động."
    )
    unit = IdField(
        error_messages={"required": "Hãy chọn đơn vị thực hiện."},
        help_text="Mã đơn vị thực hiện (chủ trì hoặc phối hợp hoạt động).",
    )


class OutputFilterSerializer(Serializer):
    activity = IdField(required=False, help_text="Sản phẩm của hoạt động này.")
    unit = IdField(required=False, help_text="Sản phẩm của đơn vị này và các đơn vị trực thuộc.")
    date_from = DateField(required=False, help_text="Thực hiện từ ngày (NNNN-TT-NN).")
    date_to = DateField(required=False, help_text="Thực hiện đến ngày (NNNN-TT-NN).")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"date_to": [f"Ngày {_d(end)} trước ngày bắt đầu {_d(start)}."]}
            )
        return attrs


def visible_outputs(user: Any) -> QuerySet[Output]:
    """Outputs of units in the user's reach, and outputs for plans the user may read."""
    plans = Plan.objects.filter(plan_scope_q(user)).values("pk")
    return Output.objects.filter(
        unit_scope_q(user, prefix="unit__") | Q(activity__plan__in=plans)
    )



def _output_data(values: dict[str, Any]) -> OutputData:
    return OutputData(
        kind=values["kind"],
        date=values["date"],
        quantity=values["quantity"],
        duration_minutes=values.get("duration_minutes"),
        participants=values.get("participants"),
        audience_reached=values.get("audience_reached"),
        link=values.get("link", ""),
        title=values.get("title", ""),
        notes=values.get("notes", ""),
    )


def _closed_message(day: datetime.date) -> str:
    return (
        f"Kỳ báo cáo của ngày {_d(day)} đã khóa; cần quyền phê duyệt của đơn vị để ghi hoặc sửa."
    )


OUTPUT_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Mã sản phẩm."
)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách sản phẩm người dùng được xem",
        description=(
            "Sản phẩm của các đơn vị trong phạm vi người dùng và sản phẩm thực hiện các kế hoạch"
            " người dùng được xem; mới nhất trước."
        ),
        parameters=[OutputFilterSerializer],
        responses={200: OutputSerializer(many=True), 400: ERROR_400},
    ),
    retrieve=extend_schema(
        summary="Một sản phẩm",
        parameters=[OUTPUT_ID],
        responses={200: OutputSerializer, 404: ERROR_404},
    ),
    create=extend_schema(
        summary="Ghi nhận sản phẩm (kết quả) cho một hoạt động",
        description=(
            "Người có quyền biên tập ở đơn vị thực hiện; đơn vị phải chủ trì hoặc phối hợp hoạt"
            " động, kế hoạch phải đã ban hành, ngày thực hiện trong kỳ kế hoạch và không sau hôm"
            " nay. Ngày thuộc kỳ báo cáo đã khóa (quá 10 ngày sau khi hết quý) cần quyền phê duyệt."
        ),
        request=OutputCreateSerializer,
        responses={201: OutputSerializer, 400: ERROR_400, 403: ERROR_403},
    ),
    update=extend_schema(
        summary="Sửa sản phẩm",
        description=(
            "Thay toàn bộ nội dung (hoạt động và đơn vị không đổi). Người có quyền biên tập ở đơn"
            " vị thực hiện; sản phẩm của kỳ báo cáo đã khóa cần quyền phê duyệt."
        ),
        parameters=[OUTPUT_ID],
        request=OutputUpdateSerializer,
        responses={200: OutputSerializer, 400: ERROR_400, 403: ERROR_403, 404: ERROR_404},
    ),
    partial_update=extend_schema(
        summary="Sửa một phần sản phẩm",
        description="Chỉ các trường gửi lên được thay; cùng quyền như khi sửa.",
        parameters=[OUTPUT_ID],
        request=OutputUpdateSerializer,
        responses={200: OutputSerializer, 400: ERROR_400, 403: ERROR_403, 404: ERROR_404},
    ),
    destroy=extend_schema(
        summary="Xóa sản phẩm (cùng các tệp minh chứng)",
        parameters=[OUTPUT_ID],
        responses={
            204: OpenApiResponse(description="Đã xóa."),
            403: ERROR_403,
            404: ERROR_404,
        },
    ),
)
class OutputViewSet(ServiceErrorsMixin, viewsets.GenericViewSet[Output]):
    serializer_class = OutputSerializer
    queryset = Output.objects.none()
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[Output]:
        if getattr(self, "swagger_fake_view", False):
            return Output.objects.none()
        return (
            visible_outputs(self.request.user)
            .select_related("activity", "unit")
            .annotate(evidence_count=Count("evidence"))
            .order_by("-date", "-pk")
        )

    def _response(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        output = self.get_queryset().get(pk=pk)
        headers = (
            {"Location": reverse("output-detail", args=[pk])}
            if code == status.HTTP_201_CREATED
            else None
        )
        return Response(
            OutputSerializer(output, context=self.get_serializer_context()).data,
            status=code,
            headers=headers,
        )

    def list(self, request: Request, format: str | None = None) -> Response:
        params = validated(OutputFilterSerializer(data=request.query_params))
        qs = self.get_queryset()
        if params.get("activity"):
            qs = qs.filter(activity_id=params["activity"])
        if params.get("unit"):
            qs = within_unit(qs, request.user, params["unit"])
        if params.get("date_from"):
            qs = qs.filter(date__gte=params["date_from"])
        if params.get("date_to"):
            qs = qs.filter(date__lte=params["date_to"])
        page = self.paginate_queryset(qs)
        data = OutputSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def retrieve(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request: Request, format: str | None = None) -> Response:
        user = request.user
        if not may_edit_somewhere(user):
            raise exceptions.PermissionDenied("Bạn không có quyền ghi nhận sản phẩm.")
        values = validated(OutputCreateSerializer(data=request.data))
        errors: dict[str, list[str]] = {}
        activity = (
            Activity.objects.select_related("plan__unit")
            .filter(pk=values["activity"], plan__in=Plan.objects.filter(plan_scope_q(user)).values("pk"))
            .first()
        )
        if activity is None:
            errors["activity"] = [not_found("hoạt động", values["activity"])]
        unit = visible_unit(user, values["unit"])
        if unit is None:
            errors["unit"] = [not_found("đơn vị", values["unit"])]
        if errors:
            raise InvalidInput(errors)
        assert activity is not None and unit is not None
        day = values["date"]
        if not can_record(user, activity, unit, day):
            closed = is_period_closed(day)
            if not has_role(user, unit, Role.APPROVER if closed else Role.EDITOR):
                raise exceptions.PermissionDenied(
                    _closed_message(day)
                    if closed and has_role(user, unit, Role.EDITOR)
                    else f"Bạn không có quyền ghi nhận sản phẩm cho {unit.display_name}."
                )
            # The role is there but the unit takes no part: the service says so (400).
        output = output_record(activity=activity, unit=unit, data=_output_data(values), actor=user)
        return self._response(output.pk, status.HTTP_201_CREATED)

    def _change(self, request: Request, *, partial: bool) -> Response:
        output = self.get_object()
        user = request.user
        if not can(user, "output.change", output):
            if is_period_closed(output.date) and has_role(user, output.unit, Role.EDITOR):
                raise exceptions.PermissionDenied(_closed_message(output.date))
            raise exceptions.PermissionDenied("Bạn không có quyền sửa sản phẩm này.")
        values = validated(OutputUpdateSerializer(data=request.data, partial=partial))
        if partial:
            current = {
                name: getattr(output, name)
                for name in (
                    "kind",
                    "date",
                    "quantity",
                    "duration_minutes",
                    "participants",
                    "audience_reached",
                    "link",
                    "title",
                    "notes",
                )
            }
            values = {**current, **values}
        day = values["date"]
        if day != output.date and is_period_closed(day) and not has_role(user, output.unit, Role.APPROVER):
            raise exceptions.PermissionDenied(_closed_message(day))
        output_update(output=output, data=_output_data(values))
        return self._response(output.pk)

    def update(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        return self._change(request, partial=False)

    def partial_update(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        return self._change(request, partial=True)

    def destroy(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        output = self.get_object()
        user = request.user
        if not can(user, "output.delete", output):
            if is_period_closed(output.date) and has_role(user, output.unit, Role.EDITOR):
                raise exceptions.PermissionDenied(_closed_message(output.date))
            raise exceptions.PermissionDenied("Bạn không có quyền xóa sản phẩm này.")
        output_delete(output=output)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Progress -------------------------------------------------------------------------


class ProgressSerializer(Serializer):
    """Tiến độ của một hoạt động: các lần đến hạn theo lịch và sản phẩm đã ghi nhận."""

    activity = serializers.IntegerField(source="activity.pk")
    activity_title = serializers.CharField(source="activity.title")
    parent = serializers.IntegerField(  # type: ignore[assignment]
        source="activity.parent_id", allow_null=True, help_text="Hoạt động cha (nếu có)."
    )
    plan = serializers.IntegerField(source="activity.plan_id")
    plan_title = serializers.CharField(source="activity.plan.title")
    status = ProgressStatusField(help_text="Trạng thái tiến độ.")
    status_display = serializers.CharField(source="status_label")
    understood = serializers.BooleanField(
        source="schedule.understood", help_text="Đã có lịch (hiểu được thời gian hoặc đặt tay)."
    )
    schedule_summary = serializers.CharField(source="schedule.summary", help_text="Lịch, bằng lời.")
    reason = serializers.CharField(
        source="schedule.reason", help_text="Vì sao chưa hiểu được thời gian (nếu chưa)."
    )
    required = serializers.IntegerField(  # type: ignore[assignment]
        source="required_total", help_text="Số lần đến hạn trong cả kỳ kế hoạch."
    )
    met = serializers.IntegerField(help_text="Số lần đến hạn đã có sản phẩm.")
    percent = serializers.IntegerField(help_text="Phần trăm số lần đã có sản phẩm.")
    done_total = serializers.IntegerField(help_text="Tổng số lượng sản phẩm đã ghi nhận.")
    late = serializers.SerializerMethodField(
        help_text="Các hạn đã qua mà chưa có sản phẩm (mỗi lần thiếu một phần tử)."
    )
    next_due = serializers.SerializerMethodField(
        help_text="Hạn sắp tới (kể cả hôm nay) chưa có sản phẩm."
    )
    today = serializers.DateField(help_text="Ngày tính tiến độ.")

    @extend_schema_field(serializers.ListField(child=serializers.DateField()))
    def get_late(self, progress: ActivityProgress) -> list[str]:
        return [slot.due.isoformat() for slot in progress.late]

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_next_due(self, progress: ActivityProgress) -> str | None:
        upcoming = [s.due for s in progress.slots if s.due >= progress.today and s.done < 1]
        return min(upcoming).isoformat() if upcoming else None


class ProgressFilterSerializer(Serializer):
    plan = IdField(required=False, help_text="Hoạt động của kế hoạch này.")
    unit = IdField(
        required=False,
        help_text=(
            "Hoạt động đơn vị này hoặc đơn vị trực thuộc chủ trì, phối hợp; sản phẩm chỉ tính"
            " của các đơn vị đó."
        ),
    )


def activity_progress(
    activity_ids: list[int], *, unit_path: str | None = None, today: datetime.date | None = None
) -> list[ActivityProgress]:
    """Progress of the given activities, in their order, in a fixed number of queries."""
    today = today or timezone.localdate()
    if not activity_ids:
        return []
    plans = Plan.objects.filter(activities__pk__in=activity_ids).distinct()
    activities = {a.pk: a for a in load_activities(plans, Q(pk__in=activity_ids))}
    outputs = _outputs_by_activity(list(activities), unit_path)
    return [
        progress_for(activities[pk], activities[pk].plan, outputs.get(pk, []), today)
        for pk in activity_ids
        if pk in activities
    ]


ACTIVITY_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Mã hoạt động."
)


@extend_schema_view(
    list=extend_schema(
        summary="Tiến độ các hoạt động người dùng được xem",
        description=(
            "Mỗi hoạt động: trạng thái (hoàn thành, đúng tiến độ, chậm, chưa đến hạn, chưa rõ"
            " lịch), số lần đến hạn, số lần đã có sản phẩm, các hạn bị chậm và hạn sắp tới."
            " Nên lọc theo `plan` hoặc `unit`."
        ),
        parameters=[ProgressFilterSerializer],
        responses={200: ProgressSerializer(many=True), 400: ERROR_400},
    ),
    retrieve=extend_schema(
        summary="Tiến độ của một hoạt động",
        parameters=[ACTIVITY_ID],
        responses={200: ProgressSerializer, 404: ERROR_404},
    ),
)
class ActivityProgressViewSet(ServiceErrorsMixin, viewsets.GenericViewSet[Activity]):
    serializer_class = ProgressSerializer
    queryset = Activity.objects.none()
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[Activity]:
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        plans = Plan.objects.filter(plan_scope_q(self.request.user)).values("pk")
        return Activity.objects.filter(plan__in=plans).order_by(
            "-plan__period_start", "plan_id", "order", "pk"
        )

    def list(self, request: Request, format: str | None = None) -> Response:
        params = validated(ProgressFilterSerializer(data=request.query_params))
        qs = self.get_queryset()
        unit_path = None
        if params.get("plan"):
            qs = qs.filter(plan_id=params["plan"])
        if params.get("unit"):
            unit = visible_unit(request.user, params["unit"])
            if unit is None:
                raise InvalidInput({"unit": [not_found("đơn vị", params["unit"])]})
            unit_path = unit.path
            involved = ActivityUnit.objects.filter(unit__path__startswith=unit.path).values(
                "activity_id"
            )
            qs = qs.filter(
                Q(pk__in=involved) | Q(parent__in=involved) | Q(plan__unit__path__startswith=unit.path)
            )
        page = self.paginate_queryset(qs.values_list("pk", flat=True))
        ids = list(page) if page is not None else list(qs.values_list("pk", flat=True))
        rows = activity_progress(ids, unit_path=unit_path)
        data = ProgressSerializer(rows, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def retrieve(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        activity = self.get_object()
        (progress,) = activity_progress([activity.pk])
        return Response(ProgressSerializer(progress, context=self.get_serializer_context()).data)


#: (prefix, viewset, basename) for the API router.
ROUTES: list[tuple[str, type[viewsets.GenericViewSet[Any]], str]] = [
    ("outputs", OutputViewSet, "output"),
    ("activity-progress", ActivityProgressViewSet, "activity-progress"),
]
