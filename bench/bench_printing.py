"""Printing benchmarks (print, never assert): one-page official forms per second, side by side with a bare
reportlab canvas page holding the same text lines in the same fonts, in the same run (target: at least 50 %
of it).

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


def _bare_page(lines: list[str]) -> bytes:
    """What reportlab does at the least for the same page: its text lines drawn one under the other on a
    canvas, in the same three faces (regular, bold, italic), no layout."""
    family = fonts.register()
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    faces = (f"{family}-Bold", f"{family}-Italic", f"{family}-Regular")
    for n, line in enumerate(lines):
        page.setFont(faces[min(n, 2)], 13)
        page.drawString(85, A4[1] - 60 - n * 17, line)
    page.showPage()
    page.save()
    return out.getvalue()


def _text_lines(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [line for line in PdfReader(io.BytesIO(data)).pages[0].extract_text().splitlines() if line.strip()]


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
            for form, key, label in (
                ("kiem-tra", inspection, "biên bản kiểm tra (one page, letterhead, tables, signatures)"),
                ("chung-chi", certified, "course certificate (landscape, framed)"),
            ):
                lines = _text_lines(catalog.render(session, form, key, store, today))
                bare = _rate(lambda lines=lines: _bare_page(lines), args.pages)
                rate = _rate(lambda f=form, k=key: catalog.render(session, f, k, store, today), args.pages)
                print(
                    f"{label}: {rate:,.0f} pages/s (record read, laid out, fonts embedded); the same "
                    f"{len(lines)} lines drawn on a bare reportlab canvas: {bare:,.0f} pages/s; "
                    f"{rate / bare:.0%} of it (target ≥ 50 %)"
                )
        database.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
