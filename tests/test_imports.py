"""Excel in: the messy sheets centres keep, a dry run row by row, all or nothing, undo, sync, remembered
layouts, a round trip with the export, and hostile files refused clearly with nothing half-imported."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.demo import demo_data
from desktop.models import Facility, OutboxEntry, Trainee
from desktop.models.enums import Gender, LegalForm
from desktop.services import settings
from desktop.services.listing import ListQuery
from desktop.spreadsheets import exports, imports
from desktop.store import undo
from desktop.store.db import Database
from tests.conftest import commune, make_facility

TAX_CODE = "0100109106"  # a valid organisation tax code (check digit)


@pytest.fixture
def centre(database: Database) -> Database:
    with database.transaction() as session:
        settings.save(session, settings.CentreSettings("48", "Trung tâm Khuyến công Đà Nẵng", user_name="lan"))
    return database


def _communes(database: Database) -> list[tuple[str, str]]:
    """A xã and a phường of Đà Nẵng: (code, name)."""
    with database.session() as session:
        return [(c.code, c.name) for c in (commune(session, "48", "xa"), commune(session, "48", "phuong"))]


def _messy_facilities(path: Path, rows: list[list[Any]]) -> Path:
    """As centres keep them: two title lines, a blank line, a header whose "Người đại diện" is merged over
    two columns, then the rows, then a totals line."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "DS co so"
    sheet.append(["SỞ CÔNG THƯƠNG ĐÀ NẴNG"])
    sheet.append(["DANH SÁCH CƠ SỞ CNNT NĂM 2025"])
    sheet.append([])
    sheet.append(
        [
            "STT",
            "Tên cơ sở",
            "Loại hình",
            "MST",
            "Người đại diện",
            None,
            "Xã/phường",
            "Ngày thành lập",
            "Điện thoại",
            "Ngành nghề",
        ]
    )
    sheet.merge_cells("E4:F4")
    sheet.append([None, None, None, None, "Họ tên", "Giới tính", None, None, None, None])
    for n, row in enumerate(rows, start=1):
        sheet.append([n, *row])
    sheet.append(["Tổng cộng", len(rows)])
    book.save(path)
    return path


def _layout(session: Session, path: Path, what: str = "facilities") -> imports.SheetLayout:
    return imports.preview(session, path, what).layout


def test_a_messy_sheet_is_read_as_people_meant_it(centre: Database, tmp_path: Path) -> None:
    (xa_code, xa_name), (phuong_code, phuong_name) = _communes(centre)
    bare_xa = xa_name.removeprefix("Xã ")
    path = _messy_facilities(
        tmp_path / "co-so.xlsx",
        [
            [
                "CÔNG TY TNHH MÂY TRE HÒA VANG",
                "Doanh nghiệp",
                100109106,
                "NGUYỄN VĂN AN",
                "Nam",
                bare_xa.upper(),
                "05/03/2020",
                912345678,
                "Công nghiệp",
            ],
            [
                "Hộ kinh doanh gốm Lê Thị Bình",
                "HKD",
                None,
                "lê thị bình",
                "nữ",
                phuong_name,
                date(2019, 7, 1),
                "0905.123.456",
                "Công nghiệp và xây dựng",
            ],
        ],
    )
    with centre.session() as session:
        shown = imports.preview(session, path, "facilities")
        assert shown.sheet == "DS co so" and shown.header_row == 5  # the row under the merged title
        assert shown.headers[4:6] == ["Người đại diện Họ tên", "Người đại diện Giới tính"]
        layout = shown.layout
        assert {k: layout.columns[k] for k in ("name", "tax_code", "representative_name", "commune_code")} == {
            "name": 1,
            "tax_code": 3,
            "representative_name": 4,
            "commune_code": 6,
        }
        report = imports.dry_run(session, path, "facilities", layout, "48")
    assert [p.message for p in report.problems] == []
    first, second = (r.values for r in report.rows)  # the totals line is not a facility
    assert first["tax_code"] == TAX_CODE  # the leading zero Excel dropped is back
    assert first["phone"] == "0912345678" and second["phone"] == "0905123456"
    assert first["representative_name"] == "Nguyễn Văn An" and second["representative_name"] == "Lê Thị Bình"
    assert first["legal_form"] is LegalForm.DOANH_NGHIEP and second["legal_form"] is LegalForm.HO_KINH_DOANH
    assert first["representative_gender"] is Gender.NAM and second["representative_gender"] is Gender.NU
    assert first["commune_code"] == xa_code and second["commune_code"] == phuong_code
    assert first["established_on"] == date(2020, 3, 5) and second["established_on"] == date(2019, 7, 1)


