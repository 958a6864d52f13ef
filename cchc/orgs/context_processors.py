"""What every staff page shows in its header: the user's unit and unread notifications."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def staff(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from cchc.notify.services import unread_count

    return {
        "staff_unit": user.unit if user.unit_id else None,
        "unread_notifications": unread_count(user),
    }
