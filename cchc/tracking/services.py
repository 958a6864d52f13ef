"""Recording outputs and their evidence. Bad input is refused whole, in Vietnamese."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.orgs.models import Unit
from cchc.plans.models import Activity, PlanStatus
from cchc.tracking.models import Evidence, Output, OutputKind
from cchc.tracking.permissions import unit_takes_part

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

# Allowed evidence: extension -> the magic bytes its content must start with.
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
EVIDENCE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "webp": ("image/webp", (b"RIFF",)),
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    "doc": ("application/msword", _OLE),
    "xls": ("application/vnd.ms-excel", _OLE),
}


@dataclass(frozen=True)
class OutputData:
    kind: str
    date: datetime.date | None
    quantity: int = 1
    duration_minutes: int | None = None
    participants: int | None = None
    audience_reached: int | None = None
    link: str = ""
    title: str = ""
    notes: str = ""


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _validate(activity: Activity, unit: Unit, data: OutputData) -> None:
    errors: dict[str, list[str]] = {}
    plan = activity.plan
    if plan.status not in (PlanStatus.ISSUED, PlanStatus.CLOSED):
        errors.setdefault("activity", []).append(
            _("Chỉ ghi nhận kết quả cho kế hoạch đã ban hành (kế hoạch này: %(s)s).")
            % {"s": plan.get_status_display()}
        )
    if not unit_takes_part(activity, unit):
        errors.setdefault("unit", []).append(
            _("%(u)s không chủ trì hay phối hợp hoạt động này.") % {"u": unit.display_name}
        )
    if data.kind not in OutputKind.values:
        errors.setdefault("kind", []).append(_("Loại sản phẩm không hợp lệ."))
    if data.date is None:
        errors.setdefault("date", []).append(_("Hãy nhập ngày thực hiện (dd/mm/yyyy)."))
    else:
        if not plan.period_start <= data.date <= plan.period_end:
            errors.setdefault("date", []).append(
                _("Ngày %(d)s nằm ngoài kỳ kế hoạch (%(s)s - %(e)s).")
                % {"d": _d(data.date), "s": _d(plan.period_start), "e": _d(plan.period_end)}
            )
        if data.date > timezone.localdate():
            errors.setdefault("date", []).append(
                _("Ngày %(d)s chưa đến: chỉ ghi nhận việc đã làm.") % {"d": _d(data.date)}
            )
    if data.quantity is None or data.quantity < 1:
        errors.setdefault("quantity", []).append(_("Số lượng phải từ 1 trở lên."))
    for name in ("duration_minutes", "participants", "audience_reached"):
        value = getattr(data, name)
        if value is not None and value < 0:
            errors.setdefault(name, []).append(_("Giá trị không được âm."))
    if errors:
        raise ValidationError(errors)


def _apply(output: Output, data: OutputData) -> None:
    output.kind = data.kind
    assert data.date is not None
    output.date = data.date
    output.quantity = data.quantity
    output.duration_minutes = data.duration_minutes
    output.participants = data.participants
    output.audience_reached = data.audience_reached
    output.link = data.link.strip()
    output.title = " ".join(data.title.split())
    output.notes = data.notes.strip()


@transaction.atomic
def output_record(*, activity: Activity, unit: Unit, data: OutputData, actor: Any = None) -> Output:
    activity = Activity.objects.select_related("plan").get(pk=activity.pk)
    _validate(activity, unit, data)
    output = Output(activity=activity, unit=unit, created_by=actor if getattr(actor, "pk", None) else None)
    _apply(output, data)
    output.save()
    return output


@transaction.atomic
def output_update(*, output: Output, data: OutputData) -> Output:
    output = Output.objects.select_for_update().select_related("activity__plan", "unit").get(pk=output.pk)
    _validate(output.activity, output.unit, data)
    _apply(output, data)
    output.save()
    return output


@transaction.atomic
def output_delete(*, output: Output) -> None:
    for evidence in output.evidence.all():
        evidence.file.delete(save=False)
    output.delete()


def _sniff(name: str, head: bytes) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EVIDENCE_TYPES:
        raise ValidationError(
            {
                "file": _(
                    "Không nhận tệp “%(n)s”: chỉ nhận ảnh (JPG, PNG, WEBP), PDF và tệp văn phòng"
                    " (DOC, DOCX, XLS, XLSX, PPTX, ODT, ODS)."
                )
                % {"n": name}
            }
        )
    content_type, magics = EVIDENCE_TYPES[extension]
    if not any(head.startswith(m) for m in magics) or (extension == "webp" and head[8:12] != b"WEBP"):
        raise ValidationError(
            {"file": _("Tệp “%(n)s” không đúng định dạng .%(e)s (nội dung không khớp).") % {"n": name, "e": extension}}
        )
    return content_type


@transaction.atomic
def evidence_add(*, output: Output, name: str, content: bytes, actor: Any = None) -> Evidence:
    """Store a file as evidence for ``output``: type, size and duplicates checked."""
    if not content:
        raise ValidationError({"file": _("Tệp “%(n)s” rỗng.") % {"n": name}})
    if len(content) > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            {"file": _("Tệp “%(n)s” lớn hơn 10 MB; hãy nén hoặc giảm kích thước ảnh.") % {"n": name}}
        )
    content_type = _sniff(name, content[:16])
    digest = hashlib.sha256(content).hexdigest()
    if Evidence.objects.filter(output=output, sha256=digest).exists():
        raise ValidationError({"file": _("Tệp “%(n)s” đã được tải lên cho sản phẩm này.") % {"n": name}})
    safe_name = name.replace("/", "_").replace("\\", "_")[-150:]
    evidence = Evidence(
        output=output,
        original_name=safe_name,
        content_type=content_type,
        size=len(content),
        sha256=digest,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    evidence.file.save(safe_name, ContentFile(content), save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence) -> None:
    evidence.file.delete(save=False)
    evidence.delete()
