"""Forms of the procedure catalog: public search, staff edit and import."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Role, Unit
from cchc.orgs.permissions import unit_scope_q
from cchc.orgs.widgets import UnitSelect
from cchc.procedures import selectors
from cchc.procedures.imports import MAX_BYTES
from cchc.procedures.models import Level, Status, SubmissionMethod
from cchc.procedures.services import MethodData, ProcedureData

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]


class SearchForm(forms.Form):
    """The public search: every field optional; a bad filter is reported and ignored."""

    q = forms.CharField(label=_("Tên hoặc mã thủ tục"), required=False, strip=True)
    linh_vuc = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    cap = forms.ChoiceField(
        label=_("Cấp thực hiện"),
        required=False,
        choices=[("", _("Tất cả các cấp")), *Level.choices],
    )
    don_vi = forms.TypedChoiceField(
        label=_("Đơn vị giải quyết"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["linh_vuc"]).choices = [
            ("", _("Tất cả lĩnh vực")),
            *((f, f) for f in selectors.fields()),
        ]
        self.units = {u.pk: u for u in selectors.handling_units()}
        cast(forms.ChoiceField, self.fields["don_vi"]).choices = [
            ("", _("Tất cả đơn vị")),
            *((pk, u.name) for pk, u in self.units.items()),
        ]
        self.fields["q"].widget.attrs.update(
            {"type": "search", "autocomplete": "off", "maxlength": "200"}
        )

    def filters(self) -> selectors.Filters:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return selectors.Filters(
            field=data.get("linh_vuc") or "",
            level=data.get("cap") or "",
            unit=self.units.get(data["don_vi"]) if data.get("don_vi") else None,
        )


class ProcedureForm(forms.Form):
    code = forms.CharField(
        label=_("Mã thủ tục"), max_length=50, help_text=_("Ví dụ: 1.001193.000.00.00.H51")
    )
    name = forms.CharField(label=_("Tên thủ tục"), max_length=500)
    field = forms.CharField(label=_("Lĩnh vực"), max_length=255)
    level = forms.ChoiceField(label=_("Cấp thực hiện"), choices=Level.choices)
    handling_unit = forms.ModelChoiceField(
        label=_("Đơn vị giải quyết"), queryset=Unit.objects.none(), required=False, widget=UnitSelect
    )
    implementing_agency = forms.CharField(
        label=_("Cơ quan thực hiện"), max_length=500, required=False
    )
    applicants = forms.CharField(
        label=_("Đối tượng thực hiện"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    online_url = forms.CharField(
        label=_("Địa chỉ dịch vụ công trực tuyến"), max_length=500, required=False
    )
    requirements = forms.CharField(
        label=_("Yêu cầu, điều kiện"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    documents = forms.CharField(
        label=_("Thành phần hồ sơ"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    steps = forms.CharField(
        label=_("Trình tự thực hiện"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    result = forms.CharField(
        label=_("Kết quả thực hiện"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    legal_basis = forms.CharField(
        label=_("Căn cứ pháp lý"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = forms.CharField(label=_("Quyết định công bố"), max_length=255, required=False)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=Status.choices)
    issued_on = forms.DateField(
        label=_("Ngày ban hành (dd/mm/yyyy)"), required=False, input_formats=DATE_INPUTS
    )
    amended_on = forms.DateField(
        label=_("Ngày sửa đổi (dd/mm/yyyy)"), required=False, input_formats=DATE_INPUTS
    )
    abolished_on = forms.DateField(
        label=_("Ngày bãi bỏ (dd/mm/yyyy)"), required=False, input_formats=DATE_INPUTS
    )

    def __init__(self, *args: Any, user: Any, keep: Unit | None = None, **kwargs: Any) -> None:
        """``keep``: the unit the procedure names now, offered even if it has ended (a
        former district), so that editing it does not force a change."""
        super().__init__(*args, **kwargs)
        current = Q(valid_to__isnull=True)
        if keep is not None:
            current |= Q(pk=keep.pk)
        units: QuerySet[Unit] = Unit.objects.filter(
            unit_scope_q(user, Role.EDITOR), current
        ).order_by("path")
        cast(forms.ModelChoiceField, self.fields["handling_unit"]).queryset = units
        for method, label in SubmissionMethod.choices:
            self.fields[f"{method}_on"] = forms.BooleanField(
                label=_("Nhận hồ sơ: %(m)s") % {"m": label}, required=False
            )
            self.fields[f"{method}_time_limit"] = forms.CharField(
                label=_("Thời hạn giải quyết (%(m)s)") % {"m": label},
                max_length=255,
                required=False,
            )
            self.fields[f"{method}_fee"] = forms.CharField(
                label=_("Phí, lệ phí (%(m)s)") % {"m": label}, max_length=255, required=False
            )
        for name in ("issued_on", "amended_on", "abolished_on"):
            self.fields[name].widget.format = "%d/%m/%Y"
            self.fields[name].error_messages["invalid"] = _(
                "Ngày phải viết dạng dd/mm/yyyy, ví dụ 05/03/2025."
            )

    @classmethod
    def initial_from(cls, data: ProcedureData) -> dict[str, Any]:
        initial = {k: v for k, v in vars(data).items() if k != "methods"}
        for m in data.methods:
            initial[f"{m.method}_on"] = True
            initial[f"{m.method}_time_limit"] = m.time_limit
            initial[f"{m.method}_fee"] = m.fee
        return initial

    def data_object(self) -> ProcedureData:
        d = self.cleaned_data
        methods = [
            MethodData(m, d.get(f"{m}_time_limit", ""), d.get(f"{m}_fee", ""))
            for m in SubmissionMethod.values
            if d.get(f"{m}_on") or d.get(f"{m}_time_limit") or d.get(f"{m}_fee")
        ]
        return ProcedureData(
            **{k: d[k] for k in self.base_fields if k in ProcedureData.__dataclass_fields__},
            methods=methods,
        )

    def add_service_errors(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                target = name if name in self.fields else None
                for message in messages:
                    self.add_error(target, message)
        else:
            for message in exc.messages:
                self.add_error(None, message)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh mục (.csv, .xlsx, .json)"),
        help_text=_("Dòng tiêu đề cần các cột ma, ten, linh_vuc, cap; xem hướng dẫn bên dưới."),
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị giải quyết (cho các dòng không ghi mã đơn vị)"),
        queryset=Unit.objects.none(),
        widget=UnitSelect,
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = Unit.objects.filter(
            unit_scope_q(user, Role.EDITOR), valid_to__isnull=True
        ).order_by("path")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("Tệp lớn quá %(n)d MB.") % {"n": MAX_BYTES // (1024 * 1024)})
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx", ".json")):
            raise ValidationError(_("Chỉ nhận tệp .csv, .xlsx hoặc .json."))
        return upload
