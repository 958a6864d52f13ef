"""Reading procedures: the search, filters, suggestions and the recently changed list.

Search goes through the engine's full-text index (see ``search_index``): every word of the
folded query must appear in the name or the body (the last word as a prefix while typing).
Results rank the words as a phrase in the name first, then every word in the name, then
matches through the body (documents, steps...); within each, the names with the fewest
other words first. A query matching more than ``RANK_CAP`` procedures is broad: the first
of them are ranked and the person is asked to narrow it. When no procedure has every word, words that appear in no procedure name are
replaced by the closest name word (misspellings: "ket hnon" → "ket hon"); when that still
finds nothing, procedures with any of the words are offered as approximate results.
"""

from __future__ import annotations

import difflib
import threading
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext as _

from cchc.orgs.models import Unit
from cchc.procedures.models import Procedure, Status
from cchc.procedures.text import MAX_QUERY_CHARS, MAX_QUERY_WORDS, words
from cchc.text import sort_key

# Words that name the kind of thing searched rather than the procedure ("thủ tục đăng ký
# kết hôn" means "đăng ký kết hôn"); dropped when other words remain.
GENERIC_WORDS = ("thu", "tuc")


@dataclass(frozen=True)
class Filters:
    field: str = ""
    level: str = ""
    unit: Unit | None = None
    include_abolished: bool = False


@dataclass
class SearchResult:
    procedures: list[Procedure]
    total: int
    words: list[str]
    #: The words actually searched when misspellings were corrected ("" otherwise).
    corrected: str = ""
    #: True when no procedure had every word and these have only some of them.
    approximate: bool = False
    #: True when more than ``RANK_CAP`` procedures match: ``total`` is then ``RANK_CAP``.
    more: bool = False
    notes: list[str] = field(default_factory=list)


def query_words(query: str) -> tuple[list[str], list[str]]:
    """The words to search for, and notes for the person when the query was cut short."""
    notes = []
    if len(query) > MAX_QUERY_CHARS:
        notes.append(
            _("Từ khóa quá dài: chỉ %(n)s ký tự đầu được dùng để tìm.") % {"n": MAX_QUERY_CHARS}
        )
        query = query[:MAX_QUERY_CHARS]
    found = words(query)
    if len(found) > MAX_QUERY_WORDS:
        notes.append(
            _("Từ khóa có quá nhiều từ: chỉ %(n)s từ đầu được dùng.") % {"n": MAX_QUERY_WORDS}
        )
        found = found[:MAX_QUERY_WORDS]
    if found[: len(GENERIC_WORDS)] == list(GENERIC_WORDS) and len(found) > len(GENERIC_WORDS):
        found = found[len(GENERIC_WORDS) :]
    return found, notes


def filtered(filters: Filters) -> QuerySet[Procedure]:
    qs = Procedure.objects.all()
    if not filters.include_abolished:
        qs = qs.exclude(status=Status.ABOLISHED)
    if filters.field:
        qs = qs.filter(field=filters.field)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.unit is not None:
        qs = qs.filter(handling_unit__path__startswith=filters.unit.path)
    return qs


# --- The engine's query ---------------------------------------------------------------


def _filter_sql(filters: Filters, alias: str) -> tuple[str, list[Any]]:
    sql, params = [], []
    if not filters.include_abolished:
        sql.append(f"{alias}.status <> %s")
        params.append(Status.ABOLISHED.value)
    if filters.field:
        sql.append(f"{alias}.field = %s")
        params.append(filters.field)
    if filters.level:
        sql.append(f"{alias}.level = %s")
        params.append(filters.level)
    if filters.unit is not None:
        units = Unit._meta.db_table
        sql.append(f"{alias}.handling_unit_id IN (SELECT id FROM {units} WHERE path LIKE %s)")  # noqa: S608
        params.append(filters.unit.path + "%")
    return "".join(f" AND {s}" for s in sql), params


#: Most matches ranked. A query matching more is broad: the first candidates with every word
#: in the name, then anywhere, are ranked, up to this many, and the person is asked to
#: narrow the search (a field, a level, more words).
RANK_CAP = 300


