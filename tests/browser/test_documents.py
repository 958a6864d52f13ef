"""A commune editor imports a plan file, corrects it on the review screen and saves it.

The review screen is server-rendered (it works without JavaScript); the script only
highlights the source lines a field came from. Both states (as read, and refused with
an error) pass axe-core (WCAG 2.1 AA).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cchc.plans.models import Plan
from tests.browser.helpers import login as _login
from tests.browser.helpers import violations as _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seeds" / "ubnd_tinh_phu_tho_2024.txt"


def test_import_review_edit_sub_activities_and_save(live_server, page, tree, people):
    _login(page, live_server, "xa.bientap")
    page.goto(f"{live_server.url}/staff/plans/import/?unit={tree.commune_a.pk}")
    page.get_by_label("Tệp kế hoạch").set_input_files(str(SEED))
    page.get_by_role("button", name="Đọc tệp").click()
    page.wait_for_url("**/staff/plans/import/*/")
    assert page.get_by_role("heading", name="Thêm hoạt động con").is_visible()
    assert _violations(page) == []

    # A source link highlights the lines the sub-activity was read from.
    link = page.locator(".subactivities a.src-link").first
    link.click()
    assert page.locator(".source-text li.highlight").count() >= 1

    # A sub-activity put under an activity that does not exist: refused, work kept.
    page.locator("#id_children-0-parent").fill("99")
    page.locator("#id_children-0-timing").fill("Quý III/2024 (sửa)")
    page.locator("#id_funding").fill("Ngân sách xã năm 2024.")
    page.get_by_role("button", name="Lưu thành dự thảo").click()
    assert page.get_by_text("Không có hoạt động số 99").is_visible()
    assert page.locator("#id_children-0-timing").input_value() == "Quý III/2024 (sửa)"
    assert page.locator("#id_funding").input_value() == "Ngân sách xã năm 2024."
    assert _violations(page) == []
    assert Plan.objects.count() == 0

    # Corrected, with a new sub-activity in the blank row and a new reporting duty.
    page.locator("#id_children-0-parent").fill("1")
    last = int(page.locator("#id_children-TOTAL_FORMS").input_value()) - 1
    page.locator(f"#id_children-{last}-parent").fill("2")
    page.locator(f"#id_children-{last}-title").fill("Bài viết về chuyển đổi số")
    last_report = int(page.locator("#id_reporting-TOTAL_FORMS").input_value()) - 1
    page.locator(f"#id_reporting-{last_report}-periods").fill("quý")
    page.get_by_role("button", name="Lưu thành dự thảo").click()
    page.wait_for_url(re.compile(r"/staff/plans/\d+/"))
    plan = Plan.objects.get()
    assert plan.funding == "Ngân sách xã năm 2024."
    first = plan.activities.get(parent__isnull=True, order=0)
    assert first.children.order_by("order").first().timing_text == "Quý III/2024 (sửa)"
    second = plan.activities.get(parent__isnull=True, order=1)
    assert second.children.get().title == "Bài viết về chuyển đổi số"
    assert plan.reporting_duties.filter(periods="quý").exists()
