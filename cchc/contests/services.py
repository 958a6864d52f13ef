"""What changes contests: registering, starting and submitting attempts, judging.

The hot path (``attempt_start`` and ``attempt_submit``) is kept short: a handful of
indexed queries, no per-request heavy work. A submission is one INSERT guarded by the
unique attempt: a double submit, a replayed request or a second tab gets the stored
result back, never a second row. The server keeps what it served and when; the answer
key stays in the database.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import random
import re
import secrets
import time
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from cchc.contests import hotpath
from cchc.contests.models import (
    Attempt,
    Choice,
    Contest,
    Flag,
    LatePolicy,
    Participant,
    Prize,
    PrizeKind,
    Question,
    QuestionKind,
    Round,
    Submission,
    Winner,
)
from cchc.orgs.models import Unit

# Seconds a submission may arrive after the deadline (network, a slow phone).
GRACE_SECONDS = 5
MAX_PREDICTION = 100_000_000
# Draws and answer orders: unpredictable enough from a generator seeded by the operating
# system, in every worker process anew (a forked worker must not repeat its parent's
# draws). Nothing secret comes from it: tokens and codes use ``secrets``. (The system
# generator itself costs a system call for each of the ~40 numbers an attempt draws.)
_RNG = random.Random()
os.register_at_fork(after_in_child=_RNG.seed)


class Refused(Exception):
    """A request the rules do not allow; ``message`` is shown to the participant."""

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# --- Registration ---------------------------------------------------------------------


_PHONE_RE = re.compile(r"^0\d{9}$")


def normalize_phone(raw: str) -> str:
    """``0912 345 678``, ``+84912345678``, ``84.912.345.678`` -> ``0912345678``; '' when not a phone."""
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if _PHONE_RE.match(digits) else ""


def hash_id_number(contest: Contest, id_number: str) -> str:
    return salted_hmac("cchc.contests.id_number", f"{contest.pk}:{id_number}").hexdigest()


@dataclass(frozen=True)
class ParticipantData:
    full_name: str
    phone: str
    audience: str = ""
    unit: Unit | None = None
    locality: str = ""
    id_number: str = ""


def participant_register(
    *, contest: Contest, data: ParticipantData, ip: str | None = None
) -> Participant:
    errors: dict[str, list[str]] = {}
    name = " ".join(data.full_name.split())
    if not name:
        errors["full_name"] = [_("Hãy nhập họ và tên.")]
    elif len(name) > 200:
        errors["full_name"] = [_("Họ và tên dài quá 200 ký tự.")]
    phone = normalize_phone(data.phone)
    if not phone:
        errors["phone"] = [
            _("Số điện thoại không hợp lệ: nhập 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678).")
        ]
    if data.audience and contest.audiences and data.audience not in contest.audiences:
        errors["audience"] = [_("Đối tượng này không thuộc diện dự thi của cuộc thi.")]
    id_number = re.sub(r"\s", "", data.id_number or "")
    if id_number and not re.fullmatch(r"\d{9}|\d{12}", id_number):
        errors["id_number"] = [_("Số định danh cá nhân (CCCD) gồm 12 chữ số (hoặc CMND 9 chữ số).")]
    if data.unit is None and not data.locality.strip():
        errors["locality"] = [_("Hãy chọn cơ quan, đơn vị hoặc nhập địa phương nơi bạn sinh sống.")]
    if phone and Participant.objects.filter(contest=contest, phone=phone).exists():
        errors["phone"] = [_phone_taken()]
    if errors:
        raise ValidationError(errors)
    participant = Participant(
        contest=contest,
        full_name=name,
        phone=phone,
        audience=data.audience,
        unit=data.unit,
        locality=" ".join(data.locality.split())[:200],
        id_number_hash=hash_id_number(contest, id_number) if id_number else "",
        code=_new_code(),
        ip=ip,
    )
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as exc:  # the same phone registered at the same moment
        raise ValidationError({"phone": [_phone_taken()]}) from exc
    return participant


def _phone_taken() -> str:
    return _(
        "Số điện thoại này đã đăng ký dự thi cuộc thi này (mỗi số điện thoại một tài khoản)."
        " Nếu là bạn, hãy dùng mục “Tiếp tục dự thi” với mã dự thi đã nhận."
    )


def _new_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def participant_resume(*, contest: Contest, phone: str, code: str) -> Participant:
    participant = Participant.objects.filter(
        contest=contest, phone=normalize_phone(phone), code=code.strip().upper()
    ).first()
    if participant is None:
        raise ValidationError(_("Số điện thoại hoặc mã dự thi không đúng."))
    return participant


# --- The question bank, kept in memory for a short while --------------------------------

# Seconds a worker process keeps a contest's question bank (texts, answers, key) before
# reading it again: at peak every attempt needs it, and it rarely changes during a round.
BANK_TTL = 30.0


@dataclass
class Bank:
    questions: dict[
        int, tuple[str, str, str, int]
    ]  # id -> (text, kind, topic, difficulty), active only
    choices: dict[int, list[int]]  # question id -> choice ids in bank order (all questions)
    choice_text: dict[int, str]
    key: dict[int, set[int]]  # question id -> right choice ids
    kinds: dict[int, str]  # every question, active or not


_BANKS: dict[int, tuple[float, Bank]] = {}


def bank(contest_id: int) -> Bank:
    now = time.monotonic()
    cached = _BANKS.get(contest_id)
    if cached is not None and cached[0] > now:
        return cached[1]
    questions: dict[int, tuple[str, str, str, int]] = {}
    kinds: dict[int, str] = {}
    for pk, text, kind, topic, difficulty, active in Question.objects.filter(
        contest_id=contest_id
    ).values_list("pk", "text", "kind", "topic", "difficulty", "active"):
        kinds[pk] = kind
        if active:
            questions[pk] = (text, kind, topic, difficulty)
    choices: dict[int, list[int]] = {pk: [] for pk in kinds}
    choice_text: dict[int, str] = {}
    key: dict[int, set[int]] = {pk: set() for pk in kinds}
    for pk, question_id, text, correct in (
        Choice.objects.filter(question__contest_id=contest_id)
        .values_list("pk", "question_id", "text", "is_correct")
        .order_by("question_id", "order", "pk")
    ):
        choices[question_id].append(pk)
        choice_text[pk] = text
        if correct:
            key[question_id].add(pk)
    loaded = Bank(questions, choices, choice_text, key, kinds)
    _BANKS[contest_id] = (now + BANK_TTL, loaded)
    return loaded


def bank_forget(contest_id: int | None = None) -> None:
    """Drop this process's copy (after an import; other processes refresh within BANK_TTL)."""
    if contest_id is None:
        _BANKS.clear()
    else:
        _BANKS.pop(contest_id, None)


