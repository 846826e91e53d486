"""Named points where the crash tests kill the process outright (design/sync.md, "Crash tests").

A point does nothing unless the environment variable ``KHUYENCONG_CRASH_AT`` names it; then the process
is killed on the spot, as a power cut or the task manager would: no ``finally``, no rollback, no flush.
The tests restart the program afterwards and check that nothing was lost, doubled or damaged.
"""

from __future__ import annotations

import os
import signal

CRASH_ENV = "KHUYENCONG_CRASH_AT"

POINTS = (
    "local-change-recorded",  # a local edit and its outbox entry flushed, not yet committed
    "client-push-answered",  # the server's answer to a push received, not yet recorded
    "client-pull-mid-page",  # half of a pulled page applied
    "client-pull-before-cursor",  # a whole page applied, its cursor not yet saved
    "client-snapshot-mid-use",  # part of a downloaded first copy applied, not yet committed
    "server-push-mid-batch",  # half of a pushed batch applied on the server, not committed
    "server-push-committed",  # a push committed on the server, the answer not yet sent
    "migration-step",  # one migration of the local database done, the next not yet
)


def reached(point: str) -> None:
    """Die here if the crash test asked for ``point``."""
    if os.environ.get(CRASH_ENV) == point:
        assert point in POINTS, point
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))  # SIGTERM is TerminateProcess on Windows
