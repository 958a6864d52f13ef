"""Load Vietnam's administrative units into the unit tree, from ``vietnamadminunits``.

The loaded tree, under a root "Chính phủ" (code ``VN``):

- the 34 provinces formed by the 2025 reform, each with its communes (xã, phường,
  đặc khu). Provinces formed by a merger start on 1 July 2025; the 11 whose territory
  did not change continue the same body and have no start date;
- the 52 former provinces that were merged (into another, or with another into one
  that kept their name), ended on 30 June 2025 and replaced by the new province;
- the former districts, ended on 30 June 2025, under their former province, or under
  the continuing province when it did not change.

The source is the package's SQLite file and converter JSON, read directly: importing
the package's Python modules would pull in heavy geometry libraries. Loading is
idempotent: units are matched by (kind, code, ended or not), so running it again
creates nothing and only rewrites what the data changed. New rows are written with
``bulk_create`` and materialized paths computed here, in one transaction.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from treebeard.exceptions import PathOverflow

from cchc.orgs.models import REFORM_2025, Unit, UnitAlias, UnitKind
from cchc.orgs.services import default_short_name
from cchc.text import nfc

PACKAGE = "vietnamadminunits"
ROOT_CODE = "VN"
ROOT_NAME = "Chính phủ"
FORMER_UNTIL = REFORM_2025 - datetime.timedelta(days=1)  # 30 June 2025
BATCH_SIZE = 500

# A unit's identity for matching: (kind, code, ended).
Key = tuple[str, str, bool]

# Name prefixes that say what kind of division a unit is, longest first.
_DIVISION_PREFIXES = (
    "Thành phố",
    "Đặc khu",
    "Thị trấn",
    "Thị xã",
    "Phường",
    "Huyện",
    "Quận",
    "Tỉnh",
    "Xã",
)


class AdminUnitsError(Exception):
    """The data cannot be loaded as it stands (a code already used by another unit)."""


class _Writer(Protocol):
    def write(self, msg: str, /) -> Any: ...


@dataclass(frozen=True)
class LoadReport:
    """What a load did: rows created and updated, and how many of each kind it covers."""

    created: int
    updated: int
    provinces: int
    communes: int
    former_provinces: int
    districts: int
    seconds: float

    def summary(self) -> str:
        """One Vietnamese line, with Vietnamese number formatting."""
        return _(
            "Đã nạp %(provinces)s tỉnh, thành phố; %(communes)s xã, phường, đặc khu; "
            "%(former)s tỉnh cũ; %(districts)s huyện cũ (tạo mới %(created)s, cập nhật "
            "%(updated)s) trong %(seconds)s giây."
        ) % {
            "provinces": vi_int(self.provinces),
            "communes": vi_int(self.communes),
            "former": vi_int(self.former_provinces),
            "districts": vi_int(self.districts),
            "created": vi_int(self.created),
            "updated": vi_int(self.updated),
            "seconds": vi_decimal(self.seconds),
        }


def vi_int(number: int) -> str:
    """``4113`` -> ``"4.113"``: Vietnamese groups thousands with a dot."""
    return f"{number:,}".replace(",", ".")


def vi_decimal(number: float, places: int = 1) -> str:
    """``2.14`` -> ``"2,1"``: Vietnamese writes a decimal comma."""
    return f"{number:.{places}f}".replace(".", ",")


@dataclass(frozen=True)
class UnitRow:
    """One unit as the data gives it; ``parent`` None means directly under the root."""

    kind: str
    code: str
    name: str
    division_type: str
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    parent: Key | None = None
    replaced_by: Key | None = None

    @property
    def key(self) -> Key:
        return (self.kind, self.code, self.valid_to is not None)


@dataclass(frozen=True)
class AdminDataset:
    """Everything the loader writes, in writing order within each list."""

    provinces: list[UnitRow]
    former_provinces: list[UnitRow]
    communes: list[UnitRow]
    districts: list[UnitRow]
    # Communes whose ``wardType`` disagrees with their name; the name is used.
    type_mismatches: list[tuple[str, str, str]]

    @property
    def rows(self) -> list[UnitRow]:
        return [*self.provinces, *self.former_provinces, *self.communes, *self.districts]


# --- Reading the package's data -------------------------------------------------------


@contextmanager
def dataset_connection() -> Iterator[sqlite3.Connection]:
    """The package's ``dataset.db``, opened read-only."""
    with resources.as_file(resources.files(PACKAGE) / "data" / "dataset.db") as path:
        uri = f"{Path(path).resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True)
        try:
            yield conn
        finally:
            conn.close()


