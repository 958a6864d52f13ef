"""Staff pages of contests: the organiser's list, a round's entries and flags,
disqualification, publishing winners, statistics, XLSX export and question import.

A person who may not read a contest gets 404; one who may read it but lacks the role an
action needs gets 403.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.contests import selectors, services
from cchc.contests.forms import DisqualifyForm, ImportForm
from cchc.contests.models import Contest, Question, Round, Submission
from cchc.contests.permissions import can

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
    return render(request, "contests/staff/list.html", {"contests": contests})


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
    sheet.title = "Xep hang"
    sheet.append(
        [
            "Hạng",
            "Họ và tên",
            "Điện thoại",
            "Đơn vị",
            "Địa phương",
            "Điểm",
            "Số câu đúng",
            "Số câu",
            "Thời gian (giây)",
            "Dự đoán",
            "Nộp lúc",
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
    units = book.create_sheet("Theo don vi")
    units.append(["Đơn vị", "Số người dự thi", "Điểm trung bình"])
    for row in selectors.by_unit(round_):
        units.append(
            [row["name"] or "(không thuộc đơn vị)", row["participants"], float(row["average"])]
        )
    places = book.create_sheet("Theo dia phuong")
    places.append(["Địa phương", "Số người dự thi", "Điểm trung bình"])
    for row in selectors.by_locality(round_):
        places.append([row["name"], row["participants"], float(row["average"])])
    questions = book.create_sheet("Theo cau hoi")
    questions.append(["Mã", "Câu hỏi", "Số lần ra đề", "Số lần trả lời sai", "Tỷ lệ sai (%)"])
    for row in selectors.by_question(round_):
        questions.append([row["id"], row["text"], row["served"], row["wrong"], row["wrong_rate"]])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="ket-qua-vong-{round_.pk}.xlsx"'
    return response
