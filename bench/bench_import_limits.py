"""Excel import limits (print, never assert): each hostile workbook of tests/test_import_limits.py and
tests/test_import_hostile.py (a lone cell at XFD1048576; 100,000 rows of long cells, 700,000 problems), and a realistic
20,000-row facility sheet as Excel writes it (the baseline, measured in the same run), imported as
``khuyencong import --dry-run`` does it (the preview, then the dry run) in a fresh process: wall time and peak
memory (RSS high-water mark), against the baseline; targets: every file under 300 MB, the hostile ones refused
quickly, the scan a small part of the baseline's dry run.

The peak is the child's own: on Linux ru_maxrss of a fresh process starts at its parent's RSS at the fork (the
kernel keeps the high-water mark across exec), so /proc/self/status VmHWM is read there; ru_maxrss elsewhere.

With --limits, also the largest files the limits let through (how close the estimate keeps them to 300 MB).

python -m bench.bench_import_limits [--rows 20000] [--limits]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from desktop.services import settings
from desktop.store import storage
from desktop.store.db import Database
from tests import test_import_hostile as tester
from tests import test_import_limits as hostile

ROOT = Path(__file__).resolve().parent.parent

# Run in the fresh process: the preview and dry run, timed, then its own peak memory.
CHILD = """
import json, sys, time
from pathlib import Path
from desktop.store.db import Database
from desktop.spreadsheets import imports, limits

def peak_mb():
    try:
        with open("/proc/self/status") as status:  # Linux: this process's own high-water mark
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) * 1024 / 1e6
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows: the peak working set
        import ctypes
        from ctypes import wintypes
        class Counters(ctypes.Structure):
            _fields_ = [("cb", wintypes.DWORD), ("faults", wintypes.DWORD)] + [
                (n, ctypes.c_size_t) for n in ("peak", "now", "a", "b", "c", "d", "e", "f")]
        counters = Counters(cb=ctypes.sizeof(Counters))
        process = ctypes.windll.kernel32.GetCurrentProcess()
        ctypes.windll.psapi.GetProcessMemoryInfo(process, ctypes.byref(counters), counters.cb)
        return counters.peak / 1e6
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6  # bytes on macOS

database, path = Database(Path(sys.argv[1])), Path(sys.argv[2])
outcome, scan = "", 0.0
started = time.perf_counter()
try:
    with database.session() as session:
        layout = imports.preview(session, path, "facilities").layout
        report = imports.dry_run(session, path, "facilities", layout, "66")
    wall = time.perf_counter() - started
    outcome = f"{len(report.rows)} dòng, {report.errors} có lỗi, {len(report.problems)} vấn đề kể ra {report.more}"
    begun = time.perf_counter()  # the scans alone, once more, for their share: the preview's, the dry run's
    limits.check(path, layout.sheet, imports.IMPORT_LIMITS, head=imports.HEADER_SEARCH + 5)
    limits.check(path, layout.sheet, imports.IMPORT_LIMITS)
    scan = time.perf_counter() - begun
except imports.ImportRefused as refused:
    wall = time.perf_counter() - started
    outcome = "từ chối: " + str(refused)
