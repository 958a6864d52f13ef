"""Legal references through the REST API, and the error conventions the write APIs share.

Errors, for every write endpoint of ``/api/`` built on :class:`ServiceErrorsMixin`:

* 400: ``{"errors": {"<field path>": ["<message>", ...]}}``. Paths of nested fields are
  dotted, positions counted from 0 (``activities.0.leads.1.unit``); errors the services
  raise about the whole plan use the top-level name (``activities``), errors about no
  field in particular use ``non_field_errors``. Messages are in Vietnamese.
* 401/403/404: ``{"detail": "<message>"}`` (DRF's usual shape).
* 409: ``{"detail": "<message>", "code": "<code>"}`` when the request conflicts with the
  state of the record: the plan changed since it was read (``stale``), it is not in a
  status that allows the action (``bad_status``, ``not_editable``) or the thing to create
  exists already (``duplicate``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from cchc.legal.models import LegalReference
from cchc.legal.services import ReferenceData, reference_get_or_create
from cchc.legal.symbols import parse_symbol
from cchc.orgs.models import ROLE_RANK, Role
from cchc.orgs.permissions import is_site_admin, role_paths
from cchc.text import nfc

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY

#: Codes of service errors that mean "not now, in this state" rather than "bad input".
CONFLICT_CODES = frozenset({"stale", "bad_status", "not_editable", "duplicate"})

# --- Vietnamese messages for DRF's own validation -----------------------------------

# DRF's Vietnamese catalogue translates only a few messages; these replace the rest.
_COMMON_MESSAGES = {
    "required": "Trường này là bắt buộc.",
    "null": "Trường này không nhận giá trị rỗng (null).",
    "blank": "Trường này không được để trống.",
}
_NULL_CHARACTER = "Không được chứa ký tự rỗng (NUL)."
_SURROGATE_CHARACTER = "Không được chứa ký tự thay thế U+{code_point:X}."


class CharField(serializers.CharField):
    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "Phải là một chuỗi ký tự.",
        "max_length": "Không được dài quá {max_length} ký tự.",
        "min_length": "Phải dài ít nhất {min_length} ký tự.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for validator in self.validators:
            if isinstance(validator, ProhibitNullCharactersValidator):
                validator.message = _NULL_CHARACTER
            elif isinstance(validator, ProhibitSurrogateCharactersValidator):
                validator.message = _SURROGATE_CHARACTER  # type: ignore[misc]


class IntegerField(serializers.IntegerField):
    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "Phải là một số nguyên.",
        "max_value": "Không được lớn hơn {max_value}.",
        "min_value": "Không được nhỏ hơn {min_value}.",
        "max_string_length": "Số quá dài.",
    }


#: Upper bound for ids in request bodies (a 64-bit signed integer, as the database stores them).
MAX_ID = 2**63 - 1


def IdField(**kwargs: Any) -> IntegerField:  # noqa: N802 - reads like a field class
    """An id of a row in a request body: a positive 64-bit integer."""
    return IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class DecimalField(serializers.DecimalField):
    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "Phải là một số.",
        "max_value": "Không được lớn hơn {max_value}.",
        "min_value": "Không được nhỏ hơn {min_value}.",
        "max_digits": "Không được có quá {max_digits} chữ số.",
        "max_decimal_places": "Không được có quá {max_decimal_places} chữ số thập phân.",
        "max_whole_digits": "Phần nguyên không được có quá {max_whole_digits} chữ số.",
        "max_string_length": "Số quá dài.",
    }


class DateField(serializers.DateField):
    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "Ngày không đúng định dạng; hãy viết theo dạng NNNN-TT-NN (ví dụ 2024-03-01).",
        "datetime": "Cần một ngày, không kèm giờ.",
    }


class BooleanField(serializers.BooleanField):
    default_error_messages = {**_COMMON_MESSAGES, "invalid": "Phải là true hoặc false."}


class ChoiceField(serializers.ChoiceField):
    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid_choice": "“{input}” không có trong danh mục.",
    }


class ListField(serializers.ListField):
    default_error_messages = {
        **_COMMON_MESSAGES,
        "not_a_list": "Cần một danh sách, không phải “{input_type}”.",
        "empty": "Danh sách không được để trống.",
        "min_length": "Danh sách phải có ít nhất {min_length} phần tử.",
        "max_length": "Danh sách không được có quá {max_length} phần tử.",
    }


class ListSerializer(serializers.ListSerializer[Any]):
    default_error_messages = {
        **_COMMON_MESSAGES,
        "not_a_list": "Cần một danh sách, không phải “{input_type}”.",
        "empty": "Danh sách không được để trống.",
        "min_length": "Danh sách phải có ít nhất {min_length} phần tử.",
        "max_length": "Danh sách không được có quá {max_length} phần tử.",
    }


# A serializer whose own messages, and those of its lists, are in Vietnamese. (No
# docstring: drf-spectacular would show it as the description of every subclass.)
class Serializer(serializers.Serializer[Any]):
    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "Cần một đối tượng JSON, không phải “{datatype}”.",
    }

    class Meta:
        list_serializer_class = ListSerializer


def text(model: Any, name: str, **kwargs: Any) -> CharField:
    """An optional text field as long as the model's column allows (blank when left out)."""
    max_length = model._meta.get_field(name).max_length
    kwargs.setdefault("required", False)
    if not kwargs["required"]:
        kwargs.setdefault("default", "")
    return CharField(allow_blank=True, max_length=max_length, **kwargs)


