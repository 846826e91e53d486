"""Excel benchmarks (print, never assert): export rows per second, side by side with bare openpyxl
write-only mode in the same run (target: at least 70 % of it).

python -m bench.bench_excel [--facilities 20000]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from desktop.db import Database
from desktop.services import demo_data, listing, storage
from desktop.services.listing import ListQuery
from desktop.spreadsheets import exports


def _bare(rows: list[tuple[object, ...]], target: Path) -> None:
    """Plain values, no styles, no formats: the least openpyxl does to write these rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append([getattr(v, "label", v) for v in row])
    book.save(target)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facilities", type=int, default=20_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-excel-"))
    try:
        path = folder / "demo.sqlite3"
        storage.prepare(path)
        demo_data.generate(
            path, "66", facilities=args.facilities, proposals=args.facilities // 10, trainees=100, seed=1
        )
        database = Database(path)
        with database.session() as session:
            query = ListQuery()
            started = time.perf_counter()
            rows = [r.values for r in listing.FACILITIES.page(session, query, None, args.facilities + 1)]
            read = time.perf_counter() - started
            started = time.perf_counter()
            _bare(rows, folder / "bare.xlsx")
            bare = time.perf_counter() - started
            started = time.perf_counter()
            done = exports.export_list(session, "facility", query, folder / "export.xlsx")
            ours = time.perf_counter() - started
        database.close()
        n = done.rows
        print(f"{n:,} facilities: reading them (one query) {n / read:,.0f} rows/s")
        print(f"bare openpyxl write-only (values already in memory): {n / bare:,.0f} rows/s")
        print(f"bare openpyxl with the same read: {n / (bare + read):,.0f} rows/s")
        print(
            f"export (paged read, titles, formats, borders, widths, totals, autofilter): {n / ours:,.0f} rows/s, "
            f"{bare / ours:.0%} of bare openpyxl, {(bare + read) / ours:.0%} of bare openpyxl with the read "
            "(target ≥ 70 %)"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
