"""The body of a plan: sections, themes, channels, activities, duties and reporting.

Plain Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from cchc.documents.parsing.lines import Block, Para, Row, Table
from cchc.documents.parsing.model import (
    ParsedActivity,
    ParsedAudience,
    ParsedPlan,
    ParsedReporting,
    ParsedResponsibility,
    ParsedTheme,
)
from cchc.documents.parsing.rules import (
    audiences_in,
    channel_kinds_in,
    heading_kinds,
    looks_like_unit,
    schedule_for,
    split_units,
    table_units,
    tags_in,
    timing_in_prose,
)
from cchc.documents.parsing.textutil import (
    afold,
    clean_item,
    is_caps,
    sentences,
    split_outside_parens,
    squash,
    strip_end,
)
from cchc.documents.parsing.vocab import (
    AUDIENCE_LABELS,
    CHANNEL_LABELS,
    KIND_ACTIVITIES,
    KIND_AUDIENCES,
    KIND_CHANNELS,
    KIND_FUNDING,
    KIND_IMPLEMENTATION,
    KIND_OBJECTIVES,
    KIND_REPORTING,
    KIND_REQUIREMENTS,
    KIND_THEMES,
)

__all__ = ["Chunk", "BodyContext", "parse_body", "split_sections"]

_HEADING_MAX_CHARS: Final = 150
_SUBHEADING_MAX_WORDS: Final = 10  # syllables: "Một số hoạt động tuyên truyền trọng tâm" is 8


@dataclass(slots=True)
class Chunk:
    """A run of blocks under one heading, with the section kinds it carries."""

    kinds: tuple[str, ...]
    heading: Para | None
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class BodyContext:
    plan: ParsedPlan
    year: int | None
    period: tuple[int, int] | None
    channel_texts: list[tuple[str, str, int, int]] = field(default_factory=list)
    duty_texts: list[tuple[str, int, int]] = field(default_factory=list)
    other_channels: list[tuple[str, int, int]] = field(default_factory=list)
    # Channels written as the Word export writes them ("- Báo, tạp chí: Báo Quảng Ngãi").
    labelled_channels: list[tuple[str, str, int, int]] = field(default_factory=list)
    unplaced: list[Para] = field(default_factory=list)
    kinds_seen: set[str] = field(default_factory=set)


# --- sections ------------------------------------------------------------------------------


def section_heading(para: Para, has_roman: bool) -> tuple[str, tuple[str, ...]] | None:
    """``("section" | "sub", kinds)`` when ``para`` is a heading."""
    if len(para.body) > _HEADING_MAX_CHARS:
        return None
    if para.mtype == "roman":
        return "section", heading_kinds(para.folded)
    words = para.body.split()
    if para.mtype == "" and is_caps(para.body) and len(words) <= 15:
        kinds = heading_kinds(para.folded)
        return ("section", kinds) if kinds else None
    if para.mtype in ("number", "letter") and len(words) <= _SUBHEADING_MAX_WORDS:
        if para.body.rstrip().endswith((".", ";")) and not is_caps(para.body):
            return None
        kinds = heading_kinds(para.folded)
        # The heading word comes first ("Nội dung …", "Một số hoạt động …"), unlike an
        # item such as "Tổ chức các hoạt động tuyên truyền".
        if not kinds or not heading_kinds(" ".join(para.folded.split()[:4])):
            return None
        if not has_roman and is_caps(para.body):
            return "section", kinds
        return "sub", kinds
    return None


def split_sections(blocks: list[Block]) -> list[Chunk]:
    """Cut the body into chunks at section and subsection headings."""
    has_roman = any(
        isinstance(b, Para) and b.mtype == "roman" and len(b.body) <= 150 for b in blocks
    )
    chunks: list[Chunk] = [Chunk((), None)]
    section_kinds: tuple[str, ...] = ()
    for block in blocks:
        if isinstance(block, Para):
            found = section_heading(block, has_roman)
            if found is not None:
                level, kinds = found
                if level == "section":
                    section_kinds = kinds
                    chunks.append(Chunk(kinds, block))
                else:
                    chunks.append(Chunk(kinds or section_kinds, block))
                continue
        chunks[-1].blocks.append(block)
    return [chunk for chunk in chunks if chunk.blocks or chunk.heading is not None]


# --- fields of an activity ---------------------------------------------------------------------

_FIELD: Final = re.compile(r"^(?P<label>[^:]{2,70}?)\s*:\s*(?P<value>.*)$", re.DOTALL)
_LEADS_LABEL: Final = re.compile(
    r"chu tri|(?:co quan|don vi|bo phan) (?:thuc hien|phu trach)|phu trach"
)


def field_kind(label_folded: str) -> str | None:
    """What an activity's "Label: value" line gives ("leads", "timing", …), or ``None``."""
    label = label_folded.strip()
    if len(label.split()) > 8:
        return None
    if re.search(r"thoi gian|thoi han|tien do", label):
        return "timing"
    if "phoi hop" in label:
        return "coordinators"
    if _LEADS_LABEL.search(label):
        return "leads"
    if re.search(r"san pham|ket qua du kien", label):
        return "outputs"
    if re.search(r"kinh phi|du toan", label):
        return "budget"
    if label.startswith(("noi dung", "hinh thuc", "doi tuong", "cach thuc")):
        return "content"
    return None