def read_converter() -> dict[str, list[str]]:
    """New province key -> the keys of the former provinces it was formed from."""
    text = (resources.files(PACKAGE) / "data" / "converter_2025.json").read_text(encoding="utf-8")
    data: dict[str, list[str]] = json.loads(text)["DICT_PROVINCE"]
    return data


def _clean(text: str) -> str:
    return " ".join(nfc(text or "").split())


def _division_type(name: str, fallback: str) -> str:
    """The division type a name starts with ("Phường Ba Đình" -> "phường"), else ``fallback``."""
    for prefix in _DIVISION_PREFIXES:
        if name.startswith(prefix + " "):
            return prefix.lower()
    return _clean(fallback).lower()


def _province_type(name: str) -> str:
    return "thành phố trung ương" if name.startswith("Thành phố ") else "tỉnh"


def read_dataset() -> AdminDataset:
    """Read the provinces, communes, former provinces and former districts to load."""
    converter = read_converter()
    with dataset_connection() as conn:
        new_provinces = conn.execute(
            "SELECT DISTINCT provinceCode, province, provinceKey FROM admin_units"
            " ORDER BY provinceCode"
        ).fetchall()
        wards = conn.execute(
            "SELECT provinceCode, wardCode, ward, wardType FROM admin_units"
            " ORDER BY provinceCode, wardCode"
        ).fetchall()
        old_provinces = conn.execute(
            "SELECT DISTINCT provinceCode, province, provinceKey FROM admin_units_legacy"
            " ORDER BY provinceCode"
        ).fetchall()
        old_districts = conn.execute(
            "SELECT DISTINCT provinceCode, districtCode, district, districtType"
            " FROM admin_units_legacy ORDER BY provinceCode, districtCode"
        ).fetchall()

    new_by_key = {key: (code, _clean(name)) for code, name, key in new_provinces}
    old_by_key = {key: (code, _clean(name)) for code, name, key in old_provinces}
    missing = sorted(set(converter) - set(new_by_key)) + sorted(
        {old for olds in converter.values() for old in olds} - set(old_by_key)
    )
    if missing:
        raise AdminUnitsError(
            _("Dữ liệu đơn vị hành chính không khớp: không tìm thấy %(keys)s.")
            % {"keys": ", ".join(missing)}
        )

    provinces: list[UnitRow] = []
    former: list[UnitRow] = []
    # Former province code -> the unit its districts go under.
    district_parent: dict[str, Key] = {}
    for key, (code, name) in new_by_key.items():
        olds = converter.get(key, [key])
        unchanged = olds == [key]
        row = UnitRow(
            kind=UnitKind.PROVINCE,
            code=code,
            name=name,
            division_type=_province_type(name),
            valid_from=None if unchanged else REFORM_2025,
        )
        provinces.append(row)
        if unchanged:
            district_parent[old_by_key[key][0]] = row.key
            continue
        for old in olds:
            old_code, old_name = old_by_key[old]
            former_row = UnitRow(
                kind=UnitKind.PROVINCE,
                code=old_code,
                name=old_name,
                division_type=_province_type(old_name),
                valid_to=FORMER_UNTIL,
                replaced_by=row.key,
            )
            former.append(former_row)
            district_parent[old_code] = former_row.key
    former.sort(key=lambda r: r.code)

    province_keys = {row.code: row.key for row in provinces}
    communes: list[UnitRow] = []
    mismatches: list[tuple[str, str, str]] = []
    for province_code, code, name, ward_type in wards:
        name = _clean(name)
        division_type = _division_type(name, ward_type)
        if division_type != _clean(ward_type).lower():
            mismatches.append((code, name, ward_type))
        communes.append(
            UnitRow(
                kind=UnitKind.COMMUNE,
                code=code,
                name=name,
                division_type=division_type,
                valid_from=REFORM_2025,
                parent=province_keys[province_code],
            )
        )

    districts = [
        UnitRow(
            kind=UnitKind.DISTRICT,
            code=code,
            name=_clean(name),
            division_type=_division_type(_clean(name), district_type),
            valid_to=FORMER_UNTIL,
            parent=district_parent[province_code],
        )
        for province_code, code, name, district_type in old_districts
    ]
    return AdminDataset(provinces, former, communes, districts, mismatches)


# --- Writing the tree -----------------------------------------------------------------


