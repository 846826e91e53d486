"""One installation's side of sync (design/sync.md): push the outbox, pull each scope, prove convergence,
and repair what differs.

The transport is anything that carries requests to the server and may fail in between (HTTP, a bundle
file, the server called in-process by tests). Whatever fails, the local database stays consistent:
an outbox entry is marked sent only with the server's answer in hand (and what the answer says about the
row is taken in the same transaction), and a page of pulled changes is applied together with the cursor
that follows it. When the checksums differ, the rows that differ are found by table and by id and taken
from the server; what only this PC holds is sent again. A row that cannot be stored here yet is set aside
(``sync.replica``) and never stops the rest.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desktop.models import (
    AppSetting,
    OutboxEntry,
    Rejection,
    SnapshotProgress,
    SnapshotRow,
    SyncConflict,
    SyncCursor,
)
from desktop.models.base import utcnow
from desktop.store import audit, crashpoints
from desktop.store.clock import HybridClock
from desktop.store.db import Database
from sync import blobs, replica
from sync.labels import table_label
from sync.protocol import (
    MAX_PUSH,
    SYNCED_TABLES,
    TABLE_ORDER,
    Change,
    Digests,
    Mutation,
    PullReply,
    PushReply,
    ScopeSummary,
    SnapshotPage,
    SyncReport,
    checksum,
    data_columns,
    digest_page,
    encode,
    encoder,
    row_digest,
    writable,
)

PUSH_BATCH = 200
NATIONAL = "00"
PULL_PAGE = 500
# A first copy reads a whole province: on a link of 300 ms round trips, pages of 500 rows left the line
# idle between pages more than half the time; 2,000 rows (about 90 KB compressed) keep it busy, and a cut
# costs at most one such page again.
SNAPSHOT_PAGE = 2000
FETCH_BATCH = 200
MODELS = replica.MODELS


class Transport(blobs.BlobTransport, Protocol):
    """Carries one request to the server and brings its answer back, or raises."""

    def push(self, mutations: list[Mutation], seen: dict[str, int]) -> PushReply: ...

    def pull(self, scope: str, after: int, limit: int) -> PullReply: ...

    def summary(self, scope: str) -> ScopeSummary: ...

    def snapshot(self, scope: str, after: int, limit: int) -> SnapshotPage: ...

    def digests(self, scope: str, table: str, suffix: str) -> Digests: ...

    def fetch(self, scope: str, table: str, ids: list[str]) -> list[Change]: ...


def _mutation(entry: OutboxEntry) -> Mutation:
    return Mutation(
        seq=entry.seq,
        table=entry.table_name,
        row_id=str(entry.row_id),
        province_code=entry.province_code,
        action=entry.action,
        fields=entry.fields,
        hlc=entry.hlc,
        actor=entry.actor,
        at=encode(entry.at),
        txn=entry.txn,
    )


def needs_authority(error: BaseException) -> bool:
    """Is ``error`` the server's "someone with more authority must send these" (the push waits for them)?"""
    return getattr(error, "code", None) == "authority"


