"""Hostile workbooks a tester made: Excel's _xHHHH_ escapes, a lone cell at XFD1048576, a hundred thousand rows of
long cells (hundreds of thousands of problems), and import options naming what the file does not have. Each is
imported through the real import (the dry run and commit, or ``khuyencong import``): what is stored is what the
cell holds, the import is quick, what it keeps and tells is bounded, and it says everything in Vietnamese."""

from __future__ import annotations

import dataclasses
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from desktop.cli import main
from desktop.models import Facility
from desktop.services import settings
from desktop.spreadsheets import imports, limits
from desktop.store.db import Database
from tests.conftest import commune
from tests.test_import_limits import HEADER, MAIN, sheet, text_row, write_workbook


@pytest.fixture
def centre(database: Database) -> Database:
    with database.transaction() as session:
        settings.save(session, settings.CentreSettings("48", "Trung tâm Khuyến công Đà Nẵng", user_name="lan"))
    return database


def _xa(database: Database) -> str:
    with database.session() as session:
        return commune(session, "48", "xa").name


def _names(database: Database) -> list[str]:
    with database.session() as session:
        return sorted(session.scalars(select(Facility.name)))


def _cli(database: Database, path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["--db", str(database.path), "import", "facilities", str(path), *extra])
    told = capsys.readouterr()
    return code, told.out, told.err


# --- 1. Excel's escapes ----------------------------------------------------------------------------------------
def escaped_workbook(path: Path, commune_name: str) -> Path:
    """Texts as Excel writes them: a carriage return as _x000D_ in a shared string, a tab as _x0009_ in an inline
    string, a literal "_x0041_" as "_x005F_x0041_"; texts that look like escapes but are not (two hex digits, not
    hex, no closing "_") stay as they are."""
    shared = [*HEADER, "Hộ kinh doanh", commune_name, "Cơ sở_x000D_ Hòa Bình", "Xưởng _x005F_x0041_ số 2"]
    shared.append("Mộc _x12_ và _xZZZZ_ và _x0041")
    table = f'<sst xmlns="{MAIN}">' + "".join(f"<si><t>{text}</t></si>" for text in shared) + "</sst>"

    def row(number: int, name: str) -> bytes:
        cells = [name, f'<c r="B{number}" t="s"><v>3</v></c>', f'<c r="C{number}" t="s"><v>4</v></c>']
        return f'<row r="{number}">{"".join(cells)}</row>'.encode()

    rows = [
        b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>',
        row(2, '<c r="A2" t="s"><v>5</v></c>'),
        row(3, '<c r="A3" t="s"><v>6</v></c>'),
        row(4, '<c r="A4" t="inlineStr"><is><t>Lò gốm_x0009_Thanh Hà</t></is></c>'),
        row(5, '<c r="A5" t="s"><v>7</v></c>'),
    ]
    return write_workbook(path, sheet(rows, "A1:C5"), strings=[table.encode()])


def test_excel_escapes_are_decoded_and_the_text_cleaned(centre: Database, tmp_path: Path) -> None:
    path = escaped_workbook(tmp_path / "thoat.xlsx", _xa(centre))
    with zipfile.ZipFile(path) as archive:  # the file really holds the escapes
        assert "Cơ sở_x000D_ Hòa Bình" in archive.read("xl/sharedStrings.xml").decode()
        assert "Lò gốm_x0009_Thanh Hà" in archive.read("xl/worksheets/sheet1.xml").decode()
    with centre.session() as session:
        shown = imports.preview(session, path, "facilities")
        report = imports.dry_run(session, path, "facilities", shown.layout, "48")
    assert report.errors == 0 and [r.row for r in report.rows] == [2, 3, 4, 5]
    with centre.transaction("lan", "Nhập") as session:
        assert imports.commit(session, report, shown.layout, "48") == 4
    assert _names(centre) == [
        "Cơ sở Hòa Bình",  # the carriage return decoded, then cleaned as at every door
        "Lò gốm Thanh Hà",  # the tab of an inline string too
        "Mộc _x12_ và _xZZZZ_ và _x0041",  # not escapes: kept
        "Xưởng _x0041_ số 2",  # a literal "_x0041_", not an "A"
    ]


