"""Windows no larger than the screen they open on: a dialog sized for an office monitor must still show its
buttons on a 1366×768 or 1024×700 laptop."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room left around a window: the title bar and frame the system adds, and a little of the desktop.
FRAME_WIDTH = 16
FRAME_HEIGHT = 48


def fit(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width``×``height``, or to its screen's free area when that is smaller."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - FRAME_WIDTH)
        height = min(height, room.height() - FRAME_HEIGHT)
    widget.resize(width, height)