# --- Drawing and starting -----------------------------------------------------------


def draw(round_: Round, rng: random.Random | None = None) -> list[list[Any]]:
    """Pick the round's N questions at random from the bank and shuffle each one's answers."""
    rng = rng or _RNG
    b = bank(round_.contest_id)
    ids = [
        pk
        for pk, (_text, _kind, topic, difficulty) in b.questions.items()
        if (not round_.topics or topic in round_.topics)
        and (not round_.difficulty or difficulty == round_.difficulty)
    ]
    picked = rng.sample(ids, min(round_.question_count, len(ids)))
    served = []
    for pk in picked:
        order = list(b.choices[pk])
        rng.shuffle(order)
        served.append([pk, order])
    return served


# Seconds a worker process keeps a round read by the start page: every start needs it;
# a change saved in this process clears it at once (signals in apps.py), one saved by
# another worker is seen within this time.
ROUND_TTL = 5.0
_ROUNDS: dict[int, tuple[float, Round]] = {}


def round_rules(pk: int) -> Round | None:
    """The round ``pk`` with its contest, as the start and the submit read it (times,
    question settings, late rule...), kept by this worker for ``ROUND_TTL`` seconds."""
    now = time.monotonic()
    cached = _ROUNDS.get(pk)
    if cached is not None and cached[0] > now:
        return cached[1]
    round_ = Round.objects.select_related("contest").filter(pk=pk).first()
    if round_ is not None:
        _ROUNDS[pk] = (now + ROUND_TTL, round_)
    return round_


def round_for_start(slug: str, pk: int) -> Round | None:
    """The round ``pk`` of the published contest ``slug``, or None."""
    round_ = round_rules(pk)
    if round_ is None or round_.contest.slug != slug or not round_.contest.published:
        return None
    return round_


def round_forget(**_kwargs: Any) -> None:
    """Drop this process's copies of rounds (a round or a contest was saved or deleted)."""
    _ROUNDS.clear()


def round_state(round_: Round, now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    if now < round_.opens_at:
        return "upcoming"
    if now >= round_.closes_at:
        return "closed"
    return "open"


def attempt_start(*, round_: Round, participant: Participant, ip: str | None = None) -> Attempt:
    """The participant's open attempt in the round (another tab resumes it) or a new one."""
    return attempt_start_for(round_=round_, participant_id=participant.pk, ip=ip)


def attempt_start_for(*, round_: Round, participant_id: int, ip: str | None = None) -> Attempt:
    """``attempt_start`` from a participant id (the signed cookie's).

    A first attempt in the round is one INSERT (which also checks the registration);
    otherwise one query reads the attempts the participant has in the round, resumes the
    open one or, if the round allows another, stores the next."""
    now = timezone.now()
    state = round_state(round_, now)
    if state == "upcoming":
        raise Refused(
            _("Vòng thi chưa mở: mở lúc %(t)s.") % {"t": _dt(round_.opens_at)}, "not_open"
        )
    if state == "closed":
        raise Refused(_("Vòng thi đã kết thúc lúc %(t)s.") % {"t": _dt(round_.closes_at)}, "closed")
    served = draw(round_)
    if served and round_.max_attempts >= 1:
        # The usual case, in one statement: the participant's first attempt in the round.
        attempt = _new_attempt(round_, participant_id, 1, served, now, ip)
        try:
            name = hotpath.insert_first_attempt(attempt, round_.contest_id)
        except IntegrityError:
            pass  # they have an attempt already: see below
        else:
            if name is None:
                raise Refused(_("Bạn chưa đăng ký dự thi cuộc thi này."), "not_registered")
            attempt.participant = Participant(
                id=participant_id, full_name=name, contest_id=round_.contest_id
            )
            attempt.round = round_
            return attempt
    known = hotpath.start_state(round_=round_, participant_id=participant_id, now=now)
    if known is None:
        raise Refused(_("Bạn chưa đăng ký dự thi cuộc thi này."), "not_registered")
    participant = known.participant
    if known.open_attempt is not None:
        # A second tab or a second start: the same questions, the same clock.
        Attempt.objects.filter(pk=known.open_attempt).update(views=F("views") + 1)
        attempt = Attempt.objects.get(pk=known.open_attempt)  # views >= 1: served before
        attempt.round = round_
        attempt.participant = participant
        return attempt
    if known.used >= round_.max_attempts:
        raise Refused(_("Bạn đã dùng hết số lượt thi của vòng này."), "no_attempts_left")
    if not served:
        raise Refused(_("Vòng thi chưa có câu hỏi. Vui lòng quay lại sau."), "no_questions")
    attempt = _new_attempt(round_, participant, known.used + 1, served, now, ip)
    try:
        hotpath.insert(attempt)
    except IntegrityError as exc:  # two starts at the same moment: the other one won
        raise Refused(
            _("Bài thi của bạn đã được mở ở một thẻ khác. Hãy tải lại trang."), "conflict"
        ) from exc
    return attempt


def _new_attempt(
    round_: Round,
    participant: Participant | int,
    number: int,
    served: list[list[Any]],
    now: datetime.datetime,
    ip: str | None,
) -> Attempt:
    attempt = Attempt(
        round=round_,
        number=number,
        token=secrets.token_urlsafe(24),
        served=served,
        started_at=now,
        deadline=min(now + datetime.timedelta(seconds=round_.time_limit_seconds), round_.closes_at),
        views=1,  # served with this response
        ip=ip,
    )
    if isinstance(participant, Participant):
        attempt.participant = participant
    else:
        attempt.participant_id = participant
    return attempt


# The questions page carries its attempt's served questions and clock, signed (never the
# key): the submit reads them back from the form instead of from the database. Written
# compactly (numbers and the token, no JSON) with a signer kept per secret key: sealing
# and opening were a tenth of an attempt's work in Python, and the sheet travels twice.
SHEET_SALT = "cchc.contests.sheet"
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


@lru_cache(maxsize=4)
def _sheet_signer(key: str, fallback_keys: tuple[str, ...]) -> signing.Signer:
    return signing.Signer(key=key, fallback_keys=list(fallback_keys), salt=SHEET_SALT)


def _signer() -> signing.Signer:
    return _sheet_signer(settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS))


