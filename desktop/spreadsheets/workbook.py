"""One formatted sheet of a workbook, streamed (openpyxl write-only): the centre's name and the title on
top, bold headers frozen with an autofilter, money with thousands separators and "(đồng)" in its header,
dates dd/mm/yyyy, widths that fit, a bold totals row of SUBTOTAL formulas (a filter applied in Excel leaves
the hidden rows out of the totals), and the page set up to print: landscape A4, the columns fitted to the
page's width, the header row repeated on every page. Rows are written as they come, so a 100,000-row list
stays in constant memory."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from desktop.core.text import nfc
from desktop.services.listing import Kind  # one notion of a column's kind, lists and sheets alike
from desktop.store import files

MONEY_FORMAT = "#,##0"  # Excel shows it with the machine's separators: 1.234.567 on a Vietnamese Windows
NUMBER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0##"
DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0.0"
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDE5F0")
_ILLEGAL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))  # control characters a sheet refuses
MONEY_UNIT = "(đồng)"
# SUBTOTAL's "sum of the rows shown": rows a filter hides, or the user hides by hand, are left out.
VISIBLE_SUM = 109
A4 = 9  # the paper size's number in the sheet's page setup


@dataclass(frozen=True)
class Field:
    """A column of an exported sheet: its header, how its values are written, and whether it is summed."""

    header: str
    kind: Kind = Kind.TEXT
    width: float = 0  # characters; 0: from the header and the first rows
    total: bool = False

    @property
    def heading(self) -> str:
        """The header as the sheet writes it: an amount of money says its unit."""
        if self.kind is Kind.MONEY and "đồng" not in self.header.casefold():
            return f"{self.header} {MONEY_UNIT}"
        return self.header


def cell_value(kind: Kind, value: Any) -> Any:
    """What goes in the cell: numbers as numbers, dates as dates, codes as their Vietnamese label, text
    NFC without the control characters Excel cannot store. A text starting with "=" stays text: a name
    is never run as a formula."""
    if value is None:
        return None
    if kind in (Kind.MONEY, Kind.YEAR):
        return int(value)
    if kind in (Kind.NUMBER, Kind.PERCENT):
        return float(value) if isinstance(value, Decimal) else value
    if kind is Kind.DATE:
        return value.date() if isinstance(value, datetime) else value
    if type(value) is str:  # most cells: skip looking for a label (codes are str subclasses with one)
        shown = value
    else:
        label = getattr(value, "label", None)
        shown = str(label if label is not None else value)
    if not unicodedata.is_normalized("NFC", shown):  # stored text is NFC already: the check is the quick part
        shown = nfc(shown)
    return shown.translate(_ILLEGAL)


class SheetWriter:
    """Streams one sheet: ``title`` rows, then the header row, then ``add`` rows, then ``finish``."""

    def __init__(self, book: Workbook, name: str, fields: Sequence[Field], titles: Sequence[str]) -> None:
        self.fields = list(fields)
        self.sheet: WriteOnlyWorksheet = book.create_sheet(title=name[:31])
        self.header_row = len(titles) + 2
        self.rows = 0
        for n, f in enumerate(self.fields, start=1):  # widths and panes go before the first row is written
            self.sheet.column_dimensions[get_column_letter(n)].width = f.width or max(10, min(48, len(f.heading) + 4))
        self.sheet.freeze_panes = f"A{self.header_row + 1}"
        self._print_setup()
        for n, text in enumerate(titles):
            cell = WriteOnlyCell(self.sheet, value=nfc(text))
            cell.font = Font(bold=True, size=14 if n == 1 else 12)
            self.sheet.append([cell])
        self.sheet.append([])
        head = []
        for f in self.fields:
            cell = WriteOnlyCell(self.sheet, value=nfc(f.heading))
            cell.font, cell.fill, cell.border = Font(bold=True), _HEAD_FILL, _BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            head.append(cell)
        self.sheet.append(head)
        self._formats = [self._format(f.kind) for f in self.fields]
        self._cells: list[Cell | None] = []
        self._decimals: list[Cell] = []

    def _print_setup(self) -> None:
        """Printed as staff print a list: landscape A4, every column on the page's width (as many pages down
        as it takes), the header row on top of each page."""
        sheet: Any = self.sheet  # a streamed sheet has these, missing from its stubs
        setup = sheet.page_setup
        setup.orientation, setup.paperSize = "landscape", A4
        setup.fitToWidth, setup.fitToHeight = 1, 0  # 0: as many pages down as the rows take
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = f"{self.header_row}:{self.header_row}"
        sheet.print_options.horizontalCentered = True
        sheet.oddFooter.center.text = "Trang &P/&N"

    @staticmethod
    def _format(kind: Kind) -> str | None:
        return {
            Kind.MONEY: MONEY_FORMAT,
            Kind.NUMBER: NUMBER_FORMAT,
            Kind.DATE: DATE_FORMAT,
            Kind.PERCENT: PERCENT_FORMAT,
            Kind.YEAR: "0",
        }.get(kind)

    def _styled(self, number_format: str) -> Cell:
        cell = WriteOnlyCell(self.sheet)
        cell.number_format = number_format
        return cell

    def add(self, values: Sequence[Any]) -> None:
        """One row. A streamed sheet writes a row out as it is appended, so each formatted column keeps one
        cell whose value changes (styling every cell anew costs more than writing it); text goes as it is."""
        if not self._cells:
            self._cells = [self._styled(shape) if shape else None for shape in self._formats]
            self._decimals = [self._styled(DECIMAL_FORMAT) for _ in self._formats]
        row: list[Any] = []
        for n, (f, value) in enumerate(zip(self.fields, values, strict=True)):
            shown = cell_value(f.kind, value)
            if isinstance(shown, str):
                if shown.startswith("="):  # text that looks like a formula stays text
                    cell = WriteOnlyCell(self.sheet, value=shown)
                    cell.data_type = "s"
                    row.append(cell)
                else:
                    row.append(shown)
                continue
            fraction = isinstance(shown, float) and not shown.is_integer()  # "#,##0" would print 2.5 as 3
            held = self._decimals[n] if fraction else self._cells[n]
            if held is None or shown is None:
                row.append(shown)
            else:
                held.value = shown
                row.append(held)
        self.sheet.append(row)
        self.rows += 1

    def add_all(self, rows: Iterable[Sequence[Any]]) -> None:
        for values in rows:
            self.add(values)

    def finish(self, total_label: str = "Tổng cộng") -> None:
        """The totals row (when a column is summed) and the autofilter over the data. The totals are formulas
        over the rows above, outside the filtered range: filtering or sorting in Excel keeps them right."""
        last = get_column_letter(len(self.fields))
        sheet: Any = self.sheet  # a streamed sheet writes its filter after the rows (missing from its stubs)
        sheet.auto_filter.ref = f"A{self.header_row}:{last}{self.header_row + max(self.rows, 1)}"
        if not any(f.total for f in self.fields):
            return
        first_row, last_row = self.header_row + 1, self.header_row + self.rows
        row = []
        for n, f in enumerate(self.fields):
            column = get_column_letter(n + 1)
            summed = f"=SUBTOTAL({VISIBLE_SUM},{column}{first_row}:{column}{last_row})" if self.rows else 0
            value = summed if f.total else (total_label if n == 0 else None)
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.font, cell.border = Font(bold=True), _BORDER
            if f.total and (shape := self._formats[n]) is not None:
                cell.number_format = shape
            row.append(cell)
        self.sheet.append(row)


def fitted(fields: Sequence[Field], sample: Iterable[Sequence[Any]]) -> list[Field]:
    """``fields`` with widths that fit their header and the values of ``sample`` (the first rows: a
    streamed sheet must set its widths before its rows)."""
    widest = [len(f.heading) for f in fields]
    for values in sample:
        for n, (f, value) in enumerate(zip(fields, values, strict=True)):
            shown = cell_value(f.kind, value)
            length = 12 if f.kind is Kind.MONEY else 10 if f.kind is Kind.DATE else len(str(shown or ""))
            widest[n] = max(widest[n], length)
    return [
        f if f.width else Field(f.header, f.kind, min(60, max(8, w + 2)), f.total)
        for f, w in zip(fields, widest, strict=True)
    ]


@contextmanager
def streamed_book(target: Path) -> Iterator[Workbook]:
    """A write-only workbook saved to ``target`` at the end of the block, whole or not at all (a full disk
    leaves no file cut short); on an error (a stop, a folder that cannot be written) its sheets are closed
    unsaved, so nothing is left half-written or open."""
    book = Workbook(write_only=True)
    # Formulas are stored without their results (only a spreadsheet program computes them): it is told to
    # compute every one on opening, so the totals show at once.
    book.calculation.fullCalcOnLoad = True
    try:
        yield book
        with files.whole(target) as partial, partial.open("wb") as raw:
            book.save(_QuietAfterFailure(raw))
    except BaseException:
        # Each sheet's rows are written by a generator into a temporary file; left open, it is closed when
        # collected, after that file, and Python prints the failure on the console under the real message.
        for sheet in book.worksheets:
            with suppress(Exception):  # the error that stopped the export is the one to report
                sheet.close()
        raise


def titles(centre: str, title: str, detail: str = "") -> list[str]:
    """The rows above a sheet's table: who made it, what it is, what it covers."""
    lines = [centre.upper(), title.upper()]
    if detail:
        lines.append(detail)
    lines.append(f"Ngày xuất: {date.today().strftime('%d/%m/%Y')}")
    return lines


class _QuietAfterFailure:
    """The file a workbook is saved to. openpyxl leaves its zip archive open when saving fails (a full
    disk); the archive then writes its directory again when it is collected, and Python prints that second
    failure on the console. Once a write has failed, or the file is closed, this file is a sink that takes
    everything without a word: the first failure is the one reported, and the file is removed."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._failed = False
        self._position = 0  # kept as the file moves, for the sink to go on from

    @property
    def _sink(self) -> bool:
        return self._failed or self._file.closed

    def write(self, data: bytes) -> int:
        if not self._sink:
            try:
                self._file.write(data)
            except OSError:
                self._failed = True
                raise
        self._position += len(data)
        return len(data)

    def flush(self) -> None:
        if not self._sink:
            self._file.flush()

    def seek(self, offset: int, whence: int = 0) -> int:
        if not self._sink:
            self._position = self._file.seek(offset, whence)
        else:
            self._position = offset if whence == 0 else self._position + offset
        return self._position

    def tell(self) -> int:
        if not self._sink:
            self._position = self._file.tell()
        return self._position

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)
