"""Loading Vietnam's administrative units (vietnamadminunits) into the unit tree.

The full load is done once for the module and removed afterwards; tests that write
run inside their own transaction, which is rolled back.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command

from cchc.orgs.adminunits import (
    FORMER_UNTIL,
    AdminUnitsError,
    LoadReport,
    load_admin_units,
    read_dataset,
    vi_decimal,
    vi_int,
)
from cchc.orgs.models import REFORM_2025, Unit, UnitAlias, UnitKind, User
from cchc.orgs.selectors import unit_search
from cchc.orgs.services import UnitData, unit_create

PROVINCES = 34
COMMUNES = 3321
FORMER_PROVINCES = 52  # 63 former provinces less the 11 that did not change
DISTRICTS = 696
ALL = 1 + PROVINCES + FORMER_PROVINCES + COMMUNES + DISTRICTS


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    """One full load for the whole module, committed, and deleted at the end."""
    with django_db_blocker.unblock():
        before = set(Unit.objects.values_list("pk", flat=True))
        report = load_admin_units()
    yield report
    with django_db_blocker.unblock():
        Unit.objects.exclude(pk__in=before).delete()


def current(kind: str, code: str) -> Unit:
    return Unit.objects.get(kind=kind, code=code, valid_to__isnull=True)


def former(kind: str, code: str) -> Unit:
    return Unit.objects.get(kind=kind, code=code, valid_to__isnull=False)


def tree_state() -> list[tuple[int, str, int, int]]:
    return list(Unit.objects.order_by("pk").values_list("pk", "path", "depth", "numchild"))


def test_vietnamese_number_formatting() -> None:
    assert vi_int(4104) == "4.104"
    assert vi_int(12) == "12"
    assert vi_decimal(2.14) == "2,1"


def test_dataset_uses_the_name_when_ward_type_disagrees() -> None:
    data = read_dataset()
    assert len(data.provinces) == PROVINCES
    assert len(data.former_provinces) == FORMER_PROVINCES
    by_code = {row.code: row for row in data.communes}
    # The data says "Xã" for this ward; its name (and the resolution) say phường.
    assert by_code["10543"].name == "Phường Việt Hòa"
    assert by_code["10543"].division_type == "phường"
    assert {code for code, _name, _type in data.type_mismatches} == {
        "10543",
        "11848",
        "31213",
        "31299",
    }


@pytest.mark.django_db
def test_counts(loaded: LoadReport) -> None:
    assert (
        loaded.provinces,
        loaded.communes,
        loaded.former_provinces,
        loaded.districts,
    ) == (PROVINCES, COMMUNES, FORMER_PROVINCES, DISTRICTS)
    assert loaded.created == ALL
    assert loaded.updated == 0
    root = Unit.objects.get(depth=1, code="VN")
    assert (root.name, root.kind) == ("Chính phủ", UnitKind.CENTRAL)
    provinces = Unit.objects.filter(kind=UnitKind.PROVINCE, valid_to__isnull=True)
    assert provinces.count() == PROVINCES
    assert all(Unit.objects.get_parent(p) == root for p in provinces)
    assert (
        Unit.objects.filter(
            kind=UnitKind.COMMUNE, valid_to__isnull=True, valid_from=REFORM_2025
        ).count()
        == COMMUNES
    )
    formers = Unit.objects.filter(kind=UnitKind.PROVINCE, valid_to=FORMER_UNTIL)
    assert formers.count() == FORMER_PROVINCES
    assert not formers.filter(replaced_by__isnull=True).exists()
    assert Unit.objects.filter(kind=UnitKind.DISTRICT, valid_to=FORMER_UNTIL).count() == DISTRICTS
    assert Unit.objects.count() == ALL
    assert root.numchild == PROVINCES + FORMER_PROVINCES


@pytest.mark.django_db
def test_merged_provinces_are_replaced_by_the_new_one(loaded: LoadReport) -> None:
    quang_ngai = current(UnitKind.PROVINCE, "51")
    assert quang_ngai.name == "Tỉnh Quảng Ngãi"
    assert quang_ngai.valid_from == REFORM_2025
    assert quang_ngai.division_type == "tỉnh"
    assert quang_ngai.short_name == "UBND tỉnh Quảng Ngãi"

    kon_tum = former(UnitKind.PROVINCE, "62")
    assert kon_tum.name == "Tỉnh Kon Tum"
    assert kon_tum.valid_to == FORMER_UNTIL
    assert kon_tum.replaced_by == quang_ngai
    # The former Quảng Ngãi (same code, ended) coexists with the new one.
    assert former(UnitKind.PROVINCE, "51").replaced_by == quang_ngai
    assert set(quang_ngai.replaces.values_list("name", flat=True)) == {
        "Tỉnh Kon Tum",
        "Tỉnh Quảng Ngãi",
    }
    kon_tum_city = former(UnitKind.DISTRICT, "608")
    assert kon_tum_city.name == "Thành phố Kon Tum"
    assert kon_tum_city.division_type == "thành phố"
    assert Unit.objects.get_parent(kon_tum_city) == kon_tum
    assert current(UnitKind.PROVINCE, "79").division_type == "thành phố trung ương"


@pytest.mark.django_db
def test_unchanged_province_continues_with_its_former_districts(loaded: LoadReport) -> None:
    son_la = current(UnitKind.PROVINCE, "14")
    assert son_la.name == "Tỉnh Sơn La"
    assert son_la.valid_from is None
    assert not Unit.objects.filter(kind=UnitKind.PROVINCE, code="14", valid_to__isnull=False)
    song_ma = former(UnitKind.DISTRICT, "126")
    assert song_ma.name == "Huyện Sông Mã"
    assert song_ma.division_type == "huyện"
    assert song_ma.short_name == "UBND huyện Sông Mã"
    assert Unit.objects.get_parent(song_ma) == son_la
    assert Unit.objects.get_parent(current(UnitKind.COMMUNE, "04168")) == son_la  # Xã Sông Mã


@pytest.mark.django_db
def test_communes(loaded: LoadReport) -> None:
    hoan_kiem = current(UnitKind.COMMUNE, "00070")
    assert hoan_kiem.name == "Phường Hoàn Kiếm"
    assert hoan_kiem.short_name == "UBND phường Hoàn Kiếm"
    assert hoan_kiem.division_type == "phường"
    assert Unit.objects.get_parent(hoan_kiem).name == "Thành phố Hà Nội"
    con_dao = current(UnitKind.COMMUNE, "26732")
    assert (con_dao.name, con_dao.division_type) == ("Đặc khu Côn Đảo", "đặc khu")
    # Hà Nội did not change: its communes and its former districts sit side by side.
    ha_noi = current(UnitKind.PROVINCE, "01")
    below = Unit.objects.filter(path__startswith=ha_noi.path, depth=ha_noi.depth + 1)
    assert below.filter(kind=UnitKind.COMMUNE).count() == 126
    assert below.filter(kind=UnitKind.DISTRICT).count() == 30
    assert ha_noi.numchild == below.count() == 156


@pytest.mark.django_db
def test_search_finds_commune_by_long_unaccented_name(loaded: LoadReport) -> None:
    admin = User.objects.create_superuser("quantri", "quantri@example.org", "mat-khau-thu-2026")
    found = unit_search(admin, "uy ban nhan dan phuong hoan kiem")
    assert found[0].name == "Phường Hoàn Kiếm"
    assert unit_search(admin, "huyen song ma", include_ended=True)[0].code == "126"


@pytest.mark.django_db
def test_tree_is_sound_without_fix_tree(loaded: LoadReport) -> None:
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    # What fix_tree(fix_paths=True) would rewrite, checked in one query (running it on
    # 4,000 nodes takes ~10 s; bench/load_admin_units.py runs it for real): every depth
    # matches its path, every numchild its children, and children are numbered 1..n.
    steplen = Unit.steplen
    state = tree_state()
    children: dict[str, list[int]] = defaultdict(list)
    for _pk, path, depth, _numchild in state:
        assert depth == len(path) // steplen
        children[path[:-steplen]].append(Unit._str2int(path[-steplen:]))
    for _pk, path, _depth, numchild in state:
        assert numchild == len(children.get(path, []))
    for steps in children.values():
        assert sorted(steps) == list(range(1, len(steps) + 1))


@pytest.mark.django_db
def test_second_run_creates_nothing_and_restores_changed_names(loaded: LoadReport) -> None:
    out = io.StringIO()
    call_command("load_admin_units", stdout=out)
    text = out.getvalue()
    assert "Đã nạp 34 tỉnh, thành phố; 3.321 xã, phường, đặc khu; 52 tỉnh cũ; 696 huyện cũ" in text
    assert "(tạo mới 0, cập nhật 0)" in text
    assert Unit.objects.count() == ALL

    hoan_kiem = current(UnitKind.COMMUNE, "00070")
    Unit.objects.filter(pk=hoan_kiem.pk).update(name="Phường Hoàn Kiếm Cũ", short_name="")
    UnitAlias.objects.create(unit=hoan_kiem, name="Phường Hàng Trống")
    report = load_admin_units()
    assert (report.created, report.updated) == (0, 1)
    hoan_kiem.refresh_from_db()
    assert hoan_kiem.name == "Phường Hoàn Kiếm"
    assert hoan_kiem.short_name == "UBND phường Hoàn Kiếm"
    assert "hang trong" in hoan_kiem.search_text  # aliases stay searchable
    assert Unit.objects.count() == ALL


@pytest.mark.django_db
def test_load_onto_an_existing_tree_appends_after_existing_children(loaded: LoadReport) -> None:
    Unit.objects.all().delete()  # rolled back with the test
    root = unit_create(
        parent=None, data=UnitData(name="Chính phủ", kind=UnitKind.CENTRAL, code="VN")
    )
    province = unit_create(
        parent=root, data=UnitData(name="Tỉnh Quảng Ngãi", kind=UnitKind.PROVINCE, code="51")
    )
    dept = unit_create(parent=province, data=UnitData(name="Sở Nội vụ", kind=UnitKind.AGENCY))

    report = load_admin_units()

    assert report.created == ALL - 2
    assert report.updated == 1  # the province gets its start date
    assert Unit.objects.filter(code="VN").count() == 1
    province.refresh_from_db()
    dept.refresh_from_db()
    assert province.valid_from == REFORM_2025
    assert Unit.objects.get_parent(dept) == province
    children = Unit.objects.get_children(province)
    assert children[0] == dept
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE, path__startswith=province.path)
    assert communes.count() > 0
    assert all(c.path > dept.path for c in communes)
    assert province.numchild == 1 + communes.count()
    root.refresh_from_db()
    assert root.numchild == PROVINCES + FORMER_PROVINCES
    assert Unit.objects.find_problems(parent=province) == ([], [], [], [], [])


@pytest.mark.django_db
def test_code_held_by_a_unit_of_another_kind_stops_the_load(loaded: LoadReport) -> None:
    Unit.objects.filter(code="00070", valid_to__isnull=True).update(kind=UnitKind.AGENCY)
    count = Unit.objects.count()
    with pytest.raises(AdminUnitsError, match="00070"):
        load_admin_units()
    assert Unit.objects.count() == count
