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
from functools import cache
from typing import Any

from sqlalchemy import Column, Connection, Insert, Select, Table, Update, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from sync.protocol import SYNCED_TABLES, Encoder, data_columns, decode, encoder, row_digest
from sync.server import schema

COLUMNS: dict[str, list[Column[Any]]] = {name: data_columns(table) for name, table in SYNCED_TABLES.items()}


def table_of(name: str) -> Table:
    return SYNCED_TABLES[name]


def decoded(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (JSON values, every column of the row) as the table stores them; ValueError names the field."""
    return {c.key: decode(c, data.get(c.key)) for c in COLUMNS[name]}


@cache
def _encoders(name: str) -> tuple[tuple[str, Encoder], ...]:
    return tuple((c.key, encoder(c)) for c in COLUMNS[name])


def _encoded(name: str, found: Any) -> dict[str, Any]:
    return {key: encode_value(value) for (key, encode_value), value in zip(_encoders(name), found, strict=True)}


def read(connection: Connection, name: str, row_id: str) -> dict[str, Any] | None:
    """The row ``row_id`` of table ``name`` as JSON values, or None."""
    found = connection.execute(_select_one(name), {"row": uuid.UUID(row_id)}).first()
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


@cache
def _select_one(name: str) -> Select[Any]:
    table = table_of(name)
    return select(*COLUMNS[name]).where(table.c.id == bindparam("row", type_=table.c.id.type))


@cache
def _insert(name: str) -> Insert:
    return insert(table_of(name))


@cache
def _update(name: str) -> Update:
    # Built once per table and run with each row's values: building a statement of thirty columns for every
    # row was a third of a push's time. (A bound parameter may not take a column's own name in a SET.)
    table = table_of(name)
    values = {c.key: bindparam("v_" + c.key, type_=c.type) for c in COLUMNS[name] if c.key != "id"}
    return update(table).where(table.c.id == bindparam("v_id", type_=table.c.id.type)).values(values)


def write(connection: Connection, name: str, data: dict[str, Any], new: bool) -> None:
    """Store the whole row ``data`` (JSON values, already checked by :func:`decoded`): insert or update.
    IntegrityError when the database refuses it (a key another row holds, a parent that does not exist)."""
    values = decoded(name, data)
    if new:
        connection.execute(_insert(name), values)
    else:
        connection.execute(_update(name), {"v_" + key: value for key, value in values.items()})


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


def metas(connection: Connection, name: str, ids: Iterable[str]) -> dict[str, Meta]:
    """The bookkeeping of the rows ``ids`` of table ``name`` the server holds, by id."""
    wanted = sorted(set(ids))
    found: dict[str, Meta] = {}
    columns = (schema.meta.c.row_id, schema.meta.c.province_code, schema.meta.c.position, schema.meta.c.device_id)
    for start in range(0, len(wanted), 500):
        for row_id, province, position, device, clocks in connection.execute(
            select(*columns, schema.meta.c.clocks).where(
                schema.meta.c.table_name == name, schema.meta.c.row_id.in_(wanted[start : start + 500])
            )
        ):
            found[str(row_id)] = Meta(str(province), int(position), str(device), dict(clocks or {}))
    return found


def meta(connection: Connection, name: str, row_id: str) -> Meta | None:
    return metas(connection, name, [row_id]).get(row_id)


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


_INSERT_META = insert(schema.meta)
_UPDATE_META = (
    update(schema.meta)
    .where(schema.meta.c.table_name == bindparam("m_table"), schema.meta.c.row_id == bindparam("m_row"))
    .values(
        province_code=bindparam("m_province"),
        position=bindparam("m_position"),
        device_id=bindparam("m_device"),
        clocks=bindparam("m_clocks", type_=schema.meta.c.clocks.type),
        digest=bindparam("m_digest"),
    )
)


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
) -> Meta:
    """Record a row's new position (its place in the change log), whose change it was and its digest."""
    row_digest_hex = digest(name, data)
    if new:
        values = {"table_name": name, "row_id": row_id, "province_code": province, "position": position}
        values |= {"device_id": device, "clocks": clocks, "digest": row_digest_hex}
        connection.execute(_INSERT_META, values)
    else:
        values = {"m_table": name, "m_row": row_id, "m_province": province, "m_position": position}
        values |= {"m_device": device, "m_clocks": clocks, "m_digest": row_digest_hex}
        connection.execute(_UPDATE_META, values)
    return Meta(province, position, device, clocks)


# --- positions ---------------------------------------------------------------------------------------------
_POSITIONS = "positions"


@contextmanager
def positions(connection: Connection) -> Iterator[None]:
    """Hand out change-log positions for one transaction: each province's counter row is read and locked
    at its first use, counted in memory, and written once at the end (two statements a batch, not two a
    change). The lock is held until commit, so no reader sees a later position before an earlier one, and
    no other writer changes a row of that province meanwhile: a push takes the locks of the provinces it
    writes before it reads their rows (what it read stays true)."""
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
