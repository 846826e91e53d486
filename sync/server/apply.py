"""Applying a device's pushed changes on the server: each local transaction together, or not at all.

A change is checked as a PC would check it and as the database will (types and ranges, required fields,
the form's rules, parents that exist in the same province, keys no other row holds), merged with the
server's row by the conflict rule (``sync.rules.decide``), and written into the models' own tables with the
server as author and clock of record. When a transaction's changes are all in, the proposal lifecycle and
its money rules are checked over what they made (``sync.server.authority``). Anything refused rolls the
whole transaction back: it is rejected, kept for review, and the PC is told what to put back.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Connection,
    Enum,
    Select,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    select,
)
from sqlalchemy.exc import IntegrityError

from desktop.core.text import clean
from desktop.core.validation import FieldError
from desktop.models.base import NATIONAL_SCOPE, new_id
from desktop.services import forms
from desktop.store import crashpoints
from sync import rules
from sync.labels import field_label, table_label
from sync.protocol import CONFLICT_TABLE, SYNCED_TABLES, Mutation, decode, encode, required, writable
from sync.server import authority, identity, rows
from sync.server.callers import Caller
from sync.server.outcomes import Applied, Group, Rejected
from sync.server.rows import Meta

SERVER_ACTOR = "may-chu"
HLC = re.compile(r"\d{15}-\d{5}-[0-9A-Za-z_-]{1,40}")
"""A clock value: fixed-width numbers (its text order is its time order), then the device."""
SHA256 = re.compile(r"[0-9a-f]{64}")
CONFLICT_FIELDS = frozenset({"status", "resolution"})
"""What a PC may change in a conflict record: settle it. The records themselves are made by the server."""
TRANSITION_EDITS = frozenset({"reason", "decision_no", "decision_date", "signer", "deleted_at"})
"""What may change in a step record once made: its wording and decision; a step is undone by deleting it."""


def groups(mutations: Sequence[Mutation]) -> list[list[Mutation]]:
    """Consecutive changes of one local transaction form a group; a change without one stands alone."""
    found: list[list[Mutation]] = []
    for mutation in mutations:
        if found and mutation.txn and found[-1][-1].txn == mutation.txn:
            found[-1].append(mutation)
        else:
            found.append([mutation])
    return found


@cache
def _parents(name: str) -> tuple[tuple[str, str, bool], ...]:
    """(column, parent table, parent synced?) of each foreign key of table ``name``."""
    table = SYNCED_TABLES[name]
    found = []
    for column in table.columns:
        for key in column.foreign_keys:
            parent = key.column.table.name
            found.append((column.key, parent, parent in SYNCED_TABLES))
    return tuple(found)


@cache
def _ranges(name: str) -> tuple[tuple[str, int, int], ...]:
    """(column, lowest, highest) of each range check of table ``name``."""
    found = []
    for constraint in SYNCED_TABLES[name].constraints:
        if isinstance(constraint, CheckConstraint):
            match = _BETWEEN.fullmatch(str(constraint.sqltext).strip())
            if match:
                found.append((match.group(1), int(match.group(2)), int(match.group(3))))
    return tuple(found)


_BETWEEN = re.compile(r"(\w+) BETWEEN (-?\d+) AND (-?\d+)", re.IGNORECASE)


@cache
def _unique_keys(name: str) -> tuple[tuple[str, ...], ...]:
    table: Table = SYNCED_TABLES[name]
    return tuple(
        tuple(c.key for c in constraint.columns)
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint)
    )


@cache
def _holding(name: str, key: tuple[str, ...]) -> Select[Any]:
    """Another row of table ``name`` with the values of ``key`` (built once: asked for every new row)."""
    table = SYNCED_TABLES[name]
    condition = [table.c[c] == bindparam(f"k_{c}", type_=table.c[c].type) for c in key]
    return select(table.c.id).where(*condition, table.c.id != bindparam("k_row", type_=table.c.id.type)).limit(1)


def _as_is(value: Any) -> Any:
    return value


def _one_line(value: Any) -> Any:
    return clean(value) if isinstance(value, str) else value


def _lines(value: Any) -> Any:
    return clean(value, multiline=True) if isinstance(value, str) else value


@cache
def _cleaner(name: str, key: str) -> Callable[[Any], Any]:
    """How a pushed value of ``name.key`` is stored: the text of a text column cleaned as the PCs' forms clean
    it (``text.clean``: NFC, no invisible characters, spaces collapsed; a ``Text`` column keeps its lines), so
    a PC of an older version, or a client that is not ours, cannot store a name that escapes search and the
    duplicate check. The conflict records are the server's own: kept as they are."""
    column = SYNCED_TABLES[name].c[key]
    if name == CONFLICT_TABLE or isinstance(column.type, Enum) or not isinstance(column.type, String):
        return _as_is
    return _lines if isinstance(column.type, Text) else _one_line


