"""Writes to units, aliases and roles. Each runs in one transaction and checks its input.

Errors are raised as ``django.core.exceptions.ValidationError`` with Vietnamese messages,
keyed by field where one field is at fault, and nothing is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cchc.orgs.models import DIVISION_KINDS, Role, RoleAssignment, Unit, UnitAlias, UnitKind, User
from cchc.orgs.permissions import forget_roles
from cchc.text import nfc


@dataclass(frozen=True)
class UnitData:
    """What a person or an import gives for one unit."""

    name: str
    kind: str
    code: str = ""
    short_name: str = ""
    division_type: str = ""
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)


def default_short_name(name: str, kind: str) -> str:
    """Administrative divisions are governed by a People's Committee ("UBND xã ...")."""
    if kind in DIVISION_KINDS and name:
        return f"UBND {name[0].lower()}{name[1:]}"
    return ""


def _clean(data: UnitData, *, instance: Unit | None = None) -> UnitData:
    errors: dict[str, list[str]] = {}
    name = " ".join(nfc(data.name).split())
    if not name:
        errors.setdefault("name", []).append(_("Tên đơn vị không được để trống."))
    if data.kind not in UnitKind.values:
        errors.setdefault("kind", []).append(
            _("Loại đơn vị “%(kind)s” không có trong danh mục.") % {"kind": data.kind}
        )
    code = data.code.strip()
    if data.valid_from and data.valid_to and data.valid_to < data.valid_from:
        errors.setdefault("valid_to", []).append(
            _("Ngày hết hiệu lực (%(to)s) không được trước ngày bắt đầu hiệu lực (%(from)s).")
            % {"to": data.valid_to.strftime("%d/%m/%Y"), "from": data.valid_from.strftime("%d/%m/%Y")}
        )
    if code:
        clash = _code_clash(code, data.valid_from, data.valid_to, exclude=instance)
        if clash is not None:
            errors.setdefault("code", []).append(
                _("Mã “%(code)s” đã được dùng cho đơn vị “%(unit)s” trong cùng thời gian hiệu lực.")
                % {"code": code, "unit": clash.display_name}
            )
    if errors:
        raise ValidationError(errors)
    aliases = tuple(dict.fromkeys(a for a in (" ".join(nfc(x).split()) for x in data.aliases) if a))
    short_name = " ".join(nfc(data.short_name).split()) or default_short_name(name, data.kind)
    return UnitData(
        name=name,
        kind=data.kind,
        code=code,
        short_name=short_name,
        division_type=nfc(data.division_type).strip(),
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        aliases=aliases,
    )


def _code_clash(
    code: str,
    valid_from: datetime.date | None,
    valid_to: datetime.date | None,
    *,
    exclude: Unit | None,
) -> Unit | None:
    """Another unit with the same code whose validity overlaps [valid_from, valid_to]."""
    qs = Unit.objects.filter(code=code)
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    if valid_from is not None:
        qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    if valid_to is not None:
        qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=valid_to))
    return qs.first()


def _apply(unit: Unit, data: UnitData) -> None:
    unit.name = data.name
    unit.kind = data.kind
    unit.code = data.code
    unit.short_name = data.short_name
    unit.division_type = data.division_type
    unit.valid_from = data.valid_from
    unit.valid_to = data.valid_to
    unit.search_text = unit.build_search_text(list(data.aliases))


def _set_aliases(unit: Unit, aliases: tuple[str, ...]) -> None:
    existing = {a.name: a for a in unit.aliases.all()}
    for name, alias in existing.items():
        if name not in aliases:
            alias.delete()
    UnitAlias.objects.bulk_create(
        [UnitAlias(unit=unit, name=name) for name in aliases if name not in existing]
    )


@transaction.atomic
def unit_create(*, parent: Unit | None, data: UnitData) -> Unit:
    """Create a unit under ``parent`` (a new root when ``parent`` is None)."""
    clean = _clean(data)
    if parent is not None:
        parent = Unit.objects.select_for_update().get(pk=parent.pk)
        _check_within_parent(parent, clean)
    unit = Unit()
    _apply(unit, clean)
    unit = (
        Unit.objects.add_child(parent, instance=unit)
        if parent is not None
        else Unit.objects.add_root(instance=unit)
    )
    _set_aliases(unit, clean.aliases)
    return unit


def _check_within_parent(parent: Unit, data: UnitData) -> None:
    if parent.valid_to and data.valid_from and data.valid_from > parent.valid_to:
        raise ValidationError(
            {
                "valid_from": _(
                    "Đơn vị cấp trên “%(parent)s” đã hết hiệu lực từ %(to)s; không thể thêm đơn vị"
                    " bắt đầu sau ngày đó."
                )
                % {"parent": parent.display_name, "to": parent.valid_to.strftime("%d/%m/%Y")}
            }
        )


@transaction.atomic
def unit_update(*, unit: Unit, data: UnitData) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    clean = _clean(data, instance=unit)
    _apply(unit, clean)
    unit.save()
    _set_aliases(unit, clean.aliases)
    return unit


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit) -> Unit:
    """Put ``unit`` (with everything below it) under ``new_parent``."""
    unit = Unit.objects.get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
        raise ValidationError(
            {
                "parent": _(
                    "Không thể đặt “%(unit)s” dưới “%(parent)s”: đơn vị cấp trên không được là"
                    " chính nó hoặc một đơn vị trực thuộc nó (sẽ tạo vòng lặp)."
                )
                % {"unit": unit.display_name, "parent": new_parent.display_name}
            }
        )
    Unit.objects.move(unit, new_parent, pos="last-child")
    return Unit.objects.get(pk=unit.pk)


@transaction.atomic
def unit_close(*, unit: Unit, valid_to: datetime.date, replaced_by: Unit | None = None) -> Unit:
    """End a unit's validity (merger, dissolution); it stays for older plans."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.valid_from and valid_to < unit.valid_from:
        raise ValidationError(
            {
                "valid_to": _("Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực (%(from)s).")
                % {"from": unit.valid_from.strftime("%d/%m/%Y")}
            }
        )
    if replaced_by is not None and replaced_by.pk == unit.pk:
        raise ValidationError({"replaced_by": _("Đơn vị không thể thay thế chính nó.")})
    unit.valid_to = valid_to
    unit.replaced_by = replaced_by
    unit.save(update_fields=["valid_to", "replaced_by", "updated_at"])
    return unit


@transaction.atomic
def role_grant(*, user: User, unit: Unit, role: str, granted_by: Any = None) -> RoleAssignment:
    if role not in Role.values:
        raise ValidationError({"role": _("Vai trò “%(role)s” không hợp lệ.") % {"role": role}})
    if not user.is_active:
        raise ValidationError({"user": _("Tài khoản này đã bị khóa.")})
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user,
        unit=unit,
        role=role,
        defaults={"granted_by": granted_by if getattr(granted_by, "pk", None) else None},
    )
    forget_roles(user)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment) -> None:
    user = assignment.user
    assignment.delete()
    forget_roles(user)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    full_name: str = "",
    email: str = "",
    unit: Unit | None = None,
    position: str = "",
) -> User:
    """Create an account; the password is checked against the password rules."""
    from django.contrib.auth.password_validation import validate_password

    username = username.strip()
    if not username:
        raise ValidationError({"username": _("Tên đăng nhập không được để trống.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Tên đăng nhập “%(u)s” đã có.") % {"u": username}})
    user = User(
        username=username,
        full_name=nfc(full_name).strip(),
        email=email.strip(),
        unit=unit,
        position=nfc(position).strip(),
    )
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user
