"""Import agencies, offices and outside bodies from CSV or XLSX: every row, or none.

Columns (header row, any order, case and diacritics ignored): ``ma`` (code), ``ten``
(name, required), ``ten_thuong_dung`` (short name), ``loai`` (kind: a code such as
``agency`` or its Vietnamese label such as "Sở, ban, ngành"), ``ma_cap_tren`` (code of
the parent: a unit already under the import's root, or a row above; empty means the
root itself), ``hieu_luc_tu`` and ``hieu_luc_den`` (dd/mm/yyyy), ``ten_khac`` (aliases,
separated by ";").
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.orgs.models import Unit, UnitKind
from cchc.orgs.services import UnitData, unit_create
from cchc.text import detect_legacy, fold

COLUMNS = {
    "ma": "code",
    "ma don vi": "code",
    "ten": "name",
    "ten don vi": "name",
    "ten thuong dung": "short_name",
    "ten viet tat": "short_name",
    "loai": "kind",
    "loai don vi": "kind",
    "ma cap tren": "parent_code",
    "hieu luc tu": "valid_from",
    "hieu luc den": "valid_to",
    "ten khac": "aliases",
}
KIND_BY_FOLDED = {fold(str(label)): value for value, label in UnitKind.choices} | {
    value: value for value in UnitKind.values
}
MAX_ROWS = 5000


@dataclass
class RowError:
    row: int
    message: str


@dataclass
class ImportReport:
    """What an import did, or why it did nothing."""

    errors: list[RowError] = field(default_factory=list)
    created: list[Unit] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(Exception):
    """The file as a whole cannot be read."""


def read_rows(name: str, stream: IO[bytes]) -> list[dict[str, str]]:
    """The rows of a CSV (UTF-8) or XLSX file, as dicts keyed by canonical column."""
    raw = stream.read()
    if name.lower().endswith(".xlsx"):
        table = _xlsx_table(raw)
    else:
        table = _csv_table(raw)
    if not table:
        raise ImportFileError(_("Tệp không có dữ liệu."))
    header = [COLUMNS.get(fold(str(h or "")).replace("_", " ").strip(), "") for h in table[0]]
    if "name" not in header:
        raise ImportFileError(
            _("Không thấy cột “ten” (tên đơn vị) ở dòng tiêu đề. Các cột nhận được: %(cols)s.")
            % {"cols": ", ".join(sorted(set(COLUMNS)))}
        )
    rows = []
    for cells in table[1:]:
        row = {key: str(cell).strip() if cell is not None else "" for key, cell in zip(header, cells, strict=False) if key}
        rows.append(row)
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("Tệp có quá %(n)d dòng.") % {"n": MAX_ROWS})
    return rows


def _csv_table(raw: bytes) -> list[list[Any]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "Tệp không phải mã UTF-8 (lỗi ở dòng %(line)d). Hãy mở tệp bằng Excel hoặc"
                " LibreOffice và lưu lại dạng “CSV UTF-8”."
            )
            % {"line": line}
        ) from exc
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]


def _xlsx_table(raw: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(_("Không đọc được tệp Excel: tệp hỏng hoặc không phải .xlsx.")) from exc
    sheet = workbook.worksheets[0]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return [[_cell(c) for c in row] for row in table if any(c not in (None, "") for c in row)]


def _cell(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.date().strftime("%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def _date(value: str) -> datetime.date | None:
    if not value:
        return None
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise ValueError(value)


def _row_data(row: dict[str, str]) -> UnitData:
    problems = []
    for key, value in row.items():
        encoding = detect_legacy(value) if value else None
        if encoding:
            problems.append(
                _("cột %(col)s có chữ ở bảng mã cũ %(enc)s (“%(v)s”); hãy chuyển sang Unicode")
                % {"col": key, "enc": encoding.upper(), "v": value[:40]}
            )
        if "\ufffd" in value:
            problems.append(_("cột %(col)s có ký tự lỗi mã hóa") % {"col": key})
    kind = KIND_BY_FOLDED.get(fold(row.get("kind", "")) or "agency")
    if kind is None:
        problems.append(_("loại đơn vị “%(k)s” không có trong danh mục") % {"k": row.get("kind")})
    dates = {}
    for key in ("valid_from", "valid_to"):
        try:
            dates[key] = _date(row.get(key, ""))
        except ValueError:
            problems.append(_("ngày “%(v)s” không đúng dạng dd/mm/yyyy") % {"v": row.get(key)})
    if problems:
        raise ValidationError("; ".join(problems))
    return UnitData(
        name=row.get("name", ""),
        kind=kind or UnitKind.AGENCY,
        code=row.get("code", ""),
        short_name=row.get("short_name", ""),
        valid_from=dates.get("valid_from"),
        valid_to=dates.get("valid_to"),
        aliases=tuple(a.strip() for a in row.get("aliases", "").split(";") if a.strip()),
    )


class _Rollback(Exception):
    pass


def unit_import_rows(*, parent: Unit, rows: list[dict[str, str]]) -> ImportReport:
    """Create the units of ``rows`` under ``parent`` in one transaction.

    Every row is checked; if any row fails, nothing is written and the report lists each
    failing row (numbered as in the file, the header being row 1) with its reason.
    """
    report = ImportReport()
    try:
        with transaction.atomic():
            by_code: dict[str, Unit] = {}
            seen_codes: dict[str, int] = {}
            for index, row in enumerate(rows, start=2):
                code = row.get("code", "")
                if code and code in seen_codes:
                    report.errors.append(
                        RowError(index, _("mã “%(c)s” trùng với dòng %(r)d") % {"c": code, "r": seen_codes[code]})
                    )
                    continue
                try:
                    data = _row_data(row)
                    target = _parent_for(parent, row.get("parent_code", ""), by_code)
                    with transaction.atomic():
                        unit = unit_create(parent=target, data=data)
                except ValidationError as exc:
                    report.errors.append(RowError(index, "; ".join(exc.messages)))
                    continue
                if code:
                    seen_codes[code] = index
                    by_code[code] = unit
                report.created.append(unit)
            if report.errors:
                raise _Rollback
    except _Rollback:
        report.created = []
    return report


def _parent_for(root: Unit, parent_code: str, by_code: dict[str, Unit]) -> Unit:
    if not parent_code:
        return Unit.objects.get(pk=root.pk)
    if parent_code in by_code:
        return Unit.objects.get(pk=by_code[parent_code].pk)
    found = Unit.objects.filter(
        code=parent_code, path__startswith=root.path, valid_to__isnull=True
    ).first()
    if found is None:
        raise ValidationError(
            _(
                "không tìm thấy đơn vị cấp trên có mã “%(c)s” trong “%(root)s” hoặc ở các dòng"
                " phía trên"
            )
            % {"c": parent_code, "root": root.display_name}
        )
    return found


def unit_import_file(*, parent: Unit, upload: Any) -> ImportReport:
    try:
        rows = read_rows(upload.name, upload)
    except ImportFileError as exc:
        return ImportReport(errors=[RowError(0, str(exc))])
    if not rows:
        return ImportReport(errors=[RowError(0, _("Tệp chỉ có dòng tiêu đề, không có đơn vị nào."))])
    return unit_import_rows(parent=parent, rows=rows)
