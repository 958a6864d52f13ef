"""Import procedures from CSV (UTF-8), XLSX or JSON, with a report of rejected rows.

Every valid row is saved (a new code creates the procedure, a known code updates it); each
rejected row is listed with its number (as in the file: the header is row 1 in CSV/XLSX;
in JSON the first object is row 1) and the reason. Rows are saved one by one, each in its
own savepoint, so one bad row never undoes the others.

Columns (header row, any order; case, diacritics, "_" and "-" ignored): ``ma`` (code,
required), ``ten`` (name, required), ``linh_vuc`` (field, required), ``cap`` (level,
required: "Cấp tỉnh", "tinh", "province"...), ``ma_don_vi`` (code of the handling unit;
empty: the unit chosen for the import), ``co_quan_thuc_hien``, ``doi_tuong_thuc_hien``,
``cach_thuc_thuc_hien`` (one way per line or ";": "Trực tiếp | 05 ngày làm việc | 50.000
đồng"), ``dich_vu_cong_truc_tuyen`` (address), ``yeu_cau_dieu_kien``, ``thanh_phan_ho_so``,
``trinh_tu_thuc_hien``, ``ket_qua``, ``can_cu_phap_ly``, ``quyet_dinh_cong_bo``,
``tinh_trang`` ("Đang áp dụng", "Mới ban hành", "Sửa đổi, bổ sung", "Đã bãi bỏ"),
``ngay_ban_hanh``, ``ngay_sua_doi``, ``ngay_bai_bo`` (dd/mm/yyyy). JSON: a list of objects
with these keys (or the English field names); ``cach_thuc_thuc_hien`` may be a list of
``{"method", "time_limit", "fee", "description"}`` objects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.orgs.imports import ImportFileError, _csv_table, _date, _xlsx_table
from cchc.orgs.models import Unit
from cchc.procedures.models import Level, Procedure, Status, SubmissionMethod
from cchc.procedures.services import MethodData, ProcedureData, procedure_create, procedure_update
from cchc.text import detect_legacy, fold

__all__ = ["ImportFileError", "ImportReport", "RowError", "import_file", "import_rows", "read_file"]

MAX_ROWS = 10_000
MAX_BYTES = 20 * 1024 * 1024

COLUMNS = {
    "code": ["ma", "ma thu tuc", "ma tthc", "ma so", "code"],
    "name": ["ten", "ten thu tuc", "ten tthc", "name"],
    "field": ["linh vuc", "field"],
    "level": ["cap", "cap thuc hien", "level"],
    "unit_code": ["ma don vi", "ma don vi giai quyet", "unit code", "unit"],
    "implementing_agency": ["co quan thuc hien", "implementing agency"],
    "applicants": ["doi tuong thuc hien", "doi tuong", "applicants"],
    "methods": ["cach thuc thuc hien", "cach thuc nop", "methods", "submission methods"],
    "online_url": ["dich vu cong truc tuyen", "dia chi dich vu cong", "online url", "url"],
    "requirements": ["yeu cau dieu kien", "yeu cau", "requirements"],
    "documents": ["thanh phan ho so", "ho so", "documents"],
    "steps": ["trinh tu thuc hien", "trinh tu", "steps"],
    "result": ["ket qua", "ket qua thuc hien", "result"],
    "legal_basis": ["can cu phap ly", "legal basis"],
    "decision": ["quyet dinh cong bo", "decision"],
    "status": ["tinh trang", "trang thai", "status"],
    "issued_on": ["ngay ban hanh", "issued on"],
    "amended_on": ["ngay sua doi", "amended on"],
    "abolished_on": ["ngay bai bo", "abolished on"],
}
REQUIRED = ("code", "name", "field", "level")
_HEADER = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}


def _choice_map(choices: list[tuple[str, Any]], extra: dict[str, str]) -> dict[str, str]:
    out = {fold(str(label)): value for value, label in choices} | {
        value: value for value, _l in choices
    }
    return out | extra


LEVELS = _choice_map(
    Level.choices,
    {
        "tinh": "province",
        "huyen": "district",
        "xa": "commune",
        "trung uong": "central",
        "cap bo": "central",
    },
)
STATUSES = _choice_map(
    Status.choices,
    {
        "con hieu luc": "active",
        "moi": "new",
        "sua doi": "amended",
        "bai bo": "abolished",
        "het hieu luc": "abolished",
    },
)
METHODS = _choice_map(
    SubmissionMethod.choices,
    {
        "truc tuyen": "online_partial",
        "dich vu cong truc tuyen toan trinh": "online_full",
        "dich vu cong truc tuyen mot phan": "online_partial",
        "buu chinh": "post",
        "qua buu chinh": "post",
        "buu chinh cong ich": "post",
    },
)


def header_key(name: Any) -> str:
    text = re.sub(r"[\s_\-,./]+", " ", fold(str(name or ""))).strip()
    return _HEADER.get(text, "")


@dataclass
class RowError:
    row: int
    code: str
    message: str


@dataclass
class ImportReport:
    created: list[Procedure] = field(default_factory=list)
    updated: list[Procedure] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def saved(self) -> int:
        return len(self.created) + len(self.updated)


@dataclass
class Table:
    rows: list[tuple[int, dict[str, Any]]]
    ignored_columns: list[str]
    problems: dict[int, str] = field(default_factory=dict)


def _check_columns(keys: list[str], originals: list[Any]) -> list[str]:
    missing = [k for k in REQUIRED if k not in keys]
    if missing:
        labels = {
            "code": "ma (mã thủ tục)",
            "name": "ten (tên thủ tục)",
            "field": "linh_vuc",
            "level": "cap",
        }
        raise ImportFileError(
            _("Thiếu cột bắt buộc: %(cols)s. Dòng tiêu đề phải có các cột ma, ten, linh_vuc, cap.")
            % {"cols": ", ".join(labels[k] for k in missing)}
        )
    return [str(o) for k, o in zip(keys, originals, strict=True) if not k and str(o or "").strip()]


def _table(header: list[Any], body: list[list[Any]], first_row: int) -> Table:
    keys = [header_key(h) for h in header]
    ignored = _check_columns(keys, header)
    rows, problems = [], {}
    for number, cells in enumerate(body, start=first_row):
        if len(cells) > len(header) and any(str(c or "").strip() for c in cells[len(header) :]):
            problems[number] = _("dòng có %(n)d ô, nhiều hơn %(m)d cột của dòng tiêu đề") % {
                "n": len(cells),
                "m": len(header),
            }
        row = {k: c for k, c in zip(keys, cells, strict=False) if k}
        rows.append((number, row))
    return Table(rows, ignored, problems)


def _json_table(raw: bytes) -> Table:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("Tệp JSON không phải mã UTF-8.")) from exc
    except ValueError as exc:
        raise ImportFileError(_("Tệp JSON không đúng cú pháp: %(e)s.") % {"e": exc}) from exc
    if isinstance(data, dict):
        data = data.get("procedures", data.get("thu_tuc"))
    if not isinstance(data, list):
        raise ImportFileError(_("Tệp JSON phải là một danh sách các thủ tục (mảng các đối tượng)."))
    seen_keys: dict[str, str] = {}
    rows: list[tuple[int, dict[str, Any]]] = []
    problems: dict[int, str] = {}
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            problems[number] = _("phần tử không phải một đối tượng JSON")
            rows.append((number, {}))
            continue
        row = {}
        for name, value in item.items():
            key = header_key(name) or (name if name in COLUMNS else "")
            if key:
                row[key] = value
            else:
                seen_keys.setdefault(str(name), str(name))
        rows.append((number, row))
    present = {k for _n, r in rows for k in r}
    if rows and not all(k in present for k in REQUIRED):
        _check_columns(list(present), list(present))
    return Table(rows, sorted(seen_keys), problems)


def read_file(name: str, raw: bytes) -> Table:
    """The rows of the file, keyed by column; ``ImportFileError`` when it cannot be read."""
    if len(raw) > MAX_BYTES:
        raise ImportFileError(_("Tệp lớn quá %(n)d MB.") % {"n": MAX_BYTES // (1024 * 1024)})
    lower = name.lower()
    if lower.endswith(".json"):
        table = _json_table(raw)
    elif lower.endswith(".xlsx"):
        grid = _xlsx_table(raw)
        if not grid:
            raise ImportFileError(_("Tệp không có dữ liệu."))
        table = _table(grid[0], grid[1:], 2)
    elif lower.endswith((".csv", ".txt")):
        grid = _csv_table(raw)
        if not grid:
            raise ImportFileError(_("Tệp không có dữ liệu."))
        table = _table(grid[0], grid[1:], 2)
    else:
        raise ImportFileError(_("Chỉ nhận tệp .csv, .xlsx hoặc .json."))
    if not table.rows:
        raise ImportFileError(_("Tệp không có dòng thủ tục nào."))
    if len(table.rows) > MAX_ROWS:
        raise ImportFileError(_("Tệp có quá %(n)d dòng.") % {"n": MAX_ROWS})
    return table


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _methods(value: Any, problems: list[str]) -> list[MethodData]:
    out = []
    if isinstance(value, list):
        for item in value:
            if not isinstance(item, dict):
                problems.append(_("cách thức thực hiện phải là danh sách đối tượng"))
                return []
            method = METHODS.get(fold(_text(item.get("method"))))
            if method is None:
                problems.append(
                    _("cách thức “%(m)s” không nhận ra") % {"m": _text(item.get("method"))[:40]}
                )
                continue
            out.append(
                MethodData(
                    method,
                    _text(item.get("time_limit")),
                    _text(item.get("fee")),
                    _text(item.get("description")),
                )
            )
        return out
    for line in re.split(r"[\n;]+", _text(value)):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        method = METHODS.get(fold(parts[0]))
        if method is None:
            problems.append(
                _(
                    "cách thức “%(m)s” không nhận ra (dùng: Trực tiếp, Trực tuyến toàn trình, Trực tuyến một phần,"
                    " Qua dịch vụ bưu chính công ích)"
                )
                % {"m": parts[0][:40]}
            )
            continue
        parts += ["", "", ""]
        out.append(MethodData(method, parts[1], parts[2], parts[3]))
    return out


def row_data(row: dict[str, Any], default_unit: Unit | None) -> ProcedureData:
    """The procedure a row describes; ``ValidationError`` with every problem of the row."""
    problems: list[str] = []
    for key, value in row.items():
        if isinstance(value, str) and value:
            encoding = detect_legacy(value)
            if encoding:
                problems.append(
                    _("cột %(col)s có chữ ở bảng mã cũ %(enc)s (“%(v)s”); hãy chuyển sang Unicode")
                    % {"col": key, "enc": encoding.upper(), "v": value[:40]}
                )
            if "\ufffd" in value:
                problems.append(_("cột %(col)s có ký tự lỗi mã hóa") % {"col": key})
    level = LEVELS.get(fold(_text(row.get("level"))))
    if level is None:
        problems.append(
            _(
                "cấp thực hiện “%(v)s” không nhận ra (dùng: Cấp tỉnh, Cấp huyện, Cấp xã, Cấp trung ương, Nhiều cấp)"
            )
            % {"v": _text(row.get("level"))[:40]}
        )
    status = STATUSES.get(fold(_text(row.get("status"))) or "active")
    if status is None:
        problems.append(
            _("tình trạng “%(v)s” không nhận ra") % {"v": _text(row.get("status"))[:40]}
        )
    dates = {}
    for key in ("issued_on", "amended_on", "abolished_on"):
        try:
            dates[key] = _date(_text(row.get(key)))
        except ValueError:
            problems.append(
                _("ngày “%(v)s” không đúng dạng dd/mm/yyyy") % {"v": _text(row.get(key))[:20]}
            )
    unit = default_unit
    unit_code = _text(row.get("unit_code"))
    if unit_code:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            problems.append(_("không có đơn vị mã “%(c)s”") % {"c": unit_code[:40]})
    methods = _methods(row.get("methods"), problems)
    if problems:
        raise ValidationError("; ".join(problems))
    return ProcedureData(
        code=_text(row.get("code")),
        name=_text(row.get("name")),
        field=_text(row.get("field")),
        level=level or "",
        handling_unit=unit,
        implementing_agency=_text(row.get("implementing_agency")),
        applicants=_text(row.get("applicants")),
        methods=methods,
        online_url=_text(row.get("online_url")),
        requirements=_text(row.get("requirements")),
        documents=_text(row.get("documents")),
        steps=_text(row.get("steps")),
        result=_text(row.get("result")),
        legal_basis=_text(row.get("legal_basis")),
        decision=_text(row.get("decision")),
        status=status or "",
        issued_on=dates.get("issued_on"),
        amended_on=dates.get("amended_on"),
        abolished_on=dates.get("abolished_on"),
    )


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(m for msgs in exc.message_dict.values() for m in msgs)
    return "; ".join(exc.messages)


def import_rows(
    table: Table,
    *,
    unit: Unit | None,
    may_change: Callable[[Procedure], bool],
    may_use_unit: Callable[[Unit | None], bool],
    actor: Any = None,
) -> ImportReport:
    """Save each valid row; list each rejected one with its number and reason."""
    report = ImportReport(ignored_columns=table.ignored_columns)
    seen: dict[str, int] = {}
    for number, row in table.rows:
        code = _text(row.get("code"))
        if number in table.problems:
            report.errors.append(RowError(number, code, table.problems[number]))
            continue
        folded = code.lower()
        if folded and folded in seen:
            report.errors.append(
                RowError(
                    number,
                    code,
                    _("mã “%(c)s” trùng với dòng %(r)d") % {"c": code, "r": seen[folded]},
                )
            )
            continue
        if folded:
            seen[folded] = number
        try:
            data = row_data(row, unit)
            if not may_use_unit(data.handling_unit):
                raise ValidationError(_("bạn không có quyền cập nhật thủ tục của đơn vị này"))
            existing = Procedure.objects.filter(code__iexact=code).first() if code else None
            with transaction.atomic():
                if existing is None:
                    report.created.append(procedure_create(data=data, actor=actor))
                elif may_change(existing):
                    report.updated.append(
                        procedure_update(procedure=existing, data=data, actor=actor)
                    )
                else:
                    raise ValidationError(
                        _("mã “%(c)s” đã có, thuộc đơn vị bạn không được cập nhật") % {"c": code}
                    )
        except ValidationError as exc:
            report.errors.append(RowError(number, code, _messages(exc)))
    return report


def import_file(
    name: str,
    raw: bytes,
    *,
    unit: Unit | None,
    may_change: Callable[[Procedure], bool],
    may_use_unit: Callable[[Unit | None], bool],
    actor: Any = None,
) -> ImportReport:
    return import_rows(
        read_file(name, raw),
        unit=unit,
        may_change=may_change,
        may_use_unit=may_use_unit,
        actor=actor,
    )
