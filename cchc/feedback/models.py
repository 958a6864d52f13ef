"""Citizen feedback (phản ánh, kiến nghị): items, their files, history, deadlines and answers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Unit
from cchc.text import fold


def public_search_text(*parts: str) -> str:
    """What the search of published answers matches words against: folded, one line."""
    return " ".join(fold(" ".join(p for p in parts if p)).split())


class Kind(models.TextChoices):
    REPORT = "report", _("Phản ánh")
    PROPOSAL = "proposal", _("Kiến nghị")


class Subject(models.TextChoices):
    PROCEDURE = "procedure", _("Thủ tục hành chính")
    REGULATION = "regulation", _("Quy định hành chính")
    CONDUCT = "conduct", _("Hành vi, thái độ của cán bộ, công chức")
    OTHER = "other", _("Nội dung khác")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Cổng thông tin")
    PHONE = "phone", _("Điện thoại, đường dây nóng")
    LETTER = "letter", _("Thư, văn bản")
    IN_PERSON = "in_person", _("Trực tiếp")


class Status(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    NEED_INFO = "need_info", _("Chờ bổ sung thông tin")
    REJECTED = "rejected", _("Không thụ lý")
    ACCEPTED = "accepted", _("Đã thụ lý")
    ASSIGNED = "assigned", _("Đã chuyển đơn vị xử lý")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    DRAFTED = "drafted", _("Chờ lãnh đạo duyệt trả lời")
    ANSWERED = "answered", _("Đã trả lời")
    PUBLISHED = "published", _("Đã công khai")


# Statuses in which the item is still waiting for an answer (counted for lateness).
OPEN_STATUSES = (
    Status.RECEIVED,
    Status.NEED_INFO,
    Status.ACCEPTED,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.DRAFTED,
)
DONE_STATUSES = (Status.ANSWERED, Status.PUBLISHED)


class RejectReason(models.TextChoices):
    OUT_OF_SCOPE = "out_of_scope", _("Không thuộc phạm vi tiếp nhận")
    DUPLICATE = "duplicate", _("Trùng với phản ánh, kiến nghị đã nhận")
    INSUFFICIENT = "insufficient", _("Không đủ thông tin để xử lý")


class Holiday(models.Model):
    """A public holiday (or a day off decided by the government): not a working day; or,
    with ``working_day``, a weekend day worked in exchange for a day off ("làm bù")."""

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=200)
    working_day = models.BooleanField(
        _("ngày làm bù"),
        default=False,
        help_text=_("Thứ Bảy hoặc Chủ nhật đi làm để bù cho một ngày nghỉ: tính là ngày làm việc."),
    )

    class Meta:
        verbose_name = _("ngày nghỉ lễ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ lễ, ngày làm bù")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class DeadlineRule(models.Model):
    """How many working days the handling of one kind of feedback may take."""

    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc"))
    remind_days_before = models.PositiveSmallIntegerField(
        _("nhắc trước hạn (ngày làm việc)"), default=2
    )

    class Meta:
        verbose_name = _("thời hạn xử lý")
        verbose_name_plural = _("thời hạn xử lý")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.working_days}"


class UnitSetting(models.Model):
    """Per unit: whether it is the default reception desk, and the plan activity answers count for."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="feedback_setting")
    is_default_desk = models.BooleanField(_("nơi tiếp nhận mặc định trên cổng"), default=False)
    hotline_activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("hoạt động đường dây nóng trong kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("cấu hình phản ánh của đơn vị")
        verbose_name_plural = _("cấu hình phản ánh của đơn vị")

    def __str__(self) -> str:
        return self.unit.display_name


class ResponseTemplate(models.Model):
    """A reusable answer text for one subject."""

    subject = models.CharField(_("nội dung phản ánh về"), max_length=16, choices=Subject.choices)
    title = models.CharField(_("tên mẫu"), max_length=200)
    body = models.TextField(_("nội dung mẫu"))
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("mẫu trả lời")
        verbose_name_plural = _("mẫu trả lời")
        ordering = ["subject", "title"]

    def __str__(self) -> str:
        return self.title


class Feedback(models.Model):
    code = models.CharField(_("mã tra cứu"), max_length=12, unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    subject = models.CharField(_("nội dung phản ánh về"), max_length=16, choices=Subject.choices)
    procedure = models.ForeignKey(
        "procedures.Procedure",
        verbose_name=_("thủ tục hành chính"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    subject_detail = models.CharField(
        _("tên quy định, cán bộ hoặc vấn đề"), max_length=300, blank=True
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    content = models.TextField(_("nội dung"))
    place = models.CharField(_("nơi xảy ra"), max_length=300, blank=True)
    # Personal data (Decree 13/2023): shown only to the handling staff.
    name = models.CharField(_("họ và tên"), max_length=150)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    consent_publish = models.BooleanField(_("đồng ý công khai"), default=False)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=16, choices=Channel.choices)
    # The nonce of the portal challenge that admitted it: one token, one item.
    challenge = models.CharField(max_length=32, null=True, blank=True, unique=True, editable=False)

    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    receiving_unit = models.ForeignKey(
        Unit,
        verbose_name=_("nơi tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="feedback_received",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_handled",
    )
    received_on = models.DateField(_("ngày tiếp nhận"))
    due_on = models.DateField(_("hạn trả lời"))
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    published_on = models.DateField(_("ngày công khai"), null=True, blank=True)
    reject_reason = models.CharField(
        _("lý do không thụ lý"), max_length=16, choices=RejectReason.choices, blank=True
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public_title = models.CharField(_("tiêu đề công khai"), max_length=200, blank=True)
    public_content = models.TextField(_("nội dung công khai"), blank=True)
    public_answer = models.TextField(_("trả lời công khai"), blank=True)
    # The public title, content and answer folded (no marks, lower case): what the search of
    # published answers reads, in the database. Kept by ``save``.
    public_search = models.TextField(blank=True, editable=False)
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("tính là sản phẩm của hoạt động"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    output = models.OneToOneField(
        "tracking.Output", null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="feedback_status_due"),
            models.Index(fields=["received_on"], name="feedback_received_on"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.public_search = public_search_text(
            self.public_title, self.public_content, self.public_answer
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "public_search"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("staff:feedback_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def public_subject_label(self) -> str:
        """The subject as the public sees it: no free text (it may name an officer)."""
        if self.procedure_id and self.procedure is not None:
            return f"{self.get_subject_display()}: {self.procedure}"
        return str(self.get_subject_display())

    @property
    def subject_label(self) -> str:
        if self.procedure_id and self.procedure is not None:
            return f"{self.get_subject_display()}: {self.procedure}"
        if self.subject_detail:
            return f"{self.get_subject_display()}: {self.subject_detail}"
        return str(self.get_subject_display())


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"feedback/{instance.feedback.code}/{instance.sha256[:16]}/{filename}"


class Attachment(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name


class Action(models.TextChoices):
    SUBMIT = "submit", _("Tiếp nhận")
    ACCEPT = "accept", _("Thụ lý")
    REJECT = "reject", _("Không thụ lý")
    REQUEST_INFO = "request_info", _("Đề nghị bổ sung thông tin")
    RESUME = "resume", _("Đã bổ sung thông tin")
    ASSIGN = "assign", _("Chuyển đơn vị xử lý")
    TRANSFER = "transfer", _("Chuyển đơn vị khác")
    START = "start", _("Bắt đầu xử lý")
    DRAFT = "draft", _("Dự thảo trả lời")
    RETURN = "return", _("Trả lại dự thảo")
    APPROVE = "approve", _("Duyệt và gửi trả lời")
    PUBLISH = "publish", _("Công khai")
    REMIND = "remind", _("Nhắc hạn")
    ESCALATE = "escalate", _("Báo cáo cấp trên do quá hạn")


class Event(models.Model):
    """One step in an item's history: who did what, from which status to which, and why."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=16, choices=Action.choices)
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.feedback.code} {self.action}"
