"""Importing index results from an XLSX sheet: every row or none, row-numbered errors.

The first sheet's first row holds the headers (any order, accents and case ignored):

* ``Chỉ số`` (PAR INDEX, SIPAS, PAPI, PCI, DDCI, DTI), ``Năm``, ``Đơn vị`` (name, short
  name or code of a unit inside the chosen scope), ``Điểm`` — required;
* ``Xếp hạng``, ``Trên tổng số``, ``Văn bản công bố`` — optional;
* any other column ``Thành phần: <tên>`` is a component score.

Rows already in the database (same unit, index and year) are updated.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.orgs.models import Unit
from cchc.plans.models import ReformIndex
from cchc.portal.models import IndexResult
from cchc.portal.services import IndexData, _apply_index, clean_text, index_errors
from cchc.text import fold, repair_legacy

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024

COLUMNS = {
    "chi so": "index",
    "nam": "year",
    "don vi": "unit",
    "diem": "score",
    "xep hang": "rank",
    "tren tong so": "ranked_of",
    "van ban cong bo": "source",
}
REQUIRED = ("index", "year", "unit", "score")
COMPONENT_PREFIX = "thanh phan:"
INDEX_NAMES = {fold(label).replace(" ", ""): value for value, label in ReformIndex.choices} | {
    fold(value).replace("_", ""): value for value in ReformIndex.values
}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(repair_legacy(str(value)))


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = _text(value).replace(" ", "")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")  # 1.234,56
    else:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return number.quantize(Decimal("0.01"))


def _int(value: Any) -> int | None:
    number = _decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(str(number))
    return int(number)


class UnitResolver:
    """Units inside ``scope`` by folded name, short name, alias or code."""

    def __init__(self, scope: Unit) -> None:
        self.by_key: dict[str, list[Unit]] = {}
        for unit in Unit.objects.filter(path__startswith=scope.path).prefetch_related("aliases"):
            names = [
                unit.name,
                unit.short_name or "",
                unit.code or "",
                *(a.name for a in unit.aliases.all()),
            ]
            keys = {fold(n) for n in names} - {""}
            for key in keys:
                self.by_key.setdefault(key, []).append(unit)

    def find(self, text: str) -> list[Unit]:
        found = self.by_key.get(fold(text), [])
        current = [u for u in found if u.valid_to is None]
        return current or found


def _read_rows(content: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    if not content:
        raise ValidationError(_("Tệp rỗng."))
    if len(content) > MAX_BYTES:
        raise ValidationError(_("Tệp lớn hơn 5 MB."))
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise ValidationError(
            _("Tệp không phải bảng tính XLSX (Excel 2007 trở lên). Hãy lưu lại dưới dạng .xlsx.")
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise ValidationError(
            _("Không đọc được bảng tính: tệp XLSX bị hỏng hoặc không đúng định dạng.")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(tuple(row))
            if len(rows) > MAX_ROWS + 1:
                raise ValidationError(
                    _("Bảng tính có hơn %(n)d dòng; hãy chia nhỏ tệp.") % {"n": MAX_ROWS}
                )
        return rows
    finally:
        workbook.close()


def _columns(header: tuple[Any, ...]) -> tuple[dict[str, int], dict[str, int]]:
    columns: dict[str, int] = {}
    components: dict[str, int] = {}
    unknown: list[str] = []
    for position, cell in enumerate(header):
        title = _text(cell)
        key = fold(title)
        if not key:
            continue
        if key.startswith(COMPONENT_PREFIX):
            name = title.split(":", 1)[1].strip()
            if name:
                components[name] = position
                continue
        if key in COLUMNS and COLUMNS[key] not in columns:
            columns[COLUMNS[key]] = position
        else:
            unknown.append(title)
    missing = [f for f in REQUIRED if f not in columns]
    problems = []
    if missing:
        labels = {"index": "Chỉ số", "year": "Năm", "unit": "Đơn vị", "score": "Điểm"}
        problems.append(
            _("Thiếu cột bắt buộc: %(c)s.")
            % {"c": ", ".join(labels[f] for f in REQUIRED if f not in columns)}
        )
    if unknown:
        problems.append(
            _("Cột không nhận ra: %(c)s (cột điểm thành phần phải bắt đầu bằng “Thành phần:”).")
            % {"c": ", ".join(f"“{u[:60]}”" for u in unknown[:10])}
        )
    if problems:
        raise ValidationError(" ".join(problems))
    return columns, components


def _cell(row: tuple[Any, ...], position: int | None) -> Any:
    if position is None or position >= len(row):
        return None
    return row[position]


@transaction.atomic
def import_index_results(*, content: bytes, scope: Unit) -> ImportReport:
    """Import the sheet into ``scope`` (a unit and the units below it): all rows or none."""
    rows = _read_rows(content)
    if not rows:
        raise ValidationError(_("Bảng tính không có dòng nào."))
    columns, components = _columns(rows[0])
    resolver = UnitResolver(scope)
    report = ImportReport()
    parsed: list[tuple[int, IndexData]] = []
    seen: dict[tuple[int, str, int], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if all(v is None or _text(v) == "" for v in row):
            continue
        problems: list[str] = []
        index_text = _text(_cell(row, columns["index"]))
        index = INDEX_NAMES.get(fold(index_text).replace(" ", "").replace("_", "").replace("-", ""))
        if index is None:
            problems.append(
                _("chỉ số “%(v)s” không có trong PAR INDEX, SIPAS, PAPI, PCI, DDCI, DTI")
                % {"v": index_text[:40]}
            )
        unit_text = _text(_cell(row, columns["unit"]))
        units = resolver.find(unit_text) if unit_text else []
        if not unit_text:
            problems.append(_("thiếu tên đơn vị"))
        elif not units:
            problems.append(
                _("không tìm thấy đơn vị “%(v)s” trong %(s)s")
                % {"v": unit_text[:80], "s": scope.display_name}
            )
        elif len(units) > 1:
            problems.append(
                _("tên đơn vị “%(v)s” trùng nhiều đơn vị; hãy dùng mã đơn vị")
                % {"v": unit_text[:80]}
            )
        values: dict[str, Any] = {}
        unreadable: set[str] = set()
        for name, label, convert in (
            ("year", _("năm"), _int),
            ("score", _("điểm"), _decimal),
            ("rank", _("xếp hạng"), _int),
            ("ranked_of", _("tổng số"), _int),
        ):
            raw = _cell(row, columns.get(name))
            try:
                values[name] = convert(raw)
            except ValueError:
                problems.append(
                    _("%(f)s “%(v)s” không phải số hợp lệ") % {"f": label, "v": _text(raw)[:40]}
                )
                values[name] = None
                unreadable.add(name)
        if values["year"] is None and "year" not in unreadable:
            problems.append(_("thiếu năm"))
        if values["score"] is None and "score" not in unreadable:
            problems.append(_("thiếu điểm"))
        parts: dict[str, Decimal] = {}
        for name, position in components.items():
            try:
                value = _decimal(_cell(row, position))
            except ValueError:
                problems.append(_("điểm thành phần “%(c)s” không phải số") % {"c": name[:60]})
                continue
            if value is not None:
                parts[name] = value
        if not problems and index is not None and len(units) == 1:
            data = IndexData(
                unit=units[0],
                index=index,
                year=values["year"],
                score=values["score"],
                rank=values["rank"],
                ranked_of=values["ranked_of"],
                components=parts,
                source=_text(_cell(row, columns.get("source"))),
            )
            problems.extend(m for ms in index_errors(data).values() for m in ms)
            key = (units[0].pk, index, values["year"])
            if key in seen:
                problems.append(
                    _("trùng với dòng %(n)d (cùng đơn vị, chỉ số và năm)") % {"n": seen[key]}
                )
            else:
                seen[key] = number
            if not problems:
                parsed.append((number, data))
        if problems:
            report.errors.append(
                _("Dòng %(n)d: %(p)s.")
                % {"n": number, "p": "; ".join(p.rstrip(".") for p in problems)}
            )
    if report.errors:
        raise ValidationError(report.errors)
    if not parsed:
        raise ValidationError(_("Bảng tính không có dòng dữ liệu nào."))
    for _number, data in parsed:
        existing = IndexResult.objects.filter(
            unit=data.unit, index=data.index, year=data.year
        ).first()
        result = _apply_index(existing or IndexResult(), data)
        result.save()
        if existing:
            report.updated += 1
        else:
            report.created += 1
    return report
