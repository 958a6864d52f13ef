"""Feedback through the REST API: the staff list and detail, scoped like the staff pages.

Items the user may not see are a 404. The submitter's name, phone, e-mail and address
are ``null`` unless the user is handling staff (Decree 13/2023); others get the masked text.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from cchc.feedback import selectors
from cchc.feedback.models import Feedback, Status
from cchc.feedback.permissions import can_see_personal
from cchc.feedback.services import masked_answer, masked_content, masked_title
from cchc.legal.api import ERROR_403, ERROR_404, Pagination


class FeedbackSerializer(serializers.ModelSerializer[Feedback]):
    """Một phản ánh, kiến nghị; thông tin cá nhân chỉ trả về cho cán bộ xử lý (người khác nhận văn bản đã ẩn)."""

    status = serializers.CharField(
        read_only=True, help_text="Mã trạng thái: " + ", ".join(Status.values)
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    kind = serializers.CharField(read_only=True)
    subject = serializers.CharField(read_only=True)
    channel = serializers.CharField(read_only=True)
    days_left = serializers.SerializerMethodField(
        help_text="Số ngày làm việc còn lại (âm khi quá hạn)."
    )
    title = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()

    class Meta:
        model = Feedback
        fields = [
            "id",
            "code",
            "kind",
            "subject",
            "procedure",
            "subject_detail",
            "title",
            "content",
            "place",
            "channel",
            "status",
            "status_label",
            "receiving_unit",
            "unit",
            "received_on",
            "due_on",
            "days_left",
            "answered_on",
            "published_on",
            "answer",
            "consent_publish",
            "name",
            "phone",
            "email",
            "address",
        ]
        read_only_fields = fields

    def _personal(self, obj: Feedback) -> bool:
        return can_see_personal(self.context["request"].user, obj)

    @extend_schema_field(OpenApiTypes.INT)
    def get_days_left(self, obj: Feedback) -> int | None:
        return selectors.days_left(obj)

    @extend_schema_field(OpenApiTypes.STR)
    def get_title(self, obj: Feedback) -> str:
        return obj.title if self._personal(obj) else masked_title(obj)

    @extend_schema_field(OpenApiTypes.STR)
    def get_content(self, obj: Feedback) -> str:
        return obj.content if self._personal(obj) else masked_content(obj)

    @extend_schema_field(OpenApiTypes.STR)
    def get_answer(self, obj: Feedback) -> str:
        return obj.answer if self._personal(obj) else masked_answer(obj)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_name(self, obj: Feedback) -> str | None:
        return obj.name if self._personal(obj) else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_phone(self, obj: Feedback) -> str | None:
        return obj.phone if self._personal(obj) else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_email(self, obj: Feedback) -> str | None:
        return obj.email if self._personal(obj) else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_address(self, obj: Feedback) -> str | None:
        return obj.address if self._personal(obj) else None


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách phản ánh, kiến nghị trong phạm vi người dùng",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, description="Lọc theo mã trạng thái.")
        ],
        responses={200: FeedbackSerializer(many=True), 403: ERROR_403},
    ),
    retrieve=extend_schema(
        summary="Một phản ánh, kiến nghị",
        responses={200: FeedbackSerializer, 403: ERROR_403, 404: ERROR_404},
    ),
)
class FeedbackViewSet(viewsets.ReadOnlyModelViewSet[Feedback]):
    serializer_class = FeedbackSerializer
    queryset = Feedback.objects.none()
    pagination_class = Pagination
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[Feedback]:
        if getattr(self, "swagger_fake_view", False):
            return Feedback.objects.none()
        qs = selectors.visible(self.request.user).order_by("due_on", "pk")
        status = self.request.query_params.get("status", "")
        if self.action == "list" and status in Status.values:
            qs = qs.filter(status=status)
        return qs

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)


ROUTES: list[tuple[str, Any, str]] = [("feedback", FeedbackViewSet, "feedback")]