@dataclass
class SyncClient:
    """Syncs ``database`` through ``transport`` for the province codes in ``scopes``."""

    database: Database
    transport: Transport
    scopes: list[str]
    cancelled: Callable[[], bool] = lambda: False
    progress: Callable[[str, int, int], None] = lambda _label, _done, _total: None
    """Told what is happening (label, done, total); may raise to cancel between two steps."""

    # --- what the screens show -------------------------------------------------------------------------
    def waiting(self) -> int:
        """Local changes the server has not confirmed yet."""
        with self.database.session() as session:
            return int(session.scalar(select(func.count()).where(OutboxEntry.acked_at.is_(None))) or 0)

    # --- one sync -------------------------------------------------------------------------------------
    def sync(self, verify: bool = True) -> SyncReport:
        """Push (attachment contents first), then pull every scope and fetch the attachment contents it
        brought, then (when nothing is waiting) compare checksums with the server and repair what differs.

        A push that needs more authority than the signed-in user has (a centre's existing records that
        carry decisions) waits: the report says so, and the pull goes on."""
        report = SyncReport()
        known = open_conflict_ids(self.database)
        blobs.upload(self.database, self.transport, report, self.progress, self.cancelled)
        self._push_or_wait(report)
        self.pull(report)
        if self.waiting() and not self.cancelled() and not report.blocked:
            # A restored server asked for everything again, or edits were made meanwhile: send them now.
            blobs.upload(self.database, self.transport, report, self.progress, self.cancelled)
            self._push_or_wait(report)
        blobs.download(self.database, self.transport, report, self.progress, self.cancelled)
        if verify and self.waiting() == 0 and not self.cancelled():
            report.verified = self.verify()
            if not all(report.verified.values()):
                self.repair(report, [s for s, same in report.verified.items() if not same])
        report.parked = replica_count(self.database)
        report.conflicts = len(open_conflict_ids(self.database) - known)
        return report

    def _push_or_wait(self, report: SyncReport) -> None:
        try:
            self.push(report)
        except Exception as error:
            if not needs_authority(error):
                raise
            report.blocked = str(error)

    def push(self, report: SyncReport | None = None) -> SyncReport:
        """Send the outbox in batches until it is empty (or the server asks to resend from a number). A
        batch never cuts a local transaction in two: the server applies a transaction whole or not at all."""
        report = report or SyncReport()
        adopt_unsent(self.database)
        resend_from: int | None = None
        total = self.waiting()
        while not self.cancelled():
            self.progress("Đang gửi các thay đổi lên máy chủ", report.pushed, total)
            with self.database.session() as session:
                batch = [_mutation(e) for e in _batch(session, resend_from)]
                seen = {c.scope: c.position for c in session.scalars(select(SyncCursor))}
            if not batch:
                return report
            reply = self.transport.push(batch, seen)
            crashpoints.reached("client-push-answered")
            self.record(reply, report)
            if reply.resume_from is not None and reply.resume_from != (resend_from or batch[0].seq):
                resend_from = reply.resume_from
            elif reply.resume_from is not None:
                raise RuntimeError(f"Máy chủ yêu cầu gửi lại từ {reply.resume_from} nhưng không nhận")
            else:
                resend_from = None
        return report

    def record(self, reply: PushReply, report: SyncReport) -> None:
        """Mark what the server answered for, take what it says about each row (its position and author of
        record; for a refused change, the row as the server holds it); count it in ``report``."""
        if not reply.outcomes:
            return
        at = utcnow()
        with replica.applying(self.database) as session:
            entries = {
                e.seq: e
                for e in session.scalars(
                    select(OutboxEntry).where(OutboxEntry.seq.in_([o.seq for o in reply.outcomes]))
                )
            }
            fresh = {o.seq for o in reply.outcomes if o.seq in entries and entries[o.seq].acked_at is None}
            for outcome in reply.outcomes:
                entry = entries.get(outcome.seq)
                if entry is not None:
                    entry.acked_at = entry.acked_at or at
                    entry.outcome, entry.message = outcome.status, outcome.message
            session.flush()
            pending = replica.pending_fields(session)
            for outcome in reply.outcomes:
                entry = entries.get(outcome.seq)
                if entry is None or outcome.seq not in fresh:  # answered before (an older answer file again)
                    continue
                report.pushed += 1
                if outcome.status == "rejected":
                    replica.refused(session, entry, outcome, pending)
                    report.rejected += 1
                    report.refusals[outcome.message] = report.refusals.get(outcome.message, 0) + 1
                elif outcome.row is not None:
                    replica.take(session, entry.table_name, {"id": str(entry.row_id), **outcome.row}, pending)
            session.flush()
            replica.store(session, "", [], pending)  # rows set aside may fit now (a key freed, a parent back)

    def pull(self, report: SyncReport | None = None) -> SyncReport:
        """Bring every scope up to date, a page at a time; each page is applied with its cursor. A scope
        never pulled before starts from a snapshot of the server's rows."""
        report = report or SyncReport()
        for scope in self.scopes:
            while not self.cancelled():
                self.progress(f"Đang nhận dữ liệu (tỉnh mã {scope})", report.pulled, 0)
                with self.database.session() as session:
                    cursor = session.get(SyncCursor, scope)
                    after, known_epoch = (cursor.position, cursor.epoch) if cursor else (0, "")
                if cursor is None:
                    self._snapshot(scope, report)
                    continue
                reply = self.transport.pull(scope, after, PULL_PAGE)
                if known_epoch and reply.epoch != known_epoch:
                    # The server was restored from a backup: read the scope again from a new snapshot.
                    self._reset(scope)
                    continue
                if self._nothing_new(after, known_epoch, reply):
                    break
                report.pulled += self._apply(scope, after, reply)
                if not reply.more:
                    break
        return report

    def _nothing_new(self, after: int, known_epoch: str, reply: PullReply) -> bool:
        """Is ``reply`` the answer of a sync with nothing to take (most syncs, one every few minutes)? Then no
        write transaction is opened: an idle sync does not wait behind the program's own long write (an
        import), nor hold up the user's next save. Not while rows wait set aside: each page tries them again."""
        idle = not reply.changes and not reply.more and reply.cursor == after and reply.epoch == known_epoch
        return idle and replica_count(self.database) == 0

    def _reset(self, scope: str) -> None:
        with self.database.session() as session, session.begin():
            session.execute(delete(SyncCursor).where(SyncCursor.scope == scope))
            _clear_snapshot(session, scope)
            # What the server had confirmed may be lost with its backup: send it all again; the ledger
            # tells which numbers it still has, so nothing is applied twice.
            session.execute(update(OutboxEntry).values(acked_at=None))

    # --- the first copy of a scope ----------------------------------------------------------------------
    def _snapshot(self, scope: str, report: SyncReport) -> None:
        """Download ``scope``'s rows into the staging table, page by page (a cut resumes where it stopped);
        once complete and matching the server's checksum, use them all in one transaction."""
        mismatches = 0
        while not self.cancelled():
            with self.database.session() as session:
                progress = session.get(SnapshotProgress, scope)
                after, epoch = (progress.position, progress.epoch) if progress else (0, "")
                received = session.scalar(select(func.count()).where(SnapshotRow.scope == scope)) or 0
            self.progress(f"Đang tải dữ liệu lần đầu (tỉnh mã {scope})", received, 0)
            page = self.transport.snapshot(scope, after, SNAPSHOT_PAGE)
            with self.database.session() as session, session.begin():
                if progress is not None and page.epoch != epoch:  # the server was restored meanwhile
                    _clear_snapshot(session, scope)
                    continue
                if page.rows:
                    # One statement run for every row (not a VALUES list as long as the page): compiled once.
                    upsert = sqlite_insert(SnapshotRow)
                    changed = {"position": upsert.excluded.position, "data": upsert.excluded.data}
                    session.execute(
                        upsert.on_conflict_do_update(index_elements=["scope", "table_name", "row_id"], set_=changed),
                        [
                            {
                                "scope": scope,
                                "table_name": r.table,
                                "row_id": r.row_id,
                                "position": r.position,
                                "data": r.data,
                            }
                            for r in page.rows
                        ],
                    )
                session.merge(SnapshotProgress(scope=scope, position=page.cursor, epoch=page.epoch))
            report.pulled += len(page.rows)
            if page.more:
                continue
            summary = page.summary
            if (
                summary is not None
                and summary.position == page.cursor
                and summary.checksum != self._staged(scope).checksum
            ):
                # Nothing changed on the server since, yet the copy differs: download it again, once.
                mismatches += 1
                if mismatches > 1:
                    raise RuntimeError(f"Bản sao dữ liệu tỉnh mã {scope} tải về không khớp với máy chủ")
                with self.database.session() as session, session.begin():
                    _clear_snapshot(session, scope)
                continue
            self._use_snapshot(scope)
            return

    def _staged(self, scope: str) -> ScopeSummary:
        total, count, position = 0, 0, 0
        with self.database.session() as session:
            position = session.scalar(select(SnapshotProgress.position).where(SnapshotProgress.scope == scope)) or 0
            query = select(SnapshotRow.table_name, SnapshotRow.data).where(SnapshotRow.scope == scope)
            for table_name, data in session.execute(query):
                total += row_digest(table_name, data)
                count += 1
        return ScopeSummary(scope, count, checksum(total, count), position)

    def _use_snapshot(self, scope: str) -> None:
        """Apply the staged rows and set the cursor, all in one transaction (fields edited here and not yet
        confirmed keep their local value; rows that cannot be stored yet are set aside); later changes then
        come from the change log."""
        with replica.applying(self.database) as session:
            pending = replica.pending_fields(session)
            progress = session.get(SnapshotProgress, scope)
            assert progress is not None
            cursor = SyncCursor(scope=scope, position=progress.position, epoch=progress.epoch)
            last = -1
            while True:
                chunk = session.execute(
                    select(SnapshotRow.position, SnapshotRow.table_name, SnapshotRow.row_id, SnapshotRow.data)
                    .where(SnapshotRow.scope == scope, SnapshotRow.position > last)
                    .order_by(SnapshotRow.position)
                    .limit(2000)
                ).all()
                if not chunk:
                    break
                replica.store(session, scope, [Change(p, t, r, d) for p, t, r, d in chunk], pending)
                last = chunk[-1][0]
                crashpoints.reached("client-snapshot-mid-use")
                session.expunge_all()  # a province is large: keep memory flat
            _clear_snapshot(session, scope)
            session.merge(cursor)

    def _apply(self, scope: str, after: int, reply: PullReply) -> int:
        with replica.applying(self.database) as session:
            cursor = session.get(SyncCursor, scope)
            if cursor is not None and cursor.position != after:
                return 0  # another sync applied this page meanwhile
            pending = replica.pending_fields(session)
            half = len(reply.changes) // 2
            replica.store(session, scope, reply.changes[:half], pending)
            crashpoints.reached("client-pull-mid-page")
            replica.store(session, scope, reply.changes[half:], pending)
            crashpoints.reached("client-pull-before-cursor")
            session.merge(SyncCursor(scope=scope, position=reply.cursor, epoch=reply.epoch))
        return len(reply.changes)

    # --- proving and repairing ------------------------------------------------------------------------------
    def verify(self) -> dict[str, bool]:
        """Per scope: does this installation hold exactly the rows the server holds?"""
        result: dict[str, bool] = {}
        for scope in self.scopes:
            remote = self.transport.summary(scope)
            result[scope] = remote.checksum == local_summary(self.database, scope).checksum
        return result

    def repair(self, report: SyncReport, scopes: list[str]) -> None:
        """Find the rows that differ from the server's (by table, then by groups of ids), take the server's
        version of each, and send again what only this PC holds; then sync and check once more."""
        only_here: dict[str, list[str]] = {}
        for scope in scopes:
            remote = self.transport.summary(scope)
            local = local_summary(self.database, scope)
            for table in sorted(set(remote.tables) | set(local.tables)):
                if remote.tables.get(table) == local.tables.get(table) or self.cancelled():
                    continue
                self.progress(f"Đang đối chiếu dữ liệu (tỉnh mã {scope}: {table_label(table)})", 0, 0)
                differing = self._narrow(scope, table, "")
                report.repaired += self._take(scope, table, differing, only_here.setdefault(table, []))
        with self.database.transaction() as session:  # records before the records made under them
            for table in sorted(only_here, key=TABLE_ORDER.__getitem__):
                requeue(session, table, only_here[table])
        self._push_or_wait(report)
        self.pull(report)
        if self.waiting() == 0:
            report.verified = self.verify()

    def _narrow(self, scope: str, table: str, suffix: str) -> list[str]:
        remote = self.transport.digests(scope, table, suffix)
        mine = local_digests(self.database, scope, table, suffix)
        if remote.rows is not None:
            return sorted({r for r in set(remote.rows) | set(mine) if remote.rows.get(r) != mine.get(r)})
        groups = digest_page(scope, table, suffix, sorted(mine.items()), group=True).groups or {}
        found: list[str] = []
        for group in sorted(set(remote.groups or {}) | set(groups)):
            if (remote.groups or {}).get(group) != groups.get(group):
                found += self._narrow(scope, table, group)
        return found

    def _take(self, scope: str, table: str, ids: list[str], only_here: list[str]) -> int:
        """Take the server's rows ``ids``; add to ``only_here`` the ones only this PC holds (sent again once
        every table is compared, parents first). Returns how many rows."""
        repaired = 0
        for start in range(0, len(ids), FETCH_BATCH):
            found = self.transport.fetch(scope, table, ids[start : start + FETCH_BATCH])
            with replica.applying(self.database) as session:
                pending = replica.pending_fields(session)
                held = [c for c in found if c.data is not None]
                replica.store(session, scope, held, pending)
                only_here += [c.row_id for c in found if c.data is None and c.row_id not in pending]
                repaired += len(found)
        return repaired


