""":func:`parse_plan`: read a communication plan from plain text (no Django)."""

from __future__ import annotations

import re
from typing import Final

from cchc.documents.parsing.body import BodyContext, parse_body, section_heading
from cchc.documents.parsing.front import (
    OwnPlan,
    complete_issuer,
    doc_title,
    doc_title_mixed_case,
    is_headline,
    parse_header,
    parse_preamble,
    parse_tail,
    purpose_sentences,
    signature_like,
    title_from_text,
)
from cchc.documents.parsing.lines import Block, Para, Table, build_blocks
from cchc.documents.parsing.model import ParsedAudience, ParsedChannel, ParsedPlan, ParsedTheme
from cchc.documents.parsing.rules import audiences_in, channel_kinds_in, tags_in
from cchc.documents.parsing.textutil import afold, clean_item, normalize_input, squash
from cchc.documents.parsing.vocab import PLAN_SECTION_KINDS
from cchc.legal.symbols import parse_citations, parse_vn_date

__all__ = ["NOT_A_PLAN", "parse_plan"]

NOT_A_PLAN: Final = (
    "Văn bản này có vẻ không phải kế hoạch: không thấy tiêu đề “KẾ HOẠCH” hay các mục thường có của "
    "kế hoạch (mục đích, nội dung, hình thức, hoạt động, tổ chức thực hiện). Hãy kiểm tra lại tệp đã chọn."
)
_LEGACY: Final = "Văn bản được gõ bằng bảng mã cũ ({name}); đã tự chuyển sang Unicode, hãy kiểm tra lại dấu tiếng Việt."
_INTERNAL: Final = (
    "Không đọc được cấu trúc văn bản do lỗi của bộ đọc ({name}); hãy nhập tay các mục hoặc báo cho "
    "quản trị hệ thống."
)
_PREVIEW: Final = 70

_STRONG_PREAMBLE: Final = re.compile(r"^(?:can cu|\(?\s*kem theo|tren co so|nham\s|ngay \d)")
_PREAMBLE_START: Final = re.compile(
    r"^(?:can cu|thuc hien|tren co so|theo\s|nham\s|de\s|ngay \d|thi hanh|\(?\s*kem theo|sau khi|xet\s)"
)
_ATTACHED: Final = re.compile(r"^\(?\s*kem theo\s")
_ARTICLE: Final = re.compile(r"^dieu\s*(?P<n>\d+)\s*[.:]")
_ADOPTS_PLAN: Final = re.compile(
    r"(?:ban hanh|phe duyet)(?:\s+kem theo quyet dinh nay)?\s+ke hoach"
)
_TITLE_TAIL: Final = re.compile(
    r"\s*(?:,?\s*(?:voi\s+(?:nhung|cac)\s+noi\s+dung(?:\s+(?:co ban|chu yeu|cu the|chinh))?\s+)?"
    r"(?:nhu sau|sau day)|,?\s*\(?kem theo quyet dinh nay\)?|\(co [^)]*kem theo\))\s*[.:]*\s*$"
)
_CLOSING: Final = re.compile(r"^tren day la\s")
_RECIPIENTS: Final = re.compile(r"^noi nhan")
_PERIOD_RANGE: Final = re.compile(
    r"(?:giai doan|tu nam)?\s*(\d{4})\s*(?:-|–|—|den)\s*(?:nam\s*)?(\d{4})"
)
_PERIOD_YEAR: Final = re.compile(r"(?<!thang \d )(?<!thang \d\d )nam\s+(\d{4})")


def parse_plan(text: str, *, strict: bool = False) -> ParsedPlan:
    """Read a plan from ``text`` (see :mod:`cchc.documents.parser` for the result).

    Never raises on a string: an unexpected internal error comes back as a
    :class:`ParsedPlan` with ``is_plan=False`` and a Vietnamese warning, unless
    ``strict`` is true (tests use it so that no bug hides behind that net).
    """
    if strict:
        return _parse(text)
    try:
        return _parse(text)
    except Exception as exc:  # noqa: BLE001 - an import must never crash on odd input
        plan = ParsedPlan()
        plan.warn(None, _INTERNAL.format(name=type(exc).__name__))
        return plan


def _preview(text: str) -> str:
    text = squash(text)
    return text if len(text) <= _PREVIEW else text[: _PREVIEW - 1].rstrip() + "…"


