"""Sync by file, for a centre with no network at all: same ledger, nothing lost, nothing doubled."""

from __future__ import annotations

import base64
import copy
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from desktop.cli import _sync_code
from desktop.demo import demo_data
from desktop.models import Facility, Proposal
from desktop.services import workspace
from desktop.services.signed_in import USER_SETTING
from desktop.store.db import Database
from sync import account, blobs, bundle, signing
from sync.client import local_summary
from sync.protocol import PROTOCOL_VERSION, SYNCED_TABLES, SyncReport
from sync.server import blobs as server_blobs
from sync.server import bundles, cli, store, users
from sync.state import setting
from tests.conftest import commune, make_facility
from tests.sync_fixtures import Installation, new_proposal


def test_a_round_trip_by_file(server: Engine, template_db: Path, tmp_path: Path) -> None:
    offline = Installation(server, template_db, tmp_path / "x", "may-xa", "lan", "staff", "48")
    online = Installation(server, template_db, tmp_path / "o", "may-tinh", "minh", "staff", "48")
    try:
        with online.database.transaction("minh") as session:
            make_facility(session, commune(session, "48", "phuong"), name="Cơ sở in lụa (gửi qua mạng)")
        online.client.sync()
        with offline.database.transaction("lan") as session:
            make_facility(session, commune(session, "48", "xa"), name="Cơ sở làm hương (gửi qua tệp)")
        device = offline.device_id
        request, reply = tmp_path / "gui.kcsync", tmp_path / "nhan.kcsync"
        assert bundle.export(offline.database, request, device) == 1
        with server.connect() as connection:  # the national reference rows (caps, targets…) every PC receives
            national = sum(
                connection.execute(select(func.count()).select_from(t).where(t.c.province_code == "00")).scalar_one()
                for t in SYNCED_TABLES.values()
                if "province_code" in t.c
            )
        assert national > 40
        assert bundles.answer(server, request, reply) == (1, 2 + national)  # both facilities and the national rows
        assert bundles.answer(server, request, reply)[0] == 1  # the same file twice: the ledger answers
        report = bundle.apply_answer(offline.database, reply, device)
        assert (report.pushed, report.rejected) == (1, 0)
        assert bundle.apply_answer(offline.database, reply, device).pulled == 0  # applied twice: no change
        assert offline.client.waiting() == 0
        online.client.sync()
        with offline.database.session() as session:
            assert session.scalar(select(func.count()).select_from(Facility)) == 2
        assert local_summary(offline.database, "48") == local_summary(online.database, "48")
        assert online.client.verify() == {"48": True, "00": True}
    finally:
        offline.close()
        online.close()


def test_a_damaged_or_foreign_file_is_refused_whole(server: Engine, template_db: Path, tmp_path: Path) -> None:
    pc = Installation(server, template_db, tmp_path / "x", "may-xa", "lan", "staff", "48")
    try:
        with pc.database.transaction("lan") as session:
            make_facility(session, commune(session, "48", "xa"))
        request = tmp_path / "gui.kcsync"
        bundle.export(pc.database, request, pc.device_id)
        document = gzip.decompress(request.read_bytes()).replace("Hòa Bình".encode(), b"Hoa Binh")
        damaged = tmp_path / "hong.kcsync"
        damaged.write_bytes(gzip.compress(document))
        with pytest.raises(bundle.BundleRefused, match="bị thay đổi"):
            bundles.answer(server, damaged, tmp_path / "tra-loi.kcsync")
        cut = tmp_path / "thieu.kcsync"
        cut.write_bytes(request.read_bytes()[:100])
        with pytest.raises(bundle.BundleRefused, match="hỏng"):
            bundles.answer(server, cut, tmp_path / "tra-loi.kcsync")
        reply = tmp_path / "tra-loi.kcsync"
        bundles.answer(server, request, reply)
        with pytest.raises(bundle.BundleRefused, match="máy khác"):
            bundle.apply_answer(pc.database, reply, "khac")
        assert pc.client.waiting() == 1  # nothing was marked sent by the refused import
        document = json.loads(gzip.decompress(request.read_bytes()))
        document["protocol"] = PROTOCOL_VERSION - 1  # made by the previous version of the program
        old = tmp_path / "cu.kcsync"
        old.write_bytes(gzip.compress(json.dumps(document).encode()))
        with pytest.raises(bundle.BundleRefused, match="phiên bản cũ hơn: hãy cập nhật phần mềm ở máy tạo tệp"):
            bundles.answer(server, old, tmp_path / "tra-loi-cu.kcsync")
        assert not (tmp_path / "tra-loi-cu.kcsync").exists()
    finally:
        pc.close()


