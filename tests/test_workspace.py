"""The proposal workspace without Qt: budget editing, beneficiaries, actions along the whole life, files."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from desktop.core.validation import FieldError
from desktop.models import Proposal
from desktop.models.enums import FundingKind, ProposalStatus
from desktop.services import lifecycle, workspace
from desktop.services.budget import Severity
from desktop.services.proposal_actions import Action, perform
from desktop.services.workspace import LineDraft
from desktop.store.db import Database
from tests.conftest import TODAY, commune, make_facility

M = 1_000_000


@pytest.fixture
def proposal_id(database: Database) -> uuid.UUID:
    with database.transaction("can-bo") as session:
        p = Proposal(
            code="KCĐP-2026-011",
            title="Hỗ trợ máy sấy nông sản",
            plan_year=2026,
            funding=FundingKind.KCDP,
            activity_type_code="may_moc_thiet_bi",
            province_code="66",
            implementing_unit="Trung tâm Khuyến công",
        )
        lifecycle.create_proposal(session, p)
        return p.id


@contextmanager
def refused(database: Database, pattern: str) -> Iterator[Session]:
    """A transaction the rules must refuse with a message matching ``pattern``."""
    with pytest.raises(lifecycle.RuleViolation, match=pattern), database.transaction("can-bo") as session:
        yield session


def snapshot(database: Database, pid: uuid.UUID, folder: Path | None = None) -> workspace.Workspace:
    with database.session() as session:
        return workspace.load(session, pid, folder or database.attachments_dir, TODAY)


def add_facility(database: Database, name: str) -> uuid.UUID:
    with database.transaction("can-bo") as session:
        return make_facility(session, commune(session, "66", "xa"), name=name).id


def test_budget_is_saved_whole_with_derived_figures_and_cap_warnings(
    database: Database, proposal_id: uuid.UUID
) -> None:
    dryer = add_facility(database, "Cơ sở sấy Ea Kar")
    with database.transaction("can-bo") as session:
        workspace.add_beneficiary(session, proposal_id, dryer)
    lines = [
        LineDraft(
            item="Máy sấy",
            unit="cái",
            quantity=Decimal(2),
            unit_price=200 * M,
            support_amount=250 * M,
            beneficiary_facility_id=dryer,
        ),
        LineDraft(item="Lắp đặt", unit="gói", quantity=Decimal(1), unit_price=10 * M, support_amount=0),
    ]
    with database.transaction("can-bo") as session:
        workspace.save_budget(session, proposal_id, lines)
    ws = snapshot(database, proposal_id)
    assert [(x.position, x.item, x.amount, x.counterpart_amount) for x in ws.lines] == [
        (1, "Máy sấy", 400 * M, 150 * M),
        (2, "Lắp đặt", 10 * M, 10 * M),
    ]
    warnings = [f.message for f in ws.findings() if f.severity is Severity.WARNING]
    # 250 of 400 million is 62.5% for the dryer facility: above the 50% cap of the current rules.
    assert any("Cơ sở sấy Ea Kar" in w and "62,5%" in w for w in warnings), warnings

    # Editing: drop line 2, change line 1; the removed line is marked deleted, not lost.
    edited = [LineDraft(**{**ws.lines[0].__dict__, "support_amount": 200 * M})]
    with database.transaction("can-bo") as session:
        workspace.save_budget(session, proposal_id, edited)
    ws = snapshot(database, proposal_id)
    assert [(x.item, x.support_amount) for x in ws.lines] == [("Máy sấy", 200 * M)]
    assert not [f for f in ws.findings() if f.severity is Severity.WARNING]


def test_a_bad_budget_line_is_refused_naming_it_and_nothing_changes(database: Database, proposal_id: uuid.UUID) -> None:
    good = LineDraft(item="Máy", quantity=Decimal(1), unit_price=10 * M, support_amount=5 * M)
    with database.transaction("can-bo") as session:
        workspace.save_budget(session, proposal_id, [good])
    too_much = LineDraft(item="Tập huấn", quantity=Decimal(1), unit_price=M, support_amount=2 * M)
    with (
        pytest.raises(lifecycle.RuleViolation, match=r"Dòng 2 “Tập huấn”.*không được âm"),
        database.transaction("can-bo") as session,
    ):
        workspace.save_budget(session, proposal_id, [good, too_much])
    with (
        pytest.raises(lifecycle.RuleViolation, match="Dòng 1: chưa nhập nội dung chi"),
        database.transaction("can-bo") as session,
    ):
        workspace.save_budget(session, proposal_id, [LineDraft(item="  ")])
    assert [x.item for x in snapshot(database, proposal_id).lines] == ["Máy"]


def test_a_beneficiary_used_by_a_line_cannot_be_removed(database: Database, proposal_id: uuid.UUID) -> None:
    fid = add_facility(database, "Cơ sở dệt")
    with database.transaction("can-bo") as session:
        workspace.add_beneficiary(session, proposal_id, fid)
        workspace.save_budget(
            session, proposal_id, [LineDraft(item="Máy dệt", unit_price=M, beneficiary_facility_id=fid)]
        )
    with refused(database, "dòng dự toán 1") as session:
        workspace.remove_beneficiary(session, proposal_id, fid)
    with (
        pytest.raises(lifecycle.RuleViolation, match="đã có trong danh sách"),
        database.transaction("can-bo") as session,
    ):
        workspace.add_beneficiary(session, proposal_id, fid)


def test_actions_walk_the_whole_life_each_moving_the_status_when_its_document_completes_a_step(
    database: Database, proposal_id: uuid.UUID
) -> None:
    fid = add_facility(database, "Cơ sở cơ khí")
    with database.transaction("can-bo") as session:
        workspace.add_beneficiary(session, proposal_id, fid)
        place = commune(session, "66", "xa")
        workspace.add_location(session, proposal_id, place.code, "Thôn 3")
        workspace.save_budget(
            session,
            proposal_id,
            [
                LineDraft(
                    item="Máy tiện",
                    quantity=Decimal(1),
                    unit_price=200 * M,
                    support_amount=100 * M,
                    beneficiary_facility_id=fid,
                )
            ],
        )

    def act(action: Action, **raw: object) -> list[str]:
        with database.transaction("can-bo") as session:
            return perform(session, proposal_id, action, raw)

    def status() -> ProposalStatus:
        return snapshot(database, proposal_id).status

    ws = snapshot(database, proposal_id)
    assert [a.action for a in ws.actions] == [Action.APPRAISE]
    assert not ws.visits_open
    with pytest.raises(lifecycle.RuleViolation, match="chỉ ghi lượt tham quan"), database.transaction("can-bo") as s:
        workspace.add_visitors(s, proposal_id, ws.locations[0].id, 10)
    assert [(s.status, s.state) for s in ws.steps][:2] == [
        (ProposalStatus.DRAFT, "current"),
        (ProposalStatus.APPRAISED, "todo"),
    ]

    assert "Đề án chuyển sang “Đã thẩm định”" in act(
        Action.APPRAISE, form="4a", appraised_on="01/06/2026", conclusion="ho_tro", proposed_support="100.000.000"
    )
    ws = snapshot(database, proposal_id)
    assert {a.action for a in ws.actions} == {Action.APPRAISE, Action.APPROVE, Action.REJECT, Action.RETURN}
    assert next(a for a in ws.actions if a.action is Action.APPROVE).possible

    with pytest.raises(FieldError) as missing:
        act(Action.APPROVE, decision_no="", decision_date="01/07/2026")
    assert missing.value.field == "decision_no"
    act(Action.APPROVE, decision_no="123/QĐ-UBND", decision_date="01/07/2026")
    ws = snapshot(database, proposal_id)
    assert ws.status is ProposalStatus.APPROVED
    assert ws.approved_support == 100 * M
    place_id = ws.locations[0].id
    with database.transaction("can-bo") as session:  # visitors of the place, counted from approval on
        assert workspace.add_visitors(session, proposal_id, place_id, 35) == 35
        assert workspace.add_visitors(session, proposal_id, place_id, -5) == 30  # a group counted twice
    with (
        pytest.raises(lifecycle.RuleViolation, match="mới có 30 lượt người: không bớt 40"),
        database.transaction("can-bo") as session,
    ):
        workspace.add_visitors(session, proposal_id, place_id, -40)
    assert snapshot(database, proposal_id).locations[0].visitors == 30
    with (
        pytest.raises(lifecycle.RuleViolation, match="không sửa dự toán được nữa"),
        database.transaction("can-bo") as session,
    ):
        workspace.save_budget(session, proposal_id, [LineDraft(item="Khác", unit_price=1)])

    act(Action.CONTRACT, kind="thuc_hien", number="01/HĐ", signed_on="10/07/2026", value="100.000.000")
    assert status() is ProposalStatus.CONTRACTED
    act(Action.ADVANCE, paid_on="15/07/2026", amount="70.000.000")
    with pytest.raises(lifecycle.RuleViolation, match=r"còn được tạm ứng 30\.000\.000 đ"):
        act(Action.ADVANCE, paid_on="16/07/2026", amount="40.000.000")
    act(Action.PROGRESS, period_month="8", period_year="2026", reported_on="25/08/2026", progress_percent="60")
    assert status() is ProposalStatus.IN_PROGRESS
    with pytest.raises(FieldError, match="Đã có báo cáo tiến độ tháng 8/2026"):
        act(Action.PROGRESS, period_month="8", period_year="2026", reported_on="26/08/2026", progress_percent="70")
    with pytest.raises(FieldError, match="Không được lớn hơn 12"):
        act(Action.PROGRESS, period_month="13", period_year="2026", reported_on="26/08/2026", progress_percent="70")

    location = snapshot(database, proposal_id).locations[0].id
    with pytest.raises(FieldError, match="Mẫu 5a phải chọn địa điểm"):
        act(Action.ACCEPT, form="5a", accepted_on="01/10/2026", conclusion="dat", value_accepted="100.000.000")
    act(
        Action.ACCEPT,
        form="5a",
        location_id=str(location),
        accepted_on="01/10/2026",
        conclusion="dat",
        value_accepted="100.000.000",
    )
    assert status() is ProposalStatus.ACCEPTED
    assert "phải thu hồi" not in " ".join(act(Action.SETTLE, settled_on="01/11/2026", settled_amount="90.000.000"))
    assert status() is ProposalStatus.SETTLED
    act(Action.LIQUIDATE, liquidated_on="05/11/2026", liquidation_no="05/TL")
    ws = snapshot(database, proposal_id)
    assert ws.status is ProposalStatus.LIQUIDATED
    assert ws.actions == []
    assert all(s.state != "todo" for s in ws.steps)
    kinds = [e.kind for e in ws.events]
    for kind in ("Thẩm định", "Hợp đồng", "Tạm ứng", "Tiến độ", "Nghiệm thu", "Quyết toán", "Thanh lý"):
        assert kind in kinds


def test_an_action_the_status_does_not_allow_is_refused(database: Database, proposal_id: uuid.UUID) -> None:
    with (
        pytest.raises(lifecycle.RuleViolation, match="Không thể “Tạm ứng” khi đề án đang ở bước “Dự thảo”"),
        database.transaction("can-bo") as session,
    ):
        perform(session, proposal_id, Action.ADVANCE, {"paid_on": "01/01/2026", "amount": "1"})


def test_a_rejected_proposal_ends_its_step_line(database: Database, proposal_id: uuid.UUID) -> None:
    with database.transaction("can-bo") as session:
        perform(
            session,
            proposal_id,
            Action.APPRAISE,
            {"form": "4a", "appraised_on": "01/06/2026", "conclusion": "khong_ho_tro"},
        )
    ws = snapshot(database, proposal_id)
    approve = next(a for a in ws.actions if a.action is Action.APPROVE)
    assert not approve.possible
    assert "không đề nghị hỗ trợ" in " ".join(approve.blockers)
    with database.transaction("can-bo") as session:
        perform(session, proposal_id, Action.REJECT, {"reason": "Không phù hợp chương trình"})
    ws = snapshot(database, proposal_id)
    assert [(s.status, s.state) for s in ws.steps][-1] == (ProposalStatus.REJECTED, "current")
    assert ws.actions == []


def test_attached_files_are_stored_by_hash_and_a_changed_file_is_detected(
    database: Database, proposal_id: uuid.UUID, tmp_path: Path
) -> None:
    source = tmp_path / "Tờ trình.pdf"
    source.write_bytes(b"%PDF-1.4 to trinh")
    folder = database.attachments_dir
    with database.transaction("can-bo") as session:
        workspace.attach(session, folder, proposal_id, source, "Tờ trình đề nghị hỗ trợ")
    ws = snapshot(database, proposal_id)
    (file,) = ws.attachments
    assert (file.file_name, file.size, file.present) == ("Tờ trình.pdf", 17, True)
    with database.session() as session:
        assert workspace.verify_all(session, folder, proposal_id) == [("Tờ trình.pdf", True)]
    stored = folder / file.sha256[:2] / file.sha256
    stored.write_bytes(b"%PDF-1.4 to trinh!")  # the copy on disk was changed behind our back
    with database.session() as session:
        assert workspace.verify_all(session, folder, proposal_id) == [("Tờ trình.pdf", False)]
    assert not snapshot(database, proposal_id).attachments[0].present
    with database.transaction("can-bo") as session:
        workspace.detach(session, file.id)
    assert snapshot(database, proposal_id).attachments == []


def test_parts_are_saved_trimmed_and_unknown_parts_refused(database: Database, proposal_id: uuid.UUID) -> None:
    with database.transaction("can-bo") as session:
        workspace.save_parts(session, proposal_id, {"part_objectives": "  Nâng cao năng suất 30%  "})
    assert snapshot(database, proposal_id).parts["part_objectives"] == "Nâng cao năng suất 30%"
    with pytest.raises(KeyError), database.transaction("can-bo") as session:
        workspace.save_parts(session, proposal_id, {"title": "x"})


def test_defaults_fill_the_likely_figures(database: Database, proposal_id: uuid.UUID) -> None:
    from desktop.services.proposal_actions import defaults

    with database.transaction("can-bo") as session:
        workspace.save_budget(session, proposal_id, [LineDraft(item="Máy", unit_price=80 * M, support_amount=40 * M)])
    with database.session() as session:
        p = session.get(Proposal, proposal_id)
        assert p is not None
        values = defaults(p, Action.APPRAISE, date(2026, 6, 1))
    assert values["proposed_support"] == "40.000.000"
    assert values["appraised_on"] == "01/06/2026"
    assert values["conclusion"] == "ho_tro"
    assert values["criterion_ho_so"] is True
