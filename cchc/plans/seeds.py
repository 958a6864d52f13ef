"""The five seed plans (tests/fixtures/seeds), entered by hand as structured data.

One function per plan returns its ``PlanData``; :func:`seed_units` finds or creates the
units they name; :func:`load_seed_plans` writes them through the plan services and
moves each through the lifecycle as far as the document shows.

How the documents are represented (the same rules for every plan):

- Text is the document's own words. Line breaks of the PDF text (and the page breaks
  inside a paragraph) are joined with a space; emphasis markers of the fixtures
  (``*qua Văn phòng*``, ``**...**``) and the subscript markup of a drafter's initials
  (``VP_{yen22}``) are not text and are left out. Typos stay ("sáng tạo bút phá",
  "cải cải cách", "Công thông tin điện tử", "TK.CHỦ TỊCH").
- A part the document does not have is left empty: Ban Dân tộc's and Phú Thọ's fixtures
  carry no header, number or date; the district news article has no signing block.
- Legal bases: first the documents the opening paragraph cites ("Căn cứ", "Thực hiện"),
  then every other document the plan cites by number in its body (e.g. Nghị quyết số
  76/NQ-CP in the content), in order of first mention. The symbol is written as the
  document writes it ("99KH-UBND", "942/QĐ- TTg"); the legal service normalizes it.
- Units: a unit of the seed hierarchy is referred to by id, with the document's words as
  the label when they differ from the unit's name ("phòng Chính sách Dân tộc"); a group
  ("UBND các xã, thị trấn", "Các phòng thuộc Ban") is a label only.
- Duties ("Tổ chức thực hiện") keep their numbered heading as the first line of the
  text, so the commune's numbering, which skips 3, stays as written.
- The closing paragraph ("Trên đây là Kế hoạch ...") goes to ``implementation``.

The Quảng Ngãi province plan 40/KH-UBND, which the Ban Dân tộc plan cites, is not among
the seeds; a minimal stand-in, clearly marked "(bản mô phỏng cho trình diễn)", is built
so that the demo shows a plan derived from a superior plan and the coverage view.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction

from cchc.legal.services import ReferenceData
from cchc.orgs.adminunits import FORMER_UNTIL, ROOT_CODE, ROOT_NAME
from cchc.orgs.demo import AGENCIES, DEMO_PROVINCE_CODE, MERGER_2025
from cchc.orgs.models import REFORM_2025, Unit, UnitKind
from cchc.orgs.services import UnitData, unit_close, unit_create
from cchc.plans.models import (
    Audience,
    ChannelKind,
    Plan,
    PlanStatus,
    ReformArea,
    ReformIndex,
)
from cchc.plans.services import (
    ActivityData,
    AudienceData,
    ChannelData,
    FundingData,
    PlanData,
    RecipientData,
    ReportingData,
    ResponsibilityData,
    ThemeData,
    UnitRef,
    plan_approve,
    plan_create,
    plan_issue,
    plan_submit,
)
from cchc.text import nfc

# Provincial departments merged on 1 March 2025 (Ban Dân tộc, Sở LĐTBXH, Sở TT&TT).
DEPARTMENTS_UNTIL = MERGER_2025 - datetime.timedelta(days=1)

# Short names for the choices, to keep the data readable.
A = ReformArea
X = ReformIndex
C = ChannelKind
OFFICIALS = Audience.OFFICIALS.value
CITIZENS = Audience.CITIZENS.value
BUSINESSES = Audience.BUSINESSES.value
ALL_INDICES = (X.PAR_INDEX, X.SIPAS, X.PAPI, X.PCI, X.DDCI, X.DTI)


def _year(year: int) -> tuple[datetime.date, datetime.date, str]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"năm {year}"


def _lines(*lines: str) -> str:
    return "\n".join(lines)


def _split(text: str, title_end: str) -> tuple[str, str]:
    """Cut one item of the document into a title (up to ``title_end``) and details."""
    end = text.index(title_end) + len(title_end)
    return text[:end].rstrip(" ;,"), text[end:].lstrip(" ;,").rstrip(" ;")


def _theme(
    text: str,
    title_end: str = "",
    *,
    audience: str = "",
    areas: tuple[str, ...] = (),
    indices: tuple[str, ...] = (),
) -> ThemeData:
    title, details = _split(text, title_end) if title_end else (text.rstrip(" ;"), "")
    return ThemeData(
        title=title, details=details, audience=audience, areas=tuple(areas), indices=tuple(indices)
    )


def _ref(unit: Unit, as_written: str = "") -> UnitRef:
    """A unit of the tree; the document's words kept when they differ from its name."""
    return UnitRef(unit_id=unit.pk, label=as_written if as_written and as_written != unit.name else "")


def _label(as_written: str) -> UnitRef:
    return UnitRef(label=as_written)


def _archive(label: str) -> RecipientData:
    return RecipientData(label=label, is_archive=True)


# --- The units the plans need -------------------------------------------------------


@dataclass(frozen=True)
class SeedUnits:
    root: Unit
    ministry_home_affairs: Unit  # Bộ Nội vụ
    # Tỉnh Quảng Ngãi (current, code 51) and the former Ban Dân tộc tỉnh.
    quang_ngai: Unit
    qn_home_affairs: Unit
    qn_newspaper: Unit
    qn_broadcaster: Unit
    ban_dan_toc: Unit
    bdt_office: Unit  # Văn phòng Ban
    bdt_inspectorate: Unit  # Thanh tra Ban
    bdt_policy: Unit  # Phòng Chính sách ("phòng Chính sách Dân tộc")
    # Tỉnh Phú Thọ (the former one, code 25, when the data has it).
    phu_tho: Unit
    pt_home_affairs: Unit
    pt_information: Unit  # Sở Thông tin và Truyền thông
    pt_newspaper: Unit  # Báo Phú Thọ
    pt_broadcaster: Unit  # Đài Phát thanh và Truyền hình tỉnh Phú Thọ
    # Tỉnh Lạng Sơn (code 20, unchanged by the 2025 reform).
    lang_son: Unit
    ls_home_affairs: Unit
    ls_labour: Unit  # Sở Lao động - Thương binh và Xã hội
    ls_college: Unit  # Trường Cao đẳng nghề Lạng Sơn
    # Former Tỉnh Bình Phước (70) → former Huyện Hớn Quản (694) → former Xã Minh Đức.
    binh_phuoc: Unit
    hon_quan: Unit
    minh_duc: Unit
    md_culture: Unit  # Công chức Văn hóa - Xã hội
    md_office: Unit  # Văn phòng HĐND và UBND xã
    md_justice: Unit  # Công chức Tư pháp - Hộ tịch
    md_radio: Unit  # Đài Truyền thanh xã
    md_finance: Unit  # Công chức Tài chính - Kế toán
    # Tỉnh Sơn La (14, unchanged) → former Huyện Sông Mã (126).
    son_la: Unit
    song_ma: Unit
    sm_media_centre: Unit  # Trung tâm Truyền thông - Văn hóa huyện
    sm_home_affairs: Unit  # Phòng Nội vụ
    sm_finance: Unit  # Phòng Tài chính - Kế hoạch


def _fresh(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


def _child(parent: Unit, *names: str) -> Unit | None:
    return (
        Unit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1, name__in=names)
        .order_by("path")
        .first()
    )


def _ensure(
    parent: Unit,
    data: UnitData,
    *,
    also_named: tuple[str, ...] = (),
    valid_to: datetime.date | None = None,
    replaced_by: Unit | None = None,
) -> Unit:
    """The child of ``parent`` with this name (or another it goes by), else a new one."""
    existing = _child(parent, data.name, *also_named)
    if existing is not None:
        return existing
    unit = unit_create(parent=_fresh(parent), data=data)
    if valid_to is not None:
        unit = unit_close(unit=unit, valid_to=valid_to, replaced_by=replaced_by)
    return unit


def _root() -> Unit:
    root = Unit.objects.filter(depth=1, code=ROOT_CODE).order_by("path").first()
    if root is not None:
        return root
    return unit_create(parent=None, data=UnitData(name=ROOT_NAME, kind=UnitKind.CENTRAL, code=ROOT_CODE))


def _province(
    root: Unit, code: str, name: str, *, former: bool, valid_from: datetime.date | None = None
) -> Unit:
    """The province with this code: the former or the current one as asked, else any.

    Without the administrative units loaded, a stand-in with the real code and validity
    is created under the root.
    """
    same_code = Unit.objects.filter(kind=UnitKind.PROVINCE, code=code).order_by("path")
    unit = same_code.filter(valid_to__isnull=not former).first() or same_code.first()
    if unit is not None:
        return unit
    data = UnitData(
        name=name,
        kind=UnitKind.PROVINCE,
        code=code,
        division_type="tỉnh",
        valid_from=None if former else valid_from,
    )
    unit = unit_create(parent=_fresh(root), data=data)
    return unit_close(unit=unit, valid_to=FORMER_UNTIL) if former else unit


def _former_division(parent: Unit, kind: str, code: str, name: str, division_type: str) -> Unit:
    """A district or commune ended by the 2025 reform, found by code (or name) or created."""
    same_code = Unit.objects.filter(kind=kind, code=code).order_by("path")
    unit = (
        same_code.filter(path__startswith=parent.path, valid_to__isnull=False).first()
        or same_code.filter(valid_to__isnull=False).first()
        or _child(parent, name)
    )
    if unit is not None:
        return unit
    unit = unit_create(
        parent=_fresh(parent),
        data=UnitData(name=name, kind=kind, code=code, division_type=division_type),
    )
    return unit_close(unit=unit, valid_to=FORMER_UNTIL)


def _demo_agency(province: Unit, name: str) -> Unit:
    """One of the demo's provincial agencies (cchc.orgs.demo.AGENCIES), same data."""
    for agency, short, kind, aliases in AGENCIES:
        if agency == name:
            return _ensure(
                province, UnitData(name=agency, short_name=short, kind=kind, aliases=tuple(aliases))
            )
    raise LookupError(name)


@transaction.atomic
def seed_units() -> SeedUnits:
    """Find or create the units the seed plans name; running it again creates nothing.

    Under the real tree when the administrative units are loaded; otherwise a minimal
    stand-in tree with the real codes and validity (root "Chính phủ" VN → provinces →
    districts, communes → agencies, offices and posts).
    """
    root = _root()
    ministry = _ensure(
        root,
        UnitData(name="Bộ Nội vụ", kind=UnitKind.MINISTRY, short_name="Bộ Nội vụ", aliases=("BNV",)),
    )

    quang_ngai = _province(root, DEMO_PROVINCE_CODE, "Tỉnh Quảng Ngãi", former=False, valid_from=REFORM_2025)
    qn_home_affairs = _demo_agency(quang_ngai, "Sở Nội vụ")
    qn_newspaper = _demo_agency(quang_ngai, "Báo Quảng Ngãi")
    qn_broadcaster = _demo_agency(quang_ngai, "Đài Phát thanh - Truyền hình tỉnh Quảng Ngãi")
    ban_dan_toc = _ensure(
        quang_ngai,
        UnitData(
            name="Ban Dân tộc tỉnh",
            short_name="Ban Dân tộc tỉnh",
            kind=UnitKind.AGENCY,
            aliases=("Ban Dân tộc",),
        ),
        valid_to=DEPARTMENTS_UNTIL,
    )
    bdt_office = _ensure(
        ban_dan_toc, UnitData(name="Văn phòng Ban", kind=UnitKind.OFFICE, aliases=("VP Ban",))
    )
    bdt_inspectorate = _ensure(ban_dan_toc, UnitData(name="Thanh tra Ban", kind=UnitKind.OFFICE))
    bdt_policy = _ensure(
        ban_dan_toc,
        UnitData(name="Phòng Chính sách", kind=UnitKind.OFFICE, aliases=("Phòng Chính sách Dân tộc",)),
        also_named=("Phòng Chính sách Dân tộc",),
    )

    phu_tho = _province(root, "25", "Tỉnh Phú Thọ", former=True)
    pt_home_affairs = _ensure(
        phu_tho, UnitData(name="Sở Nội vụ", short_name="Sở Nội vụ", kind=UnitKind.AGENCY, aliases=("SNV",))
    )
    pt_information = _ensure(
        phu_tho,
        UnitData(
            name="Sở Thông tin và Truyền thông",
            short_name="Sở Thông tin và Truyền thông",
            kind=UnitKind.AGENCY,
            aliases=("Sở TT&TT",),
        ),
        valid_to=DEPARTMENTS_UNTIL,
    )
    pt_newspaper = _ensure(phu_tho, UnitData(name="Báo Phú Thọ", kind=UnitKind.NEWSPAPER))
    pt_broadcaster = _ensure(
        phu_tho,
        UnitData(
            name="Đài Phát thanh và Truyền hình tỉnh Phú Thọ",
            short_name="Đài PT-TH Phú Thọ",
            kind=UnitKind.BROADCASTER,
            aliases=("Đài PTTH tỉnh", "Đài Phát thanh và Truyền hình tỉnh"),
        ),
    )

    lang_son = _province(root, "20", "Tỉnh Lạng Sơn", former=False)
    ls_home_affairs = _ensure(
        lang_son, UnitData(name="Sở Nội vụ", short_name="Sở Nội vụ", kind=UnitKind.AGENCY, aliases=("SNV",))
    )
    ls_labour = _ensure(
        lang_son,
        UnitData(
            name="Sở Lao động - Thương binh và Xã hội",
            short_name="Sở Lao động - Thương binh và Xã hội",
            kind=UnitKind.AGENCY,
            aliases=("Sở LĐTBXH", "Sở Lao động – Thương binh và Xã hội"),
        ),
        valid_to=DEPARTMENTS_UNTIL,
        replaced_by=ls_home_affairs,
    )
    ls_college = _ensure(ls_labour, UnitData(name="Trường Cao đẳng nghề Lạng Sơn", kind=UnitKind.SCHOOL))

    binh_phuoc = _province(root, "70", "Tỉnh Bình Phước", former=True)
    hon_quan = _former_division(binh_phuoc, UnitKind.DISTRICT, "694", "Huyện Hớn Quản", "huyện")
    minh_duc = _former_division(hon_quan, UnitKind.COMMUNE, "25348", "Xã Minh Đức", "xã")
    md_culture = _ensure(
        minh_duc,
        UnitData(
            name="Công chức Văn hóa - Xã hội",
            kind=UnitKind.OFFICE,
            aliases=("Công chức Văn hóa – Xã hội", "Văn hóa và Thông tin xã"),
        ),
    )
    md_office = _ensure(
        minh_duc,
        UnitData(
            name="Văn phòng HĐND và UBND xã",
            kind=UnitKind.OFFICE,
            aliases=("Văn phòng UBND xã", "Công chức Văn phòng - Thống kê"),
        ),
        also_named=("Văn phòng HĐND và UBND",),
    )
    md_justice = _ensure(
        minh_duc,
        UnitData(name="Công chức Tư pháp - Hộ tịch", kind=UnitKind.OFFICE, aliases=("Công chức Tư pháp",)),
    )
    md_radio = _ensure(
        minh_duc, UnitData(name="Đài Truyền thanh xã", kind=UnitKind.BROADCASTER), also_named=("Đài Truyền thanh",)
    )
    md_finance = _ensure(minh_duc, UnitData(name="Công chức Tài chính - Kế toán", kind=UnitKind.OFFICE))

    son_la = _province(root, "14", "Tỉnh Sơn La", former=False)
    song_ma = _former_division(son_la, UnitKind.DISTRICT, "126", "Huyện Sông Mã", "huyện")
    sm_media_centre = _ensure(
        song_ma, UnitData(name="Trung tâm Truyền thông - Văn hóa huyện", kind=UnitKind.OTHER)
    )
    sm_home_affairs = _ensure(song_ma, UnitData(name="Phòng Nội vụ", kind=UnitKind.OFFICE))
    sm_finance = _ensure(song_ma, UnitData(name="Phòng Tài chính - Kế hoạch", kind=UnitKind.OFFICE))

    return SeedUnits(
        root=root,
        ministry_home_affairs=ministry,
        quang_ngai=quang_ngai,
        qn_home_affairs=qn_home_affairs,
        qn_newspaper=qn_newspaper,
        qn_broadcaster=qn_broadcaster,
        ban_dan_toc=ban_dan_toc,
        bdt_office=bdt_office,
        bdt_inspectorate=bdt_inspectorate,
        bdt_policy=bdt_policy,
        phu_tho=phu_tho,
        pt_home_affairs=pt_home_affairs,
        pt_information=pt_information,
        pt_newspaper=pt_newspaper,
        pt_broadcaster=pt_broadcaster,
        lang_son=lang_son,
        ls_home_affairs=ls_home_affairs,
        ls_labour=ls_labour,
        ls_college=ls_college,
        binh_phuoc=binh_phuoc,
        hon_quan=hon_quan,
        minh_duc=minh_duc,
        md_culture=md_culture,
        md_office=md_office,
        md_justice=md_justice,
        md_radio=md_radio,
        md_finance=md_finance,
        son_la=son_la,
        song_ma=song_ma,
        sm_media_centre=sm_media_centre,
        sm_home_affairs=sm_home_affairs,
        sm_finance=sm_finance,
    )


