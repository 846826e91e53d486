"""Records that are probably the same one made twice (two staff who register one establishment offline):
both are kept, and a conflict record of kind ``duplicate`` asks someone to merge them.

Each live facility or trainee keeps its identity keys (``rules.IDENTITY_FIELDS``: tax code, or name and
commune; CCCD, or name and birth date) in ``sync_identity``, folded, so a new key is found among a province's
records without reading them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select

from sync import rules
from sync.server import rows, schema
from sync.server.transactions import writing

IDENTITY_KEY = "identity_keys"
IDENTITY_VERSION = "4"  # 3: read from the models' tables; 4: fold() ignores invisible characters
_INSERT_IDENTITY = insert(schema.identity)
NAME_FIELDS = {table: fields[1][0] for table, fields in rules.IDENTITY_FIELDS.items() if len(fields) > 1}
"""The field the inbox shows for each table with duplicates ("name", "full_name")."""


def track(
    connection: Connection, table: str, row_id: str, scope: str, data: dict[str, Any], new: bool
) -> list[tuple[str, str, str, str]]:
    """Keep the identity keys of a record current; returns the other live records of the province it now
    shares a key with, each as (id, the strongest field shared, who made it, its clock value)."""
    if table not in rules.DUPLICATE_TABLES:
        return []
    keys = rules.identity_keys(table, data)
    mine = (schema.identity.c.table_name == table) & (schema.identity.c.row_id == row_id)
    present = [] if new else connection.execute(select(schema.identity.c.key).where(mine)).scalars().all()
    held = {str(k) for k in present if k in keys}
    if set(present) - held:
        connection.execute(delete(schema.identity).where(mine, schema.identity.c.key.not_in(sorted(held))))
    gained = keys - held
    if not gained:
        return []
    same = _holders(connection, table, row_id, scope, gained)
    connection.execute(
        _INSERT_IDENTITY,
        [{"table_name": table, "province_code": scope, "key": key, "row_id": row_id} for key in gained],
    )
    found = []
    for other_id, reason in same.items():
        other = rows.read(connection, table, other_id)
        meta = rows.meta(connection, table, other_id)
        if other is None or meta is None:
            continue
        clock = (meta.clocks.get(NAME_FIELDS[table]) or [""])[0]
        found.append((other_id, reason, str(other.get("created_by", "")), str(clock)))
    return found


_HOLDERS = select(schema.identity.c.row_id, schema.identity.c.key).where(
    schema.identity.c.table_name == bindparam("table"),
    schema.identity.c.province_code == bindparam("scope"),
    schema.identity.c.key.in_(bindparam("keys", expanding=True)),
    schema.identity.c.row_id != bindparam("row"),
)


def _holders(connection: Connection, table: str, row_id: str, scope: str, keys: set[str]) -> dict[str, str]:
    """The other records of ``scope`` holding one of ``keys``: each with the strongest field they share."""
    strength = [fields[0] for fields in rules.IDENTITY_FIELDS[table]]  # the tax code before the name
    same: dict[str, str] = {}
    for other_id, key in connection.execute(
        _HOLDERS, {"table": table, "scope": scope, "keys": sorted(keys), "row": row_id}
    ):
        field = str(key).partition(":")[0]
        if str(other_id) not in same or strength.index(field) < strength.index(same[str(other_id)]):
            same[str(other_id)] = field
    return same


def index(engine: Engine) -> None:
    """Build the identity keys of every record once (a server database made before they existed, or before
    the tables they cover changed)."""

    done = select(schema.setting.c.value).where(schema.setting.c.key == IDENTITY_KEY)
    with engine.connect() as connection:
        if connection.scalar(done) == IDENTITY_VERSION:
            return
    with writing(engine) as connection:
        connection.execute(delete(schema.identity))
        connection.execute(delete(schema.setting).where(schema.setting.c.key == IDENTITY_KEY))
        for table in rules.DUPLICATE_TABLES:
            held = connection.execute(
                select(schema.meta.c.row_id, schema.meta.c.province_code).where(schema.meta.c.table_name == table)
            ).all()
            found = rows.read_many(connection, table, [str(r) for r, _ in held])
            keys = [
                {"table_name": table, "province_code": str(scope), "key": key, "row_id": str(row_id)}
                for row_id, scope in held
                if str(row_id) in found
                for key in rules.identity_keys(table, found[str(row_id)])
            ]
            if keys:
                connection.execute(insert(schema.identity), keys)
        connection.execute(insert(schema.setting).values(key=IDENTITY_KEY, value=IDENTITY_VERSION))