def _field(para: Para) -> tuple[str, str] | None:
    m = _FIELD.match(para.body)
    if m is None:
        return None
    kind = field_kind(afold(m.group("label")))
    if kind is None:
        return None
    return kind, m.group("value").strip()


def _has_fields(item: list[Para]) -> bool:
    for para in item[1:]:
        found = _field(para)
        if found is not None and found[0] != "content":
            return True
    return False


def _items(paras: list[Para]) -> tuple[list[Para], list[list[Para]]]:
    """Loose paragraphs before the first item, and the items (numbered, lettered or dashed)."""
    item_type = ""
    for wanted in ("number", "letter"):
        if any(p.mtype == wanted for p in paras):
            item_type = next(p.mtype for p in paras if p.mtype in ("number", "letter"))
            break
    if not item_type:
        return paras, []
    loose: list[Para] = []
    items: list[list[Para]] = []
    for para in paras:
        if para.mtype == item_type:
            items.append([para])
        elif items:
            items[-1].append(para)
        else:
            loose.append(para)
    return loose, items


# "Title Nội dung: content" in one table cell: the Word export writes an activity's
# content as paragraphs after its title, the first one opening with "Nội dung:".
_CONTENT_MARK: Final = re.compile(r"(?<=\S)\s+nội dung\s*:\s*", re.IGNORECASE)


def split_title_cell(cell: str) -> tuple[str, str]:
    """``(title, content)`` of an activity's table cell ("…; Nội dung: …")."""
    m = _CONTENT_MARK.search(cell)
    if m is None:
        return cell, ""
    return cell[: m.start()], clean_item(squash(cell[m.end() :].replace("\n", " ")))


_SUB_NUMBER: Final = re.compile(r"^\s*(\d{1,3})\s*\.\s*\d{1,3}\s*\.?\s*$")
_SUB_SPLIT: Final = re.compile(r"(?:^|(?<=[.;:!?”\"\n)]))\s*[-–•+]\s+")


def _sub_items(text: str) -> list[str]:
    parts = [clean_item(part) for part in _SUB_SPLIT.split(text.strip())]
    return [part for part in parts if part]


