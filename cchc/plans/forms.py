"""Forms for plans: they check the shape of what was typed and turn it into ``PlanData``.

The services check meaning (a lead outside the plan's unit, a number already used, a
stale revision...). Their ``ValidationError`` is shown on the same page, and everything
typed stays in the form: the page is always re-rendered from the bound forms.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.formsets import ORDERING_FIELD_NAME, BaseFormSet, formset_factory
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cchc.legal.services import ReferenceData
from cchc.legal.symbols import parse_symbol
from cchc.orgs.models import DIVISION_KINDS, Unit
from cchc.orgs.permissions import is_site_admin
from cchc.orgs.selectors import current_q, unit_labels, unit_tops_for_user
from cchc.orgs.widgets import filter_attrs
from cchc.plans.models import Audience, ChannelKind, Plan, PlanStatus, ReformArea, ReformIndex
from cchc.plans.selectors import PlanFilters
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
)
from cchc.text import fold

DATE_INPUT = forms.DateInput(
    format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "size": 10}
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# --- Units to choose from -----------------------------------------------------------


@dataclass
class UnitOptions:
    """A list of units shared by every unit select on a page, rendered once."""

    choices: list[tuple[int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.ids = {pk for pk, _label in self.choices}
        self._escaped = [(str(pk), str(escape(label))) for pk, label in self.choices]

    def options_html(self, selected: Iterable[Any]) -> str:
        chosen = {str(v) for v in selected if v not in (None, "")}
        return "".join(
            f'<option value="{pk}"{" selected" if pk in chosen else ""}>{label}</option>'
            for pk, label in self._escaped
        )

    @classmethod
    def from_units(cls, units: Iterable[Unit], base_depth: int) -> UnitOptions:
        units = list(units)
        return cls(
            [
                (u.pk, "\u00a0\u00a0\u00a0" * max(u.depth - base_depth, 0) + label)
                for u, label in zip(units, unit_labels(units), strict=True)
            ]
        )


def plan_unit_options(unit: Unit, *, also: Iterable[int] = ()) -> UnitOptions:
    """Units a plan of ``unit`` may name: its current subtree two levels down, sorted by
    path, plus the units the plan already names (``also``); one query."""
    query = Q(path__startswith=unit.path, depth__lte=unit.depth + 2) & current_q()
    extra = [pk for pk in also if pk]
    if extra:
        query |= Q(pk__in=extra)
    return UnitOptions.from_units(Unit.objects.filter(query).order_by("path"), unit.depth)


def visible_units(user: Any, *, also: int | None = None) -> tuple[list[Unit], int]:
    """The user's top units and two levels below them (one query), plus the unit ``also``
    when the user may see it; and the depth of the shallowest top unit."""
    tops = unit_tops_for_user(user)
    if not tops:
        return [], 0
    query = Q()
    for top in tops:
        query |= Q(path__startswith=top.path, depth__lte=top.depth + 2)
    units = list(Unit.objects.filter(query & current_q()).order_by("path"))
    if also and also not in {u.pk for u in units}:
        extra = Unit.objects.filter(pk=also).first()
        if extra is not None and (
            is_site_admin(user) or any(extra.path.startswith(t.path) for t in tops)
        ):
            units.append(extra)
            units.sort(key=lambda u: u.path)
    return units, min(t.depth for t in tops)


def visible_unit_options(user: Any, *, also: int | None = None) -> UnitOptions:
    """Units the user may filter the plan list by."""
    units, base = visible_units(user, also=also)
    return UnitOptions.from_units(units, base)


class UnitSelect(forms.SelectMultiple):
    """A select over a long, shared list of units, without one template per option.

    A plan page may hold sixty activity rows, each with two unit lists of hundreds of
    units; Django's per-option templates would take seconds to render them.
    """

    def __init__(self, attrs: dict[str, Any] | None = None, *, multiple: bool = True) -> None:
        super().__init__(attrs)
        self.allow_multiple_selected = multiple
        self.unit_options = UnitOptions()
        self.blank_label = ""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.allow_multiple_selected:
            return super().value_from_datadict(data, files, name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False if self.allow_multiple_selected else name not in data

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = {**self.build_attrs(self.attrs, attrs), **filter_attrs(len(self.unit_options.choices))}
        values = value if isinstance(value, list | tuple) else [value]
        parts = [f'<select name="{escape(name)}"']
        for key, val in final.items():
            if val is True:
                parts.append(f" {escape(key)}")
            elif val not in (False, None):
                parts.append(f' {escape(key)}="{escape(val)}"')
        if self.allow_multiple_selected:
            parts.append(" multiple")
        parts.append(">")
        if not self.allow_multiple_selected:
            parts.append(f'<option value="">{escape(self.blank_label or _("(không chọn)"))}</option>')
        parts.append(self.unit_options.options_html(values))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


class UnitsField(forms.Field):
    """Several units from a ``UnitOptions`` list, cleaned to a list of ids."""

    def __init__(self, *, multiple: bool = True, **kwargs: Any) -> None:
        self.multiple = multiple
        kwargs.setdefault("widget", UnitSelect(multiple=multiple))
        super().__init__(**kwargs)
        self.options = UnitOptions()

    def set_options(self, options: UnitOptions) -> None:
        self.options = options
        assert isinstance(self.widget, UnitSelect)
        self.widget.unit_options = options

    def to_python(self, value: Any) -> list[int]:
        raw = value if isinstance(value, list | tuple) else [value]
        ids: list[int] = []
        for item in raw:
            if item in (None, ""):
                continue
            try:
                ids.append(int(item))
            except (TypeError, ValueError):
                raise ValidationError(_("Đơn vị đã chọn không hợp lệ."), code="invalid") from None
        return list(dict.fromkeys(ids))

    def validate(self, value: list[int]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        for pk in value:
            if pk not in self.options.ids:
                raise ValidationError(_("Đơn vị đã chọn không có trong danh sách."), code="invalid_choice")

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return set(self.to_python(initial or [])) != set(self.to_python(data or []))
        except ValidationError:
            return True


class MoneyField(forms.Field):
    """An amount in đồng, typed as people write it: "10.000.000", "10 000 000 đ"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "size": 14}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int):
            return f"{int(value):,}".replace(",", ".")
        return value

    def to_python(self, value: Any) -> Decimal | None:
        text = re.sub(r"đồng|vnđ|[\s.,đ]", "", str(value or "").strip(), flags=re.IGNORECASE)
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_("Ghi số tiền bằng chữ số, ví dụ 10.000.000."), code="invalid") from None
        if amount < 0 or amount != amount.to_integral_value():
            raise ValidationError(_("Số tiền phải là số nguyên không âm (đồng)."), code="invalid")
        return amount

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


