"""What a workbook may hold, checked while its parts stream out of the zip, before openpyxl reads any of it.

Why: openpyxl, even read-only, keeps in memory whole what it reads of a workbook besides the rows: the shared
strings (every text of the file, in one list), the styles, the workbook part; and while it streams a sheet it
keeps each row it has passed (an emptied element) and a dict for every row that has a height or a format. A
403 KB file holding one 400 MiB string took 5.3 GB and 50 s; 3 million blank rows took 32 s.

So each part openpyxl will read is first streamed out of the zip (zipfile inflates as it is read and never
returns more than the size a part declares) through expat with small handlers (memory: one chunk), counting
what openpyxl and the dry run will keep; the first limit crossed stops the reading with a refusal that says,
in Vietnamese, what is too big, where, and what to do. The parts are found as openpyxl finds them (content
types, the workbook's relationships), so that nothing it reads escapes the count.

What the scan learns of the sheet to import is returned (:class:`SheetExtent`): the last row and column that
hold a value, so that the reader stops there, and how many rows hold a value (the dry run's progress total).
After a thousand rows without a value, the scan looks ahead in the raw bytes (a regular expression: much
quicker than expat) for the last tag that may hold one; past it, it stops where openpyxl will: a million
formatted-but-empty rows after the data cost a fraction of a second, and openpyxl nothing.

Time: expat calls back into Python for every element; the scan costs ~1.5× expat with handlers that do nothing
(bench/bench_import_limits.py: about a tenth of a dry run's time).
"""

from __future__ import annotations

import os
import posixpath
import re
import struct
import sys
import zipfile
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from desktop.core.errors import Refused
from desktop.core.money import format_money, format_size

Progress = Callable[[str, int, int], None]  # (label, done, total), as core.progress.ProgressState takes it

MB = 1_000_000  # sizes are told to users in MB (core.money.format_size)
CHUNK = 64 * 1024  # read from the zip and fed to expat at a time; expat hands over text in pieces this long at most

# The names openpyxl looks for (openpyxl.xml.constants; copied: reading them must not import openpyxl).
CONTENT_TYPES = "[Content_Types].xml"
CORE, CUSTOM, STYLES, THEME = "docProps/core.xml", "docProps/custom.xml", "xl/styles.xml", "xl/theme/theme1.xml"
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
WORKBOOK_TYPES = (  # in the order openpyxl tries them
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIP_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"  # r:id, as expat names it
# expat is asked to name elements "namespace local": the sheet reader of openpyxl matches its tags exactly so.
ROW, CELL_VALUE, TEXT, SHARED_STRING = f"{MAIN} row", f"{MAIN} v", f"{MAIN} t", f"{MAIN} si"
FORMULA = f"{MAIN} f"
DIMENSION, SHEET_DATA = f"{MAIN} dimension", f"{MAIN} sheetData"
UNCOMPUTED_KEPT = 10_000  # formula cells without a value whose place is kept (a set of pairs: under 2 MB)

# What openpyxl 3.1 on CPython 3.11 keeps, measured (bench/bench_import_limits.py prints the peaks they give):
STRING_BYTES = 130  # a shared string besides its text: the emptied <si> the parser keeps, the list's slot
ROW_BYTES = 100  # an element the reader has passed (a row): emptied, it stays in the parsed tree
FORMATTED_ROW_BYTES = 480  # a row with a height or a format: openpyxl also keeps a dict of its attributes
ELEMENT_BYTES = 800  # an element of a part read whole (a style: 500-750) or beside a sheet's rows (a merge: 650)


@dataclass(frozen=True)
class Limits:
    """The limits, Excel's own first; the caller (imports) sets the rows it will take and what each costs it."""

    text: int = 32_767  # characters of one cell (Excel's limit) or of any text of the file
    rows: int = 1_048_576  # rows of a sheet (Excel's limit)
    columns: int = 16_384  # columns (Excel's limit: XFD)
    value_rows: int = 200_000  # rows holding a value
    row_result: int = 1_700  # bytes the caller keeps per row holding a value (the dry run's result of the row)
    memory: int = 190 * MB  # what openpyxl and the caller keep, estimated: + ~65 MB of program, under 300 MB
    strings: int = 100 * MB  # of which the shared strings (many tiny strings are the worst: ~150 bytes each)
    part_bytes: int = 16 * MB  # a part read whole (styles, workbook...), as its zip entry declares it
    part_elements: int = 60_000  # elements of all the parts read whole (each made into openpyxl objects)
    sheet_bytes: int = 1_000 * MB  # a sheet, inflated: bounds the time of reading it (a real one: ~150 MB at most)
    row_elements: int = 200_000  # elements of one row, kept until its end: 16,384 cells of a few elements
    string_elements: int = 10_000  # elements of one shared string (its runs of formatting)
    load_bytes: int = 1_000 * MB  # parsed on opening: the sheets' beginnings, whole when they lack <dimension>
    token: int = 1 * MB  # bytes expat may hold without reporting anything: one tag, comment, declaration
    directory: int = 1 * MB  # the zip's list of parts, which zipfile reads whole (~500 bytes of objects per part)


LIMITS = Limits()


class WorkbookRefused(Refused):
    """The workbook crosses a limit, or is damaged or unsafe: it was not read (the message says why, and what
    to do, in Vietnamese)."""


@dataclass(frozen=True)
class SheetExtent:
    """What the scan learnt of the sheet to import."""

    name: str
    last_row: int = 0  # the last row (as Excel numbers it) holding a value; 0: none
    last_column: int = 0  # the last column (1-based) holding a value, in any row
    value_rows: int = 0  # rows holding at least one value
    chart: bool = False  # a chart sheet: no cells at all
    # The first column (1-based) holding a value → the last row whose first value is there: a reader of the first
    # n columns stops at the last row holding a value in them (a lone cell at XFD1048576 must not make it read a
    # million empty rows).
    first_columns: Mapping[int, int] = field(default_factory=dict, compare=False)
    memory: int = field(default=0, compare=False)  # the estimate of what openpyxl and the caller hold, at the fullest
    # (row, column), 1-based, of the cells holding a formula but no value computed for it (a file saved by a program
    # that does not compute formulas): read as empty, they are told as such (the first UNCOMPUTED_KEPT of them).
    uncomputed: frozenset[tuple[int, int]] = field(default=frozenset(), compare=False)

    def last_row_within(self, columns: int) -> int:
        """The last row holding a value in the first ``columns`` columns (0: none)."""
        return max((row for column, row in self.first_columns.items() if column <= columns), default=0)


def check(
    path: Path, sheet: str = "", limits: Limits = LIMITS, progress: Progress | None = None, head: int = 0
) -> SheetExtent | None:
    """Check the workbook at ``path`` part by part as openpyxl will read it, and the sheet ``sheet`` (the first
    when empty) in full, or with ``head`` up to its row ``head`` (the extent then ends there: openpyxl, told to
    stop there, reads up to the end of the next row, which is checked too). None when the workbook has no such
    sheet (the caller names those it has).

    Raises :class:`WorkbookRefused` at the first limit crossed, or when the file is not a readable workbook."""
    name = path.name
    _check_directory(path, name, limits)
    try:
        with zipfile.ZipFile(path) as archive:
            return _Workbook(archive, name, limits, progress, head).check(sheet)
    except WorkbookRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError, struct.error):
        # zipfile's reasons are English (bad CRC, encrypted, unknown compression): what the user can do is the same
        raise WorkbookRefused(_not_a_workbook(name, "")) from None


