"""The parts of a plan around its body: header, title, preamble and signing block.

Plain Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from cchc.documents.parsing.lines import Block, Para
from cchc.documents.parsing.model import ParsedLegalBasis, ParsedPlan
from cchc.documents.parsing.rules import heading_kinds, looks_like_unit
from cchc.documents.parsing.textutil import (
    afold,
    capitalize_first,
    clean_item,
    is_caps,
    sentences,
    squash,
    strip_end,
)
from cchc.legal.symbols import Citation, parse_citations, parse_symbol, parse_vn_date

__all__ = [
    "DOC_TITLE",
    "OwnPlan",
    "doc_title",
    "doc_title_mixed_case",
    "is_headline",
    "parse_header",
    "parse_preamble",
    "parse_tail",
    "signature_like",
    "split_signature",
]

# --- document title ------------------------------------------------------------------

_DOC_TYPES: Final[tuple[tuple[str, str], ...]] = (
    ("ke hoach", "Kế hoạch"),
    ("quyet dinh", "Quyết định"),
    ("chuong trinh", "Chương trình"),
    ("bao cao", "Báo cáo"),
    ("thong bao", "Thông báo"),
    ("huong dan", "Hướng dẫn"),
    ("to trinh", "Tờ trình"),
    ("cong van", "Công văn"),
    ("de an", "Đề án"),
    ("nghi quyet", "Nghị quyết"),
    ("chi thi", "Chỉ thị"),
)
DOC_TITLE: Final = re.compile(
    r"^(" + "|".join(folded for folded, _ in _DOC_TYPES) + r")(?![a-z0-9])"
)
_DOC_NAMES: Final = dict(_DOC_TYPES)


def doc_title(para: Para) -> tuple[str, int] | None:
    """``(document type, end of the type word)`` when ``para`` is a title in capitals."""
    if para.mtype:
        return None
    m = DOC_TITLE.match(para.folded)
    if m is None or not is_caps(para.body[: m.end()]):
        return None
    rest = para.body[m.end() :].strip()
    if rest.startswith(":"):
        return None  # "QUYẾT ĐỊNH:" is a decision's enacting word, not its title
    # "KẾ HOẠCH" alone, or followed by the title in sentence case ("KẾ HOẠCH Tuyên truyền …").
    if rest and is_caps(rest) and len(rest.split()) > 14:
        return None
    return _DOC_NAMES[m.group(1)], m.end()


def doc_title_mixed_case(para: Para, following: Block | None) -> tuple[str, int] | None:
    """ "Quyết định" alone in sentence case, as law-database pages print it, before its subject."""
    if para.mtype or not isinstance(following, Para):
        return None
    m = DOC_TITLE.match(para.folded)
    if m is None or m.end() != len(para.folded.rstrip()):
        return None
    if not (is_caps(following.body) or following.folded.startswith(("ve viec", "v/v", "ban hanh"))):
        return None
    return _DOC_NAMES[m.group(1)], m.end()


def is_headline(para: Para) -> bool:
    """A web article's headline: "Kế hoạch tuyên truyền … năm 2019"."""
    return (
        not para.mtype
        and para.folded.startswith("ke hoach ")
        and len(para.body.split()) <= 40
        and not para.body.rstrip().endswith((".", ";", ":"))
    )


# --- header ------------------------------------------------------------------------------

_MOTTO: Final = re.compile(r"^(?:cong hoa xa hoi|doc lap\s*[-–]|[-–_=\s]+$)")
_SYMBOL_LINE: Final = re.compile(r"^s[o]\s*(?:hieu)?\s*[:.]\s*(?P<rest>.*)$")
_PLACE_DATE: Final = re.compile(r"^(?P<place>[^\d,;:()]{2,60}?)\s*,\s*(?P<date>ngay\b.*)$")
# A date line without a place ("Ngày 11 tháng 01 năm 2019"; day and month may be blank).
_BARE_DATE: Final = re.compile(r"^ngay\s+[\d\s]*thang\s+[\d\s]*nam\s+\d{4}\s*\.?$")
_BARE_ORGAN: Final = re.compile(r"^(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd|uy ban)$")
_LEVEL_START: Final = re.compile(r"^(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)\b")
_INNER_ORGAN: Final = re.compile(
    r"(?<=\s)(?:SỞ|BAN|PHÒNG|VĂN PHÒNG|TRUNG TÂM|CHI CỤC|CỤC|ĐÀI|TRƯỜNG|THANH TRA)\s"
)


def _split_issuer_line(text: str) -> tuple[str | None, str]:
    """ "UBND TỈNH LẠNG SƠN SỞ LAO ĐỘNG …" → (parent, name); no split for "ỦY BAN NHÂN DÂN XÃ A"."""
    for m in _INNER_ORGAN.finditer(text):
        before = text[: m.start()].rstrip()
        if before.upper().endswith(("ỦY", "UỶ", "UY")):
            continue
        return before, text[m.start() :].strip()
    return None, text


