from __future__ import annotations

import pytest

from cchc.procedures.demo import DEMO, build_demo
from cchc.procedures.models import Procedure
from cchc.procedures.selectors import search

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_searchable(tree):
    units = {"province": tree.province, "commune0": tree.commune_a, "Sở Nội vụ": tree.dept}
    line = build_demo(units)
    assert f"thêm {len(DEMO)} thủ tục" in line
    assert "thêm 0 thủ tục" in build_demo(units)
    assert Procedure.objects.count() == len(DEMO)
    assert search("dang ky ket hon").procedures[0].name == "Đăng ký kết hôn"
    assert Procedure.objects.get(code="1.003440.000.00.00.H51").status == "abolished"
