"""One installation's side of sync (design/sync.md): push the outbox, pull each scope, prove convergence.

The transport is anything that carries requests to the server and may fail in between (HTTP, a bundle
file, the server called in-process by tests). Whatever fails, the local database stays consistent:
an outbox entry is marked sent only with the server's answer in hand, and a page of pulled changes is
applied together with the cursor that follows it, in one transaction.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.models import AppSetting, OutboxEntry, SnapshotProgress, SnapshotRow, SyncConflict, SyncCursor
from desktop.models.base import Base, Synced, utcnow
from desktop.services import audit, crashpoints
from sync import blobs
from sync.protocol import (
    SYNCED_TABLES,
    Change,
    Mutation,
    PullReply,
    PushReply,
    ScopeSummary,
    SnapshotPage,
    SyncReport,
    checksum,
    data_columns,
    decode,
    encode,
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


class Transport(blobs.BlobTransport, Protocol):
    """Carries one request to the server and brings its answer back, or raises."""

    def push(self, mutations: list[Mutation]) -> PushReply: ...

    def pull(self, scope: str, after: int, limit: int) -> PullReply: ...

    def summary(self, scope: str) -> ScopeSummary: ...

    def snapshot(self, scope: str, after: int, limit: int) -> SnapshotPage: ...


def _models() -> dict[str, type[Synced]]:
    found: dict[str, type[Synced]] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if issubclass(cls, Synced):
            found[cls.__tablename__] = cls
    return found


MODELS = _models()


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
    )


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
        brought, then (when nothing is waiting) compare checksums with the server."""
        report = SyncReport()
        blobs.upload(self.database, self.transport, report, self.progress, self.cancelled)
        self.push(report)
        self.pull(report)
        if self.waiting() and not self.cancelled():
            # A restored server asked for everything again, or edits were made meanwhile: send them now.
            blobs.upload(self.database, self.transport, report, self.progress, self.cancelled)
            self.push(report)
        blobs.download(self.database, self.transport, report, self.progress, self.cancelled)
        if verify and self.waiting() == 0 and not self.cancelled():
            report.verified = self.verify()
        return report

    def push(self, report: SyncReport | None = None) -> SyncReport:
        """Send the outbox in batches until it is empty (or the server asks to resend from a number)."""
        report = report or SyncReport()
        adopt_unsent(self.database)
        resend_from: int | None = None
        total = self.waiting()
        while not self.cancelled():
            self.progress("Đang gửi các thay đổi lên máy chủ", report.pushed, total)
            with self.database.session() as session:
                query = select(OutboxEntry).order_by(OutboxEntry.seq).limit(PUSH_BATCH)
                if resend_from is None:
                    query = query.where(OutboxEntry.acked_at.is_(None))
                else:  # the server lost what it had confirmed (restored backup): replay the archive
                    query = query.where(OutboxEntry.seq >= resend_from)
                batch = [_mutation(e) for e in session.scalars(query)]
            if not batch:
                return report
            reply = self.transport.push(batch)
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
        """Mark what the server answered for; count it in ``report``."""
        if not reply.outcomes:
            return
        at = utcnow()
        with self.database.session() as session, session.begin():
            for outcome in reply.outcomes:
                entry = session.get(OutboxEntry, outcome.seq)
                if entry is None:
                    continue
                newly = entry.acked_at is None
                entry.acked_at = entry.acked_at or at
                entry.outcome, entry.message = outcome.status, outcome.message
                if newly:
                    report.pushed += 1
                    report.conflicts += outcome.status == "conflict"
                    if outcome.status == "rejected":
                        report.rejected += 1
                        report.messages.append(outcome.message)

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
                report.pulled += self._apply(scope, after, reply)
                if not reply.more:
                    break
        return report

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
                    upsert = sqlite_insert(SnapshotRow).values(
                        [
                            {
                                "scope": scope,
                                "table_name": r.table,
                                "row_id": r.row_id,
                                "position": r.position,
                                "data": r.data,
                            }
                            for r in page.rows
                        ]
                    )
                    changed = {"position": upsert.excluded.position, "data": upsert.excluded.data}
                    session.execute(
                        upsert.on_conflict_do_update(index_elements=["scope", "table_name", "row_id"], set_=changed)
                    )
                session.merge(SnapshotProgress(scope=scope, position=page.cursor, epoch=page.epoch))
            report.pulled += len(page.rows)
            if page.more:
                continue
            summary = page.summary
            if summary is not None and summary.position == page.cursor and summary != self._staged(scope):
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
        confirmed keep their local value); later changes then come from the change log."""
        with self.database.session() as session, session.begin():
            session.info[audit.REMOTE_KEY] = True
            session.execute(text("PRAGMA defer_foreign_keys = ON"))  # children may come before parents
            pending = _pending_fields(session)
            progress = session.get(SnapshotProgress, scope)
            assert progress is not None
            cursor = SyncCursor(scope=scope, position=progress.position, epoch=progress.epoch)
            last = -1
            while True:
                chunk = session.execute(
                    select(SnapshotRow.position, SnapshotRow.table_name, SnapshotRow.row_id, SnapshotRow.data)
                    .where(SnapshotRow.scope == scope, SnapshotRow.position > last)
                    .order_by(SnapshotRow.position)
                    .limit(1000)
                ).all()
                if not chunk:
                    break
                for position, table_name, row_id, data in chunk:
                    _apply_change(session, Change(position, table_name, row_id, data), pending.get(row_id, set()))
                last = chunk[-1][0]
                session.flush()
                crashpoints.reached("client-snapshot-mid-use")
                session.expunge_all()  # a province is large: keep memory flat
            _clear_snapshot(session, scope)
            session.merge(cursor)

    def _apply(self, scope: str, after: int, reply: PullReply) -> int:
        with self.database.session() as session, session.begin():
            session.info[audit.REMOTE_KEY] = True
            session.execute(text("PRAGMA defer_foreign_keys = ON"))  # a page may hold a child before its parent
            cursor = session.get(SyncCursor, scope)
            if cursor is not None and cursor.position != after:
                return 0  # another sync applied this page meanwhile
            pending = _pending_fields(session)
            for number, change in enumerate(reply.changes):
                if number == len(reply.changes) // 2:
                    session.flush()
                    crashpoints.reached("client-pull-mid-page")
                _apply_change(session, change, pending.get(change.row_id, set()))
            session.flush()
            crashpoints.reached("client-pull-before-cursor")
            session.merge(SyncCursor(scope=scope, position=reply.cursor, epoch=reply.epoch))
        return len(reply.changes)

    def verify(self) -> dict[str, bool]:
        """Per scope: does this installation hold exactly the rows the server holds?"""
        result: dict[str, bool] = {}
        for scope in self.scopes:
            remote = self.transport.summary(scope)
            result[scope] = remote.checksum == local_summary(self.database, scope).checksum
        return result


def adopt_unsent(database: Database) -> int:
    """Queue, once, the rows that never went through the outbox (written by a version without sync, or in
    bulk, like the demo data): each becomes an insert. The national rows every installation ships are not
    theirs to send."""
    added = 0
    with database.transaction() as session:
        if session.get(AppSetting, audit.ADOPTED_SETTING) is not None:
            return 0  # done before; later writes went through the outbox
        queued = select(OutboxEntry.row_id)
        clock: audit.HybridClock | None = None
        for name, table in SYNCED_TABLES.items():
            fields = sorted(writable(table))
            columns = [table.c[f] for f in fields]
            found = session.execute(
                select(table.c.id, table.c.province_code, table.c.created_by, table.c.updated_at, *columns).where(
                    table.c.row_version == 0, table.c.province_code != NATIONAL, table.c.id.not_in(queued)
                )
            ).all()
            if not found:
                continue
            clock = clock or audit.HybridClock.resume(session)
            entries = [
                {
                    "table_name": name,
                    "row_id": row[0],
                    "province_code": row[1],
                    "action": "insert",
                    "fields": {f: [None, encode(v)] for f, v in zip(fields, row[4:], strict=True)},
                    "hlc": clock.tick(row[3]),
                    "actor": row[2] or audit.SYSTEM_ACTOR,
                    "at": row[3],
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


def _pending_fields(session: Session) -> dict[str, set[str]]:
    pending: dict[str, set[str]] = defaultdict(set)
    for row_id, fields in session.execute(
        select(OutboxEntry.row_id, OutboxEntry.fields).where(OutboxEntry.acked_at.is_(None))
    ):
        pending[str(row_id)].update(fields)
    return pending


def _apply_change(session: Session, change: Change, pending: set[str]) -> None:
    model = MODELS.get(change.table)
    if model is None:
        return  # a table this version does not know yet (a newer client made it): kept on the server
    obj = session.get(model, uuid.UUID(change.row_id))
    if change.data is None:  # the row moved to another province
        if obj is not None and not pending:
            session.delete(obj)
        return
    table = SYNCED_TABLES[change.table]
    values: dict[str, Any] = {c.key: decode(c, change.data[c.key]) for c in data_columns(table) if c.key in change.data}
    if obj is None:
        session.add(model(**values))
        session.flush()
        return
    for key, value in values.items():
        # A field changed here and not yet confirmed keeps the local value; its base stays as it was.
        if key not in pending and getattr(obj, key) != value:
            setattr(obj, key, value)


def local_summary(database: Database, scope: str) -> ScopeSummary:
    """The same count and checksum the server computes, over this installation's rows of ``scope``."""
    total, count = 0, 0
    with database.session() as session:
        for name, table in SYNCED_TABLES.items():
            columns = data_columns(table)
            for found in session.execute(select(*columns).where(table.c.province_code == scope)):
                data = {c.key: encode(v) for c, v in zip(columns, found, strict=True)}
                total += row_digest(name, data)
                count += 1
    return ScopeSummary(scope, count, checksum(total, count))


def open_conflicts(session: Session) -> list[SyncConflict]:
    """Conflicts not yet resolved, newest first (the conflict inbox)."""
    return list(
        session.scalars(
            select(SyncConflict)
            .where(SyncConflict.status == "open", SyncConflict.deleted_at.is_(None))
            .order_by(SyncConflict.created_at.desc())
        )
    )
