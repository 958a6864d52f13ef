"""Imported plans: from a parsed document to a draft plan of a unit.

:func:`plan_import_data` maps a :class:`~cchc.documents.parser.ParsedPlan` onto the plan
services' :class:`~cchc.plans.services.PlanData` (names of units matched to the tree
where they can be, kept as written otherwise) and lists what the person should check:
names not found in the tree and warnings with their line numbers.
:func:`plan_import_save` writes the draft and records the import, refusing a document
already imported for the same unit unless asked to import it again.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.documents.matching import UnitMatch, is_group_name, match_unit
from cchc.documents.models import ImportRecord
from cchc.documents.parser import ParsedActivity, ParsedPlan
from cchc.legal.models import LegalReference
from cchc.legal.services import ReferenceData, reference_key
from cchc.orgs.models import Unit
from cchc.plans.models import Audience, ChannelKind, Plan, ReformArea, ReformIndex
from cchc.plans.services import (
    ActivityData,
    AudienceData,
    ChannelData,
    FundingData,
    PlanData,
    RecipientData,
    ReportingData,
    ResponsibilityData,
    ThemeData,
    UnitRef,
    plan_create,
)
from cchc.text import fold, nfc

__all__ = [
    "ImportProposal",
    "ImportWarning",
    "UnmatchedName",
    "duplicate_message",
    "find_duplicate",
    "normalized_sha256",
    "plan_import_data",
    "plan_import_save",
]


@dataclass(frozen=True)
class ImportWarning:
    line: int | None
    message: str

    @property
    def where(self) -> str:
        return _("dòng %(n)d") % {"n": self.line} if self.line else _("toàn văn bản")


@dataclass
class UnmatchedName:
    """A unit name the plan uses that is not (surely) a unit of the tree."""

    name: str
    candidates: list[Unit] = field(default_factory=list)
    line: int | None = None


@dataclass
class ImportProposal:
    data: PlanData
    unmatched: list[UnmatchedName] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    matches: dict[str, UnitMatch] = field(default_factory=dict)


# --- Text and duplicates -------------------------------------------------------------


def normalized_sha256(text: str) -> str:
    """SHA-256 of the text, NFC, whitespace collapsed in each line, blank lines dropped."""
    lines = (" ".join(line.split()) for line in nfc(text).splitlines())
    normal = "\n".join(line for line in lines if line)
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def _parsed_sha256(parsed: ParsedPlan) -> str:
    """Without the text (the command line), the hash of what was read from it."""
    data = parsed.to_json()
    data.pop("sources", None)
    data.pop("warnings", None)
    return hashlib.sha256(
        json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    ).hexdigest()


def _date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def find_duplicate(
    text: str | None, unit: Unit, *, parsed: ParsedPlan | None = None, sha256: str | None = None
) -> ImportRecord | Plan | None:
    """The earlier import of the same document for ``unit`` (or its plan), else ``None``.

    The same document is the same normalized text, or the same number, symbol and date
    of issue (read from ``parsed``, or from ``text`` when ``parsed`` is not given).
    """
    digest = sha256 or (normalized_sha256(text) if text is not None else None)
    if digest:
        record = (
            ImportRecord.objects.filter(unit=unit, sha256=digest)
            .select_related("plan")
            .order_by("created_at", "pk")
            .first()
        )
        if record is not None:
            return record
    if parsed is None and text is not None:
        from cchc.documents.parser import parse_plan

        parsed = parse_plan(text)
    if parsed is None or not parsed.number or not parsed.symbol_code:
        return None
    issued_on = _date(parsed.date)
    if issued_on is None:
        return None
    symbol = f"{parsed.number}/{parsed.symbol_code}"
    record = (
        ImportRecord.objects.filter(unit=unit, number_symbol=symbol, issued_on=issued_on)
        .select_related("plan")
        .order_by("created_at", "pk")
        .first()
    )
    if record is not None:
        return record
    return (
        Plan.objects.filter(
            unit=unit, number=parsed.number, symbol=parsed.symbol_code, issued_on=issued_on
        )
        .order_by("created_at", "pk")
        .first()
    )


def duplicate_message(duplicate: ImportRecord | Plan) -> str:
    if isinstance(duplicate, ImportRecord):
        when = duplicate.created_at
        title = duplicate.plan.title if duplicate.plan is not None else duplicate.file_name
    else:
        when = duplicate.created_at
        title = duplicate.title
    return _("Văn bản này đã được nhập ngày %(d)s thành kế hoạch “%(t)s”.") % {
        "d": timezone.localtime(when).strftime("%d/%m/%Y"),
        "t": title,
    }


# --- Mapping -------------------------------------------------------------------------


class _Mapper:
    def __init__(
        self,
        parsed: ParsedPlan,
        unit: Unit,
        user: Any,
        overrides: dict[str, int] | None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        self.parsed = parsed
        self.meta = meta if isinstance(meta, dict) else {}
        self.unit = unit
        self.user = user
        self.overrides = dict(overrides or {})
        self.override_units = {
            u.pk: u for u in Unit.objects.filter(pk__in=set(self.overrides.values()))
        }
        # Units the plan may name outside its subtree: the ones above it ("UBND tỉnh").
        self.also = list(Unit.objects.get_ancestors(unit)) if unit.depth > 1 else []
        self.matches: dict[str, UnitMatch] = {}
        self.unmatched: dict[str, UnmatchedName] = {}
        self.warnings: list[ImportWarning] = [
            ImportWarning(w.line, w.message) for w in parsed.warnings
        ]

    def line(self, key: str) -> int | None:
        found = self.parsed.sources.get(key)
        return found[0] if found else None

    def match(self, name: str) -> UnitMatch:
        if name not in self.matches:
            self.matches[name] = match_unit(name, within=self.unit, user=self.user, also=self.also)
        return self.matches[name]

    def ref(self, name: str, key: str, *, lead: bool = False) -> UnitRef:
        """A unit of the tree when the name is one (a lead only inside the subtree)."""
        name = " ".join(name.split()).strip(" ;,.")
        if not name:
            return UnitRef()
        unit: Unit | None = None
        if name in self.overrides:
            unit = self.override_units.get(self.overrides[name])
        else:
            found = self.match(name)
            unit = found.unit
            if unit is None and not is_group_name(name) and name not in self.unmatched:
                self.unmatched[name] = UnmatchedName(name, list(found.candidates), self.line(key))
        if unit is None:
            return UnitRef(label=name)
        if lead and not unit.path.startswith(self.unit.path):
            self.warnings.append(
                ImportWarning(
                    self.line(key),
                    _(
                        "“%(n)s” không thuộc %(u)s nên được giữ nguyên tên (không thể là cơ quan"
                        " chủ trì thuộc đơn vị khác)."
                    )
                    % {"n": name, "u": self.unit.display_name},
                )
            )
            return UnitRef(label=name)
        # A unit written by its own name or short name is the unit; another wording
        # ("Đài truyền thanh xã") is kept as the plan writes it.
        own_names = {fold(unit.name), fold(unit.short_name or unit.name)}
        return UnitRef(unit_id=unit.pk, label="" if fold(name) in own_names else name)

    def activity(self, parsed: ParsedActivity, key: str, *, top: bool) -> ActivityData:
        leads = tuple(
            r for r in (self.ref(n, f"{key}.leads", lead=True) for n in parsed.leads) if _has(r)
        )
        coordinators = tuple(
            r for r in (self.ref(n, f"{key}.coordinators") for n in parsed.coordinators) if _has(r)
        )
        if top and not leads:
            leads = (UnitRef(unit_id=self.unit.pk),)
            self.warnings.append(
                ImportWarning(
                    self.line(f"{key}.title") or self.line(key),
                    _("Hoạt động “%(t)s” chưa ghi cơ quan chủ trì: tạm giao cho %(u)s.")
                    % {"t": _short(parsed.title), "u": self.unit.display_name},
                )
            )
        content = parsed.content
        if parsed.budget:
            content = "\n".join(
                x for x in (content, _("Kinh phí: %(b)s") % {"b": parsed.budget}) if x
            )
        return ActivityData(
            title=parsed.title,
            content=content,
            channels=tuple(dict.fromkeys(c for c in parsed.channels if c in ChannelKind.values)),
            timing_text=parsed.timing or "",
            expected_outputs=parsed.outputs or "",
            leads=leads,
            coordinators=coordinators,
            children=tuple(
                self.activity(sub, f"{key}.subactivities.{i}", top=False)
                for i, sub in enumerate(parsed.subactivities)
            ),
        )

    def build(self) -> PlanData:
        p = self.parsed
        unit = self.unit
        start_year = p.start_year or (p.end_year if p.end_year else None)
        end_year = p.end_year or start_year
        issued_on = _date(p.date)
        if start_year is None and issued_on is not None:
            start_year = end_year = issued_on.year
        period_start = datetime.date(start_year, 1, 1) if start_year else None
        period_end = datetime.date(end_year, 12, 31) if end_year else None
        if period_start is None:
            self.warnings.append(
                ImportWarning(
                    None, _("Không đọc được năm (kỳ) của kế hoạch: hãy nhập kỳ thực hiện.")
                )
            )
        legal_bases = tuple(
            ReferenceData(
                doc_type=b.doc_type,
                number_symbol=b.symbol or "",
                issued_on=_date(b.date),
                issuer=b.issuer or "",
                subject=b.subject or "",
            )
            for b in p.legal_bases
            if b.doc_type and not _is_self_citation(b.symbol or "", _date(b.date), p, issued_on)
        )
        legal_bases = _meta_order(legal_bases, p.intro or "", self.meta)
        audiences: dict[str, AudienceData] = {}
        for a in p.audiences:
            if a.audience in Audience.values and a.audience not in audiences:
                audiences[a.audience] = AudienceData(a.audience, a.text, "\n".join(a.content))
        audiences = _meta_audiences(audiences, self.meta)
        themes = tuple(
            ThemeData(
                title=t.text,
                details="\n".join(t.details),
                audience=t.audiences[0]
                if len(t.audiences) == 1 and t.audiences[0] in Audience.values
                else "",
                areas=tuple(x for x in t.tags if x in ReformArea.values),
                indices=tuple(x for x in t.tags if x in ReformIndex.values),
            )
            for t in p.themes
        )
        channels = tuple(
            ChannelData(c.kind, c.text) for c in p.channels if c.kind in ChannelKind.values
        )
        activities = tuple(
            self.activity(a, f"activities.{i}", top=True) for i, a in enumerate(p.activities)
        )
        responsibilities = tuple(
            ResponsibilityData(self.ref(r.unit, f"responsibilities.{i}.unit"), "\n".join(r.duties))
            for i, r in enumerate(p.responsibilities)
        )
        reporting = tuple(
            ReportingData(
                periods=_periods(r.period or ""),
                deadline_text=r.deadline_text or "",
                text=r.text,
            )
            for r in p.reporting
        )
        funding, funding_sources = _meta_funding(p.funding or "", self.meta)
        reporting = _meta_reporting(reporting, self.meta, p)
        legal_bases, parent = _cited_plans(legal_bases, unit)
        themes = _meta_themes(themes, self.meta, parent, p)
        activities = _meta_activities(activities, self.meta, parent)
        recipients = tuple(_recipient(line) for line in p.recipients if line.strip())
        return PlanData(
            unit_id=unit.pk,
            title=p.title or "",
            period_start=period_start,
            period_end=period_end,
            period_label=p.period_text or "",
            doc_type=p.document_type or "Kế hoạch",
            header_parent=p.issuer_parent or "",
            header_unit=p.issuer_name or "",
            number=p.number or "",
            symbol=p.symbol_code or "",
            place=p.place or "",
            issued_on=issued_on,
            slogan=p.slogan or "",
            intro=_intro(p.intro or "", self.meta),
            objectives=_written(p.objectives_text, p.objectives),
            requirements=_written(p.requirements_text, p.requirements),
            funding=funding,
            funding_sources=funding_sources,
            signing_authority="\n".join(p.signer_authority),
            signer_position=p.signer_position or "",
            signer_name=p.signer_name or "",
            legal_bases=legal_bases,
            audiences=tuple(audiences.values()),
            themes=themes,
            channels=channels,
            activities=activities,
            responsibilities=responsibilities,
            reporting_duties=reporting,
            recipients=recipients,
            derived_from_id=parent.pk if parent is not None else None,
        )


# A trailing purpose of a recipient: "(b/c)", "(b/)", "(để b/c)", "(để báo cáo)",
# "(thực hiện)", "(t/h)", "(để biết)", or without brackets "để thực hiện", "để b/c".
_PURPOSE_WORDS = (
    r"(?:de\s+)?(?:b/c?|bc|bao\s+cao|t/h|th|thuc\s+hien|biet|chi\s+dao|phoi\s+hop|p/h"
    r"|theo\s+doi|b/c\s+va\s+t/h|bao\s+cao\s+va\s+thuc\s+hien|thuc\s+hien\s+va\s+bao\s+cao"
    r"|b/c,\s*t/h|t/h,\s*b/c)"
)
_BRACKETED_PURPOSE = re.compile(rf"\s*\(\s*({_PURPOSE_WORDS})\s*\)\s*$")
_BARE_PURPOSE = re.compile(
    r"\s+(de\s+(?:b/c?|bao\s+cao|thuc\s+hien|biet|chi\s+dao|phoi\s+hop|theo\s+doi))\s*$"
)


def _recipient(line: str) -> RecipientData:
    """A line of "Nơi nhận": its trailing purpose apart, "Lưu: …" the archive."""
    label = " ".join(line.split()).strip()
    if fold(label).startswith("luu"):
        return RecipientData(label=label, is_archive=True)
    folded = fold(label)
    if len(folded) == len(label):  # folding keeps offsets (one letter for one letter)
        for pattern in (_BRACKETED_PURPOSE, _BARE_PURPOSE):
            found = pattern.search(folded)
            if found and found.start() > 0:
                purpose = label[found.start(1) : found.end(1)].strip()
                return RecipientData(label=label[: found.start()].strip(" ,;-"), purpose=purpose)
    return RecipientData(label=label)


_PERIODIC = re.compile(r"(?i)^định\s+kỳ\s+(?=(?:quý|hằng|hàng|tháng|năm|\d))")


def _periods(period: str) -> str:
    """The reporting periods: "Định kỳ quý I, 6 tháng, năm" → "quý I, 6 tháng, năm"
    ("Định kỳ" alone, or "định kỳ hoặc đột xuất", stays as written)."""
    return _PERIODIC.sub("", period).strip()


def _written(text: str | None, items: list[str]) -> str:
    """A section as written when the parser kept it for exactly these items, else its
    items as a dashed list."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if items and len(lines) == len(items):
        return "\n".join(lines)
    return "\n".join(f"- {x}" for x in items)


