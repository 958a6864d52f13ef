"""Import a plan from a file: upload, review what was read, save as a draft.

The extracted text waits in the session under a token between the upload and the
confirmation; it is parsed again on every step (the parser is fast and deterministic),
so nothing is written before the person presses "Lưu thành dự thảo".
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.documents.extract import ExtractError, extract_text
from cchc.documents.forms import (
    ActivityFormSet,
    DutyFormSet,
    LegalBasisFormSet,
    ReportingFormSet,
    ReviewForm,
    SubActivityFormSet,
    UploadForm,
    vn_date,
)
from cchc.documents.parser import NOT_A_PLAN, ParsedPlan, parse_plan
from cchc.documents.services import (
    ImportProposal,
    _Mapper,
    duplicate_message,
    find_duplicate,
    normalized_sha256,
    plan_import_data,
    plan_import_save,
)
from cchc.legal.services import ReferenceData
from cchc.orgs.models import Unit
from cchc.orgs.selectors import role_assignments_for_user
from cchc.plans.permissions import can_create_plan
from cchc.plans.services import (
    ActivityData,
    RecipientData,
    ReportingData,
    ResponsibilityData,
    ThemeData,
    UnitRef,
)
from cchc.text import fold

SESSION_KEY = "plan_imports"
KEEP_IMPORTS = 5
KEEP_NAME = ""  # the value of a mapping <select> that keeps the name as written
MAX_CHOICES = 300


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _unit_for(request: HttpRequest, unit_id: int | None) -> Unit:
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    if unit is None:
        raise Http404
    if not can_create_plan(request.user, unit):
        raise PermissionDenied
    return unit


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    """Upload a plan file for the unit of ``?unit=``; without it, choose the unit."""
    if not request.GET.get("unit"):
        units = list(
            {
                a.unit.pk: a.unit
                for a in role_assignments_for_user(request.user)
                if can_create_plan(request.user, a.unit)
            }.values()
        )
        return render(request, "documents/plan_import_unit.html", {"units": units})
    unit = _unit_for(request, _int(request.GET.get("unit")))
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            extracted = extract_text(upload.read(), filename=upload.name)
        except ExtractError as exc:
            form.add_error("file", exc.message)
        else:
            parsed = parse_plan(extracted.text)
            if not parsed.is_plan:
                form.add_error("file", NOT_A_PLAN)
            else:
                token = secrets.token_urlsafe(16)
                stored: dict[str, Any] = dict(request.session.get(SESSION_KEY, {}))
                for old in list(stored)[: max(0, len(stored) - KEEP_IMPORTS + 1)]:
                    stored.pop(old)
                stored[token] = {
                    "unit_id": unit.pk,
                    "file_name": upload.name,
                    "text": extracted.text,
                    "extract_warnings": list(extracted.warnings),
                    "meta": extracted.meta,
                }
                request.session[SESSION_KEY] = stored
                return redirect("staff:plan_import_review", token=token)
    return render(request, "documents/plan_import.html", {"form": form, "unit": unit})


# --- Review ---------------------------------------------------------------------------


def _names(refs: tuple[UnitRef, ...], units: dict[int, Unit]) -> str:
    names = []
    for ref in refs:
        if ref.label:
            names.append(ref.label)
        elif ref.unit_id and ref.unit_id in units:
            names.append(units[ref.unit_id].name)
    return "\n".join(names)


def _initial(proposal: ImportProposal, parsed: ParsedPlan) -> dict[str, Any]:
    data = proposal.data
    ids = {
        r.unit_id
        for a in data.activities
        for x in (a, *a.children)
        for r in (*x.leads, *x.coordinators)
        if r.unit_id
    } | {r.unit.unit_id for r in data.responsibilities if r.unit.unit_id}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    return {
        "form": {
            "title": data.title,
            "number": data.number,
            "symbol": data.symbol,
            "place": data.place,
            "issued_on": vn_date(data.issued_on),
            "start_year": data.period_start.year if data.period_start else None,
            "end_year": data.period_end.year if data.period_end else None,
            "themes": "\n".join(t.title for t in data.themes),
            "recipients": "\n".join(r.label for r in data.recipients),
            "signing_authority": data.signing_authority,
            "signer_position": data.signer_position,
            "signer_name": data.signer_name,
            "objectives": data.objectives,
            "requirements": data.requirements,
            "funding": data.funding,
        },
        "bases": [
            {
                "doc_type": b.doc_type,
                "symbol": b.number_symbol,
                "date": vn_date(b.issued_on),
                "issuer": b.issuer,
                "subject": b.subject,
            }
            for b in data.legal_bases
        ],
        "activities": [
            {
                "title": a.title,
                # The names as the document writes them, so matching gives the same units.
                "leads": "\n".join(parsed.activities[i].leads)
                if i < len(parsed.activities)
                else _names(a.leads, units),
                "coordinators": "\n".join(parsed.activities[i].coordinators)
                if i < len(parsed.activities)
                else _names(a.coordinators, units),
                "timing": a.timing_text,
            }
            for i, a in enumerate(data.activities)
        ],
        "duties": [
            {"unit": parsed.responsibilities[i].unit, "duties": r.duties}
            for i, r in enumerate(data.responsibilities)
        ],
        "children": [
            {
                "parent": i + 1,
                "title": child.title,
                "leads": _written_names(parsed, i, j, "leads") or _names(child.leads, units),
                "coordinators": _written_names(parsed, i, j, "coordinators")
                or _names(child.coordinators, units),
                "timing": child.timing_text,
                "origin": f"{i + 1}.{j + 1}",
            }
            for i, a in enumerate(data.activities)
            for j, child in enumerate(a.children)
        ],
        "reporting": [
            {"periods": r.periods, "deadline_text": r.deadline_text, "text": r.text}
            for r in data.reporting_duties
        ],
    }


def _written_names(parsed: ParsedPlan, i: int, j: int, role: str) -> str:
    """A sub-activity's unit names as the document writes them ("" when not read)."""
    if i < len(parsed.activities) and j < len(parsed.activities[i].subactivities):
        return "\n".join(getattr(parsed.activities[i].subactivities[j], role))
    return ""


