"""Staff pages for units and roles: who may, who may not, and bad input."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from cchc.orgs.models import Role, RoleAssignment, Unit, UnitKind
from cchc.orgs.services import UnitData, unit_create
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(tree):
    client = Client()
    for url in (
        reverse("staff:dashboard"),
        reverse("staff:unit_tree"),
        reverse("staff:unit_detail", args=[tree.province.pk]),
        reverse("staff:unit_create", args=[tree.province.pk]),
        reverse("staff:unit_edit", args=[tree.province.pk]),
        reverse("staff:unit_import", args=[tree.province.pk]),
        reverse("staff:unit_roles", args=[tree.province.pk]),
        reverse("staff:unit_suggest") + "?q=xa",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


def test_dashboard_shows_the_users_unit_and_roles(tree, people):
    response = client_for(people["commune_editor"]).get(reverse("staff:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "UBND xã Minh Đức" in html
    assert "Biên tập" in html
    assert 'lang="vi"' in html


def test_tree_page_lists_the_units_a_province_viewer_may_see(tree, people):
    response = client_for(people["province_viewer"]).get(reverse("staff:unit_tree"))
    html = response.content.decode()
    assert "UBND tỉnh Quảng Ngãi" in html and "Sở Nội vụ" in html
    assert "Phú Thọ" not in html


def test_commune_editor_gets_404_for_another_commune(tree, people):
    client = client_for(people["commune_editor"])
    assert client.get(reverse("staff:unit_detail", args=[tree.commune_b.pk])).status_code == 404
    assert client.get(reverse("staff:unit_detail", args=[tree.commune_a.pk])).status_code == 200
    assert client.get(reverse("staff:unit_edit", args=[tree.commune_b.pk])).status_code == 404


def test_search_page_finds_unaccented_query(tree, people):
    response = client_for(people["admin"]).get(
        reverse("staff:unit_tree"), {"q": "uy ban nhan dan xa minh duc"}
    )
    assert "UBND xã Minh Đức" in response.content.decode()


def test_suggest_returns_only_visible_units(tree, people):
    response = client_for(people["commune_editor"]).get(reverse("staff:unit_suggest"), {"q": "xa"})
    names = [r["name"] for r in response.json()["results"]]
    assert names == ["UBND xã Minh Đức"]


def test_unit_admin_adds_a_child_unit(tree, people):
    response = client_for(people["dept_admin"]).post(
        reverse("staff:unit_create", args=[tree.dept.pk]),
        {"name": "Phòng Cải cách hành chính", "kind": UnitKind.OFFICE, "aliases": "Phòng CCHC"},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="Phòng Cải cách hành chính")
    assert Unit.objects.get_parent(unit) == tree.dept


def test_editor_may_not_add_or_change_units(tree, people):
    client = client_for(people["dept_editor"])
    url = reverse("staff:unit_create", args=[tree.dept.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "X", "kind": UnitKind.OFFICE}).status_code == 403
    assert client.post(reverse("staff:unit_edit", args=[tree.dept.pk]), {"name": "Y", "kind": "agency"}).status_code == 403
    assert not Unit.objects.filter(name__in=["X", "Y"]).exists()


def test_only_site_admin_adds_a_root(tree, people):
    assert client_for(people["dept_admin"]).get(reverse("staff:unit_create_root")).status_code == 403
    response = client_for(people["admin"]).post(
        reverse("staff:unit_create_root"), {"name": "Bộ Nội vụ", "kind": UnitKind.MINISTRY}
    )
    assert response.status_code == 302


def test_bad_dates_keep_the_form_and_save_nothing(tree, people):
    before = Unit.objects.count()
    response = client_for(people["dept_admin"]).post(
        reverse("staff:unit_create", args=[tree.dept.pk]),
        {"name": "Phòng Mới", "kind": UnitKind.OFFICE, "valid_from": "01/05/2024", "valid_to": "01/01/2024"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "không được trước ngày bắt đầu hiệu lực" in html
    assert 'value="Phòng Mới"' in html
    assert Unit.objects.count() == before


def test_malformed_date_gets_a_vietnamese_message(tree, people):
    response = client_for(people["dept_admin"]).post(
        reverse("staff:unit_create", args=[tree.dept.pk]),
        {"name": "Phòng Mới", "kind": UnitKind.OFFICE, "valid_from": "32/13/2024"},
    )
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ" in response.content.decode() or "hợp lệ" in response.content.decode()


def test_duplicate_code_is_reported_on_the_code_field(tree, people):
    response = client_for(people["admin"]).post(
        reverse("staff:unit_create", args=[tree.province.pk]),
        {"name": "Xã Khác", "kind": UnitKind.COMMUNE, "code": "99001"},
    )
    assert response.status_code == 200
    assert "đã được dùng cho đơn vị" in response.content.decode()


def test_unit_admin_edits_own_unit(tree, people):
    response = client_for(people["dept_admin"]).post(
        reverse("staff:unit_edit", args=[tree.dept.pk]),
        {"name": "Sở Nội vụ tỉnh Quảng Ngãi", "short_name": "Sở Nội vụ", "kind": UnitKind.AGENCY, "aliases": "SNV"},
    )
    assert response.status_code == 302
    tree.dept.refresh_from_db()
    assert tree.dept.name == "Sở Nội vụ tỉnh Quảng Ngãi"


def _csv(text: str, encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("donvi.csv", text.encode(encoding), content_type="text/csv")


def test_csv_import_creates_all_rows(tree, people):
    csv_text = (
        "ma,ten,ten_thuong_dung,loai,ma_cap_tren,hieu_luc_tu,ten_khac\n"
        "P1,Phòng Tổ chức cán bộ,,office,,01/01/2020,Phòng TCCB\n"
        "P2,Tổ Cải cách hành chính,,office,P1,,\n"
    )
    response = client_for(people["dept_admin"]).post(
        reverse("staff:unit_import", args=[tree.dept.pk]), {"file": _csv(csv_text)}
    )
    assert response.status_code == 302
    child = Unit.objects.get(code="P2")
    assert Unit.objects.get_parent(child) == Unit.objects.get(code="P1")
    assert Unit.objects.get_parent(Unit.objects.get(code="P1")) == tree.dept


def test_csv_import_with_a_bad_row_imports_nothing_and_names_the_rows(tree, people):
    before = Unit.objects.count()
    csv_text = (
        "ma,ten,loai,ma_cap_tren,hieu_luc_tu,hieu_luc_den\n"
        "P1,Phòng A,office,,,\n"
        "P2,Phòng B,office,KHONGCO,,\n"
        "P3,Phòng C,office,,01/05/2024,01/01/2024\n"
        "P1,Phòng D,office,,,\n"
        "P5,Phòng E,hanhtinh,,,\n"
    )
    response = client_for(people["dept_admin"]).post(
        reverse("staff:unit_import", args=[tree.dept.pk]), {"file": _csv(csv_text)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "KHONGCO" in html
    assert "trùng với dòng 2" in html
    assert "hanhtinh" in html
    assert Unit.objects.count() == before


def test_csv_in_a_legacy_encoding_is_refused_with_a_reason(tree, people):
    response = client_for(people["dept_admin"]).post(
        reverse("staff:unit_import", args=[tree.dept.pk]),
        {"file": _csv("ma,ten\nP1,Phòng Tổ chức\n", encoding="utf-16")},
    )
    assert "UTF-8" in response.content.decode()
    assert not Unit.objects.filter(code="P1").exists()


def test_csv_with_tcvn3_text_is_refused(tree, people):
    # "Phòng Tổ chức" typed with a TCVN3 (.VnTime) font, read as cp1252.
    response = client_for(people["dept_admin"]).post(
        reverse("staff:unit_import", args=[tree.dept.pk]),
        {"file": _csv("ma,ten\nP1,Phßng Tæ chøc c¸n bé\n")},
    )
    assert "TCVN3" in response.content.decode()
    assert not Unit.objects.filter(code="P1").exists()


def test_xlsx_import_reads_dates_and_codes(tree, people):
    import datetime

    wb = Workbook()
    ws = wb.active
    ws.append(["Mã", "Tên", "Loại", "Hiệu lực từ"])
    ws.append([101, "Trường THPT Trần Quốc Tuấn", "Trường học", datetime.date(2020, 9, 5)])
    buffer = io.BytesIO()
    wb.save(buffer)
    upload = SimpleUploadedFile("donvi.xlsx", buffer.getvalue())
    response = client_for(people["dept_admin"]).post(
        reverse("staff:unit_import", args=[tree.dept.pk]), {"file": upload}
    )
    assert response.status_code == 302
    school = Unit.objects.get(code="101")
    assert school.kind == UnitKind.SCHOOL
    assert school.valid_from == datetime.date(2020, 9, 5)


def test_import_rejects_other_file_types_and_non_admins(tree, people):
    response = client_for(people["dept_admin"]).post(
        reverse("staff:unit_import", args=[tree.dept.pk]),
        {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")},
    )
    assert "Chỉ nhận tệp .csv hoặc .xlsx" in response.content.decode()
    response = client_for(people["dept_editor"]).post(
        reverse("staff:unit_import", args=[tree.dept.pk]), {"file": _csv("ten\nA\n")}
    )
    assert response.status_code == 403


def test_roles_are_granted_and_revoked_after_confirmation(tree, people):
    client = client_for(people["dept_admin"])
    response = client.post(
        reverse("staff:unit_roles", args=[tree.office.pk]),
        {"username": "xa.bientap", "role": Role.VIEWER},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=people["commune_editor"], unit=tree.office)
    url = reverse("staff:role_revoke", args=[assignment.pk])
    confirm = client.get(url)
    assert "Thu hồi quyền?" in confirm.content.decode()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert client.post(url).status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_granting_to_unknown_user_says_so(tree, people):
    response = client_for(people["dept_admin"]).post(
        reverse("staff:unit_roles", args=[tree.dept.pk]), {"username": "khong.co", "role": Role.VIEWER}
    )
    assert "Không có tài khoản" in response.content.decode()


def test_non_admin_cannot_manage_roles(tree, people):
    client = client_for(people["dept_editor"])
    assert client.get(reverse("staff:unit_roles", args=[tree.dept.pk])).status_code == 403
    assignment = RoleAssignment.objects.get(user=people["dept_editor"])
    assert client.post(reverse("staff:role_revoke", args=[assignment.pk])).status_code == 403
    other = client_for(people["commune_editor"])
    assert other.post(reverse("staff:role_revoke", args=[assignment.pk])).status_code == 404


def test_unit_tree_page_of_a_province_with_100_communes_runs_bounded_queries(
    tree, people, django_assert_max_num_queries
):
    for i in range(100):
        commune = unit_create(
            parent=Unit.objects.get(pk=tree.province.pk),
            data=UnitData(name=f"Xã Thử {i}", kind=UnitKind.COMMUNE, code=f"T{i:03d}"),
        )
        unit_create(parent=commune, data=UnitData(name="Công chức Văn hóa - Xã hội", kind=UnitKind.OFFICE))
    client = client_for(people["province_viewer"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("staff:unit_detail", args=[tree.province.pk]))
    assert response.content.decode().count("Công chức Văn hóa - Xã hội") == 100
    with django_assert_max_num_queries(12):
        client.get(reverse("staff:unit_tree"))
