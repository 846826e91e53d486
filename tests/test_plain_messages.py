"""Messages a tester found misleading or unclear, each as the user reads it, word for word: what waits to be
sent, a damaged file in the support report, a backup on a full or read-only disk, a dry run on a read-only
folder, demo data into a file in use, the wrong kind of sync file, an unknown form, Excel cells (a formula
never computed, a broken sheet, a long number) and a sync server address with spaces."""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from desktop import cli
from desktop.core.money import format_money, format_size
from desktop.models import OutboxEntry
from desktop.printing import catalog
from desktop.services import settings
from desktop.spreadsheets import imports, limits
from desktop.store import backups, checks
from desktop.store.db import Database, read_only
from sync import account, bundle, signing, state
from tests.conftest import commune
from tests.test_file_faults import _digest, _fill, _page_overwritten, _read_only, _small_disk, _with_facilities
from tests.test_import_limits import HEADER, MAIN, text_row, write_workbook


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    told = capsys.readouterr()
    return code, told.out, told.err


def _copy(database: Database, to: Path) -> Path:
    """A copy of a database another test shares (read, never changed)."""
    with closing(read_only(database.path)) as source, closing(sqlite3.connect(to)) as copy:
        source.backup(copy)
    return to


def _centre(path: Path) -> str:
    """Set the centre up in Đà Nẵng (province 48); the name of one of its communes."""
    database = Database(path)
    with database.transaction() as session:
        settings.save(session, settings.CentreSettings("48", "Trung tâm Khuyến công Đà Nẵng", user_name="lan"))
        name = commune(session, "48", "xa").name
    database.close()
    return name


