"""Staff pages: who may use each one, the article workflow through the pages, and bad input."""

from __future__ import annotations

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from cchc.orgs.models import Role
from cchc.portal.models import (
    Article,
    ArticleStatus,
    HotlineContact,
    IndexResult,
    Initiative,
    MediaItem,
    SiteSetting,
)
from cchc.tracking.models import Output
from tests.conftest import client_for, make_user
from tests.portal.conftest import image_bytes
from tests.portal.factories import full_portal

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(tree):  # type: ignore[no-untyped-def]
    return full_portal(tree)


def object_pages(portal) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [
        ("staff:portal_article_edit", portal["article"].pk),
        ("staff:portal_article_delete", portal["article"].pk),
        ("staff:portal_hotline_edit", portal["contact"].pk),
        ("staff:portal_hotline_delete", portal["contact"].pk),
        ("staff:portal_initiative_edit", portal["initiative"].pk),
        ("staff:portal_initiative_delete", portal["initiative"].pk),
        ("staff:portal_index_edit", IndexResult.objects.filter(unit__code="51").first().pk),
        ("staff:portal_index_delete", IndexResult.objects.filter(unit__code="51").first().pk),
        ("staff:portal_media_edit", portal["media"].pk),
        ("staff:portal_media_delete", portal["media"].pk),
    ]


LIST_PAGES = [
    "staff:portal_admin",
    "staff:portal_article_list",
    "staff:portal_hotline_list",
    "staff:portal_initiative_list",
    "staff:portal_index_list",
    "staff:portal_media_list",
]
CREATE_PAGES = [
    "staff:portal_article_create",
    "staff:portal_hotline_create",
    "staff:portal_initiative_create",
    "staff:portal_index_create",
    "staff:portal_index_import",
    "staff:portal_media_create",
]


def test_anonymous_is_sent_to_login_from_every_staff_page(client, portal):
    urls = [reverse(n) for n in [*LIST_PAGES, *CREATE_PAGES, "staff:portal_settings"]]
    urls += [reverse(n, args=[pk]) for n, pk in object_pages(portal)]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            "/accounts/login/"
        ), url


def test_a_person_without_any_role_gets_403_or_404(portal, people):
    client = client_for(people["nobody"])
    for name in [*LIST_PAGES, *CREATE_PAGES, "staff:portal_settings"]:
        assert client.get(reverse(name)).status_code == 403, name
    for name, pk in object_pages(portal):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name


def test_another_provinces_editor_cannot_see_or_change_this_provinces_items(tree, portal):
    client = client_for(make_user("phutho.bientap", tree.other_province, Role.EDITOR))
    for name, pk in object_pages(portal):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
        assert client.post(reverse(name, args=[pk]), {}).status_code == 404, name
    assert (
        "Tin về một cửa liên thông"
        not in client.get(reverse("staff:portal_article_list")).content.decode()
    )
    assert Article.objects.count() == 1 and HotlineContact.objects.count() == 1


def test_a_viewer_reads_lists_but_may_not_add_or_change(portal, people):
    client = client_for(people["province_viewer"])
    for name in LIST_PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    for name in CREATE_PAGES:
        assert client.get(reverse(name)).status_code == 403, name
    for name, pk in object_pages(portal):
        if name != "staff:portal_article_edit":
            assert client.get(reverse(name, args=[pk])).status_code == 403, name
    # The article page is readable (workflow state), but not savable.
    article = portal["article"]
    assert (
        client.post(
            reverse("staff:portal_article_edit", args=[article.pk]), {"title": "x"}
        ).status_code
        == 403
    )


def test_a_commune_editor_does_not_reach_province_items(tree, portal, people):
    client = client_for(people["commune_editor"])
    for name, pk in object_pages(portal):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name


def _article_post(unit, **extra):  # type: ignore[no-untyped-def]
    data = {"unit": unit.pk, "title": "Bài mới về một cửa", "summary": "Tóm tắt", "body": "<p>Nội dung</p>",
            "areas": ["procedures"], "activity": "", "image_alt": ""}  # fmt: skip
    data.update(extra)
    return data