def _batch(session: Session, resend_from: int | None) -> list[OutboxEntry]:
    query = select(OutboxEntry).order_by(OutboxEntry.seq).limit(min(PUSH_BATCH, MAX_PUSH))
    if resend_from is None:
        query = query.where(OutboxEntry.acked_at.is_(None))
    else:  # the server lost what it had confirmed (restored backup): replay the archive
        query = query.where(OutboxEntry.seq >= resend_from)
    batch = list(session.scalars(query))
    if batch and batch[-1].txn:  # the rest of the last transaction comes along, up to what a push carries
        rest = select(OutboxEntry).where(OutboxEntry.txn == batch[-1].txn, OutboxEntry.seq > batch[-1].seq)
        batch += session.scalars(rest.order_by(OutboxEntry.seq).limit(MAX_PUSH - len(batch)))
    return batch


def requeue(session: Session, table: str, ids: list[str]) -> int:
    """Queue again rows only this PC holds (the server lost them, or never had them), as records brought in
    (``import``: one that carries a decision waits for a director, as a centre's existing records do): the
    server stores them or refuses them, and either way both sides agree again. A row whose refusal waits in
    the inbox is the user's to redo or drop, not sent again behind their back."""
    refused = select(Rejection.row_id).where(Rejection.status == "open", Rejection.table_name == table)
    ids = sorted(set(ids) - {str(r) for r in session.scalars(refused)})
    if not ids:
        return 0
    source = SYNCED_TABLES[table]
    fields = sorted(writable(source))
    clock = HybridClock.resume(session)
    found = session.execute(
        select(
            source.c.id,
            source.c.province_code,
            source.c.updated_by,
            source.c.updated_at,
            *[source.c[f] for f in fields],
        ).where(source.c.id.in_([uuid.UUID(i) for i in ids]))
    ).all()
    for row in found:
        session.execute(
            insert(OutboxEntry).values(
                table_name=table,
                row_id=row[0],
                province_code=row[1],
                action="import",
                fields={f: [None, encode(v)] for f, v in zip(fields, row[4:], strict=True)},
                hlc=clock.tick(utcnow()),
                actor=row[2] or audit.SYSTEM_ACTOR,
                at=row[3],
                txn="",
            )
        )
    return len(found)


