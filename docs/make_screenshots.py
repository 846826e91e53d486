"""Render every page of the main window at 1366×768 (``PAGE.png``) and at 1024×700 (``PAGE-1024.png``), and
the workspaces of a demo database, to docs/screenshots/.

python -m docs.make_screenshots DEMO.sqlite3
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import func, select

from desktop.models import Acceptance, Proposal
from desktop.models.enums import ProposalStatus
from desktop.models.training import Enrolment
from desktop.models.voting import VotingEntry
from desktop.pages import PAGES
from desktop.printing import catalog
from desktop.printing.templates import TemplateStore
from desktop.services.listing import ListQuery
from desktop.spreadsheets import exports
from desktop.store import storage
from desktop.ui.app import make_application, open_context, settle
from desktop.ui.course_workspace import CourseWorkspace
from desktop.ui.import_dialog import ImportDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.other_lists import CoursePage, ProposalPage, VotingPage
from desktop.ui.print_preview import PrintPreview
from desktop.ui.proposal_workspace import ProposalWorkspace
from desktop.ui.voting_workspace import VotingWorkspace
from docs.arguments import demo_file

OUT = Path(__file__).resolve().parent / "screenshots"
SIZES = {"": (1366, 768), "-1024": (1024, 700)}  # an office laptop, and the smallest one staff still use


def _screen_of(width: int, height: int) -> Callable[[QScreen], QRect]:
    """A screen's free area as on a PC of ``width`` × ``height`` (the dialog sizes itself to it)."""

    def available(_screen: QScreen) -> QRect:
        return QRect(0, 0, width, height)

    return available


def main(db_path: Path) -> None:
    app = make_application()
    database = storage.open_database(db_path)
    ctx = open_context(database)
    with database.session() as s:
        draft = s.scalars(select(Proposal.id).where(Proposal.status == ProposalStatus.DRAFT).limit(1)).one()
        running = s.scalars(select(Proposal.id).where(Proposal.status == ProposalStatus.IN_PROGRESS).limit(1)).one()
        course = s.scalars(
            select(Enrolment.course_id).group_by(Enrolment.course_id).order_by(func.count().desc()).limit(1)
        ).one()
        voting_round = s.scalars(
            select(VotingEntry.round_id).group_by(VotingEntry.round_id).order_by(func.count().desc()).limit(1)
        ).one()
    window = MainWindow(ctx, PAGES[0])
    for label in window.statusBar().findChildren(QLabel):
        if label.text() == str(database.path):  # the path of a staff PC, not of the machine that made the pictures
            label.setText(r"C:\Users\canbo\AppData\Local\KhuyenCong\khuyencong.sqlite3")
    window.show()
    for suffix, (width, height) in SIZES.items():
        window.resize(width, height)
        for page in PAGES:
            window.go_to(page)
            settle(ctx)
            app.processEvents()
            window.grab().save(str(OUT / f"{page}{suffix}.png"))
            print(OUT / f"{page}{suffix}.png")
    for suffix, (width, height) in SIZES.items():  # the add-a-facility dialog as it opens on that screen
        QScreen.availableGeometry = _screen_of(width, height)  # type: ignore[method-assign]
        window.go_to("co-so")
        before = set(QApplication.topLevelWidgets())
        window.facilities.open_record(None)
        settle(ctx)
        (dialog,) = [w for w in set(QApplication.topLevelWidgets()) - before if w.isVisible()]
        app.processEvents()
        dialog.grab().save(str(OUT / f"them-co-so{suffix}.png"))
        print(OUT / f"them-co-so{suffix}.png")
        dialog.close()
    window.hide()  # not closed: closing the main window stops the task runner the workspaces below use
    shots = (
        (ProposalWorkspace(ctx, draft, ProposalPage(ctx).field_labels()), {3: "de-an-du-toan"}),
        (
            ProposalWorkspace(ctx, running, ProposalPage(ctx).field_labels()),
            {2: "de-an-dia-diem", 4: "de-an-thuc-hien"},
        ),
        (CourseWorkspace(ctx, course, CoursePage(ctx).field_labels()), {0: "lop-hoc-vien", 1: "lop-diem-danh"}),
        (
            VotingWorkspace(ctx, voting_round, VotingPage(ctx).field_labels()),
            {2: "binh-chon-cham-diem", 3: "binh-chon-ket-qua"},
        ),
    )
    for workspace, tabs in shots:
        workspace.show()
        for suffix, (width, height) in SIZES.items():
            workspace.resize(width, height - 28)  # a dialog's title bar takes the rest
            settle(ctx)
            for tab, name in tabs.items():
                workspace.tabs.setCurrentIndex(tab)
                app.processEvents()
                workspace.grab().save(str(OUT / f"{name}{suffix}.png"))
                print(OUT / f"{name}{suffix}.png")
        workspace.reject()
    with database.session() as s:  # the print preview of an acceptance record
        accepted = str(s.scalars(select(Acceptance.id).order_by(Acceptance.accepted_on.desc()).limit(1)).one())
        data = catalog.render(s, "nghiem-thu", accepted, TemplateStore(), date.today())
    preview = PrintPreview(data, "Biên bản nghiệm thu", "nghiem-thu.pdf")
    preview.resize(1100, 740)
    preview.show()
    rendered = time.monotonic() + 2  # the view renders its pages on a thread of its own
    while time.monotonic() < rendered:
        app.processEvents()
        time.sleep(0.02)
    preview.grab().save(str(OUT / "xem-truoc-khi-in.png"))
    print(OUT / "xem-truoc-khi-in.png")
    with tempfile.TemporaryDirectory() as folder:  # the import dialog, on the demo's own list exported
        listed = Path(folder) / "danh-sach-co-so.xlsx"
        with database.session() as s:
            exports.export_list(s, "facility", ListQuery(search="hop tac xa"), listed)
        dialog = ImportDialog(ctx, "facilities")
        dialog.resize(1100, 740)
        dialog.show()
        dialog.open_file(listed)
        settle(ctx)
        dialog.check()
        settle(ctx)
        app.processEvents()
        dialog.grab().save(str(OUT / "nhap-excel.png"))
        print(OUT / "nhap-excel.png")
        dialog.reject()
    ctx.runner.shutdown()
    database.close()


if __name__ == "__main__":
    main(demo_file("python -m docs.make_screenshots", __doc__.splitlines()[0]))
