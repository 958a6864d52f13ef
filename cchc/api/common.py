"""Small pieces every app's API shares."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from cchc.orgs.models import Role, Unit
from cchc.orgs.permissions import has_role


def not_found(what: str, pk: int) -> str:
    """The message for an id that does not exist or that the user may not see."""
    return _("Không có %(what)s mã %(pk)s, hoặc bạn không được xem.") % {"what": what, "pk": pk}


def visible_unit(user: Any, pk: int) -> Unit | None:
    """The unit with this id, when the user may see it."""
    unit = Unit.objects.filter(pk=pk).first()
    return unit if unit is not None and has_role(user, unit, Role.VIEWER) else None


M = TypeVar("M", bound=Model)


def within_unit(qs: QuerySet[M], user: Any, unit_id: int) -> QuerySet[M]:
    """Rows whose unit lies under the given unit (the ``unit`` filter of list endpoints);
    a 400 on ``unit`` when it does not exist or the user may not see it."""
    from cchc.legal.api import InvalidInput

    unit = visible_unit(user, unit_id)
    if unit is None:
        raise InvalidInput({"unit": [not_found("đơn vị", unit_id)]})
    return qs.filter(unit__path__startswith=unit.path)
