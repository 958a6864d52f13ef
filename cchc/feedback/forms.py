"""Forms of feedback: they check shape; the services check meaning."""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from cchc.feedback.models import Channel, Kind, RejectReason, Subject
from cchc.feedback.services import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    FeedbackData,
    UploadedData,
)
from cchc.orgs.models import Unit
from cchc.orgs.widgets import UnitSelect

ACCEPT = ".jpg,.jpeg,.png,.webp,.pdf,.doc,.docx,.xls,.xlsx,.pptx,.odt,.ods"


def mark_invalid(form: forms.Form) -> forms.Form:
    """Tie each field's errors and help to it for screen readers (aria-invalid, aria-describedby)."""
    for name, field in form.fields.items():
        bound = form[name]
        described = []
        if form.is_bound and form.errors.get(name):
            field.widget.attrs["aria-invalid"] = "true"
            described.append(f"{bound.auto_id}_error")
        if field.help_text:
            described.append(f"{bound.auto_id}_helptext")
        if described:
            field.widget.attrs["aria-describedby"] = " ".join(described)
    return form


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True, "accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("Gửi kèm tối đa %(n)d tệp (đã chọn %(m)d).")
                % {"n": MAX_ATTACHMENTS, "m": len(files)}
            )
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class FeedbackForm(forms.Form):
    """What a citizen (or staff on their behalf) fills in."""

    kind = forms.ChoiceField(
        label=_("Loại"), choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.REPORT
    )
    subject = forms.ChoiceField(label=_("Phản ánh, kiến nghị về"), choices=Subject.choices)
    procedure_code = forms.CharField(
        label=_("Mã thủ tục hành chính"),
        required=False,
        max_length=50,
        help_text=_("Khi phản ánh về một thủ tục: mã thủ tục trong danh mục."),
    )
    subject_detail = forms.CharField(
        label=_("Tên quy định, cán bộ hoặc vấn đề"), required=False, max_length=1000
    )
    title = forms.CharField(
        label=_("Tiêu đề"), max_length=1000, error_messages={"required": _("Hãy nhập tiêu đề.")}
    )
    content = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Tối đa 5.000 ký tự."),
        max_length=200_000,
        error_messages={"required": _("Hãy nhập nội dung phản ánh, kiến nghị.")},
    )
    place = forms.CharField(label=_("Nơi xảy ra"), required=False, max_length=1000)
    attachments = MultipleFileField(
        label=_("Tệp đính kèm"),
        help_text=_("Ảnh (JPG, PNG, WEBP), PDF, tệp văn phòng; tối đa 5 tệp, mỗi tệp 5 MB."),
    )
    name = forms.CharField(
        label=_("Họ và tên"),
        max_length=1000,
        error_messages={"required": _("Hãy nhập họ và tên.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
        help_text=_("Mã tra cứu và kết quả trả lời sẽ được gửi vào địa chỉ này."),
    )
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=1000)
    consent_publish = forms.BooleanField(
        label=_("Tôi đồng ý công khai nội dung phản ánh và trả lời (đã ẩn thông tin cá nhân)"),
        required=False,
    )

    def procedure(self) -> Any:
        code = (self.cleaned_data.get("procedure_code") or "").strip()
        if not code:
            return None
        procedure_model = apps.get_model("procedures", "Procedure")
        return (
            procedure_model.objects.filter(code__iexact=code)
            .select_related("handling_unit")
            .first()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = (data.get("procedure_code") or "").strip()
        if data.get("subject") == Subject.PROCEDURE and code and self.procedure() is None:
            self.add_error(
                "procedure_code", _("Không tìm thấy thủ tục có mã “%(c)s”.") % {"c": code[:50]}
            )
        return data

    def to_data(self, channel: str) -> FeedbackData:
        d = self.cleaned_data
        # Read at most one byte over the limit: the service refuses larger files with that size.
        files = tuple(
            UploadedData(name=f.name or "tep", content=f.read(MAX_ATTACHMENT_BYTES + 1))
            for f in d.get("attachments") or []
        )
        return FeedbackData(
            kind=d["kind"],
            subject=d["subject"],
            title=d["title"],
            content=d.get("content") or "",
            name=d.get("name") or "",
            phone=d.get("phone") or "",
            email=d.get("email") or "",
            address=d.get("address") or "",
            place=d.get("place") or "",
            subject_detail=d.get("subject_detail") or "",
            procedure=self.procedure(),
            consent_publish=bool(d.get("consent_publish")),
            channel=channel,
            files=files,
        )


class PublicFeedbackForm(FeedbackForm):
    answer = forms.CharField(label="", max_length=10, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(label=_("Để trống ô này"), required=False)


class StaffFeedbackForm(FeedbackForm):
    channel = forms.ChoiceField(
        label=_("Kênh tiếp nhận"), choices=[c for c in Channel.choices if c[0] != Channel.PORTAL]
    )
    receiving_unit = forms.ModelChoiceField(
        label=_("Đơn vị tiếp nhận"), queryset=Unit.objects.none(), widget=UnitSelect
    )

    field_order = ["channel", "receiving_unit"]

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receiving_unit"].queryset = units if units is not None else Unit.objects.none()  # type: ignore[attr-defined]


class TrackForm(forms.Form):
    ma = forms.CharField(label=_("Mã tra cứu"), max_length=40)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class RejectForm(NoteForm):
    reason = forms.ChoiceField(label=_("Lý do"), choices=RejectReason.choices)


class AssignForm(NoteForm):
    unit = forms.ModelChoiceField(
        label=_("Đơn vị xử lý"), queryset=Unit.objects.none(), widget=UnitSelect
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()  # type: ignore[attr-defined]


class DraftForm(forms.Form):
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=100_000,
    )


class PublishForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề công khai"), max_length=200)
    content = forms.CharField(
        label=_("Nội dung phản ánh công khai"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=100_000,
    )
    answer = forms.CharField(
        label=_("Nội dung trả lời công khai"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=100_000,
    )


class StatsForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
