"""A citizen answers the SIPAS survey on a phone-sized screen; staff then see the result.

The condition works in the browser (factor 5 appears only after "Có"); every page
passes axe-core (WCAG 2.1 AA).
"""

from __future__ import annotations

import pytest

from cchc.surveys import services
from cchc.surveys.models import Question, Response
from tests.browser.helpers import login, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_answer_on_a_phone_then_staff_see_the_result(live_server, page, tree, people):
    survey = services.survey_create(
        data=services.SurveyData(title="Khảo sát SIPAS Phường Cẩm Thành", unit=tree.province),
        template=services.sipas_template(),
    )
    point = services.point_add(
        survey=survey, unit=tree.commune_b, label="Bộ phận Một cửa phường Cẩm Thành"
    )
    services.survey_open(survey=survey)
    questions = {
        q.code: q for q in Question.objects.filter(section__version=survey.current_version)
    }

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/khao-sat/{point.token}/")
    assert page.get_by_role("heading", name="Khảo sát SIPAS Phường Cẩm Thành", level=1).is_visible()
    gated = page.locator(f"#q{questions['YT5.1'].pk}")
    assert gated.is_hidden()  # hidden until the person says they gave feedback
    assert violations(page) == []

    # Sent empty: nothing stored, the errors are announced.
    page.get_by_role("button", name="Gửi phiếu khảo sát").click()
    assert page.get_by_role("alert").get_by_text("Phiếu chưa được lưu").is_visible()
    assert Response.objects.count() == 0
    assert violations(page) == []

    page.locator(f"#q{questions['YT5.0'].pk}-1").check()  # "Có"
    assert gated.is_visible()
    page.locator(f"#q{questions['YT5.0'].pk}-2").check()  # "Không": hidden again
    assert gated.is_hidden()
    for code, question in questions.items():
        if question.kind == "scale" and not code.startswith("YT5"):
            level = "4" if code.startswith("YT1") else "5"
            page.locator(f"#q{question.pk}-{level}").check()
    page.get_by_label("2. Số lần Ông/Bà phải đi lại để hoàn thành thủ tục").fill("1")
    page.get_by_role("button", name="Gửi phiếu khảo sát").click()
    page.wait_for_url(f"**/khao-sat/{point.token}/cam-on/")
    assert page.get_by_role("heading", name="Cảm ơn Ông/Bà đã trả lời khảo sát").is_visible()
    assert violations(page) == []
    assert Response.objects.get().answers.count() == 20  # 18 criteria, the gate, the visits

    login(page, live_server, "tinh.xem")
    page.goto(f"{live_server.url}/staff/surveys/{survey.pk}/results/")
    assert page.locator("#so-phieu").inner_text() == "1"
    assert page.locator("#chi-so-chung").inner_text().startswith("100,0%")
    # Factor 1 was "Hài lòng" (4) everywhere, the others "Rất hài lòng" (5): all satisfied.
    assert page.get_by_role("rowheader", name=tree.commune_b.display_name, exact=True).is_visible()
    assert page.get_by_role("link", name="Khảo sát", exact=True).first.is_visible()
    assert violations(page) == []


def test_staff_pages_and_public_pages_pass_axe(live_server, page, tree, people):
    survey = services.survey_create(
        data=services.SurveyData(
            title="Khảo sát SIPAS tỉnh", unit=tree.province, publish_results=True
        ),
        template=services.sipas_template(),
    )
    point = services.point_add(survey=survey, unit=tree.commune_a)
    services.survey_open(survey=survey)
    services.visit_codes_issue(point=point, count=3)
    login(page, live_server, "quantri")
    page.goto(f"{live_server.url}/staff/surveys/")
    assert violations(page) == []
    page.get_by_role("link", name="Khảo sát SIPAS tỉnh").first.click()
    assert page.get_by_role("heading", name="Khảo sát SIPAS tỉnh", level=1).is_visible()
    assert violations(page) == []
    # The builder adds a question shown only to people who chose level 1 or 2 at YT3.1.
    page.locator("#question_section_code").select_option(
        label="Yếu tố 3: Công chức trực tiếp giải quyết công việc"
    )
    page.locator("#question_text").fill("Vì sao Ông/Bà chưa hài lòng với thái độ công chức?")
    page.locator("#question_kind").select_option(label="Trả lời dài")
    page.locator("#question_show_if_code").select_option(value="YT3.1")
    page.locator("#question_show_if_values").fill("1\n2")
    page.get_by_role("button", name="Thêm câu hỏi").click()
    assert page.get_by_role("status").get_by_text("Đã thêm câu hỏi").is_visible()
    assert (
        Question.objects.filter(section__version__survey=survey, show_if__code="YT3.1").count() == 1
    )
    for path in ("points/", "paper/"):
        page.goto(f"{live_server.url}/staff/surveys/{survey.pk}/{path}")
        assert violations(page) == [], path
    page.goto(f"{live_server.url}/staff/survey-points/{point.pk}/print/")
    assert page.locator("svg").first.is_visible()
    assert violations(page) == []
    for path in ("/khao-sat/", "/khao-sat/ket-qua/"):
        page.goto(f"{live_server.url}{path}")
        assert violations(page) == [], path
