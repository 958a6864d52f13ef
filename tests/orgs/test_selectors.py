"""Finding units by name the way people type them."""

from __future__ import annotations

import pytest

from cchc.orgs.selectors import unit_search, unit_subtree

pytestmark = pytest.mark.django_db


def test_unaccented_long_form_finds_abbreviated_name(tree, people):
    found = unit_search(people["admin"], "uy ban nhan dan xa minh duc")
    assert found[0] == tree.commune_a


def test_search_ignores_case_and_diacritics(tree, people):
    assert unit_search(people["admin"], "SỞ NỘI VỤ")[0] == tree.dept
    assert unit_search(people["admin"], "so noi vu")[0] == tree.dept
    assert unit_search(people["admin"], "cam thanh") == [tree.commune_b]


def test_search_finds_aliases(tree, people):
    assert unit_search(people["admin"], "VP Sở") == [tree.office]


def test_search_is_scoped_to_what_the_user_may_see(tree, people):
    assert unit_search(people["commune_editor"], "cam thanh") == []
    assert unit_search(people["commune_editor"], "minh duc") == [tree.commune_a]


def test_empty_query_finds_nothing(tree, people):
    assert unit_search(people["admin"], "   ") == []


def test_subtree_nests_two_levels_in_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        node = unit_subtree(tree.province, levels=2)
    names = {child.unit.name: [g.unit.name for g in child.children] for child in node.children}
    assert names["Sở Nội vụ"] == ["Văn phòng Sở"]
    assert names["Xã Minh Đức"] == ["Công chức Tư pháp - Hộ tịch"]


def _twins(tree):  # type: ignore[no-untyped-def]
    """A "Xã Minh Đức" in the other province too, each with the same office; a former
    district of the same name as a current commune."""
    import datetime

    from cchc.orgs.models import UnitKind
    from cchc.orgs.services import UnitData, unit_create

    twin = unit_create(
        parent=tree.other_province,
        data=UnitData(name="Xã Minh Đức", kind=UnitKind.COMMUNE, code="25001"),
    )
    twin_post = unit_create(
        parent=twin, data=UnitData(name="Công chức Tư pháp - Hộ tịch", kind=UnitKind.OFFICE)
    )
    former = unit_create(
        parent=tree.province,
        data=UnitData(
            name="Huyện Cẩm Thành", kind=UnitKind.DISTRICT, valid_to=datetime.date(2025, 6, 30)
        ),
    )
    return twin, twin_post, former


def test_labels_tell_apart_units_that_share_a_name(tree, django_assert_num_queries):
    from cchc.orgs.models import Unit
    from cchc.orgs.selectors import unit_labels

    twin, twin_post, former = _twins(tree)
    units = list(Unit.objects.order_by("path"))
    with django_assert_num_queries(0):  # every unit above is in the list
        labels = dict(zip((u.pk for u in units), unit_labels(units), strict=True))
    assert labels[tree.commune_a.pk] == "UBND xã Minh Đức — UBND tỉnh Quảng Ngãi"
    assert labels[twin.pk] == "UBND xã Minh Đức — UBND tỉnh Phú Thọ"
    # The offices share their commune's name too: one level more.
    assert labels[tree.post_a.pk] == (
        "Công chức Tư pháp - Hộ tịch — UBND xã Minh Đức — UBND tỉnh Quảng Ngãi"
    )
    assert labels[twin_post.pk] == (
        "Công chức Tư pháp - Hộ tịch — UBND xã Minh Đức — UBND tỉnh Phú Thọ"
    )
    assert labels[former.pk] == "UBND huyện Cẩm Thành (đến 30/06/2025)"
    assert labels[tree.dept.pk] == "Sở Nội vụ"  # unique names stay as they are
    assert len(set(labels.values())) == len(units)


def test_labels_read_the_units_above_that_the_list_lacks_once_per_level(
    tree, django_assert_num_queries
):
    from cchc.orgs.selectors import unit_labels

    twin, twin_post, _former = _twins(tree)
    with django_assert_num_queries(2):
        labels = unit_labels([tree.post_a, twin_post], ["Tư pháp", "Tư pháp"])
    assert labels == [
        "Tư pháp — UBND xã Minh Đức — UBND tỉnh Quảng Ngãi",
        "Tư pháp — UBND xã Minh Đức — UBND tỉnh Phú Thọ",
    ]
    assert unit_labels([]) == []