def test_editor_drafts_and_submits_approver_returns_then_publishes_and_the_output_is_recorded(
    tree, people, approver, website_activity
):
    editor = client_for(people["dept_editor"])
    response = editor.post(
        reverse("staff:portal_article_create"),
        _article_post(
            tree.dept,
            activity=website_activity.pk,
            image=SimpleUploadedFile("anh.png", image_bytes(700, 400), "image/png"),
        ),  # fmt: skip
    )
    article = Article.objects.get()
    assert response.status_code == 302 and article.status == ArticleStatus.DRAFT
    assert article.image is not None and article.activity == website_activity
    # The editor may not publish.
    assert (
        editor.post(reverse("staff:portal_article_action", args=[article.pk, "dang"])).status_code
        == 403
    )
    editor.post(reverse("staff:portal_article_action", args=[article.pk, "gui-duyet"]))
    article.refresh_from_db()
    assert article.status == ArticleStatus.REVIEW
    # While in review the editor can no longer change it.
    assert (
        editor.post(
            reverse("staff:portal_article_edit", args=[article.pk]), _article_post(tree.dept)
        ).status_code
        == 403
    )

    boss = client_for(approver)
    boss.post(reverse("staff:portal_article_action", args=[article.pk, "tra-lai"]), {"reason": ""})
    article.refresh_from_db()
    assert article.status == ArticleStatus.REVIEW  # a reason is required
    boss.post(
        reverse("staff:portal_article_action", args=[article.pk, "tra-lai"]), {"reason": "Thêm ảnh"}
    )
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT and article.return_reason == "Thêm ảnh"
    assert (
        "Thêm ảnh"
        in editor.get(reverse("staff:portal_article_edit", args=[article.pk])).content.decode()
    )
    editor.post(reverse("staff:portal_article_action", args=[article.pk, "gui-duyet"]))
    # The plan is for 2024; publishing today would fall outside it: refused with a clear message.
    response = boss.post(
        reverse("staff:portal_article_action", args=[article.pk, "dang"]), follow=True
    )
    article.refresh_from_db()
    assert article.status == ArticleStatus.REVIEW and not Output.objects.exists()
    assert "không ghi nhận được kết quả" in response.content.decode()


def test_the_approver_sees_the_drafts_picture_in_the_preview(tree, people, approver):
    from tests.portal.factories import published_article

    article = published_article(tree.dept, title="Bài có ảnh")
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.REVIEW)
    page = client_for(approver).get(reverse("staff:portal_article_edit", args=[article.pk]))
    preview = page.content.decode().split('id="preview-h"')[1]
    assert f'src="{article.image.smallest.url}"' in preview
    assert "<figcaption>Ảnh minh họa</figcaption>" in preview


