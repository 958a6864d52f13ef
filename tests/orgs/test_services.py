"""Writing units: validation in Vietnamese, nothing saved half-way."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from cchc.orgs.models import Unit, UnitKind
from cchc.orgs.services import UnitData, unit_close, unit_create, unit_move, unit_update

pytestmark = pytest.mark.django_db


def test_division_gets_the_peoples_committee_as_short_name(tree):
    assert tree.commune_a.short_name == "UBND xã Minh Đức"
    assert tree.province.short_name == "UBND tỉnh Quảng Ngãi"
    assert tree.dept.short_name == ""


def test_duplicate_code_among_current_units_is_refused(tree):
    before = Unit.objects.count()
    with pytest.raises(ValidationError) as exc:
        unit_create(parent=tree.province, data=UnitData(name="Xã Trùng", kind=UnitKind.COMMUNE, code="99001"))
    assert "đã được dùng" in exc.value.message_dict["code"][0]
    assert Unit.objects.count() == before


def test_code_may_be_reused_when_validity_does_not_overlap(tree):
    old = unit_create(
        parent=tree.province,
        data=UnitData(
            name="Huyện Cũ", kind=UnitKind.DISTRICT, code="555", valid_to=datetime.date(2025, 6, 30)
        ),
    )
    new = unit_create(
        parent=tree.province,
        data=UnitData(name="Xã Mới", kind=UnitKind.COMMUNE, code="555", valid_from=datetime.date(2025, 7, 1)),
    )
    assert old.code == new.code


def test_unit_ending_before_it_starts_is_refused(tree):
    with pytest.raises(ValidationError) as exc:
        unit_create(
            parent=tree.province,
            data=UnitData(
                name="Phòng X",
                kind=UnitKind.OFFICE,
                valid_from=datetime.date(2024, 5, 1),
                valid_to=datetime.date(2024, 1, 1),
            ),
        )
    assert "01/01/2024" in exc.value.message_dict["valid_to"][0]


def test_empty_name_and_unknown_kind_are_refused(tree):
    with pytest.raises(ValidationError) as exc:
        unit_create(parent=tree.province, data=UnitData(name="   ", kind="planet"))
    assert set(exc.value.message_dict) == {"name", "kind"}


def test_moving_a_unit_under_its_own_descendant_is_refused(tree):
    with pytest.raises(ValidationError) as exc:
        unit_move(unit=tree.dept, new_parent=tree.office)
    assert "vòng lặp" in exc.value.message_dict["parent"][0]
    with pytest.raises(ValidationError):
        unit_move(unit=tree.dept, new_parent=tree.dept)
    tree.office.refresh_from_db()
    assert Unit.objects.get_parent(tree.office) == tree.dept


def test_moving_a_unit_takes_its_subtree_along(tree):
    moved = unit_move(unit=tree.dept, new_parent=tree.other_province)
    office = Unit.objects.get(pk=tree.office.pk)
    assert Unit.objects.get_parent(moved) == tree.other_province
    assert office.path.startswith(moved.path)
    assert not Unit.objects.find_problems()[0] and not any(Unit.objects.find_problems())


def test_update_rewrites_aliases_and_search_text(tree):
    data = UnitData(name="Văn phòng Sở Nội vụ", kind=UnitKind.OFFICE, aliases=("VP SNV",))
    unit = unit_update(unit=tree.office, data=data)
    assert [a.name for a in unit.aliases.all()] == ["VP SNV"]
    assert "vp snv" in unit.search_text


def test_closing_a_unit_records_its_successor(tree):
    closed = unit_close(unit=tree.commune_b, valid_to=datetime.date(2025, 6, 30), replaced_by=tree.commune_a)
    assert closed.replaced_by == tree.commune_a
    assert not closed.is_valid_on(datetime.date(2025, 7, 1))
    with pytest.raises(ValidationError):
        unit_close(unit=tree.commune_a, valid_to=datetime.date(2025, 6, 30), replaced_by=tree.commune_a)


def test_names_are_stored_in_nfc(tree):
    decomposed = "Xã Hòa Bình".replace("ò", "o\u0300")
    unit = unit_create(parent=tree.province, data=UnitData(name=decomposed, kind=UnitKind.COMMUNE))
    assert unit.name == "Xã Hòa Bình"