# --- Error shapes -------------------------------------------------------------------


class InvalidInput(exceptions.APIException):
    """400 with ``{"errors": {field path: [messages]}}``."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "Dữ liệu không hợp lệ."
    default_code = "invalid"

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        super().__init__(
            detail={"errors": {key: list(map(str, value)) for key, value in errors.items()}}
        )


class Conflict(exceptions.APIException):
    """409 with ``{"detail": message, "code": code}``."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Yêu cầu xung đột với trạng thái hiện tại."
    default_code = "conflict"

    def __init__(self, message: str, code: str) -> None:
        super().__init__(detail={"detail": message, "code": code})


class ValidationErrorsSerializer(serializers.Serializer[Any]):
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Thông báo lỗi theo đường dẫn trường (ví dụ `activities.0.title`).",
    )


class DetailSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()


class ConflictSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    code = serializers.ChoiceField(choices=sorted(CONFLICT_CODES))


ERROR_400 = OpenApiResponse(
    ValidationErrorsSerializer,
    description='Dữ liệu không hợp lệ: `{"errors": {"trường": ["thông báo"]}}`.',
)
ERROR_403 = OpenApiResponse(DetailSerializer, description="Chưa đăng nhập hoặc không có quyền.")
ERROR_404 = OpenApiResponse(
    DetailSerializer, description="Không có hoặc người dùng không được xem."
)
ERROR_409 = OpenApiResponse(
    ConflictSerializer,
    description="Xung đột với trạng thái hiện tại: đã bị sửa (`stale`), sai trạng thái"
    " (`bad_status`, `not_editable`) hoặc đã có (`duplicate`).",
)


