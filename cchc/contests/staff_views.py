"""Staff pages of contests: the organiser's list, a round's entries and flags,
disqualification, publishing winners, statistics, XLSX export, question import and the
organiser's pages to create, edit and delete contests, rounds, prizes and questions.

A person who may not read a contest gets 404; one who may read it but lacks the role an
action needs gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.contests import selectors, services
from cchc.contests.forms import (
    ContestForm,
    DisqualifyForm,
    ImportForm,
    PrizeForm,
    QuestionForm,
    RoundForm,
    editable_units,
)
from cchc.contests.models import Contest, Prize, Question, Round, Submission
from cchc.contests.permissions import can
from cchc.spreadsheets import workbook_bytes

REVIEW_LIMIT = 300


def _contest_or_404(request: HttpRequest, pk: int) -> Contest:
    contest = get_object_or_404(
        Contest.objects.select_related("organiser", "activity__plan"), pk=pk
    )
    if not can(request.user, "contest.view", contest):
        raise Http404
    return contest


def _round_or_404(request: HttpRequest, pk: int) -> Round:
    round_ = get_object_or_404(
        Round.objects.select_related("contest__organiser", "contest__activity"), pk=pk
    )
    if not can(request.user, "contest.view", round_.contest):
        raise Http404
    return round_


@login_required
@require_GET
def contest_list(request: HttpRequest) -> HttpResponse:
    contests = selectors.contests_for(request.user).prefetch_related("rounds")
    return render(
        request,
        "contests/staff/list.html",
        {"contests": contests, "may_create": editable_units(request.user).exists()},
    )


@login_required
@require_GET
def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest_or_404(request, pk)
    rounds = [(r, selectors.counts(r)) for r in contest.rounds.all()]
    return render(
        request,
        "contests/staff/detail.html",
        {
            "contest": contest,
            "rounds": rounds,
            "questions": Question.objects.filter(contest=contest, active=True).count(),
            "may_manage": can(request.user, "contest.manage", contest),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def questions_import(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest_or_404(request, pk)
    if not can(request.user, "contest.manage", contest):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.questions_import(
                contest=contest,
                name=upload.name or "",
                content=upload.read(services.MAX_IMPORT_BYTES + 1),
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
    return render(
        request,
        "contests/staff/import.html",
        {"contest": contest, "form": form, "result": result, "columns": services.IMPORT_COLUMNS},
        status=400 if request.method == "POST" and result is None else 200,
    )


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round_or_404(request, pk)
    contest = round_.contest
    only_flagged = request.GET.get("loc") == "1"
    return render(
        request,
        "contests/staff/round.html",
        {
            "contest": contest,
            "round": round_,
            "counts": selectors.counts(round_),
            "entries": selectors.ranking(round_, limit=20),
            "reviews": selectors.review(round_, only_flagged=only_flagged, limit=REVIEW_LIMIT),
            "only_flagged": only_flagged,
            "by_unit": selectors.by_unit(round_)[:30],
            "by_locality": selectors.by_locality(round_)[:30],
            "by_question": selectors.by_question(round_)[:15],
            "closed": timezone.now() >= round_.closes_at,
            "may_manage": can(request.user, "contest.manage", contest),
            "may_publish": can(request.user, "contest.publish", contest),
            "prizes": round_.prizes.all(),
            "form": DisqualifyForm(),
        },
    )


@login_required
@require_POST
def submission_disqualify(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(
        Submission.objects.select_related("round__contest__organiser"), pk=pk
    )
    contest = submission.round.contest
    if not can(request.user, "contest.view", contest):
        raise Http404
    if not can(request.user, "contest.manage", contest):
        raise PermissionDenied
    form = DisqualifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi lý do loại bài dự thi (tối đa 2.000 ký tự)."))
    else:
        try:
            services.submission_disqualify(
                submission=submission, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Đã loại bài dự thi của %(n)s.") % {"n": submission.participant.full_name},
            )
    return redirect("staff:contest_round", pk=submission.round_id)


@login_required
@require_POST
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round_or_404(request, pk)
    if not can(request.user, "contest.publish", round_.contest):
        raise PermissionDenied
    try:
        winners = services.winners_publish(round_=round_, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã công bố kết quả: %(n)s giải.") % {"n": len(winners)})
    return redirect("staff:contest_round", pk=round_.pk)


@login_required
@require_GET
def round_export(request: HttpRequest, pk: int) -> HttpResponse:
    from openpyxl import Workbook

    round_ = _round_or_404(request, pk)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Xếp hạng")
    sheet.append(
        [
            _("Hạng"),
            _("Họ và tên"),
            _("Điện thoại"),
            _("Đơn vị"),
            _("Địa phương"),
            _("Điểm"),
            _("Số câu đúng"),
            _("Số câu"),
            _("Thời gian (giây)"),
            _("Dự đoán"),
            _("Nộp lúc"),
        ]
    )
    for e in selectors.ranking(round_):
        sheet.append(
            [
                e.rank,
                e.name,
                e.masked_phone,
                e.unit,
                e.locality,
                float(e.score),
                e.correct,
                e.total,
                round(e.duration_ms / 1000, 1),
                e.prediction,
                timezone.localtime(e.submitted_at).strftime("%d/%m/%Y %H:%M:%S"),
            ]
        )
    units = book.create_sheet(_("Theo đơn vị"))
    units.append([_("Đơn vị"), _("Số người dự thi"), _("Điểm trung bình")])
    for row in selectors.by_unit(round_):
        units.append(
            [row["name"] or _("(không thuộc đơn vị)"), row["participants"], float(row["average"])]
        )
    places = book.create_sheet(_("Theo địa phương"))
    places.append([_("Địa phương"), _("Số người dự thi"), _("Điểm trung bình")])
    for row in selectors.by_locality(round_):
        places.append([row["name"], row["participants"], float(row["average"])])
    questions = book.create_sheet(_("Theo câu hỏi"))
    questions.append(
        [_("Mã"), _("Câu hỏi"), _("Số lần ra đề"), _("Số lần trả lời sai"), _("Tỷ lệ sai (%)")]
    )
    for row in selectors.by_question(round_):
        questions.append([row["id"], row["text"], row["served"], row["wrong"], row["wrong_rate"]])
    response = HttpResponse(
        workbook_bytes(book),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="ket-qua-vong-{round_.pk}.xlsx"'
    return response


# --- Creating and editing contests, rounds, prizes and questions ------------------------


def _managed_contest(request: HttpRequest, pk: int) -> Contest:
    contest = _contest_or_404(request, pk)
    if not can(request.user, "contest.manage", contest):
        raise PermissionDenied
    return contest


def _managed_round(request: HttpRequest, pk: int) -> Round:
    round_ = _round_or_404(request, pk)
    if not can(request.user, "contest.manage", round_.contest):
        raise PermissionDenied
    return round_


def _form_page(
    request: HttpRequest, form: Any, context: dict[str, Any], *, failed: bool = False
) -> HttpResponse:
    return render(
        request,
        "contests/staff/form.html",
        {"form": form, **context},
        status=400 if failed else 200,
    )


def _form_flow(
    request: HttpRequest,
    form: Any,
    context: dict[str, Any],
    *,
    save: Callable[[Any], Any],
    done: Callable[[Any], tuple[str, HttpResponse]],
) -> HttpResponse:
    """The create and edit pages' pattern: on a valid POST the service saves the form's
    data (its ValidationError goes back onto the form, status 400); then a message and
    the next page. Otherwise the form page."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.to_data())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            message, response = done(saved)
            messages.success(request, message)
            return response
    return _form_page(request, form, context, failed=request.method == "POST")


