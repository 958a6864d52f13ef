"""Plans and their activities through the REST API, with the staff pages' permissions.

Thin: each endpoint checks the permission (``cchc.plans.permissions``), turns the body
into the services' plain data (``PlanData``...) and calls one service or selector. Errors
follow the shapes described in ``cchc.legal.api``: 400 ``{"errors": {path: [messages]}}``,
403/404 ``{"detail": ...}``, 409 ``{"detail": ..., "code": ...}``.

A user who may not read a plan gets 404 for it; one who may read it but not do what is
asked gets 403; one who may do it, but not in the plan's current status, gets 409.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from django.db.models import Prefetch, QuerySet, TextChoices
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cchc.api.common import not_found
from cchc.legal.api import (
    ERROR_400,
    ERROR_403,
    ERROR_404,
    ERROR_409,
    BooleanField,
    CharField,
    ChoiceField,
    DateField,
    DecimalField,
    IdField,
    IntegerField,
    LegalReferenceSerializer,
    ListField,
    Pagination,
    Serializer,
    ServiceErrorsMixin,
    may_edit_somewhere,
    reference_data,
    text,
    validated,
    visible_plan_ids,
)
from cchc.legal.services import reference_key
from cchc.orgs.models import Role, Unit
from cchc.orgs.permissions import has_role, unit_scope_q
from cchc.plans import selectors
from cchc.plans.models import (
    Activity,
    ActivityUnit,
    Audience,
    ChannelKind,
    FundingSource,
    Plan,
    PlanAudience,
    PlanChannel,
    PlanLegalBasis,
    PlanStatus,
    Recipient,
    ReformArea,
    ReformIndex,
    ReportingDuty,
    Responsibility,
    Theme,
    UnitRole,
)
from cchc.plans.permissions import (
    PLAN_ACTIONS,
    can,
    can_create_plan,
    is_unit_assigned,
    plan_scope_q,
)
from cchc.plans.services import (
    ActivityData,
    AudienceData,
    ChannelData,
    FundingData,
    PlanData,
    RecipientData,
    ReportingData,
    ResponsibilityData,
    ThemeData,
    UnitRef,
    plan_approve,
    plan_close,
    plan_create,
    plan_delete,
    plan_derive,
    plan_issue,
    plan_return,
    plan_revise,
    plan_submit,
    plan_update,
)

#: Sub-activities nest at most this deep (activity → sub-activity → ...).
MAX_ACTIVITY_DEPTH = 4
#: Positions of themes in a posted plan are below this.
MAX_THEMES = 10_000

ACTION_NAMES = {
    "plan.change": "sửa",
    "plan.delete": "xóa",
    "plan.submit": "trình duyệt",
    "plan.return": "trả lại",
    "plan.approve": "phê duyệt",
    "plan.issue": "ban hành",
    "plan.close": "kết thúc",
    "plan.revise": "tạo bản sửa đổi",
}


# --- Choice sets ----------------------------------------------------------------------
#
# Each choice set is one named schema component, whatever the field it is used in (the
# enum post-processing of drf-spectacular would otherwise name it after each field).


def _enum_schema(choices: type[TextChoices], *, blank: bool = False) -> dict[str, Any]:
    values: list[str] = [str(v) for v in choices.values]
    lines = [f"* `{value}` - {label}" for value, label in choices.choices]
    if blank:
        values.append("")
        lines.append("* `` - (để trống)")
    return {"type": "string", "enum": values, "description": "\n".join(lines)}


class _EnumField(ChoiceField):
    """A ``ChoiceField`` over one ``TextChoices``, documented as one named component."""

    choice_set: ClassVar[type[TextChoices]]
    blank: ClassVar[bool] = False

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=self.choice_set.choices, allow_blank=self.blank, **kwargs)


@extend_schema_field(_enum_schema(Audience), component_name="AudienceEnum")
class AudienceField(_EnumField):
    choice_set = Audience


@extend_schema_field(_enum_schema(Audience, blank=True), component_name="AudienceOrBlankEnum")
class AudienceOrBlankField(_EnumField):
    choice_set = Audience
    blank = True


@extend_schema_field(_enum_schema(ChannelKind), component_name="ChannelKindEnum")
class ChannelKindField(_EnumField):
    choice_set = ChannelKind


@extend_schema_field(_enum_schema(PlanStatus), component_name="PlanStatusEnum")
class PlanStatusField(_EnumField):
    choice_set = PlanStatus


@extend_schema_field(_enum_schema(ReformArea), component_name="ReformAreaEnum")
class ReformAreaField(_EnumField):
    choice_set = ReformArea


@extend_schema_field(_enum_schema(ReformIndex), component_name="ReformIndexEnum")
class ReformIndexField(_EnumField):
    choice_set = ReformIndex


@extend_schema_field(_enum_schema(UnitRole), component_name="UnitRoleEnum")
class UnitRoleField(_EnumField):
    choice_set = UnitRole


# --- Parts shared by reading and writing --------------------------------------------


class UnitRefSerializer(Serializer):
    """Đơn vị được nêu trong kế hoạch: một đơn vị của cây đơn vị, tên như trong văn bản, hoặc cả hai."""

    unit = IdField(
        source="unit_id",
        required=False,
        allow_null=True,
        default=None,
        help_text="Mã đơn vị trong cây đơn vị; để trống khi văn bản chỉ nêu tên chung.",
    )
    unit_name = serializers.CharField(
        source="unit.display_name",
        read_only=True,
        allow_null=True,
        help_text="Tên đơn vị trong cây.",
    )
    label = text(  # type: ignore[assignment]
        ActivityUnit, "label", help_text="Tên như trong văn bản, ví dụ “UBND các xã, thị trấn”."
    )


class PlanAudienceSerializer(Serializer):
    audience = AudienceField()
    audience_display = serializers.CharField(source="get_audience_display", read_only=True)
    description = CharField(required=False, allow_blank=True, default="")
    content = CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Nội dung tuyên truyền cho đối tượng này.",
    )


class ThemeSerializer(Serializer):
    """Nội dung tuyên truyền."""

    id = serializers.IntegerField(read_only=True)
    title = CharField(
        allow_blank=True, error_messages={"required": "Nội dung tuyên truyền chưa có tiêu đề."}
    )
    details = CharField(required=False, allow_blank=True, default="")
    audience = AudienceOrBlankField(required=False, default="")
    areas = ListField(
        child=ReformAreaField(),
        required=False,
        default=list,
        help_text="Lĩnh vực cải cách (Nghị quyết 76/NQ-CP).",
    )
    indices = ListField(
        child=ReformIndexField(), required=False, default=list, help_text="Chỉ số phục vụ."
    )
    parent_theme = IdField(
        source="parent_theme_id",
        required=False,
        allow_null=True,
        default=None,
        help_text="Nội dung của kế hoạch cấp trên mà nội dung này thực hiện.",
    )


class PlanChannelSerializer(Serializer):
    """Hình thức tuyên truyền kế hoạch sử dụng."""

    kind = ChannelKindField()
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    description = CharField(required=False, allow_blank=True, default="")


class ResponsibilitySerializer(Serializer):
    """Nhiệm vụ của một đơn vị (phần “Tổ chức thực hiện”)."""

    unit = IdField(source="unit_id", required=False, allow_null=True, default=None)
    unit_name = serializers.CharField(source="unit.display_name", read_only=True, allow_null=True)
    label = text(Responsibility, "label", help_text="Tên đơn vị như trong văn bản.")  # type: ignore[assignment]
    duties = CharField(required=False, allow_blank=True, default="", help_text="Nhiệm vụ.")


class FundingSourceSerializer(Serializer):
    source = text(FundingSource, "source", help_text="Nguồn kinh phí.")  # type: ignore[assignment]
    amount = DecimalField(
        max_digits=16,
        decimal_places=0,
        required=False,
        allow_null=True,
        default=None,
        help_text="Đồng.",
    )
    note = CharField(required=False, allow_blank=True, default="")


class ReportingDutySerializer(Serializer):
    """Yêu cầu báo cáo: kỳ báo cáo, thời hạn, gửi về đâu, thông qua đơn vị nào."""

    periods = text(ReportingDuty, "periods", help_text="Kỳ báo cáo.")
    deadline_text = text(ReportingDuty, "deadline_text", help_text="Thời hạn, như trong văn bản.")
    to_unit = IdField(source="to_unit_id", required=False, allow_null=True, default=None)
    to_unit_name = serializers.CharField(
        source="to_unit.display_name", read_only=True, allow_null=True
    )
    to_label = text(ReportingDuty, "to_label", help_text="Gửi về.")
    through_unit = IdField(source="through_unit_id", required=False, allow_null=True, default=None)
    through_unit_name = serializers.CharField(
        source="through_unit.display_name", read_only=True, allow_null=True
    )
    through_label = text(ReportingDuty, "through_label", help_text="Thông qua.")
    text = CharField(required=False, allow_blank=True, default="", help_text="Nguyên văn.")


class RecipientSerializer(Serializer):
    """Một dòng “Nơi nhận”."""

    label = text(Recipient, "label")  # type: ignore[assignment]
    unit = IdField(source="unit_id", required=False, allow_null=True, default=None)
    purpose = text(Recipient, "purpose", help_text="Để (báo cáo, thực hiện...).")
    is_archive = BooleanField(required=False, default=False, help_text="Dòng “Lưu”.")


# --- Reading ------------------------------------------------------------------------


class ActivityBaseSerializer(Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    content = serializers.CharField(read_only=True)
    audiences = serializers.ListField(child=AudienceField(), read_only=True)
    channels = serializers.ListField(child=ChannelKindField(), read_only=True)
    timing_text = serializers.CharField(read_only=True)
    expected_outputs = serializers.CharField(read_only=True)
    budget_estimate = serializers.DecimalField(
        max_digits=16, decimal_places=0, read_only=True, allow_null=True
    )
    leads = serializers.SerializerMethodField(help_text="Cơ quan chủ trì.")
    coordinators = serializers.SerializerMethodField(help_text="Cơ quan phối hợp.")
    themes = serializers.SerializerMethodField(
        help_text="Mã các nội dung tuyên truyền của kế hoạch."
    )
    derived_from = serializers.IntegerField(
        source="derived_from_id",
        read_only=True,
        allow_null=True,
        help_text="Hoạt động của kế hoạch cấp trên mà hoạt động này thực hiện.",
    )

    def _units(self, activity: Activity, role: str) -> Any:
        refs = [a for a in activity.assignments.all() if a.role == role]
        return UnitRefSerializer(refs, many=True, context=self.context).data

    @extend_schema_field(UnitRefSerializer(many=True))
    def get_leads(self, activity: Activity) -> Any:
        return self._units(activity, UnitRole.LEAD)

    @extend_schema_field(UnitRefSerializer(many=True))
    def get_coordinators(self, activity: Activity) -> Any:
        return self._units(activity, UnitRole.COORDINATOR)

    def get_themes(self, activity: Activity) -> list[int]:
        return [t.pk for t in activity.themes.all()]


class ActivityNodeSerializer(ActivityBaseSerializer):
    """Hoạt động của kế hoạch, kèm các hoạt động con (`children`)."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["children"] = ActivityNodeSerializer(
            many=True, read_only=True, source="tree_children", help_text="Các hoạt động con."
        )
        return fields