# --- 1. what waits to be sent is counted the same everywhere ---------------------------------------------------
def test_db_check_and_the_support_report_count_waiting_changes_as_the_sync_page_does(
    dak_lak: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Demo data is written past the outbox: its rows wait all the same (the next sync queues them)."""
    path = _copy(dak_lak, tmp_path / "demo.sqlite3")
    database = Database(path)
    shown = state.status(database).waiting  # what the Đồng bộ page and the status bar show
    with database.session() as session:
        in_outbox = session.scalar(select(func.count()).select_from(OutboxEntry))
    database.close()
    assert shown > 1000 and in_outbox == 0  # counting the outbox alone would say 0
    code, out, _err = _run(["--db", str(path), "db", "check"], capsys)
    assert code == 0 and f"\nThay đổi chờ gửi: {format_money(shown)}\n" in out, out
    code, out, _err = _run(["--db", str(path), "diagnostics"], capsys)
    assert code == 0 and f"\nThay đổi chờ gửi    {format_money(shown)}" in out, out


# --- 2. the support report of a damaged file --------------------------------------------------------------------
def test_the_support_report_of_a_damaged_file_names_it_says_what_is_damaged_and_prints_what_it_can(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_facilities(db_path, 400)
    _page_overwritten(db_path, "sync_outbox")  # opens; counting what waits to be sent fails
    before = _digest(db_path)
    code, out, err = _run(["--db", str(db_path), "diagnostics"], capsys)
    assert code == 1
    assert out.startswith("Phần mềm            Khuyến công Desktop"), out
    assert f"Tệp dữ liệu         {db_path} (" in out and "Sao lưu             0 bản trong" in out, out
    assert "Phiên bản cấu trúc  " + checks.HEAD_REVISION in out
    assert "Thay đổi chờ gửi    (không đọc được: tệp dữ liệu bị hỏng)" in out, out
    assert err.startswith(f"Lỗi: Tệp dữ liệu {db_path} bị hỏng: kiểm tra toàn vẹn thấy "), err  # SQLite's own check
    assert " bên trong tệp (trang " in err and "Tệp được giữ nguyên, không ghi gì thêm." in err, err
    assert f'Xem chi tiết: khuyencong --db "{db_path}" db check' in err
    code, out, _err = _run(["--db", str(db_path), "db", "check"], capsys)
    assert code == 1 and "\nThay đổi chờ gửi: không đếm được (tệp bị hỏng)\n" in out, out
    assert "Nhật ký đồng bộ (thay đổi đã gửi và chờ gửi): " in out and "Thay đổi chờ gửi lên máy chủ" not in out
    assert _digest(db_path) == before


# --- 3. a backup that cannot be written ---------------------------------------------------------------------------
def test_a_backup_on_a_full_disk_says_how_much_room_it_needs_and_how_much_is_free(
    template_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with _small_disk(tmp_path / "o-nho", 8) as disk:
        db_path = disk / "khuyencong.sqlite3"
        shutil.copyfile(template_db, db_path)
        size = db_path.stat().st_size
        _fill(disk, leave=64 * 1024)
        code, _out, err = _run(["--db", str(db_path), "backup"], capsys)
        free = shutil.disk_usage(disk).free
    target = backups.folder(db_path)
    assert code == 1
    assert err == (
        f"Lỗi: Không ghi được bản sao lưu vào {target}. Ổ đĩa đã đầy: sao lưu cần khoảng"
        f" {format_size(size + size // 4)} trống (tệp dữ liệu {format_size(size)} được chép nguyên rồi mới nén; bản"
        f" nén giữ lại nhỏ hơn nhiều), ổ đó chỉ còn trống {format_size(free)}. Bản sao lưu luôn được ghi vào thư mục"
        " backups cạnh tệp dữ liệu: hãy giải phóng dung lượng trên ổ đó (xóa bớt tệp không cần) rồi thử lại, hoặc"
        ' chép tệp dữ liệu sang ổ khác còn chỗ rồi dùng tệp đó (khuyencong --db "ĐƯỜNG_DẪN_MỚI" backup). Không có'
        " bản sao dở dang nào được giữ lại; các bản cũ vẫn còn.\n"
    ), err


def test_a_backup_into_a_read_only_folder_does_not_ask_to_choose_another(
    template_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Backups go into backups/ beside the database: there is no folder to choose."""
    folder = tmp_path / "du-lieu"
    folder.mkdir()
    db_path = folder / "khuyencong.sqlite3"
    shutil.copyfile(template_db, db_path)
    with _read_only(folder):
        code, _out, err = _run(["--db", str(db_path), "backup"], capsys)
    assert code == 1
    assert "chọn thư mục khác" not in err and "chọn nơi khác" not in err
    assert err == (
        f"Lỗi: Không ghi được bản sao lưu vào {folder / 'backups'}: thư mục chỉ cho phép đọc, hoặc tài khoản này"
        " không có quyền ghi vào đó. Bản sao lưu luôn được ghi vào thư mục backups cạnh tệp dữ liệu: hãy nhờ người"
        f" quản trị máy cấp quyền ghi cho thư mục dữ liệu {folder}, hoặc chép tệp dữ liệu sang ổ khác còn chỗ rồi"
        ' dùng tệp đó (khuyencong --db "ĐƯỜNG_DẪN_MỚI" backup). Không có bản sao dở dang nào được giữ lại; các bản'
        " cũ vẫn còn.\n"
    ), err


# --- 4. a dry run reads only ------------------------------------------------------------------------------------
def test_an_import_dry_run_works_on_a_read_only_folder_and_writes_nothing(
    template_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "du-lieu"
    folder.mkdir()
    db_path = folder / "khuyencong.sqlite3"
    shutil.copyfile(template_db, db_path)
    xa = _centre(db_path)
    sheet = tmp_path / "co-so.xlsx"
    book = Workbook()
    assert book.active is not None
    book.active.append(["Tên cơ sở", "Loại hình", "Xã/phường"])
    book.active.append(["Cơ sở mây tre Hòa Bình", "Hộ kinh doanh", xa])
    book.save(sheet)
    before, there = _digest(db_path), sorted(p.name for p in folder.iterdir())
    with _read_only(folder):
        code, out, err = _run(["--db", str(db_path), "import", "co-so", str(sheet), "--dry-run"], capsys)
    assert code == 0, err
    assert out.endswith("1 dòng: 1 nhập được, 0 có lỗi, 0 đã có (bỏ qua).\n"), out
    # In a folder that may be written, a dry run makes no backup, no lock file, and leaves the file as it was.
    code, out, err = _run(["--db", str(db_path), "import", "co-so", str(sheet), "--dry-run"], capsys)
    assert code == 0 and out.endswith("1 dòng: 1 nhập được, 0 có lỗi, 0 đã có (bỏ qua).\n"), err
    assert _digest(db_path) == before
    assert sorted(p.name for p in folder.iterdir() if p.name != "logs") == there


# --- 5. demo data only into a new file ------------------------------------------------------------------------
def test_demo_data_into_a_file_holding_records_is_refused_at_once(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_facilities(db_path, 3)
    before = _digest(db_path)
    code, out, err = _run(["--db", str(db_path), "demo-data", "--province", "48"], capsys)
    assert code == 1 and out == ""  # nothing generated: no step was started
    assert err == (
        f"Lỗi: Tệp dữ liệu {db_path} đã có dữ liệu (3 cơ sở CNNT): dữ liệu mẫu chỉ tạo vào một tệp mới, để không lẫn"
        " với dữ liệu đang dùng. Không có gì được ghi. Hãy dùng --db với tên một tệp mới, ví dụ: khuyencong --db"
        " du-lieu-mau.sqlite3 demo-data --province 48\n"
    ), err
    assert _digest(db_path) == before


def test_demo_data_into_a_file_enrolled_with_a_server_is_refused_even_when_empty(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Made records of a PC that syncs would go to the server as real ones at its next sync."""
    code, _out, err = _run(["--db", str(db_path), "db", "upgrade"], capsys)
    assert code == 0, err
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("INSERT INTO app_setting (key, value) VALUES ('sync_server', 'https://dongbo.daklak.vn')")
    before = _digest(db_path)
    code, out, err = _run(["--db", str(db_path), "demo-data", "--province", "66"], capsys)
    assert code == 1 and out == ""
    assert err.startswith(
        f"Lỗi: Tệp dữ liệu {db_path} đã đăng nhập hoặc ghi danh với máy chủ đồng bộ (https://dongbo.daklak.vn):"
        " dữ liệu mẫu tạo vào đó sẽ được gửi lên máy chủ như dữ liệu thật. Không có gì được ghi."
    ), err
    assert _digest(db_path) == before


# --- 6. the wrong kind of sync file --------------------------------------------------------------------------
def test_a_sync_file_of_the_wrong_kind_is_named_with_the_file_needed(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = signing.new_key()
    answer, enrolment = tmp_path / "tra-loi.kcsync", tmp_path / "ghi-danh.kcenrol"
    bundle.write(answer, bundle.KIND_ANSWER, {"device": "may-khac"}, key)
    bundle.write(enrolment, bundle.KIND_ENROLMENT, {"device": "may-khac"}, key)
    garbage = tmp_path / "anh.kcenrol"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n not a sync file")
    base = ["--db", str(db_path), "sync"]
    enrolment_needed = (
        "Ở đây cần tệp ghi danh máy (.kcenrol) do quản trị máy chủ tạo bằng khuyencong-server device enrol.\n"
    )
    code, _out, err = _run([*base, "enrol", str(answer)], capsys)
    assert code == 1 and err == (
        "Lỗi: Tệp tra-loi.kcsync là tệp trả lời của máy chủ, không phải tệp ghi danh máy: tệp này được nhập bằng"
        " “Nhập tệp trả lời…” (khuyencong sync import-bundle TỆP). " + enrolment_needed
    ), err
    code, _out, err = _run([*base, "enrol", str(garbage)], capsys)
    assert code == 1 and err == (
        "Lỗi: Tệp anh.kcenrol không phải tệp ghi danh máy, cũng không phải tệp đồng bộ nào của Khuyến công (hoặc"
        " tệp đã hỏng). " + enrolment_needed
    ), err
    code, _out, err = _run([*base, "import-bundle", str(enrolment)], capsys)
    assert code == 1 and err == (
        "Lỗi: Tệp ghi-danh.kcenrol là tệp ghi danh máy, không phải tệp trả lời của máy chủ: tệp này được nhập bằng"
        " “Ghi danh bằng tệp…” (khuyencong sync enrol TỆP). Ở đây cần tệp trả lời của máy chủ (.kcsync) quản trị"
        " máy chủ gửi lại sau khi nhận tệp gửi máy chủ của máy này.\n"
    ), err
    assert "tệp đồng bộ đúng loại" not in err


# --- 7. an unknown form is told first ---------------------------------------------------------------------------
def test_an_unknown_form_is_told_before_the_missing_arguments(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(["--db", str(db_path), "print", "xyz"], capsys)
    assert code == 2 and out == ""
    assert err == f"Lỗi: Không có mẫu “xyz”. Các mẫu: {', '.join(catalog.FORMS)}\n", err


# --- 8. Excel cells ------------------------------------------------------------------------------------------
def test_a_formula_without_a_computed_value_is_not_called_empty(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """openpyxl saves formulas without computing them, as some programs do: the cell holds no value."""
    xa = _centre(db_path)
    sheet = tmp_path / "cong-thuc.xlsx"
    book = Workbook()
    assert book.active is not None
    book.active.append(["Tên cơ sở", "Loại hình", "Xã/phường", "Mã số thuế"])
    book.active.append(["Cơ sở A", "Hộ kinh doanh", xa, '=TEXT(100109106,"0000000000")'])
    book.active.append(['=UPPER("cơ sở b")', "Hộ kinh doanh", xa, None])
    book.active.append(["=A2", "=B2", "=C2", "=D2"])  # a row of formulas only: read, not skipped as blank
    book.save(sheet)
    code, out, _err = _run(["--db", str(db_path), "import", "co-so", str(sheet), "--dry-run"], capsys)
    told = (
        "Ô có công thức nhưng chưa có giá trị tính sẵn (tệp được lưu bằng một chương trình không tính công thức):"
        " hãy mở tệp bằng Excel, lưu lại rồi nhập lại"
    )
    assert code == 1
    assert f"Lỗi — dòng 2, cột “Mã số thuế”: {told}\n" in out, out
    assert f"Lỗi — dòng 3, cột “Tên cơ sở”: {told}\n" in out, out
    assert f"Lỗi — dòng 4, cột “Tên cơ sở”: {told}\n" in out and f"Lỗi — dòng 4, cột “Xã/phường”: {told}\n" in out
    assert out.endswith("3 dòng: 0 nhập được, 3 có lỗi, 0 đã có (bỏ qua).\n"), out
    assert "Không được để trống" not in out


def _sheet_xml(*parts: bytes) -> list[bytes]:
    return [f'<worksheet xmlns="{MAIN}">'.encode(), *parts, b"</worksheet>"]


def test_a_broken_sheet_is_never_told_at_row_0(tmp_path: Path) -> None:
    long_text = "y" * 40_000
    before_rows = write_workbook(
        tmp_path / "truoc.xlsx",
        _sheet_xml(f"<sheetPr><x>{long_text}</x></sheetPr><sheetData>".encode(), text_row(1, HEADER), b"</sheetData>"),
    )
    row_zero = write_workbook(
        tmp_path / "dong-0.xlsx", _sheet_xml(b'<sheetData><row r="0"><c r="@@"><v>1</v></c></row></sheetData>')
    )
    told = {}
    for path in (before_rows, row_zero):
        with pytest.raises(limits.WorkbookRefused) as refused:
            limits.check(path, "", imports.IMPORT_LIMITS)
        told[path.name] = str(refused.value)
    assert told["truoc.xlsx"] == (
        "Trang tính “Danh sách” của tệp truoc.xlsx: một đoạn chữ ngoài các ô dài hơn 32.767 ký tự, giới hạn của Excel"
        " cho một ô: tệp không do Excel ghi hoặc đã bị sửa, không đọc tệp này. Hãy mở bằng Excel rồi lưu lại"
    )
    assert told["dong-0.xlsx"] == (
        "Trang tính “Danh sách” bị hỏng, không đọc được (số dòng “0”): hãy mở bằng Excel và lưu lại"
    )
    assert not [said for said in told.values() if "dòng 0" in said]


def test_a_long_number_is_echoed_as_excel_shows_it(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel keeps 15 digits of 12345678901234567890 and writes 1.23456789012346E+19; its cell shows
    12345678901234600000: the message quotes that, not the exponent nor the float's 12345678901234599936."""
    xa = _centre(db_path)
    rows = [
        f'<row r="{row}">'
        + "".join(f'<c r="{c}{row}" t="inlineStr"><is><t>{t}</t></is></c>' for c, t in zip("ABCD", line, strict=False))
        + ('<c r="D2"><v>1.23456789012346E+19</v></c>' if row == 2 else "")  # as Excel writes the number
        + "</row>"
        for row, line in ((1, (*HEADER, "Mã số thuế")), (2, ("Cơ sở A", "Hộ kinh doanh", xa)))
    ]
    sheet = write_workbook(
        tmp_path / "so-dai.xlsx", _sheet_xml(b"<sheetData>", *(r.encode() for r in rows), b"</sheetData>")
    )
    code, out, _err = _run(["--db", str(db_path), "import", "co-so", str(sheet), "--dry-run"], capsys)
    assert code == 1
    assert (
        "Lỗi — dòng 2, cột “Mã số thuế”: Mã số thuế “12345678901234600000” phải có 10 chữ số (hoặc 13 chữ số với chi"
        " nhánh)\n"
    ) in out, out
    assert "e+19" not in out.lower() and "12345678901234599936" not in out


# --- 9. a sync server address ------------------------------------------------------------------------------
class _NoNetwork:
    """Stands for the HTTP transport: an address refused in words never reaches the network."""

    def __init__(self, *_args: object, **_kwargs: object) -> None:
        raise AssertionError("không được kết nối tới một địa chỉ không hợp lệ")


def test_a_server_address_with_spaces_is_refused_and_outer_spaces_are_trimmed(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(account, "HttpTransport", _NoNetwork)
    code, _out, err = _run(["--db", str(db_path), "sync", "--server", "https://dong bo.vn", "--user", "lan"], capsys)
    assert code == 2 and err == (
        "Lỗi: Địa chỉ máy chủ “https://dong bo.vn” có dấu cách ở giữa: địa chỉ không được có dấu cách. Hãy nhập lại"
        " đúng địa chỉ quản trị máy chủ cho, ví dụ https://dongbo.khuyencong.vn\n"
    ), err
    code, _out, err = _run(["--db", str(db_path), "sync", "--server", "ftp://dongbo.vn"], capsys)
    assert code == 2 and err == (
        "Lỗi: Địa chỉ máy chủ “ftp://dongbo.vn” không đúng dạng: cần dạng http(s)://tên-máy-chủ[:cổng][/đường-dẫn]"
        " (không có dấu cách, tên đăng nhập hay dấu ?), ví dụ https://dongbo.khuyencong.vn\n"
    ), err
    # The screens connect through the core too: the same refusal, before any network, and nothing kept.
    database = Database(db_path)
    try:
        with pytest.raises(state.BadServer, match=re.escape("Địa chỉ máy chủ “https://dong bo.vn” có dấu cách ở giữa")):
            account.connect(database, state.server_address(" dong bo.vn "), "lan", lambda: "mat-khau")
        assert account.stored_server(database) == ""
    finally:
        database.close()
    assert state.checked_server(" https://dongbo.khuyencong.vn/ ") == "https://dongbo.khuyencong.vn"
    assert state.checked_server("dongbo.khuyencong.vn:8443") == "https://dongbo.khuyencong.vn:8443"