def sheet_seal(attempt: Attempt) -> str:
    """``id.token.round.participant.started.deadline.served`` (times in microseconds since
    1970; served as ``question_choice_choice~question_...``), signed. Only characters a
    form sends as they are, but the signature's separator."""
    served = "~".join("_".join(map(str, (q, *cs))) for q, cs in attempt.served)
    return _signer().sign(
        f"{attempt.pk}.{attempt.token}.{attempt.round_id}.{attempt.participant_id}."
        f"{(attempt.started_at - _EPOCH) // _MICROSECOND}."
        f"{(attempt.deadline - _EPOCH) // _MICROSECOND}.{served}"
    )


def sheet_open(sheet: str, token: str) -> Attempt | None:
    """The attempt a sheet was sealed for, if the seal holds and it is ``token``'s."""
    try:
        pk, sealed_token, round_id, participant_id, started, deadline, served = (
            _signer().unsign(sheet).split(".")
        )
        if sealed_token != token:
            return None
        return Attempt(
            id=int(pk),
            round_id=int(round_id),
            participant_id=int(participant_id),
            token=token,
            served=[
                [ids[0], ids[1:]]
                for ids in ([int(n) for n in q.split("_")] for q in served.split("~"))
            ],
            started_at=_EPOCH + int(started) * _MICROSECOND,
            deadline=_EPOCH + int(deadline) * _MICROSECOND,
            views=0,  # not known here: the INSERT reads it
        )
    except (signing.BadSignature, ValueError, IndexError):
        return None


def attempt_viewed(attempt: Attempt) -> None:
    """Count an opening of the questions page (more than one: reload or a second tab)."""
    Attempt.objects.filter(pk=attempt.pk).update(views=F("views") + 1)


def served_questions(attempt: Attempt) -> list[tuple[int, int, str, bool, tuple[Any, ...]]]:
    """The served questions in the served order, without the key: for each, (number, id,
    text, multiple choice?, ((choice id, text), ...) in the served order)."""
    contest_id = attempt.round.contest_id
    b = bank(contest_id)
    if any(q not in b.kinds for q, _c in attempt.served):  # added after the copy was read
        bank_forget(contest_id)
        b = bank(contest_id)
    questions, kinds, choice_text = b.questions, b.kinds, b.choice_text
    withdrawn: dict[int, str] = {}
    if any(q not in questions for q, _c in attempt.served):  # served, then withdrawn: shown
        withdrawn = dict(
            Question.objects.filter(pk__in=[q for q, _c in attempt.served]).values_list(
                "pk", "text"
            )
        )
    # A question deleted after it was drawn (see ``question_delete``) is not shown.
    multiple = QuestionKind.MULTIPLE
    return [
        (
            number,
            q,
            questions[q][0] if q in questions else withdrawn.get(q, ""),
            kinds[q] == multiple,
            tuple((c, choice_text.get(c, "")) for c in cs),
        )
        for number, (q, cs) in enumerate(((q, cs) for q, cs in attempt.served if q in kinds), 1)
    ]


# --- Submitting -------------------------------------------------------------------------


@dataclass
class SubmitData:
    # question id -> chosen choice ids, as parsed from the request (not yet checked)
    answers: dict[int, list[int]] = field(default_factory=dict)
    prediction: int | None = None


def parse_answers(items: Any, prediction: str | None = "") -> SubmitData:
    """Read ``q<question id>`` -> choice id(s) pairs from a form; refuse what is not a number."""
    answers: dict[int, list[int]] = {}
    for key, values in items:
        if not key.startswith("q"):
            continue
        if not key[1:].isdigit() or any(not str(v).isdigit() for v in values):
            raise Refused(
                _("Bài nộp không hợp lệ: mã câu hỏi hoặc phương án không đúng."), "forged"
            )
        answers[int(key[1:])] = [int(v) for v in values if v != ""]
    value: int | None = None
    if prediction not in (None, ""):
        text = str(prediction).strip().replace(".", "").replace(",", "")
        if not text.isdigit() or int(text) > MAX_PREDICTION:
            raise Refused(_("Số người dự đoán phải là số nguyên không âm."), "prediction")
        value = int(text)
    return SubmitData(answers=answers, prediction=value)


def _check_answers(
    attempt: Attempt, data: SubmitData, kinds: dict[int, str]
) -> dict[str, list[int]]:
    served = {q: set(cs) for q, cs in attempt.served}
    cleaned: dict[str, list[int]] = {}
    for question_id, chosen in data.answers.items():
        if question_id not in served:
            raise Refused(
                _("Bài nộp có câu trả lời cho câu hỏi không có trong đề của bạn."), "not_served"
            )
        if not set(chosen) <= served[question_id]:
            raise Refused(_("Bài nộp có phương án không thuộc câu hỏi đã giao."), "forged")
        # (A question deleted after it was drawn has no kind any more: nothing to check.)
        if len(set(chosen)) > 1 and kinds.get(question_id) == QuestionKind.SINGLE:
            raise Refused(_("Câu hỏi một đáp án chỉ được chọn một phương án."), "forged")
        cleaned[str(question_id)] = sorted(set(chosen))
    return cleaned


