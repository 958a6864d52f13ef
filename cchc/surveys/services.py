"""Building surveys, collecting answers, closing a survey. Bad input is refused whole.

Versioning: a survey's questions live in its latest version. Any change to the
questions goes through :func:`editable_version`, which copies the latest version to a
new one when answers were given on it; old answers keep pointing at their questions.
The builder addresses sections and questions by their ``code`` (kept across versions),
so a change asked on the old version lands on the new one.

Plan output: when a survey linked to a plan activity is closed, one output is recorded
for that activity (kind "other", participants = responses received). The survey keeps a
link to the output, so closing it again, after reopening, never records a second one.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.orgs.models import Unit
from cchc.plans.models import Activity
from cchc.surveys import sipas
from cchc.surveys.models import (
    SCALE_LEVELS,
    Answer,
    CollectionPoint,
    Question,
    QuestionKind,
    Response,
    ResponseChannel,
    Section,
    Survey,
    SurveyStatus,
    SurveyVersion,
    VisitCode,
)

MAX_SHORT_TEXT = 500
MAX_LONG_TEXT = 5000
MAX_NUMBER = Decimal("1000000000")
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
CONDITION_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE)
# Rate limit of public answers: at most this many per address and window (seconds).
RATE_LIMIT = (5, 600)
VISIT_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


# --- Surveys ------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyData:
    title: str
    unit: Unit | None
    description: str = ""
    activity: Activity | None = None
    require_visit_code: bool = False
    publish_results: bool = False


def _validate_survey(data: SurveyData, *, template: bool) -> None:
    errors: dict[str, list[str]] = {}
    if not " ".join(data.title.split()):
        errors["title"] = [_("Hãy nhập tên khảo sát.")]
    if data.unit is None and not template:
        errors["unit"] = [_("Hãy chọn đơn vị tổ chức khảo sát.")]
    if errors:
        raise ValidationError(errors)


def _apply(survey: Survey, data: SurveyData) -> None:
    survey.title = " ".join(data.title.split())[:300]
    survey.description = data.description.strip()
    survey.unit = data.unit
    survey.activity = data.activity
    survey.require_visit_code = data.require_visit_code
    survey.publish_results = data.publish_results


@transaction.atomic
def survey_create(*, data: SurveyData, actor: Any = None, template: Survey | None = None) -> Survey:
    """A new survey, empty or copied from ``template``'s latest version."""
    _validate_survey(data, template=False)
    survey = Survey(created_by=actor if getattr(actor, "pk", None) else None)
    _apply(survey, data)
    survey.save()
    source = template.current_version if template is not None else None
    if source is not None:
        _copy_version(source, survey, 1)
    else:
        version = SurveyVersion.objects.create(survey=survey, number=1)
        Section.objects.create(version=version, order=1, code="P1", title=_("Phần 1"))
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, data: SurveyData) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _validate_survey(data, template=survey.is_template)
    _apply(survey, data)
    survey.save()
    return survey


def sipas_template() -> Survey:
    """The shared SIPAS template (created once; see :mod:`cchc.surveys.sipas`)."""
    existing = Survey.objects.filter(is_template=True, template_key=sipas.SIPAS_KEY).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        survey = Survey.objects.create(
            title=sipas.SIPAS_TITLE,
            description=sipas.SIPAS_DESCRIPTION,
            is_template=True,
            template_key=sipas.SIPAS_KEY,
        )
        version = SurveyVersion.objects.create(survey=survey, number=1)
        by_code: dict[str, Question] = {}
        for s_order, (s_code, s_title, questions) in enumerate(sipas.sipas_sections(), start=1):
            section = Section.objects.create(
                version=version, order=s_order, code=s_code, title=s_title
            )
            for q_order, (code, text, kind, required, choices, show_if, values) in enumerate(
                questions, start=1
            ):
                by_code[code] = Question.objects.create(
                    section=section,
                    order=q_order,
                    code=code,
                    text=text,
                    kind=kind,
                    required=required,
                    choices=list(choices),
                    show_if=by_code[show_if] if show_if else None,
                    show_if_values=list(values),
                )
    return survey


