"""The demo content: the SIPAS survey at the province's desk with 50 responses, once."""

from __future__ import annotations

from cchc.surveys.demo import DEMO_RESPONSES, build_demo
from cchc.surveys.models import Response, Survey
from cchc.surveys.selectors import survey_results, text_questions


def test_demo_is_idempotent(tree):
    first = build_demo({"province": tree.province})
    assert f"thêm {DEMO_RESPONSES} phiếu" in first
    second = build_demo({"province": tree.province})
    assert "thêm 0 phiếu" in second
    survey = Survey.objects.get(is_template=False)
    assert survey.status == "open" and survey.publish_results
    assert Response.objects.count() == DEMO_RESPONSES
    results = survey_results(survey)
    assert results.respondents == DEMO_RESPONSES and 0 < results.overall.percent < 100
    # Some respondents wrote a suggestion: the staff results page has something to show.
    [_field, suggestions] = text_questions(survey)
    assert suggestions.code == "YK1" and 5 < suggestions.answered < DEMO_RESPONSES