# --- The list filter ----------------------------------------------------------------


class PlanFilterForm(forms.Form):
    """The list page's filters, read from the query string."""

    q = forms.CharField(label=_lazy("Tìm theo tên hoặc số"), required=False, max_length=200)
    year = forms.IntegerField(
        label=_lazy("Năm"), required=False, min_value=1900, max_value=2200,
        widget=forms.NumberInput(attrs={"size": 6}),
    )
    unit = UnitsField(label=_lazy("Đơn vị"), required=False, multiple=False)
    status = forms.ChoiceField(
        label=_lazy("Trạng thái"), required=False, choices=[("", _lazy("Tất cả"))] + PlanStatus.choices
    )
    area = forms.ChoiceField(
        label=_lazy("Lĩnh vực cải cách"), required=False, choices=[("", _lazy("Tất cả"))] + ReformArea.choices
    )
    channel = forms.ChoiceField(
        label=_lazy("Hình thức"), required=False, choices=[("", _lazy("Tất cả"))] + ChannelKind.choices
    )
    assigned_to_me = forms.BooleanField(label=_lazy("Được giao cho đơn vị tôi"), required=False)

    def __init__(self, *args: Any, units: UnitOptions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, UnitsField) and isinstance(unit_field.widget, UnitSelect)
        unit_field.set_options(units)
        unit_field.widget.blank_label = _("Tất cả đơn vị")

    def filters(self) -> tuple[PlanFilters, list[str]]:
        """The filters that are valid, and a notice for each one that was ignored."""
        self.is_valid()
        cd = self.cleaned_data
        notices = [
            _("Bộ lọc “%(f)s” có giá trị không hợp lệ nên đã được bỏ qua.") % {"f": self.fields[name].label}
            for name in self.errors
            if name in self.fields
        ]
        return (
            PlanFilters(
                year=cd.get("year"),
                unit_id=(cd.get("unit") or [None])[0],
                status=cd.get("status") or "",
                area=cd.get("area") or "",
                channel=cd.get("channel") or "",
                assigned_to_me=bool(cd.get("assigned_to_me")),
                query=(cd.get("q") or "").strip(),
            ),
            notices,
        )

    def for_display(self) -> PlanFilterForm:
        """An unbound copy holding the valid values only (bad ones are dropped)."""
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, UnitsField)
        return PlanFilterForm(units=unit_field.options, initial=dict(self.cleaned_data))


# --- The plan editor ----------------------------------------------------------------