def _find_title(blocks: list[Block], start: int = 0) -> tuple[int, str, int] | None:
    for index in range(start, len(blocks)):
        block = blocks[index]
        if isinstance(block, Para):
            found = doc_title(block)
            if found is None and index < 40:
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                found = doc_title_mixed_case(block, following)
            if found is not None:
                return index, found[0], found[1]
    return None


def _gather_title(blocks: list[Block], index: int, type_end: int, plan: ParsedPlan) -> int:
    """Read the title after "KẾ HOẠCH"; return the index of the first block after it."""
    head = blocks[index]
    assert isinstance(head, Para)
    parts: list[str] = []
    rest = head.body[type_end:].strip(" :-–")
    if rest:
        parts.append(rest)
    first_line, last_line = head.start, head.end
    j = index + 1
    while j < len(blocks):
        block = blocks[j]
        if not isinstance(block, Para) or block.mtype or doc_title(block) is not None:
            break
        folded = block.folded
        if parts:
            if (
                block.start > last_line + 1
                or _PREAMBLE_START.match(folded)
                or len(" ".join(parts)) > 400
            ):
                break
        elif _STRONG_PREAMBLE.match(folded) or len(block.body.split()) > 60 or "nhu sau" in folded:
            break
        if section_heading(block, True) is not None or (signature_like(block) and not parts):
            break
        parts.append(block.body)
        last_line = block.end
        j += 1
    if parts:
        plan.title = title_from_text(" ".join(parts))
        plan.source("title", first_line if rest else _first_line_after(blocks, index), last_line)
    plan.source("document_type", head.start, head.start)
    return j


def _first_line_after(blocks: list[Block], index: int) -> int:
    following = blocks[index + 1] if index + 1 < len(blocks) else blocks[index]
    return following.start


def _period(plan: ParsedPlan, texts: list[tuple[str, int, int]]) -> None:
    for text, start, end in texts:
        folded = afold(text)
        m = _PERIOD_RANGE.search(folded)
        if m is not None and 1900 < int(m.group(1)) <= int(m.group(2)) < 2200:
            plan.start_year, plan.end_year = int(m.group(1)), int(m.group(2))
            plan.period_text = squash(text[m.start() : m.end()])
            plan.source("period", start, end)
            return
        m = _PERIOD_YEAR.search(folded)
        if m is not None and 1900 < int(m.group(1)) < 2200:
            plan.start_year = plan.end_year = int(m.group(1))
            plan.period_text = squash(text[m.start() : m.end()])
            plan.source("period", start, end)
            return


class _Zones:
    """Where the header, title, plan body and any wrapping decision are."""

    def __init__(self) -> None:
        self.header: list[Block] = []
        self.region: list[Block] = []
        self.extra_tail: list[Block] = []
        self.consumed: list[Block] = []
        self.doc_type: str | None = None
        self.embedded = False
        self.headline = False


def _decision(blocks: list[Block], title_index: int, plan: ParsedPlan, zones: _Zones) -> bool:
    """A decision adopting the plan ("Điều 1. Ban hành Kế hoạch … như sau:")."""
    first: int | None = None
    for index in range(title_index + 1, len(blocks)):
        block = blocks[index]
        if isinstance(block, Para) and (m := _ARTICLE.match(block.folded)) and m.group("n") == "1":
            if _ADOPTS_PLAN.search(block.folded):
                first = index
            break
    if first is None:
        return False
    article = blocks[first]
    assert isinstance(article, Para)
    second: int | None = None
    for index in range(first + 1, len(blocks)):
        block = blocks[index]
        if isinstance(block, Para) and (m := _ARTICLE.match(block.folded)) and m.group("n") != "1":
            second = index
            break
    container = ParsedPlan()
    parse_header(blocks[:title_index], container)
    decision_title = next(
        (b for b in blocks[title_index + 1 : first] if isinstance(b, Para) and not is_headline(b)),
        None,
    )
    bases: list[dict[str, str | None]] = []
    for block in blocks[title_index + 1 : first]:
        if isinstance(block, Para):
            bases.extend(
                {"doc_type": c.doc_type, "symbol": c.symbol.formatted if c.symbol else None}
                for c in parse_citations(block.body)
            )
    zones.doc_type = "Kế hoạch"
    zones.embedded = True
    zones.header = blocks[:title_index]
    plan.container = {
        "document_type": "Quyết định",
        "title": clean_item(decision_title.body) if decision_title is not None else None,
        "symbol": container.symbol,
        "symbol_text": container.symbol_text,
        "date": container.date,
        "date_text": container.date_text,
        "legal_bases": bases,
    }
    plan.source("container", blocks[title_index].start, article.end)
    attached = _find_title(blocks, first + 1)
    if attached is not None and attached[1] == "Kế hoạch":
        after = _gather_title(blocks, attached[0], attached[2], plan)
        zones.region = blocks[after:]
        zones.extra_tail = blocks[(second if second is not None else first + 1) : attached[0]]
        zones.consumed = blocks[title_index : (second if second is not None else first + 1)]
    else:
        folded = article.folded
        adopts = _ADOPTS_PLAN.search(folded)
        start = folded.find("ke hoach", adopts.start() if adopts is not None else 0)
        tail = _TITLE_TAIL.sub("", folded[start + len("ke hoach") :])
        title = article.body[start + len("ke hoach") : start + len("ke hoach") + len(tail)]
        if title.strip():
            plan.title = title_from_text(title)
            plan.source("title", article.start, article.end)
        plan.source("document_type", article.start, article.start)
        zones.region = blocks[first + 1 : second]
        zones.extra_tail = blocks[second:] if second is not None else []
        zones.consumed = blocks[title_index : first + 1]
    return True


