"""Windows no larger than the screen they open on: a dialog sized for an office monitor must still show its
buttons on a 1366×768 or 1024×700 laptop."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room left around a window: the title bar and frame the system adds, and a little of the desktop.
FRAME_WIDTH = 16
FRAME_HEIGHT = 48


def room(widget: QWidget) -> QSize:
    """The largest a window can be on the screen ``widget`` opens on (its frame and title bar aside)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1366 - FRAME_WIDTH, 768 - FRAME_HEIGHT)
    free = screen.availableGeometry()
    return QSize(free.width() - FRAME_WIDTH, free.height() - FRAME_HEIGHT)


def fit(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width``×``height``, or to its screen's free area when that is smaller."""
    free = room(widget)
    widget.resize(min(width, free.width()), min(height, free.height()))