def _engine_match(found: list[str], *, mode: str, prefix: bool) -> tuple[str, str, list[Any]]:
    """FROM clause, match condition and its parameters, for the current engine.

    ``mode``: ``all`` (every word, in the name or the body), ``any`` (one word or more),
    ``name`` (every word in the name). ``prefix``: the last word may be the start of a word.
    The words are letters and digits only (see ``text.words``), so quoting them is enough.
    """
    if connection.vendor == "sqlite":
        terms = [f'"{w}"' for w in found]
        if prefix:
            terms[-1] += "*"
        if mode == "name":
            expr = f"search_name : ({' '.join(terms)})"
        elif mode == "any":
            expr = " OR ".join(terms)
        else:
            expr = " ".join(terms)
        return (
            "procedures_fts f JOIN procedures_procedure p ON p.id = f.rowid",
            "procedures_fts MATCH %s",
            [expr],
        )
    lexemes = [f"'{w}'" for w in found]
    if prefix:
        lexemes[-1] += ":*"
    column = "name_vector" if mode == "name" else "search_vector"
    joiner = " | " if mode == "any" else " & "
    return (
        "procedures_procedure p",
        f"p.{column} @@ to_tsquery('simple', %s)",
        [joiner.join(lexemes)],
    )


def _score(
    found: list[str], prefix: bool, name: str, search_name: str
) -> tuple[int, int, int, str]:
    """Sort key of a match: the words as a phrase in the name first, then every word in the
    name, then the rest (words found in the body); within each, names that say the most
    with the fewest other words first, then by name."""
    name_words = search_name.split()
    padded = f" {search_name} "
    phrase = " ".join(found)
    if prefix:
        in_name = [any(w.startswith(q) for w in name_words) for q in found[-1:]] + [
            q in name_words for q in found[:-1]
        ]
        has_phrase = f" {phrase}" in padded
    else:
        in_name = [q in name_words for q in found]
        has_phrase = f" {phrase} " in padded
    tier = 0 if has_phrase else 1 if all(in_name) else 2
    return (tier, -sum(in_name), len(name_words), name)


def _ranked_ids(
    found: list[str],
    filters: Filters,
    *,
    prefix: bool,
    mode: str,
    limit: int,
    offset: int,
) -> tuple[list[int], int, bool]:
    """Ids of one page of matching procedures, best first; how many match (at most
    ``RANK_CAP``); whether more than that match.

    The engine's index finds the matches (at most ``RANK_CAP`` + 1 are read); they are ranked
    here with :func:`_score`, which needs no statistics over the whole index (BM25 and
    ts_rank would read the posting lists of common words such as "cấp" or "đăng ký", or every
    matching row, on each query).
    """
    if connection.vendor not in ("sqlite", "postgresql"):  # pragma: no cover - not supported
        qs = filtered(filters)
        for w in found:
            qs = qs.filter(Q(search_name__contains=w) | Q(search_body__contains=w))
        return list(qs.values_list("pk", flat=True)[offset : offset + limit]), qs.count(), False
    where_extra, filter_params = _filter_sql(filters, "p")

    def matches(cursor: Any, step: str, cap: int) -> list[tuple[int, str, str]]:
        source, match, params = _engine_match(found, mode=step, prefix=prefix)
        cursor.execute(
            f"SELECT p.id, p.name, p.search_name FROM {source} WHERE {match}{where_extra} LIMIT %s",  # noqa: S608
            [*params, *filter_params, cap],
        )
        return list(cursor.fetchall())

    postgres = connection.vendor == "postgresql"
    inside_transaction = connection.in_atomic_block
    with transaction.atomic() if postgres else nullcontext(), connection.cursor() as cursor:
        if postgres:
            # With LIMIT, the planner prefers scanning the table and testing each row's
            # tsvector (slow when few rows match); the GIN index is bounded either way.
            cursor.execute("SET LOCAL enable_seqscan = off")
        # Procedures with every word in the name first: when they alone are too many, the
        # query is broad and the body need not be read. Otherwise the body matches follow.
        rows = matches(cursor, "name", RANK_CAP + 1) if mode in ("all", "name") else []
        more = len(rows) > RANK_CAP
        if not more and mode != "name":
            others = matches(cursor, mode, RANK_CAP + 1)
            more = len(others) > RANK_CAP
            rows += others
        if postgres and inside_transaction:
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
    candidates: dict[int, tuple[int, int, int, str]] = {}
    for pk, name, search_name in rows:
        if pk not in candidates and len(candidates) < RANK_CAP:
            candidates[pk] = _score(found, prefix, name, search_name)
    ranked = sorted(candidates, key=lambda pk: (candidates[pk], pk))
    return ranked[offset : offset + limit], len(candidates), more


def _load(ids: list[int]) -> list[Procedure]:
    by_id = Procedure.objects.select_related("handling_unit").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


# --- Misspellings ----------------------------------------------------------------------

_vocabulary_lock = threading.Lock()
_vocabulary: dict[str, Any] = {"key": None, "counts": Counter(), "list": []}


def catalog_key() -> tuple[Any, ...]:
    """Changes whenever a procedure is added, changed or deleted (in any process)."""
    # Three cheap reads (indexes): one aggregate with two MAX would scan the table on SQLite.
    latest = Procedure.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    last_pk = Procedure.objects.aggregate(n=Max("pk"))["n"]
    return (latest, last_pk, Procedure.objects.count())


