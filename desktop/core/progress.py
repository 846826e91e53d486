"""Progress of long work, reported by Qt-free code and observed (polled) by whoever shows it."""

from __future__ import annotations

import threading


class Cancelled(Exception):
    """The user cancelled the work; whatever it wrote is rolled back."""


class ProgressState:
    """Called by the work as ``state(label, done, total)``; raises :class:`Cancelled` once cancel() was asked.

    Plain attributes, written by the worker and read by the GUI thread's timer: no widget is ever touched
    from the worker.
    """

    def __init__(self) -> None:
        self.label = ""
        self.done = 0
        self.total = 0
        self._cancel = threading.Event()

    def __call__(self, label: str, done: int, total: int) -> None:
        self.label, self.done, self.total = label, done, total
        if self._cancel.is_set():
            raise Cancelled

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()
