"""The ``khuyencong`` command: the desktop app, and sub-commands for scripting and scheduled jobs."""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import __version__, argparse_vi
from desktop.pages import PAGES
from desktop.paths import default_db_path

if TYPE_CHECKING:
    from sync.protocol import SyncReport


def _parser() -> argparse.ArgumentParser:
    argparse_vi.install()
    parser = argparse.ArgumentParser(
        prog="khuyencong",
        description="Khuyến công Desktop: quản lý cơ sở CNNT, đề án khuyến công, đào tạo và bình chọn.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="in phiên bản phần mềm rồi thoát"
    )
    parser.add_argument("--db", type=Path, default=None, help=f"tệp dữ liệu SQLite (mặc định: {default_db_path()})")
    parser.add_argument("--screenshot", type=Path, metavar="TỆP.png", help="chụp cửa sổ chính vào tệp PNG rồi thoát")
    parser.add_argument(
        "--page", choices=PAGES, default=None, help="trang mở ra: " + ", ".join(PAGES) + " (mặc định: trang lần trước)"
    )
    commands = parser.add_subparsers(dest="command", metavar="LỆNH")
    # --db is taken after the command too ("khuyencong demo-data --db F"), as people write it; given before
    # the command it is not overwritten (SUPPRESS: no default of its own).
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="tệp dữ liệu SQLite")

    db = commands.add_parser("db", parents=[shared], help="khởi tạo, nâng cấp, kiểm tra tệp dữ liệu")
    db_commands = db.add_subparsers(dest="db_command", metavar="VIỆC", required=True)
    db_commands.add_parser(
        "upgrade", parents=[shared], help="tạo mới hoặc nâng cấp cấu trúc dữ liệu (sao lưu tệp trước)"
    )
    db_commands.add_parser("check", parents=[shared], help="kiểm tra tính toàn vẹn và phiên bản cấu trúc dữ liệu")
    db_commands.add_parser("reindex", parents=[shared], help="dựng lại chỉ mục tìm kiếm")

    demo = commands.add_parser(
        "demo-data", parents=[shared], help="tạo dữ liệu mẫu cho một tỉnh (để thử, đo hiệu năng, chụp màn hình)"
    )
    demo.add_argument("--province", required=True, help="mã tỉnh/thành phố 2 chữ số theo danh mục 07/2025, ví dụ 66")
    demo.add_argument("--facilities", type=int, default=1000, help="số cơ sở CNNT (mặc định 1000)")
    demo.add_argument("--proposals", type=int, default=200, help="số đề án (mặc định 200)")
    demo.add_argument("--trainees", type=int, default=500, help="số học viên (mặc định 500)")
    demo.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên: cùng hạt giống cho cùng dữ liệu")
    sync = commands.add_parser(
        "sync",
        parents=[shared],
        help="đồng bộ một lần với máy chủ (dùng được trong Task Scheduler); không có mạng: export-bundle / "
        "import-bundle TỆP",
        description="Đồng bộ một lần với máy chủ, hoặc qua tệp khi không có mạng.",
        epilog="mã thoát:\n"
        "  0  đồng bộ xong\n"
        "  1  lỗi (lý do được in ra): tệp không đọc được, hoặc tệp đồng bộ không dùng được (chữ ký, máy)\n"
        "  2  thiếu hoặc sai thông tin (địa chỉ máy chủ, tên tệp)\n"
        "  3  chưa đồng bộ được (mạng, đăng nhập, máy chủ): các thay đổi vẫn chờ gửi, không mất\n"
        "  4  máy chủ từ chối một số thay đổi: bản ghi trở lại như trên máy chủ, những gì đã nhập được giữ\n"
        "     trong mục Đồng bộ → Bị từ chối để làm lại hoặc bỏ\n"
        "  5  chưa gửi được vì cần người có quyền cao hơn (ví dụ Giám đốc Trung tâm) đăng nhập đồng bộ trên máy\n"
        "     này; dữ liệu từ máy chủ vẫn được nhận",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sync.add_argument(
        "action",
        nargs="?",
        choices=["export-bundle", "import-bundle", "enrol"],
        help="không có: đồng bộ qua mạng; export-bundle / import-bundle: đồng bộ qua tệp; enrol: nhập tệp ghi danh"
        " do quản trị máy chủ tạo (máy không bao giờ lên mạng)",
    )
    sync.add_argument(
        "file", nargs="?", type=Path, help="tệp đồng bộ (.kcsync), hoặc tệp ghi danh máy (.kcenrol) với enrol"
    )
    sync.add_argument("--server", default=None, help="địa chỉ máy chủ, ví dụ https://dongbo.khuyencong.vn")
    sync.add_argument(
        "--user", default=None, help="tên đăng nhập (lần đầu; mật khẩu lấy từ biến KHUYENCONG_PASSWORD hoặc hỏi)"
    )
    printing = commands.add_parser(
        "print", parents=[shared], help="in một mẫu biểu ra tệp PDF (xem các mẫu: print --list)"
    )
    printing.add_argument("form", nargs="?", metavar="MẪU", help="tên mẫu, ví dụ nghiem-thu, chung-chi, bao-cao")
    printing.add_argument(
        "--id",
        dest="ids",
        action="append",
        default=[],
        metavar="MÃ",
        help="bản ghi cần in (mã đề án, mã lớp hoặc id; nghiệm thu, kiểm tra, tiến độ: mã đề án là lần gần nhất"
        " của đề án; kỳ báo cáo như 2026-Q3); nhiều --id: in gộp một tệp",
    )
    printing.add_argument("--out", type=Path, metavar="TỆP.pdf", help="tệp PDF ghi ra")
    printing.add_argument("--list", action="store_true", help="liệt kê các mẫu in được")
    export = commands.add_parser("export", parents=[shared], help="xuất danh sách hoặc báo cáo ra tệp Excel")
    export.add_argument("what", choices=EXPORTS, metavar="GÌ", help="một trong: " + ", ".join(EXPORTS))
    export.add_argument("--out", type=Path, required=True, metavar="TỆP.xlsx", help="tệp Excel ghi ra")
    export.add_argument("--search", default="", help="chỉ các bản ghi tìm thấy (như ô tìm kiếm, không dấu được)")
    export.add_argument(
        "--filter",
        dest="filters",
        action="append",
        default=[],
        metavar="KHÓA=GIÁ_TRỊ",
        help="lọc như trên màn hình, ví dụ status=da_phe_duyet, year=2026, commune=22258",
    )
    export.add_argument("--year", type=int, default=None, help="năm (dự toán: năm kế hoạch; học viên: năm khai giảng)")
    export.add_argument("--period", default="", help="kỳ báo cáo: 2026, 2026-Q3 hoặc 2026-09")
    export.add_argument("--course", default=None, help="mã lớp (học viên của một lớp)")
    importing = commands.add_parser(
        "import", parents=[shared], help="nhập cơ sở CNNT hoặc học viên từ tệp Excel (kiểm tra trước)"
    )
    importing.add_argument(
        "what", choices=tuple(IMPORTS), metavar="GÌ", help="co-so: cơ sở CNNT; hoc-vien: học viên (như lệnh export)"
    )
    importing.add_argument("file", type=Path, metavar="TỆP.xlsx")
    importing.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, báo lỗi từng dòng, không ghi gì")
    importing.add_argument("--sheet", default="", help="tên trang tính (mặc định: trang đầu)")
    importing.add_argument("--header-row", type=int, default=0, help="dòng tiêu đề (mặc định: tự tìm)")
    importing.add_argument(
        "--column",
        dest="columns",
        action="append",
        default=[],
        metavar="TRƯỜNG=CỘT",
        help="chỉ định cột cho một trường, ví dụ tax_code=C hoặc name=2 (cột thứ 2)",
    )
    importing.add_argument(
        "--default",
        dest="defaults",
        action="append",
        default=[],
        metavar="TRƯỜNG=GIÁ_TRỊ",
        help="giá trị cho trường bắt buộc tệp không có, ví dụ legal_form=ho_kinh_doanh",
    )
    importing.add_argument(
        "--commune",
        dest="communes",
        action="append",
        default=[],
        metavar="TÊN_CŨ=MÃ_MỚI",
        help='xã/phường cũ (trước 07/2025) ứng với mã xã/phường mới, ví dụ "Tên xã cũ=20320"',
    )
    backup = commands.add_parser(
        "backup", parents=[shared], help="sao lưu tệp dữ liệu ngay (vào thư mục backups cạnh tệp)"
    )
    backup.add_argument("--list", action="store_true", help="liệt kê các bản sao lưu")
    restore = commands.add_parser(
        "restore", parents=[shared], help="khôi phục từ một bản sao lưu (kiểm tra trước, giữ bản hiện tại)"
    )
    restore.add_argument("file", type=Path, metavar="TỆP.sqlite3")
    restore.add_argument("--yes", action="store_true", help="không hỏi lại (dùng trong kịch bản)")
    restore.add_argument(
        "--other-installation",
        action="store_true",
        help="khôi phục cả bản sao lưu của tỉnh khác hoặc của máy khác (chuyển dữ liệu sang máy mới)",
    )
    commands.add_parser(
        "diagnostics", parents=[shared], help="in thông tin hỗ trợ: phiên bản, đường dẫn, đồng bộ (không có mật khẩu)"
    )
    update = commands.add_parser(
        "update", parents=[shared], help="tìm và cài bản cập nhật phần mềm đã ký, từ máy chủ đồng bộ hoặc từ tệp (USB)"
    )
    update.add_argument("--file", type=Path, default=None, metavar="TỆP.kcupdate", help="gói cập nhật chép từ USB")
    update.add_argument("--server", default=None, help="mặc định: máy chủ đồng bộ đã đăng nhập")
    update.add_argument("--yes", action="store_true", help="cài ngay nếu có bản mới (không hỏi lại)")
    argparse_vi.name_values(parser, _VALUE_NAMES)
    return parser


IMPORTS = {"co-so": "facilities", "hoc-vien": "trainees", "facilities": "facilities", "trainees": "trainees"}

# What each option's value is called in the help ("--year NĂM"), where argparse would write its English name.
_VALUE_NAMES = {
    "db": "TỆP",
    "page": "TRANG",
    "province": "MÃ_TỈNH",
    "facilities": "SỐ",
    "proposals": "SỐ",
    "trainees": "SỐ",
    "seed": "SỐ",
    "action": "VIỆC",
    "file": "TỆP",
    "server": "ĐỊA_CHỈ",
    "user": "TÊN",
    "search": "CHỮ",
    "year": "NĂM",
    "period": "KỲ",
    "course": "MÃ_LỚP",
    "sheet": "TRANG_TÍNH",
    "header_row": "DÒNG",
}


def _update(path: Path, args: argparse.Namespace) -> int:
    from desktop.core.money import format_size
    from desktop.support import installation, updates

    server = args.server
    if args.file is None and not server and path.is_file():
        from desktop.store.db import Database
        from sync.account import stored_server

        database = Database(path)
        try:
            server = stored_server(database)
        finally:
            database.close()
    if args.file is None and not server:
        print("Lỗi: chưa đặt máy chủ đồng bộ: dùng --server ĐỊA_CHỈ hoặc --file TỆP.kcupdate", file=sys.stderr)
        return 2
    source = updates.Source(path.parent, server=server, package=args.file, program_dir=installation.installed_folder())
    if source.available is None:
        print(f"Phần mềm đã là phiên bản mới nhất ({source.current}).")
        return 0
    size = format_size(source.available.size)
    print(f"Có phiên bản {source.available.version} (đang dùng {source.current}), tải {size} từ {source.label}.")
    if not args.yes:
        print("Thêm --yes để cài.")
        return 0
    installed = source.install(path)
    if installed.backup is not None:
        print(f"Đã sao lưu dữ liệu vào {installed.backup}")
    if installed.restart:
        print(f"Phiên bản {installed.version} sẽ được chép vào khi chương trình này kết thúc.")
    else:
        print(f"Đã cài phiên bản {installed.version}: mở lại phần mềm để dùng.")
    return 0


def _diagnostics(path: Path) -> int:
    from desktop.support import diagnostics

    # A damaged file is when support needs the report most: what can be read is printed, then what is damaged.
    text, damage = diagnostics.for_file(path, path.parent / "logs" / "khuyencong.log")
    print(text, flush=True)
    if damage:
        print(f"Lỗi: {damage}", file=sys.stderr)
        return 1
    return 0


def _backup(path: Path, args: argparse.Namespace) -> int:
    from desktop.core.money import format_size
    from desktop.store import backups

    if args.list:
        kept = backups.listed(path)
        if not kept:  # silence would read as a failure to list
            print(f"Chưa có bản sao lưu nào trong {backups.folder(path)}")
        for found in kept:
            print(f"{found.made_at:%d/%m/%Y %H:%M}  {format_size(found.size):>10}  {found.label:40}  {found.path}")
        return 0
    made = backups.make(path, backups.MANUAL)
    print(f"Đã sao lưu vào {made.path}")
    return 0


def _restore(path: Path, args: argparse.Namespace) -> int:
    from desktop.core.money import format_money
    from desktop.store import restoring

    if not args.file.is_file() or args.file.stat().st_size == 0:
        print(f"Lỗi: tệp {args.file} không có hoặc trống", file=sys.stderr)
        return 1
    later = _changes_after(path, restoring.made_at(path, args.file))
    if later:  # what the user would look for after the restore, and where it will be
        print(
            f"Chú ý: {format_money(later)} thay đổi được lưu sau lúc bản sao lưu được tạo"
            f" ({restoring.made_at(path, args.file):%d/%m/%Y %H:%M}) sẽ không còn trong dữ liệu đang dùng; chúng chỉ"
            " còn trong bản sao của dữ liệu hiện tại được giữ lại khi khôi phục.",
            flush=True,
        )
    if not args.yes:
        if not sys.stdin.isatty():
            print("Lỗi: khôi phục thay toàn bộ dữ liệu hiện tại; thêm --yes để xác nhận", file=sys.stderr)
            return 2
        if input("Dữ liệu hiện tại sẽ được thay bằng bản sao lưu (bản hiện tại vẫn được giữ lại). Gõ “có”: ") != "có":
            print("Đã hủy, dữ liệu không thay đổi.")
            return 1
    print(f"Đang kiểm tra và chuẩn bị bản sao lưu {args.file.name} (dữ liệu hiện tại chưa bị thay)…", flush=True)
    try:
        restored = restoring.restore(args.file, path, other_installation=args.other_installation)
    except restoring.Foreign as foreign:
        print(f"Lỗi: {foreign} Nếu đúng là muốn vậy, chạy lại lệnh với --other-installation.", file=sys.stderr)
        return 1
    print(
        f"Đã khôi phục từ {args.file.name} (cấu trúc {restored.revision}"
        + (", đã nâng cấp lên cấu trúc hiện tại)." if restored.upgraded else ").")
    )
    if restored.aside is not None:
        print(f"Dữ liệu trước khi khôi phục được giữ ở {restored.aside}")
    return 0


def _changes_after(path: Path, when: Any) -> int:
    """Changes in the database at ``path`` saved after ``when``; 0 when it cannot be read (a damaged file, the
    very thing a restore replaces)."""
    import sqlite3

    from sqlalchemy import exc

    from desktop.store import restoring
    from desktop.store.db import Database

    if not path.is_file() or path.stat().st_size == 0:
        return 0
    try:
        database = Database(path, reading=True)
        try:
            with database.session() as session:
                return restoring.changes_after(session, when)
        finally:
            database.close()
    except (exc.SQLAlchemyError, sqlite3.Error, OSError, LookupError, ValueError):
        return 0  # a damaged or older file: nothing that can be counted to warn of


def _pairs(items: Sequence[str], what: str) -> dict[str, str]:
    found = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"{what} “{item}” phải có dạng A=B")
        found[key.strip()] = value.strip()
    return found