def _unadopted(table: Any, queued: Any) -> Any:
    """The rows of ``table`` that never went through the outbox (see :func:`adopt_unsent`)."""
    return (table.c.row_version == 0) & (table.c.province_code != NATIONAL) & table.c.id.not_in(queued)


def unadopted(connection: Any) -> int:
    """How many rows :func:`adopt_unsent` would queue at the next sync (0 once it has run): they wait to be
    sent as much as the changes in the outbox, and are counted with them."""
    if connection.execute(select(AppSetting.key).where(AppSetting.key == audit.ADOPTED_SETTING)).first():
        return 0
    queued = select(OutboxEntry.row_id)
    return sum(
        int(connection.execute(select(func.count()).select_from(table).where(_unadopted(table, queued))).scalar())
        for table in SYNCED_TABLES.values()
    )


def adopt_unsent(database: Database) -> int:
    """Queue, once, the rows that never went through the outbox (written by a version without sync, or in
    bulk, like the demo data): each is brought in (``import``), parents first. The national rows every
    installation ships are not theirs to send."""
    added = 0
    with database.transaction() as session:
        if session.get(AppSetting, audit.ADOPTED_SETTING) is not None:
            return 0  # done before; later writes went through the outbox
        queued = select(OutboxEntry.row_id)
        clock: HybridClock | None = None
        for name, table in SYNCED_TABLES.items():
            fields = sorted(writable(table))
            columns = [table.c[f] for f in fields]
            found = session.execute(
                select(table.c.id, table.c.province_code, table.c.created_by, table.c.updated_at, *columns).where(
                    _unadopted(table, queued)
                )
            ).all()
            if not found:
                continue
            clock = clock or HybridClock.resume(session)
            entries = [
                {
                    "table_name": name,
                    "row_id": row[0],
                    "province_code": row[1],
                    "action": "import",
                    "fields": {f: [None, encode(v)] for f, v in zip(fields, row[4:], strict=True)},
                    "hlc": clock.tick(row[3]),
                    "actor": row[2] or audit.SYSTEM_ACTOR,
                    "at": row[3],
                    "txn": "",
                }
                for row in found
            ]
            session.execute(insert(OutboxEntry), entries)
            added += len(entries)
        session.add(AppSetting(key=audit.ADOPTED_SETTING, value="1"))
    return added


