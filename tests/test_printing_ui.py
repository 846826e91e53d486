"""Printing from the app: the "In…" menus of the workspaces, the preview, printing to a printer, saving,
and batches of what a list shows, with progress and cancel."""

from __future__ import annotations

import io
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.core.progress import ProgressState
from desktop.models import Acceptance, Proposal, TrainingCourse, VotingRound
from desktop.printing import catalog
from desktop.printing.templates import TemplateStore
from desktop.ui import long_task, print_preview, printing, tasks
from desktop.ui.context import AppContext
from desktop.ui.course_workspace import CourseWorkspace
from desktop.ui.other_lists import CoursePage, ProposalPage
from desktop.ui.proposal_workspace import ProposalWorkspace
from desktop.ui.voting_workspace import VotingWorkspace
from tests.qt_fixtures import wait_idle

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def previews(monkeypatch: pytest.MonkeyPatch) -> list[print_preview.PrintPreview]:
    """Previews the app opened (shown, not run modally, so the test goes on)."""
    opened: list[print_preview.PrintPreview] = []

    def record(self: print_preview.PrintPreview) -> int:
        opened.append(self)
        self.show()
        return 0

    monkeypatch.setattr(print_preview.PrintPreview, "exec", record)
    return opened


def _key(ctx: AppContext, column: Any, *where: Any) -> uuid.UUID:
    with ctx.runner.database.session() as session:
        found = session.scalars(select(column).where(*where).limit(1)).first()
    assert isinstance(found, uuid.UUID)
    return found


def _pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def test_a_proposal_prints_its_dossier_and_each_document_of_its_life(
    qtbot: QtBot, demo_ctx: AppContext, previews: list[print_preview.PrintPreview]
) -> None:
    pid = _key(demo_ctx, Acceptance.proposal_id)
    ws = ProposalWorkspace(demo_ctx, pid, ProposalPage(demo_ctx).field_labels())
    qtbot.addWidget(ws)
    ws.show()
    qtbot.waitUntil(lambda: ws.ws is not None, timeout=10_000)
    choices = ws._printable()
    forms = [form for _text, form, _key in choices]
    assert forms[:2] == ["de-an", "tham-dinh"] and "nghiem-thu" in forms
    assert forms.count("tham-dinh") == 1  # an appraisal on the timeline is the same sheet
    ws.print_button.menu_.aboutToShow.emit()
    texts = [a.text() for a in ws.print_button.menu_.actions()]
    assert texts == [text for text, _f, _k in choices]
    ws.print_button.menu_.actions()[0].trigger()
    qtbot.waitUntil(lambda: len(previews) == 1, timeout=15_000)
    preview = previews[0]
    assert preview.document.pageCount() >= 1
    assert preview.pages.text() == f"{preview.document.pageCount()} trang"
    assert preview.file_name == f"{ws.ws.code} Đề án và dự toán.pdf"  # type: ignore[union-attr]
    # the acceptance row of the timeline prints its own record
    row = next(n for n, e in enumerate(ws.ws.events) if e.printable and e.printable[0] == "nghiem-thu")  # type: ignore[union-attr]
    ws.tabs.setCurrentIndex(4)
    ws.events.selectRow(row)
    assert ws.print_event_button.isEnabled()
    ws.print_event_button.click()
    qtbot.waitUntil(lambda: len(previews) == 2, timeout=15_000)
    with demo_ctx.runner.database.session() as session:
        text = PdfReader(io.BytesIO(previews[1].data)).pages[0].extract_text()
        acceptance = session.get(Acceptance, uuid.UUID(ws.ws.events[row].printable[1]))  # type: ignore[index,union-attr]
        assert acceptance is not None and acceptance.proposal_id == pid
    assert "BIÊN BẢN NGHIỆM THU" in text
    plain = next(n for n, e in enumerate(ws.ws.events) if e.printable is None)  # type: ignore[union-attr]
    ws.events.selectRow(plain)  # a step of the life ("Chuyển bước") has no paper of its own
    assert not ws.print_event_button.isEnabled()


