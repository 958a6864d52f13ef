"""Public contest pages: register, take a round against the clock, see results.

The participant is remembered by a signed cookie (one per contest) that holds their
participant id: no session row, no account. The attempt page shows only the served
questions and answers; the key never leaves the server. Submitting is exactly-once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.contests import selectors, services
from cchc.contests.forms import RegisterForm, ResumeForm
from cchc.contests.models import Attempt, Contest, Participant, Round, Submission, Winner

COOKIE_SALT = "cchc.contests.participant"
COOKIE_AGE = 60 * 60 * 24 * 365
# A submission is a few dozen short fields; anything bigger is not a real answer sheet.
MAX_SUBMIT_BYTES = 32 * 1024
LEADERBOARD_SIZE = 100
LEADERBOARD_CACHE_SECONDS = 10


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _cookie_name(contest: Contest) -> str:
    return f"cuocthi_{contest.pk}"


def participant_id(request: HttpRequest, contest: Contest) -> int | None:
    """The participant id the signed cookie holds (signed for this contest's cookie name)."""
    try:
        pk = request.get_signed_cookie(_cookie_name(contest), salt=COOKIE_SALT, max_age=COOKIE_AGE)
    except (KeyError, signing.BadSignature):
        return None
    if not pk or not pk.isdigit():
        return None
    return int(pk)


def current_participant(request: HttpRequest, contest: Contest) -> Participant | None:
    pk = participant_id(request, contest)
    if pk is None:
        return None
    return Participant.objects.filter(pk=pk, contest=contest).first()


def remember(response: HttpResponse, request: HttpRequest, participant: Participant) -> None:
    response.set_signed_cookie(
        f"cuocthi_{participant.contest_id}",
        str(participant.pk),
        salt=COOKIE_SALT,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


@lru_cache(maxsize=32)
def _token_url_parts(name: str, prefix: str, urlconf: Any) -> list[str]:
    """The address of ``name`` around its token (``prefix``, the script prefix that
    ``reverse`` puts in front, is part of the key only)."""
    return reverse(name, args=["TOKEN0"], urlconf=urlconf).split("TOKEN0")


def token_url(name: str, token: str) -> str:
    """``reverse(name, args=[token])`` for the attempt pages, without reversing each time
    (the start and the submit each write one; reversing cost as much as their SQL)."""
    before, after = _token_url_parts(name, get_script_prefix(), get_urlconf())
    return f"{before}{quote(token, safe='')}{after}"


def _contest_or_404(slug: str) -> Contest:
    return get_object_or_404(Contest.objects.select_related("organiser"), slug=slug, published=True)


def _round_or_404(contest: Contest, pk: int) -> Round:
    return get_object_or_404(Round.objects.select_related("contest"), pk=pk, contest=contest)


@require_GET
def contest_list(request: HttpRequest) -> HttpResponse:
    contests = (
        Contest.objects.filter(published=True)
        .select_related("organiser")
        .prefetch_related("rounds")
    )
    now = timezone.now()
    rows = []
    for contest in contests:
        rounds = list(contest.rounds.all())
        rows.append(
            {
                "contest": contest,
                "open": [r for r in rounds if r.opens_at <= now < r.closes_at],
                "next": next((r for r in rounds if r.opens_at > now), None),
            }
        )
    return render(request, "contests/list.html", {"rows": rows})


def _detail_context(request: HttpRequest, contest: Contest) -> dict[str, Any]:
    now = timezone.now()
    participant = current_participant(request, contest)
    rounds = list(contest.rounds.all())
    done: dict[int, int] = {}
    if participant is not None:
        for round_id in Submission.objects.filter(participant=participant).values_list(
            "round_id", flat=True
        ):
            done[round_id] = done.get(round_id, 0) + 1
    return {
        "contest": contest,
        "participant": participant,
        "rounds": [
            {
                "round": r,
                "state": services.round_state(r, now),
                "done": done.get(r.pk, 0),
                "can_start": services.round_state(r, now) == "open"
                and done.get(r.pk, 0) < r.max_attempts,
            }
            for r in rounds
        ],
    }


@require_GET
def contest_detail(request: HttpRequest, slug: str) -> HttpResponse:
    contest = _contest_or_404(slug)
    context = _detail_context(request, contest)
    context["resume_form"] = ResumeForm()
    context["welcome"] = request.GET.get("moi") == "1"
    return render(request, "contests/detail.html", context)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    contest = _contest_or_404(slug)
    form = RegisterForm(request.POST or None, contest=contest)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_register(
                contest=contest, data=form.to_data(), ip=client_ip(request)
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            response = redirect(reverse("contests:detail", args=[contest.slug]) + "?moi=1")
            remember(response, request, participant)
            return response
    return render(request, "contests/register.html", {"contest": contest, "form": form})


@require_POST
def resume(request: HttpRequest, slug: str) -> HttpResponse:
    contest = _contest_or_404(slug)
    form = ResumeForm(request.POST)
    if form.is_valid():
        try:
            participant = services.participant_resume(
                contest=contest, phone=form.cleaned_data["phone"], code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            response = redirect("contests:detail", slug=contest.slug)
            remember(response, request, participant)
            return response
    context = _detail_context(request, contest)
    context["resume_form"] = form
    return render(request, "contests/detail.html", context, status=400)


# No CSRF token check: a start only does something for the participant whose cookie comes
# with it, and that cookie is SameSite=Lax, so a browser never sends it with a POST
# another site makes (such a start is refused as "not registered"). At the peak every
# participant starts once; the check was a tenth of the request.
@csrf_exempt
@require_POST
def start(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Serve the questions at once (the clock starts now); reloading resumes the same attempt."""
    round_ = services.round_for_start(slug, pk)
    if round_ is None:
        raise Http404
    contest = round_.contest
    who = participant_id(request, contest)
    try:
        if who is None:
            raise services.Refused("", "not_registered")
        attempt = services.attempt_start_for(
            round_=round_, participant_id=who, ip=client_ip(request)
        )
    except services.Refused as exc:
        if exc.code == "not_registered":
            form = RegisterForm(contest=contest)
            notice = _("Hãy đăng ký (hoặc tiếp tục bằng mã dự thi) trước khi vào thi.")
            return render(
                request,
                "contests/register.html",
                {"contest": contest, "form": form, "notice": notice},
                status=403,
            )
        context = _detail_context(request, contest)
        context.update({"resume_form": ResumeForm(), "notice": exc.message})
        return render(
            request, "contests/detail.html", context, status=409 if exc.code == "conflict" else 400
        )
    return _attempt_response(request, attempt, reopened=attempt.views > 1)


def _attempt_or_404(token: str) -> Attempt:
    attempt = (
        Attempt.objects.select_related("round__contest", "participant", "submission")
        .filter(token=token)
        .first()
    )
    if attempt is None:
        raise Http404
    return attempt


@require_GET
def attempt_page(request: HttpRequest, token: str) -> HttpResponse:
    attempt = _attempt_or_404(token)
    if getattr(attempt, "submission", None) is not None:
        return redirect("contests:result", token=token)
    services.attempt_viewed(attempt)
    return _attempt_response(request, attempt, reopened=attempt.views >= 1)


@lru_cache(maxsize=50_000)
def _choice_html(question_id: int, choice_id: int, text: str, multiple: bool) -> str:
    """One answer of a question; the same for every attempt that is served it."""
    return format_html(
        '<div class="choice"><input type="{}" name="q{}" value="{}" id="c{}">'
        '<label for="c{}">{}</label></div>',
        "checkbox" if multiple else "radio",
        question_id,
        choice_id,
        choice_id,
        choice_id,
        text,
    )


@lru_cache(maxsize=50_000)
def _legend_html(
    language: str, number: int, question_id: int, text: str, multiple: bool
) -> str:
    """The opening of a served question at its place: a few dozen places per question."""
    hint = format_html(" <em>({})</em>", _("chọn tất cả đáp án đúng")) if multiple else ""
    return format_html(
        '<fieldset class="question"><legend>{}: {}{}</legend>',
        _("Câu %(n)s") % {"n": number},
        text,
        hint,
    )


def questions_html(attempt: Attempt) -> SafeString:
    """The served questions in the served order, answers shuffled as drawn.

    Built from memoised fragments rather than a template loop: this page is what every
    participant gets at the start of an attempt, and a template renders each of the
    ~50 fields one by one. The fragments are a question's opening at each place and
    each answer: a bank of a thousand questions fits (not each answer order)."""
    language = translation.get_language() or "vi"
    return mark_safe(  # noqa: S308 - every part escaped by format_html
        "\n".join(
            "".join(
                (
                    _legend_html(language, number, question_id, text, multiple),
                    *(_choice_html(question_id, c, t, multiple) for c, t in choices),
                    "</fieldset>",
                )
            )
            for number, question_id, text, multiple, choices in services.served_questions(attempt)
        )
    )


# The parts of the exam page that differ from one attempt to the next. The page is
# rendered by its template once per round and language with a marker in each slot; an
# attempt's page is then the fixed parts with its escaped values in between.
_SLOTS = (
    "name", "remaining", "minutes", "deadline", "reopened", "submit_url", "sheet", "questions",
)  # fmt: skip
_MARK = "\x00"


@lru_cache(maxsize=256)
def _exam_page_parts(
    contest_title: str,
    round_title: str,
    ask_prediction: bool,
    portal_name: str,
    language: str,
) -> tuple[str, ...]:
    html = get_template("contests/attempt.html").render(
        {
            "contest_title": contest_title,
            "round_title": round_title,
            "ask_prediction": ask_prediction,
            "portal_name": portal_name,
            "language": language,
            **{slot: mark_safe(f"{_MARK}{slot}{_MARK}") for slot in _SLOTS},  # noqa: S308
        }
    )
    return tuple(html.split(_MARK))


def _attempt_response(request: HttpRequest, attempt: Attempt, reopened: bool) -> HttpResponse:
    """The questions page: an exam page, rendered without the site's context processors
    (no section menu to wander off through mid-attempt, and nothing extra on the hot path)."""
    remaining = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    round_ = attempt.round
    values: dict[str, Any] = {
        "name": attempt.participant.full_name,
        "remaining": remaining,
        "minutes": round(remaining / 60),
        "deadline": timezone.localtime(attempt.deadline).strftime("%H:%M:%S %d/%m/%Y"),
        "reopened": format_html(
            '<p class="muted">{}</p>',
            _("Bài thi đã được mở trước đó; thời gian vẫn tính từ lần mở đầu tiên."),
        )
        if reopened
        else "",
        "submit_url": token_url("contests:submit", attempt.token),
        "sheet": services.sheet_seal(attempt),
        "questions": questions_html(attempt),
    }
    parts = list(
        _exam_page_parts(
            round_.contest.title,
            round_.title,
            round_.ask_prediction,
            settings.PORTAL_NAME,
            translation.get_language() or "vi",
        )
    )
    for i in range(1, len(parts), 2):
        parts[i] = conditional_escape(values[parts[i]])
    response = HttpResponse("".join(parts))
    response["Cache-Control"] = "no-store"
    return response


# No CSRF token check: the address holds the attempt's token, a secret only the
# participant's browser knows, so another site cannot aim a submission at an attempt;
# and this is the busiest request of the evening.
@csrf_exempt
@require_POST
def submit(request: HttpRequest, token: str) -> HttpResponse:
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_SUBMIT_BYTES:
        return render(
            request,
            "contests/refused.html",
            {"message": _("Bài nộp quá lớn (tối đa 32 KB): không được nhận.")},
            status=413,
        )
    try:
        data = services.parse_answers(request.POST.lists(), request.POST.get("du_doan", ""))
        submission, _stored = services.attempt_submit(
            token=token, data=data, sheet=request.POST.get("de", "")[:8192]
        )
    except services.Refused as exc:
        status = 404 if exc.code == "unknown" else 400
        return render(
            request,
            "contests/refused.html",
            {"message": exc.message, "token": token},
            status=status,
        )
    return HttpResponseRedirect(token_url("contests:result", token), status=303)  # type: ignore[call-arg]


@require_GET
def result(request: HttpRequest, token: str) -> HttpResponse:
    attempt = _attempt_or_404(token)
    submission = getattr(attempt, "submission", None)
    if submission is None:
        return redirect("contests:attempt", token=token)
    return render(
        request,
        "contests/result.html",
        {
            "attempt": attempt,
            "round": attempt.round,
            "contest": attempt.round.contest,
            "submission": submission,
            "rank": selectors.rank_of(attempt.round, submission),
            "count": selectors.participant_count(attempt.round),
        },
    )


@require_GET
def leaderboard(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    contest = _contest_or_404(slug)
    round_ = _round_or_404(contest, pk)
    # Everyone refreshes it on the last evening: one ranking per round every few seconds.
    cached: tuple[list[selectors.Entry], int] = cache.get_or_set(  # type: ignore[assignment]
        f"contests:leaderboard:{round_.pk}",
        lambda: (
            selectors.ranking(round_, limit=LEADERBOARD_SIZE),
            selectors.participant_count(round_),
        ),
        LEADERBOARD_CACHE_SECONDS,
    )
    entries, count = cached
    return render(
        request,
        "contests/leaderboard.html",
        {"contest": contest, "round": round_, "entries": entries, "count": count},
    )


@require_GET
def winners(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    contest = _contest_or_404(slug)
    round_ = _round_or_404(contest, pk)
    rows = []
    if round_.winners_published_at is not None:
        rows = list(
            Winner.objects.filter(round=round_)
            .select_related("prize", "submission__participant__unit", "unit")
            .order_by("prize__kind", "rank")
        )
    return render(
        request, "contests/winners.html", {"contest": contest, "round": round_, "winners": rows}
    )