def _zones(blocks: list[Block], plan: ParsedPlan) -> _Zones:
    zones = _Zones()
    found = _find_title(blocks)
    if found is not None:
        index, doc_type, type_end = found
        if doc_type == "Quyết định" and _decision(blocks, index, plan, zones):
            return zones
        zones.doc_type = doc_type
        zones.header = blocks[:index]
        after = _gather_title(blocks, index, type_end, plan)
        zones.region = blocks[after:]
        return zones
    paras_seen = 0
    for index, block in enumerate(blocks):
        if not isinstance(block, Para):
            break
        if is_headline(block):
            zones.doc_type = "Kế hoạch"
            zones.headline = True
            zones.header = blocks[:index]
            plan.title = title_from_text(block.body[len("ke hoach") :])
            plan.source("title", block.start, block.end)
            plan.source("document_type", block.start, block.start)
            zones.region = blocks[index + 1 :]
            return zones
        paras_seen += 1
        if paras_seen >= 6:
            break
    # No title: header-like lines at the top, then the text.
    start = 0
    while start < len(blocks):
        block = blocks[start]
        if not isinstance(block, Para) or block.mtype or len(block.body.split()) > 14:
            break
        start += 1
    zones.header = blocks[:start]
    zones.region = blocks[start:]
    return zones


def _split_region(
    region: list[Block],
) -> tuple[list[Para], list[Para], list[Block], list[Para], list[Para]]:
    """``(attached, preamble, body, tail, closing)`` of the plan's own text."""
    attached: list[Para] = []
    index = 0
    while index < len(region):
        block = region[index]
        if isinstance(block, Para) and _ATTACHED.match(block.folded):
            attached.append(block)
            index += 1
            continue
        break
    preamble: list[Para] = []
    while index < len(region):
        block = region[index]
        if isinstance(block, Table) or block.mtype in ("roman", "number", "letter"):
            break
        if section_heading(block, True) is not None or _CLOSING.match(block.folded):
            break
        if _RECIPIENTS.match(block.folded):
            break
        preamble.append(block)
        index += 1
    rest = region[index:]
    closing: list[Para] = []
    body_end = len(rest)
    tail_start = len(rest)
    for k, block in enumerate(rest):
        if isinstance(block, Para) and block.mtype == "" and _CLOSING.match(block.folded):
            closing.append(block)
            body_end, tail_start = k, k + 1
            break
    else:
        for k, block in enumerate(rest):
            if isinstance(block, Para) and block.mtype == "" and _RECIPIENTS.match(block.folded):
                body_end = tail_start = k
                break
        while body_end > 0:
            block = rest[body_end - 1]
            if isinstance(block, Para) and signature_like(block):
                body_end -= 1
            else:
                break
        tail_start = body_end
    body = rest[:body_end]
    tail = [b for b in rest[tail_start:] if isinstance(b, Para)]
    return attached, preamble, body, tail, closing