def _file_printer(path: Path) -> QPrinter:
    """A printer as the print dialog gives it (its high resolution), writing a PDF file to look at."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


@pytest.mark.slow
def test_the_preview_saves_and_prints_every_page(qtbot: QtBot, demo_ctx: AppContext, tmp_path: Path) -> None:
    with demo_ctx.runner.database.session() as session:
        data = catalog.render(session, "bao-cao", "2026", TemplateStore(), date(2026, 12, 1))
    preview = print_preview.PrintPreview(data, "Báo cáo năm 2026", "bao-cao_2026.pdf")
    qtbot.addWidget(preview)
    preview.show()
    assert preview.document.pageCount() == _pdf_pages(data) >= 2
    saved = tmp_path / "luu.pdf"
    preview.write_to(saved)
    assert saved.read_bytes() == data
    printer = _file_printer(tmp_path / "may-in.pdf")
    preview.print_to(printer)
    printed = PdfReader(tmp_path / "may-in.pdf")
    assert len(printed.pages) == preview.document.pageCount()
    for page in printed.pages:  # an image as sharp as a form needs, not the printer's 1200 dpi (560 MB a page)
        [image] = page.images
        inches = max(float(page.mediabox.width), float(page.mediabox.height)) / 72
        assert image.image is not None
        assert 250 * inches < max(image.image.size) <= print_preview.PRINT_DPI * inches + 1


def test_a_long_print_run_shows_how_far_it_is_and_stops(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages go to the printer one by one on the GUI thread, behind a progress window with Dừng (shown
    once the run has taken half a second; at once here): pressed, the run is aborted at the next page. A
    range chosen past the last page prints up to the last page, no blank sheets (a tester's find)."""
    from reportlab.pdfgen.canvas import Canvas

    monkeypatch.setattr(print_preview, "PROGRESS_DELAY_MS", 0)
    document = io.BytesIO()
    canvas = Canvas(document)
    for number in range(1, 9):
        canvas.drawString(72, 720, f"Trang {number}")
        canvas.showPage()
    canvas.save()
    preview = print_preview.PrintPreview(document.getvalue(), "Tám trang", "tam-trang.pdf")
    qtbot.addWidget(preview)
    printer = _file_printer(tmp_path / "dung.pdf")
    seen: list[tuple[str, int, int]] = []

    def stop() -> None:  # the user presses Dừng once the window shows
        progress = preview.findChild(QProgressDialog)
        assert progress is not None and progress.isVisible()
        seen.append((progress.labelText(), progress.value(), progress.maximum()))
        button = progress.findChild(QPushButton)
        assert button is not None and button.text() == "Dừng"
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, stop)
    preview.print_to(printer)
    [(label, done, total)] = seen
    assert label == "Đang gửi các trang tới máy in…" and 0 < done < total == 8
    printed = tmp_path / "dung.pdf"  # a file printer keeps what it had; a printer's queue drops the run
    monkeypatch.setattr(print_preview, "PROGRESS_DELAY_MS", 60_000)
    printer.setOutputFileName(str(tmp_path / "cuoi.pdf"))
    printer.setFromTo(7, 12)  # a range running past the last page: its pages, no blank sheet
    preview.print_to(printer)
    assert len(PdfReader(tmp_path / "cuoi.pdf").pages) == 2
    assert not printed.exists() or len(PdfReader(printed).pages) <= done
    left = preview.findChild(QProgressDialog)
    assert left is None or not left.isVisible()


def test_a_course_prints_its_lists_and_certificates(
    qtbot: QtBot, demo_ctx: AppContext, previews: list[print_preview.PrintPreview]
) -> None:
    cid = _key(demo_ctx, TrainingCourse.id)
    ws = CourseWorkspace(demo_ctx, cid, CoursePage(demo_ctx).field_labels())
    qtbot.addWidget(ws)
    ws.show()
    wait_idle(qtbot, demo_ctx)
    assert [form for _t, form, _k in ws._printable()] == ["diem-danh", "tien-an", "nhan-chung-chi", "chung-chi"]
    ws.print_button.open("tien-an", str(cid), "Danh sách nhận tiền ăn")
    qtbot.waitUntil(lambda: len(previews) == 1, timeout=15_000)
    assert "TIỀN ĂN" in PdfReader(io.BytesIO(previews[0].data)).pages[0].extract_text().upper()


