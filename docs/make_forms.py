"""Render the first page of every printable form, from a demo database, to docs/forms/<form>.png.

python -m docs.make_forms DEMO.sqlite3
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import (
    Acceptance,
    Enrolment,
    Inspection,
    ProductCertificate,
    ProgressReport,
    Proposal,
    Score,
    Settlement,
    TrainingCourse,
    VotingEntry,
)
from desktop.printing import catalog
from desktop.printing.templates import TemplateStore
from desktop.store import storage
from desktop.ui.app import make_application
from docs.arguments import demo_file

OUT = Path(__file__).resolve().parent / "forms"
DPI = 90


def records(session: Session) -> dict[str, str]:
    """A record worth showing for each form: one that has been through the step the paper is about."""

    def first(column: object, *where: object) -> str:
        return str(session.scalars(select(column).where(*where).limit(1)).one())  # type: ignore[call-overload]

    done = Proposal.id.in_(select(Settlement.proposal_id))
    return {
        "de-an": first(Proposal.id, done),
        "tham-dinh": first(Proposal.id, done),
        "kiem-tra": first(Inspection.id),
        "tien-do": first(ProgressReport.id),
        "nghiem-thu": first(Acceptance.id),
        "thanh-ly": first(Proposal.id, done),
        "diem-danh": first(TrainingCourse.id),
        "tien-an": first(TrainingCourse.id),
        "nhan-chung-chi": first(TrainingCourse.id),
        "chung-chi": first(Enrolment.id, Enrolment.certified.is_(True)),
        "phieu-cham": first(VotingEntry.id, VotingEntry.id.in_(select(Score.entry_id))),
        "chung-nhan-sp": first(ProductCertificate.id),
        "bao-cao": str(date.today().year),
    }


def page_image(data: bytes) -> QImage:
    """The first page on white, at DPI."""
    array = QByteArray(data)
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    points = document.pagePointSize(0)
    size = QSize(round(points.width() * DPI / 72), round(points.height() * DPI / 72))
    page = document.render(0, size)
    white = QImage(size, QImage.Format.Format_RGB32)
    white.fill(QColor("white"))
    painter = QPainter(white)
    painter.drawImage(0, 0, page)
    painter.end()
    return white


def main(db_path: Path) -> None:
    make_application()
    OUT.mkdir(exist_ok=True)
    database = storage.open_database(db_path)
    with database.session() as session:
        for form, key in records(session).items():
            data = catalog.render(session, form, key, TemplateStore(), date.today())
            target = OUT / f"{form}.png"
            page_image(data).save(str(target))
            print(target)
    database.close()


if __name__ == "__main__":
    main(demo_file("python -m docs.make_forms", __doc__.splitlines()[0]))