def _issuer_from_lines(lines: list[str]) -> tuple[str | None, str | None]:
    merged: list[str] = []
    for line in lines:
        if merged and _BARE_ORGAN.match(afold(merged[-1])) and _LEVEL_START.match(afold(line)):
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
    if not merged:
        return None, None
    if len(merged) == 1:
        return _split_issuer_line(merged[0])
    return " ".join(merged[:-1]), merged[-1]


def parse_header(blocks: list[Block], plan: ParsedPlan, *, with_symbol: bool = True) -> set[int]:
    """Issuer, number and symbol, place and date from the header zone; ids of the used paragraphs."""
    used: set[int] = set()
    issuer_lines: list[Para] = []
    for block in blocks:
        if not isinstance(block, Para):
            continue
        folded = afold(block.text).strip()
        if _MOTTO.match(folded):
            used.add(id(block))
            continue
        m = _SYMBOL_LINE.match(folded)
        if m is not None and with_symbol and plan.symbol_text is None:
            written = squash(block.text[m.start("rest") :])
            plan.symbol_text = written or None
            symbol = parse_symbol(written) if written else None
            if symbol is not None:
                plan.symbol = symbol.formatted if symbol.is_issued else None
                plan.number = symbol.number or None
                plan.symbol_code = "-".join(
                    code for code in (symbol.type_code, symbol.issuer_code) if code
                )
            plan.source("symbol", block.start, block.end)
            used.add(id(block))
            continue
        if m is not None:
            used.add(id(block))
            continue
        m = _PLACE_DATE.match(folded)
        if m is not None and plan.date_text is None and len(m.group("place").split()) <= 6:
            place = squash(block.text[: m.end("place")])
            written = squash(block.text[m.start("date") :])
            plan.place = place or None
            plan.date_text = written
            parsed = parse_vn_date(written)
            plan.date = parsed.iso if parsed is not None else None
            plan.source("place", block.start, block.end)
            plan.source("date", block.start, block.end)
            used.add(id(block))
            continue
        if plan.date_text is None and _BARE_DATE.match(folded):
            written = squash(block.text)
            plan.date_text = written
            parsed = parse_vn_date(written)
            plan.date = parsed.iso if parsed is not None else None
            plan.source("date", block.start, block.end)
            used.add(id(block))
            continue
        if parse_symbol(block.text) is not None:
            used.add(id(block))  # a bare symbol (web pages repeat it above the document)
            continue
        if (is_caps(block.text) and not heading_kinds(folded)) or (
            block.split and looks_like_unit(block.text) and len(block.text.split()) <= 10
        ):
            issuer_lines.append(block)
            used.add(id(block))
    if issuer_lines and plan.issuer_name is None:
        parent, name = _issuer_from_lines([squash(p.text) for p in issuer_lines])
        plan.issuer_parent = parent
        plan.issuer_name = name
        plan.issuer_text = " ".join(squash(p.text) for p in issuer_lines)
        plan.source("issuer", issuer_lines[0].start, issuer_lines[-1].end)
    return used


# --- preamble ---------------------------------------------------------------------------------

_OWN_CLAUSE: Final = re.compile(
    r"(?:^|[,;:.]\s+|\)\s+|[\"”]\s*,?\s*)"
    r"(?P<who>(?:ubnd|uy ban|so|ban|phong|van phong|trung tam|cuc|chi cuc|bo|dai|truong|hoi|doan"
    r"|cong an|thanh tra|kho bac|chu tich|thuong truc|dang uy|huyen uy|tinh uy|thanh uy|hdnd)"
    r"\s[^,;:.()\"“”]{0,80}?)\s+(?:da\s+)?(?:ky\s+)?(?:xay dung|ban hanh|trien khai)\s+"
    r"(?P<kh>ke hoach)(?![a-z])"
)
_DATE_BEFORE: Final = re.compile(r"ngay\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}")
_SLOGAN: Final = re.compile(
    r"chu de(?: nam \d{4})?\s*:?\s*[“\"]\s*(?P<slogan>[^”\"]{3,300}?)\s*[”\"]"
)
_PURPOSE_START: Final = re.compile(r"^(?:nham|de)\s")
_LEVEL_NAME: Final = re.compile(r"\b(tỉnh|huyện|xã|phường|thị trấn|thành phố|thị xã|quận)\s+(?=\w)")
_LEVEL_END: Final = re.compile(r"(?:^|\s)(tinh|huyen|xa|phuong|thi tran|thanh pho|thi xa|quan)$")


