"""The orgs policy: a role on a unit reaches its descendants, and nothing else."""

from __future__ import annotations

import pytest

from cchc.orgs.models import Unit
from cchc.orgs.permissions import can, has_role, unit_scope_q
from cchc.orgs.selectors import unit_visible_qs

pytestmark = pytest.mark.django_db


def test_province_viewer_sees_every_unit_below_and_nothing_beside(tree, people):
    user = people["province_viewer"]
    visible = set(unit_visible_qs(user))
    assert {tree.province, tree.dept, tree.office, tree.commune_a, tree.commune_b, tree.post_a} <= visible
    assert tree.other_province not in visible
    assert tree.root not in visible


def test_commune_editor_cannot_see_another_commune(tree, people):
    user = people["commune_editor"]
    assert can(user, "unit.view", tree.commune_a)
    assert can(user, "unit.view", tree.post_a)
    assert not can(user, "unit.view", tree.commune_b)
    assert not can(user, "unit.view", tree.province)
    assert set(unit_visible_qs(user)) == {tree.commune_a, tree.post_a}


def test_editor_may_not_change_units_but_unit_admin_may(tree, people):
    assert not can(people["dept_editor"], "unit.change", tree.dept)
    assert can(people["dept_admin"], "unit.change", tree.dept)
    assert can(people["dept_admin"], "unit.add_child", tree.office)
    assert not can(people["dept_admin"], "unit.add_child", tree.province)
    assert not can(people["dept_admin"], "unit.change", tree.commune_a)


def test_site_admin_may_do_everything(tree, people):
    for action in ("unit.view", "unit.change", "unit.add_child", "role.manage"):
        assert can(people["admin"], action, tree.root)


def test_user_without_roles_may_do_nothing(tree, people):
    assert not can(people["nobody"], "unit.view", tree.province)
    assert unit_visible_qs(people["nobody"]).count() == 0


def test_roles_are_ordered(tree, people):
    editor = people["dept_editor"]
    assert has_role(editor, tree.office, "viewer")
    assert has_role(editor, tree.office, "editor")
    assert not has_role(editor, tree.office, "approver")


def test_scope_filter_reaches_rows_of_other_models_through_their_unit(tree, people):
    from cchc.orgs.models import RoleAssignment

    q = unit_scope_q(people["province_viewer"], prefix="unit__")
    units = {a.unit for a in RoleAssignment.objects.filter(q)}
    assert tree.commune_a in units and tree.dept in units


def test_unknown_action_is_a_programming_error(tree, people):
    with pytest.raises(ValueError):
        can(people["admin"], "unit.explode", tree.root)


def test_path_prefix_does_not_leak_to_a_sibling_with_a_longer_path(tree, people):
    # Sibling paths have equal length per level, so a prefix test cannot confuse them.
    siblings = Unit.objects.filter(depth=tree.commune_a.depth, path__startswith=tree.province.path)
    assert len({len(u.path) for u in siblings}) == 1
