"""Read-only REST endpoints of contests for staff: contests, rounds, a round's leaderboard.

A user sees the contests organised by units in their reach (any role); others get 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cchc.contests import selectors
from cchc.contests.models import Contest, Round
from cchc.orgs.permissions import unit_scope_q


class ContestSerializer(serializers.ModelSerializer[Contest]):
    organiser_name = serializers.CharField(source="organiser.display_name", read_only=True)
    audiences = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Contest
        fields = [
            "id",
            "title",
            "slug",
            "organiser",
            "organiser_name",
            "audiences",
            "activity",
            "ranking",
            "published",
        ]
        read_only_fields = fields


class RoundSerializer(serializers.ModelSerializer[Round]):
    submissions = serializers.IntegerField(source="submission_count", read_only=True)
    topics = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "contest",
            "number",
            "title",
            "opens_at",
            "closes_at",
            "question_count",
            "topics",
            "difficulty",
            "time_limit_seconds",
            "max_attempts",
            "late_policy",
            "winners_published_at",
            "submissions",
        ]
        read_only_fields = fields


class LeaderboardEntrySerializer(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    name = serializers.CharField()
    masked_phone = serializers.CharField()
    unit = serializers.CharField()
    locality = serializers.CharField()
    score = serializers.DecimalField(max_digits=6, decimal_places=2)
    correct = serializers.IntegerField()
    total = serializers.IntegerField()
    duration_ms = serializers.IntegerField()
    prediction = serializers.IntegerField(allow_null=True)
    submitted_at = serializers.DateTimeField()


@extend_schema_view(
    list=extend_schema(summary="Các cuộc thi trong phạm vi của người dùng", tags=["contests"]),
    retrieve=extend_schema(summary="Một cuộc thi", tags=["contests"]),
)
class ContestViewSet(viewsets.ReadOnlyModelViewSet[Contest]):
    serializer_class = ContestSerializer

    def get_queryset(self) -> QuerySet[Contest]:
        return (
            Contest.objects.filter(unit_scope_q(self.request.user, prefix="organiser__"))
            .select_related("organiser")
            .order_by("-created_at", "-pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Các vòng thi",
        tags=["contests"],
        parameters=[
            OpenApiParameter(
                "contest", OpenApiTypes.INT, description="Chỉ các vòng của cuộc thi này"
            )
        ],
    ),
    retrieve=extend_schema(summary="Một vòng thi", tags=["contests"]),
)
class RoundViewSet(viewsets.ReadOnlyModelViewSet[Round]):
    serializer_class = RoundSerializer

    def get_queryset(self) -> QuerySet[Round]:
        qs = (
            Round.objects.filter(unit_scope_q(self.request.user, prefix="contest__organiser__"))
            .select_related("contest")
            .annotate(
                submission_count=Count(
                    "submissions", filter=Q(submissions__disqualified_at__isnull=True)
                )
            )
            .order_by("contest_id", "number", "pk")
        )
        contest = self.request.query_params.get("contest")
        if contest is not None:
            if not contest.isdigit():
                raise exceptions.ValidationError({"contest": ["Mã cuộc thi phải là số nguyên."]})
            qs = qs.filter(contest_id=int(contest))
        return qs

    @extend_schema(
        summary="Bảng xếp hạng của vòng thi (100 người đầu)",
        tags=["contests"],
        responses=LeaderboardEntrySerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def leaderboard(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        round_ = self.get_object()
        entries = selectors.ranking(round_, limit=100)
        return Response(LeaderboardEntrySerializer(entries, many=True).data)


ROUTES: list[tuple[str, Any, str]] = [
    ("contests", ContestViewSet, "contest"),
    ("contest-rounds", RoundViewSet, "contest-round"),
]
