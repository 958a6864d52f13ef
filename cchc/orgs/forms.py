"""Forms for units and roles: they validate shape; services validate meaning."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Role, Unit, UnitKind, User
from cchc.orgs.services import UnitData

DATE_INPUT = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(
        label=_("Tên thường dùng"),
        max_length=255,
        required=False,
        help_text=_("Để trống với xã, phường, tỉnh: hệ thống tự đặt “UBND ...”."),
    )
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=UnitKind.choices)
    code = forms.CharField(label=_("Mã đơn vị"), max_length=32, required=False)
    division_type = forms.CharField(label=_("Loại đơn vị hành chính"), max_length=64, required=False)
    valid_from = forms.DateField(label=_("Hiệu lực từ ngày"), required=False, widget=DATE_INPUT)
    valid_to = forms.DateField(label=_("Hiệu lực đến ngày"), required=False, widget=DATE_INPUT)
    aliases = forms.CharField(
        label=_("Tên gọi khác, viết tắt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi tên một dòng, ví dụ: “VP Ban”."),
    )

    def to_data(self) -> UnitData:
        cd: dict[str, Any] = self.cleaned_data
        return UnitData(
            name=cd["name"],
            kind=cd["kind"],
            code=cd.get("code") or "",
            short_name=cd.get("short_name") or "",
            division_type=cd.get("division_type") or "",
            valid_from=cd.get("valid_from"),
            valid_to=cd.get("valid_to"),
            aliases=tuple(line.strip() for line in (cd.get("aliases") or "").splitlines()),
        )

    @classmethod
    def initial_for(cls, unit: Unit) -> dict[str, Any]:
        return {
            "name": unit.name,
            "short_name": unit.short_name,
            "kind": unit.kind,
            "code": unit.code,
            "division_type": unit.division_type,
            "valid_from": unit.valid_from,
            "valid_to": unit.valid_to,
            "aliases": "\n".join(a.name for a in unit.aliases.all()),
        }


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách đơn vị (CSV hoặc XLSX)"),
        help_text=_(
            "Các cột: ma, ten, ten_thuong_dung, loai, ma_cap_tren, hieu_luc_tu, hieu_luc_den,"
            " ten_khac. Ngày viết dd/mm/yyyy."
        ),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise forms.ValidationError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 5 MB."))
        return upload


class RoleGrantForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(
                _("Không có tài khoản “%(u)s”. Quản trị hệ thống tạo tài khoản trước.")
                % {"u": username}
            )
        return user
