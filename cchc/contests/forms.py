"""Forms of the contest pages; they only read input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.contests.models import (
    RANK_KEYS,
    Contest,
    Difficulty,
    LatePolicy,
    PrizeKind,
    Question,
    QuestionKind,
    Round,
)
from cchc.contests.services import (
    RANK_ORDERS,
    ContestData,
    ParticipantData,
    PrizeData,
    QuestionData,
    RoundData,
)
from cchc.orgs.models import Unit
from cchc.orgs.widgets import UnitSelect
from cchc.plans.models import Audience, ReformArea


class ServiceErrorsMixin:
    def add_service_errors(self, exc: ValidationError) -> None:
        form: Any = self
        if not hasattr(exc, "error_dict"):
            form.add_error(None, exc.messages)
            return
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)


class RegisterForm(ServiceErrorsMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Mỗi số điện thoại chỉ đăng ký một lần cho mỗi cuộc thi."),
    )
    audience = forms.ChoiceField(label=_("Đối tượng"), choices=())
    unit = forms.ModelChoiceField(
        label=_("Cơ quan, đơn vị công tác"),
        queryset=Unit.objects.none(),
        widget=UnitSelect,
        required=False,
        empty_label=_("— Không thuộc cơ quan nào —"),
    )
    locality = forms.CharField(
        label=_("Địa phương (xã, phường nơi sinh sống, học tập)"), max_length=200, required=False
    )
    id_number = forms.CharField(
        label=_("Số định danh cá nhân (không bắt buộc)"),
        max_length=20,
        required=False,
        help_text=_("Chỉ dùng để xác minh khi trao giải; được lưu dưới dạng mã hóa."),
    )

    def __init__(self, *args: Any, contest: Contest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Audience.choices)
        allowed = contest.audiences or list(labels)
        self.fields["audience"].choices = [(a, labels.get(a, a)) for a in allowed]  # type: ignore[attr-defined]
        # Units of the organiser's province (or the organiser's own tree above province level).
        organiser = contest.organiser
        prefix = organiser.path[: Unit.steplen * min(organiser.depth, 2)]
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            path__startswith=prefix, valid_to__isnull=True
        ).order_by("path")
        self.fields["unit"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]

    def to_data(self) -> ParticipantData:
        d = self.cleaned_data
        return ParticipantData(
            full_name=d["full_name"],
            phone=d["phone"],
            audience=d["audience"],
            unit=d.get("unit"),
            locality=d.get("locality", ""),
            id_number=d.get("id_number", ""),
        )


class ResumeForm(ServiceErrorsMixin, forms.Form):
    phone = forms.CharField(
        label=_("Số điện thoại đã đăng ký"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    code = forms.CharField(label=_("Mã dự thi"), max_length=12)


class DisqualifyForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do loại"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp câu hỏi (.xlsx hoặc .csv)"))


# --- Staff forms: contests, rounds, prizes, single questions ---------------------------

DATETIME_FORMAT = "%d/%m/%Y %H:%M"


class VnDateTimeField(forms.DateTimeField):
    input_formats = [DATETIME_FORMAT]
    default_error_messages = {
        "invalid": _("Thời gian phải theo dạng ngày/tháng/năm giờ:phút, ví dụ 05/08/2024 08:00.")
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(format=DATETIME_FORMAT, attrs={"placeholder": "dd/mm/yyyy HH:MM"}),
        )
        super().__init__(**kwargs)


INT_ERRORS = {
    "invalid": _("Hãy nhập một số nguyên, ví dụ 10."),
    "min_value": _("Giá trị phải từ %(limit_value)s trở lên."),
}


def _ranking_label(order: str) -> str:
    return " → ".join(str(RANK_KEYS[k]) for k in order.split(","))


def editable_units(user: Any) -> Any:
    from cchc.orgs.models import Role
    from cchc.orgs.permissions import unit_scope_q

    return Unit.objects.filter(unit_scope_q(user, Role.EDITOR), valid_to__isnull=True).order_by(
        "path"
    )


def selectable_activities(user: Any, keep: int | None = None) -> Any:
    """Activities of issued plans of units the user edits or of units above them (plus
    ``keep``, the contest's current activity, so that editing does not drop it)."""
    from cchc.orgs.models import ROLE_RANK, Role
    from cchc.orgs.permissions import is_site_admin, role_paths, top_paths
    from cchc.plans.models import Activity, PlanStatus

    issued = Q(plan__status=PlanStatus.ISSUED)
    if is_site_admin(user):
        q = issued
    else:
        paths = top_paths(p for p, r in role_paths(user) if r >= ROLE_RANK[Role.EDITOR])
        q = Q(pk__in=[])
        for path in paths:
            above = [path[:i] for i in range(Unit.steplen, len(path) + 1, Unit.steplen)]
            q |= issued & (Q(plan__unit__path__startswith=path) | Q(plan__unit__path__in=above))
    if keep is not None:
        q |= Q(pk=keep)
    return Activity.objects.filter(q).select_related("plan").order_by("plan_id", "order", "pk")


def _activity_label(activity: Any) -> str:
    return f"{activity.plan.title[:80]} — {activity.title[:120]}"


class ContestForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Tên cuộc thi"), max_length=300)
    organiser = forms.ModelChoiceField(
        label=_("Đơn vị tổ chức"), queryset=Unit.objects.none(), widget=UnitSelect
    )
    rules = forms.CharField(
        label=_("Thể lệ"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    audiences = forms.MultipleChoiceField(
        label=_("Đối tượng dự thi"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Không chọn: mọi đối tượng đều được dự thi."),
    )
    activity = forms.ModelChoiceField(
        label=_("Hoạt động của kế hoạch (không bắt buộc)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Không gắn với hoạt động nào —"),
        help_text=_("Mỗi vòng thi kết thúc được ghi nhận là một kết quả của hoạt động này."),
    )
    ranking = forms.ChoiceField(
        label=_("Thứ tự xếp hạng"),
        choices=[],
        help_text=_("Bằng điểm thì so tiêu chí tiếp theo."),
    )
    published = forms.BooleanField(label=_("Hiển thị công khai"), required=False, initial=True)

    def __init__(
        self, *args: Any, user: Any, contest: Contest | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        organiser = self.fields["organiser"]
        organiser.queryset = editable_units(user)  # type: ignore[attr-defined]
        organiser.label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]
        activity = self.fields["activity"]
        activity.queryset = selectable_activities(  # type: ignore[attr-defined]
            user, keep=contest.activity_id if contest is not None else None
        )
        activity.label_from_instance = _activity_label  # type: ignore[attr-defined]
        self.fields["ranking"].choices = [(o, _ranking_label(o)) for o in RANK_ORDERS]  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(contest: Contest) -> dict[str, Any]:
        return {
            "title": contest.title,
            "organiser": contest.organiser_id,
            "rules": contest.rules,
            "audiences": contest.audiences,
            "activity": contest.activity_id,
            "ranking": contest.ranking,
            "published": contest.published,
        }

    def to_data(self) -> ContestData:
        d = self.cleaned_data
        return ContestData(
            title=d["title"],
            organiser=d["organiser"],
            rules=d.get("rules", ""),
            audiences=tuple(d.get("audiences") or ()),
            activity=d.get("activity"),
            ranking=d["ranking"],
            published=bool(d.get("published")),
        )


class RoundForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Tên vòng thi"), max_length=200)
    opens_at = VnDateTimeField(label=_("Mở lúc (dd/mm/yyyy HH:MM)"))
    closes_at = VnDateTimeField(label=_("Đóng lúc (dd/mm/yyyy HH:MM)"))
    question_count = forms.IntegerField(
        error_messages=INT_ERRORS, label=_("Số câu hỏi mỗi lượt"), min_value=1, initial=10
    )
    topics = forms.MultipleChoiceField(
        label=_("Lĩnh vực câu hỏi"),
        choices=ReformArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Không chọn: lấy câu hỏi mọi lĩnh vực."),
    )
    difficulty = forms.TypedChoiceField(
        label=_("Độ khó"),
        choices=[("", _("— Mọi độ khó —")), *Difficulty.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    time_limit_seconds = forms.IntegerField(
        error_messages=INT_ERRORS, label=_("Thời gian làm bài (giây)"), min_value=1, initial=600
    )
    max_attempts = forms.IntegerField(
        error_messages=INT_ERRORS, label=_("Số lượt thi tối đa mỗi người"), min_value=1, initial=1
    )
    late_policy = forms.ChoiceField(
        label=_("Bài nộp quá giờ"), choices=LatePolicy.choices, initial=LatePolicy.REJECT
    )
    min_plausible_seconds = forms.IntegerField(
        error_messages=INT_ERRORS,
        label=_("Thời gian làm bài tối thiểu hợp lý (giây)"),
        min_value=0,
        initial=20,
        help_text=_("Bài nộp nhanh hơn được đánh dấu để kiểm tra."),
    )
    ask_prediction = forms.BooleanField(
        label=_("Hỏi dự đoán số người tham gia"), required=False, initial=True
    )

    @staticmethod
    def initial_for(round_: Round) -> dict[str, Any]:
        return {
            name: getattr(round_, name) for name in RoundForm.base_fields if hasattr(round_, name)
        }

    def to_data(self) -> RoundData:
        d = self.cleaned_data
        return RoundData(
            title=d["title"],
            opens_at=d["opens_at"],
            closes_at=d["closes_at"],
            question_count=d["question_count"],
            topics=tuple(d.get("topics") or ()),
            difficulty=d.get("difficulty"),
            time_limit_seconds=d["time_limit_seconds"],
            max_attempts=d["max_attempts"],
            late_policy=d["late_policy"],
            min_plausible_seconds=d["min_plausible_seconds"],
            ask_prediction=bool(d.get("ask_prediction")),
        )


class PrizeForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Tên giải"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại giải"), choices=PrizeKind.choices)
    quantity = forms.IntegerField(
        error_messages=INT_ERRORS, label=_("Số giải"), min_value=1, initial=1
    )

    def to_data(self) -> PrizeData:
        d = self.cleaned_data
        return PrizeData(title=d["title"], kind=d["kind"], quantity=d["quantity"])


LETTERS = "ABCDEF"


class QuestionForm(ServiceErrorsMixin, forms.Form):
    text = forms.CharField(label=_("Câu hỏi"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Loại câu hỏi"), choices=QuestionKind.choices)
    topic = forms.ChoiceField(
        label=_("Lĩnh vực"), choices=[("", "—"), *ReformArea.choices], required=False
    )
    difficulty = forms.TypedChoiceField(
        label=_("Độ khó"), choices=Difficulty.choices, coerce=int, initial=Difficulty.MEDIUM
    )
    choice_a = forms.CharField(label=_("Phương án A"), max_length=1000, required=False)
    choice_b = forms.CharField(label=_("Phương án B"), max_length=1000, required=False)
    choice_c = forms.CharField(label=_("Phương án C"), max_length=1000, required=False)
    choice_d = forms.CharField(label=_("Phương án D"), max_length=1000, required=False)
    choice_e = forms.CharField(label=_("Phương án E"), max_length=1000, required=False)
    choice_f = forms.CharField(label=_("Phương án F"), max_length=1000, required=False)
    correct = forms.MultipleChoiceField(
        label=_("Phương án đúng"),
        choices=[(letter, letter) for letter in LETTERS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    active = forms.BooleanField(label=_("Đang dùng"), required=False, initial=True)

    @staticmethod
    def initial_for(question: Question) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "text": question.text,
            "kind": question.kind,
            "topic": question.topic,
            "difficulty": question.difficulty,
            "active": question.active,
            "correct": [],
        }
        for letter, choice in zip(LETTERS, question.choices.order_by("order", "pk"), strict=False):
            initial[f"choice_{letter.lower()}"] = choice.text
            if choice.is_correct:
                initial["correct"].append(letter)
        return initial

    def to_data(self) -> QuestionData:
        d = self.cleaned_data
        right = set(d.get("correct") or ())
        return QuestionData(
            text=d["text"],
            kind=d["kind"],
            topic=d.get("topic") or "",
            difficulty=d["difficulty"],
            active=bool(d.get("active")),
            choices=tuple(
                (d.get(f"choice_{letter.lower()}") or "", letter in right) for letter in LETTERS
            ),
        )
