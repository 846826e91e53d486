"""A combo box set by typing: "dak lak" and Enter, Down or a click picks Đắk Lắk.

What is typed filters the items ignoring accents and case (the folded search key of each label), the
popup shows the labels themselves, and Enter picks the first item shown. On leaving the box the text and
the value never disagree: a text that names one item picks it, anything else goes back to the item
chosen. Items are in Vietnamese alphabetical order (Đ right after D), a unit by its own name (Huế under H,
not under "Thành phố").
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QCollator,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from desktop.core.text import fold, own_name

FOLDED = Qt.ItemDataRole.UserRole + 2  # the folded label the typed text is matched against


class _Typed(QSortFilterProxyModel):
    """The items whose folded label holds every word typed (in any order), blank items left out."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_typed(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        source = self.sourceModel()
        folded = str(source.data(source.index(row, 0, parent), FOLDED) or "")
        return bool(folded) and all(word in folded for word in self._words)


def vietnamese_order(items: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """(code, label) pairs in Vietnamese alphabetical order of the label's own name."""
    collator = QCollator(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    return sorted(items, key=lambda item: (collator.sortKey(own_name(item[1])), collator.sortKey(item[1])))


class SearchableCombo(QComboBox):
    """A combo box of (code, label) items that is set by typing (see the module)."""

    def __init__(
        self,
        items: Sequence[tuple[str, str]] = (),
        parent: QWidget | None = None,
        *,
        ordered: bool = True,
        blank: str | None = "",
    ) -> None:
        super().__init__(parent)
        self._ordered = ordered
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._typed = _Typed(self)
        self._typed.setSourceModel(self.model())
        completer = QCompleter(self._typed, self)
        # The proxy filters; the completer only shows what it lets through, label by label.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self._completer = completer
        popup = completer.popup()
        assert popup is not None  # a completer makes its popup when it is made
        self._popup = popup
        completer.highlighted[str].connect(self._highlighted)  # type: ignore[index]
        line = self.lineEdit()
        assert line is not None  # an editable combo box has one
        line.textEdited.connect(self._filter)
        line.editingFinished.connect(self._settle)
        self.set_items(items, blank)

    def set_items(self, items: Sequence[tuple[str, str]], blank: str | None = "") -> None:
        """Replace the items (the current one is kept when it is still there), without signalling."""
        current = self.code()
        self.blockSignals(True)
        self.clear()
        if blank is not None:
            self.addItem(blank, "")
        for code, label in vietnamese_order(items) if self._ordered else items:
            self.addItem(label, code)
            self.setItemData(self.count() - 1, fold(label), FOLDED)
        self.setCurrentIndex(max(self.findData(current), 0) if current else 0)
        self.blockSignals(False)

    def code(self) -> str:
        return str(self.currentData() or "")

    def set_code(self, code: str) -> None:
        self.setCurrentIndex(max(self.findData(code), 0))

    def _filter(self, text: str) -> None:
        self._typed.set_typed(text)
        if not text.strip() or self._typed.rowCount() == 0:
            self._popup.hide()
            return
        if not self._popup.isVisible():
            self._completer.complete()
        # The line edit asks its completer to complete after this signal, which clears the popup's current
        # item: point at the first item once that is done.
        QTimer.singleShot(0, self._point_at_first)

    def _point_at_first(self) -> None:
        """The first item shown is current but not selected: Enter picks it, Down highlights it, and the
        text being typed is not replaced meanwhile."""
        selection = self._popup.selectionModel()
        if self._popup.isVisible() and not selection.hasSelection():
            shown = self._completer.completionModel()  # the completer's own model over the filtered items
            selection.setCurrentIndex(shown.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate)

    def _highlighted(self, label: str) -> None:
        """An item highlighted in the popup (Down, Up) shows in the box, as in any combo box."""
        line = self.lineEdit()
        assert line is not None
        line.setText(label)

    def _settle(self) -> None:
        """Enter, Tab or a click elsewhere: the text names an item (the first that matches), or goes back to
        the chosen one. Never a name on screen with no value behind it."""
        line = self.lineEdit()
        assert line is not None
        text = line.text()
        chosen = self.itemText(self.currentIndex())  # currentText() of an editable box is what is typed
        if text == chosen:
            return
        if not text.strip():
            self.setCurrentIndex(max(self.findData(""), 0))
            return
        self._typed.set_typed(text)
        exact = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if exact >= 0:
            self.setCurrentIndex(exact)
        elif self._typed.rowCount() > 0:
            self.setCurrentIndex(self._typed.mapToSource(self._typed.index(0, 0)).row())
        line.setText(self.itemText(self.currentIndex()))
