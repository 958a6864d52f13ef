"""Reads of units and roles, scoped to what the user may see."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.orgs.models import RoleAssignment, Unit, UnitKind
from cchc.orgs.naming import query_terms
from cchc.orgs.permissions import is_site_admin, role_paths, top_paths, unit_scope_q
from cchc.text import SortKey, fold, sort_key


def unit_visible_qs(user: Any) -> QuerySet[Unit]:
    """Every unit the user may read: the subtrees under the units they hold a role on."""
    return Unit.objects.filter(unit_scope_q(user))


def current_q(day: datetime.date | None = None) -> Q:
    day = day or timezone.localdate()
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def unit_tops_for_user(user: Any) -> list[Unit]:
    """The highest units the user can see: where browsing the tree starts."""
    if is_site_admin(user):
        return list(Unit.objects.get_root_nodes())
    tops = top_paths(p for p, _ in role_paths(user))
    return list(Unit.objects.filter(path__in=tops).order_by("path"))


def unit_children(unit: Unit, *, include_ended: bool = False) -> list[Unit]:
    qs = Unit.objects.filter(
        path__startswith=unit.path, depth=unit.depth + 1
    ).select_related("replaced_by")
    if not include_ended:
        qs = qs.filter(current_q())
    return sorted(qs, key=sibling_order)


def unit_ancestors_visible(user: Any, unit: Unit) -> list[Unit]:
    """The breadcrumb above ``unit``, cut at the highest unit the user may see."""
    ancestors = list(Unit.objects.get_ancestors(unit)) if unit.depth > 1 else []
    if is_site_admin(user):
        return ancestors
    held = [p for p, _ in role_paths(user)]
    return [a for a in ancestors if any(a.path.startswith(p) for p in held)]


# How siblings are listed: a body's own offices and agencies, then outside bodies, then
# the divisions below it; alphabetical (Vietnamese order) within each group.
KIND_ORDER: dict[str, int] = {
    kind: index
    for index, kind in enumerate(
        [
            UnitKind.OFFICE,
            UnitKind.CENTRAL,
            UnitKind.MINISTRY,
            UnitKind.AGENCY,
            UnitKind.NEWSPAPER,
            UnitKind.BROADCASTER,
            UnitKind.SCHOOL,
            UnitKind.MASS_ORG,
            UnitKind.OTHER,
            UnitKind.PROVINCE,
            UnitKind.DISTRICT,
            UnitKind.COMMUNE,
        ]
    )
}


def sibling_order(unit: Unit) -> tuple[int, bool, SortKey]:
    return (KIND_ORDER.get(unit.kind, len(KIND_ORDER)), not unit.is_current, sort_key(unit.name))


@dataclass(frozen=True)
class TreeNode:
    unit: Unit
    children: list[TreeNode]


def unit_subtree(unit: Unit, *, levels: int = 2, include_ended: bool = False) -> TreeNode:
    """``unit`` and up to ``levels`` levels below it, read in one query."""
    qs = Unit.objects.filter(
        path__startswith=unit.path, depth__gt=unit.depth, depth__lte=unit.depth + levels
    )
    if not include_ended:
        qs = qs.filter(current_q())
    nodes: dict[str, TreeNode] = {unit.path: TreeNode(unit, [])}
    steplen = Unit.steplen
    for child in qs.order_by("path"):
        node = TreeNode(child, [])
        nodes[child.path] = node
        parent = nodes.get(child.path[:-steplen])
        if parent is not None:
            parent.children.append(node)
    for tree_node in nodes.values():
        tree_node.children.sort(key=lambda n: sibling_order(n.unit))
    return nodes[unit.path]


def unit_search(
    user: Any,
    query: str,
    *,
    limit: int = 50,
    include_ended: bool = False,
    within: Unit | None = None,
) -> list[Unit]:
    """Units whose names, short names, codes or aliases contain every word of the query.

    Diacritics, case and the usual abbreviations ("UBND" for "Ủy ban nhân dân") are
    ignored, so "uy ban nhan dan xa minh duc" finds "UBND xã Minh Đức". Shallower units
    and exact name matches come first.
    """
    terms = query_terms(fold(query))
    if not terms:
        return []
    qs = unit_visible_qs(user)
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    if not include_ended:
        qs = qs.filter(current_q())
    for term in terms:
        qs = qs.filter(search_text__contains=term)
    results = list(qs.order_by("depth", "path")[: limit * 4])
    folded = " ".join(terms)

    def rank(u: Unit) -> tuple[int, int, str]:
        names = u.search_text.split(" | ")
        exact = 0 if folded in names else 1
        return (exact, u.depth, u.path)

    return sorted(results, key=rank)[:limit]


def role_assignments_in(unit: Unit) -> QuerySet[RoleAssignment]:
    """Roles held on the unit and on the units below it."""
    return (
        RoleAssignment.objects.filter(unit__path__startswith=unit.path)
        .select_related("user", "unit")
        .order_by("unit__path", "user__username")
    )


def role_assignments_for_user(user: Any) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related("unit").order_by("unit__path")


def _above(path: str, levels: int) -> str:
    """The path of the unit ``levels`` above the one at ``path`` ("" above the root)."""
    return path[: max(len(path) - levels * Unit.steplen, 0)]


def unit_labels(units: Sequence[Unit], labels: Sequence[str] | None = None) -> list[str]:
    """Labels that tell the units of a list apart once it is filtered or searched.

    Names repeat across the country (a "UBND xã Nghĩa Hành" in Nghệ An and one in Quảng
    Ngãi; a "Công chức Văn hóa - Xã hội" in every commune). A unit that has ended says
    until when; a label several units still share gets the name of the unit above, and
    of the one above that while it is still shared. Units above that the list lacks are
    read in one query at most per level.
    """
    result = [
        label if unit.valid_to is None
        else _("%(name)s (đến %(day)s)") % {"name": label, "day": unit.valid_to.strftime("%d/%m/%Y")}
        for unit, label in zip(
            units, labels if labels is not None else [u.display_name for u in units], strict=True
        )
    ]  # fmt: skip
    known = {unit.path: unit for unit in units}
    for levels in (1, 2):
        counts = Counter(result)
        shared = [i for i, label in enumerate(result) if counts[label] > 1]
        if not shared:
            break
        missing = {_above(units[i].path, levels) for i in shared} - known.keys() - {""}
        if missing:
            known.update((u.path, u) for u in Unit.objects.filter(path__in=missing))
        for i in shared:
            above = known.get(_above(units[i].path, levels))
            if above is not None:
                result[i] = f"{result[i]} — {above.display_name}"
    return result
