"""A table model over a big SQL list: pages arrive from the read thread as the view scrolls."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.core.dates import format_date
from desktop.core.money import format_money, format_number
from desktop.services.listing import Kind, Listing, ListQuery, Row
from desktop.ui import tasks
from desktop.ui.tasks import TaskRunner

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def display(kind: Kind, value: Any) -> str:
    """A listed value as text: 1.234.567 for money, dd/MM/yyyy for dates, the Vietnamese label of a code."""
    if value is None:
        return ""
    if kind is Kind.MONEY:
        return format_money(int(value))
    if kind is Kind.DATE:
        return format_date(value)
    if kind is Kind.YEAR:
        return str(value)
    if kind is Kind.NUMBER:
        return format_money(value) if isinstance(value, int) else format_number(value)
    label = getattr(value, "label", None)
    return str(label if label is not None else value)


class PagedTableModel(QAbstractTableModel):
    """Rows of ``listing`` for the current query, fetched a page at a time (``canFetchMore``/``fetchMore``).

    Every query change bumps a generation number, so a page that arrives for an older query is dropped.
    """

    PAGE = 200
    total_changed = Signal(int)
    loading_changed = Signal(bool)

    def __init__(self, runner: TaskRunner, listing: Listing, headers: list[str]) -> None:
        super().__init__()
        assert len(headers) == len(listing.columns)
        self._runner, self.listing, self._headers = runner, listing, headers
        self._rows: list[Row] = []
        self._exhausted = True
        self._fetching = False
        self._generation = 0
        self.total: int | None = None
        self.query = ListQuery(sort=listing.default_sort, descending=listing.newest_first)
        self._started = False  # no query runs before the page first asks for rows (fast start)

    # --- what the view asks -------------------------------------------------------------------------
    def headers(self) -> list[str]:
        """The column titles, as the screen shows them (exports use the same)."""
        return list(self._headers)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = self.listing.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(column.kind, row.values[index.column()])
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in (Kind.MONEY, Kind.NUMBER, Kind.YEAR):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == ID_ROLE:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
                return self._headers[section]
            if orientation == Qt.Orientation.Vertical:
                return str(section + 1)
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or not self._rows:
            return
        self._fetching = True
        generation, query, after = self._generation, self.query, self._rows[-1].key
        listing, limit = self.listing, self.PAGE
        self._runner.read(
            lambda session: listing.page(session, query, after, limit),
            lambda rows: self._append(generation, rows),
            lambda error: self._failed(generation, error),
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.listing.columns[column].key
        if not self.listing.columns[column].sortable:
            return
        q = self.query
        wanted = ListQuery(q.search, q.filters, key, order == Qt.SortOrder.DescendingOrder, q.deleted)
        if wanted == q:
            return
        if self._started:
            self.set_query(wanted)
        else:  # the view announcing its sort indicator while being built: remember it, query later
            self.query = wanted

    # --- what the page asks ------------------------------------------------------------------------
    def row_id(self, row: int) -> Any:
        return self._rows[row].id

    def row_values(self, row: int) -> tuple[Any, ...]:
        return self._rows[row].values

    def set_query(self, query: ListQuery) -> None:
        """Show the rows of ``query``: the first page, then the count."""
        self.query = query
        self.refresh()

    def refresh(self, *, keep_loaded: bool = False) -> None:
        """Read the rows again from the first; ``keep_loaded``: as many as are loaded now (a write changed
        some: the rows the user scrolled to stay, rather than the list falling back to its first page)."""
        self._started = True
        self._generation += 1
        pages = max(1, -(-len(self._rows) // self.PAGE)) if keep_loaded else 1
        generation, query, listing, limit = self._generation, self.query, self.listing, self.PAGE * pages
        self.total = None  # unknown until this query is counted
        self._fetching = True
        self.loading_changed.emit(True)
        self._runner.read(
            lambda session: listing.page(session, query, None, limit),
            lambda rows: self._reset(generation, rows, limit),
            lambda error: self._failed(generation, error),
        )
        self._runner.read(
            lambda session: listing.count(session, query),
            lambda total: self._counted(generation, total),
            lambda error: self._failed(generation, error),
        )

    # --- what the read thread delivers -------------------------------------------------------------
    def _reset(self, generation: int, rows: list[Row], limit: int) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._rows = list(rows)
        self._exhausted = len(rows) < limit
        self.endResetModel()
        self._fetching = False
        self.loading_changed.emit(False)

    def _append(self, generation: int, rows: list[Row]) -> None:
        if generation != self._generation:
            return
        # Still "fetching" while rows go in: a view or the model tester reacting to the insert signals
        # must not ask for the same page again.
        exhausted = len(rows) < self.PAGE
        if rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._exhausted = exhausted
        self._fetching = False

    def _counted(self, generation: int, total: int) -> None:
        if generation == self._generation:
            self.total = total
            self.total_changed.emit(total)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._fetching = False
            self.loading_changed.emit(False)
            tasks.show_error(None, error)
