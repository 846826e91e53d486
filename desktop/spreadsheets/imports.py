"""Facilities and trainees from the sheets centres already keep.

The sheet is read streamed (openpyxl read-only): choose the sheet and the header row (merged header
cells read across: a title over two columns names both); columns are matched to fields by their folded
header text, or by the mapping remembered for the same layout. Every row goes through the same parsing
and rules as the forms (``services.forms``), after the repairs messy sheets need: dates as text or
numbers, "." thousands separators, leading zeros Excel dropped from phone, CCCD and tax numbers, names in
capitals, choices by their label, communes by name (with or without "Xã"/"Phường", any accents) or code.

``dry_run`` says, row by row and column by column, what is wrong (in Vietnamese) and which rows are
already in the database; ``commit`` writes every row or none, as one operation the user can undo.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.errors import Refused
from desktop.core.money import format_money, format_size
from desktop.core.text import fold, nfc
from desktop.models import Commune, Facility, Province, Trainee
from desktop.models.enums import Gender, LegalForm, PriorityGroup, Sector
from desktop.models.local import AppSetting
from desktop.services import forms
from desktop.services.forms import FieldKind
from desktop.services.settings import province_title
from desktop.spreadsheets import limits
from sync import rules

MAX_ROWS = 200_000  # a province keeps far fewer establishments; past this the file is not a list of them
HEADER_SEARCH = 15  # the header is looked for in the first rows
MAX_HEADER_ROW = 200  # a header further down is a mistake (the rows above it are read whole, for its titles)
SHOWN_PROBLEMS = 200  # errors (and as many warnings) told one by one; the rest are counted: fix the first ones
SHOWN_COMMUNES = 500  # distinct unknown commune names told (each to be mapped to a new commune), besides those
LONG_TEXT = 64  # characters: a kept value longer than this is counted against the memory budget (and shared)
NAME_LENGTH = 100  # characters: no commune nor choice is named by a longer text (not looked up, not remembered)
MAPPING_KEY = "import_mapping:"  # + the layout's hash, in the local settings table
# What a workbook may hold (checked while it streams out of the zip, before openpyxl reads it): Excel's own
# limits, the rows above (and a header of up to 20 rows), and what a dry run keeps per row — a RowResult with
# its values: ~1.6 KB for a facility, measured — so that the estimate of the whole stays within the budget.
IMPORT_LIMITS = limits.Limits(value_rows=MAX_ROWS + HEADER_SEARCH + 5, row_result=1_700)


class ImportRefused(Refused):
    """The file cannot be imported at all (not a workbook, empty, no such sheet): nothing was written."""


@dataclass(frozen=True)
class Target:
    """What rows become: facilities or trainees, their form fields and the headers that name each field."""

    name: str
    model: type[Facility] | type[Trainee]
    fields: tuple[forms.Field, ...]
    labels: Mapping[str, str]  # field → the column title shown in reports
    synonyms: Mapping[str, tuple[str, ...]]  # field → folded headers that mean it
    defaults: Mapping[str, str]  # a required choice missing from a sheet takes this (the user may change it)


_COMMUNE = ("xa", "phuong", "xa phuong", "xa/phuong", "xa, phuong", "ten xa", "dia ban", "xa/phuong/thi tran")
FACILITIES = Target(
    "facilities",
    Facility,
    forms.FACILITY_FIELDS,
    {
        "name": "Tên cơ sở",
        "legal_form": "Loại hình",
        "tax_code": "Mã số thuế",
        "registration_no": "Số ĐKKD",
        "established_on": "Ngày thành lập",
        "sector": "Lĩnh vực",
        "main_line": "Sản phẩm chính",
        "representative_name": "Người đại diện",
        "representative_gender": "Giới tính người đại diện",
        "commune_code": "Xã/phường",
        "street_address": "Địa chỉ",
        "phone": "Điện thoại",
        "email": "Thư điện tử",
        "note": "Ghi chú",
    },
    {
        "name": ("ten co so", "ten", "ten doanh nghiep", "ten don vi", "co so", "ten co so cnnt", "ten co so san xuat"),
        "legal_form": ("loai hinh", "loai hinh doanh nghiep", "hinh thuc", "loai hinh to chuc"),
        "tax_code": ("ma so thue", "mst", "ma so doanh nghiep", "ma so thue/ma so doanh nghiep"),
        "registration_no": ("so dkkd", "so giay chung nhan dkkd", "giay phep kinh doanh", "so dang ky kinh doanh"),
        "established_on": ("ngay thanh lap", "thanh lap", "ngay cap dkkd"),
        "sector": ("nganh", "nganh nghe", "linh vuc", "nganh kinh te"),
        "main_line": ("san pham chinh", "nganh nghe chinh", "mat hang", "san pham", "nganh nghe kinh doanh"),
        "representative_name": ("nguoi dai dien", "chu co so", "ho ten chu co so", "dai dien", "ho va ten"),
        "representative_gender": ("gioi tinh", "gioi tinh nguoi dai dien"),
        "commune_code": _COMMUNE,
        "street_address": ("dia chi", "thon", "thon xom", "so nha", "dia chi chi tiet", "thon, to"),
        "phone": ("dien thoai", "sdt", "so dien thoai", "dt"),
        "email": ("email", "thu dien tu", "e-mail"),
        "note": ("ghi chu",),
    },
    {"legal_form": LegalForm.HO_KINH_DOANH.value, "sector": Sector.CONG_NGHIEP_XAY_DUNG.value},
)
TRAINEES = Target(
    "trainees",
    Trainee,
    forms.TRAINEE_FIELDS,
    {
        "full_name": "Họ và tên",
        "birth_date": "Ngày sinh",
        "gender": "Giới tính",
        "ethnicity": "Dân tộc",
        "cccd": "Số CCCD",
        "commune_code": "Xã/phường",
        "address": "Địa chỉ",
        "priority_group": "Đối tượng",
        "phone": "Điện thoại",
    },
    {
        "full_name": ("ho va ten", "ho ten", "ten hoc vien", "hoc vien", "ho va ten hoc vien"),
        "birth_date": ("ngay sinh", "nam sinh", "ngay thang nam sinh", "sinh ngay"),
        "gender": ("gioi tinh", "nam/nu", "gioi", "nam nu"),
        "ethnicity": ("dan toc",),
        "cccd": (
            "cccd",
            "so cccd",
            "can cuoc",
            "can cuoc cong dan",
            "cmnd",
            "so cmnd/cccd",
            "so dinh danh",
            "so cmnd",
            "cmnd/cccd",
        ),
        "commune_code": _COMMUNE,
        "address": ("dia chi", "thon", "noi o", "que quan", "cho o hien nay"),
        "priority_group": ("doi tuong", "doi tuong uu tien", "thuoc doi tuong"),
        "phone": ("dien thoai", "sdt", "so dien thoai", "dt"),
    },
    {"gender": Gender.NU.value, "priority_group": PriorityGroup.KHONG.value},
)
TARGETS = {t.name: t for t in (FACILITIES, TRAINEES)}

# Short forms people write for the choices, besides the labels (folded).
_CHOICE_WORDS: dict[str, str] = {
    "htx": LegalForm.HOP_TAC_XA.value,
    "hkd": LegalForm.HO_KINH_DOANH.value,
    "ho ca the": LegalForm.HO_KINH_DOANH.value,
    "ho kinh doanh ca the": LegalForm.HO_KINH_DOANH.value,
    "cong ty tnhh": LegalForm.DOANH_NGHIEP.value,
    "tnhh": LegalForm.DOANH_NGHIEP.value,
    "cong ty co phan": LegalForm.DOANH_NGHIEP.value,
    "ctcp": LegalForm.DOANH_NGHIEP.value,
    "doanh nghiep tu nhan": LegalForm.DOANH_NGHIEP.value,
    "dntn": LegalForm.DOANH_NGHIEP.value,
    "thth": LegalForm.TO_HOP_TAC.value,
    "nam": Gender.NAM.value,
    "nu": Gender.NU.value,
    "cong nghiep": Sector.CONG_NGHIEP_XAY_DUNG.value,
    "tieu thu cong nghiep": Sector.CONG_NGHIEP_XAY_DUNG.value,
    "thuong mai": Sector.THUONG_MAI_DICH_VU.value,
    "dich vu": Sector.THUONG_MAI_DICH_VU.value,
    "nong nghiep": Sector.NONG_LAM_THUY_SAN.value,
}
# The UTF-8 bytes of Vietnamese letters read as Windows-1252: sequences Vietnamese itself never has
# ("XÃ HÒA VANG" is a commune in capitals, "Ã¡" is a mangled "á").
_MOJIBAKE = re.compile("á»|áº|Æ°|Ä‘|Ã[¡-¿]")
# Letters of the TCVN3 (.VnTime) and VNI fonts that Vietnamese written in Unicode never uses: one of the
# first kind ("NguyÔn V¨n An" is TCVN3 for Nguyễn Văn An), or two of the second, tell an old file.
_LEGACY_SURE = "¸µ¶·¹¨»¼½¾"
_LEGACY_LIKELY = "×ØÞßæçëîïñöøûüþ¤¥¦§ª«¬¯±"
_LEGACY_FONT = re.compile(f"[{_LEGACY_SURE}]|[{_LEGACY_LIKELY}].*[{_LEGACY_LIKELY}]")


@dataclass(frozen=True, slots=True)
class Problem:
    row: int  # the sheet's row number, as Excel shows it
    column: str  # the column title in the sheet ("" for the row as a whole)
    message: str
    error: bool = True  # False: a warning, the row is still imported
    unknown_commune: str = ""  # the commune name the list from 07/2025 lacks (an old one): to be mapped


@dataclass(slots=True)
class RowResult:
    row: int
    values: dict[str, Any]  # emptied once the row is known to have an error: it is never written
    problems: list[Problem] = field(default_factory=list)  # those told (Report.problems): the first ones of the file
    duplicate_of: str = ""  # already in the database: the existing record's name; the row is skipped
    errors: int = 0  # errors of the row, told or not (counted when the dry run files the row)

    @property
    def ok(self) -> bool:
        return not self.errors and not any(p.error for p in self.problems)


@dataclass
class SheetLayout:
    """What the user chose: the sheet, its header row, the column of each field (0-based), defaults."""

    sheet: str
    header_row: int
    columns: dict[str, int]
    defaults: dict[str, str] = field(default_factory=dict)
    commune_names: dict[str, str] = field(default_factory=dict)  # a name the list lacks (old) → new code


@dataclass
class Preview:
    sheets: list[str]
    sheet: str
    header_row: int
    headers: list[str]  # the columns' titles (merged titles read across)
    first_rows: list[list[Any]]
    layout: SheetLayout  # the suggested layout (remembered for this layout, or matched by headers)


@dataclass
class Report:
    target: str
    rows: list[RowResult]
    headers: list[str]
    # What is told, in row order: the first SHOWN_PROBLEMS errors and warnings each, and the first row naming each
    # unknown commune (to be mapped); the others are only counted (a file of long cells had 700,000 problems).
    problems: list[Problem] = field(default_factory=list)
    more_errors: int = 0
    more_warnings: int = 0

    @property
    def more(self) -> str:
        """The line told after the problems when some are not: "… và 1.234 lỗi khác" ("" when all are)."""
        counted = ((self.more_errors, "lỗi"), (self.more_warnings, "lưu ý"))
        counts = [f"{format_money(n)} {what}" for n, what in counted if n]
        return f"… và {', '.join(counts)} khác" if counts else ""

    def lines(self) -> list[str]:
        """The problems as the command line tells them, then :attr:`more`."""
        told = []
        for problem in self.problems:
            where = f", cột “{problem.column}”" if problem.column else ""
            told.append(f"{'Lỗi' if problem.error else 'Lưu ý'} — dòng {problem.row}{where}: {problem.message}")
        return [*told, self.more] if self.more else told

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if not r.ok)

    @property
    def importable(self) -> list[RowResult]:
        return [r for r in self.rows if r.ok and not r.duplicate_of]

    @property
    def duplicates(self) -> int:
        return sum(1 for r in self.rows if r.duplicate_of)


# --- reading the workbook ------------------------------------------------------------------------------
def _open(path: Path, sheet: str = "", progress: Any = None, head: int = 0) -> tuple[Any, limits.SheetExtent | None]:
    """The workbook, read-only, and what the check of its size learnt of ``sheet`` (the first when empty; up
    to its row ``head`` only, when given).

    Every part openpyxl will read is checked first, streamed (``limits``): openpyxl keeps some parts whole in
    memory, and a small file can hold a huge one."""
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise ImportRefused(f"Không tìm thấy tệp {path}")
    if path.stat().st_size == 0:
        raise ImportRefused(f"Tệp {path.name} trống")
    if path.suffix.lower() == ".xls":
        raise ImportRefused(f"Tệp {path.name} là Excel đời cũ (.xls): hãy mở bằng Excel và lưu lại dạng .xlsx")
    from defusedxml import DefusedXmlException

    try:
        extent = limits.check(path, sheet, IMPORT_LIMITS, progress, head)
    except limits.WorkbookRefused as refused:
        raise ImportRefused(str(refused)) from None
    try:
        return _load(path), extent
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        OSError,
        ValueError,
        DefusedXmlException,
        # openpyxl's objects made from a forged part (a style without its fields, a name without its sheet)
        TypeError,
        IndexError,
        AttributeError,
    ):
        # openpyxl's own reasons are English; what the user can do is the same whatever the damage
        raise ImportRefused(
            f"Tệp {path.name} không phải tệp Excel .xlsx đọc được (tệp hỏng, hoặc có nội dung XML không an toàn mà"
            " Excel không bao giờ ghi): hãy mở bằng Excel và lưu lại dạng .xlsx"
        ) from None


def _load(path: Path) -> Any:
    """The workbook, read-only, as openpyxl's load_workbook opens it, but with its shared strings as written:
    openpyxl drops every "x005F_" of them (half of undoing Excel's escapes, :func:`_unescape`), after which a
    literal "_x0041_" (written "_x005F_x0041_") could not be told from an escaped "A"."""
    from openpyxl.cell.text import Text
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    class Sheet(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            """Not measured when opened: openpyxl reads a sheet that states no size whole to find it (a file
            written in openpyxl's write-only mode, as this program's own exports are), and reads it again for
            its rows. The check of the file measured it already (:func:`_rows` reads within that)."""

    class Reader(ExcelReader):
        def read_worksheets(self) -> None:
            """Only what a read-only workbook reads of its sheets (openpyxl's own, with :class:`Sheet`)."""
            listed: Any = self.parser.find_sheets()  # typed by the stubs more narrowly than openpyxl uses it
            workbook: Any = self.wb
            for sheet, rel in listed:
                if rel.target not in self.valid_files:
                    continue
                if "chartsheet" in rel.Type:
                    self.read_chartsheet(sheet, rel)
                    continue
                found = Sheet(workbook, sheet.name, rel.target, self.shared_strings)
                found.sheet_state = sheet.state
                workbook._sheets.append(found)

        def read_strings(self) -> None:
            found: Any = self.package.find(SHARED_STRINGS)  # type: ignore[no-untyped-call]
            if found is None:
                return
            tag = f"{{{SHEET_MAIN_NS}}}si"
            with self.archive.open(found.PartName[1:]) as source:
                for _, node in iterparse(source):
                    if node.tag == tag:
                        text: Any = Text.from_tree(node)
                        self.shared_strings.append(text.content)
                        node.clear()

    # external links hold cached copies of other workbooks, which the import never needs
    reader = Reader(path, read_only=True, data_only=True, keep_links=False)
    reader.read()
    return reader.wb


_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    return chr(int(match.group(1), 16))


def _unescape(text: str) -> str:
    """A text as Excel meant it: it writes the characters XML cannot carry (a carriage return, a tab...) as
    "_x000D_", and the "_" of a literal "_xHHHH_" as "_x005F_" ("_x005F_x0041_" is the text "_x0041_"). Only
    "_x", four hex digits, "_" is an escape; one pass, from the left, as Excel reads them. A character beyond
    U+FFFF comes as two escapes (a surrogate pair): joined; a lone one stays, for clean() to drop."""
    decoded = _ESCAPE.sub(_escaped, text)
    if _SURROGATE.search(decoded) is not None:
        decoded = decoded.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return decoded


def _rows(
    book: Any, sheet: str, extent: limits.SheetExtent | None, first: int = 1, last: int = 0, width: int = 0
) -> Iterator[tuple[Any, ...]]:
    """The rows ``first`` to ``last`` of ``sheet`` (to the last one holding a value when 0, never past it), as
    wide as ``width`` (the widest value when 0, never wider), their texts unescaped (:func:`_unescape`). The check
    of the file found where the values end: the formatted but empty rows and columns after them are never read."""
    from defusedxml import DefusedXmlException

    if sheet not in book.sheetnames:
        listed = ", ".join(f"“{name}”" for name in book.sheetnames)  # a name may hold a comma
        raise ImportRefused(f"Không có trang tính “{sheet}” trong tệp; các trang có: {listed}")
    if extent is None or extent.name != sheet:
        # the check found the sheets as openpyxl does: a sheet it did not check is not read
        raise ImportRefused(f"Trang tính “{sheet}” bị hỏng, không đọc được: hãy mở bằng Excel và lưu lại")
    if extent.chart:
        raise ImportRefused(f"Trang “{sheet}” là một biểu đồ, không có bảng dữ liệu: hãy chọn trang khác")
    last = min(last, extent.last_row) if last else extent.last_row
    width = min(width, extent.last_column) if width else extent.last_column
    if last < first or not width:
        return
    worksheet = book[sheet]
    worksheet.reset_dimensions()  # some programs write wrong dimensions: the check's are the real ones
    # A read-only workbook parses each sheet as its rows are read: damage shows here, not when it is opened.
    # openpyxl stops at max_row (the first row past it ends its reading) and cuts each row at max_col.
    try:
        for cells in worksheet.iter_rows(min_row=first, max_row=last, max_col=width, values_only=True):
            if any(type(c) is str and "_x" in c for c in cells):  # decoded here, once: a text may be read often
                cells = tuple(_unescape(c) if type(c) is str and "_x" in c else c for c in cells)
            yield cells
    except DefusedXmlException:
        raise ImportRefused(
            f"Trang tính “{sheet}” có khai báo XML không an toàn (DTD, thực thể) mà Excel không bao giờ ghi:"
            " không đọc tệp này; hãy mở bằng Excel và lưu lại"
        ) from None
    except (ElementTree.ParseError, zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, IndexError) as error:
        raise ImportRefused(
            f"Trang tính “{sheet}” bị hỏng, không đọc được ({error}): hãy mở bằng Excel và lưu lại"
        ) from None


def _text(value: Any) -> str:
    """A cell as text: NFC, spaces collapsed, 912345678.0 as 912345678 (called for every cell: kept quick)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _EXACT:
            value = int(value)
        else:
            return _number(value)
    text = str(value)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = nfc(text)
    return " ".join(text.split())


_EXACT = 2**53  # a whole number below this is held exactly by a float: read back digit for digit


def _number(value: float) -> str:
    """A number as Excel shows it in a cell, without the exponent Python would write: 12345678901234600000 for
    what Excel keeps of 12345678901234567890 (15 digits), not 1.23456789012346e+19, nor the 12345678901234599936
    its float holds; 0.000015, not 1.5e-05."""
    if not math.isfinite(value):
        return str(value)
    text = format(Decimal(repr(value)), "f")  # repr: the shortest digits that read back as this number
    return text.rstrip("0").rstrip(".") if "." in text else text


def _headers(rows: Sequence[Sequence[Any]], header_row: int) -> list[str]:
    """The titles of the header row, each prefixed by the (merged) titles above it within the header."""
    width = max((len(r) for r in rows), default=0)
    names = [""] * width
    above: list[Sequence[Any]] = []
    for row in reversed(rows[max(0, header_row - 3) : header_row - 1]):  # up to two rows of group titles
        if sum(1 for c in row if _text(c)) < 2:
            break  # a blank line, or a title over the whole table (the centre, the list's name): not a group
        above.insert(0, row)
    for row in [*above, rows[header_row - 1]]:
        carried = ""
        upper = row is not rows[header_row - 1]
        for n in range(width):
            value = _text(row[n] if n < len(row) else None)
            if upper:  # a merged title has its text in its first cell only: it covers the empty cells after it
                carried = value or carried
                value = carried
            if value and value not in names[n]:
                names[n] = f"{names[n]} {value}".strip()
    while names and not names[-1]:
        names.pop()  # the header row's width: what lies right of its last title is no column of the list
    return names


def _guess_header_row(rows: Sequence[Sequence[Any]], target: Target) -> int:
    """The row (1-based) among the first ones where the most cells name a field."""
    best, best_score = 1, -1
    for n, row in enumerate(rows[:HEADER_SEARCH], start=1):
        score = sum(1 for cell in row if _field_for(fold(_text(cell)), target) is not None)
        if score > best_score:
            best, best_score = n, score
    header = rows[best - 1]
    below = rows[best] if best < len(rows) else ()
    texts = [c for c in below if _text(c)]
    under_merged = any(_text(c) and not _text(header[n] if n < len(header) else None) for n, c in enumerate(below))
    if under_merged and texts and all(isinstance(c, str) for c in texts):
        return best + 1  # a second header line under merged titles ("Người đại diện" over "Họ tên", "Giới tính")
    return best


def _field_for(header: str, target: Target) -> str | None:
    if not header:
        return None
    for key, words in target.synonyms.items():
        if header in words:
            return key
    for key, words in target.synonyms.items():  # "Họ và tên chủ cơ sở (ghi đầy đủ)" names representative_name
        if any(len(w) > 3 and header.startswith(w) for w in words):
            return key
    return None


def layout_key(headers: Sequence[str]) -> str:
    return MAPPING_KEY + hashlib.sha1("|".join(fold(h) for h in headers).encode()).hexdigest()[:16]


def preview(session: Session, path: Path, target_name: str, sheet: str = "", header_row: int = 0) -> Preview:
    """The sheets of the file, the header row (found, or as chosen), its titles, a few rows, and the
    columns of each field: as remembered for this layout, else matched by title."""
    target = TARGETS[target_name]
    if not 0 <= header_row <= MAX_HEADER_ROW:
        raise ImportRefused(
            f"Dòng tiêu đề {header_row} không dùng được: dòng tiêu đề phải là một trong {MAX_HEADER_ROW} dòng đầu của"
            f" trang tính (từ 1 đến {MAX_HEADER_ROW}; để trống: tự tìm)"
        )
    wanted = max(HEADER_SEARCH, header_row) + 5
    book, extent = _open(path, sheet, head=wanted)
    try:
        names = list(book.sheetnames)
        if not names:
            raise ImportRefused(f"Tệp {path.name} không có trang tính nào")
        chosen = sheet or names[0]
        head = list(_rows(book, chosen, extent, last=wanted))
    finally:
        book.close()
    if not any(any(_text(c) for c in r) for r in head):
        raise ImportRefused(f"Trang tính “{chosen}” không có dữ liệu")
    row = header_row or _guess_header_row(head, target)
    if row > len(head):
        raise ImportRefused(
            f"Dòng tiêu đề {row} vượt quá số dòng của trang tính “{chosen}” (có {format_money(len(head))} dòng)"
        )
    headers = _headers(head, row)
    columns: dict[str, int] = {}
    stored = session.get(AppSetting, layout_key(headers))
    if stored is not None:
        remembered = json.loads(stored.value)
        columns = {k: int(v) for k, v in remembered.get("columns", {}).items() if int(v) < len(headers)}
        defaults = dict(remembered.get("defaults", {}))
    else:
        own = head[row - 1]
        for n, title in enumerate(headers):
            # The header row's own text first ("Giới tính" under "Người đại diện"), then with the group's.
            for text in (_text(own[n]) if n < len(own) else "", title):
                key = _field_for(fold(text), target)
                if key is not None and key not in columns:
                    columns[key] = n
                    break
        defaults = {}
    for key, value in target.defaults.items():
        if key not in columns:
            defaults.setdefault(key, value)
    first_rows = [list(r[: len(headers)]) for r in head[row : row + 5]]
    return Preview(names, chosen, row, headers, first_rows, SheetLayout(chosen, row, columns, defaults))


def column_letters(column: int) -> str:
    """The letters Excel shows for the column ``column`` (0-based): 0 → "A", 27 → "AB"."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(column + 1)


def _columns_there(headers: Sequence[str]) -> str:
    shown = [f"{column_letters(n)} “{h}”" for n, h in enumerate(headers) if h]
    return ", ".join(shown) if shown else "(dòng tiêu đề trống)"


def column_number(text: str, headers: Sequence[str]) -> int:
    """The column (0-based) a user names by its letters ("C"), its number ("3", from 1) or its title, which must
    be one of the header row's (``headers``); raises :class:`ImportRefused` naming those there are."""
    named = text.strip()
    found: int | None = None
    if named.isdigit():
        found = int(named) - 1
    elif named.isascii() and named.isalpha() and len(named) <= 3:
        from openpyxl.utils import column_index_from_string

        found = column_index_from_string(named.upper()) - 1
    if found is None or not 0 <= found < len(headers):  # a title, then ("STT" is one, and columns' letters)
        titles = [fold(h) for h in headers]
        found = titles.index(fold(named)) if fold(named) in titles else None
    if found is None or not 0 <= found < len(headers):
        raise ImportRefused(f"Cột “{named}” không có trong dòng tiêu đề; các cột có: {_columns_there(headers)}")
    return found


def _known_fields(target_name: str, keys: Iterable[str]) -> None:
    """Refuse a field the list does not have, naming those it has: a misspelt key would be ignored silently."""
    fields = dict(field_choices(target_name))
    for key in keys:
        if key not in fields:
            listed = ", ".join(f"{k} ({label})" for k, label in fields.items())
            raise ImportRefused(f"Không có trường “{key}”; các trường: {listed}")


def choose_columns(target_name: str, layout: SheetLayout, headers: Sequence[str], chosen: Mapping[str, str]) -> None:
    """Set the columns the user named (field → column, as :func:`column_number` reads it) in ``layout``; a field
    the list does not have, or a column the header row lacks, is refused in Vietnamese with what there is."""
    _known_fields(target_name, chosen)
    for key, column in chosen.items():
        layout.columns[key] = column_number(column, headers)


def choose_defaults(target_name: str, layout: SheetLayout, chosen: Mapping[str, str]) -> None:
    """Set the values the user gave for fields the sheet lacks (field → value) in ``layout``; a field the list
    does not have is refused as :func:`choose_columns` refuses it."""
    _known_fields(target_name, chosen)
    layout.defaults.update(chosen)


def checked_communes(session: Session, province: str, chosen: Mapping[str, str]) -> dict[str, str]:
    """The new commune of each old name the user mapped (name → code, for :attr:`SheetLayout.commune_names`),
    each code checked against the list from 01/07/2025 before anything is read: a code of another province,
    or none, would otherwise pass the dry run and be written (or fail the import without naming the mapping)."""
    home = session.get(Province, province) if province else None
    checked = {}
    for name, typed in chosen.items():
        code = typed.zfill(5) if typed.isdigit() else typed  # as a cell's code is read: Excel drops leading zeros
        commune = session.get(Commune, code) if code else None
        mapping = f"Xã/phường “{name}={typed}”"
        if commune is None:
            raise ImportRefused(f"{mapping}: không có xã/phường mã “{typed}” trong danh mục từ 01/07/2025")
        if commune.province_code != province:
            centre = province_title(home) if home is not None else "tỉnh/thành phố đã chọn trong Cài đặt"
            raise ImportRefused(
                f"{mapping}: mã {code} là {commune.name} của {province_title(commune.province)}, không thuộc"
                f" {centre} của Trung tâm"
            )
        checked[name] = code
    return checked


# --- turning cells into form values --------------------------------------------------------------------
class _Communes:
    """Communes of the province by folded name (with and without their kind) and by code."""

    def __init__(self, session: Session, province: str, aliases: Mapping[str, str]) -> None:
        self.codes: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = {}
        for code, name in session.execute(select(Commune.code, Commune.name).where(Commune.province_code == province)):
            self.codes[code] = name
            folded = fold(name)
            self.by_name.setdefault(folded, []).append(code)
            bare = re.sub(r"^(xa|phuong|dac khu|thi tran) ", "", folded)
            self.by_name.setdefault(bare, []).append(code)
        self.aliases = {fold(k): v for k, v in aliases.items()}
        self.found: dict[str, tuple[str | None, str]] = {}

    def find(self, text: str) -> tuple[str | None, str]:
        """(code or None, why not); a sheet names the same few communes thousands of times (remembered, up to a
        point: a hostile sheet names as many as it has rows, each long)."""
        if len(text) > NAME_LENGTH:
            return None, f"“{_shortened(text)}” không phải tên xã/phường (dài {format_money(len(text))} ký tự)"
        found = self.found.get(text)
        if found is None:
            found = self._find(text)
            if len(self.found) < 10_000:
                self.found[text] = found
        return found

    def _find(self, text: str) -> tuple[str | None, str]:
        raw = _text(text)
        if raw.isdigit() and raw.zfill(5) in self.codes:
            return raw.zfill(5), ""
        folded = fold(raw)
        if folded in self.aliases:
            return self.aliases[folded], ""
        first = fold(raw.split(",")[0])  # "Xã Hòa Khương, huyện Hòa Vang": the commune comes first
        for candidate in (folded, first, re.sub(r"^(xa|phuong|dac khu|thi tran) ", "", first)):
            codes = self.by_name.get(candidate, [])
            if len(set(codes)) == 1:
                return codes[0], ""
            if len(set(codes)) > 1:
                return None, f"“{raw}”: có nhiều xã/phường cùng tên, hãy ghi rõ “Xã …” hoặc “Phường …”"
        return None, (
            f"Không có xã/phường “{raw}” trong danh mục từ 01/07/2025 của tỉnh (tên cũ trước sáp nhập?): "
            "hãy chỉ ra xã/phường mới tương ứng"
        )


@cache
def _choice_table(choices: type[StrEnum]) -> dict[str, str]:
    """Folded label, folded code and the common short forms → the stored value (made once per list)."""
    table = {fold(w): v for w, v in _CHOICE_WORDS.items() if v in {m.value for m in choices}}
    for member in choices:
        table[member.value] = table[fold(member.value.replace("_", " "))] = str(member.value)
        table[fold(getattr(member, "label", member.value))] = str(member.value)
    return table


def _choice_labels(field: forms.Field) -> dict[str, str]:
    return {m.value: getattr(m, "label", m.value) for m in field.choices} if field.choices else {}


def _choice(field: forms.Field, value: Any) -> str:
    text = _text(value)
    assert field.choices is not None
    if len(text) > NAME_LENGTH:
        return text  # no choice is named so: not folded, nor remembered (forms says what is wrong with it)
    return _choice_table(field.choices).get(_folded(text), text)


def _shortened(text: str) -> str:
    """A cell's text as a message quotes it: its beginning, when long."""
    return text if len(text) <= 60 else text[:60] + "…"


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    """fold(), remembered: a column of choices holds a handful of texts repeated on every row."""
    return fold(text)


def _unmangle(text: str) -> str | None:
    """UTF-8 that was read as Windows-1252 ("Äá»“ng"), read again as UTF-8 ("Đồng"); None when it is not."""
    data = bytearray()
    for ch in text:
        try:
            data += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            data.append(ord(ch))  # the bytes Windows-1252 leaves undefined came through as themselves
    try:
        return nfc(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def _digits_back(text: str, key: str) -> str:
    """Excel turns 0912… into the number 912…: give back the leading zero a phone, CCCD or tax code had."""
    digits = re.sub(r"[\s.]", "", text)
    if not digits.isdigit():
        return text
    if key == "phone" and len(digits) in (9, 10) and not digits.startswith("0"):
        return "0" + digits
    if key == "cccd" and len(digits) == 11:
        return "0" + digits
    if key == "tax_code" and len(digits) in (9, 12):
        return "0" + digits
    return text


def _name_case(text: str) -> str:
    """ "NGUYỄN VĂN AN" or "nguyễn văn an" → "Nguyễn Văn An"; a name already in mixed case is kept."""
    if text.isupper() or text.islower():
        return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())
    return text


def _raw(f: forms.Field, value: Any, problems: list[str]) -> Any:
    """One cell as the form parser takes it (text, or a bool)."""
    if f.kind is FieldKind.BOOL:
        return fold(_text(value)) in ("x", "co", "1", "true", "v", "dung")
    if isinstance(value, datetime | date):
        return (value.date() if isinstance(value, datetime) else value).strftime("%d/%m/%Y")
    text = _text(value)
    if text.isascii():
        pass  # neither mangled nor in an old font: both need letters outside ASCII
    elif _MOJIBAKE.search(text):
        repaired = _unmangle(text)
        if repaired is None:
            problems.append("Chữ bị lỗi mã (có thể do mở sai bảng mã): hãy sửa trong tệp")
        else:
            text = repaired
    elif _LEGACY_FONT.search(text):
        problems.append(
            "Chữ dùng bảng mã cũ (TCVN3 hoặc VNI): hãy chuyển sang Unicode (Unikey: Chuyển mã) rồi nhập lại"
        )
    if f.kind is FieldKind.DATE and re.fullmatch(r"\d{4}", text):
        return f"01/01/{text}"  # only the year is known (a warning says so)
    if f.kind is FieldKind.CHOICE:
        return _choice(f, text)
    if f.key in ("phone", "cccd", "tax_code"):
        return _digits_back(text, f.key)
    if f.key in ("full_name", "representative_name"):
        return _name_case(text)
    return text


UNCOMPUTED = (
    "Ô có công thức nhưng chưa có giá trị tính sẵn (tệp được lưu bằng một chương trình không tính công thức):"
    " hãy mở tệp bằng Excel, lưu lại rồi nhập lại"
)


def _check(
    target: Target,
    layout: SheetLayout,
    number: int,
    cells: Sequence[Any],
    headers: Sequence[str],
    communes: _Communes,
    uncomputed: AbstractSet[tuple[int, int]] = frozenset(),
) -> RowResult:
    """``uncomputed``: (row, column), 1-based, of the cells holding a formula without its value (read as empty)."""
    raw: dict[str, Any] = {}
    problems: list[Problem] = []
    titles: dict[str, str] = {}
    for f in target.fields:
        column = layout.columns.get(f.key)
        titles[f.key] = (
            headers[column] if column is not None and column < len(headers) else target.labels.get(f.key, f.key)
        )
        if column is None:
            raw[f.key] = layout.defaults.get(f.key, "")
            continue
        value = cells[column] if column < len(cells) else None
        if value is None and uncomputed and (number, column + 1) in uncomputed:
            # Not empty: its value was never computed (openpyxl reads the value saved with a formula, not the
            # formula), and would be lost without a word if the field may be left empty.
            problems.append(Problem(number, titles[f.key], UNCOMPUTED))
            raw[f.key] = ""
            continue
        if f.kind is FieldKind.COMMUNE:
            if _text(value):
                code, why = communes.find(_text(value))
                if code is None:
                    unknown = _text(value) if why.startswith("Không có") else ""
                    problems.append(Problem(number, titles[f.key], why, unknown_commune=unknown))
                raw[f.key] = code or ""
            else:
                raw[f.key] = ""
            continue
        fallback = layout.defaults.get(f.key) or target.defaults.get(f.key)
        if not _text(value) and f.required and fallback:
            raw[f.key] = fallback  # a required choice left empty in the sheet: the default, and say so
            shown = _choice_labels(f).get(fallback, fallback)
            problems.append(Problem(number, titles[f.key], f"Để trống: lấy “{shown}”", error=False))
            continue
        found: list[str] = []
        raw[f.key] = _raw(f, value, found)
        problems += [Problem(number, titles[f.key], message) for message in found]
        if f.kind is FieldKind.DATE and re.fullmatch(r"\d{4}", _text(value)):
            problems.append(Problem(number, titles[f.key], "Chỉ có năm: ghi là ngày 01/01 của năm đó", error=False))
    values, errors = forms.parse(target.fields, raw)
    for key, message in errors.items():
        if any(p.column == titles[key] for p in problems):
            continue  # the commune problem already says it better than "Không được để trống"
        problems.append(Problem(number, titles[key], message))
    return RowResult(number, values, problems)


# How the dry run names each identity key (sync.rules.IDENTITY_FIELDS: the server flags the same ones).
_KEY_NAMES = {"tax_code": "mã số thuế", "name": "tên và xã", "cccd": "CCCD", "full_name": "họ tên và ngày sinh"}


def _identity(target: Target, values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The keys that make two rows the same record, strongest first: (what, key)."""
    table = target.model.__tablename__
    order = [fields[0] for fields in rules.IDENTITY_FIELDS[table]]
    keys = rules.identity_keys(table, dict(values))
    return sorted(
        ((_KEY_NAMES[k.partition(":")[0]], k) for k in keys), key=lambda k: order.index(k[1].partition(":")[0])
    )


def _existing(session: Session, target: Target, province: str) -> dict[tuple[str, str], str]:
    """The identity keys of the province's live records, with the name each belongs to."""
    groups = rules.IDENTITY_FIELDS[target.model.__tablename__]
    names = [f for fields in groups for f in fields]
    name_field = groups[1][0]  # "name", "full_name": what the dry run shows
    query = select(*(getattr(target.model, f) for f in names)).where(
        target.model.deleted_at.is_(None), target.model.province_code == province
    )
    found: dict[tuple[str, str], str] = {}
    for row in session.execute(query):
        values = dict(zip(names, row, strict=True))
        for key in _identity(target, values):
            found.setdefault(key, str(values[name_field]))
    return found


STRONG_KEYS = (_KEY_NAMES["tax_code"], _KEY_NAMES["cccd"])  # one record each; a name may be a namesake's


def _compare(
    target: Target, result: RowResult, existing: Mapping[tuple[str, str], str], seen: dict[tuple[str, str], int]
) -> None:
    """Mark a row already in the database (skipped: a list imported twice does not double) or repeated in
    the file (an error for a tax code or CCCD, a warning for a name)."""
    keys = _identity(target, result.values)
    held = next((k for k in keys if k in existing), None)
    twin = next((k for k in keys if k in seen), None)
    if held is not None:
        result.duplicate_of = existing[held]
        told = f"Đã có trong dữ liệu ({held[0]}): “{existing[held]}” — bỏ qua"
        result.problems.append(Problem(result.row, "", told, error=False))
    elif twin is not None:
        strong = twin[0] in STRONG_KEYS
        told = f"Trùng {twin[0]} với dòng {seen[twin]} của tệp"
        result.problems.append(Problem(result.row, "", told if strong else f"Có thể {told.lower()}", strong))
    for key in keys:
        seen.setdefault(key, result.row)


def dry_run(
    session: Session,
    path: Path,
    target_name: str,
    layout: SheetLayout,
    province: str,
    progress: Any = None,
) -> Report:
    """Every data row checked (nothing written): its problems, and whether it is already there.

    Only the columns of the header row are read, up to the last row holding a value in them; what is kept is
    bounded: the first problems (:class:`Report`), the values of the rows without error (refused past the
    memory budget of :mod:`limits`)."""
    target = TARGETS[target_name]
    for required in (f.key for f in target.fields if f.required):
        if required not in layout.columns and not layout.defaults.get(required):
            label = target.labels.get(required, required)
            raise ImportRefused(f"Chưa chọn cột cho “{label}” (bắt buộc) và chưa có giá trị mặc định")
    if not 1 <= layout.header_row <= MAX_HEADER_ROW:
        raise ImportRefused(f"Dòng tiêu đề {layout.header_row} không dùng được: phải từ 1 đến {MAX_HEADER_ROW}")
    communes = _Communes(session, province, layout.commune_names)
    existing = _existing(session, target, province)
    book, extent = _open(path, layout.sheet, progress)
    total = extent.value_rows if extent is not None else 0  # the rows holding a value: the header's too
    uncomputed = extent.uncomputed if extent is not None else frozenset()
    filing = _Filing(target_name, IMPORT_LIMITS.memory - (extent.memory if extent is not None else 0), path.name)
    try:
        head = list(_rows(book, layout.sheet, extent, last=layout.header_row))
        head += [()] * (layout.header_row - len(head))
        headers = _headers(head, layout.header_row)
        for key, column in layout.columns.items():
            if not 0 <= column < len(headers):
                label, named = target.labels.get(key, key), column_letters(column) if column >= 0 else column + 1
                raise ImportRefused(
                    f"Cột {named} được chọn cho “{label}” không có trong dòng tiêu đề; các cột có:"
                    f" {_columns_there(headers)}"
                )
        width = len(headers)
        last = extent.last_row_within(width) if extent is not None else 0
        first = layout.header_row + 1
        for number, cells in enumerate(_rows(book, layout.sheet, extent, first, last, width), start=first):
            blank = cells.count(None) == len(cells) or not any(_text(c) for c in cells)  # quick: there may be many
            if blank and not (uncomputed and any((number, n) in uncomputed for n in range(1, len(cells) + 1))):
                continue  # blank lines between blocks (not a row of formulas never computed: those are told)
            first_cell = _text(cells[0]) if cells else ""
            if len(first_cell) <= 9 and fold(first_cell) in ("tong cong", "tong", "cong"):
                continue  # a totals row at the end of a list
            if len(filing.rows) >= MAX_ROWS:
                raise ImportRefused(f"Tệp có hơn {format_money(MAX_ROWS)} dòng dữ liệu: hãy chia nhỏ")
            result = _check(target, layout, number, cells, headers, communes, uncomputed)
            if result.ok:
                _compare(target, result, existing, filing.seen)
            filing.add(result)
            if progress is not None and len(filing.rows) % 500 == 0:
                progress("Đang kiểm tra từng dòng", len(filing.rows), total)
    finally:
        book.close()
    return filing.report(headers)


class _Filing:
    """The rows checked, kept within bounds: the first problems told, the others counted; the values of the rows
    without error only (a row with one is never written), their long texts shared and counted against the
    memory budget left by what the check of the file estimated (``budget``)."""

    def __init__(self, target: str, budget: int, name: str) -> None:
        self.target = target
        self.budget = budget
        self.name = name
        self.rows: list[RowResult] = []
        self.seen: dict[tuple[str, str], int] = {}
        self.problems: list[Problem] = []
        self.told_errors = self.told_warnings = self.more_errors = self.more_warnings = 0
        self.communes: set[str] = set()  # unknown communes told
        self.texts: dict[str, str] = {}  # long texts kept, each once (a sheet may repeat one on every row)
        self.held = 0  # bytes of the long texts and keys kept

    def add(self, result: RowResult) -> None:
        told: list[Problem] = []
        for problem in result.problems:
            if problem.error:
                result.errors += 1
            new = problem.unknown_commune and problem.unknown_commune not in self.communes
            if new and len(self.communes) < SHOWN_COMMUNES:  # told, to be mapped, wherever it is
                self.communes.add(problem.unknown_commune)
                told.append(problem)
                continue
            if problem.error and self.told_errors < SHOWN_PROBLEMS:
                self.told_errors += 1
                told.append(problem)
            elif not problem.error and self.told_warnings < SHOWN_PROBLEMS:
                self.told_warnings += 1
                told.append(problem)
            elif problem.error:
                self.more_errors += 1
            else:
                self.more_warnings += 1
        result.problems = told
        self.problems += told
        if result.errors:
            result.values = {}
        else:
            self.keep(result)
        self.rows.append(result)

    def keep(self, result: RowResult) -> None:
        values = result.values
        for key, value in values.items():
            if type(value) is str and len(value) > LONG_TEXT:
                shared = self.texts.get(value)
                if shared is None:
                    self.texts[value] = value
                    # the text, and as much again for its identity key (a name's) and the entries
                    self.held += (1 if value.isascii() else 2) * len(value) * 2
                else:
                    values[key] = shared
        if self.held > self.budget:
            raise ImportRefused(
                f"Tệp {self.name} quá lớn để kiểm tra một lần: đến dòng {format_money(result.row)}, các ô chữ dài của"
                f" các dòng hợp lệ đã cần hơn {format_size(max(0, self.budget))} bộ nhớ. Hãy chia nhỏ tệp (mỗi tệp ít"
                " dòng hơn)"
            )

    def report(self, headers: list[str]) -> Report:
        return Report(self.target, self.rows, headers, self.problems, self.more_errors, self.more_warnings)


def commit(session: Session, report: Report, layout: SheetLayout, province: str) -> int:
    """Write every importable row, or none (the caller's transaction: one operation to undo). Refused
    while any row has an error."""
    if report.errors:
        raise ImportRefused(
            f"Còn {report.errors} dòng có lỗi: chưa nhập dòng nào. Sửa tệp (hoặc cách chọn cột) rồi kiểm tra lại"
        )
    target = TARGETS[report.target]
    for row in report.importable:
        record = target.model()
        record.province_code = province
        for key, value in row.values.items():
            setattr(record, key, value)
        session.add(record)
    remember = {"columns": layout.columns, "defaults": layout.defaults}
    key = layout_key(report.headers)
    stored = session.get(AppSetting, key)
    if stored is None:
        session.add(AppSetting(key=key, value=json.dumps(remember, ensure_ascii=False)))
    else:
        stored.value = json.dumps(remember, ensure_ascii=False)
    session.flush()
    return len(report.importable)


def field_choices(target_name: str) -> list[tuple[str, str]]:
    """(field, label) in the order of the form, for the mapping step."""
    target = TARGETS[target_name]
    return [(f.key, target.labels.get(f.key, f.key)) for f in target.fields if f.key in target.labels]


def choice_values(target_name: str, key: str) -> list[tuple[str, str]]:
    """(value, label) of a choice field, for its default."""
    f = next(f for f in TARGETS[target_name].fields if f.key == key)
    members: type[StrEnum] | None = f.choices
    return [(m.value, getattr(m, "label", m.value)) for m in members] if members else []