# --- Shared citations ---------------------------------------------------------------

NQ_76 = ReferenceData(
    doc_type="Nghị quyết",
    number_symbol="76/NQ-CP",
    issued_on=datetime.date(2021, 7, 15),
    issuer="Chính phủ",
    subject="ban hành chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030",
)
QD_2074_QUANG_NGAI = ReferenceData(
    doc_type="Quyết định",
    number_symbol="2074/QĐ-UBND",
    issued_on=datetime.date(2021, 12, 20),
    issuer="Chủ tịch UBND tỉnh",
    subject="ban hành Kế hoạch tuyên truyền cải cách hành chính giai đoạn 2022 - 2025 trên địa bàn tỉnh Quảng Ngãi",
)


# --- Stand-in: Quảng Ngãi province plan 40/KH-UBND (not among the seeds) ------------

STAND_IN_NOTE = "(bản mô phỏng cho trình diễn)"
STAND_IN_NUMBER = "40"
STAND_IN_ISSUED_ON = datetime.date(2023, 3, 1)


def quang_ngai_2023_stand_in(units: SeedUnits) -> PlanData:
    """A minimal stand-in for Kế hoạch số 40/KH-UBND ngày 01/3/2023 of Quảng Ngãi.

    The real document is not among the seeds; this one is written for the demo only
    (its title and intro say so), to show a plan derived from a superior plan.
    """
    start, end, label = _year(2023)
    return PlanData(
        unit_id=units.quang_ngai.pk,
        header_parent="ỦY BAN NHÂN DÂN",
        header_unit="TỈNH QUẢNG NGÃI",
        number=STAND_IN_NUMBER,
        symbol="KH-UBND",
        place="Quảng Ngãi",
        issued_on=STAND_IN_ISSUED_ON,
        title=f"Tuyên truyền cải cách hành chính năm 2023 trên địa bàn tỉnh Quảng Ngãi {STAND_IN_NOTE}",
        period_start=start,
        period_end=end,
        period_label=label,
        intro=(
            f"{STAND_IN_NOTE} Kế hoạch này được dựng tối thiểu để trình diễn"
            " việc xây dựng kế hoạch từ kế hoạch cấp trên và theo dõi các đơn vị thực hiện;"
            " nội dung không phải văn bản gốc Kế hoạch số 40/KH-UBND ngày 01/3/2023 của Chủ tịch"
            " UBND tỉnh Quảng Ngãi."
        ),
        legal_bases=(QD_2074_QUANG_NGAI, NQ_76),
        themes=(
            ThemeData("Các quan điểm, chủ trương của Đảng, chính sách pháp luật của Nhà nước về cải cách hành chính"),
            ThemeData(
                "Tình hình triển khai, kết quả thực hiện Chương trình tổng thể cải cách hành chính"
                " nhà nước giai đoạn 2021 - 2030"
            ),
            ThemeData(
                "Kết quả các chỉ số PAR INDEX, SIPAS, PAPI, PCI, DDCI, DTI của tỉnh",
                indices=ALL_INDICES,
            ),
            ThemeData(
                "Cải cách thủ tục hành chính; đường dây nóng tiếp nhận phản ánh, kiến nghị",
                areas=(A.PROCEDURES,),
            ),
            ThemeData(
                "Chuyển đổi số, xây dựng chính quyền điện tử, chính quyền số",
                areas=(A.DIGITAL,),
                indices=(X.DTI,),
            ),
            ThemeData(
                "Cải cách tổ chức bộ máy hành chính và chế độ công vụ",
                areas=(A.APPARATUS, A.CIVIL_SERVICE),
            ),
        ),
        channels=(
            ChannelData(C.WEBSITE, "Trang thông tin điện tử của các sở, ban, ngành"),
            ChannelData(C.NEWSPAPER, "Báo Quảng Ngãi"),
            ChannelData(C.RADIO_TV, "Đài Phát thanh - Truyền hình tỉnh"),
            ChannelData(C.CONTEST, "Hội thi tìm hiểu về cải cách hành chính"),
        ),
        activities=(
            ActivityData(
                "Cập nhật thông tin cải cách hành chính, thủ tục hành chính trên Trang thông tin"
                " điện tử của cơ quan",
                channels=(C.WEBSITE,),
                timing_text="Thường xuyên",
                leads=(_ref(units.qn_home_affairs), _ref(units.ban_dan_toc)),
                themes=(3,),
            ),
            ActivityData(
                "Tuyên truyền cải cách hành chính lồng ghép với thực hiện các chương trình, chính sách dân tộc",
                channels=(C.NEWSPAPER, C.RADIO_TV, C.CONTEST),
                timing_text="Thường xuyên",
                leads=(_ref(units.ban_dan_toc),),
                coordinators=(_ref(units.qn_newspaper), _ref(units.qn_broadcaster)),
                themes=(0, 1),
            ),
            ActivityData(
                "Hội thi tìm hiểu về cải cách hành chính",
                channels=(C.CONTEST,),
                timing_text="Quý III/2023",
                leads=(_ref(units.qn_home_affairs),),
                themes=(1, 5),
            ),
            ActivityData(
                "Chuyên mục cải cách hành chính trên báo, đài của tỉnh",
                channels=(C.NEWSPAPER, C.RADIO_TV),
                timing_text="02 số/tháng",
                leads=(_ref(units.qn_newspaper),),
                coordinators=(_ref(units.qn_broadcaster),),
                themes=(2, 4),
            ),
        ),
        responsibilities=(
            ResponsibilityData(
                _ref(units.qn_home_affairs),
                "Theo dõi, đôn đốc, tổng hợp kết quả thực hiện Kế hoạch, báo cáo UBND tỉnh.",
            ),
        ),
        reporting_duties=(
            ReportingData(
                periods="6 tháng, năm",
                to=_ref(units.quang_ngai, "UBND tỉnh"),
                through=_ref(units.qn_home_affairs),
                text="Các cơ quan, đơn vị báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Nội vụ).",
            ),
        ),
    )


# --- 1. Ban Dân tộc tỉnh Quảng Ngãi, 2023 --------------------------------------------

# Which theme and activity of the stand-in province plan each of Ban Dân tộc's follows.
BDT_PARENT_THEMES = {0: 0, 2: 1, 4: 2, 5: 3, 6: 4, 7: 3}
BDT_PARENT_ACTIVITIES = {0: 0, 1: 0, 2: 1, 3: 1}

BDT_DUTY_1 = _lines(
    "1. Các phòng thuộc Ban",
    "- Căn cứ Kế hoạch số 25/KH-BDT ngày 16/01/2023 của Ban Dân tộc tỉnh ban hành kế hoạch thực hiện cải cách hành chính năm 2023; Kế hoạch số 128/KH-BDT ngày 10/3/2022 của Ban Dân tộc tỉnh ban hành kế hoạch Tuyên truyền cải cách hành chính giai đoạn 2022 - 2025; Kế hoạch tuyên truyền cải cách hành chính của Ban Dân tộc tỉnh năm 2023 để triển khai thực hiện tại các phòng thuộc Ban; định kỳ báo cáo tình hình thực hiện cho Trưởng Ban (qua Văn phòng) để theo dõi, tổng hợp báo cáo theo quy định.",
    "- Phối hợp chặt chẽ, hiệu quả trong việc thực hiện các nhiệm vụ, giải pháp và phân công trách nhiệm như kế hoạch đã đề ra.",
)


