"""The voting round workspace on screen: council, registering a product, a juror's sheet, results."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.models import VotingRound
from desktop.models.enums import VotingLevel
from desktop.ui.context import AppContext
from desktop.ui.other_lists import VotingPage
from desktop.ui.voting_workspace import FIRST_SCORE, ProductDialog, VotingWorkspace
from tests.conftest import commune, make_facility
from tests.qt_fixtures import settled

pytestmark = pytest.mark.usefixtures("qapp", "discard_on_close")


def test_council_product_scores_and_results(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.runner.database.transaction("can-bo") as session:
        r = VotingRound(province_code="48", level=VotingLevel.TINH, year=2026, name="Bình chọn SPCNNT tiêu biểu 2026")
        session.add(r)
        facility = make_facility(session, commune(session, "48", "xa"), name="HTX nước mắm Nam Ô")
        session.flush()
        round_id, facility_id = r.id, facility.id
    ws = VotingWorkspace(ctx, round_id, VotingPage(ctx).field_labels())
    qtbot.addWidget(ws)
    ws.show()
    qtbot.waitUntil(lambda: ws.sheet is not None, timeout=10_000)

    ws.juror_name.setText("Nguyễn Văn Hội")
    ws.juror_title.setText("Phó Giám đốc Sở Công Thương")
    ws.add_juror()
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: ws.jurors.rowCount() == 1, timeout=10_000)
    assert ws.juror_name.text() == ""  # ready for the next member

    ws.register_product(facility_id, "HTX nước mắm Nam Ô")
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ProductDialog) and w.isVisible())
    assert isinstance(dialog, ProductDialog)
    dialog.name.setText("Nước mắm cá cơm Nam Ô")
    dialog.code.setText("CB01")
    dialog.accept()
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: ws.scores.rowCount() == 1, timeout=10_000)

    ws.tabs.setCurrentIndex(2)
    for n, text in enumerate(("36", "35", "12", "9")):  # 12 is above the maximum of 10
        ws.scores.item(0, FIRST_SCORE + n).setText(text)  # type: ignore[union-attr]
    assert ws.scores.item(0, FIRST_SCORE + 4).text() == "92"  # type: ignore[union-attr]
    ws.save_scores()
    settled(qtbot, ctx)
    assert "phải từ 0 đến 10" in ws.message.text()
    ws.scores.item(0, FIRST_SCORE + 2).setText("9")  # type: ignore[union-attr]
    ws.save_scores()
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: not ws.save_scores_button.isEnabled(), timeout=10_000)
    qtbot.waitUntil(lambda: ws.results.rowCount() == 1 and ws.results.item(0, 5) is not None, timeout=10_000)
    assert [ws.results.item(0, c).text() for c in (1, 3, 4, 5)] == [  # type: ignore[union-attr]
        "Nước mắm cá cơm Nam Ô",
        "1",
        "89,00",
        "Đạt",
    ]
