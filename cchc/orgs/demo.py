"""Demo units and accounts: one province with its departments, media and communes.

Built through the same services as real data, and idempotent: running it again keeps
what is there.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from cchc.orgs.models import Role, Unit, UnitKind, User
from cchc.orgs.services import UnitData, role_grant, unit_close, unit_create, user_create

DEMO_PASSWORD = "cchc-demo-2026"  # noqa: S105 - printed on purpose by `cchc demo`
DEMO_PROVINCE_CODE = "51"  # Tỉnh Quảng Ngãi, where the Ban Dân tộc seed plan comes from
MERGER_2025 = datetime.date(2025, 3, 1)  # provincial departments merged on 1 March 2025


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str | None
    unit_label: str
    superuser: bool = False


AGENCIES: list[tuple[str, str, str, list[str]]] = [
    # (name, short name, kind, aliases)
    ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh", UnitKind.AGENCY, ["VP UBND tỉnh"]),
    ("Sở Nội vụ", "Sở Nội vụ", UnitKind.AGENCY, ["SNV"]),
    ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ", UnitKind.AGENCY, ["Sở KH&CN"]),
    ("Sở Tư pháp", "Sở Tư pháp", UnitKind.AGENCY, []),
    ("Sở Dân tộc và Tôn giáo", "Sở Dân tộc và Tôn giáo", UnitKind.AGENCY, []),
    ("Báo Quảng Ngãi", "Báo Quảng Ngãi", UnitKind.NEWSPAPER, []),
    (
        "Đài Phát thanh - Truyền hình tỉnh Quảng Ngãi",
        "Đài PT-TH Quảng Ngãi",
        UnitKind.BROADCASTER,
        ["Đài PTTH tỉnh"],
    ),
    ("Tỉnh Đoàn Quảng Ngãi", "Tỉnh Đoàn", UnitKind.MASS_ORG, []),
]
# Departments that existed until the 1 March 2025 merger, and who took them over.
FORMER_AGENCIES: list[tuple[str, str, str, list[str]]] = [
    ("Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ", ["Sở TT&TT"]),
    (
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Nội vụ",
        ["Sở LĐTBXH", "Sở Lao động – Thương binh và Xã hội"],
    ),
    ("Ban Dân tộc tỉnh", "Ban Dân tộc tỉnh", "Sở Dân tộc và Tôn giáo", ["Ban Dân tộc"]),
]
OFFICES: dict[str, list[tuple[str, list[str]]]] = {
    "Sở Nội vụ": [("Văn phòng Sở", ["VP Sở"]), ("Phòng Cải cách hành chính", ["Phòng CCHC"]), ("Thanh tra Sở", [])],
    "Ban Dân tộc tỉnh": [("Văn phòng Ban", ["VP Ban"]), ("Thanh tra Ban", []), ("Phòng Chính sách", [])],
}
COMMUNE_POSTS: list[tuple[str, str]] = [
    ("Văn phòng HĐND và UBND", UnitKind.OFFICE),
    ("Công chức Tư pháp - Hộ tịch", UnitKind.OFFICE),
    ("Công chức Văn hóa - Xã hội", UnitKind.OFFICE),
    ("Đài Truyền thanh", UnitKind.BROADCASTER),
]
DEMO_COMMUNES = 3


def demo_province() -> Unit | None:
    return Unit.objects.filter(
        kind=UnitKind.PROVINCE, code=DEMO_PROVINCE_CODE, valid_to__isnull=True
    ).first()


def _child(parent: Unit, name: str) -> Unit | None:
    return Unit.objects.filter(
        path__startswith=parent.path, depth=parent.depth + 1, name=name
    ).first()


def _ensure(parent: Unit, data: UnitData) -> Unit:
    existing = _child(parent, data.name)
    if existing is not None:
        return existing
    return unit_create(parent=Unit.objects.get(pk=parent.pk), data=data)


@transaction.atomic
def build_demo_units() -> dict[str, Unit]:
    """Create the demo province's agencies, offices and commune posts; return key units."""
    province = demo_province()
    if province is None:
        raise RuntimeError("Administrative units are not loaded: run `cchc load_admin_units`.")
    units: dict[str, Unit] = {"province": province}
    for name, short, kind, aliases in AGENCIES:
        units[name] = _ensure(
            province, UnitData(name=name, short_name=short, kind=kind, aliases=tuple(aliases))
        )
    for name, short, successor, aliases in FORMER_AGENCIES:
        unit = _child(province, name)
        if unit is None:
            unit = unit_create(
                parent=Unit.objects.get(pk=province.pk),
                data=UnitData(name=name, short_name=short, kind=UnitKind.AGENCY, aliases=tuple(aliases)),
            )
            unit = unit_close(
                unit=unit,
                valid_to=MERGER_2025 - datetime.timedelta(days=1),
                replaced_by=units[successor],
            )
        units[name] = unit
    for agency, offices in OFFICES.items():
        for office, aliases in offices:
            units[f"{agency} / {office}"] = _ensure(
                units[agency], UnitData(name=office, kind=UnitKind.OFFICE, aliases=tuple(aliases))
            )
    communes = list(
        Unit.objects.filter(
            path__startswith=province.path,
            depth=province.depth + 1,
            kind=UnitKind.COMMUNE,
            valid_to__isnull=True,
        ).order_by("path")[:DEMO_COMMUNES]
    )
    for index, commune in enumerate(communes):
        units[f"commune{index}"] = commune
        for post, kind in COMMUNE_POSTS:
            _ensure(commune, UnitData(name=post, kind=kind))
    return units


def demo_accounts(units: dict[str, Unit]) -> list[tuple[DemoAccount, Unit | None]]:
    commune = units["commune0"]
    other_commune = units["commune1"]
    return [
        (DemoAccount("quantri", "Quản trị hệ thống", None, "toàn hệ thống", superuser=True), None),
        (DemoAccount("tinh.xem", "Nguyễn Văn Xem", Role.VIEWER, units["province"].display_name), units["province"]),
        (DemoAccount("tinh.duyet", "Trần Thị Duyệt", Role.APPROVER, units["province"].display_name), units["province"]),
        (DemoAccount("sonv.quantri", "Lê Văn Quản", Role.UNIT_ADMIN, "Sở Nội vụ"), units["Sở Nội vụ"]),
        (DemoAccount("sonv.bientap", "Phạm Thị Biên", Role.EDITOR, "Sở Nội vụ"), units["Sở Nội vụ"]),
        (
            DemoAccount("xa.bientap", "Hoàng Văn Xã", Role.EDITOR, commune.display_name),
            commune,
        ),
        (
            DemoAccount("xa2.bientap", "Đỗ Thị Phường", Role.EDITOR, other_commune.display_name),
            other_commune,
        ),
    ]


@transaction.atomic
def build_demo_accounts(units: dict[str, Unit]) -> list[DemoAccount]:
    accounts = []
    for account, unit in demo_accounts(units):
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = user_create(
                username=account.username,
                password=DEMO_PASSWORD,
                full_name=account.full_name,
                email=f"{account.username}@example.org",
                unit=unit,
            )
            if account.superuser:
                user.is_superuser = True
                user.is_staff = True
                user.save(update_fields=["is_superuser", "is_staff"])
        if unit is not None and account.role is not None:
            role_grant(user=user, unit=unit, role=account.role)
        accounts.append(account)
    return accounts
