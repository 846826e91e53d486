"""History without noise (issue 19, item 9): a save records only the fields that really changed (an empty
tax code read back blank is no change), a save that changes nothing records nothing and sends nothing, and
the name asked at the first start is who the history and the server say made each change."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.validation import FieldError
from desktop.models import AuditEntry, Facility, OutboxEntry, Trainee
from desktop.models.enums import Gender, PriorityGroup
from desktop.services import facilities, forms, settings
from desktop.services.forms import Field, FieldKind
from desktop.store import undo
from desktop.store.db import Database
from desktop.ui.app import make_application, open_context
from desktop.ui.context import AppContext
from desktop.ui.facility_form import FacilityDialog, edit_facility
from desktop.ui.history_dialog import HistoryDialog
from tests.conftest import commune, make_facility
from tests.qt_fixtures import wait_idle


def _trail(session: Session, row_id: uuid.UUID) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The row's history entries and outbox entries (their changed fields), oldest first."""
    audited = session.scalars(select(AuditEntry).where(AuditEntry.row_id == row_id).order_by(AuditEntry.id))
    queued = session.scalars(select(OutboxEntry).where(OutboxEntry.row_id == row_id).order_by(OutboxEntry.seq))
    return [a.changes for a in audited], [q.fields for q in queued]


def _stamp(session: Session, row_id: uuid.UUID) -> tuple[datetime, str, int]:
    row = session.get(Facility, row_id)
    assert row is not None
    return row.updated_at, row.updated_by, row.row_version


@pytest.fixture
def facility_id(database: Database) -> uuid.UUID:
    """A facility as the import and the demo data make them: no tax code (None, not "")."""
    with database.transaction("nhap-excel") as session:
        row = make_facility(session, commune(session, "48", "xa"))
        assert row.tax_code is None
        return row.id


# --- the rule, without Qt --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "stored", "value", "same"),
    [
        (FieldKind.TEXT, None, "", True),  # a blank box over nothing stored
        (FieldKind.TEXT, "", None, True),
        (FieldKind.TEXT, None, "0101234567", False),
        (FieldKind.TEXT, "Gốm", "", False),  # a text cleared is a change
        (FieldKind.MONEY, None, 0, True),  # an empty amount reads back as 0
        (FieldKind.MONEY, 5, 0, False),
        (FieldKind.BOOL, None, False, True),
        (FieldKind.DATE, None, None, True),
    ],
)
def test_an_empty_value_read_back_another_way_is_no_change(
    kind: FieldKind, stored: Any, value: Any, same: bool
) -> None:
    assert forms.same(Field("x", kind), stored, value) is same


def test_a_save_that_changes_nothing_records_and_sends_nothing(database: Database, facility_id: uuid.UUID) -> None:
    with database.session() as session:
        form = facilities.load(session, facility_id, "48")
        before = _trail(session, facility_id)
        stamp = _stamp(session, facility_id)
    raw = dict(form.values, name=form.values["name"] + "  ")  # typed, then cleaned back to what is stored
    with database.transaction("can-bo", "Sửa cơ sở") as session:
        facilities.save(session, facility_id, raw, form.years, "48")
    with database.session() as session:
        assert _trail(session, facility_id) == before  # no history entry, no outbox entry
        assert _stamp(session, facility_id) == stamp  # not touched: no new time, author or version
        assert session.get(Facility, facility_id).tax_code is None  # type: ignore[union-attr]
        assert [o.label for o in undo.recent(session)] == []  # nothing to undo either


def test_a_save_that_changes_one_field_records_that_field_alone(database: Database, facility_id: uuid.UUID) -> None:
    with database.session() as session:
        form = facilities.load(session, facility_id, "48")
    assert form.values["tax_code"] == ""  # None is shown as an empty box
    raw = dict(form.values, main_line="Gốm mỹ nghệ")
    with database.transaction("can-bo") as session:
        facilities.save(session, facility_id, raw, form.years, "48")
    with database.session() as session:
        audited, queued = _trail(session, facility_id)
        assert audited[-1] == {"main_line": ["", "Gốm mỹ nghệ"]}
        assert queued[-1] == {"main_line": ["", "Gốm mỹ nghệ"]}
        assert session.get(Facility, facility_id).tax_code is None  # type: ignore[union-attr]


def test_every_form_saves_only_what_changed(database: Database) -> None:
    """The forms of forms.FORMS (trainee here: its CCCD is None when not given) go through the same rule."""
    with database.transaction("nhap-excel") as session:
        trainee = Trainee(
            full_name="Lê Thị Hoa", gender=Gender.NU, priority_group=PriorityGroup.KHONG, province_code="48", cccd=None
        )
        session.add(trainee)
        session.flush()
        trainee_id = trainee.id
    with database.session() as session:
        raw = forms.load(session, Trainee, trainee_id)
    with database.transaction("can-bo") as session:
        forms.save(session, Trainee, trainee_id, raw, "48")
    with database.session() as session:
        assert len(_trail(session, trainee_id)[0]) == 1  # the insert alone
    with database.transaction("can-bo") as session:
        forms.save(session, Trainee, trainee_id, dict(raw, address="Thôn 3"), "48")
    with database.session() as session:
        audited, queued = _trail(session, trainee_id)
        assert audited[-1] == queued[-1] == {"address": ["", "Thôn 3"]}


