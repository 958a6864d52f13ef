"""What units actually did: outputs recorded against plan activities, with evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Unit


class OutputKind(models.TextChoices):
    NEWS = "news", _("Tin")
    ARTICLE = "article", _("Bài viết")
    BROADCAST = "broadcast", _("Chương trình, số phát thanh - truyền hình")
    LOUDSPEAKER = "loudspeaker", _("Buổi phát trên loa truyền thanh")
    TRAINING = "training", _("Lớp tập huấn, bồi dưỡng")
    CONFERENCE = "conference", _("Hội nghị, buổi tuyên truyền")
    CONTEST_ROUND = "contest_round", _("Đợt thi, vòng thi")
    PRINT_BATCH = "print_batch", _("Đợt in tờ rơi, pa-nô, áp phích")
    SOCIAL_POST = "social_post", _("Bài đăng mạng xã hội")
    VIDEO = "video", _("Video clip, phóng sự")
    SCREEN = "screen", _("Nội dung trình chiếu trên bảng, màn hình điện tử")
    LISTING_UPDATE = "listing_update", _("Cập nhật niêm yết công khai")
    OTHER = "other", _("Sản phẩm khác")


# Which plan channel each kind of output is counted under in charts.
OUTPUT_CHANNEL = {
    OutputKind.NEWS: "website",
    OutputKind.ARTICLE: "newspaper",
    OutputKind.BROADCAST: "radio_tv",
    OutputKind.LOUDSPEAKER: "loudspeaker",
    OutputKind.TRAINING: "training",
    OutputKind.CONFERENCE: "meeting",
    OutputKind.CONTEST_ROUND: "contest",
    OutputKind.PRINT_BATCH: "print",
    OutputKind.SOCIAL_POST: "facebook",
    OutputKind.VIDEO: "video",
    OutputKind.SCREEN: "screen",
    OutputKind.LISTING_UPDATE: "one_stop",
    OutputKind.OTHER: "other",
}


class Output(models.Model):
    """One thing a unit did for an activity: an article, a broadcast, a training..."""

    activity = models.ForeignKey(
        "plans.Activity", verbose_name=_("hoạt động"), on_delete=models.PROTECT, related_name="outputs"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT, related_name="outputs"
    )
    kind = models.CharField(_("loại sản phẩm"), max_length=16, choices=OutputKind.choices)
    date = models.DateField(_("ngày thực hiện"))
    quantity = models.PositiveIntegerField(_("số lượng"), default=1)
    duration_minutes = models.PositiveIntegerField(_("thời lượng (phút)"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("số người tham dự"), null=True, blank=True)
    audience_reached = models.PositiveIntegerField(_("số người tiếp cận"), null=True, blank=True)
    link = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    title = models.CharField(_("tên sản phẩm"), max_length=500, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["activity", "date"], name="tracking_output_activity_date"),
            models.Index(fields=["unit", "date"], name="tracking_output_unit_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="tracking_output_quantity_positive")
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("staff:output_edit", args=[self.pk])


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.output.unit_id}/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class Evidence(models.Model):
    """A file proving an output: a photo, a scanned list of participants, a PDF..."""

    output = models.ForeignKey(Output, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        constraints = [
            models.UniqueConstraint(fields=["output", "sha256"], name="tracking_evidence_unique_file")
        ]

    def __str__(self) -> str:
        return self.original_name
