"""Staff pages for plans: who may and who may not, the editor round trip, lifecycle, cascade."""

from __future__ import annotations

import datetime
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from cchc.orgs.models import Role, Unit, UnitKind
from cchc.orgs.services import UnitData, role_grant, unit_create
from cchc.plans.models import Activity, Plan, PlanEvent, PlanStatus
from cchc.plans.services import (
    ActivityData,
    UnitRef,
    plan_approve,
    plan_create,
    plan_derive,
    plan_submit,
    plan_update,
)
from tests.conftest import client_for, make_user
from tests.plans.conftest import issued, province_plan_data

pytestmark = pytest.mark.django_db

SECTIONS = (
    "legal_bases",
    "themes",
    "audiences",
    "channels",
    "activities",
    "responsibilities",
    "funding_sources",
    "reporting_duties",
)


class _FormReader(HTMLParser):
    """Reads what a browser would submit from one form of a page."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.in_template = 0
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text = ""
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if tag == "template":
            self.in_template += 1
        if not self.inside or self.in_template:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value") or "on"))
            else:
                self.fields.append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value") or ""))

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "template":
            self.in_template -= 1
        elif tag == "form" and self.inside and not self.in_template:
            self.inside = False
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._textarea is not None:
            self._text += data


def read_form(html: str, form_id: str = "plan-form") -> dict[str, list[str]]:
    reader = _FormReader(form_id)
    reader.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(value)
    return data


def editor_data(main: dict[str, str], **rows: list[dict[str, object]]) -> dict[str, object]:
    """A POST of the editor: the plan's fields and the rows of each list."""
    data: dict[str, object] = dict(main)
    for prefix in SECTIONS:
        items = rows.get(prefix, [])
        data[f"{prefix}-TOTAL_FORMS"] = str(len(items))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for i, row in enumerate(items):
            for key, value in row.items():
                data[f"{prefix}-{i}-{key}"] = value
    return data


MAIN = {
    "doc_type": "Kế hoạch",
    "title": "Kế hoạch tuyên truyền cải cách hành chính năm 2025",
    "period_start": "01/01/2025",
    "period_end": "31/12/2025",
    "period_label": "năm 2025",
    "symbol": "KH-UBND",
    "place": "Quảng Ngãi",
    "objectives": "Nâng cao nhận thức về CCHC.",
    "recipients": "- Bộ Nội vụ;\n- Lưu: VT, NC.",
}


@pytest.fixture
def approver(tree):  # type: ignore[no-untyped-def]
    """A province editor who also approves."""
    user = make_user("tinh.pheduyet", tree.province, Role.EDITOR)
    role_grant(user=user, unit=tree.province, role=Role.APPROVER)
    return user


@pytest.fixture
def province_editor(tree):  # type: ignore[no-untyped-def]
    return make_user("tinh.bientap", tree.province, Role.EDITOR)


