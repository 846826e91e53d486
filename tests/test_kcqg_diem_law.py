"""A "đề án khuyến công quốc gia điểm" only as TT 36/2013/TT-BCT Điều 2 khoản 3 defines it: two activity
contents or more, large in scale, carried out over more than one year."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from desktop.core.validation import FieldError
from desktop.models import Proposal
from desktop.models.enums import FundingKind, ProposalStatus
from desktop.services import forms, lifecycle, proposal_kind
from desktop.services.proposal_kind import diem_problems
from desktop.store.db import Database
from desktop.ui.context import AppContext
from desktop.ui.other_lists import ProposalPage
from desktop.ui.record_form import RecordDialog
from tests.qt_fixtures import wait_idle

DIEM = FundingKind.KCQG_DIEM
START = date(2026, 7, 1)


@pytest.mark.parametrize(
    ("end", "refused"),
    [
        (date(2026, 7, 1), True),  # one day
        (date(2027, 6, 30), True),  # exactly one year, counting both days: not more than one
        (date(2027, 7, 1), False),  # one day more than a year
    ],
)
def test_dieu_2_khoan_3_more_than_one_year(end: date, refused: bool) -> None:
    """TT 36/2013 Điều 2 khoản 3: "thời gian thực hiện nhiều hơn một năm", at the edge of one year."""
    found = diem_problems(DIEM, START, end)
    assert bool(found) is refused
    if refused:
        assert found[0].startswith("Không là đề án khuyến công quốc gia điểm (Thông tư 36/2013/TT-BCT, Điều 2 khoản 3)")
        assert "phải kết thúc từ ngày 01/07/2027 trở đi" in found[0]


def test_dieu_2_khoan_3_names_what_is_missing() -> None:
    """TT 36/2013 Điều 2 khoản 3: without a period, or with fewer than two activity contents, the refusal
    names what is missing; other kinds are not held to it; 29/02 plus a year is 28/02."""
    assert "chưa có ngày kết thúc" in diem_problems(DIEM, START, None)[0]
    assert "chưa có ngày bắt đầu và ngày kết thúc" in diem_problems(DIEM, None, None)[0]
    assert "từ hai nội dung hoạt động trở lên (mới có 1)" in diem_problems(DIEM, START, date(2027, 12, 31), 1)[0]
    assert "(mới có 0)" in diem_problems(DIEM, START, date(2027, 12, 31), 0)[0]
    assert diem_problems(DIEM, START, date(2027, 12, 31), 2) == []
    for kind in (FundingKind.KCQG_NHOM, FundingKind.KCQG_DOI_TUONG, FundingKind.KCDP):
        assert diem_problems(kind, START, START, 1) == []
    assert proposal_kind.one_year_after(date(2028, 2, 29)) == date(2029, 2, 28)
    assert "quy mô lớn" in proposal_kind.diem_reminder(DIEM)
    assert proposal_kind.diem_reminder(FundingKind.KCQG_NHOM) == ""


def _raw(**values: str) -> dict[str, str]:
    return {
        "code": "KCQG-2026-001",
        "title": "Đề án điểm phát triển nghề mây tre",
        "plan_year": "2026",
        "funding": DIEM.value,
        "activity_type_code": "mo_hinh_trinh_dien",
        "start_date": "01/07/2026",
        "end_date": "30/06/2027",
    } | values


def test_dieu_2_khoan_3_is_checked_when_the_kind_is_chosen(session: Session) -> None:
    """TT 36/2013 Điều 2 khoản 3: a new proposal saved as "KCQG điểm" for one year is refused on its kind;
    over more than one year it is a draft."""
    with pytest.raises(FieldError) as raised:
        forms.save(session, Proposal, None, _raw(), "48")
    assert raised.value.field == "funding"
    assert "chưa quá một năm" in raised.value.message
    pid = forms.save(session, Proposal, None, _raw(end_date="01/07/2027"), "48")
    assert session.get_one(Proposal, pid).status is ProposalStatus.DRAFT


def test_dieu_2_khoan_3_approval_waits_for_the_period(database: Database) -> None:
    """TT 36/2013 Điều 2 khoản 3: a "KCQG điểm" whose period was shortened afterwards cannot be approved."""
    with database.transaction("giam-doc") as session:
        pid = forms.save(session, Proposal, None, _raw(end_date="01/07/2027"), "48")
        p = session.get_one(Proposal, pid)
        p.end_date = date(2027, 6, 30)
        problems = lifecycle.blockers(
            p, ProposalStatus.APPROVED, decision_no="1/QĐ-BCT", current=ProposalStatus.APPRAISED
        )
        assert any("Điều 2 khoản 3" in problem for problem in problems)
        p.end_date = date(2027, 7, 1)
        problems = lifecycle.blockers(
            p, ProposalStatus.APPROVED, decision_no="1/QĐ-BCT", current=ProposalStatus.APPRAISED
        )
        assert not any("Điều 2 khoản 3" in problem for problem in problems)


@pytest.mark.usefixtures("qapp")
def test_dieu_2_khoan_3_the_new_proposal_form_refuses_a_one_year_diem(qtbot: QtBot, ctx: AppContext) -> None:
    """TT 36/2013 Điều 2 khoản 3: in the new-proposal form, choosing "KCQG điểm" for one year is refused on
    the kind, in Vietnamese; typing an end date a day later saves it."""
    page = ProposalPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.open_record(None)
    qtbot.waitUntil(lambda: any(isinstance(w, RecordDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))
    form = next(w for w in QApplication.topLevelWidgets() if isinstance(w, RecordDialog) and w.isVisible())
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow, timeout=5_000)  # Ctrl+S is the form's shortcut
    for key, text in (("code", "KCQG-2026-009"), ("title", "De an diem may tre"), ("plan_year", "2026")):
        form.widget(key).selectAll()  # the code and the plan year come filled in: typed over
        QTest.keyClicks(form.widget(key), text)
    kind = form.widget("funding")
    assert isinstance(kind, QComboBox)
    kind.setFocus()
    kind.setCurrentIndex(kind.findData(DIEM.value))
    activity = form.widget("activity_type_code")
    activity.setCurrentIndex(activity.findData("mo_hinh_trinh_dien"))
    QTest.keyClicks(form.widget("start_date"), "01/07/2026")
    QTest.keyClicks(form.widget("end_date"), "30/06/2027")
    QTest.keyClick(form.widget("end_date"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # Refused on the kind itself, beside its box, before anything is written.
    qtbot.waitUntil(lambda: "Điều 2 khoản 3" in form._errors["funding"].text(), timeout=10_000)
    assert "chưa quá một năm" in form._errors["funding"].text() and form.isVisible()
    end = form.widget("end_date")
    end.selectAll()
    QTest.keyClicks(end, "01/07/2027")
    QTest.keyClick(end, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=10_000)
    wait_idle(qtbot, ctx)
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and widget is not page:
            widget.close()
