"""Shared fixtures: a small real hierarchy built through the services, and its people."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from cchc.orgs.models import Role, Unit, UnitKind, User
from cchc.orgs.services import UnitData, role_grant, unit_create, user_create

PASSWORD = "mat-khau-thu-2026"


@dataclass
class Tree:
    root: Unit
    province: Unit
    dept: Unit
    office: Unit
    commune_a: Unit
    commune_b: Unit
    post_a: Unit
    other_province: Unit


@pytest.fixture
def tree(db: None) -> Tree:
    """Chính phủ → Tỉnh Quảng Ngãi → Sở Nội vụ → Văn phòng Sở; province → two communes."""
    root = unit_create(
        parent=None, data=UnitData(name="Chính phủ", kind=UnitKind.CENTRAL, code="VN")
    )
    province = unit_create(
        parent=root, data=UnitData(name="Tỉnh Quảng Ngãi", kind=UnitKind.PROVINCE, code="51")
    )
    other = unit_create(
        parent=root, data=UnitData(name="Tỉnh Phú Thọ", kind=UnitKind.PROVINCE, code="25")
    )
    dept = unit_create(parent=province, data=UnitData(name="Sở Nội vụ", kind=UnitKind.AGENCY))
    office = unit_create(
        parent=dept,
        data=UnitData(name="Văn phòng Sở", kind=UnitKind.OFFICE, aliases=("VP Sở",)),
    )
    commune_a = unit_create(
        parent=province, data=UnitData(name="Xã Minh Đức", kind=UnitKind.COMMUNE, code="99001")
    )
    commune_b = unit_create(
        parent=province, data=UnitData(name="Phường Cẩm Thành", kind=UnitKind.COMMUNE, code="99002")
    )
    post_a = unit_create(
        parent=commune_a, data=UnitData(name="Công chức Tư pháp - Hộ tịch", kind=UnitKind.OFFICE)
    )
    return Tree(root, province, dept, office, commune_a, commune_b, post_a, other)


def make_user(username: str, unit: Unit | None = None, role: str | None = None) -> User:
    user = user_create(
        username=username, password=PASSWORD, unit=unit, email=f"{username}@example.org"
    )
    if unit is not None and role is not None:
        role_grant(user=user, unit=unit, role=role)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def people(tree: Tree) -> dict[str, User]:
    admin = make_user("quantri")
    admin.is_superuser = True
    admin.is_staff = True
    admin.save()
    return {
        "admin": admin,
        "province_viewer": make_user("tinh.xem", tree.province, Role.VIEWER),
        "dept_admin": make_user("sonv.quantri", tree.dept, Role.UNIT_ADMIN),
        "dept_editor": make_user("sonv.bientap", tree.dept, Role.EDITOR),
        "commune_editor": make_user("xa.bientap", tree.commune_a, Role.EDITOR),
        "commune_admin": make_user("xa.quantri", tree.commune_a, Role.UNIT_ADMIN),
        "nobody": make_user("khongquyen"),
    }


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _plain_http_test_server(settings) -> None:  # type: ignore[no-untyped-def]
    """The test client speaks plain HTTP; production settings would redirect it to HTTPS.

    Every other production-safe setting stays on (the deploy check has its own test).
    """
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache (rate limits, cached settings, leaderboards)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    """Argon2 is slow on purpose; fixtures create many accounts. One test checks Argon2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
