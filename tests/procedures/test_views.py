"""Public pages (search, detail, recent, suggestions) and staff pages (list, edit, import)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from cchc.orgs.models import Role, UnitKind
from cchc.orgs.services import UnitData, unit_create
from cchc.procedures.models import Procedure
from tests.conftest import client_for, make_user
from tests.procedures.conftest import make

pytestmark = pytest.mark.django_db


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


# --- Public ----------------------------------------------------------------------------


def test_search_page_without_diacritics_lists_the_procedure(client: Client, catalog):
    response = client.get(reverse("procedures:search"), {"q": "thu tuc dang ky ket hon"})
    assert response.status_code == 200
    body = text(response)
    assert "Thủ tục đăng ký kết hôn" in body
    assert body.index("Thủ tục đăng ký kết hôn") < body.index("Đăng ký khai sinh")
    assert reverse("procedures:detail", args=["1.000894"]) in body


def test_search_page_filters_and_pages(client: Client, catalog, tree):
    response = client.get(reverse("procedures:search"), {"q": "dang ky", "linh_vuc": "Đất đai"})
    assert "Đăng ký đất đai" in text(response) and "Đăng ký khai sinh" not in text(response)
    response = client.get(
        reverse("procedures:search"), {"q": "dang ky", "don_vi": tree.commune_b.pk}
    )
    assert "Đăng ký khai sinh" in text(response) and "Đăng ký khai tử" not in text(response)
    for i in range(25):
        make(f"8.{i}", f"Thủ tục thử số {i}", field="Thử nghiệm")
    first = client.get(reverse("procedures:search"), {"linh_vuc": "Thử nghiệm"})
    assert "Trang 1/2" in text(first) and "trang=2" in text(first)
    second = client.get(reverse("procedures:search"), {"linh_vuc": "Thử nghiệm", "trang": "2"})
    assert "Trang 2/2" in text(second)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        {"q": "\x00"},
        {"q": "<script>alert(1)</script>"},
        {"cap": "khong-co"},
        {"don_vi": "abc"},
        {"don_vi": "99999999999999999999999"},
        {"linh_vuc": "<b>"},
        {"trang": "-1"},
        {"trang": "abc"},
        {"trang": "999999999999"},
        {"q": '" OR 1=1 --'},
    ],
)
def test_bad_search_input_is_handled(client: Client, catalog, params):
    response = client.get(reverse("procedures:search"), params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in text(response)


def test_long_query_says_it_was_cut(client: Client, catalog):
    response = client.get(reverse("procedures:search"), {"q": "ket hon " * 1250})
    assert "chỉ 200 ký tự đầu" in text(response)
    assert "Thủ tục đăng ký kết hôn" in text(response)


def test_bad_filter_shows_a_message(client: Client, catalog):
    response = client.get(reverse("procedures:search"), {"q": "ket hon", "cap": "khong-co"})
    assert "Hãy chọn" in text(response) or "không" in text(response).lower()
    assert "Thủ tục đăng ký kết hôn" in text(response)


def test_misspelling_is_announced(client: Client, catalog):
    response = client.get(reverse("procedures:search"), {"q": "dang ky ket hnon"})
    assert "hiển thị kết quả cho “dang ki ket hon”" in text(response)


def test_suggest_json(client: Client, catalog):
    response = client.get(reverse("procedures:suggest"), {"q": "dang ky khai s"})
    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "code": "1.001193",
                "name": "Đăng ký khai sinh",
                "field": "Hộ tịch",
                "url": reverse("procedures:detail", args=["1.001193"]),
            }
        ]
    }
    assert client.get(reverse("procedures:suggest"), {"q": "x" * 10_000}).json() == {"results": []}
    assert client.get(reverse("procedures:suggest"), {"q": '*"()'}).json() == {"results": []}
    assert client.post(reverse("procedures:suggest"), {"q": "dang"}).status_code == 405


def test_detail_shows_every_part_and_links_out(client: Client, catalog):
    response = client.get(reverse("procedures:detail", args=["1.000894"]))
    body = text(response)
    for part in (
        "Thủ tục đăng ký kết hôn",
        "1.000894",
        "Hộ tịch",
        "Cấp xã",
        "Xã Minh Đức",
        "Trực tiếp",
        "Trực tuyến một phần",
        "Ngay trong ngày",
        "Miễn lệ phí",
        "Tờ khai đăng ký kết hôn",
    ):
        assert part in body
    assert 'href="https://dichvucong.gov.vn/p/home/1.000894"' in body


def test_detail_of_unknown_code_is_404(client: Client, catalog):
    assert client.get(reverse("procedures:detail", args=["khong-co"])).status_code == 404


def test_script_in_procedure_text_is_escaped(client: Client, tree):
    make("7.1", "Thủ tục <script>alert('x')</script>", documents="<img src=x onerror=alert(1)>")
    body = text(client.get(reverse("procedures:detail", args=["7.1"])))
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;" in body
    body = text(client.get(reverse("procedures:search"), {"q": "script"}))
    assert "<script>alert" not in body


def test_abolished_procedure_detail_says_so(client: Client, catalog):
    body = text(client.get(reverse("procedures:detail", args=["1.003440"])))
    assert "đã bãi bỏ từ ngày 01/08/2024" in body
    assert "Nộp hồ sơ trực tuyến" not in body


def test_recently_changed_list_latest_first(client: Client, catalog):
    make("7.2", "Thủ tục mới", issued_on=datetime.date(2025, 9, 1), status="new")
    marriage = catalog["marriage"]
    marriage.amended_on, marriage.status = datetime.date(2025, 10, 1), "amended"
    marriage.save()
    body = text(client.get(reverse("procedures:recent")))
    assert body.index("01/10/2025") < body.index("01/09/2025") < body.index("01/08/2024")
    assert "Sửa đổi, bổ sung" in body and "Đã bãi bỏ" in body


def test_nav_shows_the_procedure_section(client: Client):
    assert reverse("procedures:search") in text(client.get("/"))


# --- Staff -----------------------------------------------------------------------------


def form_data(**extra: str) -> dict[str, str]:
    data = {
        "code": "5.001",
        "name": "Cấp bản sao trích lục hộ tịch",
        "field": "Hộ tịch",
        "level": "commune",
        "status": "active",
        "in_person_on": "on",
        "in_person_time_limit": "Trong ngày",
        "in_person_fee": "8.000 đồng",
        "online_full_time_limit": "Trong ngày",
    }
    data.update(extra)
    return data


def test_staff_pages_need_login_and_an_editor_role(client: Client, people):
    for name in ("staff:procedure_list", "staff:procedure_create", "staff:procedure_import"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert client_for(people["nobody"]).get(reverse(name)).status_code == 403
        assert client_for(people["province_viewer"]).get(reverse(name)).status_code == 403
        assert client_for(people["commune_editor"]).get(reverse(name)).status_code == 200


def test_editor_sees_only_procedures_of_their_units(catalog, people):
    body = text(client_for(people["commune_editor"]).get(reverse("staff:procedure_list")))
    assert "Thủ tục đăng ký kết hôn" in body and "Đăng ký khai sinh" not in body
    body = text(
        client_for(people["admin"]).get(reverse("staff:procedure_list"), {"q": "khai sinh"})
    )
    assert "Đăng ký khai sinh" in body and "Thủ tục đăng ký kết hôn" not in body


def test_editor_creates_a_procedure_with_its_ways_to_submit(tree, people):
    client = client_for(people["commune_editor"])
    response = client.post(
        reverse("staff:procedure_create"), form_data(handling_unit=str(tree.commune_a.pk))
    )
    assert response.status_code == 302
    p = Procedure.objects.get(code="5.001")
    assert p.handling_unit == tree.commune_a
    assert [m["method"] for m in p.methods()] == ["in_person", "online_full"]
    assert p.methods()[0]["fee"] == "8.000 đồng"


def test_editor_cannot_file_under_another_unit(tree, people):
    client = client_for(people["commune_editor"])
    response = client.post(
        reverse("staff:procedure_create"), form_data(handling_unit=str(tree.commune_b.pk))
    )
    assert response.status_code == 200
    assert not Procedure.objects.exists()
    response = client.post(reverse("staff:procedure_create"), form_data())
    assert "Hãy chọn đơn vị giải quyết mà bạn có quyền biên tập" in text(response)
    assert not Procedure.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("code", "mã có dấu", "Mã thủ tục chỉ gồm"),
        ("code", "1.000894", "đã có trong danh mục"),
        ("name", "", "bắt buộc"),
        ("online_url", "javascript:alert(1)", "http:// hoặc https://"),
        ("issued_on", "31/02/2025", "dd/mm/yyyy"),
        ("status", "abolished", "cần có ngày bãi bỏ"),
        ("level", "galaxy", "lựa chọn hợp lệ"),
    ],
)
def test_bad_form_input_changes_nothing(catalog, tree, people, field, value, message):
    before = Procedure.objects.count()
    client = client_for(people["commune_editor"])
    response = client.post(
        reverse("staff:procedure_create"),
        form_data(handling_unit=str(tree.commune_a.pk), **{field: value}),
    )
    assert response.status_code == 200
    assert message in text(response)
    assert Procedure.objects.count() == before


def test_edit_own_procedure_and_404_for_another_units(catalog, people):
    client = client_for(people["commune_editor"])
    marriage = catalog["marriage"]
    url = reverse("staff:procedure_edit", args=[marriage.pk])
    assert "Thủ tục đăng ký kết hôn" in text(client.get(url))
    response = client.post(
        url,
        form_data(
            code=marriage.code,
            name="Đăng ký kết hôn",
            handling_unit=str(marriage.handling_unit_id),
            status="amended",
            amended_on="01/07/2025",
        ),
    )
    assert response.status_code == 302
    marriage.refresh_from_db()
    assert marriage.name == "Đăng ký kết hôn" and marriage.changed_on == datetime.date(2025, 7, 1)
    assert (
        client.get(reverse("staff:procedure_edit", args=[catalog["birth"].pk])).status_code == 404
    )
    assert (
        client.post(
            reverse("staff:procedure_edit", args=[catalog["birth"].pk]), form_data()
        ).status_code
        == 404
    )


def test_import_page_saves_valid_rows_and_lists_rejected_ones(tree, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = (
        "ma,ten,linh_vuc,cap\n"
        "6.1,Đăng ký giám hộ,Hộ tịch,Cấp xã\n"
        "6.2,Đăng ký nuôi con nuôi,Hộ tịch,cấp sao hỏa\n"
    ).encode()
    client = client_for(people["commune_editor"])
    response = client.post(
        reverse("staff:procedure_import"),
        {"file": SimpleUploadedFile("tthc.csv", csv, "text/csv"), "unit": str(tree.commune_a.pk)},
    )
    body = text(response)
    assert "Đã thêm 1 thủ tục, cập nhật 0 thủ tục; 1 dòng bị từ chối." in body
    assert "cấp thực hiện “cấp sao hỏa” không nhận ra" in body
    assert Procedure.objects.get(code="6.1").handling_unit == tree.commune_a


def test_import_page_refuses_a_bad_file(tree, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(people["commune_editor"])
    response = client.post(
        reverse("staff:procedure_import"),
        {
            "file": SimpleUploadedFile(
                "tthc.csv", "ma;tên\n1;Đăng kí".encode("cp1258"), "text/csv"
            ),
            "unit": str(tree.commune_a.pk),
        },
    )
    assert "không phải mã UTF-8" in text(response)
    response = client.post(
        reverse("staff:procedure_import"),
        {"file": SimpleUploadedFile("tthc.exe", b"MZ", "application/x-msdownload")},
    )
    assert "Chỉ nhận tệp .csv, .xlsx hoặc .json." in text(response)
    assert not Procedure.objects.exists()


def test_import_refuses_rows_for_units_out_of_reach(tree, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    make("6.9", "Thủ tục của phường", handling_unit=tree.commune_b)
    csv = "ma,ten,linh_vuc,cap\n6.9,Đổi tên,Hộ tịch,xa\n6.10,Không đơn vị,Hộ tịch,xa\n".encode()
    user = make_user("xa2.bientap", tree.commune_a, Role.EDITOR)
    response = client_for(user).post(
        reverse("staff:procedure_import"), {"file": SimpleUploadedFile("a.csv", csv)}
    )
    body = text(response)
    assert "thuộc đơn vị bạn không được cập nhật" in body or "không có quyền" in body
    assert Procedure.objects.get(code="6.9").name == "Thủ tục của phường"
    assert not Procedure.objects.filter(code="6.10").exists()


def test_ended_units_are_offered_only_to_the_procedure_that_names_one(catalog, tree, people):
    """A former district is not a unit new procedures are filed under; a procedure that
    still names one keeps it when edited."""
    former = unit_create(
        parent=tree.province,
        data=UnitData(
            name="Huyện Tư Nghĩa", kind=UnitKind.DISTRICT, valid_to=datetime.date(2025, 6, 30)
        ),
    )
    client = client_for(people["admin"])
    new_form = text(client.get(reverse("staff:procedure_create")))
    assert "Tư Nghĩa" not in new_form and tree.commune_a.display_name in new_form
    refused = client.post(
        reverse("staff:procedure_create"), form_data(handling_unit=str(former.pk))
    )
    assert refused.status_code == 200 and not Procedure.objects.filter(code="5.001").exists()
    assert "lựa chọn hợp lệ" in text(refused)

    birth = catalog["birth"]
    Procedure.objects.filter(pk=birth.pk).update(handling_unit=former)
    url = reverse("staff:procedure_edit", args=[birth.pk])
    assert "UBND huyện Tư Nghĩa (đến 30/06/2025)" in text(client.get(url))
    kept = client.post(
        url,
        form_data(code=birth.code, name="Đăng ký khai sinh", handling_unit=str(former.pk)),
    )
    assert kept.status_code == 302
    birth.refresh_from_db()
    assert birth.handling_unit_id == former.pk