def ban_dan_toc_quang_ngai_2023(units: SeedUnits, parent: Plan | None = None) -> PlanData:
    """Kế hoạch tuyên truyền CCHC năm 2023 của Ban Dân tộc tỉnh Quảng Ngãi.

    The fixture has no header, number or date. With ``parent`` (the issued stand-in of
    the province plan 40/KH-UBND), the plan is marked as derived from it and its
    themes and activities point at the ones they follow.
    """
    start, end, label = _year(2023)
    parent_themes: list[int] = []
    parent_activities: list[int] = []
    if parent is not None:
        parent_themes = list(parent.themes.order_by("order", "pk").values_list("pk", flat=True))
        parent_activities = list(
            parent.activities.filter(parent__isnull=True).order_by("order", "pk").values_list("pk", flat=True)
        )
    bdt_offices = "Các phòng thuộc Ban"
    timing = "Thường xuyên trong năm"
    themes: tuple[ThemeData, ...] = (
        _theme("Các quan điểm, chủ trương của Đảng, chính sách pháp luật của Nhà nước về CCHC."),
        _theme("Vai trò, trách nhiệm của các cấp ủy, Công đoàn cơ sở với việc triển khai thực hiện nhiệm vụ CCHC."),
        _theme(
            "Tuyên truyền tình hình triển khai, kết quả, thành tựu trong thực hiện Chương trình tổng thể CCHC nhà nước giai đoạn 2021 - 2030 được ban hành tại Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ và Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ về việc đẩy mạnh thực hiện Chương trình tổng thể CCHC nhà nước giai đoạn 2021-2030.",
            "Chương trình tổng thể CCHC nhà nước giai đoạn 2021 - 2030",
        ),
        _theme(
            "Kết quả thực hiện các mục tiêu, chỉ tiêu, nhiệm vụ và giải pháp chủ yếu năm 2023 tại Kết luận số 1492-KL/TU ngày 05/12/2022 của Hội nghị Tỉnh ủy lần thứ 10 (Khóa XX)."
        ),
        _theme(
            "Các mục tiêu và giải pháp của tỉnh về nâng cao hiệu quả công tác CCHC và kết quả đạt được của tỉnh đối với Chỉ số CCHC (PAR INDEX), Chỉ số hài lòng của cá nhân, tổ chức đối với sự phục vụ của các cơ quan hành chính nhà nước (SIPAS), Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI), Chỉ số năng lực cạnh tranh cấp tỉnh (PCI), Chỉ số năng lực cạnh tranh cấp sở, ngành, địa phương (DDCI), Chỉ số chuyển đổi số (DTI).",
            "kết quả đạt được của tỉnh",
            indices=ALL_INDICES,
        ),
        _theme(
            "Tuyên truyền, nâng cao nhận thức về trách nhiệm của cán bộ, công chức trong việc giải quyết các TTHC; quyền và nghĩa vụ của tổ chức, cá nhân trong việc tham gia giám sát tiến trình CCHC.",
            "giải quyết các TTHC",
            areas=(A.PROCEDURES, A.CIVIL_SERVICE),
        ),
        _theme(
            "Tuyên truyền nâng cao nhận thức, đổi mới tư duy, hành động sáng tạo, đổi mới lề lối làm việc, phương thức quản trị hiện đại trên cơ sở đẩy mạnh ứng dụng công nghệ thông tin, thực hiện chuyển đổi số trong hoạt động của cơ quan; tăng cường chỉ đạo, điều hành, xử lý công việc trên môi trường số; tổ chức họp, hội nghị bằng hình thức trực tuyến, hạn chế giấy tờ.",
            "chuyển đổi số trong hoạt động của cơ quan",
            areas=(A.DIGITAL,),
        ),
        _theme(
            "Tuyên truyền, giới thiệu công khai các địa chỉ, điện thoại đường dây nóng tiếp nhận phản ánh, kiến nghị về TTHC, quy định hành chính, tinh thần trách nhiệm, thái độ giao tiếp, ứng xử của cán bộ, công chức với người dân",
            areas=(A.PROCEDURES, A.CIVIL_SERVICE),
        ),
    )
    if parent_themes:
        themes = tuple(
            replace(t, parent_theme_id=parent_themes[BDT_PARENT_THEMES[i]]) if i in BDT_PARENT_THEMES else t
            for i, t in enumerate(themes)
        )
    activities: tuple[ActivityData, ...] = (
        ActivityData(
            "Rà soát, cập nhật các TTHC trên Trang thông tin điện tử của Ban",
            channels=(C.WEBSITE,),
            timing_text=timing,
            leads=(_ref(units.bdt_office),),
            coordinators=(_ref(units.bdt_policy, "phòng Chính sách Dân tộc"),),
        ),
        ActivityData(
            "Cập nhật thông tin về CCHC trên Trang thông tin điện tử của Ban",
            channels=(C.WEBSITE,),
            timing_text=timing,
            leads=(_ref(units.bdt_office),),
            coordinators=(_label(bdt_offices),),
        ),
        ActivityData(
            "Tổ chức các Hội thi, tập huấn, các hình thức tuyên truyền lồng ghép về CCHC với việc thực hiện các chương trình chính sách dân tộc",
            channels=(C.CONTEST, C.TRAINING),
            timing_text=timing,
            leads=(_ref(units.bdt_inspectorate),),
            coordinators=(_label(bdt_offices),),
        ),
        ActivityData(
            "Tuyên truyền trên phương tiện thông tin đại chúng",
            content="Hợp đồng với Báo Quảng Ngãi, Đài Phát thanh và Truyền hình tỉnh tuyên truyền lồng ghép về CCHC với việc triển khai thực hiện các chương trình chính sách dân tộc",
            channels=(C.NEWSPAPER, C.RADIO_TV),
            timing_text=timing,
            leads=(_ref(units.bdt_inspectorate),),
            coordinators=(_label(bdt_offices),),
        ),
    )
    if parent_activities:
        activities = tuple(
            replace(a, derived_from_id=parent_activities[BDT_PARENT_ACTIVITIES[i]])
            if i in BDT_PARENT_ACTIVITIES
            else a
            for i, a in enumerate(activities)
        )
    return PlanData(
        unit_id=units.ban_dan_toc.pk,
        title="Tuyên truyền cải cách hành chính của Ban Dân tộc tỉnh năm 2023",
        period_start=start,
        period_end=end,
        period_label=label,
        intro="Căn cứ Quyết định số 2074/QĐ-UBND ngày 20/12/2021 của Chủ tịch UBND tỉnh ban hành Kế hoạch tuyên truyền cải cách hành chính giai đoạn 2022 - 2025 trên địa bàn tỉnh Quảng Ngãi; Kế hoạch số 40/KH-UBND ngày 01/3/2023 của Chủ tịch UBND tỉnh về việc ban hành Kế hoạch tuyên truyền CCHC năm 2023 trên địa bàn tỉnh Quảng Ngãi; trên cơ sở Kế hoạch số 25/KH-BDT ngày 16/01/2023 của Ban Dân tộc tỉnh ban hành kế hoạch thực hiện cải cách hành chính năm 2023; Kế hoạch số 128/KH-BDT ngày 10/3/2022 của Ban Dân tộc tỉnh ban hành kế hoạch Tuyên truyền cải cách hành chính giai đoạn 2022 - 2025; Ban Dân tộc tỉnh xây dựng Kế hoạch tuyên truyền cải cách hành chính năm 2023, như sau:",
        objectives=_lines(
            "- Tuyên truyền kịp thời các chủ trương, chính sách, văn bản chỉ đạo của Trung ương, của tỉnh, của Ban về công tác cải cách hành chính (CCHC) nhằm nâng cao nhận thức của cán bộ, công chức, viên chức về ý nghĩa, mục tiêu, tầm quan trọng của công tác CCHC để tổ chức thực hiện tốt Chương trình tổng thể CCHC nhà nước giai đoạn 2021-2030 của Chính phủ và Kế hoạch tuyên truyền cải cách hành chính giai đoạn 2022-2025 trên địa bàn tỉnh Quảng Ngãi.",
            "- Tạo sự chuyển biến mạnh mẽ trong nhận thức và hành động thực hiện CCHC; hiện đại hóa hành chính theo hướng chuyên nghiệp và hiệu quả, đảm bảo tính liên thông, đồng bộ, thống nhất.",
        ),
        requirements=_lines(
            "- Đẩy mạnh công tác tuyên truyền; đổi mới, nâng cao chất lượng nội dung và đa dạng các hình thức tuyên truyền; chú trọng nêu gương các tổ chức, cá nhân làm tốt công tác CCHC.",
            "- Tuyên truyền CCHC gắn với tuyên truyền, phổ biến chủ trương, đường lối của Đảng, chính sách, pháp luật Nhà nước; nội dung tuyên truyền được trình bày rõ ràng, chuẩn xác, thu hút được tổ chức, cá nhân hưởng ứng, tham gia.",
        ),
        legal_bases=(
            QD_2074_QUANG_NGAI,
            ReferenceData(
                doc_type="Kế hoạch",
                number_symbol="40/KH-UBND",
                issued_on=datetime.date(2023, 3, 1),
                issuer="Chủ tịch UBND tỉnh",
                subject="việc ban hành Kế hoạch tuyên truyền CCHC năm 2023 trên địa bàn tỉnh Quảng Ngãi",
                plan_id=parent.pk if parent is not None else None,
            ),
            ReferenceData(
                doc_type="Kế hoạch",
                number_symbol="25/KH-BDT",
                issued_on=datetime.date(2023, 1, 16),
                issuer="Ban Dân tộc tỉnh",
                subject="ban hành kế hoạch thực hiện cải cách hành chính năm 2023",
            ),
            ReferenceData(
                doc_type="Kế hoạch",
                number_symbol="128/KH-BDT",
                issued_on=datetime.date(2022, 3, 10),
                issuer="Ban Dân tộc tỉnh",
                subject="ban hành kế hoạch Tuyên truyền cải cách hành chính giai đoạn 2022 - 2025",
            ),
            # Cited in the content (II.3, II.4); this plan gives no subject for 76/NQ-CP.
            replace(NQ_76, subject=""),
            ReferenceData(
                doc_type="Chỉ thị",
                number_symbol="23/CT-TTg",
                issued_on=datetime.date(2021, 9, 2),
                issuer="Thủ tướng Chính phủ",
                subject="việc đẩy mạnh thực hiện Chương trình tổng thể CCHC nhà nước giai đoạn 2021-2030",
            ),
            ReferenceData(
                doc_type="Kết luận",
                number_symbol="1492-KL/TU",
                issued_on=datetime.date(2022, 12, 5),
                issuer="Hội nghị Tỉnh ủy lần thứ 10 (Khóa XX)",
            ),
        ),
        themes=themes,
        channels=(
            ChannelData(C.WEBSITE, "Trang thông tin điện tử của Ban"),
            ChannelData(C.CONTEST, "Tổ chức các Hội thi"),
            ChannelData(C.TRAINING, "tập huấn"),
            ChannelData(C.NEWSPAPER, "Hợp đồng với Báo Quảng Ngãi"),
            ChannelData(C.RADIO_TV, "Đài Phát thanh và Truyền hình tỉnh"),
        ),
        activities=activities,
        responsibilities=(
            ResponsibilityData(_label("Các phòng thuộc Ban"), BDT_DUTY_1),
            ResponsibilityData(
                _ref(units.bdt_office),
                _lines(
                    "2. Văn phòng Ban",
                    "Theo dõi, tổng hợp, tham mưu báo cáo định kỳ hoặc đột xuất về công tác tuyên truyền cải cách hành chính của Ban theo quy định.",
                ),
            ),
        ),
        reporting_duties=(
            ReportingData(
                periods="định kỳ",
                to=_ref(units.ban_dan_toc, "Trưởng Ban"),
                through=_ref(units.bdt_office, "Văn phòng"),
                text="định kỳ báo cáo tình hình thực hiện cho Trưởng Ban (qua Văn phòng) để theo dõi, tổng hợp báo cáo theo quy định.",
            ),
        ),
        implementation="Trên đây là Kế hoạch tuyên truyền Cải cách hành chính năm 2023 của Ban Dân tộc tỉnh; yêu cầu Trưởng các phòng thuộc Ban nghiêm túc triển khai thực hiện. Trong quá trình triển khai thực hiện nếu có khó khăn, vướng mắc, kịp thời báo cáo cho Trưởng Ban (qua Văn phòng Ban) để chỉ đạo./.",
        recipients=(
            RecipientData("UBND tỉnh", unit_id=units.quang_ngai.pk),
            RecipientData("Sở Thông tin và Truyền thông"),
            RecipientData("Lãnh đạo Ban"),
            RecipientData("Các phòng thuộc Ban"),
            _archive("Lưu: VT, VPyen22"),
        ),
        signer_position="TRƯỞNG BAN",
        signer_name="Trần Văn Mẫn",
        derived_from_id=parent.pk if parent is not None else None,
    )


# --- 2. UBND tỉnh Phú Thọ, 2024 -----------------------------------------------------

PT_OFFICIALS_1 = "Tuyên truyền nội dung Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030; Kế hoạch số 1782/KH-UBND ngày 05/5/2021 của UBND tỉnh về cải cách hành chính nhà nước tỉnh Phú Thọ giai đoạn 2021 - 2025; các văn bản chỉ đạo của Trung ương và của tỉnh về công tác CCHC;"
PT_OFFICIALS_2 = "Tập trung tuyên truyền, phổ biến các nội dung cơ bản sau:"
PT_ONE_STOP = "Tình hình triển khai, kết quả, hiệu quả việc thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết TTHC theo Nghị định 61/2018/NĐ-CP ngày 23/4/2018, Nghị định số 107/2021/NĐ-CP ngày 06/12/2021; Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ về thực hiện thủ tục hành chính trên môi trường điện tử và Chỉ thị số 27/CT-TTg ngày 27/10/2023 của Thủ tướng Chính phủ đẩy mạnh các giải pháp cải cách và nâng cao hiệu quả giải quyết thủ tục hành chính, cung cấp dịch vụ công phục vụ người dân, doanh nghiệp."
PT_CIVIL_SERVICE = "Tình hình, kết quả thực hiện nội dung cải cách chế độ công vụ, nhất là các quy định, chính sách cải cách mới được Chính phủ, Thủ tướng Chính phủ ban hành, như: Nghị định số 06/2023/NĐ-CP ngày 21/02/2023 quy định về kiểm định chất lượng đầu vào công chức; Nghị định số 73/2023/NĐ-CP ngày 29/9/2023 quy định về khuyến khích cán bộ năng động, sáng tạo, dám nghĩ, dám làm, dám đột phá vì lợi ích chung; Nghị định số 85/2023/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định số 115/2020/NĐ-CP ngày 25 tháng 9 năm 2020 về tuyển dụng, sử dụng và quản lý viên chức; Quyết định số 899/QĐ-TTg ngày 31/7/2023 phê duyệt Chiến lược quốc gia về thu hút, trọng dụng nhân tài đến năm 2030, tầm nhìn đến năm 2050...."
PT_E_GOVERNMENT = "Tình hình, kết quả triển khai thực hiện việc xây dựng và phát triển chính quyền điện tử, chính quyền số theo Quyết định số 942/QĐ- TTg ngày 15/6/2021 của Thủ tướng Chính phủ phê duyệt chiến lược phát triển chính phủ điện tử hướng tới chính phủ số giai đoạn 2021 - 2025, định hướng đến năm 2030; Chỉ thị số 02/CTTTg ngày 26/4/2022 của Thủ tướng Chính phủ về phát triển Chính phủ điện tử hướng tới Chính phủ số, thúc đẩy chuyển đổi số quốc gia và Quyết định số 2348/QĐ-UBND ngày 17/9/2021 của UBND tỉnh Đề án Phát triển Chính quyền điện tử hướng tới Chính quyền số tỉnh Phú Thọ giai đoạn 2021 - 2025, định hướng đến năm 2030;"
# Printed without a "+" of its own, after the previous item: kept as a theme of its own.
PT_DIGITAL = "Tình hình, kết quả triển khai chuyển đổi số theo Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030; Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030."
PT_INDICES = "Kết quả xếp hạng Chỉ số cải cách hành chính (PAR INDEX); Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước (SIPAS); Chỉ số năng lực cạnh tranh cấp tỉnh (PCI); Chỉ số Hiệu quả quản trị và hành chính công cấp tỉnh (PAPI); Kết quả đánh giá, xếp loại chất lượng hoạt động các cơ quan cấp tỉnh và UBND cấp huyện trên địa bàn tỉnh Phú Thọ. Trách nhiệm của cán bộ, công chức trong việc trả lời phiếu khảo sát trực tuyến thông qua “Hệ thống ứng dụng công nghệ thông tin đánh giá cải cách hành chính và đo lường sự hài lòng của người dân đối với sự phục vụ của cơ quan hành chính nhà nước giai đoạn 2021 - 2030”."
PT_DISCIPLINE = "Tình hình thực hiện kỷ luật, kỷ cương hành chính của đội ngũ cán bộ, công chức, viên chức trong thực thi công vụ; kết quả thực hiện Chỉ thị số 26/CTTTg ngày 20/10/2023 của Thủ tướng Chính phủ về việc chấn chỉnh, tăng cường công tác thanh tra, kiểm tra, giám sát hoạt động công vụ và Đề án tăng cường kỷ luật, kỷ cương hành chính trong cơ quan nhà nước tỉnh Phú Thọ giai đoạn 2022 - 2025 (theo Quyết định số 136/QĐ-UBND ngày 19/01/2022 của UBND tỉnh)."
PT_MODELS = "Tuyên truyền, biểu dương các mô hình, sáng kiến, các tập thể, cá nhân điển hình tiên tiến trong thực hiện CCHC."
PT_CITIZENS_1 = "Tuyên truyền những nội dung cơ bản các chủ trương, chính sách mới của Đảng và Nhà nước về CCHC có liên quan đến người dân, doanh nghiệp;"
PT_CITIZENS_2 = "Tuyên truyền về việc công khai, minh bạch các thủ tục hành chính, quy định liên quan đến thủ tục hành chính tại Trung tâm Phục vụ hành chính công của tỉnh, Bộ phận Tiếp nhận và Trả kết quả các cấp; chú trọng ứng dụng công nghệ thông tin, hiện đại hóa hình thức niêm yết, tra cứu: qua các phần mềm, hệ thống máy tính...;"
PT_CITIZENS_3 = "Triển khai có hiệu quả các kênh tiếp nhận, xử lý phản ánh, kiến nghị của người dân, tổ chức đối với quy định về TTHC. Trong đó, tập trung tuyên truyền về nội dung, hình thức cá nhân, tổ chức được phản ánh, kiến nghị; cơ quan, đơn vị, địa chỉ tiếp nhận phản ánh, kiến nghị."

