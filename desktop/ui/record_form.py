"""An edit dialog built from a Qt-free field list: validation as you type, dirty state, Save / Cancel."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.services import forms
from desktop.services.forms import Field, FieldKind
from desktop.ui.context import AppContext
from desktop.ui.screen_fit import fit, room
from desktop.ui.searchable import SearchableCombo


def fill_combo(combo: QComboBox, items: Sequence[tuple[str, str]], blank: str | None = "") -> None:
    """A plain combo box's (code, label) items, in the order given (a :class:`SearchableCombo` has its own)."""
    if isinstance(combo, SearchableCombo):
        combo.set_items(items, blank)
        return
    combo.blockSignals(True)
    combo.clear()
    if blank is not None:
        combo.addItem(blank, "")
    for code, label in items:
        combo.addItem(label, code)
    combo.blockSignals(False)


def set_combo_code(combo: QComboBox, code: str) -> None:
    index = combo.findData(code)
    combo.setCurrentIndex(max(index, 0))


class CommunePicker(QWidget):
    """Province → commune, from the 2025 units (34 provinces, 3,321 communes)."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.province = SearchableCombo(ctx.reference.provinces)
        self.commune = SearchableCombo([])
        self.province.setMinimumWidth(170)
        self.commune.setMinimumWidth(200)
        layout.addWidget(self.province, 2)
        layout.addWidget(self.commune, 3)
        self.province.currentIndexChanged.connect(self._province_changed)
        self.commune.currentIndexChanged.connect(lambda _i: self.changed.emit())
        set_combo_code(self.province, ctx.settings.province_code)

    def _province_changed(self, _index: int) -> None:
        self.commune.set_items(self._ctx.reference.communes.get(self.province.code(), []))
        self.changed.emit()

    def code(self) -> str:
        return str(self.commune.currentData() or "")

    def set_code(self, code: str) -> None:
        province = self._ctx.reference.commune_province.get(code, self._ctx.settings.province_code)
        set_combo_code(self.province, province)
        set_combo_code(self.commune, code)


Parser = Callable[[Sequence[Field], Mapping[str, Any]], tuple[dict[str, Any], dict[str, str]]]
"""Typed text of a form → (values, errors by field key)."""


class RecordDialog(QDialog):
    """Edits one record. ``save(raw_values, done)`` runs the write and calls ``done(ok)``."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        fields: Sequence[Field],
        labels: Mapping[str, str],
        values: Mapping[str, Any],
        save: Callable[[dict[str, Any], Callable[[bool, str | None, str], None]], None],
        parent: QWidget | None = None,
        options: Mapping[str, Sequence[tuple[str, str]]] | None = None,
        note: str = "",
        require_change: bool = True,
        parse: Parser | None = None,
        side: QWidget | None = None,
    ) -> None:
        """``parse``: how the typed text is checked (default: the fields' own rules, ``forms.parse``);
        ``side``: a panel shown to the right of the fields (what the record's values mean, its sub-records)."""
        super().__init__(parent)
        self._parse: Parser = parse or forms.parse
        self.setWindowTitle(title)
        self._ctx, self._fields, self._save = ctx, fields, save
        self._options = options or {}
        self._require_change = require_change  # an action form may be sent as filled in
        self._widgets: dict[str, Any] = {}
        self._errors: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        self._refused: dict[str, tuple[Any, str]] = {}  # field: (value, why) the last save refused
        self._saving = False
        self._loading = True  # filling the widgets is not the user typing
        self._initial: dict[str, Any] = {}
        form_host = QWidget()
        host_layout = QVBoxLayout(form_host)
        form = QFormLayout()
        host_layout.addLayout(form)
        host_layout.addStretch(1)  # extra height goes below the fields, not into a text box's row
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in fields:
            widget = self._make(field)
            self._widgets[field.key] = widget
            error = QLabel()
            error.setObjectName("fieldError")
            error.setStyleSheet("color: #b00020;")
            error.setWordWrap(True)
            error.hide()
            self._errors[field.key] = error
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            column.addWidget(widget)
            column.addWidget(error)
            label = labels.get(field.key, field.key) + (" *" if field.required else "")
            if isinstance(widget, QCheckBox):
                widget.setText(label)  # a check box carries its own label across the row
                form.addRow(box)
            else:
                form.addRow(label, box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Lưu (Ctrl+S)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #b00020;")
        layout = QVBoxLayout(self)
        if note:
            hint = QLabel(note)
            hint.setWordWrap(True)
            hint.setObjectName("formNote")
            layout.addWidget(hint)
        if side is None:
            layout.addWidget(scroll)
        else:
            columns = QHBoxLayout()
            columns.addWidget(scroll)
            columns.addWidget(side)
            layout.addLayout(columns, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        self._load(values)
        self._loading = False
        self._initial = self.raw()
        self._revalidate()
        fields_width = form_host.sizeHint().width() + 24
        width = max(640, fields_width + 16)
        if side is not None:
            width += max(side.sizeHint().width(), side.minimumWidth(), 520)
            # The fields keep their width (the panel's texts wrap and its tables scroll): on a 1024 px laptop
            # the panel narrows instead of the dialog pushing its buttons off the screen.
            scroll.setMinimumWidth(min(fields_width, room(self).width() - side.minimumWidth() - 40))
            columns.setStretch(1, 1)
        fit(self, width, min(120 + 46 * len(fields), 680))

    # --- widgets ------------------------------------------------------------------------------------
    def _make(self, field: Field) -> QWidget:
        kind = field.kind
        widget: QWidget
        if kind is FieldKind.BOOL:
            widget = QCheckBox()
            widget.toggled.connect(lambda _v, k=field.key: self._changed(k))
        elif kind is FieldKind.LONG_TEXT:
            widget = QPlainTextEdit()
            widget.setTabChangesFocus(True)
            widget.setMinimumHeight(70)
            widget.setMaximumHeight(120)
            widget.textChanged.connect(lambda k=field.key: self._changed(k))
        elif kind is FieldKind.CHOICE:
            assert field.choices is not None
            items = [(m.value, str(getattr(m, "label", m.value))) for m in field.choices]
            widget = QComboBox()
            fill_combo(widget, items, blank=None if field.required else "")
            widget.currentIndexChanged.connect(lambda _i, k=field.key: self._changed(k))
        elif kind is FieldKind.REF:
            widget = QComboBox()
            fill_combo(widget, list(self._options.get(field.key, ())), blank=None if field.required else "")
            widget.currentIndexChanged.connect(lambda _i, k=field.key: self._changed(k))
        elif kind is FieldKind.ACTIVITY:
            # In the order of the law's list (TT 28/2018 Điều 4), which staff know by heart.
            widget = SearchableCombo(self._ctx.reference.activity_types, ordered=False)
            widget.currentIndexChanged.connect(lambda _i, k=field.key: self._changed(k))
        elif kind is FieldKind.COMMUNE:
            widget = CommunePicker(self._ctx)
            widget.changed.connect(lambda k=field.key: self._changed(k))
        else:
            widget = QLineEdit()
            widget.setMaxLength(field.max_length)
            if kind is FieldKind.DATE:
                widget.setPlaceholderText(self.tr("ngày/tháng/năm, ví dụ 05/03/2026"))
            elif kind is FieldKind.MONEY:
                widget.setAlignment(Qt.AlignmentFlag.AlignRight)
                widget.setPlaceholderText(self.tr("đồng, ví dụ 1.500.000"))
                widget.editingFinished.connect(lambda w=widget, f=field: self._reformat(w, f))
            elif kind is FieldKind.INTEGER:
                widget.setAlignment(Qt.AlignmentFlag.AlignRight)
            widget.textChanged.connect(lambda _t, k=field.key: self._changed(k))
        widget.setObjectName(field.key)
        return widget

    def _reformat(self, widget: QLineEdit, field: Field) -> None:
        values, errors = forms.parse([field], {field.key: widget.text()})
        if field.key not in errors and widget.text().strip():
            widget.setText(forms.display(field, values[field.key]))

    def _load(self, values: Mapping[str, Any]) -> None:
        for field in self._fields:
            widget, value = self._widgets[field.key], values.get(field.key, "")
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(str(value))
            elif isinstance(widget, CommunePicker):
                widget.set_code(str(value))
            elif isinstance(widget, QComboBox):
                set_combo_code(widget, str(value))
            else:
                widget.setText(str(value))

    def raw(self) -> dict[str, Any]:
        """What the form holds now: text per field, bools for check boxes."""
        result: dict[str, Any] = {}
        for key, widget in self._widgets.items():
            if isinstance(widget, QCheckBox):
                result[key] = widget.isChecked()
            elif isinstance(widget, QPlainTextEdit):
                result[key] = widget.toPlainText()
            elif isinstance(widget, CommunePicker):
                result[key] = widget.code()
            elif isinstance(widget, QComboBox):
                result[key] = str(widget.currentData() or "")
            else:
                result[key] = widget.text()
        return result

    def widget(self, key: str) -> Any:
        return self._widgets[key]

    @property
    def dirty(self) -> bool:
        return self.raw() != self._initial

    def _changed(self, key: str) -> None:
        if self._loading:
            return
        self._touched.add(key)
        self._revalidate()

    def _revalidate(self, show_all: bool = False) -> dict[str, str]:
        raw = self.raw()
        _values, errors = self._parse(self._fields, raw)
        refused = {k: message for k, (value, message) in self._refused.items() if raw.get(k) == value}
        errors = refused | errors  # a value the save refused stays marked until it is changed
        for key, label in self._errors.items():
            message = errors.get(key)
            visible = message is not None and (show_all or key in self._touched or key in refused)
            label.setText(message or "")
            label.setVisible(visible)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled((raw != self._initial or not self._require_change) and not self._saving)
        return errors

    def submit(self) -> None:
        if self._saving or (self._require_change and not self.dirty):
            return
        errors = self._revalidate(show_all=True)
        if errors:
            first = next(iter(errors))
            self._widgets[first].setFocus()
            self.status.setText(self.tr("Hãy sửa các ô được đánh dấu đỏ trước khi lưu."))
            return
        self._saving = True
        self.status.setText("")
        self._revalidate()
        self._save(self.raw(), self._saved)

    def _saved(self, ok: bool, field: str | None, message: str) -> None:
        self._saving = False
        if ok:
            self._initial = self.raw()
            self.accept()
            return
        self.status.setText(message)
        if field in self._errors:
            self._refused[field] = (self.raw().get(field), message)
            self._widgets[field].setFocus()
        self._revalidate()

    def reject(self) -> None:
        if self._saving:
            return
        if self.dirty:
            answer = QMessageBox.question(
                self,
                self.tr("Bỏ thay đổi?"),
                self.tr("Các thay đổi chưa được lưu. Bỏ các thay đổi này?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
