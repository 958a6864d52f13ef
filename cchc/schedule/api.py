"""An activity's schedule through the REST API: read it, set it by hand, drop it.

Same permissions as the staff pages: whoever may read the plan reads the schedule (else
404); setting or dropping it needs an editor of the plan's unit (else 403), whatever the
plan's status. Errors follow ``cchc.legal.api``: 400 ``{"errors": {field: [messages]}}``
with the service's Vietnamese messages.

The lead registers ``ROUTES`` on the API router.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
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

from cchc.legal.api import (
    ERROR_400,
    ERROR_403,
    ERROR_404,
    CharField,
    IntegerField,
    ListField,
    Serializer,
    ServiceErrorsMixin,
    validated,
)
from cchc.plans.api import _enum_schema, _EnumField
from cchc.plans.models import Activity, Plan
from cchc.plans.permissions import plan_scope_q
from cchc.schedule.feeds import parsed_schedule
from cchc.schedule.models import PerChoices, ScheduleKindChoices, ScheduleOverride
from cchc.schedule.selectors import activity_schedule
from cchc.schedule.services import (
    MAX_COUNT,
    MAX_DEADLINES,
    can_set_schedule,
    schedule_clear,
    schedule_set_by_hand,
)
from cchc.schedule.timing import ScheduleKind, occurrences

_KIND_LABELS = {**dict(ScheduleKindChoices.choices), ScheduleKind.UNKNOWN.value: "Chưa hiểu được"}


def _kind_schema() -> dict[str, Any]:
    lines = [f"* `{value}` - {label}" for value, label in _KIND_LABELS.items()]
    return {"type": "string", "enum": list(_KIND_LABELS), "description": "\n".join(lines)}


@extend_schema_field(_kind_schema(), component_name="ScheduleKindEnum")
class ScheduleKindField(serializers.CharField):
    pass


@extend_schema_field(_enum_schema(ScheduleKindChoices), component_name="ManualScheduleKindEnum")
class ManualScheduleKindField(_EnumField):
    choice_set = ScheduleKindChoices


@extend_schema_field(_enum_schema(PerChoices), component_name="SchedulePerEnum")
class PerField(_EnumField):
    choice_set = PerChoices


@extend_schema_field(_enum_schema(PerChoices, blank=True), component_name="SchedulePerOrBlankEnum")
class PerOrBlankField(_EnumField):
    choice_set = PerChoices
    blank = True


@extend_schema_field({"type": "string", "format": "date", "example": "2024-06-30"})
class DayField(CharField):
    """A date as text (``yyyy-mm-dd`` or ``dd/mm/yyyy``); the service checks it exists."""


class ScheduleJsonSerializer(Serializer):
    """Lịch của hoạt động (`Schedule.to_json()`): loại, khoảng thời gian, số lần, các hạn."""

    kind = ScheduleKindField(help_text="Loại lịch.")
    start = serializers.DateField(allow_null=True, help_text="Từ ngày.")
    end = serializers.DateField(allow_null=True, help_text="Đến ngày.")
    count = serializers.IntegerField(allow_null=True, help_text="Số lần mỗi chu kỳ (lịch định kỳ).")
    per = PerField(allow_null=True, help_text="Chu kỳ (lịch định kỳ).")
    deadlines = serializers.ListField(child=serializers.DateField(), help_text="Các hạn.")
    summary = serializers.CharField(help_text="Lịch, bằng lời.")
    understood = serializers.BooleanField(help_text="Có lịch để tính hạn.")
    text = serializers.CharField(help_text="Thời gian ghi trong kế hoạch.")
    reason = serializers.CharField(help_text="Vì sao chưa hiểu được (nếu chưa).")


class OccurrenceSerializer(Serializer):
    """Một lần đến hạn: sản phẩm làm trong `window_start`..`due` được tính cho lần này."""

    due = serializers.DateField(help_text="Hạn.")
    window_start = serializers.DateField(help_text="Bắt đầu khoảng tính sản phẩm.")
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="Tên đợt, ví dụ “Tháng 6/2024 (1/2)”."
    )


class ActivityScheduleSerializer(Serializer):
    """Lịch đang dùng của một hoạt động, cách hiểu thời gian ghi trong kế hoạch và các lần đến hạn."""

    activity = serializers.IntegerField(source="activity.pk")
    activity_title = serializers.CharField(source="activity.title")
    plan = serializers.IntegerField(source="activity.plan_id")
    timing_text = serializers.CharField(
        source="activity.timing_text", help_text="Thời gian thực hiện, như trong văn bản."
    )
    set_by_hand = serializers.BooleanField(help_text="Lịch đang dùng là lịch đặt tay.")
    set_by = serializers.CharField(allow_null=True, help_text="Người đặt lịch (tên đăng nhập).")
    set_at = serializers.DateTimeField(allow_null=True, help_text="Lúc đặt lịch.")
    can_set = serializers.BooleanField(help_text="Người dùng được đặt lịch bằng tay.")
    schedule = ScheduleJsonSerializer(help_text="Lịch đang dùng (đặt tay, nếu có).")
    parsed = ScheduleJsonSerializer(help_text="Cách hệ thống hiểu thời gian ghi trong kế hoạch.")
    occurrences = OccurrenceSerializer(many=True, help_text="Các lần đến hạn theo lịch đang dùng.")


class ScheduleInputSerializer(Serializer):
    """Lịch đặt tay gửi lên; phải nằm trong kỳ kế hoạch."""

    kind = ManualScheduleKindField(
        error_messages={"required": "Hãy chọn loại lịch."}, help_text="Loại lịch."
    )
    start = DayField(
        max_length=20,
        error_messages={"required": "Hãy nhập ngày bắt đầu."},
        help_text="Từ ngày (NNNN-TT-NN hoặc dd/mm/yyyy).",
    )
    end = DayField(
        max_length=20,
        error_messages={"required": "Hãy nhập ngày kết thúc."},
        help_text="Đến ngày (NNNN-TT-NN hoặc dd/mm/yyyy).",
    )
    count = IntegerField(
        required=False,
        allow_null=True,
        default=None,
        max_value=2**31 - 1,
        help_text=f"Số lần mỗi chu kỳ, từ 1 đến {MAX_COUNT}; chỉ với lịch định kỳ (`recurring`).",
    )
    per = PerOrBlankField(
        required=False,
        allow_null=True,
        default="",
        help_text="Chu kỳ; chỉ với lịch định kỳ (`recurring`).",
    )
    deadlines = ListField(
        child=DayField(max_length=20),
        required=False,
        default=list,
        max_length=MAX_DEADLINES,
        help_text="Các hạn; chỉ với `deadline` (một hạn) hoặc `deadlines` (nhiều hạn).",
    )


def _payload(activity: Activity, user: Any) -> dict[str, Any]:
    override = ScheduleOverride.objects.select_related("set_by").filter(activity=activity).first()
    relation: Any = Activity._meta.get_field("schedule_override")
    relation.set_cached_value(activity, override)
    schedule = activity_schedule(activity, activity.plan)
    return {
        "activity": activity,
        "set_by_hand": override is not None,
        "set_by": override.set_by.get_username() if override and override.set_by else None,
        "set_at": override.set_at if override else None,
        "can_set": can_set_schedule(user, activity),
        "schedule": schedule.to_json(),
        "parsed": parsed_schedule(activity).to_json(),
        "occurrences": occurrences(schedule) if schedule.understood else [],
    }


ACTIVITY_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Mã hoạt động."
)


@extend_schema_view(
    retrieve=extend_schema(
        summary="Lịch thực hiện của một hoạt động",
        description=(
            "Lịch đang dùng (đặt tay nếu có, nếu không thì hiểu từ thời gian ghi trong kế"
            " hoạch), cách hiểu thời gian ghi trong kế hoạch và các lần đến hạn."
        ),
        parameters=[ACTIVITY_ID],
        responses={200: ActivityScheduleSerializer, 404: ERROR_404},
    ),
    update=extend_schema(
        summary="Đặt lịch thực hiện bằng tay",
        description=(
            "Thay cho cách hiểu thời gian ghi trong kế hoạch khi tính hạn và tiến độ; không"
            " sửa nội dung kế hoạch nên đặt được cả với kế hoạch đã ban hành. Người có quyền"
            " biên tập ở cơ quan ban hành. Lịch phải nằm trong kỳ kế hoạch; lịch định kỳ cần"
            " `count` và `per`; `deadline`/`deadlines` cần các hạn nằm trong khoảng"
            " `start`..`end`."
        ),
        parameters=[ACTIVITY_ID],
        request=ScheduleInputSerializer,
        responses={200: ActivityScheduleSerializer, 400: ERROR_400, 403: ERROR_403, 404: ERROR_404},
    ),
    destroy=extend_schema(
        summary="Bỏ lịch đặt tay",
        description="Hoạt động theo lại thời gian ghi trong kế hoạch.",
        parameters=[ACTIVITY_ID],
        responses={
            204: OpenApiResponse(description="Đã bỏ (hoặc không có lịch đặt tay)."),
            403: ERROR_403,
            404: ERROR_404,
        },
    ),
)
class ActivityScheduleViewSet(ServiceErrorsMixin, viewsets.GenericViewSet[Activity]):
    serializer_class = ActivityScheduleSerializer
    queryset = Activity.objects.none()
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[Activity]:
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        plans = Plan.objects.filter(plan_scope_q(self.request.user)).values("pk")
        return Activity.objects.filter(plan__in=plans).select_related("plan__unit")

    def _respond(self, activity: Activity) -> Response:
        data = _payload(activity, self.request.user)
        return Response(ActivityScheduleSerializer(data, context=self.get_serializer_context()).data)

    def _require_set(self, activity: Activity) -> None:
        if not can_set_schedule(self.request.user, activity):
            raise exceptions.PermissionDenied(
                "Bạn không có quyền đặt lịch cho hoạt động này (cần quyền biên tập ở cơ quan"
                " ban hành kế hoạch)."
            )

    def retrieve(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        return self._respond(self.get_object())

    def update(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        activity = self.get_object()
        self._require_set(activity)
        values = validated(ScheduleInputSerializer(data=request.data))
        schedule_set_by_hand(
            activity=activity,
            kind=values["kind"],
            start=values["start"],
            end=values["end"],
            count=values.get("count"),
            per=values.get("per") or "",
            deadlines=values.get("deadlines", []),
            actor=request.user,
        )
        return self._respond(activity)

    def destroy(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        activity = self.get_object()
        self._require_set(activity)
        schedule_clear(activity=activity)
        return Response(status=status.HTTP_204_NO_CONTENT)


#: (prefix, viewset, basename) for the API router.
ROUTES: list[tuple[str, type[viewsets.GenericViewSet[Any]], str]] = [
    ("activity-schedules", ActivityScheduleViewSet, "activity-schedule"),
]
