"""The portal's domain logic. Bad input is refused whole, with Vietnamese messages.

* text: every plain text is NFC, without control characters; rich text goes through nh3;
* pictures: checked by content with Pillow, resized into a few JPEG widths, EXIF dropped;
* articles: draft → review → published (or returned with a reason); publishing records
  one tracking output (kind news) for the linked plan activity, once;
* media: files checked by their content (magic bytes), download counts.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import re
import uuid
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cchc.orgs.models import ROLE_RANK, Role, RoleAssignment, Unit
from cchc.plans.models import Activity, ReformArea, ReformIndex
from cchc.portal.models import (
    Article,
    ArticleArea,
    ArticleStatus,
    HotlineContact,
    HotlineTopic,
    IndexResult,
    Initiative,
    MediaItem,
    MediaKind,
    Picture,
    PictureRendition,
    SiteSetting,
)
from cchc.text import nfc, slugify
from cchc.tracking.models import OutputKind
from cchc.tracking.services import EVIDENCE_TYPES, OutputData, output_record

log = logging.getLogger(__name__)

# --- Plain and rich text -------------------------------------------------------------------

_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def clean_text(value: str | None, *, multiline: bool = False) -> str:
    """NFC, no control or bidi-override characters; one line unless ``multiline``."""
    text = nfc(_CONTROL.sub("", value or ""))
    if multiline:
        lines = [
            " ".join(line.split())
            for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        ]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return " ".join(text.split())


RICH_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "caption", "figure", "figcaption",
    "hr", "abbr",
}  # fmt: skip
RICH_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope", "colspan", "rowspan"},
                   "td": {"colspan", "rowspan"}}  # fmt: skip


def sanitize_html(value: str | None) -> str:
    """Safe rich text: a few formatting tags, links (http, https, mailto, tel) only.

    No images, scripts, styles or event handlers, so an article never makes the reader's
    browser fetch anything from elsewhere.
    """
    text = nfc(_CONTROL.sub("", value or ""))
    return nh3.clean(
        text,
        tags=RICH_TAGS,
        attributes=RICH_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_BULLET = re.compile(r"^[-–•+*]\s+")


def plain_to_html(text: str) -> str:
    """Typed or pasted plain text as HTML: a blank line starts a paragraph, a line break
    stays one, and a block whose every line starts with "-", "–", "•", "+" or "*" is a list
    (as plans and reports write them). Text that holds tags is HTML already: kept as is."""
    if _TAG.search(text):
        return text
    html = []
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{escape(_BULLET.sub('', line))}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append("<p>" + "<br>".join(str(escape(line)) for line in lines) + "</p>")
    return "\n".join(html)


# --- Pictures --------------------------------------------------------------------------------

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MIN_IMAGE_SIDE = 16
RENDITION_WIDTHS = (320, 640, 1024, 1600)
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def _image_error(name: str, message: str) -> ValidationError:
    return ValidationError({"image": message % {"n": name}})


def load_image(name: str, content: bytes) -> Image.Image:
    """Decode an upload as an image, refusing fakes, bombs and odd sizes; upright RGB."""
    if not content:
        raise _image_error(name, _("Ảnh “%(n)s” rỗng."))
    if len(content) > MAX_IMAGE_BYTES:
        raise _image_error(name, _("Ảnh “%(n)s” lớn hơn 10 MB; hãy giảm kích thước ảnh."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as probe:
                kind = probe.format
                width, height = probe.size
                probe.verify()
            if kind not in IMAGE_FORMATS:
                raise _image_error(name, _("Ảnh “%(n)s” không phải JPG, PNG, WEBP hay GIF."))
            if width * height > MAX_IMAGE_PIXELS:
                raise _image_error(name, _("Ảnh “%(n)s” quá lớn (hơn 40 triệu điểm ảnh)."))
            if min(width, height) < MIN_IMAGE_SIDE:
                raise _image_error(name, _("Ảnh “%(n)s” quá nhỏ (cạnh ngắn dưới 16 điểm ảnh)."))
            opened = Image.open(io.BytesIO(content))
            opened.load()
            image: Image.Image = ImageOps.exif_transpose(opened)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombWarning,
            Image.DecompressionBombError):  # fmt: skip
        raise _image_error(
            name, _("Tệp “%(n)s” không phải ảnh hợp lệ (nội dung không đọc được).")
        ) from None
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def picture_store(
    image: Image.Image, *, alt: str = "", digest: str = "", actor: Any = None
) -> Picture:
    """Store a decoded image as JPEG renditions of a few widths (none wider than the image)."""
    picture = Picture.objects.create(
        alt=clean_text(alt)[:300],
        width=image.width,
        height=image.height,
        sha256=digest,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    widths = [w for w in RENDITION_WIDTHS if w < image.width] + [
        min(image.width, RENDITION_WIDTHS[-1])
    ]
    stem = uuid.uuid4().hex[:12]
    stored: list[PictureRendition] = []
    try:
        for width in sorted(set(widths)):
            height = max(1, round(image.height * width / image.width))
            resized = (
                image
                if width == image.width
                else image.resize((width, height), Image.Resampling.LANCZOS)
            )
            buffer = io.BytesIO()
            resized.save(buffer, "JPEG", quality=80, optimize=True, progressive=True)
            rendition = PictureRendition(
                picture=picture, width=width, height=height, size=buffer.tell()
            )
            rendition.file.save(f"{stem}-{width}.jpg", ContentFile(buffer.getvalue()), save=False)
            stored.append(rendition)
            rendition.save()
    except Exception:
        for rendition in stored:
            rendition.file.delete(save=False)
        raise
    return picture


def picture_create(*, name: str, content: bytes, alt: str = "", actor: Any = None) -> Picture:
    """Check an image by its content and store it as JPEG renditions (EXIF dropped)."""
    image = load_image(name, content)
    return picture_store(image, alt=alt, digest=hashlib.sha256(content).hexdigest(), actor=actor)


def _delete_pictures(pictures: list[Picture]) -> None:
    for picture in pictures:
        picture_delete(picture)


def picture_delete(picture: Picture) -> None:
    for rendition in picture.renditions.all():
        rendition.file.delete(save=False)
    picture.delete()


# --- Articles --------------------------------------------------------------------------------


# An article page must stay under 150 KB of HTML+CSS+JS; the body gets at most this much.
MAX_BODY_BYTES = 120 * 1024


@dataclass(frozen=True)
class ArticleData:
    unit: Unit
    title: str
    summary: str = ""
    body: str = ""
    areas: tuple[str, ...] = ()
    activity: Activity | None = None
    image_alt: str = ""
    remove_image: bool = False


def _unique_slug(title: str, exclude_pk: int | None = None) -> str:
    base = slugify(title, max_length=120) or "bai-viet"
    slug, n = base, 1
    others = Article.objects.exclude(pk=exclude_pk) if exclude_pk else Article.objects.all()
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _article_clean(data: ArticleData) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    title = clean_text(data.title)
    if not title:
        errors.setdefault("title", []).append(_("Hãy nhập tiêu đề."))
    elif len(title) > 300:
        errors.setdefault("title", []).append(_("Tiêu đề dài quá 300 ký tự."))
    summary = clean_text(data.summary, multiline=True)
    if len(summary) > 1000:
        errors.setdefault("summary", []).append(_("Tóm tắt dài quá 1.000 ký tự."))
    body = sanitize_html(plain_to_html(data.body or ""))
    if len(body.encode()) > MAX_BODY_BYTES:
        errors.setdefault("body", []).append(
            _(
                "Nội dung quá dài (hơn 120 KB): hãy chia thành nhiều bài để trang tải nhanh trên điện thoại."
            )
        )
    areas = tuple(dict.fromkeys(data.areas))
    if any(a not in ReformArea.values for a in areas):
        errors.setdefault("areas", []).append(_("Lĩnh vực cải cách không hợp lệ."))
    if errors:
        raise ValidationError(errors)
    return {"title": title, "summary": summary, "body": body, "areas": areas}


def _set_areas(article: Article, areas: tuple[str, ...]) -> None:
    article.areas.exclude(area__in=areas).delete()
    have = set(article.areas.values_list("area", flat=True))
    ArticleArea.objects.bulk_create(
        [ArticleArea(article=article, area=a) for a in areas if a not in have]
    )


# --- Telling people about the workflow -----------------------------------------------------


def approvers_for(unit: Unit) -> list[Any]:
    """The people who may publish for ``unit``: approvers of the unit, else of the nearest unit above."""
    ranks = [r for r, rank in ROLE_RANK.items() if rank >= ROLE_RANK[Role.APPROVER]]
    steplen = Unit.steplen
    paths = [unit.path[:end] for end in range(len(unit.path), 0, -steplen)]
    assignments = list(
        RoleAssignment.objects.filter(unit__path__in=paths, role__in=ranks, user__is_active=True)
        .select_related("user", "unit")
        .order_by("pk")
    )
    for path in paths:
        people = [a.user for a in assignments if a.unit.path == path]
        if people:
            return people
    return []


def _tell(users: list[Any], *, key: str, title: str, article: Article) -> None:
    """Notify after the commit; a failed e-mail is logged and retried later, never raised."""
    from cchc.notify.services import notify

    link = reverse("staff:portal_article_edit", args=[article.pk])
    people = [u for u in users if u is not None]

    def send() -> None:
        try:
            notify(people, key=key, title=title, body=article.title, link=link, kind="portal")
        except Exception:
            log.exception("could not notify about article %s", article.pk)

    if people:
        transaction.on_commit(send)


@transaction.atomic
def article_create(
    *, data: ArticleData, image: tuple[str, bytes] | None = None, actor: Any = None
) -> Article:
    clean = _article_clean(data)
    article = Article(
        unit=data.unit,
        title=clean["title"],
        summary=clean["summary"],
        body=clean["body"],
        activity=data.activity,
        slug=_unique_slug(clean["title"]),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if image is not None:
        article.image = picture_create(
            name=image[0], content=image[1], alt=data.image_alt or clean["title"], actor=actor
        )
    article.save()
    _set_areas(article, clean["areas"])
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    data: ArticleData,
    image: tuple[str, bytes] | None = None,
    actor: Any = None,
) -> Article:
    article = Article.objects.select_for_update().get(pk=article.pk)
    clean = _article_clean(data)
    article.title = clean["title"]
    article.summary = clean["summary"]
    article.body = clean["body"]
    article.unit = data.unit
    if article.output_id is None:
        article.activity = data.activity
    if image is not None:
        old = article.image
        article.image = picture_create(
            name=image[0], content=image[1], alt=data.image_alt or clean["title"], actor=actor
        )
        if old is not None:
            transaction.on_commit(lambda: picture_delete(old))
    elif article.image is not None and data.remove_image:
        dropped = article.image
        article.image = None
        transaction.on_commit(lambda: picture_delete(dropped))
    elif article.image is not None and data.image_alt:
        article.image.alt = clean_text(data.image_alt)[:300]
        article.image.save(update_fields=["alt"])
    article.save()
    _set_areas(article, clean["areas"])
    return article


def _status_error(article: Article, wanted: str) -> ValidationError:
    return ValidationError(
        _("Bài “%(t)s” đang ở trạng thái “%(s)s”, không thể %(w)s.")
        % {"t": article.title, "s": article.get_status_display(), "w": wanted}
    )


@transaction.atomic
def article_submit(*, article: Article, actor: Any = None) -> Article:
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status != ArticleStatus.DRAFT:
        raise _status_error(article, _("gửi duyệt"))
    if not article.body and not article.summary:
        raise ValidationError(_("Bài chưa có tóm tắt hay nội dung: hãy viết trước khi gửi duyệt."))
    article.status = ArticleStatus.REVIEW
    article.save(update_fields=["status", "updated_at"])
    reviewers = [u for u in approvers_for(article.unit) if getattr(actor, "pk", None) != u.pk]
    _tell(
        reviewers,
        key=f"portal.article.{article.pk}.review.{article.updated_at.timestamp():.0f}",
        title=_("Bài chờ duyệt: %(t)s") % {"t": article.title[:200]},
        article=article,
    )
    return article


@transaction.atomic
def article_return(*, article: Article, reason: str, actor: Any = None) -> Article:
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status != ArticleStatus.REVIEW:
        raise _status_error(article, _("trả lại"))
    reason = clean_text(reason, multiline=True)
    if not reason:
        raise ValidationError(
            {"reason": [_("Hãy ghi lý do trả lại để người viết biết cần sửa gì.")]}
        )
    article.status = ArticleStatus.DRAFT
    article.return_reason = reason[:2000]
    article.save(update_fields=["status", "return_reason", "updated_at"])
    _tell(
        [article.created_by],
        key=f"portal.article.{article.pk}.returned.{article.updated_at.timestamp():.0f}",
        title=_("Bài bị trả lại: %(t)s") % {"t": article.title[:200]},
        article=article,
    )
    return article


@transaction.atomic
def article_publish(
    *, article: Article, actor: Any = None, when: datetime.datetime | None = None
) -> Article:
    """Publish; the first publication records one output (kind news) for the linked activity."""
    article = (
        Article.objects.select_for_update(of=("self",))
        .select_related("activity__plan", "unit")
        .get(pk=article.pk)
    )
    if article.status != ArticleStatus.REVIEW:
        raise _status_error(article, _("đăng"))
    now = when or timezone.now()
    article.status = ArticleStatus.PUBLISHED
    article.return_reason = ""
    article.published_at = article.published_at or now
    article.published_by = actor if getattr(actor, "pk", None) else None
    if article.activity is not None and article.output_id is None:
        from cchc.portal.selectors import site_url

        try:
            article.output = output_record(
                activity=article.activity,
                unit=article.unit,
                data=OutputData(
                    kind=OutputKind.NEWS,
                    date=timezone.localdate(article.published_at),
                    title=article.title[:500],
                    link=site_url(article.get_absolute_url()),
                    notes=_("Ghi nhận tự động khi đăng bài trên cổng thông tin."),
                ),
                actor=actor,
            )
        except ValidationError as exc:
            messages = (
                [m for ms in exc.message_dict.values() for m in ms]
                if hasattr(exc, "error_dict")
                else exc.messages
            )
            raise ValidationError(
                _(
                    "Không thể đăng: bài thuộc hoạt động “%(a)s” nhưng không ghi nhận được kết quả: %(m)s"
                )
                % {"a": article.activity.title, "m": " ".join(messages)}
            ) from exc
    article.save()
    _tell(
        [article.created_by],
        key=f"portal.article.{article.pk}.published",
        title=_("Bài đã được đăng: %(t)s") % {"t": article.title[:200]},
        article=article,
    )
    return article


@transaction.atomic
def article_unpublish(*, article: Article, actor: Any = None) -> Article:
    """Take a published article down (back to draft); its recorded output stays."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status != ArticleStatus.PUBLISHED:
        raise _status_error(article, _("gỡ xuống"))
    article.status = ArticleStatus.DRAFT
    article.save(update_fields=["status", "updated_at"])
    return article


@transaction.atomic
def article_delete(*, article: Article) -> None:
    article = Article.objects.select_for_update(of=("self",)).select_related("image").get(pk=article.pk)
    if article.status == ArticleStatus.PUBLISHED:
        raise ValidationError(_("Bài đã đăng: hãy gỡ xuống trước khi xóa."))
    image = article.image
    article.delete()
    if image is not None:
        transaction.on_commit(lambda: picture_delete(image))


# --- Hotline and initiatives ------------------------------------------------------------------

_PHONE = re.compile(r"^[0-9+().\-\s/,;]*$")


@dataclass(frozen=True)
class HotlineData:
    unit: Unit
    topic: str
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    hours: str = ""
    order: int = 0


def _hotline_clean(data: HotlineData) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values = {
        k: clean_text(getattr(data, k)) for k in ("name", "address", "phone", "email", "hours")
    }
    if data.topic not in HotlineTopic.values:
        errors.setdefault("topic", []).append(_("Nội dung tiếp nhận không hợp lệ."))
    if not values["name"]:
        errors.setdefault("name", []).append(_("Hãy nhập bộ phận hoặc người tiếp nhận."))
    if not values["phone"] and not values["email"]:
        errors.setdefault("phone", []).append(_("Hãy nhập ít nhất số điện thoại hoặc thư điện tử."))
    if values["phone"] and (
        not _PHONE.match(values["phone"]) or not re.search(r"\d{3}", values["phone"])
    ):
        errors.setdefault("phone", []).append(
            _("Số điện thoại chỉ gồm chữ số, dấu cách, + - . ( ) và dấu phẩy.")
        )
    if errors:
        raise ValidationError(errors)
    return {**values, "topic": data.topic, "unit": data.unit, "order": max(0, data.order)}


@transaction.atomic
def hotline_save(*, data: HotlineData, contact: HotlineContact | None = None) -> HotlineContact:
    values = _hotline_clean(data)
    contact = contact or HotlineContact()
    for key, value in values.items():
        setattr(contact, key, value)
    contact.full_clean()
    contact.save()
    return contact


@dataclass(frozen=True)
class InitiativeData:
    unit: Unit
    title: str
    who: str
    year: int
    place: str = ""
    description: str = ""
    results: str = ""
    published: bool = True
    images: tuple[tuple[str, bytes], ...] = field(default=())
    image_alt: str = ""
    remove_images: tuple[int, ...] = ()


MAX_INITIATIVE_IMAGES = 6


@transaction.atomic
def initiative_save(
    *, data: InitiativeData, initiative: Initiative | None = None, actor: Any = None
) -> Initiative:
    errors: dict[str, list[str]] = {}
    title, who = clean_text(data.title), clean_text(data.who)
    if not title:
        errors.setdefault("title", []).append(_("Hãy nhập tên mô hình, sáng kiến."))
    if not who:
        errors.setdefault("who", []).append(_("Hãy nhập tập thể, cá nhân thực hiện."))
    this_year = timezone.localdate().year
    if not 1990 <= data.year <= this_year:
        errors.setdefault("year", []).append(_("Năm phải từ 1990 đến %(y)d.") % {"y": this_year})
    kept = (
        list(initiative.images.exclude(pk__in=data.remove_images))
        if initiative is not None and initiative.pk
        else []
    )
    if len(kept) + len(data.images) > MAX_INITIATIVE_IMAGES:
        errors.setdefault("images", []).append(
            _("Mỗi mô hình có tối đa %(n)d ảnh.") % {"n": MAX_INITIATIVE_IMAGES}
        )
    loaded = []
    for name, content in data.images:
        try:
            loaded.append((load_image(name, content), hashlib.sha256(content).hexdigest()))
        except ValidationError as exc:
            errors.setdefault("images", []).extend(exc.message_dict["image"])
    if errors:
        raise ValidationError(errors)
    initiative = initiative or Initiative()
    initiative.unit = data.unit
    initiative.title = title[:300]
    initiative.who = who[:300]
    initiative.place = clean_text(data.place)[:300]
    initiative.description = clean_text(data.description, multiline=True)
    initiative.results = clean_text(data.results, multiline=True)
    initiative.year = data.year
    initiative.published = data.published
    initiative.save()
    if data.remove_images:
        dropped = list(initiative.images.filter(pk__in=data.remove_images))
        initiative.images.remove(*dropped)
        transaction.on_commit(lambda: _delete_pictures(dropped))
    for image, digest in loaded:
        initiative.images.add(
            picture_store(image, alt=data.image_alt or title, digest=digest, actor=actor)
        )
    return initiative


# --- Media library ---------------------------------------------------------------------------

MAX_MEDIA_BYTES = 200 * 1024 * 1024
_ISO_MEDIA = (b"ftyp",)  # at offset 4
MEDIA_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    **{
        k: v
        for k, v in EVIDENCE_TYPES.items()
        if k in {"jpg", "jpeg", "png", "webp", "pdf", "doc", "docx", "pptx", "odt"}
    },
    "mp4": ("video/mp4", _ISO_MEDIA),
    "m4a": ("audio/mp4", _ISO_MEDIA),
    "webm": ("video/webm", (b"\x1a\x45\xdf\xa3",)),
    "mp3": ("audio/mpeg", (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    "ogg": ("audio/ogg", (b"OggS",)),
    "wav": ("audio/wav", (b"RIFF",)),
}
MEDIA_ACCEPT = ",".join(f".{k}" for k in MEDIA_TYPES)


def sniff_media(name: str, head: bytes) -> str:
    """The content type of an upload, checked against its content; ValidationError if not allowed."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in MEDIA_TYPES:
        raise ValidationError(
            {
                "file": _(
                    "Không nhận tệp “%(n)s”: chỉ nhận PDF, ảnh (JPG, PNG, WEBP), văn bản (DOC, DOCX, ODT, PPTX),"
                    " video (MP4, WEBM) và âm thanh (MP3, M4A, OGG, WAV)."
                )
                % {"n": name}
            }
        )
    content_type, magics = MEDIA_TYPES[extension]
    if magics is _ISO_MEDIA:
        ok = head[4:8] == b"ftyp"
    else:
        ok = any(head.startswith(m) for m in magics)
    if extension == "webp":
        ok = ok and head[8:12] == b"WEBP"
    if extension == "wav":
        ok = ok and head[8:12] == b"WAVE"
    if not ok:
        raise ValidationError(
            {
                "file": _("Tệp “%(n)s” không đúng định dạng .%(e)s (nội dung không khớp).")
                % {"n": name, "e": extension}
            }
        )
    return content_type


@dataclass(frozen=True)
class MediaData:
    unit: Unit
    title: str
    kind: str
    language: str = "Tiếng Việt"
    description: str = ""
    year: int | None = None
    published: bool = True


def _media_clean(data: MediaData) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    title = clean_text(data.title)
    language = clean_text(data.language) or "Tiếng Việt"
    if not title:
        errors.setdefault("title", []).append(_("Hãy nhập tên tài liệu."))
    if data.kind not in MediaKind.values:
        errors.setdefault("kind", []).append(_("Loại tài liệu không hợp lệ."))
    if len(language) > 60:
        errors.setdefault("language", []).append(_("Tên ngôn ngữ dài quá 60 ký tự."))
    if data.year is not None and not 1990 <= data.year <= timezone.localdate().year + 1:
        errors.setdefault("year", []).append(_("Năm không hợp lệ."))
    if errors:
        raise ValidationError(errors)
    return {
        "unit": data.unit,
        "title": title[:300],
        "kind": data.kind,
        "language": language,
        "description": clean_text(data.description, multiline=True),
        "year": data.year,
        "published": data.published,
    }


@transaction.atomic
def media_save(
    *,
    data: MediaData,
    upload: tuple[str, bytes] | None,
    item: MediaItem | None = None,
    actor: Any = None,
) -> MediaItem:
    values = _media_clean(data)
    if item is None and upload is None:
        raise ValidationError({"file": [_("Hãy chọn tệp tài liệu.")]})
    item = item or MediaItem(uploaded_by=actor if getattr(actor, "pk", None) else None)
    for key, value in values.items():
        setattr(item, key, value)
    if upload is not None:
        name, content = upload
        if not content:
            raise ValidationError({"file": [_("Tệp “%(n)s” rỗng.") % {"n": name}]})
        if len(content) > MAX_MEDIA_BYTES:
            raise ValidationError({"file": [_("Tệp “%(n)s” lớn hơn 200 MB.") % {"n": name}]})
        item.content_type = sniff_media(name, content[:16])
        safe = clean_text(name).replace("/", "_").replace("\\", "_")[-150:] or "tai-lieu"
        old = item.file.name if item.pk else ""
        item.original_name = safe
        item.size = len(content)
        item.sha256 = hashlib.sha256(content).hexdigest()
        extension = safe.rsplit(".", 1)[-1].lower()
        item.file.save(f"{slugify(safe.rsplit('.', 1)[0], max_length=60) or 'tai-lieu'}.{extension}",
                       ContentFile(content), save=False)  # fmt: skip
        if old:
            storage = item.file.storage
            transaction.on_commit(lambda: storage.delete(old))
    item.save()
    return item


def media_count_download(item: MediaItem) -> None:
    MediaItem.objects.filter(pk=item.pk).update(downloads=F("downloads") + 1)


@transaction.atomic
def media_delete(*, item: MediaItem) -> None:
    name, storage = item.file.name or "", item.file.storage
    item.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- Indices ---------------------------------------------------------------------------------

MAX_SCORE = Decimal("1000")


@dataclass(frozen=True)
class IndexData:
    unit: Unit
    index: str
    year: int
    score: Decimal
    rank: int | None = None
    ranked_of: int | None = None
    components: dict[str, Decimal] = field(default_factory=dict)
    source: str = ""


def index_errors(data: IndexData) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.index not in ReformIndex.values:
        errors.setdefault("index", []).append(
            _("Chỉ số không hợp lệ (PAR INDEX, SIPAS, PAPI, PCI, DDCI, DTI).")
        )
    this_year = timezone.localdate().year
    if not 2000 <= data.year <= this_year:
        errors.setdefault("year", []).append(_("Năm phải từ 2000 đến %(y)d.") % {"y": this_year})
    if data.score < 0 or data.score > MAX_SCORE:
        errors.setdefault("score", []).append(_("Điểm phải từ 0 đến 1.000."))
    if data.rank is not None and data.rank < 1:
        errors.setdefault("rank", []).append(_("Xếp hạng phải từ 1 trở lên."))
    if data.ranked_of is not None and data.ranked_of < 1:
        errors.setdefault("ranked_of", []).append(_("Tổng số đơn vị xếp hạng phải từ 1 trở lên."))
    if data.rank is not None and data.ranked_of is not None and data.rank > data.ranked_of:
        errors.setdefault("rank", []).append(
            _("Xếp hạng %(r)d lớn hơn tổng số %(n)d đơn vị.")
            % {"r": data.rank, "n": data.ranked_of}
        )
    for name, value in data.components.items():
        if not clean_text(name):
            errors.setdefault("components", []).append(_("Tên điểm thành phần bị trống."))
        if value < 0 or value > MAX_SCORE:
            errors.setdefault("components", []).append(
                _("Điểm thành phần “%(c)s” phải từ 0 đến 1.000.") % {"c": clean_text(name)}
            )
    return errors


def _apply_index(result: IndexResult, data: IndexData) -> IndexResult:
    result.unit = data.unit
    result.index = data.index
    result.year = data.year
    result.score = data.score
    result.rank = data.rank
    result.ranked_of = data.ranked_of
    result.components = {
        clean_text(k)[:120]: str(Decimal(v).quantize(Decimal("0.01")))
        for k, v in data.components.items()
    }
    result.source = clean_text(data.source)[:300]
    return result


@transaction.atomic
def index_save(*, data: IndexData, result: IndexResult | None = None) -> IndexResult:
    errors = index_errors(data)
    clash = IndexResult.objects.filter(unit=data.unit, index=data.index, year=data.year)
    if result is not None and result.pk:
        clash = clash.exclude(pk=result.pk)
    if clash.exists():
        errors.setdefault("year", []).append(
            _("%(u)s đã có kết quả %(i)s năm %(y)d.")
            % {"u": data.unit.display_name, "i": ReformIndex(data.index).label, "y": data.year}
        )
    if errors:
        raise ValidationError(errors)
    result = _apply_index(result or IndexResult(), data)
    result.save()
    return result


@transaction.atomic
def settings_save(
    *, name: str, unit: Unit | None, emblem: tuple[str, bytes] | None, actor: Any = None
) -> SiteSetting:
    setting = SiteSetting.objects.select_for_update().order_by("pk").first() or SiteSetting()
    name = clean_text(name)
    if len(name) > 200:
        raise ValidationError({"name": [_("Tên dài quá 200 ký tự.")]})
    setting.name = name
    setting.unit = unit
    if emblem is not None:
        try:
            setting.emblem = picture_create(name=emblem[0], content=emblem[1], alt="", actor=actor)
        except ValidationError as exc:
            raise ValidationError({"emblem": exc.message_dict["image"]}) from exc
    setting.save()
    return setting
