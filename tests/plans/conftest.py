"""Plans built through the services on the shared small hierarchy."""

from __future__ import annotations

import datetime

import pytest

from cchc.legal.services import ReferenceData
from cchc.plans.models import Plan
from cchc.plans.services import (
    ActivityData,
    PlanData,
    ThemeData,
    UnitRef,
    plan_approve,
    plan_create,
    plan_issue,
    plan_submit,
)

YEAR_2024 = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))


def province_plan_data(tree, **overrides) -> PlanData:  # type: ignore[no-untyped-def]
    data = PlanData(
        unit_id=tree.province.pk,
        title="Kế hoạch tuyên truyền cải cách hành chính năm 2024",
        period_start=YEAR_2024[0],
        period_end=YEAR_2024[1],
        period_label="năm 2024",
        symbol="KH-UBND",
        place="Quảng Ngãi",
        legal_bases=(
            ReferenceData(
                doc_type="Quyết định",
                number_symbol="35/QĐ-BNV",
                issued_on=datetime.date(2024, 1, 22),
                issuer="Bộ Nội vụ",
                subject="ban hành Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2024",
            ),
        ),
        themes=(
            ThemeData("Cải cách thủ tục hành chính, một cửa, một cửa liên thông", areas=("procedures",)),
            ThemeData("Chuyển đổi số, chính quyền số", areas=("digital",), indices=("dti",)),
            ThemeData("Kết quả Chỉ số CCHC, SIPAS", indices=("par_index", "sipas")),
        ),
        activities=(
            ActivityData(
                "Tuyên truyền trên Cổng thông tin điện tử",
                channels=("website",),
                timing_text="Thường xuyên",
                leads=(UnitRef(tree.dept.pk),),
                coordinators=(UnitRef(tree.commune_a.pk), UnitRef(label="Các sở, ban, ngành")),
                themes=(0, 1),
            ),
            ActivityData(
                "Chuyên mục CCHC trên truyền thanh xã",
                channels=("loudspeaker",),
                timing_text="02 số/tháng",
                expected_outputs="02 số/tháng, 10 phút",
                leads=(UnitRef(tree.commune_a.pk), UnitRef(tree.commune_b.pk)),
                themes=(0,),
                children=(
                    ActivityData("Xây dựng nội dung chuyên mục", timing_text="Quý I/2024"),
                ),
            ),
            ActivityData(
                "Cuộc thi tìm hiểu CCHC",
                channels=("contest",),
                timing_text="Quý III/2024",
                leads=(UnitRef(tree.dept.pk),),
            ),
        ),
    )
    return PlanData(**{**data.__dict__, **overrides})


def issued(plan: Plan, number: str = "40", actor=None) -> Plan:  # type: ignore[no-untyped-def]
    plan = plan_submit(plan=plan, actor=actor)
    plan = plan_approve(plan=plan, actor=actor)
    return plan_issue(plan=plan, number=number, issued_on=datetime.date(2024, 3, 1), actor=actor)


@pytest.fixture
def province_plan(tree, people) -> Plan:  # type: ignore[no-untyped-def]
    return plan_create(data=province_plan_data(tree), actor=people["admin"])