class _PathAllocator:
    """Hands out the next free child path under each parent, as treebeard's add_child would."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}
        self.added: dict[str, int] = defaultdict(int)
        # Parents already in the database: path -> pk. Their numchild is raised afterwards.
        self.saved_parents: dict[str, int] = {}

    def child_path(self, parent: Unit) -> str:
        pos = self._next.get(parent.path)
        if pos is None:
            pos = 1
            if parent.pk is not None:
                self.saved_parents[parent.path] = parent.pk
                last = (
                    Unit.objects.filter(
                        path__range=Unit._get_children_path_interval(parent.path),
                        depth=parent.depth + 1,
                    )
                    .order_by("-path")
                    .values_list("path", flat=True)
                    .first()
                )
                if last:
                    pos = Unit._str2int(last[-Unit.steplen :]) + 1
        if len(Unit._int2str(pos)) > Unit.steplen:
            raise PathOverflow(f"Path overflow under {parent.path!r}")
        self._next[parent.path] = pos + 1
        self.added[parent.path] += 1
        return Unit._get_path(parent.path, parent.depth + 1, pos)


def _root() -> tuple[Unit, bool]:
    """The root "Chính phủ" (code VN), created when there is none; and whether it was."""
    root = Unit.objects.filter(depth=1, code=ROOT_CODE).order_by("path").first()
    if root is not None:
        return root, False
    if Unit.objects.filter(code=ROOT_CODE, valid_to__isnull=True).exists():
        raise AdminUnitsError(
            _("Mã “%(code)s” đã được dùng cho một đơn vị không phải đơn vị gốc.")
            % {"code": ROOT_CODE}
        )
    last_root = Unit.objects.get_last_root_node()
    root = Unit(
        name=ROOT_NAME,
        kind=UnitKind.CENTRAL,
        code=ROOT_CODE,
        short_name=default_short_name(ROOT_NAME, UnitKind.CENTRAL),
        depth=1,
        numchild=0,
        path=last_root._inc_path() if last_root else Unit._get_path(None, 1, 1),
    )
    root.search_text = root.build_search_text([])
    root.save()
    return root, True


def _check_code_clashes(rows: list[UnitRow]) -> None:
    """Refuse to load when a current code the data needs belongs to a unit of another kind."""
    wanted = {row.code: row.kind for row in rows if row.valid_to is None}
    clashes = [
        (code, name)
        for code, kind, name in Unit.objects.filter(valid_to__isnull=True)
        .exclude(code="")
        .values_list("code", "kind", "name")
        if code in wanted and kind != wanted[code]
    ]
    if clashes:
        listed = "; ".join(f"{code} ({name})" for code, name in clashes[:10])
        raise AdminUnitsError(
            _(
                "Không thể nạp danh mục: các mã sau đã được dùng cho đơn vị khác loại: %(list)s."
                " Hãy sửa mã các đơn vị này rồi chạy lại."
            )
            % {"list": listed}
        )


def _new_unit(row: UnitRow, parent: Unit, allocator: _PathAllocator) -> Unit:
    unit = Unit(
        name=row.name,
        kind=row.kind,
        code=row.code,
        short_name=default_short_name(row.name, row.kind),
        division_type=row.division_type,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        depth=parent.depth + 1,
        numchild=0,
    )
    unit.path = allocator.child_path(parent)
    unit.search_text = unit.build_search_text([])
    return unit


_TRACKED = (
    "name",
    "short_name",
    "division_type",
    "valid_from",
    "valid_to",
    "replaced_by_id",
    "search_text",
)
UPDATED_FIELDS = [
    "name",
    "short_name",
    "division_type",
    "valid_from",
    "valid_to",
    "replaced_by",
    "search_text",
    "updated_at",
]


def _snapshot(unit: Unit) -> tuple[Any, ...]:
    return tuple(getattr(unit, name) for name in _TRACKED)


def _refresh(unit: Unit, row: UnitRow, replaced_by_id: int | None, aliases: list[str]) -> bool:
    """Bring an existing unit in line with the data; whether anything changed.

    A short name someone wrote by hand is kept; one that was the default follows the name.
    Start dates are only set where the data knows them, so a continuing province keeps
    whatever start date it was given.
    """
    before = _snapshot(unit)
    if unit.short_name in ("", default_short_name(unit.name, unit.kind)):
        unit.short_name = default_short_name(row.name, row.kind)
    unit.name = row.name
    unit.division_type = row.division_type
    if row.valid_from is not None:
        unit.valid_from = row.valid_from
    if row.valid_to is not None and (unit.valid_from is None or unit.valid_from <= row.valid_to):
        unit.valid_to = row.valid_to
    if replaced_by_id is not None:
        unit.replaced_by_id = replaced_by_id
    unit.search_text = unit.build_search_text(aliases)
    return before != _snapshot(unit)


def _ensure_pks(units: list[Unit]) -> None:
    """Backends that cannot return ids from a bulk insert: read them back by path."""
    missing = [u for u in units if u.pk is None]
    for start in range(0, len(missing), BATCH_SIZE):
        chunk = missing[start : start + BATCH_SIZE]
        pks = dict(Unit.objects.filter(path__in=[u.path for u in chunk]).values_list("path", "pk"))
        for unit in chunk:
            unit.pk = pks[unit.path]
            unit._state.adding = False


def load_admin_units(*, stdout: _Writer | None = None) -> LoadReport:
    """Load (or bring up to date) the administrative units; see the module docstring."""
    started = time.perf_counter()

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    say(_("Đọc dữ liệu đơn vị hành chính từ gói vietnamadminunits…"))
    data = read_dataset()
    if data.type_mismatches:
        say(
            _("Lưu ý: %(n)s xã, phường có loại ghi trong dữ liệu khác với tên; dùng loại theo tên.")
            % {"n": vi_int(len(data.type_mismatches))}
        )
    rows = data.rows

    with transaction.atomic():
        say(_("Tìm các đơn vị đã có trong cơ sở dữ liệu…"))
        root, root_created = _root()
        _check_code_clashes(rows)
        kinds = {row.kind for row in rows}
        existing: dict[Key, Unit] = {}
        for unit in Unit.objects.filter(kind__in=kinds).exclude(code="").order_by("path"):
            existing.setdefault((unit.kind, unit.code, unit.valid_to is not None), unit)
        aliases: dict[int, list[str]] = defaultdict(list)
        for unit_id, alias in UnitAlias.objects.filter(unit__kind__in=kinds).values_list(
            "unit_id", "name"
        ):
            aliases[unit_id].append(alias)

        # Plan: every row resolves to an existing unit or a new one with its path.
        allocator = _PathAllocator()
        resolved: dict[Key, Unit] = {}
        matched: list[tuple[Unit, UnitRow]] = []
        new_by_key: dict[Key, Unit] = {}
        for row in rows:
            unit = existing.get(row.key)
            if unit is None:
                parent = root if row.parent is None else resolved[row.parent]
                unit = new_by_key[row.key] = _new_unit(row, parent, allocator)
            else:
                matched.append((unit, row))
            resolved[row.key] = unit
        for unit in new_by_key.values():
            unit.numchild = allocator.added.get(unit.path, 0)

        # Write new units stage by stage, so that a former province's replaced_by can
        # point at a current province created in the stage before.
        stages = (
            (_("tỉnh, thành phố"), data.provinces),
            (_("tỉnh cũ"), data.former_provinces),
            (_("xã, phường, đặc khu và huyện cũ"), data.communes + data.districts),
        )
        for label, stage in stages:
            batch = [new_by_key[row.key] for row in stage if row.key in new_by_key]
            if not batch:
                continue
            say(_("Ghi mới %(n)s %(what)s…") % {"n": vi_int(len(batch)), "what": label})
            for row in stage:
                if row.replaced_by is not None and row.key in new_by_key:
                    new_by_key[row.key].replaced_by = resolved[row.replaced_by]
            Unit.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            _ensure_pks(batch)
        for path, added in allocator.added.items():
            pk = allocator.saved_parents.get(path)
            if pk is not None:
                Unit.objects.filter(pk=pk).update(numchild=F("numchild") + added)

        if matched:
            say(
                _("Đối chiếu %(n)s đơn vị đã có với dữ liệu, cập nhật chỗ thay đổi…")
                % {"n": vi_int(len(matched))}
            )
        now = timezone.now()
        changed: list[Unit] = []
        for unit, row in matched:
            replaced_by_id = resolved[row.replaced_by].pk if row.replaced_by else None
            if _refresh(unit, row, replaced_by_id, aliases.get(unit.pk, [])):
                unit.updated_at = now
                changed.append(unit)
        Unit.objects.bulk_update(changed, UPDATED_FIELDS, batch_size=BATCH_SIZE)

    return LoadReport(
        created=len(new_by_key) + (1 if root_created else 0),
        updated=len(changed),
        provinces=len(data.provinces),
        communes=len(data.communes),
        former_provinces=len(data.former_provinces),
        districts=len(data.districts),
        seconds=time.perf_counter() - started,
    )