def answer_key(
    contest_id: int, question_ids: list[int]
) -> tuple[dict[int, set[int]], dict[int, str]]:
    b = bank(contest_id)
    if any(q not in b.kinds for q in question_ids):
        bank_forget(contest_id)
        b = bank(contest_id)
    return {q: b.key.get(q, set()) for q in question_ids}, {
        q: b.kinds.get(q, "") for q in question_ids
    }


def score_of(
    served: list[list[Any]], answers: dict[str, list[int]], key: dict[int, set[int]]
) -> tuple[int, int, Decimal]:
    """(number right, number counted, score out of 100): a question counts when exactly its
    right answers are chosen. A served question that has no key any more (deleted while
    another worker still drew it from its copy of the bank) counts for nobody: it is left
    out of the total."""
    counted = [q for q, _c in served if key.get(q)]
    right = sum(1 for q in counted if set(answers.get(str(q), [])) == key[q])
    total = len(counted)
    score = (
        (Decimal(100) * right / total).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if total
        else Decimal(0)
    )
    return right, total, score


def attempt_submit(
    *, token: str, data: SubmitData, sheet: str = ""
) -> tuple[Submission, bool]:
    """Store and score the attempt once; returns (the submission, whether this call stored it).

    With the page's sealed ``sheet`` this is one INSERT; without one (or a broken one) the
    attempt is read from the database first."""
    now = timezone.now()
    attempt = sheet_open(sheet, token) if sheet else None
    round_ = round_rules(attempt.round_id) if attempt is not None else None
    if attempt is None or round_ is None:
        # One query: the attempt, its round's rules and (LEFT JOIN) a stored submission.
        state = hotpath.submit_state(token)
        if state is None:
            raise Refused(_("Không tìm thấy bài thi này."), "unknown")
        if state.submission_id is not None:
            return _replayed(Submission.objects.get(pk=state.submission_id)), False
        attempt, round_, sheet = state.attempt, state.attempt.round, ""
    try:
        submission = _scored(attempt, round_, data, now)
    except Refused:
        stored = Submission.objects.filter(attempt_id=attempt.pk).first() if sheet else None
        if stored is not None:  # a replay after the deadline: the stored result stands
            return _replayed(stored), False
        raise
    try:
        if not sheet:
            hotpath.insert(submission)
            return submission, True
        views = hotpath.insert_submission(submission, token)
    except IntegrityError:
        # Submitted before (a replay, another tab, a concurrent submit): its result stands.
        return _replayed(Submission.objects.get(attempt_id=attempt.pk)), False
    if views is None:
        raise Refused(_("Không tìm thấy bài thi này."), "unknown")
    if views > 1:
        submission.flags.append(Flag.REOPENED.value)
        Submission.objects.filter(pk=submission.pk).update(flags=submission.flags)
    return submission, True


def _scored(
    attempt: Attempt, round_: Round, data: SubmitData, now: datetime.datetime
) -> Submission:
    """The submission of ``data`` for ``attempt`` by the round's rules (not yet stored)."""
    late = now > attempt.deadline + datetime.timedelta(seconds=GRACE_SECONDS)
    if now > round_.closes_at + datetime.timedelta(seconds=GRACE_SECONDS):
        raise Refused(
            _("Vòng thi đã kết thúc lúc %(t)s: không nhận bài nộp.") % {"t": _dt(round_.closes_at)},
            "closed",
        )
    if late and round_.late_policy == LatePolicy.REJECT:
        raise Refused(_("Đã hết thời gian làm bài: bài nộp quá giờ không được nhận."), "late")
    question_ids = [q for q, _c in attempt.served]
    key, kinds = answer_key(round_.contest_id, question_ids)
    answers = _check_answers(attempt, data, kinds)
    right, total, score = score_of(attempt.served, answers, key)
    duration_ms = int((now - attempt.started_at).total_seconds() * 1000)
    flags = []
    if late:
        flags.append(Flag.LATE.value)
        right, score = 0, Decimal(0)
    if duration_ms < round_.min_plausible_seconds * 1000:
        flags.append(Flag.TOO_FAST.value)
    if attempt.views > 1:
        flags.append(Flag.REOPENED.value)
    return Submission(
        attempt_id=attempt.pk,
        round_id=attempt.round_id,
        participant_id=attempt.participant_id,
        answers=answers,
        correct=right,
        total=total,
        score=score,
        duration_ms=max(duration_ms, 0),
        prediction=data.prediction if round_.ask_prediction else None,
        submitted_at=now,
        flags=flags,
    )


def _replayed(submission: Submission) -> Submission:
    Submission.objects.filter(pk=submission.pk).update(replays=F("replays") + 1)
    submission.replays += 1
    return submission


# --- Judging -------------------------------------------------------------------------------


def submission_disqualify(*, submission: Submission, reason: str, actor: Any) -> Submission:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do loại bài dự thi.")]})
    if len(reason) > 2000:
        raise ValidationError({"reason": [_("Lý do dài quá 2.000 ký tự.")]})
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.disqualified_at is not None:
            raise ValidationError({"reason": [_("Bài dự thi này đã bị loại trước đó.")]})
        locked.disqualified_at = timezone.now()
        locked.disqualified_reason = reason
        locked.disqualified_by = actor if getattr(actor, "pk", None) else None
        locked.save(update_fields=["disqualified_at", "disqualified_reason", "disqualified_by"])
    return locked


def submission_reinstate(*, submission: Submission) -> None:
    Submission.objects.filter(pk=submission.pk).update(
        disqualified_at=None, disqualified_reason="", disqualified_by=None
    )


