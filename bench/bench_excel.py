"""Excel benchmarks (print, never assert), each beside bare openpyxl in the same run: export rows per
second against write-only mode (target: at least 70 % of it); a 10,000-row sheet imported with full
validation (dry run) against reading it in read-only mode (target: at most twice as long).

python -m bench.bench_excel [--facilities 20000]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import text

from desktop.demo import demo_data
from desktop.services import listing
from desktop.services.listing import ListQuery
from desktop.spreadsheets import exports
from desktop.store import storage
from desktop.store.db import Database


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
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the sheet to import")
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
            f"export (paged read, titles, number formats, widths, totals, autofilter): {n / ours:,.0f} rows/s, "
            f"{bare / ours:.0%} of bare openpyxl, {(bare + read) / ours:.0%} of bare openpyxl with the read "
            "(target ≥ 70 %)"
        )
        _import(folder, args.rows)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _import(folder: Path, count: int) -> None:
    from openpyxl import load_workbook

    from desktop.services import settings
    from desktop.spreadsheets import imports

    path = folder / "empty.sqlite3"
    storage.prepare(path)
    database = Database(path)
    with database.transaction() as session:
        settings.save(session, settings.CentreSettings("66", "Trung tâm Khuyến công Đắk Lắk"))
    with database.session() as session:
        communes = [name for (name,) in session.execute(text("SELECT name FROM commune WHERE province_code = '66'"))]
    sheet_path = folder / "nhap.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(
        [
            "STT",
            "Tên cơ sở",
            "Loại hình",
            "Mã số thuế",
            "Người đại diện",
            "Xã/phường",
            "Điện thoại",
            "Ngày thành lập",
            "Ngành",
        ]
    )
    for n in range(count):
        sheet.append(
            [
                n + 1,
                f"Cơ sở sản xuất số {n}",
                "Hộ kinh doanh",
                None,
                "NGUYỄN VĂN AN",
                communes[n % len(communes)],
                912_000_000 + n,
                "05/03/2020",
                "Công nghiệp",
            ]
        )
    book.save(sheet_path)
    started = time.perf_counter()
    read = load_workbook(sheet_path, read_only=True)
    cells = sum(len(row) for row in read.worksheets[0].iter_rows(values_only=True))
    read.close()
    bare = time.perf_counter() - started
    with database.session() as session:
        started = time.perf_counter()
        layout = imports.preview(session, sheet_path, "facilities").layout
        previewed = time.perf_counter() - started
        started = time.perf_counter()
        report = imports.dry_run(session, sheet_path, "facilities", layout, "66")
        checked = time.perf_counter() - started
    started = time.perf_counter()
    with database.transaction("bench", "Nhập Excel") as session:
        written = imports.commit(session, report, layout, "66")
    committed = time.perf_counter() - started
    database.close()
    print(f"bare openpyxl read-only of a {count:,}-row sheet ({cells:,} cells): {bare:.2f} s")
    print(f"import: the first rows to find the header and columns {previewed:.2f} s (once, when the file is chosen)")
    print(
        f"import dry run (every row through the form rules, communes, duplicates): {checked:.2f} s, "
        f"{checked / bare:.1f}× bare (target ≤ 2×); {len(report.importable):,} rows importable"
    )
    print(f"import commit ({written:,} facilities, audit trail and sync outbox, one transaction): {committed:.2f} s")


if __name__ == "__main__":
    main()
