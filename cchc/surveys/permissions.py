"""Who may do what with surveys.

Reading a survey and its results needs a role on its unit (viewer and up). Building it,
adding collection points, issuing visit codes and typing in paper answers needs an
editor; opening, closing and publishing results need an approver. Templates (no unit)
are read by any staff member with a role and changed by site administrators only.
"""

from __future__ import annotations

from typing import Any

from cchc.orgs.models import Role
from cchc.orgs.permissions import has_role, is_site_admin, role_paths
from cchc.surveys.models import Survey

ACTIONS: dict[str, str] = {
    "survey.view": Role.VIEWER,
    "survey.results": Role.VIEWER,
    "survey.build": Role.EDITOR,
    "survey.points": Role.EDITOR,
    "survey.paper": Role.EDITOR,
    "survey.publish": Role.APPROVER,
}


def has_any_role(user: Any) -> bool:
    return is_site_admin(user) or bool(role_paths(user))


def can(user: Any, action: str, survey: Survey) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if survey.unit is None:
        if action == "survey.view":
            return has_any_role(user)
        return is_site_admin(user)
    return has_role(user, survey.unit, ACTIONS[action])