def _source(parsed: ParsedPlan, *keys: str) -> tuple[int, int] | None:
    found = [parsed.sources[k] for k in keys if k in parsed.sources]
    if not found:
        return None
    return min(a for a, _b in found), max(b for _a, b in found)


def _mapping_choices(unit: Unit, candidates: list[Unit]) -> list[tuple[str, str]]:
    choices = [(KEEP_NAME, _("Giữ nguyên tên (không gắn với đơn vị)"))]
    seen: set[int] = set()
    for u in candidates:
        if u.pk not in seen and u.path.startswith(unit.path):
            seen.add(u.pk)
            choices.append((str(u.pk), u.name))
    for u in Unit.objects.filter(path__startswith=unit.path).order_by("path")[:MAX_CHOICES]:
        if u.pk not in seen:
            seen.add(u.pk)
            choices.append((str(u.pk), "—" * max(0, u.depth - unit.depth) + " " + u.name))
    return choices


def _overrides(request: HttpRequest, proposal: ImportProposal, unit: Unit) -> dict[str, int]:
    allowed = set(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    overrides: dict[str, int] = {}
    for i, item in enumerate(proposal.unmatched):
        chosen = _int(request.POST.get(f"map-{i}"))
        if chosen is not None and chosen in allowed:
            overrides[item.name] = chosen
    return overrides


def _unit_refs(mapper: _Mapper, names: list[str], key: str, *, lead: bool) -> tuple[UnitRef, ...]:
    refs = (mapper.ref(n, key, lead=lead) for n in names)
    return tuple(r for r in refs if r.unit_id or r.label)


def _edited_children(
    data: Any, mapper: _Mapper, activities: Any, children: Any
) -> dict[int, list[ActivityData]] | None:
    """Sub-activities per kept activity (by its row), or ``None`` after marking errors."""
    kept = [
        i
        for i, f in enumerate(activities.forms)
        if not f.cleaned_data.get("DELETE") and f.cleaned_data.get("title")
    ]
    # "Thuộc hoạt động số N" counts the activities as the form shows them (1-based).
    rows = {n: i for n, i in enumerate(range(len(activities.forms)), start=1)}
    result: dict[int, list[ActivityData]] = {i: [] for i in kept}
    ok = True
    for j, f in enumerate(children.forms):
        if f.is_blank():
            continue
        row = rows.get(f.cleaned_data["parent"])
        if row is None or row not in result:
            f.add_error(
                "parent",
                _("Không có hoạt động số %(n)d (hoặc hoạt động đó đã bị bỏ).")
                % {"n": f.cleaned_data["parent"]},
            )
            ok = False
            continue
        base = ActivityData(title="")
        origin = f.cleaned_data.get("origin", "")
        if "." in origin:
            a, b = (int(x) - 1 for x in origin.split("."))
            if 0 <= a < len(data.activities) and 0 <= b < len(data.activities[a].children):
                base = data.activities[a].children[b]
        key = f"activities.{row}.subactivities.{j}"
        result[row].append(
            replace(
                base,
                title=f.cleaned_data["title"].strip(),
                timing_text=f.cleaned_data.get("timing", ""),
                leads=_unit_refs(mapper, f.lead_names(), f"{key}.leads", lead=True),
                coordinators=_unit_refs(
                    mapper, f.coordinator_names(), f"{key}.coordinators", lead=False
                ),
                children=(),
            )
        )
    return result if ok else None


def _edited_data(
    proposal: ImportProposal, mapper: _Mapper, form: ReviewForm, sets: dict[str, Any]
) -> Any:
    """The plan as corrected on the review screen; ``None`` when a row is wrong (the
    row's form then carries the message)."""
    bases, activities, duties = sets["bases"], sets["activities"], sets["duties"]
    data = proposal.data
    cd = form.cleaned_data
    start = cd["start_year"]
    end = cd.get("end_year") or start
    children = _edited_children(data, mapper, activities, sets["children"])
    if children is None:
        return None
    old_themes = {fold(t.title): t for t in data.themes}
    themes = tuple(
        old_themes.get(fold(line)) or ThemeData(title=line) for line in form.theme_lines()
    )
    old_activities = list(data.activities)
    new_activities: list[ActivityData] = []
    for i, f in enumerate(activities.forms):
        if f.cleaned_data.get("DELETE") or not f.cleaned_data.get("title"):
            continue
        base = old_activities[i] if i < len(old_activities) else ActivityData(title="")
        key = f"activities.{i}"
        leads = _unit_refs(mapper, f.lead_names(), f"{key}.leads", lead=True)
        if not leads:
            leads = (UnitRef(unit_id=mapper.unit.pk),)
        new_activities.append(
            replace(
                base,
                title=f.cleaned_data["title"],
                timing_text=f.cleaned_data.get("timing", ""),
                leads=leads,
                coordinators=_unit_refs(
                    mapper, f.coordinator_names(), f"{key}.coordinators", lead=False
                ),
                children=tuple(children.get(i, [])),
            )
        )
    new_duties = tuple(
        ResponsibilityData(
            mapper.ref(f.cleaned_data["unit"], f"responsibilities.{i}.unit"),
            f.cleaned_data.get("duties", ""),
        )
        for i, f in enumerate(duties.forms)
        if f.cleaned_data.get("unit") and not f.cleaned_data.get("DELETE")
    )
    # A basis linked to a plan of the platform keeps its link while its symbol stays.
    linked = {_symbol(b.number_symbol): b.plan_id for b in data.legal_bases if b.plan_id}
    new_bases = tuple(
        ReferenceData(
            doc_type=f.cleaned_data["doc_type"],
            number_symbol=f.cleaned_data.get("symbol", ""),
            issued_on=f.cleaned_data.get("date"),
            issuer=f.cleaned_data.get("issuer", ""),
            subject=f.cleaned_data.get("subject", ""),
            plan_id=linked.get(_symbol(f.cleaned_data.get("symbol", ""))),
        )
        for f in bases.forms
        if f.cleaned_data.get("doc_type") and not f.cleaned_data.get("DELETE")
    )
    reporting = tuple(
        ReportingData(
            periods=f.cleaned_data.get("periods", "").strip(),
            deadline_text=f.cleaned_data.get("deadline_text", "").strip(),
            text=f.cleaned_data.get("text", "").strip(),
        )
        for f in sets["reporting"].forms
        if not f.is_blank()
    )
    kept_ids = {b.plan_id for b in new_bases if b.plan_id}
    return replace(
        data,
        title=cd["title"],
        number=cd["number"],
        symbol=cd["symbol"],
        place=cd["place"],
        issued_on=cd.get("issued_on"),
        period_start=datetime.date(start, 1, 1),
        period_end=datetime.date(end, 12, 31),
        objectives=cd.get("objectives", "").strip(),
        requirements=cd.get("requirements", "").strip(),
        funding=cd.get("funding", "").strip(),
        themes=themes,
        activities=tuple(new_activities),
        responsibilities=new_duties,
        legal_bases=new_bases,
        reporting_duties=reporting,
        derived_from_id=data.derived_from_id if data.derived_from_id in kept_ids else None,
        recipients=tuple(
            RecipientData(label=line, is_archive=fold(line).startswith("luu"))
            for line in form.recipient_lines()
        ),
        signing_authority="\n".join(form.authority_lines()),
        signer_position=cd["signer_position"],
        signer_name=cd["signer_name"],
    )


def _formsets(post: Any, initial: dict[str, Any] | None = None) -> dict[str, Any]:
    """The review's lists, bound to ``post`` or filled from ``initial``."""
    classes: dict[str, Any] = {
        "bases": LegalBasisFormSet,
        "activities": ActivityFormSet,
        "children": SubActivityFormSet,
        "duties": DutyFormSet,
        "reporting": ReportingFormSet,
    }
    if post is not None:
        return {name: cls(post, prefix=name) for name, cls in classes.items()}
    initial = initial or {}
    return {name: cls(initial=initial.get(name, []), prefix=name) for name, cls in classes.items()}


def _symbol(text: str) -> str:
    return "".join(fold(text).replace("/", " ").replace("-", " ").split())


@login_required
@require_http_methods(["GET", "POST"])
def plan_import_review(request: HttpRequest, token: str) -> HttpResponse:
    stored = request.session.get(SESSION_KEY, {}).get(token)
    if not stored:
        raise Http404
    unit = _unit_for(request, stored["unit_id"])
    text: str = stored["text"]
    parsed = parse_plan(text)
    meta = stored.get("meta")
    proposal = plan_import_data(parsed=parsed, unit=unit, user=request.user, meta=meta)
    duplicate = find_duplicate(text, unit, parsed=parsed)
    errors: list[str] = []
    if request.method == "POST":
        overrides = _overrides(request, proposal, unit)
        mapped = plan_import_data(
            parsed=parsed, unit=unit, user=request.user, overrides=overrides, meta=meta
        )
        mapper = _Mapper(parsed, unit, request.user, overrides)
        form = ReviewForm(request.POST)
        sets = _formsets(request.POST)
        data = None
        if form.is_valid() and all(x.is_valid() for x in sets.values()):
            data = _edited_data(mapped, mapper, form, sets)
        if data is not None:
            try:
                plan = plan_import_save(
                    parsed=parsed,
                    unit=unit,
                    actor=request.user,
                    overrides=overrides,
                    allow_duplicate=form.cleaned_data["allow_duplicate"],
                    text=text,
                    file_name=stored["file_name"],
                    data=data,
                )
            except ValidationError as exc:
                errors = list(exc.messages)
            else:
                remaining = dict(request.session.get(SESSION_KEY, {}))
                remaining.pop(token, None)
                request.session[SESSION_KEY] = remaining
                messages.success(
                    request,
                    _("Đã lưu kế hoạch “%(t)s” thành dự thảo; hãy kiểm tra lại trước khi trình.")
                    % {"t": plan.title},
                )
                try:
                    return redirect(reverse("staff:plan_detail", args=[plan.pk]))
                except NoReverseMatch:  # the plan pages are not mounted
                    return redirect(reverse("staff:dashboard"))
        else:
            errors = [_("Có lỗi trong nội dung đã sửa; hãy xem các ô được đánh dấu.")]
        selected = {
            i: request.POST.get(f"map-{i}", KEEP_NAME) for i in range(len(proposal.unmatched))
        }
    else:
        initial = _initial(proposal, parsed)
        form = ReviewForm(initial=initial["form"])
        sets = _formsets(None, initial)
        selected = {i: KEEP_NAME for i in range(len(proposal.unmatched))}

    bases, activities, duties = sets["bases"], sets["activities"], sets["duties"]

    def src(*keys: str) -> tuple[int, int] | None:
        return _source(parsed, *keys)

    activity_rows = [
        {
            "form": f,
            "source": src(f"activities.{i}", f"activities.{i}.title"),
            "lead_source": src(f"activities.{i}.leads"),
            "timing_source": src(f"activities.{i}.timing"),
        }
        for i, f in enumerate(activities.forms)
    ]
    context = {
        "unit": unit,
        "token": token,
        "file_name": stored["file_name"],
        "lines": list(enumerate(text.split("\n"), start=1)),
        "form": form,
        "bases": bases,
        "base_rows": [(f, src(f"legal_bases.{i}")) for i, f in enumerate(bases.forms)],
        "activities": activities,
        "activity_rows": activity_rows,
        "duties": duties,
        "children": sets["children"],
        "child_rows": [
            (
                f,
                src(
                    f"activities.{int(o.split('.')[0]) - 1}.subactivities.{int(o.split('.')[1]) - 1}"
                ),
            )
            if "." in (o := str(f.initial.get("origin") or ""))
            else (f, None)
            for f in sets["children"].forms
        ],
        "reporting": sets["reporting"],
        "reporting_rows": [
            (f, src(f"reporting.{i}")) for i, f in enumerate(sets["reporting"].forms)
        ],
        "duty_rows": [
            (f, src(f"responsibilities.{i}", f"responsibilities.{i}.unit"))
            for i, f in enumerate(duties.forms)
        ],
        "sources": {
            "title": src("title"),
            "number": src("symbol"),
            "place": src("date", "place"),
            "date": src("date"),
            "period": src("period", "title"),
            "themes": src(*(f"themes.{i}" for i in range(len(parsed.themes)))),
            "recipients": src("recipients"),
            "signer": src("signer"),
            "objectives": src("objectives"),
            "requirements": src("requirements"),
            "funding": src("funding"),
        },
        "unmatched": [
            {
                "index": i,
                "item": item,
                "choices": _mapping_choices(unit, item.candidates),
                "selected": selected.get(i, KEEP_NAME),
            }
            for i, item in enumerate(proposal.unmatched)
        ],
        "warnings": proposal.warnings,
        "extract_warnings": stored.get("extract_warnings", []),
        "duplicate": duplicate_message(duplicate) if duplicate is not None else "",
        "errors": errors,
        "sha256": normalized_sha256(text),
    }
    status = 200 if not errors else 400
    return render(request, "documents/plan_import_review.html", context, status=status)
