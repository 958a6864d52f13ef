"""Reading results: the satisfaction index per criterion, factor, unit and period.

The formula (see :mod:`cchc.surveys.stats`): index = answers "Hài lòng" (4) or "Rất hài
lòng" (5) / answers given to the criterion. A factor (a section of the survey) and the
whole survey pool the answers to their criteria. Only five-level scale questions count.
Results are grouped by question and section codes, which stay the same across versions,
so answers given on an older version count under the same criterion.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from cchc.orgs.models import Unit
from cchc.orgs.permissions import unit_scope_q
from cchc.surveys.models import (
    SATISFIED_LEVELS,
    Answer,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)
from cchc.surveys.stats import Share


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None

    @property
    def start(self) -> datetime.date:
        month = 1 if self.quarter is None else 3 * (self.quarter - 1) + 1
        return datetime.date(self.year, month, 1)

    @property
    def end(self) -> datetime.date:
        if self.quarter is None or self.quarter == 4:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 3 * self.quarter + 1, 1) - datetime.timedelta(days=1)

    @property
    def previous(self) -> Period:
        if self.quarter is None:
            return Period(self.year - 1)
        if self.quarter == 1:
            return Period(self.year - 1, 4)
        return Period(self.year, self.quarter - 1)

    @property
    def label(self) -> str:
        if self.quarter is None:
            return _("năm %(y)s") % {"y": self.year}
        return _("quý %(q)s/%(y)s") % {"q": self.quarter, "y": self.year}


@dataclass
class CriterionResult:
    code: str
    text: str
    share: Share
    levels: dict[int, int]


@dataclass
class FactorResult:
    code: str
    title: str
    share: Share
    criteria: list[CriterionResult] = field(default_factory=list)
    previous: Share | None = None

    @property
    def change(self) -> float | None:
        if self.previous is None or self.previous.percent is None or self.share.percent is None:
            return None
        return round(self.share.percent - self.previous.percent, 1)


@dataclass
class Results:
    survey: Survey
    period: Period | None
    unit: Unit | None
    respondents: int
    overall: Share
    factors: list[FactorResult]
    previous_overall: Share | None = None
    previous_respondents: int | None = None


@dataclass
class UnitResult:
    unit: Unit
    respondents: int
    overall: Share


def responses_for(
    survey: Survey, period: Period | None = None, unit: Unit | None = None
) -> QuerySet[Response]:
    qs = Response.objects.filter(survey=survey)
    if period is not None:
        qs = qs.filter(submitted_at__date__gte=period.start, submitted_at__date__lte=period.end)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


def _labels(survey: Survey) -> tuple[dict[str, str], dict[str, str], list[str], list[str]]:
    """Texts of criteria and titles of sections by code; latest version wins. Also orders."""
    questions: dict[str, str] = {}
    sections: dict[str, str] = {}
    q_order: list[str] = []
    s_order: list[str] = []
    rows = (
        Question.objects.filter(section__version__survey=survey, kind=QuestionKind.SCALE)
        .order_by("-section__version__number", "section__order", "order", "pk")
        .values_list("code", "text", "section__code", "section__title")
    )
    for code, text, s_code, s_title in rows:
        if code not in questions:
            questions[code] = text
            q_order.append(code)
        if s_code not in sections:
            sections[s_code] = s_title
            s_order.append(s_code)
    return questions, sections, q_order, s_order


def survey_results(
    survey: Survey, period: Period | None = None, unit: Unit | None = None, *, compare: bool = True
) -> Results:
    """Indices per criterion and factor (and overall) for the period and unit."""
    responses = responses_for(survey, period, unit)
    counts = (
        Answer.objects.filter(
            response__in=responses, question__kind=QuestionKind.SCALE, scale__isnull=False
        )
        .values_list("question__code", "question__section__code", "scale")
        .annotate(n=Count("id"))
        .order_by()
    )
    levels: dict[str, dict[int, int]] = defaultdict(lambda: dict.fromkeys(range(1, 6), 0))
    factor_of: dict[str, str] = {}
    for q_code, s_code, scale, n in counts:
        levels[q_code][scale] += n
        factor_of.setdefault(q_code, s_code)
    texts, titles, q_order, s_order = _labels(survey)
    factors: dict[str, FactorResult] = {}
    total_sat = total_ans = 0
    for s_code in s_order:
        factors[s_code] = FactorResult(s_code, titles[s_code], Share(0, 0))
    for q_code in q_order + [c for c in levels if c not in texts]:
        dist = levels.get(q_code, dict.fromkeys(range(1, 6), 0))
        share = Share(sum(dist[level] for level in SATISFIED_LEVELS), sum(dist.values()))
        s_code = factor_of.get(q_code) or next(
            (s for s in s_order if q_code.startswith(s)), s_order[0] if s_order else ""
        )
        factor = factors.setdefault(
            s_code, FactorResult(s_code, titles.get(s_code, s_code), Share(0, 0))
        )
        factor.criteria.append(CriterionResult(q_code, texts.get(q_code, q_code), share, dist))
        factor.share = Share(
            factor.share.satisfied + share.satisfied, factor.share.answered + share.answered
        )
        total_sat += share.satisfied
        total_ans += share.answered
    result = Results(
        survey=survey,
        period=period,
        unit=unit,
        respondents=responses.count(),
        overall=Share(total_sat, total_ans),
        factors=[f for f in factors.values() if f.criteria],
    )
    if compare and period is not None:
        previous = survey_results(survey, period.previous, unit, compare=False)
        by_code = {f.code: f.share for f in previous.factors}
        for factor in result.factors:
            factor.previous = by_code.get(factor.code)
        result.previous_overall = previous.overall
        result.previous_respondents = previous.respondents
    return result


@dataclass
class OtherQuestion:
    """A question outside the index: counts per option, or the mean of a number."""

    code: str
    text: str
    kind: str
    answered: int
    options: list[tuple[str, int]] = field(default_factory=list)
    mean: float | None = None


def other_questions(
    survey: Survey, period: Period | None = None, unit: Unit | None = None
) -> list[OtherQuestion]:
    """Choice and number questions of the latest version, summed over every version's answers."""
    version = survey.current_version
    if version is None:
        return []
    responses = responses_for(survey, period, unit)
    kinds = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.NUMBER)
    out: list[OtherQuestion] = []
    for question in Question.objects.filter(section__version=version, kind__in=kinds).order_by(
        "section__order", "order", "pk"
    ):
        answers = Answer.objects.filter(response__in=responses, question__code=question.code)
        if question.kind == QuestionKind.NUMBER:
            numbers = [float(n) for n in answers.values_list("number", flat=True) if n is not None]
            mean = round(sum(numbers) / len(numbers), 2) if numbers else None
            out.append(
                OtherQuestion(question.code, question.text, question.kind, len(numbers), mean=mean)
            )
            continue
        counts = dict.fromkeys(question.choices, 0)
        answered = 0
        for chosen in answers.values_list("choices", flat=True):
            answered += 1
            for value in chosen or []:
                counts[value] = counts.get(value, 0) + 1
        out.append(
            OtherQuestion(
                question.code, question.text, question.kind, answered, list(counts.items())
            )
        )
    return out


TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)


@dataclass
class TextQuestion:
    """An open question: how many wrote something, and the latest of what they wrote."""

    code: str
    text: str
    answered: int
    latest: list[Answer]


def text_question(survey: Survey, code: str) -> Question | None:
    """The open question of that code, as the latest version that has it words it."""
    return (
        Question.objects.filter(section__version__survey=survey, code=code, kind__in=TEXT_KINDS)
        .order_by("-section__version__number")
        .first()
    )


def text_answers(
    survey: Survey, code: str, period: Period | None = None, unit: Unit | None = None
) -> QuerySet[Answer]:
    """What respondents wrote to an open question (every version), newest first."""
    return (
        Answer.objects.filter(
            response__in=responses_for(survey, period, unit),
            question__code=code,
            question__kind__in=TEXT_KINDS,
        )
        .exclude(text="")
        .select_related("response__unit", "response__point")
        .order_by("-response__submitted_at", "-pk")
    )


def open_questions(survey: Survey) -> list[Question]:
    """The open (text) questions of the latest version, in their order."""
    version = survey.current_version
    if version is None:
        return []
    return list(
        Question.objects.filter(section__version=version, kind__in=TEXT_KINDS).order_by(
            "section__order", "order", "pk"
        )
    )


def text_questions(
    survey: Survey, period: Period | None = None, unit: Unit | None = None, *, latest: int = 5
) -> list[TextQuestion]:
    """The open questions of the latest version, each with its count and latest answers."""
    out = []
    for question in open_questions(survey):
        answers = text_answers(survey, question.code, period, unit)
        out.append(
            TextQuestion(question.code, question.text, answers.count(), list(answers[:latest]))
        )
    return out


