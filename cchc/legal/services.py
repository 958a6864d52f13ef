"""Writes to legal references: one record per cited document."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.legal.models import LegalReference
from cchc.legal.symbols import parse_symbol
from cchc.text import fold, nfc

if TYPE_CHECKING:
    from cchc.plans.models import Plan


@dataclass(frozen=True)
class ReferenceData:
    """A citation as a plan writes it."""

    doc_type: str
    number_symbol: str = ""
    issued_on: datetime.date | None = None
    issuer: str = ""
    subject: str = ""
    plan_id: int | None = None


def reference_key(data: ReferenceData) -> str:
    """What makes two citations the same document.

    With a number, the document type and the normalized symbol ("99KH-UBND" and
    "99/KH-UBND" are one). Numbers restart every year and every body numbers its own
    documents, so a symbol without a year in it ("15/KH-UBND") also needs the date;
    one with a year ("61/2018/NĐ-CP") does not. Without a number: the type, the date
    and the issuer.
    """
    doc_type = fold(data.doc_type)
    symbol = parse_symbol(data.number_symbol) if data.number_symbol else None
    day = data.issued_on.isoformat() if data.issued_on else ""
    if symbol is not None and symbol.is_issued:
        return f"{doc_type}|{symbol.key}" if symbol.year else f"{doc_type}|{symbol.key}|{day}"
    return f"{doc_type}|{fold(data.number_symbol)}|{day}|{fold(data.issuer)}"[:255]


def _clean(data: ReferenceData) -> ReferenceData:
    doc_type = " ".join(nfc(data.doc_type).split())
    if not doc_type:
        raise ValidationError({"doc_type": _("Căn cứ pháp lý phải có loại văn bản (Quyết định, Kế hoạch...).")})
    raw_symbol = " ".join(nfc(data.number_symbol).split())
    symbol = parse_symbol(raw_symbol) if raw_symbol else None
    if raw_symbol and symbol is None:
        raise ValidationError(
            {"number_symbol": _("“%(s)s” không phải số, ký hiệu văn bản (ví dụ 40/KH-UBND).") % {"s": raw_symbol}}
        )
    return ReferenceData(
        doc_type=doc_type,
        number_symbol=symbol.formatted if symbol is not None else "",
        issued_on=data.issued_on,
        issuer=" ".join(nfc(data.issuer).split()),
        subject=" ".join(nfc(data.subject).split()),
        plan_id=data.plan_id,
    )


@transaction.atomic
def reference_get_or_create(*, data: ReferenceData) -> LegalReference:
    """The record for this document, created on first citation, completed on later ones."""
    clean = _clean(data)
    reference, created = LegalReference.objects.get_or_create(
        key=reference_key(clean),
        defaults={
            "doc_type": clean.doc_type,
            "number_symbol": clean.number_symbol,
            "issued_on": clean.issued_on,
            "issuer": clean.issuer,
            "subject": clean.subject,
            "plan_id": clean.plan_id,
        },
    )
    if not created:
        changed = []
        for name in ("issued_on", "issuer", "subject", "plan_id"):
            if not getattr(reference, name) and getattr(clean, name):
                setattr(reference, name, getattr(clean, name))
                changed.append(name)
        if changed:
            reference.save(update_fields=changed)
    return reference


@transaction.atomic
def reference_for_plan(*, plan: Plan) -> LegalReference:
    """The reference that cites ``plan``, linked to it (created when first needed)."""
    issuer = plan.unit.display_name
    data = ReferenceData(
        doc_type=plan.doc_type,
        number_symbol=plan.number_symbol if plan.number and plan.symbol else "",
        issued_on=plan.issued_on,
        issuer=issuer,
        subject=plan.title,
        plan_id=plan.pk,
    )
    existing = LegalReference.objects.filter(plan=plan).first()
    if existing is not None and (existing.number_symbol or not plan.number):
        return existing
    reference = reference_get_or_create(data=data)
    if reference.plan_id != plan.pk:
        reference.plan = plan
        reference.save(update_fields=["plan"])
    return reference