class ActivityBuilder:
    """Builds :class:`ParsedActivity` objects and records their sources."""

    def __init__(self, ctx: BodyContext) -> None:
        self.ctx = ctx

    def _finish(
        self, activity: ParsedActivity, key: str, start: int, end: int, *, schedule: bool = True
    ) -> None:
        plan = self.ctx.plan
        plan.source(key, start, end)
        if activity.timing and schedule:
            activity.schedule = schedule_for(activity.timing, self.ctx.year, self.ctx.period)
        text = " ".join([activity.title, activity.content, *activity.leads])
        activity.channels = channel_kinds_in(text)
        self.ctx.channel_texts.append((text, activity.title, start, end))

    def from_item(self, item: list[Para]) -> None:
        plan = self.ctx.plan
        index = len(plan.activities)
        key = f"activities.{index}"
        head = item[0]
        fields_found = any(_field(p) is not None for p in item[1:])
        if not fields_found:
            self._from_prose(item, key)
            return
        activity = ParsedActivity(title=clean_item(head.body))
        plan.source(f"{key}.title", head.start, head.end)
        content: list[str] = []
        content_lines: list[int] = []
        for para in item[1:]:
            found = _field(para)
            if found is None:
                content.append(clean_item(para.body))
                content_lines.extend((para.start, para.end))
                continue
            kind, value = found
            if kind == "content":
                if value:
                    content.append(clean_item(value))
                    content_lines.extend((para.start, para.end))
            elif kind == "leads":
                activity.leads.extend(split_units(value))
                plan.source(f"{key}.leads", para.start, para.end)
            elif kind == "coordinators":
                activity.coordinators.extend(split_units(value))
                plan.source(f"{key}.coordinators", para.start, para.end)
            elif kind == "timing":
                activity.timing = clean_item(value) or None
                plan.source(f"{key}.timing", para.start, para.end)
            elif kind == "outputs":
                activity.outputs = clean_item(value) or None
                plan.source(f"{key}.outputs", para.start, para.end)
            elif kind == "budget":
                activity.budget = clean_item(value) or None
                plan.source(f"{key}.budget", para.start, para.end)
        activity.content = "\n".join(c for c in content if c)
        if content_lines:
            plan.source(f"{key}.content", min(content_lines), max(content_lines))
        plan.activities.append(activity)
        self._finish(activity, key, head.start, item[-1].end)

    def _from_prose(self, item: list[Para], key: str) -> None:
        plan = self.ctx.plan
        head = item[0]
        body = head.body
        spans = sentences(body)
        if len(spans) > 1:
            title = clean_item(body[spans[0][0] : spans[0][1]])
            rest = [squash(body[spans[1][0] :])]
        else:
            title = clean_item(body)
            rest = []
        rest.extend(squash(p.body) for p in item[1:])
        activity = ParsedActivity(title=title, content="\n".join(strip_end(r) for r in rest if r))
        plan.source(
            f"{key}.title", head.start, head.line_at(spans[0][1] - 1) if spans else head.end
        )
        full = " ".join([body, *(p.body for p in item[1:])])
        span = timing_in_prose(full)
        if span is not None:
            activity.timing = clean_item(full[span[0] : span[1]]) or None
            plan.source(f"{key}.timing", head.start, item[-1].end)
        plan.activities.append(activity)
        self._finish(activity, key, head.start, item[-1].end)

    def _sub_row(self, parent: ParsedActivity, key: str, cells: dict[str, str], row: Row) -> None:
        """A row numbered "1.2" under row "1": a sub-activity with its own columns."""
        plan = self.ctx.plan
        title, content = split_title_cell(cells.get("title", ""))
        sub = ParsedActivity(
            title=clean_item(squash(title.replace("\n", " "))),
            content=content,
            leads=table_units(cells.get("leads", "")),
            coordinators=table_units(cells.get("coordinators", "")),
            timing=clean_item(squash(cells.get("timing", "").replace("\n", " "))) or None,
            outputs=clean_item(squash(cells.get("outputs", "").replace("\n", " "))) or None,
            budget=clean_item(squash(cells.get("budget", "").replace("\n", " "))) or None,
        )
        if sub.timing:
            sub.schedule = schedule_for(sub.timing, self.ctx.year, self.ctx.period)
        sub.channels = channel_kinds_in(" ".join([sub.title, *sub.leads]))
        sub_key = f"{key}.subactivities.{len(parent.subactivities)}"
        plan.source(sub_key, row.start, row.end)
        parent.subactivities.append(sub)
        start, _end = plan.sources.get(key, (row.start, row.end))
        plan.sources[key] = (start, row.end)

    def from_table(self, table: Table) -> None:
        plan = self.ctx.plan
        roles = table.roles
        parent: tuple[str, ParsedActivity, str] | None = None  # (number, activity, key)
        explicit = False  # the parent's sub-activities come from rows "N.M"
        for row in table.rows:
            cells = {
                role: row.cells[i] for i, role in enumerate(roles) if role and i < len(row.cells)
            }
            title_cell = cells.get("title", "")
            if not title_cell.strip() and not any(
                cells.get(r, "").strip() for r in ("leads", "timing")
            ):
                continue
            numbered = _SUB_NUMBER.match(cells.get("number", ""))
            if numbered is not None and parent is not None and numbered.group(1) == parent[0]:
                if not explicit:
                    parent[1].subactivities.clear()  # read from its own cell: rows replace them
                    explicit = True
                self._sub_row(parent[1], parent[2], cells, row)
                continue
            key = f"activities.{len(plan.activities)}"
            title_cell, content = split_title_cell(title_cell)
            subs = _sub_items(title_cell)
            timings = _sub_items(cells.get("timing", ""))
            leads = table_units(cells.get("leads", ""))
            coordinators = table_units(cells.get("coordinators", ""))
            activity = ParsedActivity(
                title="; ".join(subs)
                if len(subs) > 1
                else clean_item(title_cell.replace("\n", " ")),
                content=content,
                leads=leads,
                coordinators=coordinators,
                timing=clean_item(squash(cells.get("timing", "").replace("\n", " "))) or None,
                outputs=clean_item(squash(cells.get("outputs", "").replace("\n", " "))) or None,
                budget=clean_item(squash(cells.get("budget", "").replace("\n", " "))) or None,
            )
            paired = len(subs) > 1 and len(timings) == len(subs)
            if paired:
                # One timing per sub-activity: the row's schedule lives in its sub-activities.
                activity.timing = "; ".join(timings)
            for role, name in (
                ("title", "title"),
                ("leads", "leads"),
                ("coordinators", "coordinators"),
            ):
                if cells.get(role, "").strip():
                    plan.source(f"{key}.{name}", row.start, row.end)
            if activity.timing:
                plan.source(f"{key}.timing", row.start, row.end)
            if len(subs) > 1:
                for k, sub_title in enumerate(subs):
                    sub = ParsedActivity(
                        title=sub_title,
                        leads=list(leads),
                        coordinators=list(coordinators),
                        timing=timings[k] if paired else None,
                    )
                    if sub.timing:
                        sub.schedule = schedule_for(sub.timing, self.ctx.year, self.ctx.period)
                    sub.channels = channel_kinds_in(" ".join([sub.title, *sub.leads]))
                    plan.source(f"{key}.subactivities.{k}", row.start, row.end)
                    activity.subactivities.append(sub)
            plan.activities.append(activity)
            self._finish(activity, key, row.start, row.end, schedule=not paired)
            number = cells.get("number", "").strip().rstrip(".")
            parent = (number, activity, key) if number.isdigit() else None
            explicit = False