def _channels(plan: ParsedPlan, ctx: BodyContext) -> None:
    if ctx.labelled_channels and not plan.channels:
        # The "Hình thức" section lists its channels as "- Kind label: description"
        # (the Word export): those are the plan's channels, several of a kind kept.
        for kind, text, start, end in ctx.labelled_channels:
            plan.source(f"channels.{len(plan.channels)}", start, end)
            plan.channels.append(ParsedChannel(kind, text))
        return
    have = {channel.kind for channel in plan.channels}
    entries = list(ctx.channel_texts) + [(t, t, s, e) for t, s, e in ctx.duty_texts]
    for detect, display, start, end in entries:
        for kind in channel_kinds_in(detect):
            if kind in have:
                continue
            have.add(kind)
            plan.source(f"channels.{len(plan.channels)}", start, end)
            plan.channels.append(ParsedChannel(kind, clean_item(display)))
    if ctx.other_channels and "other" not in have:
        text, start, end = ctx.other_channels[0]
        plan.source(f"channels.{len(plan.channels)}", start, end)
        plan.channels.append(ParsedChannel("other", text))


def _parse(text: str) -> ParsedPlan:
    plan = ParsedPlan()
    normalized, legacy = normalize_input(text)
    if legacy is not None:
        plan.legacy_encoding = legacy
        plan.warn(None, _LEGACY.format(name="TCVN3" if legacy == "tcvn3" else "VNI"))
    blocks = build_blocks(normalized)
    zones = _zones(blocks, plan)
    plan.document_type = zones.doc_type
    parse_header(zones.header, plan, with_symbol=not zones.embedded)
    attached, preamble, body, tail, _closing = _split_region(zones.region)
    for para in attached:
        citations = parse_citations(para.body)
        if citations and plan.container is None:
            c = citations[0]
            plan.container = {
                "document_type": c.doc_type,
                "title": None,
                "symbol": c.symbol.formatted if c.symbol else None,
                "symbol_text": None,
                "date": c.date.iso if c.date else None,
                "date_text": c.date.raw if c.date else None,
                "legal_bases": [],
            }
            plan.source("container", para.start, para.end)
    own = parse_preamble(preamble, plan)
    _own_plan(plan, own, preamble)
    period_texts: list[tuple[str, int, int]] = []
    if plan.title:
        start, end = plan.sources.get("title", (0, 0))
        period_texts.append((plan.title, start, end))
    date_year = parse_vn_date(plan.date_text) if plan.date_text else None
    if date_year is not None and date_year.year is not None:
        start, end = plan.sources.get("date", (0, 0))
        period_texts.append((f"năm {date_year.year}", start, end))
    if own.para is not None:
        period_texts.append((own.para.body[own.sentence_start :], own.para.start, own.para.end))
    _period(plan, period_texts)
    year = plan.start_year if plan.start_year == plan.end_year else None
    window = (plan.start_year, plan.end_year) if plan.start_year and plan.end_year else None
    ctx = BodyContext(plan=plan, year=year, period=window)
    parse_body(body, ctx)
    used = parse_tail(tail, plan)
    if zones.extra_tail and (plan.signer_name is None or not plan.recipients):
        extra = ParsedPlan()
        parse_tail([b for b in zones.extra_tail if isinstance(b, Para)], extra)
        if not plan.recipients and extra.recipients:
            plan.recipients = extra.recipients
            if "recipients" in extra.sources:
                plan.sources["recipients"] = extra.sources["recipients"]
        if plan.signer_name is None and extra.signer_name is not None:
            plan.signer_name = extra.signer_name
            plan.signer_position = extra.signer_position
            plan.signer_authority = extra.signer_authority
            for key in ("signer", "signer.name"):
                if key in extra.sources:
                    plan.sources[key] = extra.sources[key]
    for para in tail:
        if id(para) not in used:
            ctx.unplaced.append(para)
    _fallbacks(plan, ctx, preamble, own)
    _channels(plan, ctx)
    kinds = ctx.kinds_seen & PLAN_SECTION_KINDS
    has_title = zones.doc_type == "Kế hoạch" or own.issuer is not None
    other_type = zones.doc_type is not None and zones.doc_type != "Kế hoạch"
    plan.is_plan = not other_type and (
        (has_title and (bool(kinds) or bool(plan.activities))) or len(kinds) >= 3
    )
    if not plan.is_plan:
        plan.warn(None, NOT_A_PLAN)
        return plan
    if plan.document_type is None:
        plan.document_type = "Kế hoạch"
    _warnings(plan, ctx)
    return plan


