"""Demo procedures: about thirty common ones of a province and its communes.

Idempotent: a procedure whose code exists is left as it is.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from cchc.orgs.models import Unit
from cchc.procedures.models import Level, Procedure, Status
from cchc.procedures.services import MethodData, ProcedureData, procedure_create

ONLINE = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc="

# (code, name, field, level, unit key, time limit, fee, online: "" | "full" | "partial")
DEMO: list[tuple[str, str, str, str, str, str, str, str]] = [
    (
        "1.001193.000.00.00.H51",
        "Đăng ký khai sinh",
        "Hộ tịch",
        "commune",
        "commune0",
        "Ngay trong ngày tiếp nhận",
        "Miễn lệ phí",
        "full",
    ),
    (
        "1.000894.000.00.00.H51",
        "Đăng ký kết hôn",
        "Hộ tịch",
        "commune",
        "commune0",
        "Ngay trong ngày tiếp nhận",
        "Miễn lệ phí",
        "partial",
    ),
    (
        "1.000656.000.00.00.H51",
        "Đăng ký khai tử",
        "Hộ tịch",
        "commune",
        "commune0",
        "Ngay trong ngày tiếp nhận",
        "Miễn lệ phí",
        "full",
    ),
    (
        "1.004873.000.00.00.H51",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "Hộ tịch",
        "commune",
        "commune0",
        "03 ngày làm việc",
        "Miễn lệ phí",
        "full",
    ),
    (
        "1.004884.000.00.00.H51",
        "Đăng ký nhận cha, mẹ, con",
        "Hộ tịch",
        "commune",
        "commune0",
        "03 ngày làm việc",
        "Miễn lệ phí",
        "partial",
    ),
    (
        "1.004859.000.00.00.H51",
        "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
        "Hộ tịch",
        "commune",
        "commune0",
        "03 ngày làm việc",
        "15.000 đồng",
        "partial",
    ),
    (
        "1.003583.000.00.00.H51",
        "Cấp bản sao trích lục hộ tịch",
        "Hộ tịch",
        "commune",
        "commune0",
        "Ngay trong ngày tiếp nhận",
        "8.000 đồng/bản sao",
        "full",
    ),
    (
        "2.000815.000.00.00.H51",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Chứng thực",
        "commune",
        "commune0",
        "Trong ngày tiếp nhận",
        "2.000 đồng/trang",
        "",
    ),
    (
        "2.000884.000.00.00.H51",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "Chứng thực",
        "commune",
        "commune0",
        "Trong ngày tiếp nhận",
        "10.000 đồng/trường hợp",
        "",
    ),
    (
        "2.001035.000.00.00.H51",
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở",
        "Chứng thực",
        "commune",
        "commune0",
        "02 ngày làm việc",
        "50.000 đồng/hợp đồng",
        "",
    ),
    (
        "1.001612.000.00.00.H51",
        "Đăng ký thường trú",
        "Đăng ký, quản lý cư trú",
        "commune",
        "commune0",
        "07 ngày làm việc",
        "20.000 đồng",
        "full",
    ),
    (
        "1.004222.000.00.00.H51",
        "Đăng ký tạm trú",
        "Đăng ký, quản lý cư trú",
        "commune",
        "commune0",
        "03 ngày làm việc",
        "15.000 đồng",
        "full",
    ),
    (
        "1.012790.000.00.00.H51",
        "Đăng ký đất đai, tài sản gắn liền với đất lần đầu",
        "Đất đai",
        "province",
        "province",
        "20 ngày làm việc",
        "Theo quy định của HĐND tỉnh",
        "partial",
    ),
    (
        "1.012797.000.00.00.H51",
        "Chuyển mục đích sử dụng đất",
        "Đất đai",
        "province",
        "province",
        "15 ngày làm việc",
        "Theo quy định của HĐND tỉnh",
        "partial",
    ),
    (
        "1.012800.000.00.00.H51",
        "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        "Đất đai",
        "province",
        "province",
        "10 ngày làm việc",
        "Theo quy định của HĐND tỉnh",
        "partial",
    ),
    (
        "1.009972.000.00.00.H51",
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        "Xây dựng",
        "commune",
        "commune0",
        "15 ngày",
        "75.000 đồng/giấy phép",
        "partial",
    ),
    (
        "1.009974.000.00.00.H51",
        "Cấp giấy phép sửa chữa, cải tạo công trình",
        "Xây dựng",
        "province",
        "province",
        "20 ngày",
        "150.000 đồng/giấy phép",
        "partial",
    ),
    (
        "1.009994.000.00.00.H51",
        "Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng",
        "Xây dựng",
        "province",
        "province",
        "30 ngày",
        "Theo Thông tư 28/2023/TT-BTC",
        "partial",
    ),
    (
        "2.000575.000.00.00.H51",
        "Đăng ký thành lập hộ kinh doanh",
        "Thành lập và hoạt động của hộ kinh doanh",
        "commune",
        "commune0",
        "03 ngày làm việc",
        "100.000 đồng/lần (miễn khi nộp trực tuyến)",
        "full",
    ),
    (
        "2.000720.000.00.00.H51",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "Thành lập và hoạt động của hộ kinh doanh",
        "commune",
        "commune0",
        "03 ngày làm việc",
        "100.000 đồng/lần",
        "full",
    ),
    (
        "2.002066.000.00.00.H51",
        "Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên",
        "Thành lập và hoạt động doanh nghiệp",
        "province",
        "province",
        "03 ngày làm việc",
        "50.000 đồng/lần (miễn khi nộp trực tuyến)",
        "full",
    ),
    (
        "2.002067.000.00.00.H51",
        "Đăng ký thành lập công ty cổ phần",
        "Thành lập và hoạt động doanh nghiệp",
        "province",
        "province",
        "03 ngày làm việc",
        "50.000 đồng/lần",
        "full",
    ),
    (
        "1.001758.000.00.00.H51",
        "Giải quyết chế độ trợ cấp xã hội hằng tháng đối với đối tượng bảo trợ xã hội",
        "Bảo trợ xã hội",
        "commune",
        "commune0",
        "15 ngày làm việc",
        "Không",
        "partial",
    ),
    (
        "1.001699.000.00.00.H51",
        "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
        "Bảo trợ xã hội",
        "commune",
        "commune0",
        "25 ngày làm việc",
        "Không",
        "partial",
    ),
    (
        "1.010832.000.00.00.H51",
        "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm",
        "Bảo trợ xã hội",
        "commune",
        "commune0",
        "10 ngày làm việc",
        "Không",
        "",
    ),
    (
        "2.000286.000.00.00.H51",
        "Thủ tục tiếp công dân tại cấp xã",
        "Tiếp công dân",
        "commune",
        "commune0",
        "Trong ngày",
        "Không",
        "",
    ),
    (
        "2.002154.000.00.00.H51",
        "Thủ tục giải quyết khiếu nại lần đầu",
        "Giải quyết khiếu nại",
        "commune",
        "commune0",
        "30 ngày",
        "Không",
        "",
    ),
    (
        "1.005388.000.00.00.H51",
        "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam",
        "Lý lịch tư pháp",
        "province",
        "Sở Tư pháp",
        "10 ngày",
        "200.000 đồng/lần",
        "full",
    ),
    (
        "1.008898.000.00.00.H51",
        "Thủ tục thi tuyển công chức",
        "Công chức, viên chức",
        "province",
        "Sở Nội vụ",
        "Theo kế hoạch tuyển dụng",
        "Theo Thông tư 92/2021/TT-BTC",
        "partial",
    ),
    (
        "1.009478.000.00.00.H51",
        "Thủ tục công nhận ban vận động thành lập hội",
        "Tổ chức phi chính phủ",
        "province",
        "Sở Nội vụ",
        "30 ngày",
        "Không",
        "partial",
    ),
    (
        "1.000105.000.00.00.H51",
        "Đăng ký hoạt động tín ngưỡng",
        "Tín ngưỡng, tôn giáo",
        "commune",
        "commune0",
        "15 ngày",
        "Không",
        "",
    ),
    (
        "1.003440.000.00.00.H51",
        "Cấp giấy chứng nhận quyền sử dụng đất cho hộ gia đình, cá nhân",
        "Đất đai",
        "province",
        "province",
        "30 ngày",
        "Theo quy định của HĐND tỉnh",
        "",
    ),
]
# Codes of demo procedures shown as recently amended or abolished.
AMENDED = {
    "1.000894.000.00.00.H51": datetime.date(2025, 7, 1),
    "1.009972.000.00.00.H51": datetime.date(2025, 7, 1),
}
ABOLISHED = {"1.003440.000.00.00.H51": datetime.date(2024, 8, 1)}

DOCUMENTS = {
    "Hộ tịch": "- Tờ khai theo mẫu quy định;\n- Giấy tờ tùy thân của người yêu cầu (bản chính để đối chiếu);\n"
    "- Giấy tờ chứng minh nơi cư trú trong trường hợp cần xác định thẩm quyền.",
    "Chứng thực": "- Bản chính giấy tờ, văn bản làm cơ sở để chứng thực;\n- Bản sao cần chứng thực.",
}


def _methods(time_limit: str, fee: str, online: str) -> list[MethodData]:
    methods = [MethodData("in_person", time_limit, fee), MethodData("post", time_limit, fee)]
    if online == "full":
        methods.append(MethodData("online_full", time_limit, fee))
    elif online == "partial":
        methods.append(MethodData("online_partial", time_limit, fee))
    return methods


@transaction.atomic
def build_demo(units: dict[str, Unit]) -> str:
    existing = set(
        Procedure.objects.filter(code__in=[row[0] for row in DEMO]).values_list("code", flat=True)
    )
    added = 0
    for code, name, field, level, unit_key, time_limit, fee, online in DEMO:
        if code in existing:
            continue
        unit = units.get(unit_key) or units.get("province")
        status = Status.ACTIVE
        if code in ABOLISHED:
            status = Status.ABOLISHED
        elif code in AMENDED:
            status = Status.AMENDED
        level_label = Level(level).label
        procedure_create(
            data=ProcedureData(
                code=code,
                name=name,
                field=field,
                level=level,
                handling_unit=unit,
                implementing_agency=f"{unit.name if unit else ''} ({level_label})",
                applicants="Công dân Việt Nam, người nước ngoài, tổ chức có yêu cầu",
                methods=_methods(time_limit, fee, online),
                online_url=f"{ONLINE}{code}" if online else "",
                documents=DOCUMENTS.get(
                    field, "- Đơn đề nghị theo mẫu;\n- Các giấy tờ chứng minh theo quy định."
                ),
                steps="Bước 1: Chuẩn bị hồ sơ.\nBước 2: Nộp hồ sơ tại Bộ phận Một cửa hoặc trực tuyến.\n"
                "Bước 3: Nhận kết quả.",
                result="Văn bản, giấy tờ theo yêu cầu",
                legal_basis="Theo quyết định công bố danh mục thủ tục hành chính của Chủ tịch UBND tỉnh",
                status=status,
                issued_on=datetime.date(2023, 1, 1),
                amended_on=AMENDED.get(code),
                abolished_on=ABOLISHED.get(code),
            )
        )
        added += 1
    return f"Thủ tục hành chính: thêm {added} thủ tục mẫu (danh mục có {Procedure.objects.count()} thủ tục)."
