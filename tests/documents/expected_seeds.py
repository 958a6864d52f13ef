"""What a careful reader finds in each seed plan, field by field (shared by the tests and the bench).

Written by reading ``tests/fixtures/seeds/*.txt``, not from the parser's output.
Texts are given as their first words (the parser must return an item *starting*
with them); lists of names, timings, symbols and dates are exact.  ``None`` means
the seed does not have the field.

:func:`score` compares a parser result (``ParsedPlan.to_json()``) with these
expectations fact by fact and returns true positives, predicted facts and expected
facts, for precision and recall in ``bench/import_plans.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"

Basis = tuple[str, str | None, str | None, str | None]

EXPECTED: dict[str, dict[str, Any]] = {
    "ban_dan_toc_quang_ngai_2023": {
        "document_type": "Kế hoạch",
        "title": "Tuyên truyền cải cách hành chính của Ban Dân tộc tỉnh năm 2023",
        # The plan has no header block: the issuer is named in the preamble ("Ban Dân tộc
        # tỉnh xây dựng Kế hoạch"), the province in the cited plans ("tỉnh Quảng Ngãi").
        "issuer": {"name": "Ban Dân tộc tỉnh Quảng Ngãi", "parent": None},
        "symbol": None,
        "symbol_text": None,
        "place": None,
        "date": None,
        "date_text": None,
        "period": {"start_year": 2023, "end_year": 2023},
        "legal_bases": [
            ("Quyết định", "2074/QĐ-UBND", "2021-12-20", "Chủ tịch UBND tỉnh"),
            ("Kế hoạch", "40/KH-UBND", "2023-03-01", "Chủ tịch UBND tỉnh"),
            ("Kế hoạch", "25/KH-BDT", "2023-01-16", "Ban Dân tộc tỉnh"),
            ("Kế hoạch", "128/KH-BDT", "2022-03-10", "Ban Dân tộc tỉnh"),
        ],
        "objectives": ["Tuyên truyền kịp thời các chủ trương", "Tạo sự chuyển biến mạnh mẽ"],
        "requirements": [
            "Đẩy mạnh công tác tuyên truyền;",
            "Tuyên truyền CCHC gắn với tuyên truyền",
        ],
        "audiences": ["officials"],
        "themes": [
            ("Các quan điểm, chủ trương của Đảng", []),
            ("Vai trò, trách nhiệm của các cấp ủy", []),
            ("Tuyên truyền tình hình triển khai, kết quả, thành tựu", []),
            ("Kết quả thực hiện các mục tiêu, chỉ tiêu", []),
            (
                "Các mục tiêu và giải pháp của tỉnh",
                ["digital", "par_index", "sipas", "papi", "pci", "ddci", "dti"],
            ),
            ("Tuyên truyền, nâng cao nhận thức về trách nhiệm", ["procedures", "civil_service"]),
            ("Tuyên truyền nâng cao nhận thức, đổi mới tư duy", ["digital"]),
            ("Tuyên truyền, giới thiệu công khai các địa chỉ", ["procedures", "civil_service"]),
        ],
        "channels": {"website", "training", "contest", "newspaper", "radio_tv"},
        "activities": [
            {
                "title": "Rà soát, cập nhật các TTHC trên Trang thông tin điện tử của Ban",
                "leads": ["Văn phòng Ban"],
                "coordinators": ["phòng Chính sách Dân tộc"],
                "timing": "Thường xuyên trong năm",
            },
            {
                "title": "Cập nhật thông tin về CCHC trên Trang thông tin điện tử của Ban",
                "leads": ["Văn phòng Ban"],
                "coordinators": ["Các phòng thuộc Ban"],
                "timing": "Thường xuyên trong năm",
            },
            {
                "title": "Tổ chức các Hội thi, tập huấn",
                "leads": ["Thanh tra Ban"],
                "coordinators": ["Các phòng thuộc Ban"],
                "timing": "Thường xuyên trong năm",
            },
            {
                "title": "Tuyên truyền trên phương tiện thông tin đại chúng: Hợp đồng với Báo Quảng Ngãi",
                "leads": ["Thanh tra Ban"],
                "coordinators": ["Các phòng thuộc Ban"],
                "timing": "Thường xuyên trong năm",
            },
        ],
        "funding": None,
        "responsibilities": [("Các phòng thuộc Ban", 2), ("Văn phòng Ban", 1)],
        "reporting": [("định kỳ", None), ("định kỳ hoặc đột xuất", None)],
        "recipients": [
            "UBND tỉnh",
            "Sở Thông tin và Truyền thông",
            "Lãnh đạo Ban",
            "Các phòng thuộc Ban",
            "Lưu: VT, VP_{yen22}",
        ],
        "signer": {"authority": [], "position": "TRƯỞNG BAN", "name": "Trần Văn Mẫn"},
    },
    "ubnd_tinh_phu_tho_2024": {
        "document_type": "Kế hoạch",
        "title": "Tuyên truyền công tác cải cách hành chính nhà nước tỉnh Phú Thọ năm 2024",
        # No header block either: "UBND tỉnh ban hành Kế hoạch", the province from the title.
        "issuer": {"name": "UBND tỉnh Phú Thọ", "parent": None},
        "symbol": None,
        "symbol_text": None,
        "place": None,
        "date": None,
        "date_text": None,
        "period": {"start_year": 2024, "end_year": 2024},
        "legal_bases": [
            ("Quyết định", "35/QĐ-BNV", "2024-01-22", "Bộ Nội vụ"),
            ("Kế hoạch", "1782/KH-UBND", "2021-05-05", "UBND tỉnh"),
        ],
        "objectives": [
            "Tuyên truyền, phổ biến các Văn bản của Trung ương",
            "Tăng cường vai trò, trách nhiệm của các cơ quan",
            "Tăng cường công tác phối hợp, cung cấp, chia sẻ",
        ],
        "requirements": [
            "Phổ biến, tuyên truyền kịp thời, đầy đủ",
            "Tuyên truyền CCHC phải gắn với lộ trình",
        ],
        "audiences": ["officials", "businesses", "citizens"],
        # Section II.1: a) for officials (the lead-in "Tập trung tuyên truyền … sau:" is
        # not a theme; its "+" items and the unmarked "Tình hình … chuyển đổi số" are),
        # b) for citizens and businesses.
        "themes": [
            ("Tuyên truyền nội dung Nghị quyết số 76/NQ-CP", []),
            (
                "Tình hình triển khai, kết quả, hiệu quả việc thực hiện cơ chế một cửa",
                ["procedures"],
            ),
            ("Tình hình, kết quả thực hiện nội dung cải cách chế độ công vụ", ["civil_service"]),
            (
                "Tình hình, kết quả triển khai thực hiện việc xây dựng và phát triển chính quyền điện tử",
                ["digital"],
            ),
            ("Tình hình, kết quả triển khai chuyển đổi số", ["digital"]),
            (
                "Kết quả xếp hạng Chỉ số cải cách hành chính (PAR INDEX)",
                ["civil_service", "digital", "par_index", "sipas", "papi", "pci"],
            ),
            ("Tình hình thực hiện kỷ luật, kỷ cương hành chính", ["civil_service"]),
            ("Tuyên truyền, biểu dương các mô hình, sáng kiến", []),
            ("Tuyên truyền những nội dung cơ bản các chủ trương", []),
            (
                "Tuyên truyền về việc công khai, minh bạch các thủ tục hành chính",
                ["procedures", "digital"],
            ),
            ("Triển khai có hiệu quả các kênh tiếp nhận", ["procedures"]),
        ],
        "theme_audiences": [["officials"]] * 8 + [["citizens", "businesses"]] * 3,
        "channels": {
            "meeting",
            "training",
            "other",
            "one_stop",
            "website",
            "newspaper",
            "loudspeaker",
            "print",
            "radio_tv",
            "contest",
        },
        "activities": [
            {
                "title": "Chuyên mục “cải cách hành chính”",
                "leads": ["Đài Phát thanh và Truyền hình tỉnh"],
                "coordinators": ["Các cơ quan, đơn vị liên quan"],
                "timing": "02 số/tháng (Thời lượng 10 phút); 01 số/năm; 01 số/năm; Quý IV/2024",
                "subactivities": [
                    ("Chuyên mục “cải cách hành chính”", "02 số/tháng (Thời lượng 10 phút)"),
                    (
                        "Chuyên mục: “Đại biểu dân cử và cử tri” và “Vấn đề cử tri quan tâm”",
                        "01 số/năm",
                    ),
                    ("Chuyên mục “Phú Thọ chuyển đổi số”", "01 số/năm"),
                    ("Tọa đàm về cải cách hành chính", "Quý IV/2024"),
                ],
            },
            {
                "title": "Các bài viết về nội dung cải cách hành chính; những tổ chức, cá nhân điển hình",
                "leads": ["Báo Phú Thọ"],
                "coordinators": ["Các cơ quan, đơn vị liên quan"],
                "timing": "Các bài viết, phóng sự trên Báo Phú Thọ; Báo điện tử Phú Thọ 01 kỳ/tháng",
            },
            {
                "title": "Tổ chức các lớp tập huấn về nghiệp vụ CCHC",
                "leads": ["Sở Nội vụ"],
                "coordinators": ["Các cơ quan, đơn vị liên quan"],
                "timing": "Từ quý II và hoàn thành chậm nhất, trong quý IV/2024",
            },
            {
                "title": "Duy trì thực hiện chuyên trang “Cải cách hành chính”",
                "leads": ["Sở Thông tin và Truyền thông"],
                "coordinators": ["Các cơ quan, đơn vị liên quan"],
                "timing": "Trong năm 2024",
            },
            {
                "title": "Tổ chức thi tìm hiểu về cải cách hành chính",
                "leads": ["Sở Nội vụ"],
                "coordinators": ["Các cơ quan, đơn vị liên quan"],
                "timing": "Thực hiện trong quý III/2024",
            },
        ],
        "funding": "Từ nguồn ngân sách Nhà nước",
        "responsibilities": [("Các sở, ban, ngành; UBND các huyện, thành, thị", 1)],
        "reporting": [("Định kỳ", None)],
        "recipients": [
            "Bộ Nội vụ",
            "TTTU, HĐND tỉnh",
            "CT, các PCT UBND tỉnh",
            "UB MTTQ Việt Nam tỉnh",
            "Các sở, ban, ngành, đoàn thể",
            "UBND các huyện, thành, thị",
            "Báo Phú Thọ, Đài PTTH tỉnh",
            "CVP, các PCVP",
            "CV NCTH",
            "Lưu: VT, VX4",
        ],
        "signer": {
            "authority": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
            "position": "PHÓ CHỦ TỊCH",
            "name": "Phan Trọng Tấn",
        },
    },
    "so_ldtbxh_lang_son_2023": {
        "document_type": "Kế hoạch",
        "title": "Tuyên truyền công tác cải cách hành chính năm 2023",
        "issuer": {"name": "Sở Lao động – Thương binh và Xã hội", "parent": None},
        "symbol": None,
        "symbol_text": "/KH-SLĐTBXH",
        "place": "Lạng Sơn",
        "date": None,
        "date_text": "ngày tháng 3 năm 2023",
        "period": {"start_year": 2023, "end_year": 2023},
        "legal_bases": [
            ("Kế hoạch", "58/KH-UBND", "2023-03-08", "UBND tỉnh"),
            ("Kế hoạch", "04/KH-SLĐTBXH", "2023-01-14", "Sở Lao động - Thương binh và Xã hội"),
        ],
        "objectives": [
            "Tăng cường công tác thông tin, tuyên truyền",
            "Nâng cao nhận thức về cải cách hành chính",
        ],
        "requirements": [
            "Thông tin, tuyên truyền về cải cách hành chính phải thực hiện",
            "Tuyên truyền cải cách hành chính phải gắn với lộ trình",
            "Tuyên truyền cải cách hành chính gắn với tuyên truyền",
            "Đẩy mạnh công tác tuyên truyền, đổi mới",
            "Cập nhật thường xuyên, kịp thời",
            "Nội dung thông tin, tuyên truyền được trình bày",
            "Công tác tuyên truyền cần bám sát",
        ],
        "audiences": ["officials", "citizens", "businesses"],
        "themes": [
            ("Tuyên truyền, phổ biến sâu rộng về tầm quan trọng", []),
            ("Tập trung tuyên truyền về Chương trình tổng thể", []),
            (
                "Đẩy mạnh tuyên truyền về công tác xây dựng, tham mưu ban hành văn bản quy phạm",
                ["institutions"],
            ),
            ("Công tác truyền thông hỗ trợ hoạt động kiểm soát TTHC", ["procedures"]),
            ("Tuyên truyền về cải cách tổ chức bộ máy", ["apparatus", "civil_service"]),
            ("Tình hình, kết quả triển khai cải cách chế độ công vụ", ["civil_service"]),
            ("Tăng cường công tác tuyên truyền chiến lược quốc gia", ["digital"]),
            ("Việc đơn giản hóa thủ tục hành chính", ["procedures"]),
            ("Tuyên truyền cải thiện các chỉ số đánh giá CCHC", ["sipas", "papi", "pci", "ddci"]),
            ("Những kết quả đạt được và những tồn tại", []),
        ],
        "channels": {
            "training",
            "meeting",
            "one_stop",
            "website",
            "facebook",
            "zalo",
            "contest",
            "print",
        },
        # "III. GIẢI PHÁP THỰC HIỆN": numbered prose, no unit named; item 1 names its rhythm.
        "activities": [
            {
                "title": "Phổ biến, hướng dẫn cho công dân, tổ chức, doanh nghiệp các thủ tục hành chính",
                "leads": [],
                "coordinators": [],
                "timing": "hàng tháng, có ít nhất 04 tin, bài về CCHC đăng trên trang thông tin điện tử của Sở",
            },
            {
                "title": "Cung cấp thông tin cho các cơ quan thông tin đại chúng",
                "leads": [],
                "coordinators": [],
                "timing": None,
            },
            {
                "title": "Lồng ghép tuyên truyền cải cách hành chính với các cuộc họp",
                "leads": [],
                "coordinators": [],
                "timing": None,
            },
            {
                "title": "Tuyên truyền cổ động trực quan",
                "leads": [],
                "coordinators": [],
                "timing": None,
            },
            {
                "title": "Tăng cường công tác kiểm tra, đôn đốc",
                "leads": [],
                "coordinators": [],
                "timing": None,
            },
        ],
        "funding": None,
        "responsibilities": [
            (
                "các phòng và tương đương, các đơn vị sự nghiệp trực thuộc, trường Cao đẳng nghề Lạng Sơn",
                2,
            )
        ],
        "reporting": [
            (
                "Định kỳ quý I, 6 tháng, quý III, năm",
                "Trước ngày 10 tháng 3 đối với báo cáo quý I; trước ngày 10 tháng 6 đối với báo cáo "
                "6 tháng; Trước ngày 10 tháng 9 đối với báo cáo quý III và trước ngày 10 tháng 12 đối "
                "với báo cáo năm",
            )
        ],
        "recipients": [
            "Sở Nội vụ",
            "Lãnh đạo Sở",
            "Các phòng và tương đương",
            "Các đơn vị trực thuộc; Trường Cao đẳng nghề Lạng Sơn",
            "C, P CVP",
            "Lưu: VT",
        ],
        "signer": {"authority": [], "position": "GIÁM ĐỐC", "name": "Phạm Đức Huân"},
    },
    "xa_minh_duc_2023": {
        "document_type": "Kế hoạch",
        "title": "Thông tin, tuyên truyền cải cách hành chính năm 2023",
        "issuer": {"name": "ỦY BAN NHÂN DÂN XÃ MINH ĐỨC", "parent": None},
        "symbol": None,
        "symbol_text": "/KH-UBND",
        "place": "Minh Đức",
        "date": None,
        "date_text": "ngày tháng năm 2023",
        "period": {"start_year": 2023, "end_year": 2023},
        "legal_bases": [
            ("Quyết định", "2398/QĐ-UBND", "2022-12-26", "UBND tỉnh"),
            ("Kế hoạch", "99/KH-UBND", "2023-03-24", "UBND tỉnh"),
            ("Quyết định", "09/QĐ-UBND", "2023-01-13", "UBND huyện"),
            ("Kế hoạch", "163/KH-UBND", "2023-06-08", "UBND huyện Hớn Quản"),
            ("Kế hoạch", "15/KH-UBND", "2023-07-13", "UBND xã Minh Đức"),
        ],
        "objectives": [
            "Tiếp tục đẩy mạnh công tác tuyên truyền và thông tin kịp thời các văn bản chỉ đạo",
            "Tăng cường công tác thông tin, tuyên truyền nhằm nâng cao nhận thức, trách nhiệm",
        ],
        "requirements": [
            "Phổ biến, tuyên truyền kịp thời, đầy đủ, thường xuyên, liên tục gắn với lộ trình",
            "Lồng ghép công tác thông tin, tuyên truyền cải cách hành chính nhà nước với",
            "Triển khai công tác tuyên truyền cần bám sát nội dung Kế hoạch",
        ],
        "audiences": ["officials", "citizens"],
        "themes": [
            ("Các quan điểm, chủ trương của Đảng, chính sách, pháp luật của Nhà nước", []),
            (
                "Tuyên truyền, phổ biến sâu rộng về tầm quan trọng",
                ["procedures", "apparatus", "civil_service", "public_finance", "digital"],
            ),
            ("Tuyên truyền nâng cao các Chỉ số của tỉnh", ["par_index", "sipas", "papi", "pci"]),
            ("Tuyên truyền, biểu dương các mô hình", ["civil_service"]),
        ],
        "channels": {
            "website",
            "meeting",
            "contest",
            "print",
            "mobile",
            "one_stop",
            "loudspeaker",
            "zalo",
            "facebook",
            "video",
            "newspaper",
            "school",
        },
        "activities": [
            {
                "title": "Xây dựng, ban hành và tiến hành kế hoạch công tác tuyên truyền cải cách hành chính năm 2023 trên địa bàn xã",
                "leads": ["Công chức Văn hóa- xã hội (Phụ trách VH&TT)"],
                "coordinators": ["Đài truyền thanh xã", "các ban ngành đoàn thể xã"],
                "timing": None,
            },
            {
                "title": "Tổ chức tuyên truyền cải cải cách hành chính trên địa bàn xã",
                "leads": ["Văn hóa và Thông tin xã", "các ban ngành đoàn thể xã"],
                "coordinators": [],
                "timing": None,
            },
        ],
        "funding": "Nguồn kinh phí thực hiện: Các chương trình, nhiệm vụ",
        # Numbered 1, 2, 4, 5, 6, 7, 8: item 3 is missing in the original.
        "responsibilities": [
            ("Công chức Văn hóa – Xã hội", 4),
            ("Văn phòng HĐND và UBND xã", 3),
            ("Công chức Tư pháp", 3),
            ("Các trường học", 1),
            ("Đài Truyền thanh xã", 3),
            ("Công chức Tài chính - Kế toán", 1),
            ("Các ban nghành đoàn thể xã", 3),
        ],
        "reporting": [("định kỳ", None)],
        "recipients": [
            "Phòng nội vụ (b/c)",
            "Phòng VH-TT huyện (b/)",
            "TT Đảng ủy-TT HĐND xã",
            "CT, PCT UBND xã",
            "Các ban, ngành liên quan",
            "Ban Tư pháp xã",
            "Lưu: VT",
        ],
        "signer": {
            "authority": ["TK.CHỦ TỊCH"],
            "position": "PHÓ CHỦ TỊCH",
            "name": "Hoàng Văn Toán",
        },
    },
    "huyen_song_ma_2019": {
        "document_type": "Kế hoạch",
        "title": "Tuyên truyền công tác cải cách hành chính huyện Sông Mã năm 2019",
        # A news article: number, date and issuer come from "Ngày 11/01/2019, UBND huyện
        # Sông Mã đã ban hành Kế hoạch số 33/KH-UBND …".
        "issuer": {"name": "UBND huyện Sông Mã", "parent": None},
        "symbol": "33/KH-UBND",
        "symbol_text": "33/KH-UBND",
        "place": None,
        "date": "2019-01-11",
        "date_text": "Ngày 11/01/2019",
        "period": {"start_year": 2019, "end_year": 2019},
        "legal_bases": [],
        # The article's "Nhằm …" sentences before the plan is named.
        "objectives": [
            "Nhằm tiếp tục nêu cao vai trò, trách nhiệm",
            "Tăng cường sự hiểu biết của người dân, tổ chức về CCHC",
            "Đồng thời, tạo điều kiện để người dân",
        ],
        "requirements": [],
        "audiences": ["citizens", "businesses"],
        # No content section: one theme per activity.
        "themes": [
            ("Tuyên truyền các nội dung CCHC trong nội bộ", ["procedures"]),
            ("Tuyên truyền trên sóng Truyền thanh, Truyền hình huyện", ["civil_service"]),
            ("Tuyên truyền trên sóng phát thanh, nhà văn hóa", ["civil_service"]),
            (
                "Tuyên truyền, phổ biến kết quả Chỉ số CCHC (PARINDEX)",
                ["par_index", "sipas", "papi", "pci"],
            ),
            ("Tuyên truyền thông qua việc tham gia cuộc thi", []),
            ("Tuyên truyền lồng ghép trong các cuộc họp, Hội nghị", []),
        ],
        "channels": {
            "meeting",
            "one_stop",
            "website",
            "radio_tv",
            "loudspeaker",
            "contest",
            "training",
        },
        "activities": [
            {
                "title": "Tuyên truyền các nội dung CCHC trong nội bộ từng cơ quan, đơn vị, UBND các xã, thị trấn bằng nhiều hình thức phù hợp",
                "leads": ["Các cơ quan, đơn vị", "UBND các xã, thị trấn"],
                "coordinators": [],
                "timing": "Thường xuyên trong năm 2019",
            },
            {
                "title": "Tuyên truyền trên sóng Truyền thanh, Truyền hình huyện",
                "leads": ["Trung tâm Truyền thông - Văn hóa huyện"],
                "coordinators": ["Các cơ quan, đơn vị", "UBND các xã, thị trấn"],
                "timing": "Hàng tuần",
            },
            {
                "title": "Tuyên truyền trên sóng phát thanh, nhà văn hóa tại các bản, tổ dân phố",
                "leads": ["UBND các xã, thị trấn"],
                "coordinators": [
                    "Đoàn thể chính trị, xã hội các xã, thị trấn",
                    "Ban quản lý bản, tổ dân phố",
                ],
                "timing": "Hàng tháng",
            },
            {
                "title": "Tuyên truyền, phổ biến kết quả Chỉ số CCHC (PARINDEX)",
                "leads": ["Phòng Nội vụ", "phòng Tài chính - Kế hoạch"],
                "coordinators": ["Các cơ quan, đơn vị", "UBND các xã, thị trấn"],
                "timing": "Trong năm 2019",
            },
            {
                "title": "Tuyên truyền thông qua việc tham gia cuộc thi tìm hiểu, sáng kiến, giải pháp về CCHC",
                "leads": ["Phòng Nội vụ"],
                "coordinators": ["Các cơ quan, đơn vị", "UBND các xã, thị trấn"],
                "timing": "Trong năm 2019",
            },
            {
                "title": "Tuyên truyền lồng ghép trong các cuộc họp, Hội nghị từ cấp huyện đến cơ sở",
                "leads": ["Phòng Nội vụ"],
                "coordinators": ["Các cơ quan, đơn vị", "UBND các xã, thị trấn"],
                "timing": "Trong năm 2019",
            },
        ],
        "funding": None,
        "responsibilities": [],
        "reporting": [],
        # The article stops before "Nơi nhận" and the signature.
        "recipients": [],
        "signer": {"authority": [], "position": None, "name": None},
    },
}

SEED_NAMES = sorted(EXPECTED)


def seed_text(name: str) -> str:
    return (SEEDS / f"{name}.txt").read_text(encoding="utf-8")


# --- facts for precision and recall ------------------------------------------------------

Fact = tuple[Any, bool]  # (value, compare as prefix)


def expected_facts(name: str) -> dict[str, Fact]:
    """The expectations of one seed as ``{path: (value, prefix?)}`` (``None`` values left out)."""
    exp = EXPECTED[name]
    facts: dict[str, Fact] = {}

    def put(path: str, value: Any, prefix: bool = False) -> None:
        if value is None or value == () or value == []:
            return
        facts[path] = (value, prefix)

    put("document_type", exp["document_type"])
    put("title", exp["title"])
    put("issuer.name", exp["issuer"]["name"])
    put("issuer.parent", exp["issuer"]["parent"])
    for key in ("symbol", "symbol_text", "place", "date", "date_text"):
        put(key, exp[key])
    put("period.start_year", exp["period"]["start_year"])
    put("period.end_year", exp["period"]["end_year"])
    put("funding", exp["funding"], prefix=True)
    for i, basis in enumerate(exp["legal_bases"]):
        put(f"legal_bases.{i}", tuple(basis))
    for key in ("objectives", "requirements"):
        for i, text in enumerate(exp[key]):
            put(f"{key}.{i}", text, prefix=True)
    for code in exp["audiences"]:
        put(f"audiences:{code}", True)
    for i, (text, tags) in enumerate(exp["themes"]):
        put(f"themes.{i}.text", text, prefix=True)
        put(f"themes.{i}.tags", tuple(sorted(tags)))
    for kind in exp["channels"]:
        put(f"channels:{kind}", True)
    for i, activity in enumerate(exp["activities"]):
        put(f"activities.{i}.title", activity["title"], prefix=True)
        put(f"activities.{i}.leads", tuple(activity["leads"]))
        put(f"activities.{i}.coordinators", tuple(activity["coordinators"]))
        put(f"activities.{i}.timing", activity["timing"])
        for j, (title, timing) in enumerate(activity.get("subactivities", [])):
            put(f"activities.{i}.subactivities.{j}.title", title, prefix=True)
            put(f"activities.{i}.subactivities.{j}.timing", timing)
    for i, (unit, duties) in enumerate(exp["responsibilities"]):
        put(f"responsibilities.{i}.unit", unit)
        put(f"responsibilities.{i}.duties", duties)
    for i, (period, deadline) in enumerate(exp["reporting"]):
        put(f"reporting.{i}.period", period)
        put(f"reporting.{i}.deadline_text", deadline)
    for i, line in enumerate(exp["recipients"]):
        put(f"recipients.{i}", line)
    put("signer.authority", tuple(exp["signer"]["authority"]))
    put("signer.position", exp["signer"]["position"])
    put("signer.name", exp["signer"]["name"])
    return facts


def parsed_facts(data: dict[str, Any]) -> dict[str, Any]:
    """The same paths read from ``ParsedPlan.to_json()`` (``None`` and empty values left out)."""
    facts: dict[str, Any] = {}

    def put(path: str, value: Any) -> None:
        if value is None or value == () or value == []:
            return
        facts[path] = value

    put("document_type", data["document_type"])
    put("title", data["title"])
    put("issuer.name", data["issuer"]["name"])
    put("issuer.parent", data["issuer"]["parent"])
    for key in ("symbol", "symbol_text", "place", "date", "date_text"):
        put(key, data[key])
    put("period.start_year", data["period"]["start_year"])
    put("period.end_year", data["period"]["end_year"])
    put("funding", data["funding"])
    for i, basis in enumerate(data["legal_bases"]):
        put(
            f"legal_bases.{i}", (basis["doc_type"], basis["symbol"], basis["date"], basis["issuer"])
        )
    for key in ("objectives", "requirements"):
        for i, text in enumerate(data[key]):
            put(f"{key}.{i}", text)
    for audience in data["audiences"]:
        put(f"audiences:{audience['audience']}", True)
    for i, theme in enumerate(data["themes"]):
        put(f"themes.{i}.text", theme["text"])
        put(f"themes.{i}.tags", tuple(sorted(theme["tags"])))
    for channel in data["channels"]:
        put(f"channels:{channel['kind']}", True)
    for i, activity in enumerate(data["activities"]):
        put(f"activities.{i}.title", activity["title"])
        put(f"activities.{i}.leads", tuple(activity["leads"]))
        put(f"activities.{i}.coordinators", tuple(activity["coordinators"]))
        put(f"activities.{i}.timing", activity["timing"])
        for j, sub in enumerate(activity["subactivities"]):
            put(f"activities.{i}.subactivities.{j}.title", sub["title"])
            put(f"activities.{i}.subactivities.{j}.timing", sub["timing"])
    for i, item in enumerate(data["responsibilities"]):
        put(f"responsibilities.{i}.unit", item["unit"])
        put(f"responsibilities.{i}.duties", len(item["duties"]))
    for i, item in enumerate(data["reporting"]):
        put(f"reporting.{i}.period", item["period"])
        put(f"reporting.{i}.deadline_text", item["deadline_text"])
    for i, line in enumerate(data["recipients"]):
        put(f"recipients.{i}", line)
    put("signer.authority", tuple(data["signer"]["authority"]))
    put("signer.position", data["signer"]["position"])
    put("signer.name", data["signer"]["name"])
    return facts


def score(name: str, data: dict[str, Any]) -> tuple[int, int, int, list[str]]:
    """``(correct, predicted, expected, wrong paths)`` of a parse of seed ``name``."""
    expected = expected_facts(name)
    predicted = parsed_facts(data)
    correct = 0
    wrong: list[str] = []
    for path, value in predicted.items():
        if path not in expected:
            wrong.append(path)
            continue
        want, prefix = expected[path]
        ok = isinstance(value, str) and value.startswith(want) if prefix else value == want
        if ok:
            correct += 1
        else:
            wrong.append(path)
    wrong.extend(path for path in expected if path not in predicted)
    return correct, len(predicted), len(expected), wrong