print(json.dumps({"wall": wall, "scan": scan, "peak": peak_mb(), "outcome": outcome}))
"""


def realistic(path: Path, rows: int, communes: list[str]) -> Path:
    """A facility list as Excel writes it: shared strings, <dimension>, rows with spans and heights, a title."""
    strings: dict[str, int] = {}

    def shared(text: str) -> str:
        return str(strings.setdefault(text, len(strings)))

    columns = (
        "STT",
        "Tên cơ sở",
        "Loại hình",
        "Mã số thuế",
        "Người đại diện",
        "Xã/phường",
        "Điện thoại",
        "Ngày thành lập",
        "Ngành",
        "Địa chỉ",
    )
    letters = "ABCDEFGHIJ"

    def row(number: int, values: tuple[object, ...]) -> bytes:
        cells = []
        for letter, value in zip(letters, values, strict=True):
            if isinstance(value, str):
                cells.append(f'<c r="{letter}{number}" s="1" t="s"><v>{shared(value)}</v></c>')
            elif value is not None:
                cells.append(f'<c r="{letter}{number}" s="1"><v>{value}</v></c>')
        extra = ' ht="18.75" customHeight="1"' if number % 7 == 0 else ""
        return f'<row r="{number}" spans="1:10"{extra}>{"".join(cells)}</row>'.encode()

    def body() -> Iterator[bytes]:
        yield row(1, columns)
        for n in range(rows):
            yield row(
                n + 2,
                (
                    n + 1,
                    f"Cơ sở sản xuất số {n}",
                    "Hộ kinh doanh",
                    None,  # households have no tax code
                    f"Nguyễn Văn {n % 997}",
                    communes[n % len(communes)],
                    912_000_000 + n,
                    "05/03/2020",
                    "Công nghiệp",
                    f"Thôn {n % 50}, số nhà {n}",
                ),
            )

    sheet_rows = list(body())  # first: the strings are numbered as the rows are made
    listed = "".join(f"<si><t>{text}</t></si>" for text in strings)
    table = f'<sst xmlns="{hostile.MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{listed}</sst>'
    sheet = hostile.sheet(sheet_rows, f"A1:J{rows + 1}")
    return hostile.write_workbook(path, sheet, strings=[table.encode()], level=6)


def _run(database: Path, path: Path) -> dict[str, float | str]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(database), str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=3_600,
    )
    found: dict[str, float | str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000, help="rows of the realistic sheet (the baseline)")
    parser.add_argument("--limits", action="store_true", help="also the largest files the limits let through")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-limits-"))
    try:
        path = folder / "kc.sqlite3"
        storage.prepare(path)
        database = Database(path)
        with database.transaction() as session:
            settings.save(session, settings.CentreSettings("66", "Trung tâm Khuyến công Đắk Lắk"))
        with database.session() as session:
            from sqlalchemy import text

            communes = [n for (n,) in session.execute(text("SELECT name FROM commune WHERE province_code = '66'"))]
        database.close()
        files: list[tuple[str, Callable[[Path], Path]]] = [
            (f"thực tế: {args.rows:,} cơ sở (như Excel ghi)", lambda p: realistic(p, args.rows, communes)),
            ("một chuỗi dùng chung 400 MiB", lambda p: hostile.huge_shared_string(p, level=6)),
            ("một ô 400 MiB ngay trong trang", lambda p: hostile.huge_inline_string(p, level=6)),
            ("3 triệu dòng trống <row r=N/>", lambda p: hostile.blank_rows(p, 3_000_000, level=6)),
            ("1.048.577 dòng", lambda p: hostile.rows_past_excel(p, level=6)),
            ("1 triệu chuỗi dùng chung nhỏ", lambda p: hostile.many_shared_strings(p, 1_000_000, level=6)),
            ("styles.xml 200 MiB", lambda p: hostile.huge_styles(p, 200 * hostile.MIB, level=6)),
            (
                "3 cơ sở rồi 1 triệu dòng trống có định dạng",
                lambda p: hostile.formatted_tail(p, communes[0], 3, 1_000_000, level=6),
            ),
            ("3 cơ sở và một ô ở XFD1048576", lambda p: tester.far_cell(p, communes[0])),
            ("100.000 dòng, 7 ô dài mỗi dòng (700.000 lỗi)", lambda p: tester.long_cells(p, 100_000)),
        ]
        if args.limits:
            files += [
                ("giới hạn: 530.000 chuỗi nhỏ (vừa dưới mức)", lambda p: hostile.many_shared_strings(p, 530_000)),
                ("giới hạn: dữ liệu ở dòng 1.048.576", lambda p: _last_excel_row(p)),
                (f"giới hạn: {args.rows * 7 // 2:,} cơ sở", lambda p: realistic(p, args.rows * 7 // 2, communes)),
                (f"giới hạn: {args.rows * 5:,} cơ sở", lambda p: realistic(p, args.rows * 5, communes)),
            ]
        print(f"{'tệp':<48} {'kích thước':>11} {'thời gian':>10} {'bộ nhớ đỉnh':>12}  kết quả")
        baseline: dict[str, float | str] = {}
        for n, (name, write) in enumerate(files):
            started = time.perf_counter()
            written = write(folder / f"tep-{n}.xlsx")
            made = time.perf_counter() - started
            found = _run(path, written)
            wall, peak = float(found["wall"]), float(found["peak"])
            if not baseline:
                baseline = found
            ratio = f"{wall / float(baseline['wall']):.2f}× thời gian, {peak / float(baseline['peak']):.2f}× bộ nhớ"
            print(
                f"{name:<48} {written.stat().st_size / 1e6:>8.2f} MB {wall:>8.2f} s {peak:>9.0f} MB  "
                f"{'' if found is baseline else ratio + ' so với tệp thực tế; '}{str(found['outcome'])[:110]}"
                f" (tạo tệp {made:.1f} s)"
            )
        scan, wall = float(baseline["scan"]), float(baseline["wall"])
        print(
            f"tệp thực tế: kiểm tra giới hạn (xem trước: đầu trang; kiểm tra thử: cả trang) {scan:.2f} s ="
            f" {scan / wall:.0%} của {wall:.2f} s (xem trước + kiểm tra từng dòng); mục tiêu: mọi tệp dưới 300 MB"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _last_excel_row(path: Path) -> Path:
    """A header, then nothing until one facility on Excel's last row: 1,048,574 empty rows openpyxl passes."""
    rows = hostile.numbered(b'<row r="%d"/>', 2, 1_048_575)
    last = hostile.text_row(1_048_576, ("Cơ sở A", "Hộ kinh doanh", "Xã A"))
    head = hostile.text_row(1, hostile.HEADER)
    return hostile.write_workbook(path, hostile.sheet([head, *rows, last], "A1:C1048576"))


if __name__ == "__main__":
    main()
