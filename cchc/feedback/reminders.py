"""Reminders before the deadline and when late, escalation to the superior unit when late.

Called daily by the scheduler as ``run(today)``. Each notice has a key naming the item,
the kind of notice and the deadline, so running twice (or after a crash) sends nothing
twice; a new deadline (none today, kept for the future) would give new keys.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.feedback.models import OPEN_STATUSES, Action, DeadlineRule, Event, Feedback
from cchc.feedback.workdays import calendar_between, working_days_between
from cchc.notify.services import notify
from cchc.orgs.models import ROLE_RANK, Role, RoleAssignment, Unit


def staff_of(unit: Unit, least: str = Role.EDITOR) -> list[Any]:
    """People holding ``least`` or more on the unit itself (not its ancestors)."""
    roles = [r for r, rank in ROLE_RANK.items() if rank >= ROLE_RANK[least]]
    return [
        a.user
        for a in RoleAssignment.objects.filter(unit=unit, role__in=roles)
        .select_related("user")
        .order_by("pk")
    ]


def run(today: datetime.date) -> int:
    """Send the due notices; return how many notifications were created."""
    remind_before = {r.kind: r.remind_days_before for r in DeadlineRule.objects.all()}
    items = list(
        Feedback.objects.filter(status__in=OPEN_STATUSES)
        .select_related("unit", "receiving_unit")
        .order_by("due_on", "pk")
    )
    if not items:
        return 0
    calendar = calendar_between(
        min(min(i.due_on for i in items), today), max(max(i.due_on for i in items), today)
    )
    sent = 0
    for item in items:
        unit = item.unit or item.receiving_unit
        left = working_days_between(today, item.due_on, calendar)
        link = reverse("staff:feedback_detail", args=[item.pk])
        due = item.due_on.strftime("%d/%m/%Y")
        if 0 <= left <= remind_before.get(item.kind, 2):
            sent += len(
                notify(
                    staff_of(unit),
                    key=f"feedback:{item.pk}:due:{item.due_on.isoformat()}",
                    title=_("Phản ánh %(c)s sắp đến hạn trả lời (%(d)s)")
                    % {"c": item.code, "d": due},
                    body=_("“%(t)s” cần được trả lời trước ngày %(d)s.")
                    % {"t": item.title, "d": due},
                    link=link,
                    kind="feedback",
                )
            )
        elif left < 0:
            sent += len(
                notify(
                    staff_of(unit),
                    key=f"feedback:{item.pk}:late:{item.due_on.isoformat()}",
                    title=_("Phản ánh %(c)s đã quá hạn trả lời (%(d)s)")
                    % {"c": item.code, "d": due},
                    body=_("“%(t)s” quá hạn %(n)d ngày làm việc.") % {"t": item.title, "n": -left},
                    link=link,
                    kind="feedback",
                )
            )
            parent = (
                Unit.objects.filter(path=unit.path[: -Unit.steplen]).first()
                if unit.depth > 1
                else None
            )
            if parent is not None:
                escalated = len(
                    notify(
                        staff_of(parent, Role.APPROVER),
                        key=f"feedback:{item.pk}:escalate:{item.due_on.isoformat()}",
                        title=_("Phản ánh %(c)s của %(u)s đã quá hạn")
                        % {"c": item.code, "u": unit.display_name},
                        body=_("“%(t)s” có hạn trả lời %(d)s, đến nay chưa được trả lời.")
                        % {"t": item.title, "d": due},
                        link=link,
                        kind="feedback",
                    )
                )
                if escalated:
                    Event.objects.create(
                        feedback=item,
                        action=Action.ESCALATE,
                        from_status=item.status,
                        to_status=item.status,
                        unit=parent,
                        note=_("Quá hạn %(n)d ngày làm việc; đã báo %(u)s.")
                        % {"n": -left, "u": parent.display_name},
                    )
                sent += escalated
    return sent
