"""Turning exceptions into what the user reads: their situation, a rule, or our bug (logged with a traceback)."""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import exc as sa_exc

from desktop.core.progress import Cancelled
from desktop.core.validation import FieldError


class Refused(ValueError):
    """A request the user can put right (a file that is not a workbook, a form's wording with an unknown
    field, a period written wrong, a step the rules do not allow, an action that cannot be undone): its
    message says what, in Vietnamese. Nothing was changed. Each layer refuses with its own subclass."""


class ErrorKind(StrEnum):
    RULE = "rule"  # the user asked for something the rules refuse: the message says why
    ENVIRONMENT = "environment"  # disk full, file locked, no permission: not our bug, the user can act
    CANCELLED = "cancelled"
    BUG = "bug"  # anything else: log the traceback


@dataclass(frozen=True)
class Explained:
    kind: ErrorKind
    message: str


def explain(error: BaseException) -> Explained:
    """What to tell the user about ``error``, in Vietnamese."""
    if isinstance(error, Cancelled):
        return Explained(ErrorKind.CANCELLED, "Đã hủy, dữ liệu không thay đổi")
    if _damaged_value(error):
        return Explained(ErrorKind.ENVIRONMENT, DAMAGED)
    if isinstance(error, FieldError | LookupError | Refused):
        return Explained(ErrorKind.RULE, str(error))
    original = error.orig if isinstance(error, sa_exc.DBAPIError) else error
    text = str(original).lower()
    if isinstance(original, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text):
        return Explained(ErrorKind.ENVIRONMENT, DAMAGED)
    if isinstance(original, sqlite3.OperationalError):
        if "locked" in text or "busy" in text:
            return Explained(
                ErrorKind.ENVIRONMENT,
                "Tệp dữ liệu đang bị một chương trình khác giữ (có thể một cửa sổ Khuyến công khác đang mở)."
                " Hãy đóng chương trình đó rồi thử lại.",
            )
        if "disk" in text or "full" in text:
            return Explained(ErrorKind.ENVIRONMENT, "Ổ đĩa đã đầy: hãy giải phóng dung lượng rồi thử lại.")
        if "readonly" in text or "unable to open" in text:
            return Explained(
                ErrorKind.ENVIRONMENT,
                "Không ghi được vào tệp dữ liệu (thư mục chỉ cho phép đọc hoặc không có quyền): hãy kiểm tra"
                " quyền của thư mục dữ liệu, hoặc chép tệp sang thư mục khác.",
            )
    if isinstance(original, OSError):
        return Explained(ErrorKind.ENVIRONMENT, _file_trouble(original))
    if isinstance(original, sqlite3.IntegrityError):
        return Explained(ErrorKind.RULE, "Dữ liệu không hợp lệ hoặc trùng với bản ghi đã có; không có gì được lưu.")
    return Explained(ErrorKind.BUG, "Đã xảy ra lỗi ngoài dự kiến; không có gì được lưu. Chi tiết đã ghi vào nhật ký.")


DAMAGED = (
    "Tệp dữ liệu bị hỏng, không đọc được phần dữ liệu này; không có gì được lưu. Hãy chạy “khuyencong db check”"
    " để xem phần nào còn đọc được, rồi khôi phục bản sao lưu tốt gần nhất (Cài đặt → Sao lưu)."
)


# What SQLAlchemy says when a value read from the file is none it could have written: a status not in the
# list, an id that is not hexadecimal, a date that is not a date. SQLite's checks pass such a row (a flipped
# byte in a value is still a value), so it is told as damage, not as a rule or our bug.
_DAMAGED_VALUE = (
    "is not among the defined enum values",
    "badly formed hexadecimal UUID",
    "invalid literal for int() with base 16",
    "Couldn't parse date",
    "Couldn't parse datetime",
    "Invalid isoformat string",
)


def _damaged_value(error: BaseException) -> bool:
    text = str(error)
    return isinstance(error, LookupError | ValueError) and any(words in text for words in _DAMAGED_VALUE)


def _file_trouble(error: OSError) -> str:
    """A file the program reads or writes (not the database): which one, what happened, what to do."""
    where = f" {error.filename}" if error.filename else ""
    if getattr(error, "winerror", None) in (32, 33):  # Windows: the file is held by another program
        return f"Tệp{where} đang được một chương trình khác mở (ví dụ Excel): hãy đóng nó rồi thử lại."
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"Ổ đĩa đã đầy, không ghi được{where}: hãy giải phóng dung lượng rồi thử lại."
    if error.errno == errno.EROFS:
        return f"Ổ đĩa chỉ cho phép đọc, không ghi được{where}: hãy chọn thư mục khác."
    if isinstance(error, PermissionError):
        return f"Không có quyền truy cập{where}: hãy kiểm tra quyền của tệp/thư mục, hoặc chọn nơi khác."
    if isinstance(error, FileNotFoundError):
        return f"Không tìm thấy{where or ' tệp hoặc thư mục'}."
    if isinstance(error, IsADirectoryError):
        return f"{where.strip()} là một thư mục, không phải tệp."
    if isinstance(error, FileExistsError | NotADirectoryError):  # a file where a folder is needed (backups/)
        return (
            f"Cần một thư mục ở{where or ' đường dẫn này'} nhưng ở đó đã có một tệp cùng tên: hãy đổi tên hoặc"
            " chuyển tệp đó đi rồi thử lại."
        )
    if error.errno == errno.ENAMETOOLONG:
        return f"Đường dẫn quá dài{where}: hãy chọn thư mục hoặc tên tệp ngắn hơn."
    if error.errno == errno.EIO:
        return f"Ổ đĩa báo lỗi khi đọc/ghi{where} (ổ hỏng, USB bị rút ra?): hãy kiểm tra ổ đĩa rồi thử lại."
    return f"Lỗi đọc/ghi tệp{where} (mã lỗi hệ thống {error.errno}: {error.strerror or error})."
