"""Staff forms of the survey builder, collection points and results filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Role, Unit
from cchc.orgs.permissions import unit_scope_q
from cchc.orgs.widgets import UnitSelect
from cchc.plans.models import Activity, PlanStatus
from cchc.surveys.models import Question, QuestionKind, Survey, SurveyVersion


def units_for(user: Any, least: str = Role.EDITOR) -> QuerySet[Unit]:
    return Unit.objects.filter(unit_scope_q(user, least), valid_to__isnull=True).order_by("path")


def activities_for(user: Any) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(plan__status=PlanStatus.ISSUED)
        .filter(unit_scope_q(user, Role.EDITOR, prefix="plan__unit__"))
        .select_related("plan")
        .order_by("plan__title", "order")
    )


class ActivityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.plan.title[:60]} — {obj.title[:80]}"


class UnitChoice(forms.ModelChoiceField):
    widget = UnitSelect

    def label_from_instance(self, obj: Any) -> str:
        return "— " * max(0, obj.depth - 1) + obj.display_name


class SurveyCreateForm(forms.Form):
    title = forms.CharField(label=_("Tên khảo sát"), max_length=300)
    unit = UnitChoice(label=_("Đơn vị tổ chức"), queryset=Unit.objects.none())
    template = forms.ModelChoiceField(
        label=_("Tạo từ mẫu"),
        queryset=Survey.objects.none(),
        required=False,
        empty_label=_("(khảo sát trống)"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user)  # type: ignore[attr-defined]
        from cchc.surveys.selectors import templates

        self.fields["template"].queryset = templates(user)  # type: ignore[attr-defined]


class SurveySettingsForm(forms.Form):
    title = forms.CharField(label=_("Tên khảo sát"), max_length=300)
    description = forms.CharField(
        label=_("Lời giới thiệu"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    activity = ActivityChoice(
        label=_("Hoạt động kế hoạch yêu cầu khảo sát"),
        queryset=Activity.objects.none(),
        required=False,
        help_text=_("Khi đóng khảo sát, một kết quả được ghi nhận cho hoạt động này (một lần)."),
    )
    require_visit_code = forms.BooleanField(label=_("Bắt buộc mã lượt giao dịch"), required=False)
    publish_results = forms.BooleanField(
        label=_("Công bố kết quả trên cổng thông tin"), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities_for(user)  # type: ignore[attr-defined]


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Tên phần mới"), max_length=300)


class SectionEditForm(forms.Form):
    title = forms.CharField(label=_("Tên phần"), max_length=300)
    description = forms.CharField(
        label=_("Hướng dẫn"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    order = forms.IntegerField(label=_("Thứ tự"), min_value=1, max_value=999, required=False)


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class QuestionForm(forms.Form):
    section_code = forms.ChoiceField(label=_("Thuộc phần"))
    text = forms.CharField(label=_("Câu hỏi"), widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("Loại câu hỏi"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("Bắt buộc trả lời"), required=False)
    choices = forms.CharField(
        label=_("Các lựa chọn (mỗi dòng một lựa chọn)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Chỉ dùng cho câu hỏi chọn một hoặc chọn nhiều."),
    )
    show_if_code = forms.ChoiceField(label=_("Chỉ hiện khi câu"), required=False)
    show_if_values = forms.CharField(
        label=_("có câu trả lời (mỗi dòng một giá trị)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Với câu mức độ hài lòng, ghi số mức: 1 đến 5."),
    )
    order = forms.IntegerField(
        label=_("Thứ tự trong phần"), min_value=1, max_value=999, required=False
    )

    def __init__(
        self, *args: Any, version: SurveyVersion, exclude: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section_code"].choices = [  # type: ignore[attr-defined]
            (s.code, s.title) for s in version.sections.order_by("order", "pk")
        ]
        questions = Question.objects.filter(section__version=version).exclude(code=exclude)
        self.fields["show_if_code"].choices = (  # type: ignore[attr-defined]
            [("", _("(luôn hiện)"))]
            + [
                (q.code, f"{q.code}. {q.text[:60]}")
                for q in questions.order_by("section__order", "order", "pk")
                if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE)
            ]
        )

    def choice_list(self) -> list[str]:
        return _lines(self.cleaned_data.get("choices") or "")

    def value_list(self) -> list[str]:
        return _lines(self.cleaned_data.get("show_if_values") or "")


class PointForm(forms.Form):
    unit = UnitChoice(label=_("Bộ phận Một cửa / đơn vị"), queryset=Unit.objects.none())
    label = forms.CharField(label=_("Tên điểm khảo sát (tùy chọn)"), max_length=300, required=False)

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert survey.unit is not None
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            path__startswith=survey.unit.path, valid_to__isnull=True
        ).order_by("path")


class VisitCodeForm(forms.Form):
    count = forms.IntegerField(label=_("Số mã cần tạo"), min_value=1, max_value=500, initial=20)


QUARTERS = [
    ("", _("Cả năm")),
    ("1", _("Quý I")),
    ("2", _("Quý II")),
    ("3", _("Quý III")),
    ("4", _("Quý IV")),
]


class ResultsFilterForm(forms.Form):
    nam = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    quy = forms.ChoiceField(label=_("Quý"), choices=QUARTERS, required=False)
    don_vi = forms.ModelChoiceField(
        label=_("Điểm khảo sát"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(tất cả)"),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["don_vi"].queryset = units  # type: ignore[attr-defined]

    def year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("nam"):
            return int(self.cleaned_data["nam"])
        return timezone.localdate().year

    def quarter(self) -> int | None:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("quy"):
            return int(self.cleaned_data["quy"])
        return None

    def unit(self) -> Unit | None:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("don_vi")
        return None