@pytest.mark.slow
def test_the_bundle_commands(template_db: Path, tmp_path: Path) -> None:
    env = {**os.environ, "KHUYENCONG_PASSWORD": "mat-khau-an-toan"}
    server = [sys.executable, "-c", "from sync.server.cli import main; raise SystemExit(main())"]
    server += ["--data", str(tmp_path / "srv")]
    client = [sys.executable, "-m", "desktop", "--db", str(tmp_path / "pc.sqlite3"), "sync"]
    subprocess.run([*server, "user", "add", "lan", "--role", "staff", "--province", "48"], env=env, check=True)
    (tmp_path / "pc.sqlite3").write_bytes(template_db.read_bytes())
    from desktop.services import signed_in
    from desktop.store.db import Database

    database = Database(tmp_path / "pc.sqlite3")
    with database.transaction("lan") as session:
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở gốm Phước Tích")
    database.close()
    request, reply = str(tmp_path / "gui.kcsync"), str(tmp_path / "nhan.kcsync")
    refused = subprocess.run([*client, "export-bundle", request], env=env, capture_output=True, text=True)
    assert refused.returncode == 1  # a PC the server does not know cannot make a file it would accept
    assert "chưa được ghi danh" in refused.stderr and "sync enrol" in refused.stderr
    enrolment = str(tmp_path / "may-xa.kcenrol")
    made = subprocess.run(
        [*server, "device", "enrol", "lan", "--out", enrolment], env=env, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    assert "khuyencong sync enrol may-xa.kcenrol" in made.stdout
    enrolled = subprocess.run([*client, "enrol", enrolment], env=env, capture_output=True, text=True)
    assert enrolled.returncode == 0, enrolled.stderr
    assert "người dùng lan" in enrolled.stdout
    database = Database(tmp_path / "pc.sqlite3")
    with database.session() as session:  # the role the file brings decides what this PC may do offline
        who = signed_in.signed_in(session)
    database.close()
    assert (who.user, who.role, who.policy.staff_record_decisions) == ("lan", "staff", False)
    out = subprocess.run([*client, "export-bundle", request], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "Đã ghi 1 thay đổi" in out.stdout
    answered = subprocess.run([*server, "bundle", request, reply], env=env, capture_output=True, text=True)
    assert answered.returncode == 0, answered.stderr
    back = subprocess.run([*client, "import-bundle", reply], env=env, capture_output=True, text=True)
    assert back.returncode == 0, back.stderr
    assert "Máy chủ đã nhận 1 thay đổi" in back.stdout
    database = Database(tmp_path / "pc.sqlite3")
    assert account.waiting(database) == 0
    database.close()


# --- the review of the sync-by-file path -------------------------------------------------------------------
def _forge(pc: Installation, request: Path, out: Path, change: Callable[[dict[str, Any]], object]) -> Path:
    """A copy of ``request`` changed by ``change`` and signed again with the PC's own key (a file that passes
    the signature check: what the server reads inside must hold up by itself)."""
    body, _signature = bundle.read(request, bundle.KIND_REQUEST)
    body = copy.deepcopy(body)
    change(body)
    bundle.write(out, bundle.KIND_REQUEST, body, account.signing_key(pc.database))
    return out


def _server_cli(
    server: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """``khuyencong-server`` run on ``server``'s database: its exit code, what it printed and what it said
    on stderr."""
    monkeypatch.setattr(store, "open_engine", lambda _url: server)
    code = cli.main(["--database-url", "chay-thu://", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_bundle_command_says_why_it_refuses_and_writes_no_answer(
    server: Engine,
    template_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pc = Installation(server, template_db, tmp_path / "x", "may-xa", "lan", "staff", "48")
    try:
        with pc.database.transaction("lan") as session:
            make_facility(session, commune(session, "48", "xa"), name="Cơ sở mây tre đan")
        request = tmp_path / "gui.kcsync"
        bundle.export(pc.database, request, pc.device_id)
        bundles.answer(server, request, tmp_path / "lan-dau.kcsync")

        def damaged_file(body: dict[str, Any]) -> None:
            body["files"] = [{"sha256": "a" * 64, "scope": "48", "data": base64.b64encode(b"khong khop").decode()}]

        def copied_database(body: dict[str, Any]) -> None:  # the same number, other contents: another PC's
            body["mutations"][0]["fields"]["name"] = [None, "Cơ sở khác"]

        cases = [
            (_forge(pc, request, tmp_path / "tep-hong.kcsync", damaged_file), "không khớp mã SHA-256"),
            (_forge(pc, request, tmp_path / "sao-chep.kcsync", copied_database), "đã được sao chép sang máy khác"),
            (tmp_path / "khong-co.kcsync", "Không tìm thấy tệp"),
        ]
        for sent, reason in cases:
            reply = tmp_path / f"tra-loi-{sent.name}"
            code, _out, err = _server_cli(server, monkeypatch, capsys, "bundle", str(sent), str(reply))
            assert code == 1, err
            assert f"Lỗi: không trả lời được tệp {sent.name}" in err and reason in err
            assert "Traceback" not in err and not reply.exists()
        with server.begin() as connection:
            users.set_disabled(connection, "lan", True)
        reply = tmp_path / "tra-loi.kcsync"
        code, _out, err = _server_cli(server, monkeypatch, capsys, "bundle", str(request), str(reply))
        assert code == 1 and "Tài khoản đã bị khóa" in err and not reply.exists()
    finally:
        pc.close()


def test_a_blocked_push_by_file_is_answered_and_waits_as_over_the_network(
    server: Engine,
    template_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A staff member's first file from a centre with approved proposals: nothing of it is applied, the
    answer still brings what changed, and the PC says why its changes wait (exit code 5)."""
    online = Installation(server, template_db, tmp_path / "o", "may-tinh", "minh", "staff", "48")
    pc = Installation(server, template_db, tmp_path / "x", "may-tt", "lan", "staff", "48")
    try:
        with online.database.transaction("minh") as session:
            make_facility(session, commune(session, "48", "phuong"), name="Cơ sở in lụa (gửi qua mạng)")
        online.client.sync()
        pc.database.close()
        demo_data.generate(pc.database.path, "48", facilities=4, proposals=6, trainees=3, seed=3)
        pc.database = pc.client.database = Database(pc.database.path)
        request, reply = tmp_path / "gui.kcsync", tmp_path / "nhan.kcsync"
        bundle.export(pc.database, request, pc.device_id)
        code, out, err = _server_cli(server, monkeypatch, capsys, "bundle", str(request), str(reply))
        assert code == 0, err
        assert "Chưa nhận thay đổi nào của máy: Dữ liệu có sẵn của Trung tâm" in out
        with server.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(Proposal.__table__)) == 0
        report = bundle.apply_answer(pc.database, reply, pc.device_id)
        assert report.blocked.startswith("Dữ liệu có sẵn của Trung tâm")
        assert report.pushed == 0 and report.rejected == 0 and report.pulled > 0
        assert _sync_code(report) == 5  # what `khuyencong sync import-bundle` exits with
        assert pc.client.waiting() > 0  # kept for the director
        with pc.database.session() as session:
            assert session.scalar(select(Facility).where(Facility.name == "Cơ sở in lụa (gửi qua mạng)"))
    finally:
        online.close()
        pc.close()


def _attach(database: Database, folder: Path, name: str, size: int) -> str:
    """An attachment of ``size`` random bytes on a new proposal of province 48 (two local transactions);
    its SHA-256."""
    proposal = new_proposal(database, f"DA-{uuid.uuid4().hex[:6]}")
    content = os.urandom(size)  # as incompressible as a scan
    source = folder / name
    source.write_bytes(content)
    with database.transaction("lan") as session:
        workspace.attach(session, database.attachments_dir, proposal, source, "bản quét")
    return hashlib.sha256(content).hexdigest()


def _round(server: Engine, pc: Installation, folder: Path) -> tuple[int, bundles.Answered, SyncReport, SyncReport]:
    """One round by file: the PC's request, the server's answer, the PC's import; with what each did."""
    request, reply = folder / "gui.kcsync", folder / "nhan.kcsync"
    exported = SyncReport()
    carried = bundle.export(pc.database, request, pc.device_id, exported)
    answered = bundles.respond(server, request, reply)
    return carried, answered, exported, bundle.apply_answer(pc.database, reply, pc.device_id)


def test_attachments_travel_over_several_files_under_a_cap(
    server: Engine, template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A province's attachments made every answer larger than a PC reads: each file now carries at most
    FILES_PER_BUNDLE bytes of them, and the rest follow in the next rounds, both ways."""
    monkeypatch.setattr(bundle, "FILES_PER_BUNDLE", 3_000)  # one 2,000-byte file a round
    sender = Installation(server, template_db, tmp_path / "a", "may-a", "lan", "staff", "48")
    receiver = Installation(server, template_db, tmp_path / "b", "may-b", "minh", "staff", "48")
    try:
        shas = {_attach(sender.database, tmp_path, f"ho-so-{n}.pdf", 2_000) for n in range(3)}
        sent: list[tuple[int, bool]] = []
        for _ in range(3):  # the PC's files: one a round, the record of the next left waiting with it
            _carried, _answered, exported, report = _round(server, sender, tmp_path)
            held = sum(1 for sha in shas if server_blobs.state(server, sender.caller, sha, "48").complete)
            sent.append((held, any("ghi tệp mới để gửi phần còn lại" in m for m in exported.messages)))
            assert report.rejected == 0
        assert sent == [(1, True), (2, True), (3, False)] and sender.client.waiting() == 0
        received: list[tuple[int, int, int]] = []
        for _ in range(3):  # the server's answers: one file each, the others listed again by the PC
            _carried, answered, _exported, report = _round(server, receiver, tmp_path)
            received.append((report.files_received, report.files_waiting, answered.files_left))
        assert received == [(1, 2, 2), (1, 1, 1), (1, 0, 0)]
        assert not blobs.missing(receiver.database)
        big = _attach(sender.database, tmp_path, "video.mp4", 4_000)
        _round(server, sender, tmp_path)  # its proposal; its record waits to head the next file
        assert sender.client.waiting() > 0
        _carried, _answered, exported, _report = _round(server, sender, tmp_path)
        assert any("quá lớn để mang bằng tệp" in m for m in exported.messages)
        assert sender.client.waiting() == 0  # it never fits: its record goes alone, nothing waits for ever
        assert not server_blobs.state(server, sender.caller, big, "48").complete
    finally:
        sender.close()
        receiver.close()


def test_an_enrolment_file_cannot_point_a_pc_at_another_server(
    server: Engine, template_db: Path, tmp_path: Path
) -> None:
    with server.begin() as connection:
        users.add(connection, "lan", "-", "staff", "48")
    shutil.copyfile(template_db, tmp_path / "may-xa.sqlite3")
    database = Database(tmp_path / "may-xa.sqlite3")
    try:
        genuine = tmp_path / "ghi-danh.kcenrol"
        bundles.enrolment(server, "lan", "may-xa", genuine)
        assert bundle.enrol(database, genuine) == "lan"  # trust on first use
        held = setting(database, account.SERVER_KEY_SETTING)
        body, _signature = bundle.read(genuine, bundle.KIND_ENROLMENT)
        other = signing.new_key()  # a file made up whole: signed with the key it carries, as a real one is
        body.update(server_key=signing.public_key(other), user="ke-gia")
        forged = tmp_path / "gia.kcenrol"
        bundle.write(forged, bundle.KIND_ENROLMENT, body, other)
        with pytest.raises(bundle.BundleRefused, match="do một máy chủ khác tạo"):
            bundle.enrol(database, forged)
        assert setting(database, account.SERVER_KEY_SETTING) == held
        assert setting(database, USER_SETTING) == "lan"
        again = tmp_path / "ghi-danh-lai.kcenrol"  # the same server may enrol it again (nothing synced yet)
        bundles.enrolment(server, "lan", "may-xa", again)
        assert bundle.enrol(database, again) == "lan"
    finally:
        database.close()


def test_a_malformed_request_is_refused_naming_what_is_wrong(
    server: Engine, template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pc = Installation(server, template_db, tmp_path / "x", "may-xa", "lan", "staff", "48")
    try:
        for name in ("Cơ sở làm nón", "Cơ sở dệt chiếu"):
            with pc.database.transaction("lan") as session:
                make_facility(session, commune(session, "48", "xa"), name=name)
        request = tmp_path / "gui.kcsync"
        assert bundle.export(pc.database, request, pc.device_id) == 2

        def first(key: str, value: object) -> Callable[[dict[str, Any]], object]:
            return lambda body: body["mutations"][0].__setitem__(key, value)

        cases: list[tuple[Callable[[dict[str, Any]], object], str]] = [
            (first("seq", "một"), "thay đổi thứ 1, trường “seq” phải là số nguyên"),
            (first("fields", "tên"), "thay đổi thứ 1, trường “fields” phải là một bảng tên–giá trị"),
            (lambda body: body["mutations"][1].pop("row_id"), "thay đổi thứ 2, trường “row_id” bị thiếu"),
            (lambda body: body.__setitem__("mutations", {"0": 1}), "thay đổi phải là một danh sách"),
            (lambda body: body["cursors"].__setitem__("48", -1), "vị trí đã nhận của tỉnh mã “48” nằm ngoài"),
            (
                lambda body: body.__setitem__("files", [{"sha256": "x", "scope": "48", "data": ""}]),
                "tệp đính kèm thứ 1, trường “sha256” không đúng dạng",
            ),
        ]
        for n, (change, said) in enumerate(cases):
            forged = _forge(pc, request, tmp_path / f"sai-{n}.kcsync", change)
            with pytest.raises(bundle.BundleRefused, match=f"không đúng cấu trúc tệp đồng bộ: {said}"):
                bundles.answer(server, forged, tmp_path / "tra-loi.kcsync")
        assert not (tmp_path / "tra-loi.kcsync").exists()
        with server.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(Facility.__table__)) == 0
        monkeypatch.setattr(bundle, "MAX_MUTATIONS", 1)
        with pytest.raises(bundle.BundleRefused, match="mang 2 thay đổi, quá 1 thay đổi một tệp"):
            bundles.answer(server, request, tmp_path / "tra-loi.kcsync")
        told: list[bool] = []
        for left in (1, 0):  # the PC's side of the cap: one change a file, the other waits for the next
            carried, answered, exported, _report = _round(server, pc, tmp_path)
            assert (carried, answered.applied, pc.client.waiting()) == (1, 1, left)
            told.append(any("Tệp mang 1 trong 2 thay đổi đang chờ" in m for m in exported.messages))
        assert told == [True, False]
    finally:
        pc.close()
