"""The demo reporting content: calendars for issued plans, two reports sent, idempotent."""

from __future__ import annotations

import pytest

from cchc.plans.seeds import load_seed_plans
from cchc.reports.demo import build_demo
from cchc.reports.models import Report, ReportingPeriod, ReportStatus

pytestmark = pytest.mark.django_db


def test_demo_reports_are_added_once():
    units: dict = {}
    load_seed_plans()
    first = build_demo(units)
    assert ReportingPeriod.objects.exists()
    statuses = sorted(Report.objects.values_list("status", flat=True))
    assert statuses == [ReportStatus.ACCEPTED, ReportStatus.SUBMITTED]
    assert "kỳ báo cáo" in first and "2 báo cáo mẫu" in first
    periods = ReportingPeriod.objects.count()
    again = build_demo(units)
    assert ReportingPeriod.objects.count() == periods and Report.objects.count() == 2
    assert "thêm 0 kỳ báo cáo, 0 báo cáo mẫu" in again
