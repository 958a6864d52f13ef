"""Staff forms of the portal: they check shape; the services check meaning."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Role, Unit
from cchc.orgs.permissions import unit_scope_q
from cchc.orgs.widgets import UnitSelect
from cchc.plans.models import Activity, PlanStatus, ReformArea, ReformIndex
from cchc.portal.models import LANGUAGE_SUGGESTIONS, HotlineTopic, MediaKind
from cchc.portal.services import MAX_IMAGE_BYTES, MAX_MEDIA_BYTES, MEDIA_ACCEPT
from cchc.tracking.forms import MultipleFileField, MultipleFileInput

IMAGE_ACCEPT = ".jpg,.jpeg,.png,.webp,.gif"


def editable_units(user: Any) -> QuerySet[Unit]:
    return Unit.objects.filter(unit_scope_q(user, Role.EDITOR), valid_to__isnull=True).order_by(
        "path"
    )


def linkable_activities(user: Any) -> QuerySet[Activity]:
    """Activities of issued plans that the user's units run (or whose plan is theirs)."""
    scope = unit_scope_q(user, Role.EDITOR, prefix="plan__unit__") | unit_scope_q(
        user, Role.EDITOR, prefix="assignments__unit__"
    )
    ids = Activity.objects.filter(plan__status=PlanStatus.ISSUED).filter(scope).values("pk")
    return (
        Activity.objects.filter(pk__in=ids)
        .select_related("plan")
        .order_by("-plan__period_start", "plan_id", "order")
    )


class UnitChoiceField(forms.ModelChoiceField):
    widget = UnitSelect

    def label_from_instance(self, obj: Unit) -> str:
        return obj.display_name


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Activity) -> str:
        return f"{obj.title[:90]} — {obj.plan.title[:70]}"


def read_upload(upload: UploadedFile | None, limit: int) -> tuple[str, bytes] | None:
    """The file's name and content, one byte more than ``limit`` so the service can refuse it."""
    if not upload:
        return None
    upload.seek(0)
    return (upload.name or "tep", upload.read(limit + 1))


class UnitForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=None)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = editable_units(user)  # type: ignore[attr-defined]

    def add_service_errors(
        self, exc: ValidationError, fields: dict[str, str] | None = None
    ) -> None:
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                target = (fields or {}).get(name, name)
                for message in messages:
                    self.add_error(target if target in self.fields else None, message)
        else:
            for message in exc.messages:
                self.add_error(None, message)


