"""The five seed plans, built through the services on the stand-in unit tree.

The full administrative units dataset is not loaded here: ``seed_units`` creates the
minimal stand-in tree (root "Chính phủ" VN → provinces with their real codes and
validity → districts, communes → agencies, offices, posts).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from cchc.legal.models import LegalReference
from cchc.legal.symbols import parse_citations, parse_symbol
from cchc.orgs.models import Unit, UnitKind
from cchc.orgs.services import UnitData, unit_create
from cchc.plans.models import Activity, Plan, PlanEvent, PlanStatus
from cchc.plans.seeds import (
    SEED_PLANS,
    SEED_STATUS,
    STAND_IN_KEY,
    STAND_IN_NOTE,
    SeedUnits,
    ban_dan_toc_quang_ngai_2023,
    load_seed_plans,
    seed_units,
)
from cchc.plans.selectors import plan_coverage
from cchc.plans.services import SCALAR_FIELDS, PlanData, UnitRef, plan_create, plan_to_data
from cchc.text import fold

pytestmark = pytest.mark.django_db

SEEDS_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
FORMER_UNTIL = datetime.date(2025, 6, 30)
DEPARTMENTS_UNTIL = datetime.date(2025, 2, 28)

# Per plan: themes, top-level activities, sub-activities, legal bases, duties.
COUNTS = {
    "ban_dan_toc_quang_ngai_2023": (8, 4, 0, 7, 2),
    "ubnd_tinh_phu_tho_2024": (11, 5, 4, 19, 1),
    "so_ldtbxh_lang_son_2023": (10, 5, 0, 4, 1),
    "xa_minh_duc_2023": (4, 2, 4, 5, 7),
    "huyen_song_ma_2019": (0, 6, 0, 0, 0),
}


def _fixture_text(key: str) -> str:
    return (SEEDS_DIR / f"{key}.txt").read_text(encoding="utf-8")


def _norm(text: str) -> str:
    """Words only: emphasis and subscript markup of the fixtures dropped, spaces collapsed."""
    text = text.replace("*", "").replace("_{", "").replace("}", "")
    return " ".join(text.split())


def _symbol(number_symbol: str) -> str:
    parsed = parse_symbol(number_symbol)
    assert parsed is not None, number_symbol
    return parsed.formatted


@pytest.fixture
def units(db: None) -> SeedUnits:
    return seed_units()


@pytest.fixture
def plans(db: None) -> dict[str, Plan]:
    return load_seed_plans()


def _activities(plan: Plan) -> list[Activity]:
    return list(plan.activities.filter(parent__isnull=True).order_by("order", "pk"))


# --- Every part survives the services -------------------------------------------------


def _assert_round_trip(data: PlanData, got: PlanData) -> None:
    for name in SCALAR_FIELDS:
        if name not in ("number", "issued_on"):
            assert getattr(got, name) == getattr(data, name), name
    assert got.derived_from_id == data.derived_from_id
    assert got.audiences == data.audiences
    assert got.themes == data.themes
    assert got.channels == data.channels
    assert got.activities == data.activities
    assert got.responsibilities == data.responsibilities
    assert got.funding_sources == data.funding_sources
    assert got.reporting_duties == data.reporting_duties
    assert got.recipients == data.recipients
    # Citations are stored once per document, with the symbol normalized.
    assert [(b.doc_type, b.number_symbol, b.issued_on) for b in got.legal_bases] == [
        (b.doc_type, _symbol(b.number_symbol), b.issued_on) for b in data.legal_bases
    ]


@pytest.mark.parametrize("key", list(SEED_PLANS))
def test_each_seed_plan_survives_create_and_reload(units: SeedUnits, key: str) -> None:
    data = SEED_PLANS[key](units)
    plan = plan_create(data=data)
    _assert_round_trip(data, plan_to_data(Plan.objects.get(pk=plan.pk)))


@pytest.mark.parametrize("key", list(SEED_PLANS))
def test_loaded_seed_plans_keep_every_part_and_reach_their_state(
    plans: dict[str, Plan], units: SeedUnits, key: str
) -> None:
    plan = plans[key]
    data = (
        ban_dan_toc_quang_ngai_2023(units, parent=plans[STAND_IN_KEY])
        if key == "ban_dan_toc_quang_ngai_2023"
        else SEED_PLANS[key](units)
    )
    got = plan_to_data(plan)
    _assert_round_trip(data, got)
    assert (got.number, got.issued_on) == (data.number, data.issued_on)
    assert plan.status == SEED_STATUS[key]
    themes, activities, children, bases, duties = COUNTS[key]
    assert len(got.themes) == themes
    assert len(got.activities) == activities
    assert sum(len(a.children) for a in got.activities) == children
    assert len(got.legal_bases) == bases
    assert len(got.responsibilities) == duties


@pytest.mark.parametrize("key", list(SEED_PLANS))
def test_every_text_entered_is_the_documents_own_words(units: SeedUnits, key: str) -> None:
    data = SEED_PLANS[key](units)
    source = _norm(_fixture_text(key))
    texts: list[str] = [
        data.header_parent, data.header_unit, data.place, data.period_label, data.slogan,
        data.intro, data.objectives, data.requirements, data.funding, data.implementation,
        data.signing_authority, data.signer_position, data.signer_name,
    ]  # fmt: skip
    if key != "huyen_song_ma_2019":  # the article's own title is rewritten (see below)
        texts.append(data.title)
    for ref in data.legal_bases:
        texts += [ref.number_symbol, ref.issuer, ref.subject]
    for audience in data.audiences:
        texts += [audience.description, audience.content]
    for theme in data.themes:
        texts += [theme.title, theme.details]
    texts += [c.description for c in data.channels]

    def walk(activities):  # type: ignore[no-untyped-def]
        for a in activities:
            texts.extend([a.title, a.content, a.timing_text, a.expected_outputs])
            texts.extend(r.label for r in (*a.leads, *a.coordinators))
            walk(a.children)

    walk(data.activities)
    for duty in data.responsibilities:
        texts += [duty.unit.label, duty.duties]
    for f in data.funding_sources:
        texts += [f.source, f.note]
    for r in data.reporting_duties:
        texts += [r.periods, r.deadline_text, r.to.label, r.through.label, r.text]
    for recipient in data.recipients:
        texts += [recipient.label, recipient.purpose]
    missing = [t for t in texts if t and _norm(t) not in source]
    assert missing == []


@pytest.mark.parametrize("key", list(SEED_PLANS))
def test_legal_bases_are_the_documents_numbered_citations(units: SeedUnits, key: str) -> None:
    data = SEED_PLANS[key](units)
    cited = {
        c.key for c in parse_citations(_fixture_text(key)) if c.symbol is not None and c.symbol.is_issued
    }
    if key == "huyen_song_ma_2019":
        cited.discard(("ke hoach", "33/KH-UBND"))  # the plan itself
    entered = []
    for ref in data.legal_bases:
        parsed = parse_symbol(ref.number_symbol)
        assert parsed is not None
        entered.append((fold(ref.doc_type), parsed.key))
    assert len(entered) == len(set(entered))
    assert set(entered) == cited


# --- Document by document ---------------------------------------------------------------


def test_ban_dan_toc_derives_from_the_province_stand_in(plans: dict[str, Plan], units: SeedUnits) -> None:
    plan = plans["ban_dan_toc_quang_ngai_2023"]
    stand_in = plans[STAND_IN_KEY]
    assert plan.unit_id == units.ban_dan_toc.pk
    assert units.ban_dan_toc.valid_to == DEPARTMENTS_UNTIL
    # The fixture has no header, number or date.
    assert (plan.header_parent, plan.header_unit, plan.number, plan.symbol, plan.place) == ("", "", "", "", "")
    assert plan.issued_on is None
    assert plan.status == PlanStatus.APPROVED
    assert plan.derived_from == stand_in
    parents = [t.parent_theme.title if t.parent_theme else None for t in plan.themes.order_by("order")]
    assert parents[1] is None and parents[3] is None
    assert parents[4] == "Kết quả các chỉ số PAR INDEX, SIPAS, PAPI, PCI, DDCI, DTI của tỉnh"
    assert [a.derived_from.plan_id if a.derived_from else None for a in _activities(plan)] == [stand_in.pk] * 4

    data = plan_to_data(plan)
    first, _second, third, fourth = data.activities
    assert first.leads == (UnitRef(units.bdt_office.pk),)
    assert first.coordinators == (UnitRef(units.bdt_policy.pk, "phòng Chính sách Dân tộc"),)
    assert third.leads == (UnitRef(units.bdt_inspectorate.pk),)
    assert third.coordinators == (UnitRef(label="Các phòng thuộc Ban"),)
    assert fourth.timing_text == "Thường xuyên trong năm"
    assert data.themes[4].indices == ("par_index", "sipas", "papi", "pci", "ddci", "dti")
    assert data.themes[6].areas == ("digital",)
    assert data.reporting_duties[0].through == UnitRef(units.bdt_office.pk, "Văn phòng")
    assert data.recipients[-1].label == "Lưu: VT, VPyen22" and data.recipients[-1].is_archive
    assert (data.signer_position, data.signer_name) == ("TRƯỞNG BAN", "Trần Văn Mẫn")
    assert data.legal_bases[1].plan_id == stand_in.pk  # 40/KH-UBND is in the system


def test_phu_tho_row_one_has_sub_activities_with_their_own_timing(
    plans: dict[str, Plan], units: SeedUnits
) -> None:
    plan = plans["ubnd_tinh_phu_tho_2024"]
    assert plan.unit_id == units.phu_tho.pk
    assert (units.phu_tho.code, units.phu_tho.valid_to) == ("25", FORMER_UNTIL)
    data = plan_to_data(plan)
    row = data.activities[0]
    assert row.leads == (UnitRef(units.pt_broadcaster.pk, "Đài Phát thanh và Truyền hình tỉnh"),)
    assert row.coordinators == (UnitRef(label="Các cơ quan, đơn vị liên quan"),)
    assert [(c.title, c.timing_text) for c in row.children] == [
        ("Chuyên mục “cải cách hành chính”", "02 số/tháng (Thời lượng 10 phút)"),
        ("Chuyên mục: “Đại biểu dân cử và cử tri” và “Vấn đề cử tri quan tâm”", "01 số/năm"),
        ("Chuyên mục “Phú Thọ chuyển đổi số”", "01 số/năm"),
        ("Tọa đàm về cải cách hành chính", "Quý IV/2024"),
    ]
    assert [a.timing_text for a in data.activities[1:]] == [
        "Các bài viết, phóng sự trên Báo Phú Thọ; Báo điện tử Phú Thọ 01 kỳ/tháng",
        "Từ quý II và hoàn thành chậm nhất, trong quý IV/2024",
        "Trong năm 2024",
        "Thực hiện trong quý III/2024",
    ]
    assert [a.leads for a in data.activities[1:]] == [
        (UnitRef(units.pt_newspaper.pk),),
        (UnitRef(units.pt_home_affairs.pk),),
        (UnitRef(units.pt_information.pk),),
        (UnitRef(units.pt_home_affairs.pk),),
    ]
    officials, businesses, citizens = data.audiences
    assert officials.audience == "officials"
    assert officials.content.startswith("- Tuyên truyền nội dung Nghị quyết số 76/NQ-CP")
    assert "+ Tuyên truyền, biểu dương các mô hình" in officials.content
    assert (businesses.audience, citizens.audience) == ("businesses", "citizens")
    assert citizens.content == businesses.content
    assert citizens.content.startswith("- Tuyên truyền những nội dung cơ bản")
    assert [t.audience for t in data.themes] == ["officials"] * 8 + ["citizens"] * 3
    assert data.themes[5].indices == ("par_index", "sipas", "pci", "papi")
    assert [f.source for f in data.funding_sources] == [
        "ngân sách Nhà nước",
        "huy động từ các nguồn hợp pháp khác",
    ]
    assert data.signing_authority == "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
    assert (data.signer_position, data.signer_name) == ("PHÓ CHỦ TỊCH", "Phan Trọng Tấn")
    assert data.reporting_duties[0].to == UnitRef(units.phu_tho.pk, "UBND tỉnh")
    assert data.reporting_duties[0].through == UnitRef(units.pt_home_affairs.pk)
    assert data.recipients[0].unit_id == units.ministry_home_affairs.pk
    symbols = {b.number_symbol for b in data.legal_bases}
    assert {"942/QĐ-TTg", "02/CT-TTg", "26/CT-TTg", "61/2018/NĐ-CP"} <= symbols


def test_lang_son_blank_number_and_day(plans: dict[str, Plan], units: SeedUnits) -> None:
    plan = plans["so_ldtbxh_lang_son_2023"]
    assert plan.unit_id == units.ls_labour.pk
    assert units.ls_labour.valid_to == DEPARTMENTS_UNTIL
    assert units.ls_labour.replaced_by_id == units.ls_home_affairs.pk
    assert (units.lang_son.code, units.lang_son.valid_to) == ("20", None)
    # "Số: /KH-SLĐTBXH" and "Lạng Sơn, ngày tháng 3 năm 2023".
    assert (plan.number, plan.symbol, plan.number_symbol) == ("", "KH-SLĐTBXH", "/KH-SLĐTBXH")
    assert plan.place == "Lạng Sơn" and plan.issued_on is None
    assert plan.status == PlanStatus.APPROVED
    assert plan.slogan == "Siết chặt kỷ cương, tăng cường trách nhiệm, quyết liệt hành động, sáng tạo bút phá"
    data = plan_to_data(plan)
    assert [b.number_symbol for b in data.legal_bases] == [
        "58/KH-UBND",
        "04/KH-SLĐTBXH",
        "60-NQ/TU",
        "05/KH-SLĐTBXH",
    ]
    duty = data.reporting_duties[0]
    assert duty.periods == "quý I, 6 tháng, quý III, năm"
    assert duty.deadline_text.startswith("Trước ngày 10 tháng 3 đối với báo cáo quý I")
    assert duty.to == UnitRef(label="Ủy ban nhân dân tỉnh và Sở Nội vụ")
    assert duty.through == UnitRef(units.ls_labour.pk, "Sở")
    assert data.activities[0].expected_outputs == (
        "có ít nhất 04 tin, bài về CCHC đăng trên trang thông tin điện tử của Sở"
    )
    assert data.themes[8].indices == ("par_index", "papi", "pci", "ddci", "sipas")
    assert [r.label for r in data.recipients if r.is_archive] == ["Lưu: VT"]
    assert (data.signing_authority, data.signer_position, data.signer_name) == ("", "GIÁM ĐỐC", "Phạm Đức Huân")


def test_minh_duc_keeps_its_skipped_duty_numbering(plans: dict[str, Plan], units: SeedUnits) -> None:
    plan = plans["xa_minh_duc_2023"]
    assert plan.unit_id == units.minh_duc.pk
    assert (units.minh_duc.kind, units.minh_duc.code, units.minh_duc.valid_to) == (
        UnitKind.COMMUNE,
        "25348",
        FORMER_UNTIL,
    )
    assert units.minh_duc.path.startswith(units.hon_quan.path)
    assert units.hon_quan.path.startswith(units.binh_phuoc.path)
    assert (units.hon_quan.code, units.binh_phuoc.code, units.binh_phuoc.valid_to) == ("694", "70", FORMER_UNTIL)
    assert (plan.header_parent, plan.header_unit) == ("ỦY BAN NHÂN DÂN", "XÃ MINH ĐỨC")
    assert (plan.number_symbol, plan.place, plan.issued_on) == ("/KH-UBND", "Minh Đức", None)
    data = plan_to_data(plan)
    numbers = [int(re.match(r"(\d+)\. ", d.duties).group(1)) for d in data.responsibilities]  # type: ignore[union-attr]
    assert numbers == [1, 2, 4, 5, 6, 7, 8]
    assert data.responsibilities[2].unit == UnitRef(units.md_justice.pk, "Công chức Tư pháp")
    assert data.responsibilities[3].unit == UnitRef(label="Các trường học")
    assert data.legal_bases[1].number_symbol == "99/KH-UBND"  # written "99KH-UBND"
    assert "99KH-UBND" in data.intro
    first, second = data.activities
    assert first.leads == (UnitRef(units.md_culture.pk, "Công chức Văn hóa- xã hội (Phụ trách VH&TT)"),)
    assert first.coordinators == (
        UnitRef(units.md_radio.pk, "Đài truyền thanh xã"),
        UnitRef(label="các ban ngành đoàn thể xã"),
    )
    assert second.title == "Tổ chức tuyên truyền cải cải cách hành chính trên địa bàn xã"
    assert len(second.children) == 4
    assert data.reporting_duties[0].to == UnitRef(units.minh_duc.pk, "UBND xã")
    assert [(r.label, r.purpose) for r in data.recipients[:2]] == [("Phòng nội vụ", "b/c"), ("Phòng VH-TT huyện", "b/")]
    assert data.signing_authority == "TK.CHỦ TỊCH"


def test_song_ma_article_items(plans: dict[str, Plan], units: SeedUnits) -> None:
    plan = plans["huyen_song_ma_2019"]
    assert plan.unit_id == units.song_ma.pk
    assert (units.song_ma.code, units.song_ma.valid_to) == ("126", FORMER_UNTIL)
    assert units.song_ma.path.startswith(units.son_la.path) and units.son_la.code == "14"
    assert plan.status == PlanStatus.ISSUED
    assert (plan.number_symbol, plan.issued_on) == ("33/KH-UBND", datetime.date(2019, 1, 11))
    assert (plan.period_start, plan.period_end) == (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))
    assert LegalReference.objects.get(plan=plan).number_symbol == "33/KH-UBND"
    data = plan_to_data(plan)
    assert [a.timing_text for a in data.activities] == [
        "Thường xuyên trong năm 2019",
        "Hàng tuần",
        "Hàng tháng",
        "Trong năm 2019",
        "Trong năm 2019",
        "Trong năm 2019",
    ]
    all_units = UnitRef(label="Các cơ quan, đơn vị, UBND các xã, thị trấn")
    assert data.activities[0].leads == (all_units,)
    assert data.activities[1].leads == (UnitRef(units.sm_media_centre.pk),)
    assert data.activities[2].leads == (UnitRef(label="UBND các xã, thị trấn"),)
    assert data.activities[2].coordinators == (
        UnitRef(label="Đoàn thể chính trị, xã hội các xã, thị trấn"),
        UnitRef(label="Ban quản lý bản, tổ dân phố"),
    )
    assert data.activities[3].leads == (
        UnitRef(units.sm_home_affairs.pk),
        UnitRef(units.sm_finance.pk, "phòng Tài chính - Kế hoạch"),
    )
    assert all(a.coordinators == (all_units,) for a in data.activities[3:])
    assert data.activities[0].content.count("\n+ ") == 2
    # Nothing the article does not give.
    assert (data.legal_bases, data.themes, data.responsibilities, data.recipients) == ((), (), (), ())
    assert (data.signer_name, data.header_unit, data.intro) == ("", "", "")


# --- Across the seeds ---------------------------------------------------------------------


def test_a_document_cited_by_several_plans_is_one_reference(plans: dict[str, Plan]) -> None:
    resolution = LegalReference.objects.get(number_symbol="76/NQ-CP")
    citing = set(resolution.citing_plans.values_list("plan_id", flat=True))
    assert citing == {
        plans["ban_dan_toc_quang_ngai_2023"].pk,
        plans["ubnd_tinh_phu_tho_2024"].pk,
        plans[STAND_IN_KEY].pk,
    }
    decision = LegalReference.objects.get(number_symbol="2074/QĐ-UBND")
    assert decision.citing_plans.count() == 2
    province_plan = LegalReference.objects.get(number_symbol="40/KH-UBND")
    assert province_plan.plan == plans[STAND_IN_KEY]
    assert province_plan.citing_plans.get().plan == plans["ban_dan_toc_quang_ngai_2023"]


def test_load_seed_plans_is_idempotent(plans: dict[str, Plan]) -> None:
    counts = (
        Unit.objects.count(),
        Plan.objects.count(),
        Activity.objects.count(),
        LegalReference.objects.count(),
        PlanEvent.objects.count(),
    )
    again = load_seed_plans()
    assert {k: p.pk for k, p in again.items()} == {k: p.pk for k, p in plans.items()}
    assert (
        Unit.objects.count(),
        Plan.objects.count(),
        Activity.objects.count(),
        LegalReference.objects.count(),
        PlanEvent.objects.count(),
    ) == counts
    assert Plan.objects.count() == 6


def test_coverage_of_the_stand_in_shows_ban_dan_toc_with_a_plan(plans: dict[str, Plan], units: SeedUnits) -> None:
    stand_in = plans[STAND_IN_KEY]
    assert stand_in.title.endswith(STAND_IN_NOTE) and STAND_IN_NOTE in stand_in.intro
    assert (stand_in.status, stand_in.number_symbol, stand_in.issued_on) == (
        PlanStatus.ISSUED,
        "40/KH-UBND",
        datetime.date(2023, 3, 1),
    )
    coverage = plan_coverage(stand_in)
    rows = {row.unit.pk: row for row in coverage.rows}
    bdt = rows[units.ban_dan_toc.pk]
    assert bdt.has_plan and bdt.plan == plans["ban_dan_toc_quang_ngai_2023"] and bdt.direct
    assert (bdt.themes_covered, bdt.themes_total) == (5, 6)
    assert (bdt.assigned_covered, bdt.assigned_total) == (2, 2)
    assert [t.title for t in bdt.missing_themes] == ["Cải cách tổ chức bộ máy hành chính và chế độ công vụ"]
    assert coverage.with_plan == 1
    for unit in (units.qn_home_affairs, units.qn_newspaper, units.qn_broadcaster):
        assert not rows[unit.pk].has_plan
    assert rows[units.qn_home_affairs.pk].assigned_total == 2


# --- The units ------------------------------------------------------------------------------


def test_seed_units_builds_a_stand_in_tree_once(units: SeedUnits) -> None:
    assert (units.root.code, units.root.depth, units.root.name) == ("VN", 1, "Chính phủ")
    assert units.ministry_home_affairs.kind == UnitKind.MINISTRY
    assert (units.quang_ngai.code, units.quang_ngai.valid_to) == ("51", None)
    for unit in (units.bdt_office, units.bdt_inspectorate, units.bdt_policy):
        assert unit.path.startswith(units.ban_dan_toc.path)
    count = Unit.objects.count()
    again = seed_units()
    assert Unit.objects.count() == count
    assert again == units


def test_seed_units_prefers_the_former_phu_tho_and_reuses_the_demo_units(db: None) -> None:
    root = unit_create(parent=None, data=UnitData(name="Chính phủ", kind=UnitKind.CENTRAL, code="VN"))
    unit_create(
        parent=root,
        data=UnitData(name="Tỉnh Phú Thọ", kind=UnitKind.PROVINCE, code="25", valid_from=datetime.date(2025, 7, 1)),
    )
    former = unit_create(
        parent=root,
        data=UnitData(name="Tỉnh Phú Thọ", kind=UnitKind.PROVINCE, code="25", valid_to=FORMER_UNTIL),
    )
    quang_ngai = unit_create(parent=root, data=UnitData(name="Tỉnh Quảng Ngãi", kind=UnitKind.PROVINCE, code="51"))
    bdt = unit_create(parent=quang_ngai, data=UnitData(name="Ban Dân tộc tỉnh", kind=UnitKind.AGENCY))
    policy = unit_create(parent=bdt, data=UnitData(name="Phòng Chính sách", kind=UnitKind.OFFICE))
    units = seed_units()
    assert units.phu_tho.pk == former.pk
    assert (units.quang_ngai.pk, units.ban_dan_toc.pk, units.bdt_policy.pk) == (quang_ngai.pk, bdt.pk, policy.pk)
    assert units.root.pk == root.pk