# --- What an exported Word file carries besides its text (``docmeta``) ----------------


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text or "")).split())


_ABBREVIATIONS = {"cchc": "cai cach hanh chinh", "tthc": "thu tuc hanh chinh"}


def _title_key(text: str) -> str:
    """A theme's title for comparison: folded, punctuation aside, "CCHC" spelt out."""
    return " ".join(_ABBREVIATIONS.get(w, w) for w in _words(text).split())


def _intro(intro: str, meta: dict[str, Any]) -> str:
    """The intro without the "Căn cứ …" paragraph the export put before it."""
    prefix = meta.get("intro_prefix")
    lines = intro.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if isinstance(prefix, str) and prefix.strip() and first is not None:
        if " ".join(lines[first].split()) == " ".join(prefix.split()):
            return "\n".join(lines[first + 1 :]).strip("\n")
    return intro


def _symbol_key(symbol: str) -> str:
    return re.sub(r"[\s\-/–]+", "", fold(symbol))


def _is_self_citation(
    symbol: str, cited_on: datetime.date | None, parsed: ParsedPlan, issued_on: datetime.date | None
) -> bool:
    """Whether a citation is the document itself (its own number, symbol and date)."""
    if not symbol or not parsed.number or not parsed.symbol_code:
        return False
    own = _symbol_key(f"{parsed.number}/{parsed.symbol_code}")
    return _symbol_key(symbol) == own and (cited_on is None or cited_on == issued_on)


