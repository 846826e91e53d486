"""Backup benchmarks (print, never assert), beside a bare copy in the same run: a checked, compressed copy
(``backups.make``) against SQLite's online backup alone (the old, plain copy), in time and in size; a
restore of that copy (expanded, checked, swapped in) against the same bare copy; and a backup while the
app writes (how long a save waits meanwhile).

python -m bench.bench_backups [--facilities 10000]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
import threading
import time
from contextlib import closing
from pathlib import Path

from desktop.core.money import format_size
from desktop.demo import demo_data
from desktop.store import backups, restoring, storage
from desktop.store.db import Database
from tests.conftest import commune, make_facility


def _bare_copy(source: Path, target: Path) -> float:
    started = time.perf_counter()
    with closing(sqlite3.connect(source)) as db, closing(sqlite3.connect(target)) as copy:
        db.backup(copy)
    return time.perf_counter() - started


def _longest_save_during(path: Path, work: threading.Thread) -> tuple[float, int]:
    """Save one facility after another while ``work`` runs: the longest save, and how many were made."""
    database = Database(path)
    longest, saves = 0.0, 0
    work.start()
    while work.is_alive():
        started = time.perf_counter()
        with database.transaction("bench") as session:
            make_facility(session, commune(session, "66", "xa"), name=f"Cơ sở lưu trong lúc sao lưu {saves}")
        longest = max(longest, time.perf_counter() - started)
        saves += 1
    work.join()
    database.close()
    return longest, saves


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facilities", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-backups-"))
    try:
        path = folder / "demo.sqlite3"
        storage.prepare(path)
        demo_data.generate(
            path,
            "66",
            facilities=args.facilities,
            proposals=args.facilities // 25,
            trainees=args.facilities // 2,
            seed=1,
        )
        size = path.stat().st_size
        bare = _bare_copy(path, folder / "bare.sqlite3")
        started = time.perf_counter()
        made = backups.make(path, backups.MANUAL)
        ours = time.perf_counter() - started
        print(f"Database of {args.facilities:,} facilities: {format_size(size)}")
        print(f"  bare online copy (plain):          {bare:6.2f} s  {format_size(size)}")
        print(
            f"  checked + compressed (make):       {ours:6.2f} s  {format_size(made.size)}"
            f"  → {ours / bare:.1f}× the time, {made.size / size:.0%} of the space"
        )
        print(f"  44 copies (14 daily + 30 others):  {format_size(44 * made.size)} instead of {format_size(44 * size)}")
        started = time.perf_counter()
        restoring.restore(made.path, path)
        restore = time.perf_counter() - started
        print(f"  restore (expand, check, keep the current file, swap): {restore:6.2f} s = {restore / bare:.1f}× bare")
        alone, _ = _longest_save_during(path, threading.Thread(target=lambda: time.sleep(ours)))
        during, saves = _longest_save_during(path, threading.Thread(target=lambda: backups.make(path)))
        print(
            f"  longest save while a backup runs: {during * 1000:.0f} ms ({saves} saves meanwhile);"
            f" without a backup: {alone * 1000:.0f} ms"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
