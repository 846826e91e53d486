"""The provinces' rows on the server, in the models' own tables, read and written as the JSON values sync
carries; each row's bookkeeping in ``sync_meta``; and the change-log positions of each province.

Values are stored in the one form every database reads back alike (``protocol.decode``), so the digest
computed when a row is written is the digest of the row as any later reader finds it: checksums are sums of
the stored digests and never need the rows themselves.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Connection, Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from sync.protocol import SYNCED_TABLES, data_columns, decode, encode, row_digest
from sync.server import schema

COLUMNS: dict[str, list[Column[Any]]] = {name: data_columns(table) for name, table in SYNCED_TABLES.items()}


def table_of(name: str) -> Table:
    return SYNCED_TABLES[name]


def decoded(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (JSON values, every column of the row) as the table stores them; ValueError names the field."""
    return {c.key: decode(c, data.get(c.key)) for c in COLUMNS[name]}


def _encoded(name: str, found: Any) -> dict[str, Any]:
    return {c.key: encode(v) for c, v in zip(COLUMNS[name], found, strict=True)}


def read(connection: Connection, name: str, row_id: str) -> dict[str, Any] | None:
    """The row ``row_id`` of table ``name`` as JSON values, or None."""
    table = table_of(name)
    found = connection.execute(select(*COLUMNS[name]).where(table.c.id == uuid.UUID(row_id))).first()
    return None if found is None else _encoded(name, found)


def read_many(connection: Connection, name: str, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The rows of table ``name`` among ``ids`` that exist, by id, as JSON values."""
    table = table_of(name)
    wanted = sorted({uuid.UUID(i) for i in ids})
    rows: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        for found in connection.execute(select(*COLUMNS[name]).where(table.c.id.in_(wanted[start : start + 500]))):
            data = _encoded(name, found)
            rows[data["id"]] = data
    return rows


def write(connection: Connection, name: str, data: dict[str, Any], new: bool) -> None:
    """Store the whole row ``data`` (JSON values, already checked by :func:`decoded`): insert or update.
    IntegrityError when the database refuses it (a key another row holds, a parent that does not exist)."""
    table = table_of(name)
    values = decoded(name, data)
    if new:
        connection.execute(insert(table).values(**values))
    else:
        row_id = values.pop("id")
        connection.execute(update(table).where(table.c.id == row_id).values(**values))


def digest(name: str, data: dict[str, Any]) -> str:
    """The row's digest as ``sync_meta`` stores it (hex): the same number the PCs add up."""
    return f"{row_digest(name, data):032x}"


# --- bookkeeping -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Meta:
    """What the server keeps beside a row: its province, its position, whose change it was, and per field the
    clock value and author of its last change."""

    province: str
    position: int
    device: str
    clocks: dict[str, list[str]]


def meta(connection: Connection, name: str, row_id: str) -> Meta | None:
    found = connection.execute(
        select(
            schema.meta.c.province_code, schema.meta.c.position, schema.meta.c.device_id, schema.meta.c.clocks
        ).where(schema.meta.c.table_name == name, schema.meta.c.row_id == row_id)
    ).first()
    if found is None:
        return None
    return Meta(str(found.province_code), int(found.position), str(found.device_id), dict(found.clocks or {}))


def provinces(connection: Connection, name: str, ids: Iterable[str]) -> dict[str, str]:
    """The province of each of ``ids`` (rows of table ``name``) the server holds."""
    wanted = sorted(set(ids))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        for row_id, province in connection.execute(
            select(schema.meta.c.row_id, schema.meta.c.province_code).where(
                schema.meta.c.table_name == name, schema.meta.c.row_id.in_(wanted[start : start + 500])
            )
        ):
            found[str(row_id)] = str(province)
    return found


def save_meta(
    connection: Connection,
    name: str,
    row_id: str,
    *,
    province: str,
    position: int,
    device: str,
    clocks: dict[str, list[str]],
    data: dict[str, Any],
    new: bool,
) -> None:
    """Record a row's new position (its place in the change log), whose change it was and its digest."""
    values = {
        "province_code": province,
        "position": position,
        "device_id": device,
        "clocks": clocks,
        "digest": digest(name, data),
    }
    if new:
        connection.execute(insert(schema.meta).values(table_name=name, row_id=row_id, **values))
    else:
        connection.execute(
            update(schema.meta).where(schema.meta.c.table_name == name, schema.meta.c.row_id == row_id).values(**values)
        )


# --- positions ---------------------------------------------------------------------------------------------
_POSITIONS = "positions"


@contextmanager
def positions(connection: Connection) -> Iterator[None]:
    """Hand out change-log positions for one transaction: each province's counter row is read and locked
    at its first use, counted in memory, and written once at the end (two statements a batch, not two a
    change). The lock is held until commit, so no reader sees a later position before an earlier one, and
    no other writer changes a row of that province meanwhile (what a writer read stays true)."""
    taken: dict[str, list[int]] = {}  # scope -> [position at start, last handed out]
    connection.info[_POSITIONS] = taken
    try:
        yield
        for scope, (start, last) in taken.items():
            if last != start:
                connection.execute(
                    update(schema.counter).where(schema.counter.c.province_code == scope).values(position=last)
                )
    finally:
        connection.info.pop(_POSITIONS, None)


def lock(connection: Connection, scope: str) -> None:
    """Take ``scope``'s counter lock (inside :func:`positions`) before reading rows the transaction will change."""
    taken: dict[str, list[int]] = connection.info[_POSITIONS]
    if scope in taken:
        return
    current = connection.scalar(
        select(schema.counter.c.position).where(schema.counter.c.province_code == scope).with_for_update()
    )
    if current is None:
        try:
            with connection.begin_nested():
                connection.execute(insert(schema.counter).values(province_code=scope, position=0))
            current = 0
        except IntegrityError:  # created meanwhile by another server process
            current = connection.scalar(
                select(schema.counter.c.position).where(schema.counter.c.province_code == scope).with_for_update()
            )
    taken[scope] = [int(current or 0), int(current or 0)]


def next_position(connection: Connection, scope: str) -> int:
    """The next position of ``scope``'s change log (inside :func:`positions`)."""
    lock(connection, scope)
    taken: dict[str, list[int]] = connection.info[_POSITIONS]
    taken[scope][1] += 1
    return taken[scope][1]


def position(connection: Connection, scope: str) -> int:
    """The last position handed out in ``scope`` (committed, or taken by this transaction)."""
    taken = connection.info.get(_POSITIONS, {})
    if scope in taken:
        return int(taken[scope][1])
    found = connection.scalar(select(schema.counter.c.position).where(schema.counter.c.province_code == scope))
    return int(found or 0)
