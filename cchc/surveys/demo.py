"""Demo content: the SIPAS survey at the demo province's one-stop desk, ~50 responses.

Idempotent: the survey is found by title and unit; responses are added only when it has
none. The answers are generated with a fixed seed, spread over this and last quarter.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from cchc.orgs.models import Unit
from cchc.surveys import services
from cchc.surveys.models import CollectionPoint, Survey, SurveyStatus
from cchc.surveys.sipas import NO, YES

DEMO_TITLE = "Khảo sát sự hài lòng tại Bộ phận Một cửa (SIPAS)"
DEMO_RESPONSES = 50
# What people write to the open question, by how satisfied they were overall.
SUGGESTIONS = {
    3: [
        "Thời gian chờ đến lượt còn lâu, nên có thêm quầy vào buổi sáng.",
        "Phải bổ sung giấy tờ hai lần vì lần đầu không được hướng dẫn đủ.",
        "Bãi gửi xe chật, trời mưa không có mái che.",
    ],
    4: [
        "Nên niêm yết rõ hơn mẫu đơn và phí, lệ phí ở khu vực chờ.",
        "Cán bộ nhiệt tình nhưng hệ thống xếp số hay bị lỗi.",
        "Đề nghị trả kết quả qua bưu điện cho người ở xa.",
    ],
    5: [
        "Cán bộ hướng dẫn tận tình, đúng hẹn.",
        "Nộp hồ sơ trực tuyến nhanh, nhận kết quả đúng ngày hẹn.",
        "Rất hài lòng, mong giữ được như vậy.",
    ],
}


def _answers(rng: random.Random, version_questions: list) -> dict[str, list[str]]:  # type: ignore[type-arg]
    raw: dict[str, list[str]] = {}
    mood = rng.choice([3, 4, 4, 5, 5])
    for q in version_questions:
        if q.kind == "scale":
            raw[q.code] = [str(max(1, min(5, mood + rng.choice([-2, -1, 0, 0, 0, 1]))))]
        elif q.kind == "single":
            raw[q.code] = (
                [YES if rng.random() < 0.3 else NO]
                if set(q.choices) == {YES, NO}
                else [q.choices[0]]
            )
        elif q.kind == "number":
            raw[q.code] = [str(rng.choice([1, 1, 1, 2, 3]))]
        elif q.kind == "short_text":
            raw[q.code] = [rng.choice(["Hộ tịch", "Đất đai", "Chứng thực", "Đăng ký kinh doanh"])]
        elif q.kind == "long_text" and rng.random() < 0.4:
            raw[q.code] = [rng.choice(SUGGESTIONS[mood])]
    return raw


def build_demo(units: dict[str, Unit]) -> str:
    province = units["province"]
    template = services.sipas_template()
    survey = Survey.objects.filter(unit=province, title=DEMO_TITLE).first()
    if survey is None:
        survey = services.survey_create(
            data=services.SurveyData(title=DEMO_TITLE, unit=province, publish_results=True),
            template=template,
        )
    point = CollectionPoint.objects.filter(
        survey=survey, unit=province
    ).first() or services.point_add(
        survey=survey,
        unit=province,
        label="Trung tâm Phục vụ hành chính công tỉnh (Bộ phận Một cửa)",
    )
    if survey.status != SurveyStatus.OPEN:
        services.survey_open(survey=survey)
    added = 0
    if not survey.responses.exists():
        rng = random.Random(2026)  # noqa: S311 - demo data, not security
        version = survey.current_version
        assert version is not None
        questions = services.questions_of(version)
        now = timezone.now()
        for i in range(DEMO_RESPONSES):
            when = now - datetime.timedelta(days=int(i * 120 / DEMO_RESPONSES), hours=i % 7)
            services.response_submit(point=point, raw=_answers(rng, questions), submitted_at=when)
            added += 1
    return (
        f"Khảo sát SIPAS tại {point}: thêm {added} phiếu (tổng {survey.responses.count()}),"
        f" đường dẫn /khao-sat/{point.token}/"
    )
