"""Opening a record in its edit dialog and saving it as one user action."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from sqlalchemy.orm import Session

from desktop.core.errors import ErrorKind, explain
from desktop.core.validation import FieldError
from desktop.models import Proposal
from desktop.models.base import Synced
from desktop.services import forms, proposal_codes
from desktop.services.forms import Field
from desktop.ui.context import AppContext
from desktop.ui.record_form import RecordDialog
from desktop.ui.tasks import show_error

FormDone = Callable[[bool, str | None, str], None]
# (session, province, the form's values as typed, today) → values to offer
Suggest = Callable[[Session, str, Mapping[str, Any], date], dict[str, str]]
# New records whose form starts with values read from the data, offered again when the fields they follow
# change, as long as the user has left them as offered: a proposal's next free code follows its plan year and
# funding.
SUGGESTED: dict[type[Synced], tuple[Suggest, tuple[str, ...]]] = {
    Proposal: (proposal_codes.suggested, ("plan_year", "funding")),
}


def form_failure(dialog: QWidget, done: FormDone) -> Callable[[BaseException], None]:
    """The error callback of a form's write: the message goes back to the form, naming the field if any."""

    def failed(error: BaseException) -> None:
        explained = explain(error)
        if explained.kind is ErrorKind.BUG:
            show_error(dialog, error)
        done(False, error.field if isinstance(error, FieldError) else None, explained.message)

    return failed


def edit_record(
    parent: QWidget,
    ctx: AppContext,
    entity: type[Synced],
    labels: Mapping[str, str],
    row_id: uuid.UUID | None,
    title: str,
    action_label: Callable[[dict[str, Any]], str],
    on_saved: Callable[[uuid.UUID], None] = lambda _id: None,
    defaults: Mapping[str, Any] | None = None,
    fields: Sequence[Field] | None = None,
) -> None:
    """Load the record (off the GUI thread), show the dialog, save with ``forms.save`` as one operation."""
    chosen = tuple(fields or forms.FORMS[entity])

    def make(values: dict[str, Any]) -> RecordDialog:
        def save(raw: dict[str, Any], done: FormDone) -> None:
            province = ctx.settings.province_code

            def saved(new_id: uuid.UUID) -> None:
                done(True, None, "")
                on_saved(new_id)

            ctx.runner.write(
                action_label(raw),
                lambda session: forms.save(session, entity, row_id, raw, province),
                saved,
                form_failure(dialog, done),
                parent=dialog,
            )

        dialog = RecordDialog(ctx, title, chosen, labels, values, save, parent)
        dialog.setObjectName(f"edit_{entity.__tablename__}")
        dialog.open()
        return dialog

    def show(values: dict[str, Any]) -> None:
        make(values)

    if row_id is None:
        blank = {f.key: forms.display(f, None) for f in chosen}
        blank.update(defaults or {})
        if entity not in SUGGESTED:
            show(blank)
            return
        suggest, follows = SUGGESTED[entity]
        province, today = ctx.settings.province_code, date.today()

        def offered(values: dict[str, str]) -> None:
            _follow(ctx, make(blank | values), suggest, follows, values, today)

        def unread(_error: BaseException) -> None:
            show(blank)  # the form still opens: the user types the code

        ctx.runner.read(lambda session: suggest(session, province, blank, today), offered, unread)
    else:
        ctx.runner.read(lambda session: forms.load(session, entity, row_id), show)


def _follow(
    ctx: AppContext,
    dialog: RecordDialog,
    suggest: Suggest,
    follows: Sequence[str],
    offered: Mapping[str, str],
    today: date,
) -> None:
    """Offer the suggested values again whenever a field of ``follows`` changes; a value the user changed
    from the one offered is theirs and stays."""
    last = dict(offered)
    asked = [0]  # only the answer to the latest change counts (answers may cross while the user types)

    def ask() -> None:
        asked[0] += 1
        mine, raw, province = asked[0], dialog.raw(), ctx.settings.province_code

        def got(values: dict[str, str]) -> None:
            if mine != asked[0] or not dialog.isVisible():
                return
            now = dialog.raw()
            for key, value in values.items():
                widget = dialog.widget(key) if key not in follows else None
                if isinstance(widget, QLineEdit) and now.get(key) == last.get(key) and value != now.get(key):
                    widget.setText(value)
                    last[key] = value

        ctx.runner.read(lambda session: suggest(session, province, raw, today), got, lambda _e: None)

    for key in follows:
        widget = dialog.widget(key)
        if isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _i: ask())
        elif isinstance(widget, QLineEdit):
            widget.textChanged.connect(lambda _t: ask())
