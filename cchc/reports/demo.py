"""Demo reporting: the calendars of the issued demo plans and a few reports already sent.

For the province-level plan that has units below it, the first period gets reports from
two of the expected units: one accepted, one waiting for review, so completeness, the
roll-up and the review queue have something to show. Safe to run on every start.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cchc.orgs.models import Unit
from cchc.plans.models import Plan, PlanStatus
from cchc.reports import selectors, services
from cchc.reports.models import Report, ReportingPeriod, ReportStatus

NARRATIVE = services.NarrativeData(
    results=(
        "Đã tổ chức tuyên truyền cải cách hành chính trên Cổng thông tin điện tử, hệ thống "
        "truyền thanh cơ sở và tại các cuộc họp; niêm yết công khai thủ tục hành chính tại "
        "Bộ phận Một cửa."
    ),
    shortcomings="Một số hoạt động chưa bảo đảm tiến độ do thiếu kinh phí và nhân lực.",
    proposals="Đề nghị bố trí kinh phí tuyên truyền và tập huấn kỹ năng cho công chức phụ trách.",
)


def _send(period: ReportingPeriod, unit: Unit, *, accept: bool) -> Report:
    report = services.report_open(period=period, unit=unit)
    if report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        report = services.report_submit(report=report, data=NARRATIVE)
    if accept and report.status == ReportStatus.SUBMITTED:
        report = services.report_accept(report=report)
    return report


@transaction.atomic
def build_demo(units: dict[str, Any]) -> str:
    plans = Plan.objects.filter(status=PlanStatus.ISSUED).select_related("unit").order_by("pk")
    periods = 0
    for plan in plans:
        periods += len(services.reporting_calendar_create(plan=plan))
    sent = 0
    for plan in plans:
        first = (
            ReportingPeriod.objects.filter(plan=plan, locked_at__isnull=True)
            .order_by("deadline", "pk")
            .first()
        )
        if first is None:
            continue
        expected = selectors.expected_units(first)[:2]
        if len(expected) < 2:
            continue
        before = Report.objects.filter(period=first).exclude(status=ReportStatus.DRAFT).count()
        _send(first, expected[0], accept=True)
        _send(first, expected[1], accept=False)
        sent += (
            Report.objects.filter(period=first).exclude(status=ReportStatus.DRAFT).count() - before
        )
        break
    return f"Báo cáo định kỳ: thêm {periods} kỳ báo cáo, {sent} báo cáo mẫu đã gửi."