def _not_a_workbook(name: str, why: str) -> str:
    return f"Tệp {name} không phải tệp Excel .xlsx đọc được (tệp hỏng{why}): hãy mở bằng Excel và lưu lại dạng .xlsx"


def _check_directory(path: Path, name: str, limits: Limits) -> None:
    """The zip's list of parts, as zipfile finds it (the end record, zip64's when there is one), must be small:
    zipfile reads it whole and makes an object of every part before anything else can be checked."""
    with path.open("rb") as file:
        size = file.seek(0, os.SEEK_END)
        tail_size = min(size, (1 << 16) + 22 + 20 + 56)  # the longest comment, the end record, zip64's two
        file.seek(size - tail_size)
        tail = file.read(tail_size)
    end = len(tail) - 22
    if end < 0 or tail[end : end + 4] != b"PK\x05\x06" or tail[-2:] != b"\0\0":
        end = tail.rfind(b"PK\x05\x06", max(0, len(tail) - (1 << 16) - 22))  # after a comment
    if end < 0 or len(tail) - end < 22:
        return  # not a zip at all: zipfile says so, and the caller refuses it
    (directory,) = struct.unpack("<I", tail[end + 12 : end + 16])
    locator = end - 20
    zip64 = locator - 56  # zipfile takes the zip64 record right before its locator, right before the end record
    if zip64 >= 0 and tail[locator : locator + 4] == b"PK\x06\x07" and tail[zip64 : zip64 + 4] == b"PK\x06\x06":
        (directory,) = struct.unpack("<Q", tail[zip64 + 40 : zip64 + 48])
    if directory > limits.directory:
        raise WorkbookRefused(
            f"Tệp {name} có danh mục thành phần lớn bất thường ({format_size(directory)}): không phải tệp Excel"
            " thông thường; hãy mở bằng Excel và lưu lại"
        )


class _Enough(Exception):
    """Raised by a handler when the scan has read what it needed (a sheet's beginning)."""


@dataclass
class _Relationship:
    type: str
    target: str  # the part's name in the zip, resolved as openpyxl resolves it; "" for an external one


