"""Every public page type of the portal in a real Chromium: readable, no WCAG 2.1 AA violations,
nothing fetched from another site, and it works on a narrow phone screen too.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from openpyxl import Workbook

from tests.browser.helpers import login as _login
from tests.browser.helpers import violations as _violations
from tests.portal.factories import full_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def _watch_requests(page, live_server) -> list[str]:  # type: ignore[no-untyped-def]
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    return outside


@pytest.mark.parametrize("width", [1280, 360])
def test_every_public_page_type_passes_axe_and_stays_on_site(live_server, page, tree, width):
    portal = full_portal(tree)
    page.set_viewport_size({"width": width, "height": 800})
    outside = _watch_requests(page, live_server)
    pages = {
        "home": ("/", "Chuyên trang cải cách hành chính"),
        "news_list": (reverse("portal:news_list"), "Tin tức cải cách hành chính"),
        "news_detail": (portal["article"].get_absolute_url(), "Tin về một cửa liên thông"),
        "hotline": (reverse("portal:hotline"), "Đường dây nóng, địa chỉ tiếp nhận phản ánh"),
        "initiatives": (reverse("portal:initiatives"), "Điển hình tiên tiến, mô hình, sáng kiến"),
        "initiative_detail": (portal["initiative"].get_absolute_url(), "Một cửa thân thiện"),
        "indices": (reverse("portal:indices"), "Kết quả các chỉ số cải cách hành chính"),
        "media": (reverse("portal:media"), "Tài liệu tuyên truyền cải cách hành chính"),
    }
    for name, (path, heading) in pages.items():
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", name=heading, level=1).is_visible(), name
        assert _violations(page) == [], name
        # Nothing wider than the screen (no sideways scrolling on a phone).
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (name, overflow)
    assert outside == []


def test_news_image_loads_lazily_from_the_portals_own_media_view(live_server, page, tree):
    portal = full_portal(tree)
    page.goto(live_server.url + reverse("portal:news_list"))
    image = page.locator(".news-card img").first
    assert image.get_attribute("loading") == "lazy"
    image.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.news-card img').complete")
    assert page.evaluate("document.querySelector('.news-card img').naturalWidth") > 0
    assert "/media/portal/img/" in page.evaluate(
        "document.querySelector('.news-card img').currentSrc"
    )
    del portal


def test_indices_chart_switches_with_the_form_and_has_a_table(live_server, page, tree):
    full_portal(tree)
    page.goto(live_server.url + reverse("portal:indices"))
    assert page.locator("svg.index-chart .point").count() == 3
    page.get_by_label("Đơn vị", exact=True).select_option(label="Sở Nội vụ")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**don-vi=*")
    assert page.locator("svg.index-chart .point").count() == 2
    assert page.get_by_role("table").first.is_visible()
    assert _violations(page) == []


def test_media_download_counts_in_the_browser(live_server, page, tree):
    portal = full_portal(tree)
    page.goto(live_server.url + reverse("portal:media"))
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải về Tờ gấp dịch vụ công").click()
    assert info.value.suggested_filename == "to-gap.pdf"
    portal["media"].refresh_from_db()
    assert portal["media"].downloads == 1


def test_editor_writes_an_article_and_an_approver_publishes_it(live_server, page, tree, people):
    from cchc.orgs.models import Role
    from tests.conftest import make_user

    make_user("sonv.duyet", tree.dept, Role.APPROVER)
    _login(page, live_server, "sonv.bientap")
    page.goto(live_server.url + reverse("staff:portal_article_create"))
    assert _violations(page) == []
    page.get_by_role("button", name="Lưu bản nháp").click()
    assert page.get_by_role("alert").first.is_visible()
    assert _violations(page) == []
    page.get_by_label("Tiêu đề").fill("Người dân nộp hồ sơ trực tuyến ngày càng nhiều")
    page.get_by_label("Tóm tắt").fill("Tỷ lệ hồ sơ trực tuyến tăng mạnh.")
    page.get_by_label("Nội dung").fill("<p>Nội dung <script>alert(1)</script>bài viết.</p>")
    page.get_by_label("Cải cách thủ tục hành chính").check()
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.get_by_role("button", name="Gửi duyệt").click()
    assert page.get_by_text("Đã gửi bài đi duyệt").is_visible()
    page.get_by_role("button", name="Đăng xuất").click()

    _login(page, live_server, "sonv.duyet")
    page.goto(live_server.url + reverse("staff:portal_admin"))
    page.get_by_role("link", name="Người dân nộp hồ sơ trực tuyến ngày càng nhiều").click()
    assert _violations(page) == []
    page.get_by_role("button", name="Duyệt và đăng").click()
    assert page.get_by_text("Đã đăng bài lên cổng thông tin").is_visible()
    page.get_by_role("link", name="Xem trên cổng").click()
    assert page.get_by_role(
        "heading", name="Người dân nộp hồ sơ trực tuyến ngày càng nhiều", level=1
    ).is_visible()
    assert page.locator(".article-body script").count() == 0
    assert _violations(page) == []


def test_staff_pages_of_the_portal_pass_axe(live_server, page, tree, people, tmp_path):
    portal = full_portal(tree)
    _login(page, live_server, "quantri")
    names = [
        ("staff:portal_admin", []),
        ("staff:portal_settings", []),
        ("staff:portal_article_list", []),
        ("staff:portal_hotline_list", []),
        ("staff:portal_hotline_create", []),
        ("staff:portal_initiative_list", []),
        ("staff:portal_initiative_edit", [portal["initiative"].pk]),
        ("staff:portal_index_list", []),
        ("staff:portal_index_create", []),
        ("staff:portal_index_import", []),
        ("staff:portal_media_list", []),
        ("staff:portal_media_edit", [portal["media"].pk]),
        ("staff:portal_media_delete", [portal["media"].pk]),
    ]
    for name, args in names:
        page.goto(live_server.url + reverse(name, args=args))
        assert page.get_by_role("heading", level=1).is_visible(), name
        assert _violations(page) == [], name
    # A refused import shows its row errors, still accessible.
    page.goto(live_server.url + reverse("staff:portal_index_import"))
    page.get_by_role("button", name="Nhập").click()
    assert page.get_by_role("alert").first.is_visible()
    assert _violations(page) == []
    workbook = Workbook()
    workbook.active.append(["Chỉ số", "Năm", "Đơn vị", "Điểm"])
    workbook.active.append(["PAR INDEX", 2024, "Không có đơn vị này", "abc"])
    sheet = tmp_path / "chi-so.xlsx"
    workbook.save(sheet)
    page.get_by_label("Tệp XLSX").set_input_files(str(sheet))
    page.get_by_role("button", name="Nhập").click()
    assert page.get_by_text("Dòng 2:").is_visible()
    assert _violations(page) == []