PT_OFFICIALS_CONTENT = _lines(
    f"- {PT_OFFICIALS_1}",
    f"- {PT_OFFICIALS_2}",
    f"+ {PT_ONE_STOP}",
    f"+ {PT_CIVIL_SERVICE}",
    f"+ {PT_E_GOVERNMENT}",
    PT_DIGITAL,
    f"+ {PT_INDICES}",
    f"+ {PT_DISCIPLINE}",
    f"+ {PT_MODELS}",
)
PT_CITIZENS_CONTENT = _lines(f"- {PT_CITIZENS_1}", f"- {PT_CITIZENS_2}", f"- {PT_CITIZENS_3}")
PT_TABLE_ROW_1 = (
    ("Chuyên mục “cải cách hành chính”", "02 số/tháng (Thời lượng 10 phút)"),
    ("Chuyên mục: “Đại biểu dân cử và cử tri” và “Vấn đề cử tri quan tâm”", "01 số/năm"),
    ("Chuyên mục “Phú Thọ chuyển đổi số”", "01 số/năm"),
    ("Tọa đàm về cải cách hành chính", "Quý IV/2024"),
)
PT_RELATED = "Các cơ quan, đơn vị liên quan"
PT_DUTIES = "Các sở, ban, ngành; UBND các huyện, thành, thị bám sát chức năng, nhiệm vụ của cơ quan, đơn vị mình, chủ động xây dựng ban hành kế hoạch tuyên truyền CCHC riêng, hoặc kết hợp xây dựng trong Kế hoạch CCHC hàng năm của cơ quan, đơn vị (Đảm bảo xác định rõ nhiệm vụ, sản phẩm cụ thể, trách nhiệm triển khai, thực hiện và thời gian hoàn thành); đồng thời thực hiện có hiệu quả nội dung tuyên truyền, phổ biến CCHC. Phối hợp với Sở Nội vụ, Báo Phú Thọ, Đài Phát thanh và Truyền hình tỉnh thực hiện tốt việc tuyên truyền CCHC theo Kế hoạch này. Định kỳ báo cáo UBND tỉnh về kết quả triển khai, thực hiện (qua Sở Nội vụ tổng hợp). Chủ động bố trí kinh phí để chi cho các hoạt động tuyên truyền CCHC theo quy định của pháp luật."


def ubnd_tinh_phu_tho_2024(units: SeedUnits) -> PlanData:
    """Kế hoạch tuyên truyền CCHC nhà nước tỉnh Phú Thọ năm 2024 (no header in the fixture)."""
    start, end, label = _year(2024)
    return PlanData(
        unit_id=units.phu_tho.pk,
        title="Tuyên truyền công tác cải cách hành chính nhà nước tỉnh Phú Thọ năm 2024",
        period_start=start,
        period_end=end,
        period_label=label,
        intro="Thực hiện Quyết định số 35/QĐ-BNV ngày 22/01/2024 của Bộ Nội vụ ban hành Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2024; Kế hoạch số 1782/KH-UBND ngày 05/5/2021 của UBND tỉnh về cải cách hành chính nhà nước tỉnh Phú Thọ giai đoạn 2021 - 2025, UBND tỉnh ban hành Kế hoạch tuyên truyền cải cách hành chính (CCHC) năm 2024, như sau:",
        objectives=_lines(
            "- Tuyên truyền, phổ biến các Văn bản của Trung ương, của tỉnh về CCHC; đảm bảo cho cán bộ, công chức, viên chức và người dân, doanh nghiệp nhận thức đầy đủ, rõ ràng và thống nhất về các mục tiêu, nội dung và trách nhiệm của mình trong thực hiện nhiệm vụ CCHC;",
            "- Tăng cường vai trò, trách nhiệm của các cơ quan, đơn vị, đặc biệt là vai trò, trách nhiệm của người đứng đầu trong thực hiện nhiệm vụ CCHC. Tăng cường sự hiểu biết và sự tham gia của tổ chức, người dân về công tác CCHC đặc biệt là cải cách thủ tục hành chính (TTHC); giám sát cơ quan nhà nước, đội ngũ cán bộ, công chức, viên chức trong quá trình thực thi công vụ, nhiệm vụ;",
            "- Tăng cường công tác phối hợp, cung cấp, chia sẻ thông tin CCHC giữa các cơ quan hành chính nhà nước, giữa cơ quan nhà nước với các cơ quan, truyền thông, báo chí và với người dân, doanh nghiệp.",
        ),
        requirements=_lines(
            "- Phổ biến, tuyên truyền kịp thời, đầy đủ, thường xuyên, liên tục, phù hợp với tính chất, đặc điểm và nhiệm vụ của từng nhóm đối tượng; chú trọng nêu gương các tổ chức, cá nhân làm tốt công tác CCHC;",
            "- Tuyên truyền CCHC phải gắn với lộ trình thực hiện các mục tiêu, nhiệm vụ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030 và Kế hoạch CCHC nhà nước năm 2024, Kế hoạch CCHC nhà nước giai đoạn 2021 - 2025 của tỉnh.",
        ),
        legal_bases=(
            ReferenceData(
                doc_type="Quyết định",
                number_symbol="35/QĐ-BNV",
                issued_on=datetime.date(2024, 1, 22),
                issuer="Bộ Nội vụ",
                subject="ban hành Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2024",
            ),
            ReferenceData(
                doc_type="Kế hoạch",
                number_symbol="1782/KH-UBND",
                issued_on=datetime.date(2021, 5, 5),
                issuer="UBND tỉnh",
                subject="cải cách hành chính nhà nước tỉnh Phú Thọ giai đoạn 2021 - 2025",
            ),
            # Cited in the requirements (I.2) and the content (II.1).
            NQ_76,
            ReferenceData(doc_type="Nghị định", number_symbol="61/2018/NĐ-CP", issued_on=datetime.date(2018, 4, 23)),
            ReferenceData(doc_type="Nghị định", number_symbol="107/2021/NĐ-CP", issued_on=datetime.date(2021, 12, 6)),
            ReferenceData(
                doc_type="Nghị định",
                number_symbol="45/2020/NĐ-CP",
                issued_on=datetime.date(2020, 4, 8),
                issuer="Chính phủ",
                subject="thực hiện thủ tục hành chính trên môi trường điện tử",
            ),
            ReferenceData(
                doc_type="Chỉ thị",
                number_symbol="27/CT-TTg",
                issued_on=datetime.date(2023, 10, 27),
                issuer="Thủ tướng Chính phủ",
                subject="đẩy mạnh các giải pháp cải cách và nâng cao hiệu quả giải quyết thủ tục hành chính, cung cấp dịch vụ công phục vụ người dân, doanh nghiệp",
            ),
            ReferenceData(
                doc_type="Nghị định",
                number_symbol="06/2023/NĐ-CP",
                issued_on=datetime.date(2023, 2, 21),
                subject="quy định về kiểm định chất lượng đầu vào công chức",
            ),
            ReferenceData(
                doc_type="Nghị định",
                number_symbol="73/2023/NĐ-CP",
                issued_on=datetime.date(2023, 9, 29),
                subject="quy định về khuyến khích cán bộ năng động, sáng tạo, dám nghĩ, dám làm, dám đột phá vì lợi ích chung",
            ),
            ReferenceData(
                doc_type="Nghị định",
                number_symbol="85/2023/NĐ-CP",
                subject="sửa đổi, bổ sung một số điều của Nghị định số 115/2020/NĐ-CP ngày 25 tháng 9 năm 2020 về tuyển dụng, sử dụng và quản lý viên chức",
            ),
            ReferenceData(
                doc_type="Nghị định",
                number_symbol="115/2020/NĐ-CP",
                issued_on=datetime.date(2020, 9, 25),
                subject="tuyển dụng, sử dụng và quản lý viên chức",
            ),
            ReferenceData(
                doc_type="Quyết định",
                number_symbol="899/QĐ-TTg",
                issued_on=datetime.date(2023, 7, 31),
                subject="phê duyệt Chiến lược quốc gia về thu hút, trọng dụng nhân tài đến năm 2030, tầm nhìn đến năm 2050",
            ),
            ReferenceData(
                doc_type="Quyết định",
                number_symbol="942/QĐ- TTg",
                issued_on=datetime.date(2021, 6, 15),
                issuer="Thủ tướng Chính phủ",
                subject="phê duyệt chiến lược phát triển chính phủ điện tử hướng tới chính phủ số giai đoạn 2021 - 2025, định hướng đến năm 2030",
            ),
            ReferenceData(
                doc_type="Chỉ thị",
                number_symbol="02/CTTTg",
                issued_on=datetime.date(2022, 4, 26),
                issuer="Thủ tướng Chính phủ",
                subject="phát triển Chính phủ điện tử hướng tới Chính phủ số, thúc đẩy chuyển đổi số quốc gia",
            ),
            ReferenceData(
                doc_type="Quyết định",
                number_symbol="2348/QĐ-UBND",
                issued_on=datetime.date(2021, 9, 17),
                issuer="UBND tỉnh",
                subject="Đề án Phát triển Chính quyền điện tử hướng tới Chính quyền số tỉnh Phú Thọ giai đoạn 2021 - 2025, định hướng đến năm 2030",
            ),
            ReferenceData(
                doc_type="Quyết định",
                number_symbol="749/QĐ-TTg",
                issued_on=datetime.date(2020, 6, 3),
                issuer="Thủ tướng Chính phủ",
                subject="phê duyệt Chương trình chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030",
            ),
            ReferenceData(
                doc_type="Quyết định",
                number_symbol="06/QĐ-TTg",
                issued_on=datetime.date(2022, 1, 6),
                issuer="Thủ tướng Chính phủ",
                subject="phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030",
            ),
            ReferenceData(
                doc_type="Chỉ thị",
                number_symbol="26/CTTTg",
                issued_on=datetime.date(2023, 10, 20),
                issuer="Thủ tướng Chính phủ",
                subject="việc chấn chỉnh, tăng cường công tác thanh tra, kiểm tra, giám sát hoạt động công vụ",
            ),
            ReferenceData(
                doc_type="Quyết định",
                number_symbol="136/QĐ-UBND",
                issued_on=datetime.date(2022, 1, 19),
                issuer="UBND tỉnh",
                subject="Đề án tăng cường kỷ luật, kỷ cương hành chính trong cơ quan nhà nước tỉnh Phú Thọ giai đoạn 2022 - 2025",
            ),
        ),
        audiences=(
            AudienceData(
                OFFICIALS,
                description="Cán bộ, công chức, viên chức (CB, CC, VC) làm việc trong hệ thống cơ quan hành chính, các tổ chức chính trị - xã hội, các đơn vị sự nghiệp công lập",
                content=PT_OFFICIALS_CONTENT,
            ),
            AudienceData(BUSINESSES, description="doanh nghiệp", content=PT_CITIZENS_CONTENT),
            AudienceData(CITIZENS, description="người dân trên địa bàn tỉnh", content=PT_CITIZENS_CONTENT),
        ),
        themes=(
            _theme(PT_OFFICIALS_1, "giai đoạn 2021 - 2030", audience=OFFICIALS),
            _theme(PT_ONE_STOP, "trong giải quyết TTHC", audience=OFFICIALS, areas=(A.PROCEDURES, A.DIGITAL)),
            _theme(PT_CIVIL_SERVICE, "cải cách chế độ công vụ", audience=OFFICIALS, areas=(A.CIVIL_SERVICE,)),
            _theme(PT_E_GOVERNMENT, "chính quyền số", audience=OFFICIALS, areas=(A.DIGITAL,)),
            _theme(PT_DIGITAL, "chuyển đổi số", audience=OFFICIALS, areas=(A.DIGITAL,)),
            _theme(
                PT_INDICES,
                "trên địa bàn tỉnh Phú Thọ.",
                audience=OFFICIALS,
                indices=(X.PAR_INDEX, X.SIPAS, X.PCI, X.PAPI),
            ),
            _theme(PT_DISCIPLINE, "trong thực thi công vụ", audience=OFFICIALS, areas=(A.CIVIL_SERVICE,)),
            _theme(PT_MODELS, audience=OFFICIALS),
            _theme(PT_CITIZENS_1, audience=CITIZENS),
            _theme(PT_CITIZENS_2, "Trả kết quả các cấp", audience=CITIZENS, areas=(A.PROCEDURES, A.DIGITAL)),
            _theme(PT_CITIZENS_3, "quy định về TTHC.", audience=CITIZENS, areas=(A.PROCEDURES,)),
        ),
        channels=(
            # a) Đối với cán bộ, công chức, viên chức
            ChannelData(
                C.TRAINING,
                "Thông qua hình thức tổ chức các hội nghị, tập huấn, bồi dưỡng, tọa đàm, hội thảo, quán triệt nội dung, kế hoạch thực hiện nhiệm vụ CCHC nhà nước cho đội ngũ cán bộ, công chức, viên chức",
            ),
            ChannelData(C.MEETING, "lồng ghép nội dung CCHC trong các hội nghị tuyên truyền, phổ biến, giáo dục pháp luật"),
            ChannelData(
                C.MEETING,
                "Các sở, ban, ngành; UBND các cấp thường xuyên đưa nội dung, thông tin về tình hình triển khai, kết quả CCHC phù hợp vào các cuộc họp thường kỳ của cơ quan, đơn vị",
            ),
            ChannelData(C.OTHER, "Tuyên truyền CCHC thông qua các hoạt động của các tổ chức Đảng, Đoàn thể, quần chúng"),
            # b) Đối với người dân và doanh nghiệp
            ChannelData(
                C.ONE_STOP,
                "Niêm yết công khai toàn bộ nội dung của các TTHC tại Bộ phận Tiếp nhận và Trả kết quả của các cơ quan, đơn vị các cấp; tại Trung tâm Phục vụ hành chính công tỉnh Phú Thọ; hình thức công khai rõ ràng, thuận lợi cho việc tìm hiểu",
            ),
            ChannelData(
                C.WEBSITE,
                "Thường xuyên cập nhật các TTHC đã được sửa đổi, bổ sung hoặc bãi bỏ lên Cổng Dịch vụ công của tỉnh; Cổng Thông tin điện tử của tỉnh và Trang thông tin điện tử của các cơ quan, đơn vị",
            ),
            ChannelData(C.NEWSPAPER, "Tuyên truyền thông qua các loại hình báo chí, các phương tiện thông tin đại chúng"),
            ChannelData(C.LOUDSPEAKER, "qua hệ thống loa truyền thanh ở cơ sở"),
            ChannelData(C.MEETING, "qua cuộc họp ở khu dân cư"),
            ChannelData(
                C.PRINT,
                "Thông qua việc phát hành tờ gấp, pa nô, áp phích liên quan đến cải cách hành chính, phù hợp với từng mục tiêu, yêu cầu, nội dung tuyên truyền, phổ biến đến từng nhóm đối tượng.",
            ),
        ),
        activities=(
            ActivityData(
                _lines(*(f"- {title}." for title, _timing in PT_TABLE_ROW_1)),
                channels=(C.RADIO_TV,),
                timing_text=_lines(*(f"- {timing}." for _title, timing in PT_TABLE_ROW_1)).removesuffix("."),
                leads=(_ref(units.pt_broadcaster, "Đài Phát thanh và Truyền hình tỉnh"),),
                coordinators=(_label(PT_RELATED),),
                children=tuple(
                    ActivityData(title, channels=(C.RADIO_TV,), timing_text=timing)
                    for title, timing in PT_TABLE_ROW_1
                ),
            ),
            ActivityData(
                "Các bài viết về nội dung cải cách hành chính; những tổ chức, cá nhân điển hình trong triển khai, thực hiện cải cách hành chính.",
                content="Được đăng tải trên Báo Phú Thọ và Báo điện tử Phú Thọ.",
                channels=(C.NEWSPAPER,),
                timing_text="Các bài viết, phóng sự trên Báo Phú Thọ; Báo điện tử Phú Thọ 01 kỳ/tháng",
                expected_outputs="Các bài viết, phóng sự trên Báo Phú Thọ; Báo điện tử Phú Thọ",
                leads=(_ref(units.pt_newspaper),),
                coordinators=(_label(PT_RELATED),),
            ),
            ActivityData(
                "Tổ chức các lớp tập huấn về nghiệp vụ CCHC; cập nhật những chủ trương, chính sách mới của Trung ương, của tỉnh về CCHC; đồng thời tiếp tục đào tạo nâng cao trình độ chuyên môn, nghiệp vụ, kỹ năng hoạt động công vụ...",
                channels=(C.TRAINING,),
                timing_text="Từ quý II và hoàn thành chậm nhất, trong quý IV/2024",
                leads=(_ref(units.pt_home_affairs),),
                coordinators=(_label(PT_RELATED),),
            ),
            ActivityData(
                "Duy trì thực hiện chuyên trang “Cải cách hành chính” trên Cổng Thông tin điện tử tỉnh Phú Thọ và Trang thông tin điện tử của các cơ quan, đơn vị mở mục dịch vụ công trực tuyến (trên trang chủ) đặt liên kết đến Cổng Dịch vụ công của tỉnh.",
                channels=(C.WEBSITE,),
                timing_text="Trong năm 2024",
                leads=(_ref(units.pt_information),),
                coordinators=(_label(PT_RELATED),),
            ),
            ActivityData(
                "Tổ chức thi tìm hiểu về cải cách hành chính.",
                channels=(C.CONTEST,),
                timing_text="Thực hiện trong quý III/2024",
                leads=(_ref(units.pt_home_affairs),),
                coordinators=(_label(PT_RELATED),),
            ),
        ),
        funding="Từ nguồn ngân sách Nhà nước và huy động từ các nguồn hợp pháp khác.",
        funding_sources=(
            FundingData("ngân sách Nhà nước"),
            FundingData("huy động từ các nguồn hợp pháp khác"),
        ),
        responsibilities=(ResponsibilityData(_label("Các sở, ban, ngành; UBND các huyện, thành, thị"), PT_DUTIES),),
        reporting_duties=(
            ReportingData(
                periods="Định kỳ",
                to=_ref(units.phu_tho, "UBND tỉnh"),
                through=_ref(units.pt_home_affairs),
                text="Định kỳ báo cáo UBND tỉnh về kết quả triển khai, thực hiện (qua Sở Nội vụ tổng hợp).",
            ),
        ),
        implementation="Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2024, yêu cầu các cơ quan, đơn vị triển khai thực hiện các nội dung Kế hoạch đã đề ra./.",
        recipients=(
            RecipientData("Bộ Nội vụ", unit_id=units.ministry_home_affairs.pk),
            RecipientData("TTTU, HĐND tỉnh"),
            RecipientData("CT, các PCT UBND tỉnh"),
            RecipientData("UB MTTQ Việt Nam tỉnh"),
            RecipientData("Các sở, ban, ngành, đoàn thể"),
            RecipientData("UBND các huyện, thành, thị"),
            RecipientData("Báo Phú Thọ, Đài PTTH tỉnh"),
            RecipientData("CVP, các PCVP"),
            RecipientData("CV NCTH"),
            _archive("Lưu: VT, VX4"),
        ),
        signing_authority=_lines("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"),
        signer_position="PHÓ CHỦ TỊCH",
        signer_name="Phan Trọng Tấn",
    )


