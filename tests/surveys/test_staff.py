"""Staff pages: who may do what, the builder, paper entry, QR, results and exports."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from cchc.orgs.models import Role
from cchc.surveys import services
from cchc.surveys.models import CollectionPoint, Question, Response, Survey, VisitCode
from tests.conftest import client_for, make_user
from tests.surveys.conftest import sipas_answers


@pytest.fixture
def approver(tree):  # type: ignore[no-untyped-def]
    return make_user("tinh.pheduyet", tree.province, Role.APPROVER)


@pytest.fixture
def editor(tree):  # type: ignore[no-untyped-def]
    return make_user("tinh.bientap", tree.province, Role.EDITOR)


def test_anonymous_is_sent_to_login(client, sipas):
    for url in (reverse("staff:survey_list"), reverse("staff:survey_builder", args=[sipas.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_needs_a_role_and_shows_only_surveys_in_scope(sipas, people, tree):
    assert client_for(people["nobody"]).get(reverse("staff:survey_list")).status_code == 403
    body = client_for(people["province_viewer"]).get(reverse("staff:survey_list")).content.decode()
    assert sipas.title in body and "Khảo sát sự hài lòng của người dân" in body  # the template
    other = make_user("phutho.xem", tree.other_province, Role.VIEWER)
    assert sipas.title not in client_for(other).get(reverse("staff:survey_list")).content.decode()
    assert (
        client_for(other).get(reverse("staff:survey_builder", args=[sipas.pk])).status_code == 404
    )
    assert (
        client_for(other).get(reverse("staff:survey_results", args=[sipas.pk])).status_code == 404
    )


def test_editor_creates_a_survey_from_the_template(editor, tree):
    client = client_for(editor)
    bad = client.post(reverse("staff:survey_list"), {"title": "", "unit": tree.province.pk})
    assert bad.status_code == 400
    template = services.sipas_template()
    foreign = client.post(
        reverse("staff:survey_list"),
        {"title": "X", "unit": tree.other_province.pk, "template": template.pk},
    )
    assert foreign.status_code == 400  # a unit outside the editor's reach is not a choice
    ok = client.post(
        reverse("staff:survey_list"),
        {"title": "SIPAS 2026", "unit": tree.province.pk, "template": template.pk},
    )
    survey = Survey.objects.get(title="SIPAS 2026")
    assert ok.status_code == 302 and ok["Location"] == reverse(
        "staff:survey_builder", args=[survey.pk]
    )
    assert (
        Question.objects.filter(section__version__survey=survey).count() == 26
    )  # 2 general, 22 criteria, the feedback gate, 1 remark


def test_viewer_reads_but_cannot_build(sipas, people):
    client = client_for(people["province_viewer"])
    page = client.get(reverse("staff:survey_builder", args=[sipas.pk]))
    assert page.status_code == 200 and "Thêm câu hỏi" not in page.content.decode()
    data = {"section_code": "TT", "text": "Tuổi?", "kind": "number"}
    assert (
        client.post(reverse("staff:survey_question_add", args=[sipas.pk]), data).status_code == 403
    )
    assert (
        client.post(
            reverse("staff:survey_points", args=[sipas.pk]), {"unit": sipas.unit_id}
        ).status_code
        == 403
    )
    assert client.get(reverse("staff:survey_paper", args=[sipas.pk])).status_code == 403
    assert client.get(reverse("staff:survey_results", args=[sipas.pk])).status_code == 200


def test_commune_staff_cannot_touch_a_province_survey(sipas, people):
    client = client_for(people["commune_admin"])
    assert client.get(reverse("staff:survey_builder", args=[sipas.pk])).status_code == 404


def test_editor_builds_but_only_an_approver_opens_closes_and_publishes(sipas, editor, approver):
    client = client_for(editor)
    url = reverse("staff:survey_question_add", args=[sipas.pk])
    bad = client.post(
        url, {"section_code": "TT", "text": "Giới tính?", "kind": "single", "choices": "Nam"}
    )
    assert bad.status_code == 400 and "ít nhất hai lựa chọn" in bad.content.decode()
    ok = client.post(
        url, {"section_code": "TT", "text": "Giới tính?", "kind": "single", "choices": "Nam\nNữ"}
    )
    assert ok.status_code == 302
    question = Question.objects.get(text="Giới tính?")
    assert question.choices == ["Nam", "Nữ"]
    assert (
        client.post(
            reverse("staff:survey_status", args=[sipas.pk]), {"action": "close"}
        ).status_code
        == 403
    )
    settings_url = reverse("staff:survey_settings", args=[sipas.pk])
    refused = client.post(settings_url, {"title": sipas.title, "publish_results": "on"})
    assert refused.status_code == 400 and "quyền phê duyệt" in refused.content.decode()
    boss = client_for(approver)
    assert (
        boss.post(settings_url, {"title": sipas.title, "publish_results": "on"}).status_code == 302
    )
    assert (
        boss.post(reverse("staff:survey_status", args=[sipas.pk]), {"action": "close"}).status_code
        == 302
    )
    sipas.refresh_from_db()
    assert sipas.publish_results and sipas.status == "closed"


def test_editing_a_question_after_answers_says_a_version_was_made(sipas, point_a, editor):
    services.response_submit(point=point_a, raw=sipas_answers())
    client = client_for(editor)
    url = reverse("staff:survey_question_edit", args=[sipas.pk, "YT1.1"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"section_code": "YT1", "text": "Chỗ ngồi chờ đủ", "kind": "scale", "required": "on"},
        follow=True,
    )
    assert "phiên bản mới (phiên bản 2)" in response.content.decode()
    assert sipas.versions.count() == 2
    assert (
        Question.objects.filter(section__version__survey=sipas, code="YT1.1").count() == 2
    )  # old kept
    deleted = client.post(
        reverse("staff:survey_question_edit", args=[sipas.pk, "YT5.0"]), {"delete": "1"}
    )
    assert deleted.status_code == 400 and "đang là điều kiện" in deleted.content.decode()
    assert (
        client.get(reverse("staff:survey_question_edit", args=[sipas.pk, "KHONG"])).status_code
        == 404
    )


def test_points_qr_and_visit_codes(sipas, editor, tree, people):
    client = client_for(editor)
    page = client.get(reverse("staff:survey_points", args=[sipas.pk]))
    assert page.status_code == 200
    point = CollectionPoint.objects.get(survey=sipas, unit=tree.commune_a)
    assert f"/khao-sat/{point.token}/" in page.content.decode()
    svg = client.get(reverse("staff:survey_point_qr", args=[point.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.lstrip().startswith(b"<svg")
    dup = client.post(reverse("staff:survey_points", args=[sipas.pk]), {"unit": tree.commune_a.pk})
    assert dup.status_code == 400 and "đã có đường dẫn" in dup.content.decode()
    made = client.post(reverse("staff:survey_visit_codes", args=[point.pk]), {"count": "5"})
    assert made.status_code == 302 and VisitCode.objects.filter(point=point).count() == 5
    assert (
        client.post(
            reverse("staff:survey_visit_codes", args=[point.pk]), {"count": "9999"}
        ).status_code
        == 302
    )
    assert VisitCode.objects.filter(point=point).count() == 5
    sheet = client.get(reverse("staff:survey_point_print", args=[point.pk])).content.decode()
    assert "<svg" in sheet and VisitCode.objects.filter(point=point).first().code in sheet
    viewer = client_for(people["province_viewer"])
    assert (
        viewer.post(
            reverse("staff:survey_visit_codes", args=[point.pk]), {"count": "5"}
        ).status_code
        == 403
    )
    viewer_sheet = viewer.get(reverse("staff:survey_point_print", args=[point.pk])).content.decode()
    assert "<svg" in viewer_sheet
    assert VisitCode.objects.filter(point=point).first().code not in viewer_sheet


def test_paper_entry_by_staff(sipas, point_b, editor):
    client = client_for(editor)
    url = reverse("staff:survey_paper", args=[sipas.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {**sipas_answers("5", YT3_2="9"), "point": point_b.pk})
    assert bad.status_code == 400 and not Response.objects.exists()
    ok = client.post(url, {**sipas_answers("3"), "point": point_b.pk})
    assert ok.status_code == 302
    stored = Response.objects.get()
    assert (
        stored.channel == "paper"
        and stored.entered_by == editor
        and stored.unit_id == point_b.unit_id
    )
    assert client.post(url, {**sipas_answers("3"), "point": "0"}).status_code == 400


def test_results_page_and_exports(sipas, point_a, point_b, people, tmp_path: Path):
    services.response_submit(point=point_a, raw=sipas_answers("5"))
    services.response_submit(point=point_b, raw=sipas_answers("2"))
    client = client_for(people["province_viewer"])
    page = client.get(reverse("staff:survey_results", args=[sipas.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Cách tính:" in body and "Hài lòng" in body
    assert '<dd id="so-phieu">2</dd>' in body
    assert "50,0%" in body and "<svg" in body and "385" in body
    assert (
        client.get(reverse("staff:survey_results", args=[sipas.pk]), {"quy": "9"}).status_code
        == 200
    )

    xlsx = client.get(reverse("staff:survey_results_export", args=[sipas.pk, "xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    rows = list(book["Tiêu chí"].iter_rows(min_row=6, values_only=True))
    assert len(rows) == 22 and rows[0][3:6] == (2, 1, 50.0)
    assert rows[-1][1] == "YT5.4" and rows[-1][3] == 0  # nobody gave feedback: listed, not answered
    assert [r[0] for r in book["Đơn vị"].iter_rows(min_row=2, values_only=True)] == [
        point_a.unit.display_name,
        point_b.unit.display_name,
    ]

    docx = client.get(reverse("staff:survey_results_export", args=[sipas.pk, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Chỉ số hài lòng chung: 50,0%" in text
    assert (
        client.get(reverse("staff:survey_results_export", args=[sipas.pk, "pdf"])).status_code
        == 404
    )

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the DOCX cannot be converted here")
    source = tmp_path / "ket-qua.docx"
    source.write_bytes(docx.content)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    converted = (tmp_path / "ket-qua.txt").read_text(encoding="utf-8-sig")
    assert "BÁO CÁO KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG" in converted
    assert "Tiếp cận dịch vụ" in converted


def test_sections_are_renamed_and_empty_ones_deleted(sipas, editor, people):
    client = client_for(editor)
    new_section, _ = services.section_add(survey=sipas, data=services.SectionData("Phần thêm"))
    url = reverse("staff:survey_section_edit", args=[sipas.pk, new_section.code])
    assert (
        "Phần thêm" in client.get(reverse("staff:survey_builder", args=[sipas.pk])).content.decode()
    )
    assert client.post(url, {"title": " "}).status_code == 400
    assert client.post(url, {"title": "Phần bổ sung", "order": "9"}).status_code == 302
    new_section.refresh_from_db()
    assert (new_section.title, new_section.order) == ("Phần bổ sung", 9)
    full = client.post(
        reverse("staff:survey_section_edit", args=[sipas.pk, "YT1"]), {"delete": "1"}
    )
    assert full.status_code == 400 and "còn câu hỏi" in full.content.decode()
    assert client.post(url, {"delete": "1"}).status_code == 302
    assert not sipas.current_version.sections.filter(code=new_section.code).exists()
    viewer = client_for(people["province_viewer"])
    assert (
        viewer.post(
            reverse("staff:survey_section_edit", args=[sipas.pk, "YT1"]), {"title": "X"}
        ).status_code
        == 403
    )


def test_a_survey_is_saved_as_a_unit_template_and_reused(sipas, editor, tree, people):
    client = client_for(editor)
    services.question_add(
        survey=sipas, data=services.QuestionData("Ông/Bà bao nhiêu tuổi?", "number", "TT")
    )
    response = client.post(reverse("staff:survey_save_as_template", args=[sipas.pk]))
    template = Survey.objects.get(is_template=True, unit=tree.province)
    assert response.status_code == 302 and template.title == f"Mẫu: {sipas.title}"
    assert Question.objects.filter(
        section__version__survey=template, text="Ông/Bà bao nhiêu tuổi?"
    ).exists()
    # Offered to people of the province, not to another province.
    assert template.title in client.get(reverse("staff:survey_list")).content.decode()
    other = make_user("phutho.bientap", tree.other_province, Role.EDITOR)
    assert (
        template.title not in client_for(other).get(reverse("staff:survey_list")).content.decode()
    )
    made = client.post(
        reverse("staff:survey_list"),
        {"title": "Khảo sát quý IV", "unit": tree.province.pk, "template": template.pk},
    )
    assert made.status_code == 302
    copy = Survey.objects.get(title="Khảo sát quý IV")
    assert Question.objects.filter(section__version__survey=copy).count() == 27
    viewer = client_for(people["province_viewer"])
    assert viewer.post(reverse("staff:survey_save_as_template", args=[sipas.pk])).status_code == 403


def _opinions(point_a, point_b):  # type: ignore[no-untyped-def]
    """Four responses, three with an answer to the open question YK1, a minute apart."""
    import datetime

    from django.utils import timezone

    start = timezone.now() - datetime.timedelta(hours=1)
    texts = [
        (point_a, "Nên có thêm ghế chờ.\nVà nước uống."),
        (point_b, ""),
        (point_b, "=HYPERLINK(\"http://vi-du.invalid\",\"Bấm vào\") <script>alert(1)</script>"),
        (point_a, "Cán bộ hướng dẫn tận tình."),
    ]
    for minute, (point, text) in enumerate(texts):
        services.response_submit(
            point=point,
            raw=sipas_answers("4", YK1=text),
            submitted_at=start + datetime.timedelta(minutes=minute),
        )


def test_staff_read_what_respondents_wrote_newest_first(sipas, point_a, point_b, people, monkeypatch):
    from cchc.surveys import views

    _opinions(point_a, point_b)
    client = client_for(people["province_viewer"])
    body = client.get(reverse("staff:survey_results", args=[sipas.pk])).content.decode()
    assert "Ý kiến trả lời tự do" in body and "3 ý kiến; mới nhất:" in body
    newest, middle = body.index("Cán bộ hướng dẫn tận tình."), body.index("=HYPERLINK")
    assert newest < middle < body.index("Nên có thêm ghế chờ.<br>Và nước uống.")
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)" in body

    url = reverse("staff:survey_text_answers", args=[sipas.pk, "YK1"])
    monkeypatch.setattr(views, "TEXT_PAGE_SIZE", 2)
    first = client.get(url).content.decode()
    assert '<p id="so-y-kien">3 ý kiến' in first and "Trang 1/2" in first
    assert "Cán bộ hướng dẫn tận tình." in first and "Nên có thêm ghế chờ." not in first
    assert "Bộ phận Một cửa xã Minh Đức" in first  # where it was collected
    second = client.get(url, {"trang": "2"}).content.decode()
    assert "Nên có thêm ghế chờ." in second and 'start="3"' in second
    # Odd page numbers land on a real page; the place filter applies.
    assert "Nên có thêm ghế chờ." in client.get(url, {"trang": "99"}).content.decode()
    assert "Cán bộ hướng dẫn" in client.get(url, {"trang": "abc"}).content.decode()
    only_b = client.get(url, {"don_vi": point_b.unit_id}).content.decode()
    assert '<p id="so-y-kien">1 ý kiến' in only_b and "HYPERLINK" in only_b
    other_year = client.get(url, {"nam": "2001"}).content.decode()
    assert '<p id="so-y-kien">0 ý kiến' in other_year and "Chưa có ai trả lời" in other_year

    # Not an open question of this survey, or no such code: 404.
    assert client.get(reverse("staff:survey_text_answers", args=[sipas.pk, "YT1.1"])).status_code == 404
    assert client.get(reverse("staff:survey_text_answers", args=[sipas.pk, "XYZ"])).status_code == 404
    # The public results page never shows them.
    assert "tận tình" not in client.get(reverse("surveys:results")).content.decode()


def test_who_may_not_read_the_opinions(sipas, point_a, point_b, people, tree, client):
    _opinions(point_a, point_b)
    url = reverse("staff:survey_text_answers", args=[sipas.pk, "YK1"])
    assert "/accounts/login/" in client.get(url)["Location"]
    assert client_for(people["nobody"]).get(url).status_code == 404
    other = make_user("phutho.xem", tree.other_province, Role.VIEWER)
    assert client_for(other).get(url).status_code == 404
    assert client_for(people["province_viewer"]).post(url).status_code == 405


def test_the_workbook_lists_the_opinions_as_plain_text(sipas, point_a, point_b, people):
    _opinions(point_a, point_b)
    client = client_for(people["province_viewer"])
    xlsx = client.get(reverse("staff:survey_results_export", args=[sipas.pk, "xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book["Ý kiến"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in rows] == [
        "Cán bộ hướng dẫn tận tình.",
        '=HYPERLINK("http://vi-du.invalid","Bấm vào") <script>alert(1)</script>',
        "Nên có thêm ghế chờ.\nVà nước uống.",
    ]
    assert rows[0][0] == "YK1" and rows[0][4] == point_a.unit.display_name
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value)


def test_qr_codes_carry_the_public_address_when_one_is_set(sipas, editor, tree, settings):
    point = CollectionPoint.objects.get(survey=sipas, unit=tree.commune_a)
    client = client_for(editor)
    qr = reverse("staff:survey_point_qr", args=[point.pk])
    # Without it: the address the staff page was asked for (the test server's).
    assert f"<title>http://testserver/khao-sat/{point.token}/</title>" in client.get(qr).content.decode()
    settings.PUBLIC_URL = "https://cchc.quangngai.gov.vn"
    public = f"https://cchc.quangngai.gov.vn/khao-sat/{point.token}/"
    assert f"<title>{public}</title>" in client.get(qr).content.decode()
    sheet = client.get(reverse("staff:survey_point_print", args=[point.pk])).content.decode()
    assert public in sheet and "testserver" not in sheet