def test_only_valid_escapes_are_decoded_once_from_the_left() -> None:
    assert imports._unescape("a_x000D_b") == "a\rb"
    assert imports._unescape("_x005F_x0041_") == "_x0041_"  # the escaped underscore, then plain text
    assert imports._unescape("_x005f_x005F_") == "_x005F_"
    assert imports._unescape("_x0041__x0042_") == "AB"
    assert imports._unescape("_x41_ _xGGGG_ x0041_ _X0041_") == "_x41_ _xGGGG_ x0041_ _X0041_"
    assert imports._unescape("_xD83D__xDE00_") == "\U0001f600"  # a surrogate pair, joined
    assert imports._unescape("_xD83D_") == "\ud83d"  # a lone one is left to clean(), which drops it


# --- 2. a lone cell at XFD1048576 -------------------------------------------------------------------------------
def far_cell(path: Path, commune_name: str) -> Path:
    """A header and three facilities, and one cell more: at XFD1048576, Excel's last column of its last row."""
    book = Workbook()
    listed = book.active
    assert listed is not None
    listed.title = "Danh sách"
    listed.append(list(HEADER))
    for n in range(3):
        listed.append([f"Cơ sở số {n + 1}", "Hộ kinh doanh", commune_name])
    listed["XFD1048576"] = "x"
    book.save(path)
    return path


