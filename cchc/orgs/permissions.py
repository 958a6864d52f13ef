"""Who may do what with units and roles.

The one policy of this app: views, API endpoints and the admin all call ``can``. Other
apps build their own policy on ``has_role`` and ``unit_scope_q``: a role held on a unit
reaches every unit below it (the unit tree is a materialized path, so "below" is a path
prefix test and scoping a query is one ``path__startswith`` per role held).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from cchc.orgs.models import ROLE_RANK, Role, RoleAssignment, Unit

# Action name -> the least role that allows it on the unit (or one of its ancestors).
UNIT_ACTIONS: dict[str, str] = {
    "unit.view": Role.VIEWER,
    "unit.change": Role.UNIT_ADMIN,
    "unit.add_child": Role.UNIT_ADMIN,
    "unit.import": Role.UNIT_ADMIN,
    "unit.close": Role.UNIT_ADMIN,
    "role.view": Role.UNIT_ADMIN,
    "role.manage": Role.UNIT_ADMIN,
}

_CACHE_ATTR = "_cchc_role_paths"


def is_site_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def role_paths(user: Any) -> list[tuple[str, int]]:
    """The (unit path, role rank) pairs the user holds; one query per user object."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = [
            (path, ROLE_RANK[role])
            for path, role in RoleAssignment.objects.filter(user=user).values_list(
                "unit__path", "role"
            )
        ]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    """Drop the per-object cache after the user's roles changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user: Any, unit: Unit, least: str = Role.VIEWER) -> bool:
    """True when the user holds ``least`` or a higher role on the unit or an ancestor."""
    if is_site_admin(user):
        return True
    rank = ROLE_RANK[least]
    return any(unit.path.startswith(path) and r >= rank for path, r in role_paths(user))


def can(user: Any, action: str, obj: Unit | None = None) -> bool:
    """The policy for units and roles.

    ``obj`` is the unit acted on; for ``unit.add_child`` and ``unit.import`` it is the
    parent. Without ``obj`` the question is whether the user may do it anywhere.
    """
    if action not in UNIT_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if is_site_admin(user):
        return True
    rank = ROLE_RANK[UNIT_ACTIONS[action]]
    if obj is None:
        return any(r >= rank for _, r in role_paths(user))
    return any(obj.path.startswith(path) and r >= rank for path, r in role_paths(user))


def unit_scope_q(user: Any, least: str = Role.VIEWER, prefix: str = "") -> Q:
    """A filter for rows whose unit (``prefix`` + ``path``) lies in the user's reach.

    ``prefix`` is the lookup to the unit from another model, e.g. ``"unit__"``.
    """
    if is_site_admin(user):
        return Q()
    rank = ROLE_RANK[least]
    paths = top_paths(p for p, r in role_paths(user) if r >= rank)
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def top_paths(paths: Iterable[str]) -> list[str]:
    """Drop paths that lie under another path of the list."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept
