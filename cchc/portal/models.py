"""The public CCHC portal: news, hotline, exemplary initiatives, indices and media.

Pictures are stored resized (a few widths, EXIF dropped) and served only through the
portal's own media view, which serves files these models own and nothing else.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Unit
from cchc.plans.models import ReformArea, ReformIndex


class Picture(models.Model):
    """An uploaded image, kept as JPEG renditions of a few widths (no original, no EXIF)."""

    alt = models.CharField(_("mô tả ảnh"), max_length=300, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh")
        verbose_name_plural = _("ảnh")

    def __str__(self) -> str:
        return self.alt or f"#{self.pk}"

    def sizes(self) -> list[PictureRendition]:
        cached = getattr(self, "_sizes", None)
        if cached is None:
            cached = sorted(self.renditions.all(), key=lambda r: r.width)
            self._sizes = cached
        return cached

    @property
    def smallest(self) -> PictureRendition | None:
        sizes = self.sizes()
        return sizes[0] if sizes else None

    @property
    def largest(self) -> PictureRendition | None:
        sizes = self.sizes()
        return sizes[-1] if sizes else None

    def srcset(self) -> str:
        return ", ".join(f"{r.url} {r.width}w" for r in self.sizes())


class PictureRendition(models.Model):
    picture = models.ForeignKey(Picture, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(upload_to="portal/img/%Y/%m/", max_length=300, unique=True)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["width"]
        constraints = [
            models.UniqueConstraint(
                fields=["picture", "width"], name="portal_rendition_unique_width"
            )
        ]

    def __str__(self) -> str:
        return f"{self.picture_id}@{self.width}"

    @property
    def url(self) -> str:
        return reverse("portal:media_file", args=[self.file.name])


class SiteSetting(models.Model):
    """The portal's name, its unit and emblem. One row; ``settings.PORTAL_NAME`` without it."""

    name = models.CharField(_("tên hiển thị"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị của cổng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    emblem = models.ForeignKey(
        Picture,
        verbose_name=_("biểu trưng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thiết lập cổng thông tin")
        verbose_name_plural = _("thiết lập cổng thông tin")

    def __str__(self) -> str:
        return self.name or str(settings.PORTAL_NAME)


# --- News ------------------------------------------------------------------------------


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    REVIEW = "review", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã đăng")


class Article(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị tác giả"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    slug = models.SlugField(_("đường dẫn"), max_length=200, unique=True)
    summary = models.TextField(_("tóm tắt"), max_length=1000, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    image = models.ForeignKey(
        Picture,
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("thuộc hoạt động kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    output = models.OneToOneField(
        "tracking.Output", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    published_at = models.DateTimeField(_("ngày đăng"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"], name="portal_article_pub")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:news_detail", args=[self.slug])

    @property
    def area_values(self) -> list[str]:
        return [a.area for a in self.areas.all()]

    @property
    def area_labels(self) -> list[str]:
        labels = dict(ReformArea.choices)
        return [str(labels.get(a, a)) for a in self.area_values]


class ArticleArea(models.Model):
    """One reform area (Resolution 76/NQ-CP) an article is filed under."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(max_length=20, choices=ReformArea.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "area"], name="portal_article_area_unique")
        ]
        indexes = [models.Index(fields=["area"], name="portal_article_area")]

    def __str__(self) -> str:
        return self.area


# --- Hotline -----------------------------------------------------------------------------


class HotlineTopic(models.TextChoices):
    PROCEDURES = "procedures", _("Phản ánh, kiến nghị về thủ tục hành chính")
    CONDUCT = "conduct", _("Phản ánh về thái độ, hành vi của cán bộ, công chức")
    GENERAL = "general", _("Tiếp nhận thông tin chung")


class HotlineContact(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("nội dung tiếp nhận"), max_length=16, choices=HotlineTopic.choices)
    name = models.CharField(_("bộ phận, người tiếp nhận"), max_length=200)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    hours = models.CharField(_("thời gian tiếp nhận"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("đường dây nóng")
        verbose_name_plural = _("đường dây nóng")
        ordering = ["unit__path", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.phone or self.email})"


# --- Exemplary models and initiatives -----------------------------------------------------


class Initiative(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị giới thiệu"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên mô hình, sáng kiến"), max_length=300)
    who = models.CharField(_("tập thể, cá nhân"), max_length=300)
    place = models.CharField(_("nơi thực hiện"), max_length=300, blank=True)
    description = models.TextField(_("nội dung"), blank=True)
    results = models.TextField(_("kết quả, hiệu quả"), blank=True)
    year = models.PositiveIntegerField(_("năm"))
    images = models.ManyToManyField(Picture, blank=True, related_name="+")
    published = models.BooleanField(_("công khai"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mô hình, sáng kiến")
        verbose_name_plural = _("mô hình, sáng kiến")
        ordering = ["-year", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:initiative_detail", args=[self.pk])


# --- Indices -------------------------------------------------------------------------------


class IndexResult(models.Model):
    """One unit's result in one index for one year; the change is computed from the year before."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    index = models.CharField(_("chỉ số"), max_length=12, choices=ReformIndex.choices)
    year = models.PositiveIntegerField(_("năm"))
    score = models.DecimalField(_("điểm"), max_digits=8, decimal_places=2)
    rank = models.PositiveIntegerField(_("xếp hạng"), null=True, blank=True)
    ranked_of = models.PositiveIntegerField(_("trên tổng số"), null=True, blank=True)
    components = models.JSONField(_("điểm thành phần"), default=dict, blank=True)
    source = models.CharField(_("văn bản công bố"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết quả chỉ số")
        verbose_name_plural = _("kết quả chỉ số")
        ordering = ["index", "-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "index", "year"], name="portal_index_unique"),
            models.CheckConstraint(condition=Q(score__gte=0), name="portal_index_score_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_index_display()} {self.year} — {self.unit.display_name}"


# --- Media library -----------------------------------------------------------------------


class MediaKind(models.TextChoices):
    LEAFLET = "leaflet", _("Tờ rơi, tờ gấp")
    POSTER = "poster", _("Áp phích")
    PANEL = "panel", _("Pa-nô")
    VIDEO = "video", _("Video clip")
    AUDIO = "audio", _("Tệp âm thanh")
    RADIO_SCRIPT = "radio_script", _("Kịch bản, bài phát thanh")


# Suggested languages (free text is accepted): Vietnamese and languages of ethnic
# minorities named by the seed plans and their neighbours.
LANGUAGE_SUGGESTIONS = [
    "Tiếng Việt",
    "Tiếng Hrê",
    "Tiếng Co",
    "Tiếng Ca Dong",
    "Tiếng Ba Na",
    "Tiếng Xơ Đăng",
    "Tiếng Gia Rai",
    "Tiếng Ê Đê",
    "Tiếng Mông",
    "Tiếng Thái",
    "Tiếng Khmer",
    "Tiếng Dao",
    "Tiếng Tày",
    "Tiếng Nùng",
    "Tiếng Chăm",
]


class MediaItem(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên tài liệu"), max_length=300)
    kind = models.CharField(_("loại"), max_length=16, choices=MediaKind.choices)
    language = models.CharField(_("ngôn ngữ"), max_length=60, default="Tiếng Việt")
    description = models.TextField(_("mô tả"), blank=True)
    year = models.PositiveIntegerField(_("năm"), null=True, blank=True)
    file = models.FileField(upload_to="portal/media/%Y/", max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    downloads = models.PositiveIntegerField(_("lượt tải"), default=0)
    published = models.BooleanField(_("công khai"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu tuyên truyền")
        verbose_name_plural = _("tài liệu tuyên truyền")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return self.original_name.rsplit(".", 1)[-1].upper() if "." in self.original_name else ""