class PlanSummarySerializer(Serializer):
    """Kế hoạch trong danh sách: phần đầu, không kèm các phần nội dung."""

    id = serializers.IntegerField(read_only=True)
    unit = serializers.IntegerField(source="unit_id", read_only=True, help_text="Cơ quan ban hành.")
    unit_name = serializers.CharField(source="unit.display_name", read_only=True)
    doc_type = serializers.CharField(read_only=True)
    number = serializers.CharField(read_only=True)
    symbol = serializers.CharField(read_only=True)
    number_symbol = serializers.CharField(read_only=True, help_text="Ví dụ “40/KH-UBND”.")
    issued_on = serializers.DateField(read_only=True, allow_null=True)
    title = serializers.CharField(read_only=True)
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    period_label = serializers.CharField(read_only=True)
    status = PlanStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    version = serializers.IntegerField(read_only=True)
    replaces = serializers.IntegerField(
        source="replaces_id",
        read_only=True,
        allow_null=True,
        help_text="Kế hoạch mà bản này sửa đổi.",
    )
    derived_from = serializers.IntegerField(
        source="derived_from_id", read_only=True, allow_null=True, help_text="Kế hoạch cấp trên."
    )
    revision = serializers.IntegerField(
        read_only=True, help_text="Tăng mỗi lần kế hoạch thay đổi; gửi lại khi sửa (PUT)."
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class PlanDetailSerializer(PlanSummarySerializer):
    """Toàn bộ kế hoạch: phần đầu, các phần nội dung và hoạt động dạng cây."""

    header_parent = serializers.CharField(read_only=True)
    header_unit = serializers.CharField(read_only=True)
    place = serializers.CharField(read_only=True)
    slogan = serializers.CharField(read_only=True)
    intro = serializers.CharField(read_only=True)
    objectives = serializers.CharField(read_only=True)
    requirements = serializers.CharField(read_only=True)
    funding = serializers.CharField(read_only=True)
    implementation = serializers.CharField(read_only=True)
    signing_authority = serializers.CharField(read_only=True)
    signer_position = serializers.CharField(read_only=True)
    signer_name = serializers.CharField(read_only=True)
    legal_bases = serializers.SerializerMethodField(help_text="Căn cứ pháp lý, theo thứ tự.")
    audiences = PlanAudienceSerializer(many=True, read_only=True)
    themes = ThemeSerializer(many=True, read_only=True)
    channels = PlanChannelSerializer(many=True, read_only=True)
    activities = serializers.SerializerMethodField(help_text="Hoạt động, dạng cây.")
    responsibilities = ResponsibilitySerializer(many=True, read_only=True)
    funding_sources = FundingSourceSerializer(many=True, read_only=True)
    reporting_duties = ReportingDutySerializer(many=True, read_only=True)
    recipients = RecipientSerializer(many=True, read_only=True)

    @extend_schema_field(LegalReferenceSerializer(many=True))
    def get_legal_bases(self, plan: Plan) -> Any:
        references = [basis.reference for basis in plan.legal_bases.all()]
        return LegalReferenceSerializer(references, many=True, context=self.context).data

    @extend_schema_field(ActivityNodeSerializer(many=True))
    def get_activities(self, plan: Plan) -> Any:
        rows = list(plan.activities.all())
        children: dict[int | None, list[Activity]] = {}
        for activity in rows:
            children.setdefault(activity.parent_id, []).append(activity)
        for activity in rows:
            activity.tree_children = children.get(activity.pk, [])  # type: ignore[attr-defined]
        return ActivityNodeSerializer(children.get(None, []), many=True, context=self.context).data


class ActivitySerializer(ActivityBaseSerializer):
    """Một hoạt động, kèm kế hoạch chứa nó."""

    plan = serializers.IntegerField(source="plan_id", read_only=True)
    plan_title = serializers.CharField(source="plan.title", read_only=True)
    plan_unit_name = serializers.CharField(source="plan.unit.display_name", read_only=True)
    parent = serializers.IntegerField(  # type: ignore[assignment]
        source="parent_id",
        read_only=True,
        allow_null=True,
        help_text="Hoạt động cha (nếu là hoạt động con).",
    )
    children = serializers.SerializerMethodField(help_text="Mã các hoạt động con.")

    def get_children(self, activity: Activity) -> list[int]:
        return [child.pk for child in activity.children.all()]


def plans_with_parts(qs: QuerySet[Plan]) -> QuerySet[Plan]:
    """Everything ``PlanDetailSerializer`` reads, in a fixed number of queries."""
    activities = Activity.objects.prefetch_related(
        Prefetch("assignments", ActivityUnit.objects.select_related("unit")), "themes"
    ).order_by("order", "pk")
    return qs.select_related("unit").prefetch_related(
        Prefetch("legal_bases", PlanLegalBasis.objects.select_related("reference")),
        Prefetch("audiences", PlanAudience.objects.all()),
        Prefetch("themes", Theme.objects.all()),
        Prefetch("channels", PlanChannel.objects.all()),
        Prefetch("activities", activities),
        Prefetch("responsibilities", Responsibility.objects.select_related("unit")),
        "funding_sources",
        Prefetch(
            "reporting_duties", ReportingDuty.objects.select_related("to_unit", "through_unit")
        ),
        "recipients",
    )


# --- Writing ------------------------------------------------------------------------


class ActivityInputSerializer(Serializer):
    """Hoạt động gửi lên; `themes` là vị trí (đếm từ 0) trong `themes` của kế hoạch gửi lên."""

    title = CharField(allow_blank=True, error_messages={"required": "Hoạt động chưa có tên."})
    content = CharField(required=False, allow_blank=True, default="")
    audiences = ListField(child=AudienceField(), required=False, default=list)
    channels = ListField(child=ChannelKindField(), required=False, default=list)
    timing_text = text(Activity, "timing_text", help_text="Thời gian thực hiện, như trong văn bản.")
    expected_outputs = CharField(required=False, allow_blank=True, default="")
    budget_estimate = DecimalField(
        max_digits=16,
        decimal_places=0,
        required=False,
        allow_null=True,
        default=None,
        help_text="Đồng.",
    )
    leads = UnitRefSerializer(
        many=True,
        required=False,
        default=list,
        help_text="Cơ quan chủ trì (bắt buộc với hoạt động cấp 1).",
    )
    coordinators = UnitRefSerializer(
        many=True, required=False, default=list, help_text="Cơ quan phối hợp."
    )
    themes = ListField(
        child=IntegerField(min_value=0, max_value=MAX_THEMES - 1),
        required=False,
        default=list,
        help_text=(
            "Vị trí (đếm từ 0) của các nội dung trong danh sách `themes` của kế hoạch gửi lên,"
            " không phải mã nội dung: `[0, 2]` là nội dung thứ nhất và thứ ba."
        ),
    )
    derived_from = IdField(
        source="derived_from_id",
        required=False,
        allow_null=True,
        default=None,
        help_text="Mã hoạt động của kế hoạch cấp trên mà hoạt động này thực hiện.",
    )

    def __init__(self, *args: Any, depth: int = 1, **kwargs: Any) -> None:
        self._depth = depth
        super().__init__(*args, **kwargs)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        if self._depth < MAX_ACTIVITY_DEPTH:
            fields["children"] = ActivityInputSerializer(
                many=True,
                required=False,
                default=list,
                depth=self._depth + 1,
                help_text="Các hoạt động con.",
            )
        else:
            fields["children"] = ListField(
                child=serializers.JSONField(),
                required=False,
                default=list,
                max_length=0,
                error_messages={
                    "max_length": f"Hoạt động chỉ chia tối đa {MAX_ACTIVITY_DEPTH} cấp."
                },
            )
        return fields


class PlanWriteSerializer(Serializer):
    """Toàn bộ kế hoạch gửi lên: cùng dạng khi đọc, hoạt động ghi nội dung theo vị trí."""

    unit = IdField(
        error_messages={"required": "Chưa chọn cơ quan ban hành."}, help_text="Mã cơ quan ban hành."
    )
    header_parent = text(Plan, "header_parent", help_text="Cơ quan chủ quản (dòng trên tiêu đề).")
    header_unit = text(Plan, "header_unit", help_text="Tên cơ quan ban hành trên tiêu đề.")
    doc_type = text(Plan, "doc_type", default="Kế hoạch")
    number = text(Plan, "number", help_text="Số (chữ số); thường để trống đến khi ban hành.")
    symbol = text(Plan, "symbol", help_text="Ký hiệu, ví dụ “KH-UBND”.")
    place = text(Plan, "place", help_text="Địa danh.")
    issued_on = DateField(required=False, allow_null=True, default=None)
    title = CharField(
        max_length=Plan._meta.get_field("title").max_length,
        allow_blank=True,
        error_messages={"required": "Kế hoạch phải có trích yếu (tên kế hoạch)."},
    )
    period_start = DateField(
        error_messages={"required": "Kế hoạch phải có kỳ thực hiện (từ ngày, đến ngày)."}
    )
    period_end = DateField(
        error_messages={"required": "Kế hoạch phải có kỳ thực hiện (từ ngày, đến ngày)."}
    )
    period_label = text(Plan, "period_label", help_text="Ví dụ: năm 2024; giai đoạn 2022 - 2025.")
    slogan = CharField(required=False, allow_blank=True, default="")
    intro = CharField(required=False, allow_blank=True, default="")
    objectives = CharField(required=False, allow_blank=True, default="")
    requirements = CharField(required=False, allow_blank=True, default="")
    funding = CharField(required=False, allow_blank=True, default="")
    implementation = CharField(required=False, allow_blank=True, default="")
    signing_authority = CharField(
        required=False, allow_blank=True, default="", help_text="Mỗi dòng một cấp (TM., KT.)."
    )
    signer_position = text(Plan, "signer_position")
    signer_name = text(Plan, "signer_name")
    derived_from = IdField(
        source="derived_from_id",
        required=False,
        allow_null=True,
        default=None,
        help_text="Kế hoạch cấp trên (chỉ khi tạo; khi sửa thì giữ nguyên).",
    )
    legal_bases = LegalReferenceSerializer(many=True, required=False, default=list)
    audiences = PlanAudienceSerializer(many=True, required=False, default=list)
    themes = ThemeSerializer(many=True, required=False, default=list)
    channels = PlanChannelSerializer(many=True, required=False, default=list)
    activities = ActivityInputSerializer(many=True, required=False, default=list)
    responsibilities = ResponsibilitySerializer(many=True, required=False, default=list)
    funding_sources = FundingSourceSerializer(many=True, required=False, default=list)
    reporting_duties = ReportingDutySerializer(many=True, required=False, default=list)
    recipients = RecipientSerializer(many=True, required=False, default=list)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Rows named by id must exist and be readable; a document is cited once.

        Links the edited plan already holds (``context["plan"]``) are kept even when the
        editor may not read their target: a commune editing a plan derived from a
        province plan it does not see keeps the links to that plan's themes.
        """
        user = self.context["request"].user
        kept = _links(self.context.get("plan"))
        visible_plans = Plan.objects.filter(plan_scope_q(user))
        errors: dict[str, list[str]] = {}

        def check(path: str, pk: int | None, found: set[int], kind: str, what: str) -> None:
            if pk and pk not in found and pk not in kept[kind]:
                errors.setdefault(path, []).append(not_found(what, pk))

        bases = attrs["legal_bases"]
        plan_ids = {b["plan_id"] for b in bases if b.get("plan_id")}
        plan_ids |= {attrs["derived_from_id"]} if attrs.get("derived_from_id") else set()
        found_plans = visible_plan_ids(user, plan_ids - kept["plans"])
        check("derived_from", attrs.get("derived_from_id"), found_plans, "plans", "kế hoạch")
        keys: dict[str, int] = {}
        for i, basis in enumerate(bases):
            check(f"legal_bases.{i}.plan", basis.get("plan_id"), found_plans, "plans", "kế hoạch")
            key = reference_key(reference_data(basis))
            if key in keys:
                errors.setdefault(f"legal_bases.{i}", []).append(
                    f"Căn cứ thứ {i + 1} trùng với căn cứ thứ {keys[key] + 1}."
                )
            keys.setdefault(key, i)

        themes = attrs["themes"]
        theme_ids = {t["parent_theme_id"] for t in themes if t.get("parent_theme_id")}
        found_themes = _ids(
            Theme.objects.filter(plan__in=visible_plans), theme_ids - kept["themes"]
        )
        for i, theme in enumerate(themes):
            check(
                f"themes.{i}.parent_theme",
                theme.get("parent_theme_id"),
                found_themes,
                "themes",
                "nội dung tuyên truyền",
            )

        activities = list(_walk(attrs["activities"], "activities"))
        activity_ids = {a["derived_from_id"] for _, a in activities if a.get("derived_from_id")}
        found_activities = _ids(
            Activity.objects.filter(plan__in=visible_plans), activity_ids - kept["activities"]
        )
        for path, activity in activities:
            check(
                f"{path}.derived_from",
                activity.get("derived_from_id"),
                found_activities,
                "activities",
                "hoạt động",
            )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class PlanUpdateSerializer(PlanWriteSerializer):
    """Toàn bộ kế hoạch gửi lại khi sửa, kèm `revision` của bản đã đọc."""

    unit = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Mã cơ quan ban hành; không đổi được (để trống là giữ nguyên).",
    )
    revision = IntegerField(
        min_value=1,
        error_messages={"required": "Hãy gửi kèm “revision” của bản kế hoạch bạn đã đọc."},
        help_text="`revision` của bản đã đọc; khác bản hiện tại thì bị từ chối (409).",
    )



def _links(plan: Plan | None) -> dict[str, set[int]]:
    """The ids of other rows ``plan`` links to (its cascade), by kind; empty for a new plan."""
    if plan is None:
        return {"plans": set(), "themes": set(), "activities": set()}
    plans = set(
        PlanLegalBasis.objects.filter(plan=plan, reference__plan__isnull=False).values_list(
            "reference__plan_id", flat=True
        )
    )
    if plan.derived_from_id:
        plans.add(plan.derived_from_id)
    themes = Theme.objects.filter(plan=plan, parent_theme__isnull=False)
    activities = Activity.objects.filter(plan=plan, derived_from__isnull=False)
    return {
        "plans": plans,
        "themes": set(themes.values_list("parent_theme_id", flat=True)),
        "activities": set(activities.values_list("derived_from_id", flat=True)),
    }


def _ids(qs: QuerySet[Any], ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(qs.filter(pk__in=ids).values_list("pk", flat=True))


def _walk(
    activities: Iterable[Mapping[str, Any]], path: str
) -> Iterable[tuple[str, Mapping[str, Any]]]:
    for i, activity in enumerate(activities):
        yield f"{path}.{i}", activity
        yield from _walk(activity.get("children", []), f"{path}.{i}.children")


def _unit_ref(values: Mapping[str, Any]) -> UnitRef:
    return UnitRef(unit_id=values.get("unit_id"), label=values.get("label", ""))


def _activity_data(values: Mapping[str, Any]) -> ActivityData:
    return ActivityData(
        title=values["title"],
        content=values["content"],
        audiences=tuple(values["audiences"]),
        channels=tuple(values["channels"]),
        timing_text=values["timing_text"],
        expected_outputs=values["expected_outputs"],
        budget_estimate=values["budget_estimate"],
        leads=tuple(_unit_ref(r) for r in values["leads"]),
        coordinators=tuple(_unit_ref(r) for r in values["coordinators"]),
        themes=tuple(values["themes"]),
        children=tuple(_activity_data(c) for c in values.get("children", [])),
        derived_from_id=values.get("derived_from_id"),
    )


def plan_data(values: Mapping[str, Any], *, unit_id: int) -> PlanData:
    """The validated body as the services' plain data."""
    return PlanData(
        unit_id=unit_id,
        title=values["title"],
        period_start=values["period_start"],
        period_end=values["period_end"],
        period_label=values["period_label"],
        doc_type=values["doc_type"],
        header_parent=values["header_parent"],
        header_unit=values["header_unit"],
        number=values["number"],
        symbol=values["symbol"],
        place=values["place"],
        issued_on=values["issued_on"],
        slogan=values["slogan"],
        intro=values["intro"],
        objectives=values["objectives"],
        requirements=values["requirements"],
        funding=values["funding"],
        implementation=values["implementation"],
        signing_authority=values["signing_authority"],
        signer_position=values["signer_position"],
        signer_name=values["signer_name"],
        legal_bases=tuple(reference_data(b) for b in values["legal_bases"]),
        audiences=tuple(
            AudienceData(a["audience"], a["description"], a["content"]) for a in values["audiences"]
        ),
        themes=tuple(
            ThemeData(
                title=t["title"],
                details=t["details"],
                audience=t["audience"],
                areas=tuple(t["areas"]),
                indices=tuple(t["indices"]),
                parent_theme_id=t.get("parent_theme_id"),
            )
            for t in values["themes"]
        ),
        channels=tuple(ChannelData(c["kind"], c["description"]) for c in values["channels"]),
        activities=tuple(_activity_data(a) for a in values["activities"]),
        responsibilities=tuple(
            ResponsibilityData(_unit_ref(r), r["duties"]) for r in values["responsibilities"]
        ),
        funding_sources=tuple(
            FundingData(f["source"], f["amount"], f["note"]) for f in values["funding_sources"]
        ),
        reporting_duties=tuple(
            ReportingData(
                periods=r["periods"],
                deadline_text=r["deadline_text"],
                to=UnitRef(r.get("to_unit_id"), r["to_label"]),
                through=UnitRef(r.get("through_unit_id"), r["through_label"]),
                text=r["text"],
            )
            for r in values["reporting_duties"]
        ),
        recipients=tuple(
            RecipientData(r["label"], r.get("unit_id"), r["purpose"], r["is_archive"])
            for r in values["recipients"]
        ),
        derived_from_id=values.get("derived_from_id"),
    )


class ReturnSerializer(Serializer):
    reason = CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Lý do trả lại, để người soạn biết cần sửa gì.",
    )


