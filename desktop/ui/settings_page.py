"""Cài đặt: the centre's settings, and the first-run dialog that asks for them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.money import format_money, format_size
from desktop.core.progress import ProgressState
from desktop.core.validation import FieldError
from desktop.paths import own_forms_dir
from desktop.printing.catalog import FORMS
from desktop.printing.templates import TemplateStore
from desktop.services import settings as settings_service
from desktop.services.settings import CentreSettings
from desktop.ui.caps_editor import CapsBox
from desktop.ui.context import AppContext
from desktop.ui.long_task import run_background
from desktop.ui.record_form import set_combo_code
from desktop.ui.searchable import SearchableCombo
from desktop.ui.tasks import show_error

if TYPE_CHECKING:
    from desktop.support.updates import Installed, Source


class SettingsForm(QWidget):
    """The fields of :class:`CentreSettings`."""

    def __init__(self, provinces: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.province = SearchableCombo(provinces)
        self.province.setObjectName("province_code")
        self.centre_name = QLineEdit()
        self.centre_name.setObjectName("centre_name")
        self.centre_name.setPlaceholderText(self.tr("ví dụ: Trung tâm Khuyến công và Tư vấn phát triển công nghiệp"))
        self.agency_name = QLineEdit()
        self.agency_name.setPlaceholderText(self.tr("để trống: SỞ CÔNG THƯƠNG + tên tỉnh"))
        self.place = QLineEdit()
        self.place.setPlaceholderText(self.tr("địa danh ghi trên văn bản; để trống: tên tỉnh"))
        self.director_name = QLineEdit()
        self.accountant_name = QLineEdit()
        self.short_name = QLineEdit()
        self.short_name.setPlaceholderText(
            self.tr("chữ viết tắt trong số văn bản, ví dụ TTKC; để trống: tự lấy từ tên")
        )
        self.number_pattern = QLineEdit()
        self.number_pattern.setObjectName("number_pattern")
        self.number_pattern.setPlaceholderText(self.tr("để trống: số/loại-viết tắt, ví dụ 12/BB-TTKC"))
        self.number_pattern.setToolTip(
            self.tr(
                "Cách ghi số văn bản. {so}: số thứ tự của văn bản; {loai}: loại văn bản (BB biên bản, BC báo cáo,"
                " ĐA đề án); {viet_tat}: chữ viết tắt của Trung tâm. Ô bên dưới cho thấy số sẽ in ra."
            )
        )
        # What the pattern prints, kept beside it: the pattern's {so}/{loai}-{viet_tat} alone says nothing to
        # most staff, an example number does.
        self.number_example = QLabel()
        self.number_example.setObjectName("number_example")
        self.number_example.setWordWrap(True)
        self.ministry_agency = QLineEdit()
        self.ministry_agency.setPlaceholderText(self.tr("Bên A của hợp đồng khuyến công quốc gia"))
        self.local_agency = QLineEdit()
        self.local_agency.setPlaceholderText(
            self.tr("Bên A của hợp đồng khuyến công địa phương; để trống: Sở Công Thương")
        )
        self.user_name = QLineEdit()
        self.user_name.setObjectName("user_name")
        self.user_name.setMaxLength(settings_service.USER_NAME_MAX)
        self.user_name.setPlaceholderText(self.tr("người làm việc trên máy này, ví dụ Nguyễn Thị Lan"))
        self.user_name.setToolTip(
            self.tr("Mọi thay đổi làm trên máy này được ghi dưới tên này, trong lịch sử và trên máy chủ đồng bộ")
        )
        self.error = QLabel()
        self.error.setObjectName("settings_error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        pattern_box = QWidget()
        pattern_column = QVBoxLayout(pattern_box)
        pattern_column.setContentsMargins(0, 0, 0, 0)
        pattern_column.setSpacing(1)
        pattern_column.addWidget(self.number_pattern)
        pattern_column.addWidget(self.number_example)
        form = QFormLayout(self)
        form.addRow(self.tr("Tỉnh/thành phố *"), self.province)
        form.addRow(self.tr("Tên Trung tâm *"), self.centre_name)
        form.addRow(self.tr("Họ và tên người dùng *"), self.user_name)
        form.addRow(self.tr("Cơ quan chủ quản"), self.agency_name)
        form.addRow(self.tr("Địa danh"), self.place)
        form.addRow(self.tr("Giám đốc Trung tâm"), self.director_name)
        form.addRow(self.tr("Kế toán"), self.accountant_name)
        form.addRow(self.tr("Viết tắt"), self.short_name)
        form.addRow(self.tr("Mẫu số văn bản"), pattern_box)
        form.addRow(self.tr("Cơ quan giao đề án KCQG"), self.ministry_agency)
        form.addRow(self.tr("Cơ quan giao đề án KCĐP"), self.local_agency)
        form.addRow("", self.error)
        for box in (self.number_pattern, self.short_name, self.centre_name):
            box.textChanged.connect(self._show_example)
        self._show_example()

    def _show_example(self) -> None:
        """The number the pattern prints, as typed; why it cannot print one, in words, when it cannot."""
        pattern, short, centre = self.number_pattern.text(), self.short_name.text(), self.centre_name.text()
        try:
            example = settings_service.example_number(pattern, short, centre, so="12", kind="BB")
        except FieldError as error:
            self.number_example.setStyleSheet("color: #b00020;")
            self.number_example.setText(error.message)
            return
        self.number_example.setStyleSheet("color: #555;")
        self.number_example.setText(self.tr("Số in trên văn bản, ví dụ biên bản số 12: %1").replace("%1", example))

    def set_values(self, s: CentreSettings) -> None:
        set_combo_code(self.province, s.province_code)
        self.centre_name.setText(s.centre_name)
        self.agency_name.setText(s.agency_name)
        self.place.setText(s.place)
        self.director_name.setText(s.director_name)
        self.accountant_name.setText(s.accountant_name)
        self.short_name.setText(s.short_name)
        self.number_pattern.setText(s.number_pattern)
        self.ministry_agency.setText(s.ministry_agency)
        self.local_agency.setText(s.local_agency)
        self.user_name.setText(s.user_name)

    def save(self, ctx: AppContext, label: str, then: Callable[[CentreSettings], None]) -> None:
        """Validate and store what the form holds; on success the app uses it at once, then ``then``."""
        values = self.values()

        def saved(stored: CentreSettings) -> None:
            ctx.settings = stored
            self.set_values(stored)
            self.error.setText("")
            then(stored)

        ctx.runner.write(
            label,
            lambda session: settings_service.save(session, values, user_required=True),
            saved,
            self._refused,
            parent=self,
            undoable=False,
        )

    def _refused(self, error: BaseException) -> None:
        """Why the settings were not saved, with the cursor put in the field to fix."""
        self.error.setText(str(error))
        name = {"province_code": "province"}.get(error.field, error.field) if isinstance(error, FieldError) else ""
        field = getattr(self, name, None) if name else None
        if isinstance(field, QWidget):
            field.setFocus()

    def values(self) -> CentreSettings:
        return CentreSettings(
            province_code=str(self.province.currentData() or ""),
            centre_name=self.centre_name.text(),
            agency_name=self.agency_name.text(),
            place=self.place.text(),
            director_name=self.director_name.text(),
            accountant_name=self.accountant_name.text(),
            short_name=self.short_name.text(),
            number_pattern=self.number_pattern.text(),
            user_name=self.user_name.text(),
            ministry_agency=self.ministry_agency.text(),
            local_agency=self.local_agency.text(),
        )


class FirstRunDialog(QDialog):
    """Asked once, on a new database: which province and centre this installation serves."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Khuyến công — thiết lập lần đầu"))
        intro = QLabel(
            self.tr(
                "Chào mừng! Hãy cho biết Trung tâm Khuyến công sử dụng phần mềm này và họ tên của bạn: mọi thay đổi"
                " làm trên máy này được ghi dưới tên đó, trong lịch sử và trên máy chủ. Có thể sửa lại trong mục"
                " Cài đặt."
            )
        )
        intro.setWordWrap(True)
        self.form = SettingsForm(ctx.reference.provinces)
        self.form.set_values(ctx.settings)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Bắt đầu"))
        buttons.accepted.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        # Tall enough for every row and the example number under the pattern (at most the screen: Qt keeps a
        # dialog on screen), never the fixed height that squeezed the rows together.
        self.resize(
            660,
            max(330, layout.totalHeightForWidth(660) if layout.hasHeightForWidth() else 0, self.sizeHint().height()),
        )
        if ctx.settings.configured:  # the centre is set already: only who works here is missing
            self.form.user_name.setFocus()

    def submit(self) -> None:
        self.form.save(self.ctx, self.tr("Thiết lập Trung tâm"), lambda _stored: self.accept())


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        box = QGroupBox(self.tr("Thông tin Trung tâm (dùng trên màn hình và các mẫu in)"))
        self.form = SettingsForm(ctx.reference.provinces)
        self.form.set_values(ctx.settings)
        inner = QVBoxLayout(box)
        inner.addWidget(self.form)
        self.save = QPushButton(self.tr("Lưu cài đặt"))
        self.save.clicked.connect(self.submit)
        self.saved_note = QLabel()
        inner.addWidget(self.save)
        inner.addWidget(self.saved_note)
        database = QGroupBox(self.tr("Dữ liệu"))
        about = QFormLayout(database)
        path = QLabel(str(ctx.runner.database.path))
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        path.setWordWrap(True)
        about.addRow(self.tr("Tệp dữ liệu"), path)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(self._forms_box())
        layout.addWidget(CapsBox(ctx, self))
        layout.addWidget(database)
        layout.addWidget(self._updates_box())
        layout.addWidget(self._backups_box(), 1)

    # --- program updates ----------------------------------------------------------------------------
    def _updates_box(self) -> QGroupBox:
        from desktop import __version__

        box = QGroupBox(self.tr("Cập nhật phần mềm"))
        self.check_button = QPushButton(self.tr("Kiểm tra cập nhật"))
        self.check_button.setObjectName("check_update")
        self.check_button.setToolTip(self.tr("Hỏi máy chủ đồng bộ có phiên bản mới hơn không"))
        self.check_button.clicked.connect(self.check_for_update)
        from_file = QPushButton(self.tr("Cập nhật từ tệp…"))
        from_file.setObjectName("update_from_file")
        from_file.setToolTip(self.tr("Gói cập nhật (.kcupdate) Trung tâm gửi qua USB hoặc thư điện tử"))
        from_file.clicked.connect(self.update_from_file)
        self.update_note = QLabel(self.tr("Đang dùng phiên bản %1.").replace("%1", __version__))
        self.update_note.setObjectName("update_note")
        self.update_note.setWordWrap(True)
        row = QHBoxLayout(box)
        row.addWidget(self.check_button)
        row.addWidget(from_file)
        row.addWidget(self.update_note, 1)
        return box

    def check_for_update(self) -> None:
        from sync.account import stored_server

        server = stored_server(self.ctx.runner.database)
        if not server:
            QMessageBox.information(
                self,
                self.tr("Cập nhật phần mềm"),
                self.tr("Chưa đặt máy chủ đồng bộ (trang Đồng bộ). Không có mạng: dùng “Cập nhật từ tệp…”."),
            )
            return
        self._open_source(server=server)

    def update_from_file(self) -> None:
        from desktop.support import updates

        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Chọn gói cập nhật"), "", self.tr("Gói cập nhật (*%1)").replace("%1", updates.PACKAGE_SUFFIX)
        )
        if chosen:
            self._open_source(package=Path(chosen))

    def _open_source(self, server: str | None = None, package: Path | None = None) -> None:
        from desktop.support import installation, updates

        data_dir = self.ctx.runner.database.path.parent
        program = installation.installed_folder()

        def work(state: ProgressState) -> updates.Source:
            state(self.tr("Đang kiểm tra bản cập nhật…"), 0, 0)
            return updates.Source(data_dir, server=server, package=package, program_dir=program)

        run_background(self.ctx, self, self.tr("Đang kiểm tra bản cập nhật…"), work, self._offer)

    def _offer(self, source: Source) -> None:
        available = source.available
        if available is None:
            self.update_note.setText(self.tr("Phần mềm đã là phiên bản mới nhất (%1).").replace("%1", source.current))
            return
        size = format_size(available.size)
        self.update_note.setText(self.tr("Có phiên bản %1.").replace("%1", available.version))
        answer = QMessageBox.question(
            self,
            self.tr("Cập nhật phần mềm"),
            self.tr(
                "Có phiên bản %1 (đang dùng %2), cần tải %3 từ %4.\n\nCài ngay? Dữ liệu được sao lưu trước; "
                "dữ liệu và các thay đổi chờ đồng bộ được giữ nguyên. Phần mềm sẽ đóng lại để hoàn tất."
            )
            .replace("%1", available.version)
            .replace("%2", source.current)
            .replace("%3", size)
            .replace("%4", available.source),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        path = self.ctx.runner.database.path

        def work(state: ProgressState) -> Installed:
            def progress(done: int, total: int) -> None:
                shown = f"{format_size(done).removesuffix(' MB')} / {format_size(total)}"
                state(self.tr("Đang tải bản cập nhật: %1").replace("%1", shown), done, total)

            return source.install(path, progress)

        run_background(self.ctx, self, self.tr("Đang tải bản cập nhật…"), work, self._installed)

    def _installed(self, installed: Installed) -> None:
        text = (
            self.tr("Phần mềm sẽ đóng lại và mở phiên bản %1.")
            if installed.restart
            else self.tr("Đã cài phiên bản %1. Phần mềm sẽ đóng lại; hãy mở lại.")
        ).replace("%1", installed.version)
        QMessageBox.information(self, self.tr("Cập nhật phần mềm"), text)
        database = self.ctx.runner.database
        self.ctx.runner.shutdown()  # what is running finishes and the database closes before files are replaced
        database.close()
        QApplication.quit()

    # --- backups ------------------------------------------------------------------------------------
    def _backups_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Sao lưu (tự động mỗi ngày, trước khi nâng cấp dữ liệu, nhập Excel, cập nhật)"))
        self.backups = QTableWidget(0, 3)
        self.backups.setObjectName("backups")
        self.backups.setHorizontalHeaderLabels([self.tr("Lúc"), self.tr("Loại"), self.tr("Dung lượng")])
        self.backups.verticalHeader().hide()
        self.backups.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.backups.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.backups.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.backups.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.backups.setColumnWidth(0, 150)
        now = QPushButton(self.tr("Sao lưu ngay"))
        now.setObjectName("backup_now")
        now.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(self.tr("Khôi phục bản đã chọn…"))
        self.restore_button.setObjectName("restore")
        self.restore_button.clicked.connect(self.restore_selected)
        folder = QPushButton(self.tr("Mở thư mục sao lưu"))
        folder.clicked.connect(self.open_backups_folder)
        row = QHBoxLayout()
        for button in (now, self.restore_button, folder):
            row.addWidget(button)
        row.addStretch(1)
        inner = QVBoxLayout(box)
        inner.addLayout(row)
        inner.addWidget(self.backups)
        self.show_backups()
        return box

    def show_backups(self) -> None:
        from desktop.store import backups

        self.backup_list = backups.listed(self.ctx.runner.database.path)
        self.backups.setRowCount(len(self.backup_list))
        for n, found in enumerate(self.backup_list):
            for column, value in enumerate((f"{found.made_at:%d/%m/%Y %H:%M}", found.label, format_size(found.size))):
                self.backups.setItem(n, column, QTableWidgetItem(value))
        self.restore_button.setEnabled(bool(self.backup_list))

    def backup_now(self) -> None:
        from desktop.store import backups

        path = self.ctx.runner.database.path
        self.ctx.runner.copy(lambda: backups.make(path, backups.MANUAL), lambda _made: self.show_backups())

    def restore_selected(self) -> None:
        """The app closes its database, the copy is prepared aside and checked, the current file is kept as
        a backup, the copy is put in place, and the app closes: it opens on the restored data next time.
        If the copy cannot be used, the current file stays as it was (and the app still closes)."""
        from desktop.store import restoring

        rows = self.backups.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, self.tr("Khôi phục"), self.tr("Hãy chọn một bản sao lưu trong danh sách."))
            return
        chosen = self.backup_list[rows[0].row()]
        # One count, read here: the question waits for it, and a restore stops the workers anyway.
        with self.ctx.runner.database.session() as session:
            later = restoring.changes_after(session, chosen.made_at)
        question = self.tr(
            "Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu lúc %1? Dữ liệu hiện tại vẫn được giữ lại thành một "
            "bản sao. Phần mềm sẽ đóng lại sau khi khôi phục; hãy mở lại."
        ).replace("%1", f"{chosen.made_at:%d/%m/%Y %H:%M}")
        if later:
            question += "\n\n" + self.tr(
                "%1 thay đổi được lưu sau lúc đó sẽ không còn trong dữ liệu đang dùng (chỉ còn trong bản sao của dữ"
                " liệu hiện tại)."
            ).replace("%1", format_money(later))
        answer = QMessageBox.question(self, self.tr("Khôi phục dữ liệu"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        database = self.ctx.runner.database
        self.ctx.runner.shutdown()  # what is running finishes; nothing else starts
        database.close()
        if self._restore(chosen.path, database.path):
            QMessageBox.information(self, self.tr("Khôi phục dữ liệu"), self.tr("Đã khôi phục. Phần mềm sẽ đóng lại."))
        QApplication.quit()

    def _restore(self, backup: Path, db_path: Path, other_installation: bool = False) -> bool:
        """Restore ``backup``; a copy of another province's or another PC's data is restored only when the
        user, told whose it is, confirms. True when it was put in place."""
        from desktop.store import backups, restoring

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            restoring.restore(backup, db_path, other_installation=other_installation)
        except restoring.Foreign as foreign:
            QApplication.restoreOverrideCursor()
            again = QMessageBox.warning(
                self,
                self.tr("Khôi phục dữ liệu"),
                str(foreign) + "\n\n" + self.tr("Vẫn khôi phục bản sao lưu này?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            return again == QMessageBox.StandardButton.Yes and self._restore(backup, db_path, True)
        except (backups.Refused, OSError) as error:
            QApplication.restoreOverrideCursor()
            show_error(self, error)
            return False
        QApplication.restoreOverrideCursor()
        return True

    def open_backups_folder(self) -> None:
        from desktop.store import backups

        folder = backups.folder(self.ctx.runner.database.path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _forms_box(self) -> QGroupBox:
        """Where a centre adjusts the wording of a printed form: its own copy, opened in a text editor."""
        self.templates = TemplateStore(own_forms_dir(self.ctx.runner.database.path))
        box = QGroupBox(self.tr("Lời văn các mẫu in"))
        self.form_choice = QComboBox()
        self.form_choice.setObjectName("form_choice")
        for form in FORMS.values():
            if (self.templates.built_in_path(form.name)).is_file():
                self.form_choice.addItem(form.title, form.name)
        edit = QPushButton(self.tr("Sửa lời văn mẫu này…"))
        edit.setObjectName("edit_form")
        edit.setToolTip(
            self.tr("Chép lời văn của phần mềm sang thư mục riêng của Trung tâm (một lần) rồi mở bằng trình soạn thảo")
        )
        edit.clicked.connect(self.edit_form)
        folder = QPushButton(self.tr("Mở thư mục mẫu biểu"))
        folder.clicked.connect(self.open_forms_folder)
        note = QLabel(
            self.tr(
                "Giữ nguyên các tên trong dấu {…}: phần mềm điền số liệu vào đó. Xóa tệp trong thư mục để dùng lại lời "
                "văn gốc."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color:#6b7280;")
        row = QHBoxLayout()
        row.addWidget(self.form_choice, 1)
        row.addWidget(edit)
        row.addWidget(folder)
        inner = QVBoxLayout(box)
        inner.addLayout(row)
        inner.addWidget(note)
        return box

    def edit_form(self) -> None:
        form = str(self.form_choice.currentData())
        try:
            path = self.templates.copy_for_editing(form)
        except OSError as error:
            show_error(self, error)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def open_forms_folder(self) -> None:
        folder = self.templates.own_folder
        assert folder is not None
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def activate(self) -> None:
        self.form.set_values(self.ctx.settings)
        self.show_backups()  # an import or a migration may have made one since the page was last shown

    def submit(self) -> None:
        self.saved_note.clear()  # a refusal is not said beside the last save's "Đã lưu."
        self.form.save(self.ctx, self.tr("Lưu cài đặt"), lambda _stored: self.saved_note.setText(self.tr("Đã lưu.")))