def test_errors_name_the_row_and_column_and_nothing_is_written(centre: Database, tmp_path: Path) -> None:
    (_code, xa_name), _ = _communes(centre)
    path = _messy_facilities(
        tmp_path / "loi.xlsx",
        [
            ["Cơ sở A", "Hộ kinh doanh", "12345", "An", "Nam", xa_name, "31/02/2020", "0912345678", "Công nghiệp"],
            ["", "Hộ kinh doanh", None, "Bình", "Nữ", "Xã Hòa Khương", None, "12", "Công nghiệp"],
            ["Cơ sở C", "Hộ kinh doanh", None, "Cường", "Nam", xa_name, None, None, "Công nghiệp"],
        ],
    )
    with centre.session() as session:
        layout = _layout(session, path)
        report = imports.dry_run(session, path, "facilities", layout, "48")
        found = {(p.row, p.column): p.message for p in report.problems if p.error}
    assert "phải có 10 chữ số" in found[(6, "MST")]
    assert "không phải là ngày hợp lệ" in found[(6, "Ngày thành lập")]
    assert found[(7, "Tên cơ sở")] == "Không được để trống"
    assert "Không có xã/phường “Xã Hòa Khương”" in found[(7, "Xã/phường")]  # an old name, before 07/2025
    assert "Số điện thoại “12” không hợp lệ" in found[(7, "Điện thoại")]
    assert report.errors == 2 and len(report.importable) == 1
    with centre.transaction("lan", "Nhập") as session, pytest.raises(imports.ImportRefused, match="Còn 2 dòng có lỗi"):
        imports.commit(session, report, layout, "48")
    with centre.session() as session:
        assert session.scalar(select(func.count()).select_from(Facility)) == 0


def test_an_old_commune_is_mapped_to_its_new_one(centre: Database, tmp_path: Path) -> None:
    (xa_code, _name), _ = _communes(centre)
    path = _messy_facilities(
        tmp_path / "cu.xlsx", [["Cơ sở A", "HKD", None, "An", "Nam", "Xã Hòa Khương, huyện Hòa Vang", None, None, ""]]
    )
    with centre.session() as session:
        layout = _layout(session, path)
        layout.commune_names["Xã Hòa Khương, huyện Hòa Vang"] = xa_code
        report = imports.dry_run(session, path, "facilities", layout, "48")
    assert report.errors == 0 and report.rows[0].values["commune_code"] == xa_code


def test_the_import_is_one_operation_that_syncs_and_can_be_undone(centre: Database, tmp_path: Path) -> None:
    (_code, xa_name), _ = _communes(centre)
    rows = [[f"Cơ sở số {n}", "HKD", None, "An", "Nam", xa_name, None, None, "Công nghiệp"] for n in range(25)]
    path = _messy_facilities(tmp_path / "25.xlsx", rows)
    with centre.session() as session:
        layout = _layout(session, path)
        report = imports.dry_run(session, path, "facilities", layout, "48")
    with centre.transaction("lan", "Nhập Excel 25.xlsx") as session:
        assert imports.commit(session, report, layout, "48") == 25
    with centre.session() as session:
        assert session.scalar(select(func.count()).select_from(Facility)) == 25
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 25  # each row syncs
        done = undo.recent(session, "lan", 1)
        assert [o.label for o in done] == ["Nhập Excel 25.xlsx"]
    with centre.transaction("lan") as session:
        undo.undo(session, done[0].id)
    with centre.session() as session:
        assert session.scalar(select(func.count()).where(Facility.deleted_at.is_(None))) == 0


