"""The command line as the README writes it, tried by a tester with nothing else: a commune mapping of another
province or none, a filter value that is no year or no commune, a misspelt --default, a proposal's code for its
acceptance, an empty backup list, a relative --db, and the sync server's help — each word for word."""

from __future__ import annotations

import argparse
import gettext
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from openpyxl import Workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop import cli
from desktop.models import Acceptance, Proposal, Trainee
from desktop.services import settings
from desktop.store.db import Database, read_only
from sync.server import cli as server_cli


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    told = capsys.readouterr()
    return code, told.out, told.err


def _in_dak_lak(path: Path) -> Path:
    """The centre set up in Đắk Lắk (province 66)."""
    database = Database(path)
    with database.transaction() as session:
        settings.save(session, settings.CentreSettings("66", "Trung tâm Khuyến công Đắk Lắk", user_name="lan"))
    database.close()
    return path


def _trainees(path: Path) -> Path:
    """Two trainees of an old commune (before 07/2025), to be mapped to a new one."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Xã/phường"])
    sheet.append(["Nguyễn Văn An", "01/02/1990", "Nam", "066090000123", "Xã Ea Tiêu"])
    sheet.append(["Trần Thị Bình", "03/04/1992", "Nữ", "066192000456", "Xã Ea Tiêu"])
    book.save(path)
    return path


def _count(path: Path) -> int:
    database = Database(path)
    try:
        with database.session() as session:
            return int(session.scalar(select(func.count()).select_from(Trainee)) or 0)
    finally:
        database.close()


# --- 1. --commune NAME=CODE is checked against the centre's province before anything is read --------------------
def test_a_commune_mapping_to_another_province_or_to_no_commune_is_refused_naming_it(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _in_dak_lak(db_path)
    sheet = _trainees(tmp_path / "hoc-vien.xlsx")
    command = ["--db", str(db_path), "import", "hoc-vien", str(sheet)]

    code, out, err = _run([*command, "--dry-run", "--commune", "Xã Ea Tiêu=20314"], capsys)
    assert (code, out) == (1, "")
    assert err == (
        "Lỗi: Xã/phường “Xã Ea Tiêu=20314”: mã 20314 là Phường Hòa Xuân của Thành phố Đà Nẵng, không thuộc"
        " Tỉnh Đắk Lắk của Trung tâm\n"
    )
    for dry in (["--dry-run"], []):  # the dry run refuses what the import would refuse
        code, out, err = _run([*command, *dry, "--commune", "Xã Ea Tiêu=99999"], capsys)
        assert (code, out) == (1, "")
        assert err == "Lỗi: Xã/phường “Xã Ea Tiêu=99999”: không có xã/phường mã “99999” trong danh mục từ 01/07/2025\n"
    assert _count(db_path) == 0

    code, out, err = _run([*command, "--commune", "Xã Ea Tiêu=24484"], capsys)  # Xã Yang Mao, Đắk Lắk
    assert (code, err) == (0, "")
    assert "2 dòng: 2 nhập được, 0 có lỗi, 0 đã có (bỏ qua)." in out
    assert _count(db_path) == 2


# --- 2. a filter's value is checked: a year, an existing commune ---------------------------------------------
@pytest.mark.parametrize(
    ("what", "typed", "said"),
    [
        ("de-an", "year=abcd", "Lỗi: bộ lọc “year=abcd”: cần một năm gồm 4 chữ số, ví dụ year=2026\n"),
        (
            "co-so",
            "commune=99999",
            "Lỗi: bộ lọc “commune=99999”: không có xã/phường mã “99999” trong danh mục từ 01/07/2025\n",
        ),
        (
            "hoc-vien",
            "commune=abc",
            "Lỗi: bộ lọc “commune=abc”: không có xã/phường mã “abc” trong danh mục từ 01/07/2025\n",
        ),
    ],
)
def test_a_filter_value_that_is_no_year_or_no_commune_is_refused_naming_it(
    what: str, typed: str, said: str, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ds.xlsx"
    code, printed, err = _run(["--db", str(db_path), "export", what, "--filter", typed, "--out", str(out)], capsys)
    assert (code, printed, err) == (2, "", said)
    assert not out.exists()


# --- 3. --default takes the fields --column takes ------------------------------------------------------------
def test_an_unknown_field_in_default_is_refused_as_in_column(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _in_dak_lak(db_path)
    sheet = _trainees(tmp_path / "hoc-vien.xlsx")
    code, out, err = _run(["--db", str(db_path), "import", "hoc-vien", str(sheet), "--default", "foo=bar"], capsys)
    assert (code, out) == (1, "")
    assert err == (
        "Lỗi: Không có trường “foo”; các trường: full_name (Họ và tên), birth_date (Ngày sinh), gender (Giới tính),"
        " ethnicity (Dân tộc), cccd (Số CCCD), commune_code (Xã/phường), address (Địa chỉ), priority_group (Đối"
        " tượng), phone (Điện thoại)\n"
    )
    assert _count(db_path) == 0


# --- 4. --id takes a proposal's code for the proposal's acceptance ------------------------------------------
def test_an_acceptance_is_printed_by_its_proposals_code_and_a_proposal_without_one_says_so(
    dak_lak: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.sqlite3"
    with closing(read_only(dak_lak.path)) as source, closing(sqlite3.connect(path)) as copy:
        source.backup(copy)
    database = Database(path)
    with database.session() as session:
        accepted = select(Acceptance.proposal_id).where(Acceptance.deleted_at.is_(None))
        latest = session.scalars(
            select(Acceptance)
            .where(Acceptance.deleted_at.is_(None))
            .order_by(Acceptance.accepted_on.desc(), Acceptance.created_at.desc())
        ).first()
        assert latest is not None
        code, acceptance = latest.proposal.code, str(latest.id)
        others = select(Proposal.code).where(Proposal.id.not_in(accepted), Proposal.deleted_at.is_(None))
        bare = session.scalars(others.order_by(Proposal.code)).first()
    database.close()
    assert bare is not None

    by_code, by_id = tmp_path / "theo-ma.pdf", tmp_path / "theo-id.pdf"
    command = ["--db", str(path), "print", "nghiem-thu"]
    told = _run([*command, "--id", code, "--out", str(by_code)], capsys)
    assert told[0] == 0 and told[1].startswith(f"Đã ghi {by_code} (") and told[2] == ""
    assert _run([*command, "--id", acceptance, "--out", str(by_id)], capsys)[0] == 0
    pages = [[p.extract_text() for p in PdfReader(f).pages] for f in (by_code, by_id)]
    assert pages[0] == pages[1]  # the proposal's latest acceptance

    missing = tmp_path / "khong.pdf"
    assert _run([*command, "--id", bare, "--out", str(missing)], capsys) == (
        1,
        "",
        f"Lỗi: Đề án {bare} chưa có biên bản nghiệm thu\n",
    )
    assert not missing.exists()


# --- 6., 7. an empty backup list says so, naming the folder in full even for a relative --db ---------------------
def test_an_empty_backup_list_says_where_it_looked_in_full(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["--db", str(db_path), "backup", "--list"], capsys) == (
        0,
        f"Chưa có bản sao lưu nào trong {db_path.parent / 'backups'}\n",
        "",
    )
    monkeypatch.chdir(db_path.parent)
    assert _run(["--db", db_path.name, "backup", "--list"], capsys) == (
        0,
        f"Chưa có bản sao lưu nào trong {db_path.parent.absolute() / 'backups'}\n",
        "",
    )


# --- 8. the sync server's help is in Vietnamese, argparse's own words too ---------------------------------------
def test_the_sync_servers_help_says_argparses_own_words_in_vietnamese(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As in a process of its own: the desktop command (run by other tests here) must not have translated them.
    monkeypatch.setattr(argparse, "_", gettext.gettext)
    with pytest.raises(SystemExit) as ended:
        server_cli.main(["--help"])
    assert ended.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("cách dùng: khuyencong-server [-h] [--database-url URL] [--data THƯ_MỤC]")
    assert "\ntùy chọn:\n  -h, --help          in hướng dẫn này rồi thoát\n" in shown
    assert "\ntham số:\n  LỆNH\n" in shown
    for english in ("usage:", "options:", "positional arguments", "show this help message and exit"):
        assert english not in shown