def test_a_blank_written_over_nothing_by_any_door_is_no_change(database: Database, facility_id: uuid.UUID) -> None:
    """A script or an import that writes "" where the row holds None: the row keeps None, nothing is recorded."""
    with database.transaction("can-bo") as session:
        before = len(session.scalars(select(AuditEntry.id)).all())
        row = session.get(Facility, facility_id)
        assert row is not None
        row.tax_code = ""
    with database.session() as session:
        assert len(session.scalars(select(AuditEntry.id)).all()) == before
        assert session.get(Facility, facility_id).tax_code is None  # type: ignore[union-attr]
    with database.transaction("can-bo") as session:  # a real change is still recorded in full
        row = session.get(Facility, facility_id)
        assert row is not None
        row.tax_code, row.main_line = "0101234567", ""
    with database.session() as session:
        assert _trail(session, facility_id)[0][-1] == {"tax_code": [None, "0101234567"]}


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "Hãy nhập họ và tên"), ("  ", "Hãy nhập họ và tên"), ("123", "không phải là họ tên"), ("x" * 65, "dài quá")],
)
def test_the_user_s_name_is_required_and_a_name(session: Session, typed: str, message: str) -> None:
    centre = settings.CentreSettings("48", "Trung tâm Khuyến công Đà Nẵng", user_name=typed)
    with pytest.raises(FieldError, match=message) as refused:
        settings.validate(session, centre, user_required=True)
    assert refused.value.field == "user_name"
    stored = settings.validate(session, settings.CentreSettings("48", "TT", user_name=" Nguyễn\u00a0 Thị Lan\u200b "))
    assert stored.user_name == "Nguyễn Thị Lan"


def test_a_numbering_pattern_is_shown_as_the_number_it_makes() -> None:
    assert settings.example_number("") == "12/BB-TTKC"
    assert settings.example_number("{so}/{loai}-{viet_tat}", "", "Trung tâm Khuyến công Đà Nẵng") == "12/BB-TTKCDN"
    assert settings.example_number("Số {so}/{loai}-{viet_tat}", "KC", kind="ĐA") == "Số 12/ĐA-KC"
    with pytest.raises(FieldError, match="phải có"):
        settings.example_number("{loai}-{viet_tat}")
    with pytest.raises(FieldError, match=r"không có \{nam\}"):
        settings.example_number("{so}/{nam}")


# --- where the user meets it ---------------------------------------------------------------------------------------


