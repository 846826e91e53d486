"""Desktop benchmarks (print, never assert): cold start, search-as-you-type, scrolling, resident memory.

python -m bench.bench_desktop --db DEMO.sqlite3   (build one with: khuyencong demo-data --province 66
--facilities 100000 --proposals 20000 --trainees 50000)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_WINDOW = (
    "import sys\nfrom PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication(sys.argv[:1]); w = QMainWindow(); w.resize(1366, 768); w.show(); app.processEvents()\n"
    "w.grab().save(sys.argv[1])\n"
)
TYPED = [
    "h",
    "ho",
    "hop",
    "hop ",
    "hop t",
    "hop ta",
    "hop tac",
    "n",
    "ng",
    "ngu",
    "nguy",
    "nguyen",
    "nguyen v",
    "nguyen van",
    "g",
    "go",
    "gom",
    "d",
    "da",
    "da n",
    "da na",
    "da nang",
    "m",
    "ma",
    "may",
    "may t",
    "may tre",
    "0",
    "03",
    "039",
    "b",
    "ba",
    "ban",
    "banh",
    "banh t",
    "banh tr",
    "banh tra",
    "banh trang",
]


def _timed(args: list[str]) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    subprocess.run(args, check=True, env=env, capture_output=True)
    return time.perf_counter() - started


def cold_start(db: Path, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        shot = str(Path(folder) / "s.png")
        bare = min(_timed([sys.executable, "-c", BARE_WINDOW, shot]) for _ in range(runs))
        app = min(
            _timed([sys.executable, "-m", "desktop", "--db", str(db), "--screenshot", shot, "--page", "co-so"])
            for _ in range(runs)
        )
    print(
        f"cold start (process, best of {runs}): bare PySide6 window {bare:.2f} s; app with list loaded "
        f"{app:.2f} s; ratio {app / bare:.1f}× (target ≤ 5×)"
    )


def search_and_scroll(db: Path) -> None:
    from desktop.services.listing import FACILITIES, ListQuery
    from desktop.store.db import Database

    database = Database(db)
    with database.session() as session:
        FACILITIES.page(session, ListQuery(), None, 200)  # warm the page cache, as a running app has
        times = []
        for _ in range(3):
            for typed in TYPED:
                started = time.perf_counter()
                FACILITIES.page(session, ListQuery(search=typed), None, 200)
                times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p50 = statistics.median(times)
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"search-as-you-type, first page of 200 over {FACILITIES.count(session, ListQuery()):,} facilities "
            f"({len(times)} keystrokes): p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms "
            "(target p50 ≤ 10, p95 ≤ 30)"
        )
        started = time.perf_counter()
        after, rows = None, 0
        while page := FACILITIES.page(session, ListQuery(), after, 200):
            rows += len(page)
            after = page[-1].key
        elapsed = time.perf_counter() - started
        baseline_started = time.perf_counter()
        session.connection().exec_driver_sql("SELECT * FROM facility").fetchall()
        baseline = time.perf_counter() - baseline_started
        print(
            f"scroll the whole list in pages of 200: {rows:,} rows in {elapsed:.2f} s; "
            f"bare SELECT * of the table {baseline:.2f} s (ratio {elapsed / baseline:.1f})"
        )
    database.close()


def memory(db: Path) -> None:
    code = (
        "import os, sys\nos.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "from pathlib import Path\nfrom desktop.ui.app import make_application, open_context, settle\n"
        "from desktop.store.storage import open_database\nfrom desktop.ui.main_window import MainWindow\n"
        "app = make_application(); ctx = open_context(open_database(Path(sys.argv[1])))\n"
        "w = MainWindow(ctx); w.show()\n"
        "for page in ('tong-quan','co-so','de-an','dao-tao','binh-chon'):\n    w.go_to(page); settle(ctx)\n"
        "m = w.facilities.model\n"
        "while m.canFetchMore():\n    m.fetchMore(); settle(ctx)\n"
        "rss = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print(m.rowCount(), int(rss) // 1024, flush=True)\nctx.runner.shutdown()\nos._exit(0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(db)], check=True, capture_output=True, text=True).stdout
    rows, rss = out.split()
    print(
        f"peak resident memory, every page opened and all {int(rows):,} facilities scrolled into the list: "
        f"{rss} MB (target ≤ 250 MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cold_start(args.db, args.runs)
    search_and_scroll(args.db)
    memory(args.db)


if __name__ == "__main__":
    main()