# --- Who may see what -------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login_from_every_plan_page(tree, province_plan):
    client = Client()
    pk = province_plan.pk
    gets = [reverse("staff:plan_list"), reverse("staff:plan_create") + f"?unit={tree.province.pk}"]
    gets += [
        reverse(f"staff:plan_{name}", args=[pk])
        for name in ("detail", "edit", "return", "issue", "close", "delete", "coverage")
    ]
    posts = [
        reverse(f"staff:plan_{name}", args=[pk])
        for name in ("submit", "approve", "revise", "derive", "edit", "delete", "close", "issue", "return")
    ]
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    for url in posts:
        response = client.post(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    assert Plan.objects.filter(pk=pk, status=PlanStatus.DRAFT).exists()


def test_plan_list_shows_plans_in_reach_with_number_or_no_number(tree, people, province_plan):
    plan_issued = issued(plan_create(data=province_plan_data(tree, title="Kế hoạch đã ban hành"), actor=None))
    html = client_for(people["province_viewer"]).get(reverse("staff:plan_list")).content.decode()
    assert province_plan.title in html
    assert "Chưa có số" in html
    assert plan_issued.number_symbol == "40/KH-UBND"
    assert "40/KH-UBND" in html
    assert "Đã ban hành" in html and "Dự thảo" in html
    assert "UBND tỉnh Quảng Ngãi" in html


def test_commune_editor_cannot_see_another_communes_plan(tree, people):
    plan_b = plan_create(
        data=province_plan_data(
            tree,
            unit_id=tree.commune_b.pk,
            title="Kế hoạch của phường",
            activities=(ActivityData("Loa phường", leads=(UnitRef(tree.commune_b.pk),)),),
        )
    )
    client = client_for(people["commune_editor"])
    for name in ("detail", "edit", "coverage", "issue", "delete"):
        assert client.get(reverse(f"staff:plan_{name}", args=[plan_b.pk])).status_code == 404, name
    assert client.post(reverse("staff:plan_submit", args=[plan_b.pk])).status_code == 404
    assert "Kế hoạch của phường" not in client.get(reverse("staff:plan_list")).content.decode()
    assert client.get(reverse("staff:plan_detail", args=[999999])).status_code == 404


def test_named_commune_reads_the_province_plan_and_finds_it_assigned_to_it(tree, people, province_plan):
    """The province plan names Xã Minh Đức, so its editor sees it under "assigned to us"."""
    other = plan_create(
        data=province_plan_data(
            tree,
            title="Kế hoạch không giao cho xã",
            activities=(ActivityData("Hội nghị", leads=(UnitRef(tree.dept.pk),)),),
        )
    )
    own = plan_create(
        data=province_plan_data(
            tree,
            unit_id=tree.commune_a.pk,
            title="Kế hoạch riêng của xã",
            activities=(ActivityData("Loa xã", leads=(UnitRef(label="Công chức Văn hóa - Xã hội"),)),),
        )
    )
    client = client_for(people["commune_editor"])
    response = client.get(reverse("staff:plan_detail", args=[province_plan.pk]))
    assert response.status_code == 200
    assert "KẾ HOẠCH" in response.content.decode()
    assert client.get(reverse("staff:plan_detail", args=[other.pk])).status_code == 404

    everything = client.get(reverse("staff:plan_list")).content.decode()
    assert province_plan.title in everything and own.title in everything
    assert "Giao cho đơn vị tôi" in everything
    assigned = client.get(reverse("staff:plan_list"), {"assigned_to_me": "on"}).content.decode()
    assert province_plan.title in assigned
    assert own.title not in assigned
    assert other.title not in assigned


def test_commune_editor_may_read_but_not_edit_the_province_plan(tree, people, province_plan):
    client = client_for(people["commune_editor"])
    url = reverse("staff:plan_edit", args=[province_plan.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, editor_data(MAIN)).status_code == 403
    province_plan.refresh_from_db()
    assert province_plan.title == "Kế hoạch tuyên truyền cải cách hành chính năm 2024"
    html = client.get(reverse("staff:plan_detail", args=[province_plan.pk])).content.decode()
    assert "Sửa kế hoạch" not in html and "Trình duyệt" not in html


def test_list_filters_by_year_unit_status_area_channel_and_text(tree, people, province_plan):
    commune_plan = plan_create(
        data=province_plan_data(
            tree,
            unit_id=tree.commune_a.pk,
            title="Kế hoạch CCHC xã Minh Đức 2023",
            period_start=datetime.date(2023, 1, 1),
            period_end=datetime.date(2023, 12, 31),
            themes=(),
            activities=(ActivityData("Hội nghị", channels=("meeting",), leads=(UnitRef(tree.commune_a.pk),)),),
        )
    )
    client = client_for(people["admin"])

    def titles(**params: str) -> str:
        return client.get(reverse("staff:plan_list"), params).content.decode()

    assert commune_plan.title in titles(year="2023") and province_plan.title not in titles(year="2023")
    only_commune = titles(unit=str(tree.commune_a.pk))
    assert commune_plan.title in only_commune and province_plan.title not in only_commune
    assert province_plan.title in titles(area="digital") and commune_plan.title not in titles(area="digital")
    assert commune_plan.title in titles(channel="meeting") and province_plan.title not in titles(channel="meeting")
    assert province_plan.title in titles(channel="contest") and commune_plan.title not in titles(channel="contest")
    assert province_plan.title not in titles(status="issued")
    assert commune_plan.title in titles(q="Minh Đức") and province_plan.title not in titles(q="Minh Đức")


def test_bad_filter_values_are_ignored_with_a_notice(tree, people, province_plan):
    response = client_for(people["admin"]).get(
        reverse("staff:plan_list"), {"year": "hai nghìn", "unit": "abc", "status": "bogus", "area": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "không hợp lệ nên đã được bỏ qua" in html
    assert "Năm" in html and "Trạng thái" in html
    assert province_plan.title in html


def test_unit_filter_accepts_a_unit_outside_the_select_when_visible(tree, people, province_plan):
    """The select stops two levels down; ?unit= can still name a deeper unit in reach."""
    response = client_for(people["admin"]).get(reverse("staff:plan_list"), {"unit": str(tree.post_a.pk)})
    html = response.content.decode()
    assert "không hợp lệ" not in html
    assert f'<option value="{tree.post_a.pk}" selected>' in html
    response = client_for(people["commune_editor"]).get(reverse("staff:plan_list"), {"unit": str(tree.commune_b.pk)})
    assert "không hợp lệ nên đã được bỏ qua" in response.content.decode()


def test_list_of_100_plans_runs_a_bounded_number_of_queries(
    tree, people, django_assert_max_num_queries
):
    data = province_plan_data(tree, activities=(), themes=(), legal_bases=())
    for i in range(100):
        plan_create(data=replace(data, title=f"Kế hoạch số {i}"))
    client = client_for(people["province_viewer"])
    client.get(reverse("staff:plan_list"))  # warm the session
    with django_assert_max_num_queries(12) as captured:
        response = client.get(reverse("staff:plan_list"))
    assert response.status_code == 200
    assert "100 kế hoạch" in response.content.decode()
    print(f"plan_list, 100 plans: {len(captured)} queries")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("staff:plan_list"), {"page": "2", "year": "2024", "status": "draft"})
    assert "Kế hoạch số" in response.content.decode()


def test_list_offers_create_only_where_the_user_may_create(tree, people):
    html = client_for(people["commune_editor"]).get(reverse("staff:plan_list")).content.decode()
    assert f"?unit={tree.commune_a.pk}" in html
    html = client_for(people["province_viewer"]).get(reverse("staff:plan_list")).content.decode()
    assert "Tạo kế hoạch" not in html


# --- Creating and editing ---------------------------------------------------------


def test_editor_creates_a_plan_with_activities_and_a_sub_activity(tree, people, province_editor):
    client = client_for(province_editor)
    url = reverse("staff:plan_create") + f"?unit={tree.province.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert "UBND tỉnh Quảng Ngãi" in page.content.decode()
    data = editor_data(
        MAIN,
        legal_bases=[
            {"doc_type": "Quyết định", "number_symbol": "35/QĐ-BNV", "issued_on": "22/01/2024", "issuer": "Bộ Nội vụ"}
        ],
        themes=[
            {"title": "Cải cách thủ tục hành chính", "areas": ["procedures"]},
            {"title": "Chuyển đổi số", "areas": ["digital"], "indices": ["dti"]},
        ],
        activities=[
            {"title": "Chuyên mục CCHC trên truyền thanh", "leads": [str(tree.commune_a.pk)],
             "lead_labels": "UBND các xã, thị trấn", "coordinators": [str(tree.dept.pk)],
             "channels": ["loudspeaker"], "themes": "1, 2", "ORDER": "2", "budget_estimate": "10.000.000"},
            {"title": "Cuộc thi tìm hiểu CCHC", "leads": [str(tree.dept.pk)], "timing_text": "Quý III/2025",
             "ORDER": "1"},
            {"title": "Xây dựng nội dung chuyên mục", "parent": "1", "ORDER": "3"},
            {"title": "Đăng tin trên Cổng thông tin", "leads": [str(tree.dept.pk)], "ORDER": "4"},
            {"title": "Dòng bị xóa", "leads": [str(tree.dept.pk)], "DELETE": "on"},
        ],
        responsibilities=[{"label": "Sở Nội vụ", "unit": str(tree.dept.pk), "duties": "Theo dõi, tổng hợp."}],
        funding_sources=[{"source": "Ngân sách tỉnh", "amount": "50.000.000"}],
        reporting_duties=[{"periods": "6 tháng, năm", "to_label": "Bộ Nội vụ"}],
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get(title=MAIN["title"])
    assert response["Location"] == plan.get_absolute_url()
    assert plan.unit == tree.province and plan.status == PlanStatus.DRAFT
    assert plan.period_start == datetime.date(2025, 1, 1)
    tops = list(plan.activities.filter(parent=None).order_by("order"))
    assert [a.title for a in tops] == [
        "Cuộc thi tìm hiểu CCHC",
        "Chuyên mục CCHC trên truyền thanh",
        "Đăng tin trên Cổng thông tin",
    ]
    radio = tops[1]
    assert [c.title for c in radio.children.all()] == ["Xây dựng nội dung chuyên mục"]
    assert radio.budget_estimate == 10_000_000
    assert {t.title for t in radio.themes.all()} == {"Cải cách thủ tục hành chính", "Chuyển đổi số"}
    leads = {(a.unit_id, a.label) for a in radio.assignments.filter(role="lead")}
    assert leads == {(tree.commune_a.pk, ""), (None, "UBND các xã, thị trấn")}
    assert not Activity.objects.filter(title="Dòng bị xóa").exists()
    assert [r.label for r in plan.recipients.all()] == ["Bộ Nội vụ", "Lưu: VT, NC"]
    assert plan.recipients.get(label="Lưu: VT, NC").is_archive
    assert plan.legal_bases.get().reference.number_symbol == "35/QĐ-BNV"
    assert plan.funding_sources.get().amount == 50_000_000
    assert plan.responsibilities.get().unit == tree.dept

    # The reader shows it as a document, sub-activities numbered 1.1 under 2.
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Độc lập - Tự do - Hạnh phúc" in html
    assert "Số:        /KH-UBND" in html
    assert "2.1" in html and "Xây dựng nội dung chuyên mục" in html
    assert "Căn cứ Quyết định số 35/QĐ-BNV ngày 22/01/2024 của Bộ Nội vụ" in html
    assert "10.000.000" in html


def _invalid_post(tree):  # type: ignore[no-untyped-def]
    return editor_data(
        {**MAIN, "period_start": "01/06/2025", "period_end": "01/01/2025", "slogan": "Chủ đề riêng gõ tay"},
        themes=[{"title": "Nội dung đã gõ"}],
        activities=[
            {"title": "Hoạt động không có chủ trì", "timing_text": "Quý II/2025", "expected_outputs": "02 tin"},
            {"title": "Hoạt động có chủ trì", "leads": [str(tree.dept.pk)], "coordinators": [str(tree.commune_b.pk)]},
            {"title": "Con của dòng không có", "parent": "9"},
            {"title": "Con của chính nó", "parent": "4"},
        ],
    )


def test_invalid_plan_is_shown_again_with_everything_typed_and_nothing_saved(tree, province_editor):
    before = Plan.objects.count()
    client = client_for(province_editor)
    response = client.post(reverse("staff:plan_create") + f"?unit={tree.province.pk}", _invalid_post(tree))
    assert response.status_code == 200
    assert Plan.objects.count() == before
    html = response.content.decode()
    assert "Chưa lưu được kế hoạch" in html
    assert "trước khi bắt đầu" in html
    assert "Hãy chọn cơ quan chủ trì" in html
    assert "Không có hoạt động số 9" in html
    assert "không thể thuộc chính nó" in html
    typed = read_form(html)
    assert typed["title"] == [MAIN["title"]]
    assert typed["period_start"] == ["01/06/2025"] and typed["period_end"] == ["01/01/2025"]
    assert typed["slogan"] == ["Chủ đề riêng gõ tay"]
    assert typed["themes-0-title"] == ["Nội dung đã gõ"]
    assert typed["activities-0-title"] == ["Hoạt động không có chủ trì"]
    assert typed["activities-0-timing_text"] == ["Quý II/2025"]
    assert typed["activities-0-expected_outputs"] == ["02 tin"]
    assert typed["activities-1-leads"] == [str(tree.dept.pk)]
    assert typed["activities-1-coordinators"] == [str(tree.commune_b.pk)]
    assert typed["activities-2-parent"] == ["9"]
    assert typed["recipients"] == [MAIN["recipients"]]


def test_service_refusal_is_shown_on_the_field_and_keeps_the_input(tree, province_editor):
    """A number already used by the unit that year passes the form but not the service."""
    plan_create(
        data=province_plan_data(
            tree, title="Kế hoạch số 12", number="12",
            period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 12, 31),
        )
    )
    data = editor_data(
        {**MAIN, "number": "12"},
        activities=[{"title": "Chuyên trang CCHC", "leads": [str(tree.dept.pk)]}],
    )
    response = client_for(province_editor).post(reverse("staff:plan_create") + f"?unit={tree.province.pk}", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Số 12/KH-UBND đã dùng cho kế hoạch “Kế hoạch số 12”" in html
    assert 'id="id_number_error"' in html
    typed = read_form(html)
    assert typed["activities-0-title"] == ["Chuyên trang CCHC"]
    assert typed["number"] == ["12"]
    assert not Plan.objects.filter(title=MAIN["title"]).exists()


def test_a_unit_outside_the_list_cannot_be_chosen(tree, people):
    dept_editor = make_user("so.bientap2", tree.dept, Role.EDITOR)
    data = editor_data(MAIN, activities=[{"title": "Chuyên trang CCHC", "leads": [str(tree.commune_a.pk)]}])
    response = client_for(dept_editor).post(reverse("staff:plan_create") + f"?unit={tree.dept.pk}", data)
    assert response.status_code == 200
    assert "Đơn vị đã chọn không có trong danh sách." in response.content.decode()
    assert not Plan.objects.exists()


def test_adding_a_row_without_javascript_keeps_the_input_and_shows_no_errors(tree, province_editor):
    client = client_for(province_editor)
    url = reverse("staff:plan_create") + f"?unit={tree.province.pk}"
    data = editor_data({**MAIN, "title": ""}, activities=[{"title": "Hoạt động thứ nhất", "leads": [str(tree.dept.pk)]}])
    data["_add_child"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa lưu được kế hoạch" not in html
    typed = read_form(html)
    assert typed["activities-TOTAL_FORMS"] == ["2"]
    assert typed["activities-0-title"] == ["Hoạt động thứ nhất"]
    assert typed["activities-1-parent"] == ["1"]
    assert not Plan.objects.exists()


def test_edit_round_trip_keeps_the_plan_as_it_was(tree, people, province_plan):
    """Saving the edit page unchanged rewrites the same plan (leads, labels, sub-activities, themes)."""
    client = client_for(people["admin"])
    url = reverse("staff:plan_edit", args=[province_plan.pk])
    data = read_form(client.get(url).content.decode())
    from cchc.plans.services import plan_to_data

    before = plan_to_data(province_plan)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    province_plan.refresh_from_db()
    after = plan_to_data(province_plan)
    assert after == before
    assert province_plan.revision == 2


def test_two_edits_from_the_same_page_the_second_is_refused(tree, people, province_plan):
    first, second = client_for(people["admin"]), client_for(people["dept_admin"])
    role_grant(user=people["dept_admin"], unit=tree.province, role=Role.EDITOR)
    url = reverse("staff:plan_edit", args=[province_plan.pk])
    page_a = read_form(first.get(url).content.decode())
    page_b = read_form(second.get(url).content.decode())
    page_a["title"] = ["Tên do người thứ nhất sửa"]
    page_b["title"] = ["Tên do người thứ hai sửa"]
    assert first.post(url, page_a).status_code == 302
    response = second.post(url, page_b)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa lưu: kế hoạch đã được người khác sửa" in html
    assert "sau khi bạn mở trang" in html
    assert read_form(html)["title"] == ["Tên do người thứ hai sửa"]
    province_plan.refresh_from_db()
    assert province_plan.title == "Tên do người thứ nhất sửa"


def test_issued_plan_cannot_be_edited(tree, people, province_plan):
    plan = issued(province_plan)
    client = client_for(people["admin"])
    url = reverse("staff:plan_edit", args=[plan.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert "không sửa được" in client.get(response["Location"]).content.decode()
    response = client.post(url, editor_data({**MAIN, "revision": str(plan.revision)}))
    assert response.status_code == 200
    assert "không sửa được" in response.content.decode()
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch tuyên truyền cải cách hành chính năm 2024"


def test_create_needs_an_editor_role_on_the_unit(tree, people):
    url = reverse("staff:plan_create")
    assert client_for(people["province_viewer"]).get(url + f"?unit={tree.province.pk}").status_code == 403
    assert client_for(people["commune_editor"]).get(url + f"?unit={tree.commune_b.pk}").status_code == 404
    chooser = client_for(people["commune_editor"]).get(url)
    assert chooser.status_code == 200
    assert "UBND xã Minh Đức" in chooser.content.decode()
    chooser = client_for(people["commune_editor"]).get(url + "?unit=abc")
    assert "chọn lại" in chooser.content.decode()


def test_edit_page_of_a_derived_plan_keeps_its_links_to_the_superior_plan(tree, people, province_plan):
    parent = issued(province_plan)
    child = plan_derive(parent=parent, unit=tree.commune_a)
    client = client_for(people["commune_editor"])
    url = reverse("staff:plan_edit", args=[child.pk])
    data = read_form(client.get(url).content.decode())
    assert client.post(url, data).status_code == 302
    assert child.themes.filter(parent_theme__isnull=False).count() == 3
    assert child.activities.filter(derived_from__isnull=False).count() == 2


# --- Reading ----------------------------------------------------------------------


def test_detail_is_laid_out_as_an_administrative_document(tree, people, province_plan):
    plan = issued(province_plan, actor=people["admin"])
    html = client_for(people["province_viewer"]).get(plan.get_absolute_url()).content.decode()
    assert "Số: 40/KH-UBND" in html
    assert "Quảng Ngãi, ngày 01 tháng 3 năm 2024" in html
    assert "KẾ HOẠCH" in html and plan.title in html
    assert "I. MỤC ĐÍCH, YÊU CẦU" not in html  # no objectives were written
    assert "NỘI DUNG TUYÊN TRUYỀN" in html and "NHIỆM VỤ, HOẠT ĐỘNG CỤ THỂ" in html
    assert "2.1" in html and "Xây dựng nội dung chuyên mục" in html
    assert "Nơi nhận:" in html
    # The audit trail, in Vietnamese, with dd/mm/yyyy HH:MM.
    assert "Trạng thái: Đã phê duyệt → Đã ban hành" in html
    assert "Tạo kế hoạch" in html and "quantri" in html
    today = PlanEvent.objects.filter(plan=plan).first().at  # type: ignore[union-attr]
    from django.utils import timezone

    assert timezone.localtime(today).strftime("%d/%m/%Y %H:%M") in html
    # A viewer has no lifecycle buttons.
    assert "Ban hành</button>" not in html and "Xây dựng kế hoạch cấp dưới</button>" not in html


def test_detail_lists_field_changes_in_the_history(tree, people, province_plan):
    data = province_plan_data(tree, title="Tên mới của kế hoạch")
    plan_update(plan=province_plan, data=data, actor=people["admin"])
    html = client_for(people["admin"]).get(province_plan.get_absolute_url()).content.decode()
    assert "Sửa nội dung" in html
    assert "Trích yếu: Kế hoạch tuyên truyền cải cách hành chính năm 2024 → Tên mới của kế hoạch" in html


def test_detail_runs_a_bounded_number_of_queries(tree, people, province_plan, django_assert_max_num_queries):
    plan = issued(province_plan)
    client = client_for(people["admin"])
    client.get(plan.get_absolute_url())
    with django_assert_max_num_queries(30) as captured:
        assert client.get(plan.get_absolute_url()).status_code == 200
    print(f"plan_detail: {len(captured)} queries")


# --- Lifecycle --------------------------------------------------------------------


def test_editor_submits_and_approver_approves_issues_and_closes(tree, people, province_plan, province_editor, approver):
    pk = province_plan.pk
    editor, boss = client_for(province_editor), client_for(approver)

    assert editor.get(reverse("staff:plan_submit", args=[pk])).status_code == 405
    assert boss.get(reverse("staff:plan_approve", args=[pk])).status_code == 405
    assert editor.post(reverse("staff:plan_approve", args=[pk])).status_code == 403
    assert editor.post(reverse("staff:plan_submit", args=[pk])).status_code == 302
    assert Plan.objects.get(pk=pk).status == PlanStatus.SUBMITTED

    # Editing is still allowed while submitted; submitting twice is refused with a message.
    response = editor.post(reverse("staff:plan_submit", args=[pk]), follow=True)
    assert "Không thể trình duyệt kế hoạch đang ở trạng thái “Chờ phê duyệt”" in response.content.decode()

    assert editor.get(reverse("staff:plan_issue", args=[pk])).status_code == 403
    assert boss.post(reverse("staff:plan_approve", args=[pk])).status_code == 302
    assert Plan.objects.get(pk=pk).status == PlanStatus.APPROVED

    page = boss.get(reverse("staff:plan_issue", args=[pk]))
    assert page.status_code == 200
    assert timezone_today() in page.content.decode()
    response = boss.post(reverse("staff:plan_issue", args=[pk]), {"number": "", "issued_on": "01/03/2024"})
    assert response.status_code == 200 and "bắt buộc" in response.content.decode()
    response = boss.post(reverse("staff:plan_issue", args=[pk]), {"number": "40", "issued_on": "01/03/2024"})
    assert response.status_code == 302
    plan = Plan.objects.get(pk=pk)
    assert (plan.status, plan.number, plan.issued_on) == (PlanStatus.ISSUED, "40", datetime.date(2024, 3, 1))

    assert editor.post(reverse("staff:plan_close", args=[pk])).status_code == 403
    confirm = boss.get(reverse("staff:plan_close", args=[pk]))
    assert confirm.status_code == 200 and "Kết thúc kế hoạch này?" in confirm.content.decode()
    assert Plan.objects.get(pk=pk).status == PlanStatus.ISSUED
    assert boss.post(reverse("staff:plan_close", args=[pk])).status_code == 302
    assert Plan.objects.get(pk=pk).status == PlanStatus.CLOSED


def timezone_today() -> str:
    from django.utils import timezone

    return timezone.localdate().strftime("%d/%m/%Y")


def test_issue_with_a_number_already_used_shows_the_error_on_the_form(tree, people, province_plan, approver):
    issued(plan_create(data=province_plan_data(tree, title="Kế hoạch khác")), number="40")
    plan_approve(plan=plan_submit(plan=province_plan))
    response = client_for(approver).post(
        reverse("staff:plan_issue", args=[province_plan.pk]), {"number": "40", "issued_on": "01/03/2024"}
    )
    assert response.status_code == 200
    assert "đã dùng cho kế hoạch" in response.content.decode()
    assert Plan.objects.get(pk=province_plan.pk).status == PlanStatus.APPROVED


def test_return_needs_a_reason_and_the_approver_role(tree, people, province_plan, province_editor, approver):
    plan_submit(plan=province_plan)
    url = reverse("staff:plan_return", args=[province_plan.pk])
    assert client_for(province_editor).post(url, {"reason": "Sửa lại"}).status_code == 403
    boss = client_for(approver)
    response = boss.post(url, {"reason": "  "})
    assert response.status_code == 200 and "bắt buộc" in response.content.decode()
    assert Plan.objects.get(pk=province_plan.pk).status == PlanStatus.SUBMITTED
    assert boss.post(url, {"reason": "Bổ sung kinh phí"}).status_code == 302
    assert Plan.objects.get(pk=province_plan.pk).status == PlanStatus.DRAFT
    html = boss.get(province_plan.get_absolute_url()).content.decode()
    assert "Trả lại để sửa" in html and "Bổ sung kinh phí" in html
    # A draft cannot be returned: the form is not offered.
    response = boss.get(url)
    assert response.status_code == 302


def test_approve_of_a_draft_is_refused_with_a_message(tree, province_plan, approver):
    response = client_for(approver).post(reverse("staff:plan_approve", args=[province_plan.pk]), follow=True)
    assert "Không thể phê duyệt kế hoạch đang ở trạng thái “Dự thảo”" in response.content.decode()
    assert Plan.objects.get(pk=province_plan.pk).status == PlanStatus.DRAFT


def test_revise_starts_a_new_version_and_opens_it(tree, people, province_plan, province_editor):
    plan = issued(province_plan)
    client = client_for(province_editor)
    assert client.get(reverse("staff:plan_revise", args=[plan.pk])).status_code == 405
    assert client_for(people["province_viewer"]).post(reverse("staff:plan_revise", args=[plan.pk])).status_code == 403
    response = client.post(reverse("staff:plan_revise", args=[plan.pk]))
    new = Plan.objects.get(replaces=plan)
    assert response["Location"] == reverse("staff:plan_edit", args=[new.pk])
    assert new.version == 2 and new.status == PlanStatus.DRAFT
    html = client.get(new.get_absolute_url()).content.decode()
    assert "thay thế phiên bản 1" in html
    # A second revision is refused while the first is in progress.
    response = client.post(reverse("staff:plan_revise", args=[plan.pk]), follow=True)
    assert "đã có một bản sửa đổi đang soạn" in response.content.decode()


def test_delete_asks_first_and_only_drafts_are_deleted(tree, people, province_plan, province_editor):
    url = reverse("staff:plan_delete", args=[province_plan.pk])
    assert client_for(people["province_viewer"]).post(url).status_code == 403
    client = client_for(province_editor)
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Xóa dự thảo này?" in confirm.content.decode()
    assert Plan.objects.filter(pk=province_plan.pk).exists()
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("staff:plan_list")
    assert "Đã xóa dự thảo" in response.content.decode()
    assert not Plan.objects.filter(pk=province_plan.pk).exists()

    other = issued(plan_create(data=province_plan_data(tree, title="Kế hoạch đã ban hành")))
    url = reverse("staff:plan_delete", args=[other.pk])
    assert client.get(url).status_code == 302
    response = client.post(url, follow=True)
    assert "Chỉ xóa được kế hoạch dự thảo" in response.content.decode()
    assert Plan.objects.filter(pk=other.pk).exists()


# --- Cascade and coverage ---------------------------------------------------------


def test_commune_editor_derives_the_commune_plan_from_the_province_plan(tree, people, province_plan):
    plan = issued(province_plan)
    client = client_for(people["commune_editor"])
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "Xây dựng kế hoạch cấp dưới" in html
    assert f'<option value="{tree.commune_a.pk}">UBND xã Minh Đức</option>' in html
    assert f'value="{tree.commune_b.pk}"' not in html  # not theirs

    url = reverse("staff:plan_derive", args=[plan.pk])
    assert client.get(url).status_code == 405
    assert client.post(url, {"unit": tree.commune_b.pk}).status_code == 403
    response = client.post(url, {"unit": tree.commune_a.pk})
    child = Plan.objects.get(derived_from=plan)
    assert response["Location"] == reverse("staff:plan_edit", args=[child.pk])
    assert child.unit == tree.commune_a
    assert child.activities.count() == 2
    # Twice is refused with the service's reason.
    response = client.post(url, {"unit": tree.commune_a.pk}, follow=True)
    assert "đã có kế hoạch" in response.content.decode()
    assert Plan.objects.filter(derived_from=plan).count() == 1


def test_derive_from_a_draft_is_refused(tree, people, province_plan):
    response = client_for(people["commune_editor"]).post(
        reverse("staff:plan_derive", args=[province_plan.pk]), {"unit": tree.commune_a.pk}, follow=True
    )
    assert "đã ban hành" in response.content.decode()
    assert not Plan.objects.filter(derived_from=province_plan).exists()


def test_coverage_page_shows_who_has_a_plan_and_what_is_missing(tree, people, province_plan):
    parent = issued(province_plan)
    client = client_for(people["province_viewer"])
    url = reverse("staff:plan_coverage", args=[parent.pk])
    html = client.get(url).content.decode()
    assert "0/3 đơn vị đã có kế hoạch" in html
    assert html.count("Chưa có kế hoạch") == 3
    assert "<svg" in html and "<title" in html and 'role="img"' in html
    assert "<progress" in html

    child = plan_derive(parent=parent, unit=tree.commune_a)
    from cchc.plans.services import plan_to_data

    data = plan_to_data(child)
    plan_update(plan=child, data=replace(data, activities=data.activities[:1]))
    html = client.get(url).content.decode()
    assert "1/3 đơn vị đã có kế hoạch" in html
    assert child.title[:40] in html
    assert "Chuyên mục CCHC trên truyền thanh xã" in html  # missing for the commune and the ward
    assert "1/2" in html  # assigned activities covered by Xã Minh Đức
    assert "<summary>4 mục</summary>" in html  # the ward misses 3 themes and 1 activity
    assert client_for(people["nobody"]).get(url).status_code == 404


def test_coverage_of_100_communes_runs_a_bounded_number_of_queries(
    tree, people, province_plan, django_assert_max_num_queries
):
    parent = issued(province_plan)
    province = Unit.objects.get(pk=tree.province.pk)
    for i in range(100):
        commune = unit_create(parent=province, data=UnitData(name=f"Xã Thử {i}", kind=UnitKind.COMMUNE, code=f"T{i:03d}"))
        province = Unit.objects.get(pk=tree.province.pk)
        if i % 2:
            plan_derive(parent=parent, unit=commune)
    client = client_for(people["province_viewer"])
    client.get(reverse("staff:plan_coverage", args=[parent.pk]))
    with django_assert_max_num_queries(25) as captured:
        response = client.get(reverse("staff:plan_coverage", args=[parent.pk]))
    assert "50/103 đơn vị đã có kế hoạch" in response.content.decode()
    assert "Biểu đồ chỉ vẽ 40 đơn vị đầu tiên" in response.content.decode()
    print(f"plan_coverage, 103 units: {len(captured)} queries")
    # 103 rows: the table is paged by 100, the summary still counts every unit.
    html = response.content.decode()
    assert html.count('<th scope="row"') == 100
    assert "Trang 1/2" in html
    second = client.get(reverse("staff:plan_coverage", args=[parent.pk]), {"trang": 2}).content.decode()
    assert second.count('<th scope="row"') == 3 and "50/103 đơn vị đã có kế hoạch" in second
    # Only the units still without a plan.
    missing = client.get(reverse("staff:plan_coverage", args=[parent.pk]), {"chua_co": "1"}).content.decode()
    assert missing.count('<th scope="row"') == 53
    assert "Thử 1<" not in missing and "Thử 0<" in missing
    # A page number that is not a number falls back to the first page, not an error.
    assert client.get(reverse("staff:plan_coverage", args=[parent.pk]), {"trang": "abc"}).status_code == 200


def test_edit_page_runs_the_same_number_of_queries_for_many_activities(
    tree, people, django_assert_max_num_queries
):
    many = tuple(
        ActivityData(f"Hoạt động {i}", leads=(UnitRef(tree.dept.pk),), coordinators=(UnitRef(tree.commune_a.pk),),
                     themes=(0,), children=(ActivityData(f"Hoạt động con {i}"),))
        for i in range(30)
    )
    plan = plan_create(data=province_plan_data(tree, activities=many))
    client = client_for(people["admin"])
    url = reverse("staff:plan_edit", args=[plan.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert 'id="id_activities-59-title"' in response.content.decode()
    print(f"plan_edit, 60 activity rows: {len(captured)} queries")
