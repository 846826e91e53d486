"""Benchmark: demo-data generation rate and database size.

    python3 tasks.py bench                 (full size: 100,000 facilities, 20,000 proposals, 50,000 trainees)
    python -m bench.bench_demo_data --scale 0.1

Prints figures, asserts nothing. The baseline, measured in the same run, is bare ``sqlite3.executemany`` of the
same number of three-column rows into one table: the floor of what any generator could reach on this machine.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from desktop.demo import demo_data


def _baseline(path: Path, rows: int) -> float:
    started = time.perf_counter()
    with sqlite3.connect(path) as c:
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("CREATE TABLE t (id TEXT PRIMARY KEY, name TEXT, n INTEGER)")
        c.executemany("INSERT INTO t VALUES (?, ?, ?)", ((f"{i:032x}", f"dòng {i}", i) for i in range(rows)))
    c.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size (default 1)")
    args = parser.parse_args()
    facilities, proposals, trainees = (int(n * args.scale) for n in (100_000, 20_000, 50_000))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.sqlite3"
        started = time.perf_counter()
        stats = demo_data.generate(path, "66", facilities=facilities, proposals=proposals, trainees=trainees, seed=1)
        elapsed = time.perf_counter() - started
        size = sum(p.stat().st_size for p in Path(folder).glob("demo.sqlite3*"))
        base = _baseline(Path(folder) / "baseline.sqlite3", stats.total)
    print(f"demo-data: {facilities} facilities, {proposals} proposals, {trainees} trainees (province 66, seed 1)")
    print(f"  rows written      {stats.total:>12,}")
    print(f"  time              {elapsed:>12.1f} s   (target < 60 s at full size)")
    print(f"  rate              {stats.total / elapsed:>12,.0f} rows/s")
    print(f"  database size     {size / 2**20:>12.1f} MiB  ({size / stats.total:.0f} bytes/row)")
    print(f"  baseline          {stats.total / base:>12,.0f} rows/s  (bare sqlite3 executemany, 3 columns)")
    print(f"  ratio             {base / elapsed:>12.2f}   (generator rate / baseline rate)")


if __name__ == "__main__":
    main()