def name_vocabulary() -> Counter[str]:
    """How many procedure names use each word, cached until a procedure changes."""
    key = catalog_key()
    with _vocabulary_lock:
        if _vocabulary["key"] != key:
            counts: Counter[str] = Counter()
            for name in Procedure.objects.values_list("search_name", flat=True).iterator(
                chunk_size=5000
            ):
                counts.update(set(name.split()))
            _vocabulary.update(key=key, counts=counts, list=sorted(counts))
        counts = _vocabulary["counts"]
        return counts


def corrected_words(found: list[str]) -> list[str]:
    """Each word that is in no procedure name replaced by the closest name word, if any.

    Among equally close words, one with the same first letter wins, then the most used.
    """
    counts = name_vocabulary()
    ordered = _vocabulary["list"]
    out = []
    for w in found:
        if w in counts or w.isdigit():
            out.append(w)
            continue
        close = difflib.get_close_matches(w, ordered, n=8, cutoff=0.6)
        if not close:
            out.append(w)
            continue
        out.append(
            max(
                close,
                key=lambda c: (
                    difflib.SequenceMatcher(None, w, c).ratio(),
                    c[0] == w[0],
                    counts[c],
                ),
            )
        )
    return out


# --- What views call ---------------------------------------------------------------------


def search(
    query: str, filters: Filters | None = None, *, limit: int = 20, offset: int = 0
) -> SearchResult:
    """Procedures matching the query and filters, best first; without words, by name."""
    filters = filters or Filters()
    found, notes = query_words(query)
    if not found:
        qs = filtered(filters).select_related("handling_unit").order_by("name", "pk")
        return SearchResult(list(qs[offset : offset + limit]), qs.count(), [], notes=notes)
    ids, total, more = _ranked_ids(
        found, filters, prefix=False, mode="all", limit=limit, offset=offset
    )
    if total:
        return SearchResult(_load(ids), total, found, more=more, notes=notes)
    fixed = corrected_words(found)
    if fixed != found:
        ids, total, more = _ranked_ids(
            fixed, filters, prefix=False, mode="all", limit=limit, offset=offset
        )
        if total:
            return SearchResult(
                _load(ids), total, fixed, corrected=" ".join(fixed), more=more, notes=notes
            )
    if len(fixed) > 1:
        ids, total, more = _ranked_ids(
            fixed, filters, prefix=False, mode="any", limit=limit, offset=offset
        )
        if total:
            corrected = " ".join(fixed) if fixed != found else ""
            return SearchResult(
                _load(ids),
                total,
                fixed,
                corrected=corrected,
                approximate=True,
                more=more,
                notes=notes,
            )
    return SearchResult([], 0, found, notes=notes)


def suggest(query: str, *, limit: int = 8) -> list[Procedure]:
    """Names for suggest-as-you-type: every word in the name, the last one as a prefix."""
    found, _notes = query_words(query)
    if not found:
        return []
    ids, _total, _more = _ranked_ids(
        found, Filters(), prefix=True, mode="name", limit=limit, offset=0
    )
    return _load(ids)


_choices_cache: dict[str, Any] = {"key": None, "fields": [], "unit_ids": []}


def _filter_choices() -> dict[str, Any]:
    """Fields and handling units of the catalog, read again only after a change."""
    key = catalog_key()
    with _vocabulary_lock:
        if _choices_cache["key"] != key:
            names = (
                Procedure.objects.exclude(status=Status.ABOLISHED)
                .values_list("field", flat=True)
                .distinct()
            )
            unit_ids = (
                Procedure.objects.filter(handling_unit__isnull=False)
                .values_list("handling_unit_id", flat=True)
                .distinct()
            )
            _choices_cache.update(
                key=key,
                fields=sorted((n for n in names if n), key=sort_key),
                unit_ids=list(unit_ids),
            )
        return dict(_choices_cache)


def fields() -> list[str]:
    """The fields (lĩnh vực) of procedures in force, in Vietnamese order."""
    return list(_filter_choices()["fields"])


def handling_units() -> list[Unit]:
    """Units that handle at least one procedure, in tree order."""
    return list(Unit.objects.filter(pk__in=_filter_choices()["unit_ids"]).order_by("path"))


def recently_changed(limit: int = 50) -> QuerySet[Procedure]:
    """Procedures newly issued, amended or abolished, latest change first."""
    return (
        Procedure.objects.filter(changed_on__isnull=False)
        .select_related("handling_unit")
        .order_by("-changed_on", "-pk")[:limit]
    )
