"""Forms for outputs and evidence: they check shape; the services check meaning."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Unit
from cchc.tracking.models import Output, OutputKind
from cchc.tracking.services import OutputData

DATE_INPUT = forms.DateInput(
    format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "size": 10}
)
# What the file picker offers: the types the evidence service accepts (a test keeps them equal).
EVIDENCE_ACCEPT = ".jpg,.jpeg,.png,.webp,.pdf,.doc,.docx,.xls,.xlsx,.pptx,.odt,.ods"
MAX_FILES = 20

# Which form field a service error keyed by this name belongs to.
ERROR_FIELDS = {"file": "evidence"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files (none allowed); each one's content is checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"multiple": True, "accept": EVIDENCE_ACCEPT})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("Mỗi lần tải lên tối đa %(n)d tệp.") % {"n": MAX_FILES}, code="too_many"
            )
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=0, widget=forms.NumberInput(attrs={"min": 0})
    )


class OutputForm(forms.Form):
    """An output as a person types it; ``units`` are the units they may record for."""

    unit = forms.TypedChoiceField(label=_("Đơn vị thực hiện"), coerce=int)
    kind = forms.ChoiceField(label=_("Loại sản phẩm"), choices=[("", "---------"), *OutputKind.choices])
    date = forms.DateField(
        label=_("Ngày thực hiện"),
        widget=DATE_INPUT,
        help_text=_("Viết dd/mm/yyyy, ví dụ 05/06/2024."),
        error_messages={"invalid": _("Ngày không đúng dạng dd/mm/yyyy.")},
    )
    quantity = forms.IntegerField(
        label=_("Số lượng"), min_value=1, initial=1, widget=forms.NumberInput(attrs={"min": 1})
    )
    duration_minutes = _count(_("Thời lượng (phút)"))
    participants = _count(_("Số người tham dự"))
    audience_reached = _count(_("Số người tiếp cận"))
    title = forms.CharField(label=_("Tên sản phẩm"), max_length=500, required=False)
    link = forms.URLField(
        label=_("Đường dẫn"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Địa chỉ bài đăng, video... nếu có."),
    )
    notes = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = MultipleFileField(
        label=_("Minh chứng (chọn được nhiều tệp)"),
        help_text=_(
            "Ảnh (JPG, PNG, WEBP), PDF, tệp văn phòng (DOC, DOCX, XLS, XLSX, PPTX, ODT, ODS);"
            " mỗi tệp tối đa 10 MB."
        ),
    )

    def __init__(self, *args: Any, units: Sequence[Unit] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = [(u.pk, u.display_name) for u in units]  # type: ignore[attr-defined]
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk

    def chosen_unit(self) -> Unit:
        return self.units[self.cleaned_data["unit"]]

    def to_data(self) -> OutputData:
        cd: dict[str, Any] = self.cleaned_data
        return OutputData(
            kind=cd["kind"],
            date=cd["date"],
            quantity=cd["quantity"],
            duration_minutes=cd.get("duration_minutes"),
            participants=cd.get("participants"),
            audience_reached=cd.get("audience_reached"),
            link=cd.get("link") or "",
            title=cd.get("title") or "",
            notes=cd.get("notes") or "",
        )

    def uploads(self) -> list[UploadedFile]:
        return list(self.cleaned_data.get("evidence") or [])

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show a service's refusal on the fields it names; the rest above the form."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for name, errors in exc.message_dict.items():
            target = ERROR_FIELDS.get(name, name)
            self.add_error(target if target in self.fields else None, errors)


class OutputEditForm(OutputForm):
    """The same output form without the unit: an output stays with the unit that did it."""

    def __init__(self, *args: Any, output: Output, **kwargs: Any) -> None:
        kwargs.setdefault("initial", self.initial_for(output))
        super().__init__(*args, **kwargs)
        del self.fields["unit"]
        self.fields["evidence"].label = _("Thêm minh chứng (chọn được nhiều tệp)")

    @staticmethod
    def initial_for(output: Output) -> dict[str, Any]:
        return {
            "kind": output.kind,
            "date": output.date,
            "quantity": output.quantity,
            "duration_minutes": output.duration_minutes,
            "participants": output.participants,
            "audience_reached": output.audience_reached,
            "title": output.title,
            "link": output.link,
            "notes": output.notes,
        }


class AsOfForm(forms.Form):
    """The day a dashboard is read at ("ngày"): today unless a person picks another."""

    ngay = forms.DateField(
        label=_("Xem tình hình tại ngày"),
        required=False,
        widget=DATE_INPUT,
        error_messages={"invalid": _("Ngày không đúng dạng dd/mm/yyyy.")},
    )

    def day(self, default: datetime.date) -> datetime.date:
        if self.is_valid() and self.cleaned_data.get("ngay"):
            day: datetime.date = self.cleaned_data["ngay"]
            return day
        return default
