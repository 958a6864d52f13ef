"""Who may do what with the portal's content: orgs roles on the content's unit.

Editors of a unit write its articles, hotline, initiatives, indices and media; approvers
publish or return articles; the portal's settings (name, emblem) belong to unit admins of
the portal's unit or to site admins.
"""

from __future__ import annotations

from typing import Any

from cchc.orgs.models import ROLE_RANK, Role, Unit
from cchc.orgs.permissions import has_role, is_site_admin, role_paths
from cchc.portal.models import Article, ArticleStatus

ACTIONS: dict[str, str] = {
    "content.view": Role.VIEWER,
    "content.change": Role.EDITOR,
    "article.submit": Role.EDITOR,
    "article.publish": Role.APPROVER,
    "article.return": Role.APPROVER,
    "article.unpublish": Role.APPROVER,
    "settings.change": Role.UNIT_ADMIN,
}


def can(user: Any, action: str, unit: Unit | None = None) -> bool:
    """Whether ``user`` may do ``action`` on content of ``unit`` (without a unit: anywhere)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not getattr(user, "is_authenticated", False):
        return False
    if is_site_admin(user):
        return True
    if unit is None:
        rank = ROLE_RANK[ACTIONS[action]]
        return any(r >= rank for _, r in role_paths(user))
    return has_role(user, unit, ACTIONS[action])


def can_edit_article(user: Any, article: Article) -> bool:
    """Drafts (also returned ones) are edited by editors; a published article by approvers."""
    if article.status == ArticleStatus.DRAFT:
        return can(user, "content.change", article.unit)
    return can(user, "article.publish", article.unit)
