"""Long unit lists get a filter box: type a few letters without marks, Enter picks.

On the public contest registration (a citizen picks their office among a province's
units) and on the plan editor, including a row the script adds. Pages pass axe-core.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from cchc.contests.models import Participant
from cchc.orgs.models import Role, UnitKind
from cchc.orgs.services import UnitData, unit_create
from cchc.plans.models import Plan
from tests.browser.helpers import login, violations
from tests.conftest import make_user
from tests.contests.conftest import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOX = "Lọc danh sách: gõ vài chữ của tên, không cần dấu"


def _many_communes(tree, count: int = 24) -> None:  # type: ignore[no-untyped-def]
    for n in range(count):
        unit_create(
            parent=tree.province, data=UnitData(name=f"Xã Nghĩa {n + 1}", kind=UnitKind.COMMUNE)
        )


def _shown(select) -> list[str]:  # type: ignore[no-untyped-def]
    return select.evaluate(
        "s => Array.from(s.options).filter(o => !o.hidden && o.value).map(o => o.text.trim())"
    )


def test_a_citizen_finds_their_office_by_typing_without_marks(live_server, page, tree, people):
    _many_communes(tree)
    now = timezone.now()
    world = make_world(
        tree,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=1),
    )
    page.goto(f"{live_server.url}/cuoc-thi/{world.contest.slug}/dang-ky/")
    select = page.get_by_label("Cơ quan, đơn vị công tác")
    box = page.get_by_label(BOX)
    assert box.is_visible()
    assert violations(page) == []

    box.fill("anh")  # words are matched from their start: not "Thành", not "Cẩm Thành"
    assert _shown(select) == []
    box.fill("cam thanh")
    cam_thanh = tree.commune_b.display_name  # "UBND phường Cẩm Thành"
    assert _shown(select) == [cam_thanh]
    total = len(_shown(select)) + select.evaluate("s => Array.from(s.options).filter(o => o.hidden).length")
    assert page.get_by_role("status").filter(has_text="đơn vị khớp").inner_text() == (
        f"1 trên {total} đơn vị khớp"
    )
    box.press("Enter")  # picks it, does not send the form
    assert select.input_value() == str(tree.commune_b.pk)
    assert Participant.objects.count() == 0

    box.fill("nghia 1")  # every word must be there: 1, 10-19; the chosen unit stays in view
    shown = _shown(select)
    assert cam_thanh in shown and "UBND xã Nghĩa 2" not in shown
    assert {"UBND xã Nghĩa 1", "UBND xã Nghĩa 10", "UBND xã Nghĩa 19"} <= set(shown)
    box.fill("khong co don vi nay")
    assert _shown(select) == [cam_thanh]
    assert violations(page) == []

    page.get_by_label("Họ và tên").fill("Trần Văn Bình")
    page.get_by_label("Số điện thoại").fill("0905 222 333")
    page.get_by_label("Đối tượng").select_option("officials")
    page.get_by_role("button", name="Đăng ký").click()
    assert page.get_by_text(re.compile("Đăng ký thành công")).is_visible()
    assert Participant.objects.get().unit_id == tree.commune_b.pk


def test_the_plan_editor_filters_lists_in_rows_the_script_adds(live_server, page, tree, people):
    _many_communes(tree)
    make_user("tinh.bientap", tree.province, Role.EDITOR)
    login(page, live_server, "tinh.bientap")
    page.goto(f"{live_server.url}/staff/plans/new/?unit={tree.province.pk}")
    page.get_by_label("Trích yếu (tên kế hoạch)").fill("Kế hoạch có lọc đơn vị")
    page.get_by_role("button", name="+ Thêm hoạt động").click()
    row = page.locator("#row-activities-3")
    row.wait_for()
    row.locator("#id_activities-3-title").fill("Hội nghị tập huấn")
    boxes = row.get_by_label(BOX)
    assert boxes.count() == 2  # lead units and coordinating units
    boxes.first.fill("minh duc")
    boxes.first.press("Enter")
    boxes.nth(1).fill("so noi vu")
    boxes.nth(1).press("Enter")
    assert violations(page) == []
    page.get_by_role("button", name="Lưu kế hoạch").click()
    page.wait_for_url(re.compile(r".*/staff/plans/\d+/$"))
    activity = Plan.objects.get(title="Kế hoạch có lọc đơn vị").activities.get(
        title="Hội nghị tập huấn"
    )
    assert [(a.role, a.unit_id) for a in activity.assignments.all()] == [
        ("coordinator", tree.dept.pk),
        ("lead", tree.commune_a.pk),
    ]