def test_a_failure_while_writing_leaves_nothing(
    centre: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (_code, xa_name), _ = _communes(centre)
    rows = [[f"Cơ sở số {n}", "HKD", None, "An", "Nam", xa_name, None, None, ""] for n in range(10)]
    path = _messy_facilities(tmp_path / "10.xlsx", rows)
    with centre.session() as session:
        layout = _layout(session, path)
        report = imports.dry_run(session, path, "facilities", layout, "48")
    report.importable[6].values["name"] = None  # as a disk or a bug would fail on the 7th row
    with pytest.raises(IntegrityError), centre.transaction("lan", "Nhập") as session:
        imports.commit(session, report, layout, "48")
    with centre.session() as session:
        assert session.scalar(select(func.count()).select_from(Facility)) == 0
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 0


def test_a_list_imported_twice_does_not_double(centre: Database, tmp_path: Path) -> None:
    (xa_code, xa_name), _ = _communes(centre)
    with centre.transaction("lan") as session:
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở đã có")
    path = _messy_facilities(
        tmp_path / "hai-lan.xlsx",
        [
            ["Cơ sở đã có", "HKD", None, "", "", xa_name, None, None, ""],
            ["Cơ sở mới", "Doanh nghiệp", TAX_CODE, "", "", xa_name, None, None, ""],
            ["Cơ sở mới chi nhánh", "Doanh nghiệp", TAX_CODE, "", "", xa_name, None, None, ""],
        ],
    )
    with centre.session() as session:
        report = imports.dry_run(session, path, "facilities", _layout(session, path), "48")
    messages = [(p.row, p.message, p.error) for p in report.problems]
    assert (6, "Đã có trong dữ liệu (tên và xã): “Cơ sở đã có” — bỏ qua", False) in messages
    assert (8, "Trùng mã số thuế với dòng 7 của tệp", True) in messages
    del xa_code


def test_the_layout_chosen_is_remembered_for_the_next_file_like_it(centre: Database, tmp_path: Path) -> None:
    (_code, xa_name), _ = _communes(centre)
    path = _messy_facilities(tmp_path / "a.xlsx", [["Cơ sở A", "HKD", None, "An", "Nam", xa_name, None, None, ""]])
    with centre.session() as session:
        layout = _layout(session, path)
        layout.columns["main_line"] = 9  # the user says "Ngành nghề" is the main line, not the sector
        del layout.columns["sector"]
        layout.defaults["sector"] = "thuong_mai_dich_vu"
        report = imports.dry_run(session, path, "facilities", layout, "48")
    with centre.transaction("lan", "Nhập") as session:
        imports.commit(session, report, layout, "48")
    again = _messy_facilities(tmp_path / "b.xlsx", [["Cơ sở B", "HKD", None, "Bình", "Nữ", xa_name, None, None, ""]])
    with centre.session() as session:
        remembered = _layout(session, again)
    assert remembered.columns["main_line"] == 9 and "sector" not in remembered.columns
    assert remembered.defaults["sector"] == "thuong_mai_dich_vu"


def test_trainees(centre: Database, tmp_path: Path) -> None:
    (_code, xa_name), _ = _communes(centre)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["TT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số CCCD", "Địa chỉ", "Xã"])
    sheet.append([1, "TRẦN THỊ MAI", "12/05/1990", "Nữ", "Kinh", 48190001234, "Thôn 1", xa_name])
    sheet.append([2, "Y Blin Niê", 1985, "nam", "Ê Đê", None, "Buôn Ea", xa_name])
    path = tmp_path / "hv.xlsx"
    book.save(path)
    with centre.session() as session:
        layout = _layout(session, path, "trainees")
        report = imports.dry_run(session, path, "trainees", layout, "48")
    assert [p.message for p in report.problems if p.error] == []
    mai, blin = (r.values for r in report.rows)
    assert mai["full_name"] == "Trần Thị Mai" and mai["cccd"] == "048190001234" and mai["gender"] is Gender.NU
    assert blin["birth_date"] == date(1985, 1, 1)
    assert any("Chỉ có năm" in p.message and not p.error for p in report.problems)
    with centre.transaction("lan", "Nhập học viên") as session:
        assert imports.commit(session, report, layout, "48") == 2
    with centre.session() as session:
        assert session.scalar(select(func.count()).select_from(Trainee)) == 2


