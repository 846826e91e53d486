"""The signed program updates the server hands out (a repository made by ``installer/release.py``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse, JSONResponse, Response

from sync.server.deps import problems, updates_folder

router = APIRouter(prefix="/api/v1/updates", tags=["cập nhật phần mềm"])
UPDATE_FOLDERS = ("metadata", "targets")
FILE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
"""What a file of the repository is called (``2.root.json``, ``KhuyenCong-1.4.0.tar.gz``). Nothing else is
looked up: on a Windows server ``D:x`` would leave the folder, ``root.json:x`` names a hidden stream of a file,
and a name starting with a dot is the repository's own configuration."""


@router.get("/{path:path}", responses=problems(404), response_class=FileResponse)
def update_file(path: str, updates: Annotated[Path | None, Depends(updates_folder)]) -> Response:
    """A file of the program update repository (TUF metadata and archives). Public: every file is signed
    by the release keys the programs ship, and a program checks that before it installs anything."""
    target = _served(updates, path)
    if target is None:
        return JSONResponse({"code": "not_found", "message": "Không có tệp cập nhật này"}, status_code=404)
    return FileResponse(target, media_type="application/octet-stream")


def _served(updates: Path | None, path: str) -> Path | None:
    """The file ``path`` names in the repository ``updates`` (``metadata/NAME`` or ``targets/NAME``), if it
    is one there: checked by name first, then where it really is (a link must not lead out of the folder)."""
    folder, _, name = path.partition("/")
    if updates is None or folder not in UPDATE_FOLDERS or not FILE_NAME.fullmatch(name):
        return None
    inside = (updates / folder).resolve()
    target = (inside / name).resolve()
    if target.parent != inside or not target.is_file():
        return None
    return target