def _clear_snapshot(session: Session, scope: str) -> None:
    session.execute(delete(SnapshotRow).where(SnapshotRow.scope == scope))
    session.execute(delete(SnapshotProgress).where(SnapshotProgress.scope == scope))


def _rows(database: Database, scope: str, table: str) -> list[tuple[str, dict[str, Any]]]:
    source = SYNCED_TABLES[table]
    columns = data_columns(source)
    # Each column's own encoder (the server's, chosen once), not the generic one per value: a check of a
    # province's 300.000 rows spent half its time asking each value what it is.
    encoders = [(c.key, encoder(c)) for c in columns]
    with database.session() as session:
        found = [
            {key: encoded(v) for (key, encoded), v in zip(encoders, row, strict=True)}
            for row in session.execute(select(*columns).where(source.c.province_code == scope))
        ]
    return [(str(data["id"]), data) for data in found]


def local_summary(database: Database, scope: str) -> ScopeSummary:
    """The same count and checksum the server computes (in all, and per table), over this installation's
    rows of ``scope``."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name in SYNCED_TABLES:
        for _row_id, data in _rows(database, scope, name):
            sums[name][0] += row_digest(name, data)
            sums[name][1] += 1
    total = sum(s[0] for s in sums.values())
    count = sum(s[1] for s in sums.values())
    tables = {name: checksum(s[0], s[1]) for name, s in sorted(sums.items())}
    return ScopeSummary(scope, count, checksum(total, count), 0, tables)


def local_digests(database: Database, scope: str, table: str, suffix: str) -> dict[str, str]:
    """This installation's digests of ``table``'s rows of ``scope`` whose id ends with ``suffix``."""
    return {
        row_id: f"{row_digest(table, data):032x}"
        for row_id, data in _rows(database, scope, table)
        if row_id.endswith(suffix)
    }


def replica_count(database: Database) -> int:
    """How many rows from the server are set aside, waiting to fit."""
    with database.session() as session:
        return len(replica.parked(session))


def open_conflict_ids(database: Database) -> set[uuid.UUID]:
    """The conflicts waiting in the inbox: those a sync adds are what it tells the user to look at (a change
    of theirs the server kept beside another's, a possible duplicate another PC made)."""
    with database.session() as session:
        return {c.id for c in open_conflicts(session)}


def open_conflicts(session: Session) -> list[SyncConflict]:
    """Conflicts not yet resolved, newest first (the conflict inbox)."""
    return list(
        session.scalars(
            select(SyncConflict)
            .where(SyncConflict.status == "open", SyncConflict.deleted_at.is_(None))
            .order_by(SyncConflict.created_at.desc())
        )
    )
