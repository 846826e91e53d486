"""Undo and redo of the last user action (Ctrl+Z; Ctrl+Y or Ctrl+Shift+Z), from the main window or from a
workspace: the workspace's messages promise Ctrl+Z, and its window, not the main one, has the keyboard."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from desktop.core.errors import ErrorKind, explain
from desktop.store import undo
from desktop.store.undo import UndoRefused
from desktop.ui.context import AppContext
from desktop.ui.tasks import show_error

Told = Callable[[str], None]  # says what was undone or redone


def _tr(text: str) -> str:
    return QCoreApplication.translate("undoing", text)


def _undo_last(actor: str) -> Callable[[Session], str]:
    def work(session: Session) -> str:
        recent = undo.recent(session, actor, 1)
        if not recent:
            raise UndoRefused("Không còn thao tác nào để hoàn tác")
        return undo.undo(session, recent[0].id).label

    return work


def _redo_last(actor: str) -> Callable[[Session], str]:
    def work(session: Session) -> str:
        return undo.redo(session, actor).label

    return work


def _said(parent: QWidget, told: Told) -> Callable[[BaseException], None]:
    """Nothing to undo (or an undo the rules refuse) is said where the result would be; anything else (a full
    disk, a fault) is shown in a box, as any failed action's is."""

    def failed(error: BaseException) -> None:
        explained = explain(error)
        if explained.kind is ErrorKind.RULE:
            told(explained.message)
        else:
            show_error(parent, error)

    return failed


def undo_last(ctx: AppContext, parent: QWidget, told: Told) -> None:
    """Take back the user's last action (one transaction), then say which."""

    def done(label: str) -> None:
        told(_tr("Đã hoàn tác: %1").replace("%1", label.removeprefix("Hoàn tác: ")))

    ctx.runner.write(_tr("Hoàn tác"), _undo_last(ctx.actor), done, _said(parent, told), parent=parent, undoable=False)


def redo_last(ctx: AppContext, parent: QWidget, told: Told) -> None:
    """Do again the action taken back last, then say which."""

    def done(label: str) -> None:
        told(_tr("Đã làm lại: %1").replace("%1", label))

    ctx.runner.write(_tr("Làm lại"), _redo_last(ctx.actor), done, _said(parent, told), parent=parent, undoable=False)


def actions(
    ctx: AppContext, owner: QWidget, told: Told, held: Callable[[], str] = lambda: ""
) -> tuple[QAction, QAction]:
    """The Undo and Redo actions of ``owner``'s window, with their keys (a text box being typed in keeps
    Ctrl+Z for its own text: Qt gives it the key first). ``held()``: why not now ("" when it may), said
    instead (edits not saved yet, which the reload after an undo would meet)."""

    def run(step: Callable[[AppContext, QWidget, Told], None]) -> None:
        reason = held()
        if reason:
            told(reason)
        else:
            step(ctx, owner, told)

    undo_action = QAction(_tr("Hoàn tác thao tác gần nhất"), owner)
    undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    undo_action.triggered.connect(lambda: run(undo_last))
    redo_action = QAction(_tr("Làm lại thao tác vừa hoàn tác"), owner)
    redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
    redo_action.triggered.connect(lambda: run(redo_last))
    owner.addAction(undo_action)
    owner.addAction(redo_action)
    return undo_action, redo_action
