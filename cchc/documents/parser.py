"""Read a communication plan on administrative reform from plain text (no Django).

``parse_plan(text) -> ParsedPlan``; ``ParsedPlan.to_json()`` is a public contract
(also documented in ``docs/import_json.md``).  Text comes from
:func:`cchc.documents.extract.extract_text`; the review screen shows the result
and highlights, through ``sources``, the lines each field came from.

What the parser copes with: Decree 30 headers (also flattened onto one line with
``|`` or tabs), hard line breaks inside sentences, web-page wrappers (banners,
breadcrumbs, time stamps, "Xem nội dung chi tiết tại đây", footers), news
articles that summarise a plan ("Ngày 11/01/2019, UBND huyện Sông Mã đã ban hành
Kế hoạch số 33/KH-UBND …"), plans adopted by a decision ("Điều 1. Ban hành Kế hoạch
… như sau:" or "kèm theo Quyết định này"), headings in any case and with typos
(folded, then matched with :mod:`difflib`), TCVN3/VNI mojibake and decomposed
Unicode, activities as "- Cơ quan chủ trì: …" blocks, as tables (tab- or
``|``-separated, a row spread over several lines, sub-activities in one cell) or
as numbered prose, and duty lists whose numbering skips.

JSON keys (``to_json()``)
-------------------------
Missing scalars are ``null``, missing lists ``[]``.  Line numbers are 1-based in the
text given to :func:`parse_plan` (``\\r\\n``, ``\\r`` and form feeds count as one break).

``is_plan``
    ``false`` when the text does not look like a plan (no "KẾ HOẠCH" title and no
    plan-like sections); ``warnings`` then holds :data:`NOT_A_PLAN`.
``document_type``
    "Kế hoạch" (also for a plan embedded in a decision; see ``container``).
``title``
    The "trích yếu" as written after "KẾ HOẠCH", first letter in capitals.
``issuer``
    ``{"name", "parent", "text"}``: the issuing body from the header
    ("ỦY BAN NHÂN DÂN XÃ MINH ĐỨC"; ``parent`` is the line above a department's
    name), else from the preamble ("Ban Dân tộc tỉnh xây dựng Kế hoạch …"), its
    place completed from the title or preamble ("UBND tỉnh" → "UBND tỉnh Phú Thọ");
    ``text`` is the name exactly as written.
``symbol``, ``symbol_text``, ``number``, ``symbol_code``
    ``symbol`` is the canonical "số, ký hiệu" ("33/KH-UBND"), ``null`` while the
    number is blank (a draft); ``symbol_text`` is what was written after "Số:"
    ("/KH-SLĐTBXH"); ``number`` ("33" or ``null``) and ``symbol_code`` ("KH-UBND").
``place``, ``date``, ``date_text``
    "Lạng Sơn"; ISO date or ``null`` when a part is blank; the date as written
    ("ngày tháng 3 năm 2023").
``period``
    ``{"start_year", "end_year", "text"}`` from the title ("năm 2023",
    "giai đoạn 2022 - 2025"), else the date's year.
``slogan``, ``intro``
    The year's theme ("Chủ đề năm 2023: “…”") and the preamble as written.
``legal_bases``
    ``[{"text", "doc_type", "symbol", "date", "issuer", "subject"}]``: documents the
    preamble cites (:func:`cchc.legal.symbols.parse_citations`), the plan's own
    mention excluded.
``objectives``, ``requirements``
    Lists of items as written (markers and final punctuation removed).  A news
    article's "Nhằm …" sentences are its objectives.
``objectives_text``, ``requirements_text``
    The same sections as written, one line per paragraph, markers and final
    punctuation kept; ``null`` when the items do not come from such a section.
``audiences``
    ``[{"audience", "text", "content"}]`` with codes ``officials``, ``citizens``, ``businesses``,
    ``students`` from the "Đối tượng" section and "Đối với …" sub-headings, else
    from the objectives.  Written as the Word export writes them ("- Người dân:
    description", then the content's lines), ``text`` is the description and
    ``content`` the following lines as written; otherwise ``content`` is ``[]``.
``themes``
    ``[{"text", "tags", "audiences", "details"}]``: content items ("Nội dung tuyên
    truyền"); ``details`` are the "+" items directly under a numbered theme;
    ``tags`` are reform areas (``institutions``, ``procedures``, ``apparatus``,
    ``civil_service``, ``public_finance``, ``digital``) and indices (``par_index``,
    ``sipas``, ``papi``, ``pci``, ``ddci``, ``dti``) found by keyword rules on the
    folded text.  A plan without a content section gets one theme per activity.
``channels``
    ``[{"kind", "text"}]``, one per kind (``website``, ``radio_tv``, ``newspaper``,
    ``loudspeaker``, ``meeting``, ``training``, ``contest``, ``zalo``, ``facebook``,
    ``print``, ``mobile``, ``video``, ``school``, ``one_stop``, ``other``) found in
    the "Hình thức" section, the activities and the duties; a section written as
    "- Kind label: description" (the Word export) gives exactly those channels.
``activities``
    ``[{"title", "content", "leads", "coordinators", "timing", "schedule",
    "outputs", "budget", "channels", "subactivities"}]``: ``leads`` and
    ``coordinators`` are lists of names as written; ``timing`` as written;
    ``schedule`` is :meth:`cchc.schedule.timing.Schedule.to_json` of the timing with
    the plan's year (``null`` without timing, and for a table row whose
    sub-activities carry one timing each); ``subactivities`` have the same shape.
``funding``
    The "Kinh phí" section as written.
``responsibilities``
    ``[{"unit", "duties"}]``: each unit of "Tổ chức thực hiện" with its duties.
``reporting``
    ``[{"period", "deadline_text", "text", "unit", "schedule"}]``: reporting duties
    ("Định kỳ quý I, 6 tháng, quý III, năm"; "Trước ngày 10 tháng 3 …").
``recipients``
    The lines of "Nơi nhận", "Lưu: VT" kept.
``signer``
    ``{"authority": [lines], "position", "name"}``: "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / "Phan Trọng Tấn".
``container``
    ``null``, or the decision that adopts the plan: ``{"document_type", "title",
    "symbol", "symbol_text", "date", "date_text", "legal_bases"}``.
``legacy_encoding``
    ``"tcvn3"``/``"vni"`` when the text was repaired from a legacy encoding.
``warnings``
    ``[{"line", "message"}]`` in Vietnamese: what could not be placed or looks
    doubtful (blank number, incomplete date, activity without lead, skipped
    numbering, …); ``line`` is ``null`` for the document as a whole.
``sources``
    ``{"field path": [first line, last line]}`` for the fields above, e.g.
    ``"title"``, ``"issuer"``, ``"legal_bases.0"``, ``"activities.2.timing"``,
    ``"activities.0.subactivities.1"``, ``"responsibilities.3.unit"``, ``"signer"``.
"""

from __future__ import annotations

from cchc.documents.parsing.model import (
    ParsedActivity,
    ParsedAudience,
    ParsedChannel,
    ParsedLegalBasis,
    ParsedPlan,
    ParsedReporting,
    ParsedResponsibility,
    ParsedTheme,
    ParseWarning,
)
from cchc.documents.parsing.plan import NOT_A_PLAN, parse_plan
from cchc.documents.parsing.vocab import AUDIENCES, CHANNEL_KINDS, REFORM_AREAS, REFORM_INDICES

__all__ = [
    "AUDIENCES",
    "CHANNEL_KINDS",
    "NOT_A_PLAN",
    "REFORM_AREAS",
    "REFORM_INDICES",
    "ParseWarning",
    "ParsedActivity",
    "ParsedAudience",
    "ParsedChannel",
    "ParsedLegalBasis",
    "ParsedPlan",
    "ParsedReporting",
    "ParsedResponsibility",
    "ParsedTheme",
    "parse_plan",
]
