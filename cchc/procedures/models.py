"""Models of procedures: the catalog of administrative procedures (thủ tục hành chính, TTHC).

The fields follow the procedure record of the national public service portal
(dichvucong.gov.vn): code, name, field, level, implementing agency, who may apply, ways to
submit (each with its time limit and fee), required documents, steps, result, legal basis,
status and dates.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Unit
from cchc.procedures.text import search_text


class Level(models.TextChoices):
    CENTRAL = "central", _("Cấp trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    MULTI = "multi", _("Nhiều cấp")


class Status(models.TextChoices):
    ACTIVE = "active", _("Đang áp dụng")
    NEW = "new", _("Mới ban hành")
    AMENDED = "amended", _("Sửa đổi, bổ sung")
    ABOLISHED = "abolished", _("Đã bãi bỏ")


class SubmissionMethod(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE_FULL = "online_full", _("Trực tuyến toàn trình")
    ONLINE_PARTIAL = "online_partial", _("Trực tuyến một phần")
    POST = "post", _("Qua dịch vụ bưu chính công ích")


class Procedure(models.Model):
    """One administrative procedure as published to citizens."""

    code = models.CharField(_("mã thủ tục"), max_length=50, unique=True)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.CharField(_("lĩnh vực"), max_length=255, db_index=True)
    level = models.CharField(
        _("cấp thực hiện"), max_length=16, choices=Level.choices, db_index=True
    )
    handling_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị giải quyết"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procedures",
    )
    implementing_agency = models.CharField(_("cơ quan thực hiện"), max_length=500, blank=True)
    applicants = models.TextField(_("đối tượng thực hiện"), blank=True)
    # List of {"method": SubmissionMethod, "time_limit": str, "fee": str, "description": str}.
    submission_methods = models.JSONField(_("cách thức thực hiện"), default=list, blank=True)
    online_url = models.URLField(_("địa chỉ dịch vụ công trực tuyến"), max_length=500, blank=True)
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    documents = models.TextField(_("thành phần hồ sơ"), blank=True)
    steps = models.TextField(_("trình tự thực hiện"), blank=True)
    result = models.TextField(_("kết quả thực hiện"), blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    decision = models.CharField(_("quyết định công bố"), max_length=255, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    amended_on = models.DateField(_("ngày sửa đổi"), null=True, blank=True)
    abolished_on = models.DateField(_("ngày bãi bỏ"), null=True, blank=True)
    # Folded (lower case, no diacritics, đ→d) text used by the search index.
    search_name = models.TextField(editable=False, blank=True, default="")
    search_body = models.TextField(editable=False, blank=True, default="")
    changed_on = models.DateField(_("ngày thay đổi"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["field", "level"], name="procedures_field_level"),
            # The misspelling vocabulary is cached until the latest change: a cheap MAX.
            models.Index(fields=["updated_at"], name="procedures_updated_at"),
        ]

    def __str__(self) -> str:
        return f"{self.code} - {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_text()
        self.refresh_changed_on()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_name", "search_body", "changed_on"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("procedures:detail", args=[self.code])

    def refresh_search_text(self) -> None:
        """Fill the folded text the search index reads (done on every save; call it before
        ``bulk_create``)."""
        self.search_name = search_text(self.name)
        methods = " ".join(
            " ".join(str(v) for v in m.values() if v)
            for m in self.submission_methods or []
            if isinstance(m, dict)
        )
        self.search_body = search_text(
            self.code,
            self.field,
            self.implementing_agency,
            self.handling_unit.name if self.handling_unit_id and self.handling_unit else "",
            self.applicants,
            methods,
            self.requirements,
            self.documents,
            self.steps,
            self.result,
            self.legal_basis,
        )

    def refresh_changed_on(self) -> None:
        """The latest of the dates issued, amended and abolished: what "recently changed" sorts by."""
        dates = [d for d in (self.issued_on, self.amended_on, self.abolished_on) if d]
        self.changed_on = max(dates) if dates else None

    def methods(self) -> list[dict[str, str]]:
        """The ways to submit, each with its label, time limit and fee."""
        labels = dict(SubmissionMethod.choices)
        out = []
        for m in self.submission_methods or []:
            if isinstance(m, dict):
                out.append(
                    {
                        "method": str(m.get("method", "")),
                        "label": str(labels.get(m.get("method", ""), m.get("method", ""))),
                        "time_limit": str(m.get("time_limit", "")),
                        "fee": str(m.get("fee", "")),
                        "description": str(m.get("description", "")),
                    }
                )
        return out