def _meta_order(
    legal_bases: tuple[ReferenceData, ...], intro: str, meta: dict[str, Any]
) -> tuple[ReferenceData, ...]:
    """The export cites first, in its own paragraph, the bases the intro does not cite;
    the plan lists them after those of the intro: put them back there."""
    prefix = meta.get("intro_prefix")
    if not isinstance(prefix, str) or not prefix.strip() or _intro(intro, meta) == intro:
        return legal_bases
    rest = _symbol_key(_intro(intro, meta))
    first = [b for b in legal_bases if b.number_symbol and _symbol_key(b.number_symbol) in rest]
    return (*first, *(b for b in legal_bases if b not in first))


def _meta_audiences(
    audiences: dict[str, AudienceData], meta: dict[str, Any]
) -> dict[str, AudienceData]:
    """The audiences the exported plan had (none, when it had none), as read from the text."""
    codes = meta.get("audiences")
    if not isinstance(codes, list):
        return audiences
    kept: dict[str, AudienceData] = {}
    for code in codes:
        if isinstance(code, str) and code in Audience.values and code not in kept:
            kept[code] = audiences.get(code) or AudienceData(code)
    return kept


def _meta_themes(
    themes: tuple[ThemeData, ...], meta: dict[str, Any], parent: Plan | None, parsed: ParsedPlan
) -> tuple[ThemeData, ...]:
    """Tags, audience and superior theme of each theme whose title is still the same;
    without them, the tags read from its text (and a superior theme of the same title).
    An exported plan without themes gets none (not one per activity, the parser's rule
    for a document without a content section)."""
    if meta.get("themes") == [] and themes:
        activity_titles = {_words(a.title) for a in parsed.activities}
        if all(_words(t.title) in activity_titles for t in themes):
            return ()
    entries: dict[str, dict[str, Any]] = {}
    for entry in meta.get("themes") or []:
        if isinstance(entry, dict) and isinstance(entry.get("title"), str):
            entries.setdefault(_words(entry["title"]), entry)
    parent_themes = list(parent.themes.order_by("order", "pk")) if parent is not None else []
    parent_by_title = {_title_key(t.title): t.pk for t in parent_themes}
    result = []
    for theme in themes:
        entry = entries.get(_words(theme.title))
        if entry is None:
            result.append(
                replace(theme, parent_theme_id=parent_by_title.get(_title_key(theme.title)))
            )
            continue
        areas = tuple(x for x in entry.get("areas") or [] if x in ReformArea.values)
        indices = tuple(x for x in entry.get("indices") or [] if x in ReformIndex.values)
        audience = str(entry.get("audience") or "")
        audience = audience if audience in Audience.values else ""
        position = entry.get("parent")
        parent_theme_id = None
        if isinstance(position, int) and 0 <= position < len(parent_themes):
            parent_theme_id = parent_themes[position].pk
        result.append(
            replace(
                theme,
                areas=areas,
                indices=indices,
                audience=audience,
                parent_theme_id=parent_theme_id,
            )
        )
    return tuple(result)


