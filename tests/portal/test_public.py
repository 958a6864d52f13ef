"""Public pages: content, Open Graph, feeds, sitemap, charts, downloads, page weight, odd input."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from cchc.portal import services
from cchc.portal.models import Article, MediaItem, SiteSetting
from tests.portal.conftest import image_bytes
from tests.portal.factories import full_portal, published_article

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 150 * 1024


@pytest.fixture
def portal(tree):  # type: ignore[no-untyped-def]
    return full_portal(tree)


def public_pages(portal) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "home": reverse("portal:home"),
        "news_list": reverse("portal:news_list"),
        "news_detail": portal["article"].get_absolute_url(),
        "hotline": reverse("portal:hotline"),
        "initiatives": reverse("portal:initiatives"),
        "initiative_detail": portal["initiative"].get_absolute_url(),
        "indices": reverse("portal:indices"),
        "media": reverse("portal:media"),
    }


def page_weight(client: Client, html: bytes) -> int:
    """Bytes of the HTML plus every stylesheet and script it links (images excluded)."""
    total = len(html)
    text = html.decode()
    for url in re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text) + re.findall(
        r'<script[^>]+src="([^"]+)"', text
    ):
        assert url.startswith("/static/"), f"third-party or odd asset {url}"
        path = finders.find(url.removeprefix("/static/"))
        assert path, url
        with open(path, "rb") as handle:
            total += len(handle.read())
    return total


def test_every_public_page_type_is_small_and_fetches_nothing_from_elsewhere(client, portal):
    for name, url in public_pages(portal).items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content
        assert page_weight(client, html) < PAGE_BUDGET, name
        # No request leaves the site: every src/href for assets is local.
        for src in re.findall(rb'(?:src|srcset)="([^"]+)"', html):
            assert not src.startswith((b"http:", b"https:", b"//")), (name, src)


def test_the_longest_article_allowed_still_fits_the_page_budget(client, tree):
    sentence = "<p>Đẩy mạnh cải cách thủ tục hành chính, nâng cao chất lượng phục vụ.</p>"
    body = sentence * ((services.MAX_BODY_BYTES - 100) // len(sentence.encode()))
    article = published_article(
        tree.province, title="Bài rất dài " * 20, summary="Tóm tắt " * 120, body=body
    )
    assert len(article.body.encode()) <= services.MAX_BODY_BYTES
    assert page_weight(client, client.get(article.get_absolute_url()).content) < PAGE_BUDGET


def test_home_has_the_latest_news_and_the_procedure_search_box_when_procedures_exist(
    client, portal
):
    html = client.get("/").content.decode()
    assert "Tin về một cửa liên thông" in html
    try:
        search = reverse("procedures:search")
    except Exception:  # noqa: BLE001 - the procedures app may not provide it yet
        return
    assert f'action="{search}"' in html and 'name="q"' in html and "Tìm thủ tục hành chính" in html


def test_news_detail_has_open_graph_tags_and_a_lazy_responsive_image(client, portal):
    article = portal["article"]
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Tin về một cửa liên thông">' in html
    assert '<meta property="og:type" content="article">' in html
    assert (
        f'<meta property="og:url" content="http://testserver{article.get_absolute_url()}">' in html
    )
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', html)
    assert og_image and og_image.group(1).startswith("http://testserver/media/portal/img/")
    assert 'srcset="/media/portal/img/' in html and " 320w," in html
    assert "<strong>chính</strong>" in html


def test_news_list_filters_by_area_and_unpublished_articles_stay_hidden(client, tree, portal):
    draft = services.article_create(
        data=services.ArticleData(unit=tree.province, title="Bản nháp bí mật")
    )
    published_article(tree.province, title="Tin chuyển đổi số", areas=("digital",), image=None)
    html = client.get(reverse("portal:news_list") + "?linh-vuc=digital").content.decode()
    assert "Tin chuyển đổi số" in html and "Tin về một cửa liên thông" not in html
    assert "Bản nháp bí mật" not in client.get(reverse("portal:news_list")).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_injected_markup_in_titles_is_escaped_everywhere(client, tree):
    article = published_article(
        tree.province, title='<script>alert("x")</script> Tin', summary='"><img src=x onerror=alert(1)>',
        body='<p>ok</p><script>alert(2)</script>', image=None,
    )  # fmt: skip
    for url in (reverse("portal:home"), reverse("portal:news_list"), article.get_absolute_url(),
                reverse("portal:news_feed"), reverse("portal:sitemap")):  # fmt: skip
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, url


def test_rss_and_atom_feeds_list_published_news(client, portal):
    rss = ET.fromstring(client.get(reverse("portal:news_feed")).content)  # noqa: S314 - our own markup
    titles = [e.text for e in rss.iter("title")]
    assert "Tin về một cửa liên thông" in titles
    assert any(e.text == "Cải cách thủ tục hành chính" for e in rss.iter("category"))
    atom = client.get(reverse("portal:news_atom"))
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert (
        b"Tin v\xe1\xbb\x81 m\xe1\xbb\x99t c\xe1\xbb\xada li\xc3\xaan th\xc3\xb4ng" in atom.content
    )


def test_sitemap_lists_pages_and_articles(client, portal):
    response = client.get(reverse("portal:sitemap"))
    assert response["Content-Type"].startswith("application/xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.fromstring(response.content).findall("s:url/s:loc", ns)]  # noqa: S314 - our own markup
    assert "http://testserver/" in locs
    assert "http://testserver" + portal["article"].get_absolute_url() in locs
    assert "http://testserver" + portal["initiative"].get_absolute_url() in locs


def test_hotline_page_lists_contacts_per_unit(client, portal):
    html = client.get(reverse("portal:hotline")).content.decode()
    assert "Văn phòng UBND tỉnh" in html and 'href="tel:02553822514"' in html
    assert 'href="mailto:vp@example.gov.vn"' in html


def test_initiatives_list_and_detail(client, portal):
    html = client.get(reverse("portal:initiatives") + "?nam=2023").content.decode()
    assert "Một cửa thân thiện" in html and 'loading="lazy"' in html
    assert (
        "Một cửa thân thiện"
        not in client.get(reverse("portal:initiatives") + "?nam=2019").content.decode()
    )
    detail = client.get(portal["initiative"].get_absolute_url()).content.decode()
    assert "99% hồ sơ đúng hạn" in detail


def test_indices_page_draws_the_series_and_computes_the_change(client, tree, portal):
    html = client.get(
        reverse("portal:indices") + f"?chi-so=par_index&don-vi={tree.province.pk}"
    ).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert html.count('class="point"') == 3
    # 2024 vs 2023: 85.10 - 86.05 = -0.95; rank 27 vs 25: down two places.
    assert "▼ -0,95" in html and "giảm 2 bậc" in html
    assert "▲ +1,29" in html and "tăng 6 bậc" in html  # 2023 vs 2022
    assert "Cải cách TTHC" in html and "12,50" in html and "QĐ công bố 2024" in html
    # The units below, latest year, with their change.
    assert "Sở Nội vụ" in html and "▲ +2,70" in html


def test_media_download_counts_and_sends_the_file(client, portal):
    item = portal["media"]
    response = client.get(reverse("portal:media_download", args=[item.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 to gap"
    assert response["Content-Disposition"].startswith("attachment")
    client.head(reverse("portal:media_download", args=[item.pk]))
    item.refresh_from_db()
    assert item.downloads == 1
    html = client.get(reverse("portal:media") + "?ngon-ngu=Tiếng Hrê").content.decode()
    assert "Tờ gấp dịch vụ công" in html and "1 lượt tải" in html


def test_unpublished_media_cannot_be_downloaded(client, portal):
    MediaItem.objects.filter(pk=portal["media"].pk).update(published=False)
    assert (
        client.get(reverse("portal:media_download", args=[portal["media"].pk])).status_code == 404
    )


def test_media_view_serves_only_files_the_portal_owns(client, portal, settings):
    article = Article.objects.get(pk=portal["article"].pk)
    url = article.image.smallest.url
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    # The leaflet file, the secret key, path tricks: none served by this view.
    for name in (
        portal["media"].file.name,
        "../secret_key",
        "portal/img/../../secret_key",
        "a%00b",
        "/etc/passwd",
    ):
        assert client.get("/media/" + name).status_code == 404, name


def test_pictures_nothing_public_shows_are_for_staff_only(client, portal, people):
    from cchc.portal.models import Initiative
    from tests.conftest import client_for

    article = Article.objects.get(pk=portal["article"].pk)
    url = article.image.smallest.url
    shown = client.get(url)
    assert shown.status_code == 200 and "public" in shown["Cache-Control"]
    assert "max-age=2592000" in shown["Cache-Control"]
    staff = client_for(people["province_viewer"])

    services.article_unpublish(article=article)  # taken down: its picture with it
    assert client.get(url).status_code == 404
    assert client_for(people["nobody"]).get(url).status_code == 404  # signed in, no role
    seen = staff.get(url)
    assert seen.status_code == 200 and seen["Cache-Control"] == "private, no-store"

    initiative = Initiative.objects.get(pk=portal["initiative"].pk)
    picture = initiative.images.first()
    assert picture is not None
    picture_url = picture.renditions.first().file.url
    assert client.get(picture_url).status_code == 200
    Initiative.objects.filter(pk=initiative.pk).update(published=False)
    assert client.get(picture_url).status_code == 404
    assert staff.get(picture_url).status_code == 200


def test_hotline_shows_only_the_portal_units_contacts_once_a_unit_is_set(client, tree, portal):
    services.hotline_save(
        data=services.HotlineData(
            unit=tree.other_province, topic="general", name="Phú Thọ", phone="0210 111 222"
        )
    )
    assert "Phú Thọ" in client.get(reverse("portal:hotline")).content.decode()
    services.settings_save(name="", unit=tree.province, emblem=None)
    html = client.get(reverse("portal:hotline")).content.decode()
    assert "Phú Thọ" not in html and "Văn phòng UBND tỉnh" in html


def test_site_setting_name_and_emblem_show_in_the_header(client, tree):
    services.settings_save(name="Cổng CCHC tỉnh Quảng Ngãi", unit=tree.province,
                           emblem=("quoc-huy.png", image_bytes(200, 200)))  # fmt: skip
    html = client.get("/").content.decode()
    assert "Cổng CCHC tỉnh Quảng Ngãi" in html and 'class="pub-emblem-img"' in html
    assert SiteSetting.objects.count() == 1


@pytest.mark.parametrize(
    "query",
    [
        "?trang=999999", "?trang=abc", "?linh-vuc=<script>", "?linh-vuc=" + "x" * 10000, "?nam=99999",
        "?chi-so=%00&don-vi=-1", "?don-vi=99999999999999999999", "?loai=%F0%9F%92%A9&ngon-ngu=%E2%80%AE",
    ],
)  # fmt: skip
def test_odd_query_strings_never_break_a_page(client, portal, query):
    for name in ("news_list", "initiatives", "indices", "media"):
        response = client.get(reverse(f"portal:{name}") + query)
        assert response.status_code == 200, (name, query)
        assert b"<script>" not in response.content


def test_unknown_article_and_initiative_are_404(client, db):
    assert client.get("/tin-tuc/khong-co/").status_code == 404
    assert client.get("/mo-hinh-sang-kien/999/").status_code == 404
    assert client.get("/tai-lieu/999/tai-ve/").status_code == 404


def test_indices_page_shows_the_published_satisfaction_surveys(client, tree, portal):
    from cchc.surveys.demo import build_demo as build_survey_demo
    from cchc.surveys.models import Survey

    url = reverse("portal:indices") + f"?chi-so=sipas&don-vi={tree.province.pk}"
    assert "Khảo sát sự hài lòng do các đơn vị tự tổ chức" not in client.get(url).content.decode()
    build_survey_demo({"province": tree.province})
    survey = Survey.objects.get(is_template=False)
    assert survey.publish_results
    html = client.get(url).content.decode()
    assert "Khảo sát sự hài lòng do các đơn vị tự tổ chức" in html
    assert survey.title in html and "Chỉ số hài lòng chung" in html
    # Unpublished results stay off the portal.
    Survey.objects.filter(pk=survey.pk).update(publish_results=False)
    assert survey.title not in client.get(url).content.decode()