@login_required
@require_http_methods(["GET", "POST"])
def contest_create(request: HttpRequest) -> HttpResponse:
    if not editable_units(request.user).exists():
        raise PermissionDenied
    form = ContestForm(request.POST or None, user=request.user)
    return _form_flow(
        request,
        form,
        {"heading": _("Tạo cuộc thi"), "submit": _("Tạo cuộc thi"), "back": None},
        save=lambda data: services.contest_save(contest=None, data=data, actor=request.user),
        done=lambda contest: (_("Đã tạo cuộc thi “%(t)s”.") % {"t": contest.title}, redirect("staff:contest_detail", pk=contest.pk)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contest_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _managed_contest(request, pk)
    form = ContestForm(
        request.POST or None,
        user=request.user,
        contest=contest,
        initial=ContestForm.initial_for(contest),
    )
    return _form_flow(
        request,
        form,
        {
            "heading": _("Sửa cuộc thi"),
            "submit": _("Lưu"),
            "contest": contest,
            "back": contest,
        },
        save=lambda data: services.contest_save(contest=contest, data=data, actor=request.user),
        done=lambda _saved: (_("Đã lưu cuộc thi."), redirect("staff:contest_detail", pk=contest.pk)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contest_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _managed_contest(request, pk)
    has_entries = services.contest_has_entries(contest)
    if request.method == "POST":
        try:
            services.contest_delete(contest=contest)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("staff:contest_detail", pk=pk)
        messages.success(request, _("Đã xóa cuộc thi “%(t)s”.") % {"t": contest.title})
        return redirect("staff:contest_list")
    return render(
        request,
        "contests/staff/delete.html",
        {"contest": contest, "has_entries": has_entries},
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _managed_contest(request, pk)
    form = RoundForm(request.POST or None)
    return _form_flow(
        request,
        form,
        {
            "heading": _("Thêm vòng thi"),
            "submit": _("Thêm vòng thi"),
            "contest": contest,
            "back": contest,
            "bank": Question.objects.filter(contest=contest, active=True).count(),
        },
        save=lambda data: services.round_save(contest=contest, round_=None, data=data),
        done=lambda round_: (_("Đã thêm vòng thi “%(t)s”.") % {"t": round_.title}, redirect("staff:contest_round", pk=round_.pk)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _managed_round(request, pk)
    contest = round_.contest
    form = RoundForm(request.POST or None, initial=RoundForm.initial_for(round_))
    return _form_flow(
        request,
        form,
        {
            "heading": _("Sửa vòng thi"),
            "submit": _("Lưu"),
            "contest": contest,
            "round": round_,
            "back": contest,
            "bank": Question.objects.filter(contest=contest, active=True).count(),
            "locked": services.round_has_entries(round_),
        },
        save=lambda data: services.round_save(contest=contest, round_=round_, data=data),
        done=lambda _saved: (_("Đã lưu vòng thi."), redirect("staff:contest_round", pk=round_.pk)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_delete(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _managed_round(request, pk)
    contest = round_.contest
    if request.method == "POST":
        try:
            services.round_delete(round_=round_)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("staff:contest_round", pk=pk)
        messages.success(request, _("Đã xóa vòng thi “%(t)s”.") % {"t": round_.title})
        return redirect("staff:contest_detail", pk=contest.pk)
    return render(
        request,
        "contests/staff/confirm_delete.html",
        {
            "heading": _("Xóa vòng thi"),
            "contest": contest,
            "round": round_,
            "prizes": round_.prizes.count(),
            "refusal": services.round_delete_refusal(round_),
            "back": reverse("staff:contest_round", args=[pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def prize_create(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _managed_round(request, pk)
    form = PrizeForm(request.POST or None)
    return _form_flow(
        request,
        form,
        {
            "heading": _("Thêm giải thưởng"),
            "submit": _("Thêm giải"),
            "contest": round_.contest,
            "round": round_,
            "back": round_.contest,
        },
        save=lambda data: services.prize_save(round_=round_, prize=None, data=data),
        done=lambda prize: (_("Đã thêm giải “%(t)s”.") % {"t": prize.title}, redirect("staff:contest_round", pk=round_.pk)),
    )


def _managed_prize(request: HttpRequest, pk: int) -> Prize:
    prize = get_object_or_404(Prize.objects.select_related("round__contest__organiser"), pk=pk)
    if not can(request.user, "contest.view", prize.round.contest):
        raise Http404
    if not can(request.user, "contest.manage", prize.round.contest):
        raise PermissionDenied
    return prize


@login_required
@require_http_methods(["GET", "POST"])
def prize_edit(request: HttpRequest, pk: int) -> HttpResponse:
    prize = _managed_prize(request, pk)
    round_ = prize.round
    form = PrizeForm(
        request.POST or None,
        initial={"title": prize.title, "kind": prize.kind, "quantity": prize.quantity},
    )
    return _form_flow(
        request,
        form,
        {
            "heading": _("Sửa giải thưởng"),
            "submit": _("Lưu"),
            "contest": round_.contest,
            "round": round_,
            "back": round_.contest,
        },
        save=lambda data: services.prize_save(round_=round_, prize=prize, data=data),
        done=lambda _saved: (_("Đã lưu giải thưởng."), redirect("staff:contest_round", pk=round_.pk)),
    )


@login_required
@require_POST
def prize_delete(request: HttpRequest, pk: int) -> HttpResponse:
    prize = _managed_prize(request, pk)
    try:
        services.prize_delete(prize=prize)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã xóa giải “%(t)s”.") % {"t": prize.title})
    return redirect("staff:contest_round", pk=prize.round_id)


@login_required
@require_GET
def question_list(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest_or_404(request, pk)
    questions = Question.objects.filter(contest=contest).prefetch_related("choices")
    return render(
        request,
        "contests/staff/questions.html",
        {
            "contest": contest,
            "questions": questions,
            "may_manage": can(request.user, "contest.manage", contest),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _managed_contest(request, pk)
    form = QuestionForm(request.POST or None)
    return _form_flow(
        request,
        form,
        {
            "heading": _("Thêm câu hỏi"),
            "submit": _("Thêm câu hỏi"),
            "contest": contest,
            "back": contest,
        },
        save=lambda data: services.question_save(contest=contest, question=None, data=data),
        done=lambda _saved: (_("Đã thêm câu hỏi vào ngân hàng."), redirect("staff:contest_questions", pk=contest.pk)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("contest__organiser"), pk=pk)
    contest = _managed_contest(request, question.contest_id)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question))
    return _form_flow(
        request,
        form,
        {
            "heading": _("Sửa câu hỏi"),
            "submit": _("Lưu"),
            "contest": contest,
            "back": contest,
        },
        save=lambda data: services.question_save(contest=contest, question=question, data=data),
        done=lambda _saved: (_("Đã lưu câu hỏi."), redirect("staff:contest_questions", pk=contest.pk)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("contest__organiser"), pk=pk)
    contest = _managed_contest(request, question.contest_id)
    if request.method == "POST":
        try:
            services.question_delete(question=question)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Đã xóa câu hỏi “%(t)s”.") % {"t": Truncator(question.text).chars(80)},
            )
        return redirect("staff:contest_questions", pk=contest.pk)
    return render(
        request,
        "contests/staff/confirm_delete.html",
        {
            "heading": _("Xóa câu hỏi"),
            "contest": contest,
            "question": question,
            "choices": question.choices.count(),
            "refusal": services.question_delete_refusal(question),
            "back": reverse("staff:contest_questions", args=[contest.pk]),
        },
    )
