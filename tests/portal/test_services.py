"""Services of the portal: text safety, pictures, the article workflow, media and index checks."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from cchc.portal import services
from cchc.portal.models import Article, ArticleStatus, MediaItem, Picture, PictureRendition
from cchc.tracking.models import Output, OutputKind
from tests.portal.conftest import PUBLISH_2024, image_bytes

pytestmark = pytest.mark.django_db


def test_sanitize_html_keeps_formatting_and_drops_scripts_styles_images_and_handlers():
    dirty = (
        '<p onclick="x()">Xin <strong>chào</strong><script>alert(1)</script></p>'
        '<img src="https://tracker.example/x.png"><a href="javascript:alert(1)">xấu</a>'
        '<a href="https://dichvucong.gov.vn">DVC</a><style>p{}</style><iframe src="x"></iframe>'
    )
    clean = services.sanitize_html(dirty)
    assert "<script" not in clean and "alert(1)" not in clean
    assert "<img" not in clean and "<style" not in clean and "<iframe" not in clean
    assert "onclick" not in clean and "javascript:" not in clean
    assert "<strong>chào</strong>" in clean
    assert 'href="https://dichvucong.gov.vn"' in clean and "noopener" in clean


def test_pasted_plain_text_becomes_paragraphs_and_lists():
    pasted = (
        "UBND xã tổ chức hội nghị tuyên truyền CCHC.\r\nThời gian: 8h00.\r\n\r\n"
        "Nội dung gồm:\n\n- Thủ tục hành chính mới;\n- Dịch vụ công trực tuyến & thanh toán <3\n"
        "+ Chuyển đổi số\n\n\n   \nMọi ý kiến gửi về bộ phận Một cửa."
    )
    assert services.plain_to_html(pasted) == (
        "<p>UBND xã tổ chức hội nghị tuyên truyền CCHC.<br>Thời gian: 8h00.</p>\n"
        "<p>Nội dung gồm:</p>\n"
        "<ul><li>Thủ tục hành chính mới;</li><li>Dịch vụ công trực tuyến &amp; thanh toán &lt;3</li>"
        "<li>Chuyển đổi số</li></ul>\n"
        "<p>Mọi ý kiến gửi về bộ phận Một cửa.</p>"
    )
    # A line that only starts like a list, amid others, stays in its paragraph.
    assert services.plain_to_html("Ngày 1/7\n- có hiệu lực") == "<p>Ngày 1/7<br>- có hiệu lực</p>"
    # HTML is HTML: left to the sanitiser as it is.
    html = "<p>Đã có <strong>thẻ</strong></p>\n\nvà dòng trống"
    assert services.plain_to_html(html) == html
    assert services.plain_to_html("") == ""


def test_an_article_typed_as_plain_text_is_stored_as_paragraphs(tree):
    article = services.article_create(
        data=services.ArticleData(
            unit=tree.commune_a,
            title="Hội nghị tuyên truyền",
            body="Đoạn một.\n\nĐoạn hai & ba",
        )
    )
    assert article.body == "<p>Đoạn một.</p>\n<p>Đoạn hai &amp; ba</p>"


def test_clean_text_removes_control_and_bidi_characters_and_normalises():
    assert services.clean_text("  Thủ\x00 tục\u202e  hành\tchính \u200b") == "Thủ tục hành chính"
    assert services.clean_text("a\r\n\r\n\r\n\r\nb", multiline=True) == "a\n\nb"
    # Decomposed Vietnamese becomes NFC.
    assert services.clean_text("Thu\u0309 tu\u0323c") == "Thủ tục"


def test_picture_is_stored_in_a_few_widths_as_jpeg_without_exif():
    exif = Image.Exif()
    exif[0x010F] = "Camera"  # Make
    buffer = io.BytesIO()
    Image.new("RGB", (2000, 1000), (10, 20, 30)).save(buffer, "JPEG", exif=exif)
    picture = services.picture_create(name="anh.jpg", content=buffer.getvalue(), alt="Ảnh")
    widths = [r.width for r in picture.sizes()]
    assert widths == [320, 640, 1024, 1600]
    for rendition in picture.sizes():
        with Image.open(rendition.file.path) as stored:
            assert stored.format == "JPEG"
            assert stored.width == rendition.width
            assert not stored.getexif()
    assert picture.srcset().count("w,") == 3


def test_small_picture_keeps_its_own_width_and_transparent_png_is_flattened():
    picture = services.picture_create(name="nho.png", content=image_bytes(300, 200, mode="RGBA"))
    assert [r.width for r in picture.sizes()] == [300]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("gia.jpg", b"\xff\xd8\xff" + b"not really a jpeg" * 10, "không phải ảnh hợp lệ"),
        ("script.png", b"<script>alert(1)</script>", "không phải ảnh hợp lệ"),
        ("rong.png", b"", "rỗng"),
        ("to.png", b"\x89PNG" + b"0" * (10 * 1024 * 1024 + 1), "lớn hơn 10 MB"),
        ("nho.png", image_bytes(8, 8), "quá nhỏ"),
        ("anh.bmp", image_bytes(100, 100, fmt="BMP"), "không phải JPG"),
    ],
)
def test_bad_pictures_are_refused_and_nothing_is_stored(name, content, message):
    with pytest.raises(ValidationError) as info:
        services.picture_create(name=name, content=content)
    assert message in " ".join(info.value.message_dict["image"])
    assert not Picture.objects.exists() and not PictureRendition.objects.exists()


def test_decompression_bomb_is_refused():
    # A PNG claiming 20000 x 20000 pixels: small on disk, huge in memory.
    with pytest.raises(ValidationError) as info:
        services.picture_create(name="bom.png", content=_bomb_png())
    assert "quá lớn" in str(info.value) or "không phải ảnh hợp lệ" in str(info.value)
    assert not Picture.objects.exists()


def _bomb_png() -> bytes:
    import struct
    import zlib

    width = height = 20000

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


def _draft(tree, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "unit": tree.dept,
        "title": "Cải cách thủ tục hành chính năm 2024",
        "summary": "Tóm tắt",
        "body": "<p>Nội dung</p>",
        "areas": ("procedures",),
    }
    data.update(overrides)
    return services.article_create(data=services.ArticleData(**data))


def test_article_workflow_draft_review_return_review_publish(tree, people):
    article = _draft(tree)
    assert (
        article.status == ArticleStatus.DRAFT
        and article.slug == "cai-cach-thu-tuc-hanh-chinh-nam-2024"
    )
    with pytest.raises(ValidationError):
        services.article_publish(article=article)  # not yet submitted
    services.article_submit(article=article)
    with pytest.raises(ValidationError) as info:
        services.article_return(article=article, reason="   ")
    assert "lý do" in str(info.value)
    article = services.article_return(article=article, reason="Bổ sung số liệu quý II")
    assert (
        article.status == ArticleStatus.DRAFT and article.return_reason == "Bổ sung số liệu quý II"
    )
    services.article_submit(article=article)
    article = services.article_publish(article=article)
    assert article.status == ArticleStatus.PUBLISHED and article.published_at is not None
    assert article.return_reason == ""
    assert article.output is None  # no activity linked, nothing recorded


def test_same_title_gets_a_distinct_slug_and_symbol_only_title_gets_a_default(tree):
    first = _draft(tree)
    second = _draft(tree)
    assert second.slug == first.slug + "-2"
    assert _draft(tree, title="!!! ??? ###").slug == "bai-viet"


def test_article_with_empty_title_or_unknown_area_is_refused(tree):
    with pytest.raises(ValidationError) as info:
        _draft(tree, title=" \x00 ", areas=("bogus",))
    assert set(info.value.message_dict) == {"title", "areas"}
    assert not Article.objects.exists()


def test_publishing_records_one_news_output_for_the_activity_once(tree, people, website_activity):
    article = _draft(tree, activity=website_activity)
    services.article_submit(article=article)
    article = services.article_publish(article=article, when=PUBLISH_2024)
    output = Output.objects.get()
    assert article.output == output
    assert output.kind == OutputKind.NEWS and output.activity == website_activity
    assert output.date == datetime.date(2024, 6, 3) and output.unit == tree.dept
    assert output.link.endswith(article.get_absolute_url())
    # Taken down, edited and published again: still one output.
    services.article_unpublish(article=article)
    services.article_submit(article=article)
    services.article_publish(article=article)
    assert Output.objects.count() == 1


def test_publishing_is_refused_whole_when_the_output_cannot_be_recorded(
    tree, people, website_activity
):
    article = _draft(tree, activity=website_activity, unit=tree.other_province)
    services.article_submit(article=article)
    with pytest.raises(ValidationError) as info:
        services.article_publish(article=article, when=PUBLISH_2024)
    assert "không ghi nhận được kết quả" in str(info.value)
    article.refresh_from_db()
    assert article.status == ArticleStatus.REVIEW and not Output.objects.exists()


def test_published_article_cannot_be_deleted(tree):
    article = _draft(tree)
    services.article_submit(article=article)
    services.article_publish(article=article)
    with pytest.raises(ValidationError):
        services.article_delete(article=article)


@pytest.mark.parametrize(
    ("name", "head", "ok"),
    [
        ("to-roi.pdf", b"%PDF-1.7\n", True),
        ("clip.mp4", b"\x00\x00\x00\x18ftypmp42", True),
        ("bai.mp3", b"ID3\x04\x00", True),
        ("am-thanh.wav", b"RIFF\x00\x00\x00\x00WAVEfmt ", True),
        ("gia.pdf", b"<html><script>", False),
        ("gia.mp4", b"\x00\x00\x00\x18xxxxmp42", False),
        ("virus.exe", b"MZ\x90\x00", False),
        ("khong-duoi", b"%PDF-", False),
        ("trang.html", b"<html>", False),
    ],
)
def test_media_files_are_checked_by_their_content(name, head, ok):
    if ok:
        assert services.sniff_media(name, head)
    else:
        with pytest.raises(ValidationError):
            services.sniff_media(name, head)


def test_media_save_and_download_count(tree):
    item = services.media_save(
        data=services.MediaData(
            unit=tree.province, title="  Tờ rơi <b>DVC</b> ", kind="leaflet", language="Tiếng Hrê"
        ),
        upload=("To roi/../../x.pdf", b"%PDF-1.4 hello"),
    )
    assert item.title == "Tờ rơi <b>DVC</b>"  # kept as text, escaped when shown
    assert "/" not in item.original_name and ".." not in item.file.name
    assert item.file.name.startswith("portal/media/")
    assert item.content_type == "application/pdf" and item.size == 14
    services.media_count_download(item)
    services.media_count_download(item)
    item.refresh_from_db()
    assert item.downloads == 2


def test_media_without_file_or_with_bad_kind_is_refused(tree):
    with pytest.raises(ValidationError) as info:
        services.media_save(
            data=services.MediaData(unit=tree.province, title="", kind="x"), upload=None
        )
    assert {"title", "kind"} <= set(info.value.message_dict)
    assert not MediaItem.objects.exists()


def test_index_result_checks_rank_year_and_duplicates(tree):
    data = services.IndexData(
        unit=tree.province,
        index="par_index",
        year=2023,
        score=Decimal("86.05"),
        rank=25,
        ranked_of=63,
    )
    services.index_save(data=data)
    with pytest.raises(ValidationError) as info:
        services.index_save(data=data)
    assert "đã có kết quả" in str(info.value)
    bad = services.IndexData(
        unit=tree.province, index="xyz", year=1999, score=Decimal("-1"), rank=70, ranked_of=63
    )
    with pytest.raises(ValidationError) as info:
        services.index_save(data=bad)
    assert {"index", "year", "score", "rank"} <= set(info.value.message_dict)


def test_hotline_needs_a_phone_or_email_and_a_plausible_phone(tree):
    base = {"unit": tree.province, "topic": "procedures", "name": "Văn phòng"}
    with pytest.raises(ValidationError) as info:
        services.hotline_save(data=services.HotlineData(**base))
    assert "phone" in info.value.message_dict
    with pytest.raises(ValidationError):
        services.hotline_save(data=services.HotlineData(**base, phone="<script>alert(1)</script>"))
    contact = services.hotline_save(data=services.HotlineData(**base, phone="0255 3822 514"))
    assert contact.pk


def test_initiative_with_a_fake_image_saves_nothing(tree):
    with pytest.raises(ValidationError) as info:
        services.initiative_save(
            data=services.InitiativeData(
                unit=tree.province, title="Mô hình", who="Xã", year=2023,
                images=(("that.png", image_bytes(400, 300)), ("gia.png", b"\x89PNG\r\n\x1a\nxx")),
            )
        )  # fmt: skip
    assert "images" in info.value.message_dict
    assert not Picture.objects.exists()


def test_submitting_tells_the_approvers_and_returning_or_publishing_tells_the_author(
    tree, people, approver, django_capture_on_commit_callbacks, mailoutbox
):
    from cchc.notify.models import Notification
    from tests.conftest import make_user

    province_approver = make_user("tinh.duyet", tree.province, "approver")
    author = people["dept_editor"]
    article = services.article_create(
        data=services.ArticleData(unit=tree.office, title="Bài của Văn phòng", body="<p>x</p>"),
        actor=author,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.article_submit(article=article, actor=author)
    # The nearest people who may publish above the office: the department's approver and unit
    # admin, not the province's approver.
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        approver.username,
        "sonv.quantri",
    }
    assert province_approver.pk not in Notification.objects.values_list("user_id", flat=True)
    assert mailoutbox[0].subject == "Bài chờ duyệt: Bài của Văn phòng"
    with django_capture_on_commit_callbacks(execute=True):
        services.article_return(article=article, reason="Sửa tiêu đề", actor=approver)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_submit(article=article, actor=author)
        services.article_publish(article=article, actor=approver)
    titles = list(
        Notification.objects.filter(user=author).values_list("title", flat=True).order_by("pk")
    )
    assert titles == ["Bài bị trả lại: Bài của Văn phòng", "Bài đã được đăng: Bài của Văn phòng"]


def test_a_body_too_long_for_a_light_page_is_refused(tree):
    with pytest.raises(ValidationError) as info:
        _draft(tree, body="<p>" + "Cải cách hành chính. " * 6000 + "</p>")
    assert "120 KB" in " ".join(info.value.message_dict["body"])
    assert not Article.objects.exists()
