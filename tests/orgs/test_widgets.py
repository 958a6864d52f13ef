"""The unit picker writes the same markup as Django's own select, much faster."""

from __future__ import annotations

import re

import pytest
from django import forms

from cchc.orgs.models import Unit
from cchc.orgs.widgets import UnitSelect

pytestmark = pytest.mark.django_db


def _normal(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def _pair(**kwargs):  # type: ignore[no-untyped-def]
    class Pick(forms.Form):
        fast = forms.ModelChoiceField(
            queryset=Unit.objects.order_by("path"), widget=UnitSelect, **kwargs
        )
        plain = forms.ModelChoiceField(queryset=Unit.objects.order_by("path"), **kwargs)

    return Pick


def test_the_markup_is_the_same_as_djangos_select(tree):
    form_class = _pair(required=False, empty_label="— Chọn đơn vị <tất cả> —")
    form = form_class(initial={"fast": tree.commune_a.pk, "plain": tree.commune_a.pk})
    fast = _normal(str(form["fast"])).replace("id_fast", "id_x").replace('name="fast"', 'name="x"')
    plain = _normal(str(form["plain"])).replace("id_plain", "id_x").replace('name="plain"', 'name="x"')
    assert fast == plain
    assert f'<option value="{tree.commune_a.pk}" selected>' in fast
    assert "&lt;tất cả&gt;" in fast  # labels are escaped


def test_errors_and_groups_render_as_with_djangos_select():
    choices = [("", "—"), ("Tỉnh", [("1", "Sở Nội vụ"), ("2", "Sở <Tư pháp>")]), ("3", "Khác")]

    class Pick(forms.Form):
        fast = forms.ChoiceField(choices=choices, widget=UnitSelect)
        plain = forms.ChoiceField(choices=choices)

    form = Pick(data={"fast": "9", "plain": "9"})
    assert not form.is_valid()
    fast = _normal(str(form["fast"])).replace("fast", "x")
    plain = _normal(str(form["plain"])).replace("plain", "x")
    assert fast == plain and 'aria-invalid="true"' in fast and "<optgroup" in fast


def _communes(tree, count: int) -> None:  # type: ignore[no-untyped-def]
    from cchc.orgs.models import UnitKind
    from cchc.orgs.services import UnitData, unit_create

    first = Unit.objects.count()
    for n in range(first, first + count):
        unit_create(parent=tree.province, data=UnitData(name=f"Xã Số {n}", kind=UnitKind.COMMUNE))


def test_a_long_list_asks_for_a_filter_box_a_short_one_does_not(tree):
    from cchc.orgs.widgets import FILTER_MIN_OPTIONS

    form = _pair(required=False)()
    assert Unit.objects.count() <= FILTER_MIN_OPTIONS
    assert "data-filter" not in str(form["fast"])
    _communes(tree, FILTER_MIN_OPTIONS - Unit.objects.count())
    html = str(_pair(required=False)()["fast"])  # the empty choice is not counted
    assert "data-filter" not in html
    _communes(tree, 1)
    html = str(_pair(required=False)()["fast"])
    assert 'data-filter="Lọc danh sách: gõ vài chữ của tên, không cần dấu"' in html
    assert 'data-filter-status="{shown} trên {total} đơn vị khớp"' in html
    # Otherwise the same markup as Django's select.
    plain = _normal(str(_pair(required=False)()["plain"])).replace("plain", "x")
    fast = re.sub(r' data-filter(-status)?="[^"]*"', "", _normal(html)).replace("fast", "x")
    assert fast == plain


def test_the_plan_editors_unit_lists_ask_for_the_box_when_long():
    from cchc.orgs.widgets import FILTER_MIN_OPTIONS
    from cchc.plans.forms import UnitOptions, UnitsField

    field = UnitsField(label="Đơn vị")
    field.set_options(UnitOptions([(n, f"Đơn vị {n}") for n in range(FILTER_MIN_OPTIONS)]))
    assert "data-filter" not in field.widget.render("leads", [])
    field.set_options(UnitOptions([(n, f"Đơn vị {n}") for n in range(FILTER_MIN_OPTIONS + 1)]))
    html = field.widget.render("leads", ["3"])
    assert 'data-filter="Lọc danh sách' in html and "{shown} trên {total}" in html
    assert '<option value="3" selected>' in html


def test_units_of_the_same_name_are_told_apart_in_the_list(tree):
    from cchc.orgs.models import UnitKind
    from cchc.orgs.services import UnitData, unit_create

    twin = unit_create(
        parent=tree.other_province, data=UnitData(name="Xã Minh Đức", kind=UnitKind.COMMUNE)
    )
    html = str(_pair(required=False)()["fast"])
    assert f'<option value="{tree.commune_a.pk}">UBND xã Minh Đức — UBND tỉnh Quảng Ngãi</option>' in html
    assert f'<option value="{twin.pk}">UBND xã Minh Đức — UBND tỉnh Phú Thọ</option>' in html
    # A field's own labels are kept and only made distinct.
    form = _pair(required=False)()
    form.fields["fast"].label_from_instance = lambda u: u.name.upper()
    html = str(form["fast"])
    assert f'<option value="{twin.pk}">XÃ MINH ĐỨC — UBND tỉnh Phú Thọ</option>' in html
    assert f'<option value="{tree.dept.pk}">SỞ NỘI VỤ</option>' in html


def test_the_plan_editors_lists_tell_apart_the_same_office_in_two_communes(tree):
    from cchc.orgs.models import UnitKind
    from cchc.orgs.services import UnitData, unit_create
    from cchc.plans.forms import plan_unit_options

    other = unit_create(
        parent=tree.commune_b, data=UnitData(name="Công chức Tư pháp - Hộ tịch", kind=UnitKind.OFFICE)
    )
    labels = dict(plan_unit_options(tree.province).choices)
    indent = "\u00a0" * 6
    assert labels[tree.post_a.pk] == indent + "Công chức Tư pháp - Hộ tịch — UBND xã Minh Đức"
    assert labels[other.pk] == indent + "Công chức Tư pháp - Hộ tịch — UBND phường Cẩm Thành"
    assert labels[tree.dept.pk] == "\u00a0" * 3 + "Sở Nội vụ"