# --- reporting --------------------------------------------------------------------------------

_PERIOD: Final = re.compile(
    r"(?<![a-z])(?:dinh ky|hang (?:ngay|tuan|thang|quy|nam)|hang ky)"
    r"(?:\s*,?\s*(?:va\s+|hoac\s+)?(?:quy\s+(?:iv|i{1,3}|[1-4])(?![a-z])|\d+\s+thang|sau thang|nam(?!\s+\d)"
    r"|thang|quy|hang (?:tuan|thang|quy|nam)|dot xuat))*"
)
_DEADLINE: Final = re.compile(r"(?<![a-z])(?:truoc ngay|cham nhat|han chot|thoi han)")


def reporting_in(
    text: str, unit: str | None, start: int, end: int, ctx: BodyContext, *, force: bool = False
) -> None:
    """Reporting duties in ``text`` ("Định kỳ quý I, 6 tháng … báo cáo …")."""
    plan = ctx.plan
    for s_start, s_end in sentences(text):
        sentence = text[s_start:s_end]
        for c_start, c_end in split_outside_parens(sentence, ";"):
            clause = sentence[c_start:c_end]
            folded = afold(clause)
            if "bao cao" not in folded:
                continue
            period_m = _PERIOD.search(folded)
            deadline_m = _DEADLINE.search(folded)
            if period_m is None and deadline_m is None and not force:
                continue
            period = (
                strip_end(squash(clause[period_m.start() : period_m.end()])) if period_m else None
            )
            deadline: str | None = None
            if deadline_m is not None:
                open_paren = clause.rfind("(", 0, deadline_m.start())
                close_paren = clause.find(")", deadline_m.start())
                if open_paren != -1 and close_paren != -1:
                    deadline = clause[open_paren + 1 : close_paren]
                else:
                    deadline = clause[deadline_m.start() :]
                deadline = strip_end(squash(deadline)) or None
            phrase = " ".join(
                part for part in (period, f"({deadline})" if deadline else None) if part
            )
            item = ParsedReporting(
                period=period,
                deadline_text=deadline,
                text=clean_item(clause),
                unit=unit,
                schedule=schedule_for(phrase, ctx.year, ctx.period) if phrase else None,
            )
            plan.source(f"reporting.{len(plan.reporting)}", start, end)
            plan.reporting.append(item)