def _meta_activities(
    activities: tuple[ActivityData, ...], meta: dict[str, Any], parent: Plan | None
) -> tuple[ActivityData, ...]:
    """Each activity taken over from the superior plan linked to the activity it comes
    from (by its number there), while its title is still the same."""
    entries = meta.get("activities")
    if parent is None or not isinstance(entries, list) or not entries:
        return activities
    from cchc.documents.docmeta import activity_numbers

    by_number = {number: pk for pk, number in activity_numbers(parent_detail(parent)).items()}
    wanted: dict[str, int] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("number"), str):
            continue
        pk = by_number.get(str(entry.get("parent") or ""))
        if pk is not None:
            wanted[f"{entry['number']}:{_words(str(entry.get('title') or ''))}"] = pk

    def linked(activity: ActivityData, number: str) -> ActivityData:
        pk = wanted.get(f"{number}:{_words(activity.title)}")
        return replace(activity, derived_from_id=pk) if pk else activity

    result = []
    for n, activity in enumerate(activities, start=1):
        children = tuple(
            linked(child, f"{n}.{m}") for m, child in enumerate(activity.children, start=1)
        )
        result.append(replace(linked(activity, str(n)), children=children))
    return tuple(result)


def parent_detail(plan: Plan) -> Plan:
    from cchc.plans.selectors import plan_detail

    return plan_detail(plan.pk)