@transaction.atomic
def winners_publish(*, round_: Round, actor: Any = None) -> list[Winner]:
    """Give the round's prizes by the ranking and publish them; counts the round as an output."""
    from cchc.contests.selectors import participant_count, ranking

    round_ = (
        Round.objects.select_for_update(of=("self",)).select_related("contest__organiser").get(pk=round_.pk)
    )
    if timezone.now() < round_.closes_at:
        raise ValidationError(
            _("Vòng thi chưa kết thúc (đóng lúc %(t)s): chưa công bố kết quả được.")
            % {"t": _dt(round_.closes_at)}
        )
    prizes = list(Prize.objects.filter(round=round_).order_by("kind", "order", "pk"))
    if not prizes:
        raise ValidationError(_("Vòng thi chưa có cơ cấu giải thưởng."))
    Winner.objects.filter(round=round_).delete()
    ranked = ranking(round_)
    winners: list[Winner] = []
    position = 0
    for prize in (p for p in prizes if p.kind == PrizeKind.INDIVIDUAL):
        for _i in range(prize.quantity):
            if position >= len(ranked):
                break
            entry = ranked[position]
            position += 1
            winners.append(
                Winner(round=round_, prize=prize, rank=position, submission_id=entry.submission_id)
            )
    collective = [p for p in prizes if p.kind == PrizeKind.COLLECTIVE]
    if collective:
        from cchc.contests.selectors import by_unit

        units = [row for row in by_unit(round_) if row["unit_id"]]
        for rank, (prize, row) in enumerate(zip(collective, units, strict=False), start=1):
            winners.append(
                Winner(
                    round=round_,
                    prize=prize,
                    rank=rank,
                    unit_id=row["unit_id"],
                    participants=row["participants"],
                )
            )
    Winner.objects.bulk_create(winners)
    round_.winners_published_at = timezone.now()
    round_.save(update_fields=["winners_published_at"])
    round_record_output(round_=round_, actor=actor, participants=participant_count(round_))
    return winners


def winners_unpublish(*, round_: Round) -> None:
    Round.objects.filter(pk=round_.pk).update(winners_published_at=None)


def round_record_output(
    *, round_: Round, actor: Any = None, participants: int | None = None
) -> Any:
    """Record the closed round once as an output of the contest's plan activity."""
    from cchc.contests.selectors import participant_count
    from cchc.tracking.models import OutputKind
    from cchc.tracking.services import OutputData, output_record

    with transaction.atomic():
        round_ = Round.objects.select_for_update(of=("self",)).select_related("contest").get(pk=round_.pk)
        contest = round_.contest
        if round_.output_id is not None or contest.activity_id is None:
            return round_.output
        if timezone.now() < round_.closes_at:
            raise ValidationError(
                _("Vòng thi chưa kết thúc: chỉ ghi nhận kết quả khi vòng thi đã đóng.")
            )
        count = participant_count(round_) if participants is None else participants
        output = output_record(
            activity=contest.activity,  # type: ignore[arg-type]
            unit=contest.organiser,
            data=OutputData(
                kind=OutputKind.CONTEST_ROUND,
                date=timezone.localtime(round_.closes_at).date(),
                quantity=1,
                participants=count,
                title=f"{contest.title} — {round_.title}"[:500],
                link="",
                notes=_("%(n)s người dự thi (ghi nhận tự động khi vòng thi kết thúc).")
                % {"n": count},
            ),
            actor=actor,
        )
        round_.output = output
        round_.save(update_fields=["output"])
        return output


def record_closed_rounds(now: datetime.datetime | None = None) -> int:
    """Record every closed round of a contest tied to an activity (for a periodic task)."""
    now = now or timezone.now()
    done = 0
    for round_ in Round.objects.filter(
        closes_at__lte=now, output__isnull=True, contest__activity__isnull=False
    ):
        try:
            if round_record_output(round_=round_) is not None:
                done += 1
        except ValidationError:
            continue
    return done


# --- Importing questions ---------------------------------------------------------------

IMPORT_COLUMNS = ["cau_hoi", "loai", "linh_vuc", "do_kho", "A", "B", "C", "D", "E", "F", "dap_an"]
MAX_IMPORT_BYTES = 5 * 1024 * 1024


@dataclass
class ImportResult:
    created: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


def _rows(name: str, content: bytes) -> list[list[str]]:
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as exc:
            raise ValidationError(_("Không đọc được tệp XLSX.")) from exc
        assert sheet is not None
        return [
            ["" if v is None else str(v).strip() for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    if name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("Tệp CSV phải mã hóa UTF-8.")) from exc
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    raise ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))