# --- duties per unit --------------------------------------------------------------------------

_VERB: Final = re.compile(
    r"\s(?:bam sat|chu dong|co trach nhiem|chiu trach nhiem|trien khai|to chuc thuc hien|thuc hien"
    r"|phoi hop|xay dung|theo doi|tham muu|chi dao|huong dan|don doc|cung cap|bo tri|tang cuong|day manh"
    r"|ra soat|long ghep|kiem tra|nghiem tuc|khan truong|quan tam|tiep tuc|chu tri|can cu)(?![a-z])"
)
_ADVERBIAL: Final = re.compile(r"^(?:tren co so|can cu|theo|de|nham|thuc hien)\s")
_GROUP_START: Final = re.compile(
    r"(?<=\s)cac\s(?:phong|so|co quan|don vi|ban|nganh|xa|huyen|truong|hoi|doan|tinh|dia phuong|to chuc)"
    r"(?![a-z])"
)
_UNIT_HEADING_MAX_WORDS: Final = 14
_UNIT_HEADING_LONG_WORDS: Final = 24


def unit_from_prose(body: str) -> str | None:
    """The unit a duty paragraph is about: "Các sở, ban, ngành; UBND các huyện … bám sát …"."""
    folded = afold(body)
    m = _VERB.search(folded, 0, 400)
    if m is None or m.start() == 0:
        return None
    prefix_folded = folded[: m.start()]
    offset = 0
    adverbial = _ADVERBIAL.match(prefix_folded)
    if adverbial is not None:
        group = _GROUP_START.search(prefix_folded, adverbial.end())
        if group is None:
            return None
        offset = group.start()
    subject = clean_item(body[offset : m.start()])
    if not subject or len(subject.split()) > 30 or not looks_like_unit(subject):
        return None
    return subject


def _unit_heading(para: Para) -> tuple[str | None, str | None]:
    """``(unit, inline duty)`` of a numbered line under "Tổ chức thực hiện"."""
    body = para.body.strip()
    colon = body.find(":")
    if 0 < colon <= 80 and len(body[:colon].split()) <= 12 and looks_like_unit(body[:colon]):
        duty = clean_item(body[colon + 1 :])
        return clean_item(body[:colon]), duty or None
    if (
        len(body.split()) <= _UNIT_HEADING_MAX_WORDS
        and not sentences(body)[1:]
        and looks_like_unit(body)
    ):
        return clean_item(body), None
    unit = unit_from_prose(body)
    if unit is not None:
        return unit, clean_item(body)
    if (
        len(body.split()) <= _UNIT_HEADING_LONG_WORDS
        and not body.rstrip().endswith((".", ";", ":"))
        and looks_like_unit(body)
        and _VERB.search(" " + afold(body)) is None
    ):
        # A long list of units as the heading, no verb ("1. các phòng và tương đương, các
        # đơn vị sự nghiệp trực thuộc, trường Cao đẳng nghề Lạng Sơn").
        return clean_item(body), None
    return None, None