# --- 3. Sở Lao động - Thương binh và Xã hội tỉnh Lạng Sơn, 2023 ----------------------

LS_REPORTING = "Định kỳ quý I, 6 tháng, quý III, năm (Trước ngày 10 tháng 3 đối với báo cáo quý I; trước ngày 10 tháng 6 đối với báo cáo 6 tháng; Trước ngày 10 tháng 9 đối với báo cáo quý III và trước ngày 10 tháng 12 đối với báo cáo năm) báo cáo tình hình, kết quả thực hiện công tác thông tin, tuyên truyền cải cách hành chính của đơn vị về Sở để tổng hợp báo cáo Ủy ban nhân dân tỉnh và Sở Nội vụ theo quy định."


def so_ldtbxh_lang_son_2023(units: SeedUnits) -> PlanData:
    """Kế hoạch tuyên truyền CCHC năm 2023 của Sở LĐTBXH Lạng Sơn ("Số: /KH-SLĐTBXH").

    Number and day are blank ("Lạng Sơn, ngày tháng 3 năm 2023"): no issue date. The
    plan has no key-activity table; its "III. GIẢI PHÁP THỰC HIỆN" items are its
    activities, led by the Sở itself (the document names no other lead).
    """
    start, end, label = _year(2023)
    the_department = _ref(units.ls_labour)
    return PlanData(
        unit_id=units.ls_labour.pk,
        symbol="KH-SLĐTBXH",
        place="Lạng Sơn",
        issued_on=None,
        title="Tuyên truyền công tác cải cách hành chính năm 2023",
        period_start=start,
        period_end=end,
        period_label=label,
        slogan="Siết chặt kỷ cương, tăng cường trách nhiệm, quyết liệt hành động, sáng tạo bút phá",
        intro="Thực hiện Kế hoạch số 58/KH-UBND ngày 08/3/2023 của UBND tỉnh về tuyên truyền cải cách hành chính năm 2023 trên địa bàn tỉnh Lạng Sơn; Kế hoạch số 04/KH-SLĐTBXH ngày 14/01/2023 của Sở Lao động – Thương binh và Xã hội về cải cách hành chính của Sở Lao động – Thương binh và Xã hội năm 2023 và Chủ đề năm 2023: “Siết chặt kỷ cương, tăng cường trách nhiệm, quyết liệt hành động, sáng tạo bút phá”, Sở Lao động – Thương binh và Xã hội xây dựng Kế hoạch tuyên truyền cải cách hành chính năm 2023, như sau:",
        objectives=_lines(
            "Tăng cường công tác thông tin, tuyên truyền các chủ trương của Đảng và chương trình, kế hoạch, văn bản chỉ đạo của Trung ương, của tỉnh về CCHC, nhằm nâng cao nhận thức, trách nhiệm cho cán bộ, công chức, viên chức trong toàn ngành thực hiện cải cách hành chính trong quá trình thực thi công vụ, nhiệm vụ.",
            "Nâng cao nhận thức về cải cách hành chính, tăng cường sự tham gia thực hiện CCHC của người dân, doanh nghiệp và các tổ chức xã hội trong triển khai cải cách hành chính, nhất là ứng dụng công nghệ thông tin trong giải quyết thủ tục hành chính (TTHC); giám sát quá trình thực hiện cải cách hành chính của Sở Lao động - Thương binh và Xã hội.",
        ),
        requirements=_lines(
            "Thông tin, tuyên truyền về cải cách hành chính phải thực hiện thường xuyên, liên tục; đa dạng, phong phú về nội dung và hình thức, theo hướng thiết thực, hiệu quả, đúng đối tượng.",
            "Tuyên truyền cải cách hành chính phải gắn với lộ trình thực hiện các mục tiêu, nhiệm vụ của Kế hoạch cải cách hành chính giai đoạn 2021-2025 của Sở, Kế hoạch cải cách hành chính của Ủy ban nhân dân tỉnh, của Sở năm 2023.",
            "Tuyên truyền cải cách hành chính gắn với tuyên truyền, phổ biến, giáo dục chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước; góp phần nâng cao nhận thức về phòng, chống tham nhũng, phục vụ sự nghiệp công nghiệp hóa, hiện đại hóa và phát triển kinh tế - xã hội của ngành.",
            "Đẩy mạnh công tác tuyên truyền, đổi mới và đa dạng các hình thức tuyên truyền, nâng cao chất lượng các nội dung; chú trọng nêu gương các tổ chức, cá nhân làm tốt công tác CCHC. Kết hợp hình thức tuyên truyền truyền thống với ứng dụng công nghệ thông tin vào hoạt động tuyên truyền nhằm mang lại hiệu quả cao.",
            "Cập nhật thường xuyên, kịp thời, đầy đủ các văn bản quy phạm pháp luật, các bộ thủ tục hành chính trong lĩnh vực Lao động, người có công và xã hội trên các loại hình thông tin tuyên truyền.",
            "Nội dung thông tin, tuyên truyền được trình bày rõ ràng, chuẩn xác, thu hút người theo dõi. Hướng dẫn về thủ tục hành chính cần chính xác, chi tiết, tăng cường trả lời các tình huống cụ thể.",
            "Công tác tuyên truyền cần bám sát nội dung của kế hoạch này và lựa chọn hình thức tuyên truyền thích hợp, hiệu quả. Kết hợp lồng ghép việc tuyên truyền cải cách hành chính, trọng tâm là cải cách thủ tục hành chính với tuyên truyền, phổ biến các chủ trương, chính sách của Đảng và pháp luật của Nhà nước gắn với các hội nghị tuyên truyền pháp luật của Sở.",
        ),
        legal_bases=(
            ReferenceData(
                doc_type="Kế hoạch",
                number_symbol="58/KH-UBND",
                issued_on=datetime.date(2023, 3, 8),
                issuer="UBND tỉnh",
                subject="tuyên truyền cải cách hành chính năm 2023 trên địa bàn tỉnh Lạng Sơn",
            ),
            ReferenceData(
                doc_type="Kế hoạch",
                number_symbol="04/KH-SLĐTBXH",
                issued_on=datetime.date(2023, 1, 14),
                issuer="Sở Lao động – Thương binh và Xã hội",
                subject="cải cách hành chính của Sở Lao động – Thương binh và Xã hội năm 2023",
            ),
            # Cited in the content (II.1) and the channels (II.2).
            ReferenceData(
                doc_type="Nghị quyết",
                number_symbol="60-NQ/TU",
                issued_on=datetime.date(2021, 12, 15),
                issuer="Ban Thường vụ Tỉnh ủy",
                subject="đẩy mạnh CCHC tỉnh Lạng Sơn giai đoạn 2021 - 2030",
            ),
            ReferenceData(
                doc_type="Kế hoạch",
                number_symbol="05/KH-SLĐT BXH",
                issued_on=datetime.date(2022, 1, 10),
                issuer="Sở",
                subject="cải cách hành chính Nhà nước giai đoạn 2021-2025",
            ),
        ),
        themes=(
            _theme(
                "Tuyên truyền, phổ biến sâu rộng về tầm quan trọng, ý nghĩa, mục tiêu và tác động của công tác cải cách hành chính đối với sự phát triển kinh tế - xã hội của tỉnh; các quan điểm, chủ trương của Đảng, chính sách pháp luật của Nhà nước về công tác cải cách hành chính.",
                "kinh tế - xã hội của tỉnh",
            ),
            _theme(
                "Tập trung tuyên truyền về Chương trình tổng thể CCHC nhà nước giai đoạn 2021 - 2030 của Chính phủ; Chỉ thị của Thủ tướng Chính phủ về việc đẩy mạnh thực hiện Chương trình tổng thể CCHC nhà nước giai đoạn 2021 - 2030; Nghị quyết số 60-NQ/TU ngày 15/12/2021 của Ban Thường vụ Tỉnh ủy về đẩy mạnh CCHC tỉnh Lạng Sơn giai đoạn 2021 - 2030; Kế hoạch CCHC nhà nước giai đoạn 2021-2025 tỉnh và của Sở; kết quả thực hiện công tác CCHC tại Sở.",
                "giai đoạn 2021 - 2030 của Chính phủ",
            ),
            _theme(
                "Đẩy mạnh tuyên truyền về công tác xây dựng, tham mưu ban hành văn bản quy phạm pháp luật, việc theo dõi tình hình thi hành pháp luật, công tác phổ biến, giáo dục pháp luật trên địa bàn tỉnh năm 2023.",
                areas=(A.INSTITUTIONS,),
            ),
            _theme(
                "Công tác truyền thông hỗ trợ hoạt động kiểm soát TTHC, thực hiện cơ chế một cửa, một cửa liên thông và thực hiện giải quyết TTHC trên môi trường điện tử.",
                areas=(A.PROCEDURES, A.DIGITAL),
            ),
            _theme(
                "Tuyên truyền về cải cách tổ chức bộ máy, phổ biến rộng rãi đến toàn thể cán bộ, công chức, viên chức, người lao động về mục tiêu, ý nghĩa, tầm quan trọng công tác tinh giản biên chế, sắp xếp, tổ chức lại các cơ quan hành chính, đơn vị sự nghiệp công lập; tuyên truyền nâng cao kỷ luật, kỷ cương hành chính, tinh thần trách nhiệm, đạo đức công vụ của đội ngũ cán bộ, công chức.",
                "Tuyên truyền về cải cách tổ chức bộ máy",
                areas=(A.APPARATUS, A.CIVIL_SERVICE),
            ),
            _theme(
                "Tình hình, kết quả triển khai cải cách chế độ công vụ. Các quy định của pháp luật về quản lý, tuyển dụng, sử dụng, khen thưởng, kỷ luật đối với cán bộ, công chức, viên chức; quyền, nghĩa vụ và trách nhiệm của cán bộ, công chức, viên chức trong thực hiện nhiệm vụ, công vụ, đặc biệt là trong giải quyết công việc cho cá nhân, tổ chức.",
                "cải cách chế độ công vụ.",
                areas=(A.CIVIL_SERVICE,),
            ),
            _theme(
                "Tăng cường công tác tuyên truyền chiến lược quốc gia phát triển kinh tế số và xã hội số đến năm 2025, định hướng đến năm 2030; việc xây dựng chính quyền điện tử, chính quyền số, chuyển đổi số trên địa bàn tỉnh; việc phát hiện, đưa vào thí điểm, nhân rộng các mô hình, sáng kiến, giải pháp, cách làm hay trong thực hiện CCHC trên địa bàn tỉnh.",
                "định hướng đến năm 2030",
                areas=(A.DIGITAL,),
            ),
            _theme(
                "Việc đơn giản hóa thủ tục hành chính và bộ thủ tục hành chính đã công bố theo Quyết định của UBND tỉnh. Các quy định về thủ tục hành chính trong giải quyết công việc giữa cơ quan hành chính nhà nước với người dân, doanh nghiệp, đặc biệt là thủ tục hành chính trên các lĩnh vực ngành phụ trách; Việc cung cấp, hướng dẫn tổ chức, cá nhân sử dụng dịch vụ công trực tuyến, dịch vụ bưu chính công ích trong tiếp nhận, trả kết quả giải quyết TTHC trên địa bàn tỉnh.",
                "theo Quyết định của UBND tỉnh.",
                areas=(A.PROCEDURES, A.DIGITAL),
            ),
            _theme(
                "Tuyên truyền cải thiện các chỉ số đánh giá CCHC, hiệu quả quản trị và hành chính công cấp tỉnh (PAPI), cải thiện môi trường đầu tư kinh doanh, nâng cao năng lực cạnh tranh cấp tỉnh (PCI); nâng cao năng lực cạnh tranh cấp Sở, ban, ngành và địa phương (DDCI) thúc đẩy phát triển kinh tế - xã hội của tỉnh. Công bố rộng rãi chỉ số hài lòng về sự phục vụ hành chính (SIPAS) đến với người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước.",
                "thúc đẩy phát triển kinh tế - xã hội của tỉnh.",
                indices=(X.PAR_INDEX, X.PAPI, X.PCI, X.DDCI, X.SIPAS),
            ),
            _theme(
                "Những kết quả đạt được và những tồn tại, hạn chế, nguyên nhân cũng như tình hình triển khai nhiệm vụ cải cách hành chính ở các đơn vị sự nghiệp thuộc Sở. Qua đó, biểu dương những tập thể, cá nhân thực hiện tốt, có sáng kiến trong công tác cải cách hành chính; phê phán những hiện tượng tiêu cực, trì trệ, có hành vi không đúng đắn gây khó khăn, phiền hà cho công dân, tổ chức.",
                "các đơn vị sự nghiệp thuộc Sở.",
            ),
        ),
        channels=(
            ChannelData(
                C.TRAINING,
                "Tổ chức các lớp tập huấn, bồi dưỡng, quán triệt nội dung, kế hoạch thực hiện nhiệm vụ cải cách hành chính nhà nước cho đội ngũ cán bộ, công chức, viên chức",
            ),
            ChannelData(
                C.MEETING,
                "lồng ghép nội dung cải cách hành chính trong các hội nghị tuyên truyền, phổ biến, giáo dục pháp luật, các cuộc họp giao ban tại các đơn vị.",
            ),
            ChannelData(
                C.MEETING,
                "Đưa nội dung cải cách hành chính của tỉnh, Kế hoạch số 05/KH-SLĐT BXH ngày 10/01/2022 của Sở về cải cách hành chính Nhà nước giai đoạn 2021-2025 vào chương trình công tác năm, các phiên họp thường kỳ của đơn vị.",
            ),
            ChannelData(C.ONE_STOP, "Công khai, niêm yết các TTHC tại trụ sở"),
            ChannelData(
                C.WEBSITE,
                "Công thông tin điện tử của Sở, tạo điều kiện thuận lợi cho tổ chức, cá nhân tra cứu, tìm hiểu thông tin.",
            ),
            ChannelData(C.OTHER, "Các hình thức tuyên truyền khác phù hợp với đặc điểm, tình hình của cơ quan, đơn vị"),
            ChannelData(C.ZALO, "thực hiện tuyên truyền thông qua các trang mạng xã hội Zalo, Facebook ..."),
            ChannelData(C.FACEBOOK, "thực hiện tuyên truyền thông qua các trang mạng xã hội Zalo, Facebook ..."),
            ChannelData(
                C.CONTEST,
                "Đẩy mạnh công tác tuyên truyền công chức, viên chức và người lao động tham gia các cuộc thi tìm hiểu về cải cách hành chính do tỉnh tổ chức (nếu có).",
            ),
        ),
        activities=(
            ActivityData(
                "Phổ biến, hướng dẫn cho công dân, tổ chức, doanh nghiệp các thủ tục hành chính thuộc thẩm quyền tiếp nhận và giải quyết.",
                content="Hình thức tuyên truyền về cải cách hành chính: Niêm yết công khai tại trụ sở cơ quan và tại các phòng, đơn vị trực thuộc Sở; đăng tải trên cổng thông tin điện tử, hàng tháng, có ít nhất 04 tin, bài về CCHC đăng trên trang thông tin điện tử của Sở.",
                audiences=(CITIZENS, BUSINESSES),
                channels=(C.ONE_STOP, C.WEBSITE),
                timing_text="hàng tháng",
                expected_outputs="có ít nhất 04 tin, bài về CCHC đăng trên trang thông tin điện tử của Sở",
                leads=(the_department,),
            ),
            ActivityData(
                "Cung cấp thông tin cho các cơ quan thông tin đại chúng về tình hình thực hiện và kết quả công tác cải cách hành chính tại Sở, những tác động tích cực từ cải cách hành chính đến đời sống xã hội.",
                channels=(C.NEWSPAPER, C.RADIO_TV),
                leads=(the_department,),
            ),
            ActivityData(
                "Lồng ghép tuyên truyền cải cách hành chính với các cuộc họp của cơ quan, đơn vị, các hội nghị tuyên truyền pháp luật của Sở và các buổi tập huấn về chuyên môn, nghiệp vụ...",
                channels=(C.MEETING, C.TRAINING),
                leads=(the_department,),
            ),
            ActivityData(
                "Tuyên truyền cổ động trực quan về các mục tiêu, giải pháp xây dựng chính quyền điện tử hiện đại, phục vụ nhân dân, hướng dẫn cách thức để công dân, tổ chức sử dụng dịch vụ hành chính công, các dịch vụ công trực tuyến; các khẩu hiệu nêu cao tinh thần phục vụ nhân dân của công chức, viên chức.",
                channels=(C.PRINT,),
                leads=(the_department,),
            ),
            ActivityData(
                "Tăng cường công tác kiểm tra, đôn đốc đội ngũ cán bộ, công chức trong việc giải quyết TTHC, giao trách nhiệm và hạn hoàn thành, rút ngắn thời gian giải quyết TTHC thuộc các lĩnh vực.",
                audiences=(OFFICIALS,),
                leads=(the_department,),
            ),
        ),
        responsibilities=(
            ResponsibilityData(
                _label("các phòng và tương đương, các đơn vị sự nghiệp trực thuộc, trường Cao đẳng nghề Lạng Sơn"),
                _lines(
                    "Trên cơ sở nội dung Kế hoạch tuyên truyền cải cách hành chính của Sở các phòng và tương đương, các đơn vị sự nghiệp trực thuộc, trường Cao đẳng nghề Lạng Sơn bám sát tình hình và nhiệm vụ cải cách hành chính của cơ quan, đơn vị mình, chủ động xây dựng, ban hành kế hoạch và tổ chức thực hiện việc thông tin, tuyên truyền về công tác cải cách hành chính.",
                    LS_REPORTING,
                ),
            ),
        ),
        reporting_duties=(
            ReportingData(
                periods="quý I, 6 tháng, quý III, năm",
                deadline_text="Trước ngày 10 tháng 3 đối với báo cáo quý I; trước ngày 10 tháng 6 đối với báo cáo 6 tháng; Trước ngày 10 tháng 9 đối với báo cáo quý III và trước ngày 10 tháng 12 đối với báo cáo năm",
                to=_label("Ủy ban nhân dân tỉnh và Sở Nội vụ"),
                through=_ref(units.ls_labour, "Sở"),
                text=LS_REPORTING,
            ),
        ),
        implementation="Trên đây là Kế hoạch tuyên truyền công tác cải cách hành chính năm 2023 của Sở Lao động – Thương binh và Xã hội./.",
        recipients=(
            RecipientData("Sở Nội vụ", unit_id=units.ls_home_affairs.pk),
            RecipientData("Lãnh đạo Sở"),
            RecipientData("Các phòng và tương đương"),
            RecipientData("Các đơn vị trực thuộc; Trường Cao đẳng nghề Lạng Sơn"),
            RecipientData("C, P CVP"),
            _archive("Lưu: VT"),
        ),
        signer_position="GIÁM ĐỐC",
        signer_name="Phạm Đức Huân",
    )


