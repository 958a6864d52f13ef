"""Forms of the contest pages; they only read input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.contests.models import Contest
from cchc.contests.services import ParticipantData
from cchc.orgs.models import Unit
from cchc.plans.models import Audience


class ServiceErrorsMixin:
    def add_service_errors(self, exc: ValidationError) -> None:
        form: Any = self
        if not hasattr(exc, "error_dict"):
            form.add_error(None, exc.messages)
            return
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)


class RegisterForm(ServiceErrorsMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Mỗi số điện thoại chỉ đăng ký một lần cho mỗi cuộc thi."),
    )
    audience = forms.ChoiceField(label=_("Đối tượng"), choices=())
    unit = forms.ModelChoiceField(
        label=_("Cơ quan, đơn vị công tác"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Không thuộc cơ quan nào —"),
    )
    locality = forms.CharField(
        label=_("Địa phương (xã, phường nơi sinh sống, học tập)"), max_length=200, required=False
    )
    id_number = forms.CharField(
        label=_("Số định danh cá nhân (không bắt buộc)"),
        max_length=20,
        required=False,
        help_text=_("Chỉ dùng để xác minh khi trao giải; được lưu dưới dạng mã hóa."),
    )

    def __init__(self, *args: Any, contest: Contest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Audience.choices)
        allowed = contest.audiences or list(labels)
        self.fields["audience"].choices = [(a, labels.get(a, a)) for a in allowed]  # type: ignore[attr-defined]
        # Units of the organiser's province (or the organiser's own tree above province level).
        organiser = contest.organiser
        prefix = organiser.path[: Unit.steplen * min(organiser.depth, 2)]
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            path__startswith=prefix, valid_to__isnull=True
        ).order_by("path")
        self.fields["unit"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]

    def to_data(self) -> ParticipantData:
        d = self.cleaned_data
        return ParticipantData(
            full_name=d["full_name"],
            phone=d["phone"],
            audience=d["audience"],
            unit=d.get("unit"),
            locality=d.get("locality", ""),
            id_number=d.get("id_number", ""),
        )


class ResumeForm(ServiceErrorsMixin, forms.Form):
    phone = forms.CharField(
        label=_("Số điện thoại đã đăng ký"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    code = forms.CharField(label=_("Mã dự thi"), max_length=12)


class DisqualifyForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do loại"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp câu hỏi (.xlsx hoặc .csv)"))