def _responsibilities(chunk: Chunk, ctx: BodyContext) -> None:
    plan = ctx.plan
    current: ParsedResponsibility | None = None
    current_key = ""
    numbered = False
    last_number: int | None = None
    for block in chunk.blocks:
        if isinstance(block, Table):
            ActivityBuilder(ctx).from_table(block)
            continue
        para = block
        unit: str | None = None
        duty: str | None = None
        if para.mtype in ("number", "letter"):
            unit, duty = _unit_heading(para)
            if unit is None:
                duty = clean_item(para.body)
            else:
                numbered = True
                if para.mtype == "number" and para.mvalue.isdigit():
                    value = int(para.mvalue)
                    if last_number is not None and value > last_number + 1:
                        plan.warn(
                            para.start,
                            f"Đánh số nhảy từ {last_number} sang {value}: hãy kiểm tra xem có thiếu "
                            "đơn vị nào không.",
                        )
                    last_number = value
        elif para.mtype in ("dash", "plus", ""):
            colon = para.body.find(":")
            if (
                0 < colon <= 60
                and looks_like_unit(para.body[:colon])
                and len(para.body[:colon].split()) <= 10
            ):
                unit, duty = (
                    clean_item(para.body[:colon]),
                    clean_item(para.body[colon + 1 :]) or None,
                )
            elif current is not None and (numbered or para.mtype in ("dash", "plus")):
                duty = clean_item(para.body)
            else:
                unit = unit_from_prose(para.body)
                duty = clean_item(para.body)
                if unit is None and current is None:
                    ctx.unplaced.append(para)
                    continue
        if unit is not None:
            current = ParsedResponsibility(unit=unit)
            current_key = f"responsibilities.{len(plan.responsibilities)}"
            plan.responsibilities.append(current)
            plan.source(f"{current_key}.unit", para.start, para.start)
            plan.sources[current_key] = (para.start, para.end)
        if current is None:
            ctx.unplaced.append(para)
            continue
        if duty:
            current.duties.append(duty)
            start, _ = plan.sources[current_key]
            plan.sources[current_key] = (start, para.end)
            ctx.duty_texts.append((duty, para.start, para.end))
            reporting_in(duty, current.unit, para.start, para.end, ctx)


# --- the other sections -----------------------------------------------------------------------


def _list_items(chunk: Chunk, target: list[str], key: str, ctx: BodyContext) -> str:
    """Add the items of the section to ``target``; the section as written (one line
    per paragraph, markers and final punctuation kept)."""
    written: list[str] = []
    for block in chunk.blocks:
        if isinstance(block, Table):
            ActivityBuilder(ctx).from_table(block)
            continue
        text = clean_item(block.body)
        if text:
            ctx.plan.source(f"{key}.{len(target)}", block.start, block.end)
            target.append(text)
            written.append(squash(block.text))
    return "\n".join(written)


def _joined(before: str | None, more: str) -> str | None:
    return "\n".join(x for x in (before, more) if x) or None


def add_audiences(codes: list[str], text: str, start: int, end: int, plan: ParsedPlan) -> None:
    for code in codes:
        if any(a.audience == code for a in plan.audiences):
            continue
        plan.source(f"audiences.{len(plan.audiences)}", start, end)
        plan.audiences.append(ParsedAudience(code, clean_item(text)))


def _audiences(chunk: Chunk, plan: ParsedPlan) -> None:
    paras = [b for b in chunk.blocks if isinstance(b, Para)]
    labelled = [labelled_item(p, _AUDIENCE_BY_LABEL) for p in paras]
    if not any(labelled):
        for para in paras:
            add_audiences(audiences_in(para.folded), para.body, para.start, para.end, plan)
        return
    # As the Word export writes them: "- Người dân: description", then the lines of
    # its content (kept as written, markers included) up to the next audience.
    current: ParsedAudience | None = None
    for para, found in zip(paras, labelled, strict=True):
        key = f"audiences.{len(plan.audiences) - 1}"
        if found is not None:
            plan.source(f"audiences.{len(plan.audiences)}", para.start, para.end)
            current = ParsedAudience(found[0], found[1])
            plan.audiences.append(current)
        elif current is not None:
            current.content.append(squash(para.text))
            plan.source(key, plan.sources[key][0], para.end)