class _Workbook:
    """The parts openpyxl reads, found as it finds them, each scanned once, with the running totals."""

    def __init__(
        self, archive: zipfile.ZipFile, name: str, limits: Limits, progress: Progress | None, head: int
    ) -> None:
        self.archive = archive
        self.head = head
        self.name = name
        self.limits = limits
        self.progress = progress
        self.sizes = {info.filename: info.file_size for info in archive.infolist()}  # the last of a name, as zipfile
        self.whole_elements = 0
        self.whole_bytes = 0  # estimated memory of the parts read whole
        self.strings_bytes = 0  # estimated memory of the shared strings
        self.load_bytes = 0  # what openpyxl parses when it opens the file (the sheets' beginnings)
        self.load_peak = 0  # estimated memory of the largest of those beginnings (each freed before the next)
        self.scanned: set[str] = set()
        self.done_bytes = 0
        self.total_bytes = 0

    # --- the walk, as openpyxl.reader.excel.ExcelReader.read goes -----------------------------------------
    def check(self, wanted: str) -> SheetExtent | None:
        if CONTENT_TYPES not in self.sizes:
            raise WorkbookRefused(_not_a_workbook(self.name, f": thiếu phần {CONTENT_TYPES}"))
        types = self.whole(CONTENT_TYPES, collect=True)
        overrides = [
            (a.get("PartName", ""), a.get("ContentType", "")) for d, n, a in types if d == 2 and n == "Override"
        ]
        defaults = {a.get("ContentType", "") for d, n, a in types if d == 2 and n == "Default"}
        workbook = next((part[1:] for kind in WORKBOOK_TYPES for part, t in overrides if t == kind), None)
        if workbook is None and defaults & set(WORKBOOK_TYPES):
            workbook = "xl/workbook.xml"
        if workbook is None or workbook not in self.sizes:
            raise WorkbookRefused(_not_a_workbook(self.name, ": không có phần bảng tính"))
        strings = [part[1:] for part, t in overrides if t == SHARED_STRINGS_TYPE and part[1:] in self.sizes]
        sheets = self.sheets(workbook)
        relationships = self.relationships(workbook) if any(rid for _, rid in sheets) else {}
        listed: list[tuple[str, _Relationship]] = []  # openpyxl's sheetnames, in its order
        for title, rid in sheets:
            if not rid:
                continue  # openpyxl drops a sheet without its relationship
            found = relationships.get(rid)
            if found is None:
                raise WorkbookRefused(_not_a_workbook(self.name, f": trang “{title}” không trỏ tới phần nào"))
            if found.target in self.sizes:
                listed.append((title, found))
        chosen = self.choose(listed, wanted)
        if chosen is not None and "chartsheet" not in chosen[1].type:
            self.total_bytes = sum(self.sizes[p] for p in strings) + self.sizes[chosen[1].target]
        for part in strings:  # openpyxl reads the first; a forged file may list more: all are counted
            self.shared_strings(part)
        for part in (CORE, CUSTOM, STYLES):
            if part in self.sizes:
                self.whole(part)
        if THEME in self.sizes:  # kept as bytes, not parsed
            self.whole_bytes += self.declared(THEME, self.limits.part_bytes)
        self.check_memory(None)
        extent: SheetExtent | None = None
        for title, found in listed:
            if "chartsheet" in found.type:
                self.chart(found.target)
                if chosen is not None and chosen[0] == title and chosen[1] is found:
                    extent = SheetExtent(title, chart=True)
                continue
            self.relationships(found.target, optional=True)
            if chosen is not None and chosen[1] is found:
                scan = _SheetScan(self, found.target, title, whole=True)
                scan.feed()
                self.loaded(scan, found.target)
                scan.check_budget()
                memory = self.whole_bytes + self.strings_bytes + max(self.load_peak, scan.estimate())
                extent = SheetExtent(
                    title,
                    scan.last_row,
                    scan.last_column,
                    scan.value_rows,
                    False,
                    dict(scan.first_columns),
                    memory,
                    frozenset(scan.uncomputed),
                )
            else:
                prefix = _SheetScan(self, found.target, title, whole=False)
                prefix.feed()
                self.loaded(prefix, found.target)
        return extent

    @staticmethod
    def choose(listed: list[tuple[str, _Relationship]], wanted: str) -> tuple[str, _Relationship] | None:
        """The sheet openpyxl gives for ``wanted`` (its first one when empty): a worksheet before a chart sheet."""
        if not wanted:
            return listed[0] if listed else None
        named = [item for item in listed if item[0] == wanted]
        return next((i for i in named if "chartsheet" not in i[1].type), named[0] if named else None)

    def sheets(self, workbook: str) -> list[tuple[str, str]]:
        """(title, relationship id) of the sheets: the children of the workbook's (last) <sheets>."""
        found: list[tuple[str, str]] = []
        inside = False
        for depth, local, attributes in self.whole(workbook, collect=True):
            if depth == 2:
                inside = local == "sheets"
                if inside:
                    found = []  # openpyxl keeps the last <sheets>
            elif depth == 3 and inside:
                found.append((attributes.get("name", ""), attributes.get(RELATIONSHIP_ID, "")))
        return found

    def relationships(self, part: str, optional: bool = False) -> dict[str, _Relationship]:
        """The relationships of ``part``, their targets resolved as openpyxl.packaging.relationship does."""
        folder, base = posixpath.split(part)
        path = posixpath.join(folder, "_rels", f"{base}.rels")
        if path not in self.sizes:
            if optional:
                return {}
            raise WorkbookRefused(_not_a_workbook(self.name, f": thiếu phần {path}"))
        parent = posixpath.split(posixpath.dirname(path))[0]
        found: dict[str, _Relationship] = {}
        for depth, local, attributes in self.whole(path, collect=True):
            if depth != 2 or local != "Relationship":
                continue
            target = attributes.get("Target", "")
            if attributes.get("TargetMode") == "External":
                target = ""
            elif target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(parent, target))
            found[attributes.get("Id", "")] = _Relationship(attributes.get("Type", ""), target)
        return found

    def chart(self, part: str, depth: int = 0) -> None:
        """A chart sheet, which openpyxl reads whole with its drawing and charts (their images it skips: no
        Pillow): the part and all it refers to, a few levels down."""
        if part in self.scanned or depth > 3:
            return
        self.whole(part)
        for found in self.relationships(part, optional=True).values():
            if found.target in self.sizes and not found.type.endswith("/image"):
                self.chart(found.target, depth + 1)

    # --- the parts ------------------------------------------------------------------------------------------
    def declared(self, part: str, cap: int) -> int:
        size = self.sizes[part]
        if size > cap:
            hint = (
                "quá nhiều kiểu định dạng ô: hãy chép các ô dữ liệu sang một tệp Excel mới (Dán đặc biệt → Giá trị)"
                " rồi nhập tệp mới"
                if part == STYLES
                else "hãy mở bằng Excel và lưu lại, hoặc chép dữ liệu sang một tệp mới"
            )
            raise WorkbookRefused(
                f"Tệp {self.name}: phần “{part}” lớn bất thường ({format_size(size)} khi giải nén, tối đa"
                f" {format_size(cap)}): {hint}"
            )
        return size

    def whole(self, part: str, collect: bool = False) -> list[tuple[int, str, dict[str, str]]]:
        """Scan a part openpyxl reads whole; with ``collect``, (depth, local name, attributes) of its elements
        down to depth 3 (the root is 1), which content types, relationships and the workbook are read from."""
        if part in self.scanned and not collect:
            return []
        self.whole_bytes += 2 * self.declared(part, self.limits.part_bytes)  # the bytes, and the text made of them
        scan = _WholeScan(self, part, collect)
        scan.feed()
        self.scanned.add(part)
        self.check_memory(None)
        return scan.found

    def shared_strings(self, part: str) -> None:
        if part not in self.scanned:
            _StringsScan(self, part).feed()
            self.scanned.add(part)
            self.check_memory(None)

    def loaded(self, sheet: _SheetScan, part: str) -> None:
        """openpyxl parses the beginning of every sheet when it opens the file (up to the end of <dimension>,
        or the whole sheet when it has none), keeping every row and other element it passed (emptied, ~85
        bytes) until that sheet is done."""
        if sheet.prefix_open:  # no <dimension>, no end of <sheetData>: all of it
            sheet.close_prefix(sheet.fed)
        self.load_bytes += sheet.prefix_bytes
        self.load_peak = max(self.load_peak, sheet.prefix_kept * ROW_BYTES)
        if self.load_bytes > self.limits.load_bytes:
            raise WorkbookRefused(
                f"Tệp {self.name} có trang tính không ghi kích thước của mình (tệp không do Excel ghi) và quá lớn"
                f" (hơn {format_size(self.limits.load_bytes)} phải đọc ngay khi mở tệp, đến phần “{part}”): hãy mở"
                " bằng Excel và lưu lại"
            )
        self.check_memory(None)

    def check_memory(self, sheet: _SheetScan | None) -> None:
        """The estimate of what openpyxl and the caller will hold at the fullest: the parts read whole and the
        shared strings throughout, then the larger of a sheet's beginning (on opening) and the rows read."""
        reading = sheet.estimate() if sheet is not None else 0
        total = self.whole_bytes + self.strings_bytes + max(self.load_peak, reading)
        if total <= self.limits.memory:
            return
        parts = {
            "các dòng có dữ liệu": sheet.value_rows * self.limits.row_result if sheet else 0,
            "các dòng đã đi qua và các dòng có định dạng riêng": sheet.rows_estimate() if sheet else 0,
            "ô gộp, định dạng có điều kiện, các mục ngoài các dòng": sheet.outside * ELEMENT_BYTES if sheet else 0,
            "các chuỗi chữ dùng chung": self.strings_bytes,
            "kiểu định dạng và các phần khác của tệp": self.whole_bytes,
            "các trang tính không ghi kích thước": self.load_peak,
        }
        biggest = max(parts, key=lambda k: parts[k])
        where = f", trang tính “{sheet.title}”" if sheet else ""
        if sheet and sheet.number:  # before its first row, the sheet is named alone: there is no row 0
            where += f" đến dòng {format_money(sheet.number)}"
        raise WorkbookRefused(
            f"Tệp {self.name} quá lớn để đọc một lần{where}: ước tính cần hơn {format_size(self.limits.memory)} bộ"
            f" nhớ, nhiều nhất là {biggest} ({format_size(parts[biggest])}). Hãy chia nhỏ tệp (mỗi tệp ít dòng hơn)"
        )

    def advance(self, size: int) -> None:
        """Progress of the long scans (the shared strings and the sheet), in KiB; where the user may stop them."""
        self.done_bytes += size
        if self.progress is not None and self.total_bytes:
            self.progress("Đang kiểm tra kích thước tệp", self.done_bytes >> 10, max(1, self.total_bytes >> 10))


