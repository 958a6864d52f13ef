"""The statements of the start and submit path, written out.

On the last evening of a round every participant starts an attempt and submits it within
a few hours. Each of these requests costs one SELECT and one INSERT here, each a single
round trip and none of them compiled by the ORM at request time (query compilation cost
more than the database work). Everything else in the app goes through the ORM; the rules
stay in ``services``: this module only reads and writes rows.

The SQL is plain enough for both SQLite and PostgreSQL (``RETURNING`` needs SQLite 3.35).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import psycopg
from django.db import connection, models, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cchc.contests.models import Attempt, Participant, Round, Submission


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _datetime(value: Any) -> datetime.datetime:
    """A timestamp as the driver returns it (aware on PostgreSQL, text on SQLite) -> aware."""
    if isinstance(value, str):
        value = parse_datetime(value)
    assert isinstance(value, datetime.datetime)  # noqa: S101 - a NOT NULL timestamp column
    return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)


class _PreparedCursor(psycopg.Cursor):  # type: ignore[type-arg]
    """Every statement a prepared statement of the connection (psycopg keeps them)."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        kwargs.setdefault("prepare", True)
        return super().execute(query, params, **kwargs)

    def _send_query_prepared(self, name: bytes, pgq: Any, **kwargs: Any) -> None:
        # Django's query log (DEBUG, tests) reads the statement from ``_query``, which
        # psycopg fills only for statements it does not prepare.
        self._query = pgq
        super()._send_query_prepared(name, pgq, **kwargs)


def _cursor() -> Any:
    """A cursor for these statements. On PostgreSQL, one that binds values on the server
    and runs them as prepared statements: the database parses and plans each of these
    few statements once per connection instead of at every request (that was half of its
    work for an attempt), and psycopg does no quoting in Python (Django's own cursors bind
    on the client and never prepare). Same connection and transaction, and Django's
    wrapper (error translation, query log) around it. (Behind a connection pooler in
    transaction mode, prepared statements need PgBouncer 1.21+ with
    ``max_prepared_statements`` set.)"""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_PreparedCursor(connection.connection))  # type: ignore[attr-defined]


