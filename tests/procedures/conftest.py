"""A small real catalog, written through the services."""

from __future__ import annotations

import datetime

import pytest

from cchc.procedures.models import Procedure
from cchc.procedures.services import MethodData, ProcedureData, procedure_create
from tests.conftest import Tree


def make(
    code: str, name: str, field: str = "Hộ tịch", level: str = "commune", **extra: object
) -> Procedure:
    return procedure_create(
        data=ProcedureData(code=code, name=name, field=field, level=level, **extra)
    )  # type: ignore[arg-type]


@pytest.fixture
def catalog(tree: Tree) -> dict[str, Procedure]:
    return {
        "marriage": make(
            "1.000894",
            "Thủ tục đăng ký kết hôn",
            handling_unit=tree.commune_a,
            methods=[
                MethodData("in_person", "Ngay trong ngày", "Miễn lệ phí"),
                MethodData("online_partial", "Ngay trong ngày", ""),
            ],
            online_url="https://dichvucong.gov.vn/p/home/1.000894",
            documents="Tờ khai đăng ký kết hôn theo mẫu",
        ),
        "birth": make(
            "1.001193",
            "Đăng ký khai sinh",
            handling_unit=tree.commune_b,
            documents="Giấy chứng sinh; giấy chứng nhận kết hôn của cha mẹ (nếu có)",
        ),
        "death": make("1.000656", "Đăng ký khai tử", handling_unit=tree.commune_a),
        "land": make(
            "1.012790",
            "Đăng ký đất đai, tài sản gắn liền với đất lần đầu",
            field="Đất đai",
            level="province",
            handling_unit=tree.dept,
        ),
        "build": make(
            "1.009972",
            "Cấp giấy phép xây dựng nhà ở riêng lẻ",
            field="Xây dựng",
            handling_unit=tree.commune_a,
        ),
        "business": make(
            "2.000575",
            "Đăng ký thành lập hộ kinh doanh",
            field="Hộ kinh doanh",
            handling_unit=tree.commune_b,
        ),
        "old": make(
            "1.003440",
            "Cấp giấy chứng nhận kết hôn cũ",
            status="abolished",
            issued_on=datetime.date(2020, 1, 1),
            abolished_on=datetime.date(2024, 8, 1),
            handling_unit=tree.commune_a,
        ),
    }
