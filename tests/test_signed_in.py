"""The app knows who is signed in: the role the server gave at the last sign-in decides, offline, which
steps of a proposal a person may take, by the server's own rules, so nothing is refused at the next sync
after a contract and an advance were recorded on top of it."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.core.validation import FieldError
from desktop.models import AppSetting, Proposal
from desktop.models.enums import ProposalStatus
from desktop.services import proposal_actions, signed_in
from desktop.services.deletion import set_deleted
from desktop.services.lifecycle import RuleViolation
from desktop.services.proposal_actions import Action
from desktop.services.signed_in import DECISIONS_SETTING, ROLE_SETTING, USER_SETTING
from desktop.store.db import Database
from desktop.ui.context import AppContext
from desktop.ui.record_form import RecordDialog
from tests.qt_fixtures import settled
from tests.sync_fixtures import act, appraised_proposal
from tests.test_workspace_ui import open_workspace, visible_dialog

pytestmark = pytest.mark.usefixtures("qapp", "discard_on_close")


def _signed_in_as(database: Database, user: str, role: str, *, staff_record_decisions: bool = False) -> None:
    """What a sign-in keeps (``sync.account.connect``; its own test signs in over HTTP)."""
    with database.transaction() as session:
        session.merge(AppSetting(key=USER_SETTING, value=user))
        session.merge(AppSetting(key=ROLE_SETTING, value=role))
        session.merge(AppSetting(key=DECISIONS_SETTING, value="1" if staff_record_decisions else ""))


def _status(database: Database, proposal_id: uuid.UUID) -> ProposalStatus:
    with database.session() as session:
        found = session.get(Proposal, proposal_id)
        assert found is not None
        return found.status


@pytest.fixture
def appraised(ctx: AppContext) -> uuid.UUID:
    return appraised_proposal(ctx.runner.database, "KCĐP-2026-031")


def test_staff_see_that_the_approval_is_the_directors_before_trying(
    qtbot: QtBot, ctx: AppContext, appraised: uuid.UUID
) -> None:
    database = ctx.runner.database
    _signed_in_as(database, "lan", "staff")
    ws = open_workspace(qtbot, ctx, appraised)
    for action, step in (
        (Action.APPROVE, ProposalStatus.APPROVED),
        (Action.REJECT, ProposalStatus.REJECTED),
    ):
        button = ws.action_buttons[action]
        assert not button.isEnabled()
        assert button.toolTip().startswith(f"Chỉ Giám đốc Trung tâm được quyết định “{step.label}” đề án")
        assert "hãy trình Giám đốc quyết định trên tài khoản của Giám đốc (tài khoản lan, Cán bộ Trung tâm)" in (
            button.toolTip()
        )
    assert ws.action_buttons[Action.RETURN].isEnabled()  # sending it back for completion is not a decision
    assert "Phê duyệt: Chỉ Giám đốc Trung tâm" in ws.actions_hint.text()
    # A step taken some other way (an older form, a script) is refused the same, and nothing is written.
    with pytest.raises(RuleViolation, match="Chỉ Giám đốc Trung tâm được quyết định “Đã phê duyệt” đề án"):
        act(database, appraised, Action.APPROVE, "lan", decision_no="12/QĐ-KC")
    assert _status(database, appraised) is ProposalStatus.APPRAISED


def test_where_the_centre_allows_it_staff_record_a_paper_decision_with_its_signer(
    qtbot: QtBot, ctx: AppContext, appraised: uuid.UUID
) -> None:
    database = ctx.runner.database
    _signed_in_as(database, "lan", "staff", staff_record_decisions=True)
    ws = open_workspace(qtbot, ctx, appraised)
    approve = ws.action_buttons[Action.APPROVE]
    assert approve.isEnabled()
    approve.click()
    qtbot.waitUntil(lambda: any(isinstance(w, RecordDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))
    form = visible_dialog(RecordDialog)
    assert isinstance(form, RecordDialog)
    qtbot.keyClicks(form.widget("decision_no"), "12/QD-KC")  # type: ignore[no-untyped-call]
    form.submit()  # the decision's signer left empty
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: "người ký" in form.status.text(), timeout=10_000)
    assert form.status.text().startswith("Cán bộ chỉ ghi được quyết định “Đã phê duyệt” khi có đủ số, ngày và người ký")
    assert form.isVisible() and _status(database, appraised) is ProposalStatus.APPRAISED
    qtbot.keyClicks(form.widget("signer"), "Nguyen Van Binh")  # type: ignore[no-untyped-call]
    form.submit()
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: ws.ws is not None and ws.ws.status is ProposalStatus.APPROVED, timeout=10_000)
    assert not form.isVisible()


def test_an_account_that_only_reads_takes_no_step_and_deletes_nothing(ctx: AppContext, appraised: uuid.UUID) -> None:
    database = ctx.runner.database
    _signed_in_as(database, "so-cong-thuong", "viewer")
    with database.session() as session:
        who = signed_in.signed_in(session)
        proposal = proposal_actions.load(session, appraised)
        assert all(not a.possible for a in proposal_actions.available(proposal, who))
    with pytest.raises(RuleViolation, match=r"Tài khoản chỉ được xem, không được thay đổi đề án \(tài khoản so-cong"):
        act(database, appraised, Action.RETURN, "so-cong-thuong", reason="Bổ sung hồ sơ")
    with pytest.raises(RuleViolation, match="chỉ được xem"), database.transaction() as session:
        set_deleted(session, Proposal, appraised, True)


def test_staff_delete_a_draft_but_not_a_proposal_that_carries_the_directors_decision(
    ctx: AppContext, appraised: uuid.UUID
) -> None:
    database = ctx.runner.database
    act(database, appraised, Action.APPROVE, "giam-doc", decision_no="12/QĐ-KC")  # never signed in: no limit
    _signed_in_as(database, "lan", "staff")
    refused = "Chỉ Giám đốc Trung tâm được xóa hoặc khôi phục đề án đã có quyết định"
    with pytest.raises(RuleViolation, match=refused), database.transaction() as session:
        set_deleted(session, Proposal, appraised, True)
    draft = appraised_proposal(database, "KCĐP-2026-032")
    with database.transaction() as session:
        set_deleted(session, Proposal, draft, True)
    _signed_in_as(database, "giam-doc", "director")
    with database.transaction() as session:
        set_deleted(session, Proposal, appraised, True)


def test_a_missing_piece_of_a_paper_decision_names_its_field(ctx: AppContext, appraised: uuid.UUID) -> None:
    database = ctx.runner.database
    _signed_in_as(database, "lan", "staff", staff_record_decisions=True)
    with pytest.raises(FieldError) as refused:
        act(database, appraised, Action.REJECT, "lan", decision_no="", reason="Không đủ điều kiện")
    assert refused.value.field == "decision_no"
    assert "còn thiếu: số, ngày, người ký" in str(refused.value)