class IssueSerializer(Serializer):
    number = text(Plan, "number", help_text="Số văn bản (chữ số), ví dụ “40”.")
    issued_on = DateField(error_messages={"required": "Hãy nhập ngày ban hành."})


class DeriveSerializer(Serializer):
    unit = IdField(
        error_messages={"required": "Hãy chọn đơn vị xây dựng kế hoạch."},
        help_text="Đơn vị (dưới cơ quan ban hành, hoặc được giao hoạt động) xây dựng kế hoạch của mình.",
    )


class PlanFilterSerializer(Serializer):
    """The list's query parameters (``cchc.plans.selectors.PlanFilters``)."""

    year = IntegerField(
        required=False,
        min_value=1900,
        max_value=9998,
        help_text="Kế hoạch có kỳ thực hiện chứa năm này.",
    )
    unit = IdField(required=False, help_text="Kế hoạch của đơn vị này và các đơn vị trực thuộc.")
    status = PlanStatusField(required=False)
    area = ReformAreaField(required=False, help_text="Có nội dung thuộc lĩnh vực này.")
    channel = ChannelKindField(required=False, help_text="Dùng hình thức tuyên truyền này.")
    assigned_to_me = BooleanField(
        required=False, default=False, help_text="Chỉ kế hoạch giao việc cho đơn vị của tôi."
    )
    q = CharField(
        required=False, allow_blank=True, max_length=200, help_text="Tìm theo trích yếu hoặc số."
    )


