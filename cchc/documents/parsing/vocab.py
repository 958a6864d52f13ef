"""Codes and keyword rules of the plan parser (plain Python, no Django).

The code strings are copies of the choices of :mod:`cchc.plans.models`
(``ReformArea``, ``ReformIndex``, ``ChannelKind``, ``Audience``); a test checks
that they stay equal, so the parser never imports Django.

Keyword rules match on *folded* text (:func:`cchc.documents.parsing.textutil.afold`:
lower case, no diacritics, ``đ`` → ``d``), except a few words whose meaning
depends on their diacritics ("báo" is a newspaper, "bảo" and "báo cáo" are
not; "họp" is a meeting, "hợp" is not); those match on lower-cased NFC text.
"""

from __future__ import annotations

import re
from typing import Final

# --- codes (equal to the model choices; see tests/documents/test_parser_seeds.py) ---

AREA_INSTITUTIONS: Final = "institutions"
AREA_PROCEDURES: Final = "procedures"
AREA_APPARATUS: Final = "apparatus"
AREA_CIVIL_SERVICE: Final = "civil_service"
AREA_PUBLIC_FINANCE: Final = "public_finance"
AREA_DIGITAL: Final = "digital"
REFORM_AREAS: Final[tuple[str, ...]] = (
    AREA_INSTITUTIONS,
    AREA_PROCEDURES,
    AREA_APPARATUS,
    AREA_CIVIL_SERVICE,
    AREA_PUBLIC_FINANCE,
    AREA_DIGITAL,
)

REFORM_INDICES: Final[tuple[str, ...]] = ("par_index", "sipas", "papi", "pci", "ddci", "dti")

CHANNEL_KINDS: Final[tuple[str, ...]] = (
    "website",
    "radio_tv",
    "newspaper",
    "loudspeaker",
    "meeting",
    "training",
    "contest",
    "zalo",
    "facebook",
    "print",
    "mobile",
    "video",
    "screen",
    "school",
    "one_stop",
    "other",
)

AUDIENCES: Final[tuple[str, ...]] = ("officials", "citizens", "businesses", "students")

#: The labels of the model choices (``ChannelKind``, ``Audience``), as the Word export
#: writes them ("- Báo, tạp chí: Báo Quảng Ngãi"), so that an import reads the kind
#: back exactly.  A test checks that they stay equal to the models' labels.
CHANNEL_LABELS: Final[dict[str, str]] = {
    "website": "Cổng/Trang thông tin điện tử",
    "radio_tv": "Phát thanh, truyền hình",
    "newspaper": "Báo, tạp chí",
    "loudspeaker": "Hệ thống truyền thanh cơ sở, loa",
    "meeting": "Hội nghị, hội họp, giao ban",
    "training": "Tập huấn, bồi dưỡng",
    "contest": "Cuộc thi",
    "zalo": "Zalo",
    "facebook": "Facebook, mạng xã hội",
    "print": "Tờ rơi, pa-nô, áp phích",
    "mobile": "Tuyên truyền lưu động",
    "video": "Video clip, phóng sự",
    "screen": "Bảng, màn hình điện tử",
    "school": "Trường học",
    "one_stop": "Niêm yết tại Bộ phận Một cửa",
    "other": "Hình thức khác",
}
AUDIENCE_LABELS: Final[dict[str, str]] = {
    "officials": "Cán bộ, công chức, viên chức",
    "citizens": "Người dân",
    "businesses": "Doanh nghiệp",
    "students": "Học sinh, sinh viên",
}

# --- keyword rules ---------------------------------------------------------------

_B = r"(?<![a-z0-9])"  # word start on folded text
_E = r"(?![a-z0-9])"  # word end on folded text

#: Reform areas and indices of a content theme, on folded text.
TAG_RULES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = tuple(
    (code, re.compile(pattern))
    for code, pattern in (
        (AREA_INSTITUTIONS, rf"{_B}(?:the che|van ban quy pham){_E}"),
        (AREA_PROCEDURES, rf"{_B}(?:thu tuc hanh chinh|tthc|mot cua|dich vu cong){_E}"),
        (AREA_APPARATUS, rf"{_B}to chuc bo may{_E}"),
        (AREA_CIVIL_SERVICE, rf"{_B}(?:cong vu|cong chuc|vien chuc|ky luat,? ky cuong){_E}"),
        (AREA_PUBLIC_FINANCE, rf"{_B}(?:tai chinh cong|tu chu){_E}"),
        (
            AREA_DIGITAL,
            rf"{_B}(?:chinh quyen dien tu|chinh quyen so|chinh phu dien tu|chinh phu so"
            rf"|chuyen doi so|cong nghe thong tin|cntt){_E}",
        ),
        ("par_index", rf"{_B}par[ -]?index{_E}"),
        ("sipas", rf"{_B}sipas{_E}"),
        ("papi", rf"{_B}papi{_E}"),
        ("pci", rf"{_B}pci{_E}"),
        ("ddci", rf"{_B}ddci{_E}"),
        ("dti", rf"{_B}dti{_E}"),
    )
)