def _meta_funding(funding: str, meta: dict[str, Any]) -> tuple[str, tuple[FundingData, ...]]:
    """The funding text without the exported plan's source lines, and those sources."""
    from cchc.documents.export_docx import funding_source_line

    entries = meta.get("funding_sources")
    if not isinstance(entries, list) or not entries:
        return funding, ()
    sources: list[FundingData] = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("source"), str):
            return funding, ()
        try:
            amount = Decimal(entry["amount"]) if entry.get("amount") is not None else None
        except (InvalidOperation, TypeError):
            return funding, ()
        sources.append(FundingData(entry["source"], amount, str(entry.get("note") or "")))
    lines = [line for line in funding.splitlines() if line.strip()]
    tail = lines[len(lines) - len(sources) :] if len(lines) >= len(sources) else []
    written = [
        funding_source_line(source, last=i == len(sources) - 1).rstrip(" .;")
        for i, source in enumerate(sources)
    ]
    if [" ".join(line.split()).rstrip(" .;") for line in tail] != [
        " ".join(w.split()) for w in written
    ]:
        return funding, ()
    return "\n".join(lines[: len(lines) - len(sources)]), tuple(sources)


def _meta_reporting(
    reporting: tuple[ReportingData, ...], meta: dict[str, Any], parsed: ParsedPlan
) -> tuple[ReportingData, ...]:
    """The exported plan's reporting duties (periods and deadlines as stored), while each
    of their sentences is still in the document; otherwise those read from the text."""
    entries = meta.get("reporting")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        return reporting
    written = " | ".join(
        [_words(d) for r in parsed.responsibilities for d in r.duties]
        + [_words(r.text) for r in parsed.reporting]
    )
    for entry in entries:
        text = entry.get("text") if isinstance(entry.get("text"), str) else ""
        if text and _words(text) not in written:
            return reporting
    return tuple(
        ReportingData(
            periods=str(entry.get("periods") or ""),
            deadline_text=str(entry.get("deadline_text") or ""),
            text=str(entry.get("text") or "").rstrip(" .;"),
        )
        for entry in entries
    )