class _Scan(ABC):
    """One part streamed through expat: no DTD, no entity; the handlers of a subclass count, and raise at the
    first limit crossed. Memory: a chunk, and the longest tag (``Limits.token``)."""

    __slots__ = ("book", "fed", "limits", "parser", "part", "report_progress", "run", "text_limit")

    def __init__(self, book: _Workbook, part: str) -> None:
        self.book = book
        self.part = part
        self.limits = book.limits
        self.text_limit = book.limits.text
        self.run = 0  # characters of the text being read, up to the next tag
        self.fed = 0  # bytes given to expat
        self.report_progress = False
        self.parser = expat.ParserCreate(namespace_separator=" ")

    def where(self) -> str:
        return f"Tệp {self.book.name}, phần “{self.part}”"

    def feed(self) -> None:
        parser = self.parser
        # (text comes in pieces, as expat meets it in each chunk: never whole)
        parser.ordered_attributes = True  # [name, value, name, value...]: quicker to make than a dict
        parser.StartDoctypeDeclHandler = self.doctype  # a DTD is refused before any of it is read
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        token = self.limits.token
        try:
            with self.book.archive.open(self.part) as stream:
                while chunk := stream.read(CHUNK):
                    parser.Parse(chunk, False)
                    self.fed += len(chunk)
                    if self.report_progress:
                        self.book.advance(len(chunk))
                    # expat holds a tag (or a comment) whole until its end: its last event tells how far it got
                    if self.fed - parser.CurrentByteIndex > token:
                        raise WorkbookRefused(
                            f"{self.where()} có một thẻ XML dài bất thường (hơn {format_size(token)}): tệp không do"
                            " Excel ghi hoặc đã bị sửa; hãy mở bằng Excel và lưu lại"
                        )
                parser.Parse(b"", True)
        except _Enough:
            pass
        except WorkbookRefused:
            raise
        except expat.ExpatError as error:
            raise WorkbookRefused(self.damaged(f"lỗi XML ở dòng {error.lineno}, cột {error.offset}")) from None
        except (ValueError, LookupError):  # pyexpat on an encoding it cannot read ("shift_jis", unknown names)
            raise WorkbookRefused(self.damaged("viết bằng bảng mã không đọc được")) from None

    def damaged(self, why: str) -> str:
        return _not_a_workbook(self.book.name, f": phần “{self.part}” {why}")

    def doctype(self, *_: Any) -> None:
        raise WorkbookRefused(
            f"{self.where()} có khai báo XML không an toàn (DTD, thực thể) mà Excel không bao giờ ghi: không đọc"
            " tệp này; hãy mở bằng Excel và lưu lại"
        )

    @abstractmethod
    def start(self, name: str, attributes: list[str]) -> None:
        """An element begins: what each kind of part counts."""

    def end(self, name: str) -> None:
        self.run = 0

    def text(self, data: str) -> None:
        self.run += len(data)
        if self.run > self.text_limit:
            raise self.too_long(f"{self.where()} có một đoạn chữ")

    def too_long(self, what: str, shorten: str = ", rút ngắn ô đó") -> WorkbookRefused:
        return WorkbookRefused(
            f"{what} dài hơn {format_money(self.text_limit)} ký tự, giới hạn của Excel cho một ô: tệp không do Excel"
            f" ghi hoặc đã bị sửa, không đọc tệp này. Hãy mở bằng Excel{shorten} rồi lưu lại"
        )