def flatten_errors(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as ``{dotted path: [messages]}``."""
    out: dict[str, list[str]] = {}

    def add(key: str, messages: list[str]) -> None:
        if messages:
            out.setdefault(key or NON_FIELD, []).extend(messages)

    if isinstance(errors, Mapping):
        for key, value in errors.items():
            if key == NON_FIELD:
                path = prefix
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            for sub_key, messages in flatten_errors(value, path).items():
                add(sub_key, messages)
    elif isinstance(errors, list | tuple):
        if all(isinstance(e, str) for e in errors):
            add(prefix, [str(e) for e in errors])
        else:
            for i, item in enumerate(errors):
                path = f"{prefix}.{i}" if prefix else str(i)
                for sub_key, messages in flatten_errors(item, path).items():
                    add(sub_key, messages)
    elif errors:
        add(prefix, [str(errors)])
    return out


def service_error(exc: DjangoValidationError) -> exceptions.APIException:
    """A service's ``ValidationError`` as a 409 (state conflict) or a 400 (bad input)."""
    if not hasattr(exc, "error_dict"):
        codes = {getattr(e, "code", None) for e in exc.error_list}
        conflict = next((c for c in codes if c in CONFLICT_CODES), None)
        if conflict is not None:
            return Conflict(" ".join(exc.messages), conflict)
        return InvalidInput({NON_FIELD: exc.messages})
    errors = {
        (NON_FIELD if key == "__all__" else key): messages
        for key, messages in exc.message_dict.items()
    }
    return InvalidInput(errors)


# Puts every error of the view in the shapes described at the top of this module. (No
# docstring: drf-spectacular would show it as the description of every operation.)
class ServiceErrorsMixin:
    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DjangoValidationError):
            exc = service_error(exc)
        elif isinstance(exc, serializers.ValidationError):
            exc = InvalidInput(flatten_errors(exc.detail))
        elif isinstance(exc, exceptions.ParseError):
            exc = InvalidInput({NON_FIELD: ["Nội dung gửi lên không phải JSON hợp lệ."]})
        elif isinstance(exc, Http404 | exceptions.NotFound):
            exc = exceptions.NotFound("Không tìm thấy.")
        elif isinstance(exc, exceptions.NotAuthenticated):
            exc = exceptions.NotAuthenticated("Bạn cần đăng nhập để dùng API.")
        return super().handle_exception(exc)  # type: ignore[misc, no-any-return]


def validated(serializer: serializers.BaseSerializer[Any]) -> Any:
    """The serializer's validated data, or a 400 in the shared shape."""
    if not serializer.is_valid():
        if getattr(serializer, "initial_data", None) is None:
            raise InvalidInput({NON_FIELD: ["Chưa gửi dữ liệu."]})
        raise InvalidInput(flatten_errors(serializer.errors))
    return serializer.validated_data


class Pagination(LimitOffsetPagination):
    """DRF's limit/offset pagination, documented in Vietnamese."""

    limit_query_description = "Số kết quả mỗi trang (mặc định theo cấu hình)."
    offset_query_description = "Vị trí bắt đầu trong danh sách (đếm từ 0)."


# --- Who may add references ---------------------------------------------------------


def may_edit_somewhere(user: Any) -> bool:
    """Whether the user holds editor or a higher role on some unit (so may create plans)."""
    if is_site_admin(user):
        return True
    return any(rank >= ROLE_RANK[Role.EDITOR] for _, rank in role_paths(user))


# --- Legal references ---------------------------------------------------------------


class LegalReferenceSerializer(Serializer):
    """Văn bản được dẫn làm căn cứ (cũng là dạng của mỗi căn cứ pháp lý trong kế hoạch)."""

    id = serializers.IntegerField(read_only=True)
    doc_type = CharField(
        max_length=64,
        help_text="Loại văn bản: Quyết định, Kế hoạch, Công văn...",
        error_messages={
            "required": "Căn cứ pháp lý phải có loại văn bản (Quyết định, Kế hoạch...)."
        },
    )
    number_symbol = text(
        LegalReference, "number_symbol", help_text="Số, ký hiệu, ví dụ `40/KH-UBND`."
    )
    issued_on = DateField(required=False, allow_null=True, default=None)
    issuer = text(LegalReference, "issuer", help_text="Cơ quan, người ban hành.")
    subject = CharField(required=False, allow_blank=True, default="", help_text="Trích yếu.")
    plan = IdField(
        source="plan_id",
        required=False,
        allow_null=True,
        default=None,
        help_text="Kế hoạch trong hệ thống mà văn bản này là (nếu có).",
    )
    citation = serializers.CharField(read_only=True, help_text="Cách các kế hoạch dẫn văn bản.")

    def validate_doc_type(self, value: str) -> str:
        value = " ".join(nfc(value).split())
        if not value:
            raise serializers.ValidationError(
                "Căn cứ pháp lý phải có loại văn bản (Quyết định, Kế hoạch...)."
            )
        return value

    def validate_number_symbol(self, value: str) -> str:
        """The symbol as the service stores it (so duplicates are found before saving)."""
        value = " ".join(nfc(value).split())
        if not value:
            return ""
        symbol = parse_symbol(value)
        if symbol is None:
            raise serializers.ValidationError(
                f"“{value}” không phải số, ký hiệu văn bản (ví dụ 40/KH-UBND)."
            )
        return symbol.formatted

    def validate_issuer(self, value: str) -> str:
        return " ".join(nfc(value).split())

    def validate_subject(self, value: str) -> str:
        return " ".join(nfc(value).split())


