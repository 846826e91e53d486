"""Dashboard benchmark (print, never assert): the Tổng quan figures of each year on a province-size database —
targets measured in their own units, disbursement by month, charts' data — read off the GUI thread, but a
director waits for them each time the year changes.

python -m bench.bench_dashboard [--db DEMO.sqlite3]   (without --db, a demo province is built first)
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from desktop.demo import demo_data
from desktop.services.dashboard import disbursement, overview, programme_targets
from desktop.store import storage
from desktop.store.db import Database

TARGET_SECONDS = 1.0


def _build(folder: Path) -> Path:
    path = folder / "demo.sqlite3"
    storage.prepare(path)
    started = time.perf_counter()
    demo_data.generate(path, "66", facilities=30_000, proposals=20_000, trainees=50_000, seed=7)
    print(f"demo province built in {time.perf_counter() - started:.1f} s")
    return path


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def run(path: Path, runs: int) -> None:
    database = Database(path)
    with database.session() as session:
        for year in range(2021, 2027):
            first, last = date(year, 1, 1), date(year, 12, 31)
            whole = [_timed(partial(overview, session, year)) for _ in range(runs)]
            money = _timed(partial(disbursement, session, year))
            targets = _timed(partial(programme_targets, session, first, last))
            print(
                f"{year}: overview median {statistics.median(whole):.3f} s (target ≤ {TARGET_SECONDS:.1f} s);"
                f" targets {targets:.3f} s, disbursement {money:.3f} s"
            )
    database.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.db is not None:
        run(args.db, args.runs)
        return
    with tempfile.TemporaryDirectory() as folder:
        run(_build(Path(folder)), args.runs)


if __name__ == "__main__":
    main()
