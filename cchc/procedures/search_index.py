"""The full-text index of procedures, per database engine.

* SQLite: an FTS5 table ``procedures_fts`` over the folded name and body, external content
  (it reads the rows of ``procedures_procedure``), kept in sync by three triggers.
* PostgreSQL: stored generated ``tsvector`` columns ('simple' configuration), each with a
  GIN index: ``search_vector`` (name weighted A, body B) and ``name_vector`` (the name).

Both are created by migration 0002 (``name_vector`` by 0004). SQLite drops a table's triggers when Django rebuilds
the table (some ``ALTER`` operations); a later migration that alters ``Procedure`` must call
:func:`install` again (it is idempotent), and :func:`rebuild` refills the index.
"""

from __future__ import annotations

from typing import Any

# The SQL below is built from the constant table name only (no input): S608 does not apply.

TABLE = "procedures_procedure"

SQLITE_INSTALL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS procedures_fts USING fts5(
        search_name, search_body, content='{TABLE}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS procedures_fts_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO procedures_fts(rowid, search_name, search_body)
        VALUES (new.id, new.search_name, new.search_body); END""",  # noqa: S608
    f"""CREATE TRIGGER IF NOT EXISTS procedures_fts_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO procedures_fts(procedures_fts, rowid, search_name, search_body)
        VALUES ('delete', old.id, old.search_name, old.search_body); END""",  # noqa: S608
    f"""CREATE TRIGGER IF NOT EXISTS procedures_fts_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO procedures_fts(procedures_fts, rowid, search_name, search_body)
        VALUES ('delete', old.id, old.search_name, old.search_body);
        INSERT INTO procedures_fts(rowid, search_name, search_body)
        VALUES (new.id, new.search_name, new.search_body); END""",  # noqa: S608
    "INSERT INTO procedures_fts(procedures_fts) VALUES ('rebuild')",
]
SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS procedures_fts_ai",
    "DROP TRIGGER IF EXISTS procedures_fts_ad",
    "DROP TRIGGER IF EXISTS procedures_fts_au",
    "DROP TABLE IF EXISTS procedures_fts",
]

POSTGRES_INSTALL = [
    f"""ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', coalesce(search_name, '')), 'A')
            || setweight(to_tsvector('simple', coalesce(search_body, '')), 'B')
        ) STORED""",
    f"CREATE INDEX IF NOT EXISTS procedures_search_vector_gin ON {TABLE} USING gin (search_vector)",
    # The name alone, for suggestions and for ranking broad queries (a weight-restricted
    # query on search_vector would recheck every row with the words in its body).
    f"""ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS name_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', coalesce(search_name, ''))) STORED""",
    f"CREATE INDEX IF NOT EXISTS procedures_name_vector_gin ON {TABLE} USING gin (name_vector)",
]
POSTGRES_UNINSTALL = [
    "DROP INDEX IF EXISTS procedures_name_vector_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS name_vector",
    "DROP INDEX IF EXISTS procedures_search_vector_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def _run(connection: Any, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection: Any) -> None:
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_INSTALL)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRES_INSTALL)


def uninstall_name_vector(connection: Any) -> None:
    if connection.vendor == "postgresql":
        _run(connection, POSTGRES_UNINSTALL[:2])


def uninstall(connection: Any) -> None:
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_UNINSTALL)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRES_UNINSTALL)


def rebuild(connection: Any) -> None:
    """Refill the index from the rows (SQLite; PostgreSQL's generated column needs nothing)."""
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_INSTALL)