def _audience_heading(para: Para) -> list[str] | None:
    if (
        para.mtype in ("letter", "number")
        and para.folded.startswith("doi voi")
        and len(para.body.split()) <= 14
    ):
        return audiences_in(para.folded)
    return None


def _is_lead_in(paras: list[Para], index: int) -> bool:
    para = paras[index]
    if not para.body.rstrip().endswith(":"):
        return False
    following = paras[index + 1] if index + 1 < len(paras) else None
    return following is not None and following.mtype != para.mtype


def _themes(chunk: Chunk, ctx: BodyContext) -> None:
    plan = ctx.plan
    paras: list[Para] = []
    for block in chunk.blocks:
        if isinstance(block, Table):
            ActivityBuilder(ctx).from_table(block)
        else:
            paras.append(block)
    _, items = _items(paras)
    activity_paras: set[int] = set()
    for item in items:
        if _has_fields(item):
            ActivityBuilder(ctx).from_item(item)
            activity_paras.update(id(p) for p in item)
    current: list[str] = []
    # A numbered theme ("1. …") directly followed by "+" items: the items are its details.
    numbered: ParsedTheme | None = None
    numbered_folded = ""
    for index, para in enumerate(paras):
        if id(para) in activity_paras:
            numbered = None
            continue
        if numbered is not None and para.mtype == "plus" and squash(para.body):
            key = f"themes.{len(plan.themes) - 1}"
            numbered.details.append(squash(para.body))
            # Tagged on the title and its details together.
            numbered_folded = f"{numbered_folded} {para.folded}"
            numbered.tags = tags_in(numbered_folded)
            plan.source(key, plan.sources[key][0], para.end)
            continue
        numbered = None
        codes = _audience_heading(para)
        if codes is not None:
            current = codes
            add_audiences(codes, para.body, para.start, para.end, plan)
            continue
        if _is_lead_in(paras, index):
            continue
        text = clean_item(para.body)
        if not text:
            continue
        plan.source(f"themes.{len(plan.themes)}", para.start, para.end)
        theme = ParsedTheme(text, tags_in(para.folded), list(current))
        plan.themes.append(theme)
        if para.mtype == "number":
            numbered = theme
            numbered_folded = para.folded
        if KIND_CHANNELS in chunk.kinds:
            ctx.channel_texts.append((para.body, para.body, para.start, para.end))


_CHANNEL_BY_LABEL: Final = {afold(label): kind for kind, label in CHANNEL_LABELS.items()}
_AUDIENCE_BY_LABEL: Final = {afold(label): code for code, label in AUDIENCE_LABELS.items()}
_LABELLED: Final = re.compile(r"^(?P<label>[^:]{2,60}?)\s*:\s*(?P<value>.*)$", re.DOTALL)


def labelled_item(para: Para, labels: dict[str, str]) -> tuple[str, str] | None:
    """``(code, text)`` of a dashed "- Label: text" whose label is exactly a choice's label."""
    if para.mtype != "dash":
        return None
    m = _LABELLED.match(para.body)
    if m is None:
        return None
    code = labels.get(afold(m.group("label")).strip())
    if code is None:
        return None
    return code, squash(m.group("value"))


