"""The form to set an activity's schedule by hand.

It only checks the shape of what was typed; dates stay text so that the service
(``schedule_set_by_hand``) says, in one place, what is wrong with them (30/02/2024 does
not exist, a deadline outside the window...). Its ``ValidationError`` lands on the fields.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.plans.models import Plan
from cchc.schedule.models import PerChoices, ScheduleKindChoices, ScheduleOverride
from cchc.schedule.services import DEADLINE_KINDS, MAX_COUNT, fmt
from cchc.schedule.timing import Schedule, ScheduleKind

_DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "size": 10, "autocomplete": "off"}
_SPLIT = re.compile(r"[\s,;]+")


class ScheduleForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại lịch"),
        choices=ScheduleKindChoices.choices,
        error_messages={
            "required": _("Hãy chọn loại lịch."),
            "invalid_choice": _("Loại lịch không có trong danh mục."),
        },
    )
    start = forms.CharField(
        label=_("Từ ngày"),
        max_length=20,
        widget=forms.TextInput(attrs=_DATE_ATTRS),
        error_messages={"required": _("Hãy nhập ngày bắt đầu (dd/mm/yyyy).")},
    )
    end = forms.CharField(
        label=_("Đến ngày"),
        max_length=20,
        widget=forms.TextInput(attrs=_DATE_ATTRS),
        error_messages={"required": _("Hãy nhập ngày kết thúc (dd/mm/yyyy).")},
    )
    count = forms.IntegerField(
        label=_("Số lần mỗi chu kỳ"),
        required=False,
        min_value=1,
        max_value=MAX_COUNT,
        help_text=_("Chỉ với lịch định kỳ, ví dụ 2 (lần mỗi tháng)."),
        error_messages={
            "invalid": _("Số lần phải là một số nguyên."),
            "min_value": _("Số lần phải từ 1 trở lên."),
            "max_value": _("Số lần không được quá %(limit_value)s."),
        },
    )
    per = forms.ChoiceField(
        label=_("Chu kỳ"),
        required=False,
        choices=[("", _("(không)")), *PerChoices.choices],
        help_text=_("Chỉ với lịch định kỳ."),
        error_messages={"invalid_choice": _("Chu kỳ không có trong danh mục.")},
    )
    deadlines = forms.CharField(
        label=_("Các hạn"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "10/03/2024, 10/06/2024"}),
        help_text=_(
            "Chỉ với lịch “Một lần, có hạn” hoặc “Nhiều hạn”: mỗi hạn dạng dd/mm/yyyy,"
            " cách nhau bằng dấu phẩy hoặc xuống dòng."
        ),
        error_messages={"max_length": _("Quá nhiều hạn.")},
    )

    @staticmethod
    def initial_for(
        override: ScheduleOverride | None, parsed: Schedule, plan: Plan
    ) -> dict[str, Any]:
        """What the form starts with: the schedule set by hand, else what the parser read."""
        if override is not None:
            return {
                "kind": override.kind,
                "start": fmt(override.start),
                "end": fmt(override.end),
                "count": override.count,
                "per": override.per,
                "deadlines": ", ".join(
                    fmt(datetime.date.fromisoformat(d)) for d in override.deadlines
                ),
            }
        if parsed.understood and parsed.start and parsed.end and parsed.kind != ScheduleKind.UNKNOWN:
            return {
                "kind": str(parsed.kind),
                "start": fmt(parsed.start),
                "end": fmt(parsed.end),
                "count": parsed.count,
                "per": str(parsed.per) if parsed.per else "",
                "deadlines": ", ".join(fmt(d) for d in parsed.deadlines),
            }
        return {
            "kind": str(parsed.kind) if parsed.kind != ScheduleKind.UNKNOWN else "",
            "start": fmt(plan.period_start),
            "end": fmt(plan.period_end),
            "count": parsed.count,
            "per": str(parsed.per) if parsed.per else "",
        }

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned data as ``schedule_set_by_hand`` takes it.

        Fields that do not apply to the chosen kind are dropped (the page shows them all).
        """
        data = self.cleaned_data
        kind = data["kind"]
        recurring = kind == ScheduleKindChoices.RECURRING
        return {
            "kind": kind,
            "start": data["start"],
            "end": data["end"],
            "count": data.get("count") if recurring else None,
            "per": data.get("per", "") if recurring else "",
            "deadlines": (
                [d for d in _SPLIT.split(data.get("deadlines") or "") if d]
                if kind in DEADLINE_KINDS
                else []
            ),
        }

    def add_service_errors(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, exc.messages)
