"""Attachments: the files of a dossier, stored beside the database under their SHA-256, listed in the database."""

from __future__ import annotations

import hashlib
import mimetypes
import re
import shutil
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.core.text import clean
from desktop.models.base import Synced
from desktop.models.proposal import Attachment

_CHUNK = 1 << 20
SHA256 = re.compile(r"[0-9a-f]{64}")
"""What an attachment's name must be: it names a file in the attachments folder, so nothing else (a path
that came from another PC could otherwise reach outside it)."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def stored_path(folder: Path, sha256: str) -> Path:
    """Where the content ``sha256`` lives in ``folder``; ValueError when ``sha256`` is not a SHA-256."""
    if not SHA256.fullmatch(sha256):
        raise ValueError(f"Mã SHA-256 “{sha256[:80]}” của tệp đính kèm không hợp lệ")
    return folder / sha256[:2] / sha256


def add_file(session: Session, folder: Path, owner: Synced, source: Path, description: str = "") -> Attachment:
    """Copy ``source`` into the attachments ``folder`` (once per content) and list it on ``owner``."""
    if not source.is_file():
        raise FileNotFoundError(f"Không tìm thấy tệp {source}")
    sha = file_sha256(source)
    target = stored_path(folder, sha)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        shutil.copyfile(source, partial)
        partial.replace(target)  # atomic: a crash never leaves a half-copied file under the real name
    attachment = Attachment(
        owner_table=type(owner).__tablename__,
        owner_id=owner.id,
        province_code=owner.province_code,
        file_name=clean(source.name) or "tệp đính kèm",
        media_type=mimetypes.guess_type(source.name)[0] or "application/octet-stream",
        size=source.stat().st_size,
        sha256=sha,
        description=clean(description),
    )
    session.add(attachment)
    return attachment


def verify(folder: Path, attachment: Attachment) -> bool:
    """True when the stored file is there and its content still has the recorded hash."""
    path = stored_path(folder, attachment.sha256)
    return path.is_file() and file_sha256(path) == attachment.sha256