class PlanForm(forms.Form):
    """The plan's own fields, as they appear on the document."""

    header_parent = forms.CharField(
        label=_lazy("Cơ quan chủ quản (dòng trên)"), max_length=255, required=False,
        help_text=_lazy("Ví dụ: UBND TỈNH QUẢNG NGÃI. Để trống nếu cơ quan ban hành là UBND."),
    )
    header_unit = forms.CharField(
        label=_lazy("Tên cơ quan ban hành trên tiêu đề"), max_length=255, required=False,
        help_text=_lazy("Ví dụ: SỞ NỘI VỤ; ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI."),
    )
    number = forms.CharField(
        label=_lazy("Số"), max_length=16, required=False,
        help_text=_lazy("Thường để trống đến khi ban hành."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    symbol = forms.CharField(
        label=_lazy("Ký hiệu"), max_length=64, required=False, help_text=_lazy("Ví dụ: KH-UBND.")
    )
    place = forms.CharField(label=_lazy("Địa danh"), max_length=128, required=False,
                            help_text=_lazy("Ví dụ: Quảng Ngãi."))
    doc_type = forms.CharField(label=_lazy("Loại văn bản"), max_length=64, initial="Kế hoạch")
    title = forms.CharField(label=_lazy("Trích yếu (tên kế hoạch)"), max_length=500, widget=_textarea(2))
    period_start = forms.DateField(label=_lazy("Thực hiện từ ngày"), widget=DATE_INPUT)
    period_end = forms.DateField(label=_lazy("Đến ngày"), widget=DATE_INPUT)
    period_label = forms.CharField(
        label=_lazy("Kỳ kế hoạch"), max_length=64, required=False,
        help_text=_lazy("Ví dụ: năm 2024; giai đoạn 2022 - 2025."),
    )
    slogan = forms.CharField(label=_lazy("Chủ đề năm"), required=False, widget=_textarea(2))
    intro = forms.CharField(
        label=_lazy("Đoạn mở đầu"), required=False, widget=_textarea(3),
        help_text=_lazy("Câu dẫn sau phần căn cứ, ví dụ: “UBND tỉnh ban hành Kế hoạch ... như sau:”."),
    )
    objectives = forms.CharField(label=_lazy("Mục đích, mục tiêu"), required=False, widget=_textarea(6))
    requirements = forms.CharField(label=_lazy("Yêu cầu"), required=False, widget=_textarea(5))
    funding = forms.CharField(label=_lazy("Kinh phí (nội dung chung)"), required=False, widget=_textarea(3))
    implementation = forms.CharField(
        label=_lazy("Tổ chức thực hiện (nội dung chung)"), required=False, widget=_textarea(3)
    )
    signing_authority = forms.CharField(
        label=_lazy("Thẩm quyền ký"), required=False, widget=_textarea(2),
        help_text=_lazy("Mỗi dòng một cấp, ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH."),
    )
    signer_position = forms.CharField(label=_lazy("Chức vụ người ký"), max_length=128, required=False,
                                      help_text=_lazy("Ví dụ: PHÓ CHỦ TỊCH."))
    signer_name = forms.CharField(label=_lazy("Họ và tên người ký"), max_length=128, required=False)
    recipients = forms.CharField(
        label=_lazy("Nơi nhận"), required=False, widget=_textarea(5),
        help_text=_lazy("Mỗi nơi nhận một dòng, ví dụ: “Như trên”, “Lưu: VT, NC”."),
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_number(self) -> str:
        number = (self.cleaned_data.get("number") or "").strip()
        if number and not number.isdigit():
            raise ValidationError(_("Số văn bản chỉ gồm chữ số, ví dụ “40”."))
        return number

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        start, end = cd.get("period_start"), cd.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end",
                _("Kỳ kế hoạch kết thúc (%(end)s) trước khi bắt đầu (%(start)s).")
                % {"end": end.strftime("%d/%m/%Y"), "start": start.strftime("%d/%m/%Y")},
            )
        return cd


class RowForm(forms.Form):
    """A row of one of the plan's lists; rows left blank are ignored."""

    def __init__(self, *args: Any, unit_options: UnitOptions | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            if isinstance(f, UnitsField) and unit_options is not None:
                f.set_options(unit_options)


class LegalBasisForm(RowForm):
    doc_type = forms.CharField(label=_lazy("Loại văn bản"), max_length=64,
                               widget=forms.TextInput(attrs={"placeholder": _lazy("Quyết định")}))
    number_symbol = forms.CharField(label=_lazy("Số, ký hiệu"), max_length=64, required=False,
                                    widget=forms.TextInput(attrs={"placeholder": "35/QĐ-BNV"}))
    issued_on = forms.DateField(label=_lazy("Ngày ban hành"), required=False, widget=DATE_INPUT)
    issuer = forms.CharField(label=_lazy("Cơ quan, người ban hành"), max_length=255, required=False)
    subject = forms.CharField(label=_lazy("Trích yếu"), required=False, widget=_textarea(2))

    def clean_number_symbol(self) -> str:
        value = (self.cleaned_data.get("number_symbol") or "").strip()
        if value and parse_symbol(value) is None:
            raise ValidationError(
                _("“%(s)s” không phải số, ký hiệu văn bản (ví dụ 40/KH-UBND).") % {"s": value}
            )
        return value


AREA_CHOICES = ReformArea.choices
INDEX_CHOICES = ReformIndex.choices
AUDIENCE_CHOICES = Audience.choices


class ThemeForm(RowForm):
    title = forms.CharField(label=_lazy("Nội dung tuyên truyền"), widget=_textarea(2))
    details = forms.CharField(label=_lazy("Chi tiết"), required=False, widget=_textarea(2))
    audience = forms.ChoiceField(
        label=_lazy("Đối tượng"), required=False, choices=[("", _lazy("(mọi đối tượng)")), *AUDIENCE_CHOICES]
    )
    areas = forms.MultipleChoiceField(
        label=_lazy("Lĩnh vực cải cách"), required=False, choices=AREA_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    indices = forms.MultipleChoiceField(
        label=_lazy("Chỉ số"), required=False, choices=INDEX_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    parent_theme = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AudienceForm(RowForm):
    audience = forms.ChoiceField(label=_lazy("Đối tượng"), choices=[("", "—"), *AUDIENCE_CHOICES])
    description = forms.CharField(label=_lazy("Mô tả"), required=False, widget=_textarea(2))
    content = forms.CharField(label=_lazy("Nội dung tuyên truyền cho đối tượng"), required=False,
                              widget=_textarea(2))


class ChannelForm(RowForm):
    kind = forms.ChoiceField(label=_lazy("Hình thức"), choices=[("", "—"), *ChannelKind.choices])
    description = forms.CharField(label=_lazy("Mô tả"), required=False, widget=_textarea(2))


class ActivityForm(RowForm):
    title = forms.CharField(label=_lazy("Tên hoạt động"), widget=_textarea(2))
    content = forms.CharField(label=_lazy("Nội dung"), required=False, widget=_textarea(2))
    timing_text = forms.CharField(
        label=_lazy("Thời gian thực hiện"), max_length=500, required=False,
        widget=forms.TextInput(attrs={"placeholder": _lazy("Ví dụ: Quý III/2024")}),
    )
    expected_outputs = forms.CharField(label=_lazy("Sản phẩm, kết quả dự kiến"), required=False,
                                       widget=_textarea(2))
    budget_estimate = MoneyField(label=_lazy("Dự toán (đồng)"))
    leads = UnitsField(label=_lazy("Cơ quan chủ trì"), required=False,
                       widget=UnitSelect(attrs={"size": 5}))
    lead_labels = forms.CharField(
        label=_lazy("Chủ trì khác (mỗi dòng một tên)"), required=False, widget=_textarea(2),
        help_text=_lazy("Cho nhóm đơn vị, ví dụ: UBND các xã, thị trấn."),
    )
    coordinators = UnitsField(label=_lazy("Cơ quan phối hợp"), required=False,
                              widget=UnitSelect(attrs={"size": 5}))
    coordinator_labels = forms.CharField(
        label=_lazy("Phối hợp khác (mỗi dòng một tên)"), required=False, widget=_textarea(2)
    )
    channels = forms.MultipleChoiceField(
        label=_lazy("Hình thức"), required=False, choices=ChannelKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    audiences = forms.MultipleChoiceField(
        label=_lazy("Đối tượng"), required=False, choices=AUDIENCE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.CharField(
        label=_lazy("Thuộc nội dung số"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"placeholder": "1, 3", "size": 8}),
    )
    parent = forms.IntegerField(
        label=_lazy("Thuộc hoạt động số"), required=False, min_value=1,
        widget=forms.NumberInput(attrs={"size": 4}),
        help_text=_lazy("Ghi số của hoạt động cha để dòng này thành hoạt động con."),
    )
    derived_from = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_themes(self) -> list[int]:
        text = (self.cleaned_data.get("themes") or "").strip()
        numbers: list[int] = []
        for part in re.split(r"[\s,;]+", text):
            if not part:
                continue
            if not part.isdigit() or int(part) < 1:
                raise ValidationError(_("Ghi số thứ tự nội dung, cách nhau bởi dấu phẩy, ví dụ “1, 3”."))
            numbers.append(int(part))
        return list(dict.fromkeys(numbers))


class ResponsibilityForm(RowForm):
    label = forms.CharField(label=_lazy("Đơn vị (như ghi trong văn bản)"), max_length=500, required=False)
    unit = UnitsField(label=_lazy("Đơn vị trong danh mục"), required=False, multiple=False)
    duties = forms.CharField(label=_lazy("Nhiệm vụ"), widget=_textarea(3))

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        if not (cd.get("label") or "").strip() and not cd.get("unit"):
            self.add_error("label", _("Ghi tên đơn vị hoặc chọn đơn vị trong danh mục."))
        return cd


class FundingForm(RowForm):
    source = forms.CharField(label=_lazy("Nguồn kinh phí"), max_length=255)
    amount = MoneyField(label=_lazy("Dự toán (đồng)"))
    note = forms.CharField(label=_lazy("Ghi chú"), required=False, widget=_textarea(1))


class ReportingForm(RowForm):
    periods = forms.CharField(label=_lazy("Kỳ báo cáo"), max_length=255,
                              widget=forms.TextInput(attrs={"placeholder": _lazy("Quý I, 6 tháng, năm")}))
    deadline_text = forms.CharField(label=_lazy("Thời hạn"), max_length=255, required=False)
    to_label = forms.CharField(label=_lazy("Gửi về"), max_length=255, required=False)
    through_label = forms.CharField(label=_lazy("Thông qua"), max_length=255, required=False)
    text = forms.CharField(label=_lazy("Nguyên văn"), required=False, widget=_textarea(2))


class PlanFormSet(BaseFormSet):  # type: ignore[type-arg]
    """A formset whose ordering and deletion fields speak Vietnamese."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if self.can_order:
            form.fields[ORDERING_FIELD_NAME].label = _("Thứ tự")
            form.fields[ORDERING_FIELD_NAME].widget.attrs.update({"size": 4, "class": "order-input"})
        if self.can_delete and "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Xóa dòng này")


def _formset(form: type[forms.Form], *, order: bool = False) -> Any:
    return formset_factory(
        form, formset=PlanFormSet, extra=0, can_delete=True, can_order=order, max_num=500,
        absolute_max=1000, validate_max=True,
    )


LegalBasisFormSet = _formset(LegalBasisForm)
ThemeFormSet = _formset(ThemeForm)
AudienceFormSet = _formset(AudienceForm)
ChannelFormSet = _formset(ChannelForm)
ActivityFormSet = _formset(ActivityForm, order=True)
ResponsibilityFormSet = _formset(ResponsibilityForm)
FundingFormSet = _formset(FundingForm)
ReportingFormSet = _formset(ReportingForm)


@dataclass(frozen=True)
class Section:
    prefix: str
    title: str
    formset_class: Any
    add_label: str
    row_label: str


def _sections() -> list[Section]:
    return [
        Section("legal_bases", _("Căn cứ ban hành"), LegalBasisFormSet, _("Thêm căn cứ"), _("Căn cứ")),
        Section("themes", _("Nội dung tuyên truyền"), ThemeFormSet, _("Thêm nội dung"), _("Nội dung số")),
        Section("audiences", _("Đối tượng tuyên truyền"), AudienceFormSet, _("Thêm đối tượng"), _("Đối tượng")),
        Section("channels", _("Hình thức tuyên truyền"), ChannelFormSet, _("Thêm hình thức"), _("Hình thức")),
        Section("activities", _("Nhiệm vụ, hoạt động cụ thể"), ActivityFormSet, _("Thêm hoạt động"),
                _("Hoạt động số")),
        Section("responsibilities", _("Nhiệm vụ của từng đơn vị"), ResponsibilityFormSet,
                _("Thêm đơn vị"), _("Đơn vị")),
        Section("funding_sources", _("Nguồn kinh phí"), FundingFormSet, _("Thêm nguồn kinh phí"), _("Nguồn")),
        Section("reporting_duties", _("Chế độ báo cáo"), ReportingFormSet, _("Thêm yêu cầu báo cáo"),
                _("Báo cáo")),
    ]


SECTION_PREFIXES = (
    "legal_bases", "themes", "audiences", "channels", "activities", "responsibilities",
    "funding_sources", "reporting_duties",
)
ADD_ROW = "_add_row"
ADD_CHILD = "_add_child"
SCALAR_NAMES = (
    "header_parent", "header_unit", "number", "symbol", "place", "doc_type", "title", "period_start",
    "period_end", "period_label", "slogan", "intro", "objectives", "requirements", "funding",
    "implementation", "signing_authority", "signer_position", "signer_name",
)


def blank_plan_initial(unit: Unit, today: datetime.date | None = None) -> PlanData:
    """What a new plan of ``unit`` starts with: this year, the unit's name on the header."""
    today = today or timezone.localdate()
    parent = Unit.objects.get_parent(unit) if unit.depth > 1 else None
    header_parent = ""
    if parent is not None and unit.kind not in DIVISION_KINDS and parent.kind in DIVISION_KINDS:
        header_parent = parent.display_name.upper()
    return PlanData(
        unit_id=unit.pk,
        title="",
        period_start=datetime.date(today.year, 1, 1),
        period_end=datetime.date(today.year, 12, 31),
        period_label=_("năm %(y)d") % {"y": today.year},
        header_parent=header_parent,
        header_unit=(
            f"ỦY BAN NHÂN DÂN {unit.name.upper()}" if unit.kind in DIVISION_KINDS else unit.name.upper()
        ),
        symbol="KH-UBND" if unit.kind in DIVISION_KINDS else "",
    )


def _unit_lines(refs: Iterable[UnitRef]) -> tuple[list[int], str]:
    refs = list(refs)
    return [r.unit_id for r in refs if r.unit_id], "\n".join(r.label for r in refs if not r.unit_id and r.label)


def _activity_initial(a: ActivityData, parent: int | None) -> dict[str, Any]:
    leads, lead_labels = _unit_lines(a.leads)
    coordinators, coordinator_labels = _unit_lines(a.coordinators)
    return {
        "title": a.title,
        "content": a.content,
        "timing_text": a.timing_text,
        "expected_outputs": a.expected_outputs,
        "budget_estimate": a.budget_estimate,
        "leads": leads,
        "lead_labels": lead_labels,
        "coordinators": coordinators,
        "coordinator_labels": coordinator_labels,
        "channels": list(a.channels),
        "audiences": list(a.audiences),
        "themes": ", ".join(str(i + 1) for i in a.themes),
        "parent": parent,
        "derived_from": a.derived_from_id,
    }


def _initial_rows(data: PlanData) -> dict[str, list[dict[str, Any]]]:
    activities: list[dict[str, Any]] = []

    def descendants(a: ActivityData) -> Iterable[ActivityData]:
        for child in a.children:
            yield child
            yield from descendants(child)

    for a in data.activities:
        activities.append(_activity_initial(a, None))
        number = len(activities)
        # The form holds two levels; deeper rows are listed under their top-level activity.
        activities.extend(_activity_initial(c, number) for c in descendants(a))
    return {
        "legal_bases": [
            {"doc_type": r.doc_type, "number_symbol": r.number_symbol, "issued_on": r.issued_on,
             "issuer": r.issuer, "subject": r.subject}
            for r in data.legal_bases
        ],
        "themes": [
            {"title": t.title, "details": t.details, "audience": t.audience, "areas": list(t.areas),
             "indices": list(t.indices), "parent_theme": t.parent_theme_id}
            for t in data.themes
        ],
        "audiences": [
            {"audience": a.audience, "description": a.description, "content": a.content}
            for a in data.audiences
        ],
        "channels": [{"kind": c.kind, "description": c.description} for c in data.channels],
        "activities": activities,
        "responsibilities": [
            {"label": r.unit.label, "unit": [r.unit.unit_id] if r.unit.unit_id else [], "duties": r.duties}
            for r in data.responsibilities
        ],
        "funding_sources": [
            {"source": f.source, "amount": f.amount, "note": f.note} for f in data.funding_sources
        ],
        "reporting_duties": [
            {"periods": r.periods, "deadline_text": r.deadline_text, "to_label": r.to.label,
             "through_label": r.through.label, "text": r.text}
            for r in data.reporting_duties
        ],
    }


def named_unit_ids(data: PlanData) -> set[int]:
    """Units the plan already names, so that the selects can show them."""
    ids: set[int] = set()

    def walk(a: ActivityData) -> None:
        ids.update(r.unit_id for r in (*a.leads, *a.coordinators) if r.unit_id)
        for c in a.children:
            walk(c)

    for a in data.activities:
        walk(a)
    ids.update(r.unit.unit_id for r in data.responsibilities if r.unit.unit_id)
    return ids


@dataclass
class RowView:
    """One row of a list on the page: its number (what "thuộc hoạt động số" names)."""

    number: int | str
    form: forms.Form
    show_errors: bool


@dataclass
class SectionView:
    prefix: str
    title: str
    add_label: str
    row_label: str
    formset: Any
    rows: list[RowView]
    errors: list[str]

    @property
    def empty_row(self) -> RowView:
        """The row the page's script copies when a person adds one."""
        return RowView("__num__", self.formset.empty_form, False)


@dataclass
class Kept:
    """What is kept of the plan when its rows are rewritten: links the form does not show."""

    recipients: dict[str, RecipientData] = field(default_factory=dict)
    reporting_units: dict[str, int] = field(default_factory=dict)
    parent_theme_ids: set[int] = field(default_factory=set)
    derived_activity_ids: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, data: PlanData | None, parent: Plan | None) -> Kept:
        kept = cls()
        if data is not None:
            kept.recipients = {fold(r.label): r for r in data.recipients}
            for r in data.reporting_duties:
                for ref in (r.to, r.through):
                    if ref.unit_id and ref.label:
                        kept.reporting_units[fold(ref.label)] = ref.unit_id
        if parent is not None:
            kept.parent_theme_ids = set(parent.themes.values_list("pk", flat=True))
            kept.derived_activity_ids = set(parent.activities.values_list("pk", flat=True))
        return kept


class PlanEditor:
    """The one form page of a plan: its own fields and every list, validated together.

    ``data`` is the POST (or None to show ``initial``). A POST that asks for more rows
    (``_add_row`` / ``_add_child``) is only re-rendered, never validated nor saved.
    """

    def __init__(
        self,
        data: QueryDict | None,
        *,
        unit: Unit,
        initial: PlanData,
        revision: int | None = None,
        kept: Kept | None = None,
    ) -> None:
        self.unit = unit
        self.kept = kept or Kept()
        self.top_errors: list[str] = []
        self.stale = False
        self.section_errors: dict[str, list[str]] = {p: [] for p in SECTION_PREFIXES}
        self.adding = False
        self.focus = ""
        if data is not None:
            data = self._with_added_rows(data)
        rows = _initial_rows(initial)
        self.unit_options = plan_unit_options(unit, also=named_unit_ids(initial))
        main_initial = {name: getattr(initial, name) for name in SCALAR_NAMES}
        main_initial["recipients"] = "\n".join(r.label for r in initial.recipients)
        main_initial["revision"] = revision
        self.main = PlanForm(data, initial=main_initial)
        self.sections = _sections()
        self.formsets: dict[str, BaseFormSet] = {}  # type: ignore[type-arg]
        for section in self.sections:
            initial_rows = rows[section.prefix]
            extra = 1
            if section.prefix == "activities" and not initial_rows:
                extra = 3
            formset_class = type(section.formset_class.__name__, (section.formset_class,), {"extra": extra})
            self.formsets[section.prefix] = formset_class(
                data,
                prefix=section.prefix,
                initial=initial_rows,
                form_kwargs={"unit_options": self.unit_options},
            )

    # --- rows added without JavaScript -------------------------------------------

    def _with_added_rows(self, data: QueryDict) -> QueryDict:
        if ADD_ROW not in data and ADD_CHILD not in data:
            return data
        data = data.copy()
        self.adding = True
        prefix = "activities" if ADD_CHILD in data else data.get(ADD_ROW, "")
        if prefix not in SECTION_PREFIXES:
            return data
        key = f"{prefix}-TOTAL_FORMS"
        try:
            total = int(data.get(key, "0"))
        except ValueError:
            return data
        if total >= 500:
            return data
        data[key] = str(total + 1)
        if ADD_CHILD in data:
            parent = data.get(ADD_CHILD, "")
            if parent.isdigit():
                data[f"activities-{total}-parent"] = parent
        self.focus = f"id_{prefix}-{total}-" + ("title" if prefix in ("themes", "activities") else "")
        return data

    # --- validation --------------------------------------------------------------

    @property
    def show_errors(self) -> bool:
        return self.main.is_bound and not self.adding

    @property
    def revision(self) -> int | None:
        return self.main.cleaned_data.get("revision")

    def is_valid(self) -> bool:
        if self.adding or not self.main.is_bound:
            return False
        valid = self.main.is_valid()
        for formset in self.formsets.values():
            valid = formset.is_valid() and valid
        if self.formsets["activities"].is_valid() and self.formsets["themes"].is_valid():
            valid = self._check_rows() and valid
        return valid

    def _kept_forms(self, prefix: str) -> list[tuple[int, forms.Form]]:
        """(row number, form) of the rows to save, in the order they are to be saved."""
        formset: Any = self.formsets[prefix]
        index = {id(f): i + 1 for i, f in enumerate(formset.forms)}
        if formset.can_order:
            forms_ = list(formset.ordered_forms)
        else:
            forms_ = [
                f for i, f in enumerate(formset.forms)
                if (i < formset.initial_form_count() or f.has_changed())
                and not formset._should_delete_form(f)
            ]
        return [(index[id(f)], f) for f in forms_ if f.cleaned_data]

    def _theme_positions(self) -> dict[int, int]:
        return {number: pos for pos, (number, _f) in enumerate(self._kept_forms("themes"))}

    def _check_rows(self) -> bool:
        """Sub-activities must name an existing top-level row; theme numbers must exist."""
        formset = self.formsets["activities"]
        rows = self._kept_forms("activities")
        kept = {number: f for number, f in rows}
        deleted = {i + 1 for i, f in enumerate(formset.forms) if f in formset.deleted_forms}
        themes = self._theme_positions()
        ok = True
        for number, form in rows:
            cd = form.cleaned_data
            parent = cd.get("parent")
            if parent is not None:
                if parent == number:
                    form.add_error("parent", _("Một hoạt động không thể thuộc chính nó."))
                    ok = False
                elif parent in deleted:
                    form.add_error(
                        "parent",
                        _("Hoạt động số %(n)d đang được đánh dấu xóa; hãy bỏ dấu xóa hoặc đổi số.")
                        % {"n": parent},
                    )
                    ok = False
                elif parent not in kept:
                    form.add_error("parent", _("Không có hoạt động số %(n)d.") % {"n": parent})
                    ok = False
                elif kept[parent].cleaned_data.get("parent") is not None:
                    form.add_error(
                        "parent",
                        _("Hoạt động số %(n)d đã là hoạt động con; chỉ chia được một cấp.") % {"n": parent},
                    )
                    ok = False
            elif not cd.get("leads") and not _lines(cd.get("lead_labels", "")):
                form.add_error("leads", _("Hãy chọn cơ quan chủ trì, hoặc ghi tên ở ô “Chủ trì khác”."))
                ok = False
            missing = [n for n in cd.get("themes", []) if n not in themes]
            if missing:
                form.add_error(
                    "themes",
                    _("Không có nội dung số %(n)s trong mục Nội dung tuyên truyền.")
                    % {"n": ", ".join(str(n) for n in missing)},
                )
                ok = False
        return ok

    # --- conversion --------------------------------------------------------------

    def to_data(self) -> PlanData:
        cd = self.main.cleaned_data
        themes_pos = self._theme_positions()
        scalars: dict[str, Any] = {
            name: (cd.get(name) if cd.get(name) is not None else "") for name in SCALAR_NAMES
        }
        return PlanData(
            unit_id=self.unit.pk,
            **scalars,
            legal_bases=tuple(self._legal_bases()),
            themes=tuple(
                ThemeData(
                    title=f.cleaned_data["title"],
                    details=f.cleaned_data.get("details", ""),
                    audience=f.cleaned_data.get("audience", ""),
                    areas=tuple(f.cleaned_data.get("areas", [])),
                    indices=tuple(f.cleaned_data.get("indices", [])),
                    parent_theme_id=self._allowed(f.cleaned_data.get("parent_theme"), self.kept.parent_theme_ids),
                )
                for _n, f in self._kept_forms("themes")
            ),
            audiences=tuple(
                AudienceData(f.cleaned_data["audience"], f.cleaned_data.get("description", ""),
                             f.cleaned_data.get("content", ""))
                for _n, f in self._kept_forms("audiences")
            ),
            channels=tuple(
                ChannelData(f.cleaned_data["kind"], f.cleaned_data.get("description", ""))
                for _n, f in self._kept_forms("channels")
            ),
            activities=self._activities(themes_pos),
            responsibilities=tuple(
                ResponsibilityData(
                    UnitRef((f.cleaned_data.get("unit") or [None])[0], f.cleaned_data.get("label", "")),
                    f.cleaned_data["duties"],
                )
                for _n, f in self._kept_forms("responsibilities")
            ),
            funding_sources=tuple(
                FundingData(f.cleaned_data["source"], f.cleaned_data.get("amount"), f.cleaned_data.get("note", ""))
                for _n, f in self._kept_forms("funding_sources")
            ),
            reporting_duties=tuple(self._reporting()),
            recipients=tuple(self._recipients(cd.get("recipients", ""))),
        )

    @staticmethod
    def _allowed(value: int | None, allowed: set[int]) -> int | None:
        return value if value in allowed else None

    def _legal_bases(self) -> Iterable[ReferenceData]:
        for _n, f in self._kept_forms("legal_bases"):
            c = f.cleaned_data
            yield ReferenceData(
                doc_type=c["doc_type"], number_symbol=c.get("number_symbol", ""), issued_on=c.get("issued_on"),
                issuer=c.get("issuer", ""), subject=c.get("subject", ""),
            )

    def _activities(self, themes_pos: Mapping[int, int]) -> tuple[ActivityData, ...]:
        rows = self._kept_forms("activities")
        children: dict[int, list[ActivityData]] = {}
        for _number, f in rows:
            parent = f.cleaned_data.get("parent")
            if parent is not None:
                children.setdefault(parent, []).append(self._activity(f, themes_pos, ()))
        return tuple(
            self._activity(f, themes_pos, tuple(children.get(number, [])))
            for number, f in rows
            if f.cleaned_data.get("parent") is None
        )

    def _activity(
        self, f: forms.Form, themes_pos: Mapping[int, int], children: tuple[ActivityData, ...]
    ) -> ActivityData:
        c = f.cleaned_data
        return ActivityData(
            title=c["title"],
            content=c.get("content", ""),
            audiences=tuple(c.get("audiences", [])),
            channels=tuple(c.get("channels", [])),
            timing_text=c.get("timing_text", ""),
            expected_outputs=c.get("expected_outputs", ""),
            budget_estimate=c.get("budget_estimate"),
            leads=tuple(UnitRef(unit_id=pk) for pk in c.get("leads", []))
            + tuple(UnitRef(label=line) for line in _lines(c.get("lead_labels", ""))),
            coordinators=tuple(UnitRef(unit_id=pk) for pk in c.get("coordinators", []))
            + tuple(UnitRef(label=line) for line in _lines(c.get("coordinator_labels", ""))),
            themes=tuple(themes_pos[n] for n in c.get("themes", []) if n in themes_pos),
            children=children,
            derived_from_id=self._allowed(c.get("derived_from"), self.kept.derived_activity_ids),
        )

    def _reporting(self) -> Iterable[ReportingData]:
        units = self.kept.reporting_units
        for _n, f in self._kept_forms("reporting_duties"):
            c = f.cleaned_data
            to_label, through_label = c.get("to_label", ""), c.get("through_label", "")
            yield ReportingData(
                periods=c["periods"],
                deadline_text=c.get("deadline_text", ""),
                to=UnitRef(units.get(fold(to_label)) if to_label else None, to_label),
                through=UnitRef(units.get(fold(through_label)) if through_label else None, through_label),
                text=c.get("text", ""),
            )

    def _recipients(self, text: str) -> Iterable[RecipientData]:
        for line in _lines(text):
            label = line.lstrip("-–•+ ").rstrip(";,. ").strip()
            if not label:
                continue
            known = self.kept.recipients.get(fold(label))
            if known is not None:
                yield RecipientData(label, known.unit_id, known.purpose, known.is_archive)
            else:
                yield RecipientData(label, is_archive=fold(label).startswith("luu"))

    # --- errors from the service -------------------------------------------------

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show a service's refusal: on the field it names, in the section, and on top."""
        if hasattr(exc, "error_dict"):
            for key, messages in exc.message_dict.items():
                if key in self.main.fields and key != "revision":
                    self.main.add_error(key, messages)
                elif key in self.section_errors:
                    self.section_errors[key].extend(messages)
                elif key in ("doc_type", "number_symbol"):
                    self.section_errors["legal_bases"].extend(messages)
                else:
                    self.top_errors.extend(messages)
        else:
            self.stale = any(e.code == "stale" for e in exc.error_list)
            self.top_errors.extend(exc.messages)

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(where, message, anchor) for every error on the page, for the box on top."""
        if not self.show_errors:
            return []
        summary: list[tuple[str, str, str]] = []
        for name, errors in self.main.errors.items():
            label = str(self.main.fields[name].label) if name in self.main.fields else ""
            anchor = f"id_{name}" if name in self.main.fields else "plan-form"
            summary.extend((label, str(e), anchor) for e in errors)
        for section in self.sections:
            formset = self.formsets[section.prefix]
            if not formset.is_bound:
                continue
            for e in [*formset.non_form_errors(), *self.section_errors[section.prefix]]:
                summary.append((section.title, str(e), f"section-{section.prefix}"))
            for i, form in enumerate(formset.forms):
                if self._deleted(formset, form):
                    continue
                for name, errors in form.errors.items():
                    where = _("%(s)s, dòng %(n)d") % {"s": section.title, "n": i + 1}
                    anchor = f"id_{form.prefix}-{name}" if name in form.fields else f"row-{form.prefix}"
                    summary.extend((where, str(e), anchor) for e in errors)
        return summary

    def _deleted(self, formset: Any, form: forms.Form) -> bool:
        return bool(
            formset.is_bound and formset.can_delete and hasattr(form, "cleaned_data")
            and formset._should_delete_form(form)
        )

    @cached_property
    def views(self) -> dict[str, SectionView]:
        """Each list, ready for the template."""
        result: dict[str, SectionView] = {}
        for section in self.sections:
            formset = self.formsets[section.prefix]
            rows = [
                RowView(i + 1, form, self.show_errors and not self._deleted(formset, form))
                for i, form in enumerate(formset.forms)
            ]
            errors = [*(formset.non_form_errors() if self.show_errors else []),
                      *self.section_errors[section.prefix]]
            result[section.prefix] = SectionView(
                section.prefix, section.title, section.add_label, section.row_label, formset, rows,
                [str(e) for e in errors],
            )
        return result

    def has_errors(self) -> bool:
        return bool(self.top_errors or self.error_summary())


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_lazy("Lý do trả lại"), widget=_textarea(4),
        help_text=_lazy("Người soạn sẽ đọc lý do này để biết cần sửa gì."),
    )


class IssueForm(forms.Form):
    number = forms.CharField(label=_lazy("Số văn bản"), max_length=16,
                             widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}))
    issued_on = forms.DateField(label=_lazy("Ngày ban hành"), widget=DATE_INPUT)

    def clean_number(self) -> str:
        number = (self.cleaned_data.get("number") or "").strip()
        if not number.isdigit():
            raise ValidationError(_("Số văn bản chỉ gồm chữ số, ví dụ “40”."))
        return number


class DeriveForm(forms.Form):
    unit = forms.TypedChoiceField(label=_lazy("Đơn vị xây dựng kế hoạch"), coerce=int)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.TypedChoiceField)
        unit_field.choices = [(u.pk, u.display_name) for u in units]


class UnitChoiceForm(forms.Form):
    """Which unit a new plan is for, when the link did not say."""

    unit = forms.TypedChoiceField(label=_lazy("Cơ quan ban hành"), coerce=int)

    def __init__(self, *args: Any, units: UnitOptions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.TypedChoiceField)
        unit_field.choices = units.choices