def _cited_plans(
    legal_bases: tuple[ReferenceData, ...], unit: Unit
) -> tuple[tuple[ReferenceData, ...], Plan | None]:
    """Legal bases that are plans of the platform, linked to them; and the superior plan
    this one implements: the first cited plan of a unit above ``unit``."""
    keys = {i: reference_key(basis) for i, basis in enumerate(legal_bases)}
    linked = dict(
        LegalReference.objects.filter(key__in=set(keys.values()), plan__isnull=False).values_list(
            "key", "plan_id"
        )
    )
    above = [u.pk for u in Unit.objects.get_ancestors(unit)] if unit.depth > 1 else []
    plans = {
        p.pk: p for p in Plan.objects.filter(pk__in=set(linked.values())).select_related("unit")
    }
    result = []
    parent: Plan | None = None
    for i, basis in enumerate(legal_bases):
        plan_id = linked.get(keys.get(i, ""))
        if plan_id is None and basis.number_symbol and "/" in basis.number_symbol:
            number, _sep, symbol = basis.number_symbol.partition("/")
            found = (
                Plan.objects.filter(
                    unit_id__in=[*above, unit.pk],
                    number=number.strip(),
                    symbol=symbol.strip(),
                    issued_on=basis.issued_on,
                )
                .select_related("unit")
                .order_by("pk")
                .first()
                if basis.issued_on and number.strip().isdigit()
                else None
            )
            if found is not None:
                plan_id = found.pk
                plans[found.pk] = found
        result.append(replace(basis, plan_id=plan_id) if plan_id else basis)
        cited = plans.get(plan_id or 0)
        if parent is None and cited is not None and cited.unit_id in above:
            parent = cited
    return tuple(result), parent