def _param(value: datetime.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


# Columns whose Python value is already what the driver takes (ints, text, booleans, and
# foreign keys to integer keys): no field method per value. Others (JSON, timestamps,
# decimals, addresses) go through the field's ``get_db_prep_save``.
_PLAIN = (models.IntegerField, models.CharField, models.TextField, models.BooleanField)


def _is_plain(field: Any) -> bool:
    if field.is_relation:
        field = field.target_field
    return isinstance(field, _PLAIN)


def _values(obj: Model, fields: tuple[Any, ...], plain: tuple[bool, ...]) -> list[Any]:
    return [
        getattr(obj, f.attname) if is_plain else f.get_db_prep_save(getattr(obj, f.attname), connection)
        for f, is_plain in zip(fields, plain, strict=True)
    ]


@lru_cache(maxsize=16)
def _insert_sql(
    model: type[Model], vendor: str, source: type[Model] | None = None, where: str = ""
) -> tuple[str, tuple[Any, ...], tuple[bool, ...]]:
    """INSERT of every column but the key, RETURNING the key: ``VALUES``, or with a
    ``source`` a ``SELECT … FROM source src WHERE where`` that stores nothing when no
    row matches."""
    fields = tuple(f for f in model._meta.concrete_fields if not f.primary_key)
    qn = connection.ops.quote_name
    if source is None:
        rows = "VALUES ({})".format(", ".join(["%s"] * len(fields)))
    else:
        # Values of a SELECT list get no type from the target columns: say them.
        values = (
            f"CAST(%s AS {f.cast_db_type(connection)})" if vendor == "postgresql" else "%s"
            for f in fields
        )
        rows = f"SELECT {', '.join(values)} FROM {_table(source)} src WHERE {where}"  # noqa: S608
    sql = "INSERT INTO {} ({}) {} RETURNING {}".format(  # noqa: S608 - names from the models
        _table(model),
        ", ".join(qn(str(f.column)) for f in fields),
        rows,
        qn(str(model._meta.pk.column)),  # type: ignore[union-attr]
    )
    return sql, fields, tuple(_is_plain(f) for f in fields)


def insert(obj: Model) -> None:
    """INSERT every column of a new row and set its primary key.

    A unique violation raises ``IntegrityError`` and changes nothing. Outside a transaction
    (a request in production runs in autocommit) the statement is its own transaction: one
    round trip. Inside one (tests, a caller's atomic block), a savepoint keeps the outer
    transaction usable after a violation."""
    sql, fields, plain = _insert_sql(type(obj), connection.vendor)
    _write(obj, sql, _values(obj, fields, plain))


def _write(obj: Model, sql: str, params: list[Any]) -> Any:
    """Run an INSERT ... RETURNING pk[, more]; set ``obj``'s key; the row (None if none)."""
    if connection.in_atomic_block:
        with transaction.atomic(), _cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
    else:
        with _cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
    if row is not None:
        obj.pk = row[0]
        obj._state.adding = False
        obj._state.db = connection.alias
    return row


# Turns off waiting for the disk for the rest of the current transaction; as a condition
# of an INSERT ... SELECT run on its own (autocommit), that is for this statement only.
_NO_WAIT = "set_config('synchronous_commit', 'off', true) IS NOT NULL"


def _insert_from(
    obj: Model,
    source: type[Model],
    where: str,
    params: list[Any],
    returning: str,
    *,
    wait_for_disk: bool = True,
) -> Any:
    """INSERT ``obj`` only if a row of ``source`` matches ``where``, in one statement.

    Returns the value of the ``returning`` expression (None when nothing matched, and
    then nothing is stored); sets the primary key. As ``insert`` for errors and savepoints.

    ``wait_for_disk=False`` (PostgreSQL, outside a transaction) commits without waiting
    for the write-ahead log to reach the disk: the row is visible at once and kept, but a
    crash of the database server within a fraction of a second may forget it. Only for
    rows whose loss costs nothing (a start, which the participant simply makes again).
    Inside a caller's transaction the setting would outlive the statement: not used."""
    if not wait_for_disk and connection.vendor == "postgresql" and not connection.in_atomic_block:
        where = f"{where} AND {_NO_WAIT}"
    sql, fields, plain = _insert_sql(type(obj), connection.vendor, source, where)
    row = _write(obj, f"{sql}, {returning}", _values(obj, fields, plain) + params)
    return None if row is None else row[1]


def insert_first_attempt(attempt: Attempt, contest_id: int) -> str | None:
    """Store ``attempt`` if its participant is registered in the contest; their full name.

    One statement for the usual start (the participant's first attempt in the round),
    committed without waiting for the disk (see ``_insert_from``); ``IntegrityError`` when they
    already have one, None when they are not registered."""
    name = _insert_from(
        attempt,
        Participant,
        "src.id = %s AND src.contest_id = %s",
        [attempt.participant_id, contest_id],
        f"(SELECT p.full_name FROM {_table(Participant)} p WHERE p.id = participant_id)",  # noqa: S608
        # A start lost in a crash of the database server costs nothing: the participant
        # starts again. Submissions always wait for the disk.
        wait_for_disk=False,
    )
    return None if name is None else str(name)


def insert_submission(submission: Submission, token: str) -> int | None:
    """Store ``submission`` if its attempt still exists with ``token``; the attempt's views.

    One statement; ``IntegrityError`` when the attempt already has a submission."""
    views = _insert_from(
        submission,
        Attempt,
        "src.id = %s AND src.token = %s",
        [submission.attempt_id, token],  # type: ignore[attr-defined]
        f"(SELECT a.views FROM {_table(Attempt)} a WHERE a.id = attempt_id)",  # noqa: S608
    )
    return None if views is None else int(views)


@dataclass
class StartState:
    participant: Participant
    used: int  # attempts the participant has in the round
    open_attempt: int | None  # pk of one still running (not submitted, before its deadline)


def start_state(*, round_: Round, participant_id: int, now: datetime.datetime) -> StartState | None:
    """The registered participant (None if not registered in the round's contest)."""
    attempt, submission = _table(Attempt), _table(Submission)
    # By primary key only (the contest is compared below): the plan cannot drift to the
    # contest index, which would read every participant of the contest.
    sql = (
        f"SELECT p.contest_id, p.full_name, "  # noqa: S608 - table names from the models; values are parameters
        f"(SELECT COUNT(*) FROM {attempt} a WHERE a.round_id = %s AND a.participant_id = p.id), "
        f"(SELECT a.id FROM {attempt} a LEFT JOIN {submission} s ON s.attempt_id = a.id "
        f" WHERE a.round_id = %s AND a.participant_id = p.id AND s.id IS NULL AND a.deadline > %s"
        f" ORDER BY a.number LIMIT 1) "
        f"FROM {_table(Participant)} p WHERE p.id = %s"
    )
    with _cursor() as cursor:
        cursor.execute(sql, [round_.pk, round_.pk, _param(now), participant_id])
        row = cursor.fetchone()
    if row is None or row[0] != round_.contest_id:
        return None
    participant = Participant(id=participant_id, full_name=row[1], contest_id=round_.contest_id)
    participant._state.adding = False
    return StartState(participant=participant, used=int(row[2]), open_attempt=row[3])


@dataclass
class SubmitState:
    attempt: Attempt  # with ``round`` set to the columns the submit rules read
    submission_id: int | None  # the stored submission, if there is one


def submit_state(token: str) -> SubmitState | None:
    """The attempt of ``token`` with its round's rules and its submission, in one SELECT."""
    sql = (
        "SELECT a.id, a.round_id, a.participant_id, a.served, a.started_at, a.deadline, a.views,"  # noqa: S608 - table names from the models; values are parameters
        " r.contest_id, r.closes_at, r.late_policy, r.min_plausible_seconds, r.ask_prediction,"
        " s.id "
        f"FROM {_table(Attempt)} a JOIN {_table(Round)} r ON r.id = a.round_id "
        f"LEFT JOIN {_table(Submission)} s ON s.attempt_id = a.id WHERE a.token = %s"
    )
    with _cursor() as cursor:
        cursor.execute(sql, [token])
        row = cursor.fetchone()
    if row is None:
        return None
    round_ = Round(
        id=row[1],
        contest_id=row[7],
        closes_at=_datetime(row[8]),
        late_policy=row[9],
        min_plausible_seconds=row[10],
        ask_prediction=bool(row[11]),
    )
    round_._state.adding = False
    attempt = Attempt(
        id=row[0],
        round=round_,
        participant_id=row[2],
        token=token,
        served=json.loads(row[3]) if isinstance(row[3], str) else row[3],
        started_at=_datetime(row[4]),
        deadline=_datetime(row[5]),
        views=row[6],
    )
    attempt._state.adding = False
    return SubmitState(attempt=attempt, submission_id=row[12])