def _channels(chunk: Chunk, ctx: BodyContext) -> None:
    plan = ctx.plan
    paras: list[Para] = []
    for block in chunk.blocks:
        if isinstance(block, Table):
            ActivityBuilder(ctx).from_table(block)
        else:
            paras.append(block)
    _, items = _items(paras)
    activity_paras: set[int] = set()
    for item in items:
        if _has_fields(item):
            ActivityBuilder(ctx).from_item(item)
            activity_paras.update(id(p) for p in item)
    for index, para in enumerate(paras):
        if id(para) in activity_paras:
            continue
        labelled = labelled_item(para, _CHANNEL_BY_LABEL)
        if labelled is not None:
            ctx.labelled_channels.append((*labelled, para.start, para.end))
            continue
        codes = _audience_heading(para)
        if codes is not None:
            add_audiences(codes, para.body, para.start, para.end, plan)
            continue
        if _is_lead_in(paras, index):
            continue
        kinds = channel_kinds_in(para.body, para.folded)
        if kinds:
            ctx.channel_texts.append((para.body, para.body, para.start, para.end))
        elif clean_item(para.body):
            ctx.other_channels.append((clean_item(para.body), para.start, para.end))


def _activities(chunk: Chunk, ctx: BodyContext, *, strict_fields: bool) -> None:
    builder = ActivityBuilder(ctx)
    paras: list[Para] = []
    for block in chunk.blocks:
        if isinstance(block, Table):
            builder.from_table(block)
        else:
            paras.append(block)
    loose, items = _items(paras)
    if not items and not strict_fields:
        dashed = [p for p in paras if p.mtype in ("dash", "plus")]
        if dashed:
            items = []
            loose = []
            for para in paras:
                if para.mtype in ("dash", "plus") or not items:
                    items.append([para])
                else:
                    items[-1].append(para)
        else:
            items = [[p] for p in paras]
            loose = []
    for para in loose:
        ctx.unplaced.append(para)
    for item in items:
        if strict_fields and not _has_fields(item):
            ctx.unplaced.extend(item)
            continue
        builder.from_item(item)


def _funding(chunk: Chunk, ctx: BodyContext) -> None:
    texts = [squash(b.text) for b in chunk.blocks if isinstance(b, Para)]
    if texts:
        first = next(b for b in chunk.blocks if isinstance(b, Para))
        last = [b for b in chunk.blocks if isinstance(b, Para)][-1]
        # One line per paragraph (the Word export writes each funding source on its own).
        ctx.plan.funding = strip_end("\n".join(texts))
        ctx.plan.source("funding", first.start, last.end)


def _reporting_section(chunk: Chunk, ctx: BodyContext) -> None:
    for block in chunk.blocks:
        if isinstance(block, Para):
            before = len(ctx.plan.reporting)
            reporting_in(block.body, None, block.start, block.end, ctx, force=True)
            if len(ctx.plan.reporting) == before:
                ctx.unplaced.append(block)


def parse_body(blocks: list[Block], ctx: BodyContext) -> None:
    """Fill the plan from the body blocks (between the preamble and the closing)."""
    plan = ctx.plan
    for chunk in split_sections(blocks):
        kind = chunk.kinds[0] if chunk.kinds else None
        ctx.kinds_seen.update(chunk.kinds)
        if kind == KIND_OBJECTIVES:
            written = _list_items(chunk, plan.objectives, "objectives", ctx)
            plan.objectives_text = _joined(plan.objectives_text, written)
        elif kind == KIND_REQUIREMENTS:
            written = _list_items(chunk, plan.requirements, "requirements", ctx)
            plan.requirements_text = _joined(plan.requirements_text, written)
        elif kind == KIND_AUDIENCES:
            _audiences(chunk, plan)
        elif kind == KIND_THEMES:
            _themes(chunk, ctx)
        elif kind == KIND_CHANNELS:
            _channels(chunk, ctx)
        elif kind == KIND_ACTIVITIES:
            _activities(chunk, ctx, strict_fields=False)
        elif kind == KIND_FUNDING:
            _funding(chunk, ctx)
        elif kind == KIND_IMPLEMENTATION:
            _responsibilities(chunk, ctx)
        elif kind == KIND_REPORTING:
            _reporting_section(chunk, ctx)
        else:
            _activities(chunk, ctx, strict_fields=True)
            if chunk.heading is not None and chunk.blocks == []:
                ctx.unplaced.append(chunk.heading)
