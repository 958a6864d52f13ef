"""Documents that plans cite: one record per document, however many plans cite it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.legal.symbols import format_vn_date


class LegalReference(models.Model):
    """A cited document: "Kế hoạch số 40/KH-UBND ngày 01/3/2023 của Chủ tịch UBND tỉnh".

    ``key`` identifies the document (see ``cchc.legal.services.reference_key``): the
    same document cited by two plans, spelled "99KH-UBND" in one and "99/KH-UBND" in the
    other, is one record.
    """

    doc_type = models.CharField(_("loại văn bản"), max_length=64)
    number_symbol = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan, người ban hành"), max_length=255, blank=True)
    subject = models.TextField(_("trích yếu"), blank=True)
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("kế hoạch trong hệ thống"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="references",
    )
    key = models.CharField(max_length=255, unique=True, editable=False)

    class Meta:
        verbose_name = _("văn bản được dẫn")
        verbose_name_plural = _("văn bản được dẫn")
        ordering = ["-issued_on", "doc_type"]

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        """The reference as plans write it."""
        parts = [self.doc_type]
        if self.number_symbol:
            parts.append(f"số {self.number_symbol}")
        if self.issued_on:
            parts.append(f"ngày {format_vn_date(self.issued_on)}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        return " ".join(parts)
