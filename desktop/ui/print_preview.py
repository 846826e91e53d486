"""The print preview: page through a PDF, zoom, print it (Qt's print dialog), save it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.screen_fit import fit
from desktop.ui.tasks import PROGRESS_DELAY_MS, show_error

PRINT_DPI = 300
"""A page is sent to the printer as an image at this resolution at most: forms' text is sharp at 300 dpi.
At the printer's own (600 or 1200 dpi in high-resolution mode) an A4 page was an image of 140 to 560 MB,
seconds to draw and to send, per page."""


class PrintPreview(QDialog):
    """One document on screen: page through it, zoom, print it, save it as PDF."""

    def __init__(self, data: bytes, title: str, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("print_preview")
        self.setWindowTitle(self.tr("Xem trước khi in — %1").replace("%1", title))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.data, self.file_name = data, file_name
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pages = QLabel(self.tr("%1 trang").replace("%1", str(self.document.pageCount())))
        self.pages.setObjectName("pages")
        print_button = QPushButton(self.tr("In…"))
        print_button.setObjectName("print")
        print_button.setToolTip("Ctrl+P")
        print_button.clicked.connect(self.print_document)
        save = QPushButton(self.tr("Lưu PDF…"))
        save.setObjectName("save_pdf")
        save.setToolTip("Ctrl+S")
        save.clicked.connect(self.save_as)
        whole_page = QPushButton(self.tr("Vừa trang"))
        whole_page.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView))
        wide = QPushButton(self.tr("Vừa chiều rộng"))
        wide.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.reject)
        bar = QHBoxLayout()
        for widget in (print_button, save, whole_page, wide):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.pages)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_document)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_as)
        fit(self, 980, 860)

    def save_as(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        target, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Lưu tệp PDF"), str(Path(folder) / self.file_name), self.tr("Tệp PDF (*.pdf)")
        )
        if target:
            self.write_to(Path(target))

    def write_to(self, target: Path) -> None:
        from desktop.store.files import write_whole

        try:
            write_whole(target, self.data)
        except OSError as error:
            show_error(self, error)

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.document.pageCount())  # a range is chosen among the document's own pages
        dialog.setWindowTitle(self.tr("In"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Each page drawn as an image of at most PRINT_DPI (the printer scales it to its own resolution),
        its own orientation kept, fitted to the paper."""
        painter = QPainter()
        if not painter.begin(printer):
            show_error(self, OSError("Không mở được máy in"))
            return
        dpi = min(printer.resolution(), PRINT_DPI)
        count = self.document.pageCount()
        first, last = printer.fromPage() or 1, min(printer.toPage() or count, count)  # no blank sheet past the end
        pages = range(first - 1, last)
        # Drawn here (a painter on a printer belongs to the GUI thread), a fraction of a second a page: a long
        # document shows how far it is and can be stopped; the events it lets through keep the window drawn.
        progress = QProgressDialog(self.tr("Đang gửi các trang tới máy in…"), self.tr("Dừng"), 0, len(pages), self)
        progress.setWindowTitle(self.tr("In"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(PROGRESS_DELAY_MS)
        try:
            for done, index in enumerate(pages):
                progress.setValue(done)
                if progress.wasCanceled():
                    printer.abort()  # the run is cancelled: a printer's queue drops what it had
                    return
                if index > first - 1:
                    printer.newPage()
                points = self.document.pagePointSize(index)
                size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                image = self.document.render(index, size)
                target = painter.viewport()
                scale = min(target.width() / size.width(), target.height() / size.height())
                painter.save()
                painter.translate(QPointF(target.x(), target.y()))
                painter.scale(scale, scale)
                painter.drawImage(0, 0, image)
                painter.restore()
        finally:
            painter.end()
            progress.reset()
            progress.deleteLater()