# --- Versions -----------------------------------------------------------------------


def _copy_version(source: SurveyVersion, survey: Survey, number: int) -> SurveyVersion:
    version = SurveyVersion.objects.create(survey=survey, number=number)
    copies: dict[int, Question] = {}
    pending: list[tuple[Question, int]] = []
    for section in source.sections.order_by("order", "pk"):
        new_section = Section.objects.create(
            version=version,
            order=section.order,
            code=section.code,
            title=section.title,
            description=section.description,
        )
        for question in section.questions.order_by("order", "pk"):
            copy = Question.objects.create(
                section=new_section,
                order=question.order,
                code=question.code,
                text=question.text,
                kind=question.kind,
                required=question.required,
                choices=list(question.choices),
                show_if_values=list(question.show_if_values),
            )
            copies[question.pk] = copy
            if question.show_if_id:
                pending.append((copy, question.show_if_id))
    for copy, old_target in pending:
        copy.show_if = copies.get(old_target)
        copy.save(update_fields=["show_if"])
    return version


def editable_version(survey: Survey) -> tuple[SurveyVersion, bool]:
    """The version changes go to; a new one when the latest already has answers.

    Call inside a transaction. Returns (version, created).
    """
    current = (
        SurveyVersion.objects.select_for_update().filter(survey=survey).order_by("-number").first()
    )
    if current is None:
        return SurveyVersion.objects.create(survey=survey, number=1), True
    if not current.responses.exists():
        return current, False
    return _copy_version(current, survey, current.number + 1), True


# --- Sections and questions ---------------------------------------------------------


@dataclass(frozen=True)
class SectionData:
    title: str
    description: str = ""


@dataclass(frozen=True)
class QuestionData:
    text: str
    kind: str
    section_code: str
    required: bool = False
    choices: Sequence[str] = ()
    show_if_code: str = ""
    show_if_values: Sequence[str] = ()
    order: int | None = None


def _next_code(version: SurveyVersion, prefix: str, model: type[Section] | type[Question]) -> str:
    if model is Section:
        taken = set(
            Section.objects.filter(version__survey=version.survey).values_list("code", flat=True)
        )
    else:
        taken = set(
            Question.objects.filter(section__version__survey=version.survey).values_list(
                "code", flat=True
            )
        )
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


@transaction.atomic
def section_add(*, survey: Survey, data: SectionData) -> tuple[Section, bool]:
    title = " ".join(data.title.split())
    if not title:
        raise ValidationError({"title": [_("Hãy nhập tên phần.")]})
    version, created = editable_version(survey)
    order = (version.sections.aggregate(m=Max("order"))["m"] or 0) + 1
    section = Section.objects.create(
        version=version,
        order=order,
        code=_next_code(version, "P", Section),
        title=title[:300],
        description=data.description.strip(),
    )
    return section, created


@transaction.atomic
def section_update(
    *, survey: Survey, code: str, data: SectionData, order: int | None = None
) -> tuple[Section, bool]:
    title = " ".join(data.title.split())
    if not title:
        raise ValidationError({"title": [_("Hãy nhập tên phần.")]})
    version, created = editable_version(survey)
    section = version.sections.filter(code=code).first()
    if section is None:
        raise ValidationError({"code": [_("Không có phần mã %(c)s.") % {"c": code}]})
    section.title = title[:300]
    section.description = data.description.strip()
    if order is not None:
        section.order = order
    section.save()
    return section, created


@transaction.atomic
def section_delete(*, survey: Survey, code: str) -> bool:
    version, created = editable_version(survey)
    section = version.sections.filter(code=code).first()
    if section is None:
        raise ValidationError({"code": [_("Không có phần mã %(c)s.") % {"c": code}]})
    if section.questions.exists():
        raise ValidationError(
            {
                "code": [
                    _("Phần “%(t)s” còn câu hỏi; hãy xóa hoặc chuyển các câu hỏi trước.")
                    % {"t": section.title}
                ]
            }
        )
    if version.sections.count() == 1:
        raise ValidationError({"code": [_("Khảo sát cần ít nhất một phần.")]})
    section.delete()
    return created


