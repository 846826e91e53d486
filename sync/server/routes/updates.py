"""The signed program updates the server hands out (a repository made by ``installer/release.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse, JSONResponse, Response

from sync.server.deps import problems, updates_folder

router = APIRouter(prefix="/api/v1/updates", tags=["cập nhật phần mềm"])
UPDATE_FOLDERS = ("metadata", "targets")


@router.get("/{path:path}", responses=problems(404), response_class=FileResponse)
def update_file(path: str, updates: Annotated[Path | None, Depends(updates_folder)]) -> Response:
    """A file of the program update repository (TUF metadata and archives). Public: every file is signed
    by the release keys the programs ship, and a program checks that before it installs anything."""
    missing = JSONResponse({"code": "not_found", "message": "Không có tệp cập nhật này"}, status_code=404)
    parts = path.split("/")
    if updates is None or len(parts) != 2 or parts[0] not in UPDATE_FOLDERS or not parts[1]:
        return missing
    if "\x00" in path or parts[1].startswith(".") or "\\" in parts[1]:
        return missing
    target = updates / parts[0] / parts[1]
    if not target.is_file():
        return missing
    return FileResponse(target, media_type="application/octet-stream")