def questions_import(*, contest: Contest, name: str, content: bytes) -> ImportResult:
    """Import questions; each bad row is skipped and reported with its number and reason."""
    from cchc.plans.models import ReformArea

    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationError(_("Tệp lớn quá 5 MB."))
    rows = _rows(name, content)
    if not rows:
        raise ValidationError(_("Tệp không có dữ liệu."))
    header = [h.strip().lower() for h in rows[0]]
    expected = [c.lower() for c in IMPORT_COLUMNS]
    if header[: len(expected)] != expected:
        raise ValidationError(_("Dòng tiêu đề phải là: %(c)s.") % {"c": ", ".join(IMPORT_COLUMNS)})
    areas = {a.value for a in ReformArea} | {""}
    result = ImportResult()
    with transaction.atomic():
        for number, row in enumerate(rows[1:], start=2):
            row = (row + [""] * len(IMPORT_COLUMNS))[: len(IMPORT_COLUMNS)]
            if not any(row):
                continue
            text, kind, topic, difficulty, *options, key = row
            options_given = [(letter, o) for letter, o in zip("ABCDEF", options, strict=True) if o]
            letters = {k.strip().upper() for k in key.replace(";", ",").split(",") if k.strip()}
            kind = {
                "mot": QuestionKind.SINGLE,
                "một": QuestionKind.SINGLE,
                "nhieu": QuestionKind.MULTIPLE,
                "nhiều": QuestionKind.MULTIPLE,
            }.get(kind.strip().lower(), kind)
            reason = ""
            if not text:
                reason = _("thiếu nội dung câu hỏi")
            elif kind not in QuestionKind.values:
                reason = _("loại câu hỏi phải là “mot” hoặc “nhieu”")
            elif topic not in areas:
                reason = _("lĩnh vực “%(t)s” không có trong danh mục") % {"t": topic}
            elif difficulty not in ("1", "2", "3"):
                reason = _("độ khó phải là 1, 2 hoặc 3")
            elif len(options_given) < 2:
                reason = _("cần ít nhất hai phương án")
            elif not letters or not letters <= {letter for letter, _o in options_given}:
                reason = _("đáp án phải là chữ cái của phương án đã có (ví dụ A hoặc A,C)")
            elif kind == QuestionKind.SINGLE and len(letters) != 1:
                reason = _("câu hỏi một đáp án phải có đúng một đáp án")
            if reason:
                result.rejected.append((number, reason))
                continue
            question = Question.objects.create(
                contest=contest, text=text, kind=kind, topic=topic, difficulty=int(difficulty)
            )
            Choice.objects.bulk_create(
                Choice(question=question, text=o[:1000], is_correct=letter in letters, order=i)
                for i, (letter, o) in enumerate(options_given)
            )
            result.created += 1
    bank_forget(contest.pk)
    return result


def public_url(contest: Contest) -> str:
    return reverse("contests:detail", args=[contest.slug])