@dataclass(slots=True)
class OwnPlan:
    """The plan's own mention in its preamble ("… UBND tỉnh ban hành Kế hoạch …")."""

    issuer: str | None = None
    citation: Citation | None = None
    date_text: str | None = None
    para: Para | None = None
    sentence_start: int = 0
    extra: list[str] = field(default_factory=list)


def _place_name(text: str, level: str) -> str | None:
    """ "… tỉnh Phú Thọ năm 2024" with level "tỉnh" → "Phú Thọ"."""
    for m in _LEVEL_NAME.finditer(text):
        if afold(m.group(1)) != level:
            continue
        words: list[str] = []
        for raw in text[m.end() :].split():
            word = raw.strip('.,;:()“”"')
            if not word or not word[0].isupper() or not word.isalpha() or len(words) >= 4:
                break
            words.append(word)
            if word != raw:
                break
        if words:
            return " ".join(words)
    return None


def complete_issuer(name: str, texts: list[str]) -> str:
    """ "UBND tỉnh" + "… tỉnh Phú Thọ …" → "UBND tỉnh Phú Thọ" (first text naming the place)."""
    m = _LEVEL_END.search(afold(name))
    if m is None:
        return name
    for text in texts:
        place = _place_name(text, m.group(1))
        if place:
            return f"{name} {place}"
    return name


def _legal_basis(text: str, citation: Citation) -> ParsedLegalBasis:
    start, end = citation.span
    symbol = citation.symbol.formatted if citation.symbol is not None else None
    iso = citation.date.iso if citation.date is not None else None
    return ParsedLegalBasis(
        text=strip_end(squash(text[start:end])),
        doc_type=citation.doc_type,
        symbol=symbol,
        date=iso,
        issuer=citation.issuer or None,
        subject=citation.subject or None,
    )


def parse_preamble(paras: list[Para], plan: ParsedPlan) -> OwnPlan:
    """Legal bases, the plan's own mention, slogan and introduction of the preamble."""
    own = OwnPlan()
    cited: list[tuple[Para, Citation]] = []
    for para in paras:
        citations = parse_citations(para.body)
        cited.extend((para, citation) for citation in citations)
        for m in _OWN_CLAUSE.finditer(para.folded):
            start = m.start("who")
            if not para.body[start : start + 1].isupper():
                continue
            if any(c.span[0] <= start < c.span[1] for c in citations):
                continue
            own.issuer = squash(para.body[start : m.end("who")])
            own.para = para
            own.sentence_start = 0
            for s_start, s_end in sentences(para.body):
                if s_start <= start < s_end:
                    own.sentence_start = s_start
            own.citation = next(
                (c for c in citations if abs(c.span[0] - m.start("kh")) <= 1),
                None,
            )
            found_date = None
            for date_match in _DATE_BEFORE.finditer(para.folded, own.sentence_start, start):
                found_date = date_match
            own.date_text = (
                capitalize_first(squash(para.body[found_date.start() : found_date.end()]))
                if found_date is not None
                else None
            )
        slogan = _SLOGAN.search(para.folded)
        if slogan is not None and plan.slogan is None:
            plan.slogan = squash(para.body[slogan.start("slogan") : slogan.end("slogan")])
            plan.source("slogan", para.line_at(slogan.start()), para.line_at(slogan.end()))
    seen: set[tuple[str, ...]] = set()
    for para, citation in cited:
        if own.citation is not None and citation is own.citation:
            continue
        key = citation.key
        if key in seen:
            continue
        seen.add(key)
        plan.source(
            f"legal_bases.{len(plan.legal_bases)}",
            para.line_at(citation.span[0]),
            para.line_at(max(citation.span[0], citation.span[1] - 1)),
        )
        plan.legal_bases.append(_legal_basis(para.body, citation))
    if paras:
        plan.intro = "\n".join(squash(p.text) for p in paras)
        plan.source("intro", paras[0].start, paras[-1].end)
    return own


def purpose_sentences(paras: list[Para], own: OwnPlan) -> list[tuple[str, Para]]:
    """ "Nhằm …" sentences of a news article's introduction, before the plan is named."""
    found: list[tuple[str, Para]] = []
    for para in paras:
        if not _PURPOSE_START.match(para.folded):
            continue
        for start, end in sentences(para.body):
            if para is own.para and start >= own.sentence_start:
                break
            text = clean_item(para.body[start:end])
            if text:
                found.append((text, para))
    return found


# --- signing block and recipients -------------------------------------------------------------

_AUTHORITY: Final = re.compile(r"^(?:tm|kt|tl|tuq|q|tk|thua lenh|thay mat|ky thay)\s*[.:]")
_SIGNED: Final = re.compile(
    r"^\(?\s*(?:da ky|ky,? (?:ghi ro )?ho ten|ky ten|ky va dong dau|(?:da )?dong dau)"
)
_NAME_WORD: Final = re.compile(r"^[^\W\d_][^\W\d_]*$")
_RECIPIENT_SPLIT: Final = re.compile(r"(?:^|(?<=[;.:]))\s*[-–•+]\s+")