def unit_comparison(survey: Survey, period: Period | None = None) -> list[UnitResult]:
    """The overall index of each unit where answers were collected."""
    responses = responses_for(survey, period)
    rows = (
        Answer.objects.filter(
            response__in=responses, question__kind=QuestionKind.SCALE, scale__isnull=False
        )
        .values_list("response__unit")
        .annotate(n=Count("id"), sat=Count("id", filter=Q(scale__in=SATISFIED_LEVELS)))
        .order_by()
    )
    people = dict(responses.values_list("unit").annotate(n=Count("id")).order_by())
    units = Unit.objects.in_bulk([r[0] for r in rows] + list(people))
    result = [
        UnitResult(units[unit_id], people.get(unit_id, 0), Share(sat, n))
        for unit_id, n, sat in rows
    ]
    return sorted(result, key=lambda r: (-(r.overall.index or 0), r.unit.display_name))


def surveys_visible_to(user: Any) -> QuerySet[Survey]:
    return (
        Survey.objects.filter(is_template=False)
        .filter(unit_scope_q(user, prefix="unit__"))
        .select_related("unit")
    )


def templates(user: Any) -> QuerySet[Survey]:
    """Shared templates (no unit) and those of units the user may see."""
    return (
        Survey.objects.filter(is_template=True)
        .filter(
            Q(unit__isnull=True)
            | Q(pk__in=Survey.objects.filter(unit_scope_q(user, prefix="unit__")).values("pk"))
        )
        .order_by("unit__path", "title")
    )


def open_points() -> list[Any]:
    from cchc.surveys.models import CollectionPoint

    return list(
        CollectionPoint.objects.filter(survey__status=SurveyStatus.OPEN, survey__is_template=False)
        .select_related("survey", "unit")
        .order_by("survey__title", "unit__path")
    )


@dataclass
class PublishedResult:
    survey: Survey
    year: int
    respondents: int
    overall: Share
    factors: list[FactorResult]


def published_results(unit: Unit | None, year: int) -> list[PublishedResult]:
    """Results the portal may show: published surveys of ``unit`` (and below) in ``year``.

    Each carries the respondents, the overall index and the index of each factor with its
    Wilson interval. ``unit=None`` means every unit.
    """
    surveys = Survey.objects.filter(is_template=False, publish_results=True).exclude(
        status=SurveyStatus.DRAFT
    )
    if unit is not None:
        surveys = surveys.filter(unit__path__startswith=unit.path)
    period = Period(year)
    out: list[PublishedResult] = []
    for survey in surveys.select_related("unit").order_by("unit__path", "title"):
        results = survey_results(survey, period, compare=False)
        if results.respondents:
            out.append(
                PublishedResult(survey, year, results.respondents, results.overall, results.factors)
            )
    return out