# --- 4. UBND xã Minh Đức (huyện Hớn Quản, tỉnh Bình Phước), 2023 ---------------------

MD_GROUPS = "các ban ngành đoàn thể xã"
MD_REPORTING = "Theo dõi, kiểm tra, đôn đốc quá trình tổ chức thực hiện; định kỳ tổng hợp báo cáo UBND xã tình hình và kết quả thực hiện kế hoạch này."


def xa_minh_duc_2023(units: SeedUnits) -> PlanData:
    """Kế hoạch thông tin, tuyên truyền CCHC năm 2023 của UBND xã Minh Đức ("Số: /KH-UBND").

    The duties are numbered 1, 2, 4, 5, 6, 7, 8 in the document; so they stay.
    """
    start, end, label = _year(2023)
    return PlanData(
        unit_id=units.minh_duc.pk,
        header_parent="ỦY BAN NHÂN DÂN",
        header_unit="XÃ MINH ĐỨC",
        symbol="KH-UBND",
        place="Minh Đức",
        issued_on=None,
        title="Thông tin, tuyên truyền cải cách hành chính năm 2023",
        period_start=start,
        period_end=end,
        period_label=label,
        intro=_lines(
            "Thực hiện Quyết định 2398/QĐ-UBND ngày 26/12/2022 của UBND tỉnh ban hành kế hoạch cải cách hành chính nhà nước năm 2023 trên địa bàn tỉnh; Kế hoạch số 99KH-UBND ngày 24/3/2023 của UBND tỉnh về thông tin, tuyên truyền cải cách hành chính năm 2023 trên địa bàn tỉnh Bình Phước; Quyết định số 09/QĐ-UBND ngày 13/01/2023 của UBND huyện về việc ban hành Kế hoạch cải cách hành chính nhà nước năm 2023 trên địa bàn huyện.",
            "Căn cứ Kế hoạch số 163/KH-UBND ngày 08/6/2023 của UBND huyện Hớn Quản về việc tuyên truyền cải cách hành chính trên địa bàn trên địa bàn huyện Hớn quản năm 2023.",
            "Căn cứ Kế hoạch số 15/KH-UBND ngày 13/7/2023 của UBND xã Minh Đức về việc tuyên truyền cải cách hành chính trên địa bàn trên địa bàn xã Minh Đức năm 2023.",
            "UBND xã xây dựng Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2023, như sau:",
        ),
        objectives=_lines(
            "- Tiếp tục đẩy mạnh công tác tuyên truyền và thông tin kịp thời các văn bản chỉ đạo của Bộ, ngành Trung ương, văn bản chỉ đạo, hướng dẫn của Tỉnh ủy, UBND tỉnh và Chủ tịch UBND tỉnh về công tác cải cách TTHC, kiểm soát TTHC; đồng thời góp phần nâng cao nhận thức về ý nghĩa, mục tiêu và tầm quan trọng của công tác cải cách TTHC, kiểm soát TTHC cho cán bộ, công chức, viên chức, người lao động và các tầng lớp Nhân dân.",
            "- Tăng cường công tác thông tin, tuyên truyền nhằm nâng cao nhận thức, trách nhiệm của cán bộ, công chức, viên chức trong quá trình thực thi công vụ. Đồng thời, nâng cao nhận thức, sự đồng thuận của người dân, tổ chức, xã hội trong việc thực hiện các mục tiêu, nhiệm vụ cải cách hành chính nhà nước.",
        ),
        requirements=_lines(
            "- Phổ biến, tuyên truyền kịp thời, đầy đủ, thường xuyên, liên tục gắn với lộ trình thực hiện các mục tiêu, nhiệm vụ cải cách hành chính nhà nước năm 2023.",
            "- Lồng ghép công tác thông tin, tuyên truyền cải cách hành chính nhà nước với việc tuyên truyền, phổ biến, giáo dục về các chủ trương, chính sách của Đảng, gắn với thực hiện nhiệm vụ chuyên môn được giao.",
            "- Triển khai công tác tuyên truyền cần bám sát nội dung Kế hoạch; đồng thời, lựa chọn hình thức, cách thức tuyên truyền thích hợp, tiết kiệm và hiệu quả.",
        ),
        legal_bases=(
            ReferenceData(
                doc_type="Quyết định",
                number_symbol="2398/QĐ-UBND",
                issued_on=datetime.date(2022, 12, 26),
                issuer="UBND tỉnh",
                subject="ban hành kế hoạch cải cách hành chính nhà nước năm 2023 trên địa bàn tỉnh",
            ),
            ReferenceData(
                doc_type="Kế hoạch",
                number_symbol="99KH-UBND",
                issued_on=datetime.date(2023, 3, 24),
                issuer="UBND tỉnh",
                subject="thông tin, tuyên truyền cải cách hành chính năm 2023 trên địa bàn tỉnh Bình Phước",
            ),
            ReferenceData(
                doc_type="Quyết định",
                number_symbol="09/QĐ-UBND",
                issued_on=datetime.date(2023, 1, 13),
                issuer="UBND huyện",
                subject="việc ban hành Kế hoạch cải cách hành chính nhà nước năm 2023 trên địa bàn huyện",
            ),
            ReferenceData(
                doc_type="Kế hoạch",
                number_symbol="163/KH-UBND",
                issued_on=datetime.date(2023, 6, 8),
                issuer="UBND huyện Hớn Quản",
                subject="việc tuyên truyền cải cách hành chính trên địa bàn trên địa bàn huyện Hớn quản năm 2023",
            ),
            ReferenceData(
                doc_type="Kế hoạch",
                number_symbol="15/KH-UBND",
                issued_on=datetime.date(2023, 7, 13),
                issuer="UBND xã Minh Đức",
                subject="việc tuyên truyền cải cách hành chính trên địa bàn trên địa bàn xã Minh Đức năm 2023",
            ),
        ),
        themes=(
            _theme(
                "Các quan điểm, chủ trương của Đảng, chính sách, pháp luật của Nhà nước về cải cách hành chính. Vai trò, trách nhiệm của các cấp ủy đảng, đoàn thể, của người đứng đầu cơ quan hành chính các cấp, người đứng đầu các tổ chức chính trị - xã hội, các đơn vị sự nghiệp công lập đối với việc triển khai thực hiện nhiệm vụ cải cách hành chính.",
                "về cải cách hành chính.",
            ),
            _theme(
                "Tuyên truyền, phổ biến sâu rộng về tầm quan trọng, ý nghĩa, mục tiêu và tác động của cải cách hành chính đến phát triển kinh tế - xã hội của tỉnh; tuyên truyền tình hình triển khai, kết quả, thành tựu trong thực hiện Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030 của Chính phủ, Kế hoạch cải cách hành chính nhà nước giai đoạn 2021-2025 trên địa bàn tỉnh và Kế hoạch cải cách hành chính nhà nước năm 2023 trên địa bàn tỉnh, huyện. Trong đó, tập trung tuyên truyền sâu các lĩnh vực: Ứng dụng công nghệ thông tin trong giải quyết thủ tục hành chính, dịch vụ công mức độ 3,4; cải cách tổ chức bộ máy hành chính nhà nước, cải cách chế độ công vụ, cải cách tài chính công, xây dựng và phát triển chính quyền điện tử, chính quyền số; tuyên truyền mô hình chính quyền điện tử...",
                "trên địa bàn tỉnh, huyện.",
                areas=(A.PROCEDURES, A.APPARATUS, A.CIVIL_SERVICE, A.PUBLIC_FINANCE, A.DIGITAL),
            ),
            _theme(
                "Tuyên truyền nâng cao các Chỉ số của tỉnh, gồm: Chỉ số cải cách hành chính (Par index), Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của các cơ quan hành chính nhà nước (Sipas); Chỉ số hiệu quả quản trị hành chính công (Papi), Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) và các Chỉ số khác.",
                "Tuyên truyền nâng cao các Chỉ số của tỉnh",
                indices=(X.PAR_INDEX, X.SIPAS, X.PAPI, X.PCI),
            ),
            _theme(
                "Tuyên truyền, biểu dương các mô hình, các tập thể, cá nhân điển hình tiên tiến trong thực hiện nhiệm vụ cải cách hành chính cũng như phản ánh những tồn tại, hạn chế trong hoạt động của cơ quan nhà nước và trong thực thi công vụ của cán bộ, công chức, viên chức.",
                "trong thực hiện nhiệm vụ cải cách hành chính",
            ),
        ),
        channels=(
            ChannelData(C.NEWSPAPER, "Tuyên truyền trên các phương tiện thông tin đại chúng"),
            ChannelData(
                C.WEBSITE,
                "trên Trang thông tin điện tử của huyện và các cơ quan, đơn vị, địa phương trên địa bàn huyện.",
            ),
            ChannelData(C.MEETING, "Tuyên truyền thông qua hình thức tổ chức các cuộc họp, Hội nghị, Hội thi"),
            ChannelData(C.CONTEST, "Hội thi"),
            ChannelData(
                C.MEETING,
                "lồng ghép nội dung cải cách hành chính trong các hội nghị tuyên truyền, phổ biến, giáo dục pháp luật.",
            ),
            ChannelData(
                C.OTHER,
                "Lồng ghép nội dung tuyên truyền về cải cách hành chính gắn với các hoạt động văn hóa, văn nghệ, thể dục thể thao",
            ),
            ChannelData(C.MOBILE, "tuyên truyền lưu động"),
            ChannelData(C.PRINT, "tuyên truyền cổ động trực quan…"),
            ChannelData(
                C.ONE_STOP,
                "Niêm yết, công khai minh bạch đầy đủ, chính xác, rõ ràng, đúng quy định thủ tục hành chính tại trụ sở cơ quan, đơn vị",
            ),
            ChannelData(
                C.WEBSITE,
                "trên các phương tiện thông tin điện tử của Sở tạo điều kiện thuận lợi cho tổ chức, cá nhân tra cứu, cập nhật và tìm hiểu thông tin.",
            ),
        ),
        activities=(
            ActivityData(
                "Xây dựng, ban hành và tiến hành kế hoạch công tác tuyên truyền cải cách hành chính năm 2023 trên địa bàn xã.",
                leads=(_ref(units.md_culture, "Công chức Văn hóa- xã hội (Phụ trách VH&TT)"),),
                coordinators=(_ref(units.md_radio, "Đài truyền thanh xã"), _label(MD_GROUPS)),
            ),
            ActivityData(
                "Tổ chức tuyên truyền cải cải cách hành chính trên địa bàn xã",
                channels=(
                    C.WEBSITE, C.PRINT, C.VIDEO, C.CONTEST, C.LOUDSPEAKER, C.FACEBOOK, C.ZALO, C.MOBILE,
                ),  # fmt: skip
                leads=(_ref(units.md_culture, "Văn hóa và Thông tin xã"), _label(MD_GROUPS)),
                children=(
                    ActivityData(
                        "Tăng cường công tác tuyên truyền cải cách hành chính nhà nước bằng nhiều hình thức",
                        content="như: Trên webiste cơ quan; trên pano, appic; xây dựng những video, clip về cải cách hành chính; đưa gương những điển hình tiên tiến, trong ngày pháp luật của cơ quan, tổ chức hội thi, ... trên địa bàn xã.",
                        channels=(C.WEBSITE, C.PRINT, C.VIDEO, C.CONTEST),
                    ),
                    ActivityData(
                        "Tham mưu xây dựng và duy trì hoạt động chuyên mục về tuyên truyền cải cách hành chính nhà nước.",
                    ),
                    ActivityData(
                        "Tuyên truyền thường xuyên, liên tục trên hệ thống loa truyền thanh của xã",
                        content="tuyên truyền tại trụ sở ấp, những chỗ tập trung đông người; hệ thống tuyên truyền viên, bản thông báo nội bộ, thông qua mạng xã hội; Trang Facebook bản tin Minh Đức, nhóm Zalo các ấp sóc. nhóm Zalo BCĐ.",
                        channels=(C.LOUDSPEAKER, C.FACEBOOK, C.ZALO),
                        timing_text="thường xuyên, liên tục",
                    ),
                    ActivityData(
                        "Tuyên truyền sâu rộng bằng hình thức lưu động xe ô tô, hon đa",
                        content="loa tay, loa kẹo kéo đặt các điểm trung tâm các ấp sóc; tuyên truyền trực quan bằng pano, khẩu hiệu, hướng dẫn tại khu dân cư trên địa bàn xã.",
                        channels=(C.MOBILE, C.PRINT),
                    ),
                ),
            ),
        ),
        funding="Nguồn kinh phí thực hiện: Các chương trình, nhiệm vụ, nội dung kế hoạch cải cách hành chính nhà nước cấp, trên cơ sở dự trù kinh phí của cơ quan, đơn vị chủ trì thực hiện.",
        funding_sources=(
            FundingData(
                "Các chương trình, nhiệm vụ, nội dung kế hoạch cải cách hành chính nhà nước cấp",
                note="trên cơ sở dự trù kinh phí của cơ quan, đơn vị chủ trì thực hiện",
            ),
        ),
        responsibilities=(
            ResponsibilityData(
                _ref(units.md_culture, "Công chức Văn hóa – Xã hội"),
                _lines(
                    "1. Công chức Văn hóa – Xã hội",
                    "- Là cơ quan thường trực tham mưu xây dựng Kế hoạch và phối hợp với các ban, ngành, đoàn thể xã tổ chức thực hiện đảm bảo hoàn thành tốt các nội dung theo Kế hoạch của UBND xã.",
                    "- Chủ trì, phối hợp với Ban Tuyên giáo tham mưu, hướng dẫn các nội dung tuyên truyền; Tổ chức trang trí, tuyên truyền, cổ động trực quan trung tâm xã về nội dung CCHC của xã.",
                    f"- {MD_REPORTING}",
                    "- Lập dự toán kinh phí tuyên truyền gửi Tài chính - Kế hoạch xã thẩm định và trình UBND xã phê duyệt.",
                ),
            ),
            ResponsibilityData(
                _ref(units.md_office),
                _lines(
                    "2. Văn phòng HĐND và UBND xã",
                    "- Thực hiện cung cấp thông tin cho báo chí về công tác CCHC của xã và các nội dung có liên quan.",
                    "- Hướng dẫn các cơ quan, đơn vị, địa phương công khai các thủ tục hành chính, quy trình giải quyết tại Bộ phận một cửa xã.",
                    "- Tham mưu UBND xã biểu dương, khen thưởng và nhân rộng các hình thức tuyên truyền có hiệu quả.",
                ),
            ),
            ResponsibilityData(
                _ref(units.md_justice, "Công chức Tư pháp"),
                _lines(
                    "4. Công chức Tư pháp",
                    "- Tham mưu giúp Hội đồng phổ biến giáo dục pháp luật xã tăng cường chỉ đạo, hướng dẫn các ban, ngành đoàn thể xã, đẩy mạnh tuyên truyền nội dung Kế hoạch Cải cách hành chính của xã, các văn bản pháp luật về CCHC của Trung ương, tỉnh và huyện đến cán bộ, công chức, viên chức và nhân dân trên địa bàn xã.",
                    "- Đẩy mạnh tuyên truyền, phổ biến về CCHC thông qua đăng tải tin bài trên Công thông tin điện tử của xã.",
                    "- Biên soạn các tài liệu tuyên truyền, phổ biến giáo dục pháp luật về CCHC phục vụ nhu cầu tìm hiểu pháp luật của cán bộ, công chức, viên chức và nhân dân trên địa bàn xã.",
                ),
            ),
            ResponsibilityData(
                _label("Các trường học"),
                _lines(
                    "5. Các trường học",
                    "Tổ chức tuyên truyền trong các trường học và các cơ sở giáo dục việc ứng dụng CNTT vào giải quyết các thủ tục hành chính; tiếp tục hướng dẫn và cập nhật cho học sinh các cấp trung học cơ sở, trung học phổ thông về kỹ năng khai thác thông tin trên mạng internet, các thao tác đăng ký dịch vụ công trực tuyến mức độ 3, mức độ 4.",
                ),
            ),
            ResponsibilityData(
                _ref(units.md_radio),
                _lines(
                    "6. Đài Truyền thanh xã",
                    "- Xây dựng chuyên trang, chuyên mục về CCHC, kịp thời đưa tin tức, tình hình CCHC trên địa bàn xã.",
                    "- Tăng cường thời lượng đưa tin, bài về công tác CCHC tập trung vào việc thực hiện cơ chế một cửa liên thông.",
                    "- Nêu những gương điển hình tiên tiến trong công tác CCHC. Đồng thời phê phán những cơ quan, đơn vị cá nhân thực hiện không tốt, mang tính hình thức, đối phó những biểu hiện tiêu cực trong giải quyết thủ tục hành chính cho các tổ chức và cá nhân; đồng thời phản hồi ý kiến của người dân, doanh nghiệp, các cơ quan, tổ chức về cải cách hành chính của xã.",
                ),
            ),
            ResponsibilityData(
                _ref(units.md_finance),
                _lines(
                    "7. Công chức Tài chính - Kế toán",
                    "Tham mưu UBND xã bố trí ngân sách đảm bảo kinh phí thực hiện công tác tuyên truyền Cải cách hành chính năm 2023; hướng dẫn quản lý và sử dụng kinh phí có hiệu quả, theo đúng quy định hiện hành của Nhà nước.",
                ),
            ),
            ResponsibilityData(
                _label("Các ban nghành đoàn thể xã"),
                _lines(
                    "8. Các ban nghành đoàn thể xã.",
                    "- Tăng cường chỉ đạo thực hiện tiếp nhận và giải quyết TTHC mức độ 3,4 trực tuyến giữa các cơ quan nhà nước trên địa bàn xã.",
                    "- Tổ chức tuyên truyền đầy đủ, kịp thời về tình hình, kết quả thực hiện cải cách hành chính trên facebook Bản tin xã, các nhóm zalo, Trang thông tin điện tử của cơ quan, đơn vị, địa phương.",
                    "- Truyên truyền đến các hội viên, đoàn viên các nội dung Kế hoạch Cải cách hành chính của xã, các văn bản pháp luật về CCHC.",
                ),
            ),
        ),
        reporting_duties=(
            ReportingData(
                periods="định kỳ",
                to=_ref(units.minh_duc, "UBND xã"),
                text=MD_REPORTING,
            ),
        ),
        implementation="Trên đây là Kế hoạch Thông tin, tuyên truyền cải cách hành chính nhà nước năm 2023 trên địa bàn xã Minh Đức. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các ban ngành, đơn vị phản ánh trực tiếp về Văn phòng UBND xã để tổng hợp trình Ủy ban nhân dân xã xem xét, giải quyết./.",
        recipients=(
            RecipientData("Phòng nội vụ", purpose="b/c"),
            RecipientData("Phòng VH-TT huyện", purpose="b/"),
            RecipientData("TT Đảng ủy-TT HĐND xã"),
            RecipientData("CT, PCT UBND xã"),
            RecipientData("Các ban, ngành liên quan"),
            RecipientData("Ban Tư pháp xã"),
            _archive("Lưu: VT"),
        ),
        signing_authority="TK.CHỦ TỊCH",
        signer_position="PHÓ CHỦ TỊCH",
        signer_name="Hoàng Văn Toán",
    )


