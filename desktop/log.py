"""The program's log: a rotating file in ``logs/`` beside the data, where support looks (tracebacks go
there, never on the user's screen)."""

from __future__ import annotations

import logging
import logging.handlers
from contextlib import suppress
from pathlib import Path

FILE_NAME = "khuyencong.log"
_installed: list[logging.Handler] = []  # ours, replaced when the log moves (commands run one after another in tests)


def to_file(folder: Path) -> Path | None:
    """Send the log to ``folder``/khuyencong.log; None when the folder cannot be written (a read-only or
    full disk): the program still runs, and nothing is printed instead."""
    # A log line that cannot be written (the disk filled up meanwhile) is dropped: Python would print its
    # traceback on the console instead, which is all a user of a command would see.
    logging.raiseExceptions = False
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for old in _installed:
        root.removeHandler(old)
        with suppress(OSError):  # its last lines could not be written (a full disk): they are lost either way
            old.close()
    _installed.clear()
    _installed.append(logging.NullHandler())  # with no file, Python would print records on the console
    root.addHandler(_installed[0])
    path = folder / FILE_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    _installed.append(handler)
    return path
