"""Form widgets for picking units."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cchc.orgs.models import Unit
from cchc.orgs.selectors import unit_labels

# A select with more options than this gets a filter box (``orgs/unit_filter.js``).
FILTER_MIN_OPTIONS = 15


def filter_attrs(options: int) -> dict[str, str]:
    """Attributes asking ``orgs/unit_filter.js`` to put a filter box before a long select.

    The texts travel with the select, translated here, so the script holds none.
    """
    if options <= FILTER_MIN_OPTIONS:
        return {}
    return {
        "data-filter": _("Lọc danh sách: gõ vài chữ của tên, không cần dấu"),
        "data-filter-status": _("{shown} trên {total} đơn vị khớp"),
    }


def _attributes(attrs: dict[str, Any]) -> SafeString:
    """As Django's ``attrs.html``: in order, ``True`` as a bare name, ``False`` left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v),)
            for k, v in attrs.items()
            if v is not False and v is not None
        ),
    )


def _told_apart(choices: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """The choices, the labels of the units among them made distinct (``unit_labels``)."""
    at = [
        i for i, (value, _label) in enumerate(choices)
        if isinstance(getattr(value, "instance", None), Unit)
    ]  # fmt: skip
    if not at:
        return choices
    labels = unit_labels(
        [choices[i][0].instance for i in at], [str(choices[i][1]) for i in at]
    )
    for i, label in zip(at, labels, strict=True):
        choices[i] = (choices[i][0], label)
    return choices


class UnitSelect(forms.Select):
    """A ``<select>`` that writes its options itself.

    Django renders every option through a template; a site administrator picks from
    about 10,000 units (all administrative units, current and former), which took about
    a second per form. The markup is the same as ``forms.Select`` produces.
    """

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        context = super(forms.Select, self).get_context(name, value, attrs)  # no optgroups
        widget = context["widget"]
        chosen = {str(v) for v in self.format_value(value)}
        parts: list[str] = []
        options = 0
        for group, label in _told_apart(list(self.choices)):
            if isinstance(label, (list, tuple)):
                parts.append(format_html('<optgroup label="{}">', group))
                parts.extend(self._option(v, text, chosen) for v, text in label)
                parts.append("</optgroup>")
                options += len(label)
            else:
                parts.append(self._option(group, label, chosen))
                options += group not in (None, "")  # the empty choice is no unit
        attrs = {**widget["attrs"], **filter_attrs(options)}
        parts.insert(0, format_html('<select name="{}"{}>', widget["name"], _attributes(attrs)))
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # noqa: S308 - every part escaped by format_html

    def _option(self, value: Any, label: Any, chosen: set[str]) -> str:
        value = "" if value is None else str(value)
        selected = value in chosen
        if selected and not self.allow_multiple_selected:
            chosen.clear()  # as Django: a single select marks its first match only
        return format_html(
            '<option value="{}"{}>{}</option>', value, " selected" if selected else "", label
        )