# --- 5. UBND huyện Sông Mã (tỉnh Sơn La), 2019, as a news article --------------------

SM_ALL = "Các cơ quan, đơn vị, UBND các xã, thị trấn"
SM_CONTEST = "Tham gia cuộc thi tìm hiểu, sáng kiến, giải pháp về CCHC do UBND tỉnh tổ chức."


def huyen_song_ma_2019(units: SeedUnits) -> PlanData:
    """Kế hoạch số 33/KH-UBND ngày 11/01/2019 của UBND huyện Sông Mã, as the article states it.

    The article gives the number, date, purpose and six numbered items (timing, lead,
    coordinators, content); no header, legal bases, duties, recipients or signature.
    Item 6 repeats item 5's content word for word; kept as the article prints it.
    """
    start, end, label = _year(2019)
    phong_noi_vu = _ref(units.sm_home_affairs)
    return PlanData(
        unit_id=units.song_ma.pk,
        number="33",
        symbol="KH-UBND",
        issued_on=datetime.date(2019, 1, 11),
        title="Tuyên truyền công tác cải cách hành chính năm 2019",
        period_start=start,
        period_end=end,
        period_label=label,
        objectives="Nhằm tiếp tục nêu cao vai trò, trách nhiệm của các cấp ủy Đảng, chính quyền các cấp, các cơ quan, đơn vị, UBND các xã, thị trấn, các tổ chức chính trị - xã hội chủ động, tích cực tham gia công tác tuyên truyền về CCHC. Tăng cường sự hiểu biết của người dân, tổ chức về CCHC, trọng tâm là cải cách thủ tục hành chính; lợi ích của việc sử dụng dịch vụ công trực tuyến, khuyến khích người dân, tổ chức, doanh nghiệp sử dụng dịch vụ công trực tuyến, tiết kiệm chi phí. Đồng thời, tạo điều kiện để người dân, tổ chức, doanh nghiệp tích cực góp ý, tham gia hoàn thiện thủ tục hành chính, giám sát cơ quan nhà nước trong quá trình thực hiện.",
        channels=(
            ChannelData(C.MEETING, "trong các buổi họp giao ban, họp định kỳ"),
            ChannelData(C.WEBSITE, "Trang thông tin điện tử của huyện"),
            ChannelData(C.ONE_STOP, "Bộ phận Tiếp nhận và Trả kết quả cấp huyện, cấp xã"),
            ChannelData(C.RADIO_TV, "Tuyên truyền trên sóng Truyền thanh, Truyền hình huyện"),
            ChannelData(C.LOUDSPEAKER, "Tuyên truyền trên sóng phát thanh, nhà văn hóa tại các bản, tổ dân phố."),
            ChannelData(C.OTHER, "thông qua các văn bản, tài liệu"),
            ChannelData(C.CONTEST, "Tuyên truyền thông qua việc tham gia cuộc thi tìm hiểu, sáng kiến, giải pháp về CCHC."),
            ChannelData(C.MEETING, "Tuyên truyền lồng ghép trong các cuộc họp, Hội nghị từ cấp huyện đến cơ sở"),
            ChannelData(C.TRAINING, "lồng ghép thông qua các lớp tập huấn do huyện tổ chức"),
        ),
        activities=(
            ActivityData(
                "Tuyên truyền các nội dung CCHC trong nội bộ từng cơ quan, đơn vị, UBND các xã, thị trấn bằng nhiều hình thức phù hợp.",
                content=_lines(
                    "+ Lồng ghép, đưa các nội dung, thông tin về CCHC trong các buổi họp giao ban, họp định kỳ; trong việc tuyên truyền, phổ biến pháp luật tại cơ quan, đơn vị, địa phương; đồng thời tổ chức các buổi sinh hoạt chuyên đề về các nội dung liên quan đến CCHC, từ đó phát hiện cách làm mới, hay, đem lại hiệu quả thiết thực.",
                    "+ Thường xuyên kịp thời cập nhật, rà soát, niêm yết công khai, đầy đủ các thủ tục hành chính đã được sửa đổi, bổ sung trên Trang thông tin điện tử của huyện, tại Bộ phận Tiếp nhận và Trả kết quả cấp huyện, cấp xã để người dân, doanh nghiệp dễ dàng tra cứu, tìm hiểu thông tin về CCHC nói chung và thủ tục hành chính nói riêng.",
                    "+ Cung cấp địa chỉ, số điện thoại đường dây nóng của UBND huyện tiếp nhận phản ánh của tổ chức, cá nhân về các quy định thủ tục hành chính và đăng tải kết quả trả lời của cơ quan hành chính nhà nước.",
                ),
                channels=(C.MEETING, C.WEBSITE, C.ONE_STOP),
                timing_text="Thường xuyên trong năm 2019",
                leads=(_label(SM_ALL),),
            ),
            ActivityData(
                "Tuyên truyền trên sóng Truyền thanh, Truyền hình huyện",
                content="Thông tin tình hình và kết quả thực hiện công tác CCHC; thực hiện kỷ luật, kỷ cương hành chính, xây dựng nếp sống văn hóa, văn minh, nâng cao chất lượng quản trị và hành chính công trên địa bàn huyện; ý kiến đóng góp của tổ chức, công dân và phản hồi của cơ quan hành chính các cấp.",
                channels=(C.RADIO_TV,),
                timing_text="Hàng tuần",
                leads=(_ref(units.sm_media_centre),),
                coordinators=(_label(SM_ALL),),
            ),
            ActivityData(
                "Tuyên truyền trên sóng phát thanh, nhà văn hóa tại các bản, tổ dân phố.",
                content="Thông tin về chủ trương, chính sách của đảng, pháp luật của nhà nước về công tác CCHC; hoạt động của Bộ phận Tiếp nhận và Trả kết quả cấp huyện, cấp xã; tình hình và kết quả thực hiện CCHC; thực hiện kỷ luật, kỷ cương hành chính, xây dựng nếp sống văn hóa, văn minh, nâng cao chất lượng quản trị và hành chính công trên địa bàn xã, thị trấn; những nội dung chính quyền phải công khai với Nhân dân gắn với việc thực hiện dân chủ cơ sở (đối với đồng bào dân tộc thiểu số cần đẩy mạnh tuyên truyền bằng tiếng dân tộc, thông qua hệ thống đài Truyền thanh cấp xã, qua các cuộc họp ở bản, tổ dân phố và tranh thủ sự hỗ trợ, giúp đỡ của người có uy tín trong cộng đồng dân cư để tuyên truyền một cách dễ hiểu, thiết thực).",
                channels=(C.LOUDSPEAKER, C.MEETING),
                timing_text="Hàng tháng",
                leads=(_label("UBND các xã, thị trấn"),),
                coordinators=(
                    _label("Đoàn thể chính trị, xã hội các xã, thị trấn"),
                    _label("Ban quản lý bản, tổ dân phố"),
                ),
            ),
            ActivityData(
                "Tuyên truyền, phổ biến kết quả Chỉ số CCHC (PARINDEX), Chỉ số hiệu quả Quản trị và hành chính công (PAPI), Chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính nhà nước (SIPAS), Chỉ số năng lực cạnh tranh (PCI) thông qua các văn bản, tài liệu",
                content="Kết quả cụ thể của các tiêu chí, tiêu chí thành phần của các Chỉ số; ý nghĩa, tác động của các Chỉ số đối với sự phát triển kinh tế - xã hội của huyện, đặc biệt trong cải thiện môi trường đầu tư kinh doanh, thu hút đầu tư trên địa bàn huyện.",
                channels=(C.OTHER,),
                timing_text="Trong năm 2019",
                leads=(phong_noi_vu, _ref(units.sm_finance, "phòng Tài chính - Kế hoạch")),
                coordinators=(_label(SM_ALL),),
            ),
            ActivityData(
                "Tuyên truyền thông qua việc tham gia cuộc thi tìm hiểu, sáng kiến, giải pháp về CCHC.",
                content=SM_CONTEST,
                channels=(C.CONTEST,),
                timing_text="Trong năm 2019",
                leads=(phong_noi_vu,),
                coordinators=(_label(SM_ALL),),
            ),
            ActivityData(
                "Tuyên truyền lồng ghép trong các cuộc họp, Hội nghị từ cấp huyện đến cơ sở; lồng ghép thông qua các lớp tập huấn do huyện tổ chức, công tác tuyên truyền, phổ biến, giáo dục pháp luật, các cuộc thi tìm hiểu về chính sách, pháp luật",
                content=SM_CONTEST,
                channels=(C.MEETING, C.TRAINING, C.CONTEST),
                timing_text="Trong năm 2019",
                leads=(phong_noi_vu,),
                coordinators=(_label(SM_ALL),),
            ),
        ),
    )


