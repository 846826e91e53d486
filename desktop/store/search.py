"""Search-as-you-type that ignores accents and đ: a folded ``search_text`` column indexed by FTS5.

The folded text is defined once, as SQL over the row (``fold()`` is registered on every connection), so
the ORM, bulk loads and migrations all produce the same text. Each searchable table has an external-content
FTS5 index kept current by triggers inside the same transaction as the change.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, event, inspect, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from desktop.core.text import fold
from desktop.models.base import Synced

_COMMUNE = "coalesce((SELECT c.name FROM commune c WHERE c.code = {t}.commune_code), '')"

# The folded name comes first: ordering by search_text is then an accent-insensitive order by name.
SEARCH_TEXT_SQL: dict[str, str] = {
    "facility": (
        "fold(name) || ' | ' || coalesce(tax_code, '') || ' ' || fold(representative_name || ' ' || main_line"
        f" || ' ' || street_address || ' ' || {_COMMUNE.format(t='facility')} || ' ' || phone)"
    ),
    "proposal": "fold(title) || ' | ' || code || ' ' || fold(implementing_unit)",
    "training_course": "fold(topic) || ' | ' || code || ' ' || fold(venue)",
    "trainee": (
        "fold(full_name) || ' | ' || coalesce(cccd, '') || ' ' || phone || ' ' || fold(address || ' ' || "
        f"{_COMMUNE.format(t='trainee')})"
    ),
    "voting_round": "fold(name) || ' | ' || fold(council_name) || ' ' || decision_no",
}
SEARCHABLE = tuple(SEARCH_TEXT_SQL)
FTS_SUFFIX = "_fts"


def fts_table(table: str) -> str:
    return f"{table}{FTS_SUFFIX}"


def refresh_sql(table: str) -> str:
    """The UPDATE that recomputes ``search_text`` of every row of ``table`` (for bulk loads)."""
    return f"UPDATE {table} SET search_text = {SEARCH_TEXT_SQL[table]}"


def refresh(connection: Connection, table: str, ids: list[Any] | None = None) -> None:
    """Recompute ``search_text`` of ``table`` (all rows, or the rows with these ids)."""
    sql = refresh_sql(table)
    if ids is None:
        connection.execute(text(sql))
        return
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join(f":i{n}" for n in range(len(chunk)))
        params = {f"i{n}": value.hex for n, value in enumerate(chunk)}
        connection.execute(text(f"{sql} WHERE id IN ({marks})"), params)


def create_index(connection: Connection, table: str) -> None:
    """Create the FTS5 index of ``table`` and the triggers that keep it current, then fill it.

    The index refers to rows by SQLite's rowid. A VACUUM or a table rebuilt by a migration may renumber
    rowids, so such work must end with :func:`rebuild` (migrations that rebuild a searchable table call
    this function again).
    """
    fts = fts_table(table)
    connection.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_text, content='{table}', "
        "content_rowid='rowid', tokenize='unicode61', prefix='1 2 3')"
    )
    connection.exec_driver_sql(
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.rowid, new.search_text); END"
    )
    connection.exec_driver_sql(
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END"
    )
    connection.exec_driver_sql(
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF search_text ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.rowid, new.search_text); END"
    )
    rebuild(connection, table)


def drop_index(connection: Connection, table: str) -> None:
    fts = fts_table(table)
    for suffix in ("ai", "ad", "au"):
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {fts}")


def rebuild(connection: Connection, table: str) -> None:
    """Rebuild the FTS5 index of ``table`` from the table itself."""
    fts = fts_table(table)
    connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def index_is_sound(connection: Connection, table: str) -> bool:
    """FTS5's own integrity check of the index against the table."""
    fts = fts_table(table)
    try:
        connection.exec_driver_sql(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
    except sa_exc.OperationalError:
        raise  # the check could not run (a read-only file, a full disk): that says nothing of the index
    except sa_exc.DatabaseError:
        return False
    return True


_TOKEN = re.compile(r"[0-9a-z]+")


def fold_words(text: str) -> str:
    """The words of ``text`` as search sees them: folded, punctuation dropped."""
    return " ".join(_TOKEN.findall(fold(text)))


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression for what the user typed: every word must start a word of the row.

    "da nang" and "Đà Nẵng" give the same expression; None when nothing searchable was typed.
    """
    tokens = _TOKEN.findall(fold(query))
    if not tokens:
        return None
    return " ".join(f'"{token}"*' for token in tokens)


def word_patterns(query: str) -> list[str]:
    """GLOB patterns, one per typed word, that ``' ' || search_text`` matches when one of its words starts
    with that word: the rows :func:`match_expression` finds, tested on a row's own text.

    Exact for text that folds to ASCII, as all Vietnamese does; a letter folding leaves (like "ø") counts
    here as a break between words.
    """
    return [f"*[^0-9a-z]{token}*" for token in _TOKEN.findall(fold(query))]


def _searchable(session: Session) -> list[Synced]:
    return [
        obj
        for obj in (*session.new, *session.dirty)
        if isinstance(obj, Synced) and obj.__tablename__ in SEARCH_TEXT_SQL
    ]


def _after_flush(session: Session, _context: object) -> None:
    rows = _searchable(session)
    if not rows:
        return
    changed: dict[str, list[Any]] = defaultdict(list)
    for obj in rows:
        changed[obj.__tablename__].append(obj.id)
    connection = session.connection()
    for table, ids in changed.items():
        refresh(connection, table, ids)
    session.info.setdefault("search_refreshed", []).extend(rows)


def _after_flush_postexec(session: Session, _context: object) -> None:
    # The UPDATE above ran beside the ORM: the in-memory value is stale, load it again when asked.
    for obj in session.info.pop("search_refreshed", []):
        if inspect(obj).persistent:
            session.expire(obj, ["search_text"])


def install(target: sessionmaker[Session]) -> None:
    """Keep ``search_text`` current for every change made through sessions of the new factory ``target``
    (not guarded by ``event.contains``, for the reason given at :func:`desktop.store.audit.install`)."""
    event.listen(target, "after_flush", _after_flush)
    event.listen(target, "after_flush_postexec", _after_flush_postexec)