def test_a_voting_round_prints_every_score_sheet(
    qtbot: QtBot, demo_ctx: AppContext, previews: list[print_preview.PrintPreview]
) -> None:
    rid = _key(demo_ctx, VotingRound.id)
    ws = VotingWorkspace(demo_ctx, rid, {})
    qtbot.addWidget(ws)
    ws.show()
    wait_idle(qtbot, demo_ctx)
    text, form, key = ws._printable()[0]
    ws.print_button.open(form, key, text)
    qtbot.waitUntil(lambda: len(previews) == 1, timeout=20_000)
    with demo_ctx.runner.database.session() as session:
        voting_round = session.get(VotingRound, rid)
        assert voting_round is not None
        sheets = len([e for e in voting_round.entries if e.deleted_at is None]) * len(
            [j for j in voting_round.jurors if j.deleted_at is None]
        )
    assert previews[0].document.pageCount() == sheets


def test_the_proposal_list_prints_what_it_shows_in_one_file(
    qtbot: QtBot, demo_ctx: AppContext, previews: list[print_preview.PrintPreview], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    page = ProposalPage(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    wait_idle(qtbot, demo_ctx)
    page.search.setText("dao tao")  # a search narrows what is printed (accents left out)
    qtbot.waitUntil(lambda: page.model.query.search == "dao tao", timeout=5_000)
    wait_idle(qtbot, demo_ctx)
    with demo_ctx.runner.database.session() as session:
        listed = page.listing.ids(session, page.query())
        expected = sum(
            _pdf_pages(catalog.render(session, "tham-dinh", str(i), TemplateStore(), date.today())) for i in listed
        )
        everything = session.scalar(select(func.count()).select_from(Proposal).where(Proposal.deleted_at.is_(None)))
    assert page.model.total is not None
    assert 0 < len(listed) == page.model.total < int(everything or 0)  # what the list shows, not every one
    texts = [a.text() for a in page.batch_button.menu().actions()]
    assert texts[0] == "Phiếu thẩm định của các đề án đang hiển thị"
    page.batch_button.menu().actions()[0].trigger()
    qtbot.waitUntil(lambda: len(previews) == 1, timeout=60_000)
    assert previews[0].document.pageCount() == expected


def test_a_batch_stopped_part_way_shows_nothing(
    qtbot: QtBot, demo_ctx: AppContext, previews: list[print_preview.PrintPreview], monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo_ctx.runner.database.session() as session:
        keys = [str(k) for k in session.scalars(select(Proposal.id).limit(30))]
    stopped = ProgressState()
    stopped.cancel()  # as the Dừng button of the progress dialog does
    monkeypatch.setattr(long_task, "ProgressState", lambda: stopped)
    shown: list[BaseException] = []
    monkeypatch.setattr(tasks, "show_error", lambda _parent, error: shown.append(error))
    printing.print_batch(demo_ctx, _widget(qtbot), "tham-dinh", keys, "Phiếu thẩm định")
    wait_idle(qtbot, demo_ctx)
    assert previews == []
    assert [type(e).__name__ for e in shown] == ["Cancelled"]  # which show_error says nothing about


def _widget(qtbot: QtBot) -> Any:
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_settings_opens_the_centre_s_own_copy_of_a_form_s_wording(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QDesktopServices

    from desktop.ui.settings_page import SettingsPage

    opened: list[str] = []

    def open_url(url: Any) -> bool:
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert page.form_choice.count() == len(catalog.FORMS)
    page.form_choice.setCurrentIndex(page.form_choice.findData("nghiem-thu"))
    page.edit_form()
    own = ctx.runner.database.path.parent / "mau-bieu" / "nghiem-thu.toml"
    assert opened == [str(own)]
    assert own.read_bytes() == (catalog_dir() / "nghiem-thu.toml").read_bytes()
    own.write_text('tieu_de = "Biên bản nghiệm thu hoàn thành"\n', encoding="utf-8")
    page.edit_form()  # opened again, the centre's edits kept
    assert own.read_text(encoding="utf-8") == 'tieu_de = "Biên bản nghiệm thu hoàn thành"\n'


def catalog_dir() -> Path:
    from desktop.printing.templates import BUILT_IN

    return BUILT_IN