class ActivityFilterSerializer(Serializer):
    plan = IdField(required=False, help_text="Hoạt động của kế hoạch này.")
    unit = IdField(
        required=False, help_text="Hoạt động giao cho đơn vị này (chủ trì hoặc phối hợp)."
    )
    role = UnitRoleField(
        required=False,
        help_text="Chỉ vai trò này; không kèm `unit` thì là các đơn vị người dùng được xem.",
    )


class CoverageRowSerializer(Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.display_name")
    plan = serializers.IntegerField(
        source="plan.pk", allow_null=True, help_text="Kế hoạch của đơn vị (nếu có)."
    )
    plan_status = PlanStatusField(source="plan.status", read_only=True, allow_null=True)
    themes_covered = serializers.IntegerField()
    themes_total = serializers.IntegerField()
    assigned_covered = serializers.IntegerField()
    assigned_total = serializers.IntegerField()
    percent = serializers.IntegerField()
    direct = serializers.BooleanField(
        help_text="Thực hiện trực tiếp kế hoạch này (không qua kế hoạch của cấp trung gian)."
    )
    missing_themes = serializers.SerializerMethodField(help_text="Mã các nội dung chưa có.")
    missing_activities = serializers.SerializerMethodField(
        help_text="Mã các hoạt động được giao chưa có."
    )

    def get_missing_themes(self, row: selectors.UnitCoverage) -> list[int]:
        return [t.pk for t in row.missing_themes]

    def get_missing_activities(self, row: selectors.UnitCoverage) -> list[int]:
        return [a.pk for a in row.missing_activities]


class CoverageSerializer(Serializer):
    plan = serializers.IntegerField(source="plan.pk")
    expected = serializers.IntegerField(help_text="Số đơn vị trong bảng.")
    with_plan = serializers.IntegerField(help_text="Số đơn vị đã có kế hoạch.")
    rows = CoverageRowSerializer(many=True)


# --- Endpoints ----------------------------------------------------------------------


PLAN_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Mã kế hoạch."
)
PLAN_STEP_RESPONSES = {
    200: PlanDetailSerializer,
    400: ERROR_400,
    403: ERROR_403,
    404: ERROR_404,
    409: ERROR_409,
}
NEW_PLAN_RESPONSES = {
    201: PlanDetailSerializer,
    400: ERROR_400,
    403: ERROR_403,
    404: ERROR_404,
    409: ERROR_409,
}