def test_export_then_import_gives_the_same_records(template_db: Path, tmp_path: Path) -> None:
    source_path = tmp_path / "nguon.sqlite3"
    shutil.copyfile(template_db, source_path)
    demo_data.generate(source_path, "48", facilities=150, proposals=0, trainees=0, seed=7)
    source = Database(source_path)
    with source.session() as session:
        done = exports.export_list(session, "facility", ListQuery(), tmp_path / "co-so.xlsx")
    target_path = tmp_path / "dich.sqlite3"
    shutil.copyfile(template_db, target_path)
    target = Database(target_path)
    with target.transaction() as session:
        settings.save(session, settings.CentreSettings("48", "Trung tâm Khuyến công Đà Nẵng"))
    with target.session() as session:
        layout = _layout(session, done.path)
        report = imports.dry_run(session, done.path, "facilities", layout, "48")
    assert report.errors == 0
    with target.transaction("lan", "Nhập") as session:
        imports.commit(session, report, layout, "48")

    def records(database: Database) -> list[tuple[Any, ...]]:
        with database.session() as session:
            return sorted(
                (f.name, f.legal_form, f.tax_code or "", f.representative_name, f.commune_code, f.sector, f.phone)
                for f in session.scalars(select(Facility).where(Facility.deleted_at.is_(None)))
            )

    assert records(source) == records(target) and len(records(target)) == 150
    source.close()
    target.close()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "trong.xlsx", "trống"),
        ("Tên cơ sở;Xã\nA;B\n".encode(), "csv.xlsx", "không phải tệp Excel .xlsx"),
        (b"\xd0\xcf\x11\xe0 old", "cu.xls", r"Excel đời cũ \(\.xls\)"),
    ],
)
def test_files_that_are_not_workbooks_are_refused(
    centre: Database, tmp_path: Path, content: bytes, name: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with centre.session() as session, pytest.raises(imports.ImportRefused, match=message):
        imports.preview(session, path, "facilities")


def test_values_are_checked_as_a_person_would(centre: Database, tmp_path: Path) -> None:
    """A founding date that has not come yet, a name that is a number or an Excel yes/no cell: refused with the
    row and the column (the day itself is accepted: today is not the future)."""
    (_code, xa_name), _ = _communes(centre)
    today = date.today().strftime("%d/%m/%Y")
    path = _messy_facilities(
        tmp_path / "gia-tri.xlsx",
        [
            ["Cơ sở A", "Hộ kinh doanh", None, "An", "Nam", xa_name, "01/01/2999", None, "Công nghiệp"],
            ["123456", "Hộ kinh doanh", None, "Bình", "Nữ", xa_name, None, None, "Công nghiệp"],
            [True, "Hộ kinh doanh", None, "Cường", "Nam", xa_name, None, None, "Công nghiệp"],
            ["Cơ sở D", "Hộ kinh doanh", None, "Dũng", "Nam", xa_name, today, None, "Công nghiệp"],
        ],
    )
    with centre.session() as session:
        report = imports.dry_run(session, path, "facilities", _layout(session, path), "48")
        found = {(p.row, p.column): p.message for p in report.problems if p.error}
    assert "Ngày 01/01/2999 chưa đến" in found[(6, "Ngày thành lập")]
    assert "“123456” không phải là tên" in found[(7, "Tên cơ sở")]
    assert "“True” không phải là tên" in found[(8, "Tên cơ sở")]
    assert report.errors == 3 and len(report.importable) == 1


def _rewritten(tmp_path: Path, name: str, change: Callable[[str, bytes], bytes]) -> Path:
    """A real workbook (a header and a row) whose parts ``change`` rewrites, as a damaged or forged file has them."""
    plain = tmp_path / "plain.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Tên cơ sở", "Xã"])
    sheet.append(["A", "B"])
    book.save(plain)
    target = tmp_path / name
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            out.writestr(item, change(item.filename, source.read(item.filename)))
    return target


ENTITIES = (
    '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
)