def test_publishing_through_the_page_records_the_output(
    tree, people, approver, website_activity, time_machine
):
    time_machine.move_to("2024-07-01 09:00:00+07:00")
    editor = client_for(people["dept_editor"])
    editor.post(
        reverse("staff:portal_article_create"),
        _article_post(tree.dept, activity=website_activity.pk),
    )
    article = Article.objects.get()
    editor.post(reverse("staff:portal_article_action", args=[article.pk, "gui-duyet"]))
    response = client_for(approver).post(
        reverse("staff:portal_article_action", args=[article.pk, "dang"]), follow=True
    )
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED and article.output is not None
    assert "Đã ghi nhận một kết quả" in response.content.decode()
    assert Output.objects.get().activity == website_activity


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"title": ""}, "Trường này là bắt buộc"),
        ({"title": "x" * 301}, "300"),
        ({"areas": ["bogus"]}, "bogus"),
        ({"image": "fake"}, "không phải ảnh hợp lệ"),
    ],
)
def test_bad_article_input_gets_a_message_and_saves_nothing(tree, people, extra, message):
    if extra.get("image") == "fake":
        extra = {"image": SimpleUploadedFile("anh.png", b"<svg onload=alert(1)>", "image/png")}
    response = client_for(people["dept_editor"]).post(
        reverse("staff:portal_article_create"), _article_post(tree.dept, **extra)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_editor_cannot_file_an_article_under_a_unit_outside_their_reach(tree, people):
    response = client_for(people["dept_editor"]).post(
        reverse("staff:portal_article_create"), _article_post(tree.province)
    )
    assert response.status_code == 200 and not Article.objects.exists()


def test_hotline_create_and_bad_input(tree, people):
    client = client_for(people["dept_editor"])
    url = reverse("staff:portal_hotline_create")
    bad = client.post(
        url,
        {
            "unit": tree.dept.pk,
            "topic": "conduct",
            "name": "Thanh tra",
            "phone": "gọi tôi",
            "email": "x@",
        },
    )
    assert bad.status_code == 200 and "Địa chỉ thư điện tử không hợp lệ" in bad.content.decode()
    assert not HotlineContact.objects.exists()
    ok = client.post(
        url,
        {
            "unit": tree.dept.pk,
            "topic": "conduct",
            "name": "Thanh tra Sở",
            "phone": "0255 3829 346",
        },
    )
    assert ok.status_code == 302 and HotlineContact.objects.get().name == "Thanh tra Sở"


def test_initiative_create_with_images(tree, people):
    client = client_for(people["dept_editor"])
    response = client.post(
        reverse("staff:portal_initiative_create"),
        {"unit": tree.dept.pk, "title": "Sáng kiến số hóa hồ sơ", "who": "Văn phòng Sở", "year": 2024, "published": "on",
         "images": [SimpleUploadedFile("a.png", image_bytes(500, 300)), SimpleUploadedFile("b.jpg", image_bytes(400, 300, "JPEG"))]},
    )  # fmt: skip
    assert response.status_code == 302
    assert Initiative.objects.get().images.count() == 2
    bad = client.post(
        reverse("staff:portal_initiative_create"),
        {"unit": tree.dept.pk, "title": "", "who": "", "year": 1800},
    )
    assert bad.status_code == 200 and Initiative.objects.count() == 1


def test_index_entry_and_components_parsing(tree, people):
    client = client_for(people["dept_editor"])
    url = reverse("staff:portal_index_create")
    bad = client.post(
        url,
        {
            "unit": tree.dept.pk,
            "index": "ddci",
            "year": 2024,
            "score": "80",
            "components": "không có dấu bằng",
        },
    )
    assert bad.status_code == 200 and "tên = điểm" in bad.content.decode()
    ok = client.post(url, {"unit": tree.dept.pk, "index": "ddci", "year": 2024, "score": "80,5".replace(",", "."), "rank": 2,
                           "ranked_of": 20, "components": "Tính minh bạch = 7,5\nChi phí thời gian = 6.25"})  # fmt: skip
    assert ok.status_code == 302
    assert IndexResult.objects.get().components == {
        "Tính minh bạch": "7.50",
        "Chi phí thời gian": "6.25",
    }
    dup = client.post(url, {"unit": tree.dept.pk, "index": "ddci", "year": 2024, "score": "70"})
    assert dup.status_code == 200 and "đã có kết quả" in dup.content.decode()


def _xlsx(rows):  # type: ignore[no-untyped-def]
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_index_import_page_reports_row_errors_and_imports_good_files(tree, people):
    client = client_for(people["dept_editor"])
    url = reverse("staff:portal_index_import")
    bad = _xlsx([["Chỉ số", "Năm", "Đơn vị", "Điểm"], ["DDCI", 2024, "Văn phòng Sở", "tám mươi"]])
    response = client.post(url, {"unit": tree.dept.pk, "file": SimpleUploadedFile("kq.xlsx", bad)})
    assert response.status_code == 200 and "Dòng 2" in response.content.decode()
    assert not IndexResult.objects.exists()
    good = _xlsx([["Chỉ số", "Năm", "Đơn vị", "Điểm"], ["DDCI", 2024, "VP Sở", 80]])
    response = client.post(url, {"unit": tree.dept.pk, "file": SimpleUploadedFile("kq.xlsx", good)})
    assert response.status_code == 302 and IndexResult.objects.get().unit == tree.office
    # A scope outside the editor's reach is not offered.
    response = client.post(
        url, {"unit": tree.province.pk, "file": SimpleUploadedFile("kq.xlsx", good)}
    )
    assert response.status_code == 200 and IndexResult.objects.count() == 1


def test_media_upload_is_checked_by_content(tree, people):
    client = client_for(people["dept_editor"])
    url = reverse("staff:portal_media_create")
    fake = client.post(url, {"unit": tree.dept.pk, "title": "Tờ rơi", "kind": "leaflet", "language": "Tiếng Co",
                             "file": SimpleUploadedFile("to-roi.pdf", b"<html><script>alert(1)</script>")})  # fmt: skip
    assert fake.status_code == 200 and "nội dung không khớp" in fake.content.decode()
    missing = client.post(
        url, {"unit": tree.dept.pk, "title": "Tờ rơi", "kind": "leaflet", "language": "Tiếng Co"}
    )
    assert missing.status_code == 200 and "Hãy chọn tệp" in missing.content.decode()
    assert not MediaItem.objects.exists()
    ok = client.post(url, {"unit": tree.dept.pk, "title": "Bài phát thanh", "kind": "audio", "language": "Tiếng Ca Dong",
                           "published": "on", "file": SimpleUploadedFile("bai.mp3", b"ID3\x04\x00\x00audio")})  # fmt: skip
    assert ok.status_code == 302
    assert MediaItem.objects.get().language == "Tiếng Ca Dong"


def test_deleting_needs_post_and_an_editor(tree, people, portal):
    contact = portal["contact"]
    viewer = client_for(people["province_viewer"])
    assert viewer.post(reverse("staff:portal_hotline_delete", args=[contact.pk])).status_code == 403
    admin = client_for(people["admin"])
    assert admin.get(reverse("staff:portal_hotline_delete", args=[contact.pk])).status_code == 200
    assert HotlineContact.objects.exists()
    admin.post(reverse("staff:portal_hotline_delete", args=[contact.pk]))
    assert not HotlineContact.objects.exists()
    # A published article is not deleted; it must be taken down first.
    article = portal["article"]
    admin.post(reverse("staff:portal_article_delete", args=[article.pk]))
    assert Article.objects.filter(pk=article.pk).exists()


def test_settings_are_for_site_admins_or_the_portal_units_admins(tree, people):
    assert client_for(people["dept_admin"]).get(reverse("staff:portal_settings")).status_code == 403
    admin = client_for(people["admin"])
    response = admin.post(reverse("staff:portal_settings"), {"name": "Cổng CCHC", "unit": tree.province.pk,
                          "emblem": SimpleUploadedFile("x.png", b"not an image")})  # fmt: skip
    assert response.status_code == 200 and "không phải ảnh hợp lệ" in response.content.decode()
    response = admin.post(
        reverse("staff:portal_settings"), {"name": "Cổng CCHC", "unit": tree.dept.pk}
    )
    assert response.status_code == 302 and SiteSetting.objects.get().unit == tree.dept
    assert client_for(people["dept_admin"]).get(reverse("staff:portal_settings")).status_code == 200
    assert (
        client_for(people["dept_editor"]).get(reverse("staff:portal_settings")).status_code == 403
    )


def test_unknown_workflow_action_is_404(portal, people):
    client = client_for(people["admin"])
    assert (
        client.post(
            reverse("staff:portal_article_action", args=[portal["article"].pk, "xoa-sach"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("staff:portal_article_action", args=[portal["article"].pk, "dang"])
        ).status_code
        == 405
    )


def test_staff_home_lists_articles_waiting_for_the_approver(tree, people, approver):
    from cchc.portal import services

    article = services.article_create(
        data=services.ArticleData(unit=tree.office, title="Chờ duyệt", body="<p>x</p>")
    )
    services.article_submit(article=article)
    assert "Chờ duyệt" in client_for(approver).get(reverse("staff:portal_admin")).content.decode()
    assert (
        "Chờ duyệt"
        not in client_for(people["dept_editor"]).get(reverse("staff:portal_admin")).content.decode()
    )


def test_staff_nav_links_to_the_portal_admin(people):
    html = Client().get("/")  # public page: no staff nav
    assert b"staff/cong-thong-tin" not in html.content
    assert (
        reverse("staff:portal_admin").encode() in client_for(people["admin"]).get("/staff/").content
    )


def test_initiative_images_can_be_removed_and_their_files_go(
    tree, people, django_capture_on_commit_callbacks
):
    client = client_for(people["dept_editor"])
    client.post(
        reverse("staff:portal_initiative_create"),
        {"unit": tree.dept.pk, "title": "Sáng kiến", "who": "Văn phòng Sở", "year": 2024, "published": "on",
         "images": [SimpleUploadedFile("a.png", image_bytes(500, 300)), SimpleUploadedFile("b.png", image_bytes(400, 300))]},
    )  # fmt: skip
    item = Initiative.objects.get()
    first, second = list(item.images.order_by("pk"))
    paths = [r.file.path for r in first.renditions.all()]
    page = client.get(reverse("staff:portal_initiative_edit", args=[item.pk])).content.decode()
    assert "Bỏ các ảnh đã chọn" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff:portal_initiative_edit", args=[item.pk]),
            {"unit": tree.dept.pk, "title": "Sáng kiến", "who": "Văn phòng Sở", "year": 2024, "published": "on",
             "remove_images": [first.pk]},
        )  # fmt: skip
    assert response.status_code == 302
    assert list(item.images.all()) == [second]
    assert not any(os.path.exists(p) for p in paths)


def test_article_image_can_be_removed(tree, people, django_capture_on_commit_callbacks):
    client = client_for(people["dept_editor"])
    client.post(
        reverse("staff:portal_article_create"),
        _article_post(
            tree.dept, image=SimpleUploadedFile("anh.png", image_bytes(700, 400), "image/png")
        ),
    )
    article = Article.objects.get()
    paths = [r.file.path for r in article.image.renditions.all()]
    url = reverse("staff:portal_article_edit", args=[article.pk])
    assert "Bỏ ảnh đại diện hiện tại" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, _article_post(tree.dept, remove_image="on"))
    article.refresh_from_db()
    assert article.image is None and not any(os.path.exists(p) for p in paths)
