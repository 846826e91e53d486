"""Turning exceptions into what the user reads: their situation, a rule, or our bug (logged with a traceback)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import exc as sa_exc

from desktop.services.lifecycle import RuleViolation
from desktop.services.progress import Cancelled
from desktop.services.undo import UndoRefused
from desktop.services.validation import FieldError


class Refused(ValueError):
    """A request the user can put right (a file that is not a workbook, a form's wording with an unknown
    field, a period written wrong): its message says what, in Vietnamese. Nothing was changed."""


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
    if isinstance(error, FieldError | RuleViolation | UndoRefused | LookupError | Refused):
        return Explained(ErrorKind.RULE, str(error))
    original = error.orig if isinstance(error, sa_exc.DBAPIError) else error
    text = str(original).lower()
    if isinstance(original, sqlite3.OperationalError | OSError):
        if "locked" in text or "busy" in text:
            return Explained(
                ErrorKind.ENVIRONMENT,
                "Tệp dữ liệu đang bị một chương trình khác giữ (có thể một cửa sổ Khuyến công khác đang mở)."
                " Hãy đóng chương trình đó rồi thử lại.",
            )
        if "disk" in text or "full" in text or "no space" in text:
            return Explained(ErrorKind.ENVIRONMENT, "Ổ đĩa đã đầy: hãy giải phóng dung lượng rồi thử lại.")
        if "readonly" in text or "permission" in text or "access" in text:
            return Explained(
                ErrorKind.ENVIRONMENT, "Không có quyền ghi vào tệp dữ liệu: hãy kiểm tra quyền của thư mục dữ liệu."
            )
    if isinstance(original, sqlite3.IntegrityError):
        return Explained(ErrorKind.RULE, "Dữ liệu không hợp lệ hoặc trùng với bản ghi đã có; không có gì được lưu.")
    return Explained(ErrorKind.BUG, "Đã xảy ra lỗi ngoài dự kiến; không có gì được lưu. Chi tiết đã ghi vào nhật ký.")