def name_like(text: str) -> bool:
    """A person's name: "Trần Văn Mẫn" (2-5 capitalised words, no digits or punctuation)."""
    words = text.strip().split()
    if not 2 <= len(words) <= 5:
        return False
    for word in words:
        if not _NAME_WORD.match(word) or not word[0].isupper():
            return False
        if len(word) > 1 and word[1:].isupper():
            return False
    return True


_PREFIX_SPLIT: Final = re.compile(r"\s+(?=(?:TM|KT|TL|TUQ|TK)\s*\.)")
_DEPUTY_SPLIT: Final = re.compile(r"^((?:TM|KT|TL|TUQ|TK|Q)\s*\.\s*\S.*?)\s+(PHÓ\s.+)$")


def split_signature(text: str) -> list[str]:
    """Lines of a signing block flattened onto one line.

    "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Phan Trọng Tấn" → "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phan Trọng Tấn".
    """
    words = text.split()
    name: list[str] = []
    while words and len(name) < 5:
        word = words[-1]
        if not (
            word[0].isupper() and word.isalpha() and not (len(word) > 1 and word[1:].isupper())
        ):
            break
        name.insert(0, words.pop())
    if len(name) < 2:
        words.extend(name)
        name = []
    pieces = [piece.strip() for piece in _PREFIX_SPLIT.split(" ".join(words)) if piece.strip()]
    if pieces and (m := _DEPUTY_SPLIT.match(pieces[-1])) is not None:
        pieces[-1:] = [m.group(1), m.group(2)]
    if name:
        pieces.append(" ".join(name))
    return pieces


def _sign_piece(text: str) -> bool:
    folded = afold(text)
    if _AUTHORITY.match(folded) or _SIGNED.match(folded):
        return True
    if is_caps(text) and len(text.split()) <= 8 and not heading_kinds(folded):
        return True
    return name_like(text)


def signature_like(para: Para) -> bool:
    """A line of a signing block ("TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", a name)."""
    if para.mtype in ("roman", "number", "letter", "dash", "plus"):
        return False
    return all(_sign_piece(piece) for piece in split_signature(squash(para.text)))


def parse_tail(paras: list[Para], plan: ParsedPlan) -> set[int]:
    """Recipients ("Nơi nhận") and the signing block; ids of the used paragraphs."""
    used: set[int] = set()
    in_recipients = False
    recipient_lines: list[int] = []
    authority: list[str] = []
    positions: list[str] = []
    sign_lines: list[int] = []
    for para in paras:
        folded = para.folded
        if para.mtype == "" and folded.startswith("noi nhan"):
            in_recipients = True
            used.add(id(para))
            rest = para.body[len("noi nhan") :].lstrip(" :.")
            for piece in _RECIPIENT_SPLIT.split(rest):
                item = clean_item(piece)
                if item:
                    plan.recipients.append(item)
                    recipient_lines.append(para.start)
            continue
        if in_recipients and (
            para.mtype in ("dash", "plus")
            or (
                not signature_like(para) and len(para.body.split()) <= 15 and not is_caps(para.body)
            )
        ):
            item = clean_item(para.body)
            if item:
                plan.recipients.append(item)
                recipient_lines.append(para.start)
            used.add(id(para))
            continue
        in_recipients = False
        if plan.signer_name is not None or not signature_like(para):
            continue
        used.add(id(para))
        for text in split_signature(squash(para.text)):
            piece_folded = afold(text)
            if _SIGNED.match(piece_folded):
                continue
            sign_lines.extend((para.start, para.end))
            if name_like(text) and not is_caps(text):
                plan.signer_name = text
                plan.source("signer.name", para.start, para.end)
            elif _AUTHORITY.match(piece_folded):
                authority.append(text)
                if piece_folded.startswith("tk"):
                    plan.warn(para.start, f"“{text}”: có lẽ là “KT.” (ký thay); hãy kiểm tra lại.")
            else:
                positions.append(text)
    if recipient_lines:
        plan.source("recipients", recipient_lines[0], recipient_lines[-1])
    if positions:
        authority.extend(positions[:-1])
        plan.signer_position = positions[-1]
    plan.signer_authority = authority
    if sign_lines:
        plan.source("signer", min(sign_lines), max(sign_lines))
    return used


_SHORT_NAME: Final = re.compile(r"\s*\(\s*sau đây (?:gọi|viết) tắt là[^)]*\)", re.IGNORECASE)


def title_from_text(text: str) -> str:
    """A title as written after "Kế hoạch": capitalised, without trailing punctuation
    nor "(sau đây gọi tắt là …)"."""
    return capitalize_first(strip_end(squash(_SHORT_NAME.sub("", text))))