def test_a_damaged_or_forged_workbook_is_refused_in_vietnamese(centre: Database, tmp_path: Path) -> None:
    """A sheet cut short (a copy interrupted), an entity-expansion bomb: a clear refusal, never a traceback,
    nothing imported (the XML is read through defusedxml, which openpyxl uses when it is installed)."""
    sheet = "xl/worksheets/sheet1.xml"
    cut = _rewritten(tmp_path, "cut.xlsx", lambda name, data: data[: len(data) // 2] if name == sheet else data)
    bomb = _rewritten(
        tmp_path,
        "bomb.xlsx",
        lambda name, data: data.replace(b"<worksheet", ENTITIES.encode() + b"<worksheet", 1) if name == sheet else data,
    )
    with centre.session() as session:
        with pytest.raises(imports.ImportRefused, match=r"bị hỏng, không đọc được.*lưu lại"):
            imports.preview(session, cut, "facilities")
        with pytest.raises(imports.ImportRefused, match="không an toàn"):
            imports.preview(session, bomb, "facilities")


def _mangled(text: str) -> str:
    """``text`` as a program that read its UTF-8 bytes as Windows-1252 shows it."""
    out = ""
    for byte in text.encode():
        try:
            out += bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            out += chr(byte)
    return out


def test_hostile_cells(centre: Database, tmp_path: Path) -> None:
    (_code, xa_name), _ = _communes(centre)
    path = _messy_facilities(
        tmp_path / "doc-hai.xlsx",
        [
            ["x" * 40_000, "HKD", None, "", "", xa_name, None, None, ""],  # a huge cell
            ['=A1&""', "HKD", None, "", "", xa_name, None, None, ""],  # a formula never computed
            ["NguyÔn V¨n An", "HKD", None, "", "", xa_name, None, None, ""],  # TCVN3 text
            [_mangled("Hợp tác xã Đồng Xanh"), "HKD", None, "", "", xa_name, None, None, ""],  # read as cp1252
        ],
    )
    with centre.session() as session:
        report = imports.dry_run(session, path, "facilities", _layout(session, path), "48")
    by_row = {p.row: p.message for p in report.problems if p.error and p.column == "Tên cơ sở"}
    assert by_row[6] == "Dài quá 300 ký tự"
    assert by_row[7] == imports.UNCOMPUTED  # not "Không được để trống": the cell holds a formula never computed
    assert "bảng mã cũ (TCVN3 hoặc VNI)" in by_row[8]
    assert 9 not in by_row and report.rows[3].values["name"] == "Hợp tác xã Đồng Xanh"  # repaired
    past = r"^Dòng tiêu đề 40 vượt quá số dòng của trang tính “DS co so” \(có 10 dòng\)$"
    with centre.session() as session, pytest.raises(imports.ImportRefused, match=past):
        imports.preview(session, path, "facilities", header_row=40)
    empty = Workbook()
    empty.save(tmp_path / "rong.xlsx")
    with centre.session() as session, pytest.raises(imports.ImportRefused, match="không có dữ liệu"):
        imports.preview(session, tmp_path / "rong.xlsx", "facilities")


@pytest.mark.slow
def test_a_hundred_thousand_rows_are_read_streamed(centre: Database, tmp_path: Path) -> None:
    (_code, xa_name), _ = _communes(centre)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Rất dài")
    sheet.append(["Tên cơ sở", "Loại hình", "Xã"])
    for n in range(100_000):
        sheet.append([f"Cơ sở {n}", "Hộ kinh doanh", xa_name if n != 99_999 else "Không có xã này"])
    path = tmp_path / "100k.xlsx"
    book.save(path)
    with centre.session() as session:
        report = imports.dry_run(session, path, "facilities", _layout(session, path), "48")
    assert len(report.rows) == 100_000 and report.errors == 1
    assert report.problems[-1].row == 100_001 and report.problems[-1].column == "Xã"


def test_the_import_command(centre: Database, tmp_path: Path) -> None:
    (_code, xa_name), _ = _communes(centre)
    good = _messy_facilities(tmp_path / "tot.xlsx", [["Cơ sở A", "HKD", None, "An", "Nam", xa_name, None, None, ""]])
    bad = _messy_facilities(tmp_path / "loi.xlsx", [["", "HKD", None, "An", "Nam", xa_name, None, None, ""]])
    base = [sys.executable, "-m", "desktop", "--db", str(centre.path), "import", "co-so"]
    checked = subprocess.run([*base, str(good), "--dry-run"], capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0 and "1 dòng: 1 nhập được, 0 có lỗi" in checked.stdout
    refused = subprocess.run([*base, str(bad)], capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1
    assert "Lỗi — dòng 6, cột “Tên cơ sở”: Không được để trống" in refused.stdout
    assert "Chưa nhập dòng nào" in refused.stderr
    done = subprocess.run([*base, str(good)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Đã nhập 1 bản ghi" in done.stdout
    from desktop.store import backups

    assert [b.reason for b in backups.listed(centre.path)] == [backups.BEFORE_IMPORT]  # copied first
    with centre.session() as session:
        assert session.scalar(select(func.count()).select_from(Facility)) == 1
    missing = subprocess.run([*base, str(tmp_path / "khong-co.xlsx")], capture_output=True, text=True, timeout=120)
    assert missing.returncode == 1 and "Không tìm thấy tệp" in missing.stderr


def test_a_refused_file_is_explained_to_the_user_not_logged_as_a_bug(centre: Database, tmp_path: Path) -> None:
    from desktop.core.errors import ErrorKind, explain

    path = tmp_path / "trong.xlsx"
    path.write_bytes(b"")
    with centre.session() as session, pytest.raises(imports.ImportRefused) as refused:
        imports.preview(session, path, "facilities")
    assert explain(refused.value).kind is ErrorKind.RULE and explain(refused.value).message == "Tệp trong.xlsx trống"
