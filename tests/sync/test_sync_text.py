"""The server is a door too: a pushed name or text is stored NFC, without invisible characters, spaces
collapsed (a text column keeps its lines), whoever pushed it — a PC of an older version, a client that is not
ours — and the PC that pushed it takes the cleaned text back, so both agree and duplicates are still found."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine, select

from desktop.models import Facility
from sync import conflicts
from sync.protocol import SYNCED_TABLES, Mutation
from sync.server import callers, rows, store, users
from tests.conftest import commune, make_facility
from tests.sync_fixtures import Installation

ZWSP, ZWNJ, WJ, BOM, NBSP = "\u200b", "\u200c", "\u2060", "\ufeff", "\u00a0"
CLEAN_NAME = "Cơ sở gốm Đà Nẵng Xưa"
DIRTY_NAME = unicodedata.normalize("NFD", f" Cơ sở gốm Đà{ZWSP} Nẵng{NBSP}X{ZWNJ}ưa{BOM}  ")
FACILITY = {"legal_form": "ho_kinh_doanh", "sector": "cong_nghiep_xay_dung", "province_code": "48"}


def _outsider(server: Engine) -> callers.Caller:
    """A client that is not ours, signed in as a staff member of Đà Nẵng: it pushes whatever it likes."""
    with server.begin() as connection:
        user = users.find(connection, "ngoai") or users.add(connection, "ngoai", "-", "staff", "48")
        device = str(uuid.uuid4())
        users.register_device(connection, user, device, "may-ngoai")
        return users.caller(connection, user, device)


def _change(seq: int, row_id: str, action: str, fields: Mapping[str, list[Any]], tick: int, txn: str = "") -> Mutation:
    at = "2026-12-01T00:00:00+00:00"
    return Mutation(
        seq,
        "facility",
        row_id,
        "48",
        action,
        dict(fields),
        f"{1800000000000 + tick:015d}-00000-ngoai",
        "ngoai",
        at,
        txn,
    )


def _commune(pc: Installation) -> str:
    with pc.database.session() as session:
        return commune(session, "48", "phuong").code


def _stored(server: Engine, table: str, row_id: str) -> dict[str, object]:
    with server.connect() as connection:
        found = rows.read(connection, table, row_id)
    assert found is not None
    return found


def _server_conflicts(server: Engine) -> list[dict[str, object]]:
    table = SYNCED_TABLES["sync_conflict"]
    with server.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(select(table))]


def test_a_pushed_name_with_odd_characters_is_stored_clean_and_flagged_as_a_duplicate(
    server: Engine, pcs: list[Installation]
) -> None:
    a, b = pcs
    place = _commune(a)
    with a.database.transaction("lan") as session:
        make_facility(session, commune(session, "48", "phuong"), name=CLEAN_NAME)
    a.client.sync()
    row_id = str(uuid.uuid4())
    note = f"Dòng một:\t ghi{ZWSP} chú\r\n\r\n\r\nDòng  hai  "
    fields = {k: [None, v] for k, v in {**FACILITY, "name": DIRTY_NAME, "commune_code": place, "note": note}.items()}
    [outcome] = store.push(server, _outsider(server), [_change(1, row_id, "insert", fields, 1)]).outcomes
    assert outcome.status != "rejected", outcome.message
    stored = _stored(server, "facility", row_id)
    assert stored["name"] == CLEAN_NAME
    assert stored["note"] == "Dòng một: ghi chú\n\nDòng hai"  # a text column keeps its lines
    assert outcome.row is not None and outcome.row["name"] == CLEAN_NAME  # what the pushing PC takes back
    [flag] = [c for c in _server_conflicts(server) if c["kind"] == "duplicate"]
    assert flag["record_id"] == uuid.UUID(row_id)
    b.client.sync()
    with b.database.session() as session:
        [view] = [v for v in conflicts.inbox(session) if v.duplicate]
        assert view.field == "Có thể trùng (cùng tên, cùng xã/phường)"
        assert view.what == f"Cơ sở CNNT “{CLEAN_NAME}”" and view.other == f"Cơ sở CNNT “{CLEAN_NAME}”"
        pulled = session.get(Facility, uuid.UUID(row_id))
        assert pulled is not None and pulled.name == CLEAN_NAME


def test_a_pc_of_an_older_version_takes_back_the_cleaned_name_and_both_agree(
    server: Engine, pcs: list[Installation]
) -> None:
    a, b = pcs
    with a.database.transaction("lan") as session:  # as an older version stored it, past every form
        facility = make_facility(session, commune(session, "48", "xa"), name=DIRTY_NAME)
        facility.note = f"Ghi chú\r\n{WJ}dòng hai"
        session.flush()
        facility_id = facility.id
    report = a.client.sync()
    assert report.rejected == 0 and report.verified == {"48": True, "00": True}
    assert _stored(server, "facility", str(facility_id))["name"] == CLEAN_NAME
    for pc in (a, b):
        pc.client.sync()
        with pc.database.session() as session:
            found = session.get(Facility, facility_id)
            assert found is not None
            assert (found.name, found.note) == (CLEAN_NAME, "Ghi chú\ndòng hai")
    assert a.client.verify() == b.client.verify() == {"48": True, "00": True}


def test_a_rename_seen_before_the_server_cleaned_the_name_is_no_conflict(
    server: Engine, pcs: list[Installation]
) -> None:
    """An older PC made a facility and renamed it offline: the rename's "before" is the name as it typed it,
    which the server has stored cleaned. The same name: the rename applies, with no conflict to settle."""
    a, _b = pcs
    row_id = str(uuid.uuid4())
    made = {k: [None, v] for k, v in {**FACILITY, "name": DIRTY_NAME, "commune_code": _commune(a)}.items()}
    renamed = {"name": [DIRTY_NAME, "Cơ sở gốm Thanh Hà"]}
    pushed = [_change(1, row_id, "insert", made, 1, "t1"), _change(2, row_id, "update", renamed, 2, "t2")]
    outcomes = store.push(server, _outsider(server), pushed).outcomes
    assert [o.status for o in outcomes] == ["applied", "applied"]
    assert _stored(server, "facility", row_id)["name"] == "Cơ sở gốm Thanh Hà"
    assert _server_conflicts(server) == []


def test_a_pushed_name_of_invisible_characters_is_refused_as_empty(server: Engine, pcs: list[Installation]) -> None:
    a, _b = pcs
    row_id = str(uuid.uuid4())
    made = {k: [None, v] for k, v in {**FACILITY, "name": f"{ZWSP}{NBSP}{BOM}", "commune_code": _commune(a)}.items()}
    [outcome] = store.push(server, _outsider(server), [_change(1, row_id, "insert", made, 1)]).outcomes
    assert outcome.status == "rejected"
    assert outcome.message.endswith("Không được để trống")
    with server.connect() as connection:
        assert rows.read(connection, "facility", row_id) is None


def test_a_refused_push_carrying_a_number_json_cannot_hold_is_answered_and_kept(
    server: Engine, pcs: list[Installation]
) -> None:
    """-Infinity in a field a client may not send: refused with the reason, and the payload kept for the
    administrator (PostgreSQL's jsonb refuses such numbers; they are kept as text)."""
    a, _b = pcs
    row_id = str(uuid.uuid4())
    made = {k: [None, v] for k, v in {**FACILITY, "name": CLEAN_NAME, "commune_code": _commune(a)}.items()}
    made["created_at"] = [None, float("-inf")]  # type: ignore[list-item]  # what a hostile client may send
    [outcome] = store.push(server, _outsider(server), [_change(1, row_id, "insert", made, 1)]).outcomes
    assert outcome.status == "rejected" and "created_at" in outcome.message