# --- Loading --------------------------------------------------------------------------

STAND_IN_KEY = "ubnd_tinh_quang_ngai_2023_mo_phong"
# Fixture name (tests/fixtures/seeds/<name>.txt) → builder.
SEED_PLANS: dict[str, Callable[[SeedUnits], PlanData]] = {
    "ban_dan_toc_quang_ngai_2023": ban_dan_toc_quang_ngai_2023,
    "ubnd_tinh_phu_tho_2024": ubnd_tinh_phu_tho_2024,
    "so_ldtbxh_lang_son_2023": so_ldtbxh_lang_son_2023,
    "xa_minh_duc_2023": xa_minh_duc_2023,
    "huyen_song_ma_2019": huyen_song_ma_2019,
}
# How far each plan goes in the lifecycle. A plan whose document shows its number and
# date is issued with them (submit → approve → issue). A plan without a number cannot be
# issued: the signed texts with a blank number ("Số: /KH-...", Lạng Sơn and Minh Đức)
# and the two whose fixtures carry no header at all (Ban Dân tộc, Phú Thọ) are final,
# signed content waiting for a number and a date — they are left APPROVED (submit →
# approve), the state right before issuing.
SEED_STATUS: dict[str, str] = {
    STAND_IN_KEY: PlanStatus.ISSUED,
    "ban_dan_toc_quang_ngai_2023": PlanStatus.APPROVED,
    "ubnd_tinh_phu_tho_2024": PlanStatus.APPROVED,
    "so_ldtbxh_lang_son_2023": PlanStatus.APPROVED,
    "xa_minh_duc_2023": PlanStatus.APPROVED,
    "huyen_song_ma_2019": PlanStatus.ISSUED,
}


def _existing(data: PlanData) -> Plan | None:
    return (
        Plan.objects.filter(unit_id=data.unit_id, title=nfc(data.title).strip())
        .order_by("-version", "-pk")
        .first()
    )


def _write(data: PlanData, status: str, actor: Any) -> Plan:
    plan = plan_create(data=data, actor=actor)
    if status in (PlanStatus.APPROVED, PlanStatus.ISSUED):
        plan = plan_submit(plan=plan, actor=actor)
        plan = plan_approve(plan=plan, actor=actor)
    if status == PlanStatus.ISSUED:
        assert data.issued_on is not None
        plan = plan_issue(plan=plan, number=data.number, issued_on=data.issued_on, actor=actor)
    return Plan.objects.get(pk=plan.pk)


@transaction.atomic
def load_seed_plans(*, actor: Any = None) -> dict[str, Plan]:
    """Create the seed plans (and the Quảng Ngãi stand-in) through the services.

    Idempotent: a plan that already exists for the same unit with the same title is
    kept as it is (whatever its state), and nothing is written for it.
    """
    units = seed_units()
    plans: dict[str, Plan] = {}

    stand_in = quang_ngai_2023_stand_in(units)
    plans[STAND_IN_KEY] = _existing(stand_in) or _write(stand_in, SEED_STATUS[STAND_IN_KEY], actor)
    parent = plans[STAND_IN_KEY] if plans[STAND_IN_KEY].status == PlanStatus.ISSUED else None

    for key, build in SEED_PLANS.items():
        data = (
            ban_dan_toc_quang_ngai_2023(units, parent=parent)
            if build is ban_dan_toc_quang_ngai_2023
            else build(units)
        )
        plans[key] = _existing(data) or _write(data, SEED_STATUS[key], actor)
    return plans