def reference_data(values: Mapping[str, Any]) -> ReferenceData:
    return ReferenceData(
        doc_type=values["doc_type"],
        number_symbol=values.get("number_symbol", ""),
        issued_on=values.get("issued_on"),
        issuer=values.get("issuer", ""),
        subject=values.get("subject", ""),
        plan_id=values.get("plan_id"),
    )


def visible_plan_ids(user: Any, ids: set[int]) -> set[int]:
    """Those of ``ids`` that are plans the user may read."""
    from cchc.plans.models import Plan
    from cchc.plans.permissions import plan_scope_q

    if not ids:
        return set()
    return set(Plan.objects.filter(plan_scope_q(user), pk__in=ids).values_list("pk", flat=True))


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách văn bản được dẫn làm căn cứ",
        description="Mọi người dùng đã đăng nhập đều xem được.",
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description="Tìm trong số, ký hiệu, trích yếu, cơ quan ban hành",
            ),
        ],
    ),
    retrieve=extend_schema(
        summary="Một văn bản được dẫn",
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Mã văn bản."
            )
        ],
        responses={200: LegalReferenceSerializer, 404: ERROR_404},
    ),
    create=extend_schema(
        summary="Thêm văn bản được dẫn (không tạo trùng)",
        description=(
            "Dành cho người dùng có quyền biên tập trở lên ở ít nhất một đơn vị. Văn bản đã có"
            " thì trả về bản ghi đã có với mã 200 (bổ sung các trường còn trống); văn bản mới"
            " thì tạo và trả về 201. Hai lần gửi là cùng một văn bản khi cùng loại văn bản và"
            " số, ký hiệu (kể cả khi viết khác nhau như `99KH-UBND` và `99/KH-UBND`), cùng ngày"
            " ban hành nếu ký hiệu không ghi năm; văn bản chưa có số thì theo loại, ngày và cơ"
            " quan ban hành."
        ),
        request=LegalReferenceSerializer,
        responses={
            200: OpenApiResponse(LegalReferenceSerializer, description="Văn bản đã có."),
            201: OpenApiResponse(LegalReferenceSerializer, description="Văn bản mới được tạo."),
            400: ERROR_400,
            403: ERROR_403,
        },
    ),
)
class LegalReferenceViewSet(
    ServiceErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[LegalReference],
):
    serializer_class = LegalReferenceSerializer
    queryset = LegalReference.objects.all()
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[LegalReference]:
        qs = LegalReference.objects.all()
        query = " ".join(self.request.query_params.get("q", "").split())
        if query:
            query = nfc(query)
            qs = qs.filter(
                Q(number_symbol__icontains=query)
                | Q(subject__icontains=query)
                | Q(issuer__icontains=query)
            )
        return qs.order_by("-issued_on", "doc_type", "pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may_edit_somewhere(request.user):
            raise exceptions.PermissionDenied(
                "Chỉ người có quyền biên tập ở một đơn vị mới thêm được văn bản."
            )
        values = validated(self.get_serializer(data=request.data))
        plan_id = values.get("plan_id")
        if plan_id is not None and plan_id not in visible_plan_ids(request.user, {plan_id}):
            raise InvalidInput(
                {"plan": [f"Không có kế hoạch mã {plan_id} hoặc bạn không được xem."]}
            )
        with transaction.atomic():
            last = LegalReference.objects.aggregate(last=Max("pk"))["last"] or 0
            reference = reference_get_or_create(data=reference_data(values))
        created = reference.pk > last
        return Response(
            self.get_serializer(reference).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
