"""Opening a record in its edit dialog and saving it as one user action."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.models.base import Synced
from desktop.services import forms
from desktop.services.errors import ErrorKind, explain
from desktop.services.forms import Field
from desktop.services.validation import FieldError
from desktop.ui.context import AppContext
from desktop.ui.record_form import RecordDialog
from desktop.ui.tasks import show_error

FormDone = Callable[[bool, str | None, str], None]


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
    tables: Sequence[str],
    on_saved: Callable[[uuid.UUID], None] = lambda _id: None,
    defaults: Mapping[str, Any] | None = None,
    fields: Sequence[Field] | None = None,
) -> None:
    """Load the record (off the GUI thread), show the dialog, save with ``forms.save`` as one operation."""
    chosen = tuple(fields or forms.FORMS[entity])

    def show(values: dict[str, Any]) -> None:
        def save(raw: dict[str, Any], done: FormDone) -> None:
            province = ctx.settings.province_code

            def saved(new_id: uuid.UUID) -> None:
                done(True, None, "")
                on_saved(new_id)

            ctx.runner.write(
                action_label(raw),
                lambda session: forms.save(session, entity, row_id, raw, province),
                tables,
                saved,
                form_failure(dialog, done),
                parent=dialog,
            )

        dialog = RecordDialog(ctx, title, chosen, labels, values, save, parent)
        dialog.setObjectName(f"edit_{entity.__tablename__}")
        dialog.open()

    if row_id is None:
        blank = {f.key: forms.display(f, None) for f in chosen}
        blank.update(defaults or {})
        show(blank)
    else:
        ctx.runner.read(lambda session: forms.load(session, entity, row_id), show)
