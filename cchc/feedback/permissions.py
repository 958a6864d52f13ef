"""Who may see and handle feedback.

* The reception desk (a role on the receiving unit or above) accepts, rejects, asks for
  more information and assigns; the handling unit (a role on the assigned unit or above)
  handles, drafts and transfers; a leader (approver) of the handling unit approves the
  answer; an approver of either unit publishes it.
* Viewers of either unit see the item with personal data hidden. The submitter's name,
  phone, e-mail and address are shown only to handling staff (editor or higher on either
  unit) and site administrators (Decree 13/2023).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from cchc.feedback.models import Feedback, Status
from cchc.orgs.models import Role
from cchc.orgs.permissions import has_role, is_site_admin, unit_scope_q

# action -> (which unit: "desk" | "handler" | "either", least role, statuses it applies in)
ACTIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "accept": ("desk", Role.EDITOR, (Status.RECEIVED,)),
    "reject": ("desk", Role.EDITOR, (Status.RECEIVED, Status.NEED_INFO)),
    "request_info": ("desk", Role.EDITOR, (Status.RECEIVED,)),
    "resume": ("desk", Role.EDITOR, (Status.NEED_INFO,)),
    "assign": ("desk", Role.EDITOR, (Status.RECEIVED, Status.ACCEPTED)),
    "transfer": ("either", Role.EDITOR, (Status.ASSIGNED, Status.IN_PROGRESS)),
    "start": ("handler", Role.EDITOR, (Status.ASSIGNED,)),
    "draft": ("handler", Role.EDITOR, (Status.IN_PROGRESS, Status.DRAFTED)),
    "return": ("handler", Role.APPROVER, (Status.DRAFTED,)),
    "approve": ("handler", Role.APPROVER, (Status.DRAFTED,)),
    "publish": ("either", Role.APPROVER, (Status.ANSWERED,)),
}


def _on_desk(user: Any, item: Feedback, least: str) -> bool:
    return has_role(user, item.receiving_unit, least)


def _on_handler(user: Any, item: Feedback, least: str) -> bool:
    return item.unit is not None and has_role(user, item.unit, least)


def can_view(user: Any, item: Feedback) -> bool:
    return _on_desk(user, item, Role.VIEWER) or _on_handler(user, item, Role.VIEWER)


def can_see_personal(user: Any, item: Feedback) -> bool:
    if is_site_admin(user):
        return True
    return _on_desk(user, item, Role.EDITOR) or _on_handler(user, item, Role.EDITOR)


def can(user: Any, action: str, item: Feedback) -> bool:
    """Whether ``user`` may do ``action`` on ``item`` now (its status included)."""
    if action == "view":
        return can_view(user, item)
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    where, least, statuses = ACTIONS[action]
    if item.status not in statuses:
        return False
    if where == "desk":
        return _on_desk(user, item, least)
    if where == "handler":
        return _on_handler(user, item, least)
    return _on_desk(user, item, least) or _on_handler(user, item, least)


def can_submit_for_citizen(user: Any) -> bool:
    from cchc.orgs.models import ROLE_RANK
    from cchc.orgs.permissions import role_paths

    if is_site_admin(user):
        return True
    return any(r >= ROLE_RANK[Role.EDITOR] for _p, r in role_paths(user))


def visible_q(user: Any) -> Q:
    """Items whose receiving or handling unit lies in the user's reach."""
    return unit_scope_q(user, Role.VIEWER, prefix="receiving_unit__") | unit_scope_q(
        user, Role.VIEWER, prefix="unit__"
    )