class ArticleForm(UnitForm):
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    summary = forms.CharField(
        label=_("Tóm tắt"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body = forms.CharField(
        label=_("Nội dung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Gõ hoặc dán văn bản: các đoạn cách nhau một dòng trống; một đoạn mà mọi dòng đều bắt đầu"
            " bằng “-” hoặc “+” thành danh sách. Cũng có thể viết HTML đơn giản: đậm &lt;strong&gt;, nghiêng &lt;em&gt;,"
            " tiêu đề &lt;h2&gt;, liên kết &lt;a href&gt;. Mã lạ (script, style, ảnh ngoài) bị loại bỏ khi lưu."
        ),
    )
    areas = forms.MultipleChoiceField(
        label=_("Lĩnh vực cải cách"),
        choices=ReformArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    activity = ActivityChoiceField(
        label=_("Thuộc hoạt động kế hoạch"),
        queryset=Activity.objects.none(),
        required=False,
        help_text=_("Khi bài được đăng, một kết quả loại “Tin” được ghi nhận cho hoạt động này."),
    )
    image = forms.FileField(
        label=_("Ảnh đại diện"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("JPG, PNG hoặc WEBP, tối đa 10 MB; ảnh được thu nhỏ tự động."),
    )
    image_alt = forms.CharField(
        label=_("Mô tả ảnh (cho người khiếm thị)"), max_length=300, required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["activity"].queryset = linkable_activities(user)  # type: ignore[attr-defined]


class ArticleEditForm(ArticleForm):
    remove_image = forms.BooleanField(label=_("Bỏ ảnh đại diện hiện tại"), required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class HotlineForm(UnitForm):
    topic = forms.ChoiceField(label=_("Nội dung tiếp nhận"), choices=HotlineTopic.choices)
    name = forms.CharField(label=_("Bộ phận, người tiếp nhận"), max_length=200)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=40, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    )
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    hours = forms.CharField(label=_("Thời gian tiếp nhận"), max_length=200, required=False)
    order = forms.IntegerField(
        label=_("Thứ tự hiển thị"), min_value=0, max_value=1000, initial=0, required=False
    )


class InitiativeForm(UnitForm):
    title = forms.CharField(label=_("Tên mô hình, sáng kiến"), max_length=300)
    who = forms.CharField(label=_("Tập thể, cá nhân"), max_length=300)
    place = forms.CharField(label=_("Nơi thực hiện"), max_length=300, required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2100)
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    results = forms.CharField(
        label=_("Kết quả, hiệu quả"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    images = MultipleFileField(
        label=_("Ảnh (chọn được nhiều ảnh)"),
        widget=MultipleFileInput(attrs={"multiple": True, "accept": IMAGE_ACCEPT}),
    )
    image_alt = forms.CharField(label=_("Mô tả ảnh"), max_length=300, required=False)
    remove_images = forms.TypedMultipleChoiceField(
        label=_("Bỏ các ảnh đã chọn"),
        coerce=int,
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )
    published = forms.BooleanField(label=_("Công khai trên cổng"), required=False, initial=True)

    def __init__(
        self, *args: Any, user: Any, pictures: list[Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, user=user, **kwargs)
        if pictures:
            self.fields["remove_images"].choices = [  # type: ignore[attr-defined]
                (p.pk, p.alt or _("Ảnh %(n)d") % {"n": i}) for i, p in enumerate(pictures, start=1)
            ]
        else:
            del self.fields["remove_images"]

    def uploads(self) -> list[tuple[str, bytes]]:
        files = self.cleaned_data.get("images") or []
        return [u for u in (read_upload(f, MAX_IMAGE_BYTES) for f in files) if u is not None]


class IndexForm(UnitForm):
    index = forms.ChoiceField(label=_("Chỉ số"), choices=ReformIndex.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    score = forms.DecimalField(
        label=_("Điểm"), min_value=Decimal(0), max_digits=8, decimal_places=2
    )
    rank = forms.IntegerField(label=_("Xếp hạng"), min_value=1, required=False)
    ranked_of = forms.IntegerField(label=_("Trên tổng số đơn vị"), min_value=1, required=False)
    components = forms.CharField(
        label=_("Điểm thành phần"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Mỗi dòng một thành phần: tên = điểm, ví dụ “Cải cách thủ tục hành chính = 12,5”."
        ),
    )
    source = forms.CharField(label=_("Văn bản công bố"), max_length=300, required=False)

    def clean_components(self) -> dict[str, Decimal]:
        parts: dict[str, Decimal] = {}
        for number, line in enumerate(self.cleaned_data["components"].splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, value = line.rpartition("=")
            if not sep or not name.strip():
                raise ValidationError(_("Dòng %(n)d: viết “tên = điểm”.") % {"n": number})
            try:
                parts[name.strip()] = Decimal(value.strip().replace(",", ".")).quantize(
                    Decimal("0.01")
                )
            except ArithmeticError:
                raise ValidationError(
                    _("Dòng %(n)d: “%(v)s” không phải số.") % {"n": number, "v": value.strip()[:30]}
                ) from None
        return parts


class IndexImportForm(UnitForm):
    file = forms.FileField(
        label=_("Tệp XLSX"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].label = _("Phạm vi (đơn vị và các đơn vị trực thuộc)")


class MediaForm(UnitForm):
    title = forms.CharField(label=_("Tên tài liệu"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=MediaKind.choices)
    language = forms.CharField(
        label=_("Ngôn ngữ"),
        max_length=60,
        initial="Tiếng Việt",
        widget=forms.TextInput(attrs={"list": "language-suggestions"}),
        help_text=_("Chọn trong danh sách gợi ý hoặc gõ tên ngôn ngữ khác."),
    )
    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2100, required=False)
    description = forms.CharField(
        label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label=_("Tệp"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": MEDIA_ACCEPT}),
        help_text=_("PDF, ảnh, văn bản, video MP4/WEBM, âm thanh MP3/M4A/OGG/WAV; tối đa 200 MB."),
    )
    published = forms.BooleanField(label=_("Công khai trên cổng"), required=False, initial=True)
    suggestions = LANGUAGE_SUGGESTIONS

    def upload(self) -> tuple[str, bytes] | None:
        return read_upload(self.cleaned_data.get("file"), MAX_MEDIA_BYTES)


class SettingsForm(forms.Form):
    name = forms.CharField(label=_("Tên hiển thị của cổng"), max_length=200, required=False)
    unit = UnitChoiceField(label=_("Đơn vị của cổng"), queryset=Unit.objects.none(), required=False)
    emblem = forms.FileField(
        label=_("Biểu trưng (ảnh vuông)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            unit_scope_q(user, Role.UNIT_ADMIN), valid_to__isnull=True
        ).order_by("path")
