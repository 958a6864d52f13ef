"""Writing procedures: create, update, delete, with Vietnamese validation messages."""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.orgs.models import Unit
from cchc.procedures.models import Level, Procedure, Status, SubmissionMethod
from cchc.text import nfc

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,49}$")
_URL = URLValidator(schemes=["http", "https"])
# Printable text only: control characters (except line breaks and tabs) are refused.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class MethodData:
    method: str
    time_limit: str = ""
    fee: str = ""
    description: str = ""


@dataclass
class ProcedureData:
    code: str
    name: str
    field: str
    level: str
    handling_unit: Unit | None = None
    implementing_agency: str = ""
    applicants: str = ""
    methods: list[MethodData] = dataclasses.field(default_factory=list)
    online_url: str = ""
    requirements: str = ""
    documents: str = ""
    steps: str = ""
    result: str = ""
    legal_basis: str = ""
    decision: str = ""
    status: str = Status.ACTIVE
    issued_on: datetime.date | None = None
    amended_on: datetime.date | None = None
    abolished_on: datetime.date | None = None


_TEXT_FIELDS = (
    "name",
    "field",
    "implementing_agency",
    "applicants",
    "online_url",
    "requirements",
    "documents",
    "steps",
    "result",
    "legal_basis",
    "decision",
)
_MAX_LENGTH = {
    "name": 500,
    "field": 255,
    "implementing_agency": 500,
    "online_url": 500,
    "decision": 255,
}


def _clean(data: ProcedureData) -> None:
    """Normalise the text of ``data`` in place (NFC, trimmed)."""
    data.code = data.code.strip()
    for name in _TEXT_FIELDS:
        setattr(data, name, nfc(str(getattr(data, name) or "")).strip())
    for m in data.methods:
        m.time_limit, m.fee, m.description = (
            nfc(v).strip() for v in (m.time_limit, m.fee, m.description)
        )


def validate(data: ProcedureData, *, instance: Procedure | None = None) -> None:
    """Raise ``ValidationError`` (a dict of Vietnamese messages per field) when ``data`` is bad."""
    _clean(data)
    errors: dict[str, list[str]] = {}

    def bad(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.code:
        bad("code", _("Hãy nhập mã thủ tục."))
    elif not CODE_RE.match(data.code):
        bad(
            "code",
            _(
                "Mã thủ tục chỉ gồm chữ không dấu, chữ số và các dấu . - _ (tối đa 50 ký tự), ví dụ 1.001193."
            ),
        )
    else:
        others = Procedure.objects.filter(code__iexact=data.code)
        if instance is not None:
            others = others.exclude(pk=instance.pk)
        if others.exists():
            bad("code", _("Mã thủ tục “%(c)s” đã có trong danh mục.") % {"c": data.code})
    if not data.name:
        bad("name", _("Hãy nhập tên thủ tục."))
    if not data.field:
        bad("field", _("Hãy nhập lĩnh vực."))
    if data.level not in Level.values:
        bad("level", _("Cấp thực hiện không hợp lệ."))
    if data.status not in Status.values:
        bad("status", _("Tình trạng không hợp lệ."))
    for name in _TEXT_FIELDS:
        value = getattr(data, name)
        if name in _MAX_LENGTH and len(value) > _MAX_LENGTH[name]:
            bad(name, _("Không được dài quá %(n)d ký tự.") % {"n": _MAX_LENGTH[name]})
        if _CONTROL.search(value):
            bad(name, _("Có ký tự điều khiển không hợp lệ."))
    if data.online_url:
        try:
            _URL(data.online_url)
        except ValidationError:
            bad(
                "online_url",
                _(
                    "Địa chỉ dịch vụ công trực tuyến phải là một địa chỉ http:// hoặc https:// hợp lệ."
                ),
            )
    seen = set()
    for m in data.methods:
        if m.method not in SubmissionMethod.values:
            bad("methods", _("Cách thức nộp hồ sơ “%(m)s” không hợp lệ.") % {"m": m.method})
        elif m.method in seen:
            bad(
                "methods",
                _("Cách thức “%(m)s” được nêu hai lần.") % {"m": SubmissionMethod(m.method).label},
            )
        seen.add(m.method)
    if data.status == Status.ABOLISHED and not data.abolished_on:
        bad("abolished_on", _("Thủ tục đã bãi bỏ cần có ngày bãi bỏ."))
    if data.abolished_on and data.status != Status.ABOLISHED:
        bad("status", _("Có ngày bãi bỏ thì tình trạng phải là “Đã bãi bỏ”."))
    if data.status == Status.AMENDED and not data.amended_on:
        bad("amended_on", _("Thủ tục sửa đổi, bổ sung cần có ngày sửa đổi."))
    if data.issued_on and data.amended_on and data.amended_on < data.issued_on:
        bad("amended_on", _("Ngày sửa đổi không được trước ngày ban hành."))
    if data.issued_on and data.abolished_on and data.abolished_on < data.issued_on:
        bad("abolished_on", _("Ngày bãi bỏ không được trước ngày ban hành."))
    if errors:
        raise ValidationError(errors)


def _apply(procedure: Procedure, data: ProcedureData) -> None:
    for name in (
        "code",
        "name",
        "field",
        "level",
        "handling_unit",
        "implementing_agency",
        "applicants",
        "online_url",
        "requirements",
        "documents",
        "steps",
        "result",
        "legal_basis",
        "decision",
        "status",
        "issued_on",
        "amended_on",
        "abolished_on",
    ):
        setattr(procedure, name, getattr(data, name))
    procedure.submission_methods = [
        {"method": m.method, "time_limit": m.time_limit, "fee": m.fee, "description": m.description}
        for m in data.methods
    ]


@transaction.atomic
def procedure_create(*, data: ProcedureData, actor: Any = None) -> Procedure:
    validate(data)
    procedure = Procedure()
    _apply(procedure, data)
    procedure.save()
    return procedure


@transaction.atomic
def procedure_update(*, procedure: Procedure, data: ProcedureData, actor: Any = None) -> Procedure:
    validate(data, instance=procedure)
    _apply(procedure, data)
    procedure.save()
    return procedure


@transaction.atomic
def procedure_delete(*, procedure: Procedure) -> None:
    procedure.delete()


def data_from(procedure: Procedure) -> ProcedureData:
    """The current values of ``procedure``, to change some and save."""
    return ProcedureData(
        code=procedure.code,
        name=procedure.name,
        field=procedure.field,
        level=procedure.level,
        handling_unit=procedure.handling_unit,
        implementing_agency=procedure.implementing_agency,
        applicants=procedure.applicants,
        methods=[
            MethodData(m["method"], m["time_limit"], m["fee"], m["description"])
            for m in procedure.methods()
        ],
        online_url=procedure.online_url,
        requirements=procedure.requirements,
        documents=procedure.documents,
        steps=procedure.steps,
        result=procedure.result,
        legal_basis=procedure.legal_basis,
        decision=procedure.decision,
        status=procedure.status,
        issued_on=procedure.issued_on,
        amended_on=procedure.amended_on,
        abolished_on=procedure.abolished_on,
    )