def incoming(name: str, key: str, value: Any) -> Any:
    """A pushed value (JSON) of ``name.key`` as the server stores it (JSON); ValueError when the column cannot
    hold it."""
    return _cleaner(name, key)(encode(decode(SYNCED_TABLES[name].c[key], value)))


@cache
def _defaults(name: str) -> dict[str, Any]:
    """A new row's values for the fields an insert does not carry: the models' plain defaults."""
    values: dict[str, Any] = {}
    for column in rows.COLUMNS[name]:
        default = column.default
        if default is not None and default.is_scalar:
            values[column.key] = encode(getattr(default, "arg", None))
        elif column.nullable:
            values[column.key] = None
    return values


class Applier:
    """Applies the groups of one push for ``who``, inside the caller's transaction and positions."""

    def __init__(self, connection: Connection, who: Caller, policy: authority.Policies, at: datetime) -> None:
        self.connection = connection
        self.who = who
        self.policy = policy
        self.at = at
        self.stamp = encode(at)
        self.total = 0  # changes in this push, and how many are done: a crash test stops halfway
        self.done = 0
        self.safe = False
        """Every transaction in its own savepoint (else only those whose checks come after their writes):
        the push is run again so when the database refused a write after all our checks."""
        self._metas: dict[tuple[str, str], Meta | None] = {}  # what this push knows of the rows it touches
        self._rows: dict[tuple[str, str], dict[str, Any] | None] = {}

    # --- what the push touches, read once ------------------------------------------------------------------
    def prefetch(self, mutations: Sequence[Mutation]) -> None:
        """Read the bookkeeping and the current state of every row the push names, a query per table, after
        taking the locks of every province it writes (in one order, so two pushes cannot wait on each other):
        another server process writing those provinces waits until this push commits, and what was read here
        stays true while it is applied."""
        wanted: dict[str, set[str]] = {}
        for mutation in mutations:
            row_id = _known_id(mutation.row_id) if isinstance(mutation.row_id, str) else None
            if mutation.table in SYNCED_TABLES and row_id is not None:
                wanted.setdefault(mutation.table, set()).add(row_id)
        provinces = {m.province_code for m in mutations if isinstance(m.province_code, str)}
        for name, ids in wanted.items():  # where the rows are (a row never moves to another province)
            provinces |= {meta.province for meta in rows.metas(self.connection, name, ids).values()}
        for scope in sorted(self._writable(provinces)):
            rows.lock(self.connection, scope)
        for name, ids in wanted.items():
            found = rows.metas(self.connection, name, ids)
            current = rows.read_many(self.connection, name, found)
            for row_id in ids:
                self._metas[(name, row_id)] = found.get(row_id)
                self._rows[(name, row_id)] = current.get(row_id)

    def _writable(self, provinces: set[str]) -> set[str]:
        """The provinces among ``provinces`` this caller may write (no lock, no counter, for the others)."""
        allowed = {p for p in provinces if rules.may_write(self.who.role, self.who.province, p)}
        return {p for p in allowed if authority.known_scope(self.connection, p)}

    def _meta(self, name: str, row_id: str) -> Meta | None:
        key = (name, row_id)
        if key not in self._metas:
            self._metas[key] = rows.meta(self.connection, name, row_id)
        return self._metas[key]

    def _row(self, name: str, row_id: str) -> dict[str, Any] | None:
        key = (name, row_id)
        if key not in self._rows:
            self._rows[key] = rows.read(self.connection, name, row_id)
        return self._rows[key]

    def _province(self, name: str, row_id: str) -> str | None:
        found = self._meta(name, row_id) if _known_id(row_id) else None
        return found.province if found is not None else None

    def _forget(self, mutations: Sequence[Mutation]) -> None:
        """After a rolled-back transaction: what was read or written for its rows is no longer so."""
        for mutation in mutations:
            self._metas.pop((mutation.table, str(mutation.row_id)), None)
            self._rows.pop((mutation.table, str(mutation.row_id)), None)

    # --- one transaction's changes ---------------------------------------------------------------------
    def group(self, mutations: list[Mutation]) -> Group:
        """Apply ``mutations`` (one local transaction) or none of them: Rejected says why.

        A transaction whose checks all come before its writes (one change, outside a proposal's life) needs
        no savepoint: a refusal writes nothing. The others are applied in a savepoint, undone if refused."""
        group = Group(mutations)
        for scope in sorted(self._writable(self._scopes(mutations))):  # taken at prefetch unless new since
            rows.lock(self.connection, scope)  # outside the savepoint: a lock taken inside would go with it
        if not (self.safe or len(mutations) > 1 or any(authority.in_a_life(m.table) for m in mutations)):
            self._apply(group)
            return group
        try:
            with self.connection.begin_nested():
                self._apply(group)
                authority.check(self.connection, self.who, self.policy, group)
        except IntegrityError as error:  # the database's own check, behind ours
            self._forget(mutations)
            raise Rejected(_integrity_reason(error)) from None
        except Rejected:
            self._forget(mutations)
            raise
        return group

    def _apply(self, group: Group) -> None:
        for mutation in group.mutations:
            group.applied.append(self._one(group, mutation))
            self.done += 1
            if self.done == self.total // 2:
                crashpoints.reached("server-push-mid-batch")

    def _scopes(self, mutations: list[Mutation]) -> set[str]:
        found: set[str] = set()
        for mutation in mutations:
            if mutation.table not in SYNCED_TABLES or not isinstance(mutation.row_id, str):
                continue
            found.add(self._province(mutation.table, mutation.row_id) or mutation.province_code)
        return found

    def _one(self, group: Group, mutation: Mutation) -> Applied:
        name = mutation.table
        table = SYNCED_TABLES.get(name)
        if table is None:
            raise Rejected(f"Bảng “{name}” không được đồng bộ")
        row_id = _known_id(mutation.row_id)
        if row_id is None:
            raise Rejected(f"Mã bản ghi “{mutation.row_id}” không hợp lệ")
        where = table_label(name)  # no row id: the same refusal reads the same for every row (counted once)
        if not HLC.fullmatch(mutation.hlc) or "\x00" in mutation.actor + mutation.at:
            raise Rejected(f"{where}: thông tin thời điểm sửa không hợp lệ")
        if mutation.action not in ("insert", "update", "delete", "restore", "import"):
            raise Rejected(f"{where}: thao tác “{mutation.action}” không có")
        pushed = self._pushed(table, name, where, mutation)
        meta_before = self._meta(name, row_id)
        scope = meta_before.province if meta_before else mutation.province_code
        claimed = pushed.get("province_code", scope)
        if claimed != scope:
            raise Rejected(f"{where}: không chuyển được bản ghi sang tỉnh khác")
        if not authority.known_scope(self.connection, scope):
            raise Rejected(f"{where}: mã tỉnh “{scope}” không có")
        if not rules.may_write(self.who.role, self.who.province, scope):
            raise Rejected(f"Tài khoản {self.who.name} không được sửa dữ liệu của tỉnh mã {scope}")
        current = self._row(name, row_id) if meta_before else None
        if name == CONFLICT_TABLE and (current is None or not set(mutation.fields) <= CONFLICT_FIELDS):
            raise Rejected("Bản ghi xung đột do máy chủ tạo: trên máy chỉ được xử lý (chọn giá trị giữ lại)")
        if name == "status_transition" and current is not None and not set(mutation.fields) <= TRANSITION_EDITS:
            raise Rejected("Bước chuyển đã ghi không sửa được: muốn đổi thì làm bước mới")
        if name == "attachment":
            self._check_attachment(where, scope, current, pushed)
        mandatory = required(table)
        emptied = sorted(f for f in mandatory & set(pushed) if pushed[f] is None)
        missing = sorted(mandatory - set(pushed)) if current is None else []
        if emptied or missing:
            names = ", ".join(field_label(f) for f in emptied + missing)
            raise Rejected(f"{where}: thiếu trường bắt buộc {names}")
        authority.touch(self.connection, group, name, row_id, current, pushed)
        return self._merge(name, row_id, scope, mutation, current, meta_before)

    def _pushed(self, table: Table, name: str, where: str, mutation: Mutation) -> dict[str, Any]:
        """The values pushed (the ``new`` of each field), checked as the PCs' forms and tables check them."""
        allowed = writable(table)
        values: dict[str, Any] = {}
        for key, pair in mutation.fields.items():
            if key not in allowed:
                raise Rejected(f"{table_label(name)}: trường “{key}” không được gửi lên")
            if not isinstance(pair, list) or len(pair) != 2:
                raise Rejected(f"{where}, trường “{field_label(key)}”: thiếu giá trị cũ và mới")
            try:
                values[key] = incoming(name, key, pair[1])
                if (name, key) in rules.ADDITIVE_FIELDS:  # the difference is taken from both values
                    decode(table.c[key], pair[0])
            except ValueError as error:
                raise Rejected(f"{where}: {error}") from None
        try:  # the same checks as the forms on the PCs: one source of rules
            forms.check_stored(name, values)
        except FieldError as error:
            raise Rejected(f"{where}, trường “{field_label(error.field)}”: {error}") from None
        return values

    def _check_attachment(self, where: str, scope: str, current: dict[str, Any] | None, pushed: dict[str, Any]) -> None:
        data = {**(current or {}), **pushed}
        if not SHA256.fullmatch(str(data.get("sha256") or "")):
            raise Rejected(f"{where}: mã SHA-256 của tệp phải là 64 chữ số hệ 16")
        owner_table, owner = str(data.get("owner_table") or ""), str(data.get("owner_id") or "")
        if owner_table not in SYNCED_TABLES or owner_table in ("attachment", CONFLICT_TABLE):
            raise Rejected(f"{where}: tệp đính kèm phải thuộc một hồ sơ")
        if owner_table in SYNCED_TABLES and self._province(owner_table, owner) not in (scope, NATIONAL_SCOPE):
            raise Rejected(f"{where}: hồ sơ của tệp đính kèm không có trên máy chủ (hoặc thuộc tỉnh khác)")
        if int(data.get("size") or 0) < 0:
            raise Rejected(f"{where}: kích thước tệp không hợp lệ")

    # --- the conflict rule and the write ---------------------------------------------------------------
    def _merge(
        self,
        name: str,
        row_id: str,
        scope: str,
        mutation: Mutation,
        current: dict[str, Any] | None,
        meta_before: Meta | None,
    ) -> Applied:
        new = current is None
        data: dict[str, Any] = dict(current) if current is not None else dict(_defaults(name))
        stamps: dict[str, list[str]] = dict(meta_before.clocks) if meta_before else {}
        on_tombstone = (
            current is not None and current.get("deleted_at") is not None and "deleted_at" not in mutation.fields
        )
        changed, conflicts = new, []
        for key, (base, pushed_new) in mutation.fields.items():
            value = incoming(name, key, pushed_new)
            stamp = stamps.get(key, ["", str(data.get("created_by", ""))])
            if new:
                decision = rules.FieldDecision(value, changed=True)
            else:
                if isinstance(base, str) and base != data.get(key) and _cleaner(name, key)(base) == data.get(key):
                    base = data.get(key)  # the PC saw the text before the server cleaned it: the same text
                decision = rules.decide(name, key, data.get(key), stamp[0], base, value, mutation.hlc)
            if decision.conflict:
                conflicts.append((key, decision, stamp))
            if decision.changed:
                data[key], stamps[key], changed = decision.value, [mutation.hlc, self.who.name], True
        applied = Applied(mutation, name, row_id, scope, current, data, meta_before, len(conflicts), changed)
        if not changed:
            for key, decision, stamp in conflicts:
                self._conflict_record(mutation, scope, name, row_id, key, decision, stamp)
            return applied
        if new:
            data.update(id=row_id, created_at=self.stamp, created_by=self.who.name, province_code=scope)
            brought_in = mutation.action == "import" and self.who.role in ("director", "admin")
            if name == "status_transition" and not brought_in:
                # Who made the step is who signed in, not what the PC says; a centre's existing records,
                # brought in under a director's authority, keep who made each step then.
                data["actor"] = self.who.name
        data.update(updated_at=self.stamp, updated_by=self.who.name)
        fields = set(data) if new else {k for k in mutation.fields if data.get(k) != (current or {}).get(k)}
        self._check_parents(name, row_id, scope, data, fields)
        renamed = self._check_unique(name, row_id, scope, data, fields)
        self._check_ranges(name, data, fields)
        position = rows.next_position(self.connection, scope)
        data["row_version"] = position
        rows.write(self.connection, name, data, new)
        self._rows[(name, row_id)] = data
        self._metas[(name, row_id)] = rows.save_meta(
            self.connection,
            name,
            row_id,
            province=scope,
            position=position,
            device=self.who.device_id,
            clocks=stamps,
            data=data,
            new=new,
        )
        found: list[tuple[str, str, str, str]] = []
        if new or not rules.identity_fields(name).isdisjoint(mutation.fields):  # a phone number: no lookup
            found = identity.track(self.connection, name, row_id, scope, data, new)
        for other_id, reason, other_by, other_clock in found:
            kept = (data.get(identity.NAME_FIELDS[name]), self.who.name, mutation.hlc)
            self._store_conflict(scope, name, row_id, reason, "duplicate", kept, (other_id, other_by, other_clock))
        for key, decision, stamp in conflicts:
            self._conflict_record(mutation, scope, name, row_id, key, decision, stamp)
        if renamed is not None:  # the code typed waits in the inbox beside the one given
            typed = (renamed, self.who.name, mutation.hlc)
            self._store_conflict(scope, name, row_id, "code", "review", (data["code"], SERVER_ACTOR, ""), typed)
            applied.conflicts += 1
        if on_tombstone:  # the edit landed on a deleted record: someone should say whether to restore it
            tombstone = rules.FieldDecision(data["deleted_at"], changed=False, conflict="review", other=None)
            self._conflict_record(
                mutation, scope, name, row_id, "deleted_at", tombstone, stamps.get("deleted_at", ["", ""])
            )
            applied.conflicts += 1
        return applied

    def _check_parents(self, name: str, row_id: str, scope: str, data: dict[str, Any], fields: set[str]) -> None:
        """Every parent the row names exists on the server, in the row's province or the national scope."""
        for column, parent, synced in _parents(name):
            value = data.get(column)
            if column not in fields or value is None:
                continue
            if synced:
                if self._province(parent, str(value)) not in (scope, NATIONAL_SCOPE):
                    raise Rejected(
                        f"{table_label(name)}: bản ghi liên quan ({table_label(parent)}) không có trên máy chủ"
                        " hoặc thuộc tỉnh khác"
                    )
            elif not authority.reference_exists(self.connection, parent, str(value)):
                raise Rejected(f"{table_label(name)}: mã “{value}” không có trong danh mục {table_label(parent)}")

    def _check_ranges(self, name: str, data: dict[str, Any], fields: set[str]) -> None:
        """The tables' checks of a range ("market BETWEEN 0 AND 40"), before the database would refuse them."""
        for column, low, high in _ranges(name):
            value = data.get(column)
            if column in fields and isinstance(value, int) and not low <= value <= high:
                label = "Điểm chấm" if name == "score" else f"Trường “{field_label(column)}”"
                raise Rejected(f"{table_label(name)}: {label} phải từ {low} đến {high}, không phải {value}")

    def _check_unique(self, name: str, row_id: str, scope: str, data: dict[str, Any], fields: set[str]) -> str | None:
        """No other row holds the row's unique keys. A proposal code another proposal of the province already
        has (two PCs that numbered offline) gets a suffix and a conflict record: the original is returned."""
        table = SYNCED_TABLES[name]
        renamed: str | None = None
        for key in _unique_keys(name):
            if not fields & set(key) or any(data.get(c) is None for c in key):
                continue
            while True:
                values = {f"k_{c}": decode(table.c[c], data[c]) for c in key}
                other = self.connection.scalar(_holding(name, key), {**values, "k_row": uuid.UUID(row_id)})
                if other is None:
                    break
                if name == "proposal" and key == ("province_code", "code"):
                    renamed = renamed or str(data["code"])
                    data["code"] = _next_code(renamed, str(data["code"]))
                    continue
                raise Rejected(f"{table_label(name)} này đã có trên máy chủ (có thể do máy khác nhập trước)")
        return renamed

    # --- conflict records ---------------------------------------------------------------------------------
    def _conflict_record(
        self,
        mutation: Mutation,
        scope: str,
        name: str,
        row_id: str,
        key: str,
        decision: rules.FieldDecision,
        stamp: list[str],
    ) -> None:
        """The conflict record of one field. ``stamp``: the clock value and author of the server's value
        before this change."""
        if decision.client_won:
            kept = (mutation.fields[key][1], self.who.name, mutation.hlc)
            other = (decision.other, stamp[1], stamp[0])
        else:
            kept = (decision.value, stamp[1], stamp[0])
            other = (decision.other if key != "deleted_at" else mutation.fields, self.who.name, mutation.hlc)
        assert decision.conflict is not None
        self._store_conflict(scope, name, row_id, key, decision.conflict, kept, other)

    def _store_conflict(
        self,
        scope: str,
        name: str,
        record_id: str,
        key: str,
        kind: str,
        kept: tuple[Any, str, str],
        other: tuple[Any, str, str],
    ) -> None:
        """A conflict record, stored and logged like any row of the province (so every PC sees it).
        ``kept`` and ``other``: (value, who, clock value)."""
        conflict_id = str(new_id())
        position = rows.next_position(self.connection, scope)
        record = {
            "id": conflict_id,
            "province_code": scope,
            "row_version": position,
            "created_at": self.stamp,
            "updated_at": self.stamp,
            "deleted_at": None,
            "created_by": SERVER_ACTOR,
            "updated_by": SERVER_ACTOR,
            "table_name": name,
            "record_id": record_id,
            "field": key,
            "kind": kind,
            "status": "open",
            "kept_value": kept[0],
            "kept_by": kept[1][:64],
            "kept_at": kept[2][:60],
            "other_value": other[0],
            "other_by": other[1][:64],
            "other_at": other[2][:60],
            "resolution": "",
        }
        rows.write(self.connection, CONFLICT_TABLE, record, new=True)
        rows.save_meta(
            self.connection,
            CONFLICT_TABLE,
            conflict_id,
            province=scope,
            position=position,
            device="",
            clocks={},
            data=record,
            new=True,
        )


def _known_id(text: str) -> str | None:
    """``text`` as the one spelling of a UUID every table and PC uses, or None when it is none."""
    try:
        canonical = str(uuid.UUID(text))
    except (ValueError, TypeError, AttributeError):
        return None
    return canonical if canonical == text else None


def _next_code(original: str, current: str) -> str:
    number = int(current.rsplit("-", 1)[1]) + 1 if current != original else 2
    suffix = f"-{number}"
    return original[: 32 - len(suffix)] + suffix


def _integrity_reason(error: IntegrityError) -> str:
    text = str(error.orig)
    if "range" in text:
        return "Điểm chấm vượt mức tối đa của tiêu chí (40, 40, 10, 10)"
    if "unique" in text.lower() or "duplicate" in text.lower():
        return "Bản ghi này đã có trên máy chủ (trùng khóa)"
    if "foreign" in text.lower():
        return "Bản ghi liên quan không có trên máy chủ"
    return "Dữ liệu không hợp lệ theo ràng buộc của cơ sở dữ liệu"


__all__ = ["Applied", "Applier", "Group", "Rejected", "groups"]