def _dt(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


# --- Staff editing: contests, rounds, prizes and single questions -----------------------

RANK_ORDERS = [
    "score,duration,prediction,submitted",
    "score,prediction,duration,submitted",
    "score,duration,submitted,prediction",
    "score,prediction,submitted,duration",
    "score,submitted,duration,prediction",
    "score,submitted,prediction,duration",
]
MAX_CHOICES = 6


def _require_editor(actor: Any, unit: Unit) -> None:
    from cchc.orgs.models import Role
    from cchc.orgs.permissions import has_role

    if actor is None or not has_role(actor, unit, Role.EDITOR):
        raise ValidationError(
            {
                "organiser": [
                    _("Bạn chỉ tổ chức cuộc thi được cho đơn vị mà bạn có quyền biên tập trở lên.")
                ]
            }
        )


def activities_for_organiser(organiser: Unit) -> Any:
    """Activities a contest of ``organiser`` may count against: issued plans of the organiser
    or of a unit above it (a department carries out its province's plan)."""
    from cchc.plans.models import Activity, PlanStatus

    paths = [organiser.path[:i] for i in range(Unit.steplen, len(organiser.path) + 1, Unit.steplen)]
    return Activity.objects.filter(plan__status=PlanStatus.ISSUED, plan__unit__path__in=paths)


@dataclass(frozen=True)
class ContestData:
    title: str
    organiser: Unit
    rules: str = ""
    audiences: tuple[str, ...] = ()
    activity: Any = None  # plans.Activity | None
    ranking: str = "score,duration,prediction,submitted"
    published: bool = True


def _unique_slug(title: str) -> str:
    from cchc.text.normalize import slugify

    base = slugify(title, max_length=100) or "cuoc-thi"
    slug, n = base, 2
    while Contest.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def contest_save(*, contest: Contest | None, data: ContestData, actor: Any) -> Contest:
    """Create (``contest`` None) or change a contest; nothing is saved when a rule fails."""
    from cchc.plans.models import Audience

    errors: dict[str, list[str]] = {}
    title = " ".join(data.title.split())
    if not title:
        errors["title"] = [_("Hãy nhập tên cuộc thi.")]
    elif len(title) > 300:
        errors["title"] = [_("Tên cuộc thi dài quá 300 ký tự.")]
    try:
        _require_editor(actor, data.organiser)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if data.organiser.valid_to is not None:
        errors.setdefault("organiser", []).append(_("Đơn vị này đã thôi hoạt động."))
    bad = [a for a in data.audiences if a not in Audience.values]
    if bad:
        errors["audiences"] = [_("Đối tượng dự thi không có trong danh mục.")]
    if data.ranking not in RANK_ORDERS:
        errors["ranking"] = [_("Thứ tự xếp hạng không hợp lệ.")]
    kept = (
        contest is not None
        and data.activity is not None
        and data.activity.pk == contest.activity_id
        and data.organiser.pk == contest.organiser_id
    )
    if (
        data.activity is not None
        and not kept
        and not activities_for_organiser(data.organiser).filter(pk=data.activity.pk).exists()
    ):
        errors["activity"] = [
            _(
                "Chỉ chọn được hoạt động của kế hoạch đã ban hành của đơn vị tổ chức"
                " (hoặc đơn vị cấp trên)."
            )
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if contest is None:
            contest = Contest(slug=_unique_slug(title))
        contest.title = title
        contest.organiser = data.organiser
        contest.rules = data.rules.strip()
        contest.audiences = list(dict.fromkeys(data.audiences))
        contest.activity = data.activity
        contest.ranking = data.ranking
        contest.published = data.published
        contest.save()
    return contest


def contest_has_entries(contest: Contest) -> bool:
    return Participant.objects.filter(contest=contest).exists()


def contest_delete(*, contest: Contest) -> None:
    pk = contest.pk
    with transaction.atomic():
        if Participant.objects.select_for_update().filter(contest=contest).exists():
            raise ValidationError(
                _(
                    "Không xóa được cuộc thi “%(t)s” vì đã có người đăng ký dự thi;"
                    " hãy thôi hiển thị công khai thay vì xóa."
                )
                % {"t": contest.title}
            )
        contest.delete()
    bank_forget(pk)


def round_delete_refusal(round_: Round) -> str:
    """Why ``round_`` may not be deleted ("" when it may): someone has started it."""
    if round_has_entries(round_):
        return _(
            "Không xóa được vòng thi “%(t)s” vì đã có người vào thi; hãy đổi thời điểm đóng"
            " vòng thi thay vì xóa."
        ) % {"t": round_.title}
    return ""


def round_delete(*, round_: Round) -> None:
    """Delete a round nobody has started, with its prizes; atomic."""
    with transaction.atomic():
        # Storing an attempt references its round: one being stored finishes before this
        # lock is granted (and is seen below), a later one waits until the round is gone.
        list(Round.objects.select_for_update().filter(pk=round_.pk).values_list("pk", flat=True))
        refusal = round_delete_refusal(round_)
        if refusal:
            raise ValidationError(refusal)
        round_.delete()


def question_served(question: Question) -> bool:
    """Whether an attempt in the question's contest was served it (``Attempt.served``)."""
    served_lists = (
        Attempt.objects.filter(round__contest_id=question.contest_id)
        .values_list("served", flat=True)
        .iterator(chunk_size=2000)
    )
    return any(entry[0] == question.pk for served in served_lists for entry in served or ())


def question_delete_refusal(question: Question) -> str:
    """Why ``question`` may not be deleted ("" when it may): it was served in an attempt."""
    if question_served(question):
        return _(
            "Không xóa được câu hỏi này vì nó đã được ra đề trong lượt thi; hãy thôi dùng câu"
            " hỏi (bỏ chọn “Đang dùng”) thay vì xóa."
        )
    return ""


def question_delete(*, question: Question) -> None:
    """Delete a question never served, with its answers; atomic.

    Other worker processes may still draw it from their copy of the bank for up to
    ``BANK_TTL``; such an attempt does not show it and its score leaves it out."""
    contest_id = question.contest_id
    with transaction.atomic():
        # As in ``round_delete``: attempts being stored in the contest's rounds finish first.
        list(
            Round.objects.select_for_update()
            .filter(contest_id=contest_id)
            .values_list("pk", flat=True)
        )
        refusal = question_delete_refusal(question)
        if refusal:
            raise ValidationError(refusal)
        question.delete()
    bank_forget(contest_id)


def bank_size(contest: Contest, topics: list[str], difficulty: int | None) -> int:
    qs = Question.objects.filter(contest=contest, active=True)
    if topics:
        qs = qs.filter(topic__in=topics)
    if difficulty:
        qs = qs.filter(difficulty=difficulty)
    return qs.count()


@dataclass(frozen=True)
class RoundData:
    title: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    question_count: int = 10
    topics: tuple[str, ...] = ()
    difficulty: int | None = None
    time_limit_seconds: int = 600
    max_attempts: int = 1
    late_policy: str = LatePolicy.REJECT
    min_plausible_seconds: int = 20
    ask_prediction: bool = True


# Settings that decide which questions an attempt gets and how long it lasts.
LOCKED_ROUND_FIELDS = ("question_count", "topics", "difficulty", "time_limit_seconds")


def round_has_entries(round_: Round) -> bool:
    return Attempt.objects.filter(round=round_).exists()


def round_save(*, contest: Contest, round_: Round | None, data: RoundData) -> Round:
    """Add (``round_`` None) or change a round of ``contest``; validated, atomic."""
    from cchc.contests.models import Difficulty
    from cchc.plans.models import ReformArea

    errors: dict[str, list[str]] = {}
    title = " ".join(data.title.split())
    if not title:
        errors["title"] = [_("Hãy nhập tên vòng thi.")]
    elif len(title) > 200:
        errors["title"] = [_("Tên vòng thi dài quá 200 ký tự.")]
    if data.closes_at <= data.opens_at:
        errors["closes_at"] = [_("Thời điểm đóng phải sau thời điểm mở vòng thi.")]
    topics = list(dict.fromkeys(data.topics))
    if any(t not in ReformArea.values for t in topics):
        errors["topics"] = [_("Lĩnh vực câu hỏi không có trong danh mục.")]
    if data.difficulty is not None and data.difficulty not in Difficulty.values:
        errors["difficulty"] = [_("Độ khó phải là Dễ, Trung bình hoặc Khó.")]
    if data.question_count < 1:
        errors["question_count"] = [_("Số câu hỏi mỗi lượt phải từ 1 trở lên.")]
    elif "topics" not in errors and "difficulty" not in errors:
        size = bank_size(contest, topics, data.difficulty)
        if data.question_count > size:
            errors["question_count"] = [
                _(
                    "Ngân hàng câu hỏi chỉ có %(n)s câu đang dùng phù hợp với lĩnh vực và độ khó"
                    " đã chọn; số câu mỗi lượt không được lớn hơn."
                )
                % {"n": size}
            ]
    if not 30 <= data.time_limit_seconds <= 86_400:
        errors["time_limit_seconds"] = [
            _("Thời gian làm bài phải từ 30 giây đến 86.400 giây (một ngày).")
        ]
    if not 1 <= data.max_attempts <= 100:
        errors["max_attempts"] = [_("Số lượt thi mỗi người phải từ 1 đến 100.")]
    if data.late_policy not in LatePolicy.values:
        errors["late_policy"] = [_("Cách xử lý bài nộp quá giờ không hợp lệ.")]
    if data.min_plausible_seconds < 0:
        errors["min_plausible_seconds"] = [_("Thời gian tối thiểu không được âm.")]
    elif (
        "time_limit_seconds" not in errors and data.min_plausible_seconds >= data.time_limit_seconds
    ):
        errors["min_plausible_seconds"] = [
            _("Thời gian làm bài tối thiểu hợp lý phải nhỏ hơn thời gian làm bài.")
        ]
    values: dict[str, Any] = {
        "title": title,
        "opens_at": data.opens_at,
        "closes_at": data.closes_at,
        "question_count": data.question_count,
        "topics": topics,
        "difficulty": data.difficulty,
        "time_limit_seconds": data.time_limit_seconds,
        "max_attempts": data.max_attempts,
        "late_policy": data.late_policy,
        "min_plausible_seconds": data.min_plausible_seconds,
        "ask_prediction": data.ask_prediction,
    }
    with transaction.atomic():
        if round_ is not None:
            round_ = Round.objects.select_for_update().get(pk=round_.pk)
            changed = [f for f in LOCKED_ROUND_FIELDS if getattr(round_, f) != values[f]]
            if changed and round_has_entries(round_):
                for f in changed:
                    errors.setdefault(f, []).append(
                        _(
                            "Vòng thi đã có lượt thi nên không đổi được số câu hỏi, lĩnh vực,"
                            " độ khó và thời gian làm bài."
                        )
                    )
        if errors:
            raise ValidationError(errors)
        if round_ is None:
            last = (
                Round.objects.filter(contest=contest)
                .order_by("-number")
                .values_list("number", flat=True)
                .first()
                or 0
            )
            round_ = Round(contest=contest, number=last + 1)
        for name, value in values.items():
            setattr(round_, name, value)
        round_.save()
    return round_


@dataclass(frozen=True)
class PrizeData:
    title: str
    kind: str = PrizeKind.INDIVIDUAL
    quantity: int = 1


def prize_save(*, round_: Round, prize: Prize | None, data: PrizeData) -> Prize:
    errors: dict[str, list[str]] = {}
    title = " ".join(data.title.split())
    if not title:
        errors["title"] = [_("Hãy nhập tên giải.")]
    elif len(title) > 200:
        errors["title"] = [_("Tên giải dài quá 200 ký tự.")]
    if data.kind not in PrizeKind.values:
        errors["kind"] = [_("Loại giải không hợp lệ.")]
    if not 1 <= data.quantity <= 1000:
        errors["quantity"] = [_("Số giải phải từ 1 đến 1.000.")]
    if prize is not None and Winner.objects.filter(prize=prize).exists():
        errors["__all__"] = [_("Giải này đã có người đoạt giải được công bố nên không sửa được.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if prize is None:
            last = (
                Prize.objects.filter(round=round_)
                .order_by("-order")
                .values_list("order", flat=True)
                .first()
            )
            prize = Prize(round=round_, order=(last + 1) if last is not None else 0)
        prize.title = title
        prize.kind = data.kind
        prize.quantity = data.quantity
        prize.save()
    return prize


def prize_delete(*, prize: Prize) -> None:
    with transaction.atomic():
        if Winner.objects.filter(prize=prize).exists():
            raise ValidationError(
                _("Giải “%(t)s” đã có người đoạt giải được công bố nên không xóa được.")
                % {"t": prize.title}
            )
        prize.delete()


@dataclass(frozen=True)
class QuestionData:
    text: str
    kind: str = QuestionKind.SINGLE
    topic: str = ""
    difficulty: int = 2
    active: bool = True
    # (answer text, is right) in the order shown; empty texts are dropped
    choices: tuple[tuple[str, bool], ...] = ()


def question_save(*, contest: Contest, question: Question | None, data: QuestionData) -> Question:
    """Add or change one question of the bank with its answers; validated, atomic."""
    from cchc.contests.models import Difficulty
    from cchc.plans.models import ReformArea

    errors: dict[str, list[str]] = {}
    text = data.text.strip()
    if not text:
        errors["text"] = [_("Hãy nhập nội dung câu hỏi.")]
    if data.kind not in QuestionKind.values:
        errors["kind"] = [_("Loại câu hỏi không hợp lệ.")]
    if data.topic and data.topic not in ReformArea.values:
        errors["topic"] = [_("Lĩnh vực không có trong danh mục.")]
    if data.difficulty not in Difficulty.values:
        errors["difficulty"] = [_("Độ khó phải là Dễ, Trung bình hoặc Khó.")]
    given = [(t.strip(), right) for t, right in data.choices]
    if any(right and not t for t, right in given):
        errors["correct"] = [_("Phương án được đánh dấu đúng phải có nội dung.")]
    options = [(t, right) for t, right in given if t]
    if len(options) > MAX_CHOICES:
        errors["__all__"] = [_("Mỗi câu hỏi có tối đa 6 phương án.")]
    elif any(len(t) > 1000 for t, _r in options):
        errors["__all__"] = [_("Mỗi phương án dài tối đa 1.000 ký tự.")]
    elif len(options) < 2:
        errors["__all__"] = [_("Câu hỏi cần ít nhất hai phương án trả lời.")]
    rights = sum(1 for _t, right in options if right)
    if "correct" not in errors and len(options) >= 2:
        if rights == 0:
            errors["correct"] = [_("Hãy đánh dấu phương án đúng.")]
        elif data.kind == QuestionKind.SINGLE and rights != 1:
            errors["correct"] = [_("Câu hỏi một đáp án đúng phải có đúng một phương án đúng.")]
    existing: list[Choice] = []
    if question is not None:
        existing = list(question.choices.order_by("order", "pk"))
        if len(options) < len(existing) and Attempt.objects.filter(round__contest=contest).exists():
            errors.setdefault("__all__", []).append(
                _(
                    "Cuộc thi đã có lượt thi nên không bớt được phương án của câu hỏi"
                    " (có thể sửa nội dung hoặc thôi dùng câu hỏi)."
                )
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if question is None:
            question = Question(contest=contest)
        question.text = text
        question.kind = data.kind
        question.topic = data.topic
        question.difficulty = data.difficulty
        question.active = data.active
        question.save()
        for i, (option, right) in enumerate(options):
            if i < len(existing):
                choice = existing[i]
                choice.text, choice.is_correct, choice.order = option, right, i
                choice.save(update_fields=["text", "is_correct", "order"])
            else:
                Choice.objects.create(question=question, text=option, is_correct=right, order=i)
        surplus = [c.pk for c in existing[len(options) :]]
        if surplus:
            Choice.objects.filter(pk__in=surplus).delete()
    bank_forget(contest.pk)
    return question
