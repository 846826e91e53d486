"""What one user action costs on the local file (print, never assert): a facility edited and saved as one
transaction, with its audit entry, sync outbox entry, search index and the tables it changed gathered for the
screens (store.changes), beside the same writes with that gathering switched off (the baseline).

python -m bench.bench_writes [--writes 500]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, select

from desktop.demo import demo_data
from desktop.models import Facility
from desktop.store import changes, storage
from desktop.store.db import Database


def _writes(database: Database, ids: list[object], count: int) -> float:
    """Seconds per write: ``count`` edits of a facility's phone, one transaction (one user action) each."""
    started = time.perf_counter()
    for n in range(count):
        with database.transaction("can-bo", "Sửa cơ sở") as session:
            facility = session.get(Facility, ids[n % len(ids)])
            assert facility is not None
            facility.phone = f"09{n:08d}"
            session.flush()
            changes.of(session)
    return (time.perf_counter() - started) / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writes", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template.sqlite3"
        storage.prepare(template)
        baseline = 0.0
        for gathered in (False, True, False, True):  # interleaved: the file's cache warms for both alike
            path = Path(folder) / f"demo-{gathered}.sqlite3"
            shutil.copyfile(template, path)
            demo_data.generate(path, "48", facilities=2000, proposals=0, trainees=0, seed=1)
            database = Database(path)
            if not gathered:
                event.remove(database._sessions, "before_flush", changes._flushing)
                event.remove(database._sessions, "do_orm_execute", changes._executing)
            with database.session() as session:
                ids: list[object] = list(session.scalars(select(Facility.id).limit(200)))
            seconds = _writes(database, ids, args.writes)
            database.close()
            what = "with the changes gathered" if gathered else "baseline (not gathered)"
            print(f"{args.writes} user actions {what}: {seconds * 1000:.2f} ms each")
            if gathered:
                print(f"  ratio to the baseline just before: {seconds / baseline:.3f}")
            else:
                baseline = seconds


if __name__ == "__main__":
    main()