class _WholeScan(_Scan):
    """A part openpyxl reads whole (content types, workbook, relationships, styles...): every element becomes
    objects, so the elements of all such parts together are counted against ``Limits.part_elements``."""

    __slots__ = ("collect", "depth", "found")

    def __init__(self, book: _Workbook, part: str, collect: bool) -> None:
        super().__init__(book, part)
        self.collect = collect
        self.depth = 0
        self.found: list[tuple[int, str, dict[str, str]]] = []

    def start(self, name: str, attributes: list[str]) -> None:
        self.run = 0
        self.depth += 1
        book = self.book
        book.whole_elements += 1
        if book.whole_elements > self.limits.part_elements:
            hint = (
                "quá nhiều kiểu định dạng ô: hãy chép các ô dữ liệu sang một tệp Excel mới (Dán đặc biệt → Giá trị)"
                " rồi nhập tệp mới"
                if self.part == STYLES
                else "hãy mở bằng Excel và lưu lại, hoặc chép dữ liệu sang một tệp mới"
            )
            raise WorkbookRefused(
                f"{self.where()} có quá nhiều phần tử (các phần đọc cả một lần: hơn"
                f" {format_money(self.limits.part_elements)}): {hint}"
            )
        if self.collect and self.depth <= 3:
            # openpyxl reads these parts by local names (namespaces aside), as here
            pairs = dict(zip(attributes[::2], attributes[1::2], strict=True))
            self.found.append((self.depth, name.rpartition(" ")[2], pairs))

    def end(self, name: str) -> None:
        self.run = 0
        self.depth -= 1


def _str_bytes(length: int, width: int) -> int:
    """The size of a Python str of ``length`` characters of ``width`` bytes each (CPython's compact strings)."""
    return (49 + length) if width == 1 else (74 + 2 * length) if width == 2 else (76 + 4 * length)


class _StringsScan(_Scan):
    """The shared strings: openpyxl keeps them all in one list for as long as the file is open."""

    __slots__ = ("count", "depth", "inner", "length", "string_depth", "width")

    def __init__(self, book: _Workbook, part: str) -> None:
        super().__init__(book, part)
        self.report_progress = True
        self.count = 0
        self.depth = 0
        self.string_depth = 0  # the depth of the <si> being read; 0 outside one
        self.length = 0  # characters of the string being read (its runs together)
        self.width = 1  # bytes per character Python will give it: 1, 2 (Vietnamese), 4 (emoji)
        self.inner = 0  # elements in the string being read (kept until its end)

    def start(self, name: str, attributes: list[str]) -> None:
        self.run = 0
        self.depth += 1
        if self.string_depth:
            self.inner += 1
            if self.inner > self.limits.string_elements:
                raise WorkbookRefused(
                    f"Tệp {self.book.name}: chuỗi chữ thứ {format_money(self.count)} có quá nhiều đoạn định dạng"
                    f" (hơn {format_money(self.limits.string_elements)}): hãy mở bằng Excel và lưu lại"
                )
        elif name == SHARED_STRING:
            self.count += 1
            self.string_depth = self.depth
            self.length = self.inner = 0
            self.width = 1
        else:  # beside the strings, never emptied: kept as parsed
            self.charge(STRING_BYTES)

    def end(self, name: str) -> None:
        self.run = 0
        if self.depth == self.string_depth:
            self.string_depth = 0
            self.charge(STRING_BYTES + _str_bytes(self.length, self.width))
        self.depth -= 1

    def charge(self, size: int) -> None:
        book = self.book
        book.strings_bytes += size
        if book.strings_bytes > self.limits.strings:
            raise WorkbookRefused(
                f"Tệp {book.name} chứa quá nhiều chữ (đã đếm {format_money(self.count)} chuỗi chữ khác nhau, cần hơn"
                f" {format_size(self.limits.strings)} bộ nhớ chỉ để giữ chúng): hãy chia nhỏ tệp (mỗi tệp ít dòng hơn)"
            )

    def text(self, data: str) -> None:
        if not self.string_depth:
            return super().text(data)
        self.length += len(data)  # the text of the string, its runs' and its phonetic guide's together
        if self.length > self.text_limit:
            raise self.too_long(f"Tệp {self.book.name}: chuỗi chữ thứ {format_money(self.count)}")
        if self.width < 4 and not data.isascii():
            self.width = max(self.width, 4 if max(data) > "\uffff" else 2)
        return None


