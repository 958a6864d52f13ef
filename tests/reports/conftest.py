from __future__ import annotations

import pytest

from cchc.plans.models import ReportingDuty
from cchc.reports.models import ReportingPeriod
from cchc.reports.services import reporting_calendar_create
from tests.tracking.conftest import _media, broadcast, issued_plan, province_plan  # noqa: F401

CLAUSE = "Định kỳ quý I, 6 tháng, quý III, năm (trước ngày 10 tháng 3, 6, 9, 12)"


@pytest.fixture
def periods(issued_plan) -> list[ReportingPeriod]:  # type: ignore[no-untyped-def]  # noqa: F811
    ReportingDuty.objects.create(plan=issued_plan, periods=CLAUSE, deadline_text=CLAUSE)
    return reporting_calendar_create(plan=issued_plan)


@pytest.fixture
def q1(periods) -> ReportingPeriod:  # type: ignore[no-untyped-def]
    return ReportingPeriod.objects.select_related("plan__unit", "to_unit").get(pk=periods[0].pk)
