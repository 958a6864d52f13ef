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
