"""Printing benchmarks (print, never assert): one-page official forms per second, side by side with a bare
reportlab canvas page holding about as much text, in the same run (target: at least 50 % of it).

python -m bench.bench_printing [--pages 200]
"""

from __future__ import annotations

import argparse
import io
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from desktop.db import Database
from desktop.models import Enrolment, Inspection
from desktop.printing import catalog, fonts
from desktop.printing.templates import TemplateStore
from desktop.services import demo_data, storage


def _bare_page() -> bytes:
    """What reportlab does at the least: one canvas page, 40 lines of Vietnamese text in the same font."""
    family = fonts.register()
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setFont(f"{family}-Bold", 13)
    page.drawCentredString(A4[0] / 2, A4[1] - 60, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    page.setFont(f"{family}-Regular", 13)
    for line in range(40):
        page.drawString(
            85, A4[1] - 100 - line * 17, f"Dòng {line}: Biên bản kiểm tra, giám sát thực hiện đề án khuyến công"
        )
    page.showPage()
    page.save()
    return out.getvalue()


def _rate(work: object, count: int) -> float:
    assert callable(work)
    work()  # fonts registered, templates read, caches warm: the steady state is measured
    started = time.perf_counter()
    for _ in range(count):
        work()
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-printing-"))
    try:
        path = folder / "demo.sqlite3"
        storage.prepare(path)
        demo_data.generate(path, "66", facilities=200, proposals=60, trainees=200, seed=1)
        database = Database(path)
        store, today = TemplateStore(), date(2026, 12, 1)
        with database.session() as session:
            inspection = str(session.scalars(select(Inspection.id).limit(1)).one())
            certified = str(session.scalars(select(Enrolment.id).where(Enrolment.certified.is_(True)).limit(1)).one())
            bare = _rate(_bare_page, args.pages)
            print(f"bare reportlab canvas page (40 lines, TrueType font embedded): {bare:,.0f} pages/s")
            for form, key, label in (
                ("kiem-tra", inspection, "biên bản kiểm tra (one page, letterhead, tables, signatures)"),
                ("chung-chi", certified, "course certificate (landscape, framed)"),
            ):
                rate = _rate(lambda f=form, k=key: catalog.render(session, f, k, store, today), args.pages)
                print(f"{label}: {rate:,.0f} pages/s, {rate / bare:.0%} of the bare page (target ≥ 50 %)")
        database.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
