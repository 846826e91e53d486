"""Hostile workbooks are refused while they stream out of the zip, at the first limit they cross, in Vietnamese,
with nothing written; a real sheet followed by a million formatted-but-empty rows still imports.

The files are written here part by part (zipfile, deflate, streamed: a 400 MiB string costs the test no
memory); bench/bench_import_limits.py measures the same files' peak memory in a fresh process."""

from __future__ import annotations

import itertools
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.cli import main
from desktop.core.progress import Cancelled, ProgressState
from desktop.models import Facility
from desktop.services import settings
from desktop.spreadsheets import imports, limits
from desktop.store.db import Database
from tests.conftest import commune

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_PART = "xl/worksheets/sheet1.xml"
STRINGS_PART = "xl/sharedStrings.xml"
STYLES_PART = "xl/styles.xml"
MIB = 1 << 20
HEADER = ("Tên cơ sở", "Loại hình", "Xã/phường")
STYLES = (
    f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/></font></fonts><fills count="2"><fill>'
    '<patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border>'
    '<left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0"'
    ' fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0"'
    ' fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


# --- writing workbooks by hand ----------------------------------------------------------------------------
def _content_types(strings: bool) -> str:
    part = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    shared = f'<Override PartName="/{STRINGS_PART}" ContentType="{part}.sharedStrings+xml"/>' if strings else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{part}.sheet.main+xml"/>'
        f'<Override PartName="/{SHEET_PART}" ContentType="{part}.worksheet+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{part}.worksheet+xml"/>'
        f'<Override PartName="/{STYLES_PART}" ContentType="{part}.styles+xml"/>{shared}</Types>'
    )


def _relationships(items: Iterable[tuple[str, str, str]]) -> str:
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    return (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="{i}" Type="{kind}{t}" Target="{target}"/>' for i, t, target in items)
        + "</Relationships>"
    )


