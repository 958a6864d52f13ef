"""What a survey page shows: each question with its options, the values sent and errors.

Shared by the public answer page and the staff paper entry page. Questions with a
condition carry ``data-show-if`` for the small script that hides them; without
JavaScript they stay visible with a note saying when to answer them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from cchc.surveys.models import SCALE_LEVELS, Question, QuestionKind, Section, SurveyVersion
from cchc.surveys.services import questions_of


@dataclass
class Option:
    value: str
    label: str
    checked: bool
    id: str


@dataclass
class Item:
    question: Question
    number: int
    name: str
    id: str
    options: list[Option] = field(default_factory=list)
    value: str = ""
    errors: list[str] = field(default_factory=list)
    condition_note: str = ""
    show_if: str = ""
    show_values: str = ""

    @property
    def grouped(self) -> bool:
        return self.question.kind in (
            QuestionKind.SCALE,
            QuestionKind.SINGLE,
            QuestionKind.MULTIPLE,
        )

    @property
    def input_type(self) -> str:
        return "checkbox" if self.question.kind == QuestionKind.MULTIPLE else "radio"


@dataclass
class SectionView:
    section: Section
    items: list[Item]


def raw_answers(data: QueryDict, version: SurveyVersion) -> dict[str, list[str]]:
    return {q.code: data.getlist(q.code) for q in questions_of(version)}


def build(
    version: SurveyVersion,
    values: Mapping[str, list[str]] | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> list[SectionView]:
    values = values or {}
    errors = errors or {}
    questions = questions_of(version)
    numbers = {q.pk: i for i, q in enumerate(questions, start=1)}
    by_pk = {q.pk: q for q in questions}
    sections: dict[int, SectionView] = {}
    for question in questions:
        sent = values.get(question.code, [])
        item = Item(
            question=question,
            number=numbers[question.pk],
            name=question.code,
            id=f"q{question.pk}",
            errors=list(errors.get(question.code, [])),
        )
        if question.kind == QuestionKind.SCALE:
            pairs = [(str(level), f"{level} – {label}") for level, label in SCALE_LEVELS]
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            pairs = [(c, c) for c in question.choices]
        else:
            pairs = []
            item.value = sent[0] if sent else ""
        item.options = [
            Option(v, label, v in sent, f"q{question.pk}-{i}")
            for i, (v, label) in enumerate(pairs, start=1)
        ]
        if question.show_if_id and question.show_if_id in by_pk:
            target = by_pk[question.show_if_id]
            shown_values = [
                dict(SCALE_LEVELS).get(int(v), v)
                if target.kind == QuestionKind.SCALE and v.isdigit()
                else v
                for v in question.show_if_values
            ]
            item.condition_note = _("Chỉ trả lời nếu ở câu %(n)s Ông/Bà chọn: %(v)s.") % {
                "n": numbers[target.pk],
                "v": ", ".join(f"“{v}”" for v in shown_values),
            }
            item.show_if = target.code
            item.show_values = json.dumps(list(question.show_if_values), ensure_ascii=False)
        sections.setdefault(question.section_id, SectionView(question.section, [])).items.append(
            item
        )
    return list(sections.values())
