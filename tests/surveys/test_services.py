"""Builder, template, conditions, versioning, bad answers, visit codes, the plan output."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cchc.plans.models import Activity
from cchc.plans.services import plan_create
from cchc.surveys import services
from cchc.surveys.models import (
    Answer,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
    VisitCode,
)
from cchc.surveys.services import QuestionData
from cchc.surveys.sipas import CRITERIA_COUNT, YES
from cchc.tracking.models import Output
from tests.plans.conftest import issued, province_plan_data
from tests.surveys.conftest import sipas_answers


def test_sipas_template_has_five_factors_and_22_criteria(db):
    template = services.sipas_template()
    assert services.sipas_template().pk == template.pk  # created once
    version = template.current_version
    factors = [s for s in version.sections.order_by("order") if s.code.startswith("YT")]
    assert [s.title.split(": ")[1] for s in factors] == [
        "Tiếp cận dịch vụ",
        "Thủ tục hành chính",
        "Công chức trực tiếp giải quyết công việc",
        "Kết quả cung ứng dịch vụ hành chính công",
        "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
    ]
    scale = Question.objects.filter(section__version=version, kind=QuestionKind.SCALE)
    assert scale.count() == CRITERIA_COUNT == 22
    gated = scale.filter(show_if__code="YT5.0")
    assert gated.count() == 4 and all(q.show_if_values == [YES] for q in gated)


def test_survey_from_template_copies_questions_and_conditions(sipas):
    version = sipas.current_version
    assert version.number == 1
    copied = Question.objects.filter(section__version=version)
    assert (
        copied.count()
        == Question.objects.filter(
            section__version=services.sipas_template().current_version
        ).count()
    )
    gate = copied.get(code="YT5.0")
    assert set(copied.filter(show_if=gate).values_list("code", flat=True)) == {
        "YT5.1",
        "YT5.2",
        "YT5.3",
        "YT5.4",
    }


def test_survey_needs_a_title_and_a_unit(db):
    with pytest.raises(ValidationError) as exc:
        services.survey_create(data=services.SurveyData(title="  ", unit=None))
    assert set(exc.value.message_dict) == {"title", "unit"}
    assert not Survey.objects.filter(is_template=False).exists()


# --- The builder's bad input --------------------------------------------------------


def test_choice_questions_need_two_choices(sipas):
    with pytest.raises(ValidationError) as exc:
        services.question_add(
            survey=sipas,
            data=QuestionData("Giới tính?", QuestionKind.SINGLE, "TT", choices=["Nam"]),
        )
    assert "ít nhất hai lựa chọn" in exc.value.message_dict["choices"][0]


def test_condition_must_name_an_option_of_another_question(sipas):
    bad_value = QuestionData(
        "Vì sao?", QuestionKind.LONG_TEXT, "YT5", show_if_code="YT5.0", show_if_values=["Có lẽ"]
    )
    with pytest.raises(ValidationError) as exc:
        services.question_add(survey=sipas, data=bad_value)
    assert (
        "“Có lẽ” không phải là lựa chọn của câu YT5.0"
        in exc.value.message_dict["show_if_values"][0]
    )
    on_text = QuestionData(
        "Vì sao?", QuestionKind.LONG_TEXT, "YT5", show_if_code="TT1", show_if_values=["x"]
    )
    with pytest.raises(ValidationError) as exc:
        services.question_add(survey=sipas, data=on_text)
    assert "show_if_code" in exc.value.message_dict
    selfref = QuestionData(
        "Có góp ý?",
        QuestionKind.SINGLE,
        "YT5",
        choices=["Có", "Không"],
        show_if_code="YT5.0",
        show_if_values=["Có"],
    )
    with pytest.raises(ValidationError):
        services.question_update(survey=sipas, code="YT5.0", data=selfref)
    # A scale question may be the condition, with levels as values.
    ok = QuestionData(
        "Vì sao chưa hài lòng?",
        QuestionKind.LONG_TEXT,
        "YT3",
        show_if_code="YT3.1",
        show_if_values=["1", "2"],
    )
    question, created = services.question_add(survey=sipas, data=ok)
    assert question.show_if.code == "YT3.1" and not created


def test_cycle_of_conditions_is_refused(sipas):
    a, _ = services.question_add(
        survey=sipas, data=QuestionData("A?", QuestionKind.SINGLE, "TT", choices=["x", "y"])
    )
    b, _ = services.question_add(
        survey=sipas,
        data=QuestionData(
            "B?",
            QuestionKind.SINGLE,
            "TT",
            choices=["x", "y"],
            show_if_code=a.code,
            show_if_values=["x"],
        ),
    )
    with pytest.raises(ValidationError) as exc:
        services.question_update(
            survey=sipas,
            code=a.code,
            data=QuestionData(
                "A?",
                QuestionKind.SINGLE,
                "TT",
                choices=["x", "y"],
                show_if_code=b.code,
                show_if_values=["x"],
            ),
        )
    assert "vòng lặp" in exc.value.message_dict["show_if_code"][0]
    with pytest.raises(ValidationError):
        services.question_delete(survey=sipas, code=a.code)  # B depends on it


# --- Versioning ---------------------------------------------------------------------


def test_editing_after_answers_creates_a_version_and_old_answers_keep_their_questions(
    sipas, point_a
):
    services.response_submit(point=point_a, raw=sipas_answers("4"))
    old_version = sipas.current_version
    old_question = Question.objects.get(section__version=old_version, code="YT1.1")

    question, created = services.question_update(
        survey=sipas,
        code="YT1.1",
        data=QuestionData(
            "Nơi ngồi chờ rộng rãi, đủ chỗ", QuestionKind.SCALE, "YT1", required=True
        ),
    )
    assert created
    sipas.refresh_from_db()
    assert sipas.current_version.number == 2 and question.section.version == sipas.current_version
    old_question.refresh_from_db()
    assert old_question.text == "Nơi ngồi chờ tại Bộ phận Một cửa có đủ chỗ ngồi"
    answer = Answer.objects.get(question__code="YT1.1")
    assert answer.question_id == old_question.pk and answer.response.version == old_version
    # The second edit, with no answers on version 2 yet, stays on version 2.
    assert services.question_delete(survey=sipas, code="TT1") is False
    assert sipas.versions.count() == 2
    # New answers go to version 2; both versions count under the same criterion code.
    services.response_submit(point=point_a, raw=sipas_answers("2"))
    assert Response.objects.order_by("pk").last().version.number == 2
    from cchc.surveys.selectors import survey_results

    results = survey_results(sipas)
    criterion = results.factors[0].criteria[0]
    assert (criterion.code, criterion.text, criterion.share.answered) == (
        "YT1.1",
        "Nơi ngồi chờ rộng rãi, đủ chỗ",
        2,
    )


# --- Answers: conditions and bad input ----------------------------------------------


def test_hidden_mandatory_questions_are_not_required_and_their_answers_dropped(sipas, point_a):
    raw = sipas_answers("5", feedback="Không")
    raw["YT5.1"] = ["1"]  # sent although hidden: dropped
    response = services.response_submit(point=point_a, raw=raw)
    codes = set(response.answers.values_list("question__code", flat=True))
    assert "YT5.1" not in codes and "YT5.0" in codes


def test_shown_mandatory_questions_are_required(sipas, point_a):
    with pytest.raises(ValidationError) as exc:
        services.response_submit(point=point_a, raw=sipas_answers("5", feedback=YES))
    assert set(exc.value.message_dict) == {"YT5.1", "YT5.2", "YT5.3", "YT5.4"}
    assert exc.value.message_dict["YT5.1"] == ["Câu hỏi này bắt buộc trả lời."]
    assert not Response.objects.exists()


def test_skipped_mandatory_and_answers_outside_the_scale(sipas, point_a):
    for bad in ("0", "6", "4.5", "rất tốt"):
        with pytest.raises(ValidationError) as exc:
            services.response_submit(point=point_a, raw=sipas_answers("5", YT1_1=bad))
        assert "năm mức" in exc.value.message_dict["YT1.1"][0]
    with pytest.raises(ValidationError) as exc:
        services.response_submit(point=point_a, raw=sipas_answers("5", YT2_3=""))
    assert exc.value.message_dict == {"YT2.3": ["Câu hỏi này bắt buộc trả lời."]}
    with pytest.raises(ValidationError) as exc:
        services.response_submit(point=point_a, raw=sipas_answers("5", YT5_0="Có thể"))
    assert "YT5.0" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.response_submit(point=point_a, raw=sipas_answers("5", TT2="hai lần"))
    assert "Hãy nhập một số" in exc.value.message_dict["TT2"][0]
    with pytest.raises(ValidationError) as exc:
        services.response_submit(point=point_a, raw=sipas_answers("5", TT1="x" * 501))
    assert "500" in exc.value.message_dict["TT1"][0]
    with pytest.raises(ValidationError):
        services.response_submit(point=point_a, raw={})
    assert not Response.objects.exists()


def test_multiple_choice_keeps_only_listed_options(sipas, point_a):
    services.question_add(
        survey=sipas,
        data=QuestionData(
            "Biết thông tin qua?", QuestionKind.MULTIPLE, "TT", choices=["Loa", "Báo", "Mạng"]
        ),
    )
    code = Question.objects.get(
        section__version=sipas.current_version, text="Biết thông tin qua?"
    ).code
    raw = sipas_answers("5")
    raw[code] = ["Mạng", "Tivi"]
    with pytest.raises(ValidationError):
        services.response_submit(point=point_a, raw=raw)
    raw[code] = ["Mạng", "Loa"]
    response = services.response_submit(point=point_a, raw=raw)
    assert response.answers.get(question__code=code).choices == ["Loa", "Mạng"]  # in listed order


def test_closed_survey_takes_no_online_answers(sipas, point_a):
    services.survey_close(survey=sipas)
    with pytest.raises(ValidationError) as exc:
        services.response_submit(point=point_a, raw=sipas_answers())
    assert "không nhận phiếu" in exc.value.messages[0]


def test_visit_codes_are_single_use(sipas, point_a, point_b):
    code, other = services.visit_codes_issue(point=point_a, count=2)
    response = services.response_submit(
        point=point_b, raw=sipas_answers(), visit_code=code.code.lower()
    )
    assert response.visit_code == code  # case-insensitive, any point of the same survey
    with pytest.raises(ValidationError) as exc:
        services.response_submit(point=point_a, raw=sipas_answers(), visit_code=code.code)
    assert exc.value.message_dict["visit_code"] == [
        "Mã lượt giao dịch này đã được dùng để trả lời khảo sát."
    ]
    with pytest.raises(ValidationError) as exc:
        services.response_submit(point=point_a, raw=sipas_answers(), visit_code="ZZZZ9999")
    assert exc.value.message_dict["visit_code"] == ["Mã lượt giao dịch không đúng."]
    Survey.objects.filter(pk=sipas.pk).update(require_visit_code=True)
    with pytest.raises(ValidationError) as exc:
        services.response_submit(point=point_a, raw=sipas_answers())
    assert "visit_code" in exc.value.message_dict
    services.response_submit(point=point_a, raw=sipas_answers(), visit_code=other.code)
    assert VisitCode.objects.filter(used_at__isnull=True).count() == 0
    assert Response.objects.count() == 2
    with pytest.raises(ValidationError):
        services.visit_codes_issue(point=point_a, count=0)


def test_points_stay_inside_the_survey_unit(sipas, tree):
    with pytest.raises(ValidationError) as exc:
        services.point_add(survey=sipas, unit=tree.other_province)
    assert "phải thuộc" in exc.value.message_dict["unit"][0]
    with pytest.raises(ValidationError):
        services.point_add(survey=sipas, unit=tree.commune_a)  # already has one


# --- The plan output ----------------------------------------------------------------


def test_closing_records_one_output_for_the_plan_activity(sipas, point_a, tree, people):
    plan = issued(plan_create(data=province_plan_data(tree), actor=people["admin"]))
    activity = Activity.objects.filter(plan=plan).first()
    Survey.objects.filter(pk=sipas.pk).update(activity=activity)
    for _ in range(3):
        services.response_submit(point=point_a, raw=sipas_answers())
    survey, warning = services.survey_close(survey=sipas, actor=people["admin"])
    assert warning is None
    output = Output.objects.get()
    assert output.activity == activity and output.unit == tree.province and output.participants == 3
    assert survey.output == output and "3 phiếu" in output.title
    # Reopened and closed again: still one output.
    services.survey_open(survey=survey)
    survey, warning = services.survey_close(survey=survey)
    assert Output.objects.count() == 1 and survey.status == SurveyStatus.CLOSED


def test_closing_without_an_issued_plan_warns_and_still_closes(sipas, tree, people):
    plan = plan_create(data=province_plan_data(tree), actor=people["admin"])  # draft
    Survey.objects.filter(pk=sipas.pk).update(activity=Activity.objects.filter(plan=plan).first())
    survey, warning = services.survey_close(survey=sipas)
    assert survey.status == SurveyStatus.CLOSED and survey.output is None
    assert warning and "chưa ghi nhận được" in warning
    assert not Output.objects.exists()


def test_a_template_cannot_be_opened(db):
    with pytest.raises(ValidationError):
        services.survey_open(survey=services.sipas_template())


def test_rate_quota_per_address(settings):
    from django.core.cache import cache

    cache.clear()
    settings.SURVEY_RATE_LIMIT = (2, 60)
    assert services.rate_take("1.2.3.4") and services.rate_take("1.2.3.4")
    assert not services.rate_take("1.2.3.4")
    services.rate_give_back("1.2.3.4")  # the refused try
    services.rate_give_back("1.2.3.4")  # one stored response withdrawn (e.g. invalid)
    assert services.rate_take("1.2.3.4")
    assert services.rate_take("5.6.7.8")