def test_a_lone_cell_at_excels_last_cell_does_not_make_the_import_crawl(
    centre: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = far_cell(tmp_path / "xa.xlsx", _xa(centre))
    extent = limits.check(path, "Danh sách")
    assert extent == limits.SheetExtent("Danh sách", 1_048_576, 16_384, 5)
    assert extent is not None and extent.last_row_within(3) == 4 and extent.last_row_within(16_384) == 1_048_576
    started = time.perf_counter()
    code, out, err = _cli(centre, path, capsys)
    took = time.perf_counter() - started
    assert (code, err) == (0, "")
    assert "3 dòng: 3 nhập được, 0 có lỗi" in out and "Đã nhập 3 bản ghi" in out
    assert took < 8  # 60 s before: a million rows 16,384 cells wide (a couple of seconds on a slow machine)
    assert _names(centre) == ["Cơ sở số 1", "Cơ sở số 2", "Cơ sở số 3"]
    with centre.session() as session:
        layout = imports.preview(session, path, "facilities").layout
        report = imports.dry_run(session, path, "facilities", layout, "48")
    assert report.headers == list(HEADER)  # the header row's width, not the sheet's


# --- 3. a hundred thousand problems --------------------------------------------------------------------------
LONG_HEADER = ("Tên cơ sở", "Loại hình", "Mã số thuế", "Người đại diện", "Xã/phường", "Địa chỉ", "Điện thoại")


def long_cells(path: Path, rows: int = 100_000, size: int = 400) -> Path:
    """``rows`` facilities whose seven cells each hold the same shared string of ``size`` letters: seven errors a
    row (too long, no such legal form, commune...)."""
    letters = "ABCDEFG"
    strings = [f'<sst xmlns="{MAIN}">'.encode(), *(f"<si><t>{t}</t></si>".encode() for t in LONG_HEADER)]
    strings += [f"<si><t>{'Ơ' * size}</t></si></sst>".encode()]
    template = "".join(f'<c r="{c}%d" t="s"><v>7</v></c>' for c in letters)

    def body() -> Iterator[bytes]:
        yield (
            '<row r="1">' + "".join(f'<c r="{c}1" t="s"><v>{n}</v></c>' for n, c in enumerate(letters)) + "</row>"
        ).encode()
        for number in range(2, rows + 2):
            yield f'<row r="{number}">{template.replace("%d", str(number))}</row>'.encode()

    return write_workbook(path, sheet(body(), f"A1:G{rows + 1}"), strings=strings, level=6)


def test_problems_are_told_up_to_a_cap_then_counted(
    centre: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = long_cells(tmp_path / "dai.xlsx", rows=2_000)
    code, out, err = _cli(centre, path, capsys, "--dry-run")
    assert code == 1 and "Chưa nhập dòng nào" in err
    lines = out.splitlines()
    told = [line for line in lines if line.startswith("Lỗi — dòng ")]
    assert len(told) == imports.SHOWN_PROBLEMS  # 14,000 before
    assert "Lỗi — dòng 2, cột “Tên cơ sở”: Dài quá 300 ký tự" in told and told[-1].startswith("Lỗi — dòng 30, ")
    more = 2_000 * 7 - imports.SHOWN_PROBLEMS
    assert f"… và {more:,} lỗi khác".replace(",", ".") == "… và 13.800 lỗi khác"
    assert lines[lines.index(told[-1]) + 1] == "… và 13.800 lỗi khác"
    assert "2.000 dòng: 0 nhập được, 2.000 có lỗi" in out
    with centre.session() as session:  # what the dialog gets: the same problems, the same line
        layout = imports.preview(session, path, "facilities").layout
        report = imports.dry_run(session, path, "facilities", layout, "48")
    assert len(report.problems) == imports.SHOWN_PROBLEMS and report.more == "… và 13.800 lỗi khác"
    assert report.lines()[-1] == "… và 13.800 lỗi khác" and report.errors == 2_000 and not report.importable
    assert all(not r.values and not r.problems for r in report.rows[100:])  # nothing kept of the rows after


def test_errors_are_never_hidden_by_warnings_and_unknown_communes_are_all_told(
    centre: Database, tmp_path: Path
) -> None:
    """Warnings first (a required legal form left empty), then errors past them, and an old commune per row:
    each capped on its own, each unknown commune told once (the dialog asks which new commune it is)."""
    xa = _xa(centre)
    rows = [text_row(1, HEADER)]
    rows += [text_row(n, (f"Cơ sở {n}", "", xa)) for n in range(2, 302)]  # 300 warnings
    rows += [text_row(n, ("", "Hộ kinh doanh", xa)) for n in range(302, 602)]  # 300 errors
    rows += [text_row(n, (f"Cơ sở {n}", "Hộ kinh doanh", f"Xã Cũ {n % 250}")) for n in range(602, 1102)]
    path = write_workbook(tmp_path / "canh-bao.xlsx", sheet(rows))
    columns = {"name": 0, "legal_form": 1, "commune_code": 2}
    layout = imports.SheetLayout("Danh sách", 1, columns, dict(imports.FACILITIES.defaults))
    with centre.session() as session:
        report = imports.dry_run(session, path, "facilities", layout, "48")
    errors = [p for p in report.problems if p.error and not p.unknown_commune]
    warnings = [p for p in report.problems if not p.error]
    unknown = [p.unknown_commune for p in report.problems if p.unknown_commune]
    assert len(warnings) == 200 and len(errors) == 200 and errors[0].row == 302
    assert sorted(unknown) == sorted({f"Xã Cũ {n}" for n in range(250)})  # each once, past the cap
    assert report.more == "… và 350 lỗi, 100 lưu ý khác"  # 300 + 500 - 200 - 250 errors, 300 - 200 warnings
    assert report.errors == 800 and [p.row for p in report.problems] == sorted(p.row for p in report.problems)


def test_long_valid_texts_are_kept_once_and_within_the_memory_budget(
    centre: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    xa = _xa(centre)
    note = " ".join(["Ghi chú rất dài về cơ sở"] * 150)  # 3,749 characters, the same on every row

    def with_note(number: int, cells: tuple[str, str, str], text: str) -> bytes:
        row = text_row(number, cells).removesuffix(b"</row>")
        return row + f'<c r="D{number}" t="inlineStr"><is><t>{text}</t></is></c></row>'.encode()

    rows = [with_note(1, HEADER, "Ghi chú")]
    rows += [with_note(n, (f"Cơ sở {n}", "Hộ kinh doanh", xa), note) for n in range(2, 2_002)]
    path = write_workbook(tmp_path / "ghi-chu.xlsx", sheet(rows))
    columns = {"name": 0, "legal_form": 1, "commune_code": 2, "note": 3}
    layout = imports.SheetLayout("Danh sách", 1, columns, dict(imports.FACILITIES.defaults))
    with centre.session() as session:
        report = imports.dry_run(session, path, "facilities", layout, "48")
    assert report.errors == 0 and len(report.importable) == 2_000
    assert report.rows[0].values["note"] == note and report.rows[0].values["note"] is report.rows[-1].values["note"]
    distinct = path.with_name("khac-nhau.xlsx")  # each note different: kept each, counted against the budget
    rows = [rows[0], *(with_note(n, (f"Cơ sở {n}", "Hộ kinh doanh", xa), f"{note} {n}") for n in range(2, 2_002))]
    write_workbook(distinct, sheet(rows))
    monkeypatch.setattr(imports, "IMPORT_LIMITS", dataclasses.replace(imports.IMPORT_LIMITS, memory=10 * limits.MB))
    with centre.session() as session, pytest.raises(imports.ImportRefused) as refused:
        imports.dry_run(session, distinct, "facilities", layout, "48")
    assert re.fullmatch(
        r"Tệp khac-nhau\.xlsx quá lớn để kiểm tra một lần: đến dòng \d+, các ô chữ dài của các dòng hợp lệ đã"
        r" cần hơn \d,\d MB bộ nhớ\. Hãy chia nhỏ tệp \(mỗi tệp ít dòng hơn\)",
        str(refused.value),
    )


# --- 4. options naming what the file does not have ----------------------------------------------------------
OPTIONS = {
    "header-row-past-the-sheet": (
        ["--header-row", "99"],
        "Lỗi: Dòng tiêu đề 99 vượt quá số dòng của trang tính “Danh sách” (có 12 dòng)",
    ),
    "header-row-negative": (
        ["--header-row", "-1"],
        "Lỗi: Dòng tiêu đề -1 không dùng được: dòng tiêu đề phải là một trong 200 dòng đầu của trang tính (từ 1 đến"
        " 200; để trống: tự tìm)",
    ),
    "column-past-the-header": (
        ["--column", "name=Z"],
        "Lỗi: Cột “Z” không có trong dòng tiêu đề; các cột có: A “Tên cơ sở”, B “Loại hình”, C “Xã/phường”",
    ),
    "column-number-past-the-header": (
        ["--column", "tax_code=99"],
        "Lỗi: Cột “99” không có trong dòng tiêu đề; các cột có: A “Tên cơ sở”, B “Loại hình”, C “Xã/phường”",
    ),
    "column-zero": (
        ["--column", "name=0"],
        "Lỗi: Cột “0” không có trong dòng tiêu đề; các cột có: A “Tên cơ sở”, B “Loại hình”, C “Xã/phường”",
    ),
    "column-not-a-column": (
        ["--column", "name=A1"],
        "Lỗi: Cột “A1” không có trong dòng tiêu đề; các cột có: A “Tên cơ sở”, B “Loại hình”, C “Xã/phường”",
    ),
    "no-such-field": (
        ["--column", "ten=A"],
        "Lỗi: Không có trường “ten”; các trường: name (Tên cơ sở), legal_form (Loại hình), tax_code (Mã số thuế),"
        " registration_no (Số ĐKKD), established_on (Ngày thành lập), sector (Lĩnh vực), main_line (Sản phẩm"
        " chính), representative_name (Người đại diện), representative_gender (Giới tính người đại diện),"
        " commune_code (Xã/phường), street_address (Địa chỉ), phone (Điện thoại), email (Thư điện tử), note (Ghi chú)",
    ),
    "no-such-sheet": (
        ["--sheet", "Trang 9"],
        "Lỗi: Không có trang tính “Trang 9” trong tệp; các trang có: “Danh sách”",
    ),
}


@pytest.mark.parametrize("case", OPTIONS)
def test_import_options_naming_what_is_not_there_are_told_in_vietnamese(
    centre: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    xa = _xa(centre)
    rows = [text_row(1, HEADER), *(text_row(n, (f"Cơ sở {n}", "Hộ kinh doanh", xa)) for n in range(2, 13))]
    path = write_workbook(tmp_path / "ds.xlsx", sheet(rows))
    extra, message = OPTIONS[case]
    code, out, err = _cli(centre, path, capsys, *extra)
    assert code == 1
    assert err.strip() == message
    assert "Traceback" not in out + err and not re.search(r"\b(index|range|invalid|not|valid|error)\b", out + err)
    assert _names(centre) == []
    code, out, err = _cli(centre, path, capsys, "--dry-run")  # the same file, without the option: fine
    assert code == 0 and "11 dòng: 11 nhập được" in out