DIGITS = "0123456789"
VALUES = frozenset((CELL_VALUE, TEXT))
PLAIN_ROW = frozenset(("r", "spans"))  # a row's attributes that openpyxl does not keep
# A tag that may hold a value: <v> or <t>, or a formula (<f>: a program that does not compute formulas writes
# no value for it), under any prefix. Searched in the raw bytes (much quicker than expat) to know where the
# sheet's last value can be: past it, the scan stops as soon as openpyxl would.
VALUE_TAG = re.compile(rb"<(?:[^\s<>:/!?]*:)?[vtf][\s/>]")
# The search only works on bytes where "<v>" is written so: UTF-8 (XML's default), ASCII and its 8-bit kin.
ASCII_BASED = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<(?!\?xml)|<\?xml(?![^>]*encoding=)|<\?xml[^>]*encoding=[\"']"
    rb"(?:utf-?8|us-ascii|ascii|iso-8859-\d+|windows-125\d|latin-?1)[\"'])",
    re.IGNORECASE,
)


BLANK_RUN = 1_000  # rows without a value in a row: time to look for the last value ahead (a formatted tail?)
UNKNOWN = sys.maxsize  # the last value may be anywhere


def _last_value_tag(archive: zipfile.ZipFile, part: str) -> int:
    """The byte offset of the last tag of ``part`` that may hold a value (-1: none; ``UNKNOWN`` when the part is
    not written in an encoding the search can read, UTF-16)."""
    last = -1
    with archive.open(part) as stream:
        carried = b""  # the end of the chunk before: a tag cut in two is found whole
        offset = 0  # of ``carried``'s first byte
        while chunk := stream.read(CHUNK * 16):
            window = carried + chunk
            if offset == 0 and not ASCII_BASED.match(window, 0, 512):
                return UNKNOWN
            end = len(window)
            while end > 0:  # from the end, a few KB at a time: only the last one counts
                found = -1
                for match in VALUE_TAG.finditer(window, max(0, end - 4096), min(len(window), end + 256)):
                    found = match.start()
                if found >= 0:
                    last = offset + found
                    break
                end -= 4096
            carried = window[-256:]
            offset += len(window) - len(carried)
    return last


_COLUMNS: dict[str, int] = {}  # "AB" → 28: the letters of a reference to its column (at most 18,278 of them)


def _attribute(attributes: list[str], name: str) -> str | None:
    """The value of ``name`` in expat's ordered attributes ([name, value, ...])."""
    for n in range(0, len(attributes) - 1, 2):
        if attributes[n] == name:
            return attributes[n + 1]
    return None


def _column(letters: str) -> int:
    """The column (1-based) of the letters of a cell reference ("AB", "$ab$" as openpyxl reads them); 0 when
    they are not a column's."""
    found = _COLUMNS.get(letters)
    if found is None:
        bare = letters.replace("$", "").upper()
        if not bare.isascii() or not bare.isalpha() or len(bare) > 3:
            return 0
        found = 0
        for letter in bare:
            found = found * 26 + ord(letter) - 64
        if bare == letters:  # "$A$", "ab" are computed each time: remembering every way of writing them is not
            _COLUMNS[letters] = found
    return found


