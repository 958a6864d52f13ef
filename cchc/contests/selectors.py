"""Reading contests: ranking, leaderboard, winners, statistics and integrity flags."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet, Value
from django.db.models.functions import Abs

from cchc.contests.models import (
    Attempt,
    Choice,
    Contest,
    Flag,
    Participant,
    Question,
    Round,
    Submission,
)
from cchc.orgs.permissions import unit_scope_q

# Accounts registered from one address before each of them is flagged.
SHARED_IP_LIMIT = 5

_ORDER = {
    "score": [F("score").desc()],
    "duration": [F("duration_ms").asc()],
    "prediction": [F("prediction_error").asc(nulls_last=True)],
    "submitted": [F("submitted_at").asc()],
}


def contests_for(user: Any) -> QuerySet[Contest]:
    return Contest.objects.filter(unit_scope_q(user, prefix="organiser__")).select_related(
        "organiser"
    )


def valid_submissions(round_: Round) -> QuerySet[Submission]:
    return Submission.objects.filter(round=round_, disqualified_at__isnull=True)


def participant_count(round_: Round) -> int:
    return valid_submissions(round_).values("participant_id").distinct().count()


def ranked_queryset(round_: Round, actual: int | None = None) -> QuerySet[Submission]:
    """Valid submissions in ranking order (the contest's order of tie-breaks)."""
    actual = participant_count(round_) if actual is None else actual
    order: list[Any] = []
    for key in round_.contest.ranking_keys:
        order.extend(_ORDER[key])
    return (
        valid_submissions(round_)
        .annotate(prediction_error=Abs(F("prediction") - Value(actual)))
        .select_related("participant__unit")
        .order_by(*order, "pk")
    )


@dataclass
class Entry:
    rank: int
    submission_id: int
    name: str
    masked_phone: str
    unit: str
    locality: str
    score: Decimal
    correct: int
    total: int
    duration_ms: int
    prediction: int | None
    prediction_error: int | None
    submitted_at: datetime.datetime
    participant_id: int

    @property
    def duration(self) -> str:
        seconds = self.duration_ms // 1000
        return f"{seconds // 60:02d}:{seconds % 60:02d}"


def ranking(round_: Round, limit: int | None = None) -> list[Entry]:
    """One entry per participant (their best submission), in ranking order."""
    seen: set[int] = set()
    entries: list[Entry] = []
    for s in ranked_queryset(round_).iterator(chunk_size=2000):
        if s.participant_id in seen:
            continue
        seen.add(s.participant_id)
        p = s.participant
        entries.append(
            Entry(
                rank=len(entries) + 1,
                submission_id=s.pk,
                name=p.full_name,
                masked_phone=p.masked_phone,
                unit=p.unit.display_name if p.unit else "",
                locality=p.locality,
                score=s.score,
                correct=s.correct,
                total=s.total,
                duration_ms=s.duration_ms,
                prediction=s.prediction,
                prediction_error=s.prediction_error,  # type: ignore[attr-defined]
                submitted_at=s.submitted_at,
                participant_id=s.participant_id,
            )
        )
        if limit is not None and len(entries) >= limit:
            break
    return entries


def rank_of(round_: Round, submission: Submission) -> int | None:
    """The participant's place in the current ranking (None when disqualified).

    One counting query: the other participants with a submission ahead of this one in
    the contest's order of tie-breaks (so no need to walk the whole ranking).
    """
    if submission.disqualified_at is not None:
        return None
    actual = participant_count(round_)
    mine = {
        "score": submission.score,
        "duration": submission.duration_ms,
        "prediction": abs(submission.prediction - actual)
        if submission.prediction is not None
        else None,
        "submitted": submission.submitted_at,
    }
    fields = {
        "score": "score",
        "duration": "duration_ms",
        "prediction": "prediction_error",
        "submitted": "submitted_at",
    }
    ahead = Q()
    equal = Q()
    for key in round_.contest.ranking_keys:
        name, value = fields[key], mine[key]
        if key == "prediction" and value is None:
            better, same = Q(prediction_error__isnull=False), Q(prediction_error__isnull=True)
        elif key == "score":
            better, same = Q(**{f"{name}__gt": value}), Q(**{name: value})
        else:
            better, same = Q(**{f"{name}__lt": value}), Q(**{name: value})
        ahead |= equal & better
        equal &= same
    ahead |= equal & Q(pk__lt=submission.pk)
    better_own = (
        valid_submissions(round_)
        .filter(participant_id=submission.participant_id)
        .annotate(prediction_error=Abs(F("prediction") - Value(actual)))
        .filter(ahead)
        .exists()
    )
    if better_own:  # the participant ranks by a better attempt of theirs
        best = (
            ranked_queryset(round_, actual).filter(participant_id=submission.participant_id).first()
        )
        return rank_of(round_, best) if best is not None else None
    others = (
        valid_submissions(round_)
        .exclude(participant_id=submission.participant_id)
        .annotate(prediction_error=Abs(F("prediction") - Value(actual)))
        .filter(ahead)
        .values("participant_id")
        .distinct()
        .count()
    )
    return others + 1


def by_unit(round_: Round) -> list[dict[str, Any]]:
    rows = (
        valid_submissions(round_)
        .values("participant__unit_id", "participant__unit__name")
        .annotate(participants=Count("participant_id", distinct=True), average=Avg("score"))
        .order_by("-participants", "participant__unit__name")
    )
    return [
        {
            "unit_id": r["participant__unit_id"],
            "name": r["participant__unit__name"] or "",
            "participants": r["participants"],
            "average": Decimal(r["average"] or 0).quantize(Decimal("0.01")),
        }
        for r in rows
    ]


def by_locality(round_: Round) -> list[dict[str, Any]]:
    rows = (
        valid_submissions(round_)
        .exclude(participant__locality="")
        .values("participant__locality")
        .annotate(participants=Count("participant_id", distinct=True), average=Avg("score"))
        .order_by("-participants", "participant__locality")
    )
    return [
        {
            "name": r["participant__locality"],
            "participants": r["participants"],
            "average": Decimal(r["average"] or 0).quantize(Decimal("0.01")),
        }
        for r in rows
    ]


def by_question(round_: Round) -> list[dict[str, Any]]:
    """Per question: how often it was served, answered wrong; most often wrong first."""
    key: dict[int, set[int]] = defaultdict(set)
    served: Counter[int] = Counter()
    wrong: Counter[int] = Counter()
    rows = valid_submissions(round_).values_list("answers", "attempt__served")
    question_ids: set[int] = set()
    pairs = list(rows)
    for _answers, attempt_served in pairs:
        question_ids.update(q for q, _c in attempt_served)
    for question_id, choice_id in Choice.objects.filter(
        question_id__in=question_ids, is_correct=True
    ).values_list("question_id", "pk"):
        key[question_id].add(choice_id)
    for answers, attempt_served in pairs:
        for q, _c in attempt_served:
            served[q] += 1
            if set(answers.get(str(q), [])) != key[q]:
                wrong[q] += 1
    texts = dict(Question.objects.filter(pk__in=question_ids).values_list("pk", "text"))
    result: list[dict[str, Any]] = [
        {
            "id": q,
            "text": texts.get(q, ""),
            "served": n,
            "wrong": wrong[q],
            "wrong_rate": round(100 * wrong[q] / n, 1) if n else 0.0,
        }
        for q, n in served.items()
    ]
    result.sort(key=lambda r: (-r["wrong_rate"], -r["served"], r["id"]))
    return result


def shared_ips(contest: Contest) -> set[str]:
    return set(
        str(ip)
        for ip in Participant.objects.filter(contest=contest, ip__isnull=False)
        .values("ip")
        .annotate(n=Count("pk"))
        .filter(n__gte=SHARED_IP_LIMIT)
        .values_list("ip", flat=True)
    )


@dataclass
class Review:
    submission: Submission
    flags: list[str] = field(default_factory=list)


def review(round_: Round, only_flagged: bool = False, limit: int = 500) -> list[Review]:
    """Submissions with their integrity flags for the organiser, flagged ones first."""
    ips = shared_ips(round_.contest)
    labels = dict(Flag.choices)
    qs = (
        Submission.objects.filter(round=round_)
        .select_related("participant__unit", "attempt")
        .order_by("-score", "pk")
    )
    if only_flagged:
        qs = qs.filter(
            ~Q(flags=[])
            | Q(replays__gt=0)
            | Q(participant__ip__in=list(ips))
            | Q(disqualified_at__isnull=False)
        )
    out: list[Review] = []
    for s in qs[:limit]:
        flags = [str(labels.get(f, f)) for f in s.flags]
        if s.replays:
            flags.append(str(labels[Flag.REPLAYED]))
        if s.participant.ip and s.participant.ip in ips:
            flags.append(str(labels[Flag.SHARED_IP]))
        if flags or not only_flagged or s.disqualified_at is not None:
            out.append(Review(s, flags))
    out.sort(key=lambda r: (not r.flags, -r.submission.score, r.submission.pk))
    return out


def counts(round_: Round) -> dict[str, int]:
    return {
        "attempts": Attempt.objects.filter(round=round_).count(),
        "submissions": Submission.objects.filter(round=round_).count(),
        "disqualified": Submission.objects.filter(
            round=round_, disqualified_at__isnull=False
        ).count(),
        "participants": participant_count(round_),
    }
