"""The import parser on damaged, wrapped and re-encoded copies of the seeds, and fuzzed input.

The variants in ``tests/fixtures/documents`` are built by ``build.py`` there; each
must give the same key fields as its clean seed.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.documents.parser import NOT_A_PLAN, parse_plan
from cchc.text import decode_cp1252, encode_legacy
from tests.documents.expected_seeds import SEED_NAMES, seed_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "documents"


def key_fields(data: dict[str, Any]) -> dict[str, Any]:
    """What must not change between a seed and its variants."""
    return {
        "is_plan": data["is_plan"],
        "document_type": data["document_type"],
        "title": data["title"],
        "issuer": data["issuer"]["name"],
        "symbol": data["symbol"],
        "symbol_text": data["symbol_text"],
        "place": data["place"],
        "date": data["date"],
        "date_text": data["date_text"],
        "period": (data["period"]["start_year"], data["period"]["end_year"]),
        "legal_bases": [
            (b["doc_type"], b["symbol"], b["date"], b["issuer"]) for b in data["legal_bases"]
        ],
        "objectives": [text[:50] for text in data["objectives"]],
        "requirements": [text[:50] for text in data["requirements"]],
        "audiences": [a["audience"] for a in data["audiences"]],
        "themes": [(t["text"][:50], tuple(t["tags"])) for t in data["themes"]],
        "channels": sorted(c["kind"] for c in data["channels"]),
        "activities": [
            (
                a["title"][:50],
                tuple(a["leads"]),
                tuple(a["coordinators"]),
                a["timing"],
                tuple((s["title"], s["timing"]) for s in a["subactivities"]),
            )
            for a in data["activities"]
        ],
        "responsibilities": [(r["unit"], len(r["duties"])) for r in data["responsibilities"]],
        "reporting": [(r["period"], r["deadline_text"]) for r in data["reporting"]],
        "funding": data["funding"],
        "recipients": data["recipients"],
        "signer": data["signer"],
    }


def parse(text: str) -> dict[str, Any]:
    return parse_plan(text, strict=True).to_json()


def seed_fields(name: str) -> dict[str, Any]:
    return key_fields(parse(seed_text(name)))


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# --- the variants on disk -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "variant"),
    [
        ("ban_dan_toc_quang_ngai_2023", "ban_dan_toc_web.txt"),
        ("ban_dan_toc_quang_ngai_2023", "ban_dan_toc_headings.txt"),
        ("so_ldtbxh_lang_son_2023", "lang_son_wrapped.txt"),
        ("xa_minh_duc_2023", "minh_duc_decomposed.txt"),
        ("xa_minh_duc_2023", "minh_duc_flat_header.txt"),
        ("ubnd_tinh_phu_tho_2024", "phu_tho_pipe_table.txt"),
    ],
)
def test_variant_reads_like_its_seed(seed: str, variant: str) -> None:
    assert key_fields(parse(fixture_text(variant))) == seed_fields(seed)


def test_tcvn3_copy_reads_like_its_seed() -> None:
    # The bytes as a cp1252 reader shows them (the extractor would repair them first).
    mojibake = decode_cp1252((FIXTURES / "ban_dan_toc_tcvn3.txt").read_bytes())
    data = parse(mojibake)
    assert data["legacy_encoding"] == "tcvn3"
    assert any("bảng mã cũ" in w["message"] for w in data["warnings"])
    assert key_fields(data) == seed_fields("ban_dan_toc_quang_ngai_2023")


def test_vni_copy_reads_like_its_seed() -> None:
    text = seed_text("xa_minh_duc_2023")
    data = parse(decode_cp1252(encode_legacy(text, "vni", errors="replace")))
    assert data["legacy_encoding"] == "vni"
    assert key_fields(data) == seed_fields("xa_minh_duc_2023")


def test_plan_inside_a_decision() -> None:
    data = parse(fixture_text("minh_duc_decision.txt"))
    want = seed_fields("xa_minh_duc_2023")
    got = key_fields(data)
    # The number written on the decision is the decision's, not the plan's.
    assert got.pop("symbol_text") is None
    want.pop("symbol_text")
    assert got == want
    container = data["container"]
    assert container["document_type"] == "Quyết định"
    assert container["symbol_text"] == "/QĐ-UBND"
    assert container["title"].startswith("Về việc ban hành Kế hoạch thông tin")
    # The decision's own bases stay with the decision ("Căn cứ Luật Tổ chức chính quyền địa
    # phương ngày …" names the law before its date, which parse_citations does not read).
    assert container["legal_bases"] == [{"doc_type": "Kế hoạch", "symbol": "163/KH-UBND"}]
    assert not [w for w in data["warnings"] if "Chưa xếp được" in w["message"]]


def test_plan_attached_to_a_decision() -> None:
    seed = seed_text("xa_minh_duc_2023").split("\n")
    header = "\n".join(seed[:10]).replace("/KH-UBND", "/QĐ-UBND")
    text = "\n".join(
        [
            header,
            "",
            "QUYẾT ĐỊNH",
            "Về việc ban hành Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2023",
            "",
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            "",
            "QUYẾT ĐỊNH:",
            "",
            "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thông tin, tuyên truyền cải cách hành "
            "chính năm 2023 của UBND xã Minh Đức.",
            "",
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.",
            "",
            *seed[245:],
            "",
            "KẾ HOẠCH",
            "Thông tin, tuyên truyền cải cách hành chính năm 2023",
            "(Kèm theo Quyết định số      /QĐ-UBND ngày    tháng    năm 2023 của UBND xã Minh Đức)",
            "",
            *seed[14:238],
        ]
    )
    data = parse(text)
    got, want = key_fields(data), seed_fields("xa_minh_duc_2023")
    assert got.pop("symbol_text") is None
    want.pop("symbol_text")
    assert got == want
    assert data["container"]["symbol_text"] == "/QĐ-UBND"


@pytest.mark.parametrize(
    "header",
    [
        # The whole header on one line, cells separated by "|".
        "ỦY BAN NHÂN DÂN | XÃ MINH ĐỨC | Số:       /KH-UBND | CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM | "
        "Độc lập - Tự do - Hạnh phúc | Minh Đức,  ngày      tháng      năm 2023",
        # A Word header table: one line per row, paragraphs of a cell joined by spaces.
        "ỦY BAN NHÂN DÂN XÃ MINH ĐỨC Số:       /KH-UBND | CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM "
        "Độc lập - Tự do - Hạnh phúc Minh Đức,  ngày      tháng      năm 2023",
        # Tabs instead of "|".
        "ỦY BAN NHÂN DÂN\tCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ MINH ĐỨC\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số:       /KH-UBND\tMinh Đức,  ngày      tháng      năm 2023",
    ],
)
def test_flattened_headers(header: str) -> None:
    lines = seed_text("xa_minh_duc_2023").split("\n")
    text = header + "\n" + "\n".join(lines[10:])
    assert key_fields(parse(text)) == seed_fields("xa_minh_duc_2023")


def test_flattened_signing_block() -> None:
    lines = seed_text("ubnd_tinh_phu_tho_2024").split("\n")
    tail = "Nơi nhận: - Bộ Nội vụ; - Lưu: VT, VX4. | TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Phan Trọng Tấn"
    data = parse("\n".join(lines[:101]) + "\n" + tail)
    assert data["recipients"] == ["Bộ Nội vụ", "Lưu: VT, VX4"]
    assert data["signer"] == {
        "authority": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
        "position": "PHÓ CHỦ TỊCH",
        "name": "Phan Trọng Tấn",
    }


def test_tab_table_with_cells_over_several_lines() -> None:
    text = seed_text("ubnd_tinh_phu_tho_2024")
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("1\t"))
    cells = lines[row].split("\t")
    cells[1] = cells[1].replace(". - ", ".\n- ")
    cells[4] = cells[4].replace(". - ", ".\n- ")
    lines[row] = "\t".join(cells)
    assert key_fields(parse("\n".join(lines))) == seed_fields("ubnd_tinh_phu_tho_2024")


def test_windows_line_endings_keep_line_numbers() -> None:
    text = seed_text("ban_dan_toc_quang_ngai_2023")
    crlf = parse(text.replace("\n", "\r\n"))
    assert crlf["sources"] == parse(text)["sources"]
    assert key_fields(crlf) == seed_fields("ban_dan_toc_quang_ngai_2023")


def test_tone_before_vowel_mark() -> None:
    # Some Windows software stores "ấ" as a + acute + circumflex.
    text = seed_text("ban_dan_toc_quang_ngai_2023")
    odd = "".join(
        unicodedata.normalize("NFD", ch)[0] + unicodedata.normalize("NFD", ch)[1:][::-1]
        if len(unicodedata.normalize("NFD", ch)) == 3
        else ch
        for ch in text
    )
    assert odd != text
    assert key_fields(parse(odd)) == seed_fields("ban_dan_toc_quang_ngai_2023")


def test_mixed_case_headings_without_numbers() -> None:
    text = seed_text("so_ldtbxh_lang_son_2023")
    for old, new in (
        ("I. MỤC TIÊU, YÊU CẦU", "Mục tiêu, yêu cầu"),
        ("II. NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", "NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN"),
        ("IV. TỔ CHỨC THỰC HIỆN", "TỔ CHỨC THỰC HIỆN"),
    ):
        text = text.replace(old, new)
    got = key_fields(parse(text))
    want = seed_fields("so_ldtbxh_lang_son_2023")
    for key in ("themes", "channels", "responsibilities", "reporting", "requirements"):
        assert got[key] == want[key], key


# --- documents that are not plans ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        fixture_text("not_a_plan.txt"),
        "BÁO CÁO\nKết quả công tác cải cách hành chính năm 2023\nI. KẾT QUẢ ĐẠT ĐƯỢC\n1. Về thể chế",
        "QUYẾT ĐỊNH\nVề việc khen thưởng\nĐiều 1. Khen thưởng các tập thể.\nĐiều 2. Quyết định này có hiệu lực.",
    ],
)
def test_not_a_plan(text: str) -> None:
    data = parse(text)
    assert data["is_plan"] is False
    assert any(w["message"] == NOT_A_PLAN for w in data["warnings"])
    assert NOT_A_PLAN.startswith("Văn bản này có vẻ không phải kế hoạch")


def test_internal_errors_become_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    import cchc.documents.parsing.plan as plan_module

    def broken(text: str) -> list[Any]:
        raise RuntimeError("boom")

    monkeypatch.setattr(plan_module, "build_blocks", broken)
    result = parse_plan(seed_text("xa_minh_duc_2023"))
    assert result.is_plan is False
    assert "RuntimeError" in result.warnings[0].message
    with pytest.raises(RuntimeError):
        parse_plan(seed_text("xa_minh_duc_2023"), strict=True)


def test_long_input_stays_linear() -> None:
    import time

    text = "\n".join(seed_text(name) for name in SEED_NAMES) * 6
    started = time.perf_counter()
    data = parse(text)
    assert time.perf_counter() - started < 5
    json.dumps(data, ensure_ascii=False)


# --- fuzzing ---------------------------------------------------------------------------------------

_LINES = [line for name in SEED_NAMES for line in seed_text(name).split("\n")]
_SENTENCES = [part.strip() for line in _LINES for part in line.split(". ") if part.strip()]
_VARIANTS = [
    fixture_text(name)
    for name in (
        "ban_dan_toc_web.txt",
        "minh_duc_decision.txt",
        "minh_duc_flat_header.txt",
        "phu_tho_pipe_table.txt",
        "lang_son_wrapped.txt",
    )
]
_NOISE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=12,
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Real fragments, shuffled, duplicated, cut and glued, with random characters inserted."""
    base = draw(st.sampled_from([*(seed_text(n) for n in SEED_NAMES), *_VARIANTS]))
    lines = base.split("\n")
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    operation = draw(st.sampled_from(["slice", "shuffle", "mix", "cut", "sentences", "whole"]))
    if operation == "slice":
        start = rng.randrange(len(lines))
        lines = lines[start : start + rng.randrange(1, 80)]
    elif operation == "shuffle":
        lines = rng.sample(lines, k=min(len(lines), rng.randrange(1, 60)))
    elif operation == "mix":
        lines = [rng.choice(_LINES) for _ in range(rng.randrange(1, 60))]
        lines.extend(lines[: rng.randrange(0, 10)])
    elif operation == "cut":
        lines = [
            line[: rng.randrange(len(line) + 1)] if rng.random() < 0.3 else line for line in lines
        ]
        lines = lines[: rng.randrange(1, len(lines) + 1)]
    elif operation == "sentences":
        lines = [
            (" | " if rng.random() < 0.1 else ". ").join(
                rng.sample(_SENTENCES, k=rng.randrange(1, 4))
            )
            for _ in range(rng.randrange(1, 30))
        ]
    for _ in range(draw(st.integers(0, 4))):
        noise = draw(_NOISE)
        if lines:
            index = rng.randrange(len(lines))
            cut = rng.randrange(len(lines[index]) + 1)
            lines[index] = lines[index][:cut] + noise + lines[index][cut:]
        else:
            lines.append(noise)
    separator = draw(st.sampled_from(["\n", "\n", "\r\n", "\n\n", "\t"]))
    return separator.join(lines)


