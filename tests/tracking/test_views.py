"""Staff pages for outputs, evidence, progress and dashboards: who sees what, and nothing half-saved."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.orgs.models import Role, Unit, UnitKind
from cchc.orgs.services import role_grant
from cchc.plans.models import Activity, ActivityUnit, Plan, PlanStatus, UnitRole
from cchc.plans.services import ActivityData, UnitRef, plan_create
from cchc.tracking.forms import EVIDENCE_ACCEPT
from cchc.tracking.models import Evidence, Output
from cchc.tracking.services import EVIDENCE_TYPES, OutputData, evidence_add, output_record
from tests.conftest import client_for, make_user
from tests.plans.conftest import province_plan_data

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%minh chung\n"
JUNE_15 = datetime.date(2024, 6, 15)


def _url(name: str, *args: int) -> str:
    return reverse(f"staff:{name}", args=args)


def _form(unit: Unit, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "unit": str(unit.pk),
        "kind": "loudspeaker",
        "date": "03/06/2024",
        "quantity": "1",
        "duration_minutes": "10",
        "participants": "",
        "audience_reached": "1200",
        "title": "Chuyên mục CCHC số 11",
        "link": "",
        "notes": "Phát lúc 17h",
    }
    data.update(overrides)
    return data


def _png(name: str = "anh-buoi-phat.png", content: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def _pdf(name: str = "danh-sach.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _stored_files(settings) -> list[Path]:  # type: ignore[no-untyped-def]
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _output(activity: Activity, unit: Unit, day: datetime.date, **kw) -> Output:  # type: ignore[no-untyped-def]
    return output_record(activity=activity, unit=unit, data=OutputData(kind="loudspeaker", date=day, **kw))


@pytest.fixture
def commune_b_editor(tree):  # type: ignore[no-untyped-def]
    return make_user("xa2.bientap", tree.commune_b, Role.EDITOR)


@pytest.fixture
def commune_approver(tree):  # type: ignore[no-untyped-def]
    return make_user("xa.pheduyet", tree.commune_a, Role.APPROVER)


@pytest.fixture
def contest(issued_plan) -> Activity:  # type: ignore[no-untyped-def]
    return Activity.objects.get(plan=issued_plan, title="Cuộc thi tìm hiểu CCHC")


# --- Anonymous ----------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, tree, broadcast):
    output = Output.objects.create(activity=broadcast, unit=tree.commune_a, kind="news", date=datetime.date(2024, 6, 1))
    evidence = evidence_add(output=output, name="anh.png", content=PNG)
    urls = [
        _url("activity_outputs", broadcast.pk),
        _url("output_edit", output.pk),
        _url("output_delete", output.pk),
        _url("evidence_download", evidence.pk),
        _url("evidence_delete", evidence.pk),
        _url("unit_dashboard", tree.commune_a.pk),
        _url("my_dashboard"),
        _url("plan_progress", broadcast.plan_id),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
    assert client.post(_url("activity_outputs", broadcast.pk), _form(tree.commune_a)).status_code == 302
    assert not Output.objects.exclude(pk=output.pk).exists()


# --- Recording ----------------------------------------------------------------------


@time_machine.travel(JUNE_15)
def test_commune_editor_records_an_output_with_a_png_and_a_pdf_as_evidence(tree, people, broadcast, settings):
    client = client_for(people["commune_editor"])
    page = client.get(_url("activity_outputs", broadcast.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Chuyên mục CCHC trên truyền thanh xã" in html and "Kế hoạch tuyên truyền cải cách hành chính năm 2024" in html
    assert "2 lần mỗi tháng" in html  # the schedule summary
    assert "Ghi nhận kết quả" in html
    assert 'type="file"' in html and "multiple" in html and f'accept="{EVIDENCE_ACCEPT}"' in html
    # Only the unit the editor may record for is offered.
    assert page.context["form"].fields["unit"].choices == [(tree.commune_a.pk, "UBND xã Minh Đức")]

    response = client.post(
        _url("activity_outputs", broadcast.pk),
        {**_form(tree.commune_a), "evidence": [_png(), _pdf()]},
    )
    assert response.status_code == 302
    output = Output.objects.get()
    assert response["Location"] == _url("activity_outputs", broadcast.pk) + f"#output-{output.pk}"
    assert (output.unit, output.date, output.kind) == (tree.commune_a, datetime.date(2024, 6, 3), "loudspeaker")
    assert (output.duration_minutes, output.participants, output.audience_reached) == (10, None, 1200)
    assert output.created_by == people["commune_editor"]
    names = sorted(output.evidence.values_list("original_name", flat=True))
    assert names == ["anh-buoi-phat.png", "danh-sach.pdf"]
    assert len(_stored_files(settings)) == 2

    listed = client.get(response["Location"]).content.decode()
    assert "Chuyên mục CCHC số 11" in listed and "03/06/2024" in listed
    assert "Đã ghi nhận" in listed
    for evidence in output.evidence.all():
        assert _url("evidence_download", evidence.pk) in listed
    assert _url("output_edit", output.pk) in listed


def test_the_file_picker_offers_exactly_the_types_the_service_accepts():
    assert {e.lstrip(".") for e in EVIDENCE_ACCEPT.split(",")} == set(EVIDENCE_TYPES)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (lambda: [_png(), SimpleUploadedFile("virus.exe", b"MZ\x90\x00")], "chỉ nhận ảnh"),
        (lambda: [_pdf("gia-mao.pdf", PNG)], "không đúng định dạng"),
        (lambda: [_pdf(), _pdf("lon.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))], "lớn hơn 10 MB"),
        (lambda: [_png(), _png("anh-lai.png")], "đã được tải lên"),
    ],
    ids=["wrong-type", "content-does-not-match", "too-big", "duplicate"],
)
@time_machine.travel(JUNE_15)
def test_a_bad_file_saves_nothing_and_the_form_keeps_what_was_typed(tree, people, broadcast, settings, files, message):
    client = client_for(people["commune_editor"])
    response = client.post(
        _url("activity_outputs", broadcast.pk), {**_form(tree.commune_a), "evidence": files()}
    )
    assert response.status_code == 200
    assert not Output.objects.exists() and not Evidence.objects.exists()
    assert _stored_files(settings) == []
    html = response.content.decode()
    assert message in response.context["form"].errors["evidence"][0]
    assert message in html
    assert "hãy chọn lại" in html
    assert 'value="Chuyên mục CCHC số 11"' in html and 'value="03/06/2024"' in html and "Phát lúc 17h" in html


@time_machine.travel(datetime.date(2025, 3, 1))
def test_an_output_outside_the_plan_period_is_refused_on_the_form(tree, people, broadcast):
    client = client_for(people["commune_editor"])
    response = client.post(_url("activity_outputs", broadcast.pk), _form(tree.commune_a, date="05/01/2025"))
    assert response.status_code == 200
    assert "nằm ngoài kỳ kế hoạch (01/01/2024 - 31/12/2024)" in response.context["form"].errors["date"][0]
    response = client.post(_url("activity_outputs", broadcast.pk), _form(tree.commune_a, date="2024/13/45"))
    assert "dd/mm/yyyy" in response.context["form"].errors["date"][0]
    assert not Output.objects.exists()


def test_outputs_are_recorded_only_once_the_plan_is_issued(tree, people, province_plan):
    activity = province_plan.activities.get(title="Chuyên mục CCHC trên truyền thanh xã")
    client = client_for(people["commune_editor"])
    page = client.get(_url("activity_outputs", activity.pk))
    assert page.status_code == 200 and page.context["form"] is None
    assert "chỉ ghi nhận kết quả khi kế hoạch đã ban hành" in page.content.decode()
    response = client.post(_url("activity_outputs", activity.pk), _form(tree.commune_a, date="03/01/2024"))
    assert response.status_code == 302 and not Output.objects.exists()


@time_machine.travel(datetime.date(2024, 7, 20))
def test_an_editor_cannot_record_into_a_closed_reporting_period_but_an_approver_can(
    tree, people, broadcast, commune_approver
):
    url = _url("activity_outputs", broadcast.pk)
    response = client_for(people["commune_editor"]).post(url, _form(tree.commune_a, date="03/06/2024"))
    assert response.status_code == 200
    assert "đã khóa" in response.context["form"].errors["date"][0]
    assert not Output.objects.exists()
    assert client_for(commune_approver).post(url, _form(tree.commune_a, date="03/06/2024")).status_code == 302
    assert Output.objects.count() == 1


@time_machine.travel(JUNE_15)
def test_another_communes_editor_cannot_record_for_an_activity_they_have_no_part_in(
    tree, broadcast, contest, commune_b_editor
):
    client = client_for(commune_b_editor)
    # The plan names their commune (for the broadcast), so they may read the contest...
    page = client.get(_url("activity_outputs", contest.pk))
    assert page.status_code == 200 and page.context["form"] is None
    assert "Bạn không ghi nhận được kết quả" in page.content.decode()
    # ...but not record for it, neither for their commune nor for another.
    for unit in (tree.commune_b, tree.commune_a, tree.dept):
        response = client.post(_url("activity_outputs", contest.pk), _form(unit, kind="contest_round"))
        assert response.status_code == 403
    # On the broadcast they lead, only their own commune is offered.
    page = client.get(_url("activity_outputs", broadcast.pk))
    assert page.context["form"].fields["unit"].choices == [(tree.commune_b.pk, "UBND phường Cẩm Thành")]
    response = client.post(_url("activity_outputs", broadcast.pk), _form(tree.commune_a))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Output.objects.exists()


def test_the_outputs_page_is_not_found_when_the_plan_does_not_name_the_users_unit(tree, people, commune_b_editor):
    dept_only = plan_create(
        data=province_plan_data(
            tree,
            title="Kế hoạch riêng của Sở Nội vụ",
            activities=(ActivityData("Tập huấn nội bộ", timing_text="Quý II/2024", leads=(UnitRef(tree.dept.pk),)),),
        ),
        actor=people["admin"],
    )
    activity = dept_only.activities.get()
    assert client_for(commune_b_editor).get(_url("activity_outputs", activity.pk)).status_code == 404
    assert client_for(commune_b_editor).get(_url("plan_progress", dept_only.pk)).status_code == 404
    assert client_for(people["nobody"]).get(_url("activity_outputs", activity.pk)).status_code == 404
    assert client_for(people["dept_editor"]).get(_url("activity_outputs", activity.pk)).status_code == 200
    assert client_for(people["nobody"]).get(_url("activity_outputs", 999999)).status_code == 404


# --- Editing and deleting -----------------------------------------------------------


def test_editing_an_output_after_its_period_closed_is_for_approvers_only(
    tree, people, broadcast, commune_approver
):
    with time_machine.travel(JUNE_15):
        output = _output(broadcast, tree.commune_a, datetime.date(2024, 6, 3))
        client = client_for(people["commune_editor"])
        page = client.get(_url("output_edit", output.pk))
        assert page.status_code == 200 and "đã khóa" not in page.content.decode()
        response = client.post(_url("output_edit", output.pk), _form(tree.commune_a, title="Số 11 (sửa)"))
        assert response.status_code == 302
        # Moving it into a closed quarter would dodge the lock.
        response = client.post(_url("output_edit", output.pk), _form(tree.commune_a, date="05/03/2024"))
        assert "đã khóa" in response.context["form"].errors["date"][0]
    output.refresh_from_db()
    assert output.title == "Số 11 (sửa)" and output.date == datetime.date(2024, 6, 3)

    # The second quarter's outputs may be changed freely until 10/07/2024.
    with time_machine.travel(datetime.date(2024, 7, 20)):
        client = client_for(people["commune_editor"])
        response = client.get(_url("output_edit", output.pk))
        assert response.status_code == 403
        html = response.content.decode()
        assert "đã khóa sau ngày 10/07/2024" in html and "phê duyệt" in html
        assert client.post(_url("output_edit", output.pk), _form(tree.commune_a, title="x")).status_code == 403
        assert client.post(_url("output_delete", output.pk)).status_code == 403
        listed = client.get(_url("activity_outputs", broadcast.pk)).content.decode()
        assert _url("output_edit", output.pk) not in listed and "Kỳ báo cáo đã khóa" in listed

        approver = client_for(commune_approver)
        page = approver.get(_url("output_edit", output.pk))
        assert page.status_code == 200
        assert "Kỳ báo cáo của kết quả này đã khóa" in page.content.decode()
        response = approver.post(_url("output_edit", output.pk), _form(tree.commune_a, title="Số 11 (duyệt)"))
        assert response.status_code == 302
    output.refresh_from_db()
    assert output.title == "Số 11 (duyệt)"


@time_machine.travel(JUNE_15)
def test_evidence_can_be_added_when_editing_and_a_bad_file_changes_nothing(tree, people, broadcast, settings):
    output = _output(broadcast, tree.commune_a, datetime.date(2024, 6, 3), title="Số 11")
    client = client_for(people["commune_editor"])
    response = client.post(
        _url("output_edit", output.pk),
        {**_form(tree.commune_a, title="Số 11 mới"), "evidence": [_pdf(), SimpleUploadedFile("x.exe", b"MZ")]},
    )
    assert response.status_code == 200 and "chỉ nhận ảnh" in response.content.decode()
    output.refresh_from_db()
    assert output.title == "Số 11" and not output.evidence.exists() and _stored_files(settings) == []
    response = client.post(_url("output_edit", output.pk), {**_form(tree.commune_a), "evidence": [_pdf()]})
    assert response.status_code == 302 and output.evidence.count() == 1


@time_machine.travel(JUNE_15)
def test_evidence_is_downloaded_as_an_attachment_by_those_who_may_see_the_output(
    tree, people, broadcast, commune_b_editor
):
    output = _output(broadcast, tree.commune_a, datetime.date(2024, 6, 3))
    evidence = evidence_add(output=output, name="Danh sách tham dự.pdf", content=PDF)
    url = _url("evidence_download", evidence.pk)

    response = client_for(people["commune_editor"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "Danh%20s%C3%A1ch%20tham%20d%E1%BB%B1.pdf" in disposition

    # Units the plan names, and units above, may read it; people outside may not even learn it exists.
    assert client_for(commune_b_editor).get(url).status_code == 200
    assert client_for(people["province_viewer"]).get(url).status_code == 200
    outsider = make_user("phutho.xem", tree.other_province, Role.VIEWER)
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(people["nobody"]).get(url).status_code == 404
    assert client_for(people["commune_editor"]).get(_url("evidence_download", 999999)).status_code == 404


@time_machine.travel(JUNE_15)
def test_deleting_an_output_asks_first_then_removes_it_with_its_files(
    tree, people, broadcast, commune_b_editor, settings
):
    output = _output(broadcast, tree.commune_a, datetime.date(2024, 6, 3), title="Số 11")
    evidence_add(output=output, name="anh.png", content=PNG)
    url = _url("output_delete", output.pk)
    client = client_for(people["commune_editor"])

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Xóa kết quả này?" in html and "Số 11" in html and "1 tệp minh chứng" in html
    assert Output.objects.exists()

    # Another commune may see the output but not delete it.
    assert client_for(commune_b_editor).get(url).status_code == 403
    assert client_for(commune_b_editor).post(url).status_code == 403

    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == _url("activity_outputs", broadcast.pk)
    assert not Output.objects.exists() and not Evidence.objects.exists()
    assert _stored_files(settings) == []


@time_machine.travel(JUNE_15)
def test_deleting_evidence_asks_first_then_removes_the_file(tree, people, broadcast, commune_b_editor, settings):
    output = _output(broadcast, tree.commune_a, datetime.date(2024, 6, 3))
    evidence = evidence_add(output=output, name="anh.png", content=PNG)
    url = _url("evidence_delete", evidence.pk)
    client = client_for(people["commune_editor"])
    page = client.get(url)
    assert page.status_code == 200 and "Xóa tệp minh chứng này?" in page.content.decode()
    assert client_for(commune_b_editor).post(url).status_code == 403
    assert Evidence.objects.exists()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == _url("output_edit", output.pk)
    assert not Evidence.objects.exists() and Output.objects.exists()
    assert _stored_files(settings) == []


# --- Dashboards ---------------------------------------------------------------------


@time_machine.travel(datetime.date(2024, 3, 15))
def test_unit_dashboard_shows_cards_due_and_late_lists_plan_progress_and_the_chart(tree, people, broadcast):
    Output.objects.create(activity=broadcast, unit=tree.commune_a, kind="loudspeaker", date=datetime.date(2024, 1, 8), quantity=2)
    Output.objects.create(activity=broadcast, unit=tree.commune_a, kind="news", date=datetime.date(2024, 2, 8))
    response = client_for(people["commune_editor"]).get(_url("unit_dashboard", tree.commune_a.pk))
    assert response.status_code == 200
    html = response.content.decode()
    ctx = response.context
    # The commune leads the broadcast (and its sub-activity) and coordinates the website news.
    assert (ctx["led"], ctx["supported"]) == (2, 1)
    assert "Sắp đến hạn (30 ngày)" in html and "Chậm tiến độ" in html
    assert ctx["due"][0][1].due == datetime.date(2024, 3, 31)
    # The website news (a monthly check-in, nothing recorded) is late since January, the broadcast since February.
    assert [p.activity.title for p in ctx["late"]] == [
        "Tuyên truyền trên Cổng thông tin điện tử",
        "Chuyên mục CCHC trên truyền thanh xã",
    ]
    assert _url("activity_outputs", broadcast.pk) in html
    assert _url("plan_progress", broadcast.plan_id) in html
    assert "<progress" in html and "aria-labelledby=\"plan-" in html
    assert "<svg" in html and "T1/2024" in html and "Hệ thống truyền thanh cơ sở, loa" in html
    assert 'class="visually-hidden"><table' in html
    # The unit's PAR INDEX self-score is one click away.
    assert reverse("staff:par_index", args=[tree.commune_a.pk]) in html


@time_machine.travel(datetime.date(2024, 3, 15))
def test_unit_dashboard_is_for_viewers_of_the_unit_and_units_above_it(tree, people, broadcast, contest, commune_b_editor):
    url = _url("unit_dashboard", tree.commune_a.pk)
    assert client_for(commune_b_editor).get(url).status_code == 404
    assert client_for(people["nobody"]).get(url).status_code == 404
    assert client_for(people["dept_editor"]).get(url).status_code == 404
    assert client_for(people["province_viewer"]).get(url).status_code == 200
    province = client_for(people["province_viewer"]).get(_url("unit_dashboard", tree.province.pk))
    assert "Cuộc thi tìm hiểu CCHC" not in {p.activity.title for p in province.context["late"]}  # due in Q3
    assert province.context["led"] == 4  # all four activities are led inside the province
    assert client_for(people["province_viewer"]).get(_url("unit_dashboard", 999999)).status_code == 404


def test_unit_dashboard_reads_the_situation_at_another_day(tree, people, broadcast, contest):
    client = client_for(people["province_viewer"])
    response = client.get(_url("unit_dashboard", tree.province.pk), {"ngay": "01/10/2024"})
    assert response.status_code == 200 and response.context["today"] == datetime.date(2024, 10, 1)
    assert "Cuộc thi tìm hiểu CCHC" in {p.activity.title for p in response.context["late"]}
    assert "?ngay=01/10/2024" in response.content.decode()
    bad = client.get(_url("unit_dashboard", tree.province.pk), {"ngay": "31/02/2024"})
    assert bad.status_code == 200 and "dd/mm/yyyy" in bad.content.decode()


def test_my_dashboard_opens_the_users_unit_or_explains_why_not(tree, people):
    response = client_for(people["commune_editor"]).get(_url("my_dashboard"))
    assert response.status_code == 302 and response["Location"] == _url("unit_dashboard", tree.commune_a.pk)
    page = client_for(people["nobody"]).get(_url("my_dashboard"))
    assert page.status_code == 200 and "chưa gắn với đơn vị công tác" in page.content.decode()
    # No unit of their own but roles elsewhere: links to those dashboards.
    roving = make_user("luudong")
    role_grant(user=roving, unit=tree.province, role=Role.VIEWER)
    page = client_for(roving).get(_url("my_dashboard"))
    assert page.status_code == 200
    assert _url("unit_dashboard", tree.province.pk) in page.content.decode()


# --- Plan progress ------------------------------------------------------------------


@time_machine.travel(datetime.date(2024, 3, 15))
def test_plan_progress_lists_every_activity_with_status_progress_and_what_is_late_or_next(
    tree, people, issued_plan, broadcast, commune_b_editor
):
    Output.objects.create(activity=broadcast, unit=tree.commune_a, kind="loudspeaker", date=datetime.date(2024, 1, 8), quantity=2)
    response = client_for(commune_b_editor).get(_url("plan_progress", issued_plan.pk))
    assert response.status_code == 200
    html = response.content.decode()
    rows = {r.progress.activity.title: r for r in response.context["page"].object_list}
    assert set(rows) == set(issued_plan.activities.values_list("title", flat=True))
    row = rows["Chuyên mục CCHC trên truyền thanh xã"]
    assert row.progress.status == "late" and row.late_dates == [datetime.date(2024, 2, 29)] * 2
    assert row.next_due is not None and row.next_due.due == datetime.date(2024, 3, 31)
    assert rows["Xây dựng nội dung chuyên mục"].is_child
    for title in rows:
        assert _url("activity_outputs", rows[title].progress.activity.pk) in html
    assert "Chậm" in html and "Chưa đến hạn" in html and "29/02/2024" in html and "31/03/2024" in html
    assert "2/24 lần" in html  # January met, out of 24 due occurrences

    late_only = client_for(commune_b_editor).get(_url("plan_progress", issued_plan.pk), {"trang_thai": "late"})
    assert all(r.progress.status == "late" for r in late_only.context["page"].object_list)


# --- Query counts -------------------------------------------------------------------


def _big_province(tree, communes: int = 100, per_commune: int = 2, outputs: int = 3) -> Plan:  # type: ignore[no-untyped-def]
    plan = Plan.objects.create(
        unit=tree.province,
        title="Kế hoạch lớn",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        status=PlanStatus.ISSUED,
    )
    units = []
    for i in range(communes):
        parent = Unit.objects.get(pk=tree.province.pk)
        units.append(Unit.objects.add_child(parent, instance=Unit(name=f"Xã Số {i}", kind=UnitKind.COMMUNE)))
    timings = ["02 số/tháng", "Hàng tuần", "Quý III/2024", "Thường xuyên"]
    activities = Activity.objects.bulk_create(
        Activity(plan=plan, order=i, title=f"Hoạt động {i}", timing_text=timings[i % 4])
        for i in range(communes * per_commune)
    )
    ActivityUnit.objects.bulk_create(
        ActivityUnit(activity=a, unit=units[i // per_commune], role=UnitRole.LEAD) for i, a in enumerate(activities)
    )
    Output.objects.bulk_create(
        Output(activity=a, unit=units[i // per_commune], kind="news", date=datetime.date(2024, 1 + k * 3, 10))
        for i, a in enumerate(activities)
        for k in range(outputs)
    )
    return plan


def test_a_province_dashboard_with_100_communes_runs_a_bounded_number_of_queries(
    tree, people, django_assert_max_num_queries
):
    _big_province(tree)
    client = client_for(people["province_viewer"])
    url = _url("unit_dashboard", tree.province.pk) + "?ngay=15/10/2024"
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200 and len(response.context["plan_rows"]) == 1
    assert response.context["led"] == 200


def test_plan_progress_with_20_activities_and_1000_outputs_runs_a_bounded_number_of_queries(
    tree, people, django_assert_max_num_queries
):
    plan = _big_province(tree, communes=10, per_commune=2, outputs=0)
    activities = list(plan.activities.all())
    communes = {au.activity_id: au.unit_id for au in ActivityUnit.objects.filter(activity__plan=plan)}
    Output.objects.bulk_create(
        Output(
            activity=activities[i % 20],
            unit_id=communes[activities[i % 20].pk],
            kind="news",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=i % 300),
        )
        for i in range(1000)
    )
    client = client_for(people["province_viewer"])
    with django_assert_max_num_queries(12):
        response = client.get(_url("plan_progress", plan.pk), {"ngay": "15/10/2024"})
    assert response.status_code == 200 and len(response.context["page"].object_list) == 20


@time_machine.travel(JUNE_15)
def test_the_outputs_page_runs_a_bounded_number_of_queries(tree, people, broadcast, django_assert_max_num_queries):
    for day in range(1, 15):
        output = _output(broadcast, tree.commune_a, datetime.date(2024, 6, day))
        evidence_add(output=output, name=f"anh-{day}.png", content=PNG + bytes([day]))
    role_grant(user=people["commune_editor"], unit=tree.commune_b, role=Role.EDITOR)
    client = client_for(people["commune_editor"])
    with django_assert_max_num_queries(15):
        response = client.get(_url("activity_outputs", broadcast.pk))
    assert response.status_code == 200 and len(response.context["page"].object_list) == 14