class _SheetScan(_Scan):
    """A worksheet, as openpyxl's WorkSheetParser reads it: any <row> of the main namespace is a row (numbered by
    its r, else the one before + 1), any child of a row a cell (its column by its r, else the one before + 1),
    a cell holds a value when it has text in a <v>, or in a <t> of its inline string. With ``whole`` False,
    only the beginning openpyxl reads on opening: up to the end of <dimension>, or of <sheetData>.

    Its handlers run for every element of the sheet: they touch as little as they can."""

    __slots__ = (
        "blank_run",
        "cell_formula",
        "cell_text",
        "cell_value",
        "cells",
        "column",
        "depth",
        "first_columns",
        "formatted",
        "formatted_to_last",
        "head",
        "in_value",
        "last_column",
        "last_row",
        "max_columns",
        "max_row_elements",
        "number",
        "outside",
        "prefix_bytes",
        "prefix_kept",
        "prefix_open",
        "row_depth",
        "row_elements",
        "row_first",
        "row_formatted",
        "row_start",
        "row_value",
        "rows",
        "rows_to_last",
        "title",
        "uncomputed",
        "value_rows",
        "values_end",
        "whole",
    )

    def __init__(self, book: _Workbook, part: str, title: str, whole: bool) -> None:
        super().__init__(book, part)
        self.title = title
        self.whole = whole
        self.head = book.head if whole else 0  # the last row wanted (0: all)
        self.report_progress = whole
        self.max_columns = self.limits.columns
        self.max_row_elements = self.limits.row_elements
        self.depth = 0
        self.prefix_open = True  # until the end of <dimension> or <sheetData>: what opening the file parses
        self.prefix_bytes = 0
        self.prefix_kept = 0  # rows and elements beside the rows in it (the cells go with their row)
        self.outside = 0  # elements beside the rows
        self.rows = 0  # <row> elements
        self.number = 0  # the row's number, as openpyxl counts it
        self.formatted = 0  # rows with a height or a format
        self.value_rows = 0
        self.last_row = 0
        self.last_column = 0
        self.rows_to_last = 0  # <row> elements up to the last row holding a value (what openpyxl will pass)
        self.first_columns: dict[int, int] = {}  # SheetExtent.first_columns
        self.formatted_to_last = 0
        # the row, the cell being read
        self.row_depth = 0
        self.row_elements = 0
        self.row_formatted = False
        self.row_value = False
        self.row_first = 0  # the first column of the row holding a value
        self.cells = 0
        self.column = 0
        self.cell_text = 0
        self.cell_value = False
        self.cell_formula = False  # the cell has a <f>: if it has no value either, its value was never computed
        self.uncomputed: set[tuple[int, int]] = set()
        self.in_value = False
        self.row_start = 0
        self.blank_run = 0  # rows without a value since the last one with
        size = book.sizes[part]
        if size > self.limits.sheet_bytes:
            raise WorkbookRefused(
                f"Trang tính “{title}” của tệp {book.name} quá lớn ({format_size(size)} khi giải nén, tối đa"
                f" {format_size(self.limits.sheet_bytes)}): hãy chia nhỏ tệp"
            )
        # Where the last value can be, looked for after many rows without one: the rows after it are not read
        # by openpyxl (see end_row), nor here. None: not looked for yet.
        self.values_end: int | None = None

    def where(self) -> str:
        return f"Trang tính “{self.title}” của tệp {self.book.name}"

    def at_row(self) -> str:
        # Outside any row (before the first, or between rows) no row can be named: the sheet is, alone.
        if not self.row_depth or self.number < 1:
            return self.where()
        return f"{self.where()}, dòng {format_money(self.number)}"

    def damaged(self, why: str) -> str:
        return f"Trang tính “{self.title}” bị hỏng, không đọc được ({why}): hãy mở bằng Excel và lưu lại"

    def rows_estimate(self) -> int:
        return self.rows_to_last * ROW_BYTES + self.formatted_to_last * FORMATTED_ROW_BYTES

    def estimate(self) -> int:
        """What reading this sheet up to its last value will hold: the rows passed, the formatted ones, what lies
        beside the rows (merges, conditional formats: made into objects), and the caller's result of each row."""
        return self.rows_estimate() + self.outside * ELEMENT_BYTES + self.value_rows * self.limits.row_result

    def check_budget(self) -> None:
        self.book.check_memory(self)

    def close_prefix(self, at: int) -> None:
        self.prefix_open = False
        self.prefix_bytes = at
        self.prefix_kept = self.rows + self.outside

    def start(self, name: str, attributes: list[str]) -> None:
        # (self.run is not reset here: the text before and after a start tag counted together only errs high)
        depth = self.depth = self.depth + 1
        row_depth = self.row_depth
        if not row_depth:
            if name == ROW:
                self.start_row(depth, attributes)
            else:
                self.beside()
            return
        elements = self.row_elements = self.row_elements + 1
        if depth == row_depth + 1:  # a cell: openpyxl takes every child of a row for one
            cells = self.cells = self.cells + 1
            # Excel, LibreOffice and openpyxl write a cell's r first
            reference = attributes[1] if attributes and attributes[0] == "r" else _attribute(attributes, "r")
            if reference:
                letters = reference.rstrip(DIGITS)
                column = _COLUMNS.get(letters) or _column(letters)
            else:
                column = self.column + 1
            if not column or column > self.max_columns or cells > self.max_columns or elements > self.max_row_elements:
                self.refuse_cell(reference or "", column, cells)
            self.column = column
            self.cell_text = 0
            self.cell_value = self.cell_formula = False
        elif name in VALUES:
            self.in_value = True
        elif name == FORMULA:
            self.cell_formula = True
        elif name == ROW:
            raise WorkbookRefused(self.damaged(f"dòng {format_money(self.number)} nằm trong một dòng khác"))
        elif elements > self.max_row_elements:
            self.refuse_cell("", self.column, self.cells)

    def refuse_cell(self, reference: str, column: int, cells: int) -> None:
        if not column:
            raise WorkbookRefused(self.damaged(f"dòng {format_money(self.number)}: ô “{reference[:20]}”"))
        if self.row_elements > self.max_row_elements:
            raise WorkbookRefused(
                f"{self.at_row()}: có quá nhiều ô (hơn {format_money(self.max_row_elements)} phần tử): tệp không do"
                " Excel ghi; hãy mở bằng Excel và lưu lại"
            )
        raise WorkbookRefused(
            f"{self.at_row()}: có ô ở cột thứ {format_money(max(column, cells))}, quá số cột tối đa của Excel"
            f" ({format_money(self.max_columns)}): tệp không do Excel ghi hoặc đã hỏng; hãy mở bằng Excel và lưu lại"
        )

    def beside(self) -> None:
        self.outside += 1
        if self.whole:
            self.book.check_memory(self)

    def start_row(self, depth: int, attributes: list[str]) -> None:
        reference = attributes[1] if attributes and attributes[0] == "r" else _attribute(attributes, "r")
        number = self.number + 1
        if reference is not None:
            try:
                number = int(reference)
            except ValueError:  # openpyxl takes "12.0" too
                try:
                    as_float = float(reference)
                except ValueError:
                    as_float = 0.5
                if not as_float.is_integer():
                    raise WorkbookRefused(self.damaged(f"số dòng “{reference[:20]}”")) from None
                number = int(as_float)
            if number < 1:  # Excel numbers rows from 1: a row 0 would be told to the user as "dòng 0"
                raise WorkbookRefused(self.damaged(f"số dòng “{reference[:20]}”"))
        self.number = number
        self.rows += 1
        if number > self.limits.rows or self.rows > self.limits.rows:
            raise WorkbookRefused(
                f"{self.where()} có dòng thứ {format_money(max(number, self.rows))}, quá số dòng tối đa của Excel"
                f" ({format_money(self.limits.rows)}): tệp không do Excel ghi hoặc đã hỏng; hãy mở bằng Excel và lưu"
                " lại, hoặc chép dữ liệu sang một tệp mới"
            )
        self.row_depth = depth
        self.row_elements = self.cells = self.column = self.row_first = 0
        self.row_value = False
        self.row_start = self.parser.CurrentByteIndex
        # openpyxl keeps the attributes of a row that has more than r and spans, namespaced ones aside (expat
        # names those "namespace local": one space each)
        count = len(attributes)
        if not count or (attributes[0] == "r" and (count == 2 or (count == 4 and attributes[2] == "spans"))):
            self.row_formatted = False  # the usual <row r="5" spans="1:3">, quickly
        else:
            others = set(attributes[::2]) - PLAIN_ROW
            self.row_formatted = bool(others) and "".join(others).count(" ") < len(others)

    def end(self, name: str) -> None:
        self.run = 0
        self.in_value = False
        depth = self.depth
        self.depth = depth - 1
        row_depth = self.row_depth
        if row_depth:
            if depth == row_depth + 1:
                if not self.cell_value and self.cell_formula and len(self.uncomputed) < UNCOMPUTED_KEPT:
                    self.uncomputed.add((self.number, self.column))
                # A formula never computed counts as a value here: its row is read, and told (not skipped as blank).
                if self.cell_value or self.cell_formula:
                    if not self.row_value:
                        self.row_value = True
                        self.row_first = self.column
                    elif self.column < self.row_first:
                        self.row_first = self.column
                    if self.column > self.last_column:
                        self.last_column = self.column
            elif depth == row_depth:
                self.end_row()
        elif self.prefix_open and name in (DIMENSION, SHEET_DATA):
            self.close_prefix(self.parser.CurrentByteIndex)  # openpyxl stops here when it opens the file
            if not self.whole:
                raise _Enough

    def end_row(self) -> None:
        self.row_depth = 0
        if self.row_formatted:
            self.formatted += 1
        if self.head and self.number > self.head:
            if not self.prefix_open:
                raise _Enough  # where openpyxl stops when told to stop at ``head``
            return  # a sheet without <dimension> is read whole on opening: it is checked whole, not counted
        if not self.row_value:
            self.blank_run += 1
            if self.blank_run < BLANK_RUN or self.prefix_open or not self.whole or self.head:
                return
            if self.values_end is None:
                self.values_end = _last_value_tag(self.book.archive, self.part)
            if self.row_start > self.values_end and self.number > self.last_row:
                # No value after this row, and openpyxl, told to stop at the last row holding one, stops at the
                # first row numbered past it: this one at the latest. What follows is not read by openpyxl
                # (beyond the 16 KiB it reads at a time, which it cannot make much of): nor here.
                raise _Enough
            return
        self.value_rows += 1
        self.blank_run = 0
        if self.value_rows > self.limits.value_rows:
            raise WorkbookRefused(
                f"{self.where()}: có hơn {format_money(self.limits.value_rows)} dòng có dữ liệu (đến dòng"
                f" {format_money(self.number)}): hãy chia nhỏ tệp"
            )
        self.last_row = max(self.last_row, self.number)  # openpyxl stops at the first row numbered past it
        if self.number > self.first_columns.get(self.row_first, 0):
            self.first_columns[self.row_first] = self.number
        self.rows_to_last = self.rows
        self.formatted_to_last = self.formatted
        if self.whole:
            self.book.check_memory(self)

    def text(self, data: str) -> None:
        if self.in_value:
            size = self.cell_text = self.cell_text + len(data)
            if size > self.text_limit:
                raise self.too_long(f"{self.at_row()}: một ô")
            if not self.cell_value and not data.isspace():
                self.cell_value = True
        else:
            run = self.run = self.run + len(data)
            if run > self.text_limit:
                if not self.row_depth:  # outside the rows: no cell to shorten, and no row to name
                    raise self.too_long(f"{self.where()}: một đoạn chữ ngoài các ô", "")
                raise self.too_long(f"{self.at_row()}: một đoạn chữ")