@transaction.atomic
def survey_save_as_template(*, survey: Survey, actor: Any = None) -> Survey:
    """A reusable template of the unit, copied from the survey's latest version."""
    source = survey.current_version
    if source is None or survey.is_template:
        raise ValidationError(_("Chỉ lưu thành mẫu được từ một khảo sát có câu hỏi."))
    template = Survey.objects.create(
        unit=survey.unit,
        title=_("Mẫu: %(t)s") % {"t": survey.title[:290]},
        description=survey.description,
        is_template=True,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _copy_version(source, template, 1)
    return template


def _clean_choices(raw: Sequence[str]) -> list[str]:
    seen: list[str] = []
    for item in raw:
        value = " ".join(str(item).split())
        if value and value not in seen:
            seen.append(value[:200])
    return seen


def _validate_question(
    version: SurveyVersion, data: QuestionData, code: str | None
) -> tuple[Section, list[str], Question | None, list[str]]:
    errors: dict[str, list[str]] = {}
    section = version.sections.filter(code=data.section_code).first()
    if section is None:
        errors["section_code"] = [_("Phần được chọn không có trong khảo sát.")]
    if not " ".join(data.text.split()):
        errors["text"] = [_("Hãy nhập nội dung câu hỏi.")]
    if data.kind not in QuestionKind.values:
        errors["kind"] = [_("Loại câu hỏi không hợp lệ.")]
    choices = _clean_choices(data.choices)
    if data.kind in CHOICE_KINDS and len(choices) < 2:
        errors["choices"] = [
            _("Câu hỏi lựa chọn cần ít nhất hai lựa chọn (mỗi dòng một lựa chọn).")
        ]
    if data.kind not in CHOICE_KINDS:
        choices = []
    target: Question | None = None
    values = _clean_choices(data.show_if_values)
    if data.show_if_code:
        target = Question.objects.filter(section__version=version, code=data.show_if_code).first()
        if target is None or target.code == code:
            errors["show_if_code"] = [_("Câu điều kiện phải là một câu hỏi khác của khảo sát.")]
            target = None
        elif target.kind not in CONDITION_KINDS:
            errors["show_if_code"] = [
                _("Chỉ đặt điều kiện theo câu hỏi lựa chọn hoặc câu hỏi mức độ hài lòng.")
            ]
        else:
            options = _options(target)
            bad = [v for v in values if v not in options]
            if not values:
                errors["show_if_values"] = [_("Hãy chọn câu trả lời làm hiện câu hỏi này.")]
            elif bad:
                errors["show_if_values"] = [
                    _("“%(v)s” không phải là lựa chọn của câu %(c)s.")
                    % {"v": bad[0], "c": target.code}
                ]
            if code is not None and _depends_on(target, code):
                errors["show_if_code"] = [_("Điều kiện tạo thành vòng lặp giữa các câu hỏi.")]
    elif values:
        values = []
    if errors:
        raise ValidationError(errors)
    assert section is not None
    return section, choices, target, values


def _depends_on(question: Question, code: str) -> bool:
    seen = set()
    current: Question | None = question
    while current is not None and current.pk not in seen:
        if current.code == code:
            return True
        seen.add(current.pk)
        current = current.show_if
    return False


def _options(question: Question) -> list[str]:
    if question.kind == QuestionKind.SCALE:
        return [str(level) for level, _label in SCALE_LEVELS]
    return list(question.choices)


@transaction.atomic
def question_add(*, survey: Survey, data: QuestionData) -> tuple[Question, bool]:
    version, created = editable_version(survey)
    section, choices, target, values = _validate_question(version, data, None)
    order = data.order or (section.questions.aggregate(m=Max("order"))["m"] or 0) + 1
    question = Question.objects.create(
        section=section,
        order=order,
        code=_next_code(version, "C", Question),
        text=data.text.strip(),
        kind=data.kind,
        required=data.required,
        choices=choices,
        show_if=target,
        show_if_values=values,
    )
    return question, created


@transaction.atomic
def question_update(*, survey: Survey, code: str, data: QuestionData) -> tuple[Question, bool]:
    version, created = editable_version(survey)
    question = Question.objects.filter(section__version=version, code=code).first()
    if question is None:
        raise ValidationError({"code": [_("Không có câu hỏi mã %(c)s.") % {"c": code}]})
    section, choices, target, values = _validate_question(version, data, code)
    question.section = section
    question.text = data.text.strip()
    question.kind = data.kind
    question.required = data.required
    question.choices = choices
    question.show_if = target
    question.show_if_values = values
    if data.order is not None:
        question.order = data.order
    question.save()
    return question, created


@transaction.atomic
def question_delete(*, survey: Survey, code: str) -> bool:
    version, created = editable_version(survey)
    question = Question.objects.filter(section__version=version, code=code).first()
    if question is None:
        raise ValidationError({"code": [_("Không có câu hỏi mã %(c)s.") % {"c": code}]})
    if question.dependents.exists():
        raise ValidationError(
            {
                "code": [
                    _("Câu %(c)s đang là điều kiện của câu khác; hãy bỏ điều kiện đó trước.")
                    % {"c": code}
                ]
            }
        )
    question.delete()
    return created


# --- Opening, closing, the plan output ----------------------------------------------


@transaction.atomic
def survey_open(*, survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.is_template:
        raise ValidationError(_("Mẫu khảo sát không nhận phiếu; hãy tạo khảo sát từ mẫu."))
    version = survey.current_version
    if version is None or not Question.objects.filter(section__version=version).exists():
        raise ValidationError(_("Khảo sát chưa có câu hỏi nào."))
    survey.status = SurveyStatus.OPEN
    survey.closed_at = None
    survey.save(update_fields=["status", "closed_at"])
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, actor: Any = None) -> tuple[Survey, str | None]:
    """Stop collecting; record the plan output once. Returns (survey, warning)."""
    from cchc.tracking.models import OutputKind
    from cchc.tracking.services import OutputData, output_record

    survey = Survey.objects.select_for_update(of=("self",)).select_related("activity__plan").get(pk=survey.pk)
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = timezone.now()
    warning = None
    if survey.activity is not None and survey.output_id is None and survey.unit is not None:
        count = survey.responses.count()
        today = timezone.localdate()
        day = min(today, survey.activity.plan.period_end)
        try:
            with transaction.atomic():
                survey.output = output_record(
                    activity=survey.activity,
                    unit=survey.unit,
                    data=OutputData(
                        kind=OutputKind.OTHER,
                        date=day,
                        participants=count,
                        title=_("Khảo sát “%(t)s”: %(n)s phiếu")
                        % {"t": survey.title[:200], "n": count},
                    ),
                    actor=actor,
                )
        except ValidationError as exc:
            warning = _(
                "Đã đóng khảo sát nhưng chưa ghi nhận được kết quả cho hoạt động: %(m)s"
            ) % {"m": " ".join(exc.messages)}
    survey.save(update_fields=["status", "closed_at", "output"])
    return survey, warning


# --- Collection points and visit codes ----------------------------------------------


@transaction.atomic
def point_add(*, survey: Survey, unit: Unit, label: str = "") -> CollectionPoint:
    if survey.is_template:
        raise ValidationError({"unit": [_("Mẫu khảo sát không có điểm khảo sát.")]})
    if survey.unit is not None and not unit.path.startswith(survey.unit.path):
        raise ValidationError(
            {"unit": [_("Điểm khảo sát phải thuộc %(u)s.") % {"u": survey.unit.display_name}]}
        )
    if CollectionPoint.objects.filter(survey=survey, unit=unit).exists():
        raise ValidationError({"unit": [_("Đơn vị này đã có đường dẫn khảo sát.")]})
    return CollectionPoint.objects.create(
        survey=survey,
        unit=unit,
        label=" ".join(label.split())[:300],
        token=secrets.token_urlsafe(12).replace("_", "x").replace("-", "y"),
    )


def _visit_code() -> str:
    return "".join(secrets.choice(VISIT_CODE_ALPHABET) for _ in range(8))


@transaction.atomic
def visit_codes_issue(*, point: CollectionPoint, count: int) -> list[VisitCode]:
    if not 1 <= count <= 500:
        raise ValidationError({"count": [_("Mỗi lần tạo từ 1 đến 500 mã.")]})
    codes: list[VisitCode] = []
    while len(codes) < count:
        value = _visit_code()
        if not VisitCode.objects.filter(code=value).exists():
            codes.append(VisitCode.objects.create(point=point, code=value))
    return codes


# --- Answers ------------------------------------------------------------------------


def _rate_key(address: str) -> str:
    return f"surveys:rate:{address}"


def rate_take(address: str) -> bool:
    """Reserve one public response for ``address``; False once the window's quota is used.

    The cache's atomic increment decides, so parallel requests cannot all slip through.
    Give the slot back with :func:`rate_give_back` when nothing was stored.
    """
    count, window = getattr(settings, "SURVEY_RATE_LIMIT", RATE_LIMIT)
    key = _rate_key(address)
    if cache.add(key, 1, timeout=window):
        used = 1
    else:
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            used = 1
    return used <= count


def rate_give_back(address: str) -> None:
    try:
        cache.decr(_rate_key(address))
    except ValueError:
        pass


@dataclass
class ParsedAnswer:
    question: Question
    scale: int | None = None
    number: Decimal | None = None
    text: str = ""
    choices: list[str] = field(default_factory=list)

    def values(self) -> list[str]:
        """The answer as option strings, for conditions."""
        if self.scale is not None:
            return [str(self.scale)]
        return list(self.choices)


def questions_of(version: SurveyVersion) -> list[Question]:
    return list(
        Question.objects.filter(section__version=version)
        .select_related("section")
        .order_by("section__order", "section__pk", "order", "pk")
    )


def _parse_one(question: Question, raw: list[str]) -> tuple[ParsedAnswer | None, str | None]:
    """One question's answer from form values: (answer or None when blank, error)."""
    raw = [v.strip() for v in raw if v is not None and v.strip()]
    if not raw:
        return None, None
    answer = ParsedAnswer(question)
    if question.kind == QuestionKind.SCALE:
        if len(raw) != 1 or raw[0] not in {"1", "2", "3", "4", "5"}:
            return None, _(
                "Hãy chọn một trong năm mức, từ 1 (rất không hài lòng) đến 5 (rất hài lòng)."
            )
        answer.scale = int(raw[0])
    elif question.kind == QuestionKind.SINGLE:
        if len(raw) != 1 or raw[0] not in question.choices:
            return None, _("Hãy chọn một trong các lựa chọn đã cho.")
        answer.choices = [raw[0]]
    elif question.kind == QuestionKind.MULTIPLE:
        if any(v not in question.choices for v in raw):
            return None, _("Có lựa chọn không nằm trong danh sách đã cho.")
        answer.choices = [c for c in question.choices if c in raw]
    elif question.kind == QuestionKind.NUMBER:
        text = raw[0].replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None, _("Hãy nhập một số (ví dụ 2 hoặc 1.5).")
        if not number.is_finite() or abs(number) >= MAX_NUMBER:
            return None, _("Số không hợp lệ hoặc quá lớn.")
        answer.number = number.quantize(Decimal("0.01"))
    else:
        limit = MAX_SHORT_TEXT if question.kind == QuestionKind.SHORT_TEXT else MAX_LONG_TEXT
        text = (
            "\n".join(raw) if question.kind == QuestionKind.LONG_TEXT else " ".join(raw[0].split())
        )
        if "\x00" in text:
            return None, _("Câu trả lời chứa ký tự không hợp lệ.")
        if len(text) > limit:
            return None, _("Câu trả lời dài quá %(n)s ký tự.") % {"n": limit}
        answer.text = text
    return answer, None


def parse_answers(
    questions: list[Question], raw: Mapping[str, list[str]]
) -> tuple[list[ParsedAnswer], dict[str, list[str]]]:
    """Validate the answers, respecting conditions.

    A question whose condition is not met is hidden: it is never required and whatever
    was sent for it is dropped. Returns (answers to keep, errors by question code).
    """
    given: dict[int, ParsedAnswer] = {}
    visible: dict[int, bool] = {}
    errors: dict[str, list[str]] = {}
    kept: list[ParsedAnswer] = []
    for question in questions:
        shown = True
        if question.show_if_id is not None:
            target_answer = given.get(question.show_if_id)
            shown = bool(
                visible.get(question.show_if_id)
                and target_answer is not None
                and set(target_answer.values()) & set(question.show_if_values)
            )
        visible[question.pk] = shown
        if not shown:
            continue
        answer, error = _parse_one(question, list(raw.get(question.code, [])))
        if error:
            errors[question.code] = [error]
            continue
        if answer is None:
            if question.required:
                errors[question.code] = [_("Câu hỏi này bắt buộc trả lời.")]
            continue
        given[question.pk] = answer
        kept.append(answer)
    return kept, errors


@transaction.atomic
def response_submit(
    *,
    point: CollectionPoint,
    raw: Mapping[str, list[str]],
    channel: str = ResponseChannel.ONLINE,
    visit_code: str = "",
    actor: Any = None,
    submitted_at: datetime.datetime | None = None,
) -> Response:
    """Store one response (committed when this returns). Raises ValidationError."""
    survey = Survey.objects.get(pk=point.survey_id)
    if survey.status != SurveyStatus.OPEN and channel == ResponseChannel.ONLINE:
        raise ValidationError({"__all__": [_("Khảo sát này hiện không nhận phiếu.")]})
    if survey.is_template:
        raise ValidationError({"__all__": [_("Mẫu khảo sát không nhận phiếu.")]})
    version = survey.current_version
    if version is None:
        raise ValidationError({"__all__": [_("Khảo sát chưa có câu hỏi nào.")]})
    answers, errors = parse_answers(questions_of(version), raw)
    code_row: VisitCode | None = None
    code = visit_code.strip().upper().replace(" ", "")
    if code or (survey.require_visit_code and channel == ResponseChannel.ONLINE):
        if not code:
            errors["visit_code"] = [_("Hãy nhập mã lượt giao dịch in trên phiếu hẹn của Ông/Bà.")]
        else:
            code_row = (
                VisitCode.objects.select_for_update()
                .filter(code=code, point__survey=survey)
                .first()
            )
            if code_row is None:
                errors["visit_code"] = [_("Mã lượt giao dịch không đúng.")]
            elif code_row.used_at is not None:
                errors["visit_code"] = [
                    _("Mã lượt giao dịch này đã được dùng để trả lời khảo sát.")
                ]
    if not answers and not errors:
        errors["__all__"] = [_("Phiếu chưa có câu trả lời nào.")]
    if errors:
        raise ValidationError(errors)
    now = submitted_at or timezone.now()
    if code_row is not None:
        # Conditional update: of two submissions racing with one code only one wins.
        if VisitCode.objects.filter(pk=code_row.pk, used_at__isnull=True).update(used_at=now) != 1:
            raise ValidationError(
                {"visit_code": [_("Mã lượt giao dịch này đã được dùng để trả lời khảo sát.")]}
            )
    response = Response.objects.create(
        survey=survey,
        version=version,
        point=point,
        unit_id=point.unit_id,
        channel=channel,
        visit_code=code_row,
        entered_by=actor if getattr(actor, "pk", None) else None,
        submitted_at=now,
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question=a.question,
            scale=a.scale,
            number=a.number,
            text=a.text,
            choices=a.choices,
        )
        for a in answers
    )
    return response