def _has(ref: UnitRef) -> bool:
    return bool(ref.unit_id or ref.label.strip())


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def plan_import_data(
    *,
    parsed: ParsedPlan,
    unit: Unit,
    user: Any = None,
    overrides: dict[str, int] | None = None,
    meta: dict[str, Any] | None = None,
) -> ImportProposal:
    """The parsed plan as ``PlanData`` of ``unit``, with what the person should check.

    ``meta`` is what a Word file exported by the platform carries besides its text
    (``ExtractedText.meta``, see :mod:`cchc.documents.docmeta`)."""
    mapper = _Mapper(parsed, unit, user, overrides, meta)
    data = mapper.build()
    return ImportProposal(
        data=data,
        unmatched=list(mapper.unmatched.values()),
        warnings=mapper.warnings,
        matches=mapper.matches,
    )


# --- Saving --------------------------------------------------------------------------


@transaction.atomic
def plan_import_save(
    *,
    parsed: ParsedPlan,
    unit: Unit,
    actor: Any = None,
    overrides: dict[str, int] | None = None,
    allow_duplicate: bool = False,
    text: str | None = None,
    file_name: str = "",
    data: PlanData | None = None,
    meta: dict[str, Any] | None = None,
) -> Plan:
    """Save the parsed plan as a draft of ``unit`` and record the import.

    ``data`` (the review screen's edited plan) replaces the mapping of ``parsed``;
    ``text`` is the extracted text (its hash finds the same document imported again).
    Raises ``ValidationError`` (Vietnamese) for a duplicate unless ``allow_duplicate``.
    """
    digest = normalized_sha256(text) if text is not None else _parsed_sha256(parsed)
    if not allow_duplicate:
        duplicate = find_duplicate(text, unit, parsed=parsed, sha256=digest)
        if duplicate is not None:
            raise ValidationError(duplicate_message(duplicate), code="duplicate")
    if data is None:
        data = plan_import_data(
            parsed=parsed, unit=unit, user=actor, overrides=overrides, meta=meta
        ).data
    data = replace(data, unit_id=unit.pk)
    plan = plan_create(data=data, actor=actor)
    ImportRecord.objects.create(
        sha256=digest,
        file_name=file_name[:255],
        unit=unit,
        plan=plan,
        number_symbol=plan.number_symbol if plan.number else "",
        issued_on=plan.issued_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    return plan