def _import(path: Path, args: argparse.Namespace) -> int:
    from desktop.core.money import format_money
    from desktop.services import settings
    from desktop.spreadsheets import imports
    from desktop.store.storage import open_database

    args.what = IMPORTS[args.what]
    if args.dry_run:  # writes nothing: works on a read-only folder or a file the app holds, as an export does
        _sound(path)
    database = open_database(path, reading=args.dry_run)
    try:
        with database.session() as session:
            centre = settings.load(session)
            communes = imports.checked_communes(session, centre.province_code, _pairs(args.communes, "Xã/phường"))
            shown = imports.preview(session, args.file, args.what, args.sheet, args.header_row)
            layout = shown.layout
            imports.choose_columns(args.what, layout, shown.headers, _pairs(args.columns, "Cột"))
            imports.choose_defaults(args.what, layout, _pairs(args.defaults, "Giá trị mặc định"))
            layout.commune_names.update(communes)
            report = imports.dry_run(session, args.file, args.what, layout, centre.province_code)
        print(f"Trang “{layout.sheet}”, dòng tiêu đề {layout.header_row}; các cột:")
        for key, label in imports.field_choices(args.what):
            if key in layout.columns:
                print(f"  {label}: cột {layout.columns[key] + 1} “{shown.headers[layout.columns[key]]}”")
            elif key in layout.defaults:
                print(f"  {label}: không có cột, dùng “{layout.defaults[key]}”")
        for line in report.lines():
            print(line)
        print(
            f"{format_money(len(report.rows))} dòng: {format_money(len(report.importable))} nhập được, "
            f"{format_money(report.errors)} có lỗi, {format_money(report.duplicates)} đã có (bỏ qua)."
        )
        if report.errors:
            print("Chưa nhập dòng nào: sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
            return 1
        if args.dry_run:
            return 0
        label = f"Nhập Excel {args.file.name}: {len(report.importable)} bản ghi"
        from desktop.store import backups

        backups.make(path, backups.BEFORE_IMPORT)
        with database.transaction(centre.user_name or "nhap-excel", label) as session:
            written = imports.commit(session, report, layout, centre.province_code)
        print(f"Đã nhập {format_money(written)} bản ghi (hoàn tác được: Ctrl+Z trong phần mềm).")
        return 0
    except imports.ImportRefused as refused:
        print(f"Lỗi: {refused}", file=sys.stderr)
        return 1
    finally:
        database.close()


EXPORTS = ("co-so", "de-an", "lop", "hoc-vien", "binh-chon", "du-toan", "hoc-vien-theo-lop", "bao-cao")
_LIST_EXPORTS = {
    "co-so": "facility",
    "de-an": "proposal",
    "lop": "training_course",
    "hoc-vien": "trainee",
    "binh-chon": "voting_round",
}


def _not_an_output(db_path: Path, out: Path, suffix: str) -> str:
    """Why ``out`` must not be written with a ``suffix`` file (empty when it may): a slip of the keyboard in a
    command or a scheduled job must not overwrite the database, a backup or the log."""
    if out.suffix.lower() != suffix:
        return f"tệp ghi ra phải có đuôi {suffix} (đã cho: {out.name or out}); không ghi gì"
    target = out.resolve()
    if target == db_path.resolve() or db_path.resolve().parent / "backups" in target.parents:
        return f"không ghi đè lên tệp dữ liệu hoặc bản sao lưu ({out}); hãy chọn tên khác"
    return ""


def _sound(path: Path) -> None:
    """Refuse a file with damage anywhere in it before reading it for a list, a report or a form: a row no
    query can match (a status with a flipped byte) would be left out of the totals without a word."""
    from desktop.store.storage import sound

    sound(path)


def _export(path: Path, args: argparse.Namespace) -> int:
    from desktop.core.money import format_money
    from desktop.services.listing import LISTINGS, ListQuery
    from desktop.spreadsheets import exports
    from desktop.store.storage import open_database

    refused = _not_an_output(path, args.out, ".xlsx")
    if refused:
        print(f"Lỗi: {refused}", file=sys.stderr)
        return 2
    filters = []
    for item in args.filters:
        key, sep, value = item.partition("=")
        if not sep or not key:
            print(f"Lỗi: bộ lọc “{item}” phải có dạng KHÓA=GIÁ_TRỊ", file=sys.stderr)
            return 2
        filters.append((key, value))
    _sound(path)
    database = open_database(path, reading=True)
    try:
        with database.session() as session:
            if args.what in _LIST_EXPORTS:
                name = _LIST_EXPORTS[args.what]
                for key, value in filters:
                    refused = LISTINGS[name].refused_filter(session, key, value)
                    if refused:
                        print(f"Lỗi: {refused}", file=sys.stderr)
                        return 2
                done = exports.export_list(session, name, ListQuery(args.search, tuple(filters)), args.out)
            elif args.what == "du-toan":
                done = exports.export_budgets(session, args.out, args.year)
            elif args.what == "hoc-vien-theo-lop":
                done = exports.export_trainees(session, args.out, args.course, args.year)
            else:
                if not args.period:
                    print("Lỗi: cần --period, ví dụ --period 2026-Q3", file=sys.stderr)
                    return 2
                done = exports.export_report(session, args.out, args.period)
    finally:
        database.close()
    print(f"Đã ghi {format_money(done.rows)} dòng vào {done.path}")
    return 0


def _print(path: Path, args: argparse.Namespace) -> int:
    from datetime import date

    from desktop.paths import own_forms_dir
    from desktop.printing import catalog
    from desktop.printing.context import RecordNotFound
    from desktop.printing.templates import TemplateError, TemplateStore
    from desktop.store.storage import open_database

    if args.list or not args.form:
        for form in catalog.FORMS.values():
            print(f"{form.name:15} {form.title} — --id: {form.record}")
        return 0 if args.list else 2
    if args.form not in catalog.FORMS:  # told first: with another form name, --id names another record
        print(f"Lỗi: {catalog.UnknownForm(args.form)}", file=sys.stderr)
        return 2
    refused = _not_an_output(path, args.out, ".pdf") if args.out is not None else ""
    if refused:
        print(f"Lỗi: {refused}", file=sys.stderr)
        return 2
    if not args.ids or args.out is None:
        print("Lỗi: cần --id và --out, ví dụ: khuyencong print nghiem-thu --id ID --out bien-ban.pdf", file=sys.stderr)
        return 2
    _sound(path)
    database = open_database(path, reading=True)
    try:
        templates = TemplateStore(own_forms_dir(path))
        with database.session() as session:
            if len(args.ids) == 1:
                data = catalog.render(session, args.form, args.ids[0], templates, date.today())
            else:
                data = catalog.render_batch(session, args.form, args.ids, templates, date.today())
    except (catalog.UnknownForm, RecordNotFound, TemplateError) as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 1
    finally:
        database.close()
    from desktop.store.files import write_whole

    write_whole(args.out, data)
    print(f"Đã ghi {args.out} ({len(data) // 1024} KB)")
    return 0


def _sync(path: Path, args: argparse.Namespace) -> int:
    from desktop.core.money import format_money
    from desktop.store.storage import open_database
    from sync import account
    from sync.http import SyncFailed

    database = open_database(path)
    try:
        if args.action is not None:
            return _sync_bundle(database, args)
        from sync.state import BadServer, checked_server, clock_warning, status, watchdog

        try:
            typed = (args.server or "").strip()
            server = checked_server(typed) if typed else account.stored_server(database)
        except BadServer as bad:
            print(f"Lỗi: {bad}", file=sys.stderr)
            return 2
        if not server:
            print("Lỗi: cần địa chỉ máy chủ (--server) cho lần đồng bộ đầu tiên", file=sys.stderr)
            return 2
        try:
            connected = account.connect(database, server, args.user, _password)
            try:
                report = connected.client().sync()
                connected.keep()
            finally:
                connected.close()
            account.synced(database)
        except SyncFailed as failure:
            waiting = format_money(account.waiting(database))
            print(f"Chưa đồng bộ được: {failure} ({waiting} thay đổi vẫn chờ gửi, không mất)", file=sys.stderr)
            if stalled := watchdog(status(database)):
                print(f"Lưu ý: {stalled}", file=sys.stderr)
            return 3
        if not connected.credentials.persistent:
            print("Lưu ý: máy không có kho mật khẩu của hệ điều hành; lần sau sẽ hỏi lại mật khẩu.")
        print(f"Đã gửi {format_money(report.pushed)} thay đổi, nhận {format_money(report.pulled)} thay đổi.")
        _sync_outcome(database, report)
        unsent = account.waiting(database)
        for scope, same in report.verified.items():
            said = "khớp với máy chủ" if same else "CHƯA KHỚP — " + _mismatch(report, unsent)
            print(f"Đối chiếu tỉnh mã {scope}: {said}")
        # A push waiting for a director has said why: the watchdog's "not sent, sync again" would contradict it.
        stalled = "" if report.blocked else watchdog(status(database))
        for warning in (clock_warning(connected.transport.clock_offset), stalled):
            if warning:
                print(f"Lưu ý: {warning}")
        return _sync_code(report)
    finally:
        database.close()


def _sync_outcome(database: Any, report: SyncReport) -> None:
    """What a sync (over the network or by file) did beyond sending and receiving, said once per kind: a push
    waiting for more authority, refusals counted by reason, rows repaired, rows from the server set aside."""
    from desktop.core.money import format_money
    from sync import refusals

    shown = 10  # reasons and rows listed here; the Đồng bộ page lists every one
    if report.blocked:
        print(f"Chưa gửi được: {report.blocked}")
    if report.conflicts:
        print(f"{format_money(report.conflicts)} xung đột cần xem trong mục Đồng bộ.")
    if report.rejected or report.refusals:
        refused = report.rejected or sum(report.refusals.values())
        print(
            f"Máy chủ từ chối {format_money(refused)} thay đổi (bản ghi trở lại như trên máy chủ; những gì đã nhập"
            " được giữ trong mục Đồng bộ → Bị từ chối để làm lại hoặc bỏ):"
        )
        ranked = sorted(report.refusals.items(), key=lambda item: -item[1])
        for reason, count in ranked[:shown]:
            print(f"  — {format_money(count)} × {reason}")
        if len(ranked) > shown:
            print(f"  … và {format_money(len(ranked) - shown)} lý do khác (xem mục Đồng bộ → Bị từ chối)")
    if report.repaired:
        print(f"Đã sửa {format_money(report.repaired)} bản ghi khác với máy chủ.")
    if report.parked:
        print(
            f"{format_money(report.parked)} bản ghi từ máy chủ chưa lưu được trên máy này (sẽ thử lại ở lần đồng bộ"
            " sau; các dữ liệu khác vẫn đồng bộ bình thường):"
        )
        with database.session() as session:
            waiting = refusals.waiting(session)
        for row in waiting[:shown]:
            print(f"  — {row.what}: {row.reason}")
        if len(waiting) > shown:
            print(f"  … và {format_money(len(waiting) - shown)} bản ghi khác (xem mục Đồng bộ → Chờ lưu)")
    for message in report.messages:
        print(f"Lưu ý: {message}")


def _mismatch(report: SyncReport, waiting: int) -> str:
    """Why this PC does not match the server yet, as far as it knows, and what happens next."""
    from desktop.core.money import format_money

    causes = []
    if waiting:
        causes.append(f"còn {format_money(waiting)} thay đổi chưa gửi được lên máy chủ")
    if report.parked:
        causes.append(f"{format_money(report.parked)} bản ghi từ máy chủ chưa lưu được trên máy này")
    if not causes:
        return "máy đã tự đối chiếu và sửa; lần đồng bộ sau sẽ đối chiếu lại (nếu vẫn vậy, báo quản trị máy chủ)"
    if waiting and report.blocked:
        step = "cần người có quyền đăng nhập đồng bộ trên máy này"
    elif waiting:
        step = "đồng bộ lại để gửi nốt"
    else:
        step = "sẽ tự lưu ở lần đồng bộ sau, khi bản ghi liên quan đã về"
    return f"vì {' và '.join(causes)}; {step}"


def _sync_code(report: SyncReport) -> int:
    """The exit code of a sync that ran (see the command's help): 5 when the push waits for more authority
    (nothing of it was applied), 4 when the server refused some changes, else 0."""
    if report.blocked:
        return 5
    return 4 if report.rejected or report.refusals else 0


def _sync_bundle(database: Any, args: argparse.Namespace) -> int:
    from desktop.core.money import format_money
    from sync import account, bundle
    from sync.protocol import SyncReport

    if args.file is None:
        needed = {
            "enrol": "tệp ghi danh máy (.kcenrol) do quản trị máy chủ tạo",
            "export-bundle": "tên tệp gửi máy chủ sẽ ghi ra (.kcsync)",
            "import-bundle": "tệp trả lời của máy chủ (.kcsync)",
        }[args.action]
        print(f"Lỗi: cần {needed}: khuyencong sync {args.action} TỆP", file=sys.stderr)
        return 2
    try:
        if args.action == "enrol":
            user = bundle.enrol(database, args.file)
            print(f"Đã ghi danh máy này với máy chủ, người dùng {user}: từ nay đồng bộ được bằng tệp (export-bundle).")
            return 0
        device = account.device_id(database)
        if args.action == "export-bundle":
            noted = SyncReport()
            count = bundle.export(database, args.file, device, noted)
            print(f"Đã ghi {format_money(count)} thay đổi vào {args.file}: gửi tệp này cho quản trị máy chủ.")
            for message in noted.messages:
                print(f"Lưu ý: {message}")
            return 0
        report = bundle.apply_answer(database, args.file, device)
    except bundle.BundleRefused as refused:
        print(f"Lỗi: {refused}", file=sys.stderr)
        return 1
    print(f"Máy chủ đã nhận {format_money(report.pushed)} thay đổi; đã nhập {format_money(report.pulled)} thay đổi.")
    _sync_outcome(database, report)
    return _sync_code(report)


def _password() -> str:
    import getpass
    import os

    if "KHUYENCONG_PASSWORD" in os.environ:
        typed = os.environ["KHUYENCONG_PASSWORD"]
    elif not sys.stdin.isatty():
        typed = sys.stdin.readline().rstrip("\n")
    else:
        typed = getpass.getpass("Mật khẩu: ")
    if not typed:
        from sync.http import ServerRefused

        raise ServerRefused(
            "login", "Cần mật khẩu cho lần đăng nhập đầu (gõ khi được hỏi, hoặc đặt KHUYENCONG_PASSWORD)"
        )
    return typed


def _db_upgrade(path: Path) -> int:
    from desktop.store import storage

    result = storage.prepare(path)
    if result.changed:
        print(f"Đã nâng cấp cấu trúc dữ liệu {result.before or '(mới)'} → {result.after}: {path}")
        if result.backup:
            print(f"Bản sao trước khi nâng cấp: {result.backup}")
    else:
        print(f"Cấu trúc dữ liệu đã ở phiên bản mới nhất ({result.after}): {path}")
    return 0


def _db_check(path: Path) -> int:
    from desktop.core.money import format_money
    from desktop.store import checks, storage

    report = storage.check(path)
    print(f"Tệp dữ liệu: {path}")
    print(f"Phiên bản cấu trúc: {report.revision or '(không rõ)'} (mới nhất: {report.head})")
    for problem in report.problems:
        print(f"- {problem}")
    if report.readable:
        print("Những gì còn đọc được:")
        for table, (rows, whole) in report.readable.items():
            if whole:
                shown = f"{format_money(rows)} dòng"
            else:
                shown = f"đọc được {format_money(rows)} dòng, phần còn lại bị hỏng" if rows else "không đọc được"
            print(f"  {checks.record_name(table)}: {shown}")
    waiting = _waiting(path) if report.revision == report.head else None
    if waiting is not None:
        print(f"Thay đổi chờ gửi: {format_money(waiting)}")
    elif report.readable:
        print("Thay đổi chờ gửi: không đếm được (tệp bị hỏng)")
    if report.backup:
        print(report.backup)
    for note in report.notes:
        print(note)
    if report.ok:
        print("Kiểm tra xong: không phát hiện lỗi.")
        return 0
    return 1


def _waiting(path: Path) -> int | None:
    """What waits to be sent to the server, counted as the Đồng bộ page and the support report count it;
    None when the file cannot be read far enough to count it. Reads only."""
    import sqlite3

    from sqlalchemy import exc

    from desktop.store.db import create_sqlite_engine
    from sync.state import waiting_in

    engine = create_sqlite_engine(path, reading=True)
    try:
        with engine.connect() as connection:
            return waiting_in(connection)[0]
    except (exc.DatabaseError, sqlite3.Error, UnicodeDecodeError):
        return None
    finally:
        engine.dispose()


def _db_reindex(path: Path) -> int:
    from desktop.store import search
    from desktop.store.storage import open_database

    database = open_database(path)
    try:
        with database.engine.begin() as connection:
            for table in search.SEARCHABLE:
                search.refresh(connection, table)
                search.rebuild(connection, table)
    finally:
        database.close()
    print(f"Đã dựng lại chỉ mục tìm kiếm: {path}")
    return 0


def _demo_data(path: Path, args: argparse.Namespace) -> int:
    from desktop.core.money import format_money
    from desktop.demo import demo_data

    if min(args.facilities, args.proposals, args.trainees) < 0:
        print("Số lượng không được âm", file=sys.stderr)
        return 2
    demo_data.refuse_synced(path, args.province)
    started = time.perf_counter()

    def progress(label: str, done: int, total: int) -> None:
        elapsed = f"{time.perf_counter() - started:6.1f}".replace(".", ",")
        print(f"[{done}/{total}] {elapsed} giây  {label}", flush=True)

    stats = demo_data.generate(
        path,
        args.province,
        facilities=args.facilities,
        proposals=args.proposals,
        trainees=args.trainees,
        seed=args.seed,
        progress=progress,
    )
    elapsed = time.perf_counter() - started
    seconds = f"{elapsed:.1f}".replace(".", ",")
    print(f"Đã tạo {format_money(stats.total)} dòng dữ liệu mẫu trong {seconds} giây vào {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``khuyencong``; returns the process exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    args = _parser().parse_args(argv)
    path: Path = args.db or default_db_path()
    if path.is_dir() or not path.name:  # --db "" or a folder: a file is meant
        print(f"Lỗi: --db cần đường dẫn tới một tệp dữ liệu (.sqlite3), không phải thư mục: “{path}”", file=sys.stderr)
        return 2
    # Absolute from the start: every message names where the file, its backups and its log are, never "."
    path = path.absolute()
    if path.is_symlink():  # a shortcut to the file: its backups, lock and log are those of the real file
        path = path.resolve()
    if args.command is not None:  # the app sets up its own log (and says where, in the support report)
        from desktop.log import to_file

        to_file(path.parent / "logs")
    try:
        if _writes(args):
            from desktop.store import sole_writer

            name = " ".join(filter(None, [args.command, getattr(args, "db_command", None)]))
            with sole_writer.writing(path, f"lệnh khuyencong {name}"):
                if args.command != "restore":  # a damaged file is what a restore replaces
                    from desktop.store import storage

                    storage.sound(path)  # damage deep in the file, which opening it does not read
                return _run(path, args)
        return _run(path, args)
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu; việc đang làm dở không được lưu.", file=sys.stderr)
        return 130
    except Exception as error:  # every failure is told in Vietnamese; a traceback only goes to the log
        return _failed(path, error)


def _writes(args: argparse.Namespace) -> bool:
    """Does the command write the database (then it is its only writer while it runs: ``sole_writer``)?
    The app takes the file itself, for as long as its window is open."""
    if args.command == "db":
        return args.db_command in ("upgrade", "reindex")
    if args.command == "import":
        return not args.dry_run  # a dry run only reads (no pre-import backup either)
    return args.command in ("demo-data", "sync", "restore")


def _run(path: Path, args: argparse.Namespace) -> int:
    """Run the command ``args`` names on the database at ``path``, or the app when none is named."""
    if args.command == "db":
        return {"upgrade": _db_upgrade, "check": _db_check, "reindex": _db_reindex}[args.db_command](path)
    if args.command == "demo-data":
        return _demo_data(path, args)
    if args.command == "sync":
        return _sync(path, args)
    if args.command == "print":
        return _print(path, args)
    if args.command == "export":
        return _export(path, args)
    if args.command == "import":
        return _import(path, args)
    if args.command == "diagnostics":
        return _diagnostics(path)
    if args.command == "backup":
        return _backup(path, args)
    if args.command == "restore":
        return _restore(path, args)
    if args.command == "update":
        return _update(path, args)
    if args.screenshot is not None:
        import os

        # Rendering for documentation and tests needs no display.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Start-up creates hundreds of thousands of long-lived objects (Qt bindings, SQLAlchemy, the models)
    # and the cycle collector would sweep them again and again for nothing: it is off until the window
    # shows, then those objects are frozen out of its sweeps (``app.run``).
    gc.disable()
    try:
        from desktop.ui.app import run

        return run(path, args.screenshot, args.page)
    finally:
        gc.enable()  # whichever way the app ended


def _failed(path: Path, error: Exception) -> int:
    """Print what went wrong in Vietnamese; a failure that is our bug is logged with its traceback."""
    from desktop.core.errors import ErrorKind, explain

    explained = explain(error)
    if explained.kind is ErrorKind.ENVIRONMENT:
        from desktop.store.storage import room_note

        message = " ".join(filter(None, [explained.message, room_note(path)]))
    elif explained.kind is not ErrorKind.BUG:
        message = explained.message
    elif isinstance(error, ValueError) and not isinstance(error, UnicodeError):
        message = str(error)  # a command's own refusal, written in Vietnamese where it is raised
    else:
        import logging

        logging.getLogger("khuyencong").error("khuyencong %s", " ".join(sys.argv[1:]), exc_info=error)
        message = explained.message + f" (nhật ký: {path.parent / 'logs' / 'khuyencong.log'})"
    print(f"Lỗi: {message}", file=sys.stderr)
    return 1