def _type(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` as a person does: keys for plain letters, and what the Vietnamese input method (Unikey,
    ibus) hands over for a letter with its marks (Qt's test keys know ASCII only)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)  # type: ignore[no-untyped-call]
        else:
            typed = QInputMethodEvent()
            typed.setCommitString(char)
            QApplication.sendEvent(widget, typed)


def _click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]


def _open(qtbot: QtBot, ctx: AppContext, host: QWidget, facility_id: uuid.UUID) -> FacilityDialog:
    edit_facility(host, ctx, {}, facility_id, "Sửa cơ sở")
    qtbot.waitUntil(lambda: any(d.isVisible() for d in host.findChildren(FacilityDialog)), timeout=5000)
    dialog = next(d for d in host.findChildren(FacilityDialog) if d.isVisible())
    qtbot.waitUntil(lambda: not dialog.verdict_pending, timeout=10_000)
    return dialog


def _save(qtbot: QtBot, ctx: AppContext, dialog: FacilityDialog) -> None:
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()
    _click(qtbot, save)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    wait_idle(qtbot, ctx)


@pytest.mark.usefixtures("qapp")
def test_the_facility_form_records_only_what_the_user_changed(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.runner.database.transaction("nhap-excel") as session:
        fid = make_facility(session, commune(session, "48", "xa")).id
    host = QWidget()
    qtbot.addWidget(host)
    with ctx.runner.database.session() as session:
        before = _trail(session, fid)

    dialog = _open(qtbot, ctx, host, fid)
    assert dialog.widget("tax_code").text() == ""
    name = dialog.widget("name")
    name.end(False)
    _type(qtbot, name, " ")  # a space typed after the name: the form can be saved, the name is the same
    _save(qtbot, ctx, dialog)
    with ctx.runner.database.session() as session:
        assert _trail(session, fid) == before  # no history entry, nothing waiting to be sent

    dialog = _open(qtbot, ctx, host, fid)
    _type(qtbot, dialog.widget("main_line"), "Gốm mỹ nghệ")
    _save(qtbot, ctx, dialog)
    with ctx.runner.database.session() as session:
        audited, queued = _trail(session, fid)
        assert audited[len(before[0]) :] == [{"main_line": ["", "Gốm mỹ nghệ"]}]
        assert queued[len(before[1]) :] == [{"main_line": ["", "Gốm mỹ nghệ"]}]

    history = HistoryDialog(ctx, fid, "Cơ sở", {"main_line": "Ngành nghề chính"}, host)
    qtbot.addWidget(history)
    wait_idle(qtbot, ctx)
    edits = [r for r in range(history.table.rowCount()) if history.table.item(r, 2).text() == "Sửa"]  # type: ignore[union-attr]
    assert [history.table.item(r, 3).text() for r in edits] == ["Ngành nghề chính"]  # type: ignore[union-attr]
    assert history.table.item(edits[0], 1).text() == "can-bo"  # type: ignore[union-attr]


@pytest.fixture
def new_ctx(db_path: Path, errors: list[str]) -> Iterator[AppContext]:
    """The app on a database that was never set up: the first start."""
    make_application()
    database = Database(db_path)
    context = open_context(database)
    yield context
    context.runner.shutdown()
    database.close()


@pytest.mark.usefixtures("qapp")
def test_the_first_start_asks_the_user_s_name_and_records_changes_under_it(qtbot: QtBot, new_ctx: AppContext) -> None:
    from desktop.ui.record_form import set_combo_code
    from desktop.ui.settings_page import FirstRunDialog

    assert not new_ctx.settings.complete
    dialog = FirstRunDialog(new_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form
    set_combo_code(form.province, "48")  # typing into the province box has its own test
    _type(qtbot, form.centre_name, "Trung tâm Khuyến công Đà Nẵng")
    start = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Bắt đầu")

    _click(qtbot, start)  # no name yet: refused, the cursor put in the name box
    wait_idle(qtbot, new_ctx)
    assert "Hãy nhập họ và tên" in form.error.text()
    assert dialog.isVisible() and form.user_name.hasFocus()

    _type(qtbot, form.user_name, "  Nguyễn   Thị Lan ")
    _click(qtbot, start)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert new_ctx.settings.user_name == "Nguyễn Thị Lan"
    assert new_ctx.settings.complete
    with new_ctx.runner.database.session() as session:
        assert settings.load(session).user_name == "Nguyễn Thị Lan"

    host = QWidget()
    qtbot.addWidget(host)
    with new_ctx.runner.database.session() as session:
        place = commune(session, "48", "xa").code
    edit_facility(host, new_ctx, {}, None, "Thêm cơ sở")
    qtbot.waitUntil(lambda: any(d.isVisible() for d in host.findChildren(FacilityDialog)), timeout=5000)
    facility_form = next(d for d in host.findChildren(FacilityDialog) if d.isVisible())
    _type(qtbot, facility_form.widget("name"), "Cơ sở dệt Hòa Vang")
    facility_form.widget("commune_code").set_code(place)
    _save(qtbot, new_ctx, facility_form)
    with new_ctx.runner.database.session() as session:
        row = session.scalars(select(Facility).where(Facility.name == "Cơ sở dệt Hòa Vang")).one()
        assert row.created_by == row.updated_by == "Nguyễn Thị Lan"
        actors = session.scalars(select(AuditEntry.actor).where(AuditEntry.row_id == row.id)).all()
        sent = session.scalars(select(OutboxEntry.actor).where(OutboxEntry.row_id == row.id)).all()
        assert set(actors) == set(sent) == {"Nguyễn Thị Lan"}  # what the server is told: who did it
        assert (
            session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.actor == "nguoi-dung")) == 0
        )


@pytest.mark.usefixtures("qapp")
def test_the_settings_page_shows_an_example_number_as_the_pattern_is_typed(qtbot: QtBot, ctx: AppContext) -> None:
    from desktop.ui.settings_page import SettingsForm

    form = SettingsForm(ctx.reference.provinces)
    qtbot.addWidget(form)
    form.set_values(ctx.settings)
    form.show()
    assert form.number_pattern.text() == "{so}/{loai}-{viet_tat}"
    assert form.number_example.text() == "Số in trên văn bản, ví dụ biên bản số 12: 12/BB-TTKCDN"
    form.short_name.clear()
    _type(qtbot, form.short_name, "KC")
    assert "12/BB-KC" in form.number_example.text()
    form.number_pattern.clear()
    _type(qtbot, form.number_pattern, "{so}-{loai}/{viet_tat}")
    assert form.number_example.text().endswith(": 12-BB/KC")
    _type(qtbot, form.number_pattern, "{")
    assert "dấu { hoặc } lẻ" in form.number_example.text()