WRITE_DESCRIPTION = (
    "Thân yêu cầu là toàn bộ kế hoạch, cùng dạng với khi đọc, trừ hai điểm: trong"
    " `activities[].themes` (cả hoạt động con) ghi **vị trí** (đếm từ 0) của nội dung trong"
    ' danh sách `themes` gửi kèm, ví dụ `"themes": [0, 2]`, không phải mã nội dung; các'
    " trường chỉ đọc (`id`, `status`, `*_name`, `*_display`...) được bỏ qua. Các phần"
    " (căn cứ, nội dung, hoạt động...) được thay toàn bộ bằng danh sách gửi lên.\n\n"
    'Lỗi dữ liệu: 400 với `{"errors": {"trường": ["thông báo"]}}`; trường lồng nhau'
    " được ghi theo đường dẫn, ví dụ `activities.0.leads.0.unit`; lỗi chung của cả phần"
    " (ví dụ hoạt động thiếu cơ quan chủ trì) nằm ở tên phần (`activities`). Không có gì"
    " được lưu khi có lỗi."
)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách kế hoạch người dùng được xem",
        description=(
            "Kế hoạch của các đơn vị trong phạm vi của người dùng và kế hoạch giao việc cho"
            " các đơn vị đó; chỉ gồm phần đầu của kế hoạch (xem chi tiết ở `/api/plans/{id}/`)."
        ),
        parameters=[PlanFilterSerializer],
        responses={200: PlanSummarySerializer(many=True), 400: ERROR_400},
    ),
    retrieve=extend_schema(
        summary="Toàn bộ một kế hoạch",
        parameters=[PLAN_ID],
        description="Phần đầu, căn cứ, đối tượng, nội dung, hình thức, hoạt động (dạng cây), nhiệm vụ,"
        " kinh phí, báo cáo, nơi nhận và phần ký.",
        responses={200: PlanDetailSerializer, 404: ERROR_404},
    ),
    create=extend_schema(
        summary="Tạo kế hoạch (dự thảo)",
        description="Người có quyền biên tập ở cơ quan ban hành.\n\n" + WRITE_DESCRIPTION,
        request=PlanWriteSerializer,
        responses={201: PlanDetailSerializer, 400: ERROR_400, 403: ERROR_403},
    ),
    update=extend_schema(
        summary="Sửa kế hoạch (thay toàn bộ nội dung)",
        parameters=[PLAN_ID],
        description=(
            "Kế hoạch dự thảo hoặc chờ phê duyệt; người có quyền biên tập ở cơ quan ban hành."
            " Phải gửi `revision` của bản đã đọc: nếu kế hoạch đã bị sửa sau đó thì bị từ chối"
            " với 409 (`stale`); kế hoạch đã ban hành thì 409 (`not_editable`), hãy tạo bản sửa"
            " đổi.\n\n" + WRITE_DESCRIPTION
        ),
        request=PlanUpdateSerializer,
        responses={
            200: PlanDetailSerializer,
            400: ERROR_400,
            403: ERROR_403,
            404: ERROR_404,
            409: ERROR_409,
        },
    ),
    destroy=extend_schema(
        summary="Xóa kế hoạch dự thảo",
        parameters=[PLAN_ID],
        responses={
            204: OpenApiResponse(description="Đã xóa."),
            403: ERROR_403,
            404: ERROR_404,
            409: ERROR_409,
        },
    ),
)
class PlanViewSet(ServiceErrorsMixin, viewsets.GenericViewSet[Plan]):
    serializer_class = PlanDetailSerializer
    queryset = Plan.objects.none()
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[Plan]:
        if getattr(self, "swagger_fake_view", False):
            return Plan.objects.none()
        qs = Plan.objects.filter(plan_scope_q(self.request.user))
        if self.action == "retrieve":
            return plans_with_parts(qs)
        return qs.select_related("unit")

    # --- helpers

    def _require(self, action_name: str, plan: Plan) -> None:
        """403 unless the user holds the role the action needs on the plan's unit.

        With the role but not in the right status, the service refuses and says why (409).
        """
        user = self.request.user
        if can(user, action_name, plan):
            return
        least, _statuses = PLAN_ACTIONS[action_name]
        if has_role(user, plan.unit, least):
            return
        raise exceptions.PermissionDenied(
            f"Bạn không có quyền {ACTION_NAMES[action_name]} kế hoạch này."
        )

    def _plan_response(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        plan = plans_with_parts(Plan.objects.filter(pk=pk)).get()
        headers = (
            {"Location": reverse("plan-detail", args=[pk])}
            if code == status.HTTP_201_CREATED
            else None
        )
        return Response(
            PlanDetailSerializer(plan, context=self.get_serializer_context()).data,
            status=code,
            headers=headers,
        )

    def _body(self, serializer_class: type[Serializer], **context: Any) -> Any:
        """The validated body; ``context`` is added to the serializer's."""
        context = {**self.get_serializer_context(), **context}
        return validated(serializer_class(data=self.request.data, context=context))

    # --- read

    def list(self, request: Request, format: str | None = None) -> Response:
        params = validated(PlanFilterSerializer(data=request.query_params))
        filters = selectors.PlanFilters(
            year=params.get("year"),
            unit_id=params.get("unit"),
            status=params.get("status", ""),
            area=params.get("area", ""),
            channel=params.get("channel", ""),
            assigned_to_me=params.get("assigned_to_me", False),
            query=params.get("q", "").strip(),
        )
        page = self.paginate_queryset(selectors.plan_list(request.user, filters))
        data = PlanSummarySerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def retrieve(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    # --- write

    def create(self, request: Request, format: str | None = None) -> Response:
        if not may_edit_somewhere(request.user):
            raise exceptions.PermissionDenied("Bạn không có quyền tạo kế hoạch.")
        values = self._body(PlanWriteSerializer)
        unit = Unit.objects.filter(pk=values["unit"]).first()
        if unit is not None and not can_create_plan(request.user, unit):
            raise exceptions.PermissionDenied(
                f"Bạn không có quyền tạo kế hoạch cho {unit.display_name}."
            )
        plan = plan_create(data=plan_data(values, unit_id=values["unit"]), actor=request.user)
        return self._plan_response(plan.pk, status.HTTP_201_CREATED)

    def update(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        plan = self.get_object()
        self._require("plan.change", plan)
        values = self._body(PlanUpdateSerializer, plan=plan)
        data = plan_data(values, unit_id=values.get("unit") or plan.unit_id)
        plan_update(plan=plan, data=data, actor=request.user, expected_revision=values["revision"])
        return self._plan_response(plan.pk)

    def destroy(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        plan = self.get_object()
        self._require("plan.delete", plan)
        plan_delete(plan=plan, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- lifecycle

    @extend_schema(
        parameters=[PLAN_ID],
        summary="Trình duyệt kế hoạch dự thảo",
        request=None,
        responses=PLAN_STEP_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def submit(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        plan = self.get_object()
        self._require("plan.submit", plan)
        plan_submit(plan=plan, actor=request.user)
        return self._plan_response(plan.pk)

    @extend_schema(
        parameters=[PLAN_ID],
        summary="Phê duyệt kế hoạch chờ phê duyệt",
        description="Người có quyền phê duyệt ở cơ quan ban hành.",
        request=None,
        responses=PLAN_STEP_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def approve(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        plan = self.get_object()
        self._require("plan.approve", plan)
        plan_approve(plan=plan, actor=request.user)
        return self._plan_response(plan.pk)

    @extend_schema(
        parameters=[PLAN_ID],
        summary="Trả lại kế hoạch để sửa",
        description="Kế hoạch chờ phê duyệt hoặc đã phê duyệt trở về dự thảo; phải ghi lý do.",
        request=ReturnSerializer,
        responses=PLAN_STEP_RESPONSES,
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_plan(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        plan = self.get_object()
        self._require("plan.return", plan)
        values = self._body(ReturnSerializer)
        plan_return(plan=plan, reason=values["reason"], actor=request.user)
        return self._plan_response(plan.pk)

    @extend_schema(
        parameters=[PLAN_ID],
        summary="Ban hành kế hoạch đã phê duyệt",
        description="Ghi số và ngày ban hành; từ đó kế hoạch không sửa được nữa. Nếu kế hoạch là"
        " bản sửa đổi, bản cũ được kết thúc.",
        request=IssueSerializer,
        responses=PLAN_STEP_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        plan = self.get_object()
        self._require("plan.issue", plan)
        values = self._body(IssueSerializer)
        plan_issue(
            plan=plan, number=values["number"], issued_on=values["issued_on"], actor=request.user
        )
        return self._plan_response(plan.pk)

    @extend_schema(
        parameters=[PLAN_ID],
        summary="Kết thúc kế hoạch đã ban hành",
        request=None,
        responses=PLAN_STEP_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        plan = self.get_object()
        self._require("plan.close", plan)
        plan_close(plan=plan, actor=request.user)
        return self._plan_response(plan.pk)

    @extend_schema(
        parameters=[PLAN_ID],
        summary="Tạo bản sửa đổi của kế hoạch đã ban hành",
        description="Trả về bản sửa đổi mới (dự thảo, phiên bản kế tiếp, `replaces` là kế hoạch này).",
        request=None,
        responses=NEW_PLAN_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def revise(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        plan = self.get_object()
        self._require("plan.revise", plan)
        new = plan_revise(plan=plan, actor=request.user)
        return self._plan_response(new.pk, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[PLAN_ID],
        summary="Xây dựng kế hoạch của đơn vị từ kế hoạch cấp trên",
        description=(
            "Từ kế hoạch đã ban hành, tạo dự thảo kế hoạch của `unit` (đơn vị trực thuộc cơ quan"
            " ban hành hoặc được giao hoạt động): dẫn kế hoạch cấp trên làm căn cứ, nhận các nội"
            " dung và các hoạt động giao cho đơn vị. Người dùng cần quyền biên tập ở `unit`."
        ),
        request=DeriveSerializer,
        responses=NEW_PLAN_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def derive(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        plan = self.get_object()
        values = self._body(DeriveSerializer)
        unit = Unit.objects.filter(pk=values["unit"]).first()
        if unit is None:
            raise exceptions.ValidationError({"unit": [not_found("đơn vị", values["unit"])]})
        if not has_role(request.user, unit, Role.EDITOR):
            raise exceptions.PermissionDenied(
                f"Bạn không có quyền xây dựng kế hoạch cho {unit.display_name}."
            )
        if unit.pk == plan.unit_id or not (
            unit.path.startswith(plan.unit.path) or is_unit_assigned(plan, unit)
        ):
            raise exceptions.ValidationError(
                {
                    "unit": [
                        f"{unit.display_name} không thuộc {plan.unit.display_name} và không được kế hoạch giao việc."
                    ]
                }
            )
        new = plan_derive(parent=plan, unit=unit, actor=request.user)
        return self._plan_response(new.pk, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[PLAN_ID],
        summary="Các đơn vị cấp dưới thực hiện kế hoạch đến đâu",
        description=(
            "Mỗi dòng là một đơn vị dưới cơ quan ban hành (đơn vị phải có kế hoạch, đơn vị được"
            " giao việc, đơn vị đã có kế hoạch cho kỳ này): kế hoạch của đơn vị (nếu có), số nội"
            " dung và số hoạt động được giao đã có. Người được xem kế hoạch vì đơn vị mình được"
            " giao việc chỉ thấy dòng của các đơn vị trong phạm vi của mình."
        ),
        responses={200: CoverageSerializer, 404: ERROR_404},
    )
    @action(detail=True, methods=["get"])
    def coverage(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        plan = self.get_object()
        coverage = selectors.plan_coverage(plan)
        if not has_role(request.user, plan.unit, Role.VIEWER):
            coverage.rows = [
                r for r in coverage.rows if has_role(request.user, r.unit, Role.VIEWER)
            ]
        return Response(CoverageSerializer(coverage, context=self.get_serializer_context()).data)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách hoạt động của các kế hoạch người dùng được xem",
        parameters=[ActivityFilterSerializer],
        responses={200: ActivitySerializer(many=True), 400: ERROR_400},
    ),
    retrieve=extend_schema(
        summary="Một hoạt động",
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Mã hoạt động."
            )
        ],
        responses={200: ActivitySerializer, 404: ERROR_404},
    ),
)
class ActivityViewSet(
    ServiceErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Activity],
):
    serializer_class = ActivitySerializer
    queryset = Activity.objects.none()
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[Activity]:
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        user = self.request.user
        qs = Activity.objects.filter(plan__in=Plan.objects.filter(plan_scope_q(user)).values("pk"))
        if self.action == "list":
            params = validated(ActivityFilterSerializer(data=self.request.query_params))
            if params.get("plan"):
                qs = qs.filter(plan_id=params["plan"])
            assignments = ActivityUnit.objects.all()
            if params.get("role"):
                assignments = assignments.filter(role=params["role"])
            if params.get("unit"):
                assignments = assignments.filter(unit_id=params["unit"])
            elif params.get("role"):
                assignments = assignments.filter(unit__in=Unit.objects.filter(unit_scope_q(user)))
            if params.get("unit") or params.get("role"):
                qs = qs.filter(pk__in=assignments.values("activity_id"))
        return (
            qs.select_related("plan__unit")
            .prefetch_related(
                Prefetch("assignments", ActivityUnit.objects.select_related("unit")),
                "themes",
                Prefetch(
                    "children", Activity.objects.only("pk", "parent_id").order_by("order", "pk")
                ),
            )
            .order_by("-plan__period_start", "plan_id", "pk")
        )