# Channel rules: (kind, folded pattern or None, lower-cased NFC pattern or None).
_CHANNEL_SPECS: Final[tuple[tuple[str, str | None, str | None], ...]] = (
    (
        "website",
        rf"{_B}(?:(?:cong|trang)(?: thong tin| tin)(?: dien tu)?|website|webiste|trang web){_E}",
        None,
    ),
    ("radio_tv", rf"{_B}(?:phat thanh|truyen hinh|ptth|pt-th){_E}", None),
    (
        "newspaper",
        rf"{_B}(?:bao chi|tap chi|bao dien tu){_E}",
        r"(?<!thông )(?<!cảnh )(?<!dự )(?<![\w])báo(?![\w])(?!\s+cáo)",
    ),
    (
        "loudspeaker",
        rf"{_B}(?:loa|truyen thanh (?:o |tai )?(?:co so|cap xa|xa|thon|ap|ban|phuong)"
        rf"|dai truyen thanh){_E}",
        None,
    ),
    (
        "meeting",
        rf"{_B}(?:hoi nghi|giao ban|toa dam|hoi thao|sinh hoat chuyen de){_E}",
        r"(?<![\w])họp(?![\w])",
    ),
    ("training", rf"{_B}(?:tap huan|boi duong){_E}", None),
    ("contest", rf"{_B}(?:cuoc thi|hoi thi|thi tim hieu){_E}", None),
    ("zalo", rf"{_B}zalo{_E}", None),
    ("facebook", rf"{_B}(?:facebook|mang xa hoi|fanpage){_E}", None),
    (
        "print",
        rf"{_B}(?:to roi|to gap|pa[ -]?no|ap phich|appic|bang ron|khau hieu|co dong truc quan){_E}",
        None,
    ),
    ("mobile", rf"{_B}luu dong{_E}", None),
    ("video", rf"{_B}(?:video|clip|phong su){_E}", None),
    ("screen", rf"{_B}(?:man hinh|bang (?:dien tu|led)|bang tin dien tu){_E}", None),
    ("school", rf"{_B}truong hoc{_E}", None),
    (
        "one_stop",
        rf"{_B}(?:niem yet|bo phan mot cua|bo phan tiep nhan va tra ket qua"
        rf"|trung tam phuc vu hanh chinh cong){_E}",
        None,
    ),
)
CHANNEL_RULES: Final[tuple[tuple[str, re.Pattern[str] | None, re.Pattern[str] | None], ...]] = (
    tuple(
        (kind, re.compile(folded) if folded else None, re.compile(exact) if exact else None)
        for kind, folded, exact in _CHANNEL_SPECS
    )
)

#: Audiences, on folded text.
AUDIENCE_RULES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = tuple(
    (code, re.compile(pattern))
    for code, pattern in (
        ("officials", rf"{_B}(?:can bo|cong chuc|vien chuc|nguoi lao dong|cb, cc, vc|cbccvc){_E}"),
        ("citizens", rf"{_B}(?:nguoi dan|nhan dan|cong dan){_E}"),
        ("businesses", rf"{_B}(?:doanh nghiep|nha dau tu){_E}"),
        ("students", rf"{_B}(?:hoc sinh|sinh vien){_E}"),
    )
)

# --- section headings ------------------------------------------------------------

KIND_OBJECTIVES: Final = "objectives"
KIND_REQUIREMENTS: Final = "requirements"
KIND_AUDIENCES: Final = "audiences"
KIND_THEMES: Final = "themes"
KIND_CHANNELS: Final = "channels"
KIND_ACTIVITIES: Final = "activities"
KIND_FUNDING: Final = "funding"
KIND_IMPLEMENTATION: Final = "implementation"
KIND_REPORTING: Final = "reporting"

#: Folded heading phrases and the section kind they announce.  Matched exactly
#: first, then with :func:`difflib.SequenceMatcher` (ratio ≥ 0.8) for typos.
HEADING_PHRASES: Final[tuple[tuple[str, str], ...]] = (
    ("muc dich", KIND_OBJECTIVES),
    ("muc tieu", KIND_OBJECTIVES),
    ("yeu cau", KIND_REQUIREMENTS),
    ("doi tuong", KIND_AUDIENCES),
    ("noi dung", KIND_THEMES),
    ("hinh thuc", KIND_CHANNELS),
    ("nhiem vu", KIND_ACTIVITIES),
    ("giai phap", KIND_ACTIVITIES),
    ("hoat dong", KIND_ACTIVITIES),
    ("kinh phi", KIND_FUNDING),
    ("to chuc thuc hien", KIND_IMPLEMENTATION),
    ("phan cong trach nhiem", KIND_IMPLEMENTATION),
    ("che do bao cao", KIND_REPORTING),
)
PLAN_SECTION_KINDS: Final = frozenset(
    {KIND_OBJECTIVES, KIND_THEMES, KIND_CHANNELS, KIND_ACTIVITIES, KIND_IMPLEMENTATION}
)
