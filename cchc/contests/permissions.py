"""Who may manage contests: roles held on the organising unit (or a unit above it).

Reading a contest's entries and statistics needs a viewer; importing questions and
disqualifying entries an editor; publishing winners an approver.
"""

from __future__ import annotations

from typing import Any

from cchc.contests.models import Contest
from cchc.orgs.models import Role
from cchc.orgs.permissions import has_role

ACTIONS = {
    "contest.view": Role.VIEWER,
    "contest.manage": Role.EDITOR,
    "contest.publish": Role.APPROVER,
}


def can(user: Any, action: str, contest: Contest) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return bool(user.is_authenticated) and has_role(user, contest.organiser, ACTIONS[action])