def write_workbook(
    path: Path,
    sheet: Iterable[bytes],
    strings: Iterable[bytes] | None = None,
    styles: Iterable[bytes] = (STYLES.encode(),),
    second_sheet: Iterable[bytes] | None = None,
    level: int = 1,
) -> Path:
    """A workbook of one sheet "Danh sách" (and "Trang 2"), its parts written as given, streamed through
    deflate (``level`` 1 is quick; 6, Excel's, makes a 400 MiB string into a 400 KB file)."""
    relations = [("rId1", "worksheet", "worksheets/sheet1.xml"), ("rId3", "styles", "styles.xml")]
    if second_sheet is not None:
        relations.append(("rId2", "worksheet", "worksheets/sheet2.xml"))
    if strings is not None:
        relations.append(("rId4", "sharedStrings", "sharedStrings.xml"))
    sheets = '<sheet name="Danh sách" sheetId="1" r:id="rId1"/>'
    if second_sheet is not None:
        sheets += '<sheet name="Trang 2" sheetId="2" r:id="rId2"/>'
    book = (
        f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{sheets}</sheets></workbook>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", _content_types(strings is not None))
        archive.writestr("_rels/.rels", _relationships([("rId1", "officeDocument", "xl/workbook.xml")]))
        archive.writestr("xl/workbook.xml", book)
        archive.writestr("xl/_rels/workbook.xml.rels", _relationships(relations))
        parts: list[tuple[str, Iterable[bytes] | None]] = [
            (STYLES_PART, styles),
            (STRINGS_PART, strings),
            (SHEET_PART, sheet),
            ("xl/worksheets/sheet2.xml", second_sheet),
        ]
        for name, pieces in parts:
            if pieces is None:
                continue
            with archive.open(name, "w") as out:
                for piece in pieces:
                    out.write(piece)
    return path


def _cell(reference: str, value: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{value}</t></is></c>'


def text_row(number: int, values: Iterable[str]) -> bytes:
    cells = "".join(_cell(f"{'ABC'[n]}{number}", v) for n, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'.encode()


def sheet(rows: Iterable[bytes], dimension: str = "", after: bytes = b"") -> Iterator[bytes]:
    """A worksheet's XML around ``rows``, in pieces of about a megabyte (a write per row would be slow)."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    yield f'<worksheet xmlns="{MAIN}">{declared}<sheetData>'.encode()
    pending: list[bytes] = []
    size = 0
    for row in rows:
        pending.append(row)
        size += len(row)
        if size > MIB:
            yield b"".join(pending)
            pending, size = [], 0
    yield b"".join(pending) + b"</sheetData>" + after + b"</worksheet>"


def repeated(piece: bytes, times: int) -> Iterator[bytes]:
    """``piece`` ``times`` times over, a megabyte at a time."""
    block = piece * max(1, MIB // len(piece))
    whole, rest = divmod(times, MIB // len(piece) or 1)
    for _ in range(whole):
        yield block
    yield piece * rest


def numbered(template: bytes, first: int, last: int) -> Iterator[bytes]:
    """``template % n`` for n from ``first`` to ``last``, fifty thousand at a time."""
    for start in range(first, last + 1, 50_000):
        yield b"".join([template % n for n in range(start, min(last, start + 49_999) + 1)])


def facility_rows(first: int, commune_name: str, count: int) -> Iterator[bytes]:
    for n in range(count):
        yield text_row(first + n, (f"Cơ sở số {n + 1}", "Hộ kinh doanh", commune_name))


# The hostile files of the brief (and the normal one), as bench/bench_import_limits.py also writes them.
def huge_shared_string(path: Path, level: int = 1) -> Path:
    """One shared string of 400 MiB (one repeated letter: ~400 KB deflated), used by a cell."""
    strings = [f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode(), *repeated(b"x", 400 * MIB)]
    strings.append(b"</t></si></sst>")
    rows = [text_row(1, HEADER), b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>']
    return write_workbook(path, sheet(rows, "A1:C2"), strings=strings, level=level)


def huge_inline_string(path: Path, level: int = 1, at: int = 30) -> Path:
    """A cell of 400 MiB written in the sheet itself, at row ``at`` (after the rows the preview reads)."""
    rows = [text_row(1, HEADER), *facility_rows(2, "Xã A", at - 2)]
    rows.append(f'<row r="{at}"><c r="A{at}" t="inlineStr"><is><t>'.encode())
    return write_workbook(
        path, sheet([*rows, *repeated(b"x", 400 * MIB), b"</t></is></c></row>"], f"A1:C{at}"), level=level
    )


def blank_rows(path: Path, count: int = 3_000_000, level: int = 1) -> Path:
    """A header, one facility, then ``count`` blank rows <row r="N"/>."""
    rows = numbered(b'<row r="%d"/>', 3, count + 2)
    head = [text_row(1, HEADER), text_row(2, ("Cơ sở A", "HKD", "Xã A"))]
    return write_workbook(path, sheet(itertools.chain(head, rows)), level=level)


def rows_past_excel(path: Path, level: int = 1) -> Path:
    """1,048,577 rows, numbered by their order (no r), formatted; the last holds data."""
    rows = repeated(b'<row s="1" customFormat="1"/>', 1_048_576)
    last = b'<row><c t="inlineStr"><is><t>A</t></is></c></row>'
    return write_workbook(path, sheet(itertools.chain(rows, [last])), level=level)


def many_shared_strings(path: Path, count: int = 1_000_000, level: int = 1) -> Path:
    """``count`` tiny different strings (the worst case for the list openpyxl keeps of them)."""
    strings = numbered(b"<si><t>%d</t></si>", 1, count)
    header = f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">'.encode()
    rows = [text_row(1, HEADER), b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>']
    whole = itertools.chain([header], strings, [b"</sst>"])
    return write_workbook(path, sheet(rows, "A1:C2"), strings=whole, level=level)


def huge_styles(path: Path, size: int = 200 * MIB, level: int = 1) -> Path:
    """A styles part of ``size`` bytes of cell formats (a style bloat gone wild)."""
    head = STYLES.split("<cellXfs")[0].encode() + b"<cellXfs>"
    styles = itertools.chain([head], repeated(b'<xf numFmtId="0"/>', size // 18), [b"</cellXfs></styleSheet>"])
    rows = [text_row(1, HEADER), text_row(2, ("Cơ sở A", "HKD", "Xã A"))]
    return write_workbook(path, sheet(rows), styles=styles, level=level)


def formatted_tail(path: Path, commune_name: str, data: int = 3, blank: int = 1_000_000, level: int = 1) -> Path:
    """A real list (a header, ``data`` facilities) then ``blank`` formatted but empty rows, as Excel writes a
    sheet where the user formatted whole rows far below the data (its <dimension> says so too)."""
    last = data + 1 + blank
    rows = numbered(b'<row r="%d" spans="1:3" s="1" customFormat="1" ht="15.75" customHeight="1"/>', data + 2, last)
    body = itertools.chain([text_row(1, HEADER)], facility_rows(2, commune_name, data), rows)
    return write_workbook(path, sheet(body, f"A1:C{last}"), level=level)


# --- fixtures ----------------------------------------------------------------------------------------------
@pytest.fixture
def centre(database: Database) -> Database:
    with database.transaction() as session:
        settings.save(session, settings.CentreSettings("48", "Trung tâm Khuyến công Đà Nẵng", user_name="lan"))
    return database


@pytest.fixture
def inflated(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Bytes read out of each part of any zip (inflated), by anyone: how far a scan went, and openpyxl after it."""
    read: dict[str, int] = {}
    real = zipfile.ZipExtFile.read

    def counting(self: zipfile.ZipExtFile, n: int | None = -1) -> bytes:
        data = real(self, n)
        read[self.name] = read.get(self.name, 0) + len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    return read


def _declared(path: Path, part: str) -> int:
    with zipfile.ZipFile(path) as archive:
        return archive.getinfo(part).file_size


def _facilities(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Facility)) or 0


def _layout() -> imports.SheetLayout:
    """The layout of the hand-written sheets, as the user would choose it (no preview needed)."""
    columns = {"name": 0, "legal_form": 1, "commune_code": 2}
    return imports.SheetLayout("Danh sách", 1, columns, dict(imports.FACILITIES.defaults))


def _import(database: Database, path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    """``khuyencong --db DB import facilities FILE``: its exit code and what it told the user (stderr)."""
    code = main(["--db", str(database.path), "import", "facilities", str(path), *extra])
    return code, capsys.readouterr().err


# --- the hostile files --------------------------------------------------------------------------------------
def test_one_huge_shared_string_is_refused_before_it_is_read(
    centre: Database, tmp_path: Path, inflated: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path = huge_shared_string(tmp_path / "chuoi.xlsx")
    code, told = _import(centre, path, capsys)
    assert code == 1
    assert (
        "Lỗi: Tệp chuoi.xlsx: chuỗi chữ thứ 1 dài hơn 32.767 ký tự, giới hạn của Excel cho một ô: tệp không do Excel"
        " ghi hoặc đã bị sửa, không đọc tệp này. Hãy mở bằng Excel, rút ngắn ô đó rồi lưu lại"
    ) in told
    assert "Traceback" not in told
    assert inflated[STRINGS_PART] <= 2 * limits.CHUNK  # the first 32,768 letters of 400 MiB, then no more
    assert _declared(path, STRINGS_PART) > 400 * MIB
    assert _facilities(centre) == 0


def test_one_huge_cell_is_refused_by_the_dry_run_at_its_row(
    centre: Database, tmp_path: Path, inflated: dict[str, int]
) -> None:
    path = huge_inline_string(tmp_path / "o.xlsx", at=30)
    with centre.session() as session:
        shown = imports.preview(session, path, "facilities")  # its first rows are fine: shown as usual
        assert shown.headers == list(HEADER) and shown.layout.columns["name"] == 0
        previewed = inflated[SHEET_PART]
        assert previewed < MIB  # the preview checks the rows it shows (and the next), not the rest
        with pytest.raises(imports.ImportRefused) as refused:
            imports.dry_run(session, path, "facilities", shown.layout, "48")
    assert str(refused.value) == (
        "Trang tính “Danh sách” của tệp o.xlsx, dòng 30: một ô dài hơn 32.767 ký tự, giới hạn của Excel cho một ô:"
        " tệp không do Excel ghi hoặc đã bị sửa, không đọc tệp này. Hãy mở bằng Excel, rút ngắn ô đó rồi lưu lại"
    )
    assert inflated[SHEET_PART] - previewed <= 3 * limits.CHUNK  # the scan stopped within the cell
    assert _facilities(centre) == 0


def test_three_million_blank_rows_are_refused_at_the_first_row_past_excels_last(
    centre: Database, tmp_path: Path, inflated: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path = blank_rows(tmp_path / "trong.xlsx", 3_000_000)
    code, told = _import(centre, path, capsys, "--dry-run")
    assert code == 1
    assert (
        "Lỗi: Trang tính “Danh sách” của tệp trong.xlsx có dòng thứ 1.048.577, quá số dòng tối đa của Excel"
        " (1.048.576): tệp không do Excel ghi hoặc đã hỏng; hãy mở bằng Excel và lưu lại, hoặc chép dữ liệu sang"
        " một tệp mới"
    ) in told
    # read up to row 1,048,577 of 3,000,002: the preview stopped after its rows; the dry run was never reached
    assert inflated[SHEET_PART] < _declared(path, SHEET_PART) * 0.4
    assert _facilities(centre) == 0


def test_a_sheet_may_have_excels_last_row_but_not_one_more(centre: Database, tmp_path: Path) -> None:
    """Rows numbered by their order (no r), formatted: the 1,048,577th is refused."""
    path = rows_past_excel(tmp_path / "dong.xlsx")
    with centre.session() as session, pytest.raises(imports.ImportRefused) as refused:
        imports.dry_run(session, path, "facilities", _layout(), "48")
    assert str(refused.value).startswith(
        "Trang tính “Danh sách” của tệp dong.xlsx có dòng thứ 1.048.577, quá số dòng tối đa của Excel (1.048.576)"
    )
    # the last row allowed may hold data (shown on a smaller limit: the same count, quicker)
    value = b'<row><c t="inlineStr"><is><t>A</t></is></c></row>'
    last = write_workbook(tmp_path / "vua.xlsx", sheet([*repeated(b"<row/>", 999), value]))
    assert limits.check(last, "Danh sách", limits.Limits(rows=1_000)) == limits.SheetExtent("Danh sách", 1_000, 1, 1)
    past = write_workbook(tmp_path / "qua.xlsx", sheet([*repeated(b"<row/>", 1_000), value]))
    with pytest.raises(limits.WorkbookRefused, match=r"có dòng thứ 1\.001, quá số dòng tối đa của Excel \(1\.000\)"):
        limits.check(past, "Danh sách", limits.Limits(rows=1_000))
    assert _facilities(centre) == 0


def test_too_many_shared_strings_are_refused_before_openpyxl_keeps_them(
    centre: Database, tmp_path: Path, inflated: dict[str, int]
) -> None:
    path = many_shared_strings(tmp_path / "nhieu.xlsx", 800_000)
    with centre.session() as session, pytest.raises(imports.ImportRefused) as refused:
        imports.dry_run(session, path, "facilities", _layout(), "48")
    message = str(refused.value)
    assert message.startswith("Tệp nhieu.xlsx chứa quá nhiều chữ (đã đếm ")
    assert message.endswith(
        " chuỗi chữ khác nhau, cần hơn 100,0 MB bộ nhớ chỉ để giữ chúng): hãy chia nhỏ tệp (mỗi tệp ít dòng hơn)"
    )
    counted = int(message.split("đã đếm ")[1].split(" ")[0].replace(".", ""))
    assert 500_000 < counted < 800_000  # tiny strings cost openpyxl ~150 bytes each: refused at the first too many
    assert inflated[STRINGS_PART] <= _declared(path, STRINGS_PART) * counted / 800_000 + 2 * limits.CHUNK
    assert SHEET_PART not in inflated  # nothing after the strings was read
    assert _facilities(centre) == 0


def test_a_huge_styles_part_is_refused_unread(centre: Database, tmp_path: Path, inflated: dict[str, int]) -> None:
    big = huge_styles(tmp_path / "kieu.xlsx", 200 * MIB)
    with centre.session() as session, pytest.raises(imports.ImportRefused) as refused:
        imports.preview(session, big, "facilities")
    assert str(refused.value) == (
        "Tệp kieu.xlsx: phần “xl/styles.xml” lớn bất thường (209,7 MB khi giải nén, tối đa 16,0 MB): quá nhiều kiểu"
        " định dạng ô: hãy chép các ô dữ liệu sang một tệp Excel mới (Dán đặc biệt → Giá trị) rồi nhập tệp mới"
    )
    assert STYLES_PART not in inflated  # refused on the size its zip entry declares
    many = huge_styles(tmp_path / "nhieu-kieu.xlsx", 2 * MIB)  # small, but 116,508 formats
    with centre.session() as session, pytest.raises(imports.ImportRefused, match=r"xl/styles.xml” có quá nhiều"):
        imports.preview(session, many, "facilities")
    assert _facilities(centre) == 0


def test_a_real_list_with_a_million_formatted_rows_after_it_imports(
    centre: Database, tmp_path: Path, inflated: dict[str, int]
) -> None:
    with centre.session() as session:
        xa = commune(session, "48", "xa").name
    path = formatted_tail(tmp_path / "dinh-dang.xlsx", xa, data=3, blank=1_000_000)
    seen: list[str] = []
    with centre.session() as session:
        layout = imports.preview(session, path, "facilities").layout
        report = imports.dry_run(session, path, "facilities", layout, "48", lambda label, *_: seen.append(label))
    assert [r.row for r in report.rows] == [2, 3, 4] and report.errors == 0
    # The scan went through the first thousand blank rows, then looked for a value ahead (in the raw bytes,
    # quickly): none, so it stopped, as openpyxl did at row 5, the first after the data.
    assert inflated[SHEET_PART] < _declared(path, SHEET_PART) * 1.1
    assert seen and set(seen) == {"Đang kiểm tra kích thước tệp"}  # then 3 rows: too few to tell
    with centre.transaction("lan", "Nhập") as session:
        assert imports.commit(session, report, layout, "48") == 3
    assert _facilities(centre) == 3


# --- the other limits, and what the scan learns --------------------------------------------------------------
def _small(tmp_path: Path, name: str, rows: Iterable[bytes] | None = None, **parts: Any) -> Path:
    """A header and one facility, with the parts given instead of the usual ones."""
    if rows is None:
        rows = sheet([text_row(1, HEADER), text_row(2, ("Cơ sở A", "HKD", "Xã A"))], "A1:C2")
    return write_workbook(tmp_path / name, rows, **parts)


def _long_cell(size: int) -> list[bytes]:
    return [b'<row><c t="inlineStr"><is><t>', *repeated(b"x", size), b"</t></is></c></row>"]


OTHER_LIMITS: dict[str, tuple[Callable[[], dict[str, Any]], str]] = {
    "huge-tag": (  # expat would hold a 2 MB tag whole
        lambda: {"rows": [f'<worksheet xmlns="{MAIN}" a="'.encode(), *repeated(b"a", 2 * MIB), b'"/>']},
        r"^Trang tính “Danh sách” của tệp x\.xlsx có một thẻ XML dài bất thường \(hơn 1,0 MB\)",
    ),
    "entity-in-strings": (
        lambda: {
            "strings": [b'<!DOCTYPE s [<!ENTITY a "a">]>', f'<sst xmlns="{MAIN}"><si><t>&a;</t></si></sst>'.encode()]
        },
        r"^Tệp x\.xlsx, phần “xl/sharedStrings\.xml” có khai báo XML không an toàn \(DTD, thực thể\)",
    ),
    "column-past-xfd": (
        lambda: {"rows": sheet([b'<row r="1"><c r="XFE1" t="inlineStr"><is><t>A</t></is></c></row>'])},
        r"dòng 1: có ô ở cột thứ 16\.385, quá số cột tối đa của Excel \(16\.384\)",
    ),
    "merges": (  # each kept as objects by openpyxl (~650 bytes)
        lambda: {"rows": sheet([text_row(1, HEADER)], after=b"<mergeCells>" + b'<mergeCell ref="A1:B1"/>' * 300_000)},
        r"^Tệp x\.xlsx quá lớn để đọc một lần, trang tính “Danh sách” đến dòng 1: ước tính cần hơn 190,0 MB bộ"
        r" nhớ, nhiều nhất là ô gộp, định dạng có điều kiện, các mục ngoài các dòng",
    ),
    "forged-style": (  # openpyxl's TypeError, not a traceback
        lambda: {"styles": [STYLES.replace("<fill><patternFill/></fill>", "<fill/>").encode()]},
        r"^Tệp x\.xlsx không phải tệp Excel \.xlsx đọc được",
    ),
    "missing-string": (  # no such shared string: openpyxl's IndexError, not a traceback
        lambda: {"rows": sheet([b'<row r="1"><c r="A1" t="s"><v>7</v></c></row>'], "A1")},
        r"^Trang tính “Danh sách” bị hỏng, không đọc được",
    ),
    "unknown-encoding": (  # pyexpat's own ValueError, not a traceback
        lambda: {"strings": [b'<?xml version="1.0" encoding="shift_jis"?>', f'<sst xmlns="{MAIN}"/>'.encode()]},
        r"^Tệp x\.xlsx không phải tệp Excel \.xlsx đọc được \(tệp hỏng: phần “xl/sharedStrings\.xml” viết bằng bảng mã",
    ),
    "other-sheet": (  # not the sheet imported, but openpyxl reads it whole on opening: it has no <dimension>
        lambda: {"second_sheet": sheet(_long_cell(50 * MIB))},
        r"^Trang tính “Trang 2” của tệp x\.xlsx, dòng 1: một ô dài hơn 32\.767 ký tự",
    ),
}


@pytest.mark.parametrize("case", OTHER_LIMITS)
def test_other_limits_are_refused_in_vietnamese(centre: Database, tmp_path: Path, case: str) -> None:
    parts, message = OTHER_LIMITS[case]
    path = _small(tmp_path, "x.xlsx", **parts())
    with centre.session() as session, pytest.raises(imports.ImportRefused, match=message):
        imports.dry_run(session, path, "facilities", _layout(), "48")
    assert _facilities(centre) == 0


def test_a_zip_listing_too_many_parts_is_refused_before_zipfile_reads_the_list(tmp_path: Path) -> None:
    path = _small(tmp_path, "nhieu-phan.xlsx")
    with zipfile.ZipFile(path, "a") as archive:
        for n in range(12_000):
            archive.writestr(f"xl/media/{'a' * 80}{n}.bin", b"")
    with pytest.raises(limits.WorkbookRefused, match=r"có danh mục thành phần lớn bất thường \(1,\d MB\)"):
        limits.check(path)
    assert limits.check(_small(tmp_path, "it-phan.xlsx")) == limits.SheetExtent("Danh sách", 2, 3, 2)


def test_the_rows_are_counted_as_openpyxl_counts_them(tmp_path: Path) -> None:
    """Rows numbered by r or by order, cells by r or by order, a value in <v> or an inline string's <t>; blank
    and formatted cells are no value; a formula never computed (no <v>) counts as one, so that its row is read
    and the import tells it (its place is kept); the data rows over the caller's limit are refused."""
    rows = [
        text_row(1, HEADER),
        b'<row r="3"><c r="B3"><v>5</v></c><c s="1"/><c><f>A1</f></c></row>',  # columns 2, 3, 4: 4 has no value
        b'<row><c r="E4" t="inlineStr"><is><r><t> </t></r><r><t>x</t></r></is></c><c r="H4" s="2"/></row>',
        b'<row r="9" s="1" customFormat="1"><c r="A9"><v> </v></c></row>',  # a blank value, a formatted row
    ]
    path = write_workbook(tmp_path / "dem.xlsx", sheet(rows, "A1:H9"))
    assert limits.check(path, "Danh sách") == limits.SheetExtent("Danh sách", 4, 5, 3)
    assert limits.check(path, "Không có") is None
    whole = limits.check(path, "Danh sách")
    assert whole is not None and whole.uncomputed == {(3, 4)}
    assert limits.check(path, "Danh sách", head=1) == limits.SheetExtent("Danh sách", 1, 4, 1)  # D3's formula
    with pytest.raises(limits.WorkbookRefused, match=r"“Danh sách” của tệp dem\.xlsx: có hơn 2 dòng có dữ liệu"):
        limits.check(path, "Danh sách", limits.Limits(value_rows=2))


def test_the_dry_run_reports_its_progress_with_the_rows_the_scan_found(centre: Database, tmp_path: Path) -> None:
    with centre.session() as session:
        xa = commune(session, "48", "xa").name
    path = write_workbook(tmp_path / "tien-do.xlsx", sheet([text_row(1, HEADER), *facility_rows(2, xa, 1_200)]))
    seen: list[tuple[str, int, int]] = []

    def progress(label: str, done: int, total: int) -> None:
        seen.append((label, done, total))

    with centre.session() as session:
        report = imports.dry_run(session, path, "facilities", _layout(), "48", progress)
    assert len(report.rows) == 1_200
    assert [s for s in seen if s[0] == "Đang kiểm tra từng dòng"] == [
        ("Đang kiểm tra từng dòng", 500, 1_201),  # the rows holding a value, the header's too
        ("Đang kiểm tra từng dòng", 1_000, 1_201),
    ]
    kib = _declared(path, SHEET_PART) >> 10
    scanning = [s for s in seen if s[0] == "Đang kiểm tra kích thước tệp"]
    assert scanning[0] == ("Đang kiểm tra kích thước tệp", 64, kib) and scanning[-1][1] == kib  # KiB of the sheet
    state = ProgressState()
    state.cancel()  # the user stops it while the file is being checked
    with centre.session() as session, pytest.raises(Cancelled):
        imports.dry_run(session, path, "facilities", _layout(), "48", state)
