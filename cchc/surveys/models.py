"""Satisfaction surveys: a versioned questionnaire, collection points, responses.

A survey owns versions; a version owns sections and their questions. Answers point to
the question of the version they were given on, so editing a survey after answers
arrived creates a new version (``services.editable_version``) and old answers keep their
questions. Questions keep a stable ``code`` across versions; results are grouped by it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    OPEN = "open", _("Đang nhận phiếu")
    CLOSED = "closed", _("Đã đóng")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Mức độ hài lòng (5 mức)")
    SINGLE = "single", _("Chọn một")
    MULTIPLE = "multiple", _("Chọn nhiều")
    SHORT_TEXT = "short_text", _("Trả lời ngắn")
    LONG_TEXT = "long_text", _("Trả lời dài")
    NUMBER = "number", _("Số")


# The five levels of the SIPAS scale; 4 and 5 count as satisfied.
SCALE_LEVELS: list[tuple[int, StrOrPromise]] = [
    (1, _("Rất không hài lòng")),
    (2, _("Không hài lòng")),
    (3, _("Bình thường")),
    (4, _("Hài lòng")),
    (5, _("Rất hài lòng")),
]
SATISFIED_LEVELS = (4, 5)


class ResponseChannel(models.TextChoices):
    ONLINE = "online", _("Trực tuyến")
    PAPER = "paper", _("Phiếu giấy (cán bộ nhập)")


class Survey(models.Model):
    """A questionnaire run by a unit; ``unit`` is empty only for shared templates."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị tổ chức"),
        on_delete=models.PROTECT,
        related_name="surveys",
        null=True,
        blank=True,
    )
    title = models.CharField(_("tên khảo sát"), max_length=300)
    description = models.TextField(_("lời giới thiệu"), blank=True)
    is_template = models.BooleanField(_("là mẫu dùng lại"), default=False)
    template_key = models.SlugField(max_length=50, blank=True, help_text="e.g. sipas")
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    publish_results = models.BooleanField(_("công bố kết quả trên cổng thông tin"), default=False)
    require_visit_code = models.BooleanField(
        _("bắt buộc mã lượt giao dịch"),
        default=False,
        help_text=_("Mỗi mã in trên phiếu hẹn/biên nhận chỉ dùng được một lần."),
    )
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("hoạt động kế hoạch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
    )
    output = models.OneToOneField(
        "tracking.Output",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khảo sát")
        verbose_name_plural = _("khảo sát")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_template=True) | Q(unit__isnull=False),
                name="surveys_survey_unit_unless_template",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("staff:survey_builder", args=[self.pk])

    @property
    def current_version(self) -> SurveyVersion | None:
        return self.versions.order_by("-number").first()


class SurveyVersion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "number"], name="surveys_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} v{self.number}"


class Section(models.Model):
    """A group of questions; in the SIPAS template one section is one factor."""

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã"), max_length=20)
    title = models.CharField(_("tên phần"), max_length=300)
    description = models.TextField(_("hướng dẫn"), blank=True)

    class Meta:
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã"), max_length=20)
    text = models.TextField(_("câu hỏi"))
    kind = models.CharField(_("loại câu hỏi"), max_length=12, choices=QuestionKind.choices)
    required = models.BooleanField(_("bắt buộc"), default=False)
    choices = models.JSONField(_("các lựa chọn"), default=list, blank=True)
    # Shown only when the answer to ``show_if`` is one of ``show_if_values``.
    show_if = models.ForeignKey(
        "self",
        verbose_name=_("chỉ hiện khi câu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependents",
    )
    show_if_values = models.JSONField(_("có trả lời"), default=list, blank=True)

    class Meta:
        ordering = ["section__order", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.code}. {self.text}"


class CollectionPoint(models.Model):
    """A public link (and its QR code) for one one-stop desk or unit."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="points")
    unit = models.ForeignKey(
        Unit, verbose_name=_("nơi khảo sát"), on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(_("tên điểm khảo sát"), max_length=300, blank=True)
    token = models.SlugField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "unit"], name="surveys_point_unique_unit")
        ]

    def __str__(self) -> str:
        return self.label or self.unit.display_name

    def get_absolute_url(self) -> str:
        return reverse("surveys:answer", args=[self.token])


class VisitCode(models.Model):
    """A single-use code printed on a visit's receipt; no personal data is attached."""

    point = models.ForeignKey(CollectionPoint, on_delete=models.CASCADE, related_name="visit_codes")
    code = models.CharField(max_length=12, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["point", "pk"]

    def __str__(self) -> str:
        return self.code


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    point = models.ForeignKey(
        CollectionPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(
        max_length=8, choices=ResponseChannel.choices, default=ResponseChannel.ONLINE
    )
    visit_code = models.OneToOneField(
        VisitCode, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["survey", "submitted_at"], name="surveys_response_survey_at")
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.survey}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="surveys_answer_once"),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=5),
                name="surveys_answer_scale_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.scale or self.number or self.text or self.choices}"
