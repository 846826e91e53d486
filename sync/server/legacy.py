"""Moving the rows of a server from before the models' own tables into them (revision s0004).

Older servers kept each row as a JSON document (``sync_row``) checked by hand, and some documents held what
no PC can store (a commune that does not exist, a score of 99, a second score of one juror for one entry).
Each document is moved, parents first, with its position and clocks, through the same checks as a push;
what the tables cannot hold goes to ``sync_quarantine`` with the reason, for the administrator, and is no
longer served. Attachment contents move to their province's store (a content is kept for each province
with a record of it).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    insert,
    inspect,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.models.base import NATIONAL_SCOPE
from sync.protocol import SYNCED_TABLES, decode, encode
from sync.server import rows, schema

_old = MetaData()
_row = Table(
    "sync_row",
    _old,
    Column("table_name", String(40), primary_key=True),
    Column("row_id", String(36), primary_key=True),
    Column("province_code", String(2)),
    Column("position", BigInteger),
    Column("data", JSON),
    Column("clocks", JSON),
)
_blob = Table(
    "sync_blob",
    _old,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger),
    Column("received", BigInteger),
    Column("complete", Boolean),
    Column("created_at", DateTime(timezone=True)),
)
_chunk = Table(
    "sync_blob_chunk",
    _old,
    Column("sha256", String(64), primary_key=True),
    Column("start", BigInteger, primary_key=True),
    Column("data", LargeBinary),
)
OLD_TABLES = ("sync_row", "sync_change", "sync_blob", "sync_blob_chunk")
CHUNK = 500


def move(connection: Connection) -> int:
    """Move every document into the models' tables; returns how many went to quarantine."""
    present = set(inspect(connection).get_table_names())
    if "sync_row" not in present:
        return 0
    from desktop.store import reference_data

    with Session(bind=connection, autoflush=False) as session:  # the catalogues rows name (communes…)
        reference_data.seed_catalogues(session)
        session.flush()
    held: dict[str, dict[str, str]] = defaultdict(dict)  # table -> id -> province, of the rows moved
    keys: dict[tuple[str, tuple[str, ...]], set[tuple[Any, ...]]] = defaultdict(set)
    quarantined = 0
    for name in SYNCED_TABLES:
        documents = connection.execute(
            select(_row.c.row_id, _row.c.province_code, _row.c.position, _row.c.data, _row.c.clocks)
            .where(_row.c.table_name == name)
            .order_by(_row.c.position)
        ).all()
        ready: list[tuple[Any, dict[str, Any]]] = []
        for document in documents:
            reason, data = _checked(connection, name, document, held, keys)
            if reason:
                quarantined += 1
                _quarantine(connection, name, document, reason)
            else:
                ready.append((document, data))
                held[name][str(document.row_id)] = str(document.province_code)
        for start in range(0, len(ready), CHUNK):
            quarantined += _store(connection, name, ready[start : start + CHUNK], held)
    _move_files(connection, present)
    for table in OLD_TABLES:
        if table in present:
            connection.exec_driver_sql(f"DROP TABLE {table}")
    return quarantined


def _checked(
    connection: Connection,
    name: str,
    document: Any,
    held: dict[str, dict[str, str]],
    keys: dict[tuple[str, tuple[str, ...]], set[tuple[Any, ...]]],
) -> tuple[str, dict[str, Any]]:
    """(reason it cannot be stored, "" if it can; the row as the table stores it)."""
    from sync.server import authority

    table = SYNCED_TABLES[name]
    source = dict(document.data or {})
    data = {c.key: source.get(c.key) for c in rows.COLUMNS[name]}
    data.update(id=str(document.row_id), province_code=str(document.province_code), row_version=int(document.position))
    for column in rows.COLUMNS[name]:
        if data[column.key] is None and column.default is not None and column.default.is_scalar:
            data[column.key] = encode(getattr(column.default, "arg", None))
    try:
        data = {c.key: encode(decode(c, data[c.key])) for c in rows.COLUMNS[name]}
    except ValueError as error:
        return str(error), data
    missing = [c.key for c in rows.COLUMNS[name] if not c.nullable and data[c.key] is None]
    if missing:
        return f"thiếu trường bắt buộc {', '.join(missing)}", data
    scope = data["province_code"]
    for column in table.columns:
        value = data.get(column.key)
        for key in column.foreign_keys if value is not None else ():
            parent = key.column.table.name
            if parent in SYNCED_TABLES:
                if held[parent].get(str(value)) not in (scope, NATIONAL_SCOPE):
                    return f"bản ghi liên quan {parent} {value} không có (hoặc thuộc tỉnh khác)", data
            elif not authority.reference_exists(connection, parent, str(value)):
                return f"mã “{value}” không có trong danh mục {parent}", data
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            columns = tuple(c.key for c in constraint.columns)
            value_key = tuple(data[c] for c in columns)
            if None in value_key:
                continue
            if value_key in keys[(name, columns)]:
                return f"trùng khóa ({', '.join(columns)}) với một bản ghi khác", data
            keys[(name, columns)].add(value_key)
    return "", data


def _store(
    connection: Connection, name: str, ready: list[tuple[Any, dict[str, Any]]], held: dict[str, dict[str, str]]
) -> int:
    """Write a chunk of rows and their bookkeeping; a row the database still refuses (a check) is quarantined."""
    try:
        with connection.begin_nested():
            for document, data in ready:
                _write(connection, name, document, data)
        return 0
    except IntegrityError:
        pass
    refused = 0
    for document, data in ready:
        try:
            with connection.begin_nested():
                _write(connection, name, document, data)
        except IntegrityError as error:
            refused += 1
            held[name].pop(str(document.row_id), None)
            _quarantine(connection, name, document, f"cơ sở dữ liệu không nhận: {str(error.orig)[:200]}")
    return refused


def _write(connection: Connection, name: str, document: Any, data: dict[str, Any]) -> None:
    rows.write(connection, name, data, new=True)
    rows.save_meta(
        connection,
        name,
        str(document.row_id),
        province=str(document.province_code),
        position=int(document.position),
        device="",
        clocks=dict(document.clocks or {}),
        data=data,
        new=True,
    )


def _quarantine(connection: Connection, name: str, document: Any, reason: str) -> None:
    connection.execute(
        insert(schema.quarantine).values(
            table_name=name,
            row_id=str(document.row_id),
            province_code=str(document.province_code),
            data=document.data,
            reason=reason,
            at=datetime.now(UTC),
        )
    )


def _move_files(connection: Connection, present: set[str]) -> None:
    """Each complete attachment content goes to the store of every province with a record of it."""
    if "sync_blob" not in present:
        return
    attachment = SYNCED_TABLES["attachment"]
    owners: dict[str, set[str]] = defaultdict(set)
    for sha, province in connection.execute(select(attachment.c.sha256, attachment.c.province_code)):
        owners[str(sha)].add(str(province))
    for blob in connection.execute(select(_blob).where(_blob.c.complete.is_(True))).all():
        for province in sorted(owners.get(blob.sha256, ())):
            connection.execute(
                insert(schema.file).values(
                    province_code=province,
                    sha256=blob.sha256,
                    size=blob.size,
                    received=blob.size,
                    complete=True,
                    created_at=blob.created_at or datetime.now(UTC),
                )
            )
            for start, data in connection.execute(
                select(_chunk.c.start, _chunk.c.data).where(_chunk.c.sha256 == blob.sha256)
            ):
                connection.execute(
                    insert(schema.file_chunk).values(province_code=province, sha256=blob.sha256, start=start, data=data)
                )
