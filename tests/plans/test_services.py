"""Writing plans: whole plans survive a save, bad input saves nothing, lifecycle and audit."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError

from cchc.legal.models import LegalReference
from cchc.plans.models import Activity, Plan, PlanStatus
from cchc.plans.services import (
    ActivityData,
    UnitRef,
    plan_approve,
    plan_close,
    plan_create,
    plan_delete,
    plan_derive,
    plan_issue,
    plan_return,
    plan_revise,
    plan_submit,
    plan_to_data,
    plan_update,
)
from tests.plans.conftest import issued, province_plan_data

pytestmark = pytest.mark.django_db


def test_a_plan_survives_save_and_reload(tree, province_plan):
    data = province_plan_data(tree)
    reloaded = plan_to_data(Plan.objects.get(pk=province_plan.pk))
    assert reloaded.title == data.title
    assert [t.title for t in reloaded.themes] == [t.title for t in data.themes]
    assert [a.title for a in reloaded.activities] == [a.title for a in data.activities]
    second = reloaded.activities[1]
    assert second.expected_outputs == "02 số/tháng, 10 phút"
    assert [c.title for c in second.children] == ["Xây dựng nội dung chuyên mục"]
    assert reloaded.activities[0].coordinators[1].label == "Các sở, ban, ngành"
    assert reloaded.activities[0].themes == (0, 1)
    assert reloaded.legal_bases[0].number_symbol == "35/QĐ-BNV"


def test_missing_title_and_period_are_refused_and_nothing_saved(tree):
    before = (Plan.objects.count(), Activity.objects.count())
    with pytest.raises(ValidationError) as exc:
        plan_create(data=province_plan_data(tree, title=" ", period_start=None))
    assert "trích yếu" in exc.value.message_dict["title"][0]
    assert "kỳ thực hiện" in exc.value.message_dict["period_start"][0]
    assert (Plan.objects.count(), Activity.objects.count()) == before


def test_period_ending_before_it_starts_is_refused(tree):
    with pytest.raises(ValidationError) as exc:
        plan_create(
            data=province_plan_data(
                tree, period_start=datetime.date(2024, 12, 31), period_end=datetime.date(2024, 1, 1)
            )
        )
    assert "trước khi bắt đầu" in exc.value.message_dict["period_end"][0]


def test_activity_without_lead_is_refused(tree):
    data = province_plan_data(tree)
    data = replace(data, activities=(*data.activities, ActivityData("Hoạt động không ai chủ trì")))
    with pytest.raises(ValidationError) as exc:
        plan_create(data=data)
    assert "Hoạt động 4" in exc.value.message_dict["activities"][0]
    assert "chưa có cơ quan chủ trì" in exc.value.message_dict["activities"][0]
    assert not Plan.objects.exists()


def test_lead_outside_the_plans_reach_is_refused(tree):
    data = province_plan_data(tree, unit_id=tree.dept.pk)
    with pytest.raises(ValidationError) as exc:
        plan_create(data=data)
    assert any("không thuộc" in m for m in exc.value.message_dict["activities"])


def test_duplicate_number_in_same_unit_and_year_is_refused(tree, province_plan):
    issued(province_plan, number="40")
    with pytest.raises(ValidationError) as exc:
        plan_create(data=province_plan_data(tree, number="40", issued_on=datetime.date(2024, 5, 5)))
    assert "đã dùng" in exc.value.message_dict["number"][0]
    plan_create(data=province_plan_data(tree, number="40", issued_on=datetime.date(2025, 1, 5)))


def test_unknown_channel_area_and_index_are_refused(tree):
    data = province_plan_data(tree)
    bad_theme = replace(data.themes[0], areas=("space",), indices=("xyz",))
    with pytest.raises(ValidationError) as exc:
        plan_create(data=replace(data, themes=(bad_theme,), activities=()))
    assert len(exc.value.message_dict["themes"]) == 2


def test_lifecycle_from_draft_to_closed_is_audited(tree, people, province_plan):
    actor = people["admin"]
    plan = plan_submit(plan=province_plan, actor=actor)
    assert plan.status == PlanStatus.SUBMITTED
    plan = plan_return(plan=plan, reason="Bổ sung kinh phí", actor=actor)
    assert plan.status == PlanStatus.DRAFT
    plan = issued(plan, actor=actor)
    assert plan.status == PlanStatus.ISSUED and plan.number_symbol == "40/KH-UBND"
    plan = plan_close(plan=plan, actor=actor)
    actions = list(plan.events.order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["create", "submit", "return", "submit", "approve", "issue", "close"]
    assert plan.events.get(action="return").note == "Bổ sung kinh phí"


def test_return_needs_a_reason(province_plan):
    plan = plan_submit(plan=province_plan)
    with pytest.raises(ValidationError):
        plan_return(plan=plan, reason="  ")


def test_steps_out_of_order_are_refused(province_plan):
    with pytest.raises(ValidationError):
        plan_approve(plan=province_plan)
    with pytest.raises(ValidationError):
        plan_issue(plan=province_plan, number="1", issued_on=datetime.date(2024, 1, 2))
    with pytest.raises(ValidationError):
        plan_close(plan=province_plan)


def test_issued_plan_no_longer_changes(tree, province_plan):
    plan = issued(province_plan)
    with pytest.raises(ValidationError) as exc:
        plan_update(plan=plan, data=replace(plan_to_data(plan), title="Đổi tên"))
    assert "không sửa được" in exc.value.messages[0]
    assert Plan.objects.get(pk=plan.pk).title != "Đổi tên"


def test_update_records_what_changed(tree, people, province_plan):
    data = replace(plan_to_data(province_plan), title="Kế hoạch đã sửa", activities=())
    plan = plan_update(plan=province_plan, data=data, actor=people["admin"], expected_revision=1)
    event = plan.events.get(action="update")
    assert event.changes["title"][1] == "Kế hoạch đã sửa"
    assert event.changes["activities"] == [4, 0]
    assert event.actor == people["admin"]


def test_second_save_from_a_stale_page_is_refused(tree, people, province_plan):
    data = plan_to_data(province_plan)
    plan_update(plan=province_plan, data=replace(data, title="Bản của người thứ nhất"), expected_revision=1)
    with pytest.raises(ValidationError) as exc:
        plan_update(plan=province_plan, data=replace(data, title="Bản của người thứ hai"), expected_revision=1)
    assert "vừa được" in exc.value.messages[0]
    assert Plan.objects.get(pk=province_plan.pk).title == "Bản của người thứ nhất"


def test_revision_creates_a_new_version_that_replaces_the_old(tree, province_plan):
    old = issued(province_plan)
    new = plan_revise(plan=old)
    assert new.version == 2 and new.replaces == old and new.status == PlanStatus.DRAFT
    assert new.number == ""
    assert plan_to_data(new).activities == plan_to_data(old).activities
    with pytest.raises(ValidationError):
        plan_revise(plan=old)
    new = issued(new, number="41")
    assert Plan.objects.get(pk=old.pk).status == PlanStatus.CLOSED


def test_same_reference_cited_by_two_plans_is_one_record(tree, province_plan):
    data = province_plan_data(tree, unit_id=tree.dept.pk, activities=())
    plan_create(data=data)
    assert LegalReference.objects.filter(number_symbol="35/QĐ-BNV").count() == 1


def test_only_draft_plans_are_deleted(province_plan):
    plan = plan_submit(plan=province_plan)
    with pytest.raises(ValidationError):
        plan_delete(plan=plan)


def test_cascade_brings_themes_basis_and_assigned_activities(tree, people, province_plan):
    parent = issued(province_plan)
    child = plan_derive(parent=parent, unit=tree.commune_a, actor=people["commune_editor"])
    data = plan_to_data(child)
    assert child.derived_from == parent and child.status == PlanStatus.DRAFT
    assert data.legal_bases[0].plan_id == parent.pk
    assert data.legal_bases[0].number_symbol == "40/KH-UBND"
    assert [t.parent_theme_id for t in data.themes] == list(parent.themes.values_list("pk", flat=True))
    titles = [a.title for a in data.activities]
    assert titles == ["Tuyên truyền trên Cổng thông tin điện tử", "Chuyên mục CCHC trên truyền thanh xã"]
    assert all(a.leads == (UnitRef(tree.commune_a.pk),) for a in data.activities)
    with pytest.raises(ValidationError):
        plan_derive(parent=parent, unit=tree.commune_a)


def test_cascade_needs_an_issued_parent(tree, province_plan):
    with pytest.raises(ValidationError):
        plan_derive(parent=province_plan, unit=tree.commune_a)


def test_same_symbol_from_two_bodies_or_years_is_two_records(tree):
    from cchc.legal.services import ReferenceData, reference_get_or_create

    a = reference_get_or_create(data=ReferenceData("Kế hoạch", "15/KH-UBND", datetime.date(2023, 7, 13), "UBND xã Minh Đức"))
    b = reference_get_or_create(data=ReferenceData("Kế hoạch", "15/KH-UBND", datetime.date(2021, 2, 1), "UBND tỉnh"))
    c = reference_get_or_create(data=ReferenceData("Kế hoạch", "15KH-UBND", datetime.date(2023, 7, 13), "Chủ tịch UBND xã"))
    assert a != b and a == c
    d = reference_get_or_create(data=ReferenceData("Nghị định", "61/2018/NĐ-CP", datetime.date(2018, 4, 23), "Chính phủ"))
    e = reference_get_or_create(data=ReferenceData("Nghị định", "61/2018/NĐ-CP", None, ""))
    assert d == e