def _own_plan(plan: ParsedPlan, own: OwnPlan, preamble: list[Para]) -> None:
    if own.para is None:
        return
    if plan.issuer_name is None and own.issuer:
        texts = [plan.title or "", *(p.body for p in preamble)]
        plan.issuer_name = complete_issuer(own.issuer, texts)
        plan.issuer_text = own.issuer
        plan.source("issuer", own.para.start, own.para.end)
    citation = own.citation
    if citation is None:
        return
    if plan.symbol_text is None and citation.symbol is not None:
        plan.symbol_text = citation.symbol.raw or citation.symbol.formatted
        plan.symbol = citation.symbol.formatted if citation.symbol.is_issued else None
        plan.number = citation.symbol.number or None
        plan.symbol_code = "-".join(
            c for c in (citation.symbol.type_code, citation.symbol.issuer_code) if c
        )
        plan.source("symbol", own.para.start, own.para.end)
    if plan.date_text is None and citation.date is not None:
        plan.date = citation.date.iso
        plan.date_text = own.date_text or citation.date.raw
        plan.source("date", own.para.start, own.para.end)
    if plan.title is None and citation.subject:
        plan.title = title_from_text(citation.subject)
        plan.source("title", own.para.start, own.para.end)


def _fallbacks(plan: ParsedPlan, ctx: BodyContext, preamble: list[Para], own: OwnPlan) -> None:
    if not plan.objectives:
        for text, para in purpose_sentences(preamble, own):
            plan.source(f"objectives.{len(plan.objectives)}", para.start, para.end)
            plan.objectives.append(text)
    if not plan.audiences:
        for index, objective in enumerate(plan.objectives):
            codes = audiences_in(afold(objective))
            start, end = plan.sources.get(f"objectives.{index}", (0, 0))
            for code in codes:
                if not any(a.audience == code for a in plan.audiences):
                    plan.source(f"audiences.{len(plan.audiences)}", start, end)
                    plan.audiences.append(ParsedAudience(code, objective))
    if not plan.themes and plan.activities:
        for index, activity in enumerate(plan.activities):
            start, end = plan.sources.get(f"activities.{index}", (0, 0))
            folded = afold(" ".join([activity.title, activity.content]))
            plan.source(f"themes.{len(plan.themes)}", start, end)
            plan.themes.append(ParsedTheme(activity.title, tags_in(folded), []))


def _warnings(plan: ParsedPlan, ctx: BodyContext) -> None:
    if plan.title is None:
        plan.warn(None, "Chưa tìm thấy tên (trích yếu) của kế hoạch; hãy nhập tay.")
    if plan.issuer_name is None:
        plan.warn(None, "Chưa xác định được cơ quan ban hành kế hoạch; hãy chọn đơn vị.")
    if plan.symbol_text is not None and plan.symbol is None:
        start = plan.sources.get("symbol", (None, None))[0]
        plan.warn(
            start, f"Số của kế hoạch còn để trống (“{plan.symbol_text}”): có lẽ là bản dự thảo."
        )
    if plan.date_text is not None and plan.date is None:
        start = plan.sources.get("date", (None, None))[0]
        plan.warn(start, f"Ngày ban hành chưa ghi đủ ngày, tháng, năm (“{plan.date_text}”).")
    if plan.start_year is None:
        plan.warn(None, "Chưa xác định được năm hoặc giai đoạn của kế hoạch; hãy nhập tay.")
    for index, activity in enumerate(plan.activities):
        start = plan.sources.get(f"activities.{index}", (None, None))[0]
        if not activity.leads:
            plan.warn(start, f"Hoạt động “{_preview(activity.title)}” chưa ghi cơ quan chủ trì.")
        schedule = activity.schedule
        if schedule is not None and not schedule.get("understood", True):
            plan.warn(
                start,
                f"Chưa lập được lịch cho thời gian “{_preview(activity.timing or '')}” của hoạt động "
                f"“{_preview(activity.title)}”: {schedule.get('reason', '')}",
            )
    if plan.signer_name is None:
        plan.warn(None, "Không thấy phần ký (chức vụ, họ tên người ký) ở cuối văn bản.")
    for para in ctx.unplaced:
        plan.warn(
            para.start, f"Chưa xếp được đoạn này vào mục nào của kế hoạch: “{_preview(para.text)}”."
        )
    plan.warnings.sort(key=lambda w: (w.line is not None, w.line or 0))
