"""Who may manage the procedure catalog.

Everyone reads the published catalog. An editor (or higher) of a unit manages the
procedures that unit or a unit below it handles; procedures with no handling unit are
managed by site administrators only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from cchc.orgs.models import ROLE_RANK, Role, Unit
from cchc.orgs.permissions import has_role, is_site_admin, role_paths, unit_scope_q
from cchc.procedures.models import Procedure


def may_manage(user: Any) -> bool:
    """May open the staff pages of the catalog: an editor somewhere, or a site admin."""
    if is_site_admin(user):
        return True
    return any(rank >= ROLE_RANK[Role.EDITOR] for _path, rank in role_paths(user))


def may_use_unit(user: Any, unit: Unit | None) -> bool:
    """May file procedures under this handling unit (None: no unit)."""
    if unit is None:
        return is_site_admin(user)
    return has_role(user, unit, Role.EDITOR)


def may_change(user: Any, procedure: Procedure) -> bool:
    return may_use_unit(user, procedure.handling_unit)


def managed_q(user: Any) -> Q:
    """Procedures the user manages."""
    if is_site_admin(user):
        return Q()
    return unit_scope_q(user, Role.EDITOR, prefix="handling_unit__")
