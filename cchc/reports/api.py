"""Reporting calendars, periodic reports and completeness through the REST API.

Thin, like ``cchc.tracking.api``: each endpoint loads what the user may read (404
otherwise), checks the permission of the staff pages (``cchc.reports.permissions``, 403
otherwise), turns the body into the service's data and calls one service or selector.
Errors follow the shapes of ``cchc.legal.api``: 400 ``{"errors": {field: [messages]}}``
in Vietnamese, 403/404 ``{"detail": ...}``, 409 ``{"detail", "code"}`` for a stale
revision (``stale``) or a report in the wrong state (``bad_status``).

A user holding the role an action needs, with the report in the wrong state, gets the
service's refusal (409), as for plans. Ids in a body that name nothing the user may see
are a 400 on that field.

The lead registers ``ROUTES`` on the API router.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cchc.api.common import not_found, visible_unit, within_unit
from cchc.legal.api import (
    ERROR_400,
    ERROR_403,
    ERROR_404,
    ERROR_409,
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
from cchc.orgs.models import Role, Unit
from cchc.orgs.permissions import has_role, is_site_admin, unit_scope_q
from cchc.plans.api import _enum_schema, _EnumField
from cchc.plans.models import Plan
from cchc.plans.permissions import plan_scope_q
from cchc.reports import permissions, selectors, services
from cchc.reports.models import (
    PeriodKind,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
)

# --- Fields ---------------------------------------------------------------------------


@extend_schema_field(_enum_schema(PeriodKind), component_name="PeriodKindEnum")
class PeriodKindField(_EnumField):
    choice_set = PeriodKind


@extend_schema_field(_enum_schema(ReportStatus), component_name="ReportStatusEnum")
class ReportStatusField(_EnumField):
    choice_set = ReportStatus


def _state_schema() -> dict[str, Any]:
    lines = [f"* `{key}` - {label}" for key, label in selectors.STATE_LABELS.items()]
    return {"type": "string", "enum": list(selectors.STATE_LABELS), "description": "\n".join(lines)}


@extend_schema_field(_state_schema(), component_name="SubmissionStateEnum")
class SubmissionStateField(serializers.CharField):
    pass


class ReportUnitSerializer(Serializer):
    """Một đơn vị (mã và tên)."""

    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="display_name")


# --- Visibility -----------------------------------------------------------------------


def visible_periods(user: Any) -> QuerySet[ReportingPeriod]:
    """Periods of plans the user may read, and periods whose reports go to a unit in reach."""
    plans = Plan.objects.filter(plan_scope_q(user)).values("pk")
    return ReportingPeriod.objects.filter(
        Q(plan__in=plans) | unit_scope_q(user, prefix="to_unit__")
    )


def visible_reports(user: Any) -> QuerySet[Report]:
    """Reports ``permissions.can(user, "report.view", report)`` allows, as one filter."""
    if is_site_admin(user):
        return Report.objects.all()
    below_to_unit = Q(unit__path__startswith=F("period__to_unit__path")) & ~Q(
        unit=F("period__to_unit")
    )
    return Report.objects.filter(
        unit_scope_q(user, prefix="unit__")
        | (unit_scope_q(user, prefix="period__to_unit__") & below_to_unit)
        | unit_scope_q(user, prefix="period__through_unit__")
    )


# --- Reporting periods ----------------------------------------------------------------


class PeriodSerializer(Serializer):
    """Một kỳ báo cáo của kế hoạch: khoảng số liệu, hạn gửi và nơi nhận."""

    id = serializers.IntegerField(read_only=True)
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    plan_title = serializers.CharField(source="plan.title", read_only=True)
    kind = PeriodKindField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    label = serializers.CharField(read_only=True, help_text="Tên kỳ.")  # type: ignore[assignment]
    start = serializers.DateField(read_only=True, help_text="Số liệu từ ngày.")
    cutoff = serializers.DateField(read_only=True, help_text="Chốt số liệu đến ngày.")
    deadline = serializers.DateField(read_only=True, help_text="Hạn gửi báo cáo.")
    to_unit = ReportUnitSerializer(read_only=True, help_text="Đơn vị nhận báo cáo.")
    through_unit = ReportUnitSerializer(
        read_only=True, allow_null=True, help_text="Gửi thông qua (nếu có)."
    )
    note = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    locked_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Khóa sổ lúc (rỗng: chưa khóa)."
    )


class PeriodFilterSerializer(Serializer):
    plan = IdField(required=False, help_text="Các kỳ báo cáo của kế hoạch này.")


class RequestCreateSerializer(Serializer):
    """Yêu cầu báo cáo đột xuất: kế hoạch, tên, khoảng số liệu và hạn gửi."""

    plan = IdField(error_messages={"required": "Hãy chọn kế hoạch."}, help_text="Mã kế hoạch.")
    label = CharField(  # type: ignore[assignment]
        max_length=128,
        error_messages={"required": "Hãy đặt tên cho yêu cầu báo cáo."},
        help_text="Tên yêu cầu báo cáo.",
    )
    start = DateField(error_messages={"required": "Hãy nhập ngày bắt đầu lấy số liệu."})
    cutoff = DateField(error_messages={"required": "Hãy nhập ngày chốt số liệu."})
    deadline = DateField(error_messages={"required": "Hãy nhập hạn gửi báo cáo."})
    note = text(ReportingPeriod, "note", help_text="Ghi chú.")


class CompletenessRowSerializer(Serializer):
    """Một đơn vị phải báo cáo: đúng hạn, trễ hạn hay chưa gửi."""

    unit = ReportUnitSerializer()
    state = SubmissionStateField(help_text="Tình trạng gửi báo cáo.")
    state_display = serializers.CharField(source="label")
    report = serializers.IntegerField(
        source="report.pk", allow_null=True, default=None, help_text="Mã báo cáo (nếu đã mở)."
    )
    report_status = ReportStatusField(source="report.status", allow_null=True, default=None)
    submitted_at = serializers.DateTimeField(
        source="report.submitted_at", allow_null=True, default=None
    )


class CompletenessSerializer(Serializer):
    """Tỷ lệ đầy đủ và đúng hạn của một kỳ báo cáo, từng đơn vị và tổng."""

    period = serializers.IntegerField(source="period.pk")
    deadline = serializers.DateField(source="period.deadline")
    expected = serializers.IntegerField(help_text="Số đơn vị phải báo cáo.")
    received = serializers.IntegerField(help_text="Số báo cáo đã nhận (đã gửi hoặc đã tiếp nhận).")
    on_time = serializers.IntegerField(help_text="Số báo cáo gửi đúng hạn.")
    late = serializers.IntegerField(help_text="Số báo cáo gửi trễ hạn.")
    missing = serializers.IntegerField(help_text="Số đơn vị chưa gửi.")
    completeness_pct = serializers.IntegerField(help_text="Tỷ lệ đầy đủ (%).")
    timeliness_pct = serializers.IntegerField(help_text="Tỷ lệ đúng hạn (%).")
    rows = CompletenessRowSerializer(many=True)


class TallySerializer(Serializer):
    """Số đơn vị phải báo cáo, đúng hạn, trễ hạn, chưa gửi và các tỷ lệ."""

    expected = serializers.IntegerField(help_text="Số đơn vị phải báo cáo.")
    received = serializers.IntegerField(help_text="Số báo cáo đã nhận.")
    on_time = serializers.IntegerField(help_text="Số báo cáo gửi đúng hạn.")
    late = serializers.IntegerField(help_text="Số báo cáo gửi trễ hạn.")
    missing = serializers.IntegerField(help_text="Số đơn vị chưa gửi.")
    completeness_pct = serializers.IntegerField(help_text="Tỷ lệ đầy đủ (%).")
    timeliness_pct = serializers.IntegerField(help_text="Tỷ lệ đúng hạn (%).")


class TreeRowSerializer(CompletenessRowSerializer):
    """Một đơn vị ở bất kỳ cấp nào dưới đơn vị ban hành, kèm số liệu của cả cấp dưới của nó."""

    level = serializers.IntegerField(help_text="Cấp: 1 là trực thuộc đơn vị ban hành.")
    parent_unit = serializers.IntegerField(
        source="parent_id", allow_null=True, help_text="Đơn vị cấp trên (nếu cũng phải báo cáo)."
    )
    subtree = TallySerializer(help_text="Đơn vị này cùng mọi đơn vị cấp dưới của nó.")


class LevelTotalSerializer(Serializer):
    level = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]
    tally = TallySerializer()


class TreeCompletenessSerializer(Serializer):
    """Tình hình gửi báo cáo ở mọi cấp dưới một đơn vị: từng đơn vị, tổng theo cấp và tổng chung."""

    period = serializers.IntegerField(source="period.pk")
    deadline = serializers.DateField(source="period.deadline")
    root = ReportUnitSerializer(help_text="Đơn vị đang xem (mặc định: đơn vị ban hành kế hoạch).")
    total = TallySerializer()
    levels = LevelTotalSerializer(many=True)
    rows = TreeRowSerializer(many=True)


class TreeFilterSerializer(Serializer):
    unit = IdField(required=False, help_text="Xem chi tiết các cấp dưới của đơn vị này.")


PERIOD_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Mã kỳ báo cáo."
)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách kỳ báo cáo người dùng được xem",
        description=(
            "Các kỳ báo cáo của những kế hoạch người dùng được xem (và các kỳ gửi về đơn vị"
            " trong phạm vi người dùng), theo hạn gửi. Nên lọc theo `plan`."
        ),
        parameters=[PeriodFilterSerializer],
        responses={200: PeriodSerializer(many=True), 400: ERROR_400},
    ),
    retrieve=extend_schema(
        summary="Một kỳ báo cáo",
        parameters=[PERIOD_ID],
        responses={200: PeriodSerializer, 404: ERROR_404},
    ),
    create=extend_schema(
        summary="Tạo yêu cầu báo cáo đột xuất",
        description=(
            "Người có quyền biên tập ở đơn vị ban hành kế hoạch. Ngày chốt số liệu không trước"
            " ngày bắt đầu, hạn gửi không trước ngày chốt; báo cáo gửi về đơn vị ban hành."
        ),
        request=RequestCreateSerializer,
        responses={201: PeriodSerializer, 400: ERROR_400, 403: ERROR_403},
    ),
)
class ReportingPeriodViewSet(ServiceErrorsMixin, viewsets.GenericViewSet[ReportingPeriod]):
    serializer_class = PeriodSerializer
    queryset = ReportingPeriod.objects.none()
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[ReportingPeriod]:
        if getattr(self, "swagger_fake_view", False):
            return ReportingPeriod.objects.none()
        return (
            visible_periods(self.request.user)
            .select_related("plan__unit", "to_unit", "through_unit")
            .order_by("plan_id", "deadline", "pk")
        )

    def list(self, request: Request, format: str | None = None) -> Response:
        params = validated(PeriodFilterSerializer(data=request.query_params))
        qs = self.get_queryset()
        if params.get("plan"):
            qs = qs.filter(plan_id=params["plan"])
        page = self.paginate_queryset(qs)
        data = PeriodSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def retrieve(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request: Request, format: str | None = None) -> Response:
        user = request.user
        if not may_edit_somewhere(user):
            raise exceptions.PermissionDenied("Bạn không có quyền tạo yêu cầu báo cáo.")
        values = validated(RequestCreateSerializer(data=request.data))
        plan = (
            Plan.objects.filter(plan_scope_q(user), pk=values["plan"])
            .select_related("unit")
            .first()
        )
        if plan is None:
            raise InvalidInput({"plan": [not_found("kế hoạch", values["plan"])]})
        if not permissions.can_manage_calendar(user, plan):
            raise exceptions.PermissionDenied(
                f"Bạn không có quyền tạo yêu cầu báo cáo cho kế hoạch của {plan.unit.display_name}."
            )
        data = services.RequestData(
            label=values["label"],
            start=values["start"],
            cutoff=values["cutoff"],
            deadline=values["deadline"],
            note=values.get("note", ""),
        )
        period = services.reporting_request_create(plan=plan, data=data, actor=user)
        period = self.get_queryset().get(pk=period.pk)
        return Response(
            PeriodSerializer(period, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("reporting-period-detail", args=[period.pk])},
        )

    @extend_schema(
        summary="Tình hình gửi báo cáo của một kỳ",
        description=(
            "Từng đơn vị phải báo cáo (đơn vị trực thuộc đơn vị ban hành còn hoạt động trong kỳ):"
            " đúng hạn, trễ hạn (gửi sau hết ngày hạn, giờ Việt Nam) hoặc chưa gửi; cùng các tổng"
            " và tỷ lệ. Người được xem ở đơn vị ban hành kế hoạch hoặc đơn vị nhận báo cáo."
        ),
        parameters=[PERIOD_ID],
        responses={200: CompletenessSerializer, 403: ERROR_403, 404: ERROR_404},
    )
    @action(detail=True, methods=["get"])
    def completeness(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        period = self.get_object()
        if not permissions.can_view_completeness(request.user, period):
            raise exceptions.PermissionDenied(
                "Bạn không có quyền xem tình hình gửi báo cáo của kỳ này."
            )
        completeness = selectors.period_completeness(period)
        return Response(
            CompletenessSerializer(completeness, context=self.get_serializer_context()).data
        )

    def _lockable(self, request: Request, format: str | None = None) -> ReportingPeriod:
        period = self.get_object()
        if not permissions.can_lock(request.user, period):
            raise exceptions.PermissionDenied(
                "Bạn không có quyền khóa sổ hay mở lại kỳ báo cáo này."
            )
        return period

    @extend_schema(
        summary="Khóa sổ kỳ báo cáo",
        description=(
            "Người có quyền phê duyệt ở đơn vị nhận báo cáo. Sau khi khóa, không mở, sửa, gửi hay trả lại"
            " báo cáo của kỳ được nữa (409 `not_editable`); báo cáo đã gửi vẫn tiếp nhận được."
            " Kỳ đã khóa: 409 `bad_status`."
        ),
        parameters=[PERIOD_ID],
        request=None,
        responses={
            200: PeriodSerializer,
            400: ERROR_400,
            403: ERROR_403,
            404: ERROR_404,
            409: ERROR_409,
        },
    )
    @action(detail=True, methods=["post"])
    def lock(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        period = services.period_lock(period=self._lockable(request), actor=request.user)
        return Response(PeriodSerializer(self.get_queryset().get(pk=period.pk)).data)

    @extend_schema(
        summary="Mở lại kỳ báo cáo đã khóa sổ",
        description="Người có quyền phê duyệt ở đơn vị nhận báo cáo. Kỳ chưa khóa: 409 `bad_status`.",
        parameters=[PERIOD_ID],
        request=None,
        responses={
            200: PeriodSerializer,
            400: ERROR_400,
            403: ERROR_403,
            404: ERROR_404,
            409: ERROR_409,
        },
    )
    @action(detail=True, methods=["post"])
    def unlock(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        period = services.period_unlock(period=self._lockable(request), actor=request.user)
        return Response(PeriodSerializer(self.get_queryset().get(pk=period.pk)).data)

    @extend_schema(
        summary="Tình hình gửi báo cáo ở mọi cấp của một kỳ",
        description=(
            "Mọi đơn vị dưới đơn vị ban hành (hoặc dưới `unit`) còn hoạt động trong kỳ: đúng hạn,"
            " trễ hạn hay chưa gửi, số liệu của cả cấp dưới từng đơn vị, tổng theo cấp và tổng chung."
            " Người xem được tình hình gửi báo cáo của kỳ, hoặc người được xem đơn vị `unit`."
        ),
        parameters=[PERIOD_ID, TreeFilterSerializer],
        responses={200: TreeCompletenessSerializer, 400: ERROR_400, 403: ERROR_403, 404: ERROR_404},
    )
    @action(
        detail=True, methods=["get"], url_path="completeness-tree", url_name="completeness-tree"
    )
    def completeness_tree(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        # A viewer of a unit inside the plan's tree (a district) follows its own subtree even
        # when the plan itself is not in its reach.
        period = (
            ReportingPeriod.objects.select_related("plan__unit", "to_unit")
            .filter(pk=int(pk or 0))
            .first()
        )
        params = validated(TreeFilterSerializer(data=request.query_params))
        focus = visible_unit(request.user, params["unit"]) if params.get("unit") else None
        inside = (
            focus is not None
            and period is not None
            and focus.path.startswith(period.plan.unit.path)
        )
        if period is None or not (self.get_queryset().filter(pk=period.pk).exists() or inside):
            raise exceptions.NotFound("Không tìm thấy.")
        if params.get("unit") and not inside:
            raise InvalidInput({"unit": [not_found("đơn vị", params["unit"])]})
        if focus is not None and inside:
            allowed = permissions.can_view_tree_completeness(request.user, period, focus)
        else:
            allowed = permissions.can_view_completeness(request.user, period)
        if not allowed:
            raise exceptions.PermissionDenied(
                "Bạn không có quyền xem tình hình gửi báo cáo của kỳ này."
            )
        tree = selectors.tree_completeness(period, focus)
        return Response(
            TreeCompletenessSerializer(tree, context=self.get_serializer_context()).data
        )


# --- Reports --------------------------------------------------------------------------


class ActivityFigureSerializer(Serializer):
    id = serializers.IntegerField(help_text="Mã hoạt động.")
    title = serializers.CharField()
    outputs = serializers.IntegerField(help_text="Số sản phẩm đã ghi nhận.")
    status = serializers.CharField(help_text="Trạng thái tiến độ tại ngày chốt số liệu.")


class LinkFigureSerializer(Serializer):
    pk = serializers.IntegerField(help_text="Mã sản phẩm.")
    date = serializers.DateField()
    title = serializers.CharField()
    link = serializers.CharField()
    activity_id = serializers.IntegerField()


def _counts(help_text: str) -> serializers.DictField:
    return serializers.DictField(
        child=serializers.IntegerField(), required=False, help_text=help_text
    )


class FiguresSerializer(Serializer):
    """Số liệu lấy từ các sản phẩm đơn vị đã ghi nhận trong kỳ (đến ngày chốt)."""

    start = serializers.DateField(required=False)
    cutoff = serializers.DateField(required=False)
    outputs_total = serializers.IntegerField(required=False, help_text="Tổng số sản phẩm.")
    by_channel = _counts("Số sản phẩm theo hình thức tuyên truyền.")
    by_kind = _counts("Số sản phẩm theo loại sản phẩm.")
    activities = ActivityFigureSerializer(many=True, required=False)
    activity_status = _counts("Số hoạt động theo trạng thái tiến độ.")
    participants = serializers.IntegerField(required=False, help_text="Số người tham dự.")
    audience_reached = serializers.IntegerField(required=False, help_text="Số người tiếp cận.")
    evidence_count = serializers.IntegerField(required=False, help_text="Số tệp minh chứng.")
    links = LinkFigureSerializer(
        many=True, required=False, help_text="Đường dẫn sản phẩm (tối đa 50)."
    )


class RollupSourceSerializer(Serializer):
    source = serializers.CharField(
        help_text="`own`: số liệu của chính đơn vị; `child`: báo cáo cấp dưới."
    )  # type: ignore[assignment]
    unit = serializers.CharField(help_text="Tên đơn vị.")
    report_id = serializers.IntegerField(required=False)
    unit_id = serializers.IntegerField(required=False)
    revision = serializers.IntegerField(required=False)
    figures = _counts("Các số tổng của nguồn này.")


class RollupSerializer(Serializer):
    """Số liệu tổng hợp: của chính đơn vị cộng các báo cáo cấp dưới đã tiếp nhận."""

    totals = serializers.DictField(
        required=False, help_text="Các số tổng, cùng dạng như `figures`."
    )
    sources = RollupSourceSerializer(many=True, required=False)
    children = serializers.IntegerField(
        required=False, help_text="Số báo cáo cấp dưới đã tổng hợp."
    )


class EventSerializer(Serializer):
    """Một bước trong lịch sử báo cáo."""

    at = serializers.DateTimeField()
    action = serializers.CharField()
    action_display = serializers.CharField(source="action_label")
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    revision = serializers.IntegerField()
    note = serializers.CharField(help_text="Lý do trả lại, đơn vị cấp dưới thay đổi...")


class RollupChangeSerializer(Serializer):
    unit = serializers.CharField()
    report_id = serializers.IntegerField()
    was = serializers.IntegerField(allow_null=True, help_text="Phiên bản đã tổng hợp.")
    now = serializers.IntegerField(
        allow_null=True, help_text="Phiên bản hiện tại (rỗng: không còn được tiếp nhận)."
    )


class FigureDifferenceSerializer(Serializer):
    """Một chỉ tiêu có số trong báo cáo khác số đang ghi nhận."""

    key = serializers.CharField(help_text="Chỉ tiêu, hoặc `by_channel.<hình thức>`.")
    label = serializers.CharField()  # type: ignore[assignment]
    reported = serializers.IntegerField(help_text="Số trong báo cáo.")
    recorded = serializers.IntegerField(help_text="Số đang ghi nhận.")


class ReportSerializer(Serializer):
    """Báo cáo của một đơn vị cho một kỳ (phần tóm tắt)."""

    id = serializers.IntegerField(read_only=True)
    period = serializers.IntegerField(source="period_id", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    plan = serializers.IntegerField(source="period.plan_id", read_only=True)
    unit = ReportUnitSerializer(read_only=True)
    status = ReportStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    revision = serializers.IntegerField(
        read_only=True, help_text="Gửi lại khi sửa để tránh ghi đè."
    )
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    accepted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True)


class ReportDetailSerializer(ReportSerializer):
    """Toàn bộ báo cáo: số liệu, phần viết, nơi nhận, lịch sử và các việc người dùng được làm."""

    receiver = serializers.SerializerMethodField(help_text="Đơn vị nhận báo cáo.")
    figures = FiguresSerializer(read_only=True)
    figures_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Số liệu lấy lúc."
    )
    rollup = RollupSerializer(read_only=True)
    rollup_changes = serializers.SerializerMethodField(
        help_text="Báo cáo cấp dưới được tiếp nhận lại hoặc bị trả lại sau khi tổng hợp."
    )
    figure_differences = serializers.SerializerMethodField(
        help_text="Chỉ tiêu có số trong báo cáo khác số đang ghi nhận (chỉ để đối chiếu, báo cáo giữ nguyên)."
    )
    results = serializers.CharField(read_only=True, help_text="Kết quả đạt được.")
    shortcomings = serializers.CharField(
        read_only=True, help_text="Tồn tại, hạn chế và nguyên nhân."
    )
    proposals = serializers.CharField(read_only=True, help_text="Đề xuất, kiến nghị.")
    events = serializers.SerializerMethodField(help_text="Lịch sử, mới nhất trước (tối đa 100).")
    can_edit = serializers.SerializerMethodField(help_text="Người dùng được sửa, gửi báo cáo.")
    can_accept = serializers.SerializerMethodField(help_text="Người dùng được tiếp nhận báo cáo.")
    can_return = serializers.SerializerMethodField(help_text="Người dùng được trả lại báo cáo.")

    def _user(self) -> Any:
        return self.context["request"].user

    @extend_schema_field(ReportUnitSerializer)
    def get_receiver(self, report: Report) -> dict[str, Any]:
        return dict(ReportUnitSerializer(selectors.receiver(report)).data)

    @extend_schema_field(RollupChangeSerializer(many=True))
    def get_rollup_changes(self, report: Report) -> list[Any]:
        return list(RollupChangeSerializer(selectors.rollup_changes(report), many=True).data)

    @extend_schema_field(FigureDifferenceSerializer(many=True))
    def get_figure_differences(self, report: Report) -> list[Any]:
        return list(
            FigureDifferenceSerializer(selectors.figure_differences(report), many=True).data
        )

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, report: Report) -> list[Any]:
        events: list[ReportEvent] = list(report.events.select_related("actor")[:100])
        return list(EventSerializer(events, many=True).data)

    def get_can_edit(self, report: Report) -> bool:
        return permissions.can(self._user(), "report.change", report)

    def get_can_accept(self, report: Report) -> bool:
        return permissions.can(self._user(), "report.accept", report)

    def get_can_return(self, report: Report) -> bool:
        return permissions.can(self._user(), "report.return", report)


class ReportFilterSerializer(Serializer):
    period = IdField(required=False, help_text="Báo cáo của kỳ này.")
    unit = IdField(required=False, help_text="Báo cáo của đơn vị này và các đơn vị trực thuộc.")
    status = ReportStatusField(required=False, help_text="Trạng thái báo cáo.")


class ReportOpenSerializer(Serializer):
    """Kỳ báo cáo và đơn vị báo cáo."""

    period = IdField(
        error_messages={"required": "Hãy chọn kỳ báo cáo."}, help_text="Mã kỳ báo cáo."
    )
    unit = IdField(
        error_messages={"required": "Hãy chọn đơn vị báo cáo."}, help_text="Mã đơn vị báo cáo."
    )


def _narrative(help_text: str) -> CharField:
    return CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=services.MAX_TEXT,
        help_text=help_text,
    )


class NarrativeSerializer(Serializer):
    """Ba phần viết của báo cáo; phần không gửi lên được để trống."""

    revision = IntegerField(
        min_value=1,
        error_messages={"required": "Hãy gửi kèm phiên bản (`revision`) của báo cáo đã đọc."},
        help_text="Phiên bản của báo cáo đã đọc; báo cáo đã bị sửa sau đó thì bị từ chối (409).",
    )
    results = _narrative("Kết quả đạt được.")
    shortcomings = _narrative("Tồn tại, hạn chế và nguyên nhân.")
    proposals = _narrative("Đề xuất, kiến nghị.")


class SubmitSerializer(Serializer):
    """Gửi báo cáo; có thể kèm phiên bản đã đọc để tránh gửi bản cũ."""

    revision = IntegerField(
        min_value=1,
        required=False,
        help_text="Phiên bản của báo cáo đã đọc; báo cáo đã bị sửa sau đó thì bị từ chối (409).",
    )


class RefreshSerializer(Serializer):
    """Lấy lại số liệu; có thể kèm phiên bản đã đọc."""

    revision = IntegerField(min_value=1, required=False, help_text="Phiên bản của báo cáo đã đọc.")


class AcceptSerializer(Serializer):
    """Tiếp nhận; có thể kèm phiên bản đã đọc để không ghi đè quyết định của người khác."""

    revision = IntegerField(
        min_value=1,
        required=False,
        help_text="Phiên bản của báo cáo đã đọc; báo cáo đã thay đổi sau đó thì bị từ chối (409).",
    )


class ReportReturnSerializer(Serializer):
    """Lý do trả lại báo cáo (và phiên bản đã đọc, nếu có)."""

    revision = IntegerField(
        min_value=1,
        required=False,
        help_text="Phiên bản của báo cáo đã đọc; báo cáo đã thay đổi sau đó thì bị từ chối (409).",
    )

    reason = CharField(
        allow_blank=True,
        max_length=services.MAX_TEXT,
        error_messages={"required": "Hãy ghi lý do trả lại để đơn vị biết cần sửa gì."},
        help_text="Lý do trả lại, để đơn vị biết cần sửa gì.",
    )


REPORT_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Mã báo cáo."
)
REPORT_STEP_RESPONSES = {
    200: ReportDetailSerializer,
    400: ERROR_400,
    403: ERROR_403,
    404: ERROR_404,
    409: ERROR_409,
}


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách báo cáo định kỳ người dùng được xem",
        description=(
            "Báo cáo của các đơn vị trong phạm vi người dùng và báo cáo gửi về (hoặc thông qua)"
            " đơn vị trong phạm vi đó."
        ),
        parameters=[ReportFilterSerializer],
        responses={200: ReportSerializer(many=True), 400: ERROR_400},
    ),
    retrieve=extend_schema(
        summary="Toàn bộ một báo cáo: số liệu, phần viết và lịch sử",
        parameters=[REPORT_ID],
        responses={200: ReportDetailSerializer, 404: ERROR_404},
    ),
    create=extend_schema(
        summary="Mở báo cáo của đơn vị cho một kỳ (tạo dự thảo nếu chưa có)",
        description=(
            "Người có quyền biên tập ở đơn vị báo cáo. Đơn vị phải là đơn vị ban hành kế hoạch"
            " hoặc đơn vị trực thuộc phải báo cáo kỳ đó. Báo cáo mới (201) được điền sẵn số liệu"
            " đã ghi nhận trong kỳ; đã có thì trả về báo cáo đó (200)."
        ),
        request=ReportOpenSerializer,
        responses={
            200: ReportDetailSerializer,
            201: ReportDetailSerializer,
            400: ERROR_400,
            403: ERROR_403,
        },
    ),
    update=extend_schema(
        summary="Sửa phần viết của báo cáo",
        description=(
            "Người có quyền biên tập ở đơn vị báo cáo; báo cáo đang soạn hoặc bị trả lại (khác:"
            " 409 `bad_status`). Phải gửi `revision` của bản đã đọc: nếu báo cáo đã bị sửa sau"
            " đó thì bị từ chối với 409 (`stale`) và không có gì được lưu."
        ),
        parameters=[REPORT_ID],
        request=NarrativeSerializer,
        responses=REPORT_STEP_RESPONSES,
    ),
)
class ReportViewSet(ServiceErrorsMixin, viewsets.GenericViewSet[Report]):
    serializer_class = ReportDetailSerializer
    queryset = Report.objects.none()
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[Report]:
        if getattr(self, "swagger_fake_view", False):
            return Report.objects.none()
        return (
            visible_reports(self.request.user)
            .select_related("period__plan__unit", "period__to_unit", "period__through_unit", "unit")
            .order_by("period_id", "unit__path", "pk")
        )

    def _response(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        report = self.get_queryset().get(pk=pk)
        headers = (
            {"Location": reverse("report-detail", args=[pk])}
            if code == status.HTTP_201_CREATED
            else None
        )
        return Response(
            ReportDetailSerializer(report, context=self.get_serializer_context()).data,
            status=code,
            headers=headers,
        )

    def _require_role(self, report: Report, least: str, what: str) -> None:
        if not has_role(self.request.user, report.unit, least):
            raise exceptions.PermissionDenied(f"Bạn không có quyền {what} báo cáo này.")

    def _require_review(self, report: Report, what: str) -> None:
        if not permissions.may_review(self.request.user, report):
            raise exceptions.PermissionDenied(f"Bạn không có quyền {what} báo cáo này.")

    # --- read

    def list(self, request: Request, format: str | None = None) -> Response:
        params = validated(ReportFilterSerializer(data=request.query_params))
        qs = self.get_queryset()
        if params.get("period"):
            qs = qs.filter(period_id=params["period"])
        if params.get("unit"):
            qs = within_unit(qs, request.user, params["unit"])
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        page = self.paginate_queryset(qs)
        data = ReportSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def retrieve(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    # --- write

    def create(self, request: Request, format: str | None = None) -> Response:
        user = request.user
        if not may_edit_somewhere(user):
            raise exceptions.PermissionDenied("Bạn không có quyền mở báo cáo.")
        values = validated(ReportOpenSerializer(data=request.data))
        errors: dict[str, list[str]] = {}
        unit = visible_unit(user, values["unit"])
        if unit is None:
            errors["unit"] = [not_found("đơn vị", values["unit"])]
        period = (
            ReportingPeriod.objects.select_related("plan__unit", "to_unit")
            .filter(pk=values["period"])
            .first()
        )
        # A unit that must report sees its period even if the plan is not assigned to it.
        if period is None or not (
            visible_periods(user).filter(pk=period.pk).exists()
            or (unit is not None and selectors.may_report(period, unit))
        ):
            errors["period"] = [not_found("kỳ báo cáo", values["period"])]
        if errors:
            raise InvalidInput(errors)
        assert period is not None and unit is not None
        if not permissions.can_open(user, period, unit):
            raise exceptions.PermissionDenied(
                f"Bạn không có quyền mở báo cáo của {unit.display_name}."
            )
        existed = (
            Report.objects.filter(period=period, unit=unit).values_list("pk", flat=True).first()
        )
        report = services.report_open(period=period, unit=unit, actor=user)
        return self._response(report.pk, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    def update(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        report = self.get_object()
        self._require_role(report, Role.EDITOR, "sửa")
        values = validated(NarrativeSerializer(data=request.data))
        data = services.NarrativeData(
            results=values["results"],
            shortcomings=values["shortcomings"],
            proposals=values["proposals"],
        )
        services.report_save(
            report=report, data=data, expected_revision=values["revision"], actor=request.user
        )
        return self._response(report.pk)

    # --- actions

    @extend_schema(
        summary="Gửi báo cáo",
        description=(
            "Người có quyền biên tập ở đơn vị báo cáo; báo cáo đang soạn hoặc bị trả lại (khác:"
            " 409 `bad_status`) và đã có phần kết quả đạt được (khác: 400). Số liệu được lấy lại"
            " lúc gửi rồi giữ nguyên. Kèm `revision` thì báo cáo đã bị sửa sau đó bị từ chối"
            " (409 `stale`)."
        ),
        parameters=[REPORT_ID],
        request=SubmitSerializer,
        responses=REPORT_STEP_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def submit(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        report = self.get_object()
        self._require_role(report, Role.EDITOR, "gửi")
        values = validated(SubmitSerializer(data=request.data if request.data is not None else {}))
        services.report_submit(
            report=report, expected_revision=values.get("revision"), actor=request.user
        )
        return self._response(report.pk)

    @extend_schema(
        summary="Lấy lại số liệu của báo cáo",
        description=(
            "Lấy lại số liệu (và số liệu tổng hợp từ cấp dưới) từ những gì đã ghi nhận đến nay."
            " Cùng quyền và trạng thái như khi sửa."
        ),
        parameters=[REPORT_ID],
        request=RefreshSerializer,
        responses=REPORT_STEP_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def refresh(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        report = self.get_object()
        self._require_role(report, Role.EDITOR, "cập nhật số liệu của")
        values = validated(RefreshSerializer(data=request.data if request.data is not None else {}))
        services.report_refresh(
            report=report, expected_revision=values.get("revision"), actor=request.user
        )
        return self._response(report.pk)

    @extend_schema(
        summary="Tiếp nhận báo cáo",
        description=(
            "Người có quyền phê duyệt ở đơn vị nhận báo cáo (hoặc đơn vị gửi thông qua); báo cáo"
            " phải đã gửi, chờ xem xét (khác: 409 `bad_status`)."
        ),
        parameters=[REPORT_ID],
        request=AcceptSerializer,
        responses=REPORT_STEP_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def accept(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        report = self.get_object()
        self._require_review(report, "tiếp nhận")
        values = validated(AcceptSerializer(data=request.data if request.data is not None else {}))
        services.report_accept(
            report=report, expected_revision=values.get("revision"), actor=request.user
        )
        return self._response(report.pk)

    @extend_schema(
        summary="Trả lại báo cáo để sửa",
        description=(
            "Người có quyền phê duyệt ở đơn vị nhận báo cáo; báo cáo đã gửi hoặc đã tiếp nhận"
            " (khác: 409 `bad_status`); phải ghi lý do."
        ),
        parameters=[REPORT_ID],
        request=ReportReturnSerializer,
        responses=REPORT_STEP_RESPONSES,
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        report = self.get_object()
        self._require_review(report, "trả lại")
        values = validated(ReportReturnSerializer(data=request.data))
        services.report_return(
            report=report,
            reason=values["reason"],
            expected_revision=values.get("revision"),
            actor=request.user,
        )
        return self._response(report.pk)


# --- PAR INDEX self-score -------------------------------------------------------------


class ParPartSerializer(Serializer):
    """Một tiêu chí: điểm, điểm tối đa, cách tính và minh chứng."""

    key = serializers.CharField(help_text="`completion`, `online` hoặc `traditional`.")
    label = serializers.CharField()  # type: ignore[assignment]
    points = serializers.FloatField(help_text="Điểm đạt (làm tròn 2 chữ số thập phân).")
    maximum = serializers.FloatField(help_text="Điểm tối đa.")
    rule = serializers.CharField(help_text="Quy tắc đã áp dụng, bằng lời.")
    evidence = serializers.DictField(
        help_text="Minh chứng: hoạt động đã/chưa hoàn thành, kênh và sản phẩm."
    )

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["points"] = round(float(instance.points), 2)
        data["maximum"] = round(float(instance.maximum), 2)
        return data


class ParIndexSerializer(Serializer):
    """Điểm tự chấm PAR INDEX về tuyên truyền CCHC của một đơn vị trong một năm."""

    unit = ReportUnitSerializer()
    year = serializers.IntegerField()
    day = serializers.DateField(help_text="Tính đến ngày (hôm nay, hoặc cuối năm với năm đã qua).")
    points = serializers.FloatField()
    maximum = serializers.FloatField()
    completion_pct = serializers.FloatField(
        allow_null=True, help_text="Tỷ lệ hoạt động đến hạn đã hoàn thành (%)."
    )
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="Cảnh báo sắp mất điểm."
    )
    parts = ParPartSerializer(many=True)


class ParIndexFilterSerializer(Serializer):
    year = IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="Năm chấm điểm (mặc định: năm nay).",
    )


UNIT_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Mã đơn vị.")


@extend_schema_view(
    retrieve=extend_schema(
        summary="Tự chấm điểm PAR INDEX về tuyên truyền CCHC của một đơn vị",
        description=(
            "Tính trực tiếp từ kế hoạch và sản phẩm đã ghi nhận: hoàn thành kế hoạch (100% hoạt động"
            " đến hạn: tối đa; 90% đến dưới 100%: tối đa × tỷ lệ; dưới 90%: 0) và đa dạng kênh (trực"
            " tuyến, truyền thống), kèm minh chứng và cảnh báo sắp mất điểm. Người được xem đơn vị."
        ),
        parameters=[UNIT_ID, ParIndexFilterSerializer],
        responses={200: ParIndexSerializer, 400: ERROR_400, 404: ERROR_404},
    ),
)
class ParIndexViewSet(ServiceErrorsMixin, viewsets.GenericViewSet[Any]):
    serializer_class = ParIndexSerializer
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> Any:
        return Unit.objects.none()

    def retrieve(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        unit = visible_unit(request.user, int(pk or 0))
        if unit is None or not permissions.can_view_par_index(request.user, unit):
            raise exceptions.NotFound("Không tìm thấy.")
        params = validated(ParIndexFilterSerializer(data=request.query_params))
        today = timezone.localdate()
        year = params.get("year") or today.year
        result = selectors.par_index_for(unit, year, today=today)
        data = {
            "unit": unit,
            "year": year,
            "day": result.day,
            "points": round(float(result.points), 2),
            "maximum": round(float(result.maximum), 2),
            "completion_pct": result.completion_pct,
            "warnings": result.warnings,
            "parts": result.parts,
        }
        return Response(ParIndexSerializer(data, context=self.get_serializer_context()).data)


#: (prefix, viewset, basename) for the API router.
ROUTES: list[tuple[str, type[viewsets.GenericViewSet[Any]], str]] = [
    ("reporting-periods", ReportingPeriodViewSet, "reporting-period"),
    ("reports", ReportViewSet, "report"),
    ("par-index", ParIndexViewSet, "par-index"),
]
