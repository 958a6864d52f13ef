"""Forms of the plan import: the upload and the review of what was read."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

ALLOWED_EXTENSIONS = (".txt", ".docx", ".pdf", ".doc")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DATE_FORMAT = "%d/%m/%Y"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp kế hoạch"),
        help_text=_("Tệp .docx, .pdf (có lớp chữ), .txt hoặc .doc, tối đa 20 MB."),
        error_messages={
            "required": _("Hãy chọn tệp kế hoạch cần nhập."),
            "empty": _("Tệp đã chọn rỗng (0 byte); hãy chọn lại tệp khác."),
            "invalid": _("Không đọc được tệp đã gửi; hãy chọn lại."),
        },
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = upload.name or ""
        if Path(name).suffix.lower() not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                _("Chỉ nhập được tệp .docx, .pdf, .txt hoặc .doc (tệp đã chọn: “%(n)s”).")
                % {"n": name}
            )
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 20 MB; hãy chọn tệp nhỏ hơn."))
        if not upload.size:
            raise forms.ValidationError(_("Tệp đã chọn rỗng (0 byte); hãy chọn lại tệp khác."))
        return upload


class VnDateField(forms.DateField):
    input_formats = [DATE_FORMAT, "%d-%m-%Y", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Ngày phải theo dạng ngày/tháng/năm, ví dụ 01/03/2024.")}


def vn_date(value: datetime.date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ReviewForm(forms.Form):
    """The plan's own fields; lists are one item a line."""

    title = forms.CharField(
        label=_("Trích yếu (tên kế hoạch)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Kế hoạch phải có trích yếu (tên kế hoạch).")},
    )
    number = forms.CharField(label=_("Số"), max_length=20, required=False)
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=50, required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    issued_on = VnDateField(label=_("Ngày ban hành"), required=False)
    start_year = forms.IntegerField(
        label=_("Từ năm"),
        min_value=1990,
        max_value=2100,
        error_messages={"required": _("Hãy nhập năm bắt đầu của kỳ kế hoạch.")},
    )
    end_year = forms.IntegerField(
        label=_("Đến năm"), min_value=1990, max_value=2100, required=False
    )
    themes = forms.CharField(
        label=_("Nội dung tuyên truyền (mỗi dòng một nội dung)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    objectives = forms.CharField(
        label=_("Mục đích (mỗi dòng một ý)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    requirements = forms.CharField(
        label=_("Yêu cầu (mỗi dòng một ý)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    funding = forms.CharField(
        label=_("Kinh phí"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    recipients = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    signing_authority = forms.CharField(
        label=_("Thẩm quyền ký (mỗi dòng một dòng)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    signer_position = forms.CharField(label=_("Chức vụ người ký"), max_length=200, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=200, required=False)
    allow_duplicate = forms.BooleanField(
        label=_("Vẫn nhập (văn bản này đã được nhập trước đây)"), required=False
    )

    def clean_number(self) -> str:
        number: str = self.cleaned_data["number"].strip()
        if number and not number.isdigit():
            raise forms.ValidationError(_("Số văn bản chỉ gồm chữ số, ví dụ “40”."))
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("Năm kết thúc phải sau hoặc bằng năm bắt đầu."))
        return data

    def theme_lines(self) -> list[str]:
        return _lines(self.cleaned_data.get("themes", ""))

    def recipient_lines(self) -> list[str]:
        return _lines(self.cleaned_data.get("recipients", ""))

    def authority_lines(self) -> list[str]:
        return _lines(self.cleaned_data.get("signing_authority", ""))


class LegalBasisForm(forms.Form):
    doc_type = forms.CharField(label=_("Loại văn bản"), max_length=100, required=False)
    symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=100, required=False)
    date = VnDateField(label=_("Ngày"), required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    subject = forms.CharField(label=_("Trích yếu"), max_length=1000, required=False)
    DELETE = forms.BooleanField(label=_("Bỏ"), required=False)


class ActivityForm(forms.Form):
    title = forms.CharField(
        label=_("Tên hoạt động"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    leads = forms.CharField(
        label=_("Cơ quan chủ trì (mỗi dòng một đơn vị)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    coordinators = forms.CharField(
        label=_("Cơ quan phối hợp (mỗi dòng một đơn vị)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    timing = forms.CharField(label=_("Thời gian thực hiện"), max_length=500, required=False)
    DELETE = forms.BooleanField(label=_("Bỏ"), required=False)

    def lead_names(self) -> list[str]:
        return _lines(self.cleaned_data.get("leads", ""))

    def coordinator_names(self) -> list[str]:
        return _lines(self.cleaned_data.get("coordinators", ""))


class DutyForm(forms.Form):
    unit = forms.CharField(label=_("Đơn vị"), max_length=500)
    duties = forms.CharField(
        label=_("Nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    DELETE = forms.BooleanField(label=_("Bỏ"), required=False)


_ORIGIN_RE = re.compile(r"^\d{1,3}(?:\.\d{1,3})?$")


class SubActivityForm(forms.Form):
    """A sub-activity ("1.1", "1.2"): its parent is the number of a key activity."""

    parent = forms.IntegerField(
        label=_("Thuộc hoạt động số"),
        min_value=1,
        max_value=999,
        required=False,
        error_messages={
            "invalid": _("Số hoạt động phải là một số, ví dụ 1."),
            "min_value": _("Số hoạt động bắt đầu từ 1."),
            "max_value": _("Không có hoạt động số này."),
        },
    )
    title = forms.CharField(
        label=_("Tên hoạt động con"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    leads = forms.CharField(
        label=_("Cơ quan chủ trì (mỗi dòng một đơn vị)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    coordinators = forms.CharField(
        label=_("Cơ quan phối hợp (mỗi dòng một đơn vị)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    timing = forms.CharField(label=_("Thời gian thực hiện"), max_length=500, required=False)
    # Which sub-activity of the read plan this row is ("1.2"); empty for a new row.
    origin = forms.CharField(max_length=10, required=False, widget=forms.HiddenInput)
    DELETE = forms.BooleanField(label=_("Bỏ"), required=False)

    def clean_origin(self) -> str:
        origin: str = self.cleaned_data.get("origin", "").strip()
        if origin and not _ORIGIN_RE.match(origin):
            raise forms.ValidationError(_("Dòng này không thuộc kế hoạch đang kiểm tra."))
        return origin

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("DELETE"):
            return data
        filled = any(data.get(name) for name in ("title", "leads", "coordinators", "timing"))
        if filled and not (data.get("title") or "").strip():
            self.add_error("title", _("Hoạt động con cần có tên."))
        if filled and not data.get("parent") and "parent" not in self.errors:
            self.add_error("parent", _("Hãy ghi số của hoạt động chứa hoạt động con này."))
        return data

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("DELETE")) or not (data.get("title") or "").strip()

    def lead_names(self) -> list[str]:
        return _lines(self.cleaned_data.get("leads", ""))

    def coordinator_names(self) -> list[str]:
        return _lines(self.cleaned_data.get("coordinators", ""))


class ReportingForm(forms.Form):
    periods = forms.CharField(
        label=_("Kỳ báo cáo"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: quý I, 6 tháng, năm."),
    )
    deadline_text = forms.CharField(label=_("Thời hạn"), max_length=255, required=False)
    text = forms.CharField(
        label=_("Nguyên văn"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    DELETE = forms.BooleanField(label=_("Bỏ"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("DELETE"):
            return data
        periods = (data.get("periods") or "").strip()
        if (data.get("deadline_text") or "").strip() and not periods:
            self.add_error("periods", _("Thời hạn báo cáo cần đi kèm kỳ báo cáo."))
        return data

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("DELETE")) or not any(
            (data.get(name) or "").strip() for name in ("periods", "deadline_text", "text")
        )


LegalBasisFormSet = forms.formset_factory(LegalBasisForm, extra=0)
SubActivityFormSet = forms.formset_factory(SubActivityForm, extra=1)
ReportingFormSet = forms.formset_factory(ReportingForm, extra=1)
ActivityFormSet = forms.formset_factory(ActivityForm, extra=0)
DutyFormSet = forms.formset_factory(DutyForm, extra=0)