_BREAKS = re.compile("\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _check(text: str) -> None:
    result = parse_plan(text, strict=True)
    data = result.to_json()
    json.loads(json.dumps(data, ensure_ascii=False))
    total = _BREAKS.sub("\n", text).count("\n") + 1
    for key, (start, end) in data["sources"].items():
        assert 1 <= start <= end <= total, key
    assert isinstance(data["is_plan"], bool)
    if not data["is_plan"]:
        assert any(w["message"] == NOT_A_PLAN for w in data["warnings"]) or data["warnings"]


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_fuzzed_fragments_never_break_the_parser(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_random_text_never_breaks_the_parser(text: str) -> None:
    _check(text)


# --- shapes not in the seeds (synthetic texts) -------------------------------------------------------

WRAPPED_CITY_PLAN = """ỦY BAN NHÂN DÂN
THÀNH PHỐ CẦN THƠ
Số: 215/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Thành phố Cần Thơ, ngày 05 tháng 3 năm 2024
KẾ HOẠCH
Tuyên truyền về chuyển đổi số trong giải quyết thủ tục hành chính
Thực hiện Nghị định số 45/2020/NĐ-CP ngày 08 tháng
4 năm 2020 của Chính phủ về thực hiện thủ tục hành chính trên môi trường
điện tử, Ủy ban nhân dân thành phố ban hành Kế hoạch tuyên truyền như
sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Giúp người dân và doanh nghiệp biết cách nộp hồ sơ trực tuyến trên Cổng
dịch vụ công của thành phố.
2. Yêu cầu
2.1. Nội dung tuyên truyền ngắn gọn, dễ hiểu, phù hợp với từng nhóm đối
tượng.
2.2. Bảo đảm tiết kiệm, hiệu quả.
II. TỔ CHỨC THỰC HIỆN
1. Sở, ban, ngành, Ủy ban nhân dân quận, huyện chủ động tuyên truyền trên
trang thông tin điện tử của đơn vị mình.
2. Việc tuyên truyền phải bảo đảm thống nhất trong toàn thành phố.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Bình
"""


def test_pdf_like_plan_without_blank_lines() -> None:
    data = parse(WRAPPED_CITY_PLAN)
    assert data["title"] == "Tuyên truyền về chuyển đổi số trong giải quyết thủ tục hành chính"
    assert data["issuer"]["name"] == "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ"
    assert (data["symbol"], data["place"], data["date"]) == (
        "215/KH-UBND",
        "Thành phố Cần Thơ",
        "2024-03-05",
    )
    assert data["period"]["start_year"] == 2024, "the issue year, not a cited date"
    assert [(b["symbol"], b["date"], b["issuer"]) for b in data["legal_bases"]] == [
        ("45/2020/NĐ-CP", "2020-04-08", "Chính phủ")
    ]
    assert data["objectives"] == [
        "Giúp người dân và doanh nghiệp biết cách nộp hồ sơ trực tuyến trên Cổng dịch vụ công của thành phố"
    ]
    assert [text[:12] for text in data["requirements"]] == ["Nội dung tuy", "Bảo đảm tiết"]
    assert [(r["unit"], len(r["duties"])) for r in data["responsibilities"]] == [
        ("Sở, ban, ngành, Ủy ban nhân dân quận, huyện", 2)
    ]
    assert data["recipients"] == ["Như trên", "Lưu: VT"]
    assert data["signer"]["name"] == "Nguyễn Văn Bình"


DECISION_AS_A_WEB_PAGE = """Quyết định 17/QĐ-SNV năm 2024 ban hành Kế hoạch tuyên truyền cải cách hành chính
17/QĐ-SNV
Quyết định
12-01-2024
Sở Nội vụ Số: 17/QĐ-SNV |
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Huế, ngày 12 tháng 01 năm 2024 |
Quyết định
BAN HÀNH KẾ HOẠCH TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2024
GIÁM ĐỐC SỞ NỘI VỤ
Căn cứ Quyết định số 120/QĐ-UBND ngày 10/01/2024 của UBND tỉnh về kế hoạch cải cách hành chính năm 2024;
QUYẾT ĐỊNH:
Điều 1. Ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2024 (sau đây gọi tắt là Kế hoạch), với những nội dung cơ bản sau đây:
I. MỤC TIÊU, YÊU CẦU
1. Mục tiêu
Nâng cao nhận thức của công chức, viên chức về cải cách hành chính.
II. HOẠT ĐỘNG
1. Đăng tin về cải cách hành chính trên Trang thông tin điện tử của Sở
- Đơn vị thực hiện: Văn phòng Sở
- Thời gian: Hằng tháng
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
"""


def test_decision_printed_by_a_law_database() -> None:
    data = parse(DECISION_AS_A_WEB_PAGE)
    assert data["is_plan"] is True
    assert data["title"] == "Tuyên truyền cải cách hành chính năm 2024"
    assert data["issuer"]["name"] == "Sở Nội vụ"
    assert (data["place"], data["date"]) == ("Huế", "2024-01-12")
    assert data["symbol"] is None, "17/QĐ-SNV is the decision's number"
    assert data["container"]["symbol"] == "17/QĐ-SNV"
    assert data["container"]["legal_bases"] == [{"doc_type": "Quyết định", "symbol": "120/QĐ-UBND"}]
    (activity,) = data["activities"]
    assert (activity["leads"], activity["timing"]) == (["Văn phòng Sở"], "Hằng tháng")
    assert activity["schedule"]["per"] == "month"


# --- What the Word export writes, read back (see tests/documents/test_round_trip.py) -----

_EXPORTED = """UBND HUYỆN SÔNG MÃ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
Số: 33/KH-UBND | Ngày 11 tháng 01 năm 2019

KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2019

I. CÁC HOẠT ĐỘNG TRỌNG TÂM
STT | Nội dung hoạt động | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện | Sản phẩm
1 | Chuyên mục cải cách hành chính Nội dung: Phát sóng hàng tháng, 10 phút. | Phòng Nội vụ; phòng Tài chính - Kế hoạch | Các cơ quan, đơn vị, UBND các xã, thị trấn; | Trong năm 2019 |
1.1 | Tin, bài trên sóng phát thanh | Trung tâm Truyền thông - Văn hóa huyện |  | Hàng tuần |
1.2 | Tọa đàm | Phòng Nội vụ | Đoàn thể chính trị, xã hội các xã, thị trấn; Ban quản lý bản, tổ dân phố | Quý IV/2019 |
2 | Hội thi tìm hiểu về cải cách hành chính | Phòng Nội vụ, phòng Tư pháp |  | Quý III/2019 |

II. TỔ CHỨC THỰC HIỆN
1. Các phòng và tương đương, các đơn vị sự nghiệp trực thuộc, trường Cao đẳng nghề Lạng Sơn
Xây dựng kế hoạch tuyên truyền của đơn vị.
2. Phòng Nội vụ
Theo dõi, tổng hợp kết quả thực hiện.
Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2019./.

Nơi nhận: - Lưu: VT. | CHỦ TỊCH     Nguyễn Văn A
"""


def test_exported_layout_reads_back() -> None:
    plan = parse_plan(_EXPORTED, strict=True)
    assert plan.is_plan
    # A date line without a place is the issue date.
    assert (plan.place, plan.date, plan.date_text) == (
        None,
        "2019-01-11",
        "Ngày 11 tháng 01 năm 2019",
    )
    first, second = plan.activities
    # "Nội dung:" separates the title from the content in the same cell.
    assert first.title == "Chuyên mục cải cách hành chính"
    assert first.content == "Phát sóng hàng tháng, 10 phút"
    # ";" separates units; a lone name with commas ends with ";" and stays whole.
    assert first.leads == ["Phòng Nội vụ", "phòng Tài chính - Kế hoạch"]
    assert first.coordinators == ["Các cơ quan, đơn vị, UBND các xã, thị trấn"]
    # Rows "1.1", "1.2" are sub-activities of row "1", with their own columns.
    assert [s.title for s in first.subactivities] == ["Tin, bài trên sóng phát thanh", "Tọa đàm"]
    assert [s.timing for s in first.subactivities] == ["Hàng tuần", "Quý IV/2019"]
    assert first.subactivities[0].leads == ["Trung tâm Truyền thông - Văn hóa huyện"]
    assert first.subactivities[1].coordinators == [
        "Đoàn thể chính trị, xã hội các xã, thị trấn",
        "Ban quản lý bản, tổ dân phố",
    ]
    assert first.subactivities[1].schedule is not None
    # Without ";", a cell is still cut before each unit's name.
    assert second.leads == ["Phòng Nội vụ", "phòng Tư pháp"]
    assert not second.subactivities
    # A long heading naming several units (no verb) is a unit; the closing ends the duties.
    assert [r.unit for r in plan.responsibilities] == [
        "Các phòng và tương đương, các đơn vị sự nghiệp trực thuộc, trường Cao đẳng nghề Lạng Sơn",
        "Phòng Nội vụ",
    ]
    assert plan.responsibilities[1].duties == ["Theo dõi, tổng hợp kết quả thực hiện"]
    assert not [w for w in plan.warnings if "Chưa xếp được" in w.message]
    data = plan.to_json()
    assert data["sources"]["activities.0.subactivities.1"][0] == data["sources"]["activities.0"][1]


def test_lowercase_bare_date_in_header_and_draft_date() -> None:
    text = _EXPORTED.replace("Ngày 11 tháng 01 năm 2019", "ngày 11 tháng 01 năm 2019")
    assert parse_plan(text, strict=True).date == "2019-01-11"
    draft = parse_plan(_EXPORTED.replace("Ngày 11 tháng 01", "Ngày     tháng    "), strict=True)
    assert (draft.date, draft.date_text) == (None, "Ngày tháng năm 2019")


_EXPORTED_PARTS = """\
KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2024
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao nhận thức về cải cách hành chính.
- Tăng cường sự tham gia của người dân;
II. ĐỐI TƯỢNG
- Cán bộ, công chức, viên chức: công chức các sở, ngành
- Quán triệt các văn bản;
+ Nghị quyết 76/NQ-CP.
- Người dân:
III. NỘI DUNG TUYÊN TRUYỀN
1. Cải cách thủ tục hành chính.
+ trọng tâm là dịch vụ công trực tuyến.
+ Niêm yết công khai thủ tục
2. Chuyển đổi số
IV. HÌNH THỨC TUYÊN TRUYỀN
- Báo, tạp chí: Báo Quảng Ngãi
- Hội nghị, hội họp, giao ban: lồng ghép trong các hội nghị.
- Hội nghị, hội họp, giao ban: họp giao ban hằng tháng
- Hệ thống truyền thanh cơ sở, loa:
V. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ
Theo dõi, đôn đốc việc thực hiện Kế hoạch.
"""


def test_exported_parts_read_back() -> None:
    """The Word export's own forms: "+" details under a numbered theme, "- Label: text"
    channels and audiences, and the objectives as written."""
    plan = parse_plan(_EXPORTED_PARTS, strict=True)
    assert plan.is_plan
    assert plan.objectives == [
        "Nâng cao nhận thức về cải cách hành chính",
        "Tăng cường sự tham gia của người dân",
    ]
    assert plan.objectives_text == (
        "- Nâng cao nhận thức về cải cách hành chính.\n- Tăng cường sự tham gia của người dân;"
    )
    assert [(t.text, t.details) for t in plan.themes] == [
        (
            "Cải cách thủ tục hành chính",
            ["trọng tâm là dịch vụ công trực tuyến.", "Niêm yết công khai thủ tục"],
        ),
        ("Chuyển đổi số", []),
    ]
    assert [(c.kind, c.text) for c in plan.channels] == [
        ("newspaper", "Báo Quảng Ngãi"),
        ("meeting", "lồng ghép trong các hội nghị."),
        ("meeting", "họp giao ban hằng tháng"),
        ("loudspeaker", ""),
    ]
    assert [(a.audience, a.text, a.content) for a in plan.audiences] == [
        (
            "officials",
            "công chức các sở, ngành",
            ["- Quán triệt các văn bản;", "+ Nghị quyết 76/NQ-CP."],
        ),
        ("citizens", "", []),
    ]
    data = plan.to_json()
    assert data["themes"][0]["details"] == plan.themes[0].details
    assert data["audiences"][0]["content"] == plan.audiences[0].content
    assert data["sources"]["themes.0"] == [13, 15]


def test_plus_items_under_a_dashed_theme_stay_themes() -> None:
    """Only a numbered theme takes "+" items as details (Phú Thọ's "- … sau:" lead-in)."""
    plan = parse_plan(
        "KẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2024\n"
        "I. NỘI DUNG TUYÊN TRUYỀN\n"
        "- Tập trung tuyên truyền các nội dung sau:\n"
        "+ Cơ chế một cửa\n+ Chế độ công vụ\n",
        strict=True,
    )
    assert [(t.text, t.details) for t in plan.themes] == [
        ("Cơ chế một cửa", []),
        ("Chế độ công vụ", []),
    ]


def test_channel_and_audience_labels_are_the_models() -> None:
    from cchc.documents.parsing.vocab import AUDIENCE_LABELS, CHANNEL_LABELS
    from cchc.plans.models import Audience, ChannelKind

    assert CHANNEL_LABELS == {k: str(v) for k, v in ChannelKind.choices}
    assert AUDIENCE_LABELS == {k: str(v) for k, v in Audience.choices}


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Trình chiếu trên màn hình LED tại trụ sở UBND xã", ["screen"]),
        ("Đăng tải trên bảng điện tử, bảng tin điện tử và Cổng thông tin điện tử", ["website", "screen"]),
        ("Phát trên hệ thống loa truyền thanh và bảng LED", ["loudspeaker", "screen"]),
        ("Ban hành văn bản hướng dẫn", []),
    ],
)
def test_electronic_boards_and_screens_are_a_channel(text: str, kinds: list[str]) -> None:
    from cchc.documents.parsing.rules import channel_kinds_in

    assert channel_kinds_in(text) == kinds
