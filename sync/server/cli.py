"""The ``khuyencong-server`` command: run the sync server and manage its users.

    khuyencong-server serve [--host H] [--port P] [--database-url URL] [--data FOLDER]
    khuyencong-server user add NAME --role staff|director|viewer|central|admin [--province CODE]
    khuyencong-server user list | disable NAME | enable NAME | passwd NAME
    khuyencong-server restored        (after restoring the database from a backup)
    khuyencong-server bundle REQUEST REPLY          (answer the sync file of a PC without network)
    khuyencong-server device enrol NAME --out FILE  (enrol a PC that never goes online, for user NAME)
    khuyencong-server policy PROVINCE [--staff-records-decisions yes|no]

Without ``--database-url`` the server keeps its data in SQLite in a data folder; production runs on
PostgreSQL (``postgresql+psycopg://user:password@host/db``). Passwords are read from the environment
variable KHUYENCONG_PASSWORD, or asked for.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine

from desktop import argparse_vi
from sync.server.config import UPDATES_VARIABLE, URL_VARIABLE

DEFAULT_PORT = 8765
FACTORY = "sync.server.app:from_environment"


# What each option's value is called in the help ("--port CỔNG"), where argparse would write its English name.
_VALUE_NAMES = {
    "database_url": "URL",
    "data": "THƯ_MỤC",
    "host": "ĐỊA_CHỈ",
    "port": "CỔNG",
    "workers": "SỐ",
    "updates": "THƯ_MỤC",
    "name": "TÊN",
    "province": "MÃ_TỈNH",
    "request": "TỆP_GỬI",
    "reply": "TỆP_TRẢ_LỜI",
    "out": "TỆP",
    "device_name": "TÊN_MÁY",
}


def _parser() -> argparse.ArgumentParser:
    argparse_vi.install()
    parser = argparse.ArgumentParser(prog="khuyencong-server", description="Máy chủ đồng bộ Khuyến công")
    parser.add_argument("--database-url", default=os.environ.get(URL_VARIABLE), help="mặc định: SQLite")
    parser.add_argument("--data", type=Path, default=None, help="thư mục dữ liệu khi dùng SQLite")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    serve = commands.add_parser("serve", help="chạy máy chủ")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument(
        "--workers", type=int, default=1, help="số tiến trình phục vụ cùng lúc (dùng chung một cơ sở dữ liệu)"
    )
    serve.add_argument(
        "--updates",
        type=Path,
        default=None,
        help="thư mục gói cập nhật phần mềm đã ký (do installer/release.py tạo) để phát cho các máy",
    )
    users = commands.add_parser("user", help="quản lý người dùng").add_subparsers(
        dest="user_command", required=True, metavar="VIỆC"
    )
    add = users.add_parser("add", help="thêm người dùng")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["staff", "director", "viewer", "central", "admin"])
    add.add_argument("--province", default=None, help="mã tỉnh (2 chữ số)")
    users.add_parser("list", help="danh sách người dùng")
    for name, text in (("disable", "khóa"), ("enable", "mở khóa"), ("passwd", "đổi mật khẩu")):
        users.add_parser(name, help=f"{text} người dùng").add_argument("name")
    commands.add_parser("restored", help="báo máy chủ vừa được khôi phục từ bản sao lưu")
    carried = commands.add_parser("bundle", help="nhận tệp đồng bộ của một máy không có mạng, ghi tệp trả lời")
    carried.add_argument("request", type=Path)
    carried.add_argument("reply", type=Path)
    devices = commands.add_parser("device", help="máy trạm").add_subparsers(
        dest="device_command", required=True, metavar="VIỆC"
    )
    enrol = devices.add_parser("enrol", help="ghi danh một máy không bao giờ lên mạng: tạo tệp ghi danh cho máy")
    enrol.add_argument("name", help="người dùng của máy")
    enrol.add_argument("--out", type=Path, required=True, help="tệp ghi danh (.kcenrol) mang sang máy")
    enrol.add_argument("--device-name", default="", help="tên máy, để nhận ra trong danh sách")
    policy = commands.add_parser("policy", help="quy định của một Trung tâm (theo mã tỉnh)")
    policy.add_argument("province", help="mã tỉnh (2 chữ số)")
    policy.add_argument(
        "--staff-records-decisions",
        choices=["yes", "no"],
        default=None,
        help="cán bộ được ghi quyết định (phê duyệt, không phê duyệt, ngừng) đã ký trên giấy, khi có đủ số,"
        " ngày và người ký (mặc định: không, chỉ Giám đốc)",
    )
    argparse_vi.name_values(parser, _VALUE_NAMES)
    return parser


def database_url(args: argparse.Namespace) -> str:
    if args.database_url:
        return str(args.database_url)
    from platformdirs import user_data_dir

    folder: Path = args.data or Path(user_data_dir("KhuyenCongServer", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'server.sqlite3'}"


def _password(prompt: str) -> str:
    if "KHUYENCONG_PASSWORD" in os.environ:
        return os.environ["KHUYENCONG_PASSWORD"]
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("Nhập lại: ") != first:
        raise ValueError("Hai lần nhập mật khẩu không khớp")
    return first


def _users(engine: Engine, args: argparse.Namespace) -> int:
    from sync.server import users
    from sync.server.transactions import writing

    if args.user_command == "add":
        password = users.hash_password(_password(f"Mật khẩu cho {args.name}: "))
        with writing(engine) as connection:
            if users.find(connection, args.name) is not None:
                raise ValueError(f"Người dùng {args.name} đã có")
            users.add(connection, args.name, password, args.role, args.province)
        print(f"Đã thêm {args.name} ({args.role}{', tỉnh ' + args.province if args.province else ''})")
        return 0
    if args.user_command == "list":
        from desktop.services.roles import ROLE_LABELS

        with engine.connect() as connection:
            for user in users.accounts(connection):
                state = "đã khóa" if user.disabled else "hoạt động"
                print(f"{user.name:<24} {ROLE_LABELS[user.role]:<28} {user.province or 'toàn quốc':<10} {state}")
        return 0
    if args.user_command in ("disable", "enable"):
        with writing(engine) as connection:
            users.set_disabled(connection, args.name, args.user_command == "disable")
        print(f"Đã {'khóa' if args.user_command == 'disable' else 'mở khóa'} {args.name}")
        return 0
    with engine.connect() as connection:  # an unknown name is said before the password is asked
        if users.find(connection, args.name) is None:
            raise ValueError(f"Không có người dùng {args.name}")
    password = users.hash_password(_password(f"Mật khẩu mới cho {args.name}: "))
    with writing(engine) as connection:
        users.change_password(connection, args.name, password)
    print(f"Đã đổi mật khẩu của {args.name}; mọi phiên đăng nhập cũ đã kết thúc")
    return 0


def _policy(engine: Engine, args: argparse.Namespace) -> int:
    from sync.server import authority
    from sync.server.transactions import writing

    with writing(engine) as connection:
        if args.staff_records_decisions is not None:
            authority.set_policy(
                connection, args.province, staff_record_decisions=args.staff_records_decisions == "yes"
            )
        current = authority.policies(connection)(args.province)
    who = "cán bộ ghi được (khi có đủ số, ngày, người ký)" if current.staff_record_decisions else "chỉ Giám đốc"
    print(f"Tỉnh mã {args.province}: quyết định phê duyệt, không phê duyệt, ngừng đề án — {who}")
    return 0


def _bundle(engine: Engine, args: argparse.Namespace) -> int:
    """Answer a PC's request file. A refusal (a file that is not one, a disabled user, a copied database, a
    damaged attachment…) is said in words and writes no answer: the PC keeps its changes."""
    from sync.bundle import BundleRefused
    from sync.server import bundles, store

    try:
        answered = bundles.respond(engine, args.request, args.reply)
    except (BundleRefused, store.SyncRefused) as refused:
        print(
            f"Lỗi: không trả lời được tệp {args.request.name}: {str(refused).rstrip('.')}. Chưa ghi tệp trả lời;"
            " các thay đổi vẫn"
            " được giữ trên máy trạm.",
            file=sys.stderr,
        )
        return 1
    if answered.blocked:
        print(f"Chưa nhận thay đổi nào của máy: {answered.blocked}")
    else:
        rejected = f", từ chối {answered.rejected}" if answered.rejected else ""
        print(f"Đã nhận {answered.received} thay đổi (áp dụng {answered.applied}{rejected}).")
    print(f"Tệp trả lời {args.reply} mang {answered.sent} thay đổi về máy: mang tệp này về máy và nhập.")
    if answered.files_left:
        print(
            f"Còn {answered.files_left} tệp đính kèm chưa đủ chỗ trong tệp trả lời này: sẽ có trong tệp trả lời"
            " sau (máy ghi tệp gửi mới sau khi nhập tệp này)."
        )
    if answered.files_too_large:
        print(
            f"{answered.files_too_large} tệp đính kèm quá lớn để mang bằng tệp đồng bộ: máy cần đồng bộ qua mạng"
            " để tải các tệp này."
        )
    return 0


# The packages of the "server" extra (pyproject.toml): a desktop installation has none of them.
SERVER_PACKAGES = {"fastapi": "fastapi", "uvicorn": "uvicorn", "argon2": "argon2-cffi"}


def _missing_extras() -> list[str]:
    import importlib

    missing = []
    for module, package in SERVER_PACKAGES.items():
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(package)
    return missing


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``khuyencong-server``; returns the process exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    args = _parser().parse_args(argv)
    missing = _missing_extras()
    if missing:
        print(
            f"Lỗi: máy chủ đồng bộ cần các gói của phần “server”, máy này chưa có: {', '.join(missing)}."
            ' Hãy cài bằng: pip install ".[server]" (trong thư mục mã nguồn), hoặc pip install "khuyencong[server]".',
            file=sys.stderr,
        )
        return 2
    from sync.server import store

    engine: Engine | None = None
    try:
        url = database_url(args)
        engine = store.open_engine(url)
        if args.command == "user":
            return _users(engine, args)
        if args.command == "bundle":
            return _bundle(engine, args)
        if args.command == "device":
            from sync.server import bundles

            device = bundles.enrolment(engine, args.name, args.device_name or "ghi danh bằng tệp", args.out)
            print(
                f"Đã ghi danh máy {device} cho {args.name}: mang tệp {args.out} sang máy đó và nhập bằng"
                f" “khuyencong sync enrol {args.out.name}”. Tệp chứa khóa của máy: giữ như chìa khóa, xóa sau khi dùng."
            )
            return 0
        if args.command == "policy":
            return _policy(engine, args)
        if args.command == "restored":
            print(f"Đã ghi nhận: các máy sẽ tải lại dữ liệu và gửi lại thay đổi (kỷ nguyên {store.new_epoch(engine)})")
            return 0
        import uvicorn

        from sync.server.app import create_app

        print(f"Máy chủ đồng bộ: http://{args.host}:{args.port}/api/v1/health — dữ liệu: {engine.url!r}", flush=True)

        if args.updates is not None and not (args.updates / "metadata" / "timestamp.json").is_file():
            raise ValueError(f"{args.updates} không phải thư mục gói cập nhật (thiếu metadata/timestamp.json)")
        if args.workers > 1:  # each process opens the database prepared above (no state of its own)
            os.environ[URL_VARIABLE] = url
            if args.updates is not None:
                os.environ[UPDATES_VARIABLE] = str(args.updates.resolve())
            engine.dispose()
            uvicorn.run(FACTORY, factory=True, host=args.host, port=args.port, workers=args.workers, log_level="info")
        else:
            uvicorn.run(create_app(engine, args.updates), host=args.host, port=args.port, log_level="info")
        return 0
    except ValueError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 1
    finally:
        if engine is not None:  # a command run from a program (a test, a script) leaves no connection open
            engine.dispose()
