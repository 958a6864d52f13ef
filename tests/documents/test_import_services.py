"""Importing the five seed plans onto the stand-in tree: mapping, saving, duplicates."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.documents.matching import is_group_name, match_unit
from cchc.documents.models import ImportRecord
from cchc.documents.parser import parse_plan
from cchc.documents.services import (
    find_duplicate,
    normalized_sha256,
    plan_import_data,
    plan_import_save,
)
from cchc.plans.models import Plan, PlanStatus, UnitRole
from cchc.plans.seeds import SeedUnits, seed_units

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"

# Seed -> (importing unit, activities, themes, legal bases) as the parser reads the seed.
EXPECTED: dict[str, tuple[str, int, int, int]] = {
    "ban_dan_toc_quang_ngai_2023": ("ban_dan_toc", 4, 8, 4),
    "ubnd_tinh_phu_tho_2024": ("phu_tho", 5, 11, 2),
    "so_ldtbxh_lang_son_2023": ("ls_labour", 5, 10, 2),
    "xa_minh_duc_2023": ("minh_duc", 2, 4, 5),
    "huyen_song_ma_2019": ("song_ma", 6, 6, 0),
}


def text_of(name: str) -> str:
    return (SEEDS / f"{name}.txt").read_text(encoding="utf-8")


@pytest.fixture
def units(db: None) -> SeedUnits:
    return seed_units()


def leads_of(plan: Plan) -> list[list[tuple[int | None, str]]]:
    return [
        [(a.unit_id, a.label) for a in act.assignments.filter(role=UnitRole.LEAD).order_by("order")]
        for act in plan.activities.filter(parent__isnull=True).order_by("order")
    ]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_seed_is_saved_as_a_draft(name: str, units: SeedUnits) -> None:
    unit_attr, activities, themes, bases = EXPECTED[name]
    unit = getattr(units, unit_attr)
    plan = plan_import_save(
        parsed=parse_plan(text_of(name)), unit=unit, text=text_of(name), file_name=f"{name}.txt"
    )
    assert plan.status == PlanStatus.DRAFT
    assert plan.unit_id == unit.pk
    assert plan.activities.filter(parent__isnull=True).count() == activities
    assert plan.themes.count() == themes
    assert plan.legal_bases.count() == bases
    # Every top-level activity has a lead (the importing unit when the seed names none).
    assert all(leads_of(plan))
    record = ImportRecord.objects.get(plan=plan)
    assert record.sha256 == normalized_sha256(text_of(name))
    assert record.file_name == f"{name}.txt"


def test_phu_tho_leads_are_matched(units: SeedUnits) -> None:
    parsed = parse_plan(text_of("ubnd_tinh_phu_tho_2024"))
    proposal = plan_import_data(parsed=parsed, unit=units.phu_tho)
    leads = [a.leads for a in proposal.data.activities]
    assert leads[0][0].unit_id == units.pt_broadcaster.pk  # "Đài Phát thanh và Truyền hình tỉnh"
    assert leads[1][0].unit_id == units.pt_newspaper.pk
    assert leads[2][0].unit_id == units.pt_home_affairs.pk  # "Sở Nội vụ" of Phú Thọ
    assert leads[3][0].unit_id == units.pt_information.pk  # ended in 2025, still matched
    assert leads[4][0].unit_id == units.pt_home_affairs.pk
    # The group stays a label and is not asked about.
    assert proposal.data.activities[0].coordinators[0].label == "Các cơ quan, đơn vị liên quan"
    assert proposal.data.activities[0].coordinators[0].unit_id is None
    assert proposal.unmatched == []
    # Sub-activities come with the row's leads.
    assert len(proposal.data.activities[0].children) == 4


def test_ban_dan_toc_offices_are_matched(units: SeedUnits) -> None:
    parsed = parse_plan(text_of("ban_dan_toc_quang_ngai_2023"))
    data = plan_import_data(parsed=parsed, unit=units.ban_dan_toc).data
    assert [a.leads[0].unit_id for a in data.activities] == [
        units.bdt_office.pk,
        units.bdt_office.pk,
        units.bdt_inspectorate.pk,
        units.bdt_inspectorate.pk,
    ]
    coordinator = data.activities[0].coordinators[0]
    assert coordinator.unit_id == units.bdt_policy.pk
    assert coordinator.label == "phòng Chính sách Dân tộc"
    assert data.responsibilities[1].unit.unit_id == units.bdt_office.pk
    assert data.signer_name == "Trần Văn Mẫn"
    assert data.recipients[-1].is_archive
    assert data.period_start is not None and data.period_start.isoformat() == "2023-01-01"
    assert data.period_end is not None and data.period_end.isoformat() == "2023-12-31"


def test_song_ma_header_fields_and_groups(units: SeedUnits) -> None:
    parsed = parse_plan(text_of("huyen_song_ma_2019"))
    proposal = plan_import_data(parsed=parsed, unit=units.song_ma)
    data = proposal.data
    assert (data.number, data.symbol) == ("33", "KH-UBND")
    assert data.issued_on is not None and data.issued_on.isoformat() == "2019-01-11"
    first = data.activities[0]
    assert [r.label for r in first.leads] == ["Các cơ quan, đơn vị", "UBND các xã, thị trấn"]
    assert data.activities[1].leads[0].unit_id == units.sm_media_centre.pk
    assert {r.unit_id for r in data.activities[3].leads} == {
        units.sm_home_affairs.pk,
        units.sm_finance.pk,
    }


def test_activity_without_lead_gets_the_unit_with_a_warning(units: SeedUnits) -> None:
    text = text_of("ubnd_tinh_phu_tho_2024").replace(
        "\tSở Nội vụ\tCác cơ quan, đơn vị liên quan.\t", "\t\tCác cơ quan, đơn vị liên quan.\t"
    )
    proposal = plan_import_data(parsed=parse_plan(text), unit=units.phu_tho)
    assert proposal.data.activities[2].leads[0].unit_id == units.phu_tho.pk
    assert any(
        "chưa ghi cơ quan chủ trì" in w.message and "tạm giao" in w.message and w.line
        for w in proposal.warnings
    )


def test_unknown_names_are_reported_and_overrides_map_them(units: SeedUnits) -> None:
    text = text_of("ubnd_tinh_phu_tho_2024").replace("\tBáo Phú Thọ\t", "\tTạp chí Đất Tổ\t")
    parsed = parse_plan(text)
    proposal = plan_import_data(parsed=parsed, unit=units.phu_tho)
    names = [u.name for u in proposal.unmatched]
    assert names == ["Tạp chí Đất Tổ"]
    assert proposal.unmatched[0].line is not None
    assert proposal.data.activities[1].leads[0].label == "Tạp chí Đất Tổ"
    mapped = plan_import_data(
        parsed=parsed, unit=units.phu_tho, overrides={"Tạp chí Đất Tổ": units.pt_newspaper.pk}
    )
    assert mapped.unmatched == []
    assert mapped.data.activities[1].leads[0].unit_id == units.pt_newspaper.pk
    plan = plan_import_save(
        parsed=parsed,
        unit=units.phu_tho,
        overrides={"Tạp chí Đất Tổ": units.pt_newspaper.pk},
        text=text,
    )
    assert leads_of(plan)[1][0][0] == units.pt_newspaper.pk


def test_a_lead_outside_the_unit_becomes_a_label(units: SeedUnits) -> None:
    parsed = parse_plan(text_of("ubnd_tinh_phu_tho_2024"))
    proposal = plan_import_data(
        parsed=parsed,
        unit=units.phu_tho,
        overrides={"Báo Phú Thọ": units.qn_newspaper.pk},  # another province's newspaper
    )
    lead = proposal.data.activities[1].leads[0]
    assert (lead.unit_id, lead.label) == (None, "Báo Phú Thọ")
    assert any("giữ nguyên tên" in w.message for w in proposal.warnings)


def test_matching_names(units: SeedUnits) -> None:
    within = units.phu_tho
    assert match_unit("Sở TT&TT", within=within).unit == units.pt_information
    assert match_unit("sở thông tin và truyền thông", within=within).exact
    assert match_unit("Đài PTTH tỉnh", within=within).unit == units.pt_broadcaster
    assert match_unit("UBND các xã, thị trấn", within=within).unit is None
    assert is_group_name("Các cơ quan, đơn vị")
    assert not is_group_name("Sở Nội vụ")
    # Only inside the subtree: Lạng Sơn's Sở Nội vụ is not Phú Thọ's.
    assert match_unit("Sở Nội vụ", within=within).unit == units.pt_home_affairs
    assert match_unit("Sở Nội vụ", within=units.ban_dan_toc).unit is None
    assert match_unit("VP Ban", within=units.ban_dan_toc).unit == units.bdt_office


def test_the_same_document_twice_is_refused(units: SeedUnits) -> None:
    text = text_of("huyen_song_ma_2019")
    plan = plan_import_save(parsed=parse_plan(text), unit=units.song_ma, text=text)
    duplicate = find_duplicate(text, units.song_ma)
    assert isinstance(duplicate, ImportRecord) and duplicate.plan == plan
    # Whitespace does not make another document.
    assert find_duplicate(text.replace("\n", "\n\n  "), units.song_ma) == duplicate
    # Another unit may import it.
    assert find_duplicate(text, units.son_la) is None
    with pytest.raises(ValidationError) as caught:
        plan_import_save(parsed=parse_plan(text), unit=units.song_ma, text=text)
    message = caught.value.messages[0]
    assert message.startswith("Văn bản này đã được nhập ngày ")
    assert f"thành kế hoạch “{plan.title}”." in message


def test_same_number_and_date_is_a_duplicate(units: SeedUnits) -> None:
    text = text_of("huyen_song_ma_2019")
    plan_import_save(parsed=parse_plan(text), unit=units.song_ma, text=text)
    edited = text + "\nGhi chú thêm của người nhập."
    assert isinstance(find_duplicate(edited, units.song_ma), ImportRecord)


def test_allow_duplicate(units: SeedUnits) -> None:
    text = text_of("ban_dan_toc_quang_ngai_2023")  # no number: no clash of numbers
    plan_import_save(parsed=parse_plan(text), unit=units.ban_dan_toc, text=text)
    again = plan_import_save(
        parsed=parse_plan(text), unit=units.ban_dan_toc, text=text, allow_duplicate=True
    )
    assert ImportRecord.objects.filter(unit=units.ban_dan_toc).count() == 2
    assert again.status == PlanStatus.DRAFT


def test_command_saves_a_draft(units: SeedUnits) -> None:
    out = StringIO()
    call_command("import_plan", str(SEEDS / "huyen_song_ma_2019.txt"), "--unit", "126", stdout=out)
    plan = Plan.objects.get(unit=units.song_ma)
    assert plan.status == PlanStatus.DRAFT
    # The command (not this module's) prints the plan as str(plan), its title.
    assert f"Đã lưu bản nháp kế hoạch: {plan.title}" in out.getvalue()
    assert ImportRecord.objects.filter(plan=plan).exists()
    # The same file again is refused with the Vietnamese message.
    with pytest.raises(CommandError) as caught:
        call_command("import_plan", str(SEEDS / "huyen_song_ma_2019.txt"), "--unit", "126")
    assert "đã được nhập ngày" in str(caught.value)


def test_a_recipients_purpose_is_split_from_its_label(units: SeedUnits) -> None:
    from cchc.documents.services import plan_import_data

    text = (
        "KẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2023\n"
        "I. NỘI DUNG TUYÊN TRUYỀN\n1. Cải cách thủ tục hành chính\n"
        "Nơi nhận:\n- Phòng nội vụ (b/c);\n- Phòng VH-TT huyện (b/);\n- Sở Nội vụ (để báo cáo);\n"
        "- UBND các xã (thực hiện);\n- Các phòng, ban để thực hiện;\n"
        "- Ban chỉ đạo thực hiện;\n- Lưu: VT.\n"
    )
    data = plan_import_data(parsed=parse_plan(text), unit=units.minh_duc).data
    assert [(r.label, r.purpose, r.is_archive) for r in data.recipients] == [
        ("Phòng nội vụ", "b/c", False),
        ("Phòng VH-TT huyện", "b/", False),
        ("Sở Nội vụ", "để báo cáo", False),
        ("UBND các xã", "thực hiện", False),
        ("Các phòng, ban", "để thực hiện", False),
        ("Ban chỉ đạo thực hiện", "", False),
        ("Lưu: VT", "", True),
    ]
