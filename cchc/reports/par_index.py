"""PAR INDEX self-score for CCHC communication (pure: no database).

The criterion provinces use to score their communes and departments on communication
about administrative reform, as Issue 6 states it:

* **Plan completion** — 100 % of the planned activities done scores the full
  ``completion`` points; from 90 % up to (not including) 100 % scores
  ``completion × done / planned``; under 90 % scores zero.
* **Variety of channels** — ``online`` points when the unit used at least one online
  channel (electronic boards or screens, website, social media, Zalo, video clips
  published online), ``traditional`` points when it used at least one traditional
  channel (radio and TV, newspapers, loudspeakers, meetings, training, contests,
  printed material, mobile campaigns, schools, one-stop notice boards).

The maximum points (1.0 for completion, 0.5 + 0.5 for channel variety) and the 90 %
threshold follow the criterion as the issue states it; each province sets its own
scoring grid every year, so they live in :class:`Criterion` and can be changed
(``settings.CCHC_PAR_INDEX``, a dict of the same names, overrides them in
:func:`cchc.reports.selectors.par_index_for`).

The function returns the points, the maximum, the rule applied to each part, the
evidence behind each point (which activities were planned and done, which channels with
which outputs) and warnings when the unit is about to lose a point: an overdue activity
pulling completion down, the next activity falling due that would drop it under 90 %
(or under 100 %) if missed, a channel family resting on a single output.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

#: Points for plan completion (100 % of planned activities done).
COMPLETION_POINTS = Fraction(1)
#: Points for using at least one online channel.
ONLINE_POINTS = Fraction(1, 2)
#: Points for using at least one traditional channel.
TRADITIONAL_POINTS = Fraction(1, 2)
#: Under this share of planned activities done, completion scores zero.
COMPLETION_THRESHOLD = Fraction(9, 10)
#: How far ahead (days) an activity falling due counts as "next".
WARNING_HORIZON_DAYS = 30

ONLINE = "online"
TRADITIONAL = "traditional"

#: Channel families (keys of ``cchc.plans.models.ChannelKind``); "other" is in neither.
CHANNEL_FAMILIES: dict[str, str] = {
    "website": ONLINE,
    "facebook": ONLINE,
    "zalo": ONLINE,
    "video": ONLINE,
    "screen": ONLINE,  # electronic boards and screens, when recorded as such
    "radio_tv": TRADITIONAL,
    "newspaper": TRADITIONAL,
    "loudspeaker": TRADITIONAL,
    "meeting": TRADITIONAL,
    "training": TRADITIONAL,
    "contest": TRADITIONAL,
    "print": TRADITIONAL,
    "mobile": TRADITIONAL,
    "school": TRADITIONAL,
    "one_stop": TRADITIONAL,
}


@dataclass(frozen=True)
class Criterion:
    """The scoring grid; the defaults are the criterion as Issue 6 states it."""

    completion: Fraction = COMPLETION_POINTS
    online: Fraction = ONLINE_POINTS
    traditional: Fraction = TRADITIONAL_POINTS
    threshold: Fraction = COMPLETION_THRESHOLD
    horizon_days: int = WARNING_HORIZON_DAYS

    @property
    def maximum(self) -> Fraction:
        return self.completion + self.online + self.traditional


DEFAULT = Criterion()


@dataclass(frozen=True)
class ActivityFact:
    """One activity of the unit's plans, as of the evaluation day.

    ``planned``: it has fallen due by then; ``done``: every due occurrence has its
    output; ``overdue``: a due occurrence passed without one; ``next_due``: the next
    occurrence still to be met after the evaluation day (None when there is none).
    """

    id: int
    title: str
    planned: bool
    done: bool
    overdue: bool = False
    next_due: datetime.date | None = None
    outputs: int = 0


@dataclass(frozen=True)
class OutputFact:
    """Outputs recorded on one channel (counted), with a few examples as evidence."""

    channel: str
    count: int
    examples: tuple[dict[str, Any], ...] = ()


@dataclass
class Part:
    key: str
    label: str
    points: Fraction
    maximum: Fraction
    rule: str
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def points_display(self) -> str:
        return points_text(self.points)

    @property
    def maximum_display(self) -> str:
        return points_text(self.maximum)


@dataclass
class Score:
    day: datetime.date
    parts: list[Part]
    warnings: list[str]
    completion_pct: float | None

    @property
    def points(self) -> Fraction:
        return sum((p.points for p in self.parts), Fraction(0))

    @property
    def maximum(self) -> Fraction:
        return sum((p.maximum for p in self.parts), Fraction(0))

    @property
    def points_display(self) -> str:
        return points_text(self.points)

    @property
    def maximum_display(self) -> str:
        return points_text(self.maximum)


def points_text(value: Fraction) -> str:
    """Two decimals, Vietnamese style (comma): 0,95."""
    return f"{float(value):.2f}".replace(".", ",")


def _pct(done: int, planned: int) -> float:
    return round(100 * done / planned, 1) if planned else 0.0


def completion_points(
    done: int, planned: int, criterion: Criterion = DEFAULT
) -> tuple[Fraction, str]:
    """Points and rule for ``done`` of ``planned`` activities (exact arithmetic)."""
    if planned <= 0:
        return Fraction(0), _(
            "Chưa có hoạt động nào đến hạn: chưa chấm được điểm hoàn thành kế hoạch."
        )
    ratio = Fraction(done, planned)
    pct = _pct(done, planned)
    if ratio >= 1:
        return criterion.completion, _(
            "Hoàn thành 100%% hoạt động đã đến hạn (%(d)d/%(p)d): đạt điểm tối đa."
        ) % {
            "d": done,
            "p": planned,
        }
    if ratio >= criterion.threshold:
        return criterion.completion * ratio, _(
            "Hoàn thành %(pct)s%% (%(d)d/%(p)d), từ %(t)s%% đến dưới 100%%: điểm = điểm tối đa × %(d)d/%(p)d."
        ) % {"pct": _num(pct), "d": done, "p": planned, "t": _num(float(criterion.threshold * 100))}
    return Fraction(0), _("Hoàn thành %(pct)s%% (%(d)d/%(p)d), dưới %(t)s%%: không đạt điểm.") % {
        "pct": _num(pct),
        "d": done,
        "p": planned,
        "t": _num(float(criterion.threshold * 100)),
    }


def _num(value: float) -> str:
    return (f"{value:.1f}".rstrip("0").rstrip(".")).replace(".", ",")


def _activity_row(a: ActivityFact) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "done": a.done,
        "overdue": a.overdue,
        "next_due": a.next_due.isoformat() if a.next_due else None,
        "outputs": a.outputs,
    }


def _completion_warnings(
    activities: list[ActivityFact],
    done: int,
    planned: int,
    day: datetime.date,
    criterion: Criterion,
) -> list[str]:
    warnings: list[str] = []
    overdue = [a for a in activities if a.planned and a.overdue]
    if overdue:
        names = "; ".join(a.title for a in overdue[:5])
        needed = _needed_for_threshold(done, planned, criterion)
        text = _(
            "%(n)d hoạt động quá hạn chưa có sản phẩm làm giảm điểm hoàn thành kế hoạch: %(a)s."
        ) % {
            "n": len(overdue),
            "a": names,
        }
        if needed:
            text += " " + _("Cần hoàn thành thêm %(k)d hoạt động để đạt %(t)s%%.") % {
                "k": needed,
                "t": _num(float(criterion.threshold * 100)),
            }
        warnings.append(text)
    horizon = day + datetime.timedelta(days=criterion.horizon_days)
    coming = [a for a in activities if a.next_due is not None and day < a.next_due <= horizon]
    if coming and planned:
        # If all of them were missed: the new ones become planned-not-done, the done ones
        # with a further occurrence become not done.
        new_planned = planned + sum(1 for a in coming if not a.planned)
        new_done = done - sum(1 for a in coming if a.planned and a.done)
        now = Fraction(done, planned)
        later = Fraction(new_done, new_planned) if new_planned else Fraction(0)
        first = min(a.next_due for a in coming if a.next_due)
        names = "; ".join(a.title for a in sorted(coming, key=lambda a: a.next_due or day)[:5])
        if now >= criterion.threshold and later < criterion.threshold:
            warnings.append(
                _(
                    "Sắp mất điểm hoàn thành kế hoạch: nếu không có sản phẩm cho %(n)d hoạt động đến hạn từ"
                    " %(d)s (%(a)s), tỷ lệ hoàn thành sẽ còn %(pct)s%%, dưới %(t)s%%."
                )
                % {
                    "n": len(coming),
                    "d": first.strftime("%d/%m/%Y"),
                    "a": names,
                    "pct": _num(_pct(new_done, new_planned)),
                    "t": _num(float(criterion.threshold * 100)),
                }
            )
        elif now >= 1 and later < 1:
            warnings.append(
                _(
                    "Sắp mất một phần điểm hoàn thành kế hoạch: %(n)d hoạt động đến hạn từ %(d)s (%(a)s) chưa có"
                    " sản phẩm; bỏ lỡ thì tỷ lệ còn %(pct)s%%."
                )
                % {
                    "n": len(coming),
                    "d": first.strftime("%d/%m/%Y"),
                    "a": names,
                    "pct": _num(_pct(new_done, new_planned)),
                }
            )
    return warnings


def _needed_for_threshold(done: int, planned: int, criterion: Criterion) -> int:
    """How many more activities done would bring the share to the threshold (0: already there)."""
    if not planned or Fraction(done, planned) >= criterion.threshold:
        return 0
    k = 0
    while Fraction(done + k, planned) < criterion.threshold:
        k += 1
    return k


def _family_label(family: str) -> str:
    return _("Kênh trực tuyến") if family == ONLINE else _("Kênh truyền thống")


def _channel_part(
    family: str, outputs: list[OutputFact], maximum: Fraction, channel_names: dict[str, str]
) -> tuple[Part, list[str]]:
    used = [o for o in outputs if CHANNEL_FAMILIES.get(o.channel) == family and o.count > 0]
    total = sum(o.count for o in used)
    label = _family_label(family)
    evidence = {
        "family": family,
        "outputs": total,
        "channels": [
            {
                "channel": o.channel,
                "name": channel_names.get(o.channel, o.channel),
                "outputs": o.count,
                "examples": list(o.examples),
            }
            for o in sorted(used, key=lambda o: (-o.count, o.channel))
        ],
    }
    warnings: list[str] = []
    if used:
        names = ", ".join(channel_names.get(o.channel, o.channel) for o in used)
        rule = _("Có %(n)d sản phẩm trên %(f)s (%(c)s): đạt điểm.") % {
            "n": total,
            "f": label.lower(),
            "c": names,
        }
        points = maximum
        if total == 1:
            warnings.append(
                _(
                    "%(f)s chỉ dựa vào một sản phẩm (%(c)s): nếu sản phẩm này bị loại khi thẩm định, đơn vị mất"
                    " %(p)s điểm. Nên có thêm sản phẩm trên kênh này."
                )
                % {"f": label, "c": names, "p": points_text(maximum)}
            )
    else:
        rule = _("Chưa có sản phẩm nào trên %(f)s: không đạt điểm.") % {"f": label.lower()}
        points = Fraction(0)
    return Part(
        family, _("Đa dạng kênh — %(f)s") % {"f": label.lower()}, points, maximum, rule, evidence
    ), warnings


def score(
    activities: list[ActivityFact],
    outputs: list[OutputFact],
    *,
    day: datetime.date,
    criterion: Criterion = DEFAULT,
    channel_names: dict[str, str] | None = None,
) -> Score:
    """The unit's communication score as of ``day``, from its activities and outputs."""
    channel_names = channel_names or {}
    planned_rows = [a for a in activities if a.planned]
    done = sum(1 for a in planned_rows if a.done)
    planned = len(planned_rows)
    points, rule = completion_points(done, planned, criterion)
    completion = Part(
        "completion",
        _("Hoàn thành kế hoạch tuyên truyền"),
        points,
        criterion.completion,
        rule,
        {
            "planned": planned,
            "done": done,
            "percent": _pct(done, planned) if planned else None,
            "done_activities": [_activity_row(a) for a in planned_rows if a.done],
            "missed_activities": [_activity_row(a) for a in planned_rows if not a.done],
            "not_yet_due": [_activity_row(a) for a in activities if not a.planned],
        },
    )
    warnings = _completion_warnings(activities, done, planned, day, criterion)
    online, online_warnings = _channel_part(ONLINE, outputs, criterion.online, channel_names)
    traditional, traditional_warnings = _channel_part(
        TRADITIONAL, outputs, criterion.traditional, channel_names
    )
    return Score(
        day=day,
        parts=[completion, online, traditional],
        warnings=warnings + online_warnings + traditional_warnings,
        completion_pct=_pct(done, planned) if planned else None,
    )
